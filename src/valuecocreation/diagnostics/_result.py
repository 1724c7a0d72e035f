"""What :func:`~valuecocreation.diagnostics.diagnose` returns: :class:`Diagnosis`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.assessment import Assessment
from valuecocreation.findings import Finding, Severity

__all__ = ["DIAGNOSIS_SCHEMA_VERSION", "Diagnosis", "RankedCondition"]

DIAGNOSIS_SCHEMA_VERSION: Final = 1


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else value


def _float(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _interval(value: Iterable[float] | None) -> tuple[float, float] | None:
    if value is None:
        return None
    low, high = value
    return (float(low), float(high))


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class RankedCondition:
    """One condition in the diagnosis's ranking, weakest first.

    ``rank`` is the position (1 is the weakest) among the conditions with
    enough evidence to be ranked; ``tied_with`` the neighbours whose intervals
    overlap this one's, so that the order between them is not established.
    """

    condition: str
    driver: str
    rank: int
    value: float = attrs.field(converter=float)
    interval: tuple[float, float] | None = attrs.field(default=None, converter=_interval)
    n: int = 0
    tied_with: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "condition": self.condition,
            "driver": self.driver,
            "rank": self.rank,
            "value": _json_float(self.value),
            "interval": None if self.interval is None else list(self.interval),
            "n": self.n,
            "tied_with": list(self.tied_with),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RankedCondition:
        """The inverse of :meth:`to_dict`."""
        with reading("ranked condition"):
            return cls(
                condition=data["condition"],
                driver=data["driver"],
                rank=data["rank"],
                value=_float(data["value"]),
                interval=data["interval"],
                n=data["n"],
                tied_with=data["tied_with"],
            )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _ranked(value: Iterable[RankedCondition]) -> tuple[RankedCondition, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class Diagnosis:
    """Ranked findings about an assessment: what is weakest, what is missing, what moved.

    Build it with :func:`~valuecocreation.diagnostics.diagnose`. ``findings`` are
    ordered by severity (severe first), then by the order of the checks: evidence
    quality, weakest conditions, missing evidence, value balance, funnel,
    trends. ``ranking`` holds the conditions with enough evidence, weakest first.
    """

    framework: str
    framework_version: str
    window: str
    segment: str
    minimum_n: int
    ranking: tuple[RankedCondition, ...] = attrs.field(converter=_ranked)
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)
    assessment: Assessment | None = None
    """The assessment diagnosed (what :func:`~valuecocreation.playbook.recommend` sizes gaps by)."""

    @property
    def weakest(self) -> tuple[str, ...]:
        """The weakest condition and those tied with it (overlapping intervals)."""
        if not self.ranking:
            return ()
        first = self.ranking[0]
        return (first.condition, *first.tied_with)

    def by_code(self, code: str) -> tuple[Finding, ...]:
        """The findings with ``code``, in their order."""
        return tuple(finding for finding in self.findings if finding.code == code)

    # ------------------------------------------------------------------ serialising
    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``."""
        return {
            "schema_version": DIAGNOSIS_SCHEMA_VERSION,
            "framework": {"name": self.framework, "version": self.framework_version},
            "window": self.window,
            "segment": self.segment,
            "minimum_n": self.minimum_n,
            "ranking": [item.to_dict() for item in self.ranking],
            "findings": [finding.to_dict() for finding in self.findings],
            "assessment": None if self.assessment is None else self.assessment.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Diagnosis:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When ``schema_version`` is not one this version reads, or a field is
            missing or malformed.
        """
        data = check_version(data, DIAGNOSIS_SCHEMA_VERSION, "diagnosis")
        with reading("diagnosis"):
            return cls(
                framework=data["framework"]["name"],
                framework_version=data["framework"]["version"],
                window=data["window"],
                segment=data["segment"],
                minimum_n=data["minimum_n"],
                ranking=[RankedCondition.from_dict(item) for item in data["ranking"]],
                findings=[Finding.from_dict(item) for item in data["findings"]],
                assessment=(
                    None
                    if data.get("assessment") is None
                    else Assessment.from_dict(data["assessment"])
                ),
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The diagnosis as strict JSON."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Diagnosis:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ reading
    def _where(self) -> str:
        where = "" if self.window == "all" else f", window {self.window}"
        return where + (f", segment {self.segment}" if self.segment else "")

    def summary(self) -> str:
        """A plain-text report: the ranking as a table, then the findings, most serious first."""
        lines = [f"Diagnosis of {self.framework} {self.framework_version}{self._where()}"]
        lines.append("")
        lines.append(
            f"ranking (weakest first; conditions with n >= {self.minimum_n} and an interval)"
        )
        lines.append(f"{'rank':>4}  {'condition':<20}{'score':>7}  {'interval':<13}{'n':>8}  tied")
        lines.extend(
            f"{item.rank:>4}  {item.condition:<20}{_fmt(item.value):>7}  "
            f"{_fmt_interval(item.interval):<13}{item.n:>8}  {', '.join(item.tied_with)}"
            for item in self.ranking
        )
        if not self.ranking:
            lines.append("  (no condition has enough evidence to be ranked)")
        lines.append("")
        lines.append("findings (most serious first):")
        lines.extend(f"  {finding.line()}" for finding in self.findings)
        if not self.findings:
            lines.append("  (none)")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The same report as Markdown: a ranking table and a list of findings."""
        lines = [f"## Diagnosis of {self.framework} {self.framework_version}{self._where()}", ""]
        lines.append("| rank | condition | score | interval | n | tied with |")
        lines.append("|---:|---|---:|---|---:|---|")
        lines.extend(
            f"| {item.rank} | {item.condition} | {_fmt(item.value)} | "
            f"{_fmt_interval(item.interval)} | {item.n} | {', '.join(item.tied_with)} |"
            for item in self.ranking
        )
        lines.append("")
        for finding in self.findings:
            cite = f" ({finding.section})" if finding.section else ""
            about = f" {finding.subject}:" if finding.subject else ""
            lines.append(
                f"- **{finding.severity.value}** `{finding.code}`{about} {finding.message}{cite}"
            )
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        severe = sum(f.severity is Severity.SEVERE for f in self.findings)
        return (
            f"<Diagnosis {self.framework} {self.framework_version}{self._where()}: "
            f"{len(self.findings)} finding(s), {severe} severe; weakest "
            f"{', '.join(self.weakest) or 'none'}>"
        )


def _fmt(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.2f}"


def _fmt_interval(interval: tuple[float, float] | None) -> str:
    return "" if interval is None else f"{interval[0]:.2f}-{interval[1]:.2f}"
