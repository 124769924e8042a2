"""The Dagster code location: graph snapshot, a real materialization, sensor and schedule."""

import json
import os
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from bronnen.genereer import genereer
from pipelines.automatisering import RUST_S, klaar_voor_run
from pipelines.definitions import defs
from pipelines.resources import JgzOmgeving
from tests.conftest import REGIO_MAP, instellingen

SNAPSHOT = Path(__file__).with_name("asset_graaf.json")


def _graaf() -> dict:
    graaf = defs.resolve_asset_graph()
    assets = {}
    for sleutel in sorted(graaf.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graaf.get(sleutel)
        assets[sleutel.to_user_string()] = {
            "groep": node.group_name,
            "hangt_af_van": sorted(k.to_user_string() for k in node.parent_keys),
            "gepartitioneerd": node.partitions_def is not None,
        }
    checks = sorted(f"{c.asset_key.to_user_string()}:{c.name}" for c in graaf.asset_check_keys)
    return {
        "assets": assets,
        "checks": checks,
        "jobs": sorted(j.name for j in defs.resolve_all_job_defs() if not j.name.startswith("__")),
        "sensors": sorted(s.name for s in defs.sensors or []),
        "schedules": sorted(s.name for s in defs.schedules or []),
    }


def test_asset_graaf_snapshot():
    """An accidental change of the asset graph shows up here (update: JGZ_SNAPSHOT_BIJWERKEN=1)."""
    huidig = _graaf()
    if os.environ.get("JGZ_SNAPSHOT_BIJWERKEN"):
        SNAPSHOT.write_text(json.dumps(huidig, indent=2, ensure_ascii=False) + "\n")
    assert huidig == json.loads(SNAPSHOT.read_text())


def test_definitions_laden():
    dg.Definitions.validate_loadable(defs)


@pytest.fixture
def export(tmp_path):
    genereer(tmp_path / "data" / "inbox" / "export", instellingen())
    return tmp_path / "data" / "inbox" / "export"


@pytest.mark.traag
def test_hele_run_in_dagster(gedeelde_run):
    """The shared session run (`jgz run`, the job maandrun in process) as Dagster recorded it."""
    with dg.DagsterInstance.from_config(str(gedeelde_run.dagster_home)) as instance:
        runs = instance.get_runs()
        assert [(r.job_name, r.status) for r in runs] == [("maandrun", dg.DagsterRunStatus.SUCCESS)]
        run_id = runs[0].run_id
        # the metadata of the ingest: reconciliation and quarantine per reason
        mat = instance.get_latest_materialization_event(dg.AssetKey("intern_records")).asset_materialization
        assert mat.metadata["afstemming_sluit"].value is True
        assert "gelezen" in mat.metadata["afstemming"].value
        assert mat.metadata["rijen_kinderen"].value == gedeelde_run.kinderen
        # every asset of the job was materialised in this run, every check evaluated and passed
        for sleutel in defs.resolve_job_def("maandrun").asset_layer.selected_asset_keys:
            assert instance.get_latest_materialization_event(sleutel).run_id == run_id, sleutel
        checks = [
            e.dagster_event.event_specific_data
            for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
        ]
        verwacht = {c.name for c in defs.resolve_asset_graph().asset_check_keys}
        assert {c.check_name for c in checks} == verwacht
        assert all(c.passed for c in checks), [c.check_name for c in checks if not c.passed]
    con = duckdb.connect(str(gedeelde_run.database), read_only=True)
    try:
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"intern", "beheer", "publicatie"}
        # the generator's children, plus the planted dossier JZ00000001 (birth date missing: no child)
        assert con.execute("select count(*) from intern.kinderen").fetchone()[0] == gedeelde_run.kinderen
        # 29 indicators: spec v2 adds verzuim_aandeel_overig
        assert con.execute("select count(distinct indicator) from publicatie.indicatorwaarden").fetchone()[0] == 29
        # every table and column has a comment: duckdb_columns() is the data dictionary
        assert con.execute("select count(*) from duckdb_tables() where comment is null").fetchone()[0] == 0
        assert (
            con.execute("select count(*) from duckdb_columns() where comment is null and not internal").fetchone()[0]
            == 0
        )
        assert con.execute("select run_id, factsheets from beheer.runs").fetchall() == [(run_id, 2)]
    finally:
        con.close()
    # no work file is left behind; the outbox of the periode is in place with every gemeente
    assert not list((gedeelde_run.map / "data").glob(".jgz.run-*"))
    assert len(list(gedeelde_run.outbox.glob("*/*.pdf"))) == 2 and (gedeelde_run.outbox / "index.html").exists()
    # the regio named "../../…" got a safe folder inside the outbox, and nothing was written outside it
    assert {p.name for p in gedeelde_run.outbox.iterdir() if p.is_dir()} == {"Drechtsteden", REGIO_MAP}
    binnen = (gedeelde_run.map / "data", gedeelde_run.outbox, gedeelde_run.map / "uitvoer" / "aggregaten")
    buiten = [p for p in gedeelde_run.map.rglob("*") if p.is_file() and not any(d in p.parents for d in binnen)]
    assert [p.name for p in buiten] == ["jgz.toml"]


