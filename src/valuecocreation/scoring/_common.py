"""Helpers shared by the built-in scorers: validators, nan scores, shares on a target."""

from __future__ import annotations

import math

import attrs

from valuecocreation._core.intervals import wilson_interval
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.evidence import Evidence
from valuecocreation.scoring._inputs import ScoringInputs
from valuecocreation.scoring._score import ConditionScore

__all__ = [
    "checked_inputs",
    "evidence_of",
    "level",
    "no_evidence",
    "positive",
    "scaled",
    "scaled_interval",
    "share",
]


def checked_inputs(inputs: object) -> ScoringInputs:
    """``inputs`` itself, once known to be :class:`ScoringInputs`.

    Evidence passed where the inputs belong, as scorers took it before, gets
    an error that says how to wrap it.

    >>> try:
    ...     checked_inputs(Evidence.empty())
    ... except ArgumentTypeError as error:
    ...     print(error.reason)
    score() takes ScoringInputs, not Evidence: pass ScoringInputs(evidence)
    """
    if isinstance(inputs, ScoringInputs):
        return inputs
    hint = ": pass ScoringInputs(evidence)" if isinstance(inputs, Evidence) else ""
    raise ArgumentTypeError(
        f"score() takes ScoringInputs, not {type(inputs).__name__}{hint}",
        column="inputs",
        value=type(inputs).__name__,
    )


def evidence_of(inputs: object) -> Evidence:
    """The evidence of ``inputs`` (see :func:`checked_inputs`).

    >>> evidence_of(ScoringInputs(Evidence.empty())).is_empty
    True
    """
    return checked_inputs(inputs).evidence


def positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    """An attrs validator: a finite number greater than 0 (a target, a limit)."""
    given: object = value  # attrs passes whatever the caller gave
    if isinstance(given, bool) or not isinstance(given, int | float):
        raise ArgumentTypeError(
            f"{attribute.name} must be a finite number greater than 0",
            column=attribute.name,
            value=value,
        )
    if not (math.isfinite(given) and given > 0):
        raise ValidationError(
            f"{attribute.name} must be a finite number greater than 0",
            column=attribute.name,
            value=value,
        )


def level(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    """An attrs validator: a confidence level, a float strictly between 0 and 1."""
    if not isinstance(value, float) or not 0.0 < value < 1.0:
        raise ValidationError(
            "confidence must be a float between 0 and 1", column=attribute.name, value=value
        )


def no_evidence(
    scorer: str,
    condition: str,
    meaning: str,
    reason: str,
    *,
    target: float | None = None,
    n: int = 0,
) -> ConditionScore:
    """The nan score of a condition there is nothing to judge on, with the reason.

    >>> no_evidence("rate", "reward", "rewards per user", "no reward in the data").value
    nan
    """
    return ConditionScore(
        condition=condition,
        value=math.nan,
        indicator=math.nan,
        meaning=meaning,
        target=target,
        n=n,
        scorer=scorer,
        reason=reason,
    )


def share(
    condition: str,
    successes: int,
    trials: int,
    *,
    meaning: str,
    target: float,
    confidence: float,
    scorer: str,
) -> ConditionScore:
    """The score of a share ``successes / trials`` against ``target``, Wilson interval.

    >>> share("reward", 1, 4, meaning="share rewarded", target=0.5, confidence=0.95,
    ...       scorer="participation").value
    0.5
    """
    ratio = successes / trials
    low, high = wilson_interval(successes, trials, confidence)
    return ConditionScore(
        condition=condition,
        value=scaled(ratio, target),
        indicator=ratio,
        meaning=meaning,
        target=target,
        n=trials,
        interval=scaled_interval(low, high, target, ratio),
        confidence=confidence,
        scorer=scorer,
    )


def scaled(value: float, target: float) -> float:
    """``value / target``, clipped to [0, 1].

    >>> scaled(3.0, 2.0), scaled(0.5, 2.0)
    (1.0, 0.25)
    """
    return min(max(value / target, 0.0), 1.0)


def scaled_interval(
    low: float, high: float, target: float, indicator: float
) -> tuple[float, float]:
    """An indicator's interval on the score scale, always bracketing the score.

    Rounding could otherwise put a bound a hair on the wrong side of it.

    >>> scaled_interval(0.1, 0.3, 0.5, 0.2)
    (0.2, 0.6)
    """
    value = scaled(indicator, target)
    return (min(scaled(low, target), value), max(scaled(high, target), value))
