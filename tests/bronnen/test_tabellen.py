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


def test_sql_van_het_inlezen_in_bestanden_met_parameters():
    """The ingest's SQL lives in bronnen/sql/; every insert names its columns, values are bound."""
    import re
    from pathlib import Path

    import bronnen.inlezen as inlezen

    for pad in Path(inlezen.__file__).with_name("sql").glob("*.sql"):
        tekst = pad.read_text()
        for insert in re.findall(r"insert into [\w.]+[^\n]*", tekst):
            assert " by name" in insert, f"{pad.name}: {insert}"
        assert "{" not in re.sub(r"\{\d+(,\d+)?\}", "", tekst), f"{pad.name}: a placeholder to format"
    bron = Path(inlezen.__file__).read_text()
    assert ".format(" not in bron
    for insert in re.findall(r"insert into [\w.]+ (?:values|select)", bron):
        raise AssertionError(f"inlezen.py: an insert by position: {insert}")


def test_kolomvolgorde_van_een_tabel_verwisselt_niets(tmp_path, monkeypatch):
    """Inserts by name: reversing intern.kinderen's columns in bronnen/tabellen.py once would have
    swapped geboortedatum and datum_overlijden silently (issue 10)."""
    from bronnen import tabellen
    from bronnen.export import open_export
    from bronnen.inlezen import controleer, schrijf
    from tests.hulp import kind, opvulling, schrijf_export

    omschrijving, kolommen = tabellen.TABELLEN["intern.kinderen"]
    monkeypatch.setitem(tabellen.TABELLEN, "intern.kinderen", (omschrijving, list(reversed(kolommen))))
    # one child born 1 March 2020 who died 2 June 2021
    pad = schrijf_export(tmp_path / "e", [*kind("D1", "20200301", extra=["D1;;;;21;20210602"]), *opvulling()])
    con = duckdb.connect()
    with open_export(pad) as e:
        schrijf(con, controleer(con, e), b"k" * 32)
    assert con.execute("select geboortedatum, datum_overlijden from intern.kinderen").fetchall() == [
        (date(2020, 3, 1), date(2021, 6, 2))
    ]
    assert con.execute("select column_name from duckdb_columns() where table_name = 'kinderen' limit 1").fetchone() == (
        "datum_zorgbeeindiging",
    )
