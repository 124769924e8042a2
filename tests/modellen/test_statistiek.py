"""Statistics (spec version 2) against hand-computed values, the literature, and statsmodels."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from modellen.statistiek import (
    CHI2_998,
    Z95,
    cochran_armitage,
    helling,
    newcombe,
    norm,
    oordeel,
    proportie,
    trend,
    vergelijking,
    vergelijking_met_rest,
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


@pytest.mark.parametrize(("x", "n"), [(11, 10), (-1, 10), (1, 0), (0, -1)])
def test_wilson_weigert_onmogelijke_telling(x, n):
    # a clear message instead of "math domain error" (or a silent nonsense interval)
    with pytest.raises(ValueError, match="0 <= teller <= noemer"):
        wilson(x, n)


@pytest.mark.parametrize(("x", "n"), [(0, 1), (1, 1), (3, 7), (999, 1000), (1, 1000000), (12345, 12345)])
def test_wilson_bevat_waarde_en_blijft_binnen_0_1(x, n):
    lo, hi = wilson(x, n)
    assert 0.0 <= lo <= x / n <= hi <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 100000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_gelijk_aan_statsmodels(xn):
    x, n = xn
    lo, hi = wilson(x, n)
    sm_lo, sm_hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    assert lo == pytest.approx(sm_lo, abs=1e-9) and hi == pytest.approx(sm_hi, abs=1e-9)


def test_proportie():
    assert proportie(3, 4) == 0.75
    assert proportie(0, 0) is None


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "onder", "boven"),
    [
        # the spec's literature checks (Newcombe 1998, table II, method 10)
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
    ],
)
def test_newcombe_literatuur(x1, n1, x2, n2, onder, boven):
    lo, hi = newcombe(x1, n1, x2, n2)
    assert round(lo, 4) == onder and round(hi, 4) == boven


def test_newcombe_met_de_hand():
    # 5/10 against 5/10: D = 0, L = -sqrt(2)·(p - l) with p - l = 0.5 - 0.236593 from above
    lo, hi = newcombe(5, 10, 5, 10)
    assert lo == pytest.approx(-math.sqrt(2) * (0.5 - 0.2365931), abs=1e-6) and hi == pytest.approx(-lo)
    # 0/10 against 0/29: both Wilson lower limits clamp to 0, so L = -u₂, U = u₁
    z2 = Z95**2
    assert newcombe(0, 10, 0, 29) == (pytest.approx(-z2 / (29 + z2)), pytest.approx(z2 / (10 + z2)))
    assert newcombe(0, 0, 3, 10) == (None, None)
    assert newcombe(3, 10, 0, 0) == (None, None)
    with pytest.raises(ValueError):
        newcombe(3, 10, 11, 10)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
)
def test_newcombe_gelijk_aan_statsmodels(a, b):
    (x1, n1), (x2, n2) = a, b
    lo, hi = newcombe(x1, n1, x2, n2)
    sm_lo, sm_hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=0.05)
    assert lo == pytest.approx(sm_lo, abs=1e-9) and hi == pytest.approx(sm_hi, abs=1e-9)
    assert lo <= x1 / n1 - x2 / n2 <= hi


def test_vergelijking():
    assert vergelijking(56, 70, 48, 80) == "hoger"  # [0.0524, 0.3339]: L > 0
    assert vergelijking(48, 80, 56, 70) == "lager"  # the mirror: U < 0
    assert vergelijking(5, 56, 0, 29) == "niet duidelijk anders"  # [-0.0381, 0.1926]
    assert vergelijking(5, 10, 5, 10) == "niet duidelijk anders"
    assert vergelijking(0, 0, 5, 10) is None and vergelijking(5, 10, 0, 0) is None


def test_vergelijking_met_de_rest_van_het_werkgebied():
    # Gorinchem-like: 110/111 in a werkgebied of 990/1000 (the rest: 880/889). Version 1 called it
    # "slechter" because the werkgebied value sat just above its interval; against the rest the
    # difference 0.9910 - 0.9899 is nothing.
    assert vergelijking_met_rest(110, 111, 990, 1000) == "niet duidelijk anders"
    # an area that is a quarter of its werkgebied: 200/250 (80%) in 700/1000; the rest is 500/750
    # (66.7%). The area against the whole (70%) hides part of the gap; against the rest it is clear.
    assert vergelijking_met_rest(200, 250, 700, 1000) == vergelijking(200, 250, 500, 750) == "hoger"
    # the area is the whole werkgebied: nothing to compare with
    assert vergelijking_met_rest(30, 40, 30, 40) is None
    assert vergelijking_met_rest(0, 0, 30, 40) is None


@pytest.mark.parametrize(
    ("verg", "polariteit", "verwacht"),
    [
        ("hoger", "hoog is goed", "beter"),
        ("niet duidelijk anders", "hoog is goed", "niet duidelijk anders"),
        ("lager", "hoog is goed", "slechter"),
        ("hoger", "laag is goed", "slechter"),
        ("lager", "laag is goed", "beter"),
        ("niet duidelijk anders", "laag is goed", "niet duidelijk anders"),
        ("hoger", "geen", "geen oordeel"),
        ("niet duidelijk anders", "geen", "geen oordeel"),
        (None, "hoog is goed", None),
        (None, "geen", None),
    ],
)
def test_oordeel(verg, polariteit, verwacht):
    assert oordeel(verg, polariteit) == verwacht


def test_norm():
    assert norm(9, 10, 0.90) == "gehaald"  # the spec's example: 9/10 == 0.9 in doubles
    assert norm(89, 100, 0.90) == "niet gehaald"
    assert norm(95, 100, 0.95) == "gehaald"
    assert norm(949, 1000, 0.95) == "niet gehaald"
    assert norm(10, 10, 0.95) == "gehaald"
    assert norm(0, 10, 0.90) == "niet gehaald"
    assert norm(9, 10, None) is None  # no doelwaarde (bereik, no-show, verzuim)
    assert norm(0, 0, 0.90) is None  # waarde NULL


def _jaren(reeks, begin=2020, volledig=True):
    return {begin + i: (x, n, volledig) for i, (x, n) in enumerate(reeks)}


def test_cochran_armitage_met_de_hand():
    # x = 10, 15, 20, 25, 30 of n = 100 each, t = 0..4: N = 500, p̄ = 0.2, Σnt = 1000, Σnt² = 3000
    # T = Σt·x - p̄·Σnt = 250 - 200 = 50; Var = 0.2·0.8·(3000 - 1000²/500) = 0.16·1000 = 160
    tt, var = cochran_armitage([(10, 100), (15, 100), (20, 100), (25, 100), (30, 100)])
    assert tt == pytest.approx(50) and var == pytest.approx(160)  # χ² = 15.625


def test_trend_stijgend_en_dalend():
    # χ² = 15.625 > 9.5495 (above) and every leave-one-out slope is +0.05
    assert trend(2024, _jaren([(10, 100), (15, 100), (20, 100), (25, 100), (30, 100)])) == "stijgend"
    assert trend(2024, _jaren([(30, 100), (25, 100), (20, 100), (15, 100), (10, 100)])) == "dalend"


def test_trend_significant_bij_95_maar_niet_bij_99_8():
    # x = 10, 13, 16, 19, 22 of 100: p̄ = 0.16, Σt·x = 190, T = 190 - 160 = 30,
    # Var = 0.16·0.84·1000 = 134.4, χ² = 900/134.4 = 6.70: > 3.841 (95%) but <= 9.5495 (99.8%)
    reeks = [(10, 100), (13, 100), (16, 100), (19, 100), (22, 100)]
    tt, var = cochran_armitage(reeks)
    assert tt * tt / var == pytest.approx(900 / 134.4)
    assert 3.841 < tt * tt / var < CHI2_998
    assert trend(2024, _jaren(reeks)) == "geen duidelijke trend"


def test_trend_een_jaar_draagt_de_trend():
    # x = 20, 10, 10, 10, 50 of 100: p̄ = 0.2, Σt·x = 260, T = 60, Var = 160, χ² = 22.5 > 9.5495,
    # but without the last year the slope of 0.2, 0.1, 0.1, 0.1 is -0.03 < 0: no trend
    reeks = [(20, 100), (10, 100), (10, 100), (10, 100), (50, 100)]
    tt, var = cochran_armitage(reeks)
    assert tt * tt / var == pytest.approx(22.5)
    assert helling([(0, 0.2), (1, 0.1), (2, 0.1), (3, 0.1)]) == pytest.approx(-0.03)
    assert trend(2024, _jaren(reeks)) == "geen duidelijke trend"
    # x = 10, 10, 10, 10, 40: χ² = 3600/134.4 = 26.8, but without the last year the slope is 0
    assert trend(2024, _jaren([(10, 100), (10, 100), (10, 100), (10, 100), (40, 100)])) == "geen duidelijke trend"


def test_trend_helling_bijna_nul_telt_als_nul():
    # without the last year the series 1/97, 4/89, 4/89, 1/97 is symmetric: its slope is 0, which
    # floating point gives as 6.9e-19 > 0. |b| < 1e-12 counts as 0 and fails (χ² = 80.4).
    reeks = [(1, 97), (4, 89), (4, 89), (1, 97), (50, 100)]
    punten = [(t, x / n) for t, (x, n) in enumerate(reeks[:4])]
    assert 0 < abs(helling(punten)) < 1e-12
    assert trend(2024, _jaren(reeks)) == "geen duidelijke trend"


def test_trend_alles_100_of_0_procent():
    # Var = p̄(1 - p̄)·... = 0: no test possible, and nothing changed
    assert trend(2024, _jaren([(10, 10), (20, 20), (15, 15), (12, 12), (30, 30)])) == "geen duidelijke trend"
    assert trend(2024, _jaren([(0, 10), (0, 20), (0, 15), (0, 12), (0, 30)])) == "geen duidelijke trend"


def test_trend_niet_te_berekenen():
    goed = [(10, 100), (15, 100), (20, 100), (25, 100), (30, 100)]
    jaren = _jaren(goed)
    assert trend(2024, jaren) == "stijgend"
    # a missing year (the indicator did not apply, or no row): not five consecutive years
    zonder = {j: v for j, v in jaren.items() if j != 2022}
    assert trend(2024, zonder) == "niet te berekenen"
    # the first four reported years: the series reaches before the first reported year
    assert trend(2023, jaren) == "niet te berekenen"
    # a year that is not volledig, also the year itself
    assert trend(2024, {**jaren, 2022: (20, 100, False)}) == "niet te berekenen"
    assert trend(2024, {**jaren, 2024: (30, 100, False)}) == "niet te berekenen"
    # a year with noemer 0
    assert trend(2024, {**jaren, 2021: (0, 0, True)}) == "niet te berekenen"
    # years outside Y-4..Y play no part
    assert trend(2024, {**jaren, 2019: (0, 0, False), 2025: (0, 0, False)}) == "stijgend"


def test_trend_artefact_van_versie_1_is_weg():
    # Dordrecht's verzuim of the issue with the years before M@ZL as zeros: 0/3359, 0/3650, 77/3951,
    # 100/4255, 99/4287. Version 2 has no rows before the startjaar, so there is no five-year series.
    jaren = _jaren([(77, 3951), (100, 4255), (99, 4287)], begin=2022)
    assert trend(2024, jaren) == "niet te berekenen"
    # the three-point "dalend" of the issue (49.6, 41.7, 42.0%) cannot happen: three years are never
    # a series
    assert trend(2024, _jaren([(496, 1000), (417, 1000), (420, 1000)], begin=2022)) == "niet te berekenen"


def test_chi2_grens_is_99_8_procent():
    from scipy.stats import chi2

    assert chi2.ppf(0.998, 1) == pytest.approx(CHI2_998, rel=1e-12)


def _grid(rijen):
    import polars as pl

    sleutels = ("indicator", "gebied_type", "gebied_code", "periode_type", "periode", "volledig", "teller", "noemer")
    return pl.DataFrame([dict(zip(sleutels, r, strict=True)) for r in rijen])


def test_statistieken_op_een_kleine_tabel():
    from modellen.bouw import statistieken

    jaren = [(2020, 50, 100), (2021, 45, 100), (2022, 40, 100), (2023, 35, 100), (2024, 30, 100)]
    rijen = []
    for jaar, x, n in jaren:
        # Dordrecht-like: the gemeente is a quarter of the werkgebied; werkgebied = gemeente + rest
        rijen.append(("vaccinatie_dktp_2j", "gemeente", "GM0505", "jaar", str(jaar), True, x, n))
        rijen.append(("vaccinatie_dktp_2j", "werkgebied", "Org", "jaar", str(jaar), jaar != 2024, x + 270, n + 300))
    rijen += [
        # per 1000: 30 of 1000 against the rest 20 of 4000 (value per 1000, comparison on proportions)
        ("verzuim_per_1000", "gemeente", "GM0505", "kwartaal", "2024-Q1", True, 30, 1000),
        ("verzuim_per_1000", "werkgebied", "Org", "kwartaal", "2024-Q1", True, 50, 5000),
        # no-show, low is good: 2 of 100 against the rest 48 of 400
        ("noshow", "gemeente", "GM0505", "maand", "2024-01", True, 2, 100),
        ("noshow", "werkgebied", "Org", "maand", "2024-01", True, 50, 500),
    ]
    uit = {(r["indicator"], r["gebied_code"], r["periode"]): r for r in statistieken(_grid(rijen)).to_dicts()}

    r = uit[("vaccinatie_dktp_2j", "GM0505", "2024")]
    assert r["waarde"] == 0.3 and r["norm"] == "niet gehaald"
    # 30/100 against the rest 270/300 (90%): lager, and for a high-is-good indicator slechter
    assert (r["vergelijking"], r["oordeel"]) == ("lager", "slechter")
    # 50, 45, 40, 35, 30 of 100: T = -50, Var = 0.4·0.6·1000 = 240, χ² = 10.4 > 9.55, every slope < 0
    assert r["trend"] == "dalend"
    assert uit[("vaccinatie_dktp_2j", "GM0505", "2023")]["trend"] == "niet te berekenen"  # starts 2020
    wg = uit[("vaccinatie_dktp_2j", "Org", "2024")]
    assert wg["vergelijking"] is None and wg["oordeel"] is None
    assert wg["trend"] == "niet te berekenen"  # 2024 of the werkgebied is not volledig
    assert wg["norm"] == "niet gehaald"  # 300/400 = 0.75 < 0.90

    v = uit[("verzuim_per_1000", "GM0505", "2024-Q1")]
    assert v["waarde"] == 30.0 and v["ci_onder"] == pytest.approx(wilson(30, 1000)[0] * 1000)
    assert v["vergelijking"] == vergelijking(30, 1000, 20, 4000) == "hoger"
    assert v["oordeel"] == "geen oordeel" and v["norm"] is None and v["trend"] is None

    ns = uit[("noshow", "GM0505", "2024-01")]
    assert (ns["vergelijking"], ns["oordeel"]) == ("lager", "beter")
    assert ns["trend"] is None and ns["norm"] is None
