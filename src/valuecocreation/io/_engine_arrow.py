"""The pyarrow CSV engine: Arrow parses the bulk, the Python engine settles the rest.

Arrow reads the rows after the header as strings (no type inference), in blocks,
and this module works out, for each record, its position among the rows read and
its first line, so that messages and rejected rows match the Python engine's:

* records are numbered in file order: Arrow's rows, and the records its
  ``invalid_row_handler`` reports (wrong number of fields) by their number;
* a record spans one line plus the line breaks inside its quoted fields (counted
  only once a quote has been seen: without a quote there can be none);
* blank records (every field empty) are skipped, as the Python engine does.

Whatever Arrow cannot vouch for goes to :mod:`~valuecocreation.io._engine_python`,
from the first record not yet delivered: bytes that are not valid UTF-8 (checked
before Arrow sees them, block by block), a field longer than the csv module's
limit, any error Arrow raises, and always the file's last record (only the Python
engine can tell a last record that ends inside a quote). The whole-file reader
first tries Arrow's faster multithreaded reader, and falls back to the streaming
one when the file has malformed records (only the single-threaded reader numbers
them).

Arrow calls the invalid-row handler from its own threads (the multithreaded
reader's workers, the streaming reader's read-ahead) while this module numbers
the batches already delivered: the records it reports are kept in
:class:`InvalidRecords`, behind a lock. Arrow is stopped (the handler answers
``"error"``) and the Python engine takes over when Arrow would only slow the
reading down or fill the memory: at the first invalid record when reading in
``raise`` mode (that record is the error) and in the multithreaded reader (which
cannot number it), and once :data:`INVALID_LIMIT` records are waiting (a file of
blank lines, each a one-field record to Arrow, would otherwise keep hundreds of
bytes per line). Whatever stops it, the reader is closed before this module
lets go of it, so no Arrow thread outlives the read.
"""

from __future__ import annotations

import codecs
import contextlib
import threading
from collections.abc import Generator
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt

from valuecocreation._core.csvfile import QUOTE, CsvFile, field_limit, open_text, skip_lines
from valuecocreation._core.csvrows import parse_record, width_reason
from valuecocreation._core.optional import require
from valuecocreation.io._engine_python import python_chunks
from valuecocreation.io._result import RejectedRow
from valuecocreation.io._text import ArrowColumn
from valuecocreation.io._validate import Chunk

__all__ = ["arrow_chunks", "arrow_whole"]

BLOCK_BYTES: Final = 1 << 24  # Arrow's block when it reads a whole file at once
# Arrow's streaming reader reads about 32 blocks ahead of the batch it hands out:
# small blocks keep that buffer, and so the memory of chunked reading, near 64 MB.
STREAM_BLOCK_BYTES: Final = 1 << 21
_TEXT_BLOCK: Final = 1 << 22  # characters per read when transcoding
DENSE_ROW_BYTES: Final = 1  # see _Feed: rows shorter than the header's width + this
_DENSE_CHECK: Final = 1 << 12  # blocks smaller than this are not worth checking
INVALID_LIMIT: Final = 1 << 15  # invalid records Arrow may report ahead of the numbering
WHOLE_SLICE: Final = 1 << 20  # rows numbered at a time in a whole-file read (bounds memory)


class HandOver(Exception):  # noqa: N818 - a signal, not an error
    """Arrow stopped: the Python engine takes over from the first record not delivered."""


