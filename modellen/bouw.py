"""Building the figures: SQL models in dependency order, then statistics and suppression.

Staging tables live in an attached in-memory database `staging` (build time only: they never reach
the published file). `intern.indicatorwaarden` holds every value with the suppression flags;
`publicatie.indicatorwaarden` is made from it by one SQL model.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from bronnen.config import Config
from bronnen.referentie import vaccinsoorten
from bronnen.tabellen import commentaar
from modellen import statistiek
from modellen.metadata import CONTACTSOORTEN, LAAT_VANAF_JAREN, bereik_venster, indicatoren, schaal, vaccinatie_sets
from modellen.onderdrukking import gekoppeld, onderdruk

MAP = Path(__file__).parent

# One model per file, in dependency order.
STAGING = [
    "staging/macros.sql",
    "staging/periodes.sql",
    "staging/contacten.sql",
    "staging/bereik_kinderen.sql",
    "staging/vaccinatie_kinderen.sql",
    "staging/periode_kinderen.sql",
    "staging/peilmomenten.sql",
    "staging/woongemeenten.sql",
    "staging/periode_inwoners.sql",
    "staging/verzuim_startjaar.sql",
    "staging/indicatorperiodes.sql",
    "staging/tellingen_bereik.sql",
    "staging/tellingen_vaccinatie.sql",
    "staging/tellingen_noshow.sql",
    "staging/tellingen_verzuim.sql",
    "staging/tellingen_nieuwkomers.sql",
    "staging/indicatortellingen.sql",
]
PUBLICATIE = ["publicatie/indicatorwaarden.sql"]

WAARDEN_KOLOMMEN = [
    ("indicator", "VARCHAR", "Id van de indicator (zie intern.indicatoren)"),
    ("gebied_type", "VARCHAR", "gemeente, regio of werkgebied"),
    ("gebied_code", "VARCHAR", "CBS-code (GM0505), naam van de regio, of naam van de organisatie"),
    ("periode_type", "VARCHAR", "jaar, kwartaal of maand"),
    ("periode", "VARCHAR", "2024, 2024-Q3 of 2024-11"),
    (
        "volledig",
        "BOOLEAN",
        "De laatste dag van de periode ligt op of voor de aanmaakdatum (vaccinatiegraad: de aanmaakdatum ligt minstens "
        "drie maanden na de peildatum)",
    ),
    ("teller", "BIGINT", "Teller"),
    ("noemer", "BIGINT", "Noemer"),
    ("waarde", "DOUBLE", "teller / noemer (bij 'per 1000' maal 1000); NULL bij noemer 0"),
    (
        "ci_onder",
        "DOUBLE",
        "Ondergrens 95%-betrouwbaarheidsinterval (Wilson), zelfde schaal als waarde",
    ),
    (
        "ci_boven",
        "DOUBLE",
        "Bovengrens 95%-betrouwbaarheidsinterval (Wilson), zelfde schaal als waarde",
    ),
    (
        "vergelijking",
        "VARCHAR",
        "hoger, lager of niet duidelijk anders dan de rest van het werkgebied (het werkgebied zonder dit gebied), "
        "volgens het 95%-interval van Newcombe voor het verschil van de proporties; NULL voor het werkgebied zelf "
        "en bij noemer 0 (van het gebied of van de rest)",
    ),
    (
        "oordeel",
        "VARCHAR",
        "beter, niet duidelijk anders, slechter (volgens de polariteit) of geen oordeel (polariteit geen); "
        "NULL zonder vergelijking",
    ),
    (
        "norm",
        "VARCHAR",
        "gehaald (teller / noemer >= doelwaarde) of niet gehaald; NULL zonder doelwaarde of bij noemer 0",
    ),
    (
        "trend",
        "VARCHAR",
        "Alleen jaren: stijgend, dalend, geen duidelijke trend of niet te berekenen, over de vijf jaren t/m dit jaar "
        "(Cochran-Armitage, 99,8%, en geen enkel jaar dat de trend alleen draagt); niet te berekenen als een van "
        "die jaren ontbreekt, niet volledig is of noemer 0 heeft. In de publicatie alleen als alle vijf jaren "
        "gepubliceerd zijn. NULL voor kwartalen en maanden",
    ),
    (
        "onderdrukt",
        "BOOLEAN",
        "Onderdrukt in de publicatie (kleine aantallen, te weinig waarnemingen of complementaire onderdrukking)",
    ),
    (
        "reden",
        "VARCHAR",
        "Waarom onderdrukt: te weinig waarnemingen (alles leeg), kleine aantallen (noemer blijft staan) of "
        "complementaire onderdrukking (alles leeg)",
    ),
]
INDICATOREN_KOLOMMEN = [
    ("indicator", "VARCHAR", "Id van de indicator"),
    ("titel", "VARCHAR", "Titel"),
    ("label", "VARCHAR", "Korte naam voor grafieken"),
    ("thema", "VARCHAR", "bereik, vaccinatie, afspraken, verzuim of nieuwkomers"),
    ("omschrijving", "VARCHAR", "Omschrijving"),
    ("eenheid", "VARCHAR", "proportie of per 1000 (volgt uit schaal)"),
    ("schaal", "INTEGER", "1, of 1000 voor 'per 1000': waarde en interval zijn de proportie maal de schaal"),
    ("teller", "VARCHAR", "Definitie van de teller"),
    ("noemer", "VARCHAR", "Definitie van de noemer"),
    ("polariteit", "VARCHAR", "hoog is goed, laag is goed of geen"),
    (
        "doelwaarde",
        "DOUBLE",
        "Doelwaarde (proportie), indien vastgesteld; de kolom norm van indicatorwaarden toetst eraan",
    ),
    ("bron_doelwaarde", "VARCHAR", "Waar de doelwaarde vandaan komt"),
    ("kerncijfer", "BOOLEAN", "Kerncijfer bovenaan de factsheet (bij een keuzethema: als dat thema gekozen is)"),
    ("bds_elementen", "INTEGER[]", "Gebruikte BDS-elementen"),
    ("periodetypen", "VARCHAR[]", "Periodetypen waarvoor de indicator wordt berekend"),
    ("toelichting", "VARCHAR", "Toelichting (bijvoorbeeld op het interval, de bron of wat niet wordt nagebootst)"),
    ("volgorde", "INTEGER", "Volgorde in factsheets en overzichten"),
    ("venster_van_jaren", "INTEGER", "Bereik: begin van het leeftijdsvenster [van, tot), jaren deel"),
    ("venster_van_dagen", "INTEGER", "Bereik: begin van het leeftijdsvenster, dagen bovenop de jaren"),
    ("venster_tot_jaren", "INTEGER", "Bereik: einde van het leeftijdsvenster (exclusief), in jaren"),
    (
        "leeftijd_van_jaren",
        "INTEGER",
        "Leeftijdsgrens [van, tot) in jaren (no-show: op de afspraakdatum; verzuim en nieuwkomers: op de "
        "laatste dag van de periode)",
    ),
    ("leeftijd_tot_jaren", "INTEGER", "Einde van de leeftijdsgrens (exclusief), in jaren"),
    (
        "vaccinatie_leeftijd",
        "INTEGER",
        "Vaccinatiegraad: leeftijdsgrens A; cohort = verslagjaar - A - 1, doses vóór geboortedatum + A jaar",
    ),  # noqa: E501
    ("geslacht", "VARCHAR", "Vaccinatiegraad: alleen kinderen met dit geslacht (19: 1 jongens, 2 meisjes)"),
    ("cohort_vanaf", "INTEGER", "Vaccinatiegraad: eerste geboortejaar met rijen (inclusief); NULL is open"),
    ("cohort_tot", "INTEGER", "Vaccinatiegraad: laatste geboortejaar met rijen (inclusief); NULL is open"),
    ("onderdelen", "VARCHAR[]", "Vaccinatiegraad: de indicatoren waarvan elke set compleet moet zijn"),
    (
        "vaccinsets",
        "STRUCT(naam VARCHAR, componenten VARCHAR[], n INTEGER, n_laat INTEGER, min_leeftijd INTEGER, booster INTEGER)[]",  # noqa: E501
        "Vaccinatiegraad: de sets die compleet moeten zijn, met n doses (n_laat bij een eerste dosis op of na de "
        "1e verjaardag), min_leeftijd (jaren; eerdere doses tellen niet) en booster (jaren; minstens één dosis "
        "op of na die leeftijd)",
    ),
    ("soorten_onderwijs", "VARCHAR[]", "Schoolverzuim: codes soort onderwijs (58) van dit aandeel"),
    ("soorten_overig", "BOOLEAN", "Schoolverzuim: dit aandeel telt geen school en elke andere of ongeldige soort"),
    ("nieuwkomer_maanden", "INTEGER", "Nieuwkomers: vestiging binnen zoveel maanden tot de laatste dag"),
    ("nieuwkomer_min_dagen", "INTEGER", "Nieuwkomers in beeld: minstens zoveel dagen in Nederland"),
    ("delen", "VARCHAR[]", "Onderdrukking: de indicatoren waarvan de tellingen optellen tot die van deze"),
    ("groep_kolommen", "VARCHAR[]", "Onderdrukking: de kolommen (teller, noemer) waarin die som geldt"),
    ("noemer_is_teller_van", "VARCHAR", "Onderdrukking: de noemer is de teller van deze indicator"),
    (
        "startjaar",
        "INTEGER",
        "Schoolverzuim: eerste jaar met een gerealiseerd verzuimconsult in het werkgebied, zoals gevonden in "
        "deze export (NULL: geen)",
    ),
]


def _parameters(con: duckdb.DuckDBPyConnection, cfg: Config, aanmaakdatum: date) -> None:
    """Staging tables with the run's parameters and every indicator rule from the metadata files."""
    con.execute("create or replace table staging.parameters (aanmaakdatum date, organisatie varchar)")
    con.execute("insert into staging.parameters values (?, ?)", [aanmaakdatum, cfg.organisatie])
    con.execute("create or replace table staging.gebieden (gemeente_code varchar, regio varchar)")
    con.executemany(
        "insert into staging.gebieden values (?, ?)",
        [(g, r.naam) for r in cfg.regios for g in r.gemeenten],
    )
    meta = indicatoren()
    tabellen = {
        "indicator_meta": (
            "indicator varchar, thema varchar, periodetypen varchar[]",
            [(i, m["thema"], m["periodetypen"]) for i, m in meta.items()],
        ),
        "bereik_vensters": (
            "indicator varchar, van_jaren integer, van_dagen integer, tot_jaren integer",
            [(i, *bereik_venster(i)) for i, m in meta.items() if "venster" in m],
        ),
        "leeftijdsgrenzen": (
            "indicator varchar, van_jaren integer, tot_jaren integer",
            [(i, m["leeftijd"]["van_jaren"], m["leeftijd"]["tot_jaren"]) for i, m in meta.items() if "leeftijd" in m],
        ),
        "vaccinatie_indicatoren": (
            "indicator varchar, leeftijd integer, geslacht varchar, cohort_vanaf integer, cohort_tot integer",
            [
                (i, v["leeftijd"], v.get("geslacht"), v.get("cohort_vanaf"), v.get("cohort_tot"))
                for i, m in meta.items()
                if (v := m.get("vaccinatie"))
            ],
        ),
        "vaccinatie_sets": (
            "indicator varchar, set_nr integer, set_naam varchar, componenten varchar[], n integer, "
            "n_laat integer, laat_vanaf integer, min_leeftijd integer, booster integer",
            [
                (
                    i,
                    nr,
                    s["naam"],
                    sorted(s["componenten"]),
                    s["n"],
                    s["n_laat"],
                    LAAT_VANAF_JAREN,
                    s["min_leeftijd"],
                    s["booster"],
                )
                for i, m in meta.items()
                if "set" in m.get("vaccinatie", {})
                for nr, s in enumerate(vaccinatie_sets(i), start=1)
            ],
        ),
        "vaccinatie_onderdelen": (
            "indicator varchar, onderdeel varchar",
            [(i, o) for i, m in meta.items() for o in m.get("vaccinatie", {}).get("onderdelen", [])],
        ),
        "schoolsoorten": (
            "indicator varchar, soort varchar, overig boolean",
            [(i, soort, False) for i, m in meta.items() for soort in m.get("school", {}).get("soorten", [])]
            + [(i, None, True) for i, m in meta.items() if m.get("school", {}).get("overig")],
        ),
        "nieuwkomer_regels": (
            "indicator varchar, maanden integer, min_dagen integer",
            [
                (i, m["nieuwkomer"].get("maanden"), m["nieuwkomer"].get("min_dagen"))
                for i, m in meta.items()
                if "nieuwkomer" in m
            ],
        ),
        "contactsoorten": ("code varchar", [(c,) for c in CONTACTSOORTEN]),
        "vaccinsoorten": (
            "code varchar, componenten varchar[]",
            [(c, sorted(k)) for c, k in vaccinsoorten().items()],
        ),
    }
    for naam, (kolommen, rijen) in tabellen.items():
        con.execute(f"create or replace table staging.{naam} ({kolommen})")
        if rijen:
            plaats = ", ".join("?" for _ in rijen[0])
            con.executemany(f"insert into staging.{naam} values ({plaats})", rijen)


