"""make bench: wall time and peak memory per step at 10.000, 100.000 and 1.000.000 children.

Synthetic exports are cached in bench/cache/. Each step runs in its own process (peak memory =
that process's maximum resident set). Also measured on the same file: the DuckDB floor (reading the
CSV with no work done) and a pandas peer (bench/peer_pandas.py) for bereik_zuigelingen.
Writes the table to the screen and as JSON to bench/resultaten.json. Targets are reported, not
enforced: misses are work, not test failures.

Usage: python bench/bench.py [10000 100000 1000000]
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
PEER_TOT = 100_000  # at a million children the pandas peer would not fit in memory


def stap(naam: str, export: Path, db: Path, *extra: str, timeout: float = 7200) -> dict:
    omgeving = dict(os.environ, PYTHONPATH=str(ROOT), BROWSER_PATH="/usr/bin/chromium")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "stap.py"), naam, str(export), str(db), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=omgeving,
        cwd=ROOT,
    )
    _, status, gebruik = os.wait4(proc.pid, 0)
    wand = time.perf_counter() - start
    uit, fout = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        return {"stap": naam, "fout": (fout or uit)[-800:], "wand_s": wand}
    resultaat = json.loads(uit.strip().splitlines()[-1])
    resultaat.update(stap=naam, wand_s=round(wand, 2), piek_geheugen_mib=round(gebruik.ru_maxrss / 1024, 1))
    return resultaat


def meet(n: int) -> dict:
    map_ = CACHE / str(n)
    export = map_ / "export"
    if not (export / "manifest.json").exists():
        shutil.rmtree(export, ignore_errors=True)
        print(f"  export van {n:,} kinderen genereren ...", flush=True)
        gen = stap("genereer", export, map_ / "x", str(n))
    else:
        gen = {"stap": "genereer", "uit_cache": True}
    db = map_ / "bench.duckdb"
    db.unlink(missing_ok=True)
    resultaten = {
        "kinderen": n,
        "csv_mib": round((export / "elementen.csv").stat().st_size / 2**20, 1),
        "genereer": gen,
    }
    for naam in ("vloer", "validatie", "inlezen", "indicatoren", "factsheets"):
        print(f"  {naam} ...", flush=True)
        resultaten[naam] = stap(naam, export, db)
    if n <= PEER_TOT:
        print("  pandas-peer ...", flush=True)
        resultaten["peer"] = stap("peer", export, db)
    db.unlink(missing_ok=True)
    return resultaten


def verhoudingen(r: dict) -> dict:
    v = {}
    if "seconden" in r.get("vloer", {}) and "seconden" in r.get("inlezen", {}):
        v["inlezen_t.o.v._vloer"] = round(r["inlezen"]["seconden"] / r["vloer"]["seconden"], 2)
    if "seconden" in r.get("peer", {}) and "seconden" in r.get("inlezen", {}):
        eigen = r["inlezen"]["seconden"] + r["indicatoren"]["seconden"]
        v["peer_t.o.v._pijplijn"] = round(r["peer"]["seconden"] / eigen, 2)
        v["peer_zelfde_uitkomst"] = r["peer"].get("bereik_zuigelingen_2024") == r["indicatoren"].get(
            "bereik_zuigelingen_2024"
        )
    if r.get("factsheets", {}).get("factsheets"):
        f = r["factsheets"]
        v["factsheets_per_minuut"] = round(60 * f["factsheets"] / f["seconden"], 1)
        v["seconden_per_factsheet"] = round(f["seconden"] / f["factsheets"], 2)
    return v


def tabel(alle: list[dict]) -> str:
    regels = ["| kinderen | stap | tijd (s) | piekgeheugen (MiB) |", "|---:|---|---:|---:|"]
    for r in alle:
        for naam in ("vloer", "validatie", "inlezen", "indicatoren", "factsheets", "peer"):
            s = r.get(naam)
            if not s:
                continue
            tijd = s.get("seconden", s.get("wand_s"))
            regels.append(
                f"| {r['kinderen']:,} | {naam}{' (FOUT)' if 'fout' in s else ''} | {tijd:.1f} | {s.get('piek_geheugen_mib', '')} |"  # noqa: E501
            )
        for k, w in r["verhoudingen"].items():
            regels.append(f"| {r['kinderen']:,} | {k} | {w} | |")
    return "\n".join(regels)


def main() -> None:
    groottes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    uitvoer = ROOT / "bench" / "resultaten.json"
    # keep the results of sizes not measured in this run
    eerder = json.loads(uitvoer.read_text())["resultaten"] if uitvoer.exists() else []
    alle = [r for r in eerder if r["kinderen"] not in groottes]
    for n in groottes:
        print(f"{n:,} kinderen", flush=True)
        r = meet(n)
        r["verhoudingen"] = verhoudingen(r)
        alle = sorted([*(a for a in alle if a["kinderen"] != n), r], key=lambda a: a["kinderen"])
        data = {
            "gemeten_op": datetime.now().isoformat(timespec="seconds"),
            "machine": {"cpu": os.cpu_count(), "python": platform.python_version()},
            "resultaten": alle,
        }
        uitvoer.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    t = tabel(alle)
    (ROOT / "bench" / "resultaten.md").write_text(t + "\n")
    print(t)


if __name__ == "__main__":
    main()
