"""Indicator metadata: one TOML file per indicator in modellen/indicatoren/.

The factsheet's explanations and the data dictionary (intern.indicatoren) are generated from these
files, never written twice.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

MAP = Path(__file__).parent / "indicatoren"
VERPLICHT = (
    "id", "titel", "omschrijving", "eenheid", "teller", "noemer", "polariteit",
    "bds_elementen", "periodetypen",
)  # fmt: skip
POLARITEITEN = ("hoog is goed", "laag is goed", "geen")


class MetadataFout(Exception):
    pass


@cache
def indicatoren() -> dict[str, dict]:
    """All indicator metadata by id, in the order of their `volgorde`."""
    uit = {}
    for pad in sorted(MAP.glob("*.toml")):
        meta = tomllib.loads(pad.read_text(encoding="utf-8"))
        ontbreekt = [v for v in VERPLICHT if v not in meta]
        if ontbreekt:
            raise MetadataFout(f"{pad.name}: ontbrekende velden {', '.join(ontbreekt)}")
        if meta["id"] != pad.stem:
            raise MetadataFout(f"{pad.name}: id '{meta['id']}' past niet bij de bestandsnaam")
        if meta["polariteit"] not in POLARITEITEN:
            raise MetadataFout(f"{pad.name}: onbekende polariteit '{meta['polariteit']}'")
        uit[meta["id"]] = meta
    return dict(sorted(uit.items(), key=lambda kv: (kv[1].get("volgorde", 999), kv[0])))


def schaal(meta: dict) -> int:
    """1000 for indicators per 1000, else 1."""
    return 1000 if meta["eenheid"] == "per 1000" else 1