def voer_sql_uit(con: duckdb.DuckDBPyConnection, model: str) -> None:
    con.execute((MAP / model).read_text(encoding="utf-8"))


def tellingen(con: duckdb.DuckDBPyConnection, cfg: Config, aanmaakdatum: date, voortgang=None) -> pl.DataFrame:
    """Run the staging models; returns the grid of teller and noemer per indicator, area, period."""
    con.execute("attach if not exists ':memory:' as staging")
    _parameters(con, cfg, aanmaakdatum)
    for model in STAGING:
        if voortgang:
            voortgang(f"model {model}")
        voer_sql_uit(con, model)
    return con.sql(
        "select * from staging.indicatortellingen order by indicator, gebied_type, gebied_code, periode_type, periode"
    ).pl()


def statistieken(rijen: pl.DataFrame) -> pl.DataFrame:
    """Add waarde, interval, vergelijking, oordeel, norm and trend (unsuppressed) to the grid."""
    meta = indicatoren()
    werkgebied: dict[tuple, tuple[int, int]] = {}
    jaren: dict[tuple, dict[int, tuple[int, int, bool]]] = defaultdict(dict)
    for r in rijen.iter_rows(named=True):
        if r["gebied_type"] == "werkgebied":
            werkgebied[(r["indicator"], r["periode_type"], r["periode"])] = (r["teller"], r["noemer"])
        if r["periode_type"] == "jaar":
            jaren[(r["indicator"], r["gebied_type"], r["gebied_code"])][int(r["periode"])] = (
                r["teller"],
                r["noemer"],
                r["volledig"],
            )
    uit = []
    for r in rijen.iter_rows(named=True):
        m = meta[r["indicator"]]
        s = schaal(m)
        x, n = r["teller"], r["noemer"]
        p = statistiek.proportie(x, n)
        onder, boven = statistiek.wilson(x, n)
        verg = None
        benchmark = werkgebied.get((r["indicator"], r["periode_type"], r["periode"]))
        if r["gebied_type"] != "werkgebied" and benchmark is not None:
            # on proportions, also for per-1000 indicators (the scale does not change the words)
            verg = statistiek.vergelijking_met_rest(x, n, *benchmark)
        trend = None
        if r["periode_type"] == "jaar":
            trend = statistiek.trend(int(r["periode"]), jaren[(r["indicator"], r["gebied_type"], r["gebied_code"])])
        uit.append(
            {
                **r,
                "waarde": p * s if p is not None else None,
                "ci_onder": onder * s if onder is not None else None,
                "ci_boven": boven * s if boven is not None else None,
                "vergelijking": verg,
                "oordeel": statistiek.oordeel(verg, m["polariteit"]),
                "norm": statistiek.norm(x, n, m.get("doelwaarde")),
                "trend": trend,
            }
        )
    return pl.DataFrame(
        uit,
        schema_overrides={
            "waarde": pl.Float64,
            "ci_onder": pl.Float64,
            "ci_boven": pl.Float64,
            "vergelijking": pl.String,
            "oordeel": pl.String,
            "norm": pl.String,
            "trend": pl.String,
        },
    )


