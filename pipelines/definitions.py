"""The Dagster code location: `dagster dev -w workspace.yaml` and `dg` load `defs` from here."""

import dagster as dg

from pipelines.automatisering import maak_schema, maak_sensor
from pipelines.factsheets import factsheets
from pipelines.indicatoren import CHECKS as INDICATOR_CHECKS
from pipelines.indicatoren import intern_indicatorwaarden, publicatie_indicatorwaarden
from pipelines.inlezen import afstemming_sluit, bds_export, intern_records, woongemeente_bekend
from pipelines.publiceren import gepubliceerde_database
from pipelines.resources import JgzOmgeving

ASSETS = [
    bds_export,
    intern_records,
    intern_indicatorwaarden,
    publicatie_indicatorwaarden,
    factsheets,
    gepubliceerde_database,
]
CHECKS = [afstemming_sluit, woongemeente_bekend, *INDICATOR_CHECKS]

maandrun = dg.define_asset_job(
    "maandrun",
    selection=dg.AssetSelection.assets(*ASSETS),
    executor_def=dg.in_process_executor,  # DuckDB has one writer: the assets run one at a time
    description="Inlezen, indicatoren, publicatie en factsheets: de hele maandelijkse run.",
)

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[maandrun],
    sensors=[maak_sensor(maandrun)],
    schedules=[maak_schema(maandrun)],
    resources={"jgz": JgzOmgeving()},
)
