"""A second, independent implementation of the indicator definitions of spec/indicatoren.md (version 2),
in plain Python, written from the text (not from the metadata files or the SQL). Slow, obvious, and
only for tests: test_referentie.py holds the SQL against it on a generated export.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

K = {"01", "20", "22", "35", "37", "38", "39", "40", "41"}

BEREIK = {  # id: (van jaren, van dagen, tot jaren)
    "bereik_zuigelingen": (0, 14, 1),
    "bereik_peuters": (1, 0, 4),
    "bereik_5_6_jaar": (5, 0, 7),
    "bereik_10_11_jaar": (10, 0, 12),
    "bereik_13_14_jaar": (13, 0, 15),
}
DKTP, BMR = {"D", "K", "T", "P"}, {"B", "M", "R"}
# id: (sets [(components, n, n_laat, min_leeftijd, booster)], A, sex, cohort vanaf, cohort tot)
SETS_2J = {
    "vaccinatie_dktp_2j": [(DKTP, 3, 3, 0, None)],
    "vaccinatie_hib_2j": [({"Hib"}, 3, 1, 0, None)],
    "vaccinatie_hepb_2j": [({"HepB"}, 3, 3, 0, None)],
    "vaccinatie_pneu_2j": [({"Pneu"}, 3, 2, 0, None)],
    "vaccinatie_bmr1_2j": [(BMR, 1, 1, 1, None)],
    "vaccinatie_menc_2j": [({"MenC"}, 1, 1, 1, None)],
}
VACCINATIE = {
    "vaccinatie_dktp_2j": (SETS_2J["vaccinatie_dktp_2j"], 2, None, None, None),
    "vaccinatie_hib_2j": (SETS_2J["vaccinatie_hib_2j"], 2, None, None, None),
    "vaccinatie_hepb_2j": (SETS_2J["vaccinatie_hepb_2j"], 2, None, 2012, None),
    "vaccinatie_pneu_2j": (SETS_2J["vaccinatie_pneu_2j"], 2, None, None, None),
    "vaccinatie_bmr1_2j": (SETS_2J["vaccinatie_bmr1_2j"], 2, None, None, None),
    "vaccinatie_menc_2j": (SETS_2J["vaccinatie_menc_2j"], 2, None, None, None),
    "vaccinatie_volledig_2j": ([s for v in SETS_2J.values() for s in v], 2, None, 2012, None),
    "vaccinatie_dktp_5j": ([(DKTP, 4, 3, 0, 3)], 5, None, None, 2020),
    "vaccinatie_dtp_10j": ([({"D", "T", "P"}, 5, 4, 0, 8)], 10, None, None, None),
    "vaccinatie_bmr2_10j": ([(BMR, 2, 2, 1, None)], 10, None, None, None),
    "vaccinatie_hpv_meisjes_11j": ([({"HPV"}, 2, 2, 0, None)], 11, "2", 2012, None),
    "vaccinatie_hpv_jongens_11j": ([({"HPV"}, 2, 2, 0, None)], 11, "1", 2012, None),
    "vaccinatie_menacwy_15j": ([({"MenACWY"}, 1, 1, 12, None)], 15, None, 2004, None),
}
PO, VO, MBO = {"01", "15"}, {"02", "03", "04", "05", "06", "07", "08", "10", "11", "16", "18"}, {"09", "12"}
VERZUIM = [
    "verzuim_per_1000",
    "verzuim_volledig_deelnemen",
    "verzuim_aandeel_po",
    "verzuim_aandeel_vo",
    "verzuim_aandeel_mbo",
    "verzuim_aandeel_overig",
]
ANDERE = [*BEREIK, "noshow", "noshow_0_4", "noshow_4_18", "nieuwkomers_aandeel", "nieuwkomers_in_beeld"]


def plus_maanden(d: date, n: int) -> date:
    m = d.month - 1 + n
    jaar, maand = d.year + m // 12, m % 12 + 1
    return date(jaar, maand, min(d.day, calendar.monthrange(jaar, maand)[1]))


def plus_jaar(d: date, n: int) -> date:
    return plus_maanden(d, 12 * n)


@dataclass
class Kind:
    geslacht: str | None
    gb: date
    overlijden: date | None
    vestiging: date | None
    vertrek: date | None
    adressen: list = field(default_factory=list)
    scholen: list = field(default_factory=list)
    activiteiten: list = field(default_factory=list)
    vaccinaties: list = field(default_factory=list)

    def in_nederland(self, d: date) -> bool:
        if self.gb > d or (self.overlijden is not None and self.overlijden <= d):
            return False
        v = self.vestiging if self.vestiging is not None and self.vestiging <= d else None
        w = self.vertrek if self.vertrek is not None and self.vertrek <= d else None
        if v is not None or w is not None:
            if v is None:
                return False
            return w is None or v > w  # same date: the vertrek wins
        if self.vestiging is None:
            return True
        # neither on or before d: not yet arrived when the earlier of the two is a vestiging
        return not (self.vertrek is None or self.vestiging <= self.vertrek)

    def woongemeente(self, d: date) -> str | None:
        geldig = [a for a in self.adressen if (a[2] or self.gb) <= d and (a[3] is None or a[3] > d)]
        brp = [a for a in geldig if a[1] == "01"]
        kandidaten = brp or geldig
        if not kandidaten:
            return None
        return max(kandidaten, key=lambda a: (a[2] or self.gb, a[0]))[4]

    def school(self, d: date) -> str | None:
        """Soort onderwijs on d; None for no school and for a school without a valid soort."""
        geldig = [s for s in self.scholen if (s[2] or self.gb) <= d and (s[3] is None or s[3] > d)]
        if not geldig:
            return None
        return max(geldig, key=lambda s: (s[2] or self.gb, s[0]))[1]


def lees(con: duckdb.DuckDBPyConnection) -> dict[str, Kind]:
    kinderen = {
        r[0]: Kind(*r[1:])
        for r in con.execute(
            "select kind_id, geslacht, geboortedatum, datum_overlijden, datum_vestiging, datum_vertrek "
            "from intern.kinderen"
        ).fetchall()
    }
    for r in con.execute(
        "select kind_id, instantie, soort_adres, startdatum, einddatum, gemeente_code from intern.adressen"
    ).fetchall():
        kinderen[r[0]].adressen.append(r[1:])
    for r in con.execute(
        "select kind_id, instantie, soort_onderwijs, startdatum, einddatum from intern.scholen"
    ).fetchall():
        kinderen[r[0]].scholen.append(r[1:])
    for r in con.execute(
        "select kind_id, datum, soort, uitkomst, indicaties, schoolverzuim, advies_deelname from intern.activiteiten"
    ).fetchall():
        kinderen[r[0]].activiteiten.append(r[1:])
    for r in con.execute("select kind_id, datum, vaccinsoort, bezwaar from intern.vaccinaties").fetchall():
        kinderen[r[0]].vaccinaties.append(r[1:])
    return kinderen


def periodes(aanmaak: date) -> list[tuple[str, str, date, date, bool]]:
    """(type, periode, begin, last day L (the aanmaakdatum when running), volledig)."""
    uit = []
    j = aanmaak.year
    for y in range(j - 10, j + 1):
        einde = date(y, 12, 31)
        uit.append(("jaar", str(y), date(y, 1, 1), min(einde, aanmaak), einde <= aanmaak))
    for y in range(j - 2, j + 1):
        for q in range(1, 5):
            begin = date(y, 3 * q - 2, 1)
            if begin <= aanmaak:
                einde = plus_maanden(begin, 3) - timedelta(days=1)
                uit.append(("kwartaal", f"{y}-Q{q}", begin, min(einde, aanmaak), einde <= aanmaak))
        for m in range(1, 13):
            begin = date(y, m, 1)
            if begin <= aanmaak:
                einde = plus_maanden(begin, 1) - timedelta(days=1)
                uit.append(("maand", f"{y}-{m:02d}", begin, min(einde, aanmaak), einde <= aanmaak))
    return uit


def bereken(
    kinderen: dict[str, Kind], gemeenten: set[str], aanmaak: date, vaccins: dict[str, set[str]]
) -> dict[tuple[str, str, str, str], tuple[int, int, bool]]:
    """Every (indicator, gemeente, periode_type, periode) that exists, with (teller, noemer, volledig)."""
    telling: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    pers = periodes(aanmaak)

    def tel(ind, gem, p, teller):
        if gem in gemeenten:
            c = telling[(ind, gem, p[0], p[1])]
            c[0] += int(teller)
            c[1] += 1

    def gerealiseerd_contact(kind, van, tot_excl=None, tot_incl=None):
        return any(
            a[1] in K
            and a[2] == "01"
            and a[0] >= van
            and (tot_excl is None or a[0] < tot_excl)
            and (tot_incl is None or a[0] <= tot_incl)
            for a in kind.activiteiten
        )

    for kind in kinderen.values():
        # bereik
        for ind, (vj, vd, tj) in BEREIK.items():
            van, tot = plus_jaar(kind.gb, vj) + timedelta(days=vd), plus_jaar(kind.gb, tj)
            r = tot - timedelta(days=1)
            if r > aanmaak or not kind.in_nederland(r):
                continue
            gem = kind.woongemeente(r)
            for p in pers:
                if p[2] <= r <= p[3]:
                    tel(ind, gem, p, gerealiseerd_contact(kind, van, tot_excl=tot))
        # no-show
        for a in kind.activiteiten:
            if a[1] not in K or a[2] not in {"01", "02", "03", "04", "05", "06"}:
                continue
            gem = kind.woongemeente(a[0])
            for ind, (v, t) in {"noshow": (0, 18), "noshow_0_4": (0, 4), "noshow_4_18": (4, 18)}.items():
                if plus_jaar(kind.gb, v) <= a[0] < plus_jaar(kind.gb, t):
                    for p in pers:
                        if p[2] <= a[0] <= p[3]:
                            tel(ind, gem, p, a[2] == "02")
        # periods: verzuim and nieuwkomers
        consulten = sorted(
            a for a in kind.activiteiten if a[1] in K and a[2] == "01" and ("48" in (a[3] or []) or a[4] is not None)
        )
        for p in pers:
            L = p[3]
            if not (kind.gb <= L < plus_jaar(kind.gb, 18)) or not kind.in_nederland(L):
                continue
            gem = kind.woongemeente(L)
            nieuw = kind.vestiging is not None and plus_maanden(L, -24) < kind.vestiging <= L
            tel("nieuwkomers_aandeel", gem, p, nieuw)
            if nieuw and kind.vestiging <= L - timedelta(days=90):
                tel("nieuwkomers_in_beeld", gem, p, gerealiseerd_contact(kind, kind.vestiging, tot_incl=L))
            if L >= plus_jaar(kind.gb, 4):
                in_p = [c for c in consulten if p[2] <= c[0] <= L]
                tel("verzuim_per_1000", gem, p, bool(in_p))
                if in_p:
                    soort = kind.school(in_p[0][0])
                    aandeel = "po" if soort in PO else "vo" if soort in VO else "mbo" if soort in MBO else "overig"
                    for a in ("po", "vo", "mbo", "overig"):
                        tel(f"verzuim_aandeel_{a}", gem, p, a == aandeel)
        for c in consulten:
            if c[5] is not None:
                for p in pers:
                    if p[2] <= c[0] <= p[3]:
                        tel("verzuim_volledig_deelnemen", kind.woongemeente(c[0]), p, c[5] == "01")
        # vaccinatiegraad
        for ind, (sets, a_, sex, vanaf, tot) in VACCINATIE.items():
            y = kind.gb.year + a_ + 1
            if not (aanmaak.year - 10 <= y <= aanmaak.year):
                continue
            if (vanaf and kind.gb.year < vanaf) or (tot and kind.gb.year > tot) or (sex and kind.geslacht != sex):
                continue
            r = date(y, 1, 1)
            if not kind.in_nederland(r):
                continue
            compleet = True
            for comp, n, n_laat, min_l, booster in sets:
                datums = sorted(
                    {
                        v[0]
                        for v in kind.vaccinaties
                        if v[2] is None
                        and comp <= vaccins[v[1]]
                        and plus_jaar(kind.gb, min_l) <= v[0] < plus_jaar(kind.gb, a_)
                    }
                )
                nodig = n_laat if datums and datums[0] >= plus_jaar(kind.gb, 1) else n
                ok = len(datums) >= nodig and (booster is None or datums[-1] >= plus_jaar(kind.gb, booster))
                compleet &= ok
            p = ("jaar", str(y))
            tel(ind, kind.woongemeente(r), p, compleet)

    # the startjaar: first year with a gerealiseerd verzuimconsult counted for the werkgebied
    jaren = [
        a[0].year
        for kind in kinderen.values()
        for a in kind.activiteiten
        if a[1] in K
        and a[2] == "01"
        and ("48" in (a[3] or []) or a[4] is not None)
        and kind.woongemeente(a[0]) in gemeenten
    ]
    startjaar = min(jaren) if jaren else None

    # the grid: every applicable period, zeros where nothing was counted
    uit = {}
    for p in pers:
        for ind in ANDERE + (VERZUIM if startjaar is not None and p[2] >= date(startjaar, 1, 1) else []):
            for g in gemeenten:
                t, n = telling.get((ind, g, p[0], p[1]), (0, 0))
                uit[(ind, g, p[0], p[1])] = (t, n, p[4])
        if p[0] == "jaar":
            y = int(p[1])
            for ind, (_, a_, _, vanaf, tot) in VACCINATIE.items():
                c = y - a_ - 1
                if (vanaf is None or c >= vanaf) and (tot is None or c <= tot):
                    for g in gemeenten:
                        t, n = telling.get((ind, g, "jaar", p[1]), (0, 0))
                        uit[(ind, g, "jaar", p[1])] = (t, n, aanmaak >= plus_maanden(date(y, 1, 1), 3))
    return uit
