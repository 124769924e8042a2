"""Maps of the werkgebied as plain SVG: the locator map in a factsheet's header and the choropleth
maps of the overview. SVG works in both formats (inline in HTML, `image(bytes(...))` in typst), needs
no script and no network, and costs one string per map.

Boundaries: bronnen/referentie/gemeenten_2025.geojson (CBS / Kadaster via PDOK, CC-BY 4.0,
simplified by cartomap/nl); its attribution (BRON) goes with every map.
"""

from __future__ import annotations

import html
import json
import math
from functools import cache

from bronnen.referentie import REFERENTIE

BRON = "Kaart: CBS / Kadaster (PDOK), CC-BY 4.0"
GEOJSON = REFERENTIE / "gemeenten_2025.geojson"
RAND = "#ffffff"
LEEG = "#e4e4e4"
EIGEN = "#0072B2"
ONDERDRUKT = "onderdrukt"  # fill key of a gemeente whose figure is withheld: hatched


@cache
def _vormen() -> dict[str, list[list[tuple[float, float]]]]:
    """Every gemeente's rings (lon, lat), by CBS code."""
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    vormen: dict[str, list[list[tuple[float, float]]]] = {}
    for f in data["features"]:
        geo = f["geometry"]
        polygonen = [geo["coordinates"]] if geo["type"] == "Polygon" else geo["coordinates"]
        vormen[f["properties"]["statcode"]] = [[(x, y) for x, y in ring] for poly in polygonen for ring in poly]
    return vormen


@cache
def _paden(codes: tuple[str, ...], breedte: int, hoogte: int) -> tuple[dict[str, str], int]:
    """SVG path data per gemeente, projected into a box of `breedte` wide (equirectangular with
    the cosine of the middle latitude); returns the paths and the height actually used."""
    vormen = {c: _vormen()[c] for c in codes if c in _vormen()}
    if not vormen:
        return {}, hoogte
    punten = [p for ringen in vormen.values() for ring in ringen for p in ring]
    x0, x1 = min(p[0] for p in punten), max(p[0] for p in punten)
    y0, y1 = min(p[1] for p in punten), max(p[1] for p in punten)
    k = math.cos(math.radians((y0 + y1) / 2))
    schaal = min((breedte - 4) / ((x1 - x0) * k or 1), (hoogte - 4) / ((y1 - y0) or 1))
    h = min(hoogte, round((y1 - y0) * schaal + 4))
    paden = {}
    for code, ringen in vormen.items():
        delen = []
        for ring in ringen:
            xy = [(2 + (x - x0) * k * schaal, 2 + (y1 - y) * schaal) for x, y in ring]
            delen.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        paden[code] = "".join(delen)
    return paden, h


def locator(codes: list[str], eigen: str, namen: dict[str, str], breedte: int = 150, hoogte: int = 120) -> str:
    """The werkgebied with this gemeente filled in (for the header)."""
    paden, h = _paden(tuple(codes), breedte, hoogte)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{h}" viewBox="0 0 {breedte} {h}" '
        f'role="img" aria-label="Ligging van {html.escape(namen.get(eigen, eigen))} in het werkgebied">'
    ]
    for code, d in paden.items():
        kleur = EIGEN if code == eigen else LEEG
        delen.append(
            f'<path d="{d}" fill="{kleur}" stroke="{RAND}" stroke-width="0.8">'
            f"<title>{html.escape(namen.get(code, code))}</title></path>"
        )
    delen.append("</svg>")
    return "".join(delen)


def choropleet(
    codes: list[str],
    kleuren: dict[str, str],
    titels: dict[str, str],
    legenda: list[tuple[str, str]],
    breedte: int = 300,
    hoogte: int = 260,
    alt: str = "Kaart van het werkgebied",
) -> str:
    """A choropleth map: each gemeente in its class colour (or hatched when withheld), a legend
    of (colour, label) pairs below, and the attribution."""
    paden, h = _paden(tuple(codes), breedte, hoogte)
    regel = 15
    totaal = h + 6 + regel * (len(legenda) + 1) + 4
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{totaal}" '
        f'viewBox="0 0 {breedte} {totaal}" font-family="DejaVu Sans, Arial, sans-serif" role="img" '
        f'aria-label="{html.escape(alt)}">',
        '<defs><pattern id="gearceerd" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/></pattern></defs>',
    ]
    for code, d in paden.items():
        kleur = kleuren.get(code, LEEG)
        vul = "url(#gearceerd)" if kleur == ONDERDRUKT else kleur
        delen.append(
            f'<path d="{d}" fill="{vul}" stroke="{RAND}" stroke-width="1">'
            f"<title>{html.escape(titels.get(code, code))}</title></path>"
        )
    y = h + 6
    for kleur, label in legenda:
        vul = "url(#gearceerd)" if kleur == ONDERDRUKT else kleur
        delen.append(
            f'<rect x="2" y="{y}" width="14" height="11" fill="{vul}" stroke="#999" stroke-width="0.5"/>'
            f'<text x="21" y="{y + 9.5}" font-size="11" fill="#222">{html.escape(label)}</text>'
        )
        y += regel
    delen.append(f'<text x="2" y="{y + 9}" font-size="9" fill="#666">{html.escape(BRON)}</text>')
    delen.append("</svg>")
    return "".join(delen)
