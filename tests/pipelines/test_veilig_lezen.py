"""An epidemiologist reading the published file while runs replace it: never blocked, never a
mix of two runs, and a failed run leaves the last good file in place."""

import multiprocessing as mp
import time
from datetime import date

import duckdb
import pytest

from bronnen.genereer import genereer
from tests.conftest import instellingen
from tests.hulp import jgz_hier

HASH = (
    "select count(*), md5(string_agg(concat_ws('|', indicator, gebied_code, periode_type, periode, "
    "teller, noemer, waarde), ';' order by indicator, gebied_code, periode_type, periode)) "
    "from publicatie.indicatorwaarden"
)


def _lezer(db: str, stop, uit) -> None:
    gezien, fouten, n = set(), [], 0
    while not stop.is_set():
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                gezien.add(con.execute(HASH).fetchone())
            finally:
                con.close()
            n += 1
        except Exception as e:  # noqa: BLE001 - every failure is a finding
            fouten.append(repr(e))
        time.sleep(0.02)  # about 50 reads a second, without taking a core from the runs
    uit.put((gezien, fouten, n))


def _toestand(db) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(HASH).fetchone()
    finally:
        con.close()


@pytest.mark.traag
def test_lezer_ziet_altijd_een_hele_run(gedeelde_run, tmp_path, capsys):
    """Starts from a copy of the shared run; the runs here make figures only (the reader reads those)."""
    config = gedeelde_run.kopie(tmp_path / "o")
    db = tmp_path / "o" / "data" / "jgz.duckdb"
    exports = []
    for i, datum in enumerate(["2025-03-03", "2025-04-07"]):
        pad = tmp_path / f"export-{i}"
        genereer(pad, instellingen(seed=20 + i, aanmaakdatum=date.fromisoformat(datum)))
        exports.append(pad)
    toestanden = {_toestand(db)}
    ctx = mp.get_context("spawn")
    stop, uit = ctx.Event(), ctx.Queue()
    lezer = ctx.Process(target=_lezer, args=(str(db), stop, uit))
    lezer.start()
    try:
        time.sleep(0.5)
        for pad in exports:
            code, tekst, _ = jgz_hier(capsys, config, "run", "--export", str(pad), "--zonder-factsheets")
            assert code == 0, tekst
            toestanden.add(_toestand(db))
        # a run that fails (its export is refused) leaves the last good file in place
        kapot = exports[1].with_name("kapot")
        genereer(kapot, instellingen(kinderen=50, seed=1, aanmaakdatum=date(2025, 5, 5)))
        (kapot / "elementen.csv").write_text("geen;kopregel\n")
        assert jgz_hier(capsys, config, "run", "--export", str(kapot), "--zonder-factsheets")[0] == 1
        assert _toestand(db) in toestanden
        time.sleep(0.5)
    finally:
        stop.set()
        gezien, fouten, n = uit.get(timeout=60)
        lezer.join(timeout=60)
    assert not fouten, fouten[:3]
    assert n > 20
    assert len(toestanden) == 3
    assert gezien <= toestanden, "de lezer zag een toestand die geen hele run was"
    assert len(gezien) >= 2
