"""Suppression of small numbers: which published figures are withheld, and why.

The rules of the spec, applied in one place (the thresholds come from the configuration):

1. noemer < min_noemer (0 included): everything withheld ("te weinig waarnemingen").
2. 1 <= teller < min_aantal: teller, waarde and the rest withheld, noemer published
   ("kleine aantallen"). A small complement (noemer - teller small) is not withheld.
3. Complementary suppression per table (indicator, periode_type, periode), groups in this order:
   each regio (configuration order) over its gemeenten, werkgebied over gemeenten, werkgebied over
   regio's; within a group the teller column, then the noemer column. When the total's count is
   published and exactly one part's count is withheld, the part with the smallest noemer among
   the other parts (ties: lowest gebied_code) is withheld entirely ("complementaire
   onderdrukking"). Full passes repeat until a pass changes nothing.
4. verzuim_aandeel_po/_vo/_mbo have as noemer the teller of verzuim_per_1000 (same area and
   period): when that teller is withheld, those rows are withheld entirely with the same reden.
   Rules 3 and 4 repeat together until rule 4 changes nothing.
5. (in the publication model) when the werkgebied row of a table is withheld, vergelijking and
   oordeel of every row of that table are withheld too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

TE_WEINIG = "te weinig waarnemingen"
KLEIN = "kleine aantallen"
COMPLEMENTAIR = "complementaire onderdrukking"

GEKOPPELD = {
    "verzuim_aandeel_po": "verzuim_per_1000",
    "verzuim_aandeel_vo": "verzuim_per_1000",
    "verzuim_aandeel_mbo": "verzuim_per_1000",
}


@dataclass
class Cel:
    """One row's suppression state. `geheel`: everything withheld; otherwise `teller_weg` means
    teller (and what derives from it) withheld with the noemer published."""

    gebied_type: str
    gebied_code: str
    teller: int
    noemer: int
    geheel: bool = False
    teller_weg: bool = False
    reden: str | None = None

    def telling_weg(self, kolom: str) -> bool:
        return self.geheel or (kolom == "teller" and self.teller_weg)

    def onderdruk_geheel(self, reden: str) -> None:
        self.geheel = True
        self.teller_weg = True
        self.reden = reden


Sleutel = tuple[str, str, str]  # (indicator, periode_type, periode)


def _groepen(
    regios: list[tuple[str, list[str]]], werkgebied: str
) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    """(total, parts) per group, in the order of rule 3; areas as (gebied_type, gebied_code)."""
    groepen = []
    for regio, gemeenten in regios:
        groepen.append((("regio", regio), [("gemeente", g) for g in gemeenten]))
    alle = [("gemeente", g) for _, gemeenten in regios for g in gemeenten]
    groepen.append((("werkgebied", werkgebied), alle))
    groepen.append((("werkgebied", werkgebied), [("regio", r) for r, _ in regios]))
    return groepen


def _regel_3(tabel: dict[tuple[str, str], Cel], groepen) -> bool:
    """Complementary suppression on one table to its stable result; True when anything changed."""
    veranderd_ooit = False
    while True:
        veranderd = False
        for totaal_sleutel, delen_sleutels in groepen:
            totaal = tabel.get(totaal_sleutel)
            delen = [tabel[d] for d in delen_sleutels if d in tabel]
            if totaal is None or not delen:
                continue
            for kolom in ("teller", "noemer"):
                if totaal.telling_weg(kolom):
                    continue
                weg = [d for d in delen if d.telling_weg(kolom)]
                if len(weg) != 1:
                    continue
                anderen = [d for d in delen if d is not weg[0]]
                if anderen:
                    kies = min(anderen, key=lambda d: (d.noemer, d.gebied_code))
                else:  # a group of one part: the total would give the part away
                    kies = totaal
                kies.onderdruk_geheel(COMPLEMENTAIR)
                veranderd = True
        if not veranderd:
            return veranderd_ooit
        veranderd_ooit = True


def onderdruk(
    rijen: list[dict],
    regios: list[tuple[str, list[str]]],
    werkgebied: str,
    min_noemer: int,
    min_aantal: int,
) -> dict[tuple, tuple[bool, str | None]]:
    """Decide suppression for every row.

    `rijen` are dicts with indicator, gebied_type, gebied_code, periode_type, periode, teller,
    noemer. Returns {(indicator, gebied_type, gebied_code, periode_type, periode): (onderdrukt,
    reden)}; reden "kleine aantallen" means only the teller side is withheld.
    """
    tabellen: dict[Sleutel, dict[tuple[str, str], Cel]] = defaultdict(dict)
    for r in rijen:
        cel = Cel(r["gebied_type"], r["gebied_code"], int(r["teller"]), int(r["noemer"]))
        if cel.noemer < min_noemer:
            cel.onderdruk_geheel(TE_WEINIG)
        elif 1 <= cel.teller < min_aantal:
            cel.teller_weg = True
            cel.reden = KLEIN
        tabellen[(r["indicator"], r["periode_type"], r["periode"])][(cel.gebied_type, cel.gebied_code)] = cel

    groepen = _groepen(regios, werkgebied)
    te_doen = set(tabellen)
    while True:
        for sleutel in sorted(te_doen):
            _regel_3(tabellen[sleutel], groepen)
        # rule 4: linked rows follow the teller of their source table
        geraakt: set[Sleutel] = set()
        for (indicator, ptype, periode), tabel in tabellen.items():
            bron = GEKOPPELD.get(indicator)
            if bron is None:
                continue
            brontabel = tabellen.get((bron, ptype, periode), {})
            for gebied, cel in tabel.items():
                broncel = brontabel.get(gebied)
                if broncel is None or cel.geheel or not broncel.telling_weg("teller"):
                    continue
                cel.onderdruk_geheel(broncel.reden or KLEIN)
                geraakt.add((indicator, ptype, periode))
        if not geraakt:
            break
        te_doen = geraakt

    uit = {}
    for (indicator, ptype, periode), tabel in tabellen.items():
        for (gtype, gcode), cel in tabel.items():
            onderdrukt = cel.geheel or cel.teller_weg
            uit[(indicator, gtype, gcode, ptype, periode)] = (
                onderdrukt,
                cel.reden if onderdrukt else None,
            )
    return uit
