"""The pieces of a report: tables, charts and sections, as plain frozen data.

A report is composed once, from the results it is given, into these pieces; the
HTML and Markdown writers only lay them out. Every cell is already text made by
the one formatter (:mod:`valuecocreation.report._format`), so what a reader sees
in a chart label, a table and the JSON of the report is the same string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from valuecocreation._core.serial import reading
from valuecocreation.findings import Finding

__all__ = ["Chart", "Section", "Table"]


def _texts(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


def _rows(value: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(row) for row in value)


@attrs.frozen(kw_only=True)
class Table:
    """A table of formatted cells: a caption, column headings and rows of text."""

    caption: str
    columns: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)

    def column(self, name: str) -> tuple[str, ...]:
        """The cells of the column ``name``, top to bottom."""
        position = self.columns.index(name)
        return tuple(row[position] for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain data; :meth:`from_dict` is the inverse."""
        return {
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [list(row) for row in self.rows],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Table:
        """The inverse of :meth:`to_dict`."""
        with reading("report table"):
            return cls(caption=data["caption"], columns=data["columns"], rows=data["rows"])


@attrs.frozen(kw_only=True)
class Chart:
    """An inline SVG chart with its title, its alt text and the table of its numbers."""

    key: str
    title: str
    alt: str
    svg: str
    table: Table

    def to_dict(self) -> dict[str, Any]:
        """Plain data; :meth:`from_dict` is the inverse."""
        return {
            "key": self.key,
            "title": self.title,
            "alt": self.alt,
            "svg": self.svg,
            "table": self.table.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Chart:
        """The inverse of :meth:`to_dict`."""
        with reading("report chart"):
            return cls(
                key=data["key"],
                title=data["title"],
                alt=data["alt"],
                svg=data["svg"],
                table=Table.from_dict(data["table"]),
            )


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _charts(value: Iterable[Chart]) -> tuple[Chart, ...]:
    return tuple(value)


def _tables(value: Iterable[Table]) -> tuple[Table, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Section:
    """One section of a report: a heading, sentences, findings, charts, tables and Markdown.

    ``markdown`` holds a section that a result renders itself (a diagnosis, a
    plan, a simulation, through their ``to_markdown()``); the HTML writer turns it
    into HTML.
    """

    key: str
    heading: str
    text: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    charts: tuple[Chart, ...] = attrs.field(default=(), converter=_charts)
    tables: tuple[Table, ...] = attrs.field(default=(), converter=_tables)
    markdown: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data; :meth:`from_dict` is the inverse."""
        return {
            "key": self.key,
            "heading": self.heading,
            "text": list(self.text),
            "findings": [finding.to_dict() for finding in self.findings],
            "charts": [chart.to_dict() for chart in self.charts],
            "tables": [table.to_dict() for table in self.tables],
            "markdown": self.markdown,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Section:
        """The inverse of :meth:`to_dict`."""
        with reading("report section"):
            return cls(
                key=data["key"],
                heading=data["heading"],
                text=data["text"],
                findings=[Finding.from_dict(item) for item in data["findings"]],
                charts=[Chart.from_dict(item) for item in data["charts"]],
                tables=[Table.from_dict(item) for item in data["tables"]],
                markdown=data["markdown"],
            )
