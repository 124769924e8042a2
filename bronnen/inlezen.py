"""Checking and ingesting a BDS export: classification of every row, quarantine, typed records.

Every data row ends in exactly one of: stored, quarantined, deduplicated, dropped for privacy,
dropped as unused element. When several outcomes apply, the first of the contract's list wins:
structural fault; privacy drop; unused element; exact duplicate; wrong place; invalid value; dossier
quarantined (geboortedatum); activity quarantined; conflicting values; vaccination quarantined;
split gemeente; stored. All work is set-based SQL in DuckDB on temp tables of the connection, so raw
rows never reach a database file. The SQL lives in bronnen/sql/, one statement per file; values are
bound parameters ($naam), and every insert names its columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import duckdb

from bronnen import referentie
from bronnen.export import (
    MAX_STRUCTUREEL,
    OPEN_AANHALINGSTEKEN,
    TE_LANG,
    Bestandscontrole,
    Export,
    ExportGeweigerd,
    bewaak,
    controleer_bestand,
    records_bron,
)
from bronnen.pseudoniem import registreer
from bronnen.tabellen import maak_tabellen

SQL = Path(__file__).with_name("sql")  # the ingest's SQL, one statement per file
_PARAMETER = re.compile(r"\$([a-z_]+)")


@cache
def sql(naam: str) -> str:
    """The text of bronnen/sql/{naam}.sql."""
    return (SQL / f"{naam}.sql").read_text(encoding="utf-8")


def voer_uit(con: duckdb.DuckDBPyConnection, naam: str, **parameters) -> duckdb.DuckDBPyConnection:
    """Run bronnen/sql/{naam}.sql with its named parameters ($naam) bound, never formatted in."""
    tekst = sql(naam)
    nodig = set(_PARAMETER.findall(tekst))
    if nodig - parameters.keys():
        raise TypeError(f"{naam}.sql mist parameters: {sorted(nodig - parameters.keys())}")
    return con.execute(tekst, {k: v for k, v in parameters.items() if k in nodig} or None)


# reden_code -> words (Dutch). The order is the contract's order of precedence.
REDENEN: dict[str, str] = {
    "regel_te_lang": "regel langer dan 64 KiB (inhoud niet gelezen)",
    "aanhalingsteken_open": "waarde tussen aanhalingstekens sluit niet (binnen 64 KiB)",
    "velden": "verkeerd aantal velden (verwacht 6)",
    "dossier_leeg": "dossiernummer ontbreekt",
    "dossier_te_lang": "dossiernummer langer dan 15 tekens",
    "element_geen_getal": "element is geen geheel getal",
    "instantie_ongeldig": "instantie is geen geheel getal van minstens 1",
    "verkeerde_plaats": "rij op de verkeerde plaats (activiteit, groep of instantie past niet bij het element)",
    "lege_waarde": "lege waarde",
    "ongeldige_datum": "geen bestaande datum",
    "ongeldige_code": "code buiten het waardendomein van het element",
    "onbekende_gemeente": "onbekende gemeentecode (niet actueel en niet in de herindelingen)",
    "ongeldige_waarde": "ongeldige waarde voor dit element",
    "geboortedatum_ontbreekt": "dossier zonder geldige geboortedatum",
    "geboortedatum_conflict": "dossier met tegenstrijdige geboortedata",
    "geboortedatum_na_aanmaak": "dossier met geboortedatum na de aanmaakdatum",
    "activiteit_datum": "activiteit zonder precies één geldige datum (724)",
    "activiteit_soort": "activiteit zonder precies één geldige soort (494)",
    "activiteit_na_aanmaak": "activiteit na de aanmaakdatum",
    "activiteit_voor_geboorte": "activiteit voor de geboortedatum",
    "conflict": "tegenstrijdige waarden van een enkelvoudig element",
    "vaccinatie_onvolledig": "vaccinatie zonder geldige datum (1409) of vaccinsoort (461)",
    "gesplitste_gemeente": "gemeentecode van een gesplitste gemeente",
}
STRUCTUREEL = (
    "regel_te_lang",
    "aanhalingsteken_open",
    "velden",
    "dossier_leeg",
    "dossier_te_lang",
    "element_geen_getal",
    "instantie_ongeldig",
)
NIET_KWARANTAINE = ("privacy", "ongebruikt", "duplicaat")


@dataclass
class Verslag:
    """The outcome of checking an export: counts per outcome and quarantine per reason."""

    export: Export
    gelezen: int = 0
    opgeslagen: int = 0
    gekwarantaineerd: int = 0
    ontdubbeld: int = 0
    weggelaten_privacy: int = 0
    weggelaten_ongebruikt: int = 0
    per_reden: list[tuple[str, str, int]] = field(default_factory=list)
    voorbeelden: dict[str, list[int]] = field(default_factory=dict)
    ongebruikte_elementen: list[tuple[str, int]] = field(default_factory=list)
    geweigerd: str | None = None

    @property
    def sluit(self) -> bool:
        """Rows read = stored + quarantined + deduplicated + dropped."""
        return self.gelezen == (
            self.opgeslagen
            + self.gekwarantaineerd
            + self.ontdubbeld
            + self.weggelaten_privacy
            + self.weggelaten_ongebruikt
        )

    def afstemming(self) -> list[tuple[str, int]]:
        return [
            ("gelezen", self.gelezen),
            ("opgeslagen", self.opgeslagen),
            ("in kwarantaine", self.gekwarantaineerd),
            ("ontdubbeld", self.ontdubbeld),
            ("weggelaten (privacy)", self.weggelaten_privacy),
            ("weggelaten (ongebruikt element)", self.weggelaten_ongebruikt),
        ]


def _laad_referentie(con: duckdb.DuckDBPyConnection) -> None:
    voer_uit(con, "ref_tabellen")
    con.executemany(
        "insert into ref_element (el, niveau, e_groep, type, domein, meervoudig, gebruik) values (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                int(r["element"]),
                r["niveau"],
                r["groep"] or None,
                r["type"] or None,
                r["domein"] or None,
                r["meervoudig"] == "true",
                r["gebruik"],
            )
            for r in referentie.elementen()
        ],
    )
    waarden = [(d, c, c) for d, c in referentie.codelijsten()]
    waarden += [("gemeente", gba, cbs if cbs else f"gesplitst:{gba}") for gba, cbs, _ in referentie.gba_codes()]
    waarden += [("vaccin", c, c) for c in referentie.vaccinsoorten()]
    con.executemany("insert into ref_waarde (sleutel, code, betekenis) values (?, ?, ?)", waarden)
    con.executemany("insert into redenen (code, reden) values (?, ?)", list(REDENEN.items()))
    voer_uit(con, "ref_soort", pad=str(referentie.BDS / "soort_activiteit.csv"))
    voer_uit(con, "ref_status", pad=str(referentie.BDS / "status_activiteit.csv"))


def bewaarde_elementen() -> list[int]:
    return [int(r["element"]) for r in referentie.elementen() if r["gebruik"] == "gebruikt"]


# outcomes that come before "exact duplicate" in the contract's order
VOOR_DUPLICAAT = [*STRUCTUREEL, "privacy", "ongebruikt"]

# The stages after the per-row checks, in the contract's order (bronnen/sql/stap_*.sql). Duplicates
# and conflicts can only occur among rows that share (dossier, activiteit, groep, instantie, element);
# the first stage finds those few rows (`kandidaat`), so both stages work on a small table.
STAPPEN = sorted(p.stem for p in SQL.glob("stap_*.sql"))


def lees_rijen(con: duckdb.DuckDBPyConnection, bron: str) -> int:
    """Read relation `bron` once into temp table `rij` with each row's per-row outcome; return the count."""
    _laad_referentie(con)
    # `bron` is the reader's query (bronnen.export.records_bron), not a value: the view names it
    con.execute(f"create or replace temp view bron_records as select * from {bron}")
    voer_uit(con, "classificeer", te_lang=TE_LANG, open_aanhalingsteken=OPEN_AANHALINGSTEKEN)
    con.execute("drop view bron_records")
    con.execute("drop table if exists ruw")
    return con.execute("select count(*) from rij").fetchone()[0]


