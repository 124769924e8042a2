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

Beyond the spec: rule 3 looks at one group at a time, but groups cross (gemeenten x verzuim
shares, x no-show bands, x regio and werkgebied), and a withheld count can follow from several
groups together. After the passes, `_audit` solves every period's identities together and withholds
one more member wherever a withheld count is still exactly determined; then the passes run again.
On data where rule 3 alone leaves nothing recoverable the result is the spec's (so on the demo).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from threadpoolctl import ThreadpoolController

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


def _passen(fase_a: list[Groep], fase_b: list[tuple[Cel, Cel]], fase_c: list[Groep]) -> None:
    """The spec's passes (a) tables, (b) rule 4, (c) indicator groups, until one changes nothing."""
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
            return


def terug_te_rekenen(groepen: list[Groep], koppelingen: list[tuple[Cel, Cel]]) -> list[tuple[Cel, str]]:
    """Withheld counts that the published counts give back exactly, through all identities together.

    The unknowns are the withheld counts (a linked row's noemer is known when its source's teller
    is published: it is that teller). Every group gives one linear equation per column, every link
    one more. A count is determined when every solution of the system has the same value for it,
    i.e. when its coordinate is zero in every vector of the null space (computed by SVD). Counts of
    a row with noemer 0 have nothing to protect and are not reported.
    """
    bron_van = {id(c): b for c, b in koppelingen}
    onbekend: dict[tuple[int, str], int] = {}
    cel_van: dict[int, Cel] = {}

    def term(cel: Cel, kolom: str) -> int | None:
        if not cel.weg(kolom):
            return None
        bron = bron_van.get(id(cel))
        if kolom == "noemer" and bron is not None and not bron.teller_weg:
            return None
        cel_van[id(cel)] = cel
        return onbekend.setdefault((id(cel), kolom), len(onbekend))

    vergelijkingen: list[dict[int, int]] = []
    for groep in groepen:
        for kolom in groep.kolommen:
            rij: dict[int, int] = defaultdict(int)
            for coef, cel in [(1, groep.totaal)] + [(-1, d) for d in groep.delen]:
                i = term(cel, kolom)
                if i is not None:
                    rij[i] += coef
            vergelijkingen.append(rij)
    for cel, bron in koppelingen:
        rij = defaultdict(int)
        for coef, i in ((1, term(cel, "noemer")), (-1, term(bron, "teller"))):
            if i is not None:
                rij[i] += coef
        vergelijkingen.append(rij)
    vergelijkingen = [v for v in vergelijkingen if any(v.values())]
    if not vergelijkingen:
        return []
    a = np.zeros((len(vergelijkingen), len(onbekend)))
    for r, v in enumerate(vergelijkingen):
        for i, coef in v.items():
            a[r, i] = coef
    with _blas().limit(limits=1, user_api="blas"):
        _, s, vt = np.linalg.svd(a)
    rang = int((s > max(a.shape) * np.finfo(float).eps * s[0]).sum()) if s.size else 0
    kern = vt[rang:]
    uit = []
    for (cid, kolom), i in onbekend.items():
        if (kern.shape[0] == 0 or np.all(np.abs(kern[:, i]) < 1e-9)) and cel_van[cid].noemer != 0:
            uit.append((cel_van[cid], kolom))
    return uit


@cache
def _blas() -> ThreadpoolController:
    """The BLAS library's thread pool. These matrices are small: with a thread per core OpenBLAS
    spends its time spinning, and next to another busy process (a second run, a second pytest
    worker) the audit became twenty times slower. One thread is the fastest here."""
    return ThreadpoolController()


def _audit(groepen: list[Groep], koppelingen: list[tuple[Cel, Cel]]) -> bool:
    """Close what the identities of one period give away together; True when anything changed.

    The spec's rule 3 looks at one group at a time. Where groups cross (areas by no-show bands or
    by verzuim shares, gemeenten by regio and werkgebied), a withheld count can still follow from
    several groups together, like a cell of a two-way table whose row and column sums are known:
    e.g. the cycle GM01/GM03 x mbo/overig gives its own sum, and the overig column then gives
    GM04's overig back. For such a count one more member is withheld entirely, chosen as in rule
    3 (the part with the smallest noemer still published in that column, in the first group that
    has one; a total only when no part can be chosen), until nothing is determined. Withholding
    more never makes a count determined, so this ends.
    """
    veranderd = False
    while True:
        lekken = terug_te_rekenen(groepen, koppelingen)
        if not lekken:
            return veranderd
        cel, kolom = lekken[0]
        kies = None
        for groep in groepen:
            if kolom not in groep.kolommen or not (groep.totaal is cel or any(d is cel for d in groep.delen)):
                continue
            kandidaten = [d for d in groep.delen if d is not cel and d.noemer != 0 and not d.weg(kolom)]
            if kandidaten:
                sleutel = (lambda d: (d.noemer, d.gebied_code)) if groep.op_code else (lambda d: d.noemer)
                kies = min(kandidaten, key=sleutel)
                break
        if kies is None:
            for groep in groepen:
                if kolom in groep.kolommen and any(d is cel for d in groep.delen):
                    t = groep.totaal
                    if t.noemer != 0 and not t.weg(kolom):
                        kies = t
                        break
        if kies is None:  # cannot happen with consistent counts; stop rather than loop
            return veranderd
        kies.onderdruk_geheel(COMPLEMENTAIR)
        veranderd = True


def onderdruk(
    rijen: Iterable[dict],
    regios: list[tuple[str, list[str]]],
    werkgebied: str,
    min_noemer: int,
    min_aantal: int,
    groepen: list[tuple[str, list[str], list[str]]] | None = None,
    koppelingen: list[tuple[str, str]] | None = None,
    controleer_totaal: bool = True,
) -> dict[tuple, tuple[bool, str | None]]:
    """Decide suppression for every row.

    `rijen` are dicts with indicator, gebied_type, gebied_code, periode_type, periode, teller,
    noemer. `groepen` (indicator groups) and `koppelingen` (rule 4) default to the metadata.
    `controleer_totaal`: after the spec's passes, audit every period's identities together and close
    what they still give away (see `_audit`); False gives the spec's rules alone.
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
    fase_a = [
        (sleutel[1:], g) for sleutel in sorted(tabellen) for g in _tabelgroepen(tabellen[sleutel], regios, werkgebied)
    ]
    # (b) linked rows: (row, source)
    fase_b = [
        (sleutel[2:], rij[indicator], rij[bron])
        for sleutel, rij in per_gebied.items()
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
                kol = tuple(k for k in KOLOMMEN if k in kolommen)
                fase_c.append((sleutel[2:], Groep(rij[totaal], aanwezig, kol, op_code=False)))

    # the audit works per period: every identity of one period, of every indicator, together
    per_periode: dict[tuple, tuple[list[Groep], list[tuple[Cel, Cel]]]] = defaultdict(lambda: ([], []))
    for periode, groep in fase_a + fase_c:
        per_periode[periode][0].append(groep)
    for periode, cel, bron in fase_b:
        per_periode[periode][1].append((cel, bron))

    while True:
        _passen([g for _, g in fase_a], [(c, b) for _, c, b in fase_b], [g for _, g in fase_c])
        if not controleer_totaal or not any([_audit(*per_periode[p]) for p in sorted(per_periode)]):
            break

    return {
        sleutel: (cel.teller_weg or cel.noemer_weg, cel.reden if (cel.teller_weg or cel.noemer_weg) else None)
        for sleutel, cel in cellen.items()
    }
