"""The pipeline's statistics and suppression against a second, independent implementation of the spec
(tests/modellen/onafhankelijk_publicatie.py): every row and every field of intern.indicatorwaarden and
publicatie.indicatorwaarden, on a generated export with small gemeenten and on hand-made grids."""

from __future__ import annotations

import dataclasses
import math
import random
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bronnen.config import Regio, laad_config
from bronnen.export import open_export
from bronnen.genereer import Instellingen, genereer
from bronnen.inlezen import controleer, schrijf
from modellen.bouw import bouw_intern, bouw_publicatie
from tests.modellen import onafhankelijk_publicatie as ref

ROOT = Path(__file__).resolve().parents[2]
SLEUTEL = ("indicator", "gebied_type", "gebied_code", "periode_type", "periode")
FLOATS = {"waarde", "ci_onder", "ci_boven"}


def _lees(con: duckdb.DuckDBPyConnection, tabel: str) -> dict[tuple, dict]:
    kolommen = [*SLEUTEL, *ref.VELDEN]
    rijen = con.execute(f"select {', '.join(kolommen)} from {tabel}").fetchall()
    uit = {}
    for r in rijen:
        d = dict(zip(kolommen, r, strict=True))
        k = tuple(d.pop(s) for s in SLEUTEL)
        assert k not in uit, f"dubbele rij {k} in {tabel}"
        uit[k] = d
    return uit


