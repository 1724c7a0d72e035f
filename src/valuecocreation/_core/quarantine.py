"""The one quarantine record: the rows a reader set aside, and why.

Every reader that can quarantine (interactions from CSV, JSON Lines or frames,
actors, survey answers, survey-tool and platform exports) reports the rows it set
aside in the same shape: a :class:`Rejects` record (``rejects`` on every result),
whose entries, one :class:`RejectedRow` each, give the row's position among the
rows read, the line it starts on, its fields verbatim, the column at fault and the
reason. Nothing is lost: ``accepted + len(rejects) == rows_read``, checked when
the record is made, and :func:`write_rejected` writes the rows back out with their
own header so that they can be fixed and read again.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from valuecocreation._core.files import atomic_write
from valuecocreation._core.serial import ints, reading
from valuecocreation.errors import ValidationError

__all__ = [
    "REJECTED_COLUMNS",
    "Quarantined",
    "RejectedRow",
    "Rejects",
    "rejected_rows",
    "texts",
    "write_rejected",
]

REJECTED_COLUMNS: tuple[str, ...] = ("line", "row", "column", "reason")
"""The columns :func:`write_rejected` puts before each rejected row's own fields."""


def texts(values: Iterable[str]) -> tuple[str, ...]:
    """A tuple of text (the converter of text fields)."""
    return tuple(values)


def rejected_rows(rows: Iterable[RejectedRow]) -> tuple[RejectedRow, ...]:
    """A tuple of rejected rows (the converter of ``rejected`` fields)."""
    return tuple(rows)


@attrs.frozen(kw_only=True)
class RejectedRow:
    """One row a reader set aside, as it was in the file, and why.

    Parameters
    ----------
    line
        The one-based physical line of the file where the row starts (the header
        is line 1); for a row spanning several lines (a quoted line break), its
        first line. ``None`` for rows of a DataFrame.
    row
        The zero-based position of the row among the rows read (blank lines are
        not rows).
    fields
        The row's fields as read, after CSV unquoting, one per column of the file
        (more or fewer when that is what is wrong with it). For JSON Lines, the
        line itself.
    reason
        Why the row was rejected.
    column
        The column of the file at fault, if one is.
    value
        The offending field's text, if one is at fault.

    Examples
    --------
    >>> RejectedRow(line=3, row=1, fields=("ana", "shop", "poke"), reason="unknown kind",
    ...             column="kind", value="poke").line
    3
    """

    line: int | None
    row: int
    fields: tuple[str, ...] = attrs.field(converter=texts)
    reason: str
    column: str | None = None
    value: str | None = None

    def error(self, source: str | None) -> ValidationError:
        """The row's problem as the error that ``errors="raise"`` raises."""
        return ValidationError(
            self.reason,
            row=self.row,
            line=self.line,
            column=self.column,
            value=self.value,
            source=source,
        )


