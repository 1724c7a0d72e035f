"""The arrays behind an :class:`~valuecocreation.evidence.Evidence`, and their algebra.

:class:`Tables` holds every statistic of the evidence: per (window, segment,
condition) cell the event counts and exact weight sums; per (window, segment) the
time spans and event totals; and tables of distinct rows (credited actors, active
actors, active days, channels, support exchanges, responses kept aside by a
selection). :func:`merge` adds two of them, :func:`select` narrows one to some
windows and segments, :func:`compacted` drops what nothing refers to. They never
write into their arguments, and what they return is read-only.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import TEXT_DTYPE, union_vocabularies
from valuecocreation._core.rows import distinct_table

__all__ = [
    "NO_TIME_HIGH",
    "NO_TIME_LOW",
    "Tables",
    "compacted",
    "empty",
    "frozen",
    "merge",
    "no_rows",
    "same",
    "select",
    "sorted_rows",
]

NO_TIME_LOW: Final = np.iinfo(np.int64).max  # "first" of a cell without events
NO_TIME_HIGH: Final = np.iinfo(np.int64).min  # "last" of a cell without events

Ints = npt.NDArray[np.int64]


class Tables(NamedTuple):
    """Every statistic of an evidence; codes index into its own vocabularies.

    Row tables are lists of equal-length integer columns whose first two columns
    are the window and segment positions.
    """

    actors: npt.NDArray[Any]  # sorted actor ids
    channels: npt.NDArray[Any]  # sorted channel names
    windows: Ints  # window starts, days since 1970-01-01
    segments: npt.NDArray[Any]  # segment names
    events: Ints  # (window, segment, condition): matched interactions
    weight: npt.NDArray[np.object_]  # exact sums (shifted integers, see _core.exact)
    weight_sq: npt.NDArray[np.object_]
    first: Ints  # (window, segment): first and last timestamp, total interactions
    last: Ints
    total: Ints
    credited: list[Ints]  # window, segment, condition, actor
    active: list[Ints]  # window, segment, actor
    days: list[Ints]  # window, segment, condition, day, channel (-1: none)
    channels_seen: list[Ints]  # window, segment, channel
    exchanges: list[Ints]  # window, segment, condition, source, target, time, is response
    context: list[Ints]  # responses outside a selection: condition, source, target, time


def no_rows(width: int) -> list[Ints]:
    """An empty row table of ``width`` columns.

    >>> no_rows(2)
    [array([], dtype=int64), array([], dtype=int64)]
    """
    return [np.array([], dtype=np.int64) for _ in range(width)]


def empty(n_conditions: int) -> Tables:
    """The tables of no events.

    >>> empty(12).events.shape
    (0, 0, 12)
    """
    no_text = np.array([], dtype=TEXT_DTYPE)
    no_ints = np.array([], dtype=np.int64)
    return frozen(
        Tables(
            actors=no_text,
            channels=no_text,
            windows=no_ints,
            segments=no_text,
            events=np.zeros((0, 0, n_conditions), dtype=np.int64),
            weight=np.zeros((0, 0, n_conditions), dtype=object),
            weight_sq=np.zeros((0, 0, n_conditions), dtype=object),
            first=np.zeros((0, 0), dtype=np.int64),
            last=np.zeros((0, 0), dtype=np.int64),
            total=np.zeros((0, 0), dtype=np.int64),
            credited=no_rows(4),
            active=no_rows(3),
            days=no_rows(5),
            channels_seen=no_rows(3),
            exchanges=no_rows(7),
            context=no_rows(4),
        )
    )


def frozen(tables: Tables) -> Tables:
    """``tables`` with every numeric array made read-only (object sums cannot be)."""
    for value in tables:
        for column in value if isinstance(value, list) else [value]:
            if column.dtype != object:
                column.flags.writeable = False
    return tables


def same(first: Tables, second: Tables) -> bool:
    """Whether two tables hold the same statistics, array for array.

    >>> same(empty(3), empty(3)), same(empty(3), empty(4))
    (True, False)
    """
    return all(_same(a, b) for a, b in zip(first, second, strict=True))


def _same(first: Any, second: Any) -> bool:  # noqa: ANN401
    if isinstance(first, list):
        return len(first) == len(second) and all(
            _same(a, b) for a, b in zip(first, second, strict=True)
        )
    return bool(first.shape == second.shape and np.array_equal(first, second))


def sorted_rows(columns: list[Ints]) -> list[Ints]:
    """Rows sorted by all their columns, first to last (duplicates kept)."""
    if not columns or not len(columns[0]):
        return [np.asarray(c, dtype=np.int64) for c in columns]
    order = np.lexsort(columns[::-1])
    return [np.asarray(column, dtype=np.int64)[order] for column in columns]


# ---------------------------------------------------------------------- merging
def merge(*parts: Tables) -> Tables:
    """The tables of the events behind all ``parts`` together, in one pass.

    Vocabularies, windows and segments are united and every code renumbered, so
    tables built from separately read logs merge exactly; the result does not
    depend on the order or grouping of the parts. Every vocabulary is united once
    and every row table made distinct once, whatever the number of parts: a fold
    of ``k`` parts two at a time would unite the growing vocabulary ``k - 1``
    times, which is what made merging many chunks cost more than reading them.

    >>> merge(empty(2), empty(2), empty(2)).events.shape
    (0, 0, 2)
    """
    if len(parts) == 1:
        return parts[0]
    actors, actor_maps = union_vocabularies(*(part.actors for part in parts))
    channels, channel_maps = union_vocabularies(*(part.channels for part in parts))
    windows = np.unique(np.concatenate([part.windows for part in parts])).astype(np.int64)
    segments, segment_maps = union_vocabularies(*(part.segments for part in parts))
    window_maps = [np.flatnonzero(np.isin(windows, part.windows)) for part in parts]
    shape = (len(windows), len(segments), parts[0].events.shape[2])
    grids = [np.ix_(w, s) for w, s in zip(window_maps, segment_maps, strict=True)]

    def cells(field: str, fill: object, combine: Any) -> npt.NDArray[Any]:  # noqa: ANN401
        first = getattr(parts[0], field)
        out = np.full(shape[: first.ndim], fill, dtype=first.dtype)
        if first.dtype == object:
            out[...] = fill
        for grid, part in zip(grids, parts, strict=True):
            out[grid] = combine(out[grid], getattr(part, field))
        return out

    maps = [
        (w, s, a, np.append(c, -1))
        for w, s, a, c in zip(window_maps, segment_maps, actor_maps, channel_maps, strict=True)
    ]

    def rows(
        field: str,
        actor_columns: tuple[int, ...] = (),
        channel_columns: tuple[int, ...] = (),
        *,
        distinct: bool = True,
    ) -> list[Ints]:
        renumbered = []
        for (window_map, segment_map, actor_map, channel_map), part in zip(
            maps, parts, strict=True
        ):
            columns = list(getattr(part, field))  # replaced below, never written into
            columns[0] = window_map[columns[0]]
            columns[1] = segment_map[columns[1]]
            for position in actor_columns:
                columns[position] = actor_map[columns[position]]
            for position in channel_columns:
                columns[position] = channel_map[columns[position]]
            renumbered.append(columns)
        joined = [
            np.concatenate(column).astype(np.int64) for column in zip(*renumbered, strict=True)
        ]
        return distinct_table(joined) if distinct else sorted_rows(joined)

    exchanges = rows("exchanges", actor_columns=(3, 4), distinct=False)
    context_parts = []
    for part, actor_map in zip(parts, actor_maps, strict=True):
        condition, source, target, time = part.context
        context_parts.append([condition, actor_map[source], actor_map[target], time])
    context = distinct_table(
        [np.concatenate(column).astype(np.int64) for column in zip(*context_parts, strict=True)]
    )
    return frozen(
        Tables(
            actors=actors,
            channels=channels,
            windows=windows,
            segments=segments,
            events=cells("events", 0, np.add),
            weight=cells("weight", 0, np.add),
            weight_sq=cells("weight_sq", 0, np.add),
            first=cells("first", NO_TIME_LOW, np.minimum),
            last=cells("last", NO_TIME_HIGH, np.maximum),
            total=cells("total", 0, np.add),
            credited=rows("credited", actor_columns=(3,)),
            active=rows("active", actor_columns=(2,)),
            days=rows("days", channel_columns=(4,)),
            channels_seen=rows("channels_seen", channel_columns=(2,)),
            exchanges=exchanges,
            context=_without_known_responses(context, exchanges),
        )
    )


def _without_known_responses(context: list[Ints], exchanges: list[Ints]) -> list[Ints]:
    """Drop the responses kept aside that the merged evidence holds itself."""
    # Support responses are few next to the events, so plain Python sets do.
    if not len(context[0]):
        return context
    responses = exchanges[6] == 1
    held = {
        tuple(row)
        for row in zip(*(exchanges[i][responses].tolist() for i in (2, 3, 4, 5)), strict=True)
    }
    keep = np.array(
        [
            tuple(row) not in held
            for row in zip(*(column.tolist() for column in context), strict=True)
        ],
        dtype=bool,
    )
    return [column[keep] for column in context]


# ---------------------------------------------------------------------- narrowing
def select(tables: Tables, keep_windows: Ints, keep_segments: Ints) -> Tables:
    """The tables of some windows and segments (positions, in order).

    Responses to support requests from outside the selection are kept aside in
    ``context``, so that a request near a window's end can still find its answer.

    >>> select(empty(2), np.array([], dtype=np.int64), np.array([], dtype=np.int64)).windows
    array([], dtype=int64)
    """
    renumber_w = np.full(len(tables.windows), -1, dtype=np.int64)
    renumber_w[keep_windows] = np.arange(len(keep_windows))
    renumber_s = np.full(len(tables.segments), -1, dtype=np.int64)
    renumber_s[keep_segments] = np.arange(len(keep_segments))

    def inside(table: list[Ints]) -> npt.NDArray[np.bool_]:
        return (renumber_w[table[0]] >= 0) & (renumber_s[table[1]] >= 0)

    def rows(table: list[Ints]) -> list[Ints]:
        keep = inside(table)
        columns = [column[keep] for column in table]
        columns[0] = renumber_w[columns[0]]
        columns[1] = renumber_s[columns[1]]
        return columns

    outside = ~inside(tables.exchanges) & (tables.exchanges[6] == 1)
    context = distinct_table(
        [
            np.concatenate([a, b[outside]])
            for a, b in zip(tables.context, tables.exchanges[2:6], strict=True)
        ]
    )
    grid = np.ix_(keep_windows, keep_segments)
    return frozen(
        Tables(
            actors=tables.actors,
            channels=tables.channels,
            windows=tables.windows[keep_windows],
            segments=tables.segments[keep_segments],
            events=tables.events[grid].copy(),
            weight=tables.weight[grid].copy(),
            weight_sq=tables.weight_sq[grid].copy(),
            first=tables.first[grid].copy(),
            last=tables.last[grid].copy(),
            total=tables.total[grid].copy(),
            credited=rows(tables.credited),
            active=rows(tables.active),
            days=rows(tables.days),
            channels_seen=rows(tables.channels_seen),
            exchanges=rows(tables.exchanges),
            context=context,
        )
    )


def compacted(tables: Tables) -> Tables:
    """``tables`` without the windows and segments nothing refers to.

    >>> compacted(empty(2)).events.shape
    (0, 0, 2)
    """
    spans = tables.first <= tables.last
    used_windows = (tables.events.sum(axis=(1, 2)) > 0) | spans.any(1)
    used_segments = (tables.events.sum(axis=(0, 2)) > 0) | spans.any(0)
    if used_windows.all() and used_segments.all():
        return tables
    keep_w, keep_s = np.flatnonzero(used_windows), np.flatnonzero(used_segments)
    renumber_w = np.cumsum(used_windows) - 1
    renumber_s = np.cumsum(used_segments) - 1
    grid = np.ix_(keep_w, keep_s)

    def rows(table: list[Ints]) -> list[Ints]:
        columns = list(table)
        columns[0] = renumber_w[columns[0]]
        columns[1] = renumber_s[columns[1]]
        return columns

    return frozen(
        tables._replace(
            windows=tables.windows[keep_w],
            segments=tables.segments[keep_s],
            events=tables.events[grid].copy(),
            weight=tables.weight[grid].copy(),
            weight_sq=tables.weight_sq[grid].copy(),
            first=tables.first[grid].copy(),
            total=tables.total[grid].copy(),
            last=tables.last[grid].copy(),
            credited=rows(tables.credited),
            active=rows(tables.active),
            days=rows(tables.days),
            channels_seen=rows(tables.channels_seen),
            exchanges=rows(tables.exchanges),
        )
    )
