"""Suppression of small numbers (spec version 2): which published figures are withheld, and why.

The rules of "Publication and suppression", applied in one place (thresholds from the configuration,
indicator groups and linked rows from the indicator metadata):

1. noemer < min_noemer (0 included): everything withheld ("te weinig waarnemingen").
2. 1 <= teller < min_aantal: teller and what derives from it withheld, noemer published
   ("kleine aantallen"). A small complement (noemer - teller small) is not withheld.
3. Complementary suppression. A group is a total and the parts it is the exact sum of, in one column:
   per table (indicator, periode_type, periode) each regio over its gemeenten, the werkgebied over
   all gemeenten, the werkgebied over the regio's (teller and noemer); per area and period the
   indicator groups of the metadata (`delen`, `groep_kolommen`: noshow = noshow_0_4 + noshow_4_18
   in teller and noemer; the teller of verzuim_per_1000 = the tellers of the four shares). A group
   with exactly one withheld member (the total included; a member with noemer 0 counts as
   published and is never chosen) is repaired by withholding entirely the part with the smallest
   noemer whose count in that column is still published (ties: lowest gebied_code, or the first in
   the metadata's order); the total only when no other part is nonzero (a group of a single part,
   or one whose other parts all have noemer 0: then the total equals the withheld part).
4. Linked rows (metadata `noemer_is_teller_van`): when the source's teller is withheld, the row is
   withheld entirely with the source's reden (a row already withheld entirely keeps its own).
   A pass is (a) every table's groups, (b) rule 4, (c) every area and period's indicator groups;
   passes repeat until one changes nothing.
5, 6 (in the publication model): comparisons with a withheld werkgebied, and trends that rest on a
   year that is not a published row, are withheld.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

TE_WEINIG = "te weinig waarnemingen"
KLEIN = "kleine aantallen"
COMPLEMENTAIR = "complementaire onderdrukking"
KOLOMMEN = ("teller", "noemer")


@dataclass
class Cel:
    """One row's suppression state: which counts are withheld, and why."""

    indicator: str
    gebied_type: str
    gebied_code: str
    teller: int
    noemer: int
    teller_weg: bool = False
    noemer_weg: bool = False
    reden: str | None = None

    def weg(self, kolom: str) -> bool:
        return self.teller_weg if kolom == "teller" else self.noemer_weg

    def telt_als_weg(self, kolom: str) -> bool:
        """Withheld for rule 3: a member with noemer 0 has nothing to protect and counts as published."""
        return self.noemer != 0 and self.weg(kolom)

    def geheel_weg(self) -> bool:
        return self.teller_weg and self.noemer_weg

    def onderdruk_geheel(self, reden: str) -> None:
        self.teller_weg = self.noemer_weg = True
        self.reden = reden


@dataclass(frozen=True)
class Groep:
    """A total and the parts it is the exact sum of, in the given columns."""

    totaal: Cel
    delen: tuple[Cel, ...]
    kolommen: tuple[str, ...]
    # ties: lowest gebied_code (areas) or the first in the metadata's order (indicators)
    op_code: bool


def indicatorgroepen() -> list[tuple[str, list[str], list[str]]]:
    """(total, parts, columns) of every indicator group in the metadata, in the metadata's order."""
    from modellen.metadata import indicatoren

    return [(i, list(m["delen"]), list(m["groep_kolommen"])) for i, m in indicatoren().items() if m.get("delen")]


def gekoppeld() -> list[tuple[str, str]]:
    """(indicator, source) of rule 4: the indicator's noemer is the teller of the source (same area
    and period), from the metadata key `noemer_is_teller_van`."""
    from modellen.metadata import indicatoren

    return [(i, m["noemer_is_teller_van"]) for i, m in indicatoren().items() if m.get("noemer_is_teller_van")]


def _herstel(groep: Groep, kolom: str) -> bool:
    """Rule 3 for one group and one column; True when a member was withheld."""
    leden = (groep.totaal, *groep.delen)
    weg = [c for c in leden if c.telt_als_weg(kolom)]
    if len(weg) != 1:
        return False
    kandidaten = [d for d in groep.delen if d.noemer != 0 and not d.weg(kolom)]
    if kandidaten:
        if groep.op_code:
            kies = min(kandidaten, key=lambda d: (d.noemer, d.gebied_code))
        else:  # min() keeps the first of equal keys: the metadata's order
            kies = min(kandidaten, key=lambda d: d.noemer)
    elif weg[0] is not groep.totaal and groep.totaal.noemer != 0:
        # The withheld member is a part and every other part has noemer 0: the total equals that
        # part, as in a group of a single part (a regio of one gemeente), so the total is withheld
        # too. The spec says only "a group of a single part" and leaves a group whose other parts
        # all have noemer 0 as it is ("nothing in it can be recovered"); but there the published
        # total gives the part back (its other parts are 0/0), so we read the two cases as one.
        kies = groep.totaal
    else:
        return False  # the total is the withheld member and every part has noemer 0: nothing to protect
    kies.onderdruk_geheel(COMPLEMENTAIR)
    return True


