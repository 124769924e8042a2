"""A second, independent implementation of the sections "Statistics" and "Publication and suppression"
of spec/indicatoren.md (version 2), in plain Python, written from the text only (not from
modellen/statistiek.py, modellen/onderdrukking.py, modellen/bouw.py or modellen/publicatie/*.sql).
Slow, obvious, and only for tests: test_onafhankelijk_publicatie.py holds the pipeline against it.

Input: the grid of counts, one row per (indicator, gebied_type, gebied_code, periode_type, periode)
with volledig, teller and noemer; the configuration (organisation, regios in order with their
gemeenten, min_noemer, min_aantal); the indicator metadata (polariteit, doelwaarde, schaal) through
modellen.metadata. Output: the rows of intern.indicatorwaarden (every value, with onderdrukt and
reden) and of publicatie.indicatorwaarden (withheld fields NULL), as dicts by key.

Readings of the text that are not the only possible one are marked "READING:", and the two that
change figures are options of Instelling. One default departs from the letter of the text on purpose:
the pipeline withholds the total of a group whose other parts all have noemer 0 (rule 3 says to leave
such a group as it is), for the privacy rule; `totaal_als_andere_delen_nul=False` is the letter, and
test_groep_waarvan_de_andere_delen_noemer_0_hebben shows the difference.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from modellen import metadata

Z = 1.959963984540054
CHI2_998 = 9.549535706083237

TE_WEINIG = "te weinig waarnemingen"
KLEIN = "kleine aantallen"
COMPLEMENTAIR = "complementaire onderdrukking"

# "per area and period" groups of rule 3, in the order of the text (the order breaks ties)
NOSHOW = ("noshow", ("noshow_0_4", "noshow_4_18"))
VERZUIM = (
    "verzuim_per_1000",
    ("verzuim_aandeel_po", "verzuim_aandeel_vo", "verzuim_aandeel_mbo", "verzuim_aandeel_overig"),
)

VELDEN = (
    "volledig",
    "teller",
    "noemer",
    "waarde",
    "ci_onder",
    "ci_boven",
    "vergelijking",
    "oordeel",
    "norm",
    "trend",
    "onderdrukt",
    "reden",
)


@dataclass(frozen=True)
class Instelling:
    organisatie: str
    regios: tuple[tuple[str, tuple[str, ...]], ...]  # (naam, gemeenten) in configuration order
    min_noemer: int = 10
    min_aantal: int = 5
    # READING (rule 3): the text leaves "a group in which no part can be chosen (every other part has
    # noemer 0)" as it is. When the withheld member is a part, the published total then equals it
    # (its other parts are 0/0, and noemer-0 members count as published, i.e. known): True withholds
    # the total too, as in "a group of a single part" (the pipeline's documented choice, for the
    # privacy rule "nothing withheld can be recovered"); False follows the letter of the text.
    totaal_als_andere_delen_nul: bool = True
    # READING (rule 3, pass order (a)): "each group for its teller column, then its noemer column" read
    # per group (True: group 1 teller, group 1 noemer, group 2 teller, ...) or per table (False: every
    # group's teller column, then every group's noemer column).
    kolommen_per_groep: bool = True

    @classmethod
    def uit_config(cls, cfg, **kw) -> Instelling:
        return cls(
            cfg.organisatie,
            tuple((r.naam, tuple(r.gemeenten)) for r in cfg.regios),
            cfg.min_noemer,
            cfg.min_aantal,
            **kw,
        )


# -- statistics -------------------------------------------------------------------------------------


def wilson(x: int, n: int) -> tuple[float, float] | None:
    """95% Wilson score interval with the clamps of the spec; None when n = 0."""
    if n == 0:
        return None
    z2 = Z * Z
    wortel = Z * math.sqrt(z2 + 4 * x * (1 - x / n))
    l = (2 * x + z2 - wortel) / (2 * (n + z2))  # noqa: E741
    u = (2 * x + z2 + wortel) / (2 * (n + z2))
    if x == 0:
        l = 0.0  # noqa: E741
    if x == n:
        u = 1.0
    return l, u


def newcombe(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float] | None:
    """Newcombe's hybrid score interval (method 10) for p1 - p2; None when n1 = 0 or n2 = 0."""
    if n1 == 0 or n2 == 0:
        return None
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def woord_vergelijking(x1: int, n1: int, x2: int, n2: int) -> str | None:
    iv = newcombe(x1, n1, x2, n2)
    if iv is None:
        return None
    if iv[0] > 0:
        return "hoger"
    if iv[1] < 0:
        return "lager"
    return "niet duidelijk anders"


