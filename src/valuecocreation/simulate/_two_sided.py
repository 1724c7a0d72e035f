"""Two-sided platform growth: listeners and creators who draw each other in.

A platform has two sides, demand (listeners) and supply (creators). Each side
adopts as in Bass (1969), with a hazard that also rises with the other side's
installed base: the cross-side network effect of two-sided markets (Rochet &
Tirole 2003; Eisenmann, Parker & Van Alstyne 2006), written as coupled Bass
hazards in the manner of multi-product growth models (Peterson & Mahajan 1978):

    dD/dt = (p_D(t) + q_D D / m_D + c_D S / m_S) (m_D - D) - d_D D
    dS/dt = (p_S(t) + q_S S / m_S + c_S D / m_D) (m_S - S) - d_S S

``D`` and ``S`` are the active members of each side, ``m`` its market, ``p`` the
innovation (outside pull: content, marketing), ``q`` the same-side imitation,
``c`` the cross-side effect (``c_D``: how much the creators already there attract
listeners) and ``d`` the churn rate. The "chicken and egg" problem is the case
``p`` small on both sides: neither grows until one is seeded. An
:class:`Intervention` seeds a side with members at a time (content seeding) and
may raise its innovation for a while (a cross-marketing campaign).

:func:`two_sided_growth` integrates the equations (fourth-order Runge-Kutta,
with the seeding jumps applied between steps) or, with ``runs``, simulates them
as a seeded stochastic process: in each small step every non-member joins with
probability ``1 - exp(-hazard dt)`` and every member leaves with
``1 - exp(-d dt)`` (binomial draws for all runs at once).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.simulate._cascade import Seed, make_rng
from valuecocreation.simulate._serial import Serial, findings_tuple, float_array, float_value

__all__ = [
    "Growth",
    "Intervention",
    "TwoSidedModel",
    "as_interventions",
    "as_model",
    "conditional",
    "ode_path",
    "plan",
    "stochastic_paths",
    "two_sided_growth",
]

Floats = npt.NDArray[np.float64]
#: Per integration step: members seeded at its start, campaign boost at its middle.
Schedule = tuple[list[tuple[float, float]], list[tuple[float, float]]]

SIDES: Final = ("demand", "supply")
_SECTION: Final = "Rochet & Tirole (2003); Eisenmann, Parker & Van Alstyne (2006)"


def _rate(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(
            f"{attribute.name} must be a number", column=attribute.name, value=value
        )
    if not math.isfinite(float(value)) or float(value) < 0:
        raise ValidationError(
            f"{attribute.name} must be finite and not negative",
            column=attribute.name,
            value=value,
        )


def _market(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    _rate(instance, attribute, value)
    if float(value) <= 0:  # type: ignore[arg-type]
        raise ValidationError(
            f"{attribute.name} must be positive", column=attribute.name, value=value
        )


@attrs.frozen(kw_only=True)
class TwoSidedModel:
    """The parameters of two-sided growth (see the module notes for the equations).

    Rates are per unit of time (a month, say); markets are counts of members.
    """

    demand_market: float = attrs.field(validator=_market)
    supply_market: float = attrs.field(validator=_market)
    demand_innovation: float = attrs.field(default=0.0, validator=_rate)
    supply_innovation: float = attrs.field(default=0.0, validator=_rate)
    demand_imitation: float = attrs.field(default=0.0, validator=_rate)
    supply_imitation: float = attrs.field(default=0.0, validator=_rate)
    demand_cross: float = attrs.field(default=0.0, validator=_rate)
    supply_cross: float = attrs.field(default=0.0, validator=_rate)
    demand_churn: float = attrs.field(default=0.0, validator=_rate)
    supply_churn: float = attrs.field(default=0.0, validator=_rate)

    def to_dict(self) -> dict[str, float]:
        """The parameters by name."""
        return {
            field.name: float(getattr(self, field.name)) for field in attrs.fields(TwoSidedModel)
        }

    @classmethod
    def from_dict(cls, data: dict[str, float]) -> TwoSidedModel:
        """The inverse of :meth:`to_dict`."""
        return cls(**data)


def _side(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in SIDES:
        raise ValidationError("side must be 'demand' or 'supply'", column="side", value=value)


@attrs.frozen(kw_only=True)
class Intervention:
    """Seed a side with ``members`` at ``start``; add ``innovation`` to its ``p`` until ``end``.

    Content seeding is ``members`` on the demand side at launch; a cross-marketing
    campaign is ``innovation`` from ``start`` to ``end`` (``None``: for good).
    """

    side: str = attrs.field(validator=_side)
    start: float = attrs.field(validator=_rate)
    end: float | None = attrs.field(default=None)
    members: float = attrs.field(default=0.0, validator=_rate)
    innovation: float = attrs.field(default=0.0, validator=_rate)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and not float(self.end) > float(self.start):
            raise ValidationError("end must come after start", column="end", value=self.end)

    def to_dict(self) -> dict[str, object]:
        """The intervention as plain data."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Intervention:
        """The inverse of :meth:`to_dict`."""
        return cls(**data)  # type: ignore[arg-type]


