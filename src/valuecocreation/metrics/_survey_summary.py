"""What an analyst asks of survey responses first: means per condition and driver, NPS, CSAT, CES.

:func:`survey_summary` gives, for each condition of the framework that the
instrument measures, the mean over respondents of each respondent's condition
score (answers rescaled to [0, 1] by their item's scale, reverse-coded items
recoded; :meth:`SurveyResponses.condition_means
<valuecocreation.survey.SurveyResponses.condition_means>`) with a Student-t
interval; for each driver the same over the mean of its conditions' scores; and,
where the instrument has the items, the NPS (with the adjusted-Wald interval of
:func:`~valuecocreation.metrics.nps_summary`), CSAT (top-2-box share, Wilson
interval; Wilson 1927) and CES (mean answer, t interval). A mean of fewer than
two answers has no interval, and says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final, Self

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation._core.student import t_quantile
from valuecocreation.errors import ValidationError
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, resolve_framework
from valuecocreation.metrics._survey import ces, csat, nps_summary
from valuecocreation.survey import SurveyResponses

__all__ = ["Estimate", "SurveySummary", "survey_summary"]

SCHEMA_VERSION: Final = 1
_Z: Final = 1.959963984540054  # the 0.975 quantile of the standard normal


def _number(value: object) -> float:
    return float("nan") if value is None else float(value)  # type: ignore[arg-type]


def _json(value: float) -> float | None:
    return None if math.isnan(value) else value


@attrs.frozen(kw_only=True, eq=False)
class Estimate:
    """One summary number with its 95% interval, the answers it rests on, and any caveat."""

    name: str
    value: float = attrs.field(converter=_number)
    low: float = attrs.field(converter=_number)
    high: float = attrs.field(converter=_number)
    n: int
    reason: str = ""
    group: str = ""  # the driver a condition belongs to

    def to_dict(self) -> dict[str, Any]:
        """Plain data; nan as ``None``."""
        return {
            "name": self.name,
            "value": _json(self.value),
            "low": _json(self.low),
            "high": _json(self.high),
            "n": self.n,
            "reason": self.reason,
            "group": self.group,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The estimate of :meth:`to_dict`'s data."""
        with reading("estimate"):
            return cls(**dict(data))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _mean(name: str, values: npt.NDArray[np.float64]) -> Estimate:
    answered = values[~np.isnan(values)]
    n = len(answered)
    if not n:
        return Estimate(name=name, value=math.nan, low=math.nan, high=math.nan, n=0,
                        reason="no respondent answered")  # fmt: skip
    mean = float(answered.mean())
    if n < 2:
        return Estimate(name=name, value=mean, low=math.nan, high=math.nan, n=n,
                        reason="one answer: no interval")  # fmt: skip
    half = t_quantile(0.975, n - 1) * float(answered.std(ddof=1)) / math.sqrt(n)
    return Estimate(name=name, value=mean, low=mean - half, high=mean + half, n=n)


def _wilson(name: str, share: float, n: int) -> Estimate:
    if not n:
        return Estimate(name=name, value=math.nan, low=math.nan, high=math.nan, n=0,
                        reason="no respondent answered")  # fmt: skip
    centre = (share + _Z**2 / (2 * n)) / (1 + _Z**2 / n)
    half = _Z * math.sqrt(share * (1 - share) / n + _Z**2 / (4 * n**2)) / (1 + _Z**2 / n)
    return Estimate(name=name, value=share, low=centre - half, high=centre + half, n=n)


