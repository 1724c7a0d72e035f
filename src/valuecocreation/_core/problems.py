"""Collect every problem of a columnar input, then report the first one.

Validation of a column is vectorised: it yields the positions of all bad rows at
once. Gathering them before raising lets the error name the *first* bad row of
the input (whichever column it is in) and say how many more there are; the same
records let readers quarantine bad rows instead of raising, keeping what they set
aside in a :class:`Rejects` record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import ints, reading
from valuecocreation.errors import ValidationError

__all__ = ["ColumnProblem", "Rejects", "raise_first"]


@attrs.frozen
class ColumnProblem:
    """Rows of one column that break one rule.

    Parameters
    ----------
    column
        The column's name.
    reason
        Why these rows are rejected.
    rows
        Sorted zero-based positions of the offending rows (never empty).
    """

    column: str
    reason: str
    rows: npt.NDArray[np.intp] = attrs.field(eq=False)

    @classmethod
    def where(cls, mask: npt.NDArray[np.bool_], column: str, reason: str) -> ColumnProblem | None:
        """A problem for the rows where ``mask`` is true, or ``None`` if there are none."""
        rows = np.flatnonzero(mask)
        return cls(column, reason, rows) if len(rows) else None


def raise_first(
    problems: Sequence[ColumnProblem | None],
    value_at: Callable[[str, int], Any],
    *,
    source: str | None = None,
) -> None:
    """Raise :class:`ValidationError` for the earliest bad row, if there is one.

    Parameters
    ----------
    problems
        What validation found; ``None`` entries (nothing found) are skipped.
    value_at
        Returns the offending input value for a column and row, for the message.
    source
        Where the input came from, for the message.
    """
    found = [p for p in problems if p is not None and len(p.rows)]
    if not found:
        return
    first = min(found, key=lambda p: int(p.rows[0]))
    row = int(first.rows[0])
    total = sum(len(p.rows) for p in found)
    raise ValidationError(
        first.reason,
        row=row,
        column=first.column,
        value=value_at(first.column, row),
        source=source,
        more=total - 1,
    )


def _texts(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


def _cells(value: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(row) for row in value)


def _lines(value: Iterable[object] | None) -> tuple[int, ...] | None:
    return None if value is None else ints(value)


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

    def __attrs_post_init__(self) -> None:
        lengths = {len(self.rows), len(self.cells), len(self.columns), len(self.reasons)}
        if self.lines is not None:
            lengths.add(len(self.lines))
        if len(lengths) != 1:
            raise ValidationError(
                "rows, lines, cells, columns and reasons must have one entry per rejected row",
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
