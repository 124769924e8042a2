"""Attacks on the publication (issue 11, item 4; bediening.md "A run, step by step", step 5): a
crash or a failure between replacing the database and the outbox never leaves a database without
its outbox or no outbox at all, the next run finishes it, and the message says what was published."""

import os
from pathlib import Path

import duckdb
import pytest

from pipelines import werk

RUN = "run-nieuw-000000000"


class Crash(BaseException):
    """A stand-in for SIGKILL: nothing after it runs, no `except Exception` catches it."""


def _opzet(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A published database and outbox of the previous run, and this run's new ones beside them."""
    database = tmp_path / "data" / "jgz.duckdb"
    database.parent.mkdir()
    con = duckdb.connect(str(database))
    con.execute("create table versie as select 'oud' as v")
    con.close()
    werk.werkpad(database, RUN).parent.mkdir(mode=0o700)
    con = duckdb.connect(str(werk.werkpad(database, RUN)))
    con.execute("create table versie as select 'nieuw' as v")
    con.close()
    outbox = tmp_path / "uitvoer" / "factsheets" / "2024"
    outbox.mkdir(parents=True)
    (outbox / "index.html").write_text("oud")
    nieuw = outbox.with_name(f".2024.run-{RUN[:12]}")
    nieuw.mkdir()
    (nieuw / "index.html").write_text("nieuw")
    return database, outbox, nieuw


def _versie(database: Path) -> str:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute("select v from versie").fetchone()[0]
    finally:
        con.close()


def _alleen_gepubliceerd(outbox: Path) -> None:
    """Nothing left over beside the outbox (no staging folder, no old copy) or the database."""
    assert sorted(p.name for p in outbox.parent.iterdir()) == ["2024"]
    data = outbox.parents[2] / "data"
    assert sorted(p.name for p in data.iterdir() if p.name != ".jgz.lock") == ["jgz.duckdb"]


def test_gewone_publicatie(tmp_path):
    database, outbox, nieuw = _opzet(tmp_path)
    gedaan = werk.publiceer(database, RUN, nieuw, outbox)
    assert gedaan == [f"DuckDB-bestand {database}", f"factsheets {outbox}"]
    assert _versie(database) == "nieuw" and (outbox / "index.html").read_text() == "nieuw"
    assert not werk.journaalpad(database).exists()
    _alleen_gepubliceerd(outbox)


def _crash_bij(monkeypatch, n: int) -> None:
    """Crash at the n-th os.replace of the publication (after the journal's own rename)."""
    echte = os.replace
    teller = {"n": 0}

    def replace(bron, doel):
        if str(doel).endswith(".publicatie.json"):
            return echte(bron, doel)
        teller["n"] += 1
        if teller["n"] == n:
            raise Crash
        return echte(bron, doel)

    monkeypatch.setattr(werk.os, "replace", replace)


@pytest.mark.parametrize(
    ("n", "database_al_nieuw"),
    [
        (1, False),  # before the database was replaced
        (2, True),  # between the database and the outbox
        (3, True),  # between the outbox's two renames: for a moment no outbox at all
    ],
)
def test_crash_tijdens_publicatie_wordt_afgemaakt(tmp_path, monkeypatch, n, database_al_nieuw):
    database, outbox, nieuw = _opzet(tmp_path)
    _crash_bij(monkeypatch, n)
    with pytest.raises(Crash):
        werk.publiceer(database, RUN, nieuw, outbox)
    monkeypatch.undo()
    assert _versie(database) == ("nieuw" if database_al_nieuw else "oud")
    assert werk.journaalpad(database).exists()
    # the message after a failed run says exactly what was published
    stand = werk.publicatie_stand(database)
    assert ("Gepubliceerd: het DuckDB-bestand" in stand) == database_al_nieuw
    # the next run: finish first, then clean up (a failing later run deleted both leftovers)
    gedaan = werk.begin_run(database, outbox.parent)
    assert gedaan == [f"DuckDB-bestand {database}", f"factsheets {outbox}"]
    assert _versie(database) == "nieuw" and (outbox / "index.html").read_text() == "nieuw"
    assert not werk.journaalpad(database).exists()
    _alleen_gepubliceerd(outbox)
    assert werk.begin_run(database, outbox.parent) is None  # nothing left to finish


def test_opruimen_laat_wat_de_publicatie_nodig_heeft_staan(tmp_path, monkeypatch):
    # item 4: "a later failing run deletes both leftovers" (work file and new outbox)
    database, outbox, nieuw = _opzet(tmp_path)
    _crash_bij(monkeypatch, 1)
    with pytest.raises(Crash):
        werk.publiceer(database, RUN, nieuw, outbox)
    monkeypatch.undo()
    werk.ruim_op(database, ouder_dan_s=0)
    werk.ruim_op(database, RUN)  # the end of the crashed run's own teardown
    werk.ruim_outbox_op(outbox.parent, database)
    assert werk.werkpad(database, RUN).exists() and nieuw.exists()
    assert werk.rond_publicatie_af(database).startswith("Een onderbroken publicatie is afgemaakt")
    assert _versie(database) == "nieuw" and (outbox / "index.html").read_text() == "nieuw"


def test_mislukte_outboxwissel_zegt_wat_wel_gepubliceerd_is(tmp_path, monkeypatch):
    # item 4: the outbox swap failed after the database was replaced; the message said nothing was published
    database, outbox, nieuw = _opzet(tmp_path)
    echte = os.replace

    def replace(bron, doel):
        if Path(bron) == outbox:
            raise PermissionError(13, "Permission denied")
        return echte(bron, doel)

    monkeypatch.setattr(werk.os, "replace", replace)
    with pytest.raises(werk.PublicatieOnderbroken) as fout:
        werk.publiceer(database, RUN, nieuw, outbox)
    tekst = str(fout.value)
    assert f"Gepubliceerd: het DuckDB-bestand {database}" in tekst and "Niet gepubliceerd: de factsheets" in tekst
    assert "Permission denied" in tekst
    # the previous outbox is still whole; the new one waits
    assert (outbox / "index.html").read_text() == "oud" and nieuw.exists()
    monkeypatch.undo()
    assert werk.rond_publicatie_af(database) is not None  # `jgz run` on the same export finishes it
    assert (outbox / "index.html").read_text() == "nieuw"
    _alleen_gepubliceerd(outbox)


def test_verdwenen_werkbestand_publiceert_niets_half(tmp_path, monkeypatch):
    # own attack: the work file is gone before anything was replaced (someone cleaned up by hand)
    database, outbox, nieuw = _opzet(tmp_path)
    _crash_bij(monkeypatch, 1)
    with pytest.raises(Crash):
        werk.publiceer(database, RUN, nieuw, outbox)
    monkeypatch.undo()
    werk.werkpad(database, RUN).unlink()
    with pytest.raises(werk.PublicatieOnderbroken, match="niets van gepubliceerd"):
        werk.maak_publicatie_af(database)
    assert _versie(database) == "oud" and (outbox / "index.html").read_text() == "oud"
    assert not nieuw.exists() and not werk.journaalpad(database).exists()


def test_half_geschreven_journaal_is_geen_publicatie(tmp_path):
    # a crash while writing the journal (written under a temporary name, then renamed)
    database, outbox, nieuw = _opzet(tmp_path)
    werk.journaalpad(database).write_text('{"run_id": "run-')
    assert werk.maak_publicatie_af(database) is None
    assert _versie(database) == "oud"


def test_publicatie_zonder_nieuwe_outbox(tmp_path):
    # a run without factsheets publishes the database alone, and says so
    database, outbox, nieuw = _opzet(tmp_path)
    gedaan = werk.publiceer(database, RUN, outbox.with_name(".2024.run-bestaat-niet"), outbox)
    assert gedaan == [f"DuckDB-bestand {database}"]
    assert (outbox / "index.html").read_text() == "oud"
