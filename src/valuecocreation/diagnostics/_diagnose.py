"""The checks behind :func:`diagnose`, one function per kind of finding."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from valuecocreation.assessment import Assessment, AssessmentSeries
from valuecocreation.diagnostics._result import Diagnosis, RankedCondition
from valuecocreation.diagnostics._trends import window_changes
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import Framework, Party, ValueDirection, resolve_framework
from valuecocreation.funnel import Funnel
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.graph import value_balance as graph_value_balance
from valuecocreation.mapping import ConditionMap, default_map
from valuecocreation.scoring import source_scorers
from valuecocreation.survey import default_instrument

if TYPE_CHECKING:
    from valuecocreation.scoring import ConditionScore

__all__ = ["diagnose"]

#: Conditions resting on fewer observations than this cannot be called the weakest.
MINIMUM_N = 30
#: A value-balance gap: the receiving side takes in less than this share of what the
#: giving side gives out at a driver (flows on the value-flow graph).
BALANCE_GAP = 0.1
#: The difference between a party's internalized and externalized means worth saying.
EVOLUTION_GAP = 0.15

_FIGURE_1 = "Kim & Choi (2019), Figure 1"
_USERS_SIDE = frozenset({"user", "creator"})
_FIRMS_SIDE = frozenset({"firm", "partner"})


def section(framework: Framework, driver: str | None = None) -> str:
    """The section of the framework a finding about ``driver`` rests on."""
    if framework.name == "kim_choi_2019":
        if driver is None:
            return _FIGURE_1
        position = framework.driver_keys.index(driver) + 1
        return f"Kim & Choi (2019), section 2.{position} and Figure 1"
    source = framework.citation or f"{framework.name} {framework.version}"
    return source if driver is None else f"{source}, driver {driver}"


def diagnose(
    assessment: Assessment,
    *,
    series: AssessmentSeries | None = None,
    funnel: Funnel | None = None,
    graph: ValueFlowGraph | None = None,
    mapping: ConditionMap | None = None,
    minimum_n: int = MINIMUM_N,
    alpha: float = 0.05,
) -> Diagnosis:
    """What is weakest in ``assessment`` and how sure we are; what is missing; what moved.

    Parameters
    ----------
    assessment
        The result of :func:`~valuecocreation.assess`.
    series
        Windows of the same data (:func:`~valuecocreation.assess_over`): changes
        between consecutive windows that exceed their uncertainty become
        ``trend`` findings (Wald test on interval half-widths, Holm at ``alpha``;
        see :mod:`valuecocreation.diagnostics`).
    funnel
        The co-creation funnel: its bottleneck (the observable stage with the
        lowest conversion) and its own findings.
    graph
        The value-flow graph: value-balance gaps between the parties.
    mapping
        The condition map the assessment used, to say which interactions would
        give evidence to a condition that has none; the framework's default map
        when ``None`` and the assessment names it.
    minimum_n
        Conditions with fewer observations (or without an interval) are not
        ranked: they cannot be called the weakest (default 30).
    alpha
        Family-wise error rate of the trend tests (default 0.05).

    Returns
    -------
    Diagnosis
        Findings ordered by severity, each citing the framework section it rests on.

    Raises
    ------
    ArgumentTypeError
        When an argument has the wrong type.
    ValidationError
        For ``minimum_n`` below 1 or ``alpha`` outside (0, 1).

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> rows = [{"source": f"u{i}", "target": "rf", "kind": "view", "timestamp": "2024-01-05"}
    ...         for i in range(40)]
    >>> rows += [{"source": f"u{i}", "target": "rf", "kind": "post", "timestamp": "2024-01-06"}
    ...          for i in range(3)]
    >>> result = vcc.assess(vcc.InteractionLog.from_records(rows), actors={"rf": "firm"})
    >>> diagnosis = vcc.diagnostics.diagnose(result)
    >>> diagnosis.weakest  # 3 of 40 posted: the interval reaches awareness's, a tie
    ('user_creativity', 'awareness')
    >>> diagnosis.by_code("no_evidence")[0].subject
    'accessibility'
    >>> vcc.diagnostics.Diagnosis.from_json(diagnosis.to_json()) == diagnosis
    True
    """
    _check_arguments(
        assessment=assessment,
        series=series,
        funnel=funnel,
        graph=graph,
        minimum_n=minimum_n,
        alpha=alpha,
    )
    framework = resolve_framework(assessment.framework)
    if mapping is None:
        found = default_map(framework)
        mapping = found if found is not None and found.name == assessment.mapping else None
    ranking = _ranking(framework, assessment, minimum_n)
    findings: list[Finding] = [*_carried(assessment)]
    findings.extend(_extremes(framework, ranking))
    findings.extend(_thin(framework, assessment, minimum_n))
    findings.extend(_missing(framework, assessment, mapping))
    findings.extend(_evolution(framework, assessment))
    if graph is not None:
        findings.extend(_balance_gaps(framework, graph))
    if funnel is not None:
        findings.extend(funnel.findings)
        findings.extend(_bottleneck(framework, funnel))
    if series is not None:
        findings.extend(_trends(framework, series, alpha))
    order = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))
    return Diagnosis(
        framework=framework.name,
        framework_version=framework.version,
        window=assessment.window,
        segment=assessment.segment,
        minimum_n=minimum_n,
        ranking=_ranked_with_ties(ranking, framework),
        findings=[findings[i] for i in order],
        assessment=assessment,
    )


def _check_arguments(
    *,
    assessment: object,
    series: object,
    funnel: object,
    graph: object,
    minimum_n: object,
    alpha: object,
) -> None:
    for name, value, kind in (
        ("assessment", assessment, Assessment),
        ("series", series, AssessmentSeries),
        ("funnel", funnel, Funnel),
        ("graph", graph, ValueFlowGraph),
    ):
        if not (isinstance(value, kind) or (value is None and name != "assessment")):
            raise ArgumentTypeError(
                f"{name} must be a {kind.__name__}, not {type(value).__name__}",
                column=name,
                value=type(value).__name__,
            )
    if isinstance(minimum_n, bool) or not isinstance(minimum_n, int) or minimum_n < 1:
        raise ValidationError(
            "minimum_n must be a whole number >= 1", column="minimum_n", value=minimum_n
        )
    if isinstance(alpha, bool) or not isinstance(alpha, float | int) or not 0 < alpha < 1:
        raise ValidationError("alpha must be between 0 and 1", column="alpha", value=alpha)


def _carried(assessment: Assessment) -> Iterable[Finding]:
    """The assessment's own findings and those of its conditions: how sure we are."""
    yield from getattr(assessment, "findings", ())
    for score in assessment.conditions:
        yield from getattr(score, "findings", ())


