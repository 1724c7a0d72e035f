"""The evidence-quality checks of an assessment: what its numbers can and cannot carry.

:func:`~valuecocreation.assess` attaches the findings made here. They rest on a
:class:`LogProfile`, a few counts per interaction kind taken from the log in one
vectorised pass (kinds by the side of their source, aggregate rows, pseudo-actors,
the accounts that look like the firm), and on the scores themselves. Every
threshold is a module constant, documented with the finding codes in the reference.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import Framework, Party
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap, MapRule
from valuecocreation.model import InteractionKind, Role
from valuecocreation.scoring import ConditionScore

__all__ = [
    "FIRM_CANDIDATES",
    "MINIMUM_CONDITIONS",
    "MINIMUM_DRIVERS",
    "SMALL_POPULATION",
    "LogProfile",
    "assessment_findings",
    "balance_findings",
    "checked_scores",
    "condition_findings",
    "finding_lines",
    "firm_findings",
    "index_findings",
    "profile_log",
]

#: A score resting on fewer observations than this is a share of very few.
SMALL_POPULATION: Final = 30
#: Drivers with a score below which the index is nan (see :func:`index_findings`).
MINIMUM_DRIVERS: Final = 3
#: Conditions with a score below which the index is nan.
MINIMUM_CONDITIONS: Final = 6
#: How many accounts a ``firm_not_declared`` finding suggests.
FIRM_CANDIDATES: Final = 3
#: An account addressed by at least this share of all sources looks like the firm.
FIRM_HUB_SHARE: Final = 0.2

_ROLES: Final = tuple(Role)
_FIRM_SIDE: Final = frozenset({Role.FIRM, Role.PARTNER})
_KINDS: Final = tuple(InteractionKind)
_FIGURE_1: Final = "Kim & Choi (2019), Figure 1"
# Ids that stand for many people or for nobody in particular.
_PSEUDO: Final = re.compile(
    r"^(all|all[_ ]users|users|everyone|anonymous|anon|unknown|guest|visitors?|aggregate|"
    r"total|n/?a|none|null|-|\*|\?)$",
    re.IGNORECASE,
)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in value)


@attrs.frozen(kw_only=True)
class LogProfile:
    """Counts per interaction kind (in :class:`InteractionKind` order) that the checks read.

    ``by_population`` counts events whose source has one of the map's population
    roles, ``by_firm_side`` those from firms and partners, ``weighted`` the events
    whose weight is not 1 (aggregate rows, ratings). ``candidates`` are the
    accounts that look like the firm, with the number of distinct actors that
    address them; ``pseudo_actors`` the source ids that stand for many people.
    """

    by_population: tuple[int, ...] = attrs.field(converter=_ints)
    by_firm_side: tuple[int, ...] = attrs.field(converter=_ints)
    by_other: tuple[int, ...] = attrs.field(converter=_ints)
    weighted: tuple[int, ...] = attrs.field(converter=_ints)
    channels: int
    firm_declared: bool
    candidates: tuple[tuple[str, int], ...] = ()
    pseudo_actors: tuple[tuple[str, int], ...] = ()
    firm_like: tuple[str, ...] = ()
    """Candidates that send the firm's kinds or are addressed by a fifth of all sources."""

    def present(self, kind: InteractionKind) -> int:
        """Events of ``kind`` from any source."""
        i = _KINDS.index(kind)
        return self.by_population[i] + self.by_firm_side[i] + self.by_other[i]


def profile_log(
    log: InteractionLog, roles: npt.NDArray[np.uint8], mapping: ConditionMap
) -> LogProfile:
    """The :class:`LogProfile` of ``log`` with ``roles`` (role index per actor code)."""
    source = log.source_codes.astype(np.int64)
    target = log.target_codes.astype(np.int64)
    kind = log.kind_codes.astype(np.int64)
    side_of_role = np.array(
        [0 if role in mapping.population else 1 if role in _FIRM_SIDE else 2 for role in _ROLES],
        dtype=np.int64,
    )
    side = side_of_role[roles[source]] if len(source) else np.array([], dtype=np.int64)
    width = len(_KINDS)
    counts = np.bincount(side * width + kind, minlength=3 * width).reshape(3, width)
    weighted = np.bincount(kind[log.weights != 1.0], minlength=width)
    firm_declared = bool(np.isin(roles, [_ROLES.index(r) for r in _FIRM_SIDE]).any())
    candidates: tuple[tuple[str, int], ...] = ()
    firm_like: tuple[str, ...] = ()
    if not firm_declared and len(source):
        candidates, firm_like = _candidates(log, source, target, kind, mapping)
    return LogProfile(
        by_population=counts[0].tolist(),
        by_firm_side=counts[1].tolist(),
        by_other=counts[2].tolist(),
        weighted=weighted.tolist(),
        channels=len(np.unique(log.channel_codes[log.channel_codes >= 0])),
        firm_declared=firm_declared,
        candidates=candidates,
        pseudo_actors=_pseudo(log, source),
        firm_like=firm_like,
    )