def onderdrukking(rijen: pl.DataFrame, cfg: Config) -> pl.DataFrame:
    """Add onderdrukt and reden: what the publication layer withholds (thresholds from cfg)."""
    besluit = onderdruk(
        rijen.select(
            "indicator", "gebied_type", "gebied_code", "periode_type", "periode", "teller", "noemer"
        ).to_dicts(),
        [(r.naam, list(r.gemeenten)) for r in cfg.regios],
        cfg.organisatie,
        cfg.min_noemer,
        cfg.min_aantal,
    )
    sleutels = rijen.select("indicator", "gebied_type", "gebied_code", "periode_type", "periode").rows()
    return rijen.with_columns(
        pl.Series("onderdrukt", [besluit[s][0] for s in sleutels], dtype=pl.Boolean),
        pl.Series("reden", [besluit[s][1] for s in sleutels], dtype=pl.String),
    )


def _schrijf_tabel(con, naam: str, omschrijving: str, kolommen, df: pl.DataFrame) -> None:
    con.execute(f"drop table if exists {naam}")
    con.execute(f"create table {naam} (" + ", ".join(f"{k} {t}" for k, t, _ in kolommen) + ")")
    con.register("_nieuw", df.select([k for k, _, _ in kolommen]).to_arrow())
    con.execute(f"insert into {naam} by name select * from _nieuw")
    con.unregister("_nieuw")
    commentaar(con, naam, omschrijving, kolommen)


