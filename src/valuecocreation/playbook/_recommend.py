"""From a diagnosis to a plan: :func:`recommend`.

The optimiser is exact. It chooses the set of eligible practices that maximises
coverage, the sum over the gaps of each gap's weight times the best chosen
strength for it (so two practices aimed at one gap do not count twice), within the
budget, the staff hours and the number of practices, by depth-first branch and
bound, from a greedy start, pruned by the best practice per gap and a fractional
knapsack of marginal gains. Ties go to the cheaper set, then the
one needing fewer hours, then fewer practices, then the one earlier in the
playbook's order, so the same input always gives the same plan.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from valuecocreation._core.knapsack import fractional_knapsack
from valuecocreation.assessment import Assessment
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import resolve_framework
from valuecocreation.model import Initiative, LifecycleStage
from valuecocreation.playbook._culture import CultureProfile
from valuecocreation.playbook._knowledge import Playbook, Practice
from valuecocreation.playbook._loader import get_playbook, load_playbook
from valuecocreation.playbook._plan import Deferral, Gap, Plan, PlannedPractice

__all__ = ["DiagnosisLike", "recommend"]

_TOP_STRENGTH = 3
_SECTION = "Kim & Choi (2019), Figure 1; seeds 000-004 as cited by each practice"


@runtime_checkable
class DiagnosisLike(Protocol):
    """Protocol: what :func:`recommend` needs from a diagnosis.

    ``findings`` name the gaps: every finding whose ``subject`` is a condition key
    of the framework marks that condition as a gap. ``assessment`` (or ``None``)
    gives the condition scores that size the gaps and check prerequisites.
    ``valuecocreation.diagnostics.Diagnosis`` is meant to follow it.
    """

    @property
    def findings(self) -> Sequence[Finding]:
        """The diagnosis's findings, most important first."""
        ...

    @property
    def assessment(self) -> Assessment | None:
        """The assessment the diagnosis was made from, if any."""
        ...


