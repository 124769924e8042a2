"""Robustness under faults: SIGKILL at a random moment, a full disk, an unwritable outbox, two runs at
once, an export that is still being written.

Only the SIGKILL test renders factsheets (the killed run); the others run `--zonder-factsheets`,
which takes every step but the rendering."""

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

from bronnen.genereer import genereer
from tests.conftest import TOML, instellingen, schrijf_omgeving
from tests.hulp import JGZ, ROOT, jgz_hier

pytestmark = pytest.mark.traag


def _omgeving(tmp_path: Path, dagster_sjabloon: Path, uitvoer: str = "uitvoer") -> Path:
    return schrijf_omgeving(tmp_path, dagster_sjabloon, TOML.replace("[paden]\n", f'[paden]\nuitvoer = "{uitvoer}"\n'))


def _export(tmp_path: Path, naam: str, aanmaak: str, n: int = 600) -> Path:
    pad = tmp_path / naam
    genereer(pad, instellingen(kinderen=n, seed=hash(naam) % 1000, aanmaakdatum=date.fromisoformat(aanmaak)))
    return pad


def _sha(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def _database(tmp_path: Path) -> str:
    """export_id of the published database, which is whole."""
    con = duckdb.connect(str(tmp_path / "data" / "jgz.duckdb"), read_only=True)
    try:
        export_id = con.execute("select export_id from beheer.huidige_export").fetchone()[0]
        assert con.execute("select count(*) from publicatie.indicatorwaarden").fetchone()[0] > 0
    finally:
        con.close()
    return export_id


def _outbox(tmp_path: Path) -> str:
    """data_export of the published outbox, which is whole."""
    manifest = (tmp_path / "uitvoer" / "factsheets" / "2024" / "manifest.csv").read_text().splitlines()
    assert len(manifest) == 1 + 4  # 2 gemeenten, PDF and HTML
    return manifest[1].split(",")[5]


def _stand(tmp_path: Path) -> tuple[str, str]:
    """(export_id of the published database, data_export of the published outbox)."""
    return _database(tmp_path), _outbox(tmp_path)


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


def test_sigkill_op_een_willekeurig_moment(gedeelde_run, tmp_path, capsys):
    """Killed while ingesting, computing, rendering factsheets or publishing: never half a state.

    Starts from a copy of the shared run (its export published, with factsheets); the killed run
    makes factsheets too, the run after it only figures (the outbox is then left as it is).
    """
    config = gedeelde_run.kopie(tmp_path / "o")
    o = tmp_path / "o"
    e2, e3 = (_export(tmp_path, f"e{i}", d) for i, d in enumerate(["2025-02-10", "2025-02-17"], 2))
    voor = _stand(o)
    moment = random.Random(os.getpid()).uniform(1.0, 25.0)
    proc = _start(config, "run", "--export", str(e2))
    time.sleep(moment)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # whatever the moment: the published database and outbox are whole (the old run or the new one)
    na = _stand(o)
    assert na[0] in (voor[0], _sha_manifest(e2)), moment
    assert na[1] in (voor[1], _sha_manifest(e2)[:16]), moment
    # and the next run succeeds, leaving no half-built files behind
    code, uit, _ = jgz_hier(capsys, config, "run", "--export", str(e3), "--zonder-factsheets")
    assert code == 0, f"na SIGKILL op {moment:.1f} s: {uit}"
    assert _stand(o) == (_sha_manifest(e3), na[1])
    assert not list((o / "data").glob(".jgz.run-*"))
    assert not [p for p in (o / "uitvoer" / "factsheets").iterdir() if p.name.startswith(".")]


def _sha_manifest(export: Path) -> str:
    import json

    return json.loads((export / "manifest.json").read_text())["bestanden"][0]["sha256"]


def test_twee_runs_tegelijk(tmp_path, dagster_sjabloon, capsys):
    config = _omgeving(tmp_path, dagster_sjabloon)
    e1, e2 = _export(tmp_path, "e1", "2025-02-03"), _export(tmp_path, "e2", "2025-02-10")
    eerste = _start(config, "run", "--export", str(e1), "--zonder-factsheets")
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
    code, uit, _ = jgz_hier(capsys, config, "run", "--export", str(e2), "--zonder-factsheets")
    assert code == 1
    assert "Er loopt al een run" in uit
    uit, _ = eerste.communicate(timeout=900)
    assert eerste.returncode == 0, uit
    assert _database(tmp_path) == _sha_manifest(e1)


def test_onbeschrijfbare_outbox(tmp_path, dagster_sjabloon, capsys):
    (tmp_path / "geen-map").write_text("dit is een bestand, geen map")
    config = _omgeving(tmp_path, dagster_sjabloon, uitvoer="geen-map")
    e1 = _export(tmp_path, "e1", "2025-02-03", n=300)
    code, uit, _ = jgz_hier(capsys, config, "run", "--export", str(e1))
    assert code == 1
    assert "Kan niet schrijven in de outbox" in uit and "geen-map" in uit
    assert not (tmp_path / "data" / "jgz.duckdb").exists()


def test_volle_schijf(tmp_path, dagster_sjabloon, capsys):
    config = _omgeving(tmp_path, dagster_sjabloon)
    e1 = _export(tmp_path, "e1", "2025-02-03", n=300)
    assert jgz_hier(capsys, config, "run", "--export", str(e1), "--zonder-factsheets")[0] == 0
    voor = _sha(tmp_path / "data" / "jgz.duckdb")
    e2 = _export(tmp_path, "e2", "2025-02-10", n=3000)

    def beperk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the limit gives EFBIG, as a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 2**20, 3 * 2**20))

    proc = _start(config, "run", "--export", str(e2), "--zonder-factsheets", preexec_fn=beperk)
    uit, _ = proc.communicate(timeout=900)
    assert proc.returncode == 1, uit
    assert "schijf is vol" in uit
    assert _sha(tmp_path / "data" / "jgz.duckdb") == voor


def test_export_die_nog_geschreven_wordt(tmp_path, dagster_sjabloon, capsys):
    config = _omgeving(tmp_path, dagster_sjabloon)
    inbox = tmp_path / "data" / "inbox"
    e1 = _export(inbox, "e1", "2025-02-03", n=300)
    # the manifest is already there, the data file is still growing: refused, nothing changed
    data = (e1 / "elementen.csv").read_bytes()
    (e1 / "elementen.csv").write_bytes(data[: len(data) // 2])
    code, uit, _ = jgz_hier(capsys, config, "run", "--zonder-factsheets")
    assert code == 1 and "sha256" in uit
    assert not (tmp_path / "data" / "jgz.duckdb").exists()
    # once complete, the same inbox entry is picked up
    (e1 / "elementen.csv").write_bytes(data)
    assert jgz_hier(capsys, config, "run", "--zonder-factsheets")[0] == 0
