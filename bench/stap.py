"""One benchmark step in its own process, so its wall time and peak memory can be measured.

python bench/stap.py STAP EXPORT DATABASE [...]; prints a JSON line with the step's own figures.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

GEHEUGEN = "9GB"  # the target for a million children is under 12 GiB: DuckDB spills to disk above this


def begrens(con, db: Path) -> None:
    con.execute(f"set memory_limit = '{GEHEUGEN}'")
    con.execute(f"set temp_directory = '{db.parent / 'duckdb-tmp'}'")


def main() -> None:
    stap, export, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    start = time.perf_counter()
    extra: dict = {}
    if stap == "genereer":
        from bronnen.genereer import Instellingen, genereer

        m = genereer(export, Instellingen(kinderen=int(sys.argv[4]), seed=2025))
        extra["rijen"] = m["bestanden"][0]["rijen"]
    elif stap == "vloer":
        import duckdb

        extra["rijen"] = (
            duckdb.connect()
            .execute(
                "select count(*) from read_csv(?, delim = ';', header = true, all_varchar = true)",
                [str(export / "elementen.csv")],
            )
            .fetchone()[0]
        )
    elif stap in ("validatie", "inlezen"):
        import duckdb

        from bronnen.export import open_export
        from bronnen.inlezen import controleer, schrijf

        con = duckdb.connect(":memory:" if stap == "validatie" else str(db))
        begrens(con, db)
        with open_export(export) as e:
            v = controleer(con, e)
            if stap == "inlezen":
                from bronnen.tabellen import maak_tabellen

                maak_tabellen(con)
                schrijf(con, v, b"bench-sleutel")
        extra.update(rijen=v.gelezen, sluit=v.sluit)
        con.close()
    elif stap == "indicatoren":
        import duckdb

        from bronnen.config import laad_config
        from modellen.bouw import bouw_intern, bouw_publicatie, huidige_aanmaakdatum

        con = duckdb.connect(str(db))
        begrens(con, db)
        cfg = laad_config(Path(__file__).resolve().parent.parent / "jgz.toml")
        w = bouw_intern(con, cfg, huidige_aanmaakdatum(con))
        bouw_publicatie(con)
        extra["rijen"] = len(w)
        extra["bereik_zuigelingen_2024"] = dict(
            con.execute(
                "select gebied_code, [teller, noemer] from intern.indicatorwaarden where indicator = "
                "'bereik_zuigelingen' and periode = '2024' and periode_type = 'jaar' and gebied_type = 'gemeente'"
            ).fetchall()
        )
        con.close()
    elif stap == "factsheets":
        import tempfile

        from bronnen.config import laad_config
        from factsheets.uitvoer import render_batch

        cfg = laad_config(Path(__file__).resolve().parent.parent / "jgz.toml")
        with tempfile.TemporaryDirectory() as tmp:
            r = render_batch(db, "2024", Path(tmp) / "2024", werkers=cfg.factsheet_werkers)
        extra.update(factsheets=sum(1 for x in r if not x.fout), mislukt=sum(1 for x in r if x.fout))
    elif stap == "peer":
        from peer_pandas import bereik_zuigelingen

        from bronnen.config import laad_config

        cfg = laad_config(Path(__file__).resolve().parent.parent / "jgz.toml")
        uit = bereik_zuigelingen(str(export / "elementen.csv"), 2024, list(cfg.gemeenten))
        extra["bereik_zuigelingen_2024"] = {g: list(v) for g, v in uit.items()}
    extra["seconden"] = time.perf_counter() - start
    print(json.dumps(extra))


if __name__ == "__main__":
    main()