def _gelijk(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def verschillen(pijplijn: dict[tuple, dict], referentie: dict[tuple, dict]) -> list:
    uit: list = [("ontbreekt in de pijplijn", k) for k in referentie.keys() - pijplijn.keys()]
    uit += [("extra in de pijplijn", k) for k in pijplijn.keys() - referentie.keys()]
    for k in sorted(referentie.keys() & pijplijn.keys()):
        for v in ref.VELDEN:
            if not _gelijk(pijplijn[k][v], referentie[k][v]):
                uit.append((k, v, pijplijn[k][v], referentie[k][v]))
    return uit


def vergelijk(con: duckdb.DuckDBPyConnection, inst: ref.Instelling) -> tuple[dict, dict]:
    """Both layers of the pipeline (already built in `con`) against the reference on the same grid."""
    intern = _lees(con, "intern.indicatorwaarden")
    publicatie = _lees(con, "publicatie.indicatorwaarden")
    grid = [
        {**dict(zip(SLEUTEL, k, strict=True)), "volledig": r["volledig"], "teller": r["teller"], "noemer": r["noemer"]}
        for k, r in intern.items()
    ]
    ref_intern, ref_publicatie = ref.bereken(grid, inst)
    v = verschillen(intern, ref_intern)
    assert v == [], f"intern: {len(v)} verschillen, de eerste: {v[:12]}"
    v = verschillen(publicatie, ref_publicatie)
    assert v == [], f"publicatie: {len(v)} verschillen, de eerste: {v[:12]}"
    return ref_intern, ref_publicatie


# -- the pipeline on a hand-made grid ---------------------------------------------------------------


def pijplijn(grid: list[dict], cfg) -> duckdb.DuckDBPyConnection:
    """Run the pipeline's statistics, suppression and publication on a grid of counts."""
    import polars as pl

    from modellen.bouw import onderdrukking, statistieken

    df = pl.DataFrame(
        grid,
        schema={
            "indicator": pl.String,
            "gebied_type": pl.String,
            "gebied_code": pl.String,
            "periode_type": pl.String,
            "periode": pl.String,
            "volledig": pl.Boolean,
            "teller": pl.Int64,
            "noemer": pl.Int64,
        },
    ).sort(list(SLEUTEL))
    waarden = onderdrukking(statistieken(df), cfg)
    con = duckdb.connect()
    con.execute("create schema intern")
    con.register("_w", waarden)
    con.execute("create table intern.indicatorwaarden as select * from _w")
    con.unregister("_w")
    bouw_publicatie(con)
    return con


# -- a generated export -----------------------------------------------------------------------------


def _config(min_noemer: int, min_aantal: int):
    """Two regios of small gemeenten, one of them a single gemeente; the generator's other gemeenten
    lie outside the werkgebied (their children count for no area)."""
    cfg = laad_config(ROOT / "jgz.toml")
    return dataclasses.replace(
        cfg,
        regios=(
            Regio("Waarden", "regiomanager", ("GM0482", "GM0523", "GM0505")),
            Regio("Eiland", "regiomanager", ("GM0610",)),
        ),
        min_noemer=min_noemer,
        min_aantal=min_aantal,
    )


def sommen(rijen: dict[tuple, dict], cfg) -> list:
    """The identities that rule 3 rests on, in the grid: each regio the sum of its gemeenten, the
    werkgebied the sum of all gemeenten and of the regio's (teller and noemer); noshow the sum of its
    bands; the teller of verzuim_per_1000 the sum of the four shares' tellers and their noemer."""
    fout = []
    tabellen = {(k[0], k[3], k[4]) for k in rijen}

    def som(tabel: tuple, gtype: str, codes) -> tuple[int, int]:
        leden = [rijen[(tabel[0], gtype, c, *tabel[1:])] for c in codes]
        return sum(r["teller"] for r in leden), sum(r["noemer"] for r in leden)

    for tabel in tabellen:
        for r in cfg.regios:
            if som(tabel, "regio", [r.naam]) != som(tabel, "gemeente", r.gemeenten):
                fout.append((*tabel, r.naam))
        wg = som(tabel, "werkgebied", [cfg.organisatie])
        if wg != som(tabel, "gemeente", cfg.gemeenten) or wg != som(tabel, "regio", [r.naam for r in cfg.regios]):
            fout.append((*tabel, cfg.organisatie))
    for k, r in rijen.items():
        if k[0] == "noshow":
            a, b = (rijen[(i, *k[1:])] for i in ref.NOSHOW[1])
            if (r["teller"], r["noemer"]) != (a["teller"] + b["teller"], a["noemer"] + b["noemer"]):
                fout.append(k)
        if k[0] == "verzuim_per_1000":
            delen = [rijen[(i, *k[1:])] for i in ref.VERZUIM[1]]
            if r["teller"] != sum(d["teller"] for d in delen) or {d["noemer"] for d in delen} != {r["teller"]}:
                fout.append(k)
    return fout


def onveilige_groepen(intern: dict[tuple, dict], publicatie: dict[tuple, dict], cfg) -> list:
    """The property of rule 3, read from what is published (a NULL count is withheld; a member whose
    noemer is 0 counts as published): no group has exactly one withheld member in a column, except a
    group in which no part could be chosen (every part other than the withheld one has noemer 0)."""
    fout = []

    def controleer(totaal: tuple, delen: list[tuple], kolom: str) -> None:
        leden = [k for k in (totaal, *delen) if k in intern]
        weg = [k for k in leden if intern[k]["noemer"] > 0 and publicatie[k][kolom] is None]
        if len(weg) == 1 and any(intern[d]["noemer"] > 0 for d in delen if d in intern and d != weg[0]):
            fout.append((weg[0], kolom))

    for ind, ptype, periode in {(k[0], k[3], k[4]) for k in intern}:

        def sleutel(gtype: str, code: str, ind=ind, ptype=ptype, periode=periode) -> tuple:
            return (ind, gtype, code, ptype, periode)

        wg = sleutel("werkgebied", cfg.organisatie)
        groepen = [(sleutel("regio", r.naam), [sleutel("gemeente", g) for g in r.gemeenten]) for r in cfg.regios]
        groepen.append((wg, [sleutel("gemeente", g) for g in cfg.gemeenten]))
        groepen.append((wg, [sleutel("regio", r.naam) for r in cfg.regios]))
        for totaal, delen in groepen:
            for kolom in ("teller", "noemer"):
                controleer(totaal, delen, kolom)
    for k in intern:
        if k[0] == ref.NOSHOW[0]:
            for kolom in ("teller", "noemer"):
                controleer(k, [(i, *k[1:]) for i in ref.NOSHOW[1]], kolom)
        if k[0] == ref.VERZUIM[0]:
            controleer(k, [(i, *k[1:]) for i in ref.VERZUIM[1]], "teller")
    return fout


def dekking(intern: dict, publicatie: dict, org: str) -> dict[str, int]:
    """How many rows exercise each rule (so that the comparison is not empty)."""
    tel: dict[str, int] = {}

    def plus(naam: str, ja: bool = True) -> None:
        tel[naam] = tel.get(naam, 0) + int(ja)

    for k, r in intern.items():
        p = publicatie[k]
        plus(f"reden {r['reden']}")
        plus(f"trend {r['trend']}", r["trend"] is not None)
        plus(f"vergelijking {r['vergelijking']}", r["vergelijking"] is not None)
        plus(f"norm {r['norm']}", r["norm"] is not None)
        plus("regel 5", not r["onderdrukt"] and r["vergelijking"] is not None and p["vergelijking"] is None)
        plus("regel 6", not r["onderdrukt"] and r["trend"] is not None and p["trend"] is None)
        plus("eiland complementair", k[2] in ("Eiland", "GM0610") and r["reden"] == ref.COMPLEMENTAIR)
        plus("noshow complementair", k[0].startswith("noshow") and r["reden"] == ref.COMPLEMENTAIR)
        plus("verzuim complementair", k[0].startswith("verzuim_aandeel") and r["reden"] == ref.COMPLEMENTAIR)
        plus("werkgebied onderdrukt", k[2] == org and r["onderdrukt"])
    return tel


@pytest.mark.traag  # about 20 s each: generating and reading an export
@pytest.mark.parametrize(
    ("kinderen", "seed", "aanmaakdatum", "min_noemer", "min_aantal"),
    [
        (3000, 7, date(2025, 2, 3), 10, 5),
        (2500, 31, date(2024, 8, 20), 20, 8),
    ],
)
def test_pijplijn_gelijk_aan_de_onafhankelijke_implementatie(
    tmp_path, kinderen, seed, aanmaakdatum, min_noemer, min_aantal
):
    cfg = _config(min_noemer, min_aantal)
    genereer(tmp_path / "e", Instellingen(kinderen=kinderen, seed=seed, aanmaakdatum=aanmaakdatum))
    con = duckdb.connect()
    with open_export(tmp_path / "e") as e:
        schrijf(con, controleer(con, e), b"k" * 32)
    bouw_intern(con, cfg, aanmaakdatum)
    bouw_publicatie(con)
    intern, publicatie = vergelijk(con, ref.Instelling.uit_config(cfg))
    assert sommen(intern, cfg) == []
    assert onveilige_groepen(intern, publicatie, cfg) == []
    tel = dekking(intern, publicatie, cfg.organisatie)
    # the comparison is not empty: every rule and every outcome that this export can show is there
    for naam in (
        "reden None",
        "reden te weinig waarnemingen",
        "reden kleine aantallen",
        "reden complementaire onderdrukking",
        "trend niet te berekenen",
        "trend geen duidelijke trend",
        "trend dalend",
        "vergelijking hoger",
        "vergelijking lager",
        "vergelijking niet duidelijk anders",
        "norm gehaald",
        "norm niet gehaald",
        "regel 5",
        "regel 6",
        "eiland complementair",
        "noshow complementair",
        "verzuim complementair",
        "werkgebied onderdrukt",
    ):
        assert tel.get(naam, 0) > 0, (naam, tel)


def tabel(indicator: str, periode: str, per_gemeente: dict, cfg, ptype: str = "jaar", volledig: bool = True):
    """The rows of one table: every gemeente of `per_gemeente` {code: (teller, noemer)}, each regio
    the sum of its gemeenten, the werkgebied the sum of all."""
    rijen = []

    def rij(gtype: str, code: str, x: int, n: int) -> dict:
        return dict(
            indicator=indicator,
            gebied_type=gtype,
            gebied_code=code,
            periode_type=ptype,
            periode=periode,
            volledig=volledig,
            teller=x,
            noemer=n,
        )

    for r in cfg.regios:
        for g in r.gemeenten:
            rijen.append(rij("gemeente", g, *per_gemeente[g]))
        rijen.append(
            rij(
                "regio",
                r.naam,
                sum(per_gemeente[g][0] for g in r.gemeenten),
                sum(per_gemeente[g][1] for g in r.gemeenten),
            )
        )
    rijen.append(
        rij(
            "werkgebied",
            cfg.organisatie,
            sum(per_gemeente[g][0] for g in cfg.gemeenten),
            sum(per_gemeente[g][1] for g in cfg.gemeenten),
        )
    )
    return rijen


def beide(grid: list[dict], cfg, gebeurd: Counter | None = None, **lezing) -> tuple[dict, dict]:
    """The pipeline on a hand-made grid, held against the reference; returns the pipeline's layers."""
    con = pijplijn(grid, cfg)
    intern = _lees(con, "intern.indicatorwaarden")
    publicatie = _lees(con, "publicatie.indicatorwaarden")
    ref_intern, ref_publicatie = ref.bereken(grid, ref.Instelling.uit_config(cfg, **lezing), gebeurd)
    v = verschillen(intern, ref_intern)
    assert v == [], f"intern: {len(v)} verschillen, de eerste: {v[:12]}"
    v = verschillen(publicatie, ref_publicatie)
    assert v == [], f"publicatie: {len(v)} verschillen, de eerste: {v[:12]}"
    return intern, publicatie


# -- random grids -----------------------------------------------------------------------------------

GEMEENTEN = ["GM0482", "GM0505", "GM0531", "GM0590", "GM0610", "GM0642", "GM0512", "GM0523", "GM1963", "GM1978"]
JAREN = range(2015, 2025)
PERIODEN = [("jaar", str(j)) for j in JAREN] + [("kwartaal", f"2024-Q{q}") for q in range(1, 5)]


def willekeurig(rng: random.Random):
    """A random configuration (1 to 3 regios, single-gemeente regios included, other thresholds) and a
    random grid of exact sums: three plain indicators, the no-show group and the verzuim group (from
    a random startjaar), with many small counts and noemers of 0."""
    gemeenten = rng.sample(GEMEENTEN, rng.randint(2, 7))
    aantal = rng.randint(1, min(3, len(gemeenten)))
    grenzen = [0, *sorted(rng.sample(range(1, len(gemeenten)), aantal - 1)), len(gemeenten)]
    namen = rng.sample(["Zuid", "Noord", "Alpha", "eiland", "Oost"], aantal)
    cfg = dataclasses.replace(
        laad_config(ROOT / "jgz.toml"),
        regios=tuple(
            Regio(n, "r", tuple(gemeenten[a:b])) for n, a, b in zip(namen, grenzen, grenzen[1:], strict=False)
        ),
        min_noemer=rng.choice([10, 10, 5, 20]),
        min_aantal=rng.choice([5, 5, 3, 10]),
    )
    schaal = rng.choice([3, 10, 40, 200])
    grid: list[dict] = []

    def noemer() -> int:
        return rng.choice([0, 0, rng.randint(0, 12), rng.randint(0, schaal), rng.randint(0, 5 * schaal)])

    def xn(n: int, p: float) -> tuple[int, int]:
        return sum(rng.random() < p for _ in range(n)), n

    def voeg_toe(indicator: str, waarden: dict[tuple[str, str], dict[str, tuple[int, int]]]) -> None:
        for (ptype, periode), per_gemeente in waarden.items():
            volledig = not (periode == "2024" and rng.random() < 0.3) and periode != "2024-Q4"
            grid.extend(tabel(indicator, periode, per_gemeente, cfg, ptype, volledig))

    for indicator, laag, hoog in (
        ("vaccinatie_dktp_2j", 0.8, 1.0),
        ("bereik_peuters", 0, 1),
        ("nieuwkomers_aandeel", 0, 0.2),
    ):
        basis, helling = rng.uniform(laag, hoog), rng.choice([0, 0.02, -0.03, 0.1])
        noemers = {g: noemer() for g in cfg.gemeenten}
        waarden = {}
        for ptype, periode in PERIODEN:
            p = min(1, max(0, basis + helling * (int(periode[:4]) - 2015)))
            waarden[(ptype, periode)] = {
                g: xn(max(0, noemers[g] + rng.randint(-2, 2)), rng.choice([p, p, 1.0, 0.0])) for g in cfg.gemeenten
            }
        voeg_toe(indicator, waarden)
    jong = {k: {g: xn(noemer(), rng.uniform(0, 0.3)) for g in cfg.gemeenten} for k in PERIODEN}
    oud = {k: {g: xn(noemer(), rng.uniform(0, 0.3)) for g in cfg.gemeenten} for k in PERIODEN}
    voeg_toe("noshow_0_4", jong)
    voeg_toe("noshow_4_18", oud)
    voeg_toe(
        "noshow",
        {k: {g: (jong[k][g][0] + oud[k][g][0], jong[k][g][1] + oud[k][g][1]) for g in cfg.gemeenten} for k in jong},
    )
    startjaar = rng.choice([2015, 2018, 2021])
    totaal: dict = {}
    delen: dict = {i: {} for i in ref.VERZUIM[1]}
    for k in [k for k in PERIODEN if int(k[1][:4]) >= startjaar]:
        totaal[k] = {}
        for i in delen:
            delen[i][k] = {}
        for g in cfg.gemeenten:
            x, n = xn(noemer() * 3, 0.05)
            totaal[k][g] = (x, n)
            rest = x
            for j, i in enumerate(ref.VERZUIM[1]):
                d = rest if j == 3 else rng.randint(0, rest)
                rest -= d
                delen[i][k][g] = (d, x)
    voeg_toe("verzuim_per_1000", totaal)
    for i, waarden in delen.items():
        voeg_toe(i, waarden)
    return cfg, grid


@pytest.mark.traag  # about 25 s
def test_willekeurige_tabellen():
    """Random grids through the pipeline (statistics, suppression, publication) and the reference."""
    gebeurd: Counter = Counter()
    trends: Counter = Counter()
    for seed in range(24):
        cfg, grid = willekeurig(random.Random(seed))
        intern, publicatie = beide(grid, cfg, gebeurd)
        trends.update(r["trend"] for r in intern.values())
        assert onveilige_groepen(intern, publicatie, cfg) == [], seed
    # every branch of the rules fired somewhere
    assert {
        "deel (teller)",
        "deel (noemer)",
        "deel met regel 2",
        "geen deel te kiezen",
        "totaal, enig deel",
        "totaal, andere delen noemer 0",
        "regel 4 (complementaire onderdrukking)",
        "regel 4 (kleine aantallen)",
    } <= set(gebeurd), gebeurd
    assert {"stijgend", "dalend", "geen duidelijke trend", "niet te berekenen"} <= set(trends), trends


# -- hand-made grids where the rules interact -------------------------------------------------------
# Configuration of _config(10, 5): regio Waarden = GM0482, GM0523, GM0505; regio Eiland = GM0610 alone.

WAARDEN, EILAND = "Waarden", "Eiland"


def _status(rijen: dict, indicator: str, periode: str = "2024", ptype: str = "jaar") -> dict[str, str | None]:
    """{gebied_code: reden} of one table (None: published)."""
    return {k[2]: r["reden"] for k, r in rijen.items() if k[0] == indicator and k[3] == ptype and k[4] == periode}


def test_complementair_in_meerdere_groepen_tegelijk():
    cfg = _config(10, 5)
    grid = tabel(
        "bereik_peuters",
        "2024",
        {
            "GM0482": (3, 20),  # rule 2: teller withheld, noemer published
            "GM0505": (50, 100),
            "GM0523": (30, 40),  # smallest published teller in Waarden: complement in the teller column
            "GM0610": (12, 15),
        },
        cfg,
    )
    intern, publicatie = beide(grid, cfg)
    org = cfg.organisatie
    # Waarden, teller column: only GM0482 withheld -> GM0523 (noemer 40 < 100) withheld entirely;
    # Waarden, noemer column: now only GM0523 withheld -> among the parts whose noemer is published,
    # GM0482 (20, withheld under rule 2) has the smallest noemer: withheld entirely, reden replaced
    assert _status(intern, "bereik_peuters") == {
        "GM0482": ref.COMPLEMENTAIR,
        "GM0523": ref.COMPLEMENTAIR,
        "GM0505": None,
        "GM0610": None,
        WAARDEN: None,
        EILAND: None,
        org: None,
    }
    k = ("bereik_peuters", "gemeente", "GM0482", "jaar", "2024")
    assert publicatie[k]["noemer"] is None and publicatie[k]["teller"] is None and intern[k]["noemer"] == 20
    # the property check sees a leak when the complement is taken away again
    assert onveilige_groepen(intern, publicatie, cfg) == []
    lek = dict(publicatie)
    k523 = ("bereik_peuters", "gemeente", "GM0523", "jaar", "2024")
    lek[k523] = {**publicatie[k523], "teller": 30, "noemer": 40}
    assert (k, "teller") in onveilige_groepen(intern, lek, cfg)


def test_noshowgroep_over_tabellen_en_een_regio_van_een_gemeente():
    cfg = _config(10, 5)
    jong = {"GM0482": (10, 50), "GM0505": (20, 100), "GM0523": (8, 40), "GM0610": (3, 20)}
    oud = {"GM0482": (12, 60), "GM0505": (25, 120), "GM0523": (9, 45), "GM0610": (30, 60)}
    totaal = {g: (jong[g][0] + oud[g][0], jong[g][1] + oud[g][1]) for g in jong}
    grid = [
        *tabel("noshow_0_4", "2024", jong, cfg),
        *tabel("noshow_4_18", "2024", oud, cfg),
        *tabel("noshow", "2024", totaal, cfg),
    ]
    intern, publicatie = beide(grid, cfg)
    org = cfg.organisatie
    # noshow_0_4: GM0610 and Eiland 3/20 (rule 2). Werkgebied over gemeenten, teller: only GM0610 ->
    # GM0523 (40); noemer: only GM0523 -> GM0610 (20, rule 2, noemer published). Werkgebied over
    # regio's, teller: only Eiland -> Waarden; noemer: only Waarden -> Eiland (rule 2, noemer published).
    # Then each no-show group with one withheld band: the other band (GM0523, GM0610, Waarden, Eiland).
    # The totals stay published: both of their bands are withheld.
    verwacht = {g: None for g in ("GM0482", "GM0505", org)} | {
        g: ref.COMPLEMENTAIR for g in ("GM0523", "GM0610", WAARDEN, EILAND)
    }
    assert _status(intern, "noshow_0_4") == verwacht
    assert _status(intern, "noshow_4_18") == verwacht
    assert set(_status(intern, "noshow").values()) == {None}
    assert publicatie[("noshow", "regio", EILAND, "jaar", "2024")]["noemer"] == 80


def test_verzuimgroep_en_gekoppelde_rijen():
    cfg = _config(10, 5)
    per_1000 = {"GM0482": (0, 5), "GM0505": (60, 1000), "GM0523": (30, 600), "GM0610": (40, 400)}
    aandelen = {  # po, vo, mbo, overig: they add up to the teller of verzuim_per_1000
        "GM0482": (0, 0, 0, 0),
        "GM0505": (20, 20, 10, 10),
        "GM0523": (10, 10, 5, 5),
        "GM0610": (10, 10, 10, 10),
    }
    grid = tabel("verzuim_per_1000", "2024", per_1000, cfg)
    for j, i in enumerate(ref.VERZUIM[1]):
        grid += tabel(i, "2024", {g: (aandelen[g][j], per_1000[g][0]) for g in per_1000}, cfg)
    gebeurd: Counter = Counter()
    intern, publicatie = beide(grid, cfg, gebeurd)
    # verzuim_per_1000: GM0482 0/5 (rule 1) is the only withheld member of Waarden -> GM0523 (600).
    assert _status(intern, "verzuim_per_1000") == {
        "GM0482": ref.TE_WEINIG,
        "GM0523": ref.COMPLEMENTAIR,
        "GM0505": None,
        "GM0610": None,
        WAARDEN: None,
        EILAND: None,
        cfg.organisatie: None,
    }
    for i in ref.VERZUIM[1]:
        # rule 4: GM0523's teller is withheld, so its four shares (10/30, 10/30, 5/30, 5/30) go too,
        # with its reden; GM0482's shares (noemer 0) keep their own reden and count as published in
        # their tables, so GM0523 is then the only withheld gemeente there -> GM0505 (rule 3)
        assert _status(intern, i) == {
            "GM0482": ref.TE_WEINIG,
            "GM0523": ref.COMPLEMENTAIR,
            "GM0505": ref.COMPLEMENTAIR,
            "GM0610": None,
            WAARDEN: None,
            EILAND: None,
            cfg.organisatie: None,
        }, i
        assert publicatie[(i, "gemeente", "GM0523", "jaar", "2024")]["noemer"] is None
    assert gebeurd["regel 4 (complementaire onderdrukking)"] == 4


def test_gekoppelde_rij_met_kleine_aantallen_verliest_ook_haar_noemer():
    # min_noemer 5, min_aantal 10: a teller of 7 is withheld (rule 2) and the shares' noemer 7 is not
    # below min_noemer; rule 4 withholds the shares entirely "with the same reden"
    cfg = _config(5, 10)
    per_1000 = {"GM0482": (7, 300), "GM0505": (40, 1000), "GM0523": (30, 600), "GM0610": (40, 400)}
    aandelen = {
        "GM0482": (7, 0, 0, 0),
        "GM0505": (10, 10, 10, 10),
        "GM0523": (10, 10, 5, 5),
        "GM0610": (10, 10, 10, 10),
    }
    grid = tabel("verzuim_per_1000", "2024", per_1000, cfg)
    for j, i in enumerate(ref.VERZUIM[1]):
        grid += tabel(i, "2024", {g: (aandelen[g][j], per_1000[g][0]) for g in per_1000}, cfg)
    intern, publicatie = beide(grid, cfg)
    for i in ref.VERZUIM[1]:
        k = (i, "gemeente", "GM0482", "jaar", "2024")
        assert intern[k]["onderdrukt"] and intern[k]["noemer"] == 7
        assert publicatie[k]["noemer"] is None and publicatie[k]["teller"] is None, i
    assert publicatie[("verzuim_aandeel_po", "gemeente", "GM0482", "jaar", "2024")]["reden"] in (
        ref.KLEIN,
        ref.COMPLEMENTAIR,
    )


def test_regel_5_vergelijking_weg_bij_onderdrukt_werkgebied_en_norm():
    cfg = _config(10, 5)
    grid = [
        # werkgebied 3/220 (rule 2): no comparison in this table is published
        *tabel(
            "nieuwkomers_aandeel",
            "2024",
            {"GM0482": (0, 50), "GM0505": (0, 100), "GM0523": (0, 40), "GM0610": (3, 30)},
            cfg,
        ),
        # norm in plain double arithmetic: 9/10, 36/40 and 27/30 against 0.90 are gehaald
        *tabel(
            "vaccinatie_dktp_2j",
            "2024",
            {"GM0482": (9, 10), "GM0505": (89, 100), "GM0523": (36, 40), "GM0610": (27, 30)},
            cfg,
        ),
    ]
    intern, publicatie = beide(grid, cfg)
    for k, r in intern.items():
        if k[0] == "nieuwkomers_aandeel" and not r["onderdrukt"]:
            assert r["vergelijking"] is not None and r["reden"] is None, k
            assert publicatie[k]["vergelijking"] is None and publicatie[k]["oordeel"] is None, k
            assert publicatie[k]["waarde"] == r["waarde"] and not publicatie[k]["onderdrukt"], k
    assert {k[2]: r["norm"] for k, r in publicatie.items() if k[0] == "vaccinatie_dktp_2j" and k[1] == "gemeente"} == {
        "GM0482": "gehaald",
        "GM0505": "niet gehaald",
        "GM0523": "gehaald",
        "GM0610": "gehaald",
    }


def test_regel_6_trends_op_achtergehouden_jaren():
    cfg = _config(10, 5)
    reeks = {  # 2020..2025; 2025 is running (volledig = false)
        "GM0505": [(50, 100), (60, 100), (70, 100), (80, 100), (90, 100), (45, 50)],
        "GM0482": [(10, 40), (15, 40), (8, 9), (30, 40), (38, 40), (20, 40)],  # 2022: noemer 9, rule 1
        "GM0523": [(20, 40), (20, 40), (20, 40), (20, 40), (20, 40), (20, 40)],
        "GM0610": [(10, 100), (10, 100), (10, 100), (10, 100), (60, 100), (10, 100)],  # one year carries it
    }
    grid = []
    for j, jaar in enumerate(range(2020, 2026)):
        grid += tabel("bereik_peuters", str(jaar), {g: v[j] for g, v in reeks.items()}, cfg, volledig=jaar < 2025)
    intern, publicatie = beide(grid, cfg)

    def trend(laag: dict, g: str, jaar: int) -> str | None:
        return laag[("bereik_peuters", "gemeente", g, "jaar", str(jaar))]["trend"]

    assert trend(intern, "GM0505", 2024) == trend(publicatie, "GM0505", 2024) == "stijgend"
    # GM0482: 2022 is withheld, so its 2024 trend is not published although the row is
    assert trend(intern, "GM0482", 2024) == "stijgend"
    assert trend(publicatie, "GM0482", 2024) is None
    assert not publicatie[("bereik_peuters", "gemeente", "GM0482", "jaar", "2024")]["onderdrukt"]
    # leave-one-out: without 2024 GM0610's slope is 0, so no trend although chi-square is large
    assert trend(intern, "GM0610", 2024) == "geen duidelijke trend"
    # a running year: niet te berekenen, and published as such when its five years are published
    assert trend(intern, "GM0505", 2025) == trend(publicatie, "GM0505", 2025) == "niet te berekenen"
    # the first four years: the series reaches before the first year with a row -> NULL in publication
    assert trend(intern, "GM0505", 2023) == "niet te berekenen"
    assert trend(publicatie, "GM0505", 2023) is None


def test_groep_waarvan_de_andere_delen_noemer_0_hebben():
    """Rule 3 says: "A group in which no part can be chosen (every other part has noemer 0) is left as
    it is: nothing in it can be recovered." The pipeline withholds the total instead when the withheld
    member is a part (the total then equals that part, as in a group of a single part); this test
    shows the one row where the two readings differ, and that the pipeline follows its reading."""
    cfg = _config(10, 5)
    jong = {"GM0482": (0, 0), "GM0505": (0, 0), "GM0523": (6, 12), "GM0610": (10, 40)}
    oud = {"GM0482": (0, 2), "GM0505": (3, 31), "GM0523": (0, 0), "GM0610": (20, 50)}
    totaal = {g: (jong[g][0] + oud[g][0], jong[g][1] + oud[g][1]) for g in jong}
    grid = [
        *tabel("noshow_0_4", "2024", jong, cfg),
        *tabel("noshow_4_18", "2024", oud, cfg),
        *tabel("noshow", "2024", totaal, cfg),
    ]
    intern, _ = beide(grid, cfg)  # the pipeline's reading
    letterlijk, letterlijk_pub = ref.bereken(grid, ref.Instelling.uit_config(cfg, totaal_als_andere_delen_nul=False))
    # noshow_4_18 GM0505 (3/31) is withheld as the complement of GM0482 (0/2) in Waarden's noemer
    # column; in GM0505's no-show group the other band is 0/0, so the published noshow noemer 31 is
    # that band's noemer
    k = ("noshow", "gemeente", "GM0505", "jaar", "2024")
    assert intern[("noshow_4_18", "gemeente", "GM0505", "jaar", "2024")]["reden"] == ref.COMPLEMENTAIR
    assert letterlijk[k]["reden"] == ref.KLEIN and letterlijk_pub[k]["noemer"] == 31
    assert intern[k]["reden"] == ref.COMPLEMENTAIR
    assert [x for x in verschillen(intern, letterlijk) if x[1] in ("onderdrukt", "reden")] == [
        (k, "reden", ref.COMPLEMENTAIR, ref.KLEIN)
    ]


def test_volgorde_binnen_een_tabel_groep_voor_groep():
    """Pass order (a): "each regio (in configuration order), then werkgebied over gemeenten, then
    werkgebied over regio's, each group for its teller column, then its noemer column". Read group by
    group (as (c) reads: "the no-show group (teller column, then noemer column), then the verzuim
    group"), not every group's teller column before any noemer column; the two readings differ here."""
    cfg = _config(10, 5)
    grid = tabel(
        "bereik_peuters",
        "2024",
        {
            "GM0482": (2, 15),  # rule 2
            "GM0505": (6, 30),
            "GM0523": (15, 15),
            "GM0610": (3, 5),  # rule 1, and so is Eiland
        },
        cfg,
    )
    intern, _ = beide(grid, cfg)
    # Waarden teller: only GM0482 -> GM0523 (15); Waarden noemer: only GM0523 -> GM0482 (15, rule 2).
    # Werkgebied over regio's, teller: only Eiland -> Waarden. Checked column by column instead,
    # Waarden would already be withheld when its noemer column is checked, and GM0482 would keep its
    # noemer published.
    assert _status(intern, "bereik_peuters") == {
        "GM0482": ref.COMPLEMENTAIR,
        "GM0523": ref.COMPLEMENTAIR,
        WAARDEN: ref.COMPLEMENTAIR,
        "GM0505": None,
        "GM0610": ref.TE_WEINIG,
        EILAND: ref.TE_WEINIG,
        cfg.organisatie: None,
    }
    ander, _ = ref.bereken(grid, ref.Instelling.uit_config(cfg, kolommen_per_groep=False))
    assert ander[("bereik_peuters", "gemeente", "GM0482", "jaar", "2024")]["reden"] == ref.KLEIN


def test_metadata_zoals_de_spec():
    """The reference reads polariteit, doelwaarde and schaal through modellen.metadata; here they are
    held against the spec text (indicatoren.md, per theme), so that the reference stays independent."""
    from modellen import metadata

    hoog, laag, geen = "hoog is goed", "laag is goed", "geen"
    doel = {
        "vaccinatie_dktp_2j": 0.90,
        "vaccinatie_hib_2j": 0.90,
        "vaccinatie_hepb_2j": 0.90,
        "vaccinatie_pneu_2j": 0.90,
        "vaccinatie_bmr1_2j": 0.95,
        "vaccinatie_menc_2j": 0.90,
        "vaccinatie_volledig_2j": 0.90,
        "vaccinatie_dktp_5j": 0.90,
        "vaccinatie_dtp_10j": 0.90,
        "vaccinatie_bmr2_10j": 0.95,
        "vaccinatie_hpv_meisjes_11j": 0.90,
        "vaccinatie_hpv_jongens_11j": 0.90,
        "vaccinatie_menacwy_15j": 0.90,
    }
    polariteit = (
        {i: hoog for i in doel}
        | {f"bereik_{b}": hoog for b in ("zuigelingen", "peuters", "5_6_jaar", "10_11_jaar", "13_14_jaar")}
        | {i: laag for i in ref.NOSHOW[1] + (ref.NOSHOW[0],)}
        | {i: geen for i in (ref.VERZUIM[0], *ref.VERZUIM[1], "verzuim_volledig_deelnemen", "nieuwkomers_aandeel")}
        | {"nieuwkomers_in_beeld": hoog}
    )
    assert {i: m["polariteit"] for i, m in metadata.indicatoren().items()} == polariteit
    assert {i: metadata.doelwaarde(i) for i in polariteit if metadata.doelwaarde(i) is not None} == doel
    assert {i for i in polariteit if metadata.schaal(i) != 1} == {"verzuim_per_1000"}
    assert metadata.schaal("verzuim_per_1000") == 1000


def test_statistiek_van_de_referentie_tegen_de_literatuur():
    """The reference's own formulas against the checks in the spec (Newcombe 1998)."""
    for (x1, n1, x2, n2), (onder, boven) in {
        (56, 70, 48, 80): (0.0524, 0.3339),
        (9, 10, 3, 10): (0.1705, 0.8090),
        (5, 56, 0, 29): (-0.0381, 0.1926),
    }.items():
        l, u = ref.newcombe(x1, n1, x2, n2)  # noqa: E741
        assert (round(l, 4), round(u, 4)) == (onder, boven)
    assert ref.norm(9, 10, 0.90) == "gehaald"
    assert ref.wilson(0, 7)[0] == 0.0 and ref.wilson(7, 7)[1] == 1.0 and ref.wilson(0, 0) is None
