"""The playbook's knowledge as typed, validated data: practices, challenges, sources.

A :class:`Playbook` is read from plain data (a JSON or TOML file) by
:meth:`Playbook.from_dict`, which checks every field in code and names the path of
the first bad one (``practices[3].strengthens.reward``); the same rules are written
down as a JSON Schema shipped in ``valuecocreation/schemas/playbook-1.schema.json``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from valuecocreation.errors import UnknownKeyError, ValidationError
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, resolve_framework
from valuecocreation.model import CoCreationType, LifecycleStage

__all__ = [
    "CULTURE_LEVELS",
    "METRICS",
    "PLAYBOOK_SCHEMA_VERSION",
    "Adaptation",
    "Challenge",
    "Measure",
    "Mitigation",
    "Playbook",
    "Practice",
    "Prerequisite",
    "Source",
]

PLAYBOOK_SCHEMA_VERSION: Final = 1
#: The impact metrics seed 002 lists (Intermediate: Measuring the Impact of Value Co-Creation).
METRICS: Final[tuple[str, ...]] = (
    "csat",
    "nps",
    "engagement",
    "adoption",
    "retention",
    "innovation",
    "roi",
)
#: The cultural dimensions seed 002 names (Advanced: Cross-Cultural Business Aspects), with levels.
CULTURE_LEVELS: Final[Mapping[str, tuple[str, str]]] = {
    "individualism": ("individualist", "collectivist"),
    "context": ("high", "low"),
    "power_distance": ("high", "low"),
    "time_orientation": ("long", "short"),
    "technology_adoption": ("high", "low"),
}
_COST_LEVELS: Final = ("low", "medium", "high")
#: Ordinal strengths: 1 some, 2 clear, 3 the practice's main aim.
_STRENGTHS: Final = (1, 2, 3)


class _Reader:
    """Reads one mapping of plain data, naming the path of any bad field."""

    def __init__(self, data: object, path: str, source: str | None) -> None:
        self.path = path
        self.source = source
        if not isinstance(data, Mapping):
            self.fail("must be a table (a JSON object)", data)
        self.data: Mapping[str, Any] = data  # type: ignore[assignment]

    def fail(self, reason: str, value: object = None, key: str | None = None) -> None:
        where = self.path if key is None else (f"{self.path}.{key}" if self.path else key)
        raise ValidationError(reason, column=where or None, value=value, source=self.source)

    def child(self, key: str, data: object) -> _Reader:
        return _Reader(data, f"{self.path}.{key}" if self.path else key, self.source)

    def get(self, key: str, default: object = ...) -> Any:  # noqa: ANN401 - plain data
        if key not in self.data:
            if default is ...:
                self.fail("is required", key=key)
            return default
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.get(key, ... if default is None else default)
        if not isinstance(value, str) or not value.strip():
            self.fail("must be non-empty text", value, key)
        return str(value)

    def number(self, key: str, *, low: float = 0.0, high: float = math.inf) -> float:
        value = self.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            self.fail(f"must be a number from {low:g} to {high:g}", value, key)
        return float(value)

    def choice(self, key: str, options: Sequence[str], default: str | None = None) -> str:
        value = self.get(key, ... if default is None else default)
        if value not in options:
            self.fail(f"must be one of {', '.join(options)}", value, key)
        return str(value)

    def items(self, key: str, *, required: bool = True) -> list[tuple[str, Any]]:
        value = self.get(key, ... if required else [])
        if not isinstance(value, list):
            self.fail("must be a list", value, key)
        return [(f"{key}[{index}]", item) for index, item in enumerate(value)]


def _texts(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Source:
    """Where a fact comes from: a source document and its section.

    ``supports`` says which fields of the practice or challenge the source backs.
    """

    seed: str
    section: str
    supports: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        data = {"seed": self.seed, "section": self.section}
        return data | ({"supports": self.supports} if self.supports else {})

    @classmethod
    def _read(cls, reader: _Reader) -> Source:
        supports = reader.get("supports", "")
        if not isinstance(supports, str):
            reader.fail("must be text", supports, "supports")
        return cls(seed=reader.text("seed"), section=reader.text("section"), supports=supports)


def _sources(reader: _Reader) -> tuple[Source, ...]:
    sources = tuple(Source._read(reader.child(p, s)) for p, s in reader.items("sources"))
    if not sources:
        reader.fail("must cite at least one source", key="sources")
    return sources


@attrs.frozen(kw_only=True)
class Mitigation:
    """One way to reduce a :class:`Challenge`."""

    key: str
    name: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"key": self.key, "name": self.name, "description": self.description}


@attrs.frozen(kw_only=True)
class Challenge:
    """A difficulty that co-creation practices tend to raise, with its mitigations (seed 002)."""

    key: str
    name: str
    description: str
    mitigations: tuple[Mitigation, ...]
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, the form the playbook file uses."""
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "mitigations": [m.to_dict() for m in self.mitigations],
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def _read(cls, reader: _Reader) -> Challenge:
        mitigations = []
        for path, raw in reader.items("mitigations"):
            item = reader.child(path, raw)
            mitigations.append(
                Mitigation(
                    key=item.text("key"),
                    name=item.text("name"),
                    description=item.text("description"),
                )
            )
        if not mitigations:
            reader.fail("must list at least one mitigation", key="mitigations")
        return cls(
            key=reader.text("key"),
            name=reader.text("name"),
            description=reader.text("description"),
            mitigations=tuple(mitigations),
            sources=_sources(reader),
        )


