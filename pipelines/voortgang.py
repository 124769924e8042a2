"""Progress lines for long steps: the command line prints them, Dagster logs them."""

from __future__ import annotations

from collections.abc import Callable

_melders: list[Callable[[str], None]] = []


def meld(tekst: str) -> None:
    for m in _melders:
        m(tekst)


def luister(melder: Callable[[str], None]) -> None:
    _melders.append(melder)


def stop() -> None:
    _melders.clear()
