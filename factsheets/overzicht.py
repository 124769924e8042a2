"""The organisation's overview page `uitvoer/factsheets/{periode}/index.html`: per regio a table of
its gemeenten against the key indicators, a choropleth map of the werkgebied per key indicator,
links to every factsheet, the gemeenten whose factsheet failed, and the date of the data.

One self-contained HTML file: inline CSS and inline SVG, no script, nothing fetched. Figures come
only from the publication layer (through `gegevens.laad`); configuration text is escaped.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass
from pathlib import Path

from factsheets import kaart, opmaak
from factsheets import teksten as tk
from factsheets.gegevens import Gegevens, Rij, laad
from factsheets.inhoud import html_tekst, kerncijfers, kort

# sequential, colour-blind safe (light to dark blue), five classes
KLASSEN = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]


@dataclass
class Regel:
    """One gemeente in the overview."""

    code: str
    naam: str
    regio: str
    links: list[tuple[str, str]]  # (label, relative href)
    fout: str | None
    rijen: dict[str, Rij | None]


def _klassen(waarden: list[float]) -> list[float]:
    """Class bounds: five equal steps from the lowest to the highest published value."""
    laag, hoog = min(waarden), max(waarden)
    stap = (hoog - laag) / len(KLASSEN) or 1.0
    return [laag + stap * k for k in range(1, len(KLASSEN))]


def _klasse(w: float, grenzen: list[float]) -> int:
    return sum(w > g for g in grenzen)


def _legenda(waarden: list[float], eenheid: str) -> list[tuple[str, str]]:
    """(colour, label) of every class that holds a value. A label never goes past the highest
    published value: with every gemeente at 100% the one class once read "100,0% – 200,0%"."""
    grenzen = _klassen(waarden)
    laag, hoog = min(waarden), max(waarden)
    randen = [laag, *grenzen, hoog]
    uit = []
    for k, kleur in enumerate(KLASSEN):
        if any(_klasse(w, grenzen) == k for w in waarden):
            van, tot = randen[k], min(randen[k + 1], hoog)
            tekst = opmaak.waarde(van, eenheid)
            uit.append((kleur, tekst if van == tot else f"{tekst} – {opmaak.waarde(tot, eenheid)}"))
    return uit


def _cel(rij: Rij | None, m: dict, g: Gegevens) -> str:
    if rij is None:
        return '<td class="leeg">geen cijfer</td>'
    if rij.onderdrukt:
        return f'<td class="leeg">{opmaak.STREEP} <small>{html_tekst(tk.reden_tekst(rij.reden or "", g))}</small></td>'
    waarde = opmaak.waarde(rij.waarde, m["eenheid"])
    vorm, kleur = tk.symbool(rij)
    woord = tk.vergelijking_kort(rij)
    oordeel = tk.oordeel_woord(rij, m["polariteit"])
    verg = ""
    if woord != opmaak.STREEP:
        verg = (
            f'<br><span class="verg" style="color:{kleur}"><span aria-hidden="true">{vorm}</span> '
            f"{html_tekst(woord)}{' (' + oordeel + ')' if oordeel else ''}</span>"
        )
    return f'<td><span class="waarde">{waarde}</span>{verg}</td>'


def kaart_van(indicator: str, regels: list[Regel], g: Gegevens, codes: list[str]) -> str:
    """A choropleth map of one key indicator over the werkgebied (withheld gemeenten hatched)."""
    m = g.meta[indicator]
    gepubliceerd = {
        r.code: r.rijen[indicator].waarde
        for r in regels
        if r.rijen.get(indicator) is not None
        and not r.rijen[indicator].onderdrukt
        and r.rijen[indicator].waarde is not None
    }
    kleuren: dict[str, str] = {}
    titels: dict[str, str] = {}
    legenda: list[tuple[str, str]] = []
    if gepubliceerd:
        grenzen = _klassen(list(gepubliceerd.values()))
        legenda = _legenda(list(gepubliceerd.values()), m["eenheid"])
    for r in regels:
        rij = r.rijen.get(indicator)
        if r.code in gepubliceerd:
            kleuren[r.code] = KLASSEN[_klasse(gepubliceerd[r.code], grenzen)]
            titels[r.code] = f"{r.naam}: {opmaak.waarde(gepubliceerd[r.code], m['eenheid'])}"
        elif rij is not None and rij.onderdrukt:
            kleuren[r.code] = kaart.ONDERDRUKT
            titels[r.code] = f"{r.naam}: niet getoond ({tk.reden_tekst(rij.reden or '', g)})"
        else:
            titels[r.code] = f"{r.naam}: geen cijfer"
    if any(k == kaart.ONDERDRUKT for k in kleuren.values()):
        legenda.append((kaart.ONDERDRUKT, "niet getoond"))
    if len(kleuren) < len(regels):
        legenda.append((kaart.LEEG, "geen cijfer voor deze periode"))
    alt = f"Kaart van {m['titel']} per gemeente; de cijfers staan in de tabellen hierboven."
    return kaart.choropleet(codes, kleuren, titels, legenda, alt=alt)


def overzicht_html(
    database: Path, periode: str, regels_in: list[tuple[str, str, str, list[tuple[str, str]], str | None]]
) -> str:
    """The overview page. `regels_in`: (code, naam, regio, links, fout) per gemeente in
    configuration order."""
    regels: list[Regel] = []
    g0: Gegevens | None = None
    for code, naam, regio, links, fout in regels_in:
        try:
            g = laad(database, code, periode)
        except Exception:  # noqa: BLE001 - a gemeente the data does not know: shown without figures
            regels.append(Regel(code, naam, regio, links, fout or "geen gegevens", {}))
            continue
        g0 = g0 or g
        regels.append(Regel(code, naam, regio, links, fout, {i: g.rij(i) for i in kerncijfers(g.thema)}))
    if g0 is None:
        raise ValueError(f"Geen enkele gemeente met gegevens in {database}.")
    g = g0
    indicatoren = [i for i in kerncijfers(g.thema) if i in g.meta]
    codes = [c for c, _, _ in g.gebieden]

    def titel_van(i: str) -> str:
        m = g.meta[i]
        p = g.periode_van(i) or periode
        return f"Vaccinatie {m['titel']} (1 januari {p})" if m["thema"] == "vaccinatie" else kort(m)

    delen = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Factsheets {html_tekst(opmaak.periode(periode))} – {html_tekst(g.organisatie)}</title>",
        f"<style>{CSS}</style>",
        "</head><body>",
        f'<p class="organisatie">{html_tekst(g.organisatie)}</p>',
        f"<h1>Factsheets jeugdgezondheid {html_tekst(opmaak.periode(periode))}</h1>",
        f'<p class="onder">Gegevens tot en met {opmaak.datum(g.aanmaakdatum)} · '
        f"{len(regels)} gemeenten in {len({r.regio for r in regels})} regio's</p>",
    ]
    mislukt = [r for r in regels if r.fout]
    if mislukt:
        delen.append(
            '<p class="fout"><strong>Niet gelukt:</strong> '
            + ", ".join(f"{html_tekst(r.naam)} ({html_tekst(r.code)})" for r in mislukt)
            + ". Zie de run in Dagster.</p>"
        )
    delen.append(
        '<p class="uitleg">Per cijfer: de waarde en de vergelijking met de rest van het werkgebied: '
        '<span style="color:#0072B2">▲/▼ gunstig</span>, <span style="color:#D55E00">▲/▼ ongunstig</span>, '
        '<span style="color:#8c8c8c">● niet duidelijk anders</span>, <span style="color:#6a3d9a">▲/▼ '
        "zonder oordeel</span> (bij een cijfer zonder goede richting). Een streepje (–) is niet getoond "
        f"(minder dan {g.min_noemer} in de noemer of een teller onder {g.min_aantal}, of afgeschermd).</p>"
    )
    for regio in dict.fromkeys(r.regio for r in regels):
        delen.append(f'<h2>{html_tekst(regio)}</h2><div class="tabel"><table><thead><tr><th>Gemeente</th>')
        delen += [f"<th>{html_tekst(titel_van(i))}</th>" for i in indicatoren]
        delen.append("<th>Factsheet</th></tr></thead><tbody>")
        for r in regels:
            if r.regio != regio:
                continue
            delen.append(f'<tr><th scope="row">{html_tekst(r.naam)}</th>')
            for i in indicatoren:
                delen.append(_cel(r.rijen.get(i), g.meta[i], g) if r.rijen else '<td class="leeg">–</td>')
            if r.fout:
                delen.append('<td class="fout">niet gelukt</td>')
            elif not r.links:
                delen.append('<td class="leeg">niet in deze run</td>')
            else:
                delen.append(
                    "<td>"
                    + " · ".join(f'<a href="{_html.escape(href, quote=True)}">{lbl}</a>' for lbl, href in r.links)
                    + "</td>"
                )
            delen.append("</tr>")
        delen.append("</tbody></table></div>")
    delen.append('<h2>Kaarten van het werkgebied</h2><div class="kaarten">')
    for i in indicatoren:
        delen.append(
            f'<figure class="kaart"><figcaption>{html_tekst(titel_van(i))}</figcaption>'
            f"{kaart_van(i, regels, g, codes)}</figure>"
        )
    delen.append("</div>")
    delen.append(
        f'<p class="bron">Bron: digitaal dossier JGZ, export van {opmaak.datum(g.aanmaakdatum)}. '
        f"{html_tekst(kaart.BRON)}, vereenvoudigd door cartomap/nl.</p>"
    )
    delen.append("</body></html>")
    return "\n".join(delen) + "\n"


CSS = (
    "body{font-family:'DejaVu Sans','Segoe UI',Arial,sans-serif;max-width:1400px;margin:1.5rem auto;"
    "padding:0 1.5rem;color:#222;font-size:15px}"
    "h1{color:#0072B2;margin:.1rem 0}h2{color:#0072B2;border-bottom:2px solid #0072B2;margin-top:2rem}"
    ".organisatie,.onder{color:#555;margin:.2rem 0}.fout{color:#a00000}.uitleg,.bron{font-size:.85rem;color:#444}"
    ".tabel{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}"
    "th,td{border-bottom:1px solid #d9d9d9;padding:.35rem .5rem;text-align:left;vertical-align:top}"
    "thead th{background:#f3f6f9;font-size:.82rem}.waarde{font-weight:bold}.verg{font-size:.8rem;font-weight:bold}"
    "td.leeg{color:#666}.kaarten{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem}"
    "figure.kaart{margin:0;border:1px solid #e3e3e3;border-radius:6px;padding:.5rem}"
    "figure.kaart figcaption{font-weight:bold;margin-bottom:.3rem}"
    "figure.kaart svg{width:100%;height:auto}"
    "@media print{.kaarten{grid-template-columns:repeat(2,1fr)}figure,tr{break-inside:avoid}}"
)
