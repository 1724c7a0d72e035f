"""What-if from scores: :func:`scenario` maps condition changes to model parameters.

An assessment says where each condition stands (a score in [0, 1]); a model
says what a parameter does (a cascade's edge probability, how many actors are
featured, a side's churn). Nothing in the framework fixes how one moves the
other, so the bridge is an explicit, replaceable :class:`Link`: an assumption
stated in the result, never a finding of the data. The default links are

* ``probability`` of a cascade scales with the mean of ``interactivity`` and
  ``connectivity`` (the share driver's conditions that make a share travel);
* ``featured``, the number of actors a cascade starts from (the reward practice
  of Kim & Choi 2019, section 4.4), scales with ``reward``;
* ``demand_churn`` of two-sided growth scales with the dissatisfied share,
  ``1 -`` the mean of ``service``, ``content`` and ``interface``;
* ``demand_imitation`` scales with the mean of the share driver's three conditions.

Both the current and the changed scores run the same model from the same seed
(common random numbers), so the difference between them is estimated with less
noise than either projection alone.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, Final, Protocol, runtime_checkable

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.intervals import z_value
from valuecocreation.assessment import Assessment
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.simulate._cascade import Seed, check_runs, make_rng, run_model
from valuecocreation.simulate._network import edge_values, spread_graph
from valuecocreation.simulate._serial import Serial, findings_tuple, float_pair, float_value
from valuecocreation.simulate._two_sided import Intervention, TwoSidedModel, stochastic_paths

__all__ = ["CascadeScenario", "GrowthScenario", "Link", "Scenario", "ScenarioModel", "scenario"]

Floats = npt.NDArray[np.float64]
_RULES: Final = ("proportional", "complement")


def _names(value: object) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
    if not items or not all(isinstance(item, str) for item in items):
        raise ValidationError("a link needs one or more condition keys", column="conditions")
    return items


@attrs.frozen(kw_only=True)
class Link:
    """How a parameter follows condition scores: the stated assumption of a scenario.

    With ``s`` the mean score of ``conditions`` now and ``s'`` after the changes,
    ``"proportional"`` sets the parameter to ``value * s' / s`` and
    ``"complement"`` to ``value * (1 - s') / (1 - s)`` (for quantities that fall as
    a condition rises, such as churn with satisfaction).
    """

    parameter: str
    conditions: tuple[str, ...] = attrs.field(converter=_names)
    rule: str = attrs.field(default="proportional")

    @rule.validator
    def _check_rule(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _RULES:
            raise ValidationError(f"rule must be one of {_RULES}", column="rule", value=value)

    def factor(self, now: Mapping[str, float], after: Mapping[str, float]) -> float:
        """The multiplier of the parameter when the scores move from ``now`` to ``after``."""
        before = math.fsum(now[key] for key in self.conditions) / len(self.conditions)
        later = math.fsum(after[key] for key in self.conditions) / len(self.conditions)
        if self.rule == "complement":
            before, later = 1.0 - before, 1.0 - later
        if before <= 0.0:
            raise ValidationError(
                f"the link of {self.parameter} cannot scale from a score of "
                f"{'1' if self.rule == 'complement' else '0'}",
                column="conditions",
                value=self.conditions[0],
            )
        return later / before

    def to_dict(self) -> dict[str, Any]:
        """The link as plain data."""
        return {"parameter": self.parameter, "conditions": list(self.conditions), "rule": self.rule}


CASCADE_LINKS: Final = (
    Link(parameter="probability", conditions=("interactivity", "connectivity")),
    Link(parameter="featured", conditions=("reward",)),
)
"""The default links of a :class:`CascadeScenario` (see the module notes)."""

GROWTH_LINKS: Final = (
    Link(
        parameter="demand_churn", conditions=("service", "content", "interface"), rule="complement"
    ),
    Link(parameter="demand_imitation", conditions=("interactivity", "connectivity", "reward")),
)
"""The default links of a :class:`GrowthScenario` (see the module notes)."""


@runtime_checkable
class ScenarioModel(Protocol):
    """Protocol: a model a scenario can run with changed parameters.

    ``parameters`` are its current values by name, ``links`` its default links,
    and ``outcomes(parameters, runs, rng)`` one outcome per run (the same
    ``rng`` state gives common random numbers across calls).
    """

    name: str
    links: tuple[Link, ...]

    @property
    def parameters(self) -> Mapping[str, float]: ...

    def outcomes(
        self, parameters: Mapping[str, float], runs: int, rng: np.random.Generator
    ) -> Floats: ...


@attrs.frozen(kw_only=True, eq=False)
class CascadeScenario:
    """Reach of an independent cascade from the ``featured`` highest out-degree actors."""

    graph: object
    probability: float
    featured: int
    direction: str | None = None
    name: str = "cascade_reach"
    links: tuple[Link, ...] = CASCADE_LINKS

    @property
    def parameters(self) -> Mapping[str, float]:
        """``probability`` and ``featured``."""
        return {"probability": float(self.probability), "featured": float(self.featured)}

    def outcomes(
        self, parameters: Mapping[str, float], runs: int, rng: np.random.Generator
    ) -> Floats:
        """Actors reached in each run."""
        network = spread_graph(self.graph, self.direction)
        probability = min(max(parameters["probability"], 0.0), 1.0)
        featured = int(min(max(round(parameters["featured"]), 1), network.n))
        order = np.argsort(-network.out_degree, kind="stable")[:featured]
        values = edge_values(network, probability, "probability")
        seeds = [network.ids[i] for i in order.tolist()]
        cascade = run_model(network, seeds, values, "independent_cascade", runs, rng, None, 0.95)
        return cascade.reached.astype(np.float64)


@attrs.frozen(kw_only=True, eq=False)
class GrowthScenario:
    """Members of both sides at ``horizon`` under two-sided growth (stochastic runs)."""

    model: TwoSidedModel
    horizon: int
    interventions: tuple[Intervention, ...] = ()
    name: str = "two_sided_members"
    links: tuple[Link, ...] = GROWTH_LINKS

    @property
    def parameters(self) -> Mapping[str, float]:
        """The two-sided model's parameters."""
        return self.model.to_dict()

    def outcomes(
        self, parameters: Mapping[str, float], runs: int, rng: np.random.Generator
    ) -> Floats:
        """Members of both sides at the horizon in each run."""
        model = TwoSidedModel(**{key: max(float(value), 0.0) for key, value in parameters.items()})
        paths = stochastic_paths(model, self.interventions, self.horizon, 20, runs, rng)
        return np.asarray(paths[:, -1, :].sum(axis=1), dtype=np.float64)


