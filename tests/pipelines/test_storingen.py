"""Robustness under faults: SIGKILL at a random moment, a full disk, an unwritable outbox, two runs at
once, an export that is still being written."""

import fcntl
import hashlib
import os
import random
import resource
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bronnen.genereer import Instellingen, genereer
from tests.hulp import JGZ, ROOT, jgz

pytestmark = pytest.mark.traag

TOML = """
[organisatie]
naam = "JGZ Test"

[paden]
uitvoer = "{uitvoer}"

[[regio]]
naam = "A"
gemeenten = ["GM0505", "GM0482"]

[[regio]]
naam = "B"
gemeenten = ["GM0642"]
"""


def _omgeving(tmp_path: Path, uitvoer: str = "uitvoer") -> Path:
    pad = tmp_path / "jgz.toml"
    pad.write_text(TOML.format(uitvoer=uitvoer))
    return pad


def _export(tmp_path: Path, naam: str, aanmaak: str, n: int = 1500) -> Path:
    pad = tmp_path / naam
    genereer(
        pad,
        Instellingen(
            kinderen=n,
            seed=hash(naam) % 1000,
            aanmaakdatum=date.fromisoformat(aanmaak),
            gemeenten=("GM0505", "GM0482", "GM0642"),
            organisatie="JGZ Test",
        ),
    )
    return pad


def _sha(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def _stand(tmp_path: Path) -> tuple[str, str]:
    """(export_id of the published database, data_export of the published outbox)."""
    con = duckdb.connect(str(tmp_path / "data" / "jgz.duckdb"), read_only=True)
    try:
        export_id = con.execute("select export_id from beheer.exports order by ingelezen_op desc limit 1").fetchone()[0]
        assert con.execute("select count(*) from publicatie.indicatorwaarden").fetchone()[0] > 0
    finally:
        con.close()
    manifest = (tmp_path / "uitvoer" / "factsheets" / "2024" / "manifest.csv").read_text().splitlines()
    assert len(manifest) == 1 + 6  # 3 gemeenten, PDF and HTML
    return export_id, manifest[1].split(",")[5]


def _start(config: Path, *args: str, **kw) -> subprocess.Popen:
    omgeving = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    return subprocess.Popen(
        [*JGZ, "--config", str(config), *args],
        cwd=ROOT,
        env=omgeving,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kw,
    )


def test_sigkill_op_een_willekeurig_moment(tmp_path):
    config = _omgeving(tmp_path)
    e1, e2, e3 = (_export(tmp_path, f"e{i}", d) for i, d in enumerate(["2025-02-03", "2025-02-10", "2025-02-17"], 1))
    assert jgz(config, "run", "--export", str(e1)).returncode == 0
    voor = _stand(tmp_path)
    moment = random.Random(os.getpid()).uniform(1.0, 25.0)
    proc = _start(config, "run", "--export", str(e2))
    time.sleep(moment)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # whatever the moment: the published database and outbox are whole (the old run or the new one)
    na = _stand(tmp_path)
    assert na[0] in (voor[0], _sha_manifest(e2)), moment
    assert na[1] in (voor[1], _sha_manifest(e2)[:16]), moment
    # and the next run succeeds, leaving no half-built files behind
    r = jgz(config, "run", "--export", str(e3))
    assert r.returncode == 0, f"na SIGKILL op {moment:.1f} s: {r.stdout}"
    assert _stand(tmp_path) == (_sha_manifest(e3), _sha_manifest(e3)[:16])
    assert not list((tmp_path / "data").glob(".jgz.run-*"))
    assert not [p for p in (tmp_path / "uitvoer" / "factsheets").iterdir() if p.name.startswith(".")]


def _sha_manifest(export: Path) -> str:
    import json

    return json.loads((export / "manifest.json").read_text())["bestanden"][0]["sha256"]


def test_twee_runs_tegelijk(tmp_path):
    config = _omgeving(tmp_path)
    e1, e2 = _export(tmp_path, "e1", "2025-02-03"), _export(tmp_path, "e2", "2025-02-10")
    eerste = _start(config, "run", "--export", str(e1))
    slot = tmp_path / "data" / ".jgz.lock"
    for _ in range(600):  # wait until the first run holds the lock
        if slot.exists():
            with slot.open() as f:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(f, fcntl.LOCK_UN)
                except BlockingIOError:
                    break
        time.sleep(0.1)
    r = jgz(config, "run", "--export", str(e2))
    assert r.returncode == 1
    assert "Er loopt al een run" in r.stdout
    uit, _ = eerste.communicate(timeout=900)
    assert eerste.returncode == 0, uit
    assert _stand(tmp_path)[0] == _sha_manifest(e1)


def test_onbeschrijfbare_outbox(tmp_path):
    (tmp_path / "geen-map").write_text("dit is een bestand, geen map")
    config = _omgeving(tmp_path, uitvoer="geen-map")
    e1 = _export(tmp_path, "e1", "2025-02-03", n=300)
    r = jgz(config, "run", "--export", str(e1))
    assert r.returncode == 1
    assert "Kan niet schrijven in de outbox" in r.stdout and "geen-map" in r.stdout
    assert not (tmp_path / "data" / "jgz.duckdb").exists()


def test_volle_schijf(tmp_path):
    config = _omgeving(tmp_path)
    e1 = _export(tmp_path, "e1", "2025-02-03", n=300)
    assert jgz(config, "run", "--export", str(e1)).returncode == 0
    voor = _sha(tmp_path / "data" / "jgz.duckdb")
    e2 = _export(tmp_path, "e2", "2025-02-10", n=3000)

    def beperk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the limit gives EFBIG, as a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 2**20, 3 * 2**20))

    proc = _start(config, "run", "--export", str(e2), preexec_fn=beperk)
    uit, _ = proc.communicate(timeout=900)
    assert proc.returncode == 1, uit
    assert "schijf is vol" in uit
    assert _sha(tmp_path / "data" / "jgz.duckdb") == voor


def test_export_die_nog_geschreven_wordt(tmp_path):
    config = _omgeving(tmp_path)
    inbox = tmp_path / "data" / "inbox"
    e1 = _export(inbox, "e1", "2025-02-03", n=300)
    # the manifest is already there, the data file is still growing: refused, nothing changed
    data = (e1 / "elementen.csv").read_bytes()
    (e1 / "elementen.csv").write_bytes(data[: len(data) // 2])
    r = jgz(config, "run")
    assert r.returncode == 1 and "sha256" in r.stdout
    assert not (tmp_path / "data" / "jgz.duckdb").exists()
    # once complete, the same inbox entry is picked up
    (e1 / "elementen.csv").write_bytes(data)
    assert jgz(config, "run").returncode == 0
