"""The life of the DuckDB file during a run: build beside the published file, publish atomically.

A run writes into a work file next to the published one (same folder, so `os.replace` is atomic).
Readers of the published file are never blocked and never see a half-finished state; a failed run
leaves the last good file in place. One run at a time holds the run lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from bronnen.tabellen import TABELLEN, maak_tabellen, sql_tekst


class RunBezig(Exception):
    """Another run holds the lock."""


def werkmap(database: Path, run_id: str) -> Path:
    """This run's private folder (0700) beside the published file: the work file, its WAL and
    DuckDB's spill files live there, so no umask makes them readable to others. Same file system
    as the published file, so publishing is still one atomic rename."""
    return database.parent / f".{database.stem}.run-{run_id[:12]}"


def werkpad(database: Path, run_id: str) -> Path:
    return werkmap(database, run_id) / f"{database.stem}.duckdb"


@contextlib.contextmanager
def runslot(database: Path) -> Iterator[None]:
    """Hold the run lock for the whole run; a second run refuses at once with a clear message."""
    database.parent.mkdir(parents=True, exist_ok=True)
    pad = database.parent / f".{database.stem}.lock"
    f = pad.open("a+")
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise RunBezig(
                f"Er loopt al een run op {database} (slot {pad.name}). Wacht tot die klaar is en start dan opnieuw."
            ) from e
        yield
    finally:
        f.close()


def privé(pad: Path) -> None:
    """Owner only, whatever the umask: a file 0600; a folder 0700 with everything in it 0600/0700."""
    if pad.is_symlink():
        return
    if pad.is_dir():
        os.chmod(pad, 0o700)
        for map_, mappen, bestanden in os.walk(pad):
            for naam in mappen:
                p = os.path.join(map_, naam)
                if not os.path.islink(p):
                    os.chmod(p, 0o700)
            for naam in bestanden:
                p = os.path.join(map_, naam)
                if not os.path.islink(p):
                    with contextlib.suppress(FileNotFoundError):
                        os.chmod(p, 0o600)
    elif pad.exists():
        os.chmod(pad, 0o600)


DAGSTER_OPSLAG = ("history", "storage", "schedules", "logs", ".logs_queue", "dagster.yaml")


def privé_dagster(home: Path) -> None:
    """Dagster's storage owner-only: the home folder 0700 and Dagster's own entries in it (not
    whatever else a user keeps in a DAGSTER_HOME they chose)."""
    if home.is_dir() and not home.is_symlink():
        os.chmod(home, 0o700)
        for naam in DAGSTER_OPSLAG:
            privé(home / naam)


def _privé_duckdb(pad: Path) -> None:
    for p in (pad, pad.with_name(pad.name + ".wal"), pad.with_name(pad.name + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            privé(p)


def verbind(pad: Path, read_only: bool = False, geheugen: str | None = None) -> duckdb.DuckDBPyConnection:
    """Connect to a DuckDB file; with `geheugen`, DuckDB stays under that limit and spills to <file>.tmp.

    A file opened for writing is made owner-only (0600) at once: it holds pseudonymised records."""
    con = duckdb.connect(str(pad), read_only=read_only, config={"memory_limit": geheugen} if geheugen else {})
    if not read_only:
        _privé_duckdb(pad)
    return con


def open_werkbestand(database: Path, run_id: str, schemas: tuple[str, ...] = ("beheer",), geheugen: str | None = None):
    """Open (creating when needed) this run's work file, with `schemas` carried from the published file.

    A table is copied only when the work file does not have it yet, so a run that ingests copies
    only `beheer` (the history) and a run that only recomputes figures also gets `intern`.
    """
    pad = werkpad(database, run_id)
    database.parent.mkdir(parents=True, exist_ok=True)
    pad.parent.mkdir(mode=0o700, exist_ok=True)
    os.chmod(pad.parent, 0o700)
    con = verbind(pad, geheugen=geheugen)
    if database.exists():
        # a bound parameter: the path may hold any character, an apostrophe included
        con.execute("attach ? as gepubliceerd (read_only)", [str(database)])
        try:
            for schema in schemas:
                _kopieer_schema(con, schema)
        finally:
            con.execute("detach gepubliceerd")
    maak_tabellen(con, [t for t in TABELLEN if t.startswith("beheer.")])
    return con


def _tabellen(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = ? and schema_name = ?",
            [database, schema],
        ).fetchall()
    }


def _kopieer_schema(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    hier = con.execute("select current_database()").fetchone()[0]
    aanwezig = _tabellen(con, hier, schema)
    con.execute(f"create schema if not exists {schema}")
    for tabel in sorted(_tabellen(con, "gepubliceerd", schema) - aanwezig):
        con.execute(f"create table {schema}.{tabel} as select * from gepubliceerd.{schema}.{tabel}")
        _kopieer_commentaar(con, schema, tabel)


def _kopieer_commentaar(con: duckdb.DuckDBPyConnection, schema: str, tabel: str) -> None:
    rij = con.execute(
        "select comment from duckdb_tables() where database_name = 'gepubliceerd' "
        "and schema_name = ? and table_name = ?",
        [schema, tabel],
    ).fetchone()
    if rij and rij[0]:
        con.execute(f"comment on table {schema}.{tabel} is {sql_tekst(rij[0])}")
    for kolom, tekst in con.execute(
        "select column_name, comment from duckdb_columns() where database_name = 'gepubliceerd' "
        "and schema_name = ? and table_name = ? and comment is not null",
        [schema, tabel],
    ).fetchall():
        con.execute(f"comment on column {schema}.{tabel}.{kolom} is {sql_tekst(tekst)}")


class PublicatieOnderbroken(Exception):
    """A publication stopped between its steps; the message (Dutch) says what was published."""


def journaalpad(database: Path) -> Path:
    return database.parent / f".{database.stem}.publicatie.json"


def _fsync_map(map_: Path) -> None:
    dirfd = os.open(map_, os.O_DIRECTORY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)


def _schrijf_journaal(pad: Path, inhoud: dict) -> None:
    tijdelijk = pad.with_name(pad.name + ".deel")
    fd = os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(inhoud, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tijdelijk, pad)
    _fsync_map(pad.parent)


def publiceer(database: Path, run_id: str, outbox_nieuw: Path | None = None, outbox: Path | None = None) -> list[str]:
    """Publish this run: the work file replaces the published database, then `outbox_nieuw` replaces
    the periode's `outbox` (bediening.md, "A run, step by step", step 5). Returns what was published.

    The two replacements are one publication: a journal beside the database, written before them,
    lets `maak_publicatie_af` (the next run, or `jgz run` on the same export) finish what a crash or
    a failure interrupted. A failure in between raises PublicatieOnderbroken saying exactly what
    was published and what not.
    """
    pad = werkpad(database, run_id)
    con = verbind(pad)
    con.execute("checkpoint")
    con.close()
    wal = pad.with_name(pad.name + ".wal")
    if wal.exists():  # after a checkpoint the WAL is empty; never publish a file that needs one
        wal.unlink()
    privé(pad)
    with open(pad, "rb") as f:
        os.fsync(f.fileno())
    journaal = {
        "run_id": run_id,
        "database": str(database),
        "werkbestand": str(pad),
        "inode": pad.stat().st_ino,
        "outbox_nieuw": str(outbox_nieuw) if outbox_nieuw is not None and outbox_nieuw.exists() else None,
        "outbox": str(outbox) if outbox is not None else None,
        "outbox_oud": str(outbox.with_name(f".{outbox.name}.oud-{run_id[:12]}")) if outbox is not None else None,
    }
    _schrijf_journaal(journaalpad(database), journaal)
    return _voer_journaal_uit(journaalpad(database), journaal)


def _voer_journaal_uit(jpad: Path, j: dict) -> list[str]:
    """The steps of a publication, each safe to repeat: a crash anywhere leaves a state the same
    steps finish from."""
    database, werkbestand = Path(j["database"]), Path(j["werkbestand"])
    gedaan: list[str] = []
    if werkbestand.exists():
        os.replace(werkbestand, database)
        _fsync_map(database.parent)
    elif not (database.exists() and database.stat().st_ino == j["inode"]):
        # the new file is gone and was never published: nothing of this publication can be finished
        if j.get("outbox_nieuw"):
            shutil.rmtree(j["outbox_nieuw"], ignore_errors=True)
        jpad.unlink(missing_ok=True)
        raise PublicatieOnderbroken(
            f"Een onderbroken publicatie (run {j['run_id'][:8]}) kon niet worden afgemaakt: het nieuwe "
            f"DuckDB-bestand {werkbestand.name} ontbreekt. Er is niets van gepubliceerd; {database} en de "
            "outbox zijn die van de run daarvoor. Start de run opnieuw."
        )
    map_ = werkbestand.parent
    if map_ != database.parent and map_.name.startswith(f".{database.stem}.run-"):
        shutil.rmtree(map_, ignore_errors=True)  # the run's private folder: only an empty WAL or spill left
    gedaan.append(f"DuckDB-bestand {database}")
    if j.get("outbox_nieuw"):
        nieuw, doel, oud = Path(j["outbox_nieuw"]), Path(j["outbox"]), Path(j["outbox_oud"])
        try:
            if nieuw.exists():
                if doel.exists():
                    if oud.exists():  # a stale leftover under our name: never ours to keep
                        shutil.rmtree(oud)
                    os.replace(doel, oud)
                os.replace(nieuw, doel)
                _fsync_map(doel.parent)
            elif not doel.exists():
                if oud.exists():  # cannot happen after the steps above; never leave no outbox at all
                    os.replace(oud, doel)
                raise FileNotFoundError(f"de nieuwe outbox {nieuw} ontbreekt")
        except OSError as e:
            raise PublicatieOnderbroken(
                f"Gepubliceerd: het DuckDB-bestand {database}. Niet gepubliceerd: de factsheets in {doel} "
                f"({e.strerror or e}); daar staan nog die van de vorige run. De nieuwe factsheets staan klaar in "
                f"{nieuw.name}; los de oorzaak op en start `jgz run` opnieuw: die maakt de publicatie af."
            ) from None
        shutil.rmtree(oud, ignore_errors=True)
        gedaan.append(f"factsheets {doel}")
    jpad.unlink(missing_ok=True)
    _fsync_map(jpad.parent)
    return gedaan


def maak_publicatie_af(database: Path) -> list[str] | None:
    """Finish a publication a crash or a failure interrupted (the caller holds the run lock).
    Returns what it published now, or None when there was nothing to finish."""
    jpad = journaalpad(database)
    j = _lees_journaal(jpad)
    if j is None:
        # written to a temporary name and renamed: a journal that cannot be read was never complete,
        # and so no step of it ran
        jpad.unlink(missing_ok=True)
        return None
    return _voer_journaal_uit(jpad, j)


def _lees_journaal(jpad: Path) -> dict | None:
    """The journal, or None when there is none or it cannot be read."""
    try:
        return json.loads(jpad.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def rond_publicatie_af(database: Path) -> str | None:
    """For the command line: finish an interrupted publication under the run lock; a Dutch line
    saying what was published, or None. A busy run is left alone (it finishes it itself)."""
    if not journaalpad(database).exists():
        return None
    try:
        with runslot(database):
            gedaan = maak_publicatie_af(database)
    except RunBezig:
        return None
    if not gedaan:
        return None
    return "Een onderbroken publicatie is afgemaakt; gepubliceerd: " + " en ".join(gedaan) + "."


def publicatie_stand(database: Path) -> str | None:
    """After a failed run: a Dutch line when a publication is half done (journal present), else None."""
    j = _lees_journaal(journaalpad(database))
    if j is None:
        return None
    if Path(j["werkbestand"]).exists():
        return (
            "De publicatie is onderbroken voordat er iets vervangen was: het vorige DuckDB-bestand en de "
            "outbox staan er nog. De volgende run (of `jgz run`) maakt de publicatie af."
        )
    return (
        f"Gepubliceerd: het DuckDB-bestand {j['database']}. Nog niet gepubliceerd: de factsheets in "
        f"{j.get('outbox')}. De volgende run (of `jgz run`) maakt de publicatie af."
    )


def begin_run(database: Path, outbox_map: Path) -> list[str] | None:
    """Start of a run (the caller holds the run lock): first finish an interrupted publication,
    then remove what runs that died left behind; never the other way round, or the cleanup would
    delete the very files the publication still needs."""
    gedaan = maak_publicatie_af(database)
    ruim_op(database, ouder_dan_s=0)
    ruim_outbox_op(outbox_map, database)
    if os.environ.get("DAGSTER_HOME"):  # also for runs started from the UI (`make dev`), not only `jgz`
        with contextlib.suppress(OSError):
            privé_dagster(Path(os.environ["DAGSTER_HOME"]))
    return gedaan


def _in_journaal(database: Path) -> set[str]:
    """Paths an interrupted publication still needs: never cleaned up."""
    try:
        j = json.loads(journaalpad(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(j.get(k)) for k in ("werkbestand", "outbox_nieuw", "outbox_oud") if j.get(k)}


def ruim_op(database: Path, run_id: str | None = None, ouder_dan_s: float = 0) -> None:
    """Remove this run's private folder (work file, WAL, spill), or those of runs that died
    (SIGKILL); never one that an interrupted publication still needs."""
    if run_id:
        kandidaten = [werkmap(database, run_id)]
    else:
        kandidaten = list(database.parent.glob(f".{database.stem}.run-*"))
    nodig = _in_journaal(database)
    nu = time.time()
    for pad in kandidaten:
        if any(n == str(pad) or n.startswith(str(pad) + os.sep) for n in nodig):
            continue
        with contextlib.suppress(FileNotFoundError):
            if nu - pad.stat().st_mtime < ouder_dan_s:
                continue
            if pad.is_dir() and not pad.is_symlink():
                shutil.rmtree(pad, ignore_errors=True)
            else:  # a work file of the layout before the private folder
                pad.unlink()


def ruim_outbox_op(map_: Path, database: Path | None = None) -> None:
    """Remove half-built outbox folders (.{periode}.run-*) and leftovers of a swap; never one that
    an interrupted publication (the journal beside `database`) still needs."""
    if not map_.is_dir():
        return
    nodig = _in_journaal(database) if database is not None else set()
    for pad in map_.iterdir():
        if str(pad) in nodig:
            continue
        if pad.name.startswith(".") and (".run-" in pad.name or ".oud-" in pad.name) and pad.is_dir():
            shutil.rmtree(pad, ignore_errors=True)
