"""The result of :func:`~valuecocreation.impact.measure_impact`: :class:`Impact`."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from valuecocreation._core.serial import (
    check_version,
    dumps,
    equal_as_data,
    load_data_file,
    loads,
    reading,
)
from valuecocreation.findings import Finding
from valuecocreation.model import Initiative

__all__ = ["IMPACT_SCHEMA_VERSION", "ConditionImpact", "Impact", "Window", "load_initiative"]

IMPACT_SCHEMA_VERSION: Final = 1
Window = tuple[dt.datetime, dt.datetime]


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _plain(value: float) -> float | None:
    return None if math.isnan(value) else value


@attrs.frozen(kw_only=True, eq=False)
class ConditionImpact:
    """The measured change of one condition.

    ``estimate`` is the difference in differences (``method ==
    "difference_in_differences"``) or, without a control, the treated group's raw
    change (``"before_after"``); ``interval`` is its bootstrap interval. Means are
    per actor and window; nan when a group has no actors.
    """

    condition: str
    method: str
    treated_before: float = attrs.field(converter=float)
    treated_after: float = attrs.field(converter=float)
    control_before: float = attrs.field(converter=float)
    control_after: float = attrs.field(converter=float)
    treated_actors: int
    control_actors: int
    estimate: float = attrs.field(converter=float)
    interval: tuple[float, float]

    @property
    def treated_change(self) -> float:
        """After minus before in the treated group."""
        return self.treated_after - self.treated_before

    @property
    def control_change(self) -> float:
        """After minus before in the control group (nan without one)."""
        return self.control_after - self.control_before

    def to_dict(self) -> dict[str, Any]:
        """Plain data (nan as ``null``)."""
        return {
            "condition": self.condition,
            "method": self.method,
            "treated_before": _plain(self.treated_before),
            "treated_after": _plain(self.treated_after),
            "control_before": _plain(self.control_before),
            "control_after": _plain(self.control_after),
            "treated_actors": self.treated_actors,
            "control_actors": self.control_actors,
            "estimate": _plain(self.estimate),
            "interval": [_plain(self.interval[0]), _plain(self.interval[1])],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConditionImpact:
        """The inverse of :meth:`to_dict`."""
        floats = ("treated_before", "treated_after", "control_before", "control_after", "estimate")
        return cls(
            condition=data["condition"],
            method=data["method"],
            treated_actors=data["treated_actors"],
            control_actors=data["control_actors"],
            interval=(_nan(data["interval"][0]), _nan(data["interval"][1])),
            **{name: _nan(data[name]) for name in floats},
        )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _conditions(value: Iterable[ConditionImpact]) -> tuple[ConditionImpact, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class Impact:
    """What :func:`measure_impact` found, per targeted condition, with its findings.

    ``treated`` and ``control`` name the channels (or, with ``control_by ==
    "segment"``, the segment's attribute values as ``name=value``); ``control_by`` is
    ``"channel"``, ``"segment"`` or ``"none"``.
    """

    initiative: Initiative
    before: Window
    after: Window
    treated: tuple[str, ...] = attrs.field(converter=_strs)
    control: tuple[str, ...] = attrs.field(converter=_strs)
    control_by: str
    outcome: str
    resamples: int
    confidence: float
    seed: int | None
    conditions: tuple[ConditionImpact, ...] = attrs.field(converter=_conditions)
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)

    def condition(self, key: str) -> ConditionImpact:
        """The result for condition ``key``; a KeyError naming the measured ones if absent."""
        for item in self.conditions:
            if item.condition == key:
                return item
        measured = ", ".join(c.condition for c in self.conditions)
        raise KeyError(f"{key!r} was not measured; measured: {measured}")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``."""
        return {
            "schema_version": IMPACT_SCHEMA_VERSION,
            "initiative": self.initiative.to_dict(),
            "before": [t.isoformat() for t in self.before],
            "after": [t.isoformat() for t in self.after],
            "treated": list(self.treated),
            "control": list(self.control),
            "control_by": self.control_by,
            "outcome": self.outcome,
            "resamples": self.resamples,
            "confidence": self.confidence,
            "seed": self.seed,
            "conditions": [c.to_dict() for c in self.conditions],
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Impact:
        """The inverse of :meth:`to_dict`; malformed data is a ValidationError."""
        data = check_version(data, IMPACT_SCHEMA_VERSION, "impact")
        with reading("impact"):
            before = tuple(dt.datetime.fromisoformat(t) for t in data["before"])
            after = tuple(dt.datetime.fromisoformat(t) for t in data["after"])
            return cls(
                initiative=Initiative.from_dict(data["initiative"]),
                before=(before[0], before[1]),
                after=(after[0], after[1]),
                treated=data["treated"],
                control=data["control"],
                control_by=data["control_by"],
                outcome=data["outcome"],
                resamples=data["resamples"],
                confidence=data["confidence"],
                seed=data["seed"],
                conditions=[ConditionImpact.from_dict(c) for c in data["conditions"]],
                findings=[Finding.from_dict(f) for f in data["findings"]],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """Strict JSON text."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Impact:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def rows(self) -> list[dict[str, Any]]:
        """One row per measured condition, as plain values (nan as ``None``)."""
        rows = []
        for item in self.conditions:
            row = item.to_dict()
            low, high = row.pop("interval")
            rows.append(row | {"interval_low": low, "interval_high": high})
        return rows

    def summary(self) -> str:
        """A text table: before, after and the estimate with its interval, per condition."""
        header = (
            f"{'condition':<16} {'treated':>15} {'control':>15} {'estimate':>9}  "
            f"{self.confidence:.0%} interval"
        )
        lines = [f"Impact of {self.initiative.name} ({self.outcome})", header, "-" * len(header)]
        for c in self.conditions:
            treated = f"{c.treated_before:.3f}->{c.treated_after:.3f}"
            control = (
                "none" if not self.control else f"{c.control_before:.3f}->{c.control_after:.3f}"
            )
            lines.append(
                f"{c.condition:<16} {treated:>15} {control:>15} {c.estimate:>9.3f}  "
                f"[{c.interval[0]:.3f}, {c.interval[1]:.3f}]"
            )
        lines += [f.line() for f in self.findings]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The same as :meth:`summary`, as a Markdown table."""
        out = [
            f"# Impact of {self.initiative.name}",
            "",
            (
                "| condition | method | treated before | treated after | control before | "
                "control after | estimate | interval |"
            ),
            "|---|---|---:|---:|---:|---:|---:|---|",
        ]
        out += [
            f"| {c.condition} | {c.method} | {c.treated_before:.3f} | {c.treated_after:.3f} | "
            f"{c.control_before:.3f} | {c.control_after:.3f} | {c.estimate:.3f} | "
            f"[{c.interval[0]:.3f}, {c.interval[1]:.3f}] |"
            for c in self.conditions
        ]
        out += [""] + [f"- {f.line()}" for f in self.findings]
        return "\n".join(out) + "\n"


def load_initiative(path: str | os.PathLike[str]) -> Initiative:
    """Read an :class:`~valuecocreation.model.Initiative` from a JSON or TOML file."""
    data, source = load_data_file(path, "initiative")
    return Initiative.from_dict(data, source=source)
