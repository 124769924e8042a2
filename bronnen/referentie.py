"""Reference data shipped with the project: gemeenten, mergers, BDS code lists and element tables."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAP = Path(__file__).parent
REFERENTIE = MAP / "referentie"
BDS = MAP / "bds"


def lees_csv(pad: Path) -> list[dict[str, str]]:
    """Read a small reference CSV as a list of dicts (all strings)."""
    with pad.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    provincie: str
    ggd_regio_code: str


@cache
def gemeenten() -> dict[str, Gemeente]:
    """Current gemeenten (2025) by CBS code."""
    return {
        r["gemeentecode"]: Gemeente(r["gemeentecode"], r["gemeentenaam"], r["provincie"], r["ggd_regio_code"])
        for r in lees_csv(REFERENTIE / "gemeenten_2025.csv")
    }


@cache
def gemeente_opvolgers() -> dict[str, frozenset[str]]:
    """Every historic CBS code mapped to its current successor(s), following chains of mergers.

    A code with more than one current successor was split (its address is quarantined).
    """
    direct: dict[str, set[str]] = {}
    for r in lees_csv(REFERENTIE / "herindelingen.csv"):
        direct.setdefault(r["oude_code"], set()).add(r["nieuwe_code"])
    huidig = gemeenten()

    def volg(code: str, gezien: frozenset[str]) -> set[str]:
        if code in huidig and code not in direct:
            return {code}
        uit: set[str] = set()
        for nieuw in direct.get(code, set()):
            if nieuw not in gezien:
                uit |= volg(nieuw, gezien | {nieuw})
        return uit

    return {oud: frozenset(volg(oud, frozenset({oud}))) for oud in direct}


def gba_codes() -> list[tuple[str, str | None, bool]]:
    """(4-digit GBA code, current CBS successor or None when split, gesplitst) for every known code."""
    rijen: list[tuple[str, str | None, bool]] = [(c[2:], c, False) for c in gemeenten()]
    for oud, opvolgers in gemeente_opvolgers().items():
        if oud in gemeenten():
            continue
        if len(opvolgers) == 1:
            rijen.append((oud[2:], next(iter(opvolgers)), False))
        else:
            rijen.append((oud[2:], None, True))
    return rijen


@cache
def codelijsten() -> list[tuple[str, str]]:
    """(waardendomein, code) pairs: the union of BDS 3.x and 4.0 value domains."""
    return [(r["waardendomein"], r["code"]) for r in lees_csv(REFERENTIE / "bds_codelijsten.csv")]


@cache
def omschrijvingen() -> dict[tuple[str, str], str]:
    """(waardendomein, code) -> omschrijving."""
    return {(r["waardendomein"], r["code"]): r["omschrijving"] for r in lees_csv(REFERENTIE / "bds_codelijsten.csv")}


@cache
def vaccinsoorten() -> dict[str, frozenset[str]]:
    """RIVM vaccine code -> set of components."""
    return {r["code"]: frozenset(r["componenten"].split()) for r in lees_csv(REFERENTIE / "rivm_vaccinsoorten.csv")}


@cache
def elementen() -> list[dict[str, str]]:
    """The BDS elements the pipeline knows (bds/elementen.csv)."""
    return lees_csv(BDS / "elementen.csv")
