"""The pipeline's statistics and suppression against a second, independent implementation of the spec
(tests/modellen/onafhankelijk_publicatie.py): every row and every field of intern.indicatorwaarden and
publicatie.indicatorwaarden, on a generated export with small gemeenten and on hand-made grids."""

from __future__ import annotations

import dataclasses
import math
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
