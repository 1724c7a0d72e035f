"""The history of one score across the runs of a store: a small, serialisable table."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from valuecocreation._core.frames import FrameBackend, frame_from_columns
from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.errors import ValidationError
from valuecocreation.findings import Finding, Severity

__all__ = ["HISTORY_SCHEMA_VERSION", "ScoreHistory"]

HISTORY_SCHEMA_VERSION = 1

#: The table's columns, in order; ``value`` is nan where the run had no evidence.
COLUMNS = (
    "label",
    "saved_at",
    "kind",
    "window",
    "segment",
    "value",
    "n",
    "framework_version",
    "mapping",
    "fingerprint",
)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _optional_texts(value: Iterable[str | None]) -> tuple[str | None, ...]:
    return tuple(None if v is None else str(v) for v in value)


def _floats(value: Iterable[float | None]) -> tuple[float, ...]:
    return tuple(math.nan if v is None else float(v) for v in value)


def _counts(value: Iterable[int | None]) -> tuple[int | None, ...]:
    return tuple(None if v is None else int(v) for v in value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class ScoreHistory:
    """One score of every saved run that has it, in the order the runs were saved.

    Build it with :meth:`Store.history <valuecocreation.store.Store.history>`. Each
    row is one run, window and segment: the run's label, when it was saved, what
    kind of result it was, the value (nan where that run had no evidence) and its
    n, and the framework version, map and input fingerprint behind it.
    :attr:`findings` say when rows rest on different framework versions or maps,
    which makes them less comparable.
    """

    framework: str
    level: str
    """``"condition"``, ``"driver"`` or ``"index"``."""
    score: str
    label: tuple[str, ...] = attrs.field(converter=_texts)
    saved_at: tuple[str, ...] = attrs.field(converter=_texts)
    kind: tuple[str, ...] = attrs.field(converter=_texts)
    window: tuple[str, ...] = attrs.field(converter=_texts)
    segment: tuple[str, ...] = attrs.field(converter=_texts)
    value: tuple[float, ...] = attrs.field(converter=_floats)
    n: tuple[int | None, ...] = attrs.field(converter=_counts)
    framework_version: tuple[str, ...] = attrs.field(converter=_texts)
    mapping: tuple[str, ...] = attrs.field(converter=_texts)
    fingerprint: tuple[str | None, ...] = attrs.field(converter=_optional_texts)
    findings: tuple[Finding, ...] = attrs.field(factory=tuple, converter=_findings)

    def __attrs_post_init__(self) -> None:
        lengths = {len(getattr(self, name)) for name in COLUMNS}
        if len(lengths) > 1:
            raise ValidationError("every column of a score history needs one entry per row")

    def __len__(self) -> int:
        return len(self.label)

    def rows(self) -> list[dict[str, Any]]:
        """One dictionary per row, keyed by column."""
        columns = [getattr(self, name) for name in COLUMNS]
        return [dict(zip(COLUMNS, row, strict=True)) for row in zip(*columns, strict=True)]

    def to_frame(self, backend: FrameBackend = "pandas") -> Any:  # noqa: ANN401 - the backend's frame
        """The table as a ``backend`` frame (``"pandas"``, ``"polars"`` or ``"pyarrow"``)."""
        data = {name: np.asarray(getattr(self, name), dtype=object) for name in COLUMNS}
        data["value"] = np.asarray(self.value, dtype=np.float64)
        return frame_from_columns(data, backend)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version`` (nan becomes ``None``)."""
        columns: dict[str, Any] = {name: list(getattr(self, name)) for name in COLUMNS}
        columns["value"] = [None if math.isnan(v) else v for v in self.value]
        return {
            "schema_version": HISTORY_SCHEMA_VERSION,
            "framework": self.framework,
            "level": self.level,
            "score": self.score,
            "columns": columns,
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreHistory:
        """The inverse of :meth:`to_dict`."""
        data = check_version(data, HISTORY_SCHEMA_VERSION, "score history")
        with reading("score history"):
            return cls(
                framework=data["framework"],
                level=data["level"],
                score=data["score"],
                findings=[Finding.from_dict(f) for f in data["findings"]],
                **{name: data["columns"][name] for name in COLUMNS},
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The history as JSON text (strict JSON: no NaN literals)."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> ScoreHistory:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    def summary(self) -> str:
        """A plain-text table: label, window, segment, value, n."""
        head = f"{self.level} {self.score} ({self.framework}), {len(self)} rows"
        lines = [head, f"{'label':<20} {'window':<12} {'segment':<12} {'value':>7} {'n':>9}"]
        for row in self.rows():
            value = "nan" if math.isnan(row["value"]) else f"{row['value']:.3f}"
            n = "" if row["n"] is None else str(row["n"])
            lines.append(
                f"{row['label']:<20} {row['window']:<12} {row['segment']:<12} {value:>7} {n:>9}"
            )
        lines.extend(finding.line() for finding in self.findings)
        return "\n".join(lines)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def comparability(
    score: str, versions: Iterable[str], mappings: Iterable[str]
) -> tuple[Finding, ...]:
    """Findings for a history whose rows rest on several framework versions or maps."""
    found = []
    for what, values in (("framework_version", versions), ("mapping", mappings)):
        distinct = sorted(set(values))
        if len(distinct) > 1:
            found.append(
                Finding(
                    code=f"history_{what}_changed",
                    severity=Severity.WARNING,
                    message=(
                        f"the runs of {score} rest on {len(distinct)} different "
                        f"{what.replace('_', ' ')}s ({', '.join(distinct)}); a change between "
                        "them may come from the definition, not the data"
                    ),
                    subject=score,
                    numbers={"distinct": len(distinct)},
                )
            )
    return tuple(found)
