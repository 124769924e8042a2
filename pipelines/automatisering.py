"""When runs start: a sensor on the inbox and a monthly schedule."""

import json
import time

import dagster as dg

from bronnen.config import laad_config
from bronnen.inbox import kandidaten
from pipelines.inlezen import bekende_exports
from pipelines.resources import JgzOmgeving

RUST_S = 30  # an export must be unchanged this long (and between two ticks) before it is picked up


def _run_config(pad: str) -> dict:
    return {"ops": {"bds_export": {"config": {"export": pad}}}}


def klaar_voor_run(cursor: dict, jgz: JgzOmgeving, nu: float | None = None):
    """(run request or None, new cursor): the newest new export that stopped changing."""
    cfg = laad_config(jgz.config_pad or None)
    nu = time.time() if nu is None else nu
    bekend = bekende_exports(jgz)
    nieuw_cursor: dict = {}
    klaar = []
    for k in kandidaten(cfg.inbox):
        sleutel = str(k.pad)
        nieuw_cursor[sleutel] = [k.grootte, k.gewijzigd]
        if not k.export_id or k.export_id in bekend or not k.aanmaakdatum:
            continue
        if cursor.get(sleutel) != [k.grootte, k.gewijzigd] or nu - k.gewijzigd < RUST_S:
            continue  # still being written: wait for a tick that sees it unchanged
        klaar.append(k)
    if not klaar:
        return None, nieuw_cursor
    k = max(klaar, key=lambda k: (k.aanmaakdatum, k.gewijzigd))
    return dg.RunRequest(run_key=k.export_id, run_config=_run_config(str(k.pad))), nieuw_cursor


def maak_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(
        job=job,
        minimum_interval_seconds=60,
        description="Start een run voor een nieuwe, volledige export in de inbox.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext, jgz: JgzOmgeving):
        cursor = json.loads(context.cursor) if context.cursor else {}
        verzoek, nieuw = klaar_voor_run(cursor, jgz)
        context.update_cursor(json.dumps(nieuw))
        if verzoek is None:
            return dg.SkipReason("Geen nieuwe, volledige export in de inbox.")
        return verzoek

    return inbox_sensor


def maak_schema(job) -> dg.ScheduleDefinition:
    @dg.schedule(
        job=job,
        cron_schedule="0 6 5 * *",
        execution_timezone="Europe/Amsterdam",
        description="Maandelijkse run op de 5e om 06:00, met de nieuwste nieuwe export in de inbox.",
    )
    def maandelijks(context: dg.ScheduleEvaluationContext, jgz: JgzOmgeving):
        from bronnen.inbox import nieuwste_nieuwe

        cfg = laad_config(jgz.config_pad or None)
        k = nieuwste_nieuwe(cfg.inbox, bekende_exports(jgz))
        if k is None:
            return dg.SkipReason(f"Geen nieuwe export in de inbox {cfg.inbox}.")
        return dg.RunRequest(run_key=f"{k.export_id}", run_config=_run_config(str(k.pad)))

    return maandelijks