def test_sensor_wacht_tot_export_niet_meer_groeit(omgeving, export):
    jgz = JgzOmgeving(config_pad=str(omgeving))
    nu = time.time() + RUST_S + 1
    verzoek, cursor = klaar_voor_run({}, jgz, nu)
    assert verzoek is None  # first sight: not yet known to be complete
    verzoek, cursor = klaar_voor_run(cursor, jgz, nu)
    assert verzoek is not None and verzoek.run_config["ops"]["bds_export"]["config"]["export"] == str(export)
    # the file grows between two ticks: not picked up
    with (export / "elementen.csv").open("a") as f:
        f.write("nog;;;;19;1\n")
    verzoek, cursor = klaar_voor_run(cursor, jgz, time.time() + RUST_S + 1)
    assert verzoek is None


def test_sensor_in_dagster(omgeving, export):
    sensor = defs.resolve_sensor_def("inbox_sensor")
    with dg.build_sensor_context(resources={"jgz": JgzOmgeving(config_pad=str(omgeving))}) as ctx:
        resultaat = sensor(ctx)
    assert isinstance(resultaat, dg.SkipReason)


def test_schema_maandelijks(omgeving, tmp_path):
    schema = defs.resolve_schedule_def("maandelijks")
    assert schema.cron_schedule == "0 6 5 * *"
    assert schema.execution_timezone == "Europe/Amsterdam"
    bronnen = {"jgz": JgzOmgeving(config_pad=str(omgeving))}
    with dg.build_schedule_context(resources=bronnen) as ctx:
        assert "Geen nieuwe export" in schema.evaluate_tick(ctx).skip_message
    genereer(tmp_path / "data" / "inbox" / "e", instellingen(kinderen=20))
    with dg.build_schedule_context(resources=bronnen) as ctx:
        verzoeken = schema.evaluate_tick(ctx).run_requests
    assert len(verzoeken) == 1


def test_publiceren_alleen_weigert_zonder_nieuw_bestand(omgeving, export, tmp_path):
    """Materialising only the publication asset (e.g. from the UI) must never publish a half file."""
    instance = dg.DagsterInstance.ephemeral()
    bronnen = {"jgz": JgzOmgeving(config_pad=str(omgeving))}
    from pipelines.publiceren import gepubliceerde_database

    eerst = dg.materialize([gepubliceerde_database], resources=bronnen, instance=instance, raise_on_error=False)
    assert not eerst.success
    assert not (tmp_path / "data" / "jgz.duckdb").exists()


def test_elke_run_in_een_proces():
    """`dagster asset materialize` (and the UI) once ran each step in its own process: the steps of one
    run took the run lock from each other and each removed the run's work file when it ended, so
    materialising the assets one by one locked itself out (issue 11, Low). The run lock and the work
    file belong to the run, so every job of the code location runs in one process."""
    for job in defs.resolve_all_job_defs():
        assert job.executor_def.name == dg.in_process_executor.name, job.name


def test_partities_komen_uit_de_configuratie(tmp_path):
    """One loader, no fallback to the synthetic generator's gemeenten (issue 10, Build 3)."""
    import subprocess
    import sys

    from bronnen.config import laad_config
    from pipelines.factsheets import GEMEENTEN
    from tests.hulp import ROOT

    assert GEMEENTEN.get_partition_keys() == list(laad_config(ROOT / "jgz.toml").gemeenten)
    code = "from pipelines.factsheets import GEMEENTEN; import sys; print(','.join(GEMEENTEN.get_partition_keys()))"
    omgeving = {"PATH": "/usr/bin:/bin", "JGZ_PSEUDONIEM_SLEUTEL": "x" * 32}
    (tmp_path / "klein.toml").write_text(
        '[organisatie]\nnaam = "X"\n[[regio]]\nnaam = "A"\ngemeenten = ["GM0642", "GM0505"]\n'
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=omgeving | {"JGZ_CONFIG": str(tmp_path / "klein.toml")},
        capture_output=True,
        text=True,
    )
    assert r.stdout.strip() == "GM0642,GM0505", r.stderr
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=omgeving | {"JGZ_CONFIG": str(tmp_path / "weg.toml")},
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0 and "niet gevonden" in r.stderr and "GM0482" not in r.stdout


def test_falende_controle_houdt_de_publicatie_tegen(omgeving, export, tmp_path, monkeypatch):
    """The wiring of the blocking checks: one that fails stops the run before anything is published,
    and the command line names it. (The checks themselves: tests/modellen/test_controles.py.)"""
    from modellen.controles import CONTROLES
    from pipelines.cli import _eerste_fout

    monkeypatch.setitem(CONTROLES, "waarde_in_bereik", lambda con, tabel, cfg: ["GM0505 2024: waarde 1,7"])
    resultaat = defs.resolve_job_def("cijferrun").execute_in_process(
        run_config={
            "ops": {"bds_export": {"config": {"export": str(export)}}},
            "resources": {"jgz": {"config": {"config_pad": str(omgeving)}}},
        },
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    assert not resultaat.success
    evaluaties = {
        e.event_specific_data.check_name: e.event_specific_data.passed
        for e in resultaat.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert evaluaties["waarde_in_bereik"] is False and evaluaties["interval_bevat_waarde"] is True
    assert "gepubliceerde_database" not in {e.step_key for e in resultaat.all_events if e.is_step_success}
    assert not (tmp_path / "data" / "jgz.duckdb").exists()
    assert not list((tmp_path / "data").rglob("*.run-*"))  # the work file is gone too
    assert _eerste_fout(resultaat) == "controle waarde_in_bereik faalt"
