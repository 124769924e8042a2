"""The table definitions and beheer.huidige_export, the one place that says which export is current."""

from datetime import date, datetime

import duckdb

from bronnen.inlezen import nieuwste_export
from bronnen.tabellen import TABELLEN, kolomnamen, maak_tabellen


def _export(con, export_id: str, aanmaak: date, ingelezen: datetime, geforceerd: bool = False) -> None:
    kolommen = kolomnamen("beheer.exports")
    waarden = {k: None for k in kolommen} | {
        "export_id": export_id,
        "aanmaakdatum": aanmaak,
        "ingelezen_op": ingelezen,
        "geforceerd": geforceerd,
    }
    con.execute(
        f"insert into beheer.exports ({', '.join(kolommen)}) values ({', '.join('?' for _ in kolommen)})",
        [waarden[k] for k in kolommen],
    )


def test_huidige_export_is_de_laatst_ingelezen():
    con = duckdb.connect()
    maak_tabellen(con)
    assert con.execute("select count(*) from beheer.huidige_export").fetchone()[0] == 0
    _export(con, "feb", date(2025, 2, 3), datetime(2025, 2, 4, 6))
    # an older export read later with --forceer: its data is now in the file, so it is current ...
    _export(con, "jan", date(2025, 1, 6), datetime(2025, 2, 5, 6), geforceerd=True)
    assert con.execute("select export_id, aanmaakdatum from beheer.huidige_export").fetchall() == [
        ("jan", date(2025, 1, 6))
    ]
    # ... while the newest aanmaakdatum still decides what counts as older (needs --forceer)
    assert nieuwste_export(con) == ("feb", date(2025, 2, 3))


def test_view_heeft_dezelfde_kolommen_en_commentaar():
    con = duckdb.connect()
    maak_tabellen(con)
    kolommen = con.execute(
        "select column_name, comment from duckdb_columns() where schema_name = 'beheer' and table_name = ? "
        "order by column_index",
        ["huidige_export"],
    ).fetchall()
    assert [k for k, _ in kolommen] == kolomnamen("beheer.exports")
    assert [c for _, c in kolommen] == [t for _, _, t in TABELLEN["beheer.exports"][1]]
    assert con.execute("select comment from duckdb_views() where view_name = 'huidige_export'").fetchone()[0]
