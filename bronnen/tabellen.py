"""The record and management tables of the DuckDB file, with their COMMENTs (the data dictionary).

Column names here are a contract for the epidemiologists: add columns, never rename them.
"""

from __future__ import annotations

import duckdb

Kolom = tuple[str, str, str]

TABELLEN: dict[str, tuple[str, list[Kolom]]] = {
    "intern.kinderen": (
        "Eén rij per kind (dossier) uit de nieuwste export; gepseudonimiseerd.",
        [
            (
                "kind_id",
                "VARCHAR",
                "Pseudoniem van het dossiernummer (HMAC-SHA256, sleutel buiten de repository)",
            ),
            (
                "geslacht",
                "VARCHAR",
                "Geslacht, BDS 19 (W0023: 0 onbekend, 1 man, 2 vrouw, 3 niet gespecificeerd)",
            ),
            ("geboortedatum", "DATE", "Geboortedatum, BDS 20"),
            ("datum_overlijden", "DATE", "Datum overlijden, BDS 21"),
            ("land_herkomst", "VARCHAR", "Land vanwaar ingeschreven, BDS 26 (GBA-tabel 34)"),
            ("datum_vestiging", "DATE", "Datum vestiging in Nederland, BDS 27"),
            ("asielzoekerkind", "BOOLEAN", "Asielzoekerkind, BDS 28"),
            ("datum_vertrek", "DATE", "Datum vertrek uit Nederland, BDS 29"),
            (
                "dossier_status",
                "VARCHAR",
                "Dossierstatus, BDS 696 (W0002); speelt geen rol in indicatoren",
            ),
            (
                "status_in_zorg",
                "VARCHAR",
                "Status in zorg, BDS 1197 (W0625); speelt geen rol in indicatoren",
            ),
            (
                "zorgbeeindiging",
                "VARCHAR",
                "Zorgbeëindiging, BDS 487 (W0626); speelt geen rol in indicatoren",
            ),
            ("datum_zorgbeeindiging", "DATE", "Datum zorgbeëindiging, BDS 488"),
        ],
    ),
    "intern.adressen": (
        "Adressen (BDS-groep G001) per kind, één rij per groepsinstantie.",
        [
            ("kind_id", "VARCHAR", "Pseudoniem van het dossier"),
            ("instantie", "INTEGER", "Instantie van de groep G001 in het dossier"),
            ("soort_adres", "VARCHAR", "Soort adres, BDS 8 (W0003: 01 BRP/COA)"),
            ("gemeente_gba", "VARCHAR", "Gemeentecode zoals geëxporteerd, BDS 9 (4 cijfers)"),
            (
                "gemeente_code",
                "VARCHAR",
                "Huidige CBS-gemeentecode (GMxxxx) na herindelingen; NULL als onbekend",
            ),
            ("postcode4", "VARCHAR", "Postcode, alleen de 4 cijfers (BDS 16)"),
            ("startdatum", "DATE", "Startdatum geldigheid, BDS 1453 (NULL: sinds geboorte)"),
            ("einddatum", "DATE", "Einddatum geldigheid, BDS 1454 (NULL: nog geldig); exclusief"),
        ],
    ),
    "intern.activiteiten": (
        "Activiteiten (contactmomenten en andere) per kind, met genormaliseerde BDS 4.0-codes.",
        [
            (
                "activiteit_id",
                "VARCHAR",
                "Pseudoniem van de activiteit (HMAC van dossier en activiteit-ID)",
            ),
            ("kind_id", "VARCHAR", "Pseudoniem van het dossier"),
            ("datum", "DATE", "Datum activiteit, BDS 724"),
            ("soort", "VARCHAR", "Soort activiteit genormaliseerd naar BDS 4.0 (W0188)"),
            (
                "soort_origineel",
                "VARCHAR",
                "Soort activiteit zoals geëxporteerd, BDS 494 (3.x of 4.0)",
            ),
            (
                "uitkomst",
                "VARCHAR",
                "Status activiteit genormaliseerd naar W0690 (01 gerealiseerd, 02 niet verschenen zonder bericht, ...)",
            ),
            ("status_1605", "VARCHAR", "Status activiteit BDS 4.0 (1605) zoals geëxporteerd"),
            ("status_725", "VARCHAR", "Status activiteit BDS 3.x (725) zoals geëxporteerd"),
            (
                "toelichting_495",
                "VARCHAR",
                "Toelichting niet verschenen BDS 3.x (495) zoals geëxporteerd",
            ),
            ("vorm", "VARCHAR", "Vorm activiteit, BDS 1577 (W0679)"),
            ("discipline", "VARCHAR", "Uitvoerende discipline, BDS 1599 (W0686)"),
            ("verzoekers", "VARCHAR[]", "Verzoekers activiteit, BDS 1423 (W0659), gesorteerd"),
            (
                "indicaties",
                "VARCHAR[]",
                "Indicaties activiteit, BDS 1424 (W0619, 48 = verzuim), gesorteerd",
            ),
            ("schoolverzuim", "VARCHAR", "Schoolverzuim (M@ZL), BDS 1601 (W0688)"),
            (
                "advies_deelname",
                "VARCHAR",
                "Advies deelname lesprogramma, BDS 1603 (W0689: 01 kan volledig deelnemen)",
            ),
            ("vaccinatieschema_dktp", "VARCHAR", "Vaccinatieschema DKTP, BDS 1584 (W0681)"),
        ],
    ),
    "intern.vaccinaties": (
        "Vaccinaties (BDS-groep G076), één rij per groepsinstantie binnen een activiteit.",
        [
            (
                "vaccinatie_id",
                "VARCHAR",
                "Activiteit-pseudoniem en instantie: uniek per vaccinatie",
            ),
            ("activiteit_id", "VARCHAR", "Pseudoniem van de activiteit die de vaccinatie bevat"),
            ("kind_id", "VARCHAR", "Pseudoniem van het dossier"),
            ("instantie", "INTEGER", "Instantie van de groep G076 in de activiteit"),
            ("datum", "DATE", "Datum vaccinatie, BDS 1409"),
            ("vaccinsoort", "VARCHAR", "Soort vaccinatie, BDS 461 (RIVM-code)"),
            ("partijnummer", "VARCHAR", "Partijnummer, BDS 472"),
            ("bezwaar", "VARCHAR", "Bezwaar, BDS 683 (W0323); gevuld = geen geldige dosis"),
            ("reden_enting", "VARCHAR", "Reden van enting, BDS 686 (W0417)"),
        ],
    ),
    "intern.scholen": (
        "Scholen (BDS-groep G008) per kind, één rij per groepsinstantie.",
        [
            ("kind_id", "VARCHAR", "Pseudoniem van het dossier"),
            ("instantie", "INTEGER", "Instantie van de groep G008 in het dossier"),
            ("brin", "VARCHAR", "BRIN-nummer van de school, BDS 605"),
            ("schoolnaam", "VARCHAR", "Schoolnaam, BDS 1532"),
            ("soort_onderwijs", "VARCHAR", "Soort onderwijs, BDS 58 (W0081)"),
            ("groep_klas", "VARCHAR", "Groep of klas, BDS 717"),
            ("startdatum", "DATE", "Startdatum geldigheid school, BDS 1473 (NULL: sinds geboorte)"),
            ("einddatum", "DATE", "Einddatum geldigheid school, BDS 1474; exclusief"),
        ],
    ),
    "beheer.exports": (
        "Elke ingelezen export, met de afstemming gelezen = opgeslagen + kwarantaine + ontdubbeld + weggelaten.",
        [
            ("export_id", "VARCHAR", "sha256 van het databestand: herkent dezelfde export"),
            ("bestandsnaam", "VARCHAR", "Naam van de exportmap of het zip-bestand"),
            ("organisatie", "VARCHAR", "Organisatie volgens het manifest"),
            ("bds_versie", "VARCHAR", "BDS-versie volgens het manifest"),
            ("aanmaakdatum", "DATE", "Aanmaakdatum: de export is volledig tot en met deze datum"),
            ("codering", "VARCHAR", "Tekencodering van het databestand"),
            ("rijen", "BIGINT", "Gelezen datarijen (gelijk aan het manifest)"),
            ("opgeslagen", "BIGINT", "Rijen opgeslagen in intern.*"),
            ("gekwarantaineerd", "BIGINT", "Rijen in beheer.kwarantaine"),
            ("ontdubbeld", "BIGINT", "Exacte dubbele rijen (één keer gehouden)"),
            (
                "weggelaten_privacy",
                "BIGINT",
                "Rijen weggelaten om privacy (BSN, namen, adresregels, vrije tekst)",
            ),
            (
                "weggelaten_ongebruikt",
                "BIGINT",
                "Rijen van elementen die de pijplijn niet gebruikt",
            ),
            ("kinderen", "BIGINT", "Kinderen in intern.kinderen"),
            (
                "kinderen_zonder_woongemeente",
                "BIGINT",
                "Kinderen zonder bruikbare gemeente op de aanmaakdatum",
            ),
            ("ingelezen_op", "TIMESTAMP", "Moment van inlezen"),
            ("geforceerd", "BOOLEAN", "Ingelezen met --forceer (ouder dan de nieuwste export)"),
        ],
    ),
    "beheer.kwarantaine": (
        "Rijen die terzijde zijn gelegd, met reden; nooit tekstwaarden, nooit BSN of namen.",
        [
            ("export_id", "VARCHAR", "sha256 van de export"),
            (
                "regel",
                "BIGINT",
                "Fysieke regel in het databestand waar het record begint (kopregel = 1)",
            ),
            (
                "kind_id",
                "VARCHAR",
                "Pseudoniem van het dossier (NULL als het dossiernummer ontbrak)",
            ),
            ("element", "VARCHAR", "BDS ElementID (NULL als het geen getal was)"),
            ("reden_code", "VARCHAR", "Korte vaste code van de reden"),
            ("reden", "VARCHAR", "De reden in woorden"),
            ("waarde", "VARCHAR", "De waarde, alleen bij code- en datumelementen (nooit tekst)"),
        ],
    ),
    "beheer.weggelaten_elementen": (
        "Per export en ElementID: hoeveel rijen zijn weggelaten (privacy of niet gebruikt); waarden nooit.",
        [
            ("export_id", "VARCHAR", "sha256 van de export"),
            ("element", "VARCHAR", "BDS ElementID zoals geëxporteerd"),
            ("reden", "VARCHAR", "privacy of ongebruikt"),
            ("aantal", "BIGINT", "Aantal weggelaten rijen"),
        ],
    ),
    "beheer.runs": (
        "Elke gepubliceerde run (mislukte runs staan in de run-historie van Dagster).",
        [
            ("run_id", "VARCHAR", "Dagster-run-ID"),
            ("export_id", "VARCHAR", "De export die de run las"),
            ("aanmaakdatum", "DATE", "Aanmaakdatum van die export"),
            ("periode", "VARCHAR", "Periode van de factsheets"),
            ("gestart_op", "TIMESTAMP", "Start van de run"),
            ("gepubliceerd_op", "TIMESTAMP", "Moment waarop het bestand werd gepubliceerd"),
            ("rijen", "BIGINT", "Gelezen datarijen"),
            ("opgeslagen", "BIGINT", "Opgeslagen rijen"),
            ("gekwarantaineerd", "BIGINT", "Rijen in kwarantaine"),
            ("ontdubbeld", "BIGINT", "Ontdubbelde rijen"),
            ("weggelaten", "BIGINT", "Weggelaten rijen (privacy en ongebruikt)"),
            ("indicatorwaarden", "BIGINT", "Rijen in publicatie.indicatorwaarden"),
            ("factsheets", "BIGINT", "Gemaakte factsheets"),
            ("mislukte_factsheets", "VARCHAR", "Gemeenten waarvan de factsheet mislukte"),
        ],
    ),
}