def schrijf_indicatoren(con: duckdb.DuckDBPyConnection, startjaar: int | None = None) -> None:
    """intern.indicatoren, the data dictionary of the indicators, from the metadata files; `startjaar`
    is the schoolverzuim startjaar as found in this export (None: no verzuimconsult)."""
    rijen = []
    for i, m in indicatoren().items():
        venster = m.get("venster", {})
        leeftijd = m.get("leeftijd", {})
        vac = m.get("vaccinatie", {})
        school = m.get("school", {})
        nieuw = m.get("nieuwkomer", {})
        rijen.append(
            {
                "indicator": i,
                **{k: m[k] for k in ("titel", "label", "thema", "omschrijving", "eenheid", "schaal", "teller")},
                **{k: m[k] for k in ("noemer", "polariteit", "kerncijfer", "bds_elementen", "periodetypen")},
                **{k: m.get(k) for k in ("doelwaarde", "bron_doelwaarde", "toelichting", "volgorde")},
                **{k: m.get(k) for k in ("delen", "groep_kolommen", "noemer_is_teller_van")},
                "venster_van_jaren": venster.get("van_jaren"),
                "venster_van_dagen": venster.get("van_dagen", 0) if venster else None,
                "venster_tot_jaren": venster.get("tot_jaren"),
                "leeftijd_van_jaren": leeftijd.get("van_jaren"),
                "leeftijd_tot_jaren": leeftijd.get("tot_jaren"),
                "vaccinatie_leeftijd": vac.get("leeftijd"),
                "geslacht": vac.get("geslacht"),
                "cohort_vanaf": vac.get("cohort_vanaf"),
                "cohort_tot": vac.get("cohort_tot"),
                "onderdelen": vac.get("onderdelen"),
                "vaccinsets": vaccinatie_sets(i) if vac else None,
                "soorten_onderwijs": school.get("soorten"),
                "soorten_overig": school.get("overig", False) if school else None,
                "nieuwkomer_maanden": nieuw.get("maanden"),
                "nieuwkomer_min_dagen": nieuw.get("min_dagen"),
                "startjaar": startjaar if m["thema"] == "verzuim" else None,
            }
        )
    con.execute("create schema if not exists intern")
    con.execute("drop table if exists intern.indicatoren")
    con.execute("create table intern.indicatoren (" + ", ".join(f"{k} {t}" for k, t, _ in INDICATOREN_KOLOMMEN) + ")")
    namen = [k for k, _, _ in INDICATOREN_KOLOMMEN]
    con.executemany(
        f"insert into intern.indicatoren ({', '.join(namen)}) values ({', '.join('?' for _ in namen)})",
        [[r[k] for k in namen] for r in rijen],
    )
    commentaar(
        con,
        "intern.indicatoren",
        "Metadata van elke indicator (uit modellen/indicatoren/*.toml), met alle regels en het startjaar van schoolverzuim.",  # noqa: E501
        INDICATOREN_KOLOMMEN,
    )


