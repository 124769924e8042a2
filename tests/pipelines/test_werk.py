"""The work file beside the published database: paths with any character (issue 11, item 10)."""

import duckdb

from bronnen.tabellen import maak_tabellen, sql_tekst
from pipelines import werk


def test_pad_met_apostrof_werkt_ook_na_de_eerste_run(tmp_path):
    """'s-Hertogenbosch: the second run attaches the published file, whose path holds an apostrophe."""
    database = tmp_path / "'s-Hertogenbosch" / "jgz.duckdb"
    # first run: builds and publishes a file with history
    con = werk.open_werkbestand(database, "run-een-0000000")
    con.execute("insert into beheer.runs (run_id) values ('run-een')")
    con.close()
    werk.publiceer(database, "run-een-0000000")
    # second run: carries beheer.* forward from the published file
    con = werk.open_werkbestand(database, "run-twee-000000")
    try:
        assert con.execute("select run_id from beheer.runs").fetchall() == [("run-een",)]
        # the comments (with apostrophes of their own, quoted by the one helper) came along
        assert con.execute("select count(*) from duckdb_tables() where comment is null").fetchone()[0] == 0
    finally:
        con.close()


def test_sql_tekst_quoteert_apostrof():
    con = duckdb.connect()
    maak_tabellen(con, ["beheer.runs"])
    for tekst in ("'s-Hertogenbosch", "a''b", "'; drop table beheer.runs; --"):
        assert con.execute(f"select {sql_tekst(tekst)}").fetchone()[0] == tekst
    assert con.execute("select count(*) from beheer.runs").fetchone()[0] == 0


def test_export_in_map_met_apostrof(tmp_path):
    """The reader hands the file's path to DuckDB as a bound parameter: a quote in it changes nothing."""
    from bronnen.export import open_export
    from bronnen.genereer import genereer
    from bronnen.inlezen import controleer
    from tests.conftest import instellingen

    for fouten in (False, True):  # no quotes in the file: DuckDB's reader; with quotes: the full reader
        pad = tmp_path / "'s-Hertogenbosch" / f"export-{fouten}"
        genereer(pad, instellingen(kinderen=50, met_fouten=fouten))
        con = duckdb.connect()
        with open_export(pad) as e:
            verslag = controleer(con, e)
        assert verslag.sluit and verslag.opgeslagen > 0
