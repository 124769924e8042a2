"""Aggregate export for benchmarking: the published figures only, never record-level data.

Several JGZ organisations each run `jgz exporteer-aggregaten`; a benchmark combines their
werkgebied rows (sums of teller and noemer) and computes its own interval.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from bronnen.config import Config
from bronnen.csv_veilig import csv_frame
from modellen import metadata, statistiek

FORMAAT = "jgz-aggregaten/1"
KOLOMMEN = [
    "organisatie", "indicator", "gebied_type", "gebied_code", "periode_type", "periode", "volledig",
    "teller", "noemer", "waarde", "ci_onder", "ci_boven", "onderdrukt", "reden",
]  # fmt: skip


def _sha(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def exporteer(cfg: Config, doel: Path) -> list[Path]:
    """Write publicatie.indicatorwaarden as parquet and CSV with manifest.json into `doel`."""
    if not cfg.database.exists():
        raise FileNotFoundError(f"Geen gepubliceerd DuckDB-bestand op {cfg.database}. Voer eerst 'jgz run' uit.")
    con = duckdb.connect(str(cfg.database), read_only=True)
    try:
        df = con.sql(
            """
            select ? as organisatie, indicator, gebied_type, gebied_code, periode_type, periode,
                   volledig, teller, noemer, waarde, ci_onder, ci_boven, onderdrukt, reden
            from publicatie.indicatorwaarden
            order by indicator, gebied_type, gebied_code, periode_type, periode
            """,
            params=[cfg.organisatie],
        ).pl()
        export = con.execute("select aanmaakdatum, bds_versie from beheer.huidige_export").fetchone()
    finally:
        con.close()
    doel.mkdir(parents=True, exist_ok=True)
    parquet, csv = doel / "indicatorwaarden.parquet", doel / "indicatorwaarden.csv"
    df.write_parquet(parquet)
    csv_frame(df).write_csv(csv)  # text cells: no spreadsheet formula (a regio named "=...")
    manifest = {
        "formaat": FORMAAT,
        "organisatie": cfg.organisatie,
        "aanmaakdatum_export": export[0].isoformat() if export else None,
        "bds_versie": export[1] if export else None,
        "gemaakt_op": datetime.now().isoformat(timespec="seconds"),
        "onderdrukking": {"min_noemer": cfg.min_noemer, "min_aantal": cfg.min_aantal},
        "bestanden": [{"naam": p.name, "rijen": df.height, "sha256": _sha(p)} for p in (parquet, csv)],
        "kolommen": KOLOMMEN,
        "toelichting": "Alleen gepubliceerde cijfers (onderdrukte velden leeg); geen gegevens op kindniveau.",
    }
    pad = doel / "manifest.json"
    pad.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [parquet, csv, pad]


def lees(map_: Path) -> pl.DataFrame:
    """Read one organisation's aggregate export, checking its manifest and checksum."""
    manifest = json.loads((map_ / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("formaat") != FORMAAT:
        raise ValueError(f"{map_}: onbekend formaat {manifest.get('formaat')!r}")
    bestand = next(b for b in manifest["bestanden"] if b["naam"].endswith(".parquet"))
    pad = map_ / bestand["naam"]
    if _sha(pad) != bestand["sha256"]:
        raise ValueError(f"{pad}: sha256 wijkt af van het manifest")
    return pl.read_parquet(pad)


def combineer(mappen: list[Path], naam: str = "benchmark") -> pl.DataFrame:
    """Combine the werkgebied rows of several organisations into one benchmark per indicator and
    period: summed teller and noemer, with its own Wilson interval. A row is combined only when
    every organisation published both counts (otherwise `volledig_gecombineerd` is false and the
    value is left out, so a withheld figure is never recovered by subtraction)."""
    delen = pl.concat([lees(m) for m in mappen])
    n_org = delen["organisatie"].n_unique()
    wg = delen.filter(pl.col("gebied_type") == "werkgebied")
    groep = wg.group_by("indicator", "periode_type", "periode").agg(
        pl.col("organisatie").n_unique().alias("organisaties"),
        pl.col("teller").sum().alias("teller"),
        pl.col("noemer").sum().alias("noemer"),
        (pl.col("teller").is_not_null() & pl.col("noemer").is_not_null()).all().alias("alles_gepubliceerd"),
        pl.col("volledig").all().alias("volledig"),
    )
    rijen = []
    for r in groep.sort("indicator", "periode_type", "periode").iter_rows(named=True):
        compleet = r["alles_gepubliceerd"] and r["organisaties"] == n_org
        x, n = (r["teller"], r["noemer"]) if compleet else (None, None)
        onder, boven = statistiek.wilson(x, n) if compleet else (None, None)
        schaal = metadata.schaal(r["indicator"])
        p = statistiek.proportie(x, n) if compleet else None
        rijen.append(
            {
                "indicator": r["indicator"],
                "gebied_type": "benchmark",
                "gebied_code": naam,
                "periode_type": r["periode_type"],
                "periode": r["periode"],
                "volledig": r["volledig"],
                "organisaties": r["organisaties"],
                "volledig_gecombineerd": compleet,
                "teller": x,
                "noemer": n,
                "waarde": p * schaal if p is not None else None,
                "ci_onder": onder * schaal if onder is not None else None,
                "ci_boven": boven * schaal if boven is not None else None,
            }
        )
    return pl.DataFrame(rijen, infer_schema_length=None)
