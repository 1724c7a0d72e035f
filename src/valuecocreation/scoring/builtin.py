"""The built-in scorers: participation, rate, response, rating, coverage, composite.

Each scorer reads the :class:`~valuecocreation.evidence.Evidence` of its
:class:`~valuecocreation.scoring.ScoringInputs` for one condition and returns a
:class:`~valuecocreation.scoring.ConditionScore`. All of them follow the library's
rule that missing is not zero: when no interaction was mapped to the condition the
score is nan, with the reason, rather than 0.

Targets are the indicator values that earn a full score. The defaults are stated
with their source in :data:`~valuecocreation.scoring.DEFAULT_SCORERS` and the
docs; every one can be replaced.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from valuecocreation._core.intervals import poisson_interval, t_interval
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.scoring._common import (
    checked_inputs,
    evidence_of,
    level,
    no_evidence,
    positive,
    scaled,
    scaled_interval,
    share,
)
from valuecocreation.scoring._score import ConditionScore, Scorer

if TYPE_CHECKING:
    from valuecocreation.evidence import Evidence
    from valuecocreation.scoring._inputs import ScoringInputs

#: A weighted rate's interval on fewer effective events than this is marked approximate.
APPROXIMATE_BELOW = 100

__all__ = [
    "APPROXIMATE_BELOW",
    "CompositeScorer",
    "CoverageScorer",
    "ParticipationScorer",
    "RateScorer",
    "RatingScorer",
    "ResponseScorer",
]

_PERIOD_DAYS = {"day": 1, "week": 7}


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ArgumentTypeError(f"{name} must be a number", column=name, value=value)
    return float(value)


def _to_low(value: object) -> float:
    return _number(value, "low")


def _to_high(value: object) -> float:
    return _number(value, "high")


def _unmapped(evidence: Evidence, condition: str) -> str | None:
    """Why there is nothing to score, or ``None`` when interactions were mapped."""
    if not evidence.mapping.rules_for(condition):
        return f"the condition map has no rule for {condition}"
    if evidence.events(condition) == 0:
        kinds = ", ".join(sorted({r.kind.value for r in evidence.mapping.rules_for(condition)}))
        return f"no interaction in the data was mapped to {condition} (kinds: {kinds})"
    return None


def _population_gap(evidence: Evidence, condition: str) -> str | None:
    """Why a per-active-user indicator cannot be measured, or ``None`` when it can."""
    reason = _unmapped(evidence, condition)
    if reason is None and evidence.n_population == 0:
        reason = "no active actor of the population roles"
    return reason


@attrs.frozen(kw_only=True)
class ParticipationScorer:
    """Share of active population actors credited for the condition, against a target.

    *Indicator*: actors of the map's population roles who were active (the source of
    any interaction) and were credited for the condition, divided by all active
    population actors. *Score*: ``min(indicator / target, 1)``. *Interval*: Wilson
    for the share, scaled the same way.

    >>> ParticipationScorer(target=0.1).name
    'participation'
    """

    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"participation"``."""
        return "participation"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the evidence of ``inputs``."""
        evidence = evidence_of(inputs)
        meaning = f"share of active users credited with {condition}"
        reason = _population_gap(evidence, condition)
        if reason is not None:
            return no_evidence(
                self.name, condition, meaning, reason, target=self.target, n=evidence.n_population
            )
        return share(
            condition,
            evidence.n_participants(condition),
            evidence.n_population,
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )


@attrs.frozen(kw_only=True)
class RateScorer:
    """Weighted interactions per active population actor, against a saturation target.

    *Indicator*: the condition's weighted interactions (interaction weight times rule
    weight) divided by the number of active population actors. *Score*:
    ``min(indicator / target, 1)``: at the target the condition is saturated.
    *Interval*: the interactions are a (compound) Poisson count. With unit weights
    the interval is Garwood's exact one for the count, divided by the actors; with
    other weights it is the gamma interval of Fay & Feuer (1997) with Tiwari et al.'s
    (2006) mean-weight correction (see
    :func:`~valuecocreation.scoring.poisson_interval`). A weighted interval
    on an effective count (sum of weights squared over sum of squared weights)
    below :data:`APPROXIMATE_BELOW` carries an ``interval_approximate`` finding: the
    coverage study (``benchmarks/coverage.py``) finds it below nominal there.

    >>> RateScorer(target=4.0).target
    4.0
    """

    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"rate"``."""
        return "rate"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the evidence of ``inputs``."""
        evidence = evidence_of(inputs)
        meaning = f"weighted {condition} interactions per active user"
        population = evidence.n_population
        reason = _population_gap(evidence, condition)
        if reason is not None:
            return no_evidence(
                self.name, condition, meaning, reason, target=self.target, n=population
            )
        rate = evidence.weight(condition) / population
        error = math.sqrt(evidence.weight_sq(condition)) / population
        if not (math.isfinite(rate) and math.isfinite(error)):
            # Weights so large their sum leaves float64: saturated, interval unknown.
            return ConditionScore(
                condition=condition,
                value=1.0,
                indicator=math.nan,
                meaning=meaning,
                target=self.target,
                n=population,
                interval=None,
                confidence=self.confidence,
                scorer=self.name,
                reason="the weighted sum exceeds float64: saturated, indicator unknown",
            )
        total, total_sq = evidence.weight(condition), evidence.weight_sq(condition)
        events = evidence.events(condition)
        low, high = poisson_interval(total, total_sq, events, self.confidence)
        findings = []
        unit = total == total_sq == events
        effective = total * total / total_sq if total_sq > 0 else 0.0
        if not unit and effective < APPROXIMATE_BELOW:
            findings.append(
                Finding(
                    code="interval_approximate",
                    severity=Severity.WARNING,
                    message=(
                        f"the interval of {condition}'s weighted rate rests on an effective "
                        f"{effective:.1f} events, fewer than {APPROXIMATE_BELOW}: with unequal "
                        "weights it covers less than its nominal level"
                    ),
                    subject=condition,
                    numbers={"effective_events": effective, "minimum": APPROXIMATE_BELOW},
                    section="Fay & Feuer (1997); Tiwari, Clegg & Zou (2006)",
                )
            )
        return ConditionScore(
            condition=condition,
            value=scaled(rate, self.target),
            indicator=rate,
            meaning=meaning,
            target=self.target,
            n=population,
            interval=scaled_interval(low / population, high / population, self.target, rate),
            confidence=self.confidence,
            scorer=self.name,
            findings=findings,
        )


@attrs.frozen(kw_only=True)
class ResponseScorer:
    """Share of support requests answered within a time limit.

    A request (kind ``support_request``, from A to B) is answered when a response
    (kind ``support_response``) from B to A follows it, strictly later and no
    later than ``limit``. *Indicator*: answered requests / requests. *Score*:
    ``min(indicator / target, 1)``. *Interval*: Wilson. Requests without any
    response in the data give nan: the export probably lacks the firm's side.

    >>> ResponseScorer(limit=dt.timedelta(hours=4)).limit
    datetime.timedelta(seconds=14400)
    """

    limit: dt.timedelta = attrs.field(default=dt.timedelta(hours=24))
    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @limit.validator
    def _check_limit(self, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
        if not isinstance(value, dt.timedelta):
            raise ArgumentTypeError(
                "limit must be a positive datetime.timedelta", column="limit", value=value
            )
        if value <= dt.timedelta(0):
            raise ValidationError(
                "limit must be a positive datetime.timedelta", column="limit", value=value
            )

    @property
    def name(self) -> str:
        """``"response"``."""
        return "response"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the evidence of ``inputs``."""
        evidence = evidence_of(inputs)
        meaning = f"share of support requests answered within {_duration(self.limit)}"
        exchanges = evidence.exchanges(condition)
        requests = int((~exchanges["response"]).sum())
        if requests == 0:
            reason = _unmapped(evidence, condition) or "no support request in the data"
            return no_evidence(self.name, condition, meaning, reason, target=self.target)
        if not exchanges["response"].any():
            # Requests without a single response anywhere: more likely an export
            # without the firm's side (or no actor marked as firm) than a firm that
            # never answers; say so rather than report 0.
            return no_evidence(
                self.name,
                condition,
                meaning,
                f"{requests} support request(s) but no support response in the data; is the "
                "firm's side exported and the firm given its role?",
                target=self.target,
                n=requests,
            )
        return share(
            condition,
            int(_answered(exchanges, self.limit).sum()),
            requests,
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )


