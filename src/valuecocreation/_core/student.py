"""Student's t distribution without scipy: tail probabilities and quantiles.

The survey scorer and the group comparison need t quantiles for their intervals
(also at the fractional degrees of freedom of Welch's test), and the core of the
package does not depend on scipy. The upper tail of t with ``df`` degrees of
freedom is ``I_x(df/2, 1/2) / 2`` with ``x = df / (df + t**2)`` (Abramowitz &
Stegun 1964, 26.7.1 with 26.5.27), where ``I`` is the regularized incomplete beta
function, evaluated by its continued fraction with the modified Lentz method
(Press, Teukolsky, Vetterling & Flannery 2007, *Numerical Recipes*, 3rd ed.,
section 6.4). Quantiles solve for the tail by safeguarded Newton steps. For very
large ``df`` the Cornish-Fisher expansion of A&S 26.7.5 is used, exact to double
precision there. The tests compare both with ``scipy.stats.t``.
"""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["t_quantile", "t_sf"]

_TINY = 1e-300
_EPSILON = 1e-16
_MAX_TERMS = 100_000
# Beyond this A&S 26.7.5 (next term ~ z**11 / df**5) is exact to double precision,
# while the continued fraction, needing ~sqrt(df) terms, starts to gather rounding.
_LARGE_DF = 1e4
_FAR = 10.0  # ... for |t| below this at that df (tails down to about 1e-23)


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (Numerical Recipes, 6.4.5)."""
    total, plus_one, minus_one = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - total * x / plus_one
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, _MAX_TERMS):
        twice = 2 * m
        for numerator in (
            m * (b - m) * x / ((minus_one + twice) * (a + twice)),
            -(a + m) * (total + m) * x / ((a + twice) * (plus_one + twice)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            break
    return result


def _log_beta(a: float, b: float) -> float:
    """``log B(a, b)``, accurate also when ``b`` is 1/2 and ``a`` is large.

    ``lgamma(a + 1/2) - lgamma(a)`` loses about ``log10(a * log(a))`` digits to
    cancellation; for ``a >= 20`` it is taken from the difference of the Stirling
    series instead (Abramowitz & Stegun 1964, 6.1.41), whose leading terms are
    computed without cancellation.
    """
    if b == 0.5 and a >= 20.0:

        def tail(z: float) -> float:
            w = 1.0 / (z * z)
            return (1.0 / 12.0 - w * (1.0 / 360.0 - w * (1.0 / 1260.0 - w / 1680.0))) / z

        log_ratio = 0.5 * math.log(a) + a * math.log1p(0.5 / a) - 0.5 + tail(a + 0.5) - tail(a)
        return 0.5 * math.log(math.pi) - log_ratio
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beta_regularized(
    a: float, b: float, *, x: float, y: float, log_x: float, log_y: float
) -> float:
    """``I_x(a, b)``, the regularized incomplete beta function, for 0 < x < 1.

    ``y`` is ``1 - x`` and the logarithms are of ``x`` and ``y``, each passed as
    computed without rounding ``x`` first, so that tails keep their precision.
    """
    log_front = a * log_x + b * log_y - _log_beta(min(a, b), max(a, b))
    # The fraction converges quickly on this side of the mean; use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _continued_fraction(b, a, y) / b


def t_sf(t: float, df: float) -> float:
    """``P(T > t)`` for Student's t with ``df`` degrees of freedom (``df > 0``).

    Examples
    --------
    >>> t_sf(0.0, 5.0)
    0.5
    >>> round(t_sf(2.5705818356363146, 5.0), 12)  # scipy.stats.t.ppf(0.975, 5)
    0.025
    """
    if not df > 0.0 or math.isnan(t):
        return math.nan
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    if t == 0.0:
        return 0.5
    # The terms the expansion leaves out grow like t**11 / df**5.
    if df > _LARGE_DF and abs(t) < _FAR * (df / _LARGE_DF) ** (5.0 / 11.0):
        z = _normal_equivalent(abs(t), df)
        tail = 0.5 * math.erfc(z / math.sqrt(2.0))
        return tail if t > 0.0 else 1.0 - tail
    # x = df / (df + t**2) and y = 1 - x, each computed without subtracting.
    ratio = t * t / df
    x, y = 1.0 / (1.0 + ratio), ratio / (1.0 + ratio)
    log_x = -math.log1p(ratio)
    log_y = 2.0 * math.log(abs(t)) - math.log(df) + log_x  # t * t may underflow
    tail = 0.5 * _beta_regularized(df / 2.0, 0.5, x=x, y=y, log_x=log_x, log_y=log_y)
    return tail if t > 0.0 else 1.0 - tail


def _density(t: float, df: float) -> float:
    log_density = (
        math.lgamma((df + 1.0) / 2.0)
        - math.lgamma(df / 2.0)
        - 0.5 * math.log(df * math.pi)
        - (df + 1.0) / 2.0 * math.log1p(t * t / df)
    )
    return math.exp(log_density)


def _cornish_fisher(z: float, df: float) -> float:
    """The t quantile from the normal one, Abramowitz & Stegun (1964) 26.7.5."""
    z2 = z * z
    terms = (
        z * (z2 + 1.0) / 4.0,
        z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0,
        z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0,
        z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0,
    )
    return z + sum(term / df ** (power + 1) for power, term in enumerate(terms))


def _normal_equivalent(t: float, df: float) -> float:
    """The ``z >= 0`` whose t quantile by A&S 26.7.5 is ``t >= 0``.

    The expansion grows with ``z`` and lies above ``z``, so the root is in
    ``[0, t]``: bisection keeps Newton's steps inside that bracket.
    """
    low, high = 0.0, t
    z = t
    for _ in range(200):
        excess = _cornish_fisher(z, df) - t
        if excess > 0.0:
            high = z
        else:
            low = z
        z2 = z * z
        slope = 1.0 + (3.0 * z2 + 1.0) / (4.0 * df)
        candidate = z - excess / slope
        if not low <= candidate <= high:
            candidate = (low + high) / 2.0
        if abs(candidate - z) <= 4.0 * _EPSILON * max(1.0, z):
            return candidate
        z = candidate
    return z


def t_quantile(probability: float, df: float) -> float:
    """The ``probability`` quantile of Student's t with ``df`` degrees of freedom.

    Examples
    --------
    >>> round(t_quantile(0.975, 10.0), 10)  # scipy.stats.t.ppf(0.975, 10) = 2.2281388520
    2.228138852
    >>> t_quantile(0.5, 3.0)
    0.0
    """
    if not (0.0 < probability < 1.0 and df > 0.0):
        return math.nan
    if probability == 0.5:
        return 0.0
    if probability < 0.5:
        return -t_quantile(1.0 - probability, df)
    tail = 1.0 - probability
    z = NormalDist().inv_cdf(probability)
    if df > _LARGE_DF:
        return _cornish_fisher(z, df)
    # Bracket the root (the tail falls as t grows), then Newton steps kept inside it.
    low, high = 0.0, max(2.0 * z, 1.0)
    while t_sf(high, df) > tail:
        low, high = high, 2.0 * high
    t = min(max(_cornish_fisher(z, df), low), high) if df >= 3.0 else (low + high) / 2.0
    for _ in range(200):
        excess = t_sf(t, df) - tail  # > 0 means t is still too small
        if excess > 0.0:
            low = t
        else:
            high = t
        step = excess / _density(t, df)
        candidate = t + step
        if not low < candidate < high:
            candidate = (low + high) / 2.0
        if abs(candidate - t) <= 4.0 * _EPSILON * max(1.0, abs(t)):
            return candidate
        t = candidate
    return t
