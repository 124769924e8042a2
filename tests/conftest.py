"""Shared fixtures. The expensive one, `gedeelde_run`, runs the whole pipeline once per session.

A test that only reads the result of a run (privacy scan, Dagster's storage, the outbox) uses
`gedeelde_run`; a test that changes it works on `gedeelde_run.kopie(tmp_path)`. Tests that need a run
of their own run it without factsheets (`jgz run --zonder-factsheets`): only one run per session
renders factsheets.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("JGZ_PSEUDONIEM_SLEUTEL", "test-sleutel-niet-geheim-minstens-32-bytes")

from bronnen.genereer import Instellingen, genereer  # noqa: E402
from tests.hulp import jgz  # noqa: E402

# Two gemeenten in two regios: Dordrecht (large) and Hardinxveld-Giessendam (small: suppression).
GEMEENTEN = ("GM0505", "GM0523")
ORGANISATIE = "JGZ Zuid-Holland Zuid"
# A regio name is any text; it once became a folder unchecked and put factsheets outside the outbox
# (issue 11, item 5). Every run of the suite now tries it; the outbox folder is REGIO_MAP.
REGIO_AANVAL = "../../Alblasserwaard en Hoeksche Waard"
REGIO_MAP = "-.-Alblasserwaard en Hoeksche Waard"

TOML = f"""
[organisatie]
naam = "{ORGANISATIE}"

[paden]
teksten = "{ROOT / "factsheets" / "teksten"}"

[[regio]]
naam = "Drechtsteden"
regiomanager = "Regiomanager Drechtsteden"
gemeenten = ["GM0505"]

[[regio]]
naam = "{REGIO_AANVAL}"
regiomanager = "Regiomanager AHW"
gemeenten = ["GM0523"]

[factsheets]
werkers = 1
"""


def instellingen(**kw) -> Instellingen:
    """Generator settings for the test werkgebied (the two gemeenten of `TOML`)."""
    return Instellingen(**{"kinderen": 600, "seed": 11, "gemeenten": GEMEENTEN, "organisatie": ORGANISATIE, **kw})


@pytest.fixture
def sleutel() -> bytes:
    return os.environ["JGZ_PSEUDONIEM_SLEUTEL"].encode()


@pytest.fixture(scope="session")
def dagster_sjabloon(tmp_path_factory) -> Path:
    """An initialised Dagster home: creating its SQLite storage costs seconds, copying it does not."""
    import dagster as dg

    home = tmp_path_factory.mktemp("dagster-sjabloon")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.get_runs()
    return home


def schrijf_omgeving(map_: Path, dagster_sjabloon: Path, toml: str = TOML) -> Path:
    """jgz.toml in `map_`, and Dagster's storage (the default: data/dagster beside the database)."""
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / "jgz.toml"
    pad.write_text(toml)
    shutil.copytree(dagster_sjabloon, map_ / "data" / "dagster")
    return pad


@pytest.fixture
def omgeving(tmp_path, dagster_sjabloon) -> Path:
    """A small configuration in a temporary folder: its own inbox, database, outbox and Dagster home."""
    return schrijf_omgeving(tmp_path, dagster_sjabloon)


# -- one whole run per session ---------------------------------------------------------------------

# Values planted in the shared run's export; the privacy scan looks for them everywhere afterwards.
GEPLANT = {
    "bsn": "918273645",
    "naam_vaccinateur": "Zwanhilda Pietersma",
    "naam_professional": "Gerbrandus Oosterhuis",
    "vrije_tekst": "Vertrouwelijk QXJ moeder",
    "advies_tekst": "Toelichting ZKW over thuissituatie",
    "woonplaats": "Oostvoorne-Pieterburen",
    "straat": "Zonnebloemlaan QZ",
    "postcode": "3311QX",
    "dossiernummer": "JZ99887766",
}


