"""Dagster asset that publishes a run: the new DuckDB file replaces the old one atomically."""


import dagster as dg

from pipelines import werk
from pipelines.indicatoren import publicatie_indicatorwaarden
from pipelines.resources import JgzOmgeving
from pipelines.voortgang import meld

STROOMOP = [publicatie_indicatorwaarden]


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
    con = jgz.werkbestand(context.run_id)
    try:
        export = con.execute(
            """
            select export_id, aanmaakdatum, rijen, opgeslagen, gekwarantaineerd, ontdubbeld,
                   weggelaten_privacy + weggelaten_ongebruikt
            from beheer.exports order by ingelezen_op desc limit 1
            """
        ).fetchone()
        indicatorwaarden = 0
        if con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'publicatie' "
            "and table_name = 'indicatorwaarden'"
        ).fetchone()[0]:
            indicatorwaarden = con.execute("select count(*) from publicatie.indicatorwaarden").fetchone()[0]
        start = context.instance.get_run_by_id(context.run_id)
        gestart = None
        if start is not None:
            stats = context.instance.get_run_stats(context.run_id)
            gestart = stats.start_time
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
                0,
                None,
            ],
        )
    finally:
        con.close()
    werk.publiceer(cfg.database, context.run_id)
    meld(f"gepubliceerd: {cfg.database}")
    return dg.MaterializeResult(metadata={"database": str(cfg.database), "indicatorwaarden": indicatorwaarden})
