"""Fitting the two-sided growth model to both sides' active members: :func:`fit_two_sided`."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.optional import require
from valuecocreation.errors import ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.simulate._serial import Serial, findings_tuple, float_array, float_value
from valuecocreation.simulate._two_sided import (
    Intervention,
    TwoSidedModel,
    as_interventions,
    as_model,
    conditional,
    ode_path,
    plan,
)

__all__ = ["TwoSidedFit", "fit_two_sided"]

Floats = npt.NDArray[np.float64]

_FITTED: Final = (
    "demand_market",
    "supply_market",
    "demand_innovation",
    "supply_innovation",
    "demand_imitation",
    "supply_imitation",
    "demand_cross",
    "supply_cross",
)
#: Eight parameters and at least one degree of freedom for the error.
MINIMUM_POINTS: Final = 9
_LOWER: Final = np.log([1.0, 1.0, 1e-7, 1e-7, 1e-7, 1e-7, 1e-7, 1e-7])
_UPPER: Final = np.log([1e12, 1e12, 1.0, 1.0, 5.0, 5.0, 5.0, 5.0])


@attrs.frozen(kw_only=True, eq=False)
class TwoSidedFit(Serial):
    """A :class:`~valuecocreation.simulate.TwoSidedModel` fitted to both sides' members.

    ``fitted_demand`` and ``fitted_supply`` are the model's path at ``t``; ``rss``
    the sum of squared residuals, each side's scaled by its largest observation
    so that the smaller side counts as much.
    """

    _KIND: ClassVar[str] = "two_sided_fit"

    model: TwoSidedModel = attrs.field(converter=as_model)
    interventions: tuple[Intervention, ...] = attrs.field(converter=as_interventions)
    t: Floats = attrs.field(converter=float_array)
    demand: Floats = attrs.field(converter=float_array)
    supply: Floats = attrs.field(converter=float_array)
    fitted_demand: Floats = attrs.field(converter=float_array)
    fitted_supply: Floats = attrs.field(converter=float_array)
    rss: float = attrs.field(converter=float_value)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=findings_tuple)

    def __repr__(self) -> str:
        return (
            f"<TwoSidedFit demand market {self.model.demand_market:.4g}, supply market "
            f"{self.model.supply_market:.4g} ({len(self.t)} periods)>"
        )


def _series(name: str, value: object, length: int | None) -> Floats:
    try:
        array = np.asarray(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must hold numbers", column=name) from None
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValidationError(f"{name} must be finite and not negative", column=name)
    if length is not None and len(array) != length:
        raise ValidationError(
            f"{name} has {len(array)} values for {length} times", column=name, value=len(array)
        )
    return array


def fit_two_sided(
    t: object,
    demand: object,
    supply: object,
    *,
    interventions: Iterable[Intervention] = (),
    demand_churn: float = 0.0,
    supply_churn: float = 0.0,
    steps_per_unit: int = 10,
) -> TwoSidedFit:
    """Fit markets, innovation, imitation and cross-side effects of both sides.

    Least squares on the deterministic path (in logs of the parameters, which
    keeps them positive), with the interventions and churn rates held as given.

    Parameters
    ----------
    t
        Whole times (1, 2, ...) at which the members were counted; the platform
        starts empty at 0.
    demand, supply
        Active members of each side at ``t``.
    interventions
        Seedings and campaigns known to have happened (held fixed).
    demand_churn, supply_churn
        Churn rates held fixed.
    steps_per_unit
        Integration steps per unit of time.

    Returns
    -------
    TwoSidedFit
        The fitted model and its path, labelled as conditional on the model.

    Raises
    ------
    ValidationError
        For fewer than nine times (eight parameters), times that are not whole,
        positive and increasing, or negative counts.
    MissingDependencyError
        Without scipy (the ``stats`` extra).

    Examples
    --------
    >>> from valuecocreation.simulate import TwoSidedModel, fit_two_sided, two_sided_growth
    >>> truth = TwoSidedModel(demand_market=5000, supply_market=500, demand_innovation=0.01,
    ...                       supply_innovation=0.02, demand_imitation=0.3,
    ...                       supply_imitation=0.2, demand_cross=0.2, supply_cross=0.1)
    >>> path = two_sided_growth(truth, 24, steps_per_unit=10)
    >>> fit = fit_two_sided(path.t[1:], path.demand[1:], path.supply[1:])
    >>> round(fit.model.demand_market), round(fit.model.supply_market)
    (5000, 500)
    """
    optimize = require("scipy.optimize", extra="stats", feature="fitting two-sided growth")
    times = _series("t", t, None)
    if len(times) < MINIMUM_POINTS:
        raise ValidationError(
            f"a two-sided fit needs at least {MINIMUM_POINTS} times for its 8 parameters",
            column="t",
            value=len(times),
        )
    if np.any(times != np.round(times)) or times[0] < 1 or np.any(np.diff(times) <= 0):
        raise ValidationError("t must be whole, positive and increasing", column="t")
    observed_d = _series("demand", demand, len(times))
    observed_s = _series("supply", supply, len(times))
    scale_d, scale_s = max(observed_d.max(), 1.0), max(observed_s.max(), 1.0)
    items = as_interventions(interventions)
    horizon = int(times[-1])
    at = times.astype(np.int64)
    schedule = plan(items, horizon, steps_per_unit)

    def model_of(theta: Floats) -> TwoSidedModel:
        values = dict(zip(_FITTED, np.exp(theta).tolist(), strict=True))
        return TwoSidedModel(**values, demand_churn=demand_churn, supply_churn=supply_churn)

    def residuals(theta: Floats) -> Floats:
        path = ode_path(model_of(theta), items, horizon, steps_per_unit, schedule)[at]
        return np.concatenate(
            [(path[:, 0] - observed_d) / scale_d, (path[:, 1] - observed_s) / scale_s]
        )

    start = np.log([3 * scale_d, 3 * scale_s, 0.01, 0.01, 0.3, 0.3, 0.1, 0.1]).clip(
        _LOWER + 1e-9, _UPPER - 1e-9
    )
    result = optimize.least_squares(residuals, start, bounds=(_LOWER, _UPPER), method="trf")
    model = model_of(np.asarray(result.x))
    path = ode_path(model, items, horizon, steps_per_unit)[at]
    findings = [conditional()]
    at_bound = [
        name
        for name, value, low, high in zip(_FITTED, result.x, _LOWER, _UPPER, strict=True)
        if value <= low + 1e-3 or value >= high - 1e-3
    ]
    if at_bound:
        findings.append(
            Finding(
                code="parameter_at_bound",
                severity=Severity.WARNING,
                message=(
                    f"{', '.join(at_bound)} ended at a bound of the search: the series do "
                    "not identify them"
                ),
                subject=at_bound[0],
                numbers={"parameters": len(at_bound)},
            )
        )
    return TwoSidedFit(
        model=model,
        interventions=items,
        t=times,
        demand=observed_d,
        supply=observed_s,
        fitted_demand=path[:, 0],
        fitted_supply=path[:, 1],
        rss=float(math.fsum(np.asarray(result.fun) ** 2)),
        findings=findings,
    )
