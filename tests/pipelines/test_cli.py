"""The command line as scripts use it: commands, Dutch output and exit codes."""

import shutil

import duckdb

from tests.hulp import jgz


def test_zonder_opdracht_is_gebruiksfout(omgeving):
    r = jgz(omgeving)
    assert r.returncode == 2
    assert "opdrachten" in r.stdout


def test_onbekende_optie_is_gebruiksfout(omgeving):
    r = jgz(omgeving, "run", "--onbekend")
    assert r.returncode == 2
    assert "onbekende argumenten" in r.stderr


def test_help_is_nederlands(omgeving):
    for opdracht in ("genereer", "valideer", "run", "demo", "exporteer-aggregaten"):
        r = jgz(omgeving, opdracht, "--help")
        assert r.returncode == 0
        assert "Gebruik:" in r.stdout and "Voorbeeld" in r.stdout


def test_lege_inbox_is_geen_fout(omgeving):
    r = jgz(omgeving, "run")
    assert r.returncode == 0
    assert "Geen nieuwe export" in r.stdout


def test_verkeerde_config_geeft_1(tmp_path):
    pad = tmp_path / "jgz.toml"
    pad.write_text('[organisatie]\nnaam = "X"\n[[regio]]\nnaam = "A"\ngemeenten = ["GM9999"]\n')
    r = jgz(pad, "run")
    assert r.returncode == 1
    assert "GM9999" in r.stdout


def test_genereer_valideer_en_weigering(omgeving, tmp_path):
    doel = tmp_path / "export"
    r = jgz(omgeving, "genereer", "--kinderen", "200", "--met-fouten", str(doel))
    assert r.returncode == 0, r.stdout + r.stderr
    r = jgz(omgeving, "valideer", str(doel))
    assert r.returncode == 0, r.stdout
    assert "sluit" in r.stdout and "gesplitste gemeente" in r.stdout and "regel" in r.stdout
    (doel / "elementen.csv").write_bytes((doel / "elementen.csv").read_bytes()[:-200])
    r = jgz(omgeving, "valideer", str(doel))
    assert r.returncode == 1
    assert "sha256" in r.stdout and "geweigerd" in r.stdout


def test_run_idempotent_en_oudere_export(omgeving, tmp_path):
    nieuw, oud = tmp_path / "feb", tmp_path / "jan"
    assert jgz(omgeving, "genereer", "--kinderen", "300", "--aanmaakdatum", "2025-02-03", str(nieuw)).returncode == 0
    assert jgz(omgeving, "genereer", "--kinderen", "300", "--aanmaakdatum", "2025-01-06", str(oud)).returncode == 0
    r = jgz(omgeving, "run", "--export", str(nieuw))
    assert r.returncode == 0, r.stdout + r.stderr
    db = tmp_path / "data" / "jgz.duckdb"
    inhoud = db.read_bytes()
    # the same export again changes nothing
    r = jgz(omgeving, "run", "--export", str(nieuw))
    assert r.returncode == 0 and "al ingelezen" in r.stdout
    assert db.read_bytes() == inhoud
    # an older export is refused unless forced
    r = jgz(omgeving, "run", "--export", str(oud))
    assert r.returncode == 1 and "--forceer" in r.stdout
    assert db.read_bytes() == inhoud
    r = jgz(omgeving, "run", "--export", str(oud), "--forceer")
    assert r.returncode == 0, r.stdout
    con = duckdb.connect(str(db), read_only=True)
    exports = con.execute("select aanmaakdatum, geforceerd from beheer.exports order by ingelezen_op").fetchall()
    assert [(str(a), g) for a, g in exports] == [("2025-02-03", False), ("2025-01-06", True)]
    assert con.execute("select count(*) from beheer.runs").fetchone()[0] == 2


def test_run_pakt_nieuwste_nieuwe_export_uit_de_inbox(omgeving, tmp_path):
    inbox = tmp_path / "data" / "inbox"
    for d in ("2025-01-06", "2025-02-03"):
        assert (
            jgz(
                omgeving,
                "genereer",
                "--kinderen",
                "100",
                "--aanmaakdatum",
                d,
                str(inbox / f"export-{d}"),
            ).returncode
            == 0
        )
    shutil.make_archive(str(inbox / "kapot"), "zip", inbox / "export-2025-01-06")
    (inbox / "kapot.zip").write_bytes(b"PK-afgebroken")
    r = jgz(omgeving, "run")
    assert r.returncode == 0, r.stdout
    assert "export-2025-02-03" in r.stdout and "kapot.zip" in r.stdout
    con = duckdb.connect(str(tmp_path / "data" / "jgz.duckdb"), read_only=True)
    assert str(con.execute("select aanmaakdatum from beheer.exports").fetchone()[0]) == "2025-02-03"
