"""Period rules, in one place: what a periode looks like, which one a run reports by default, and
which vaccination verslagjaar belongs to it (spec/factsheet.md, "Which figures")."""

from __future__ import annotations

import re
from datetime import date

_PERIODE = re.compile(r"([0-9]{4})(?:-Q([1-4]))?")


class PeriodeFout(ValueError):
    """A periode that is not `YYYY` or `YYYY-Qn`; the message is Dutch and says what is allowed."""


def controleer_periode(tekst: str) -> str:
    """The periode itself when it is `YYYY` or `YYYY-Qn` (n = 1..4); else PeriodeFout.

    A periode becomes a folder name in the outbox, so nothing else may pass.
    """
    if not isinstance(tekst, str) or not _PERIODE.fullmatch(tekst):
        getoond = "".join(c for c in str(tekst) if c.isprintable())[:40]
        raise PeriodeFout(
            f"periode '{getoond}' is ongeldig: gebruik een jaar (JJJJ, bv. 2024) of een kwartaal (JJJJ-Qn, bv. 2024-Q3)"
        )
    return tekst


def is_kwartaal(periode: str) -> bool:
    return "-Q" in controleer_periode(periode)


def periode_type(periode: str) -> str:
    """'kwartaal' or 'jaar', as in publicatie.indicatorwaarden.periode_type."""
    return "kwartaal" if is_kwartaal(periode) else "jaar"


def jaar(periode: str) -> int:
    return int(controleer_periode(periode)[:4])


def standaard_periode(aanmaakdatum: date) -> str:
    """The last complete year on or before the aanmaakdatum (spec/bediening.md, `jgz run`)."""
    if (aanmaakdatum.month, aanmaakdatum.day) == (12, 31):
        return str(aanmaakdatum.year)
    return str(aanmaakdatum.year - 1)


def vaccinatie_verslagjaar(periode: str, aanmaakdatum: date) -> str:
    """The vaccination verslagjaar shown with `periode`.

    A year Y shows verslagjaar Y+1 (peildatum 1 January after Y, so the doses given in Y count). A
    quarter shows the latest verslagjaar whose peildatum (1 January) has passed by the end of the
    quarter and by the aanmaakdatum: the quarter's own year, unless the export is older than that.
    """
    if is_kwartaal(periode):
        return str(min(jaar(periode), aanmaakdatum.year))
    return str(jaar(periode) + 1)
