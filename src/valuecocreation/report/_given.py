"""Sections a result renders itself, and the data-and-provenance section.

A diagnosis, a plan or a simulation enters the report through a small protocol,
:class:`Renderable` (``to_dict()`` and ``to_markdown()``), so any such result, from
this package or a plugin, appears in the report without the report knowing its
class. A diagnosis (or a plan) that also carries ``findings`` is a
:class:`DiagnosisLike`; its findings are listed in its section.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Protocol, runtime_checkable

import attrs

from valuecocreation.assessment import Assessment
from valuecocreation.errors import ArgumentTypeError
from valuecocreation.findings import Finding
from valuecocreation.report._format import MISSING, count, number
from valuecocreation.report._parts import Section, Table

__all__ = ["DiagnosisLike", "InputFile", "Renderable", "given_section", "provenance_section"]

# The libraries whose versions a reader needs to reproduce the numbers.
_LIBRARIES = ("valuecocreation", "numpy", "networkx", "attrs", "narwhals", "jinja2", "scipy")


@runtime_checkable
class Renderable(Protocol):
    """Protocol: a result that can stand as a report section.

    ``to_dict()`` gives its plain data, ``to_markdown()`` its own Markdown (headings,
    lists, tables), which the report places under a heading of its own.
    """

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        ...

    def to_markdown(self) -> str:
        """The result as Markdown."""
        ...


@runtime_checkable
class DiagnosisLike(Renderable, Protocol):
    """Protocol: a :class:`Renderable` that also carries ``findings``, such as a diagnosis."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the diagnosis found, most serious first."""
        ...


@runtime_checkable
class _CarriesFindings(Protocol):
    findings: tuple[Finding, ...]


def _demoted(markdown: str, top: int = 3) -> str:
    # The result's own headings sit under the report's section heading: its highest
    # becomes level ``top`` and the others keep their distance from it.
    fenced, levels = False, []
    lines = markdown.splitlines()
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            levels.append(len(line) - len(line.lstrip("#")))
    shift = top - min(levels) if levels else 0
    out, fenced = [], False
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        heading = not fenced and line.startswith("#")
        if heading and shift > 0:
            line = "#" * shift + line  # noqa: PLW2901 - the line as it is written
        elif heading and shift < 0:
            line = line[-shift:]  # noqa: PLW2901 - the line as it is written
        out.append(line)
    return "\n".join(out).strip() + "\n"


@runtime_checkable
class _Plain(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


_LONGEST_LIST = 5  # a longer list (one value per run, per actor) is summarised by its length


def _cell(value: object) -> str:
    if isinstance(value, float):
        return number(value, 4)
    if isinstance(value, list | tuple):
        if len(value) > _LONGEST_LIST or any(isinstance(v, dict | list) for v in value):
            return f"{count(len(value))} values"
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return f"{count(len(value))} entries"
    return MISSING if value is None else str(value)


def _data_markdown(data: dict[str, Any]) -> str:
    # A result that only has to_dict() (a simulation) shows its plain data as a table.
    rows = [
        f"| {name} | {_cell(value).replace('|', chr(92) + '|')} |"
        for name, value in data.items()
        if name != "schema_version"
    ]
    return "\n".join(["| field | value |", "| --- | --- |", *rows]) + "\n"


def given_section(key: str, heading: str, result: object) -> Section:
    """A section from a :class:`Renderable` (and its findings, when it carries them).

    A result with ``to_dict()`` only is shown as the table of its plain data.
    """
    if isinstance(result, Renderable):
        markdown = _demoted(result.to_markdown())
    elif isinstance(result, _Plain):
        markdown = _data_markdown(result.to_dict())
    else:
        raise ArgumentTypeError(
            f"{key} must have to_dict() (and, to render itself, to_markdown()), "
            f"not {type(result).__name__}",
            column=key,
            value=type(result).__name__,
        )
    # The findings of a result that carries them (a diagnosis, a plan), except those
    # its own Markdown already states.
    findings = (
        tuple(f for f in result.findings if f"`{f.code}`" not in markdown)
        if isinstance(result, _CarriesFindings)
        else ()
    )
    return Section(key=key, heading=heading, findings=findings, markdown=markdown)


def simulations_section(simulations: Mapping[str, object] | Sequence[object]) -> Section:
    """One subsection per simulation result, in the order given (or by name)."""
    named: Iterable[tuple[str, object]] = (
        simulations.items()
        if isinstance(simulations, Mapping)
        else ((f"Simulation {i + 1}", s) for i, s in enumerate(simulations))
    )
    parts = []
    for name, result in named:
        part = given_section("simulations", name, result)
        parts.append(f"### {name}\n\n{_demoted(part.markdown, 4)}")
    return Section(
        key="simulations",
        heading="Simulations",
        text=["Projections under the stated model and parameters, not forecasts."],
        markdown="\n".join(parts),
    )


def _rows(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


@attrs.frozen(kw_only=True)
class InputFile:
    """One input of the analysis: its name, rows read and accepted, the first reject reasons.

    Examples
    --------
    >>> InputFile(name="events.csv", rows_read=10, rows_accepted=9,
    ...           first_reasons=["line 4, column timestamp: not a date"]).rejected
    1
    """

    name: str
    rows_read: int
    rows_accepted: int
    first_reasons: tuple[str, ...] = attrs.field(default=(), converter=_rows)

    @property
    def rejected(self) -> int:
        """The number of rows quarantined (read but not accepted)."""
        return self.rows_read - self.rows_accepted

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "name": self.name,
            "rows_read": self.rows_read,
            "rows_accepted": self.rows_accepted,
            "first_reasons": list(self.first_reasons),
        }


def library_versions() -> dict[str, str]:
    """The versions of Python and of the libraries behind the numbers (``-`` if absent)."""
    found = {"python": f"{platform.python_implementation()} {sys.version.split()[0]}"}
    for name in _LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def provenance_section(
    *,
    description: str | None,
    inputs: Sequence[InputFile],
    parameters: Mapping[str, object],
    assessment: Assessment | None,
) -> Section:
    """Data and provenance: the data's own description, inputs, parameters, versions."""
    text = [description] if description else []
    tables = []
    if inputs:
        tables.append(
            Table(
                caption="Inputs",
                columns=("file", "rows read", "accepted", "quarantined", "first reasons"),
                rows=[
                    (
                        f.name,
                        count(f.rows_read),
                        count(f.rows_accepted),
                        count(f.rejected),
                        "; ".join(f.first_reasons) or "-",
                    )
                    for f in inputs
                ],
            )
        )
    settings = dict(parameters)
    if assessment is not None:
        settings.setdefault("framework", f"{assessment.framework} {assessment.framework_version}")
        settings.setdefault("condition map", assessment.mapping)
        settings.setdefault("aggregate", assessment.aggregate)
    if settings:
        tables.append(
            Table(
                caption="Parameters",
                columns=("parameter", "value"),
                rows=[(name, str(value)) for name, value in settings.items()],
            )
        )
    tables.append(
        Table(
            caption="Library versions",
            columns=("library", "version"),
            rows=list(library_versions().items()),
        )
    )
    return Section(key="provenance", heading="Data and provenance", text=text, tables=tables)