def _numbers(value: object) -> Mapping[str, float]:
    """A read-only mapping of names to floats (``None``, JSON's nan, back to nan)."""
    items = value.items()  # type: ignore[attr-defined]
    return MappingProxyType({str(key): float_value(number) for key, number in items})


def _link_data(value: object) -> tuple[Mapping[str, Any], ...]:
    return tuple(dict(item) for item in value)  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True, eq=False)
class Scenario(Serial):
    """A what-if projection: the model's outcome with the scores as they are and as changed.

    ``baseline`` and ``projected`` are the mean outcome over ``runs`` runs (with
    Monte Carlo intervals), ``difference`` the mean of the paired per-run
    differences. Every number is conditional on ``links``: a model, not a forecast.
    """

    _KIND: ClassVar[str] = "scenario"

    model: str
    changes: Mapping[str, float] = attrs.field(converter=_numbers)
    scores_before: Mapping[str, float] = attrs.field(converter=_numbers)
    scores_after: Mapping[str, float] = attrs.field(converter=_numbers)
    parameters_before: Mapping[str, float] = attrs.field(converter=_numbers)
    parameters_after: Mapping[str, float] = attrs.field(converter=_numbers)
    links: tuple[Mapping[str, Any], ...] = attrs.field(converter=_link_data)
    runs: int
    confidence: float = attrs.field(converter=float_value)
    baseline: float = attrs.field(converter=float_value)
    baseline_interval: tuple[float, float] = attrs.field(converter=float_pair)
    projected: float = attrs.field(converter=float_value)
    projected_interval: tuple[float, float] = attrs.field(converter=float_pair)
    difference: float = attrs.field(converter=float_value)
    difference_interval: tuple[float, float] = attrs.field(converter=float_pair)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=findings_tuple)

    def __repr__(self) -> str:
        low, high = self.difference_interval
        return (
            f"<Scenario {self.model}: {self.baseline:.4g} -> {self.projected:.4g} "
            f"(difference {self.difference:.4g}, {low:.4g} to {high:.4g}), conditional on links>"
        )


def _scores(assessment: Assessment) -> dict[str, float]:
    return {score.condition: float(score.value) for score in assessment.conditions}


def _changed(scores: Mapping[str, float], changes: object) -> dict[str, float]:
    if not isinstance(changes, Mapping):
        raise ArgumentTypeError(
            "changes must map condition keys to score changes, such as {'reward': 0.2}",
            column="changes",
            value=type(changes).__name__,
        )
    after = dict(scores)
    for key, delta in changes.items():
        if key not in scores:
            raise ValidationError(
                f"unknown condition {key!r}; the assessment has: {', '.join(scores)}",
                column="changes",
                value=key,
            )
        if isinstance(delta, bool) or not isinstance(delta, numbers.Real):
            raise ArgumentTypeError(
                f"the change of {key} must be a number", column="changes", value=delta
            )
        if math.isnan(scores[key]):
            raise ValidationError(
                f"{key} has no score in this assessment, so a change of it has no baseline",
                column="changes",
                value=key,
            )
        after[key] = min(max(scores[key] + float(delta), 0.0), 1.0)
    return after