def as_model(value: object) -> TwoSidedModel:
    """A model, from itself or its plain data."""
    return value if isinstance(value, TwoSidedModel) else TwoSidedModel.from_dict(value)  # type: ignore[arg-type]


def as_interventions(value: object) -> tuple[Intervention, ...]:
    """Interventions, from objects or their plain data."""
    return tuple(
        item if isinstance(item, Intervention) else Intervention.from_dict(item)
        for item in value  # type: ignore[attr-defined]
    )


@attrs.frozen(kw_only=True, eq=False)
class Growth(Serial):
    """Members of each side at times ``t``: the ODE path, or the mean of ``runs`` runs.

    With ``runs`` > 0, ``*_low`` and ``*_high`` bound the central ``confidence``
    range of the runs at each time (``total_*`` that of both sides together, which
    is not the sum of the sides' ranges); for the deterministic path they are nan.
    """

    _KIND: ClassVar[str] = "two_sided_growth"

    model: TwoSidedModel = attrs.field(converter=as_model)
    interventions: tuple[Intervention, ...] = attrs.field(converter=as_interventions)
    runs: int
    confidence: float = attrs.field(converter=float_value)
    t: Floats = attrs.field(converter=float_array)
    demand: Floats = attrs.field(converter=float_array)
    supply: Floats = attrs.field(converter=float_array)
    demand_low: Floats = attrs.field(converter=float_array)
    demand_high: Floats = attrs.field(converter=float_array)
    supply_low: Floats = attrs.field(converter=float_array)
    supply_high: Floats = attrs.field(converter=float_array)
    total_low: Floats = attrs.field(converter=float_array)
    total_high: Floats = attrs.field(converter=float_array)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=findings_tuple)

    @property
    def total(self) -> Floats:
        """Members of both sides at each time."""
        return self.demand + self.supply

    def __repr__(self) -> str:
        how = "ODE" if not self.runs else f"{self.runs} runs"
        return (
            f"<Growth {how} to t={self.t[-1]:g}: demand {self.demand[-1]:.4g}, "
            f"supply {self.supply[-1]:.4g}>"
        )


def _hazards(
    model: TwoSidedModel, demand: Floats, supply: Floats, boost: Floats
) -> tuple[Floats, Floats]:
    """The joining hazard of each side, for one state or an array of them."""
    share_d, share_s = demand / model.demand_market, supply / model.supply_market
    hazard_d = model.demand_innovation + boost[0] + model.demand_imitation * share_d
    hazard_s = model.supply_innovation + boost[1] + model.supply_imitation * share_s
    return hazard_d + model.demand_cross * share_s, hazard_s + model.supply_cross * share_d