GEBIEDEN_KOLOMMEN = [
    ("gemeente_code", "VARCHAR", "CBS-code van de gemeente"),
    ("gemeente_naam", "VARCHAR", "Naam van de gemeente (gemeenten 2025)"),
    ("regio", "VARCHAR", "Regio waartoe de gemeente hoort (configuratie)"),
    ("organisatie", "VARCHAR", "Organisatie: de gebied_code van het werkgebied"),
    ("regiomanager", "VARCHAR", "Contact voor de factsheets van de regio (configuratie)"),
    ("volgorde", "INTEGER", "Volgorde in de configuratie"),
]
INSTELLINGEN_KOLOMMEN = [
    ("sleutel", "VARCHAR", "min_noemer, min_aantal, thema of teksten (map met de teksten van de factsheets)"),
    ("waarde", "VARCHAR", "De waarde uit jgz.toml bij deze run"),
]


def schrijf_gebieden(con: duckdb.DuckDBPyConnection, cfg: Config) -> None:
    """beheer.gebieden and beheer.instellingen: the configuration the figures were made with."""
    from bronnen.referentie import gemeenten

    namen = gemeenten()
    gebieden = pl.DataFrame(
        [
            {
                "gemeente_code": g,
                "gemeente_naam": namen[g].naam,
                "regio": r.naam,
                "organisatie": cfg.organisatie,
                "regiomanager": r.regiomanager,
                "volgorde": i,
            }
            for i, (g, r) in enumerate((g, r) for r in cfg.regios for g in r.gemeenten)
        ],
        schema_overrides={"volgorde": pl.Int32},
    )
    con.execute("create schema if not exists beheer")
    _schrijf_tabel(
        con,
        "beheer.gebieden",
        "Gemeenten van het werkgebied met hun regio, uit jgz.toml.",
        GEBIEDEN_KOLOMMEN,
        gebieden,
    )
    instellingen = pl.DataFrame(
        {
            # teksten: so that a plain `quarto render` with gemeente, periode and database finds the texts
            "sleutel": ["min_noemer", "min_aantal", "thema", "teksten"],
            "waarde": [str(cfg.min_noemer), str(cfg.min_aantal), cfg.thema, str(cfg.teksten or "")],
        }
    )
    _schrijf_tabel(
        con,
        "beheer.instellingen",
        "Publicatie-instellingen waarmee de cijfers zijn gemaakt.",
        INSTELLINGEN_KOLOMMEN,
        instellingen,
    )


