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


def test_willekeurige_tabellen():
    """Random grids through the pipeline (statistics, suppression, publication) and the reference."""
    gebeurd: Counter = Counter()
    trends: Counter = Counter()
    for seed in range(24):
        cfg, grid = willekeurig(random.Random(seed))
        intern, publicatie = beide(grid, cfg, gebeurd)
        trends.update(r["trend"] for r in intern.values())
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