def _summary(values: Floats, z: float) -> tuple[float, tuple[float, float]]:
    mean = float(values.mean())
    if values.size < 2:
        return mean, (math.nan, math.nan)
    half = z * float(values.std(ddof=1)) / math.sqrt(values.size)
    return mean, (mean - half, mean + half)


def scenario(
    assessment: Assessment,
    changes: Mapping[str, float],
    model: ScenarioModel,
    *,
    links: Sequence[Link] | None = None,
    runs: int = 500,
    seed: Seed = None,
    confidence: float = 0.95,
) -> Scenario:
    """Project what a change of condition scores would do, through stated links.

    Parameters
    ----------
    assessment
        Where the conditions stand now.
    changes
        Score changes by condition key, such as ``{"reward": +0.2}``; scores are
        kept within [0, 1].
    model
        A :class:`CascadeScenario`, a :class:`GrowthScenario` or any
        :class:`ScenarioModel`.
    links
        How parameters follow scores; the model's default links when ``None``.
        Links whose conditions do not change leave their parameter as it is.
    runs
        Monte Carlo runs of each projection.
    seed
        Seeds both projections alike (an int, a numpy Generator or None).
    confidence
        The level of the intervals.

    Returns
    -------
    Scenario
        The outcome now and after the changes, their paired difference, the
        parameters on both sides and the links, with a finding that says the
        projection is conditional on them.

    Raises
    ------
    ValidationError
        For an unknown condition, a change of a condition without a score, or a
        link that cannot scale from its current score (0, or 1 for a complement).

    Examples
    --------
    >>> import networkx as nx
    >>> import valuecocreation as vcc
    >>> from valuecocreation.datasets import load_recordfarm
    >>> from valuecocreation.simulate import CascadeScenario, scenario
    >>> data = load_recordfarm()
    >>> result = vcc.assess(data.log, actors=data.actors)
    >>> model = CascadeScenario(graph=nx.karate_club_graph(), probability=0.1, featured=2)
    >>> what_if = scenario(result, {"reward": 0.2}, model, runs=300, seed=1)
    >>> what_if.parameters_after["featured"] > what_if.parameters_before["featured"]
    True
    >>> what_if.findings[0].code
    'conditional_projection'
    """
    if not isinstance(assessment, Assessment):
        raise ArgumentTypeError(
            "scenario() takes an Assessment", column="assessment", value=type(assessment).__name__
        )
    if not isinstance(model, ScenarioModel):
        raise ArgumentTypeError(
            "model must be a ScenarioModel, such as CascadeScenario or GrowthScenario",
            column="model",
            value=type(model).__name__,
        )
    count = check_runs(runs)
    z = z_value(confidence)
    now = _scores(assessment)
    after = _changed(now, changes)
    chosen = tuple(model.links if links is None else links)
    before = dict(model.parameters)
    projected = dict(before)
    for link in chosen:
        if link.parameter not in before:
            raise ValidationError(
                f"the model {model.name} has no parameter {link.parameter!r}",
                column="links",
                value=link.parameter,
            )
        if all(after[key] == now[key] for key in link.conditions if key in now):
            continue
        missing = [key for key in link.conditions if key not in now or math.isnan(now[key])]
        if missing:
            raise ValidationError(
                f"the link of {link.parameter} rests on {missing[0]}, which has no score",
                column="links",
                value=missing[0],
            )
        projected[link.parameter] = before[link.parameter] * link.factor(now, after)
    common = int(make_rng(seed).integers(2**63))  # both projections draw the same numbers
    base = model.outcomes(before, count, np.random.default_rng(common))
    changed = model.outcomes(projected, count, np.random.default_rng(common))
    baseline, baseline_interval = _summary(base, z)
    outcome, outcome_interval = _summary(changed, z)
    difference, difference_interval = _summary(changed - base, z)
    return Scenario(
        model=model.name,
        changes={key: float(value) for key, value in changes.items()},
        scores_before={key: now[key] for key in sorted(changes)},
        scores_after={key: after[key] for key in sorted(changes)},
        parameters_before=before,
        parameters_after=projected,
        links=[link.to_dict() for link in chosen],
        runs=count,
        confidence=confidence,
        baseline=baseline,
        baseline_interval=baseline_interval,
        projected=outcome,
        projected_interval=outcome_interval,
        difference=difference,
        difference_interval=difference_interval,
        findings=[
            Finding(
                code="conditional_projection",
                severity=Severity.INFO,
                message=(
                    "a projection conditional on the stated links from scores to model "
                    "parameters and on the model itself: a model, not a forecast"
                ),
                numbers={"links": len(chosen), "runs": count},
            )
        ],
    )
