"""Checking and ingesting a BDS export: classification of every row, quarantine, typed records.

Every data row ends in exactly one of: stored, quarantined, deduplicated, dropped for privacy,
dropped as unused element. When several outcomes apply, the first of the contract's list wins:
structural fault; privacy drop; unused element; exact duplicate; wrong place; invalid value; dossier
quarantined (geboortedatum); activity quarantined; conflicting values; vaccination quarantined;
split gemeente; stored. All work is set-based SQL in DuckDB on temp tables of the connection, so raw
rows never reach a database file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
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
    el = referentie.elementen()
    con.execute(
        "create or replace temp table ref_element (el bigint, niveau varchar, e_groep varchar, "
        "type varchar, domein varchar, meervoudig boolean, gebruik varchar)"
    )
    con.executemany(
        "insert into ref_element values (?, ?, ?, ?, ?, ?, ?)",
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
            for r in el
        ],
    )
    waarden = [(d, c, c) for d, c in referentie.codelijsten()]
    waarden += [("gemeente", gba, cbs if cbs else f"gesplitst:{gba}") for gba, cbs, _ in referentie.gba_codes()]
    waarden += [("vaccin", c, c) for c in referentie.vaccinsoorten()]
    con.execute("create or replace temp table ref_waarde (sleutel varchar, code varchar, betekenis varchar)")
    con.executemany("insert into ref_waarde values (?, ?, ?)", waarden)
    for naam, bestand in (
        ("ref_soort", "soort_activiteit.csv"),
        ("ref_status", "status_activiteit.csv"),
    ):
        con.execute(
            f"create or replace temp table {naam} as select * from read_csv(?, all_varchar = true)",
            [str(referentie.BDS / bestand)],
        )


def bewaarde_elementen() -> list[int]:
    return [int(r["element"]) for r in referentie.elementen() if r["gebruik"] == "gebruikt"]


CLASSIFICEER = r"""
create or replace temp table rij as
with basis as (
    select r.regel, r.nvelden, r.dossier, r.activiteit, r.groep, r.instantie, r.element,
           try_cast(r.element as bigint) as el,
           try_cast(r.instantie as bigint) as inst,
           e.niveau, e.e_groep, e.type, e.domein, e.gebruik,
           -- the value only of stored elements: private and unused values are dropped here
           case when e.gebruik = 'gebruikt' and r.nvelden = 6 then r.waarde end as waarde
    from {bron} r
    left join ref_element e on e.el = try_cast(r.element as bigint)
),
betekenis as (
    select b.*,
        case b.type
            when 'datum' then strftime(try_strptime(
                regexp_extract(b.waarde, '^([0-9]{{8}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(?:[T ].*)?$', 1),
                ['%Y%m%d', '%Y-%m-%d']), '%Y-%m-%d')
            when 'boolean' then case when lower(b.waarde) in ('true', 'false') then lower(b.waarde) end
            when 'postcode' then case when regexp_full_match(b.waarde, '[1-9][0-9]{{3}}( ?[A-Za-z]{{2}})?')
                                      then left(b.waarde, 4) end
            when 'tekst' then nullif(b.waarde, '')
            when 'vrije_code' then nullif(b.waarde, '')
            else w.betekenis
        end as betekenis
    from basis b
    left join ref_waarde w
      on w.sleutel = (case when b.type = 'code' then b.domein else b.type end) and w.code = b.waarde
)
-- one outcome per row from the per-row checks, in the contract's order; the later stages only
-- look at rows without one (fase NULL = stored so far)
select regel, dossier, activiteit, groep, instantie, element, el, inst, waarde, betekenis,
    case
        when nvelden = {te_lang} then 'regel_te_lang'
        when nvelden = {open_aanhalingsteken} then 'aanhalingsteken_open'
        when nvelden <> 6 then 'velden'
        when dossier = '' then 'dossier_leeg'
        when length(dossier) > 15 then 'dossier_te_lang'
        when not regexp_full_match(element, '[0-9]+') then 'element_geen_getal'
        when instantie <> '' and coalesce(inst, 0) < 1 then 'instantie_ongeldig'
        when instantie <> '' and not regexp_full_match(instantie, '[0-9]+') then 'instantie_ongeldig'
        when gebruik = 'privacy' then 'privacy'
        when gebruik is null then 'ongebruikt'
        when niveau = 'activiteit' and activiteit = '' then 'verkeerde_plaats'
        when niveau = 'dossier' and activiteit <> '' then 'verkeerde_plaats'
        when (groep = '') <> (instantie = '') then 'verkeerde_plaats'
        when groep <> '' and groep is distinct from e_groep then 'verkeerde_plaats'
        when groep = '' and e_groep in ('G001', 'G008', 'G076') then 'verkeerde_plaats'
        when waarde = '' then 'lege_waarde'
        when betekenis is null then case type
            when 'datum' then 'ongeldige_datum'
            when 'code' then 'ongeldige_code'
            when 'vaccin' then 'ongeldige_code'
            when 'gemeente' then 'onbekende_gemeente'
            else 'ongeldige_waarde' end
    end as fase
