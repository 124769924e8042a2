"""Dutch number and date formats: decimal comma, thousands dot, "3 februari 2025"."""

from __future__ import annotations

from datetime import date

MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
KWARTALEN = ["eerste", "tweede", "derde", "vierde"]
STREEP = "–"


def getal(n: int | None) -> str:
    """A count with a thousands dot: 1.234."""
    return STREEP if n is None else f"{n:,}".replace(",", ".")


def _een_decimaal(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def procent(p: float | None) -> str:
    """A proportion as a percentage with one decimal: 0.943 -> 94,3%."""
    return STREEP if p is None else _een_decimaal(p * 100) + "%"


def per_1000(v: float | None) -> str:
    """A rate per 1000 (already multiplied): 12.5 -> 12,5 per 1.000."""
    return STREEP if v is None else _een_decimaal(v) + " per 1.000"


def waarde(v: float | None, eenheid: str) -> str:
    return per_1000(v) if eenheid == "per 1000" else procent(v)


def interval(onder: float | None, boven: float | None, eenheid: str) -> str:
    """'92,1–95,8%' or '10,2–14,9 per 1.000'."""
    if onder is None or boven is None:
        return STREEP
    if eenheid == "per 1000":
        return f"{_een_decimaal(onder)}{STREEP}{_een_decimaal(boven)} per 1.000"
    return f"{_een_decimaal(onder * 100)}{STREEP}{_een_decimaal(boven * 100)}%"


def datum(d: date) -> str:
    """3 februari 2025."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def periode(p: str) -> str:
    """'2024', 'derde kwartaal 2024', 'november 2024'."""
    if "-Q" in p:
        jaar, k = p.split("-Q")
        return f"{KWARTALEN[int(k) - 1]} kwartaal {jaar}"
    if "-" in p:
        jaar, m = p.split("-")
        return f"{MAANDEN[int(m) - 1]} {jaar}"
    return p


def maand_kort(p: str) -> str:
    """'2024-11' -> 'nov 2024'."""
    jaar, m = p.split("-")
    return f"{MAANDEN[int(m) - 1][:3]} {jaar}"
