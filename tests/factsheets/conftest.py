"""One small published database and a rendered batch, shared by the factsheet tests."""

import shutil
from pathlib import Path

import duckdb
import pytest

from bronnen.config import laad_config
from bronnen.export import open_export
from bronnen.genereer import Instellingen, genereer
from bronnen.inlezen import controleer, schrijf
from factsheets.uitvoer import render_batch
from modellen.bouw import bouw_intern, bouw_publicatie

ROOT = Path(__file__).resolve().parents[2]
GEMEENTEN = [
    "GM0505",
    "GM0523",
]  # Dordrecht (large) and Hardinxveld-Giessendam (small: suppression)


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fs")
    cfg = laad_config(ROOT / "jgz.toml")
    genereer(tmp / "export", Instellingen(kinderen=6000, seed=99))
    db = tmp / "jgz.duckdb"
    con = duckdb.connect(str(db))
    with open_export(tmp / "export") as e:
        schrijf(con, controleer(con, e), b"k")
    bouw_intern(con, cfg, e.manifest.aanmaakdatum)
    bouw_publicatie(con)
    con.close()
    return db


@pytest.fixture(scope="session")
def teksten(tmp_path_factory) -> Path:
    map_ = tmp_path_factory.mktemp("teksten")
    shutil.copytree(ROOT / "factsheets" / "teksten", map_, dirs_exist_ok=True)
    return map_


@pytest.fixture(scope="session")
def batch(database, teksten, tmp_path_factory):
    doel = tmp_path_factory.mktemp("outbox") / "2024"
    resultaten = render_batch(database, "2024", doel, GEMEENTEN, teksten)
    assert all(r.fout is None for r in resultaten), [r.fout for r in resultaten]
    return doel, resultaten