def _candidates(
    log: InteractionLog,
    source: npt.NDArray[np.int64],
    target: npt.NDArray[np.int64],
    kind: npt.NDArray[np.int64],
    mapping: ConditionMap,
) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:
    """Accounts addressed by the most distinct actors, and those that look like the firm."""
    user_kinds = {rule.kind for rule in mapping.rules if not rule.roles or rule.roles - _FIRM_SIDE}
    firm_kinds = [
        _KINDS.index(rule.kind)
        for rule in mapping.rules
        if rule.roles and rule.roles <= _FIRM_SIDE and rule.kind not in user_kinds
    ]
    # Distinct (source, target) pairs, then how many sources address each target.
    pairs = np.unique(source * len(log.actors) + target)
    audience = np.bincount(pairs % len(log.actors), minlength=len(log.actors))
    sends = np.bincount(source[np.isin(kind, firm_kinds)], minlength=len(log.actors))
    # Only kinds no user sends count: a user's post is not a sign of the firm.
    order = np.lexsort((-sends, -audience))[:FIRM_CANDIDATES]
    sources = len(np.unique(source))
    candidates = tuple(
        (str(log.actors[i]), int(audience[i])) for i in order.tolist() if audience[i] or sends[i]
    )
    firm_like = tuple(
        str(log.actors[i])
        for i in order.tolist()
        if audience[i] >= FIRM_HUB_SHARE * sources and audience[i] > 1
    )
    return candidates, firm_like


def _pseudo(log: InteractionLog, source: npt.NDArray[np.int64]) -> tuple[tuple[str, int], ...]:
    names = log.actors.tolist()
    flagged = [code for code, name in enumerate(names) if _PSEUDO.match(str(name).strip())]
    if not flagged:
        return ()
    events = np.bincount(source, minlength=len(names))
    return tuple((str(names[code]), int(events[code])) for code in flagged if events[code])


# ---------------------------------------------------------------------- the findings
def _section(framework: Framework, condition: str | None = None) -> str:
    if framework.name != "kim_choi_2019":
        return framework.citation or f"{framework.name} {framework.version}"
    if condition is None:
        return _FIGURE_1
    driver = framework.condition(condition).driver.key
    return f"Kim & Choi (2019), section 2.{framework.driver_keys.index(driver) + 1}"


def _firm_rules(mapping: ConditionMap) -> list[MapRule]:
    return [rule for rule in mapping.rules if rule.roles and rule.roles <= _FIRM_SIDE]


def firm_findings(
    framework: Framework, mapping: ConditionMap, profile: LogProfile
) -> list[Finding]:
    """``firm_not_declared`` when firm-side rules exist and no actor is a firm or partner."""
    rules = _firm_rules(mapping)
    events = sum(profile.by_population) + sum(profile.by_firm_side) + sum(profile.by_other)
    if profile.firm_declared or not rules or not events:
        return []
    conditions = sorted({rule.condition for rule in rules})
    suggested = ", ".join(f"{name} (addressed by {n:,})" for name, n in profile.candidates)
    return [
        Finding(
            code="firm_not_declared",
            # Severe when an account looks like the firm: it is then counted as a user.
            severity=Severity.SEVERE if profile.firm_like else Severity.WARNING,
            message=(
                "no actor is declared a firm, so every account counts as a user: the firm's "
                f"own activity inflates user shares and the firm-side rules of "
                f"{', '.join(conditions)} cannot match; declare the firm (actors=, --actors)"
                + (f"; the accounts that look like the firm: {suggested}" if suggested else "")
            ),
            numbers={
                "firm_rules": len(rules),
                "candidates": ", ".join(name for name, _ in profile.candidates) or None,
                "firm_like": ", ".join(profile.firm_like) or None,
            },
            section=_section(framework),
        )
    ]


