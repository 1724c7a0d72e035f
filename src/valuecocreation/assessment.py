"""From evidence to a scored, explainable, serialisable assessment: :func:`assess`.

An :class:`Assessment` holds one :class:`~valuecocreation.scoring.ConditionScore`
per condition, one :class:`DriverScore` per driver (the mean of its scored
conditions, with the coverage: how many of them had evidence), an overall index
over the drivers, and the :class:`ValueBalance` of each party: how well the drivers
at which it internalizes value score against those at which it externalizes value
(Kim & Choi 2019, Figure 1).

:func:`assess_over` does the same per calendar window and segment and returns an
:class:`AssessmentSeries`, whose :meth:`~AssessmentSeries.changes` is the value
evolution over time.

Examples
--------
>>> import valuecocreation as vcc
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-01-05"},
...     {"source": "ben", "target": "rf", "kind": "post", "timestamp": "2024-01-06"},
...     {"source": "rf", "target": "ben", "kind": "feature", "timestamp": "2024-01-07"},
... ])
>>> result = vcc.assess(log, actors={"rf": "firm"})
>>> result.condition("user_creativity").value  # 1 of 2 active users posted; target 10%
1.0
>>> result.condition("interface").reason
'no interaction in the data was mapped to interface (kinds: rate)'
>>> result.balance("users").externalized  # expression and share
1.0
>>> vcc.Assessment.from_json(result.to_json()) == result
True
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any, Literal, get_args

import attrs

from valuecocreation import _assessment_checks as checks
from valuecocreation._core.serial import (
    check_version,
    dumps,
    equal_as_data,
    from_json_float,
    json_float,
    loads,
    reading,
)
from valuecocreation.errors import (
    ArgumentTypeError,
    FirmNotDeclaredWarning,
    UnknownConditionError,
    UnknownDriverError,
    ValidationError,
)
from valuecocreation.evidence import ActorsLike, Evidence, Period
from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    Party,
    ValueDirection,
    resolve_framework,
)
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap
from valuecocreation.scoring import (
    CompositeScorer,
    ConditionScore,
    Scorer,
    ScoringInputs,
    default_scorers,
    get_scorer,
    source_scorers,
)
from valuecocreation.survey._responses import SurveyResponses

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "MINIMUM_CONDITIONS",
    "MINIMUM_DRIVERS",
    "SCHEMA_RESOURCE",
    "Aggregate",
    "Assessment",
    "AssessmentSeries",
    "DriverScore",
    "ValueBalance",
    "assess",
    "assess_over",
    "json_schema",
]

ASSESSMENT_SCHEMA_VERSION = 2
_READABLE_VERSIONS = (1, 2)  # version 1 had no findings; it reads with none
MINIMUM_DRIVERS = checks.MINIMUM_DRIVERS
"""Drivers that must have a score for the index to be a number (default of :func:`assess`)."""
MINIMUM_CONDITIONS = checks.MINIMUM_CONDITIONS
"""Conditions that must have a score for the index to be a number."""
SCHEMA_RESOURCE = f"schemas/assessment-{ASSESSMENT_SCHEMA_VERSION}.schema.json"  # 1 is kept too
"""The JSON Schema of :meth:`Assessment.to_dict`, inside the package (see :func:`json_schema`)."""
Aggregate = Literal["mean", "geometric", "minimum"]
_AGGREGATES: tuple[str, ...] = get_args(Aggregate)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _condition_scores(value: Iterable[ConditionScore]) -> tuple[ConditionScore, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _read_findings(data: Mapping[str, Any]) -> list[Finding]:
    return [Finding.from_dict(item) for item in data.get("findings", ())]


@attrs.frozen(kw_only=True, eq=False)
class DriverScore:
    """A driver's score: the mean of its conditions that have evidence.

    ``coverage`` is the share of the driver's conditions with a score; the value is
    nan (with a reason) when none has, rather than 0.
    """

    driver: str
    value: float = attrs.field(converter=float)
    coverage: float = attrs.field(converter=float)
    conditions: tuple[str, ...] = attrs.field(converter=_strs)
    reason: str = ""
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    """``driver_partial`` when some of its conditions have no score."""

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "driver": self.driver,
            "value": json_float(self.value),
            "coverage": self.coverage,
            "conditions": list(self.conditions),
            "reason": self.reason,
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DriverScore:
        """The inverse of :meth:`to_dict`."""
        return cls(
            driver=data["driver"],
            value=from_json_float(data["value"], "value"),
            coverage=data["coverage"],
            conditions=data["conditions"],
            reason=data["reason"],
            findings=_read_findings(data),
        )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


@attrs.frozen(kw_only=True, eq=False)
class ValueBalance:
    """What one party takes in versus gives out, by the framework's value directions.

    ``internalized`` is the mean score of the drivers at which the party
    internalizes value, ``externalized`` that of the drivers at which it
    externalizes value (nan when none of them has a score). For Kim & Choi (2019)
    users internalize through experience and satisfaction and externalize through
    expression and share; firms the reverse.
    """

    party: Party = attrs.field(converter=Party)
    internalized: float = attrs.field(converter=float)
    externalized: float = attrs.field(converter=float)
    internalizing: tuple[str, ...] = attrs.field(converter=_strs)
    externalizing: tuple[str, ...] = attrs.field(converter=_strs)

    @property
    def net(self) -> float:
        """``externalized - internalized``: above 0, the party gives out more than it takes in."""
        return self.externalized - self.internalized

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "party": self.party.value,
            "internalized": json_float(self.internalized),
            "externalized": json_float(self.externalized),
            "internalizing": list(self.internalizing),
            "externalizing": list(self.externalizing),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValueBalance:
        """The inverse of :meth:`to_dict`."""
        return cls(
            party=data["party"],
            internalized=from_json_float(data["internalized"], "internalized"),
            externalized=from_json_float(data["externalized"], "externalized"),
            internalizing=data["internalizing"],
            externalizing=data["externalizing"],
        )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _driver_scores(value: Iterable[DriverScore]) -> tuple[DriverScore, ...]:
    return tuple(value)


def _value_balances(value: Iterable[ValueBalance]) -> tuple[ValueBalance, ...]:
    return tuple(value)


def _check_aggregate(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _AGGREGATES:
        raise ValidationError(
            f"aggregate must be one of {', '.join(_AGGREGATES)}", column="aggregate", value=value
        )


@attrs.frozen(kw_only=True, eq=False)
class Assessment:
    """The scored state of value co-creation in a log (see the module notes).

    Build it with :func:`assess`. Look scores up with :meth:`condition` and
    :meth:`driver`; :attr:`index` is the overall co-creation index in [0, 1] (nan
    when no driver has evidence) and :attr:`index_coverage` the share of drivers it
    rests on.
    """

    framework: str
    framework_version: str
    mapping: str
    aggregate: str = attrs.field(validator=_check_aggregate)
    conditions: tuple[ConditionScore, ...] = attrs.field(converter=_condition_scores)
    drivers: tuple[DriverScore, ...] = attrs.field(converter=_driver_scores)
    index: float = attrs.field(converter=float)
    index_coverage: float = attrs.field(converter=float)
    value_balance: tuple[ValueBalance, ...] = attrs.field(converter=_value_balances)
    interactions: int = 0
    active_actors: int = 0
    window: str = "all"
    segment: str = ""
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    """What the assessment as a whole cannot carry (see :mod:`valuecocreation.findings`)."""

    def all_findings(self) -> tuple[Finding, ...]:
        """Its own findings and its drivers' and conditions', most serious first."""
        found = [
            *self.findings,
            *(f for driver in self.drivers for f in driver.findings),
            *(f for score in self.conditions for f in score.findings),
        ]
        return tuple(sorted(found, key=lambda finding: -finding.severity.rank))

    def condition(self, key: str) -> ConditionScore:
        """The score of the condition ``key``.

        Raises
        ------
        UnknownConditionError
            Listing the conditions assessed.
        """
        for score in self.conditions:
            if score.condition == key:
                return score
        raise UnknownConditionError(key, [s.condition for s in self.conditions])

    def driver(self, key: str) -> DriverScore:
        """The score of the driver ``key``.

        Raises
        ------
        UnknownDriverError
            Listing the drivers assessed.
        """
        for score in self.drivers:
            if score.driver == key:
                return score
        raise UnknownDriverError(key, [s.driver for s in self.drivers])

    def balance(self, party: Party | str) -> ValueBalance:
        """The value balance of ``party`` (``"users"`` or ``"firms"``)."""
        wanted = Party(party)
        return next(b for b in self.value_balance if b.party is wanted)

    # ------------------------------------------------------------------ serialising
    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version`` (nan becomes ``None``)."""
        return {
            "schema_version": ASSESSMENT_SCHEMA_VERSION,
            "framework": {"name": self.framework, "version": self.framework_version},
            "mapping": self.mapping,
            "aggregate": self.aggregate,
            "window": self.window,
            "segment": self.segment,
            "interactions": self.interactions,
            "active_actors": self.active_actors,
            "index": json_float(self.index),
            "index_coverage": self.index_coverage,
            "conditions": [score.to_dict() for score in self.conditions],
            "drivers": [score.to_dict() for score in self.drivers],
            "value_balance": [balance.to_dict() for balance in self.value_balance],
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When ``schema_version`` is not one this version reads, or a field is
            missing or malformed.
        """
        data = _check_readable(data, "assessment")
        with reading("assessment"):
            return cls(
                framework=data["framework"]["name"],
                framework_version=data["framework"]["version"],
                mapping=data["mapping"],
                aggregate=data["aggregate"],
                window=data["window"],
                segment=data["segment"],
                interactions=data["interactions"],
                active_actors=data["active_actors"],
                index=from_json_float(data["index"], "index"),
                index_coverage=data["index_coverage"],
                conditions=[ConditionScore.from_dict(s) for s in data["conditions"]],
                drivers=[DriverScore.from_dict(s) for s in data["drivers"]],
                value_balance=[ValueBalance.from_dict(b) for b in data["value_balance"]],
                findings=_read_findings(data),
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The assessment as JSON text (strict JSON: no NaN literals)."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Assessment:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ reading
    def __repr__(self) -> str:
        scored = sum(score.has_evidence for score in self.conditions)
        where = (
            ""
            if self.window == "all" and not self.segment
            else (f" window={self.window}" + (f" segment={self.segment!r}" if self.segment else ""))
        )
        return (
            f"<Assessment {self.framework} {self.framework_version}{where}: index "
            f"{_fmt(self.index)} ({self.aggregate} of {_share(self.index_coverage, 4)} "
            f"drivers), {scored}/{len(self.conditions)} conditions scored, "
            f"{self.interactions} interactions>"
        )

    def summary(self) -> str:
        """A plain-text table of drivers and conditions, for a terminal or a log file."""
        lines = [
            (
                f"Assessment of {self.framework} {self.framework_version} (map {self.mapping}); "
                f"{self.interactions} interactions, {self.active_actors} active actors"
            ),
            (
                f"index {_fmt(self.index)} ({self.aggregate} over "
                f"{round(self.index_coverage * len(self.drivers))} of {len(self.drivers)} drivers)"
            ),
        ]
        found = self.all_findings()
        if found:
            lines.append("findings:")
            lines.extend(f"  {line}" for line in checks.finding_lines(found))
        lines.extend(
            [
                "",
                (
                    f"{'driver / condition':<22}{'score':>7}  {'interval':<13}{'indicator':>10}"
                    f"{'target':>8}{'n':>8}  scorer / reason"
                ),
            ]
        )
        for driver in self.drivers:
            covered = round(driver.coverage * len(driver.conditions))
            lines.append(
                f"{driver.driver:<22}{_fmt(driver.value):>7}  {'':<13}{'':>10}{'':>8}{'':>8}"
                f"  {covered}/{len(driver.conditions)} conditions scored"
            )
            for key in driver.conditions:
                score = self.condition(key)
                interval = (
                    ""
                    if score.interval is None
                    else f"{score.interval[0]:.2f}-{score.interval[1]:.2f}"
                )
                note = score.scorer if score.has_evidence else f"{score.scorer}: {score.reason}"
                target = "" if score.target is None else f"{score.target:g}"
                lines.append(
                    f"  {key:<20}{_fmt(score.value):>7}  {interval:<13}"
                    f"{_fmt(score.indicator, 4):>10}{target:>8}{score.n:>8}  {note}"
                )
        lines.append("")
        lines.extend(
            f"value balance of {balance.party.value}: internalized "
            f"{_fmt(balance.internalized)}, externalized {_fmt(balance.externalized)}"
            for balance in self.value_balance
        )
        return "\n".join(lines)

    def changes_from(self, previous: Assessment) -> dict[str, float]:
        """The change of every score since ``previous``: ``index``, each driver and condition.

        A change involving a nan score is nan.
        """
        changes = {"index": self.index - previous.index}
        for driver in self.drivers:
            changes[driver.driver] = driver.value - previous.driver(driver.driver).value
        for score in self.conditions:
            changes[score.condition] = score.value - previous.condition(score.condition).value
        return changes


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every :meth:`Assessment.to_dict` satisfies.

    >>> json_schema()["properties"]["schema_version"]
    {'const': 2}
    """
    text = resources.files("valuecocreation").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _check_readable(data: object, what: str) -> Mapping[str, Any]:
    """``data`` if its schema version is one this version reads (1 or 2)."""
    version = data.get("schema_version") if isinstance(data, Mapping) else None
    if version not in _READABLE_VERSIONS:
        return check_version(data, ASSESSMENT_SCHEMA_VERSION, what)
    assert isinstance(data, Mapping)
    return data


def _fmt(value: float, digits: int = 2) -> str:
    return "nan" if math.isnan(value) else f"{value:.{digits}f}"


def _share(coverage: float, total: int) -> str:
    return f"{round(coverage * total)}/{total}"


# ---------------------------------------------------------------------- assessing
def assess(
    data: InteractionLog | Evidence,
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    scorers: Mapping[str, Scorer | str] | None = None,
    actors: ActorsLike | None = None,
    aggregate: Aggregate = "mean",
    graph: ValueFlowGraph | None = None,
    survey: SurveyResponses | None = None,
    minimum_drivers: int = MINIMUM_DRIVERS,
    minimum_conditions: int = MINIMUM_CONDITIONS,
) -> Assessment:
    """Assess value co-creation in ``data``: every condition, driver, index and balance.

    Parameters
    ----------
    data
        An interaction log, or evidence already computed (for example merged from
        chunks with :meth:`Evidence.merge <valuecocreation.evidence.Evidence.merge>`).
    framework
        The framework whose conditions are scored: a
        :class:`~valuecocreation.framework.Framework`, or the name of an installed
        framework package (see :mod:`valuecocreation.frameworks`), whose map and
        scorers are then the defaults. Kim & Choi (2019) when left out.
    mapping
        The condition map; the default map of the framework's installed package
        when ``None``.
    scorers
        Scorers to use instead of the defaults, by condition key: a
        :class:`~valuecocreation.scoring.Scorer` or the name of an installed one.
        Conditions left out keep their package's default; a framework that no
        installed package holds needs a scorer for every condition.
    actors
        Roles (and attributes) of the actors; see
        :meth:`Evidence.from_log <valuecocreation.evidence.Evidence.from_log>`.
    aggregate
        How drivers combine into the index: ``"mean"``, ``"geometric"`` (mean of
        logs: one weak driver pulls it down more) or ``"minimum"`` (the weakest
        driver, a bottleneck view).
    graph
        A value-flow graph of the same data (see
        :class:`~valuecocreation.graph.ValueFlowGraph`), given to the scorers
        next to the evidence (:class:`~valuecocreation.scoring.ScoringInputs`).
        Conditions left to their default scorer that a graph scorer can judge
        then combine the event score and the graph score
        (:class:`~valuecocreation.scoring.builtin.CompositeScorer`, equal weights,
        renormalised when one side has no evidence).
    survey
        Survey responses (:class:`~valuecocreation.survey.SurveyResponses`),
        given in the same way: conditions left to their default scorer that
        the instrument has items for combine the event score and the
        :class:`~valuecocreation.scoring.survey.LikertScorer` score.
    minimum_drivers, minimum_conditions
        The index is nan (with an ``index_undefined`` finding) when fewer drivers
        or conditions than these have a score (defaults 3 and 6), and provisional
        (``index_provisional``) when fewer than all of them have.

    Warns
    -----
    FirmNotDeclaredWarning
        When ``data`` is a log, the map has firm-side rules and no actor is a firm
        or partner; the message names the accounts that look like the firm.

    Raises
    ------
    ValidationError
        For an unknown condition among ``scorers``, a condition without a scorer,
        an unknown ``aggregate``, evidence for another framework, a graph built
        for another framework or map, or a survey whose instrument names a
        condition the framework lacks.
    ArgumentTypeError
        For ``data`` that is neither a log nor evidence, or a scorer that is not a
        :class:`~valuecocreation.scoring.Scorer`.
    UnknownKeyError
        For a framework name that is not installed (the message lists those that are).
    """
    framework = resolve_framework(framework)
    chosen = _scorers(framework, scorers)
    _check_aggregate(None, attrs.fields(Assessment).aggregate, aggregate)
    if isinstance(data, Evidence):
        _check_built(data, mapping, actors)
        if data.period is not None or data.segment_by is not None:
            raise ValidationError(
                "evidence split by period or segment goes to assess_over()",
                column="period",
                value=data.period,
            )
        evidence = data
    elif isinstance(data, InteractionLog):
        evidence = Evidence.from_log(data, framework=framework, mapping=mapping, actors=actors)
    else:
        raise ArgumentTypeError(
            "assess() takes an InteractionLog or an Evidence", value=type(data).__name__
        )
    profile = (
        _profile(data, framework, evidence.mapping, actors)
        if isinstance(data, InteractionLog)
        else None
    )
    inputs = ScoringInputs(evidence, graph=graph, survey=survey)
    return _assess_inputs(
        inputs,
        framework,
        _with_sources(framework, chosen, scorers, inputs),
        aggregate,
        _Honesty(profile, minimum_drivers, minimum_conditions),
    )


@attrs.frozen
class _Honesty:
    """What the checks of an assessment need besides the scores."""

    profile: checks.LogProfile | None
    minimum_drivers: int = MINIMUM_DRIVERS
    minimum_conditions: int = MINIMUM_CONDITIONS


def _profile(
    log: InteractionLog, framework: Framework, mapping: ConditionMap, actors: ActorsLike | None
) -> checks.LogProfile:
    """The log's profile for the checks; warns when the firm is not declared."""
    from valuecocreation._evidence.actors import actor_table  # noqa: PLC0415

    roles, _ = actor_table(log.actors, actors)
    profile = checks.profile_log(log, roles, mapping)
    if profile.firm_like:
        found = checks.firm_findings(framework, mapping, profile)
        if found:
            warnings.warn(found[0].message, FirmNotDeclaredWarning, stacklevel=3)
    return profile


def _with_sources(
    framework: Framework,
    chosen: dict[str, Scorer],
    given: Mapping[str, Scorer | str] | None,
    inputs: ScoringInputs,
) -> dict[str, Scorer]:
    """Let conditions left to their default also hear the given graph and survey."""
    combined = dict(chosen)
    for key, scorer in chosen.items():
        if given and key in given:
            continue
        extra = source_scorers(framework, key, graph=inputs.graph is not None, survey=inputs.survey)
        if extra:
            combined[key] = CompositeScorer(
                parts=[(scorer, 1.0), *((source, 1.0) for source in extra)]
            )
    return combined


def _check_built(
    evidence: Evidence, mapping: ConditionMap | None, actors: ActorsLike | None
) -> None:
    """Refuse arguments that evidence, already built, can no longer honour."""
    if actors is not None:
        raise ValidationError(
            "actors are applied when evidence is built; pass them to Evidence.from_log",
            column="actors",
        )
    if mapping is not None and mapping != evidence.mapping:
        raise ValidationError(
            f"the evidence was built with the map {evidence.mapping.name!r}; "
            "build it again with this one",
            column="mapping",
            value=mapping.name,
        )


def _scorers(framework: Framework, scorers: Mapping[str, Scorer | str] | None) -> dict[str, Scorer]:
    given = dict(scorers or {})
    unknown = set(given) - set(framework.condition_keys)
    if unknown:
        raise ValidationError(
            f"framework {framework.name!r} has no condition {sorted(unknown)[0]!r}; valid "
            f"conditions are: {', '.join(framework.condition_keys)}",
            column="scorers",
            value=sorted(unknown)[0],
        )
    defaults = default_scorers(framework) or {}
    chosen: dict[str, Scorer] = {}
    for key in framework.condition_keys:
        scorer = given.get(key)
        if scorer is None:
            if key not in defaults:
                raise ValidationError(
                    f"no scorer for condition {key!r}: no installed framework package "
                    f"holds {framework.name} {framework.version}; pass scorers=",
                    column="scorers",
                    value=key,
                )
            scorer = defaults[key]
        elif isinstance(scorer, str):
            scorer = get_scorer(scorer)
        elif not isinstance(scorer, Scorer):
            raise ArgumentTypeError(
                f"the scorer for {key!r} is not a Scorer", column="scorers", value=scorer
            )
        chosen[key] = scorer
    return chosen


def _assess_inputs(
    inputs: ScoringInputs,
    framework: Framework,
    scorers: Mapping[str, Scorer],
    aggregate: str,
    honesty: _Honesty | None = None,
) -> Assessment:
    evidence = inputs.evidence
    if (evidence.framework_name, evidence.framework_version) != (framework.name, framework.version):
        raise ValidationError(
            f"the evidence is for {evidence.framework_name} {evidence.framework_version}, "
            f"not {framework.name} {framework.version}",
            column="framework",
        )
    conditions = []
    for key in framework.condition_keys:
        score = scorers[key].score(inputs, key)
        if not isinstance(score, ConditionScore) or score.condition != key:
            raise ValidationError(
                f"scorer {scorers[key].name!r} did not return a ConditionScore for {key!r}",
                column="scorers",
                value=score,
            )
        conditions.append(score)
    honesty = honesty or _Honesty(None)
    conditions, found = checks.checked_scores(
        framework, evidence.mapping, conditions, honesty.profile
    )
    by_key = {score.condition: score for score in conditions}
    drivers = [_driver_score(framework, driver.key, by_key) for driver in framework.drivers]
    values = [d.value for d in drivers if not math.isnan(d.value)]
    index, about_index = checks.index_findings(
        framework,
        {d.driver: d.value for d in drivers if not math.isnan(d.value)},
        sum(score.has_evidence for score in conditions),
        minimum_drivers=honesty.minimum_drivers,
        minimum_conditions=honesty.minimum_conditions,
        index=_aggregate(values, aggregate),
    )
    found = [*about_index, *found]
    balances = _balances(framework, drivers)
    found.extend(checks.balance_findings(framework, [b.party for b in balances], honesty.profile))
    return Assessment(
        framework=framework.name,
        framework_version=framework.version,
        mapping=evidence.mapping.name,
        aggregate=aggregate,
        conditions=conditions,
        drivers=drivers,
        index=index,
        index_coverage=len(values) / len(drivers),
        value_balance=balances,
        interactions=evidence.n_interactions,
        active_actors=evidence.n_population,
        window=evidence.window_labels[0] if len(evidence.window_labels) == 1 else "all",
        segment=evidence.segments[0] if len(evidence.segments) == 1 else "",
        findings=found,
    )


def _driver_score(
    framework: Framework, key: str, scores: Mapping[str, ConditionScore]
) -> DriverScore:
    keys = tuple(c.key for c in framework.conditions_of(key))
    values = [scores[k].value for k in keys if scores[k].has_evidence]
    if not values:
        return DriverScore(
            driver=key,
            value=math.nan,
            coverage=0.0,
            conditions=keys,
            reason="no condition of the driver has evidence",
        )
    partial = (
        [
            Finding(
                code="driver_partial",
                severity=Severity.INFO,
                message=(
                    f"{key} is the mean of {len(values)} of its {len(keys)} conditions; the "
                    "others have no evidence"
                ),
                subject=key,
                numbers={"scored": len(values), "conditions": len(keys)},
                section="Kim & Choi (2019), Figure 1",
            )
        ]
        if len(values) < len(keys)
        else []
    )
    return DriverScore(
        driver=key,
        value=math.fsum(values) / len(values),
        coverage=len(values) / len(keys),
        conditions=keys,
        findings=partial,
    )


def _aggregate(values: Sequence[float], how: str) -> float:
    if not values:
        return math.nan
    if how == "mean":
        return math.fsum(values) / len(values)
    if how == "minimum":
        return min(values)
    return math.prod(values) ** (1.0 / len(values))


def _balances(framework: Framework, drivers: Sequence[DriverScore]) -> list[ValueBalance]:
    by_key = {d.driver: d for d in drivers}
    balances = []
    for party in Party:
        sides: dict[ValueDirection, list[str]] = {direction: [] for direction in ValueDirection}
        for driver in framework.drivers:
            direction = driver.direction(party)
            if direction is not None:
                sides[direction].append(driver.key)
        if not any(sides.values()):
            continue
        balances.append(
            ValueBalance(
                party=party,
                internalized=_mean_of(by_key, sides[ValueDirection.INTERNALIZATION]),
                externalized=_mean_of(by_key, sides[ValueDirection.EXTERNALIZATION]),
                internalizing=sides[ValueDirection.INTERNALIZATION],
                externalizing=sides[ValueDirection.EXTERNALIZATION],
            )
        )
    return balances


def _mean_of(drivers: Mapping[str, DriverScore], keys: Iterable[str]) -> float:
    values = [drivers[k].value for k in keys if not math.isnan(drivers[k].value)]
    return math.fsum(values) / len(values) if values else math.nan


# ---------------------------------------------------------------------- over time
def _assessments(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class AssessmentSeries:
    """Assessments per window and segment, in order: the value evolution.

    ``items`` are sorted by segment, then window. :meth:`changes` gives the change
    of every score from the previous window of the same segment.
    """

    period: str | None
    segment_by: str | None
    items: tuple[Assessment, ...] = attrs.field(converter=_assessments)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Any:  # noqa: ANN401
        return iter(self.items)

    def get(self, window: str, segment: str = "") -> Assessment:
        """The assessment of ``window`` (an ISO date label) in ``segment``."""
        for item in self.items:
            if item.window == window and item.segment == segment:
                return item
        raise ValidationError(
            f"no assessment for window {window!r}, segment {segment!r}; windows are: "
            f"{sorted({i.window for i in self.items})}",
            column="window",
            value=window,
        )

    def changes(self) -> list[dict[str, Any]]:
        """One row per window after a segment's first: window, segment, and each change."""
        rows = []
        previous: Assessment | None = None
        for item in self.items:
            if previous is not None and previous.segment == item.segment:
                rows.append(
                    {"window": item.window, "segment": item.segment, **item.changes_from(previous)}
                )
            previous = item
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "schema_version": ASSESSMENT_SCHEMA_VERSION,
            "period": self.period,
            "segment_by": self.segment_by,
            "items": [item.to_dict() for item in self.items],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AssessmentSeries:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When the schema version is unknown or a field is missing or malformed.
        """
        data = _check_readable(data, "assessment series")
        with reading("assessment series"):
            return cls(
                period=data["period"],
                segment_by=data["segment_by"],
                items=[Assessment.from_dict(item) for item in data["items"]],
            )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def assess_over(
    data: InteractionLog | Evidence,
    *,
    period: Period | None = "month",
    segment_by: str | None = None,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    scorers: Mapping[str, Scorer | str] | None = None,
    actors: ActorsLike | None = None,
    aggregate: Aggregate = "mean",
) -> AssessmentSeries:
    """Assess every calendar window (and segment) of ``data``; see :func:`assess`.

    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "a", "target": "rf", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "b", "target": "rf", "kind": "view", "timestamp": "2024-02-05"},
    ...     {"source": "b", "target": "rf", "kind": "like", "timestamp": "2024-02-06"},
    ... ])
    >>> series = vcc.assess_over(log, period="month")
    >>> [item.window for item in series]
    ['2024-01-01', '2024-02-01']
    >>> series.changes()[0]["awareness"]  # nan in January: no view then
    nan
    """
    framework = resolve_framework(framework)
    chosen = _scorers(framework, scorers)
    _check_aggregate(None, attrs.fields(Assessment).aggregate, aggregate)
    if isinstance(data, Evidence):
        _check_built(data, mapping, actors)
        if (data.period, data.segment_by) != (period, segment_by):
            raise ValidationError(
                f"the evidence is split by period={data.period!r}, "
                f"segment_by={data.segment_by!r}; pass those",
                column="period",
                value=period,
            )
        evidence = data
    else:
        evidence = Evidence.from_log(
            data,
            framework=framework,
            mapping=mapping,
            actors=actors,
            period=period,
            segment_by=segment_by,
        )
    items = [
        _assess_inputs(
            ScoringInputs(evidence.select(window=window, segment=segment)),
            framework,
            chosen,
            aggregate,
        )
        for segment in evidence.segments
        for window in range(len(evidence.window_labels))
    ]
    return AssessmentSeries(period=period, segment_by=segment_by, items=items)