# ---------------------------------------------------------------------- input
class _Feed:
    """The bytes after the header, as UTF-8, checked on the way to Arrow.

    Invalid UTF-8 ends the feed early, with ``failed`` set: Arrow would report it
    without saying where, and an error raised inside Arrow's reading threads can
    leave them waiting forever. So does a block of records shorter, on average,
    than :data:`DENSE_ROW_BYTES` more than the header has fields: blank lines,
    empty rows, one-field records. Arrow keeps tens of bytes for each record it
    parses, hundreds for each one it reports invalid, so a file of them would
    take many times its size; the Python engine reads them in constant memory.
    Whatever Arrow read of the last block is then discarded. Any quote seen is
    noted: without one, no field can hold a line break. The feed starts with one
    line break of its own: Arrow skips a byte-order mark at the start of its
    input, and the first row of data may hold one, as text.
    """

    def __init__(self, file: CsvFile) -> None:
        self._shortest = len(file.header) + DENSE_ROW_BYTES
        self.closed = False
        self.quoted = False
        self.failed = False
        self._lead = b"\n"
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._binary: IO[bytes] | None = None
        self._text: IO[str] | None = None
        if file.data_offset is not None:
            self._binary = file.path.open("rb")
            self._binary.seek(file.data_offset)
        else:
            self._text = open_text(file.path, file.encoding)
            skip_lines(self._text, file.header_lines)

    def read(self, size: int = -1) -> bytes:
        if self._lead:
            lead, self._lead = self._lead, b""
            return lead
        if self.failed or self.closed:  # an Arrow thread still reading after the end
            return b""
        try:
            block = self._next(size)
        except (UnicodeDecodeError, UnicodeEncodeError):
            self.failed = True
            return b""
        if len(block) >= _DENSE_CHECK and _breaks_in(block) * self._shortest > len(block):
            self.failed = True
            return b""
        if not self.quoted and QUOTE.encode() in block:
            self.quoted = True
        return block

    def _next(self, size: int) -> bytes:
        if self._binary is not None:
            block = self._binary.read(size)
            if block.isascii() and not self._decoder.getstate()[0]:
                return block
            self._decoder.decode(block, final=not block)  # raises on invalid UTF-8
            # Never hand Arrow half a character: complete it from the next bytes.
            while self._decoder.getstate()[0]:
                more = self._binary.read(1)
                self._decoder.decode(more, final=not more)  # raises at the end of the file
                block += more
            return block
        assert self._text is not None
        text = self._text.read(_TEXT_BLOCK if size < 0 else max(size // 4, 1))
        return text.encode("utf-8", "strict")  # undecoded bytes (surrogates) raise

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True
        for stream in (self._binary, self._text):
            if stream is not None:
                stream.close()


class InvalidRecords:
    """The records Arrow reported as invalid, by number, safe to share with its threads.

    ``stop_at_first`` makes the handler stop Arrow at the first one; otherwise it
    stops Arrow when ``limit`` records are waiting to be numbered. ``stopped`` says
    whether it did.
    """

    def __init__(self, *, stop_at_first: bool, limit: int | None = None) -> None:
        self._lock = threading.Lock()
        self._texts: dict[int, str] = {}
        self._stop_at_first = stop_at_first
        self._limit = INVALID_LIMIT if limit is None else limit
        self.stopped = False

    def handler(self, row: Any) -> str:  # noqa: ANN401 - Arrow's InvalidRow
        """Arrow's ``invalid_row_handler``: keep the record, or stop the reading."""
        with self._lock:
            if self._stop_at_first or len(self._texts) >= self._limit:
                self.stopped = True
                return "error"
            number = int(row.number) if row.number is not None else -1 - len(self._texts)
            self._texts[number] = row.text
        return "skip"

    def numbers_from(self, first: int) -> list[int]:
        """The numbers of the waiting records from ``first`` on, in order."""
        with self._lock:
            return sorted(n for n in self._texts if n >= first)

    def take(self, numbers: list[int]) -> list[str]:
        """The texts of the records ``numbers``, which stop waiting."""
        with self._lock:
            return [self._texts.pop(n) for n in numbers]

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._texts)


def _breaks_in(block: bytes) -> int:
    r"""Line breaks in a block, about (a ``\r\n`` counts once, as ``\n`` or ``\r`` do)."""
    return max(block.count(b"\n"), block.count(b"\r"))


def _options(
    file: CsvFile, invalid: InvalidRecords, *, threads: bool, block: int = BLOCK_BYTES
) -> dict[str, Any]:
    csv_module = require("pyarrow.csv", extra="io", feature="the pyarrow CSV engine")
    pa = require("pyarrow", extra="io", feature="the pyarrow CSV engine")
    names = [f"c{position}" for position in range(len(file.header))]

    return {
        "read_options": csv_module.ReadOptions(
            column_names=names, use_threads=threads, block_size=block
        ),
        "parse_options": csv_module.ParseOptions(
            delimiter=file.delimiter,
            quote_char=QUOTE,
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=invalid.handler,
        ),
        "convert_options": csv_module.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
            check_utf8=True,
        ),
    }


