"""The statistics of the indicator spec (version 2), as small pure functions.

Each function gives its formula and source. Tests check them against hand-computed values, against
published values (Newcombe 1998), and on random inputs against statsmodels
(`proportion_confint(method="wilson")`, `confint_proportions_2indep(method="newcomb")`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

Z95 = 1.959963984540054
# chi-square, 1 degree of freedom, upper 0.2% point (99.8%, as Fingertips' trend): scipy.stats.chi2.ppf(0.998, 1)
CHI2_998 = 9.549535706083237
TREND_JAREN = 5
HELLING_NUL = 1e-12

HOGER, LAGER, NIET_ANDERS = "hoger", "lager", "niet duidelijk anders"
STIJGEND, DALEND, GEEN_TREND, NIET_TE_BEREKENEN = (
    "stijgend",
    "dalend",
    "geen duidelijke trend",
    "niet te berekenen",
)
GEHAALD, NIET_GEHAALD = "gehaald", "niet gehaald"


def _controleer(teller: int, noemer: int) -> None:
    if not (0 <= teller <= noemer):
        raise ValueError(
            f"Ongeldige telling: teller {teller} en noemer {noemer} voldoen niet aan 0 <= teller <= noemer. "
            "Controleer de telling die deze waarden gaf."
        )


def proportie(teller: int, noemer: int) -> float | None:
    """teller / noemer; None when noemer = 0."""
    _controleer(teller, noemer)
    return teller / noemer if noemer else None


def wilson(teller: int, noemer: int, z: float = Z95) -> tuple[float | None, float | None]:
    """95% Wilson score interval for a proportion x/n.

    L, U = (2x + z² ∓ z·sqrt(z² + 4x(1 - x/n))) / (2(n + z²)), with L = 0 when x = 0 and U = 1 when
    x = n > 0 (floating point would otherwise step just outside [0, 1]); (None, None) when n = 0.
    Requires 0 <= x <= n (ValueError otherwise, instead of a math domain error).

    Source: Wilson EB (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22:209-212; the form of PHEindicatormethods::phe_proportion (Public Health
    England, APHO technical briefing 3) and of Newcombe (1998) method 3.
    """
    _controleer(teller, noemer)
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


def newcombe(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> tuple[float | None, float | None]:
    """95% interval for the difference D = p₁ - p₂ of two independent proportions.

    Newcombe's hybrid score interval, built from the (clamped) Wilson limits lᵢ, uᵢ of each
    proportion: L = D - sqrt((p₁ - l₁)² + (u₂ - p₂)²), U = D + sqrt((u₁ - p₁)² + (p₂ - l₂)²).
    (None, None) when n₁ = 0 or n₂ = 0.

    Source: Newcombe RG (1998), "Interval estimation for the difference between independent
    proportions: comparison of eleven methods", Stat Med 17:873-890, method 10.
    """
    _controleer(x1, n1)
    _controleer(x2, n2)
    if n1 == 0 or n2 == 0:
        return None, None
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def vergelijking(x1: int, n1: int, x2: int, n2: int) -> str | None:
    """Compare proportion x₁/n₁ with x₂/n₂ by Newcombe's interval (L, U) for p₁ - p₂.

    `hoger` when L > 0, `lager` when U < 0, else `niet duidelijk anders`; None when n₁ = 0 or n₂ = 0.
    Per-1000 indicators are compared on their proportions (the scale does not change the words).
    """
    onder, boven = newcombe(x1, n1, x2, n2)
    if onder is None or boven is None:
        return None
    if onder > 0:
        return HOGER
    if boven < 0:
        return LAGER
    return NIET_ANDERS


def vergelijking_met_rest(teller: int, noemer: int, teller_werkgebied: int, noemer_werkgebied: int) -> str | None:
    """An area (gemeente or regio) against the rest of its werkgebied, same indicator and period:
    x₂ = werkgebied teller - area teller, n₂ = werkgebied noemer - area noemer (spec, Statistics).
    A benchmark that contains the area hides real differences; the rest does not contain it."""
    return vergelijking(teller, noemer, teller_werkgebied - teller, noemer_werkgebied - noemer)


OORDEEL = {
    "hoog is goed": {HOGER: "beter", NIET_ANDERS: NIET_ANDERS, LAGER: "slechter"},
    "laag is goed": {HOGER: "slechter", NIET_ANDERS: NIET_ANDERS, LAGER: "beter"},
}


def oordeel(vergelijking_: str | None, polariteit: str) -> str | None:
    """Judgement by polarity: high-is-good maps hoger / niet duidelijk anders / lager to
    beter / niet duidelijk anders / slechter, low-is-good the reverse, polarity `geen` gives
    `geen oordeel`; None without a comparison."""
    if vergelijking_ is None:
        return None
    if polariteit not in OORDEEL:
        return "geen oordeel"
    return OORDEEL[polariteit][vergelijking_]


def norm(teller: int, noemer: int, doelwaarde: float | None) -> str | None:
    """`gehaald` when teller / noemer >= doelwaarde, else `niet gehaald`, in plain double arithmetic
    (9/10 against 0.90 is `gehaald`); None without a doelwaarde or when noemer = 0. The doelwaarde
    is a proportion, also for an indicator shown per 1000."""
    p = proportie(teller, noemer)
    if doelwaarde is None or p is None:
        return None
    return GEHAALD if p >= doelwaarde else NIET_GEHAALD


def cochran_armitage(reeks: list[tuple[int, int]]) -> tuple[float, float]:
    """(T, Var) of the chi-square test for linear trend in proportions over (xᵢ, nᵢ), scores tᵢ = i.

    T = Σ tᵢ(xᵢ - nᵢp̄), Var = p̄(1-p̄)(Σ nᵢtᵢ² - (Σ nᵢtᵢ)²/N), χ² = T²/Var, p̄ = Σxᵢ/N, N = Σnᵢ.

    Source: Armitage P (1955), "Tests for linear trends in proportions and frequencies",
    Biometrics 11:375-386; Cochran WG (1954), Biometrics 10:417-451.
    """
    t = range(len(reeks))
    totaal_n = sum(n for _, n in reeks)
    p = sum(x for x, _ in reeks) / totaal_n
    som_nt = sum(n * ti for ti, (_, n) in zip(t, reeks, strict=True))
    som_nt2 = sum(n * ti * ti for ti, (_, n) in zip(t, reeks, strict=True))
    var = p * (1 - p) * (som_nt2 - som_nt * som_nt / totaal_n)
    tt = sum(ti * (x - n * p) for ti, (x, n) in zip(t, reeks, strict=True))
    return tt, var


def helling(punten: list[tuple[int, float]]) -> float:
    """Least-squares slope of p on t: b = Σ(tᵢ - t̄)(pᵢ - p̄) / Σ(tᵢ - t̄)², plain means."""
    t_gem = sum(t for t, _ in punten) / len(punten)
    p_gem = sum(p for _, p in punten) / len(punten)
    return sum((t - t_gem) * (p - p_gem) for t, p in punten) / sum((t - t_gem) ** 2 for t, _ in punten)


def trend(jaar: int, jaren: Mapping[int, tuple[int, int, bool]]) -> str:
    """The trend of year Y from the rows of one area and indicator, `jaren` = {jaar: (teller, noemer,
    volledig)} (version 2 of the spec).

    The series is Y-4 .. Y; every year must have a row that is volledig with noemer > 0, else
    `niet te berekenen`. Cochran-Armitage with scores tᵢ = year - (Y - 4): Var = 0 (all 0% or all
    100%) gives `geen duidelijke trend`; χ² > 9.549535706083237 (99.8%, 1 df, as Fingertips) gives
    `stijgend` (T > 0) or `dalend` (T < 0) provided that no single year carries it: leaving out each
    year in turn, the least-squares slope of pᵢ on tᵢ through the other four has the sign of T
    (|b| < 1e-12 counts as 0 and fails). Otherwise `geen duidelijke trend`.

    Source: Armitage (1955); the 99.8% level and the leave-one-out idea follow PHE Fingertips'
    trend method (which uses logit(p); p here so that 0% and 100% need no exception).
    """
    reeks = []
    for j in range(jaar - TREND_JAREN + 1, jaar + 1):
        rij = jaren.get(j)
        if rij is None or not rij[2] or rij[1] <= 0:
            return NIET_TE_BEREKENEN
        _controleer(rij[0], rij[1])
        reeks.append((rij[0], rij[1]))
    tt, var = cochran_armitage(reeks)
    if var == 0:
        return GEEN_TREND
    if tt * tt / var <= CHI2_998 or tt == 0:
        return GEEN_TREND
    teken = 1 if tt > 0 else -1
    punten = [(t, x / n) for t, (x, n) in enumerate(reeks)]
    for weg in range(len(punten)):
        b = helling([pt for i, pt in enumerate(punten) if i != weg])
        if abs(b) < HELLING_NUL or (b > 0) != (teken > 0):
            return GEEN_TREND
    return STIJGEND if teken > 0 else DALEND
