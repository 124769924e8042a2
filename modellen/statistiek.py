"""The statistics of the indicator spec, as small pure functions.

Each function gives its formula and source; tests check them against hand-computed values and, for
Wilson, against published values of PHEindicatormethods' `phe_proportion`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Z95 = 1.959963984540054
CHI2_KRITIEK = 3.841


def proportie(teller: int, noemer: int) -> float | None:
    """teller / noemer; None when noemer = 0."""
    return teller / noemer if noemer else None


def wilson(teller: int, noemer: int, z: float = Z95) -> tuple[float | None, float | None]:
    """95% Wilson score interval for a proportion.

    L, U = (2x + z² ∓ z·sqrt(z² + 4x(1 - x/n))) / (2(n + z²)), with L = 0 when x = 0 and U = 1 when
    x = n > 0 (floating point would otherwise step just outside [0, 1]); (None, None) when n = 0.

    Source: Wilson EB (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22:209-212; the form used by PHEindicatormethods::phe_proportion (Public Health
    England, "Confidence intervals for proportions", APHO technical briefing 3).
    """
    x, n = teller, noemer
    if n == 0:
        return None, None
    z2 = z * z
    wortel = z * math.sqrt(z2 + 4 * x * (1 - x / n))
    onder = (2 * x + z2 - wortel) / (2 * (n + z2))
    boven = (2 * x + z2 + wortel) / (2 * (n + z2))
    if x == 0:
        onder = 0.0
    if x == n:
        boven = 1.0
    return onder, boven


def vergelijking(ci_onder: float | None, ci_boven: float | None, benchmark: float | None) -> str | None:
    """Compare an area with the benchmark (the werkgebied value of the same indicator and period).

    `hoger` when the benchmark lies below the area's interval, `lager` when above, else `gelijk`;
    None when either side is missing (noemer 0). Plain double arithmetic on proportions and bounds.
    Source: the 'compared with benchmark' significance method of PHE Fingertips (overlap of the
    benchmark value with the area's 95% interval).
    """
    if ci_onder is None or ci_boven is None or benchmark is None:
        return None
    if benchmark < ci_onder:
        return "hoger"
    if benchmark > ci_boven:
        return "lager"
    return "gelijk"


OORDEEL = {
    "hoog is goed": {"hoger": "beter", "gelijk": "gelijk", "lager": "slechter"},
    "laag is goed": {"hoger": "slechter", "gelijk": "gelijk", "lager": "beter"},
}


def oordeel(vergelijking_: str | None, polariteit: str) -> str | None:
    """Judgement by polarity: high-is-good maps hoger/gelijk/lager to beter/gelijk/slechter,
    low-is-good the reverse, polarity `geen` gives `geen oordeel`; None without a comparison."""
    if vergelijking_ is None:
        return None
    if polariteit not in OORDEEL:
        return "geen oordeel"
    return OORDEEL[polariteit][vergelijking_]


def cochran_armitage(reeks: Sequence[tuple[int, int, int]]) -> str:
    """Chi-square test for linear trend in proportions over (jaar, teller, noemer), noemer > 0.

    Scores tᵢ = year - first year of the series. T = Σ tᵢ(xᵢ - nᵢp̄),
    Var = p̄(1-p̄)(Σ nᵢtᵢ² - (Σ nᵢtᵢ)²/N), χ² = T²/Var with p̄ = Σxᵢ/N, N = Σnᵢ.
    χ² > 3.841 (p < 0.05, 1 df) gives `stijgend` (T > 0) or `dalend` (T < 0), else
    `geen verandering`; fewer than three years or Var = 0 gives `niet te berekenen`.

    Source: Armitage P (1955), "Tests for linear trends in proportions and frequencies",
    Biometrics 11:375-386; Cochran WG (1954), Biometrics 10:417-451.
    """
    if len(reeks) < 3:
        return "niet te berekenen"
    eerste = reeks[0][0]
    t = [jaar - eerste for jaar, _, _ in reeks]
    x = [teller for _, teller, _ in reeks]
    n = [noemer for _, _, noemer in reeks]
    totaal_n = sum(n)
    p = sum(x) / totaal_n
    som_nt = sum(ni * ti for ni, ti in zip(n, t, strict=True))
    som_nt2 = sum(ni * ti * ti for ni, ti in zip(n, t, strict=True))
    var = p * (1 - p) * (som_nt2 - som_nt * som_nt / totaal_n)
    if var == 0:
        return "niet te berekenen"
    tt = sum(ti * (xi - ni * p) for ti, xi, ni in zip(t, x, n, strict=True))
    chi2 = tt * tt / var
    if chi2 > CHI2_KRITIEK:
        return "stijgend" if tt > 0 else "dalend"
    return "geen verandering"


def trendreeks(jaar: int, jaren: Sequence[tuple[int, int, int, bool]], lengte: int = 5) -> list[tuple[int, int, int]]:
    """The series for the trend of year `jaar`: the volledig years up to and including `jaar` with
    noemer > 0, the last `lengte` of them. `jaren` holds (jaar, teller, noemer, volledig)."""
    bruikbaar = sorted((j, x, n) for j, x, n, vol in jaren if vol and n > 0 and j <= jaar)
    return bruikbaar[-lengte:]
