"""Attacks on what the pipeline keeps on disk (issue 11, item 2 and the Low item on file modes;
bds-export.md "Privacy at the door"): the pseudonym key, the DuckDB files, Dagster's storage."""

import os
import stat
from pathlib import Path

import pytest

from bronnen import pseudoniem
from bronnen.pseudoniem import MIN_BYTES, SleutelFout, sleutel
from pipelines import werk


def _modus(pad: Path) -> int:
    return stat.S_IMODE(os.stat(pad).st_mode)


@pytest.fixture
def zonder_omgeving(monkeypatch):
    monkeypatch.delenv("JGZ_PSEUDONIEM_SLEUTEL", raising=False)


@pytest.fixture
def open_umask():
    """The most careless umask: every file world-readable and -writable unless we say otherwise."""
    oud = os.umask(0)
    yield
    os.umask(oud)


@pytest.mark.parametrize("inhoud", [b"", b"\n", b"   \n", b"a" * (MIN_BYTES - 1), b"a" * (MIN_BYTES - 1) + b"\n"])
def test_korte_sleutel_wordt_geweigerd(tmp_path, zonder_omgeving, inhoud):
    # item 2: an empty key file was accepted and every pseudonym became an HMAC with an empty key
    pad = tmp_path / "pseudoniem.sleutel"
    pad.write_bytes(inhoud)
    with pytest.raises(SleutelFout) as fout:
        sleutel(tmp_path / "jgz.duckdb")
    tekst = str(fout.value)
    assert "te kort" in tekst and str(pad) in tekst and f"minimaal {MIN_BYTES}" in tekst
    assert pad.read_bytes() == inhoud  # never replaced behind the user's back


def test_sleutel_van_32_bytes_is_goed(tmp_path, zonder_omgeving):
    (tmp_path / "pseudoniem.sleutel").write_bytes(b"k" * MIN_BYTES + b"\n")
    assert sleutel(tmp_path / "jgz.duckdb") == b"k" * MIN_BYTES


@pytest.mark.parametrize("waarde", ["", "kort", "test-sleutel-niet-geheim"])
def test_korte_sleutel_uit_de_omgeving_wordt_geweigerd(tmp_path, monkeypatch, waarde):
    monkeypatch.setenv("JGZ_PSEUDONIEM_SLEUTEL", waarde)
    with pytest.raises(SleutelFout, match="JGZ_PSEUDONIEM_SLEUTEL is te kort"):
        sleutel(tmp_path / "jgz.duckdb")
    assert not (tmp_path / "pseudoniem.sleutel").exists()


def test_mislukte_eerste_schrijfactie_laat_geen_sleutel_achter(tmp_path, zonder_omgeving, monkeypatch):
    # item 2: a failed first write (disk full) left exactly such an empty file
    def vol(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pseudoniem.os, "write", vol)
    with pytest.raises(SleutelFout, match="kon niet geschreven worden"):
        sleutel(tmp_path / "jgz.duckdb")
    assert list(tmp_path.iterdir()) == []  # neither a key nor a temporary file
    monkeypatch.undo()
    monkeypatch.delenv("JGZ_PSEUDONIEM_SLEUTEL", raising=False)
    assert len(sleutel(tmp_path / "jgz.duckdb")) >= MIN_BYTES  # the next run makes a good one


def test_nieuwe_sleutel_0600_ook_met_open_umask(tmp_path, zonder_omgeving, open_umask):
    k = sleutel(tmp_path / "jgz.duckdb")
    assert len(k) >= MIN_BYTES
    assert _modus(tmp_path / "pseudoniem.sleutel") == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["pseudoniem.sleutel"]


def test_leesbare_sleutel_wordt_0600(tmp_path, zonder_omgeving):
    pad = tmp_path / "pseudoniem.sleutel"
    pad.write_bytes(b"s" * 64)
    os.chmod(pad, 0o644)
    sleutel(tmp_path / "jgz.duckdb")
    assert _modus(pad) == 0o600


def test_bestaande_sleutel_wordt_nooit_overschreven(tmp_path, zonder_omgeving, monkeypatch):
    # own attack: two first runs at once; the second must not replace a key the first already used
    pad = tmp_path / "pseudoniem.sleutel"
    echte = b"e" * 64
    oud_link = os.link

    def tussendoor(bron, doel):
        pad.write_bytes(echte)  # the other process wins the race
        return oud_link(bron, doel)

    monkeypatch.setattr(pseudoniem.os, "link", tussendoor)
    assert sleutel(tmp_path / "jgz.duckdb") == echte
    assert [p.name for p in tmp_path.iterdir()] == ["pseudoniem.sleutel"]


def test_duckdb_bestanden_alleen_voor_de_eigenaar(tmp_path, open_umask):
    # Low item: the DuckDB file and Dagster's databases were world-readable (0644)
    database = tmp_path / "data" / "jgz.duckdb"
    con = werk.open_werkbestand(database, "run-1234567890")
    con.execute("create table t as select 1 as x")
    con.execute("insert into t values (2)")
    # DuckDB makes its WAL with the umask (0666 here): it lives in the run's private folder
    assert _modus(werk.werkmap(database, "run-1234567890")) == 0o700
    assert (werk.werkpad(database, "run-1234567890").parent / "jgz.duckdb.wal").exists()
    con.close()
    assert _modus(werk.werkpad(database, "run-1234567890")) == 0o600
    werk.publiceer(database, "run-1234567890")
    assert _modus(database) == 0o600
    assert sorted(p.name for p in database.parent.iterdir()) == ["jgz.duckdb"]  # the private folder is gone


def test_dagster_opslag_alleen_voor_de_eigenaar(tmp_path, open_umask):
    home = tmp_path / "dagster"
    (home / "history" / "runs").mkdir(parents=True)
    (home / "history" / "runs.db").write_text("x")
    (home / "storage").mkdir()
    (home / "storage" / "abc.db").write_text("x")
    (home / "van-de-gebruiker.txt").write_text("x")
    werk.privé_dagster(home)
    assert _modus(home) == 0o700
    assert _modus(home / "history") == 0o700 and _modus(home / "history" / "runs") == 0o700
    assert _modus(home / "history" / "runs.db") == 0o600 and _modus(home / "storage" / "abc.db") == 0o600
    assert _modus(home / "van-de-gebruiker.txt") == 0o666  # not ours to change; unreachable in a 0700 folder


def test_jgz_run_met_lege_sleutel_weigert_zonder_traceback(omgeving, tmp_path, zonder_omgeving):
    from tests.hulp import jgz, kind, schrijf_export

    export = schrijf_export(tmp_path / "export", kind("D1", "20230105"))
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "pseudoniem.sleutel").write_bytes(b"")
    r = jgz(omgeving, "run", "--export", str(export), "--forceer")
    uit = r.stdout + r.stderr
    assert r.returncode == 1, uit
    assert "te kort" in uit and "Traceback" not in uit
    assert not (tmp_path / "data" / "jgz.duckdb").exists()
