"""What a scorer returns: :class:`ConditionScore`, and the :class:`Scorer` protocol."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs
import numpy as np

from valuecocreation._core.serial import (
    check_finite,
    equal_as_data,
    from_json_float,
    json_float,
    reading,
)
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding

if TYPE_CHECKING:
    from valuecocreation.scoring._inputs import ScoringInputs

__all__ = ["ConditionScore", "Scorer"]


def _check_unit(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, float) or not (math.isnan(value) or 0.0 <= value <= 1.0):
        raise ValidationError(
            "a score must be a float in [0, 1] or nan", column=attribute.name, value=value
        )


def _check_interval(
    instance: ConditionScore, attribute: attrs.Attribute[Any], value: tuple[float, float] | None
) -> None:
    if value is None:
        return
    low, high = value
    if not (0.0 <= low <= high <= 1.0):
        raise ValidationError(
            "a confidence interval must satisfy 0 <= low <= high <= 1",
            column="interval",
            value=value,
        )
    if not math.isnan(instance.value) and not low <= instance.value <= high:
        raise ValidationError(
            f"the interval {value} does not contain the score {instance.value}",
            column="interval",
            value=value,
        )


def _to_parts(value: Iterable[ConditionScore]) -> tuple[ConditionScore, ...]:
    parts = tuple(value)
    for part in parts:
        if not isinstance(part, ConditionScore):
            raise ArgumentTypeError(
                "parts must be ConditionScore objects", column="parts", value=part
            )
    return parts


def _to_findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    findings = tuple(value)
    for finding in findings:
        if not isinstance(finding, Finding):
            raise ArgumentTypeError(
                "findings must be Finding objects", column="findings", value=finding
            )
    return findings


def _to_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ArgumentTypeError("n must be a whole number >= 0", column="n", value=value)
    if value < 0:
        raise ValidationError("n must be a whole number >= 0", column="n", value=value)
    return int(value)


def _to_target(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ArgumentTypeError("a target must be a number or None", column="target", value=value)
    return float(value)


def _to_confidence(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.number)
        or not (0.0 < float(value) < 1.0)
    ):
        raise ValidationError(
            "confidence must be between 0 and 1", column="confidence", value=value
        )
    return float(value)


def _check_indicator(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if math.isinf(value):
        raise ValidationError(
            "an indicator must be finite (or nan without evidence)", column="indicator", value=value
        )


def _to_interval(value: Any) -> tuple[float, float] | None:  # noqa: ANN401
    if value is None:
        return None
    low, high = value
    return (float(low), float(high))


@attrs.frozen(kw_only=True, eq=False)
class ConditionScore:
    """The score of one condition, with what was measured and how.

    Parameters
    ----------
    condition
        The condition's key.
    value
        The normalised score in [0, 1]; nan when there is no evidence (see
        ``reason``).
    indicator
        The measured quantity before normalising (its meaning is ``meaning``);
        nan when there is no evidence.
    meaning
        What ``indicator`` measures, in words, for example "share of active users
        credited with user_creativity".
    target
        The indicator value that earns a full score, or ``None`` when the
        indicator is rescaled rather than compared with a target.
    n
        The size of the population or sample the indicator is measured on.
    interval
        A confidence interval of ``value`` (``None`` when it cannot be computed).
    confidence
        The level of ``interval``.
    scorer
        The name of the scorer that produced it.
    reason
        Why ``value`` is nan; empty otherwise.
    parts
        For a composite score, the scores it combines.
    findings
        What the score cannot carry (a small population, an indicator true by
        construction...); :func:`~valuecocreation.assess` adds them.

    Examples
    --------
    >>> score = ConditionScore(condition="reward", value=0.5, indicator=0.005,
    ...                        meaning="share of active users rewarded", target=0.01,
    ...                        n=400, scorer="participation")
    >>> score.has_evidence
    True
    """

    condition: str
    value: float = attrs.field(converter=float, validator=_check_unit)
    indicator: float = attrs.field(converter=float, validator=_check_indicator)
    meaning: str
    target: float | None = attrs.field(default=None, converter=_to_target)
    n: int = attrs.field(default=0, converter=_to_count)
    interval: tuple[float, float] | None = attrs.field(
        default=None, converter=_to_interval, validator=_check_interval
    )
    confidence: float = attrs.field(default=0.95, converter=_to_confidence)
    scorer: str = ""
    reason: str = ""
    parts: tuple[ConditionScore, ...] = attrs.field(default=(), converter=_to_parts)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_to_findings)

    def __attrs_post_init__(self) -> None:
        if math.isnan(self.value) and not self.reason:
            raise ValidationError(
                "a nan score needs a reason", column="reason", value=self.condition
            )

    __eq__ = equal_as_data  # through the JSON form, so that nan equals nan
    __hash__ = None  # type: ignore[assignment]

    @property
    def has_evidence(self) -> bool:
        """Whether the score is a number (not nan)."""
        return not math.isnan(self.value)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (nan becomes ``None``)."""
        return {
            "condition": self.condition,
            "value": json_float(self.value),
            "indicator": json_float(self.indicator),
            "meaning": self.meaning,
            "target": self.target,
            "n": self.n,
            "interval": None if self.interval is None else list(self.interval),
            "confidence": self.confidence,
            "scorer": self.scorer,
            "reason": self.reason,
            "parts": [part.to_dict() for part in self.parts],
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConditionScore:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When a field is missing, unknown or malformed.
        """
        with reading("condition score"):
            fields = dict(data)
            check_finite(fields, "condition score")
            fields["value"] = from_json_float(fields["value"], "value")
            fields["indicator"] = from_json_float(fields["indicator"], "indicator")
            fields["parts"] = tuple(cls.from_dict(part) for part in fields.get("parts", ()))
            # Scores written before findings existed (assessment schema 1) have none.
            fields["findings"] = tuple(Finding.from_dict(f) for f in fields.get("findings", ()))
            return cls(**fields)


@runtime_checkable
class Scorer(Protocol):
    """Turns the inputs for one condition into a :class:`ConditionScore`.

    A scorer has a ``name`` and a ``score(inputs, condition)`` method, where
    ``inputs`` is a :class:`~valuecocreation.scoring.ScoringInputs`: the event
    evidence (``inputs.evidence``) and, when given, a value-flow graph
    (``inputs.graph``) and survey responses (``inputs.survey``). It must return a
    value in [0, 1], or nan with a reason when the inputs hold nothing to judge;
    give the same result for the same inputs; and leave them unchanged.
    :func:`valuecocreation.testing.check_scorer` checks all of that.
    """

    @property
    def name(self) -> str:
        """A short name, recorded in every score."""
        ...

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on ``inputs``."""
        ...