def ddl(naam: str) -> str:
    _, kolommen = TABELLEN[naam]
    return f"create table {naam} (" + ", ".join(f"{k} {t}" for k, t, _ in kolommen) + ")"


def kolomnamen(naam: str) -> list[str]:
    return [k for k, _, _ in TABELLEN[naam][1]]


def sql_tekst(s: str) -> str:
    """A SQL string literal, for the few statements that take no bound parameter (COMMENT ON).

    The one place where quoting is written: everywhere else values are bound parameters.
    """
    return "'" + s.replace("'", "''") + "'"


def commentaar(con: duckdb.DuckDBPyConnection, naam: str, omschrijving: str, kolommen) -> None:
    """COMMENT ON the table and each of its columns."""
    con.execute(f"comment on table {naam} is {sql_tekst(omschrijving)}")
    for k, _, tekst in kolommen:
        con.execute(f"comment on column {naam}.{k} is {sql_tekst(tekst)}")


# Views over the tables above: (description, table it reads, the rest of the query after the columns).
VIEWS: dict[str, tuple[str, str, str]] = {
    "beheer.huidige_export": (
        "De export waarvan dit bestand de gegevens bevat: de laatst ingelezen export (na --forceer kan dat "
        "een oudere zijn dan de nieuwste). De enige plek die zegt welke export de huidige is.",
        "beheer.exports",
        "order by ingelezen_op desc, export_id limit 1",
    ),
}


def maak_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the views whose table exists, with the table's column comments."""
    for naam, (omschrijving, bron, rest) in VIEWS.items():
        schema, tabel = bron.split(".")
        if not con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, tabel]
        ).fetchone()[0]:
            continue
        con.execute(f"create or replace view {naam} as select {', '.join(kolomnamen(bron))} from {bron} {rest}")
        con.execute(f"comment on view {naam} is {sql_tekst(omschrijving)}")
        for k, _, tekst in TABELLEN[bron][1]:
            con.execute(f"comment on column {naam}.{k} is {sql_tekst(tekst)}")


def maak_tabellen(con: duckdb.DuckDBPyConnection, namen: list[str] | None = None) -> None:
    """Create the schemas and the given tables (all when None) if missing, with comments, and the views."""
    for schema in ("intern", "beheer", "publicatie"):
        con.execute(f"create schema if not exists {schema}")
    for naam in namen or list(TABELLEN):
        schema, tabel = naam.split(".")
        bestaat = con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
            [schema, tabel],
        ).fetchone()[0]
        if not bestaat:
            con.execute(ddl(naam))
            omschrijving, kolommen = TABELLEN[naam]
            commentaar(con, naam, omschrijving, kolommen)
    maak_views(con)
