"""Columns of text as the CSV engines hand them over, in one shape for validation.

Both engines deliver a file's fields as text, never as numbers or dates: the
stdlib engine as Python strings, the pyarrow engine as Arrow string arrays. A
:class:`TextColumn` hides the difference behind the three things validation needs:

* :meth:`~TextColumn.encode`: a dictionary encoding (a code per row into the
  distinct texts), for ids, kinds and channels;
* :meth:`~TextColumn.pieces`: the text as UTF-8 bytes and offsets (Arrow's layout),
  piece by piece, for the vectorised number and timestamp parsers;
* :meth:`~TextColumn.texts`: a few rows as strings, for messages and rejected rows.

Whatever the engine, the same rows give the same answers, which is what lets the
two engines give identical results.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt
from numpy.dtypes import StringDType

TEXT_DTYPE: Final = StringDType()

__all__ = [
    "PIECE_ROWS",
    "ArrowColumn",
    "StrColumn",
    "TextColumn",
    "Utf8",
    "concat_columns",
    "grid",
    "piece_text",
    "utf8_of",
]

PIECE_ROWS = 1 << 18
"""Rows per piece handed to the parsers: bounds their temporaries (a few MB each)."""

Utf8 = tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]
"""UTF-8 bytes and ``len + 1`` offsets into them: row ``i`` is ``data[off[i]:off[i + 1]]``."""


class TextColumn(Protocol):
    """One column of a chunk of a text file (see the module notes)."""

    def __len__(self) -> int: ...

    def encode(self) -> tuple[npt.NDArray[np.intp], list[str] | npt.NDArray[Any]]:
        """A code per row and the distinct texts the codes point to."""
        ...

    def pieces(self) -> Iterator[tuple[int, Utf8]]:
        """``(first row, utf8)`` for consecutive pieces covering the column."""
        ...

    def texts(self, rows: npt.NDArray[np.intp]) -> list[str]:
        """The text of ``rows``, as strings."""
        ...


def utf8_of(values: Sequence[str]) -> Utf8:
    """Strings as UTF-8 bytes and offsets (lone surrogates pass through, for messages)."""
    joined = "".join(values)
    if joined.isascii():
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        data = joined.encode("ascii")
    else:
        encoded = [value.encode("utf-8", "surrogatepass") for value in values]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(values))
        data = b"".join(encoded)
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return np.frombuffer(data, dtype=np.uint8), offsets


def piece_text(piece: Utf8, row: int) -> str:
    """The text of one row of a piece."""
    data, offsets = piece
    return bytes(data[offsets[row] : offsets[row + 1]]).decode("utf-8", "surrogatepass")


def grid(piece: Utf8, width: int) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Rows of a piece as a zero-padded ``(rows, width)`` byte matrix, and their lengths.

    Rows longer than ``width`` are cut; callers treat them by the scalar rule (their
    length tells them which). When every row has the same length the matrix is a
    view of the bytes, without a copy.
    """
    data, offsets = piece
    lengths = np.diff(offsets)
    rows = len(lengths)
    if not rows:
        return np.zeros((0, width), dtype=np.uint8), lengths
    longest = int(lengths.max())
    if longest == int(lengths.min()) and longest <= width:
        start = int(offsets[0])
        matrix = data[start : start + rows * longest].reshape(rows, longest)
        if longest == width:
            return matrix, lengths
        padded = np.zeros((rows, width), dtype=np.uint8)
        padded[:, :longest] = matrix
        return padded, lengths
    padded = np.zeros((rows, width), dtype=np.uint8)
    starts = offsets[:-1]
    last = max(len(data) - 1, 0)
    padded_data = data if len(data) else np.zeros(1, dtype=np.uint8)
    for column in range(min(width, longest)):
        # Gather then blank out, rather than index by a mask: several times faster.
        byte = padded_data[np.minimum(starts + column, last)]
        padded[:, column] = np.where(lengths > column, byte, 0)
    return padded, lengths


