"""Dagster asset that publishes a run: the new DuckDB file and the periode's outbox, as one
publication with a journal (pipelines/werk.py)."""

import json

import dagster as dg

from pipelines import werk
from pipelines.factsheets import factsheets, periode_en_bron, staging_map
from pipelines.indicatoren import publicatie_indicatorwaarden
from pipelines.resources import JgzOmgeving
from pipelines.voortgang import meld

# the figures too: the job cijferrun (without factsheets) must still publish after them
STROOMOP = [factsheets, publicatie_indicatorwaarden]


@dg.asset(
    group_name="publicatie",
    deps=STROOMOP,
    description=(
        "Publiceert de run: het nieuwe DuckDB-bestand vervangt het gepubliceerde in één atomaire "
        "stap (lezers worden nooit geblokkeerd) en de run komt in beheer.runs."
    ),
)
def gepubliceerde_database(context: dg.AssetExecutionContext, jgz: JgzOmgeving) -> dg.MaterializeResult:
    cfg = jgz.config()
    if not werk.werkpad(cfg.database, context.run_id).exists():
        raise dg.Failure(
            "Niets te publiceren: deze run heeft geen nieuw DuckDB-bestand gebouwd. Materialiseer de "
            "keten vanaf bds_export (of vanaf intern_indicatorwaarden); het gepubliceerde bestand blijft staan."
        )
    periode, _ = periode_en_bron(jgz, context.run_id)
    outbox_nieuw = staging_map(cfg.uitvoer, periode, context.run_id)
    mislukt: list[str] = []
    gemaakt = 0
    if outbox_nieuw.exists():
        mislukt = json.loads((outbox_nieuw / ".mislukt.json").read_text())
        (outbox_nieuw / ".mislukt.json").unlink()
        gemaakt = len(list(outbox_nieuw.rglob("*.pdf")))
    con = jgz.werkbestand(context.run_id)
    try:
        export = con.execute(
            """
            select export_id, aanmaakdatum, rijen, opgeslagen, gekwarantaineerd, ontdubbeld,
                   weggelaten_privacy + weggelaten_ongebruikt
            from beheer.huidige_export
            """
        ).fetchone()
        aanwezig = {
            f"{r[0]}.{r[1]}" for r in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
        }
        ontbreekt = {"intern.kinderen", "intern.indicatorwaarden", "publicatie.indicatorwaarden"} - aanwezig
        if ontbreekt:
            raise dg.Failure(
                f"Het nieuwe DuckDB-bestand is niet compleet (ontbreekt: {', '.join(sorted(ontbreekt))}); "
                "er is niets gepubliceerd."
            )
        indicatorwaarden = con.execute("select count(*) from publicatie.indicatorwaarden").fetchone()[0]
        gestart = context.instance.get_run_stats(context.run_id).start_time
        con.execute(
            """
            insert into beheer.runs values (?, ?, ?, ?, to_timestamp(?)::timestamp, current_timestamp::timestamp,
                                            ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                context.run_id,
                export[0] if export else None,
                export[1] if export else None,
                jgz.periode_voor(export[1]) if export else None,
                gestart or 0,
                *(export[2:] if export else [None] * 5),
                indicatorwaarden,
                gemaakt,
                ", ".join(mislukt) or None,
            ],
        )
    finally:
        con.close()
    # one publication with a journal: first the database, then the periode's outbox; a crash or a
    # failure in between is finished by the next run (werk.maak_publicatie_af)
    outbox = cfg.uitvoer / "factsheets" / periode
    try:
        gedaan = werk.publiceer(cfg.database, context.run_id, outbox_nieuw, outbox)
    except werk.PublicatieOnderbroken as fout:
        raise dg.Failure(str(fout)) from None
    meld("gepubliceerd: " + " en ".join(gedaan))
    if len(gedaan) > 1:
        meld(f"factsheets: {outbox / 'index.html'}")
    if mislukt:
        meld("MISLUKTE factsheets: " + ", ".join(mislukt))
    return dg.MaterializeResult(
        metadata={
            "database": str(cfg.database),
            "gepubliceerd": dg.MetadataValue.md("; ".join(gedaan)),
            "indicatorwaarden": indicatorwaarden,
            "factsheets": gemaakt,
            "outbox": str(outbox),
            "mislukte_factsheets": ", ".join(mislukt) or "geen",
        }
    )