def _duration(limit: dt.timedelta) -> str:
    """``limit`` in words: "24 hours", "90 minutes", "2 days"."""
    seconds = limit.total_seconds()
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size and seconds % size == 0 and not (unit == "day" and seconds < 172_800):
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds:g} seconds"


def _answered(exchanges: dict[str, Any], limit: dt.timedelta) -> np.ndarray[Any, Any]:
    """For each request (in time order), whether an answer came within ``limit``."""
    response = exchanges["response"]
    # A conversation is the unordered pair of actors; the request's asker is its source.
    low = np.minimum(exchanges["source"], exchanges["target"])
    high = np.maximum(exchanges["source"], exchanges["target"])
    asker = np.where(response, exchanges["target"], exchanges["source"])
    time = exchanges["time"].astype(np.int64)
    # Sort by conversation, asker, time, with responses *before* requests at equal
    # times, so that the next response after a request is strictly later.
    order = np.lexsort((~response, time, asker, high, low))
    keys = np.stack([low[order], high[order], asker[order]])
    ordered_time, ordered_response = time[order], response[order]
    # Index of the nearest response at or after each position (len(order) if none).
    candidate = np.where(ordered_response, np.arange(len(order)), len(order))
    next_response = np.minimum.accumulate(candidate[::-1])[::-1]
    valid = next_response < len(order)
    target = np.minimum(next_response, len(order) - 1)
    same = valid & np.all(keys == keys[:, target], axis=0)
    waited = ordered_time[target] - ordered_time
    limit_us = limit // dt.timedelta(microseconds=1)
    answered: np.ndarray[Any, Any] = same & (waited > 0) & (waited <= limit_us)
    result: np.ndarray[Any, Any] = answered[~ordered_response]
    return result


