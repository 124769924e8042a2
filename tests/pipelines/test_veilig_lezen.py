"""An epidemiologist reading the published file while runs replace it: never blocked, never a
mix of two runs, and a failed run leaves the last good file in place."""

import multiprocessing as mp
import time

import duckdb
import pytest

from bronnen.genereer import Instellingen, genereer
from tests.hulp import jgz

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
        time.sleep(0.005)
    uit.put((gezien, fouten, n))


def _toestand(db) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(HASH).fetchone()
    finally:
        con.close()


@pytest.mark.traag
def test_lezer_ziet_altijd_een_hele_run(omgeving, tmp_path):
    db = tmp_path / "data" / "jgz.duckdb"
    exports = []
    for i, datum in enumerate(["2025-02-03", "2025-03-03", "2025-04-07"]):
        pad = tmp_path / f"export-{i}"
        genereer(
            pad,
            Instellingen(
                kinderen=1500,
                seed=20 + i,
                aanmaakdatum=__import__("datetime").date.fromisoformat(datum),
            ),
        )
        exports.append(pad)
    assert jgz(omgeving, "run", "--export", str(exports[0])).returncode == 0
    toestanden = {_toestand(db)}
    ctx = mp.get_context("spawn")
    stop, uit = ctx.Event(), ctx.Queue()
    lezer = ctx.Process(target=_lezer, args=(str(db), stop, uit))
    lezer.start()
    try:
        time.sleep(0.5)
        for pad in exports[1:]:
            r = jgz(omgeving, "run", "--export", str(pad))
            assert r.returncode == 0, r.stdout
            toestanden.add(_toestand(db))
        # a run that fails (its export is refused) leaves the last good file in place
        kapot = exports[2].with_name("kapot")
        genereer(
            kapot,
            Instellingen(kinderen=50, seed=1, aanmaakdatum=__import__("datetime").date(2025, 5, 5)),
        )
        (kapot / "elementen.csv").write_text("geen;kopregel\n")
        r = jgz(omgeving, "run", "--export", str(kapot))
        assert r.returncode == 1
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