def _slope(
    model: TwoSidedModel, demand: float, supply: float, boost_d: float, boost_s: float
) -> tuple[float, float]:
    """The right-hand side of the equations at one state, in plain floats (fast for 2)."""
    share_d, share_s = demand / model.demand_market, supply / model.supply_market
    hazard_d = model.demand_innovation + boost_d + model.demand_imitation * share_d
    hazard_s = model.supply_innovation + boost_s + model.supply_imitation * share_s
    hazard_d += model.demand_cross * share_s
    hazard_s += model.supply_cross * share_d
    return (
        hazard_d * (model.demand_market - demand) - model.demand_churn * demand,
        hazard_s * (model.supply_market - supply) - model.supply_churn * supply,
    )


def plan(items: tuple[Intervention, ...], horizon: int, steps: int) -> Schedule:
    """Per step, the members seeded at its start and the campaigns' boost at its middle."""
    dt = 1.0 / steps
    jumps, boosts = [], []
    for step in range(horizon * steps):
        time = step * dt
        jump, boost = _jumps(items, time, time + dt), _boost(items, time + dt / 2)
        jumps.append((float(jump[0]), float(jump[1])))
        boosts.append((float(boost[0]), float(boost[1])))
    return jumps, boosts


def _boost(interventions: tuple[Intervention, ...], time: float) -> Floats:
    boost = np.zeros(2)
    for item in interventions:
        if item.innovation and item.start <= time and (item.end is None or time < item.end):
            boost[SIDES.index(item.side)] += item.innovation
    return boost


def _jumps(interventions: tuple[Intervention, ...], low: float, high: float) -> Floats:
    """Members added by seedings whose start falls in [low, high)."""
    added = np.zeros(2)
    for item in interventions:
        if item.members and low <= item.start < high:
            added[SIDES.index(item.side)] += item.members
    return added


def two_sided_growth(
    model: TwoSidedModel,
    horizon: float,
    *,
    interventions: Iterable[Intervention] = (),
    steps_per_unit: int = 20,
    runs: int = 0,
    seed: Seed = None,
    confidence: float = 0.95,
) -> Growth:
    """Project two-sided growth from an empty platform to ``horizon``.

    Parameters
    ----------
    model
        The :class:`TwoSidedModel` parameters.
    horizon
        The last time reported; members are reported at 0, 1, ..., ``horizon``.
    interventions
        Seedings and campaigns (:class:`Intervention`).
    steps_per_unit
        Integration (or simulation) steps per unit of time.
    runs
        0 for the deterministic path; more for that many seeded stochastic runs.
    seed
        Seeds the stochastic runs (an int, a numpy Generator or None).
    confidence
        The central range of the runs reported at each time.

    Returns
    -------
    Growth
        Members of each side over time, labelled as conditional on the model.

    Examples
    --------
    >>> from valuecocreation.simulate import Intervention, TwoSidedModel, two_sided_growth
    >>> model = TwoSidedModel(demand_market=1000, supply_market=100, demand_imitation=0.5,
    ...                       supply_imitation=0.5, demand_cross=0.8, supply_cross=0.8)
    >>> two_sided_growth(model, 12).demand[-1]  # no one starts it: chicken and egg
    np.float64(0.0)
    >>> seeded = two_sided_growth(model, 12, interventions=[Intervention(side="supply",
    ...                                                                 start=0, members=5)])
    >>> bool(seeded.demand[-1] > 500)
    True
    """
    if not isinstance(model, TwoSidedModel):
        raise ArgumentTypeError(
            "model must be a TwoSidedModel", column="model", value=type(model).__name__
        )
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise ValidationError(
            "horizon must be a whole number of at least 1", column="horizon", value=horizon
        )
    for name, value in (("steps_per_unit", steps_per_unit), ("runs", runs)):
        if isinstance(value, bool) or not isinstance(value, int) or value < (name != "runs"):
            raise ValidationError(f"{name} must be a whole number", column=name, value=value)
    items = as_interventions(interventions)
    if runs:
        paths = stochastic_paths(model, items, horizon, steps_per_unit, runs, make_rng(seed))
    else:
        paths = ode_path(model, items, horizon, steps_per_unit)[None, :, :]
    tail = (1.0 - confidence) / 2.0
    if runs:
        low, high = np.quantile(paths, [tail, 1.0 - tail], axis=0)
        total_low, total_high = np.quantile(paths.sum(axis=2), [tail, 1.0 - tail], axis=0)
    else:
        low = high = np.full(paths.shape[1:], math.nan)
        total_low = total_high = np.full(paths.shape[1], math.nan)
    mean = paths.mean(axis=0)
    return Growth(
        model=model,
        interventions=items,
        runs=runs,
        confidence=confidence,
        t=np.arange(horizon + 1, dtype=np.float64),
        demand=mean[:, 0],
        supply=mean[:, 1],
        demand_low=low[:, 0],
        demand_high=high[:, 0],
        supply_low=low[:, 1],
        supply_high=high[:, 1],
        total_low=total_low,
        total_high=total_high,
        findings=[conditional()],
    )