def _tabelgroepen(tabel: dict[tuple[str, str], Cel], regios: list[tuple[str, list[str]]], werkgebied: str):
    """The groups of one table in the order of rule 3 (a)."""
    groepen = []

    def voeg_toe(totaal_sleutel, delen_sleutels):
        totaal = tabel.get(totaal_sleutel)
        delen = tuple(tabel[d] for d in delen_sleutels if d in tabel)
        if totaal is not None and delen:
            groepen.append(Groep(totaal, delen, KOLOMMEN, op_code=True))

    for regio, gemeenten in regios:
        voeg_toe(("regio", regio), [("gemeente", g) for g in gemeenten])
    voeg_toe(("werkgebied", werkgebied), [("gemeente", g) for _, gemeenten in regios for g in gemeenten])
    voeg_toe(("werkgebied", werkgebied), [("regio", r) for r, _ in regios])
    return groepen


def onderdruk(
    rijen: Iterable[dict],
    regios: list[tuple[str, list[str]]],
    werkgebied: str,
    min_noemer: int,
    min_aantal: int,
    groepen: list[tuple[str, list[str], list[str]]] | None = None,
    koppelingen: list[tuple[str, str]] | None = None,
) -> dict[tuple, tuple[bool, str | None]]:
    """Decide suppression for every row.

    `rijen` are dicts with indicator, gebied_type, gebied_code, periode_type, periode, teller,
    noemer. `groepen` (indicator groups) and `koppelingen` (rule 4) default to the metadata.
    Returns {(indicator, gebied_type, gebied_code, periode_type, periode): (onderdrukt, reden)};
    reden "kleine aantallen" means only the teller side is withheld.
    """
    groepen = indicatorgroepen() if groepen is None else groepen
    koppelingen = gekoppeld() if koppelingen is None else koppelingen

    cellen: dict[tuple, Cel] = {}
    tabellen: dict[tuple, dict[tuple[str, str], Cel]] = defaultdict(dict)
    per_gebied: dict[tuple, dict[str, Cel]] = defaultdict(dict)
    for r in rijen:
        cel = Cel(r["indicator"], r["gebied_type"], r["gebied_code"], int(r["teller"]), int(r["noemer"]))
        if cel.noemer < min_noemer:
            cel.onderdruk_geheel(TE_WEINIG)
        elif 1 <= cel.teller < min_aantal:
            cel.teller_weg = True
            cel.reden = KLEIN
        cellen[(r["indicator"], r["gebied_type"], r["gebied_code"], r["periode_type"], r["periode"])] = cel
        tabellen[(r["indicator"], r["periode_type"], r["periode"])][(r["gebied_type"], r["gebied_code"])] = cel
        per_gebied[(r["gebied_type"], r["gebied_code"], r["periode_type"], r["periode"])][r["indicator"]] = cel

    # (a) tables: order within a table matters, between tables it does not
    fase_a = [g for sleutel in sorted(tabellen) for g in _tabelgroepen(tabellen[sleutel], regios, werkgebied)]
    # (b) linked rows: (row, source)
    fase_b = [
        (rij[indicator], rij[bron])
        for rij in per_gebied.values()
        for indicator, bron in koppelingen
        if indicator in rij and bron in rij
    ]
    # (c) indicator groups per area and period, in the metadata's order
    fase_c = []
    for sleutel in sorted(per_gebied):
        rij = per_gebied[sleutel]
        for totaal, delen, kolommen in groepen:
            aanwezig = tuple(rij[d] for d in delen if d in rij)
            if totaal in rij and aanwezig:
                fase_c.append(Groep(rij[totaal], aanwezig, tuple(k for k in KOLOMMEN if k in kolommen), op_code=False))

    while True:
        veranderd = False
        for groep in fase_a:
            for kolom in groep.kolommen:
                veranderd |= _herstel(groep, kolom)
        for cel, bron in fase_b:
            if bron.teller_weg and not cel.geheel_weg():
                cel.onderdruk_geheel(bron.reden or KLEIN)
                veranderd = True
        for groep in fase_c:
            for kolom in groep.kolommen:
                veranderd |= _herstel(groep, kolom)
        if not veranderd:
            break

    return {
        sleutel: (cel.teller_weg or cel.noemer_weg, cel.reden if (cel.teller_weg or cel.noemer_weg) else None)
        for sleutel, cel in cellen.items()
    }
