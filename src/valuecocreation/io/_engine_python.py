r"""The pure-Python CSV engine: the stdlib ``csv`` module, and the rules for odd records.

This engine is the reference: it decides what a record is, how lines are counted
(``\n``, ``\r\n`` and a lone ``\r`` each end a line, as in Python's universal
newlines), and what happens to records that are not rows of the table:

* a blank line, or a record whose fields are all empty, is skipped: it is not a
  row, but its lines count;
* a record holding bytes the encoding cannot decode is rejected;
* a record with more or fewer fields than the header is rejected;
* a last record that ends inside a quoted field (the file was cut short, or a
  quote was never closed) is rejected;
* a field longer than :func:`~valuecocreation.io._csvfile.field_limit` characters
  is rejected with its line when the record holds no quote (it is then one line,
  and the next line starts a new record); inside quotes it stops the reading
  with an error, since nothing after it can be trusted.

The pyarrow engine hands every record it cannot vouch for to this one, so both
give the same answers.
"""

from __future__ import annotations

import csv
from collections.abc import Generator, Iterator
from typing import Final

import numpy as np

from valuecocreation.errors import ValidationError
from valuecocreation.io._csvfile import (
    QUOTE,
    CsvFile,
    LineCounter,
    csv_reader,
    field_limit,
    has_surrogates,
    open_at_line,
)
from valuecocreation.io._result import RejectedRow
from valuecocreation.io._text import StrColumn
from valuecocreation.io._validate import Chunk

__all__ = ["ends_inside_quotes", "python_chunks"]

PIECE_RECORDS: Final = 1 << 16
# The first chunk is small and each next one twice as large (up to the size asked
# for): a bad row early in a file is reported after a few records, not 65,536.
_FIRST_CHUNK: Final = 1 << 10
_UNCLOSED: Final = (
    "the file ends inside a quoted field: a quote is not closed, or the file was cut short"
)


def python_chunks(
    file: CsvFile, *, rows: int, start_line: int | None = None, start_row: int = 0
) -> Generator[Chunk, None, None]:
    """Chunks of ``rows`` rows read, from ``start_line`` (the first data line by default).

    ``start_row`` is the number of rows read before ``start_line``, so that rows keep
    their position in the whole file.
    """
    first = file.header_lines + 1 if start_line is None else start_line
    with open_at_line(file, first) as stream:
        lines = LineCounter(stream, count=first - 1)
        try:
            yield from _chunks(file, csv_reader(lines, file.delimiter), lines, rows, start_row)
        except UnicodeError as error:  # UTF-16 without a mark: the base class
            raise ValidationError(
                f"the file cannot be decoded as {file.encoding}: "
                f"{getattr(error, 'reason', error)}; pass the file's encoding",
                line=lines.count,
                source=file.name,
                column="encoding",
            ) from None


def _chunks(
    file: CsvFile, reader: Iterator[list[str]], lines: LineCounter, size: int, row: int
) -> Iterator[Chunk]:
    width = len(file.header)
    values: list[list[str]] = [[] for _ in range(width)]
    positions: list[int] = []
    starts: list[int] = []
    bad: list[RejectedRow] = []
    held: tuple[list[str], int, list[str], str | None] | None = None  # until the next is read
    limit = min(size, _FIRST_CHUNK)
    while True:
        lines.raw = []
        line = lines.count + 1
        oversized: str | None = None
        try:
            fields = next(reader, None)
        except csv.Error as error:
            raw = "".join(lines.raw)
            if "field limit" in str(error) and QUOTE in raw:
                # Inside quotes the record's end cannot be trusted: nothing after it can.
                raise ValidationError(
                    f"a field is longer than {field_limit():,} characters; the file is "
                    "probably not CSV, or a quote is not closed",
                    line=line,
                    row=row,
                    source=file.name,
                ) from None
            if "field limit" in str(error):
                # No quote: the record is this one line, and the next line starts afresh.
                oversized = f"a field is longer than {field_limit():,} characters"
            fields = [raw.rstrip("\r\n") if oversized else raw]  # kept as its raw text
        if held is not None:
            record, record_line, raw_lines, too_long = held
            last = fields is None
            problem = (
                (too_long, None)
                if too_long is not None
                else _problem(record, raw_lines if last else None, width, file)
            )
            if problem is None:
                for column, text in zip(values, record, strict=True):
                    column.append(text)
                positions.append(row)
                starts.append(record_line)
            else:
                reason, at = problem
                bad.append(
                    RejectedRow(
                        line=record_line,
                        row=row,
                        fields=tuple(record),
                        reason=reason,
                        column=file.header[at] if at is not None and at < width else None,
                        value=record[at] if at is not None else None,
                    )
                )
            row += 1
            if len(positions) + len(bad) >= limit:
                yield _chunk(values, positions, starts, bad)
                values = [[] for _ in range(width)]
                positions, starts, bad = [], [], []
                limit = min(2 * limit, size)
            held = None
        if fields is None:
            break
        if any(fields):
            held = (fields, line, lines.raw, oversized)
    if positions or bad:
        yield _chunk(values, positions, starts, bad)


def _chunk(
    values: list[list[str]], positions: list[int], starts: list[int], bad: list[RejectedRow]
) -> Chunk:
    return Chunk(
        columns=[StrColumn(column) for column in values],
        rows=np.array(positions, dtype=np.int64),
        lines=np.array(starts, dtype=np.int64),
        bad=bad,
        rows_read=len(positions) + len(bad),
    )


def _problem(
    record: list[str], raw: list[str] | None, width: int, file: CsvFile
) -> tuple[str, int | None] | None:
    """Why a record is not a row (and the column at fault), or ``None`` if it is one.

    ``raw`` is given for the file's last record only: its lines, to check for an
    unclosed quote.
    """
    if raw is not None and ends_inside_quotes("".join(raw), file.delimiter):
        return _UNCLOSED, len(record) - 1
    joined = "".join(record)
    if has_surrogates(joined):
        at = next(i for i, text in enumerate(record) if has_surrogates(text))
        return f"the line holds bytes that are not valid {file.encoding} text", at
    if len(record) != width:
        return f"the row has {len(record)} fields where the header has {width}", None
    return None


def ends_inside_quotes(text: str, delimiter: str = ",") -> bool:
    r"""Whether a record's raw text ends inside a quoted field, as the csv module reads it.

    A quote opens a quoted field only at the start of a field; inside one, two
    quotes stand for one and a single quote closes it. (The delimiter matters
    only to know where fields start, so any delimiter character will do except
    the quote itself.)

    >>> ends_inside_quotes('a,"b\n'), ends_inside_quotes('a,"b""c",d\n')
    (True, False)
    >>> ends_inside_quotes('a,b"c\n')
    False
    """
    if QUOTE not in text:
        return False
    inside = False
    field_start = True
    after_quote = False
    for character in text:
        if inside:
            if character == QUOTE:
                inside, after_quote = False, True
            continue
        if after_quote and character == QUOTE:  # a doubled quote: still inside
            inside, after_quote = True, False
            continue
        after_quote = False
        if character == QUOTE and field_start:
            inside = True
            field_start = False
        elif character in (delimiter, "\n", "\r"):
            field_start = True
        else:
            field_start = False
    return inside
