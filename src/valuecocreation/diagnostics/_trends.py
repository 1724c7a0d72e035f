"""Changes between windows that exceed their uncertainty, with Holm's multiplicity control.

The test
    For a condition scored in two consecutive windows of the same segment, with
    confidence intervals ``(l1, h1)`` and ``(l2, h2)`` at level ``c``, each
    score's standard error is taken as the interval's half-width over the
    normal quantile ``z(c)``; the change ``d = v2 - v1`` is tested against 0 by
    the Wald statistic ``d / sqrt(se1**2 + se2**2)`` (windows hold different
    events, so the two scores are treated as independent), two-sided. Intervals
    clipped at 0 or 1, and asymmetric (Wilson) ones, make this approximate; a
    change whose windows lack an interval is not tested and is counted as such.
Multiplicity
    Every tested change of a series forms one family; Holm's step-down procedure
    (Holm 1979, *Scandinavian Journal of Statistics* 6, 65-70) keeps the
    family-wise error rate at ``alpha``. Only changes it rejects become findings.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from valuecocreation._core.intervals import z_value

if TYPE_CHECKING:
    from valuecocreation.assessment import Assessment, AssessmentSeries

__all__ = ["Change", "holm", "window_changes"]


@attrs.frozen(kw_only=True)
class Change:
    """One tested change of a condition's score between two windows."""

    condition: str
    segment: str
    before: str
    after: str
    change: float
    statistic: float
    p_value: float


def holm(p_values: Sequence[float], alpha: float = 0.05) -> list[bool]:
    """Which hypotheses Holm's step-down procedure rejects at family-wise level ``alpha``.

    The smallest p-value is compared with ``alpha / m``, the next with
    ``alpha / (m - 1)``, and so on, stopping at the first that is not below.
    The rejections agree with ``statsmodels.stats.multitest.multipletests(p,
    alpha, method="holm")[0]``.

    >>> holm([0.01, 0.04, 0.03, 0.005], alpha=0.05)
    [True, False, False, True]
    >>> holm([])
    []
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    m = len(p_values)
    for step, index in enumerate(order):
        if p_values[index] <= alpha / (m - step):
            rejected[index] = True
        else:
            break
    return rejected


def _standard_error(score_interval: tuple[float, float], confidence: float) -> float:
    low, high = score_interval
    return (high - low) / (2.0 * z_value(confidence))


def _tested(before: Assessment, after: Assessment) -> tuple[list[Change], int]:
    changes, untested = [], 0
    for score in after.conditions:
        previous = before.condition(score.condition)
        if not (score.has_evidence and previous.has_evidence):
            continue
        if score.interval is None or previous.interval is None:
            untested += 1
            continue
        spread = math.hypot(
            _standard_error(score.interval, score.confidence),
            _standard_error(previous.interval, previous.confidence),
        )
        change = score.value - previous.value
        if spread == 0.0:
            # Zero-width intervals on both sides: nothing to test against.
            untested += 1
            continue
        statistic = change / spread
        changes.append(
            Change(
                condition=score.condition,
                segment=score_segment(after),
                before=before.window,
                after=after.window,
                change=change,
                statistic=statistic,
                p_value=math.erfc(abs(statistic) / math.sqrt(2.0)),
            )
        )
    return changes, untested


def score_segment(assessment: Assessment) -> str:
    """The segment label of an assessment ("" for the whole data)."""
    return assessment.segment


def window_changes(series: AssessmentSeries, alpha: float = 0.05) -> tuple[list[Change], int, int]:
    """The significant changes of ``series`` (Holm at ``alpha``), the tested and untested counts."""
    tested: list[Change] = []
    untested = 0
    items = series.items
    for before, after in itertools.pairwise(items):
        if before.segment != after.segment:
            continue
        found, skipped = _tested(before, after)
        tested.extend(found)
        untested += skipped
    keep = holm([change.p_value for change in tested], alpha)
    significant = [change for change, rejected in zip(tested, keep, strict=True) if rejected]
    return significant, len(tested), untested