def classificeer(con: duckdb.DuckDBPyConnection, aanmaakdatum: date, voortgang=None) -> None:
    """The stages after the per-row checks on temp table `rij` (fase NULL = stored)."""
    for i, stap in enumerate(STAPPEN):
        voer_uit(con, stap, aanmaakdatum=aanmaakdatum, voor_duplicaat=VOOR_DUPLICAAT)
        if voortgang:
            voortgang(i)
    con.execute("drop table if exists kandidaat")


def maak_verslag(con: duckdb.DuckDBPyConnection, export: Export, gelezen: int) -> Verslag:
    v = Verslag(export=export, gelezen=gelezen)
    tellingen = dict(con.execute("select coalesce(fase, 'opgeslagen'), count(*) from rij group by 1").fetchall())
    v.opgeslagen = tellingen.pop("opgeslagen", 0)
    v.ontdubbeld = tellingen.pop("duplicaat", 0)
    v.weggelaten_privacy = tellingen.pop("privacy", 0)
    v.weggelaten_ongebruikt = tellingen.pop("ongebruikt", 0)
    v.gekwarantaineerd = sum(tellingen.values())
    v.per_reden = [(c, REDENEN[c], tellingen[c]) for c in REDENEN if tellingen.get(c)]
    for code, regels in con.execute(
        """
        select fase, list(regel order by regel)[1:5] from rij
        where fase is not null and fase not in ('privacy', 'ongebruikt', 'duplicaat')
        group by fase
        """
    ).fetchall():
        v.voorbeelden[code] = regels
    v.ongebruikte_elementen = con.execute(
        "select element, count(*) from rij where fase = 'ongebruikt' group by 1 order by 2 desc, 1"
    ).fetchall()
    structureel = sum(tellingen.get(c, 0) for c in STRUCTUREEL)
    if gelezen and structureel / gelezen > MAX_STRUCTUREEL:
        v.geweigerd = (
            f"{structureel} van de {gelezen} datarijen ({structureel / gelezen:.1%}) zijn "
            "structureel fout (te lange regel, open aanhalingsteken, aantal velden, dossiernummer, element of "
            "instantie); boven de 1% "
            "wordt de export geweigerd. Vraag een herstelde export aan."
        )
    return v


