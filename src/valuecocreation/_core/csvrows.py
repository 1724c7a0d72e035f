r"""The rows of a CSV file, and the one set of rules for records that are not rows.

Every CSV reader of the package (events with either engine, actors, survey
answers, survey-tool and platform exports, the bundled data sets, the command
line) gets its records here, after :mod:`valuecocreation._core.csvfile` has read
the header, so that all of them agree on what a bad row is:

* a blank line, or a record whose fields are all empty, is skipped: it is not a
  row, but its lines count;
* a record holding bytes the encoding cannot decode is a bad row;
* a record with more or fewer fields than the header is a bad row (never padded
  or cut to fit), with the reason :func:`width_reason` words;
* a last record that ends inside a quoted field (the file was cut short, or a
  quote was never closed) is a bad row;
* a field longer than :func:`~valuecocreation._core.csvfile.field_limit`
  characters makes a bad row of its line when the record holds no quote (it is
  then that one line, and the next line starts a new record); inside quotes it
  stops the reading with an error, since nothing after it can be trusted.

Lines are counted as Python's universal newlines do (``\n``, ``\r\n`` and a lone
``\r`` each end one), the header is line 1, and rows are numbered from 0 among
the rows read. A bad row is raised or quarantined by the reader, as its
``errors=`` says; problems with the file as a whole always raise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Final, NamedTuple

from valuecocreation._core.csvfile import (
    QUOTE,
    CsvFile,
    LineCounter,
    csv_reader,
    field_limit,
    has_surrogates,
    open_at_line,
)
from valuecocreation.errors import ValidationError

__all__ = [
    "UNCLOSED",
    "WIDTH_COLUMN",
    "CsvRecord",
    "ends_inside_quotes",
    "parse_record",
    "records",
    "text_records",
    "width_reason",
]

UNCLOSED: Final = (
    "the file ends inside a quoted field: a quote is not closed, or the file was cut short"
)

WIDTH_COLUMN: Final = "(number of fields)"
"""The pseudo-column readers that report a column name a wrong number of fields under."""


class CsvRecord(NamedTuple):
    """One record of a CSV file that is a row (blank records are not).

    ``fields`` are as read, after unquoting; ``line`` is the one-based line where
    the record starts; ``row`` its zero-based position among the rows read;
    ``problem`` why it is a bad row (``None`` for a good one) and ``at`` the
    position of the field at fault, if one is.
    """

    fields: list[str]
    line: int
    row: int
    problem: str | None = None
    at: int | None = None


def width_reason(fields: int, width: int) -> str:
    """The reason of a row with the wrong number of fields, in every reader's words.

    >>> width_reason(2, 3)
    'the row has 2 fields where the header has 3'
    """
    return f"the row has {fields} fields where the header has {width}"


def records(
    file: CsvFile, *, start_line: int | None = None, start_row: int = 0
) -> Iterator[CsvRecord]:
    """The rows of ``file`` after its header (or from ``start_line``), judged by the rules.

    ``start_row`` is the number of rows read before ``start_line``, so that rows
    keep their position in the whole file.

    Raises
    ------
    ValidationError
        For a field longer than the csv module's limit, or text the encoding
        cannot decode at all.
    """
    first = file.header_lines + 1 if start_line is None else start_line
    with open_at_line(file, first) as stream:
        lines = LineCounter(stream, count=first - 1)
        try:
            yield from _judged(
                lines,
                delimiter=file.delimiter,
                width=len(file.header),
                encoding=file.encoding,
                name=file.name,
                row=start_row,
            )
        except UnicodeError as error:  # UTF-16 without a mark: the base class
            raise ValidationError(
                f"the file cannot be decoded as {file.encoding}: "
                f"{getattr(error, 'reason', error)}; pass the file's encoding",
                line=lines.count,
                source=file.name,
                column="encoding",
            ) from None


def text_records(
    text: str, *, width: int, delimiter: str = ",", first_line: int = 2, name: str | None = None
) -> Iterator[CsvRecord]:
    r"""The rows of CSV ``text`` already in memory (the lines after a header of ``width``).

    The same rules as :func:`records`; ``first_line`` is the line the text starts on.

    >>> [(r.fields, r.line, r.problem) for r in text_records("a,1\n\nb\n", width=2)]
    [(['a', '1'], 2, None), (['b'], 4, 'the row has 1 fields where the header has 2')]
    """
    lines = LineCounter(iter(io.StringIO(text, newline="")), count=first_line - 1)
    yield from _judged(
        lines, delimiter=delimiter, width=width, encoding="utf-8", name=name or "<text>", row=0
    )


def _judged(
    lines: LineCounter, *, delimiter: str, width: int, encoding: str, name: str, row: int
) -> Iterator[CsvRecord]:
    """The records of ``lines``, blank ones dropped, each with its problem if it has one.

    A record is judged only once the next one is read: only then is it known to be
    the file's last (the one that may end inside a quote).
    """
    reader = csv_reader(lines, delimiter)
    held: tuple[list[str], int, list[str], str | None] | None = None
    while True:
        lines.raw = []
        line = lines.count + 1
        oversized: str | None = None
        try:
            fields = next(reader, None)
        except csv.Error as error:
            raw_text = "".join(lines.raw)
            if "field limit" in str(error) and QUOTE in raw_text:
                # Inside quotes the record's end cannot be trusted: nothing after it can.
                raise ValidationError(
                    f"a field is longer than {field_limit():,} characters; the file is "
                    "probably not CSV, or a quote is not closed",
                    line=line,
                    row=row,
                    source=name,
                ) from None
            if "field limit" in str(error):
                # No quote: the record is this one line, and the next line starts afresh.
                oversized = f"a field is longer than {field_limit():,} characters"
                raw_text = raw_text.rstrip("\r\n")
            fields = [raw_text]  # a malformed record, kept as its raw text
        if held is not None:
            record, record_line, raw, too_long = held
            last = fields is None
            problem: str | None = too_long
            at: int | None = None
            if too_long is None:
                problem, at = _problem(record, raw if last else None, width, delimiter, encoding)
            yield CsvRecord(record, record_line, row, problem, at)
            row += 1
            held = None
        if fields is None:
            return
        if any(fields):
            held = (fields, line, lines.raw, oversized)


def _problem(
    record: list[str], raw: list[str] | None, width: int, delimiter: str, encoding: str
) -> tuple[str | None, int | None]:
    """Why a record is not a good row (and the field at fault); ``raw`` for the last only."""
    if raw is not None and ends_inside_quotes("".join(raw), delimiter):
        return UNCLOSED, len(record) - 1
    if has_surrogates("".join(record)):
        at = next(i for i, text in enumerate(record) if has_surrogates(text))
        return f"the line holds bytes that are not valid {encoding} text", at
    if len(record) != width:
        return width_reason(len(record), width), None
    return None, None


def parse_record(text: str, delimiter: str = ",") -> list[str]:
    r"""The fields of one record's raw text, as :func:`records` reads them.

    >>> parse_record('a,"b,c",d\n')
    ['a', 'b,c', 'd']
    """
    parsed = list(csv_reader(LineCounter(iter(io.StringIO(text, newline=""))), delimiter))
    return parsed[0] if parsed else []


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
