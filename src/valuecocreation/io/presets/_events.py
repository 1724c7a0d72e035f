"""What the export presets share: the rows of a file in, interactions and rejected rows out.

A preset reads the file's rows (:func:`read_rows`, through the CSV readers' own
:class:`~valuecocreation.io._csv.Reading`, so encodings, delimiters, headers and
structural problems follow their rules), decides which interactions each row
gives (:class:`Events`), and :meth:`Events.finish` validates them by the readers'
field rules. A row is accepted or rejected whole: when one of its interactions
is bad, or the preset rejects it (an orphan reply, a count that is not a count),
none of its interactions is kept, and the row is kept verbatim with its line and
reason, so ``accepted + rejected == rows read``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.io._csv import Reading
from valuecocreation.io._result import ReadResult, RejectedRow
from valuecocreation.io._text import StrColumn
from valuecocreation.io._validate import Chunk, validate
from valuecocreation.log import InteractionLog

__all__ = ["EVENT_FIELDS", "Events", "Rows", "header_of", "read_rows"]

EVENT_FIELDS: Final = ("source", "target", "kind", "timestamp", "channel", "weight")
_LAYOUT: Final = {field: position for position, field in enumerate(EVENT_FIELDS)}


@attrs.frozen(kw_only=True, eq=False)
class Rows:
    """Every sound row of a file, as text by column, with its position and line."""

    reading: Reading
    texts: list[list[str]]
    rows: npt.NDArray[np.int64]
    lines: npt.NDArray[np.int64]
    bad: list[RejectedRow]
    rows_read: int

    @property
    def header(self) -> tuple[str, ...]:
        """The file's column names."""
        return self.reading.file.header

    @property
    def layout(self) -> Mapping[str, int]:
        """The column of each field the file gives."""
        return self.reading.file.layout

    def column(self, field: str) -> list[str] | None:
        """The text of a field's column, or ``None`` when the file has none."""
        position = self.layout.get(field)
        return None if position is None else self.texts[position]

    def required(self, field: str) -> list[str]:
        """The text of a required field's column (the reading checked it is there)."""
        return self.texts[self.layout[field]]

    def name_of(self, field: str, default: str) -> str:
        """The file's name for a field's column (``default`` when it has none)."""
        position = self.layout.get(field)
        return default if position is None else self.header[position]

    def __len__(self) -> int:
        return len(self.rows)


def header_of(path: str | os.PathLike[str], *, encoding: str, delimiter: str) -> tuple[str, ...]:
    """The column names of ``path``, read by the CSV readers' rules."""
    return Reading(
        path,
        columns=None,
        kinds=None,
        timestamp="auto",
        tz=None,
        encoding=encoding,
        delimiter=delimiter,
        errors="raise",
        engine="python",
        fields=(),
        required=(),
    ).file.header


def read_rows(
    path: str | os.PathLike[str],
    *,
    fields: tuple[str, ...],
    required: tuple[str, ...],
    columns: Mapping[str, str] | None,
    timestamp: str,
    tz: object,
    encoding: str,
    delimiter: str,
    engine: str,
    errors: str,
) -> Rows:
    """The rows of ``path`` whose structure is sound, as text, and those that are not."""
    reading = Reading(
        path,
        columns=columns,
        kinds=None,
        timestamp=timestamp,
        tz=tz,
        encoding=encoding,
        delimiter=delimiter,
        errors=errors,
        engine=engine,
        fields=fields,
        required=required,
    )
    texts: list[list[str]] = [[] for _ in reading.file.header]
    rows, lines, bad, rows_read = [], [], [], 0
    for chunk in reading.pieces(whole=False):
        for column, values in zip(chunk.columns, texts, strict=True):
            values.extend(column.strings())  # type: ignore[union-attr]
        rows.append(chunk.rows)
        lines.append(chunk.lines)
        bad.extend(chunk.bad)
        rows_read += chunk.rows_read
    if reading.errors == "raise" and bad:
        raise min(bad, key=lambda row: row.row).error(reading.file.name)
    return Rows(
        reading=reading,
        texts=texts,
        rows=np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64),
        lines=np.concatenate(lines) if lines else np.zeros(0, dtype=np.int64),
        bad=bad,
        rows_read=rows_read,
    )


