"""The Bass diffusion model: closed forms and a nonlinear least-squares fit.

Bass (1969): a member of a market of ``m`` adopts at the hazard ``p + q F(t)``,
``p`` the coefficient of innovation (adoption from outside influence: content,
marketing) and ``q`` of imitation (from those who adopted already). The share
adopted by time ``t`` is

    F(t) = (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t)),

and adoptions per unit of time are ``m f(t)`` with
``f(t) = ((p + q)^2 / p) exp(-(p + q) t) / (1 + (q / p) exp(-(p + q) t))^2``.

:func:`fit_bass` estimates ``p``, ``q`` and ``m`` from adoptions per period by
nonlinear least squares on ``X_i = m (F(t_i) - F(t_{i-1}))`` (Srinivasan & Mason
1986), started from Bass's own regression estimates.
"""

from __future__ import annotations

import math
import numbers
from typing import ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.intervals import z_value
from valuecocreation._core.optional import require
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.simulate._cascade import Seed, make_rng
from valuecocreation.simulate._serial import (
    Serial,
    findings_tuple,
    float_array,
    float_pair,
    float_value,
)

__all__ = ["BassFit", "bass_adoption", "bass_cumulative", "fit_bass"]

Floats = npt.NDArray[np.float64]

#: Three parameters and at least one degree of freedom for the error.
MINIMUM_PERIODS: Final = 4
_SOURCE: Final = "Srinivasan & Mason (1986)"
#: An interval of m whose ends differ by more than this factor does not fix m.
_WIDE: Final = 3.0


def _positive(name: str, value: object, *, zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a number", column=name, value=type(value).__name__)
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero):
        rule = "not negative" if zero else "positive"
        raise ValidationError(f"{name} must be finite and {rule}", column=name, value=value)
    return number


def _times(t: object) -> Floats:
    try:
        array = np.asarray(t, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError("t must hold numbers", column="t") from None
    if not np.all(np.isfinite(array)):
        raise ValidationError("t must be finite", column="t")
    return array


def bass_cumulative(p: float, q: float, t: object) -> Floats:
    """The share of the market adopted by time ``t``, ``F(t)`` (Bass 1969).

    Parameters
    ----------
    p, q
        The coefficients of innovation (positive) and imitation (not negative).
    t
        A time or an array of times, in the unit ``p`` and ``q`` are per.

    Examples
    --------
    >>> from valuecocreation.simulate import bass_cumulative
    >>> print(f"{bass_cumulative(0.03, 0.38, 5.0):.12f}")
    0.331198642491
    """
    p, q = _positive("p", p), _positive("q", q, zero=True)
    decay = np.exp(-(p + q) * _times(t))
    return np.asarray((1.0 - decay) / (1.0 + (q / p) * decay), dtype=np.float64)


def bass_adoption(p: float, q: float, m: float, t: object) -> Floats:
    """Adoptions per unit of time at ``t``, ``m f(t)`` (Bass 1969).

    Examples
    --------
    >>> import math
    >>> from valuecocreation.simulate import bass_adoption
    >>> peak = math.log(0.38 / 0.03) / (0.03 + 0.38)  # the adoption peak's time
    >>> bool(bass_adoption(0.03, 0.38, 1000, peak) > bass_adoption(0.03, 0.38, 1000, peak + 1))
    True
    """
    p, q, m = _positive("p", p), _positive("q", q, zero=True), _positive("m", m)
    decay = np.exp(-(p + q) * _times(t))
    density = ((p + q) ** 2 / p) * decay / (1.0 + (q / p) * decay) ** 2
    return np.asarray(m * density, dtype=np.float64)


@attrs.frozen(kw_only=True, eq=False)
class BassFit(Serial):
    """Bass parameters fitted to adoptions per period, with standard errors and intervals.

    ``p``, ``q`` and ``m`` are the least-squares estimates; ``*_se`` their
    asymptotic standard errors (from the Jacobian at the optimum, ``s^2 (J'J)^-1``);
    ``*_interval`` percentile intervals from ``bootstrap`` residual-bootstrap refits.
    ``peak_time`` is when adoptions peak, ``ln(q / p) / (p + q)``.
    """

    _KIND: ClassVar[str] = "bass_fit"

    p: float = attrs.field(converter=float_value)
    q: float = attrs.field(converter=float_value)
    m: float = attrs.field(converter=float_value)
    p_se: float = attrs.field(converter=float_value)
    q_se: float = attrs.field(converter=float_value)
    m_se: float = attrs.field(converter=float_value)
    p_interval: tuple[float, float] = attrs.field(converter=float_pair)
    q_interval: tuple[float, float] = attrs.field(converter=float_pair)
    m_interval: tuple[float, float] = attrs.field(converter=float_pair)
    confidence: float = attrs.field(converter=float_value)
    bootstrap: int
    t: Floats = attrs.field(converter=float_array)
    adopters: Floats = attrs.field(converter=float_array)
    fitted: Floats = attrs.field(converter=float_array)
    rss: float = attrs.field(converter=float_value)
    peak_time: float = attrs.field(converter=float_value)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=findings_tuple)

    def cumulative(self, t: object) -> Floats:
        """Projected cumulative adopters by ``t``, ``m F(t)``."""
        return self.m * bass_cumulative(self.p, self.q, t)

    def adoption(self, t: object) -> Floats:
        """Projected adoptions per unit of time at ``t``, ``m f(t)``."""
        return bass_adoption(self.p, self.q, self.m, t)

    def __repr__(self) -> str:
        return f"<BassFit p={self.p:.4g} q={self.q:.4g} m={self.m:.4g} ({len(self.t)} periods)>"


