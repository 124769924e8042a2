"""The life of the DuckDB file during a run: build beside the published file, publish atomically.

A run writes into a work file next to the published one (same folder, so `os.replace` is atomic).
Readers of the published file are never blocked and never see a half-finished state; a failed run
leaves the last good file in place. One run at a time holds the run lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from bronnen.tabellen import TABELLEN, maak_tabellen, sql_tekst


class RunBezig(Exception):
    """Another run holds the lock."""


def werkpad(database: Path, run_id: str) -> Path:
    return database.parent / f".{database.stem}.run-{run_id[:12]}.duckdb"


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
    pad.parent.mkdir(parents=True, exist_ok=True)
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


def publiceer(database: Path, run_id: str) -> None:
    """Atomically replace the published file by this run's work file."""
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
    os.replace(pad, database)
    dirfd = os.open(database.parent, os.O_DIRECTORY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)


def ruim_op(database: Path, run_id: str | None = None, ouder_dan_s: float = 0) -> None:
    """Remove this run's work file, or stale work files of runs that died (SIGKILL)."""
    if run_id:
        kandidaten = [werkpad(database, run_id)]
    else:
        kandidaten = list(database.parent.glob(f".{database.stem}.run-*.duckdb"))
    nu = time.time()
    for pad in kandidaten:
        for p in (pad, pad.with_name(pad.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                if nu - p.stat().st_mtime >= ouder_dan_s:
                    p.unlink()


def ruim_outbox_op(map_: Path) -> None:
    """Remove half-built outbox folders (.{periode}.run-*) and leftovers of a swap."""
    if not map_.is_dir():
        return
    for pad in map_.iterdir():
        if pad.name.startswith(".") and (".run-" in pad.name or ".oud-" in pad.name) and pad.is_dir():
            shutil.rmtree(pad, ignore_errors=True)


def vervang_map(nieuw: Path, doel: Path) -> None:
    """Replace folder `doel` by folder `nieuw` (same parent): two renames, the old one removed."""
    oud = doel.with_name(f".{doel.name}.oud-{os.getpid()}")
    if doel.exists():
        os.replace(doel, oud)
    os.replace(nieuw, doel)
    shutil.rmtree(oud, ignore_errors=True)
