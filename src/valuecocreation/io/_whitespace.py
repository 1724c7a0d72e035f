"""Whitespace-separated text tables (``src dst time``), split without a loop per row.

Public temporal networks come as plain text: one edge per line, fields separated
by runs of spaces or tabs, often no header, and comment lines starting with ``%``
(KONECT) or ``#`` (SNAP). Fields cannot hold spaces and nothing is quoted. The
rules here:

* a run of spaces, tabs or carriage returns separates fields; leading and trailing
  ones are ignored;
* blank lines and comment lines (first field starting with a ``comments``
  character) are not rows;
* a row with another number of fields than the table's is bad input (rejected
  whole, verbatim, with its line), never padded or cut.

The file is read in blocks of about ``block_bytes`` ending at a line break, and
each block is split by numpy: token boundaries from byte classes, each token's
line from a running count of line breaks, then each field's bytes gathered into
Arrow's string layout (offsets and data). With pyarrow installed the columns are
Arrow string arrays; without it, Python strings.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from valuecocreation._core.csvfile import check_mapping, text_codec
from valuecocreation.errors import ValidationError
from valuecocreation.io._options import check_constants
from valuecocreation.io._result import ReadResult, RejectedRow
from valuecocreation.io._text import ArrowColumn, Column, StrColumn, Utf8
from valuecocreation.io._validate import Chunk, Rules, validate
from valuecocreation.log import COLUMNS, REQUIRED_COLUMNS, InteractionLog

__all__ = ["WhitespaceTable", "constant_column", "open_whitespace", "read_whitespace"]

_BLOCK: Final = 1 << 26
_NEWLINE: Final = 10
_BLANKS: Final = np.array([32, 9, 13, 11, 12], dtype=np.uint8)


class WhitespaceTable:
    """A whitespace-separated file: its column names and its chunks (see the module notes)."""

    def __init__(
        self,
        path: Path,
        *,
        codec: str,
        header: tuple[str, ...],
        header_lines: int,
        comments: str,
        block_bytes: int,
    ) -> None:
        self.path = path
        self.name = str(path)
        self.codec = codec
        self.header = header
        self._skip = header_lines
        self._comments = frozenset(comments.encode("ascii"))
        self._block = block_bytes

    def chunks(self) -> Iterator[Chunk]:
        """The rows, a block at a time: sound rows as columns, the others rejected."""
        line, row = 1, 0
        for data in self._blocks():
            chunk, lines_here = _split(
                data,
                len(self.header),
                first_line=line,
                first_row=row,
                comments=self._comments,
                header_lines=self._skip,
            )
            line += lines_here
            row += chunk.rows_read
            yield chunk

    def _blocks(self) -> Iterator[npt.NDArray[np.uint8]]:
        utf8 = self.codec in ("utf-8", "utf-8-sig", "ascii")
        with self.path.open("rb") as stream:
            if self.codec == "utf-8-sig":
                stream.read(3)
            if not utf8:  # decode, then split the UTF-8 of the text
                text = stream.read().decode(self.codec)
                yield np.frombuffer(text.encode("utf-8", "surrogateescape"), dtype=np.uint8)
                return
            rest = b""
            while True:
                block = stream.read(self._block)
                if not block:
                    break
                block = rest + block
                cut = block.rfind(b"\n") + 1
                if not cut:
                    rest = block
                    continue
                rest = block[cut:]
                yield np.frombuffer(block[:cut], dtype=np.uint8)
            if rest:
                yield np.frombuffer(rest, dtype=np.uint8)


def column_take(column: Column, rows: npt.NDArray[np.intp]) -> Column:
    """The ``rows`` of a column."""
    if isinstance(column, ArrowColumn):
        return ArrowColumn(column.array.take(rows))
    return StrColumn(column.texts(rows))


def open_whitespace(
    path: str | Path,
    *,
    encoding: str,
    names: tuple[str, ...] | None,
    comments: str = "#%",
    block_bytes: int = _BLOCK,
) -> WhitespaceTable:
    """A whitespace table: column names from ``names``, or from its first row.

    Raises
    ------
    ValidationError
        For an unknown encoding, an empty file, or a header with a name twice.
    """
    where = Path(path)
    codec = text_codec(where, encoding)
    header_lines = 0
    if names is None:
        with where.open(encoding=codec, errors="surrogateescape") as stream:
            for number, text in enumerate(stream, start=1):
                fields = text.split()
                if fields and fields[0][0] not in comments:
                    names, header_lines = tuple(fields), number
                    break
        if names is None:
            raise ValidationError("the file has no header line", source=str(path), line=1)
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValidationError(
            f"the column names {twice} appear twice", source=str(path), column=twice[0]
        )
    return WhitespaceTable(
        where,
        codec=codec,
        header=tuple(names),
        header_lines=header_lines,
        comments=comments,
        block_bytes=block_bytes,
    )


def _split(
    data: npt.NDArray[np.uint8],
    width: int,
    *,
    first_line: int,
    first_row: int,
    comments: frozenset[int],
    header_lines: int,
) -> tuple[Chunk, int]:
    """One block's rows (see the module notes), and how many lines it held.

    Lines up to ``header_lines`` (of the whole file) are the header's, not rows.
    """
    newline = data == _NEWLINE
    lines_here = int(newline.sum()) + (1 if len(data) and data[-1] != _NEWLINE else 0)
    if not lines_here:
        empty: list[Column] = [StrColumn([]) for _ in range(width)]
        none = np.zeros(0, dtype=np.int64)
        return Chunk(columns=empty, rows=none, lines=none, bad=[], rows_read=0), 0
    token = ~newline & ~np.isin(data, _BLANKS)
    before = np.concatenate([[False], token[:-1]])
    after = np.concatenate([token[1:], [False]])
    starts = np.flatnonzero(token & ~before)
    ends = np.flatnonzero(token & ~after) + 1
    line_of_byte = np.cumsum(newline) - newline  # a line break ends its own line
    token_line = line_of_byte[starts]
    count = np.bincount(token_line, minlength=lines_here)
    first_token = np.concatenate([[0], np.cumsum(count)[:-1]])
    has_tokens = count > 0
    leading = np.zeros(lines_here, dtype=np.uint8)
    leading[has_tokens] = data[starts[first_token[has_tokens]]]
    comment = np.isin(leading, np.array(sorted(comments), dtype=np.uint8)) & has_tokens
    is_row = has_tokens & ~comment & (first_line + np.arange(lines_here) > header_lines)
    row_lines = np.flatnonzero(is_row)
    good = count[row_lines] == width
    row_numbers = first_row + np.arange(len(row_lines), dtype=np.int64)
    bad = []
    for at in np.flatnonzero(~good).tolist():
        line_index = int(row_lines[at])
        begin = int(first_token[line_index])
        fields = tuple(
            bytes(data[starts[t] : ends[t]]).decode("utf-8", "surrogateescape")
            for t in range(begin, begin + int(count[line_index]))
        )
        bad.append(
            RejectedRow(
                line=first_line + line_index,
                row=int(row_numbers[at]),
                fields=fields,
                reason=f"the row has {len(fields)} fields; the table has {width}",
            )
        )
    sound = row_lines[good]
    columns: list[Column] = []
    for field in range(width):
        index = first_token[sound] + field
        columns.append(_column(data, starts[index], ends[index]))
    chunk = Chunk(
        columns=columns,
        rows=row_numbers[good],
        lines=first_line + sound.astype(np.int64),
        bad=bad,
        rows_read=len(row_lines),
    )
    return chunk, lines_here


def _column(
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> Column:
    """The tokens ``data[starts:ends]`` as one text column, gathered without a Python loop."""
    lengths = (ends - starts).astype(np.int64)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    gather = np.repeat(starts - offsets[:-1], lengths) + np.arange(int(offsets[-1]))
    piece: Utf8 = (data[gather], offsets)
    if importlib.util.find_spec("pyarrow") is not None and offsets[-1] < 2**31:
        import pyarrow as pa  # noqa: PLC0415 - optional

        array = pa.StringArray.from_buffers(
            len(lengths), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(piece[0])
        )
        try:
            array.validate(full=True)  # the bytes must be UTF-8 for Arrow's string type
        except pa.ArrowInvalid:
            pass
        else:
            return ArrowColumn(pa.chunked_array([array], type=pa.string()))
    raw = bytes(piece[0])
    pairs = itertools.pairwise(offsets.tolist())
    if raw.isascii():
        text = raw.decode("ascii")
        return StrColumn([text[a:b] for a, b in pairs])
    return StrColumn([raw[a:b].decode("utf-8", "surrogateescape") for a, b in pairs])


def constant_column(value: str, rows: int) -> Column:
    """A column holding ``value`` in each of ``rows`` rows (Arrow's when pyarrow is there)."""
    if importlib.util.find_spec("pyarrow") is not None:
        import pyarrow as pa  # noqa: PLC0415 - optional

        array = pa.repeat(pa.scalar(value, type=pa.string()), rows)
        return ArrowColumn(pa.chunked_array([array], type=pa.string()))
    return StrColumn([value] * rows)


def read_whitespace(
    path: str | Path,
    *,
    names: tuple[str, ...] | None,
    columns: Mapping[str, str] | None,
    constants: Mapping[str, str] | None,
    rules: Rules,
    encoding: str,
    errors: str,
    comments: str = "#%",
) -> InteractionLog | ReadResult:
    """Read a whitespace table of interactions (see the module notes).

    ``names`` are the columns' names (``None``: the first row holds them);
    ``columns`` maps names to fields, as for :func:`~valuecocreation.io.read_csv`;
    ``constants`` gives fields no column holds one value for every row, such as
    ``{"kind": "message"}``.
    """
    table = open_whitespace(path, encoding=encoding, names=names, comments=comments)
    renames = check_mapping(columns, COLUMNS, table.name)
    constant = check_constants(constants, table.name)
    field_of = {name: renames.get(name, name) for name in table.header}
    layout = {field: at for at, field in enumerate(field_of.values()) if field in COLUMNS}
    header = list(table.header)
    for field in constant:
        if field in layout:
            raise ValidationError(
                f"the field {field!r} is given both by the column "
                f"{table.header[layout[field]]!r} and as a constant",
                source=table.name,
                column=field,
            )
        layout[field] = len(header)
        header.append(field)
    missing = [field for field in REQUIRED_COLUMNS if field not in layout]
    if missing:
        raise ValidationError(
            f"required columns {missing} are absent; the table has {list(table.header)} "
            "(name the columns with names=(...), map them with columns={...}, or give a "
            "field one value for every row with constants={...})",
            source=table.name,
            column=missing[0],
        )
    raising = errors == "raise"
    logs, rejected, rows_read = [], [], 0
    for chunk in table.chunks():
        extra = [constant_column(value, len(chunk.rows)) for value in constant.values()]
        full = chunk._replace(columns=[*chunk.columns, *extra])
        log, bad = validate(full, layout, header, rules, first_only=raising)
        if raising and bad:
            raise bad[0].error(table.name)
        assert log is not None
        logs.append(log)
        rejected.extend(bad)
        rows_read += chunk.rows_read
    log = logs[0] if len(logs) == 1 else InteractionLog.concat(logs)
    if raising:
        return log
    return ReadResult(
        log=log, rejected=rejected, rows_read=rows_read, header=tuple(header), source=table.name
    )