@attrs.frozen(kw_only=True)
class Prerequisite:
    """A condition that must already score at least ``minimum`` for a practice to work."""

    condition: str
    minimum: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"condition": self.condition, "minimum": self.minimum, "why": self.why}


@attrs.frozen(kw_only=True)
class Adaptation:
    """How a practice changes where a cultural dimension has a given level."""

    dimension: str
    level: str
    advice: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"dimension": self.dimension, "level": self.level, "advice": self.advice}


@attrs.frozen(kw_only=True)
class Measure:
    """How a practice's effect is measured: condition indicators and one impact metric."""

    indicators: tuple[str, ...] = attrs.field(converter=_texts)
    metric: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"indicators": list(self.indicators), "metric": self.metric}


def _strengths(reader: _Reader, conditions: Sequence[str]) -> dict[str, int]:
    strengthens = reader.child("strengthens", reader.get("strengthens"))
    if not strengthens.data:
        reader.fail("must name at least one condition", key="strengthens")
    strengths: dict[str, int] = {}
    for condition, strength in strengthens.data.items():
        if condition not in conditions:
            strengthens.fail(f"is not a condition; valid: {', '.join(conditions)}", key=condition)
        if strength not in _STRENGTHS or isinstance(strength, bool):
            strengthens.fail("must be a strength of 1, 2 or 3", strength, condition)
        strengths[condition] = int(strength)
    return strengths


def _stages(reader: _Reader) -> list[LifecycleStage]:
    stages = []
    valid = [s.value for s in LifecycleStage]
    for path, stage in reader.items("stages"):
        if stage not in valid:
            reader.fail(f"must be one of {', '.join(valid)}", stage, path)
        stages.append(LifecycleStage(stage))
    if not stages:
        reader.fail("must name at least one life-cycle stage", key="stages")
    return stages


def _prerequisites(reader: _Reader, conditions: Sequence[str]) -> list[Prerequisite]:
    prerequisites = []
    for path, raw in reader.items("prerequisites", required=False):
        item = reader.child(path, raw)
        prerequisites.append(
            Prerequisite(
                condition=item.choice("condition", conditions),
                minimum=item.number("minimum", high=1.0),
                why=item.text("why"),
            )
        )
    return prerequisites


