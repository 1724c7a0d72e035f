"""Closed-form confidence intervals used by the built-in scorers."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["normal_interval", "wilson_interval", "z_value"]


def z_value(confidence: float) -> float:
    """The two-sided standard-normal quantile for ``confidence`` (1.96 at 0.95)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (Wilson 1927, JASA 22, 209-212).

    Unlike the textbook Wald interval it stays inside [0, 1] and behaves at 0 and
    ``trials``. Values agree with ``statsmodels`` ``proportion_confint(method="wilson")``.

    >>> [round(bound, 4) for bound in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    >>> [round(bound, 4) for bound in wilson_interval(0, 10)]
    [0.0, 0.2775]
    """
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials and trials > 0, got {successes}/{trials}")
    z = z_value(confidence)
    share = successes / trials
    denominator = 1.0 + z * z / trials
    centre = (share + z * z / (2.0 * trials)) / denominator
    half = z * math.sqrt(share * (1.0 - share) / trials + z * z / (4.0 * trials * trials))
    half /= denominator
    # At 0 and at ``trials`` the bound is exactly 0 or 1; rounding would leave 1e-16.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


def normal_interval(
    estimate: float, standard_error: float, confidence: float = 0.95
) -> tuple[float, float]:
    """``estimate`` plus and minus ``z * standard_error`` (a large-sample interval).

    >>> [round(bound, 3) for bound in normal_interval(10.0, 1.0)]
    [8.04, 11.96]
    """
    z = z_value(confidence)
    return (estimate - z * standard_error, estimate + z * standard_error)