def oordeel(vergelijking: str | None, polariteit: str) -> str | None:
    if vergelijking is None:
        return None
    if polariteit == "geen":
        return "geen oordeel"
    goed = {"hoger": "beter", "lager": "slechter", "niet duidelijk anders": "niet duidelijk anders"}
    slecht = {"hoger": "slechter", "lager": "beter", "niet duidelijk anders": "niet duidelijk anders"}
    if polariteit == "hoog is goed":
        return goed[vergelijking]
    if polariteit == "laag is goed":
        return slecht[vergelijking]
    raise ValueError(polariteit)


def norm(teller: int, noemer: int, doelwaarde: float | None) -> str | None:
    if doelwaarde is None or noemer == 0:
        return None
    return "gehaald" if teller / noemer >= doelwaarde else "niet gehaald"


def trend(reeks: list[tuple[int, int]]) -> str:
    """Cochran-Armitage over five (x, n) with scores 0..4, and the leave-one-out check. The caller
    has already decided that the series is complete (else 'niet te berekenen')."""
    assert len(reeks) == 5
    t = [0, 1, 2, 3, 4]
    x = [r[0] for r in reeks]
    n = [r[1] for r in reeks]
    nn = sum(n)
    pbar = sum(x) / nn
    tt = sum(ti * (xi - ni * pbar) for ti, xi, ni in zip(t, x, n, strict=True))
    var = (
        pbar
        * (1 - pbar)
        * (
            sum(ni * ti * ti for ti, ni in zip(t, n, strict=True))
            - sum(ni * ti for ti, ni in zip(t, n, strict=True)) ** 2 / nn
        )
    )
    if var == 0:
        return "geen duidelijke trend"
    chi2 = tt * tt / var
    if chi2 > CHI2_998 and tt != 0:
        p = [xi / ni for xi, ni in zip(x, n, strict=True)]
        for weg in range(5):
            ts = [t[i] for i in range(5) if i != weg]
            ps = [p[i] for i in range(5) if i != weg]
            tm, pm = sum(ts) / 4, sum(ps) / 4
            b = sum((a - tm) * (c - pm) for a, c in zip(ts, ps, strict=True)) / sum((a - tm) ** 2 for a in ts)
            if abs(b) < 1e-12 or (b > 0) != (tt > 0):
                return "geen duidelijke trend"
        return "stijgend" if tt > 0 else "dalend"
    return "geen duidelijke trend"


def _sleutel(r: dict) -> tuple:
    return (r["indicator"], r["gebied_type"], r["gebied_code"], r["periode_type"], r["periode"])


def statistiek(grid: Iterable[dict], inst: Instelling) -> dict[tuple, dict]:
    """waarde, interval, vergelijking, oordeel, norm and trend of every row (unsuppressed)."""
    rijen = {_sleutel(r): dict(r) for r in grid}
    for k, r in rijen.items():
        ind, gtype, _, ptype, periode = k
        meta = metadata.indicator(ind)
        schaal = metadata.schaal(ind)
        x, n = r["teller"], r["noemer"]
        r["waarde"] = None if n == 0 else x / n * schaal
        iv = wilson(x, n)
        r["ci_onder"], r["ci_boven"] = (None, None) if iv is None else (iv[0] * schaal, iv[1] * schaal)
        # vergelijking: against the rest of the werkgebied of the same indicator and period
        r["vergelijking"] = None
        if gtype != "werkgebied":
            wg = rijen.get((ind, "werkgebied", inst.organisatie, ptype, periode))
            if wg is not None:
                r["vergelijking"] = woord_vergelijking(x, n, wg["teller"] - x, wg["noemer"] - n)
        r["oordeel"] = oordeel(r["vergelijking"], meta["polariteit"])
        r["norm"] = norm(x, n, metadata.doelwaarde(ind))
        # trend: jaar rows only
        r["trend"] = None
        if ptype == "jaar":
            jaar = int(periode)
            reeks = [rijen.get((ind, gtype, k[2], "jaar", str(y))) for y in range(jaar - 4, jaar + 1)]
            if all(s is not None and s["volledig"] and s["noemer"] > 0 for s in reeks):
                r["trend"] = trend([(s["teller"], s["noemer"]) for s in reeks])
            else:
                r["trend"] = "niet te berekenen"
    return rijen


