"""A CSV file before its rows: encoding, byte-order mark, header and column layout.

Everything here is decided once per file and is the same for both engines, which
only read the rows after the header. Problems with the file as a whole (no header,
a required column missing, the wrong delimiter or encoding) raise
:class:`~valuecocreation.errors.ValidationError` whatever ``errors`` says: there is
no row to set aside.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import IO, Final

import attrs

from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = [
    "CsvFile",
    "LineCounter",
    "check_mapping",
    "csv_reader",
    "field_limit",
    "has_surrogates",
    "open_at_line",
    "open_csv_file",
    "open_text",
    "skip_lines",
    "text_codec",
]

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_OTHER_DELIMITERS: Final = (";", "\t", "|", ",")
_SURROGATE: Final = re.compile("[\udc80-\udcff]")
QUOTE: Final = '"'


def field_limit() -> int:
    """The longest field, in characters, that a reader accepts (Python's csv limit)."""
    return csv.field_size_limit()


@attrs.frozen(kw_only=True)
class CsvFile:
    """A CSV file's layout, read from its header (see the module notes).

    ``layout`` maps each field the file provides to the position of its column;
    ``header_lines`` counts the lines up to and including the header (blank lines
    before it too), and ``data_offset`` is the byte where the rows start, for
    UTF-8 files.
    """

    path: Path
    name: str
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    header_lines: int
    data_offset: int | None
    layout: Mapping[str, int]

    @property
    def utf8(self) -> bool:
        """Whether the bytes after the header are UTF-8 (as the pyarrow engine needs)."""
        return self.data_offset is not None


class LineCounter:
    """Lines of a text stream, counted as the csv module asks for them.

    ``count`` is the number of the last line handed out; ``raw`` collects the lines
    since it was last reset, for the record being read.
    """

    __slots__ = ("count", "lines", "raw")

    def __init__(self, lines: Iterator[str], count: int = 0) -> None:
        self.lines = lines
        self.count = count
        self.raw: list[str] = []

    def __iter__(self) -> LineCounter:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        self.raw.append(line)
        return line


def open_text(path: Path, encoding: str) -> IO[str]:
    """The file as text with its line endings kept; undecodable bytes become surrogates."""
    return path.open(encoding=encoding, errors="surrogateescape", newline="")


def skip_lines(stream: IO[str], count: int) -> None:
    """Consume ``count`` lines of ``stream`` at C speed."""
    deque(islice(stream, count), maxlen=0)


_BREAK: Final = re.compile(rb"\r\n|\r|\n")
_SCAN_BYTES: Final = 1 << 22


def open_at_line(file: CsvFile, line: int) -> IO[str]:
    r"""The file as text from the start of ``line`` (at or after the first data line).

    UTF-8 files are searched as bytes, counting line breaks (``\r\n``, ``\r`` or
    ``\n``, as universal newlines do) far faster than decoding; other encodings are
    decoded line by line.
    """
    if file.data_offset is None:
        stream = open_text(file.path, file.encoding)
        skip_lines(stream, line - 1)
        return stream
    remaining = line - file.header_lines - 1
    position = file.data_offset
    binary = file.path.open("rb")
    binary.seek(position)
    while remaining > 0:
        block = binary.read(_SCAN_BYTES)
        if not block:
            break
        while block.endswith(b"\r"):  # never split a \r\n between two blocks
            extra = binary.read(1)
            block += extra
            if extra != b"\r":
                break
        breaks = block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
        if breaks < remaining:
            remaining -= breaks
            position += len(block)
            continue
        for found in _BREAK.finditer(block):
            remaining -= 1
            if not remaining:
                position += found.end()
                break
    binary.seek(position)
    return io.TextIOWrapper(binary, encoding="utf-8", errors="surrogateescape", newline="")


def csv_reader(lines: LineCounter, delimiter: str) -> Iterator[list[str]]:
    """The stdlib reader with the dialect both engines implement."""
    return csv.reader(
        lines,
        delimiter=delimiter,
        quotechar=QUOTE,
        doublequote=True,
        skipinitialspace=False,
        strict=False,
    )


def has_surrogates(text: str) -> bool:
    """Whether text read with ``surrogateescape`` held bytes the encoding could not decode."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def open_csv_file(
    path: str | os.PathLike[str],
    *,
    encoding: str,
    delimiter: str,
    columns: Mapping[str, str] | None,
    fields: Sequence[str],
    required: Sequence[str],
) -> CsvFile:
    """Read the header of ``path`` and decide how its columns give ``fields``.

    Raises
    ------
    ValidationError
        For an unknown encoding, a byte-order mark that contradicts ``encoding``, a
        file without a header, a header that cannot be decoded or has a column name
        twice, a mapping naming absent columns or unknown fields, or a required
        field no column gives (with the delimiter the file seems to use, when the
        header reads as one column).
    """
    where = Path(path)
    name = str(path)
    codec = text_codec(where, encoding)
    with open_text(where, codec) as stream:
        lines = LineCounter(stream)
        header = _header(csv_reader(lines, delimiter), lines, name, codec)
        consumed = lines.count
        header_text = "".join(lines.raw)
    offset = None
    if codec in ("utf-8", "utf-8-sig"):
        offset = (len(codecs.BOM_UTF8) if codec == "utf-8-sig" else 0) + len(
            header_text.encode("utf-8", "surrogateescape")
        )
    layout = _layout(
        header, columns, fields=fields, required=required, delimiter=delimiter, name=name
    )
    return CsvFile(
        path=where,
        name=name,
        encoding=codec,
        delimiter=delimiter,
        header=header,
        header_lines=consumed,
        data_offset=offset,
        layout=layout,
    )


def text_codec(path: Path, encoding: str) -> str:
    """The codec to read ``path`` with: ``encoding``, minding a byte-order mark.

    A UTF-8 mark is skipped; a UTF-16 or UTF-32 mark on a file said to be UTF-8 is
    an error that names the encoding to pass.
    """
    codec = _codec(encoding)
    with path.open("rb") as raw:
        start = raw.read(4)
    bom = next((kind for mark, kind in _BOMS if start.startswith(mark)), None)
    if bom is not None and codec == "utf-8":
        if bom != "utf-8-sig":
            raise ValidationError(
                f"the file starts with a {bom.upper()} byte-order mark; pass encoding={bom!r}",
                line=1,
                source=str(path),
                column="encoding",
                value=encoding,
            )
        return "utf-8-sig"
    if codec == "utf-8-sig" and bom != "utf-8-sig":
        return "utf-8"  # no mark to skip: the same bytes, read as plain UTF-8
    return codec


def _codec(encoding: str) -> str:
    if not isinstance(encoding, str):
        raise ValidationError(
            "encoding must be the name of a text encoding", column="encoding", value=encoding
        )
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValidationError(
            f"unknown encoding {encoding!r}", column="encoding", value=encoding
        ) from None
    try:  # bytes-to-bytes codecs (hex, zlib...) and codecs the readers cannot use
        "a,\n".encode(name).decode(name, "surrogateescape")
    except (LookupError, UnicodeError, ValueError, TypeError):
        raise ValidationError(
            f"{encoding!r} is not a text encoding a file can be read with (undecodable "
            "bytes must be kept); use one such as 'utf-8', 'cp1252' or 'latin-1'",
            column="encoding",
            value=encoding,
        ) from None
    return name


def _header(
    reader: Iterator[list[str]], lines: LineCounter, name: str, encoding: str
) -> tuple[str, ...]:
    """The first non-blank record of the file."""
    try:
        for fields in reader:
            if any(fields):
                break
        else:
            raise ValidationError(
                "the file is empty: expected a header line naming the columns; there is "
                "no header row",
                source=name,
            )
    except csv.Error as error:
        raise ValidationError(
            f"cannot read the header: {error}", line=lines.count, source=name
        ) from None
    except UnicodeError as error:  # UTF-16 without a mark: the base class
        raise ValidationError(
            f"the header cannot be decoded as {encoding}: {getattr(error, 'reason', error)}; "
            "pass the file's encoding",
            line=lines.count,
            source=name,
            column="encoding",
        ) from None
    line = lines.count
    text = "".join(fields)
    if has_surrogates(text):
        raise ValidationError(
            f"the header is not valid {encoding} text; pass the file's "
            "encoding (for example encoding='cp1252')",
            line=line,
            source=name,
            column="encoding",
            value=text,
        )
    if "\x00" in text:
        raise ValidationError(
            "the header holds NUL characters: the file is probably "
            "UTF-16 or binary; pass the file's encoding",
            line=line,
            source=name,
            column="encoding",
        )
    seen: set[str] = set()
    for field in fields:
        if field and field in seen:
            raise ValidationError(
                f"the header names the column {field!r} twice", line=line, source=name, column=field
            )
        seen.add(field)
    return tuple(fields)


def _layout(
    header: tuple[str, ...],
    columns: Mapping[str, str] | None,
    *,
    fields: Sequence[str],
    required: Sequence[str],
    delimiter: str,
    name: str,
) -> dict[str, int]:
    """The position of each field's column, after applying the ``columns`` mapping."""
    renames = check_mapping(columns, fields, name)
    absent = [column for column in renames if column not in header]
    if absent:
        raise ValidationError(
            f"columns to map are not in the header: {absent}; the header has {list(header)}",
            column=str(absent[0]),
            source=name,
            line=1,
        )
    layout: dict[str, int] = {}
    for position, column in enumerate(header):
        field = renames.get(column, column if column in fields else None)
        if field is None:
            continue
        if field in layout:
            raise ValidationError(
                f"two columns give the field {field!r}: {header[layout[field]]!r} and "
                f"{column!r}; map only one of them",
                column=column,
                source=name,
                line=1,
            )
        layout[field] = position
    missing = [field for field in required if field not in layout]
    if missing:
        hint = _delimiter_hint(header, delimiter)
        raise ValidationError(
            f"required columns {missing} are absent; the header has {list(header)}"
            + (hint or " (map your column names with columns={...})"),
            column=missing[0],
            source=name,
            line=1,
        )
    return layout


def check_mapping(
    columns: Mapping[str, str] | None, fields: Sequence[str], name: str | None
) -> dict[str, str]:
    """The ``columns`` mapping, checked: text keys, each mapped to one of ``fields``."""
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise ArgumentTypeError(
            "columns must be a mapping from your column names to fields",
            column="columns",
            value=columns,
            source=name,
        )
    for column, field in columns.items():
        if not isinstance(column, str) or field not in fields:
            raise ValidationError(
                f"columns maps {column!r} to {field!r}; map column names (text) to the "
                f"fields {', '.join(fields)}",
                column="columns",
                value=field,
                source=name,
            )
    return dict(columns)


def _delimiter_hint(header: tuple[str, ...], delimiter: str) -> str | None:
    """A suggestion when the header reads as one column holding another delimiter."""
    if len(header) != 1:
        return None
    counts = {other: header[0].count(other) for other in _OTHER_DELIMITERS if other != delimiter}
    best = max(counts, key=lambda other: counts[other])
    if not counts[best]:
        return None
    return (
        f": it reads as one column, so the file seems to be delimited by {best!r}, "
        f"not {delimiter!r}; pass delimiter={best!r}"
    )
