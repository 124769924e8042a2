"""Period rules (modellen.perioden): the one place for the default periode and the verslagjaar."""

from datetime import date

import pytest

from modellen.perioden import (
    PeriodeFout,
    controleer_periode,
    periode_type,
    standaard_periode,
    vaccinatie_verslagjaar,
)


@pytest.mark.parametrize("periode", ["2024", "2024-Q1", "2024-Q4"])
def test_geldige_periode(periode):
    assert controleer_periode(periode) == periode


@pytest.mark.parametrize(
    "periode",
    ["2024/../../x", "../2024", "2024-Q5", "2024-Q0", "24", "2024-q3", "2024 ", "", "2024-Q3\n", "２０２４"],
)
def test_ongeldige_periode_wordt_geweigerd(periode):
    """A periode becomes a folder name in the outbox (issue 11, item 5): only YYYY and YYYY-Qn pass."""
    with pytest.raises(PeriodeFout, match="JJJJ-Qn"):
        controleer_periode(periode)


def test_standaard_periode_is_laatste_volledige_jaar():
    assert standaard_periode(date(2025, 2, 3)) == "2024"
    assert standaard_periode(date(2025, 1, 1)) == "2024"
    assert standaard_periode(date(2024, 12, 30)) == "2023"
    assert standaard_periode(date(2024, 12, 31)) == "2024"  # the year is complete on its last day


def test_vaccinatie_verslagjaar():
    # a year Y: verslagjaar Y+1, peildatum 1 January after Y (spec/factsheet.md)
    assert vaccinatie_verslagjaar("2024", date(2025, 2, 3)) == "2025"
    # a quarter: the latest verslagjaar whose peildatum has passed by the quarter's end
    assert vaccinatie_verslagjaar("2024-Q3", date(2025, 2, 3)) == "2024"
    assert vaccinatie_verslagjaar("2025-Q1", date(2025, 2, 3)) == "2025"
    # ... and by the aanmaakdatum
    assert vaccinatie_verslagjaar("2025-Q4", date(2024, 12, 31)) == "2024"


def test_periode_type():
    assert periode_type("2024") == "jaar" and periode_type("2024-Q2") == "kwartaal"
