"""Every error a user can cause ends in a Dutch message and exit code 1 (2 for usage), never a
traceback (issue 10 item 5, issue 11 "Low"). Each attack's input is made here."""

import errno
import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from bronnen.genereer import genereer
from bronnen.tabellen import maak_tabellen
from tests.conftest import instellingen
from tests.hulp import jgz_hier, schrijf_export


def _geen_traceback(*teksten: str) -> None:
    for t in teksten:
        assert "Traceback" not in t and "Error:" not in t, t


def test_config_ook_na_de_opdracht(omgeving, capsys):
    code, uit, fout = jgz_hier(capsys, None, "run", "--config", str(omgeving))
    assert code == 0 and "Geen nieuwe export" in uit, fout
    # given both ways, the one after the command counts
    code, uit, _ = jgz_hier(capsys, omgeving.with_name("weg.toml"), "run", "--config", str(omgeving))
    assert code == 0


def test_help_zonder_dubbel_gebruik(capsys):
    for opdracht in ("genereer", "valideer", "run", "demo", "exporteer-aggregaten"):
        code, uit, _ = jgz_hier(capsys, None, opdracht, "--help")
        assert code == 0 and uit.startswith("Gebruik: jgz ") and "Gebruik: Gebruik:" not in uit
        assert "--config" in uit


@pytest.mark.parametrize("kinderen", ["1", "10"])
def test_genereer_weinig_kinderen(omgeving, tmp_path, capsys, kinderen):
    code, uit, fout = jgz_hier(capsys, omgeving, "genereer", "--kinderen", kinderen, str(tmp_path / "e"))
    assert code == 0, uit + fout
    assert (tmp_path / "e" / "manifest.json").exists()


@pytest.mark.parametrize(
    ("args", "woord"),
    [
        (["--kinderen", "0"], "minstens 1"),
        (["--kinderen", "-5"], "minstens 1"),
        (["--kinderen", "veel"], "geen geheel getal"),
        (["--kinderen", "3", "--met-fouten"], "minstens 10"),
    ],
)
def test_genereer_gebruiksfout(omgeving, tmp_path, capsys, args, woord):
    code, uit, fout = jgz_hier(capsys, omgeving, "genereer", *args, str(tmp_path / "e"))
    assert code == 2 and woord in fout
    assert not (tmp_path / "e").exists()


def test_genereer_schrijft_nooit_tussen_andermans_bestanden(omgeving, tmp_path, capsys):
    """`jgz genereer /etc` once wrote manifest.json and elementen.csv into /etc."""
    map_ = tmp_path / "etc"
    map_.mkdir()
    (map_ / "hostname").write_text("machine\n")
    code, uit, fout = jgz_hier(capsys, omgeving, "genereer", "--kinderen", "5", str(map_))
    assert code == 1 and "niet leeg" in uit
    assert [p.name for p in map_.iterdir()] == ["hostname"]
    code, uit, _ = jgz_hier(capsys, omgeving, "genereer", "--kinderen", "5", "/etc")
    assert code == 1 and "niet leeg" in uit
    assert not Path("/etc/elementen.csv").exists()


def test_genereer_in_onbeschrijfbare_map(omgeving, tmp_path, capsys):
    (tmp_path / "bestand").write_text("x")
    code, uit, fout = jgz_hier(capsys, omgeving, "genereer", "--kinderen", "5", str(tmp_path / "bestand" / "e"))
    assert code == 1 and "geen map" in uit
    _geen_traceback(uit, fout)


def test_genereer_op_volle_schijf(omgeving, tmp_path, capsys, monkeypatch):
    """A full disk once gave a traceback; the half-written export is removed."""
    import bronnen.genereer

    def vol(doel, *a, **kw):
        (doel / "elementen.csv").write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    doel = tmp_path / "e"
    doel.mkdir()
    monkeypatch.setattr(bronnen.genereer, "genereer", vol)
    code, uit, fout = jgz_hier(capsys, omgeving, "genereer", "--kinderen", "5", str(doel))
    assert code == 1 and "schijf is vol" in uit
    assert list(doel.iterdir()) == []
    _geen_traceback(uit, fout)


def test_verkeerd_configuratietype(tmp_path, capsys):
    pad = tmp_path / "jgz.toml"
    pad.write_text('[organisatie]\nnaam = "X"\n[paden]\ndatabase = 3\n[[regio]]\nnaam = "A"\ngemeenten = ["GM0505"]\n')
    for opdracht in (["run"], ["genereer", str(tmp_path / "e")], ["exporteer-aggregaten"]):
        code, uit, fout = jgz_hier(capsys, pad, *opdracht)
        assert code == 1 and "[paden] database" in uit, opdracht
        _geen_traceback(uit, fout)


@pytest.mark.parametrize("home", ["relatief/dagster", "BESTAND"])
def test_verkeerde_dagster_home(omgeving, tmp_path, capsys, home):
    genereer(tmp_path / "export", instellingen(kinderen=20))
    if home == "BESTAND":
        home = str(tmp_path / "bestand")
        (tmp_path / "bestand").write_text("geen map")
    export = str(tmp_path / "export")
    code, uit, fout = jgz_hier(capsys, omgeving, "run", "--export", export, env={"DAGSTER_HOME": home})
    assert code == 1 and "DAGSTER_HOME" in uit, uit + fout
    _geen_traceback(uit, fout)
    assert not (tmp_path / "data" / "jgz.duckdb").exists()


