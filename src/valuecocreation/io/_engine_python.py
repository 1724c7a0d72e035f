r"""The pure-Python CSV engine: the CSV front end's records, in chunks of columns.

This engine is the reference: the records and the rules for odd ones (blank
lines skipped, undecodable bytes, a wrong number of fields or an unclosed quote
making a bad row, an over-long field stopping the reading) are those of the
front end, :mod:`valuecocreation._core.csvrows`, shared by every reader. The
pyarrow engine hands every record it cannot vouch for to this one, so both give
the same answers.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Final

import numpy as np

from valuecocreation._core.csvfile import CsvFile
from valuecocreation._core.csvrows import records
from valuecocreation.io._result import RejectedRow
from valuecocreation.io._text import StrColumn
from valuecocreation.io._validate import Chunk

__all__ = ["python_chunks"]

# The first chunk is small and each next one twice as large (up to the size asked
# for): a bad row early in a file is reported after a few records, not 65,536.
_FIRST_CHUNK: Final = 1 << 10


def python_chunks(
    file: CsvFile, *, rows: int, start_line: int | None = None, start_row: int = 0
) -> Generator[Chunk, None, None]:
    """Chunks of ``rows`` rows read, from ``start_line`` (the first data line by default).

    ``start_row`` is the number of rows read before ``start_line``, so that rows keep
    their position in the whole file.
    """
    width = len(file.header)
    values: list[list[str]] = [[] for _ in range(width)]
    positions: list[int] = []
    starts: list[int] = []
    bad: list[RejectedRow] = []
    limit = min(rows, _FIRST_CHUNK)
    for record in records(file, start_line=start_line, start_row=start_row):
        if record.problem is None:
            for column, text in zip(values, record.fields, strict=True):
                column.append(text)
            positions.append(record.row)
            starts.append(record.line)
        else:
            at = record.at
            bad.append(
                RejectedRow(
                    line=record.line,
                    row=record.row,
                    fields=tuple(record.fields),
                    reason=record.problem,
                    column=file.header[at] if at is not None and at < width else None,
                    value=record.fields[at] if at is not None else None,
                )
            )
        if len(positions) + len(bad) >= limit:
            yield _chunk(values, positions, starts, bad)
            values = [[] for _ in range(width)]
            positions, starts, bad = [], [], []
            limit = min(2 * limit, rows)
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