class StrColumn:
    """A column of Python strings (the stdlib engine's)."""

    __slots__ = ("values",)

    def __init__(self, values: list[str]) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def encode(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        """A code per row and the distinct texts (Python's dict is the hash table)."""
        distinct = list(dict.fromkeys(self.values))
        position = dict(zip(distinct, range(len(distinct)), strict=True))
        codes = np.fromiter(
            map(position.__getitem__, self.values), dtype=np.intp, count=len(self.values)
        )
        return codes, distinct

    def pieces(self) -> Iterator[tuple[int, Utf8]]:
        """The column as UTF-8, :data:`PIECE_ROWS` rows at a time."""
        for start in range(0, len(self.values), PIECE_ROWS):
            yield start, utf8_of(self.values[start : start + PIECE_ROWS])

    def texts(self, rows: npt.NDArray[np.intp]) -> list[str]:
        """The strings of ``rows``."""
        return [self.values[row] for row in rows.tolist()]

    def slice(self, start: int, stop: int) -> StrColumn:
        """Rows ``start`` to ``stop``."""
        return StrColumn(self.values[start:stop])

    def strings(self) -> list[str]:
        """Every row's text."""
        return self.values


class ArrowColumn:
    """A column held as a pyarrow ``ChunkedArray`` of strings (the pyarrow engine's)."""

    __slots__ = ("array",)

    def __init__(self, array: Any) -> None:  # noqa: ANN401 - pyarrow is optional and untyped
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    def encode(self) -> tuple[npt.NDArray[np.intp], list[str] | npt.NDArray[Any]]:
        """Arrow's hash kernel; on a chunked array every chunk shares one dictionary.

        The distinct texts come back as a numpy text array when none holds a NUL
        (the usual case, and the fast one: no Python string per id), as a list of
        strings otherwise.
        """
        import pyarrow.compute as pc  # noqa: PLC0415 - only with the pyarrow engine

        encoded = pc.dictionary_encode(self.array)
        if not encoded.num_chunks:
            return np.zeros(0, dtype=np.intp), []
        codes = np.concatenate(
            [chunk.indices.to_numpy(zero_copy_only=False) for chunk in encoded.chunks]
        ).astype(np.intp, copy=False)
        # Each chunk's dictionary extends the one before: the longest holds them all.
        dictionary = max((chunk.dictionary for chunk in encoded.chunks), key=len)
        if pc.any(pc.match_substring(dictionary, "\x00")).as_py():
            return codes, dictionary.to_pylist()
        return codes, _text_array(dictionary)

    def pieces(self) -> Iterator[tuple[int, Utf8]]:
        """Arrow's chunks, zero-copy: their offsets and data buffers as numpy arrays."""
        start = 0
        for chunk in self.array.chunks:
            rows = len(chunk)
            if not rows:
                continue
            for first in range(0, rows, PIECE_ROWS):
                yield start + first, _arrow_utf8(chunk.slice(first, PIECE_ROWS))
            start += rows

    def texts(self, rows: npt.NDArray[np.intp]) -> list[str]:
        """The strings of ``rows``."""
        if not len(rows):
            return []
        taken: list[str] = self.array.take(rows).to_pylist()
        return taken

    def slice(self, start: int, stop: int) -> ArrowColumn:
        """Rows ``start`` to ``stop``, without a copy."""
        return ArrowColumn(self.array.slice(start, stop - start))

    def strings(self) -> list[str]:
        """Every row's text."""
        values: list[str] = self.array.to_pylist()
        return values


def concat_columns(columns: Sequence[Column]) -> Column:
    """One column with the rows of ``columns``, in order.

    Arrow stays Arrow: Python strings joining Arrow columns (the few rows the
    pyarrow engine leaves to the Python engine) are converted to Arrow, never the
    other way round.
    """
    if len(columns) == 1:
        return columns[0]
    if not any(isinstance(column, ArrowColumn) for column in columns):
        return StrColumn([value for column in columns for value in column.strings()])
    import pyarrow as pa  # noqa: PLC0415 - only with the pyarrow engine

    chunks = []
    for column in columns:
        if isinstance(column, ArrowColumn):
            chunks.extend(column.array.chunks)
        elif len(column):
            chunks.append(pa.array(column.strings(), type=pa.string()))
    return ArrowColumn(pa.chunked_array(chunks, type=pa.string()))


Column = StrColumn | ArrowColumn
"""A text column of either engine."""


_ASCII_WIDTH: Final = 64  # longer ASCII text is converted through Python strings


def _text_array(strings: Any) -> npt.NDArray[Any]:  # noqa: ANN401 - a StringArray
    """An Arrow string array without NUL as a numpy text array.

    Short ASCII text goes through a fixed-width byte matrix, without a Python
    string per value; anything else through Python strings.
    """
    piece = _arrow_utf8(strings)
    data, offsets = piece
    lengths = np.diff(offsets)
    if (
        len(lengths)
        and int(lengths.max()) <= _ASCII_WIDTH
        and (not len(data) or int(data[offsets[0] : offsets[-1]].max(initial=0)) < 128)
    ):
        width = max(int(lengths.max()), 1)
        matrix, _ = grid(piece, width)
        return np.ascontiguousarray(matrix).view(f"S{width}").ravel().astype(TEXT_DTYPE)
    return np.array(strings.to_pylist(), dtype=TEXT_DTYPE)


def _arrow_utf8(chunk: Any) -> Utf8:  # noqa: ANN401 - a pyarrow StringArray
    """The offsets and bytes of an Arrow string array, without copying the bytes."""
    _, offset_buffer, data_buffer = chunk.buffers()
    offsets = np.frombuffer(
        offset_buffer, dtype=np.int32, count=len(chunk) + 1, offset=chunk.offset * 4
    ).astype(np.int64)
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8)
        if data_buffer is not None
        else np.zeros(0, dtype=np.uint8)
    )
    return data, offsets
