"""Privacy scan: distinctive BSNs, names, addresses and free texts planted in an export appear
nowhere afterwards: not in the DuckDB file, not in Dagster's storage or logs, not in the factsheets
or the aggregates, not in command output.

The export is the shared run's (tests/conftest.py plants the values before `jgz valideer`, `jgz run`
and `jgz exporteer-aggregaten`)."""

import duckdb
import pytest

from tests.conftest import GEPLANT

pytestmark = pytest.mark.traag


def test_geplante_gegevens_komen_nergens_terug(gedeelde_run):
    uitvoer = [r.stdout + r.stderr for r in gedeelde_run.uitvoer.values()]
    assert set(gedeelde_run.uitvoer) == {"valideer", "run", "exporteer-aggregaten"}
    inbox = gedeelde_run.map / "data" / "inbox"
    bestanden = [p for p in gedeelde_run.map.rglob("*") if p.is_file() and inbox not in p.parents]
    # the scan covers every kind of output: database, Dagster's storage, factsheets, aggregates
    assert any(p.name == "jgz.duckdb" for p in bestanden)
    assert any("dagster" in p.parts for p in bestanden)
    assert any(p.suffix == ".pdf" for p in bestanden) and any(p.suffix == ".html" for p in bestanden)
    assert any("aggregaten" in p.parts for p in bestanden)
    for naam, waarde in GEPLANT.items():
        for tekst in uitvoer:
            assert waarde not in tekst, f"{naam} in de uitvoer van jgz"
        for p in bestanden:
            inhoud = p.read_bytes()
            for vorm in (waarde.encode(), waarde.encode("utf-16-le")):
                assert vorm not in inhoud, f"{naam} in {p.relative_to(gedeelde_run.map)}"
    # DuckDB compresses strings, so also ask the database itself, column by column
    con = duckdb.connect(str(gedeelde_run.database), read_only=True)
    try:
        for schema, tabel, kolom in con.execute(
            "select schema_name, table_name, column_name from duckdb_columns() where not internal"
        ).fetchall():
            for naam, waarde in GEPLANT.items():
                n = con.execute(
                    f'select count(*) from {schema}.{tabel} where cast("{kolom}" as varchar) like ?',
                    [f"%{waarde}%"],
                ).fetchone()[0]
                assert n == 0, f"{naam} in {schema}.{tabel}.{kolom}"
        # the full postcode is reduced to its four digits
        assert con.execute("select count(*) from intern.adressen where postcode4 = '3311'").fetchone()[0] >= 1
    finally:
        con.close()