def test_exporteer_aggregaten_op_bestaand_bestand(omgeving, tmp_path, capsys):
    (tmp_path / "aggregaten.csv").write_text("van iemand anders\n")
    code, uit, fout = jgz_hier(capsys, omgeving, "exporteer-aggregaten", str(tmp_path / "aggregaten.csv"))
    assert code == 1 and "bestaand bestand" in uit
    assert (tmp_path / "aggregaten.csv").read_text() == "van iemand anders\n"
    _geen_traceback(uit, fout)


def test_stuurtekens_uit_de_export_worden_niet_geprint(omgeving, tmp_path, capsys):
    """An escape sequence in the manifest's organisatie once reached the terminal raw."""
    export = schrijf_export(tmp_path / "e", ["D1;;;;19;1"], manifest={"organisatie": "JGZ \x1b]0;weg\x07\x1b[2J Test"})
    code, uit, fout = jgz_hier(capsys, omgeving, "valideer", str(export))
    assert "JGZ" in uit
    assert "\x1b" not in uit + fout and "\x07" not in uit + fout


def test_alles_wat_jgz_print_gaat_zonder_stuurtekens():
    from pipelines.cli import zichtbaar

    assert zichtbaar("JGZ \x1b]0;weg\x07\x1b[2J Test\n\tregel") == "JGZ ]0;weg[2J Test\n\tregel"
    assert zichtbaar("\u202eomgekeerd\x00") == "omgekeerd"


def test_database_bij_een_ander_programma_in_gebruik(omgeving, tmp_path, capsys):
    """Another process holds the published file read-write: a Dutch message, not DuckDB's English."""
    db = tmp_path / "data" / "jgz.duckdb"
    con = duckdb.connect(str(db))
    maak_tabellen(con, ["beheer.exports"])
    con.close()
    genereer(tmp_path / "export", instellingen(kinderen=20))
    houder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print(1, flush=True); time.sleep(60)",
        ],  # noqa: E501
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        houder.stdout.readline()
        code, uit, fout = jgz_hier(capsys, omgeving, "run", "--export", str(tmp_path / "export"))
    finally:
        houder.kill()
        houder.wait()
    assert code == 1 and "geopend door een ander programma" in uit, uit
    assert "Could not set lock" not in uit + fout


def test_tweede_run_binnen_seconden(omgeving, tmp_path):
    """The race: the command line's quick look found no run, but one took the lock just after.
    The run then fails in its resource; the message must say another run is busy."""
    from pipelines.cli import _eerste_fout
    from pipelines.definitions import defs

    genereer(tmp_path / "export", instellingen(kinderen=20))
    slot = tmp_path / "data" / ".jgz.lock"
    houder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import fcntl, time
                f = open({str(slot)!r}, "a+"); fcntl.flock(f, fcntl.LOCK_EX); print(1, flush=True); time.sleep(60)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        houder.stdout.readline()
        resultaat = defs.resolve_job_def("cijferrun").execute_in_process(
            run_config={
                "ops": {"bds_export": {"config": {"export": str(tmp_path / "export")}}},
                "resources": {"jgz": {"config": {"config_pad": str(omgeving)}}},
            },
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
        )
    finally:
        houder.kill()
        houder.wait()
    assert not resultaat.success
    assert _eerste_fout(resultaat).startswith("Er loopt al een run")


def test_onverwachte_fout_zonder_waarden(omgeving, capsys, monkeypatch):
    """The last resort names the kind of error and where, never its message (it may quote a value)."""
    import pipelines.cli

    def stuk(args):
        raise ValueError("BSN 918273645 in regel 3")

    monkeypatch.setattr(pipelines.cli, "cmd_exporteer_aggregaten", stuk)
    parser = pipelines.cli.maak_parser
    monkeypatch.setattr(
        pipelines.cli,
        "maak_parser",
        lambda: _met_functie(parser(), "exporteer-aggregaten", stuk),
    )
    code, uit, fout = jgz_hier(capsys, omgeving, "exporteer-aggregaten")
    assert code == 1 and "Onverwachte fout (ValueError" in uit
    assert "918273645" not in uit + fout


def _met_functie(parser, opdracht, functie):
    for actie in parser._subparsers._group_actions:
        actie.choices[opdracht].set_defaults(functie=functie)
    return parser


def test_database_van_een_oudere_versie(omgeving, tmp_path, capsys):
    """A published file without a table or view the code reads: a Dutch message, not a CatalogException."""
    db = tmp_path / "data" / "jgz.duckdb"
    duckdb.connect(str(db)).close()
    code, uit, fout = jgz_hier(capsys, omgeving, "exporteer-aggregaten")
    assert code == 1 and "mist de tabel of view" in uit and "oudere versie" in uit, uit
    _geen_traceback(uit, fout)