from betekenis
"""

# outcomes that come before "exact duplicate" in the contract's order
VOOR_DUPLICAAT = "(" + ", ".join(f"'{c}'" for c in (*STRUCTUREEL, "privacy", "ongebruikt")) + ")"


def _stappen(aanmaakdatum: date) -> list[str]:
    """The stages after the per-row checks, in the contract's order.

    Duplicates and conflicts can only occur among rows that share (dossier, activiteit, groep,
    instantie, element); one pass finds those few rows (`kandidaat`), so both stages work on a small
    table instead of on every row.
    """
    a = f"date '{aanmaakdatum.isoformat()}'"
    return [
        f"""
        create or replace temp table kandidaat as
        select regel, dossier, activiteit, groep, instantie, element, el, inst, waarde, betekenis
        from rij
        where (fase is null or fase not in {VOOR_DUPLICAAT})
          and hash(dossier, activiteit, groep, inst, el) in (
              select hash(dossier, activiteit, groep, inst, el) from rij
              where fase is null or fase not in {VOOR_DUPLICAAT}
              group by 1 having count(*) > 1)
        """,
        # exact duplicates (all six fields) come before the wrong-place and invalid-value outcomes
        """
        update rij set fase = 'duplicaat' where regel in (
            select regel from (
                select regel, row_number() over (
                    partition by dossier, activiteit, groep, instantie, element, waarde
                    order by regel) as nr
                from kandidaat
            ) where nr > 1
        )
        """,
        # dossier: exactly one valid geboortedatum, not after the aanmaakdatum
        f"""
        create or replace temp table dossier_fout as
        with gb as (
            -- "exactly one meaning" is min = max: cheaper than count(distinct) on millions of rows
            select dossier, case when min(betekenis) = max(betekenis) then 1 else 2 end as n,
                   min(betekenis)::date as geboortedatum
            from rij where fase is null and el = 20 group by dossier
        ),
        dossiers as (select distinct dossier from rij where fase is null)
        select d.dossier,
            case when gb.dossier is null then 'geboortedatum_ontbreekt'
                 when gb.n > 1 then 'geboortedatum_conflict'
                 when gb.geboortedatum > {a} then 'geboortedatum_na_aanmaak' end as reden
        from dossiers d left join gb using (dossier)
        where gb.dossier is null or gb.n > 1 or gb.geboortedatum > {a}
        """,
        """
        update rij set fase = f.reden from dossier_fout f
        where rij.fase is null and rij.dossier = f.dossier
        """,
        # activity: exactly one valid date and kind, within [birth, aanmaakdatum]
        f"""
        create or replace temp table activiteit_fout as
        with gb as (
            select dossier, min(betekenis)::date as geboortedatum
            from rij where fase is null and el = 20 group by dossier
        ),
        act as (
            select dossier, activiteit,
                case when min(betekenis) filter (where el = 724) is null then 0
                     when min(betekenis) filter (where el = 724) = max(betekenis) filter (where el = 724) then 1
                     else 2 end as n_datum,
                min(betekenis) filter (where el = 724)::date as datum,
                case when min(betekenis) filter (where el = 494) is null then 0
                     when min(betekenis) filter (where el = 494) = max(betekenis) filter (where el = 494) then 1
                     else 2 end as n_soort
            from rij where fase is null and activiteit <> ''
            group by dossier, activiteit
        )
        select act.dossier, act.activiteit,
            case when n_datum <> 1 then 'activiteit_datum'
                 when n_soort <> 1 then 'activiteit_soort'
                 when datum > {a} then 'activiteit_na_aanmaak'
                 when datum < gb.geboortedatum then 'activiteit_voor_geboorte' end as reden
        from act
        left join gb on gb.dossier = act.dossier
        where n_datum <> 1 or n_soort <> 1 or datum > {a} or datum < gb.geboortedatum
        """,
        """
        update rij set fase = f.reden from activiteit_fout f
        where rij.fase is null and rij.dossier = f.dossier and rij.activiteit = f.activiteit
        """,
        # conflicting values of a single-valued element within its scope (only candidates can conflict)
        """
        update rij set fase = 'conflict' where regel in (
            with bereik as (
                select k.regel, k.dossier, k.activiteit, k.groep, k.inst, k.el, k.betekenis
                from kandidaat k
                join ref_element e on e.el = k.el
                join rij r on r.regel = k.regel
                where r.fase is null and not e.meervoudig and k.el <> 20
            ),
            fout as (
                select dossier, activiteit, groep, inst, el from bereik
                group by all having min(betekenis) <> max(betekenis)
            )
            select b.regel from bereik b
            join fout f on b.dossier = f.dossier and b.activiteit = f.activiteit
             and b.groep = f.groep and b.inst is not distinct from f.inst and b.el = f.el
        )
        """,
        # a vaccination needs a valid date (1409) and vaccine (461)
        """
        update rij set fase = 'vaccinatie_onvolledig' where regel in (
            with vac as (
                select dossier, activiteit, inst,
                    count(*) filter (where el = 1409) as n_datum,
                    count(*) filter (where el = 461) as n_vaccin
                from rij where fase is null and groep = 'G076' group by all
            )
            select r.regel from rij r join vac v
              on r.dossier = v.dossier and r.activiteit = v.activiteit and r.inst = v.inst
            where r.fase is null and r.groep = 'G076' and (v.n_datum = 0 or v.n_vaccin = 0)
        )
        """,
        # an address whose gemeente was split over several successors
        """
        update rij set fase = 'gesplitste_gemeente' where regel in (
            with gesplitst as (
                select distinct dossier, inst from rij
                where fase is null and el = 9 and betekenis like 'gesplitst:%'
            )
            select r.regel from rij r join gesplitst g on r.dossier = g.dossier and r.inst = g.inst
            where r.fase is null and r.groep = 'G001'
        )
        """,
    ]


def lees_rijen(con: duckdb.DuckDBPyConnection, bron: str) -> int:
    """Read relation `bron` once into temp table `rij` with each row's per-row outcome; return the count."""
    _laad_referentie(con)
    con.execute(CLASSIFICEER.format(bron=bron, te_lang=TE_LANG, open_aanhalingsteken=OPEN_AANHALINGSTEKEN))
    con.execute("drop table if exists ruw")
    return con.execute("select count(*) from rij").fetchone()[0]


