"""Dagster asset: the factsheets, partitioned by gemeente (single-run backfill: one batch, one
kernel, one Chromium). A full run renders into a new outbox folder that the publication step puts
in place; a run of some partitions alone (from the UI) replaces just those files in the outbox."""

import json
import shutil
import warnings
from pathlib import Path

import dagster as dg
import duckdb

from factsheets.uitvoer import render_batch, vervang_bestanden
from factsheets.veilig import controleer_teksten
from pipelines import werk
from pipelines.indicatoren import publicatie_indicatorwaarden
from pipelines.resources import JgzOmgeving, gemeente_partities
from pipelines.voortgang import meld

GEMEENTEN = gemeente_partities()


def staging_map(uitvoer: Path, periode: str, run_id: str) -> Path:
    return uitvoer / "factsheets" / f".{periode}.run-{run_id[:12]}"


def periode_en_bron(jgz: JgzOmgeving, run_id: str) -> tuple[str, Path]:
    cfg = jgz.config()
    pad = werk.werkpad(cfg.database, run_id)
    bron = pad if pad.exists() else cfg.database
    con = duckdb.connect(str(bron), read_only=True)
    try:
        aanmaak = con.execute("select aanmaakdatum from beheer.huidige_export").fetchone()[0]
    finally:
        con.close()
    return jgz.periode_voor(aanmaak), bron


with warnings.catch_warnings():
    # a single-run backfill is what this asset needs (one batch, one kernel, one Chromium); Dagster
    # calls the parameter beta and said so on every `jgz run`, to users who can do nothing about it
    warnings.filterwarnings("ignore", category=dg.BetaWarning, message=".*backfill_policy")
    _als_asset = dg.asset(
        group_name="factsheets",
        partitions_def=GEMEENTEN,
        backfill_policy=dg.BackfillPolicy.single_run(),
        deps=[publicatie_indicatorwaarden],
        description="Factsheet per gemeente als PDF en HTML in de outbox, met index.html en manifest.csv.",
    )


@_als_asset
def factsheets(context: dg.AssetExecutionContext, jgz: JgzOmgeving) -> dg.MaterializeResult:
    cfg = jgz.config()
    periode, bron = periode_en_bron(jgz, context.run_id)
    gemeenten = list(context.partition_keys)
    doel = staging_map(cfg.uitvoer, periode, context.run_id)
    if doel.exists():
        shutil.rmtree(doel)
    meld(f"factsheets {periode} voor {len(gemeenten)} gemeenten")
    for melding in controleer_teksten(cfg.teksten, periode):
        context.log.warning(f"Tekst: {melding}")
    resultaten = render_batch(bron, periode, doel, gemeenten, cfg.teksten, meld, cfg.factsheet_werkers)
    mislukt = [f"{r.naam} ({r.gemeente})" for r in resultaten if r.fout]
    (doel / ".mislukt.json").write_text(json.dumps(mislukt, ensure_ascii=False))
    if bron == cfg.database:
        # no work file: a run of factsheets alone (e.g. one partition from the UI) renders from the
        # published file and replaces just its own files in the published outbox
        vervang_bestanden(doel, cfg.uitvoer / "factsheets" / periode, bron)
        shutil.rmtree(doel, ignore_errors=True)
    for r in resultaten:
        if r.fout:
            context.log.error(f"Factsheet {r.naam} ({r.gemeente}) mislukt: {r.fout}")
    if len(mislukt) == len(resultaten):
        raise dg.Failure(f"Geen enkele factsheet gelukt: {', '.join(mislukt)}")
    return dg.MaterializeResult(
        metadata={
            "periode": periode,
            "gelukt": len(resultaten) - len(mislukt),
            "mislukt": dg.MetadataValue.md(", ".join(mislukt) or "geen"),
            "outbox": str(cfg.uitvoer / "factsheets" / periode),
        }
    )


def alle_gemeenten_tags() -> dict[str, str]:
    """Run tags for one run over every gemeente (single-run backfill: one batch for all)."""
    sleutels = GEMEENTEN.get_partition_keys()
    return {
        "dagster/asset_partition_range_start": sleutels[0],
        "dagster/asset_partition_range_end": sleutels[-1],
    }