def plant(export: Path) -> int:
    """Append rows with the planted values, in their own elements and in the wrong places."""
    d = "JZ00000001"
    rijen = [
        f"{d};;;;7;{GEPLANT['bsn']}",
        f"{d};;;;695;{GEPLANT['dossiernummer']}",
        f"{d};;G001;1;10;{GEPLANT['woonplaats']}",
        f"{d};;G001;1;11;{GEPLANT['straat']}",
        f"{d};;G001;7;16;{GEPLANT['postcode']}",
        f"{d};;G001;7;9;0505",
        f"{d};PA1;;;724;20240105",
        f"{d};PA1;;;494;22",
        f"{d};PA1;;;1501;{GEPLANT['naam_professional']}",
        f"{d};PA1;;;1602;{GEPLANT['vrije_tekst']}",
        f"{d};PA1;;;1604;{GEPLANT['advies_tekst']}",
        f"{d};PA1;G076;1;1410;{GEPLANT['naam_vaccinateur']}",
        f"{d};PA1;G076;1;1409;20240105",
        f"{d};PA1;G076;1;461;04",
        # in the wrong place, in unused elements, in coded fields, with too few fields
        f"{d};PA1;;;7;{GEPLANT['bsn']}",
        f"{d};;;;235;{GEPLANT['naam_vaccinateur']}",
        f"{d};;;;19;{GEPLANT['bsn']}",
        f"{d};;;;21;{GEPLANT['bsn']}",
        f"{d};;;;9999;{GEPLANT['vrije_tekst']}",
        f"{d};;;;{GEPLANT['straat']}",
        f"{GEPLANT['dossiernummer']};;;;19;1",
    ]
    csv = export / "elementen.csv"
    with csv.open("a") as f:
        f.write("\n".join(rijen) + "\n")
    m = json.loads((export / "manifest.json").read_text())
    m["bestanden"][0]["rijen"] += len(rijen)
    m["bestanden"][0]["sha256"] = hashlib.sha256(csv.read_bytes()).hexdigest()
    (export / "manifest.json").write_text(json.dumps(m))
    return len(rijen)


@dataclass
class GedeeldeRun:
    """The result of `jgz valideer`, `jgz run` (with factsheets) and `jgz exporteer-aggregaten`."""

    map: Path
    config: Path
    export: Path
    kinderen: int
    uitvoer: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)

    @property
    def database(self) -> Path:
        return self.map / "data" / "jgz.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.map / "data" / "dagster"

    @property
    def outbox(self) -> Path:
        return self.map / "uitvoer" / "factsheets" / "2024"

    def kopie(self, doel: Path) -> Path:
        """A copy of the whole environment (configuration, database, outbox, Dagster); its jgz.toml."""
        shutil.copytree(self.map, doel, ignore=shutil.ignore_patterns(".jgz.lock"))
        return doel / "jgz.toml"


@pytest.fixture(scope="session")
def gedeelde_run(tmp_path_factory, dagster_sjabloon) -> GedeeldeRun:
    map_ = tmp_path_factory.mktemp("gedeelde-run")
    config = schrijf_omgeving(map_, dagster_sjabloon)
    export = map_ / "data" / "inbox" / "export-2025-02-03"
    genereer(export, instellingen())
    plant(export)
    run = GedeeldeRun(map_, config, export, kinderen=600)
    for opdracht in (("valideer", str(export)), ("run",), ("exporteer-aggregaten",)):
        r = jgz(config, *opdracht)
        assert r.returncode == 0, f"jgz {opdracht[0]}: {r.stdout}{r.stderr}"
        run.uitvoer[opdracht[0]] = r
    return run


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(config, items) -> None:
    """A test that needs a whole run, a rendered factsheet batch or the factsheets' built database is
    slow wherever it lives: it is marked `traag` here, so `make test-snel` leaves it to `make test`.

    With two processes (`make test`: pytest-xdist, --dist loadgroup) the tests that share an expensive
    session fixture go to one process, so that fixture is still made once per session.
    """
    for item in items:
        namen = set(getattr(item, "fixturenames", ()))
        if "gedeelde_run" in namen:
            item.add_marker(pytest.mark.traag)
            item.add_marker(pytest.mark.xdist_group("gedeelde_run"))
        elif "factsheets" in item.path.parts and namen & {"batch", "database"}:
            item.add_marker(pytest.mark.traag)
            item.add_marker(pytest.mark.xdist_group("factsheetbatch"))