@attrs.frozen(kw_only=True)
class Practice:
    """One co-creation practice of a playbook, every fact with its source.

    Attributes
    ----------
    strengthens
        Condition key to ordinal strength: 1 (some), 2 (clear), 3 (the main aim).
    cost, staff_hours
        What it takes per month, in the playbook's ``cost_unit`` and ``hours_unit``.
    """

    key: str
    name: str
    description: str
    type: CoCreationType
    stages: tuple[LifecycleStage, ...]
    strengthens: Mapping[str, int]
    cost_level: str
    cost: float
    staff_hours: float
    prerequisites: tuple[Prerequisite, ...]
    challenges: tuple[str, ...]
    measure: Measure
    adaptations: tuple[Adaptation, ...]
    sources: tuple[Source, ...]

    def adaptations_for(self, levels: Mapping[str, str]) -> tuple[Adaptation, ...]:
        """The adaptations that apply to a culture with these dimension levels."""
        return tuple(a for a in self.adaptations if levels.get(a.dimension) == a.level)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, the form the playbook file uses."""
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "type": self.type.value,
            "stages": [stage.value for stage in self.stages],
            "strengthens": dict(self.strengthens),
            "cost_level": self.cost_level,
            "cost": self.cost,
            "staff_hours": self.staff_hours,
            "prerequisites": [p.to_dict() for p in self.prerequisites],
            "challenges": list(self.challenges),
            "measure": self.measure.to_dict(),
            "adaptations": [a.to_dict() for a in self.adaptations],
            "sources": [s.to_dict() for s in self.sources],
        }

    @classmethod
    def _read(
        cls, reader: _Reader, conditions: Sequence[str], challenges: Sequence[str]
    ) -> Practice:
        strengths = _strengths(reader, conditions)
        stages = _stages(reader)
        prerequisites = _prerequisites(reader, conditions)
        raised = []
        for path, key in reader.items("challenges", required=False):
            if key not in challenges:
                reader.fail(
                    f"is not a challenge of the playbook; valid: {', '.join(challenges)}", key, path
                )
            raised.append(str(key))
        measure = reader.child("measure", reader.get("measure"))
        indicators = []
        for path, key in measure.items("indicators"):
            if key not in conditions:
                measure.fail("is not a condition", key, path)
            indicators.append(str(key))
        adaptations = []
        for path, raw in reader.items("adaptations", required=False):
            item = reader.child(path, raw)
            dimension = item.choice("dimension", tuple(CULTURE_LEVELS))
            adaptations.append(
                Adaptation(
                    dimension=dimension,
                    level=item.choice("level", CULTURE_LEVELS[dimension]),
                    advice=item.text("advice"),
                )
            )
        return cls(
            key=reader.text("key"),
            name=reader.text("name"),
            description=reader.text("description"),
            type=CoCreationType(reader.choice("type", [t.value for t in CoCreationType])),
            stages=tuple(stages),
            strengthens=strengths,
            cost_level=reader.choice("cost_level", _COST_LEVELS),
            cost=reader.number("cost"),
            staff_hours=reader.number("staff_hours"),
            prerequisites=tuple(prerequisites),
            challenges=tuple(raised),
            measure=Measure(indicators=indicators, metric=measure.choice("metric", METRICS)),
            adaptations=tuple(adaptations),
            sources=_sources(reader),
        )


def _unique(reader: _Reader, items: Sequence[Practice | Challenge], what: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.key in seen:
            reader.fail(f"{what} key {item.key!r} appears twice", item.key, f"{what}s[{index}].key")
        seen.add(item.key)


@attrs.frozen(kw_only=True)
class Playbook:
    """A validated set of practices and challenges for one framework.

    Examples
    --------
    >>> from valuecocreation.playbook import default_playbook
    >>> book = default_playbook()
    >>> book.practice("featuring_users").strengthens["reward"]
    3
    >>> [m.name for m in book.challenge("sustaining_engagement").mitigations]
    ['Continuous engagement and recognition']
    """

    name: str
    version: str
    framework: str
    cost_unit: str
    hours_unit: str
    estimates: str
    practices: tuple[Practice, ...]
    challenges: tuple[Challenge, ...]

    def practice(self, key: str) -> Practice:
        """The practice with ``key``; an ``UnknownKeyError`` listing the keys if none."""
        for practice in self.practices:
            if practice.key == key:
                return practice
        raise UnknownKeyError("practice", key, [p.key for p in self.practices])

    def challenge(self, key: str) -> Challenge:
        """The challenge with ``key``; an ``UnknownKeyError`` listing the keys if none."""
        for challenge in self.challenges:
            if challenge.key == key:
                return challenge
        raise UnknownKeyError("challenge", key, [c.key for c in self.challenges])

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the playbook file's form; :meth:`from_dict` reads it back."""
        return {
            "schema_version": PLAYBOOK_SCHEMA_VERSION,
            "name": self.name,
            "version": self.version,
            "framework": self.framework,
            "cost_unit": self.cost_unit,
            "hours_unit": self.hours_unit,
            "estimates": self.estimates,
            "challenges": [c.to_dict() for c in self.challenges],
            "practices": [p.to_dict() for p in self.practices],
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        source: str | None = None,
        framework: Framework | str | None = None,
    ) -> Playbook:
        """Read and check plain data; the first bad field is a ValidationError naming its path.

        ``framework`` (by default the one the data names, else Kim & Choi 2019)
        supplies the condition keys that ``strengthens``, prerequisites and
        indicators may use.
        """
        reader = _Reader(data, "", source)
        if reader.get("schema_version") != PLAYBOOK_SCHEMA_VERSION:
            reader.fail(
                f"unsupported schema version; this version reads {PLAYBOOK_SCHEMA_VERSION}",
                reader.get("schema_version"),
                "schema_version",
            )
        named = reader.text("framework", DEFAULT_FRAMEWORK)
        resolved = resolve_framework(framework if framework is not None else named)
        conditions = resolved.condition_keys
        challenges = tuple(
            Challenge._read(reader.child(path, raw))
            for path, raw in reader.items("challenges", required=False)
        )
        _unique(reader, challenges, "challenge")
        keys = [c.key for c in challenges]
        practices = tuple(
            Practice._read(reader.child(path, raw), conditions, keys)
            for path, raw in reader.items("practices")
        )
        if not practices:
            reader.fail("must hold at least one practice", key="practices")
        _unique(reader, practices, "practice")
        return cls(
            name=reader.text("name"),
            version=reader.text("version", "1"),
            framework=resolved.name,
            cost_unit=reader.text("cost_unit", "cost units"),
            hours_unit=reader.text("hours_unit", "staff hours"),
            estimates=reader.text("estimates", "not stated"),
            practices=practices,
            challenges=challenges,
        )