def classificeer(con: duckdb.DuckDBPyConnection, aanmaakdatum: date, voortgang=None) -> None:
    """The stages after the per-row checks on temp table `rij` (fase NULL = stored)."""
    for i, sql in enumerate(_stappen(aanmaakdatum)):
        con.execute(sql)
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


# one row per stored activity with its pseudonym, computed once (HMAC is the costly part)
ACTIVITEITEN = """
    create or replace temp table act as
    select dossier, activiteit, pseudoniem(dossier || chr(31) || activiteit) as id, * exclude (dossier, activiteit)
    from (
        select dossier, activiteit,
            max(betekenis) filter (where el = 724)::date as datum,
            max(betekenis) filter (where el = 494) as soort_origineel,
            max(betekenis) filter (where el = 1605) as s1605,
            max(betekenis) filter (where el = 725) as s725,
            max(betekenis) filter (where el = 495) as s495,
            max(betekenis) filter (where el = 1577) as vorm,
            max(betekenis) filter (where el = 1599) as discipline,
            list_sort(list_distinct(list(betekenis) filter (where el = 1423))) as verzoekers,
            list_sort(list_distinct(list(betekenis) filter (where el = 1424))) as indicaties,
            max(betekenis) filter (where el = 1601) as verzuim,
            max(betekenis) filter (where el = 1603) as advies,
            max(betekenis) filter (where el = 1584) as schema
        from rij where fase is null and activiteit <> '' and groep = ''
        group by dossier, activiteit
    )
"""