def controleer(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    werkmap: Path | None = None,
    voortgang: Callable[[str], None] | None = None,
) -> Verslag:
    """Check an export completely in `con` (temp tables only). Raises ExportGeweigerd on refusal;
    no parser's own message (which may quote a line) gets out (bronnen.export.bewaak)."""
    with bewaak(export.manifest.bestandsnaam):
        return _controleer(con, export, werkmap, voortgang)


def _controleer(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    werkmap: Path | None = None,
    voortgang: Callable[[str], None] | None = None,
) -> Verslag:
    meld = voortgang or (lambda _: None)
    m = export.manifest
    meld("controle van checksum en tekencodering")
    controle: Bestandscontrole = controleer_bestand(export, werkmap)
    try:
        meld("records lezen")
        gelezen = lees_rijen(con, records_bron(con, export, controle, bewaarde_elementen()))
    finally:
        if controle.tijdelijk:
            controle.leespad.unlink(missing_ok=True)
    if gelezen != m.rijen:
        raise ExportGeweigerd(
            f"bevat {gelezen} datarijen, maar manifest.json noemt er {m.rijen}: de export is "
            "onvolledig of beschadigd overgekomen. Vraag de export opnieuw aan; er is niets gewijzigd.",
            bestand=m.bestandsnaam,
        )
    meld("rijen controleren")
    classificeer(con, m.aanmaakdatum)
    verslag = maak_verslag(con, export, gelezen)
    if verslag.geweigerd:
        raise ExportGeweigerd(verslag.geweigerd, bestand=m.bestandsnaam)
    return verslag


RECORDS = ("kinderen", "adressen", "scholen", "activiteiten", "vaccinaties")  # bronnen/sql/intern_*.sql


def schrijf(
    con: duckdb.DuckDBPyConnection,
    verslag: Verslag,
    sleutel: bytes,
    geforceerd: bool = False,
) -> None:
    """Replace the intern record tables with this export's and record it in beheer.* (same con)."""
    export = verslag.export
    m = export.manifest
    registreer(con, sleutel)
    voer_uit(con, "pseudo")
    maak_tabellen(con)
    voer_uit(con, "activiteiten")
    for naam in RECORDS:
        # by name: the select names every column, so the order in bronnen/tabellen.py does not matter
        con.execute(f"delete from intern.{naam}")
        con.execute(f"insert into intern.{naam} by name {sql(f'intern_{naam}')}")
    con.execute("drop table act")
    con.execute("delete from beheer.kwarantaine where export_id = ?", [export.export_id])
    voer_uit(con, "kwarantaine", export_id=export.export_id)
    con.execute("delete from beheer.weggelaten_elementen where export_id = ?", [export.export_id])
    voer_uit(con, "weggelaten_elementen", export_id=export.export_id)
    kinderen = con.execute("select count(*) from intern.kinderen").fetchone()[0]
    con.execute("delete from beheer.exports where export_id = ?", [export.export_id])
    voer_uit(
        con,
        "exports",
        export_id=export.export_id,
        bestandsnaam=export.bron.name,
        organisatie=m.organisatie,
        bds_versie=m.bds_versie,
        aanmaakdatum=m.aanmaakdatum,
        codering="windows-1252" if m.codering == "cp1252" else "utf-8",
        rijen=verslag.gelezen,
        opgeslagen=verslag.opgeslagen,
        gekwarantaineerd=verslag.gekwarantaineerd,
        ontdubbeld=verslag.ontdubbeld,
        weggelaten_privacy=verslag.weggelaten_privacy,
        weggelaten_ongebruikt=verslag.weggelaten_ongebruikt,
        kinderen=kinderen,
        kinderen_zonder_woongemeente=_zonder_woongemeente(con, m.aanmaakdatum),
        geforceerd=geforceerd,
    )


