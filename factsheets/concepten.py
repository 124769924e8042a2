"""`jgz teksten`: a draft text per gemeente for the regiomanager, from the "Wat valt op" sentences of
its factsheet, in `{teksten}/{periode}/{GMxxxx}.md`. An existing text is never overwritten."""

from __future__ import annotations

from pathlib import Path

import duckdb

from factsheets.gegevens import laad
from factsheets.inhoud import Inhoud
from modellen.perioden import controleer_periode, standaard_periode


def concept(database: Path, gemeente: str, periode: str) -> str:
    """The draft: a short instruction and the generated sentences as a starting point."""
    f = Inhoud(laad(database, gemeente, periode))
    zinnen = f.opvallend()
    regels = [
        f"*Concept voor {f.g.gemeente_naam}, {periode}: vervang of vul deze tekst aan met uw eigen verhaal "
        "(wat de JGZ ziet en doet in deze gemeente). Alleen gewone tekst, geen afbeeldingen of links.*",
        "",
        "Wat valt op in de cijfers:",
        "",
    ]
    regels += [f"- {z}" for z in zinnen] or ["- Niets springt eruit in de cijfers van deze periode."]
    return "\n".join(regels) + "\n"


def schrijf_concepten(database: Path, teksten: Path, periode: str | None = None) -> tuple[str, list[Path], list[Path]]:
    """Write a draft for every gemeente without a text; returns (periode, written, kept)."""
    if periode is not None:
        controleer_periode(str(periode))  # PeriodeFout (a ValueError) with a Dutch message
    con = duckdb.connect(str(database), read_only=True)
    try:
        aanmaak = con.execute("select aanmaakdatum from beheer.huidige_export").fetchone()[0]
        gemeenten = [
            c for (c,) in con.execute("select gemeente_code from beheer.gebieden order by volgorde").fetchall()
        ]
    finally:
        con.close()
    periode = str(periode or standaard_periode(aanmaak))
    map_ = Path(teksten) / periode
    map_.mkdir(parents=True, exist_ok=True)
    geschreven, bewaard = [], []
    for code in gemeenten:
        pad = map_ / f"{code}.md"
        if pad.exists():
            bewaard.append(pad)
            continue
        tekst = concept(database, code, periode)
        try:
            with pad.open("x", encoding="utf-8") as f:  # "x": never overwrite, not even in a race
                f.write(tekst)
        except FileExistsError:
            bewaard.append(pad)
            continue
        geschreven.append(pad)
    return periode, geschreven, bewaard
