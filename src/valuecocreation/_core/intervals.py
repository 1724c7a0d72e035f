"""Closed-form confidence intervals used by the built-in scorers."""

from __future__ import annotations

import math
import numbers
from statistics import NormalDist

from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = ["normal_interval", "wilson_interval", "z_value"]


def z_value(confidence: float) -> float:
    """The two-sided standard-normal quantile for ``confidence`` (1.96 at 0.95).

    >>> round(z_value(0.95), 4)
    1.96
    >>> z_value(1.0)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'confidence', value 1.0: confidence must ...

    Raises
    ------
    ArgumentTypeError
        When ``confidence`` is not a real number.
    ValidationError
        When it is not strictly between 0 and 1.
    """
    given: object = confidence  # callers may pass anything, whatever the annotation says
    if isinstance(given, bool) or not isinstance(given, numbers.Real):
        raise ArgumentTypeError(
            f"confidence must be a number, not {type(confidence).__name__}",
            column="confidence",
            value=confidence,
        )
    if not 0.0 < confidence < 1.0:
        raise ValidationError(
            "confidence must be between 0 and 1 (exclusive), such as 0.95",
            column="confidence",
            value=confidence,
        )
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (Wilson 1927, JASA 22, 209-212).

    Unlike the textbook Wald interval it stays inside [0, 1] and behaves at 0 and
    ``trials``. Values agree with ``statsmodels`` ``proportion_confint(method="wilson")``.

    >>> [round(bound, 4) for bound in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    >>> [round(bound, 4) for bound in wilson_interval(0, 10)]
    [0.0, 0.2775]

    Raises
    ------
    ArgumentTypeError
        When ``successes`` or ``trials`` is not a whole number.
    ValidationError
        Unless ``0 <= successes <= trials`` and ``trials > 0``.
    """
    counts: tuple[tuple[str, object], ...] = (("successes", successes), ("trials", trials))
    for name, count in counts:
        if isinstance(count, bool) or not isinstance(count, numbers.Integral):
            raise ArgumentTypeError(
                f"{name} must be a whole number, not {type(count).__name__}",
                column=name,
                value=count,
            )
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValidationError(
            "a Wilson interval needs 0 <= successes <= trials and trials > 0",
            column="successes" if trials > 0 else "trials",
            value=(successes, trials),
        )
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