def _period_model(theta: Floats, t: Floats) -> Floats:
    p, q, m = theta
    decay = np.exp(-(p + q) * np.concatenate([[0.0], t]))
    share = (1.0 - decay) / (1.0 + (q / p) * decay)
    return np.asarray(m * np.diff(share), dtype=np.float64)


def _period_jacobian(theta: Floats, t: Floats) -> Floats:
    """Derivatives of :func:`_period_model` by p, q and m (one row per period)."""
    p, q, m = theta
    times = np.concatenate([[0.0], t])
    decay = np.exp(-(p + q) * times)
    ratio = q / p
    below = 1.0 + ratio * decay
    share = (1.0 - decay) / below
    common = times * decay * below
    by_p = (common - (1.0 - decay) * (-q / p**2 * decay - ratio * times * decay)) / below**2
    by_q = (common - (1.0 - decay) * (decay / p - ratio * times * decay)) / below**2
    return np.column_stack([m * np.diff(by_p), m * np.diff(by_q), np.diff(share)])


def _start(t: Floats, x: Floats) -> Floats:
    """Bass's (1969) regression ``X = a + b N + c N^2`` on the adopters before, if it works."""
    before = np.concatenate([[0.0], np.cumsum(x)[:-1]])
    total = float(x.sum())
    fallback = np.array([0.01, 0.3, 2.0 * total])
    try:
        c, b, a = np.polyfit(before, x / np.diff(np.concatenate([[0.0], t])), 2)
    except (np.linalg.LinAlgError, ValueError):
        return fallback
    root = b * b - 4 * a * c
    if c >= 0 or root < 0:
        return fallback
    m = (-b - math.sqrt(root)) / (2 * c)
    if not m > total or a <= 0:
        return fallback
    return np.array([a / m, -c * m, m])


def fit_bass(
    t: object,
    adopters: object,
    *,
    cumulative: bool = False,
    bootstrap: int = 200,
    seed: Seed = None,
    confidence: float = 0.95,
) -> BassFit:
    """Fit the Bass model to adopters per period by nonlinear least squares.

    Parameters
    ----------
    t
        The end of each period, increasing, in time since launch (the first period
        runs from 0 to ``t[0]``).
    adopters
        New adopters in each period, or, with ``cumulative=True``, the adopters
        so far at each ``t`` (differenced here).
    cumulative
        Whether ``adopters`` are running totals.
    bootstrap
        Residual-bootstrap refits behind the intervals (0: no intervals, nan).
    seed
        Seeds the bootstrap (an int, a numpy Generator or None).
    confidence
        The level of the intervals.

    Returns
    -------
    BassFit
        ``p``, ``q``, ``m`` with standard errors and intervals; a finding when the
        series stops before its peak of adoptions, where ``m`` rests on the
        model's shape more than on the data.

    Raises
    ------
    ValidationError
        For fewer than four periods (three parameters need a degree of freedom
        left), times that do not increase, negative adopters, or a cumulative
        series that falls.
    MissingDependencyError
        Without scipy (the ``stats`` extra).

    Examples
    --------
    >>> import numpy as np
    >>> from valuecocreation.simulate import bass_cumulative, fit_bass
    >>> t = np.arange(1.0, 21.0)
    >>> x = np.diff(np.concatenate([[0], 5000 * bass_cumulative(0.03, 0.38, t)]))
    >>> fit = fit_bass(t, x, bootstrap=0)
    >>> round(fit.p, 4), round(fit.q, 4), round(fit.m)
    (0.03, 0.38, 5000)
    """
    optimize = require("scipy.optimize", extra="stats", feature="fitting the Bass model")
    times, x = _series(t, adopters, cumulative)
    z_value(confidence)  # checks the level before any work
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 0:
        raise ValidationError(
            "bootstrap must be a whole number of at least 0", column="bootstrap", value=bootstrap
        )
    total = float(x.sum())
    if total <= 0:
        raise ValidationError("a Bass fit needs some adopters", column="adopters", value=total)
    lower = np.array([1e-9, 0.0, total])
    upper = np.array([1.0, 10.0, 1e4 * total])

    def solve(series: Floats, start: Floats) -> tuple[Floats, Floats]:
        result = optimize.least_squares(
            lambda theta: _period_model(theta, times) - series,
            np.clip(start, lower * 1.0001 + 1e-12, upper * 0.9999),
            jac=lambda theta: _period_jacobian(theta, times),
            bounds=(lower, upper),
            x_scale=np.maximum(np.abs(start), 1e-6),
            method="trf",
        )
        return np.asarray(result.x), np.asarray(result.jac)

    theta, jacobian = solve(x, _start(times, x))
    fitted = _period_model(theta, times)
    residuals = x - fitted
    rss = float(residuals @ residuals)
    dof = len(x) - 3
    try:
        covariance = (rss / dof) * np.linalg.inv(jacobian.T @ jacobian)
        errors = np.sqrt(np.maximum(np.diag(covariance), 0.0))
    except np.linalg.LinAlgError:
        errors = np.full(3, math.nan)
    intervals = _bootstrap(solve, theta, fitted, residuals, bootstrap, seed, confidence)
    p, q, m = (float(value) for value in theta)
    peak = math.log(q / p) / (p + q) if q > p else 0.0
    return BassFit(
        p=p,
        q=q,
        m=m,
        p_se=float(errors[0]),
        q_se=float(errors[1]),
        m_se=float(errors[2]),
        p_interval=intervals[0],
        q_interval=intervals[1],
        m_interval=intervals[2],
        confidence=confidence,
        bootstrap=bootstrap,
        t=times,
        adopters=x,
        fitted=fitted,
        rss=rss,
        peak_time=peak,
        findings=_findings(theta, upper, peak, times, intervals[2]),
    )


