"""Cutting and joining chunks by rows read, so that chunks do not depend on the engine.

Engines deliver rows in pieces of their own size (Arrow's blocks, the Python
engine's batches). :func:`rechunk` cuts and joins them so that chunk ``k`` holds
exactly the rows read ``k * size`` to ``(k + 1) * size``: the same chunks, and so
the same logs, whichever engine read the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from valuecocreation.io._text import Column, concat_columns
from valuecocreation.io._validate import Chunk

__all__ = ["join_chunks", "rechunk"]


def _split(chunk: Chunk, boundary: int) -> tuple[Chunk, Chunk]:
    """The rows read before ``boundary`` (a position in the whole file) and the rest."""
    cut = int(np.searchsorted(chunk.rows, boundary))
    head_bad = [row for row in chunk.bad if row.row < boundary]
    tail_bad = [row for row in chunk.bad if row.row >= boundary]
    columns: Sequence[Column] = chunk.columns  # type: ignore[assignment]
    head = Chunk(
        columns=[column.slice(0, cut) for column in columns],
        rows=chunk.rows[:cut],
        lines=chunk.lines[:cut],
        bad=head_bad,
        rows_read=cut + len(head_bad),
    )
    tail = Chunk(
        columns=[column.slice(cut, len(column)) for column in columns],
        rows=chunk.rows[cut:],
        lines=chunk.lines[cut:],
        bad=tail_bad,
        rows_read=len(chunk.rows) - cut + len(tail_bad),
    )
    return head, tail


def join_chunks(chunks: Sequence[Chunk], width: int) -> Chunk:
    """One chunk with the rows of consecutive ``chunks`` (of a file of ``width`` columns)."""
    if len(chunks) == 1:
        return chunks[0]
    if not chunks:
        return Chunk(
            columns=[concat_columns([]) for _ in range(width)],
            rows=np.zeros(0, dtype=np.int64),
            lines=np.zeros(0, dtype=np.int64),
            bad=[],
            rows_read=0,
        )
    columns = [
        concat_columns([chunk.columns[position] for chunk in chunks])  # type: ignore[misc]
        for position in range(width)
    ]
    return Chunk(
        columns=columns,
        rows=np.concatenate([chunk.rows for chunk in chunks]),
        lines=np.concatenate([chunk.lines for chunk in chunks]),
        bad=[row for chunk in chunks for row in chunk.bad],
        rows_read=sum(chunk.rows_read for chunk in chunks),
    )


def rechunk(chunks: Iterable[Chunk], size: int, width: int) -> Iterator[Chunk]:
    """Chunks of exactly ``size`` rows read (the last may be shorter), in order."""
    waiting: list[Chunk] = []
    held = 0
    done = 0  # rows read in the chunks already given out
    for chunk in chunks:
        if not chunk.rows_read:
            continue
        waiting.append(chunk)
        held += chunk.rows_read
        while held >= size:
            boundary = done + size
            head, tail = _split(waiting[-1], boundary)
            yield join_chunks([*waiting[:-1], head], width)
            waiting = [tail] if tail.rows_read else []
            held = tail.rows_read
            done = boundary
    if held:
        yield join_chunks(waiting, width)