# ---------------------------------------------------------------------- numbering
class _Numbering:
    """Where the next record of the stream is: its number, line and row among rows read."""

    def __init__(self, file: CsvFile) -> None:
        self.file = file
        self.number = 2  # Arrow numbers records from 1, and the first is the feed's own
        self.line = file.header_lines + 1
        self.row = 0
        self.limit = field_limit()
        self.lead = True  # the feed's blank line is still to be dropped

    def chunk(
        self,
        columns: list[Any],
        invalid: InvalidRecords,
        *,
        quoted: bool,
        last: bool = False,
        leave_last: bool = False,
    ) -> Chunk:
        """Number the records of a batch: its rows, and the invalid records among them.

        ``columns`` are the batch's valid rows (Arrow arrays). With ``last``, the
        invalid records after them are numbered too, and with ``leave_last`` the
        file's very last record is left undelivered.

        Raises
        ------
        HandOver
            When a field is longer than the limit (the Python engine words the error).
        """
        if not columns:  # no valid row in the batch, only invalid records
            columns = [_chunked([]) for _ in self.file.header]
        if self.lead and len(columns[0]):
            columns = [column.slice(1) for column in columns]  # the feed's blank line
            self.lead = False
        count = len(columns[0])
        if any(_longest(column) > self.limit for column in columns):
            raise HandOver
        numbers = invalid.numbers_from(self.number)
        blank = _blank_rows(columns, count)
        if not numbers and not quoted and not blank.any() and not leave_last:
            return self._plain(columns, count)  # the usual case: one line per row
        return self._mixed(
            columns, blank, numbers, invalid, quoted=quoted, last=last, leave_last=leave_last
        )

    def _mixed(
        self,
        columns: list[Any],
        blank: npt.NDArray[np.bool_],
        numbers: list[int],
        invalid: InvalidRecords,
        *,
        quoted: bool,
        last: bool,
        leave_last: bool,
    ) -> Chunk:
        """Number valid rows, blank rows, invalid records and multi-line records together."""
        count = len(columns[0])
        # A valid row's number: its place after the invalid records before it.
        before = np.array(numbers, dtype=np.int64) - self.number - np.arange(len(numbers))
        valid_numbers = (
            self.number + np.arange(count) + np.searchsorted(before, np.arange(count), side="right")
        )
        end = int(valid_numbers[-1]) if count else self.number - 1
        taken = [n for n in numbers if n <= end or last]
        total = count + len(taken)
        if leave_last and total:
            total -= 1  # the last record is the Python engine's
        texts = invalid.take(taken)
        fields = [_fields(text, self.file.delimiter) for text in texts]
        if any(len(field) > self.limit for record in fields for field in record):
            raise HandOver
        spans = np.ones(count, dtype=np.int64)
        if quoted:
            spans += sum(_breaks(column) for column in columns)
        all_numbers = np.concatenate([valid_numbers, np.array(taken, dtype=np.int64)])
        all_spans = np.concatenate(
            [spans, np.array([1 + _text_breaks(t) for t in texts], dtype=np.int64)]
        )
        blank = np.concatenate(
            [blank, np.array([not any(record) for record in fields], dtype=bool)]
        )
        order = np.argsort(all_numbers, kind="stable")[:total]
        if not np.array_equal(all_numbers[order], self.number + np.arange(total)):
            raise HandOver  # the records do not add up: let the Python engine read them
        counted = ~blank[order]
        line_of = np.empty(len(all_numbers), dtype=np.int64)
        row_of = np.full(len(all_numbers), -1, dtype=np.int64)
        line_of[order] = self.line + np.cumsum(all_spans[order]) - all_spans[order]
        row_of[order] = np.where(counted, self.row + np.cumsum(counted) - 1, -1)
        keep = np.zeros(count, dtype=bool)
        keep[order[order < count]] = True
        keep &= ~blank[:count]
        width = len(self.file.header)
        bad = [
            RejectedRow(
                line=int(line_of[count + i]),
                row=int(row_of[count + i]),
                fields=tuple(record),
                reason=width_reason(len(record), width),
            )
            for i, record in enumerate(fields)
            if row_of[count + i] >= 0
        ]
        self.number += total
        self.line += int(all_spans[order].sum())
        self.row += int(counted.sum())
        selected = np.flatnonzero(keep)
        return Chunk(
            columns=_select(columns, selected),
            rows=row_of[:count][selected],
            lines=line_of[:count][selected],
            bad=bad,
            rows_read=int(counted.sum()),
        )

    def _plain(self, columns: list[Any], count: int) -> Chunk:
        """Rows that are all valid, none blank, each on one line."""
        rows = self.row + np.arange(count, dtype=np.int64)
        lines = self.line + np.arange(count, dtype=np.int64)
        self.number += count
        self.line += count
        self.row += count
        return Chunk(
            columns=[ArrowColumn(column) for column in columns],
            rows=rows,
            lines=lines,
            bad=[],
            rows_read=count,
        )


