"""Aggregate export for benchmarking: two organisations combine into a correct benchmark."""

from pathlib import Path

import duckdb
import polars as pl
import pytest

from bronnen.config import config_uit_dict
from bronnen.export import open_export
from bronnen.genereer import Instellingen, genereer
from bronnen.inlezen import controleer, schrijf
from modellen import metadata, statistiek
from modellen.aggregaten import combineer, exporteer
from modellen.bouw import bouw_intern, bouw_publicatie


def _organisatie(tmp_path: Path, naam: str, gemeenten: list[str], seed: int):
    cfg = config_uit_dict(
        {
            "organisatie": {"naam": naam},
            "paden": {"database": "jgz.duckdb"},
            "regio": [{"naam": f"{naam} regio", "gemeenten": gemeenten}],
        },
        tmp_path / naam / "jgz.toml",
    )
    (tmp_path / naam).mkdir(parents=True, exist_ok=True)
    export = tmp_path / naam / "export"
    genereer(export, Instellingen(kinderen=3000, seed=seed, gemeenten=tuple(gemeenten), organisatie=naam))
    con = duckdb.connect(str(cfg.database))
    with open_export(export) as e:
        schrijf(con, controleer(con, e), b"k")
    bouw_intern(con, cfg, e.manifest.aanmaakdatum)
    bouw_publicatie(con)
    con.close()
    exporteer(cfg, tmp_path / naam / "aggregaten")
    return cfg


@pytest.fixture(scope="module")
def twee(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("agg")
    a = _organisatie(tmp, "Org A", ["GM0505", "GM0482", "GM0642"], 1)
    b = _organisatie(tmp, "Org B", ["GM0599", "GM0606"], 2)
    return tmp, a, b


def test_export_bevat_alleen_gepubliceerde_cijfers(twee):
    tmp, a, _ = twee
    df = pl.read_parquet(tmp / "Org A" / "aggregaten" / "indicatorwaarden.parquet")
    con = duckdb.connect(str(a.database), read_only=True)
    pub = con.sql("select * from publicatie.indicatorwaarden").pl()
    assert df.height == pub.height
    assert df.filter(pl.col("onderdrukt") & pl.col("teller").is_not_null()).height == 0
    assert set(df.columns) >= {"teller", "noemer", "waarde", "ci_onder", "ci_boven", "organisatie"}
    assert (tmp / "Org A" / "aggregaten" / "indicatorwaarden.csv").exists()
    assert "kind_id" not in df.columns


def test_werkgebieden_tellen_op_tot_de_benchmark(twee):
    tmp, _, _ = twee
    bench = combineer([tmp / "Org A" / "aggregaten", tmp / "Org B" / "aggregaten"])
    a = pl.read_parquet(tmp / "Org A" / "aggregaten" / "indicatorwaarden.parquet").filter(
        pl.col("gebied_type") == "werkgebied"
    )
    b = pl.read_parquet(tmp / "Org B" / "aggregaten" / "indicatorwaarden.parquet").filter(
        pl.col("gebied_type") == "werkgebied"
    )
    sleutel = ["indicator", "periode_type", "periode"]
    samen = a.join(b, on=sleutel, suffix="_b").join(bench, on=sleutel, suffix="_bench")
    volledig = samen.filter(pl.col("volledig_gecombineerd"))
    # spec v2 has rows only where an indicator applies (cohorts, schoolverzuim startjaar), and its
    # suppression withholds somewhat more werkgebied rows (rule 3: the no-show and verzuim groups
    # also hold for the werkgebied), so fewer than v1's full grid; still hundreds of combined rows
    assert volledig.height > 400
    for r in volledig.iter_rows(named=True):
        assert r["teller_bench"] == r["teller"] + r["teller_b"]
        assert r["noemer_bench"] == r["noemer"] + r["noemer_b"]
        lo, hi = statistiek.wilson(r["teller_bench"], r["noemer_bench"])
        schaal = metadata.schaal(r["indicator"])
        if lo is not None:
            assert r["ci_onder_bench"] == pytest.approx(lo * schaal)
            assert r["ci_boven_bench"] == pytest.approx(hi * schaal)
            # the benchmark gets its own interval (from the summed counts), around its own value
            assert r["ci_onder_bench"] <= r["waarde_bench"] <= r["ci_boven_bench"]
    # a row where one organisation withheld a count is not combined
    onvolledig = samen.filter(~pl.col("volledig_gecombineerd"))
    assert onvolledig.filter(pl.col("teller_bench").is_not_null()).height == 0