def _limit(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentTypeError(
            f"{name} must be a number or None, not {type(value).__name__}", column=name, value=value
        )
    if not math.isfinite(value) or value < 0:
        raise ValidationError(f"{name} must be a finite number >= 0", column=name, value=value)
    return float(value)


def _resolve_playbook(playbook: Playbook | str | os.PathLike[str] | None) -> Playbook:
    if playbook is None:
        return get_playbook()
    if isinstance(playbook, Playbook):
        return playbook
    if isinstance(playbook, os.PathLike):
        return load_playbook(playbook)
    if isinstance(playbook, str):
        return get_playbook(playbook)
    raise ArgumentTypeError(
        f"playbook must be a Playbook, an installed playbook's name or a path, "
        f"not {type(playbook).__name__}",
        column="playbook",
        value=playbook,
    )


def _resolve_culture(culture: CultureProfile | Mapping[str, str] | None) -> CultureProfile | None:
    if culture is None or isinstance(culture, CultureProfile):
        return culture
    if isinstance(culture, Mapping):
        return CultureProfile.from_dict(culture)
    raise ArgumentTypeError(
        f"culture must be a CultureProfile or a mapping, not {type(culture).__name__}",
        column="culture",
        value=culture,
    )


def _resolve_stage(stage: LifecycleStage | str | None) -> LifecycleStage | None:
    if stage is None or isinstance(stage, LifecycleStage):
        return stage
    if not isinstance(stage, str):
        raise ArgumentTypeError(
            "stage must be a LifecycleStage or its value", column="stage", value=stage
        )
    try:
        return LifecycleStage(stage)
    except ValueError:
        valid = ", ".join(s.value for s in LifecycleStage)
        raise ValidationError(
            f"unknown stage {stage!r}; valid stages are: {valid}", column="stage", value=stage
        ) from None


def _gaps(
    diagnosis: Assessment | DiagnosisLike, conditions: Sequence[str], unknown_gap: float
) -> tuple[list[Gap], dict[str, float], list[Finding], Assessment | None]:
    assessment: Assessment | None
    named: list[str]
    if isinstance(diagnosis, Assessment):
        assessment, findings = diagnosis, []
        named = list(conditions)
    elif isinstance(diagnosis, DiagnosisLike):
        assessment, findings = diagnosis.assessment, list(diagnosis.findings)
        named = list(
            dict.fromkeys(f.subject for f in findings if f.subject and f.subject in conditions)
        )
    else:
        raise ArgumentTypeError(
            "recommend needs an Assessment or a diagnosis (an object with findings and "
            f"assessment), not {type(diagnosis).__name__}",
            column="diagnosis",
            value=diagnosis,
        )
    scores = {} if assessment is None else {s.condition: s.value for s in assessment.conditions}
    gaps = []
    for condition in named:
        score = scores.get(condition, math.nan)
        size = 1.0 - score
        if size <= 0:
            continue
        codes = tuple(dict.fromkeys(f.code for f in findings if f.subject == condition))
        gaps.append(
            Gap(
                condition=condition,
                score=score,
                size=size,
                weight=unknown_gap if math.isnan(size) else size,
                findings=codes,
            )
        )
    gaps.sort(key=lambda g: (math.isnan(g.score), g.score if not math.isnan(g.score) else 0.0))
    return gaps, scores, findings, assessment


def _deferral(practice: Practice, scores: Mapping[str, float]) -> Deferral | None:
    for need in practice.prerequisites:
        score = scores.get(need.condition, math.nan)
        if math.isnan(score):
            reason = (
                f"needs {need.condition} of at least {need.minimum:.2f}, which has no "
                f"evidence: measure it first ({need.why})"
            )
        elif score < need.minimum:
            reason = (
                f"needs {need.condition} of at least {need.minimum:.2f}, which scores "
                f"{score:.2f}: strengthen it first ({need.why})"
            )
        else:
            continue
        return Deferral(
            key=practice.key,
            name=practice.name,
            condition=need.condition,
            score=score,
            minimum=need.minimum,
            reason=reason,
        )
    return None


class _Search:
    """Exact branch and bound over subsets of candidate practices.

    A branch is cut when even the better of two upper bounds cannot beat the best
    set found: every gap covered by the best remaining practice for it, or the
    fractional knapsack (under the budget, the hours and the count) of the
    remaining practices' marginal gains, which bounds coverage because coverage is
    submodular. The search starts from the greedy set and tries practices with the
    most gain per cost first.
    """

    def __init__(
        self,
        gains: list[list[float]],
        costs: list[float],
        hours: list[float],
        limits: tuple[float, float, int],
    ) -> None:
        self.gains, self.costs, self.hours = gains, costs, hours
        self.budget, self.hour_limit, self.top = limits
        self.width = len(gains[0]) if gains else 0
        worth = [math.fsum(row) for row in gains]
        self.order = sorted(
            range(len(gains)),
            key=lambda j: (-(worth[j] / costs[j]) if costs[j] > 0 else -math.inf, j),
        )
        # suffix[k][g]: the best gain for gap g among the candidates at order k and later.
        self.suffix = [[0.0] * self.width for _ in range(len(gains) + 1)]
        for k in range(len(gains) - 1, -1, -1):
            row = gains[self.order[k]]
            self.suffix[k] = [max(a, b) for a, b in zip(row, self.suffix[k + 1], strict=True)]
        self.best: tuple[float, float, float, tuple[int, ...]] = (0.0, 0.0, 0.0, ())

    def _offer(self, value: float, cost: float, hours: float, chosen: tuple[int, ...]) -> None:
        named = tuple(sorted(chosen))
        best_value, best_cost, best_hours, best_set = self.best
        if not math.isclose(value, best_value, rel_tol=1e-12, abs_tol=1e-12):
            better = value > best_value
        else:
            better = (cost, hours, len(named), named) < (
                best_cost,
                best_hours,
                len(best_set),
                best_set,
            )
        if better:
            self.best = (value, cost, hours, named)

    def _fits(self, j: int, cost: float, hours: float) -> bool:
        return (
            cost + self.costs[j] <= self.budget + 1e-9
            and hours + self.hours[j] <= self.hour_limit + 1e-9
        )

    def _greedy(self) -> None:
        covered, cost, hours = [0.0] * self.width, 0.0, 0.0
        chosen: tuple[int, ...] = ()
        while len(chosen) < self.top:
            options = []
            for j in range(len(self.gains)):
                if j in chosen or not self._fits(j, cost, hours):
                    continue
                gain = math.fsum(
                    max(0.0, g - c) for g, c in zip(self.gains[j], covered, strict=True)
                )
                ratio = math.inf if self.costs[j] == 0 else gain / self.costs[j]
                if gain > 1e-12:
                    options.append((-ratio, -gain, j))
            if not options:
                break
            j = min(options)[2]
            covered = [max(c, g) for c, g in zip(covered, self.gains[j], strict=True)]
            cost, hours, chosen = cost + self.costs[j], hours + self.hours[j], (*chosen, j)
        self._offer(math.fsum(covered), cost, hours, chosen)

    def run(self) -> tuple[int, ...]:
        self._greedy()
        self._visit(0, [0.0] * self.width, 0.0, 0.0, ())
        return self.best[3]

    def _bound(self, k: int, covered: list[float], cost: float, hours: float, count: int) -> float:
        by_gap = math.fsum(max(c, s) - c for c, s in zip(covered, self.suffix[k], strict=True))
        rest = [j for j in self.order[k:] if self._fits(j, cost, hours)]
        marginal = [
            math.fsum(max(0.0, g - c) for g, c in zip(self.gains[j], covered, strict=True))
            for j in rest
        ]
        slots = self.top - count
        return min(
            by_gap,
            fractional_knapsack(marginal, [self.costs[j] for j in rest], self.budget - cost),
            fractional_knapsack(marginal, [self.hours[j] for j in rest], self.hour_limit - hours),
            math.fsum(sorted(marginal, reverse=True)[:slots]),
        )

    def _visit(
        self, k: int, covered: list[float], cost: float, hours: float, chosen: tuple[int, ...]
    ) -> None:
        value = math.fsum(covered)
        self._offer(value, cost, hours, chosen)
        if k == len(self.gains) or len(chosen) >= self.top:
            return
        if value + self._bound(k, covered, cost, hours, len(chosen)) < self.best[0] - 1e-12:
            return
        j = self.order[k]
        if self._fits(j, cost, hours):
            with_j = [max(c, g) for c, g in zip(covered, self.gains[j], strict=True)]
            self._visit(k + 1, with_j, cost + self.costs[j], hours + self.hours[j], (*chosen, j))
        self._visit(k + 1, covered, cost, hours, chosen)


def _why(practice: Practice, gaps: Sequence[Gap], findings: Sequence[Finding]) -> list[str]:
    lines = []
    for gap in gaps:
        strength = practice.strengthens.get(gap.condition)
        if not strength:
            continue
        if math.isnan(gap.score):
            state = f"{gap.condition} has no evidence (a gap of unknown size)"
        else:
            state = f"{gap.condition} scores {gap.score:.2f} (gap {gap.size:.2f})"
        lines.append(f"{state}; this practice strengthens it at {strength} of {_TOP_STRENGTH}")
        lines += [f"finding {f.code}: {f.message}" for f in findings if f.subject == gap.condition]
    return lines


def recommend(
    diagnosis: Assessment | DiagnosisLike,
    *,
    budget: float | None = None,
    staff_hours: float | None = None,
    culture: CultureProfile | Mapping[str, str] | None = None,
    stage: LifecycleStage | str | None = None,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    top: int | None = None,
    unknown_gap: float = 0.5,
) -> Plan:
    """Choose the practices that cover the diagnosed gaps best within budget and hours.

    Parameters
    ----------
    diagnosis
        An :class:`~valuecocreation.assessment.Assessment` (every condition below 1 is
        a gap of size ``1 - score``; conditions without evidence are gaps of unknown
        size), or any object following :class:`DiagnosisLike` (its findings name the
        gaps, its assessment sizes them).
    budget, staff_hours
        Upper limits on the chosen practices' total cost and staff hours, in the
        playbook's units (per month for the shipped playbook); ``None`` is no limit.
    culture
        The market's :class:`~valuecocreation.playbook.CultureProfile` (or a mapping
        of its levels): each chosen practice carries the adaptations that apply.
    stage
        A :class:`~valuecocreation.model.LifecycleStage` (or its value): only
        practices that fit it are considered.
    playbook
        A :class:`~valuecocreation.playbook.Playbook`, an installed playbook's name
        or a path to a playbook file; the shipped playbook by default.
    top
        At most this many practices.
    unknown_gap
        The weight of a gap of unknown size, in [0, 1] (0.5 by default: no evidence
        either way). The plan's findings say when it was used.

    Returns
    -------
    Plan
        The chosen practices, the deferred ones with reasons, the gaps, coverage
        against what is attainable, and findings.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.playbook import recommend
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "ben", "target": "rf", "kind": "post", "timestamp": "2024-01-06"},
    ...     {"source": "rf", "target": "ben", "kind": "feature", "timestamp": "2024-01-07"},
    ... ])
    >>> assessment = vcc.assess(log, actors={"rf": "firm"})
    >>> plan = recommend(assessment, budget=3, staff_hours=30, stage="post_launch",
    ...                  culture={"power_distance": "high"})
    >>> [p.key for p in plan.practices]
    ['feedback_mechanisms', 'social_engagement', 'content_cross_marketing']
    >>> plan.cost, plan.staff_hours
    (3.0, 22.0)
    >>> plan.practice("feedback_mechanisms").adaptations[0].advice
    'Offer anonymous and indirect ways to comment; customers may not criticise openly.'
    >>> [d.key for d in plan.deferred]
    ['contests_challenges', 'online_community', 'featuring_users']
    >>> vcc.playbook.Plan.from_json(plan.to_json()) == plan
    True
    """
    book = _resolve_playbook(playbook)
    budget_limit = _limit(budget, "budget")
    hour_limit = _limit(staff_hours, "staff_hours")
    profile = _resolve_culture(culture)
    fitting = _resolve_stage(stage)
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise ValidationError("top must be a positive integer or None", column="top", value=top)
    weight_unknown = _limit(unknown_gap, "unknown_gap")
    if weight_unknown is None or weight_unknown > 1:
        raise ValidationError(
            "unknown_gap must be in [0, 1]", column="unknown_gap", value=unknown_gap
        )
    framework = resolve_framework(book.framework)
    gaps, scores, findings, assessment = _gaps(diagnosis, framework.condition_keys, weight_unknown)

    deferred: list[Deferral] = []
    candidates: list[Practice] = []
    for practice in book.practices:
        if fitting is not None and fitting not in practice.stages:
            continue
        held = _deferral(practice, scores)
        if held is not None:
            if any(practice.strengthens.get(g.condition) for g in gaps):
                deferred.append(held)
            continue
        if any(practice.strengthens.get(g.condition) for g in gaps):
            candidates.append(practice)
    gains = [
        [g.weight * p.strengthens.get(g.condition, 0) / _TOP_STRENGTH for g in gaps]
        for p in candidates
    ]
    attainable = math.fsum(max(column, default=0.0) for column in zip(*gains, strict=True))
    search = _Search(
        gains,
        [p.cost for p in candidates],
        [p.staff_hours for p in candidates],
        (
            math.inf if budget_limit is None else budget_limit,
            math.inf if hour_limit is None else hour_limit,
            len(candidates) if top is None else top,
        ),
    )
    chosen_at = search.run()
    coverage = search.best[0]
    levels = {} if profile is None else profile.levels()
    planned = []
    for index in chosen_at:
        practice = candidates[index]
        covers = {
            g.condition: practice.strengthens[g.condition]
            for g in gaps
            if practice.strengthens.get(g.condition)
        }
        planned.append(
            PlannedPractice(
                key=practice.key,
                name=practice.name,
                cost=practice.cost,
                staff_hours=practice.staff_hours,
                covers=covers,
                why=_why(practice, gaps, findings),
                adaptations=practice.adaptations_for(levels),
                challenges=tuple(book.challenge(key) for key in practice.challenges),
                initiative=Initiative(
                    key=practice.key,
                    name=practice.name,
                    type=practice.type,
                    stage=fitting if fitting is not None else practice.stages[0],
                    conditions=tuple(covers),
                    description=practice.description,
                ),
                watch=practice.measure,
            )
        )
    return Plan(
        playbook=book.name,
        playbook_version=book.version,
        framework=framework.name,
        cost_unit=book.cost_unit,
        hours_unit=book.hours_unit,
        budget=budget_limit,
        hours=hour_limit,
        stage=None if fitting is None else fitting.value,
        culture=profile,
        top=top,
        gaps=gaps,
        practices=planned,
        deferred=deferred,
        coverage=coverage,
        attainable=attainable,
        findings=_plan_findings(
            book,
            gaps=gaps,
            planned=planned,
            coverage=coverage,
            attainable=attainable,
            assessment=assessment,
        ),
    )


def _plan_findings(
    book: Playbook,
    *,
    gaps: Sequence[Gap],
    planned: Sequence[PlannedPractice],
    coverage: float,
    attainable: float,
    assessment: Assessment | None,
) -> tuple[Finding, ...]:
    found = [
        Finding(
            code="advice_not_estimate",
            severity=Severity.INFO,
            message=(
                "the plan is structured advice from the cited sources, not an estimate of "
                f"effects; costs and hours are the playbook's own estimates ({book.estimates})"
            ),
            section=_SECTION,
        )
    ]
    if not gaps:
        found.append(
            Finding(
                code="no_gaps",
                severity=Severity.INFO,
                message="no condition was diagnosed as a gap, so no practice was chosen",
            )
        )
    if assessment is None:
        found.append(
            Finding(
                code="no_scores",
                severity=Severity.WARNING,
                message=(
                    "the diagnosis carries no assessment: gaps are of unknown size and "
                    "practices with prerequisites are deferred"
                ),
            )
        )
    unknown = [g.condition for g in gaps if math.isnan(g.size)]
    if unknown:
        found.append(
            Finding(
                code="gap_size_unknown",
                severity=Severity.WARNING,
                message=(
                    f"{len(unknown)} gap(s) have no evidence ({', '.join(unknown)}) and were "
                    f"weighted {gaps[[g.condition for g in gaps].index(unknown[0])].weight:g}; "
                    "measure them to size them"
                ),
                numbers={"gaps": len(unknown)},
            )
        )
    covered = {c for p in planned for c in p.covers}
    found.extend(
        Finding(
            code="gap_uncovered",
            severity=Severity.WARNING,
            message=f"no chosen practice strengthens {gap.condition}",
            subject=gap.condition,
        )
        for gap in gaps
        if gap.condition not in covered
    )
    if coverage < attainable - 1e-12:
        found.append(
            Finding(
                code="limits_bind",
                severity=Severity.INFO,
                message=(
                    f"the limits allow coverage {coverage:.3f} of the {attainable:.3f} "
                    "all eligible practices would reach"
                ),
                numbers={"coverage": coverage, "attainable": attainable},
            )
        )
    return tuple(found)