def _estimates(values: Iterable[Estimate]) -> tuple[Estimate, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True, eq=False)
class SurveySummary:
    """The summary of :func:`survey_summary`: condition and driver means, NPS, CSAT, CES."""

    framework: str
    respondents: int
    conditions: tuple[Estimate, ...] = attrs.field(converter=_estimates)
    drivers: tuple[Estimate, ...] = attrs.field(converter=_estimates)
    scores: tuple[Estimate, ...] = attrs.field(converter=_estimates)  # NPS, CSAT, CES, as present

    def condition(self, key: str) -> Estimate:
        """The estimate of one condition."""
        for estimate in self.conditions:
            if estimate.name == key:
                return estimate
        raise ValidationError(
            f"no condition {key!r} in the summary; it has "
            f"{', '.join(e.name for e in self.conditions)}",
            column="condition",
            value=key,
        )

    def table(self) -> str:
        """A plain-text table, condition and driver means first."""
        lines = [
            f"Survey summary ({self.framework}); {self.respondents} respondents",
            "",
            f"{'driver / condition (0-1)':28s} {'mean':>6s}  {'95% interval':16s} {'n':>5s}",
        ]

        def row(estimate: Estimate, indent: str = "") -> str:
            interval = (
                f"[{estimate.low:.2f}, {estimate.high:.2f}]"
                if not math.isnan(estimate.low)
                else estimate.reason
            )
            value = "" if math.isnan(estimate.value) else f"{estimate.value:.2f}"
            return f"{indent + estimate.name:28s} {value:>6s}  {interval:16s} {estimate.n:>5d}"

        for driver in self.drivers:
            lines.append(row(driver))
            lines.extend(row(c, "  ") for c in self.conditions if c.group == driver.name)
        if self.scores:
            lines += ["", f"{'score':28s} {'value':>6s}  {'95% interval':16s} {'n':>5s}"]
            lines.extend(row(score) for score in self.scores)
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """Plain data with a schema version."""
        return {
            "schema_version": SCHEMA_VERSION,
            "framework": self.framework,
            "respondents": self.respondents,
            "conditions": [c.to_dict() for c in self.conditions],
            "drivers": [d.to_dict() for d in self.drivers],
            "scores": [s.to_dict() for s in self.scores],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The summary of :meth:`to_dict`'s data."""
        checked = check_version(data, SCHEMA_VERSION, "survey summary")
        with reading("survey summary"):
            return cls(
                framework=checked["framework"],
                respondents=checked["respondents"],
                conditions=[Estimate.from_dict(c) for c in checked["conditions"]],
                drivers=[Estimate.from_dict(d) for d in checked["drivers"]],
                scores=[Estimate.from_dict(s) for s in checked["scores"]],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """JSON text."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Self:
        """The summary of :meth:`to_json`'s text."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def survey_summary(
    responses: SurveyResponses, *, framework: Framework | str = DEFAULT_FRAMEWORK
) -> SurveySummary:
    """Condition and driver means with intervals, then NPS, CSAT and CES (module notes).

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> instrument = vcc.survey.KIM_CHOI_2019_INSTRUMENT
    >>> answers = vcc.SurveyResponses.from_wide(
    ...     {"respondent": ["a", "b", "c"], "reward_1": [5, 4, 2], "reward_2": [4, 4, 1],
    ...      "recommend": [10, 9, 3]}, instrument)
    >>> summary = survey_summary(answers)
    >>> [(e.name, round(e.value, 2), e.n) for e in summary.conditions if e.n]
    [('reward', 0.58, 3)]
    >>> summary.condition("content").reason
    'no respondent answered'
    >>> [(e.name, round(e.value, 2)) for e in summary.drivers if e.n]
    [('share', 0.58)]
    >>> [(e.name, round(e.value, 1), e.n) for e in summary.scores]
    [('NPS', 33.3, 3), ('CSAT', nan, 0), ('CES', nan, 0)]
    """
    chosen = resolve_framework(framework)
    instrument = responses.instrument
    measured = {item.condition for item in instrument.items if item.condition is not None}
    conditions, by_condition = [], {}
    for condition in chosen.conditions:
        if condition.key not in measured:
            continue
        means = responses.condition_means(condition.key)
        by_condition[condition.key] = means
        conditions.append(attrs.evolve(_mean(condition.key, means), group=condition.driver.key))
    drivers = []
    for driver in chosen.drivers:
        keys = [c.key for c in chosen.conditions_of(driver) if c.key in by_condition]
        if not keys:
            continue
        block = np.column_stack([by_condition[key] for key in keys])
        with np.errstate(invalid="ignore"):
            answered = ~np.isnan(block)
            counts = answered.sum(axis=1)
            totals = np.where(answered, block, 0.0).sum(axis=1)
            per_respondent = np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
        drivers.append(_mean(driver.key, per_respondent))
    return SurveySummary(
        framework=chosen.name,
        respondents=len(responses),
        conditions=conditions,
        drivers=drivers,
        scores=_scores(responses),
    )


def _scores(responses: SurveyResponses) -> list[Estimate]:
    found = []
    for kind, label in (("nps", "NPS"), ("satisfaction", "CSAT"), ("effort", "CES")):
        item = next((item for item in responses.instrument.items if item.kind == kind), None)
        if item is None:
            continue
        answers = responses.column(item.id, scored=False)
        answered = answers[~np.isnan(answers)]
        if kind == "nps":
            if not len(answered):
                found.append(_wilson(label, 0.0, 0))
                continue
            summary = nps_summary(answered)
            low, high = summary.interval
            found.append(Estimate(name=label, value=summary.value, low=low, high=high,
                                  n=summary.n))  # fmt: skip
        elif kind == "satisfaction":
            low_point, high_point = responses.instrument.scale_of(item.id)
            scale = (int(low_point), int(high_point))
            share = csat(answered, scale=scale) if len(answered) else math.nan
            found.append(_wilson(label, share, len(answered)))
        else:
            low_point, high_point = responses.instrument.scale_of(item.id)
            ces(answered, scale=(int(low_point), int(high_point)))  # checks the answers
            found.append(_mean(label, answered))
    return found