@attrs.frozen(kw_only=True)
class RatingScorer:
    """Mean rating, rescaled from its scale to [0, 1].

    The interactions mapped to the condition are ratings and their weights are the
    rating values (on ``low`` to ``high``; keep the rules' weights at 1). A mean
    outside the scale means the weights are not ratings on it: the score is then
    nan, with that reason, rather than a number that would mislead. A rating
    exported without its value carries the default weight 1, the lowest rating.
    *Indicator*: the mean rating. *Score*: ``(mean - low) / (high - low)``.
    *Interval*: mean plus and minus Student's ``t`` quantile (``n - 1`` degrees of
    freedom) times the standard error (sample standard deviation over the square
    root of the number of ratings), rescaled and clipped; a normal quantile would
    cover about 79% at 3 ratings instead of 95% (``benchmarks/coverage.py``).

    >>> RatingScorer(low=1, high=5).name
    'rating'
    """

    low: float = attrs.field(default=1.0, converter=_to_low)
    high: float = attrs.field(default=5.0, converter=_to_high)
    confidence: float = attrs.field(default=0.95, validator=level)

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise ValidationError(
                "a rating scale needs finite low < high", column="high", value=(self.low, self.high)
            )

    @property
    def name(self) -> str:
        """``"rating"``."""
        return "rating"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the evidence of ``inputs``."""
        evidence = evidence_of(inputs)
        meaning = f"mean rating on a {self.low:g}-{self.high:g} scale"
        reason = _unmapped(evidence, condition)
        if reason is not None:
            return no_evidence(self.name, condition, meaning, reason)
        count = evidence.events(condition)
        total = evidence.weight(condition)
        mean = total / count
        # A tolerance of a few ulps: the mean of in-scale ratings can round past a bound.
        slack = 8 * math.ulp(max(abs(self.low), abs(self.high)))
        if not self.low - slack <= mean <= self.high + slack:
            return no_evidence(
                self.name,
                condition,
                meaning,
                f"the mean rating {mean:g} lies outside the scale {self.low:g}-{self.high:g}: "
                "the ratings are on another scale, or the weights are not ratings",
                n=count,
            )
        width = self.high - self.low
        value = min(max((mean - self.low) / width, 0.0), 1.0)
        interval = None
        if count > 1:
            variance = max(evidence.weight_sq(condition) - total * total / count, 0.0)
            error = math.sqrt(variance / (count - 1) / count)
            low, high = t_interval(mean, error, count, self.confidence)
            interval = (
                min(max((low - self.low) / width, 0.0), value),
                max(min((high - self.low) / width, 1.0), value),
            )
        return ConditionScore(
            condition=condition,
            value=value,
            indicator=mean,
            meaning=meaning,
            n=count,
            interval=interval,
            confidence=self.confidence,
            scorer=self.name,
        )


@attrs.frozen(kw_only=True)
class CoverageScorer:
    """Share of (period, channel) cells with evidence, over the periods and channels seen.

    Periods are days or weeks (Monday to Sunday) from the first to the last
    interaction of any kind in the evidence; channels are those with any
    interaction. *Indicator*: cells with at least one interaction mapped to the
    condition, divided by periods times channels. *Score*:
    ``min(indicator / target, 1)``. *Interval*: Wilson over cells.

    >>> CoverageScorer(period="week").period
    'week'
    """

    period: str = attrs.field(default="week")
    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @period.validator
    def _check_period(self, attribute: attrs.Attribute[str], value: object) -> None:
        if value not in _PERIOD_DAYS:
            raise ValidationError(
                f"period must be one of {sorted(_PERIOD_DAYS)}", column="period", value=value
            )

    @property
    def name(self) -> str:
        """``"coverage"``."""
        return "coverage"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the evidence of ``inputs``."""
        evidence = evidence_of(inputs)
        meaning = f"share of {self.period} x channel cells with {condition} evidence"
        reason = _unmapped(evidence, condition)
        channels = evidence.channels_seen
        span = evidence.span
        if reason is None and (not len(channels) or span is None):
            reason = "no interaction names a channel"
        if reason is not None or span is None:
            return no_evidence(self.name, condition, meaning, str(reason), target=self.target)
        first, last = (int(t.astype("datetime64[D]").astype(np.int64)) for t in span)
        periods = self._period(last) - self._period(first) + 1
        days, channel = evidence.active_days(condition)
        if not (channel >= 0).any():
            return no_evidence(
                self.name,
                condition,
                meaning,
                f"no {condition} interaction names a channel",
                target=self.target,
            )
        on_seen = np.isin(channel, channels)
        cells = len(
            {
                (self._period(d), c)
                for d, c in zip(days[on_seen].tolist(), channel[on_seen].tolist(), strict=True)
            }
        )
        return share(
            condition,
            cells,
            periods * len(channels),
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )

    def _period(self, day: int) -> int:
        if self.period == "week":
            return (day + 3) // 7  # weeks start on Monday; 1970-01-01 was a Thursday
        return day