# -- suppression ------------------------------------------------------------------------------------


class _Staat:
    """Per row: is its teller withheld, is its noemer withheld, and why."""

    def __init__(self, rijen: dict[tuple, dict], inst: Instelling):
        self.rijen = rijen
        self.inst = inst
        self.teller_weg: dict[tuple, bool] = {}
        self.noemer_weg: dict[tuple, bool] = {}
        self.reden: dict[tuple, str | None] = {}
        for k, r in rijen.items():
            if r["noemer"] < inst.min_noemer:  # rule 1 (noemer 0 included)
                self.teller_weg[k], self.noemer_weg[k], self.reden[k] = True, True, TE_WEINIG
            elif 1 <= r["teller"] <= inst.min_aantal - 1:  # rule 2
                self.teller_weg[k], self.noemer_weg[k], self.reden[k] = True, False, KLEIN
            else:
                self.teller_weg[k], self.noemer_weg[k], self.reden[k] = False, False, None
        self.veranderd = False
        self.gebeurd: Counter[str] = Counter()  # which branches of the rules fired (test coverage)

    def weg(self, k: tuple, kolom: str) -> bool:
        return (self.teller_weg if kolom == "teller" else self.noemer_weg)[k]

    def geheel(self, k: tuple) -> bool:
        return self.teller_weg[k] and self.noemer_weg[k]

    def houd_achter(self, k: tuple, reden: str) -> None:
        """Withhold a row entirely."""
        self.teller_weg[k] = self.noemer_weg[k] = True
        self.reden[k] = reden
        self.veranderd = True

    def groep(self, totaal: tuple, delen: list[tuple], kolom: str) -> None:
        """One check of one group in one column: repair it when exactly one member is withheld.
        `delen` is in tie-break order (lowest gebied_code, or the order of the text)."""
        leden = [k for k in [totaal, *delen] if k in self.rijen]
        if totaal not in self.rijen:
            return  # READING: a group without its total row does not exist
        delen = [k for k in delen if k in self.rijen]

        def telt_als_weg(k: tuple) -> bool:
            # a member whose noemer is 0 has nothing to protect and counts as published
            return self.rijen[k]["noemer"] > 0 and self.weg(k, kolom)

        if sum(telt_als_weg(k) for k in leden) != 1:
            return
        kandidaten = [k for k in delen if self.rijen[k]["noemer"] > 0 and not self.weg(k, kolom)]
        enig_deel = len(delen) == 1 or (self.inst.totaal_als_andere_delen_nul and not kandidaten)
        if enig_deel and not telt_als_weg(totaal) and self.rijen[totaal]["noemer"] > 0:
            # a group of a single part: the other member (the total) is withheld too
            kandidaten = [totaal]
            self.gebeurd["totaal, enig deel" if len(delen) == 1 else "totaal, andere delen noemer 0"] += 1
        if not kandidaten:
            self.gebeurd["geen deel te kiezen"] += 1
            return  # no part can be chosen: nothing in it can be recovered
        # smallest noemer; ties: the order of `delen` (min is stable: the first of equals wins)
        keuze = min(kandidaten, key=lambda k: self.rijen[k]["noemer"])
        if keuze != totaal:
            self.gebeurd[
                f"deel ({kolom})" if self.teller_weg[keuze] == self.noemer_weg[keuze] else "deel met regel 2"
            ] += 1
        self.houd_achter(keuze, COMPLEMENTAIR)


