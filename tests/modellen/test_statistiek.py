"""Statistics against values computed by hand and published reference values."""

import pytest

from modellen.statistiek import (
    cochran_armitage,
    oordeel,
    proportie,
    trendreeks,
    vergelijking,
    wilson,
)


@pytest.mark.parametrize(
    ("x", "n", "onder", "boven"),
    [
        # Newcombe RG (1998), Stat Med 17:857-872, table I, score method: the Wilson interval
        # that PHEindicatormethods::phe_proportion computes
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # PHEindicatormethods examples: wilson_lower(65, 100), wilson_upper(65, 100)
        (65, 100, 0.5525, 0.7364),
    ],
)
def test_wilson_gepubliceerd(x, n, onder, boven):
    lo, hi = wilson(x, n)
    assert round(lo, 4) == onder and round(hi, 4) == boven


def test_wilson_met_de_hand():
    z2 = 1.959963984540054**2
    # x = 0: L = 0, U = z²/(n + z²)
    assert wilson(0, 10) == (0.0, pytest.approx(z2 / (10 + z2), abs=1e-15))
    # x = n: U = 1, L = n/(n + z²)
    lo, hi = wilson(10, 10)
    assert hi == 1.0 and lo == pytest.approx(10 / (10 + z2), abs=1e-15)
    # x = 5, n = 10: (13.8415 ∓ 1.96·sqrt(13.8415)) / 27.6829
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.236593, abs=1e-6) and hi == pytest.approx(0.763407, abs=1e-6)
    assert wilson(0, 0) == (None, None)


@pytest.mark.parametrize(("x", "n"), [(0, 1), (1, 1), (3, 7), (999, 1000), (1, 1000000), (12345, 12345)])
def test_wilson_bevat_waarde_en_blijft_binnen_0_1(x, n):
    lo, hi = wilson(x, n)
    assert 0.0 <= lo <= x / n <= hi <= 1.0


def test_proportie():
    assert proportie(3, 4) == 0.75
    assert proportie(0, 0) is None


def test_vergelijking():
    assert vergelijking(0.80, 0.90, 0.75) == "hoger"  # benchmark below the interval
    assert vergelijking(0.80, 0.90, 0.95) == "lager"
    assert vergelijking(0.80, 0.90, 0.80) == "gelijk"  # on the bound: not outside
    assert vergelijking(0.80, 0.90, 0.90) == "gelijk"
    assert vergelijking(None, None, 0.8) is None
    assert vergelijking(0.8, 0.9, None) is None


@pytest.mark.parametrize(
    ("verg", "polariteit", "verwacht"),
    [
        ("hoger", "hoog is goed", "beter"),
        ("gelijk", "hoog is goed", "gelijk"),
        ("lager", "hoog is goed", "slechter"),
        ("hoger", "laag is goed", "slechter"),
        ("lager", "laag is goed", "beter"),
        ("gelijk", "laag is goed", "gelijk"),
        ("hoger", "geen", "geen oordeel"),
        (None, "hoog is goed", None),
        (None, "geen", None),
    ],
)
def test_oordeel(verg, polariteit, verwacht):
    assert oordeel(verg, polariteit) == verwacht


def test_cochran_armitage_met_de_hand():
    # x = 10, 15, 20 of n = 100 each: N = 300, p = 0.15, t = 0, 1, 2
    # T = 0·(10-15) + 1·(15-15) + 2·(20-15) = 10
    # Var = 0.15·0.85·(500 - 300²/300) = 0.1275·200 = 25.5; χ² = 100/25.5 = 3.92 > 3.841
    assert cochran_armitage([(2020, 10, 100), (2021, 15, 100), (2022, 20, 100)]) == "stijgend"
    assert cochran_armitage([(2020, 20, 100), (2021, 15, 100), (2022, 10, 100)]) == "dalend"
    # x = 10, 11, 12: p = 0.11, T = 2, Var = 0.11·0.89·200 = 19.58, χ² = 0.204
    assert cochran_armitage([(2020, 10, 100), (2021, 11, 100), (2022, 12, 100)]) == "geen verandering"
    # x = 10, 14, 18: p = 0.14, T = 8, Var = 0.14·0.86·200 = 24.08, χ² = 2.658
    assert cochran_armitage([(2020, 10, 100), (2021, 14, 100), (2022, 18, 100)]) == "geen verandering"


def test_cochran_armitage_niet_te_berekenen():
    assert cochran_armitage([(2020, 1, 10), (2021, 2, 10)]) == "niet te berekenen"
    assert cochran_armitage([(2020, 0, 10), (2021, 0, 10), (2022, 0, 10)]) == "niet te berekenen"
    assert cochran_armitage([(2020, 10, 10), (2021, 5, 5), (2022, 7, 7)]) == "niet te berekenen"


def test_cochran_armitage_verschuiving_van_scores_verandert_niets():
    a = [(2020, 10, 100), (2021, 15, 100), (2022, 20, 100)]
    b = [(1990, 10, 100), (1991, 15, 100), (1992, 20, 100)]
    assert cochran_armitage(a) == cochran_armitage(b)


def test_trendreeks():
    jaren = [
        (2015, 1, 10, True), (2016, 1, 0, True), (2017, 1, 10, True), (2018, 1, 10, True),
        (2019, 1, 10, True), (2020, 1, 10, True), (2021, 1, 10, True), (2022, 1, 10, False),
    ]  # fmt: skip
    # the last five volledig years with noemer > 0 up to and including the year
    assert [j for j, _, _ in trendreeks(2021, jaren)] == [2017, 2018, 2019, 2020, 2021]
    assert [j for j, _, _ in trendreeks(2018, jaren)] == [2015, 2017, 2018]
    assert trendreeks(2022, jaren)[-1][0] == 2021
