"""Distinct rows of small integer columns, vectorised (the distinct-count engine).

Distinct actors per condition, active days per channel and the like are sets of
rows of integer codes. Each row is packed into one ``int64`` (a mixed-radix
number), and the distinct keys are found with a boolean bitmap when the key
space is small enough (a single pass, no sort: the design's "boolean bitmaps")
and with ``numpy.unique`` otherwise. Rows come back sorted, so equal sets give
equal arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["RowSet", "distinct_rows", "distinct_table"]

_BITMAP_LIMIT = 1 << 27  # bytes of bitmap worth one pass instead of a sort
_KEY_LIMIT = 1 << 62


def distinct_rows(
    columns: Sequence[npt.NDArray[np.integer[Any]]], sizes: Sequence[int]
) -> list[npt.NDArray[np.int64]]:
    """The distinct rows of ``columns``, sorted lexicographically.

    ``columns[i]`` holds integers in ``[0, sizes[i])``.

    >>> [c.tolist() for c in distinct_rows([np.array([1, 0, 1]), np.array([2, 5, 2])], [2, 6])]
    [[0, 1], [5, 2]]
    """
    if not len(columns[0]):
        return [np.array([], dtype=np.int64) for _ in columns]
    space = 1
    for size in sizes:
        space *= max(int(size), 1)
    if space >= _KEY_LIMIT:
        raise OverflowError(f"too many combinations ({space}) to pack into one key")
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, size in zip(columns, sizes, strict=True):
        key *= max(int(size), 1)
        key += column
    if space <= _BITMAP_LIMIT and space <= 8 * len(key):
        seen = np.zeros(space, dtype=bool)
        seen[key] = True
        key = np.flatnonzero(seen).astype(np.int64)
    else:
        # Sort and compare neighbours: numpy 2's hash-based unique is far slower here.
        key.sort()
        if len(key) > 1:
            key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    result = []
    for size in reversed(sizes):
        key, rest = np.divmod(key, max(int(size), 1))
        result.append(rest)
    return result[::-1]


def distinct_table(columns: Sequence[npt.NDArray[np.integer[Any]]]) -> list[npt.NDArray[np.int64]]:
    """Like :func:`distinct_rows` for columns of any integers (negative ones included).

    >>> [c.tolist() for c in distinct_table([np.array([-1, 3, -1]), np.array([7, 7, 7])])]
    [[-1, 3], [7, 7]]
    """
    if not len(columns[0]):
        return [np.array([], dtype=np.int64) for _ in columns]
    lows = [int(column.min()) for column in columns]
    shifted = [
        np.asarray(column, dtype=np.int64) - low for column, low in zip(columns, lows, strict=True)
    ]
    sizes = [int(column.max()) + 1 for column in shifted]
    return [column + low for column, low in zip(distinct_rows(shifted, sizes), lows, strict=True)]


def _rows_in(columns: Sequence[npt.NDArray[np.integer[Any]] | int]) -> int:
    """The number of rows: that of the array columns (scalars stand for any number)."""
    lengths = {len(column) for column in columns if isinstance(column, np.ndarray)}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    return lengths.pop() if lengths else 1


class RowSet:
    """The distinct rows of integer columns, added to batch by batch.

    When the key space is small (the product of ``sizes`` within the bitmap limit)
    one bitmap is kept and OR-ed with every batch, so memory does not grow with
    the number of batches; otherwise each batch's distinct rows are kept and
    merged at the end.

    >>> rows = RowSet([3, 4])
    >>> rows.add([np.array([2, 0]), np.array([1, 3])])
    >>> rows.add([np.array([2]), np.array([1])])
    >>> [c.tolist() for c in rows.finish()]
    [[0, 2], [3, 1]]
    """

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = [max(int(size), 1) for size in sizes]
        space = 1
        for size in self.sizes:
            space *= size
        self.bitmap = np.zeros(space, dtype=bool) if space <= _BITMAP_LIMIT else None
        self.parts: list[list[npt.NDArray[np.int64]]] = []

    def add(self, columns: Sequence[npt.NDArray[np.integer[Any]] | int]) -> None:
        """Add the rows of ``columns`` (integers within ``sizes``)."""
        self.absorb(self.prepare(columns))

    def prepare(self, columns: Sequence[npt.NDArray[np.integer[Any]] | int]) -> Any:  # noqa: ANN401
        """The part of :meth:`add` that touches no state (safe on any thread).

        A column may be a scalar, standing for that value on every row.
        """
        length = _rows_in(columns)
        if self.bitmap is None:
            return distinct_rows(
                [np.broadcast_to(column, length) for column in columns], self.sizes
            )
        key = None
        for column, size in zip(columns, self.sizes, strict=True):
            if size == 1:  # a column that can only hold 0 adds nothing to the key
                continue
            if key is None:
                key = np.asarray(column).astype(np.int64)
            else:
                key *= size
                key += column
        if key is None:
            return np.zeros(length, dtype=np.int64)
        return key

    def absorb(self, prepared: Any) -> None:  # noqa: ANN401
        """Add what :meth:`prepare` returned."""
        if self.bitmap is None:
            self.parts.append(prepared)
        else:
            self.bitmap[prepared] = True

    def finish(self) -> list[npt.NDArray[np.int64]]:
        """The distinct rows added, sorted lexicographically."""
        if self.bitmap is not None:
            key = np.flatnonzero(self.bitmap).astype(np.int64)
            result = []
            for size in reversed(self.sizes):
                key, rest = np.divmod(key, size)
                result.append(rest)
            return result[::-1]
        if not self.parts:
            return [np.array([], dtype=np.int64) for _ in self.sizes]
        joined = [np.concatenate(columns) for columns in zip(*self.parts, strict=True)]
        return distinct_rows(joined, self.sizes)