class Events:
    """The interactions rows give, each owned by the row (by position) it came from."""

    def __init__(self, rows: Rows, header: Sequence[str], *, channel: str = "") -> None:
        self._rows = rows
        self._channel = channel  # the channel of every interaction not given one
        self._header = tuple(header)  # the file's name for each event field, for messages
        self._columns: list[list[str]] = [[] for _ in EVENT_FIELDS]
        self._owner: list[npt.NDArray[np.intp]] = []
        self._refused: dict[int, tuple[str, str | None, str | None]] = {}

    def add(
        self,
        at: npt.NDArray[np.intp],
        *,
        source: Sequence[str],
        target: Sequence[str],
        kind: str | Sequence[str],
        timestamp: Sequence[str],
        channel: str | Sequence[str] | None = None,
        weight: str | Sequence[str] = "1",
    ) -> None:
        """One interaction for each row position in ``at``; a text is the same for all."""
        count = len(at)
        if channel is None:
            channel = self._channel
        for column, values in zip(
            self._columns, (source, target, kind, timestamp, channel, weight), strict=True
        ):
            column.extend([values] * count if isinstance(values, str) else values)
        self._owner.append(np.asarray(at, dtype=np.intp))

    def refuse(self, at: int, reason: str, column: str | None, value: str | None) -> None:
        """Reject the row at position ``at`` (its first reason is kept)."""
        self._refused.setdefault(at, (reason, column, value))

    def finish(self, errors: str) -> InteractionLog | ReadResult:
        """The log of the accepted rows' interactions, or with quarantine the result."""
        rows, reading = self._rows, self._rows.reading
        owner = np.concatenate(self._owner) if self._owner else np.zeros(0, dtype=np.intp)
        order = np.argsort(owner, kind="stable")  # file order, then the order given
        columns = [[column[i] for i in order.tolist()] for column in self._columns]
        owner = owner[order]
        events = Chunk(
            columns=[StrColumn(column) for column in columns],
            rows=rows.rows[owner],
            lines=rows.lines[owner],
            bad=[],
            rows_read=len(owner),
        )
        _, event_bad = validate(events, _LAYOUT, self._header, reading.rules)
        position_of = {int(row): at for at, row in enumerate(rows.rows.tolist())}
        for event in event_bad:
            self.refuse(position_of[event.row], event.reason, event.column, event.value)
        rejected = list(rows.bad)
        for at, (reason, column, value) in self._refused.items():
            rejected.append(
                RejectedRow(
                    line=int(rows.lines[at]),
                    row=int(rows.rows[at]),
                    fields=tuple(texts[at] for texts in rows.texts),
                    reason=reason,
                    column=column,
                    value=value,
                )
            )
        rejected.sort(key=lambda row: row.row)
        if errors == "raise" and rejected:
            raise rejected[0].error(reading.file.name)
        refused = np.zeros(len(rows), dtype=bool)
        refused[list(self._refused)] = True
        keep = np.flatnonzero(~refused[owner])
        kept = Chunk(
            columns=[StrColumn(column.texts(keep)) for column in events.columns],
            rows=events.rows[keep],
            lines=events.lines[keep],
            bad=[],
            rows_read=len(keep),
        )
        log, _ = validate(kept, _LAYOUT, self._header, reading.rules)
        assert log is not None
        if errors == "raise":
            return log
        return ReadResult(
            log=log,
            rejected=rejected,
            rows_read=rows.rows_read,
            header=rows.header,
            source=reading.file.name,
        )


def positions(mask: Any) -> npt.NDArray[np.intp]:  # noqa: ANN401 - a boolean mask
    """The positions where ``mask`` holds."""
    return np.flatnonzero(np.asarray(mask, dtype=bool))