def onderdrukking(rijen: dict[tuple, dict], inst: Instelling) -> _Staat:
    staat = _Staat(rijen, inst)
    org = inst.organisatie
    tabellen = sorted({(k[0], k[3], k[4]) for k in rijen})
    gebieden = sorted({(k[0], k[1], k[2], k[3], k[4]) for k in rijen})  # every key
    gebied_periodes = sorted({(k[1], k[2], k[3], k[4]) for k in gebieden})
    alle_gemeenten = sorted(g for _, gs in inst.regios for g in gs)
    regio_namen = sorted(naam for naam, _ in inst.regios)

    def pass_() -> None:
        # (a) every table: each regio (configuration order), werkgebied over gemeenten, werkgebied
        # over regio's; each group for its teller column, then its noemer column
        # READING: "each group for its teller column, then its noemer column" is per group.
        for ind, ptype, periode in tabellen:
            groepen = []
            for naam, gemeenten in inst.regios:
                groepen.append(
                    (
                        (ind, "regio", naam, ptype, periode),
                        [(ind, "gemeente", g, ptype, periode) for g in sorted(gemeenten)],
                    )
                )
            groepen.append(
                (
                    (ind, "werkgebied", org, ptype, periode),
                    [(ind, "gemeente", g, ptype, periode) for g in alle_gemeenten],
                )
            )
            groepen.append(
                ((ind, "werkgebied", org, ptype, periode), [(ind, "regio", r, ptype, periode) for r in regio_namen])
            )
            if inst.kolommen_per_groep:
                for totaal, delen in groepen:
                    staat.groep(totaal, delen, "teller")
                    staat.groep(totaal, delen, "noemer")
            else:
                for kolom in ("teller", "noemer"):
                    for totaal, delen in groepen:
                        staat.groep(totaal, delen, kolom)
        # (b) rule 4
        regel4()
        # (c) every area and period: the no-show group (teller, noemer), then the verzuim group
        for gtype, gcode, ptype, periode in gebied_periodes:
            totaal, delen = NOSHOW
            t = (totaal, gtype, gcode, ptype, periode)
            d = [(i, gtype, gcode, ptype, periode) for i in delen]
            staat.groep(t, d, "teller")
            staat.groep(t, d, "noemer")
            totaal, delen = VERZUIM
            staat.groep(
                (totaal, gtype, gcode, ptype, periode), [(i, gtype, gcode, ptype, periode) for i in delen], "teller"
            )

    def regel4() -> None:
        for gtype, gcode, ptype, periode in gebied_periodes:
            bron = (VERZUIM[0], gtype, gcode, ptype, periode)
            if bron not in rijen or not staat.teller_weg[bron]:
                continue
            for i in VERZUIM[1]:
                k = (i, gtype, gcode, ptype, periode)
                if k in rijen and not staat.geheel(k):
                    staat.gebeurd[f"regel 4 ({staat.reden[bron]})"] += 1
                    staat.houd_achter(k, staat.reden[bron])

    while True:
        staat.veranderd = False
        pass_()
        if not staat.veranderd:
            break
    return staat


# -- both layers ------------------------------------------------------------------------------------


def bereken(
    grid: Iterable[dict], inst: Instelling, gebeurd: Counter | None = None
) -> tuple[dict[tuple, dict], dict[tuple, dict]]:
    """(intern, publicatie): the rows of both layers by key, each a dict of VELDEN. `gebeurd`, when
    given, receives which branches of the suppression rules fired."""
    rijen = statistiek(grid, inst)
    staat = onderdrukking(rijen, inst)
    if gebeurd is not None:
        gebeurd.update(staat.gebeurd)
    intern: dict[tuple, dict] = {}
    for k, r in rijen.items():
        rij = {v: r[v] for v in VELDEN if v in r}
        rij["onderdrukt"] = staat.teller_weg[k] or staat.noemer_weg[k]
        rij["reden"] = staat.reden[k]
        intern[k] = rij
    publicatie: dict[tuple, dict] = {}
    for k, r in intern.items():
        p = dict(r)
        if staat.teller_weg[k]:  # rules 1 to 4: the teller and everything computed from it
            for v in ("teller", "waarde", "ci_onder", "ci_boven", "vergelijking", "oordeel", "norm", "trend"):
                p[v] = None
        if staat.noemer_weg[k]:
            p["noemer"] = None
        ind, _, _, ptype, periode = k
        # rule 5: the werkgebied row of the table withheld -> no comparison in the table
        # READING: "withheld" is onderdrukt = true, so also a werkgebied withheld under rule 2 (its
        # teller hidden: the rest of the werkgebied would say something about it), not only one
        # withheld entirely.
        wg = (ind, "werkgebied", inst.organisatie, ptype, periode)
        if wg in intern and intern[wg]["onderdrukt"]:
            p["vergelijking"] = p["oordeel"] = None
        # rule 6: a published trend rests on five published years of the same area
        if ptype == "jaar" and p["trend"] is not None:
            jaar = int(periode)
            reeks = [(k[0], k[1], k[2], "jaar", str(y)) for y in range(jaar - 4, jaar + 1)]
            if not all(s in intern and not intern[s]["onderdrukt"] for s in reeks):
                p["trend"] = None
        publicatie[k] = p
    return intern, publicatie