def _rankable(score: ConditionScore, minimum_n: int) -> bool:
    if not score.has_evidence or score.interval is None or score.n < minimum_n:
        return False
    return not any(f.severity is Severity.SEVERE for f in getattr(score, "findings", ()))


def _ranking(framework: Framework, assessment: Assessment, minimum_n: int) -> list[ConditionScore]:
    scores = [s for s in assessment.conditions if _rankable(s, minimum_n)]
    return sorted(scores, key=lambda s: (s.value, framework.condition_keys.index(s.condition)))


def _bounds(score: ConditionScore) -> tuple[float, float]:
    # Ranked scores always have an interval; nan keeps any other honest.
    return score.interval if score.interval is not None else (math.nan, math.nan)


def _overlap(a: ConditionScore, b: ConditionScore) -> bool:
    (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
    return a_low <= b_high and b_low <= a_high


def _ranked_with_ties(
    ranking: Sequence[ConditionScore], framework: Framework
) -> list[RankedCondition]:
    return [
        RankedCondition(
            condition=score.condition,
            driver=framework.condition(score.condition).driver.key,
            rank=position + 1,
            value=score.value,
            interval=score.interval,
            n=score.n,
            tied_with=[
                other.condition
                for other in ranking
                if other is not score and _overlap(score, other)
            ],
        )
        for position, score in enumerate(ranking)
    ]


def _describe(score: ConditionScore) -> str:
    low, high = _bounds(score)
    return f"{score.value:.2f} ({low:.2f}-{high:.2f}, n {score.n})"


def _extremes(framework: Framework, ranking: Sequence[ConditionScore]) -> Iterable[Finding]:
    if len(ranking) < 2:
        return
    weakest, strongest = ranking[0], ranking[-1]
    tied = [s for s in ranking[1:] if _overlap(weakest, s)]
    driver = framework.condition(weakest.condition).driver.key
    if tied:
        message = (
            f"{weakest.condition} scores lowest, {_describe(weakest)}, but is tied with "
            f"{', '.join(s.condition for s in tied)}: their intervals overlap, so the order "
            "among them is not established"
        )
    else:
        runner = ranking[1]
        message = (
            f"{weakest.condition} is the weakest condition, {_describe(weakest)}, clearly "
            f"below the next, {runner.condition} {_describe(runner)}"
        )
    yield Finding(
        code="weakest_condition",
        severity=Severity.WARNING,
        message=message,
        subject=weakest.condition,
        numbers={
            "value": weakest.value,
            "low": _bounds(weakest)[0],
            "high": _bounds(weakest)[1],
            "n": weakest.n,
            "tied": len(tied),
            "tied_with": ", ".join(s.condition for s in tied) or None,
        },
        section=section(framework, driver),
    )
    strong_tied = [s for s in ranking[:-1] if _overlap(strongest, s)]
    yield Finding(
        code="strongest_condition",
        severity=Severity.INFO,
        message=(
            f"{strongest.condition} is the strongest condition, {_describe(strongest)}"
            + (f"; tied with {', '.join(s.condition for s in strong_tied)}" if strong_tied else "")
        ),
        subject=strongest.condition,
        numbers={
            "value": strongest.value,
            "low": _bounds(strongest)[0],
            "high": _bounds(strongest)[1],
            "n": strongest.n,
            "tied": len(strong_tied),
        },
        section=section(framework, framework.condition(strongest.condition).driver.key),
    )


def _thin(framework: Framework, assessment: Assessment, minimum_n: int) -> Iterable[Finding]:
    for score in assessment.conditions:
        if not score.has_evidence or _rankable(score, minimum_n):
            continue
        why = (
            "it has no interval"
            if score.interval is None
            else f"it rests on n {score.n}, fewer than {minimum_n}"
            if score.n < minimum_n
            else "a severe finding rules it out"
        )
        yield Finding(
            code="not_ranked",
            severity=Severity.INFO,
            message=(
                f"{score.condition} scores {score.value:.2f} but is left out of the ranking: {why}"
            ),
            subject=score.condition,
            numbers={"value": score.value, "n": score.n, "minimum": minimum_n},
            section=section(framework, framework.condition(score.condition).driver.key),
        )


def _would_give(framework: Framework, key: str, mapping: ConditionMap | None) -> str:
    sources = []
    if mapping is not None:
        rules = mapping.rules_for(key)
        kinds = []
        for rule in rules:
            who = (
                f" from {'/'.join(sorted(r.value for r in rule.roles))} accounts"
                if rule.roles
                else ""
            )
            where = f" on {'/'.join(sorted(rule.channels))}" if rule.channels else ""
            kinds.append(f"{rule.kind.value}{who}{where}")
        if kinds:
            sources.append("interactions of kind " + ", ".join(dict.fromkeys(kinds)))
        else:
            sources.append("a rule for it in the condition map")
    if source_scorers(framework, key, graph=True, survey=None):
        sources.append("a value-flow graph (graph=)")
    instrument = default_instrument(framework)
    if instrument is not None and instrument.items_for(key):
        items = ", ".join(item.id for item in instrument.items_for(key))
        sources.append(f"survey answers to {items}")
    return "; or ".join(sources) if sources else "a scorer that can judge it"


def _missing(
    framework: Framework, assessment: Assessment, mapping: ConditionMap | None
) -> Iterable[Finding]:
    for score in assessment.conditions:
        if score.has_evidence:
            continue
        yield Finding(
            code="no_evidence",
            severity=Severity.WARNING,
            message=(
                f"{score.condition} has no evidence ({score.reason}); it would come from "
                f"{_would_give(framework, score.condition, mapping)}"
            ),
            subject=score.condition,
            numbers={"n": score.n},
            section=section(framework, framework.condition(score.condition).driver.key),
        )


def _evolution(framework: Framework, assessment: Assessment) -> Iterable[Finding]:
    """A party that takes value in far more than it gives out, or the reverse."""
    for balance in assessment.value_balance:
        if balance.party is not Party.USERS:
            continue  # the firms' balance mirrors the users' on the same driver scores
        gap = balance.internalized - balance.externalized
        if math.isnan(gap) or abs(gap) < EVOLUTION_GAP:
            continue
        more, less = ("take in", "give out") if gap > 0 else ("give out", "take in")
        yield Finding(
            code="value_evolution_gap",
            severity=Severity.INFO,
            message=(
                f"users {more} more value than they {less}: internalized "
                f"{balance.internalized:.2f} ({', '.join(balance.internalizing)}) against "
                f"externalized {balance.externalized:.2f} ({', '.join(balance.externalizing)})"
            ),
            subject=balance.party.value,
            numbers={
                "internalized": balance.internalized,
                "externalized": balance.externalized,
                "threshold": EVOLUTION_GAP,
            },
            section=section(framework),
        )


def _balance_gaps(framework: Framework, graph: ValueFlowGraph) -> Iterable[Finding]:
    """Value one side gives out at a driver that the other side does not take in."""
    flows = graph_value_balance(graph)
    roles = np.array(flows.roles, dtype=object)
    sides = {
        Party.USERS: np.isin(roles, list(_USERS_SIDE)),
        Party.FIRMS: np.isin(roles, list(_FIRMS_SIDE)),
    }
    if not sides[Party.FIRMS].any():
        yield Finding(
            code="balance_no_firm",
            severity=Severity.SEVERE,
            message=(
                "the graph has no firm-side actor, so what the firm internalizes or "
                "externalizes is undefined; declare the firm's accounts (actors=)"
            ),
            subject="firms",
            numbers={"firm_actors": 0},
            section=section(framework),
        )
        return
    for position, driver in enumerate(framework.drivers):
        for giver, taker in ((Party.USERS, Party.FIRMS), (Party.FIRMS, Party.USERS)):
            if driver.direction(giver) is not ValueDirection.EXTERNALIZATION:
                continue
            if driver.direction(taker) is not ValueDirection.INTERNALIZATION:
                continue
            given = float(flows.externalized[sides[giver], position].sum())
            taken = float(flows.internalized[sides[taker], position].sum())
            if given <= 0.0 or taken / given >= BALANCE_GAP:
                continue
            yield Finding(
                code="balance_gap",
                severity=Severity.WARNING,
                message=(
                    f"{giver.value} externalize {driver.key} (weight {given:,.0f}) but "
                    f"{taker.value} internalize only {taken:,.0f} of it "
                    f"({taken / given:.0%}, below {BALANCE_GAP:.0%}): the value given out "
                    "does not reach the other side"
                ),
                subject=driver.key,
                numbers={"given": given, "taken": taken, "threshold": BALANCE_GAP},
                section=section(framework, driver.key),
            )


def _bottleneck(framework: Framework, funnel: Funnel) -> Iterable[Finding]:
    """The observable stage (after the first) into which the fewest actors convert."""
    conversions = funnel.total.observed_conversion(funnel.observable)
    seen = [i for i in range(len(funnel.stages)) if funnel.observable[i]]
    candidates = [
        (conversions[i], i, previous)
        for previous, i in itertools.pairwise(seen)
        if not math.isnan(conversions[i])
    ]
    if not candidates:
        return
    rate, position, previous = min(candidates)
    stage = funnel.stages[position]
    before = funnel.total.reached_at_least[previous]
    yield Finding(
        code="funnel_bottleneck",
        severity=Severity.WARNING,
        message=(
            f"the funnel narrows most into {stage}: {rate:.0%} of the {before:,} actors "
            f"at least at {funnel.stages[previous]} get that far"
        ),
        subject=stage,
        numbers={
            "conversion": rate,
            "from": before,
            "to": funnel.total.reached_at_least[position],
        },
        section=section(framework, stage),
    )


def _trends(framework: Framework, series: AssessmentSeries, alpha: float) -> Iterable[Finding]:
    significant, tested, untested = window_changes(series, alpha)
    for change in significant:
        where = f" in segment {change.segment}" if change.segment else ""
        direction = "rose" if change.change > 0 else "fell"
        yield Finding(
            code="trend",
            severity=Severity.INFO if change.change > 0 else Severity.WARNING,
            message=(
                f"{change.condition} {direction} by {abs(change.change):.2f} from window "
                f"{change.before} to {change.after}{where} (Wald z {change.statistic:.1f}, "
                f"p {change.p_value:.2g}; significant after Holm over {tested} changes)"
            ),
            subject=change.condition,
            numbers={
                "change": change.change,
                "z": change.statistic,
                "p_value": change.p_value,
                "tested": tested,
                "alpha": alpha,
            },
            section=section(framework, framework.condition(change.condition).driver.key),
        )
    if untested:
        yield Finding(
            code="trend_untested",
            severity=Severity.INFO,
            message=(
                f"{untested} change(s) between windows could not be tested: a window's "
                "score has no interval"
            ),
            numbers={"untested": untested, "tested": tested},
            section=section(framework),
        )