def _texts(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


def _cells(value: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(row) for row in value)


def _lines(value: Iterable[object] | None) -> tuple[int, ...] | None:
    return None if value is None else ints(value)


def _values(value: Iterable[object] | None) -> tuple[str | None, ...] | None:
    return None if value is None else tuple(None if item is None else str(item) for item in value)


@attrs.frozen(kw_only=True)
class Rejects:
    """The rows a reader set aside with ``errors="quarantine"``, and why.

    Nothing is lost: every row read is either accepted or listed here, with its
    cells exactly as read, so ``accepted + len(rejects) == rows_read``.

    Parameters
    ----------
    source
        The file or object the rows came from, if known.
    header
        The names of the columns, in the input's order.
    rows_read
        How many data rows the reader saw (the header and blank lines not counted).
    rows
        Zero-based position of each rejected row among the data rows, ascending.
    lines
        The line of the file each rejected row starts on (1-based, the header is
        line 1), or ``None`` when the input was not a file.
    cells
        Each rejected row's cells as text, exactly as read from a file; from a
        table, the text of each value (missing values as empty text).
    columns
        The column of each row's first problem.
    reasons
        Every problem of each row, in words.
    values
        The offending field's text of each row (``None`` where no one field is at
        fault), or ``None`` when the reader did not record them.

    Examples
    --------
    >>> rejects = Rejects(source="answers.csv", header=("respondent", "q1"), rows_read=3,
    ...                   rows=(1,), lines=(3,), cells=(("r2", "9"),), columns=("q1",),
    ...                   reasons=("column 'q1', value '9': outside the scale 1-5",))
    >>> len(rejects), rejects.accepted
    (1, 2)
    >>> rejects.records()[0]["line"]
    3
    """

    source: str | None = None
    header: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    rows_read: int = attrs.field(default=0)
    rows: tuple[int, ...] = attrs.field(default=(), converter=ints)
    lines: tuple[int, ...] | None = attrs.field(default=None, converter=_lines)
    cells: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_cells)
    columns: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    reasons: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    values: tuple[str | None, ...] | None = attrs.field(default=None, converter=_values)

    def __attrs_post_init__(self) -> None:
        lengths = {len(self.rows), len(self.cells), len(self.columns), len(self.reasons)}
        for optional in (self.lines, self.values):
            if optional is not None:
                lengths.add(len(optional))
        if len(lengths) != 1:
            raise ValidationError(
                "rows, lines, cells, columns, reasons and values must have one entry per "
                "rejected row",
                column="rows",
            )
        if (
            isinstance(self.rows_read, bool)
            or not isinstance(self.rows_read, int)
            or not (len(self.rows) <= self.rows_read)
        ):
            raise ValidationError(
                "rows_read must be a whole number at least the number of rejected rows",
                column="rows_read",
                value=self.rows_read,
            )
        if list(self.rows) != sorted(set(self.rows)) or any(
            not 0 <= row < self.rows_read for row in self.rows
        ):
            raise ValidationError(
                "rejected rows must be distinct positions below rows_read, ascending",
                column="rows",
                value=self.rows,
            )

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[RejectedRow],
        *,
        rows_read: int,
        header: Iterable[str] = (),
        source: str | None = None,
    ) -> Rejects:
        """The record of :class:`RejectedRow` entries, in the order of their rows.

        ``lines`` is ``None`` when no row has a line (rows of a frame).

        >>> from valuecocreation.io import RejectedRow, Rejects
        >>> row = RejectedRow(line=3, row=1, fields=("ben", "rf", "poke"), reason="unknown kind",
        ...                   column="kind", value="poke")
        >>> Rejects.from_rows([row], rows_read=2, header=("source", "target", "kind")).rejected
        (RejectedRow(line=3, row=1, fields=('ben', 'rf', 'poke'), reason='unknown kind', \
column='kind', value='poke'),)
        """
        ordered = sorted(rows, key=lambda rejected: rejected.row)
        lines = [rejected.line for rejected in ordered]
        return cls(
            source=source,
            header=tuple(header),
            rows_read=rows_read,
            rows=[rejected.row for rejected in ordered],
            lines=None if ordered and all(line is None for line in lines) else lines,
            cells=[rejected.fields for rejected in ordered],
            columns=[rejected.column or "" for rejected in ordered],
            reasons=[rejected.reason for rejected in ordered],
            values=[rejected.value for rejected in ordered],
        )

    @property
    def rejected(self) -> tuple[RejectedRow, ...]:
        """The entries as :class:`RejectedRow` objects, in row order."""
        lines = self.lines if self.lines is not None else (None,) * len(self.rows)
        values = self.values if self.values is not None else (None,) * len(self.rows)
        return tuple(
            RejectedRow(
                line=line,
                row=row,
                fields=cells,
                reason=reason,
                column=column or None,
                value=value,
            )
            for row, line, cells, column, reason, value in zip(
                self.rows, lines, self.cells, self.columns, self.reasons, values, strict=True
            )
        )

    def write(self, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Path:
        """Write the rejected rows to a CSV file (see :func:`write_rejected`)."""
        return write_rejected(self.rejected, path, header=self.header, encoding=encoding)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def accepted(self) -> int:
        """The number of rows accepted, ``rows_read - len(self)``."""
        return self.rows_read - len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """One plain dictionary per rejected row: row, line, column, reason and cells."""
        lines = self.lines if self.lines is not None else (None,) * len(self.rows)
        return [
            {
                "row": row,
                "line": line,
                "column": column,
                "reason": reason,
                "cells": dict(zip(self.header, cells, strict=False))
                if len(cells) == len(self.header)
                else list(cells),
            }
            for row, line, cells, column, reason in zip(
                self.rows, lines, self.cells, self.columns, self.reasons, strict=True
            )
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data; :meth:`from_dict` reads it back."""
        return {
            "source": self.source,
            "header": list(self.header),
            "rows_read": self.rows_read,
            "rows": list(self.rows),
            "lines": None if self.lines is None else list(self.lines),
            "cells": [list(row) for row in self.cells],
            "columns": list(self.columns),
            "reasons": list(self.reasons),
            "values": None if self.values is None else list(self.values),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rejects:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When a field is missing, unknown or malformed.
        """
        with reading("rejects record"):
            return cls(**dict(data))

    def __str__(self) -> str:
        where = f" from {self.source}" if self.source else ""
        return f"{self.rows_read} rows read{where}: {self.accepted} accepted, {len(self)} rejected"


class Quarantined:
    """What every result read with ``errors="quarantine"`` offers, from its rejected rows.

    A result class with ``rejected`` (:class:`RejectedRow` entries), ``rows_read``,
    ``header`` and ``source`` attributes gets the counts, the :class:`Rejects`
    record and the writing of the rejected rows from here, so that all readers'
    results answer the same questions the same way.
    """

    __slots__ = ()
    rejected: tuple[RejectedRow, ...]
    rows_read: int
    header: tuple[str, ...]
    source: str | None

    @property
    def accepted(self) -> int:
        """The number of rows accepted, ``rows_read - len(rejected)``."""
        return self.rows_read - len(self.rejected)

    @property
    def clean(self) -> bool:
        """Whether no row was rejected."""
        return not self.rejected

    @property
    def rejects(self) -> Rejects:
        """The rejected rows as the one quarantine record every reader returns."""
        return Rejects.from_rows(
            self.rejected, rows_read=self.rows_read, header=self.header, source=self.source
        )

    def reasons(self) -> dict[str, int]:
        """How many rows were rejected for each reason, most frequent first."""
        counts: dict[str, int] = {}
        for row in self.rejected:
            counts[row.reason] = counts.get(row.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def write_rejected(self, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Path:
        """Write the rejected rows to a CSV file (see :func:`write_rejected`)."""
        return write_rejected(self.rejected, path, header=self.header, encoding=encoding)


def write_rejected(
    rows: Iterable[RejectedRow],
    path: str | os.PathLike[str],
    *,
    header: tuple[str, ...] = (),
    encoding: str = "utf-8",
) -> Path:
    """Write rejected rows to CSV: ``line, row, column, reason``, then the row's fields.

    The first line names the columns: the four above, then the file's own header.
    Each row's fields follow verbatim, so a rejected row can be fixed and pasted
    back into its file. Text that was not valid in the file's encoding is written
    back as the bytes it was.

    Parameters
    ----------
    rows
        :class:`RejectedRow` objects.
    path
        Where to write.
    header
        The file's column names.
    encoding
        The encoding of the file written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> rows = [RejectedRow(line=4, row=2, fields=("ana", "shop", "poke", "2024-01-01"),
    ...                     reason="unknown interaction kind 'poke'", column="kind",
    ...                     value="poke")]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_rejected(rows, pathlib.Path(folder, "rejected.csv"),
    ...                              header=("source", "target", "kind", "timestamp"))
    ...     print(written.read_text(), end="")
    line,row,column,reason,source,target,kind,timestamp
    4,2,kind,unknown interaction kind 'poke',ana,shop,poke,2024-01-01
    """
    target = Path(path)
    with atomic_write(target, encoding=encoding, errors="surrogateescape", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([*REJECTED_COLUMNS, *header])
        for row in rows:
            line = "" if row.line is None else row.line
            writer.writerow([line, row.row, row.column or "", row.reason, *row.fields])
    return target
