"""Confidence intervals used by the built-in scorers: Wilson, normal, t, exact Poisson."""

from __future__ import annotations

import math
import numbers
from statistics import NormalDist

from valuecocreation._core.gamma import gamma_quantile
from valuecocreation._core.student import t_quantile
from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = [
    "normal_interval",
    "poisson_interval",
    "t_interval",
    "wilson_interval",
    "z_value",
]


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


def t_interval(
    mean: float, standard_error: float, count: int, confidence: float = 0.95
) -> tuple[float, float]:
    """``mean`` plus and minus Student's t quantile (``count - 1`` df) times the error.

    The interval of a mean of few values: the normal quantile would be too narrow
    (a 95% z interval of 3 values covers about 80%). Values agree with
    ``scipy.stats.t.interval(confidence, count - 1, mean, standard_error)``.

    >>> [round(bound, 4) for bound in t_interval(3.0, 0.5, 4)]
    [1.4088, 4.5912]

    Raises
    ------
    ValidationError
        When ``count`` is below 2 (no spread to estimate) or ``confidence`` is
        not strictly between 0 and 1.
    """
    z_value(confidence)  # checks the level
    given: object = count  # callers may pass anything, whatever the annotation says
    if isinstance(given, bool) or not isinstance(given, numbers.Integral) or count < 2:
        raise ValidationError("a t interval needs at least 2 values", column="count", value=count)
    quantile = t_quantile(0.5 + confidence / 2.0, float(count - 1))
    return (mean - quantile * standard_error, mean + quantile * standard_error)


def poisson_interval(
    total: float, total_sq: float, events: int, confidence: float = 0.95
) -> tuple[float, float]:
    """An interval for the mean of a (weighted) Poisson sum, exact for unit weights.

    ``total`` is the observed sum of weights of ``events`` events and ``total_sq``
    the sum of their squared weights. With unit weights (``total == total_sq ==
    events``) this is Garwood's (1936, *Biometrika* 28, 437-442) exact interval,
    ``(G(a/2; k), G(1 - a/2; k + 1))`` with ``G(p; s)`` the gamma quantile of shape
    ``s``. With other weights it is the gamma interval of Fay & Feuer (1997,
    *Statistics in Medicine* 16, 791-801) with the largest weight replaced by the
    mean weight, as Tiwari, Clegg & Zou (2006, *Statistical Methods in Medical
    Research* 15, 547-569) propose: lower ``v/y G(a/2; y**2/v)``, upper
    ``(v + w**2)/(y + w) G(1 - a/2; (y + w)**2/(v + w**2))`` with ``y`` the total,
    ``v`` the total of squares and ``w = y / events``. The coverage study in
    ``benchmarks/coverage.py`` measures how close it stays to nominal.

    >>> [round(bound, 4) for bound in poisson_interval(5.0, 5.0, 5)]
    [1.6235, 11.6683]
    >>> [round(bound, 4) for bound in poisson_interval(0.0, 0.0, 0)]
    [0.0, 3.6889]

    Raises
    ------
    ValidationError
        For negative or non-finite sums, or a positive total without events.
    """
    z_value(confidence)
    if not (math.isfinite(total) and math.isfinite(total_sq) and total >= 0 and total_sq >= 0):
        raise ValidationError(
            "a Poisson interval needs finite sums of weights >= 0",
            column="total",
            value=(total, total_sq),
        )
    alpha = 1.0 - confidence
    if total == 0.0:
        # Nothing observed: Garwood's interval of a zero count, in units of one event
        # of weight 1 (no weight was seen to scale it by).
        return (0.0, gamma_quantile(1.0 - alpha / 2.0, 1.0))
    if events < 1:
        raise ValidationError(
            "a positive weighted total needs at least one event", column="events", value=events
        )
    mean_weight = total / events
    # Scale and shape of the gamma, each computed without squaring the total.
    squares = total_sq
    scale = squares / total
    if not scale > 0.0:
        # Weights so small that their squares underflow: equal weights, Garwood scaled.
        return (
            mean_weight * gamma_quantile(alpha / 2.0, float(events)),
            mean_weight * gamma_quantile(1.0 - alpha / 2.0, events + 1.0),
        )
    low = scale * gamma_quantile(alpha / 2.0, total / scale)
    grown = total + mean_weight
    grown_scale = (squares + mean_weight * mean_weight) / grown
    high = grown_scale * gamma_quantile(1.0 - alpha / 2.0, grown / grown_scale)
    return (low, high)
