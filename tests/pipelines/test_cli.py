"""The command line as scripts use it: commands, Dutch output and exit codes."""

import shutil
from datetime import date

import duckdb
import pytest

from bronnen.genereer import genereer
from tests.conftest import instellingen
from tests.hulp import jgz, jgz_hier


def test_zonder_opdracht_is_gebruiksfout(omgeving):
    r = jgz(omgeving)  # once as a real process: the exit code as a script sees it
    assert r.returncode == 2
    assert "opdrachten" in r.stdout


def test_onbekende_optie_is_gebruiksfout(omgeving, capsys):
    code, _, fout = jgz_hier(capsys, omgeving, "run", "--onbekend")
    assert code == 2
    assert "onbekende argumenten" in fout


def test_help_is_nederlands(omgeving, capsys):
    for opdracht in ("genereer", "valideer", "run", "demo", "exporteer-aggregaten"):
        code, uit, _ = jgz_hier(capsys, omgeving, opdracht, "--help")
        assert code == 0
        assert "Gebruik:" in uit and "Voorbeeld" in uit


def test_lege_inbox_is_geen_fout(omgeving, capsys):
    code, uit, _ = jgz_hier(capsys, omgeving, "run")
    assert code == 0
    assert "Geen nieuwe export" in uit


def test_verkeerde_config_geeft_1(tmp_path, capsys):
    pad = tmp_path / "jgz.toml"
    pad.write_text('[organisatie]\nnaam = "X"\n[[regio]]\nnaam = "A"\ngemeenten = ["GM9999"]\n')
    code, uit, _ = jgz_hier(capsys, pad, "run")
    assert code == 1
    assert "GM9999" in uit


def test_genereer_valideer_en_weigering(omgeving, tmp_path, capsys):
    doel = tmp_path / "export"
    code, uit, fout = jgz_hier(capsys, omgeving, "genereer", "--kinderen", "200", "--met-fouten", str(doel))
    assert code == 0, uit + fout
    code, uit, _ = jgz_hier(capsys, omgeving, "valideer", str(doel))
    assert code == 0, uit
    assert "sluit" in uit and "gesplitste gemeente" in uit and "regel" in uit
    (doel / "elementen.csv").write_bytes((doel / "elementen.csv").read_bytes()[:-200])
    code, uit, _ = jgz_hier(capsys, omgeving, "valideer", str(doel))
    assert code == 1
    assert "sha256" in uit and "geweigerd" in uit


def test_geen_waarschuwingen_van_bibliotheken_voor_de_gebruiker(gedeelde_run):
    # Dagster's BetaWarning (backfill_policy) and the Jupyter kernel's TCP warning were printed on every
    # run: noise the informatiemanager can do nothing about, and it hides the messages that matter
    for opdracht, r in gedeelde_run.uitvoer.items():
        uitvoer = r.stdout + r.stderr
        assert "Warning" not in uitvoer and "warn(" not in uitvoer, (opdracht, uitvoer[-2000:])


@pytest.mark.traag
def test_run_idempotent_en_oudere_export(gedeelde_run, tmp_path, capsys):
    """Starts from a copy of the shared run (export of 2025-02-03 published, with factsheets)."""
    config = gedeelde_run.kopie(tmp_path / "omgeving")
    db = tmp_path / "omgeving" / "data" / "jgz.duckdb"
    outbox = tmp_path / "omgeving" / "uitvoer" / "factsheets" / "2024"
    inhoud, manifest = db.read_bytes(), (outbox / "manifest.csv").read_bytes()
    oud = tmp_path / "jan"
    genereer(oud, instellingen(kinderen=300, aanmaakdatum=date(2025, 1, 6)))
    # the same export again changes nothing
    r = jgz(config, "run", "--export", str(tmp_path / "omgeving" / "data" / "inbox" / "export-2025-02-03"))
    assert r.returncode == 0 and "al ingelezen" in r.stdout
    assert db.read_bytes() == inhoud
    # an older export is refused unless forced
    code, uit, _ = jgz_hier(capsys, config, "run", "--export", str(oud), "--zonder-factsheets")
    assert code == 1 and "--forceer" in uit
    assert db.read_bytes() == inhoud
    code, uit, _ = jgz_hier(capsys, config, "run", "--export", str(oud), "--forceer", "--zonder-factsheets")
    assert code == 0, uit
    con = duckdb.connect(str(db), read_only=True)
    try:
        exports = con.execute("select aanmaakdatum, geforceerd from beheer.exports order by ingelezen_op").fetchall()
        assert [(str(a), g) for a, g in exports] == [("2025-02-03", False), ("2025-01-06", True)]
        assert con.execute("select factsheets from beheer.runs order by gestart_op").fetchall() == [(2,), (0,)]
    finally:
        con.close()
    # without factsheets the outbox is left as it was
    assert (outbox / "manifest.csv").read_bytes() == manifest


def test_run_pakt_nieuwste_nieuwe_export_uit_de_inbox(omgeving, tmp_path, capsys):
    inbox = tmp_path / "data" / "inbox"
    for d in ("2025-01-06", "2025-02-03"):
        genereer(inbox / f"export-{d}", instellingen(kinderen=100, aanmaakdatum=date.fromisoformat(d)))
    shutil.make_archive(str(inbox / "kapot"), "zip", inbox / "export-2025-01-06")
    (inbox / "kapot.zip").write_bytes(b"PK-afgebroken")
    code, uit, _ = jgz_hier(capsys, omgeving, "run", "--zonder-factsheets")
    assert code == 0, uit
    assert "export-2025-02-03" in uit and "kapot.zip" in uit
    con = duckdb.connect(str(tmp_path / "data" / "jgz.duckdb"), read_only=True)
    assert str(con.execute("select aanmaakdatum from beheer.exports").fetchone()[0]) == "2025-02-03"
    # no factsheets were made: the outbox is empty
    assert not list((tmp_path / "uitvoer" / "factsheets").glob("*/index.html"))


def test_periode_wordt_gecontroleerd_voor_er_iets_loopt(omgeving, tmp_path, capsys):
    """`--periode "2024/../../x"` once wrote factsheets outside the outbox (issue 11, item 5)."""
    genereer(tmp_path / "data" / "inbox" / "e", instellingen(kinderen=20))
    for periode in ("2024/../../x", "2024-Q5", "../../etc"):
        code, _, fout = jgz_hier(capsys, omgeving, "run", "--periode", periode)
        assert code == 2, periode
        assert "periode" in fout and "JJJJ-Qn" in fout
    assert not (tmp_path / "data" / "jgz.duckdb").exists()