def _select(columns: list[Any], selected: npt.NDArray[np.intp]) -> list[ArrowColumn]:
    """The ``selected`` rows of Arrow columns; a prefix is sliced, not copied."""
    count = len(columns[0])
    if len(selected) == count:
        return [ArrowColumn(column) for column in columns]
    if not len(selected) or int(selected[-1]) == len(selected) - 1:
        return [ArrowColumn(column.slice(0, len(selected))) for column in columns]
    return [ArrowColumn(column.take(selected)) for column in columns]


def _lengths(column: Any) -> npt.NDArray[np.int32]:  # noqa: ANN401 - a ChunkedArray
    """The byte length of every value, from the offsets, without copying the text."""
    parts = [
        np.diff(
            np.frombuffer(
                chunk.buffers()[1], dtype=np.int32, count=len(chunk) + 1, offset=chunk.offset * 4
            )
        )
        for chunk in column.chunks
        if len(chunk)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def _longest(column: Any) -> int:  # noqa: ANN401 - a ChunkedArray
    """The longest value, in bytes (Arrow's own kernels, no copy)."""
    import pyarrow.compute as pc  # noqa: PLC0415 - only with the pyarrow engine

    if not len(column):
        return 0
    longest = pc.max(pc.binary_length(column)).as_py()
    return int(longest or 0)


def _blank_rows(columns: list[Any], count: int) -> npt.NDArray[np.bool_]:
    """Rows whose every field is empty; only rows empty in the first column can be."""
    empty = _lengths(columns[0]) == 0 if columns else np.zeros(count, dtype=bool)
    for column in columns[1:]:
        if not empty.any():
            break
        empty &= _lengths(column) == 0
    return empty


def _breaks(column: Any) -> npt.NDArray[np.int64]:  # noqa: ANN401 - a ChunkedArray
    r"""Line breaks inside each value: ``\n``, ``\r\n`` or a lone ``\r`` each count once."""
    import pyarrow.compute as pc  # noqa: PLC0415 - only with the pyarrow engine

    def count(pattern: str) -> npt.NDArray[np.int64]:
        counted = pc.count_substring(column, pattern)
        return np.asarray(counted.to_numpy(zero_copy_only=False), dtype=np.int64)

    return count("\n") + count("\r") - count("\r\n")


def _text_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _fields(text: str, delimiter: str) -> list[str]:
    """The fields of an invalid record's raw text, as the csv module reads them."""
    return parse_record(text, delimiter)


# ---------------------------------------------------------------------- readers
def arrow_chunks(file: CsvFile, *, stop_at_invalid: bool = False) -> Generator[Chunk, None, None]:
    """The file's rows after the header, chunk by chunk (Arrow's blocks), numbered.

    With ``stop_at_invalid``, the Python engine reads from the first invalid
    record on (``raise`` mode: that record is the error to raise).
    """
    csv_module = require("pyarrow.csv", extra="io", feature="the pyarrow CSV engine")
    numbering = _Numbering(file)
    invalid = InvalidRecords(stop_at_first=stop_at_invalid)
    feed = _Feed(file)
    held: list[Any] | None = None
    finished = False
    reader = None
    try:
        try:
            reader = csv_module.open_csv(
                feed, **_options(file, invalid, threads=False, block=STREAM_BLOCK_BYTES)
            )
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                if held is not None:
                    yield numbering.chunk(held, invalid, quoted=feed.quoted)
                held = [_chunked(column) for column in batch.columns]
            if feed.failed:
                raise HandOver  # the last batch ends where the feed stopped: drop it
            if held is not None or invalid:
                # Only a quote can leave the last record open: then Python reads it.
                yield numbering.chunk(
                    held or [], invalid, quoted=feed.quoted, last=True, leave_last=feed.quoted
                )
            finished = not feed.quoted
        except HandOver:
            pass
        except Exception:  # whatever stops Arrow, the Python engine settles
            if held is not None:
                with contextlib.suppress(HandOver):
                    yield numbering.chunk(held, invalid, quoted=feed.quoted)
    finally:
        _close(reader, feed)
    if not finished:
        yield from python_chunks(
            file, rows=1 << 16, start_line=numbering.line, start_row=numbering.row
        )


def arrow_whole(file: CsvFile, *, stop_at_invalid: bool = False) -> Generator[Chunk, None, None]:
    """The whole file: Arrow's multithreaded reader, or the streaming one if need be.

    The multithreaded reader cannot number invalid records, so it stops at the
    first. Its table is numbered :data:`WHOLE_SLICE` rows at a time, which bounds
    the memory the numbering takes (a file of empty rows has many).
    """
    csv_module = require("pyarrow.csv", extra="io", feature="the pyarrow CSV engine")
    invalid = InvalidRecords(stop_at_first=True)
    feed = _Feed(file)
    try:
        table = csv_module.read_csv(feed, **_options(file, invalid, threads=True))
    except Exception:
        table = None
    finally:
        feed.close()
    if table is None or invalid.stopped or feed.failed or not table.num_rows:
        del table
        yield from arrow_chunks(file, stop_at_invalid=stop_at_invalid)
        return
    numbering = _Numbering(file)
    chunks = []
    try:
        for start in range(0, table.num_rows, WHOLE_SLICE):
            last = start + WHOLE_SLICE >= table.num_rows
            part = table.slice(start, WHOLE_SLICE)
            chunks.append(
                numbering.chunk(
                    list(part.columns),
                    invalid,
                    quoted=feed.quoted,
                    last=last,
                    leave_last=feed.quoted and last,
                )
            )
    except HandOver:
        del table, chunks
        yield from arrow_chunks(file, stop_at_invalid=stop_at_invalid)
        return
    del table
    yield from chunks
    if feed.quoted:
        yield from python_chunks(
            file, rows=1 << 16, start_line=numbering.line, start_row=numbering.row
        )


def _close(reader: Any, feed: _Feed) -> None:  # noqa: ANN401 - Arrow's streaming reader
    """Stop Arrow's read-ahead and close the file, so that no thread outlives the read."""
    feed.close()  # the read-ahead now reads nothing more
    if reader is not None:
        reader.close()


def _chunked(array: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
    import pyarrow as pa  # noqa: PLC0415 - only with the pyarrow engine

    return pa.chunked_array([pa.array(array, type=pa.string())], type=pa.string())
