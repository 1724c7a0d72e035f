"""The gamma distribution without scipy: the regularized incomplete gamma and its inverse.

The exact (Garwood) interval of a Poisson count and its weighted generalisation
need gamma quantiles, and the core of the package does not depend on scipy.
``P(a, x)``, the regularized lower incomplete gamma function, is evaluated by its
series for ``x < a + 1`` and by the continued fraction of ``Q = 1 - P`` otherwise
(Press, Teukolsky, Vetterling & Flannery 2007, *Numerical Recipes*, 3rd ed.,
section 6.2, with the modified Lentz method of 5.2). Quantiles solve
``P(a, x) = p`` by Newton steps kept inside a bracket. The tests compare both with
``scipy.special.gammainc`` and ``scipy.stats.gamma.ppf``.
"""

from __future__ import annotations

import math

__all__ = ["gamma_cdf", "gamma_quantile"]

_EPSILON = 1e-15
_TINY = 1e-300
_MAX_TERMS = 10_000


def _series(a: float, x: float) -> float:
    term = total = 1.0 / a
    denominator = a
    for _ in range(_MAX_TERMS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _continued_fraction(a: float, x: float) -> float:
    """``Q(a, x)`` by its continued fraction (Numerical Recipes 6.2.7)."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPSILON:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def gamma_cdf(x: float, shape: float) -> float:
    """``P(X <= x)`` for a gamma variable of ``shape`` and scale 1 (``gammainc(shape, x)``).

    >>> round(gamma_cdf(1.0, 1.0), 12)  # 1 - exp(-1)
    0.632120558829
    >>> gamma_cdf(0.0, 2.0)
    0.0
    """
    if not shape > 0.0 or math.isnan(x):
        return math.nan
    if x <= 0.0:
        return 0.0
    if math.isinf(x):
        return 1.0
    if x < shape + 1.0:
        return min(_series(shape, x), 1.0)
    return max(1.0 - _continued_fraction(shape, x), 0.0)


def _upper_tail(x: float, shape: float) -> float:
    """``Q(a, x) = 1 - P(a, x)``, computed without subtracting where it is small."""
    if x <= 0.0:
        return 1.0
    if x < shape + 1.0:
        return max(1.0 - _series(shape, x), 0.0)
    return min(_continued_fraction(shape, x), 1.0)


def _density(x: float, shape: float) -> float:
    return math.exp((shape - 1.0) * math.log(x) - x - math.lgamma(shape))


def gamma_quantile(probability: float, shape: float) -> float:
    """The ``probability`` quantile of the gamma distribution of ``shape``, scale 1.

    >>> round(gamma_quantile(0.975, 3.0), 9)  # scipy.stats.gamma.ppf(0.975, 3)
    7.224687668
    >>> gamma_quantile(0.0, 2.0)
    0.0
    """
    if not (0.0 <= probability <= 1.0 and shape > 0.0):
        return math.nan
    if probability == 0.0:
        return 0.0
    if probability == 1.0:
        return math.inf
    # Bracket: the cdf rises with x; double the upper end until it passes the target.
    low, high = 0.0, max(shape, 1.0)
    while gamma_cdf(high, shape) < probability:
        low, high = high, 2.0 * high
    # Wilson-Hilferty start, a good guess for shape beyond about 1.
    z = _normal_quantile(probability)
    guess = shape * (1.0 - 1.0 / (9.0 * shape) + z / (3.0 * math.sqrt(shape))) ** 3
    # Far in the lower tail P(a, x) ~ x**a / Gamma(a + 1), which Wilson-Hilferty misses.
    tail = math.exp((math.log(probability) + math.lgamma(shape + 1.0)) / shape)
    if tail < guess or not guess > 0.0:
        guess = tail
    x = guess if low < guess < high else (low + high) / 2.0
    upper = probability > 0.5  # solve on the upper tail there: 1 - P loses its digits
    tail_target = 1.0 - probability
    for _ in range(2_000):
        excess = tail_target - _upper_tail(x, shape) if upper else gamma_cdf(x, shape) - probability
        if excess < 0.0:
            low = x
        else:
            high = x
        density = _density(x, shape)
        candidate = x - excess / density if density > 0.0 else (low + high) / 2.0
        if not low < candidate < high:
            candidate = (low + high) / 2.0
        if abs(candidate - x) <= 4.0 * _EPSILON * x:
            return candidate
        x = candidate
    return x


def _normal_quantile(probability: float) -> float:
    from statistics import NormalDist  # noqa: PLC0415 - only for the starting guess

    return NormalDist().inv_cdf(probability)