def bouw_intern(con: duckdb.DuckDBPyConnection, cfg: Config, aanmaakdatum: date, voortgang=None) -> pl.DataFrame:
    """intern.indicatoren and intern.indicatorwaarden (every value, with suppression flags)."""
    schrijf_gebieden(con, cfg)
    grid = tellingen(con, cfg, aanmaakdatum, voortgang)
    startjaar = con.execute("select startjaar from staging.verzuim_startjaar").fetchone()[0]
    con.execute("detach staging")
    schrijf_indicatoren(con, startjaar)
    waarden = onderdrukking(statistieken(grid), cfg)
    _schrijf_tabel(
        con,
        "intern.indicatorwaarden",
        "Alle indicatorwaarden, niet onderdrukt; onderdrukt en reden zeggen wat de publicatie achterhoudt. Niet naar buiten de organisatie.",  # noqa: E501
        WAARDEN_KOLOMMEN,
        waarden,
    )
    return waarden


def bouw_publicatie(con: duckdb.DuckDBPyConnection) -> None:
    """publicatie.indicatorwaarden from intern.indicatorwaarden (the only source for factsheets)."""
    con.execute("create schema if not exists publicatie")
    # rule 4's links for the publication model, from the metadata (one place for the rule)
    con.execute("create or replace temp table _gekoppeld (indicator varchar, bron varchar)")
    con.executemany("insert into _gekoppeld values (?, ?)", gekoppeld())
    for model in PUBLICATIE:
        voer_sql_uit(con, model)
    con.execute("drop table _gekoppeld")
    commentaar(
        con,
        "publicatie.indicatorwaarden",
        "Gepubliceerde indicatorwaarden: onderdrukte velden zijn NULL. De enige bron voor factsheets en exports.",
        WAARDEN_KOLOMMEN,
    )


def huidige_aanmaakdatum(con: duckdb.DuckDBPyConnection) -> date:
    """The aanmaakdatum of the export that is the current state (the last one ingested)."""
    rij = con.execute("select aanmaakdatum from beheer.huidige_export").fetchone()
    if rij is None:
        raise LookupError("Er is nog geen export ingelezen.")
    return rij[0]
