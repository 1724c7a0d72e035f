"""The result of :func:`~valuecocreation.playbook.recommend`: a :class:`Plan` of practices.

A plan is data: it round-trips losslessly through :meth:`Plan.to_dict` and JSON,
and renders as a text table (:meth:`Plan.summary`) and Markdown
(:meth:`Plan.to_markdown`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.findings import Finding
from valuecocreation.model import Initiative
from valuecocreation.playbook._culture import CultureProfile
from valuecocreation.playbook._knowledge import (
    Adaptation,
    Challenge,
    Measure,
    Mitigation,
    Source,
)

__all__ = ["PLAN_SCHEMA_VERSION", "Deferral", "Gap", "Plan", "PlannedPractice"]

PLAN_SCHEMA_VERSION: Final = 1


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _plain(value: float) -> float | None:
    return None if math.isnan(value) else value


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _adaptations(value: Iterable[Adaptation]) -> tuple[Adaptation, ...]:
    return tuple(value)


def _challenges(value: Iterable[Challenge]) -> tuple[Challenge, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class Gap:
    """A condition the plan tries to strengthen.

    ``size`` is ``1 - score`` (nan when the condition has no evidence: a gap of
    unknown size); ``weight`` is what the optimiser counted it as; ``findings``
    are the codes of the diagnosis findings that named it.
    """

    condition: str
    score: float = attrs.field(converter=float)
    size: float = attrs.field(converter=float)
    weight: float = attrs.field(converter=float)
    findings: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (nan as ``null``)."""
        return {
            "condition": self.condition,
            "score": _plain(self.score),
            "size": _plain(self.size),
            "weight": self.weight,
            "findings": list(self.findings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gap:
        """The inverse of :meth:`to_dict`."""
        return cls(
            condition=data["condition"],
            score=_nan(data["score"]),
            size=_nan(data["size"]),
            weight=data["weight"],
            findings=data["findings"],
        )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _challenge_from_dict(data: Mapping[str, Any]) -> Challenge:
    return Challenge(
        key=data["key"],
        name=data["name"],
        description=data["description"],
        mitigations=tuple(Mitigation(**m) for m in data["mitigations"]),
        sources=tuple(Source(**s) for s in data["sources"]),
    )


@attrs.frozen(kw_only=True, eq=False)
class PlannedPractice:
    """One practice of a plan: why it was chosen, what it costs, how to run and watch it.

    Attributes
    ----------
    covers
        The gap conditions it strengthens, with the playbook's ordinal strength (1-3).
    why
        Sentences naming the findings and conditions that led to it.
    adaptations
        How to adapt it to the stated culture.
    challenges
        The challenges it tends to raise, each with its mitigations.
    initiative
        The :class:`~valuecocreation.model.Initiative` to run; feed it to
        :func:`~valuecocreation.impact.measure_impact` afterwards.
    watch
        The condition indicators and impact metric that show whether it worked.
    """

    key: str
    name: str
    cost: float = attrs.field(converter=float)
    staff_hours: float = attrs.field(converter=float)
    covers: Mapping[str, int]
    why: tuple[str, ...] = attrs.field(converter=_strs)
    adaptations: tuple[Adaptation, ...] = attrs.field(converter=_adaptations)
    challenges: tuple[Challenge, ...] = attrs.field(converter=_challenges)
    initiative: Initiative
    watch: Measure

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "key": self.key,
            "name": self.name,
            "cost": self.cost,
            "staff_hours": self.staff_hours,
            "covers": dict(self.covers),
            "why": list(self.why),
            "adaptations": [a.to_dict() for a in self.adaptations],
            "challenges": [c.to_dict() for c in self.challenges],
            "initiative": self.initiative.to_dict(),
            "watch": self.watch.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlannedPractice:
        """The inverse of :meth:`to_dict`."""
        return cls(
            key=data["key"],
            name=data["name"],
            cost=data["cost"],
            staff_hours=data["staff_hours"],
            covers=dict(data["covers"]),
            why=data["why"],
            adaptations=tuple(Adaptation(**a) for a in data["adaptations"]),
            challenges=tuple(_challenge_from_dict(c) for c in data["challenges"]),
            initiative=Initiative.from_dict(data["initiative"]),
            watch=Measure(**data["watch"]),
        )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


@attrs.frozen(kw_only=True, eq=False)
class Deferral:
    """A practice held back until a prerequisite condition is strong enough."""

    key: str
    name: str
    condition: str
    score: float = attrs.field(converter=float)
    minimum: float = attrs.field(converter=float)
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "key": self.key,
            "name": self.name,
            "condition": self.condition,
            "score": _plain(self.score),
            "minimum": self.minimum,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Deferral:
        """The inverse of :meth:`to_dict`."""
        return cls(**(dict(data) | {"score": _nan(data["score"])}))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _gaps(value: Iterable[Gap]) -> tuple[Gap, ...]:
    return tuple(value)


def _practices(value: Iterable[PlannedPractice]) -> tuple[PlannedPractice, ...]:
    return tuple(value)


def _deferrals(value: Iterable[Deferral]) -> tuple[Deferral, ...]:
    return tuple(value)


def _limit(value: float | None) -> float | None:
    return None if value is None else float(value)


@attrs.frozen(kw_only=True, eq=False)
class Plan:
    """Practices chosen to cover the diagnosed gaps best within a budget and staff hours.

    Attributes
    ----------
    practices
        The chosen :class:`PlannedPractice` objects, in the playbook's order.
    deferred
        Practices held back because a prerequisite condition is weak or unmeasured.
    gaps
        The gaps the plan addresses, weakest first.
    coverage
        What the chosen practices cover: the sum over gaps of the gap's weight times
        the best chosen strength for it (divided by 3, the top strength).
    attainable
        The coverage all eligible practices together would reach, without limits.
    cost, staff_hours
        Totals of the chosen practices, in ``cost_unit`` and ``hours_unit``.
    """

    playbook: str
    playbook_version: str
    framework: str
    cost_unit: str
    hours_unit: str
    budget: float | None = attrs.field(converter=_limit)
    hours: float | None = attrs.field(converter=_limit)
    stage: str | None
    culture: CultureProfile | None
    top: int | None
    gaps: tuple[Gap, ...] = attrs.field(converter=_gaps)
    practices: tuple[PlannedPractice, ...] = attrs.field(converter=_practices)
    deferred: tuple[Deferral, ...] = attrs.field(converter=_deferrals)
    coverage: float = attrs.field(converter=float)
    attainable: float = attrs.field(converter=float)
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)

    @property
    def cost(self) -> float:
        """The total cost of the chosen practices."""
        return math.fsum(p.cost for p in self.practices)

    @property
    def staff_hours(self) -> float:
        """The total staff hours of the chosen practices."""
        return math.fsum(p.staff_hours for p in self.practices)

    @property
    def initiatives(self) -> tuple[Initiative, ...]:
        """The initiatives to run, one per chosen practice."""
        return tuple(p.initiative for p in self.practices)

    def practice(self, key: str) -> PlannedPractice:
        """The chosen practice with ``key``; a KeyError naming the chosen ones if absent."""
        for practice in self.practices:
            if practice.key == key:
                return practice
        chosen = ", ".join(p.key for p in self.practices) or "none"
        raise KeyError(f"{key!r} is not in the plan; chosen: {chosen}")

    # ----------------------------------------------------------------- data
    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``; :meth:`from_dict` is the inverse."""
        return {
            "schema_version": PLAN_SCHEMA_VERSION,
            "playbook": self.playbook,
            "playbook_version": self.playbook_version,
            "framework": self.framework,
            "cost_unit": self.cost_unit,
            "hours_unit": self.hours_unit,
            "budget": self.budget,
            "hours": self.hours,
            "stage": self.stage,
            "culture": None if self.culture is None else self.culture.to_dict(),
            "top": self.top,
            "gaps": [g.to_dict() for g in self.gaps],
            "practices": [p.to_dict() for p in self.practices],
            "deferred": [d.to_dict() for d in self.deferred],
            "coverage": self.coverage,
            "attainable": self.attainable,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Rebuild a plan from :meth:`to_dict` data; malformed data is a ValidationError."""
        data = check_version(data, PLAN_SCHEMA_VERSION, "plan")
        with reading("plan"):
            culture = data["culture"]
            return cls(
                playbook=data["playbook"],
                playbook_version=data["playbook_version"],
                framework=data["framework"],
                cost_unit=data["cost_unit"],
                hours_unit=data["hours_unit"],
                budget=data["budget"],
                hours=data["hours"],
                stage=data["stage"],
                culture=None if culture is None else CultureProfile.from_dict(culture),
                top=data["top"],
                gaps=[Gap.from_dict(g) for g in data["gaps"]],
                practices=[PlannedPractice.from_dict(p) for p in data["practices"]],
                deferred=[Deferral.from_dict(d) for d in data["deferred"]],
                coverage=data["coverage"],
                attainable=data["attainable"],
                findings=[Finding.from_dict(f) for f in data["findings"]],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The plan as strict JSON text."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        keys = ", ".join(p.key for p in self.practices) or "no practice"
        return f"<Plan: {keys}; cost {self.cost:g}, {self.staff_hours:g} h>"

    # ----------------------------------------------------------------- views
    def rows(self) -> list[dict[str, Any]]:
        """One row per chosen practice, for a table or a DataFrame."""
        return [
            {
                "practice": p.key,
                "cost": p.cost,
                "staff_hours": p.staff_hours,
                "covers": ", ".join(f"{c} ({s})" for c, s in p.covers.items()),
                "watch": f"{', '.join(p.watch.indicators)}; {p.watch.metric}",
            }
            for p in self.practices
        ]

    def summary(self) -> str:
        """The plan as a fixed-width text table with its totals, deferrals and findings."""
        lines = [f"Plan from {self.playbook} (costs in {self.cost_unit})"]
        gaps = ", ".join(f"{g.condition} {_fmt(g.score)}" for g in self.gaps) or "none"
        lines.append(f"gaps (score): {gaps}")
        header = f"{'practice':<26} {'cost':>6} {'hours':>6}  covers"
        lines += [header, "-" * len(header)]
        for row in self.rows():
            lines.append(
                f"{row['practice']:<26} {row['cost']:>6g} {row['staff_hours']:>6g}  {row['covers']}"
            )
        lines.append(
            f"{'total':<26} {self.cost:>6g} {self.staff_hours:>6g}  "
            f"coverage {self.coverage:.3f} of {self.attainable:.3f} attainable"
        )
        lines += [f"deferred {d.key}: {d.reason}" for d in self.deferred]
        lines += [f.line() for f in self.findings]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The plan as Markdown: a table, then each practice's why, adaptations and challenges."""
        out = [f"# Co-creation plan ({self.playbook})", ""]
        out += ["| practice | cost | staff hours | covers | watch |", "|---|---:|---:|---|---|"]
        out += [
            f"| {r['practice']} | {r['cost']:g} | {r['staff_hours']:g} | {r['covers']} | "
            f"{r['watch']} |"
            for r in self.rows()
        ]
        out += [
            "",
            (
                f"Total: cost {self.cost:g} ({self.cost_unit}), {self.staff_hours:g} "
                f"{self.hours_unit}; coverage {self.coverage:.3f} of {self.attainable:.3f}."
            ),
        ]
        for p in self.practices:
            out += ["", f"## {p.name}", ""]
            out += [f"- Why: {line}" for line in p.why]
            out += [f"- Adapt ({a.dimension} {a.level}): {a.advice}" for a in p.adaptations]
            for challenge in p.challenges:
                fixes = "; ".join(m.description for m in challenge.mitigations)
                out.append(f"- Watch for {challenge.name.lower()}: {fixes}")
        if self.deferred:
            out += ["", "## Deferred", ""]
            out += [f"- {d.name}: {d.reason}" for d in self.deferred]
        if self.findings:
            out += ["", "## Findings", ""]
            out += [f"- {f.line()}" for f in self.findings]
        return "\n".join(out) + "\n"