def _filtered(rules: Sequence[MapRule], profile: LogProfile, population: frozenset[Role]) -> str:
    """Which filter emptied the condition: events of its kinds exist but no rule accepts them."""
    role_filtered, channel_filtered = [], []
    for rule in rules:
        i = _KINDS.index(rule.kind)
        total = profile.present(rule.kind)
        if not total:
            continue
        if rule.roles:
            accepted = (
                (profile.by_population[i] if rule.roles & population else 0)
                + (profile.by_firm_side[i] if rule.roles & _FIRM_SIDE else 0)
                + (profile.by_other[i] if rule.roles - population - _FIRM_SIDE else 0)
            )
            if accepted == 0:
                who = "/".join(sorted(role.value for role in rule.roles))
                role_filtered.append(f"{total:,} {rule.kind.value} event(s), none from a {who}")
                continue
        if rule.channels:
            channel_filtered.append(f"{rule.kind.value} only on {'/'.join(sorted(rule.channels))}")
    parts = []
    if role_filtered:
        parts.append("the role filter leaves none: " + "; ".join(role_filtered))
    if channel_filtered:
        parts.append("the channel filter leaves none: " + "; ".join(channel_filtered))
    return ", ".join(parts)


def _only_kinds_of(rules: Sequence[MapRule], profile: LogProfile) -> bool:
    """Whether every event from the population is of a kind crediting its source here."""
    own = {_KINDS.index(r.kind) for r in rules if r.credit == "source" and not r.channels}
    present = {i for i, n in enumerate(profile.by_population) if n}
    return bool(present) and present <= own


def condition_findings(
    score: ConditionScore,
    *,
    framework: Framework,
    mapping: ConditionMap,
    profile: LogProfile | None,
) -> tuple[ConditionScore, list[Finding]]:
    """The score with a fuller reason where a filter emptied it, and its findings."""
    key = score.condition
    section = _section(framework, key)
    findings: list[Finding] = []
    rules = mapping.rules_for(key)
    if profile is not None and not score.has_evidence and rules:
        why = _filtered(rules, profile, mapping.population)
        if why and why not in score.reason:
            score = attrs.evolve(score, reason=f"{score.reason}; {why}")
    if not score.has_evidence:
        return score, findings
    if 0 < score.n < SMALL_POPULATION:
        findings.append(
            Finding(
                code="population_small",
                severity=Severity.WARNING,
                message=(
                    f"{key} rests on {score.n} observations, fewer than {SMALL_POPULATION}: "
                    "the share and its interval are approximate"
                ),
                subject=key,
                numbers={"n": score.n, "minimum": SMALL_POPULATION},
                section=section,
            )
        )
    if profile is None:
        return score, findings
    if _only_kinds_of(rules, profile) and _is_share(score):
        kinds = sorted({r.kind.value for r in rules if profile.by_population[_KINDS.index(r.kind)]})
        findings.append(
            Finding(
                code="true_by_construction",
                severity=Severity.SEVERE,
                message=(
                    f"{key} counts the kinds ({', '.join(kinds)}) that make an actor active "
                    "in the first place: every active actor qualifies, so its share is 1 by "
                    "construction and says nothing"
                ),
                subject=key,
                numbers={"kinds": len(kinds)},
                section=section,
            )
        )
    aggregate = sum(profile.weighted[_KINDS.index(r.kind)] for r in rules)
    if aggregate and _is_share(score):
        findings.append(
            Finding(
                code="aggregate_evidence",
                severity=Severity.WARNING,
                message=(
                    f"{aggregate:,} of the events behind {key} carry a weight other than 1 "
                    "(aggregate rows?); a share of actors counts each row's source once, "
                    "whatever its weight"
                ),
                subject=key,
                numbers={"weighted_events": aggregate},
                section=section,
            )
        )
    return score, findings


def _is_share(score: ConditionScore) -> bool:
    names = {score.scorer, *(part.scorer for part in score.parts)}
    return "participation" in names


