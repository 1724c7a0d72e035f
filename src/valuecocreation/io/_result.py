"""What a reader returns when it quarantines bad rows: :class:`ReadResult`.

Nothing is lost: every row read is either in the log or among the rejected rows,
kept verbatim with its line and the reason, and ``accepted + rejected == rows
read`` is checked when the result is made.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from valuecocreation._core.files import atomic_write
from valuecocreation.errors import ValidationError
from valuecocreation.log import InteractionLog

__all__ = ["ReadResult", "RejectedRow", "write_rejected"]

REJECTED_COLUMNS: tuple[str, ...] = ("line", "row", "column", "reason")


def texts(values: Iterable[str]) -> tuple[str, ...]:
    """A tuple of text (the converter of text fields)."""
    return tuple(values)


def rejected_rows(rows: Iterable[RejectedRow]) -> tuple[RejectedRow, ...]:
    """A tuple of rejected rows (the converter of ``rejected`` fields)."""
    return tuple(rows)


"""The columns :func:`write_rejected` puts before each rejected row's own fields."""


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


def _check_accounting(instance: ReadResult, attribute: attrs.Attribute[int], value: int) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (len(instance.rejected) <= value)
    ):
        raise ValidationError(
            f"{len(instance.rejected)} rejected rows cannot be among {value!r} rows read",
            column="rows_read",
            value=value,
        )


@attrs.frozen(kw_only=True, eq=False)
class ReadResult:
    """A log read with ``errors="quarantine"``: the good rows, and the rejected ones.

    Nothing is lost: every row read is accepted or rejected, and rejected rows are
    kept verbatim with their line and reason.

    Parameters
    ----------
    log
        The interactions of the accepted rows: one per row for the interaction
        readers (so ``len(log) == accepted``); an adapter may make several of one
        row, or none.
    rejected
        The rejected rows, in file order.
    rows_read
        The rows read: every record of the file but the header and blank lines.
        ``accepted + len(rejected) == rows_read``.
    header
        The file's column names, for writing the rejected rows back out.
    source
        The file the rows came from.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> result = ReadResult(log=vcc.InteractionLog(), rejected=(), rows_read=0,
    ...                     header=("source", "target", "kind", "timestamp"))
    >>> result.accepted, result.clean
    (0, True)
    """

    log: InteractionLog
    rejected: tuple[RejectedRow, ...] = attrs.field(converter=rejected_rows)
    rows_read: int = attrs.field(validator=_check_accounting)
    header: tuple[str, ...] = attrs.field(converter=texts, default=())
    source: str | None = None

    @property
    def accepted(self) -> int:
        """The number of rows accepted, ``rows_read - len(rejected)``."""
        return self.rows_read - len(self.rejected)

    @property
    def clean(self) -> bool:
        """Whether no row was rejected."""
        return not self.rejected

    def reasons(self) -> dict[str, int]:
        """How many rows were rejected for each reason, most frequent first."""
        counts: dict[str, int] = {}
        for row in self.rejected:
            counts[row.reason] = counts.get(row.reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def write_rejected(self, path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Path:
        """Write the rejected rows to a CSV file (see :func:`write_rejected`)."""
        return write_rejected(self.rejected, path, header=self.header, encoding=encoding)

    def __repr__(self) -> str:
        return (
            f"<ReadResult: {self.rows_read:,} rows read, {self.accepted:,} accepted, "
            f"{len(self.rejected):,} rejected>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadResult):
            return NotImplemented
        return (
            self.log == other.log
            and self.rejected == other.rejected
            and self.rows_read == other.rows_read
            and self.header == other.header
            and self.source == other.source
        )

    __hash__ = None  # type: ignore[assignment]


def write_rejected(
    rows: Any,  # noqa: ANN401
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