def _to_parts(value: Sequence[tuple[Scorer, float]]) -> tuple[tuple[Scorer, float], ...]:
    parts = []
    for index, part in enumerate(value):
        if not isinstance(part, tuple | list) or len(part) != 2:
            raise ValidationError(
                "each part is a (scorer, weight) pair", row=index, column="parts", value=part
            )
        parts.append((part[0], _number(part[1], "weight")))
    if not parts:
        raise ValidationError("a composite needs at least one part", column="parts")
    for index, (scorer, weight) in enumerate(parts):
        if not isinstance(scorer, Scorer):
            raise ValidationError(
                "each part needs a scorer", row=index, column="parts", value=scorer
            )
        if not (math.isfinite(weight) and weight > 0):
            raise ValidationError(
                "part weights must be finite and greater than 0",
                row=index,
                column="weight",
                value=weight,
            )
    return tuple(parts)


@attrs.frozen(kw_only=True)
class CompositeScorer:
    """A weighted mean of other scorers, renormalised over the parts with evidence.

    Parts whose score is nan are left out and the weights of the others are
    rescaled to sum to 1; the composite is nan only when every part is. The
    interval is the same weighted mean of the parts' bounds, which is
    conservative (as wide as perfectly correlated parts would give).

    >>> both = CompositeScorer(parts=[(ParticipationScorer(), 1.0), (RateScorer(), 1.0)])
    >>> both.name
    'composite(participation, rate)'
    """

    parts: tuple[tuple[Scorer, float], ...] = attrs.field(converter=_to_parts)

    @property
    def name(self) -> str:
        """``composite(...)`` with the parts' names."""
        return f"composite({', '.join(scorer.name for scorer, _ in self.parts)})"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` by each part on ``inputs``, and combine the scores."""
        inputs = checked_inputs(inputs)
        scores = [(scorer.score(inputs, condition), weight) for scorer, weight in self.parts]
        usable = [(score, weight) for score, weight in scores if score.has_evidence]
        meaning = "weighted mean of: " + "; ".join(score.meaning for score, _ in scores)
        n = max(score.n for score, _ in scores)
        if not usable:
            reasons = "; ".join(dict.fromkeys(score.reason for score, _ in scores))
            return ConditionScore(
                condition=condition,
                value=math.nan,
                indicator=math.nan,
                meaning=meaning,
                n=n,
                scorer=self.name,
                reason=reasons,
                parts=tuple(score for score, _ in scores),
            )
        total = sum(weight for _, weight in usable)
        value = min(max(sum(s.value * w for s, w in usable) / total, 0.0), 1.0)
        interval = None
        if all(score.interval is not None for score, _ in usable):
            low = sum(s.interval[0] * w for s, w in usable if s.interval) / total
            high = sum(s.interval[1] * w for s, w in usable if s.interval) / total
            interval = (min(max(low, 0.0), value), max(min(high, 1.0), value))
        return ConditionScore(
            condition=condition,
            value=value,
            indicator=value,
            meaning=meaning,
            n=n,
            interval=interval,
            confidence=usable[0][0].confidence,
            scorer=self.name,
            parts=tuple(score for score, _ in scores),
            # What limits a part it rests on limits the whole.
            findings=[finding for score, _ in usable for finding in score.findings],
        )
