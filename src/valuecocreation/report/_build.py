"""Compose the analysis into one :class:`Report`, and write it as HTML or Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.assessment import Assessment, AssessmentSeries
from valuecocreation.errors import ArgumentTypeError
from valuecocreation.funnel import Funnel
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.measurement import ReliabilityReport
from valuecocreation.report import _charts, _given, _render
from valuecocreation.report._flows import funnel_section, graph_section
from valuecocreation.report._parts import Section
from valuecocreation.report._scores import (
    balance_section,
    conditions_section,
    evolution_section,
    headline,
)
from valuecocreation.report._surveys import reliability_section, survey_section
from valuecocreation.survey import SurveyResponses

__all__ = ["REPORT_SCHEMA_VERSION", "Report", "build_report"]

REPORT_SCHEMA_VERSION = 1
"""The version of :meth:`Report.to_dict`'s layout."""


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(value)


def _notes(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(note) for note in value)


@attrs.frozen(kw_only=True, eq=False)
class Report:
    """A composed report: a title, notes and sections, ready to write as HTML or Markdown.

    Build it with :func:`build_report`. The same report always writes the same
    bytes: chart ids derive from section keys, and nothing depends on the clock.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-07"},
    ... ])
    >>> report = build_report(assessment=vcc.assess(log, actors={"shop": "firm"}))
    >>> [section.key for section in report.sections]
    ['headline', 'conditions', 'balance', 'provenance']
    >>> Report.from_json(report.to_json()) == report
    True
    >>> report.html().startswith("<!DOCTYPE html>")
    True
    """

    title: str
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    version: str = ""
    """The valuecocreation version that composed the report (written into its footer)."""

    def section(self, key: str) -> Section:
        """The section ``key`` (``"headline"``, ``"conditions"``, ``"funnel"``...).

        Raises
        ------
        KeyError
            Naming the sections the report has.
        """
        for section in self.sections:
            if section.key == key:
                return section
        have = ", ".join(section.key for section in self.sections)
        raise KeyError(f"the report has no section {key!r}; it has {have}")

    def _context(self, images: str = "") -> dict[str, Any]:
        return {
            "title": self.title,
            "notes": self.notes,
            "sections": self.sections,
            "version": self.version,
            "images": images,
        }

    def html(self) -> str:
        """The report as one self-contained HTML document (inline CSS and SVG, no script)."""
        return _render.render_html(self._context())

    def markdown(self, images: str = "images") -> str:
        """The report as Markdown; chart ``key`` is the image ``{images}/{key}.svg``."""
        return _render.render_markdown(self._context(images))

    def write_html(self, path: str | Path) -> Path:
        """Write :meth:`html` to ``path`` atomically; the path written."""
        target = Path(path)
        _render.write_atomically(target, self.html())
        return target

    def write_markdown(self, path: str | Path) -> Path:
        """Write :meth:`markdown` to ``path`` and its charts to ``{stem}_images/`` beside it."""
        target = Path(path)
        folder = target.with_name(f"{target.stem}_images")
        folder.mkdir(exist_ok=True)
        for section in self.sections:
            for chart in section.charts:
                _render.write_atomically(folder / f"{chart.key}.svg", _charts.standalone(chart.svg))
        _render.write_atomically(target, self.markdown(folder.name))
        return target

    def write(self, path: str | Path) -> Path:
        """Write HTML, or Markdown when ``path`` ends in ``.md``; the path written."""
        target = Path(path)
        return self.write_markdown(target) if target.suffix == ".md" else self.write_html(target)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data; :meth:`from_dict` is the inverse."""
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "title": self.title,
            "notes": list(self.notes),
            "version": self.version,
            "sections": [section.to_dict() for section in self.sections],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """The inverse of :meth:`to_dict`; malformed data is a ValidationError."""
        data = check_version(data, REPORT_SCHEMA_VERSION, "report")
        with reading("report"):
            return cls(
                title=data["title"],
                notes=data["notes"],
                version=data["version"],
                sections=[Section.from_dict(item) for item in data["sections"]],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as strict JSON."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Report:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        keys = ", ".join(section.key for section in self.sections)
        return f"<Report {self.title!r}: {keys}>"


def _check(name: str, value: object, kind: type | tuple[type, ...]) -> None:
    if value is not None and not isinstance(value, kind):
        wanted = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ArgumentTypeError(
            f"{name} must be a {wanted}, not {type(value).__name__}",
            column=name,
            value=type(value).__name__,
        )


def build_report(
    *,
    assessment: Assessment | None = None,
    series: AssessmentSeries | None = None,
    funnel: Funnel | None = None,
    graph: ValueFlowGraph | None = None,
    survey: SurveyResponses | None = None,
    reliability: ReliabilityReport | None = None,
    diagnosis: _given.DiagnosisLike | None = None,
    plan: _given.Renderable | None = None,
    simulations: Mapping[str, _given.Renderable] | Sequence[_given.Renderable] | None = None,
    title: str = "Value co-creation report",
    notes: Sequence[str] = (),
    description: str | None = None,
    inputs: Sequence[_given.InputFile] = (),
    parameters: Mapping[str, object] | None = None,
    advocates: int = 10,
) -> Report:
    """Compose a report from whichever results are given; each one adds its section.

    Parameters
    ----------
    assessment
        Adds the headline, drivers and conditions, and the value balance.
    series
        An :func:`~valuecocreation.assess_over` result: the value evolution.
    funnel
        The co-creation funnel.
    graph
        The value-flow graph: reach, reciprocity, connectivity, top ``advocates``.
    survey
        Survey answers: condition means and, when respondents have a ``group`` of
        ``before`` and ``after``, their comparison.
    reliability
        A :func:`~valuecocreation.measurement.reliability_report` result.
    diagnosis, plan
        Results with ``to_dict()`` and ``to_markdown()`` (:class:`Renderable`); a
        diagnosis also has ``findings`` (:class:`DiagnosisLike`).
    simulations
        Renderable results, by name or in order.
    title, notes
        The title, and sentences shown under it.
    description
        What the data are (a data set's own description, which says whether
        it is synthetic).
    inputs, parameters
        The input files with their row counts and rejects, and the settings of
        the analysis, for the provenance section.
    advocates
        How many top advocates the graph section lists.

    Returns
    -------
    Report
        Its sections in reading order; provenance is always last.

    Raises
    ------
    ArgumentTypeError
        If an input is not the result it should be.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> data = vcc.datasets.load_recordfarm()
    >>> report = build_report(funnel=vcc.funnel.funnel(data.log, actors=data.actors),
    ...                       description=data.description)
    >>> [section.key for section in report.sections]
    ['funnel', 'provenance']
    >>> "SYNTHETIC" in report.section("provenance").text[0]
    True
    """
    for name, value, kind in (
        ("assessment", assessment, Assessment),
        ("series", series, AssessmentSeries),
        ("funnel", funnel, Funnel),
        ("graph", graph, ValueFlowGraph),
        ("survey", survey, SurveyResponses),
        ("reliability", reliability, ReliabilityReport),
    ):
        _check(name, value, kind)
    _check("title", title, str)
    sections: list[Section] = []
    if assessment is not None:
        sections += [headline(assessment), conditions_section(assessment)]
    if diagnosis is not None:
        sections.append(_given.given_section("diagnosis", "Diagnosis", diagnosis))
    if series is not None:
        sections.append(evolution_section(series))
    if funnel is not None:
        sections.append(funnel_section(funnel))
    if graph is not None:
        sections.append(graph_section(graph, top=advocates))
    if assessment is not None:
        sections.append(balance_section(assessment))
    if survey is not None:
        sections.append(survey_section(survey))
    if reliability is not None:
        sections.append(reliability_section(reliability))
    if plan is not None:
        sections.append(_given.given_section("plan", "Plan", plan))
    if simulations is not None:
        sections.append(_given.simulations_section(simulations))
    sections.append(
        _given.provenance_section(
            description=description,
            inputs=inputs,
            parameters=parameters or {},
            assessment=assessment,
        )
    )
    versions = _given.library_versions()
    return Report(title=title, notes=notes, sections=sections, version=versions["valuecocreation"])
