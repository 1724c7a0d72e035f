"""Findings: what a result can and cannot carry, said in the same place as the number.

A :class:`Finding` is one machine-readable observation about the evidence behind a
result: a stable ``code`` that programs branch on, a :class:`Severity`, one plain
sentence for people, the numbers the sentence rests on, what it is about (a
condition, a driver, a stage, a column) and the section of the framework it rests on.

Results (assessments, scores, funnels, graph metrics, reliability reports,
diagnoses, plans) carry a tuple of findings; :func:`worst` and :func:`by_code`
help a caller act on them without parsing sentences.

Examples
--------
>>> from valuecocreation.findings import Finding, Severity
>>> finding = Finding(
...     code="population_small",
...     severity=Severity.WARNING,
...     message="reward rests on 4 actors, fewer than the 10 a share needs",
...     subject="reward",
...     numbers={"n": 4, "minimum": 10},
... )
>>> finding.line()
'warning [population_small] reward: reward rests on 4 actors, fewer than the 10 a share needs'
>>> Finding.from_dict(finding.to_dict()) == finding
True
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from valuecocreation._core.serial import reading
from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = ["Finding", "Severity", "by_code", "worst"]

# A value behind a finding: a count, a measure, a name; None when undefined.
Number = int | float | str | None


class Severity(enum.StrEnum):
    """How much a finding limits the result it is attached to, least first.

    ``info``
        Context worth knowing; the number stands as it is.
    ``warning``
        The number holds only with the stated caveat (a small population, an
        approximate interval, a provisional index).
    ``severe``
        The number cannot carry what a reader would take from it (no firm for a
        firm-side quantity, an indicator true by construction); it is nan or
        should not be used for a decision.
    """

    INFO = "info"
    WARNING = "warning"
    SEVERE = "severe"

    @property
    def rank(self) -> int:
        """0, 1 or 2, for ordering findings from the least to the most serious."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.SEVERE: 2}


def _to_severity(value: Severity | str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        names = ", ".join(member.value for member in Severity)
        raise ValidationError(
            f"unknown severity {value!r}; use one of {names}", column="severity", value=value
        ) from None


def _check_text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"a finding's {attribute.name} must be a string, not {type(value).__name__}",
            column=attribute.name,
            value=value,
        )
    if not value.strip():
        raise ValidationError(
            f"a finding's {attribute.name} must not be empty", column=attribute.name, value=value
        )


def _check_optional_text(
    instance: object, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None:
        _check_text(instance, attribute, value)  # type: ignore[arg-type]


def _number(name: str, value: object) -> Number:
    # bool is an int to Python, but a flag is not a number a reader should see as 1.
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentTypeError(
            f"finding number {name!r} must be an int, float, string or None, "
            f"not {type(value).__name__}",
            column="numbers",
            value=value,
        )
    if isinstance(value, float) and math.isinf(value):
        raise ValidationError(
            f"finding number {name!r} must be finite", column="numbers", value=value
        )
    return value


def _to_numbers(value: Mapping[str, object] | None) -> Mapping[str, Number]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            f"a finding's numbers must be a mapping, not {type(value).__name__}",
            column="numbers",
            value=value,
        )
    numbers = {}
    for name in sorted(value):
        if not isinstance(name, str):
            raise ArgumentTypeError(
                "finding number names must be strings", column="numbers", value=name
            )
        numbers[name] = _number(name, value[name])
    return MappingProxyType(numbers)


def _plain(value: Number) -> Number:
    # nan has no JSON literal; None stands for it, as in every other result.
    return None if isinstance(value, float) and math.isnan(value) else value


@attrs.frozen(kw_only=True, eq=False)
class Finding:
    """One observation about how much a result can carry.

    Parameters
    ----------
    code
        A stable identifier in snake case (``"firm_not_declared"``); programs test it.
    severity
        A :class:`Severity` or its value.
    message
        One plain sentence for a person, with the numbers in it.
    subject
        What the finding is about: a condition or driver key, a funnel stage, a
        column, an actor; ``None`` for the result as a whole.
    numbers
        The numbers the sentence rests on, by name (``{"n": 4, "minimum": 10}``);
        nan is kept as nan and written to JSON as ``null``.
    section
        The framework section or source the finding rests on, for example
        ``"Kim & Choi (2019), Table 1"``.
    """

    code: str = attrs.field(validator=_check_text)
    severity: Severity = attrs.field(converter=_to_severity)
    message: str = attrs.field(validator=_check_text)
    subject: str | None = attrs.field(default=None, validator=_check_optional_text)
    numbers: Mapping[str, Number] = attrs.field(default=None, converter=_to_numbers)
    section: str | None = attrs.field(default=None, validator=_check_optional_text)

    def line(self) -> str:
        """The finding as one line of text: severity, code, subject and sentence."""
        about = f" {self.subject}:" if self.subject else ""
        return f"{self.severity.value} [{self.code}]{about} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data; :meth:`from_dict` is the inverse."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "subject": self.subject,
            "numbers": {name: _plain(value) for name, value in self.numbers.items()},
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The inverse of :meth:`to_dict`; malformed data is a ValidationError."""
        with reading("finding"):
            numbers = data.get("numbers") or {}
            return cls(
                code=data["code"],
                severity=data["severity"],
                message=data["message"],
                subject=data.get("subject"),
                numbers={
                    name: math.nan if value is None else value for name, value in numbers.items()
                },
                section=data.get("section"),
            )

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # The read-only view of ``numbers`` does not pickle; the plain data does.
        return (_from_plain, (self.to_dict(),))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.code, self.severity, self.message, self.subject, self.section))


def _from_plain(data: dict[str, Any]) -> Finding:
    return Finding.from_dict(data)


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among ``findings``, or ``None`` if there are none.

    >>> worst([]) is None
    True
    """
    ranked = max(findings, key=lambda finding: finding.severity.rank, default=None)
    return None if ranked is None else ranked.severity


def by_code(findings: Iterable[Finding], code: str) -> tuple[Finding, ...]:
    """The findings with ``code``, in their order."""
    return tuple(finding for finding in findings if finding.code == code)