RECORDS = {
    "intern.kinderen": """
        select p.kind_id,
            arg_max(betekenis, regel) filter (where el = 19),
            max(betekenis) filter (where el = 20)::date,
            max(betekenis) filter (where el = 21)::date,
            max(betekenis) filter (where el = 26),
            max(betekenis) filter (where el = 27)::date,
            max(betekenis) filter (where el = 28)::boolean,
            max(betekenis) filter (where el = 29)::date,
            max(betekenis) filter (where el = 696),
            arg_max(betekenis, coalesce(inst, 0)) filter (where el = 1197),
            arg_max(betekenis, coalesce(inst, 0)) filter (where el = 487),
            arg_max(betekenis, coalesce(inst, 0)) filter (where el = 488)::date
        from rij join pseudo p using (dossier)
        where fase is null and activiteit = '' and groep not in ('G001', 'G008')
        group by p.kind_id
    """,
    "intern.adressen": """
        select p.kind_id, inst,
            max(betekenis) filter (where el = 8),
            max(waarde) filter (where el = 9),
            max(betekenis) filter (where el = 9),
            max(betekenis) filter (where el = 16),
            max(betekenis) filter (where el = 1453)::date,
            max(betekenis) filter (where el = 1454)::date
        from rij join pseudo p using (dossier)
        where fase is null and groep = 'G001'
        group by p.kind_id, inst
    """,
    "intern.scholen": """
        select p.kind_id, inst,
            max(betekenis) filter (where el = 605),
            max(betekenis) filter (where el = 1532),
            max(betekenis) filter (where el = 58),
            max(betekenis) filter (where el = 717),
            max(betekenis) filter (where el = 1473)::date,
            max(betekenis) filter (where el = 1474)::date
        from rij join pseudo p using (dossier)
        where fase is null and groep = 'G008'
        group by p.kind_id, inst
    """,
    "intern.activiteiten": """
        select act.id, p.kind_id, datum,
            s.code_40, soort_origineel,
            coalesce(st1.code_40, st2.code_40, st3.code_40, '08'),
            s1605, s725, s495, vorm, discipline, verzoekers, indicaties, verzuim, advies, schema
        from act
        join pseudo p using (dossier)
        left join ref_soort s on s.code_origineel = soort_origineel
        left join ref_status st1 on st1.element = '1605' and st1.code_origineel = s1605
        left join ref_status st2 on st2.element = '495' and st2.code_origineel = s495
        left join ref_status st3 on st3.element = '725' and st3.code_origineel = s725
    """,
    "intern.vaccinaties": """
        with vac as (
            select dossier, activiteit, inst,
                max(betekenis) filter (where el = 1409)::date as datum,
                max(betekenis) filter (where el = 461) as vaccinsoort,
                max(betekenis) filter (where el = 472) as partij,
                max(betekenis) filter (where el = 683) as bezwaar,
                max(betekenis) filter (where el = 686) as reden
            from rij where fase is null and groep = 'G076'
            group by dossier, activiteit, inst
        )
        select a.id || '-' || inst, a.id, p.kind_id, inst, datum, vaccinsoort, partij, bezwaar, reden
        from (select vac.*, coalesce(act.id, pseudoniem(vac.dossier || chr(31) || vac.activiteit)) as id
              from vac left join act using (dossier, activiteit)) a
        join pseudo p using (dossier)
    """,
}