def assessment_findings(
    framework: Framework, profile: LogProfile | None, channels_seen: int
) -> list[Finding]:
    """Findings about the data as a whole: one channel only, pseudo-actors."""
    findings = []
    if channels_seen <= 1:
        findings.append(
            Finding(
                code="one_channel",
                severity=Severity.INFO,
                message=(
                    "the data name no channel: nothing can be said about co-creation "
                    "across channels, and availability's coverage cannot be measured"
                    if channels_seen == 0
                    else "the data name one channel only: nothing can be said about "
                    "co-creation across channels, and availability's coverage is over that "
                    "channel alone"
                ),
                numbers={"channels": channels_seen},
                section=_section(framework),
            )
        )
    if profile is not None and profile.pseudo_actors:
        named = ", ".join(f"{name!r} ({n:,} events)" for name, n in profile.pseudo_actors)
        findings.append(
            Finding(
                code="pseudo_actor",
                severity=Severity.WARNING,
                message=(
                    f"sources that stand for many people or for nobody: {named}; each counts "
                    "as one actor in every share"
                ),
                numbers={"actors": len(profile.pseudo_actors)},
                section=_section(framework),
            )
        )
    return findings


def index_findings(
    framework: Framework,
    values: Mapping[str, float],
    scored_conditions: int,
    *,
    minimum_drivers: int,
    minimum_conditions: int,
    index: float,
) -> tuple[float, list[Finding]]:
    """The index, nan below the minimum coverage, with its finding.

    The rule: with fewer than ``minimum_drivers`` drivers or fewer than
    ``minimum_conditions`` conditions scored the index is nan (``index_undefined``,
    severe); with fewer than all of them it stands but is provisional
    (``index_provisional``, warning).
    """
    drivers, total_drivers = len(values), len(framework.drivers)
    total_conditions = len(framework.conditions)
    numbers: dict[str, Any] = {
        "drivers": drivers,
        "conditions": scored_conditions,
        "minimum_drivers": minimum_drivers,
        "minimum_conditions": minimum_conditions,
        "mean_of_scored": None if math.isnan(index) else index,
    }
    if drivers < minimum_drivers or scored_conditions < minimum_conditions:
        shown = "" if math.isnan(index) else f" (the mean of what is scored would be {index:.2f})"
        return math.nan, [
            Finding(
                code="index_undefined",
                severity=Severity.SEVERE,
                message=(
                    f"the index is nan: {drivers} of {total_drivers} drivers and "
                    f"{scored_conditions} of {total_conditions} conditions are scored; it "
                    f"needs at least {minimum_drivers} drivers and {minimum_conditions} "
                    f"conditions{shown}"
                ),
                subject="index",
                numbers=numbers,
                section=_section(framework),
            )
        ]
    if drivers < total_drivers or scored_conditions < total_conditions:
        return index, [
            Finding(
                code="index_provisional",
                severity=Severity.WARNING,
                message=(
                    f"the index rests on {drivers} of {total_drivers} drivers and "
                    f"{scored_conditions} of {total_conditions} conditions: provisional"
                ),
                subject="index",
                numbers=numbers,
                section=_section(framework),
            )
        ]
    return index, []


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    """One line per finding; a code found on three scores or more, one line for all."""
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    lines: list[str] = []
    for code, group in by_code.items():
        if len(group) < 3:
            lines.extend(finding.line() for finding in group)
            continue
        about = ", ".join(
            f"{f.subject} (n {f.numbers['n']})" if "n" in f.numbers else str(f.subject)
            for f in group
        )
        lines.append(
            f"{group[0].severity.value} [{code}] {len(group)} scores: {about}; "
            f"for example: {group[0].message}"
        )
    return lines


def checked_scores(
    framework: Framework,
    mapping: ConditionMap,
    scores: Sequence[ConditionScore],
    profile: LogProfile | None,
) -> tuple[list[ConditionScore], list[Finding]]:
    """Each score with its findings; the assessment-wide findings."""
    checked = []
    for score in scores:
        fuller, found = condition_findings(
            score, framework=framework, mapping=mapping, profile=profile
        )
        checked.append(attrs.evolve(fuller, findings=(*fuller.findings, *found)))
    found = []
    if profile is not None:
        found.extend(firm_findings(framework, mapping, profile))
        found.extend(assessment_findings(framework, profile, profile.channels))
    return checked, found


def balance_findings(
    framework: Framework, parties: Sequence[Party], profile: LogProfile | None
) -> list[Finding]:
    """A firms' balance computed where no firm is declared is undefined, not a number."""
    if profile is None or profile.firm_declared:
        return []
    return [
        Finding(
            code="balance_no_firm",
            severity=Severity.SEVERE,
            message=(
                "the firms' value balance mirrors the users' driver scores, but no actor is "
                "declared a firm: what the firm internalizes and externalizes is not measured"
            ),
            subject="firms",
            numbers={"firm_actors": 0},
            section="Kim & Choi (2019), Figure 1",
        )
        for party in parties
        if party is Party.FIRMS
    ]