def _series(t: object, adopters: object, cumulative: object) -> tuple[Floats, Floats]:
    times = _times(t).reshape(-1)
    try:
        x = np.asarray(adopters, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ValidationError("adopters must hold numbers", column="adopters") from None
    if len(times) != len(x):
        raise ValidationError(
            f"t has {len(times)} values and adopters {len(x)}", column="adopters", value=len(x)
        )
    if len(x) < MINIMUM_PERIODS:
        raise ValidationError(
            f"a Bass fit needs at least {MINIMUM_PERIODS} periods to identify p, q and m "
            "with an error left over",
            column="adopters",
            value=len(x),
        )
    if times[0] <= 0 or np.any(np.diff(times) <= 0):
        raise ValidationError(
            "t must be positive and increasing (the end of each period)", column="t"
        )
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValidationError("adopters must be finite and not negative", column="adopters")
    if cumulative:
        x = np.diff(np.concatenate([[0.0], x]))
        if np.any(x < 0):
            where = int(np.flatnonzero(x < 0)[0])
            raise ValidationError("a cumulative series cannot fall", row=where, column="adopters")
    return times, x


def _bootstrap(  # noqa: PLR0917
    solve: object,
    theta: Floats,
    fitted: Floats,
    residuals: Floats,
    count: int,
    seed: Seed,
    confidence: float,
) -> list[tuple[float, float]]:
    if count == 0:
        return [(math.nan, math.nan)] * 3
    rng = make_rng(seed)
    draws = np.empty((count, 3))
    for i in range(count):
        series = np.maximum(fitted + rng.choice(residuals, size=residuals.size), 0.0)
        draws[i] = solve(series, theta)[0]  # type: ignore[operator]
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(draws, [tail, 1.0 - tail], axis=0)
    return [(float(a), float(b)) for a, b in zip(low, high, strict=True)]


def _findings(
    theta: Floats, upper: Floats, peak: float, times: Floats, m_interval: tuple[float, float]
) -> list[Finding]:
    findings = []
    low, high = m_interval
    if low > 0 and high / low > _WIDE:
        findings.append(
            Finding(
                code="market_size_uncertain",
                severity=Severity.WARNING,
                message=(
                    f"the bootstrap interval of m runs from {low:.4g} to {high:.4g}: the "
                    "series does not pin down the market size"
                ),
                subject="m",
                numbers={"low": low, "high": high},
                section=_SOURCE,
            )
        )
    if peak > times[-1]:
        findings.append(
            Finding(
                code="before_peak",
                severity=Severity.WARNING,
                message=(
                    f"the fitted adoptions peak at t = {peak:.3g}, after the last period "
                    f"(t = {times[-1]:.3g}): the market size m rests on the model's shape "
                    "more than on the data"
                ),
                subject="m",
                numbers={"peak_time": peak, "last_time": float(times[-1])},
                section=_SOURCE,
            )
        )
    at_bound = [
        name for name, value, top in zip("pqm", theta, upper, strict=True) if value >= top * 0.999
    ]
    if at_bound:
        findings.append(
            Finding(
                code="parameter_at_bound",
                severity=Severity.SEVERE,
                message=(
                    f"{', '.join(at_bound)} reached the upper bound of the search: the data "
                    "do not identify it"
                ),
                subject=at_bound[0],
                numbers={"parameters": len(at_bound)},
            )
        )
    return findings
