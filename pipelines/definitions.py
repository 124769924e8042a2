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

# The figures without the factsheets (`jgz run --zonder-factsheets`): the database is published, the
# outbox stays as it is. For a quick look at new figures, drafting texts (`jgz teksten`) before the
# factsheets are made, and the fault tests, which need every step but the rendering.
cijferrun = dg.define_asset_job(
    "cijferrun",
    selection=dg.AssetSelection.assets(*ASSETS) - dg.AssetSelection.assets(factsheets),
    executor_def=dg.in_process_executor,
    description="Inlezen, indicatoren en publicatie van het DuckDB-bestand, zonder factsheets.",
)

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[maandrun, cijferrun],
    sensors=[maak_sensor(maandrun)],
    schedules=[maak_schema(maandrun)],
    resources={"jgz": JgzOmgeving()},
    # every run in one process, also the ones Dagster makes itself (`dagster asset materialize`, the
    # UI): the run lock and the work file belong to the run, and with a process per step each step
    # took the lock from its siblings and removed the work file when it ended
    executor=dg.in_process_executor,
)