def _zonder_woongemeente(con: duckdb.DuckDBPyConnection, peil: date) -> int:
    """Children without a usable gemeente on `peil` (bronnen/sql/woongemeente.sql)."""
    return con.execute(
        f"select count(*) from intern.kinderen k left join ({sql('woongemeente')}) w using (kind_id) "
        "where w.gemeente_code is null",
        {"peildatum": peil},
    ).fetchone()[0]


class AlIngelezen(Exception):
    """This export (same sha256) was ingested before: ingesting it again changes nothing."""


def _nieuwste(con: duckdb.DuckDBPyConnection) -> tuple[str, date, int] | None:
    """(export_id, aanmaakdatum, kinderen) of the ingested export with the newest aanmaakdatum."""
    return con.execute(
        "select export_id, aanmaakdatum, kinderen from beheer.exports "
        "order by aanmaakdatum desc, ingelezen_op desc limit 1"
    ).fetchone()


def nieuwste_export(con: duckdb.DuckDBPyConnection) -> tuple[str, date] | None:
    """(export_id, aanmaakdatum) of the ingested export with the newest aanmaakdatum, if any.

    Not beheer.huidige_export (the one ingested last): after `--forceer` with an older export the
    current export is older than this one, and an export older than this one still needs --forceer.
    """
    rij = _nieuwste(con)
    return None if rij is None else rij[:2]


def vorige_omvang(con: duckdb.DuckDBPyConnection) -> tuple[date, int] | None:
    """(aanmaakdatum, kinderen) of the newest ingested export, if any."""
    rij = _nieuwste(con)
    return None if rij is None else rij[1:]


def controleer_omvang(con: duckdb.DuckDBPyConnection, export: Export, vorige: tuple[date, int] | None) -> None:
    """Refuse (unless forced: the caller decides) an export without dossiers, or with fewer than half
    the dossiers of the newest ingested one (`vorige`: its aanmaakdatum and kinderen): a truncated or
    wrong extract would wipe the published figures. Needs temp table `rij` (after `controleer`)."""
    dossiers = con.execute("select count(distinct dossier) from rij where fase is null").fetchone()[0]
    aantal = vorige[1] if vorige else None
    if dossiers == 0:
        reden = "bevat geen dossiers met gegevens die opgeslagen worden"
    elif aantal and dossiers * 2 < aantal:
        reden = "bevat minder dan de helft van de dossiers van de nieuwste ingelezen export"
    else:
        return
    daar = f"; de nieuwste ingelezen export ({vorige[0]:%d-%m-%Y}) had er {aantal}" if aantal is not None else ""
    raise ExportGeweigerd(
        f"{reden}: {dossiers} dossiers{daar}. Een afgebroken of verkeerde export zou alle gepubliceerde cijfers "
        "wissen. Controleer de export; gebruik jgz run --forceer als hij toch klopt.",
        bestand=export.bron.name,
    )


def lees_in(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    sleutel: bytes,
    forceer: bool = False,
    werkmap: Path | None = None,
    voortgang: Callable[[str], None] | None = None,
) -> Verslag:
    """Check `export` completely and, when accepted, make it the current state in `con`.

    Refusals raise before any table is touched: ExportGeweigerd, or AlIngelezen for the same export.
    """
    m = export.manifest
    bekend = con.execute("select count(*) from beheer.exports where export_id = ?", [export.export_id]).fetchone()[0]
    if bekend:
        raise AlIngelezen(
            f"De export {export.bron.name} (aanmaakdatum {m.aanmaakdatum:%d-%m-%Y}) is al eerder "
            "ingelezen; er verandert niets."
        )
    nieuwste = nieuwste_export(con)
    if nieuwste and m.aanmaakdatum < nieuwste[1] and not forceer:
        raise ExportGeweigerd(
            f"de aanmaakdatum {m.aanmaakdatum:%d-%m-%Y} is ouder dan die van de nieuwste "
            f"ingelezen export ({nieuwste[1]:%d-%m-%Y}). Gebruik --forceer als u deze oudere "
            "export toch als huidige stand wilt inlezen.",
            bestand=export.bron.name,
        )
    verslag = controleer(con, export, werkmap, voortgang)
    if not forceer:
        controleer_omvang(con, export, vorige_omvang(con))
    if voortgang:
        voortgang("opslaan in intern.*")
    with bewaak(m.bestandsnaam):
        schrijf(
            con,
            verslag,
            sleutel,
            geforceerd=forceer and nieuwste is not None and m.aanmaakdatum < nieuwste[1],
        )
    return verslag