def schrijf(
    con: duckdb.DuckDBPyConnection,
    verslag: Verslag,
    sleutel: bytes,
    geforceerd: bool = False,
) -> None:
    """Replace the intern record tables with this export's and record it in beheer.* (same con)."""
    from bronnen.tabellen import kolomnamen, maak_tabellen

    export = verslag.export
    m = export.manifest
    registreer(con, sleutel)
    con.execute(
        "create or replace temp table pseudo as "
        "select dossier, pseudoniem(dossier) as kind_id from (select distinct dossier from rij "
        "where dossier <> '' and (fase is null or fase not in ('privacy', 'ongebruikt', 'duplicaat')))"
    )
    maak_tabellen(con)
    registreer_redenen(con)
    con.execute(ACTIVITEITEN)
    for naam, sql in RECORDS.items():
        con.execute(f"delete from {naam}")
        con.execute(f"insert into {naam} ({', '.join(kolomnamen(naam))}) {sql}")
    con.execute("drop table act")
    con.execute("delete from beheer.kwarantaine where export_id = ?", [export.export_id])
    con.execute(
        """
        insert into beheer.kwarantaine
        select ?, r.regel, p.kind_id,
            case when regexp_full_match(r.element, '[0-9]{1,9}') then r.element end,
            r.fase, w.reden,
            -- the value only for coded and date elements, and only when it has the shape of a
            -- code or a date: a name or BSN misplaced into a coded field is never kept
            case when r.fase in ('velden', 'dossier_leeg', 'dossier_te_lang',
                                 'element_geen_getal', 'instantie_ongeldig') then null
                 when e.type in ('code', 'gemeente', 'vaccin') and length(r.waarde) <= 4 then r.waarde
                 when e.type = 'datum'
                      and regexp_full_match(r.waarde, '([0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2})([T ][0-9:.]*)?')
                 then left(r.waarde, 10) end
        from rij r
        left join pseudo p using (dossier)
        left join ref_element e on e.el = r.el
        join redenen w on w.code = r.fase
        order by r.regel
        """,
        [export.export_id],
    )
    con.execute("delete from beheer.weggelaten_elementen where export_id = ?", [export.export_id])
    con.execute(
        """
        insert into beheer.weggelaten_elementen
        select ?, case when regexp_full_match(element, '[0-9]{1,9}') then element else '?' end,
               fase, count(*)
        from rij where fase in ('privacy', 'ongebruikt') group by all
        """,
        [export.export_id],
    )
    kinderen = con.execute("select count(*) from intern.kinderen").fetchone()[0]
    con.execute("delete from beheer.exports where export_id = ?", [export.export_id])
    con.execute(
        """
        insert into beheer.exports values
        (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::timestamp, ?)
        """,
        [
            export.export_id,
            export.bron.name,
            m.organisatie,
            m.bds_versie,
            m.aanmaakdatum,
            "windows-1252" if m.codering == "cp1252" else "utf-8",
            verslag.gelezen,
            verslag.opgeslagen,
            verslag.gekwarantaineerd,
            verslag.ontdubbeld,
            verslag.weggelaten_privacy,
            verslag.weggelaten_ongebruikt,
            kinderen,
            _zonder_woongemeente(con, m.aanmaakdatum),
            geforceerd,
        ],
    )


def woongemeente_sql(peil: str) -> str:
    """SQL for (kind_id, gemeente_code) of every child with an address valid on date `peil`.

    Among the G001 instances whose period contains the date (missing start = since birth): those of
    soort 01 (BRP) if there are any, else all; then the latest start, then the highest instantie.
    gemeente_code is NULL when that address has no usable gemeente.
    """
    return f"""
        select a.kind_id,
            arg_max_null(a.gemeente_code, [
                case when a.soort_adres = '01' then 1 else 0 end,
                epoch_ms(coalesce(a.startdatum, k.geboortedatum)::timestamp),
                a.instantie]) as gemeente_code
        from intern.adressen a join intern.kinderen k using (kind_id)
        where coalesce(a.startdatum, k.geboortedatum) <= {peil}
          and (a.einddatum is null or a.einddatum > {peil})
        group by a.kind_id
    """


def _zonder_woongemeente(con: duckdb.DuckDBPyConnection, peil: date) -> int:
    return con.execute(
        f"""
        select count(*) from intern.kinderen k
        left join ({woongemeente_sql(f"date '{peil.isoformat()}'")}) w using (kind_id)
        where w.gemeente_code is null
        """
    ).fetchone()[0]


def registreer_redenen(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create or replace temp table redenen (code varchar, reden varchar)")
    con.executemany("insert into redenen values (?, ?)", list(REDENEN.items()))


class AlIngelezen(Exception):
    """This export (same sha256) was ingested before: ingesting it again changes nothing."""


def nieuwste_export(con: duckdb.DuckDBPyConnection) -> tuple[str, date] | None:
    """(export_id, aanmaakdatum) of the ingested export with the newest aanmaakdatum, if any.

    Not beheer.huidige_export (the one ingested last): after `--forceer` with an older export the
    current export is older than this one, and an export older than this one still needs --forceer.
    """
    return con.execute(
        "select export_id, aanmaakdatum from beheer.exports order by aanmaakdatum desc, ingelezen_op desc limit 1"
    ).fetchone()


def vorige_omvang(con: duckdb.DuckDBPyConnection, schema: str = "beheer") -> tuple[date, int] | None:
    """(aanmaakdatum, kinderen) of the newest ingested export, if any (`schema`: e.g. an attached file's)."""
    return con.execute(
        f"select aanmaakdatum, kinderen from {schema}.exports order by aanmaakdatum desc, ingelezen_op desc limit 1"
    ).fetchone()


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