def conditional() -> Finding:
    """The finding that labels a growth projection as conditional on its model."""
    return Finding(
        code="conditional_projection",
        severity=Severity.INFO,
        message=(
            "a projection conditional on the stated two-sided model and its parameters, "
            "not a forecast"
        ),
        section=_SECTION,
    )


def ode_path(
    model: TwoSidedModel,
    items: tuple[Intervention, ...],
    horizon: int,
    steps: int,
    schedule: Schedule | None = None,
) -> Floats:
    """Members at each whole time, by fourth-order Runge-Kutta between seedings."""
    dt = 1.0 / steps
    top_d, top_s = model.demand_market, model.supply_market
    demand = supply = 0.0
    out = np.zeros((horizon + 1, 2))
    jumps, boosts = schedule or plan(items, horizon, steps)
    for step, ((jump_d, jump_s), (b_d, b_s)) in enumerate(zip(jumps, boosts, strict=True)):
        demand, supply = min(demand + jump_d, top_d), min(supply + jump_s, top_s)
        if step % steps == 0:
            out[step // steps] = (demand, supply)
        k1 = _slope(model, demand, supply, b_d, b_s)
        k2 = _slope(model, demand + dt / 2 * k1[0], supply + dt / 2 * k1[1], b_d, b_s)
        k3 = _slope(model, demand + dt / 2 * k2[0], supply + dt / 2 * k2[1], b_d, b_s)
        k4 = _slope(model, demand + dt * k3[0], supply + dt * k3[1], b_d, b_s)
        demand += dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        supply += dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        demand, supply = min(max(demand, 0.0), top_d), min(max(supply, 0.0), top_s)
    out[horizon] = (demand, supply)
    return out


def stochastic_paths(  # noqa: PLR0917
    model: TwoSidedModel,
    items: tuple[Intervention, ...],
    horizon: int,
    steps: int,
    runs: int,
    rng: np.random.Generator,
) -> Floats:
    """Members at each whole time in each run (runs x times x sides), seeded by ``rng``."""
    dt = 1.0 / steps
    markets = np.array([round(model.demand_market), round(model.supply_market)], dtype=np.int64)
    churn = np.array([model.demand_churn, model.supply_churn])
    state = np.zeros((runs, 2), dtype=np.int64)
    out = np.zeros((runs, horizon + 1, 2))
    for step in range(horizon * steps):
        time = step * dt
        state = np.minimum(
            state + np.round(_jumps(items, time, time + dt)).astype(np.int64), markets
        )
        if step % steps == 0:
            out[:, step // steps] = state
        hazard_d, hazard_s = _hazards(
            model,
            state[:, 0].astype(np.float64),
            state[:, 1].astype(np.float64),
            _boost(items, time + dt / 2),
        )
        rates = np.stack([hazard_d, hazard_s], axis=1)
        joined = rng.binomial(markets - state, 1.0 - np.exp(-rates * dt))
        left = rng.binomial(state, 1.0 - np.exp(-churn * dt))
        state = state + joined - left
    out[:, horizon] = state
    return out
