"""Dagster resources: the configuration and the run's DuckDB work file."""

from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from bronnen.config import Config, laad_config
from modellen.perioden import PeriodeFout, controleer_periode, standaard_periode
from pipelines import werk


def gemeente_partities() -> dg.StaticPartitionsDefinition:
    """The factsheet partitions: the configured gemeenten, read once when the code location loads.

    The one loader, without a fallback: the code location follows the configuration that the
    command line, the sensor and `make dev` use ($JGZ_CONFIG, else ./jgz.toml); without one it does
    not load, with the configuration's own Dutch message.
    """
    return dg.StaticPartitionsDefinition(list(laad_config().gemeenten))


class JgzOmgeving(dg.ConfigurableResource):
    """The organisation's configuration (jgz.toml) and the run lock.

    The lock is taken when a run starts and released when it ends, so two runs never write at once;
    a run that ends without publishing leaves no work file behind.
    """

    config_pad: str = ""
    periode: str = ""  # periode of the factsheets; empty: the last complete year before the export

    _slot = PrivateAttr(default=None)
    _run_id = PrivateAttr(default=None)

    def config(self) -> Config:
        return laad_config(self.config_pad or None)

    @property
    def database(self) -> Path:
        return self.config().database

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run_id = context.run_id if context.dagster_run else None
        if run_id is None:
            return
        self._run_id = run_id
        self._slot = werk.runslot(self.database)
        self._slot.__enter__()
        # an interrupted publication first, then leftovers of runs that died (SIGKILL): we hold the
        # lock, so nobody else is using them
        try:
            gedaan = werk.begin_run(self.database, self.config().uitvoer / "factsheets")
        except BaseException:
            self._slot.__exit__(None, None, None)
            self._slot = None
            raise
        if gedaan:
            context.log.info("Onderbroken publicatie afgemaakt: " + " en ".join(gedaan))

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._slot is None:
            return
        try:
            werk.ruim_op(self.database, self._run_id)
        finally:
            self._slot.__exit__(None, None, None)
            self._slot = None

    def periode_voor(self, aanmaakdatum) -> str:
        """The configured periode (checked: it becomes a folder name), else the default one."""
        if self.periode:
            try:
                return controleer_periode(self.periode)
            except PeriodeFout as fout:
                raise dg.Failure(f"De run is niet gestart: {fout}.") from fout
        return standaard_periode(aanmaakdatum)

    def werkbestand(self, run_id: str, schemas: tuple[str, ...] = ("beheer",)) -> duckdb.DuckDBPyConnection:
        return werk.open_werkbestand(self.database, run_id, schemas, geheugen=self.config().duckdb_geheugen)

    def gepubliceerd(self) -> duckdb.DuckDBPyConnection | None:
        pad = self.database
        return werk.verbind(pad, read_only=True) if pad.exists() else None
