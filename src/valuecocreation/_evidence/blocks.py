"""The statistics of a log, block by block on a few threads: :func:`log_tables`.

A pass over the events in blocks of :data:`~valuecocreation._evidence.windows.BLOCK_ROWS`
bounds the temporaries, so memory stays near the log's own size however long the
log is, and every statistic adds up exactly across blocks. numpy releases the
interpreter lock in most of what a block needs, so blocks overlap on several cores.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._core.exact import SHIFT, exact_sums
from valuecocreation._core.factorize import TEXT_DTYPE
from valuecocreation._core.rows import RowSet
from valuecocreation._evidence.actors import ROLES
from valuecocreation._evidence.matching import Block, block_matches
from valuecocreation._evidence.tables import (
    NO_TIME_HIGH,
    NO_TIME_LOW,
    Tables,
    compacted,
    frozen,
    no_rows,
    sorted_rows,
)
from valuecocreation._evidence.windows import (
    BLOCK_ROWS,
    US_PER_DAY,
    Period,
    window_list,
    window_positions,
)
from valuecocreation.errors import ValidationError
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap
from valuecocreation.model import InteractionKind

__all__ = ["THREADS", "log_tables"]

_EXCHANGE_KINDS: Final = (
    InteractionKind.SUPPORT_REQUEST.code,
    InteractionKind.SUPPORT_RESPONSE.code,
)
_IS_EXCHANGE: Final = np.isin(np.arange(len(InteractionKind)), _EXCHANGE_KINDS)
THREADS: Final = min(4, os.cpu_count() or 1)  # blocks computed at once

Ints = npt.NDArray[np.int64]


def log_tables(  # noqa: PLR0917 - the settings of one evidence, checked by the caller
    log: InteractionLog,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    roles: npt.NDArray[np.uint8],
    attributes: dict[str, Any],
    period: Period | None,
    segment_by: str | None,
) -> Tables:
    """The statistics of ``log`` under ``mapping``, split by ``period`` and ``segment_by``.

    ``roles`` and ``attributes`` are those of
    :func:`~valuecocreation._evidence.actors.actor_table`; windows and segments
    without any event are left out.

    >>> from valuecocreation import KIM_CHOI_2019, KIM_CHOI_2019_MAP, InteractionLog
    >>> log = InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"}])
    >>> roles = np.ones(len(log.actors), dtype=np.uint8)  # both users
    >>> tables = log_tables(log, KIM_CHOI_2019_MAP, KIM_CHOI_2019.condition_keys, roles, {},
    ...                     None, None)
    >>> int(tables.events.sum()), tables.credited[3].tolist()  # one like, credited to ana
    (1, [0])
    """
    times = log.timestamps.view(np.int64)
    windows = window_list(times, period)
    segments, segment_of = _segments(log, segment_by, attributes)
    shape = (len(windows), len(segments), len(conditions))
    days = (
        (int(times.min()) // US_PER_DAY, int(times.max()) // US_PER_DAY) if len(times) else (0, 0)
    )
    totals = _Totals(shape, len(log.actors), len(log.channels), days)

    def block_stats(start: int) -> _BlockStats:
        block = slice(start, start + BLOCK_ROWS)
        columns = Block(
            start=start,
            kind=log.kind_codes[block],
            source=log.source_codes[block],
            target=log.target_codes[block],
            channel=log.channel_codes[block],
            weights=log.weights[block],
            times=times[block],
            channel_names=log.channels,
            roles=roles,
        )
        window_of = None if period is None else window_positions(columns.times, period, windows)
        return totals.stats(columns, mapping, conditions, window_of, segment_of)

    for stats in _in_order(block_stats, range(0, len(log), BLOCK_ROWS)):
        totals.absorb(stats)
    tables = Tables(
        actors=log.actors,
        channels=log.channels,
        windows=windows,
        segments=segments,
        **totals.finish(),
    )
    return compacted(frozen(tables))


def _squares(value: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], Ints]:
    """Squares of ``value``, 0 where float64 overflows, and the positions where it does."""
    with np.errstate(over="ignore"):
        squares = value * value
    huge = np.flatnonzero(~np.isfinite(squares))
    squares[huge] = 0.0
    return squares, huge


def _add_huge(
    sums: npt.NDArray[np.object_], value: npt.NDArray[np.float64], huge: Ints, cell: Ints
) -> npt.NDArray[np.object_]:
    """Add the squares too large for float64, exactly (such weights are whole numbers)."""
    for row in huge.tolist():
        sums[cell[row]] += int(value[row]) ** 2 << SHIFT
    return sums


class _BlockStats(NamedTuple):
    """What one block of events contributes to the evidence."""

    cell2: Any  # (window, segment) cell per event, or 0 for an unsplit log
    times: Ints
    active: Any  # prepared for RowSet.absorb, as the three below
    channels: Any
    events: Ints
    weight: npt.NDArray[np.object_]
    weight_sq: npt.NDArray[np.object_]
    credited: Any
    days: Any
    exchanges: list[Ints]


def _in_order(work: Callable[[int], _BlockStats], starts: range) -> Iterator[_BlockStats]:
    """``work(start)`` for every start, in order, computed on a few threads.

    numpy releases the interpreter lock in most of what a block needs, so blocks
    overlap on several cores (on two cores, evidence of ten million events is
    built in about two thirds of the time). At most ``THREADS`` blocks are in
    flight, which bounds memory, and results and errors come back in block order,
    so the outcome does not depend on the threads.
    """
    if len(starts) < 2 or THREADS < 2:
        yield from map(work, starts)
        return
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        pending: deque[Future[_BlockStats]] = deque()
        for start in starts:
            pending.append(pool.submit(work, start))
            if len(pending) >= THREADS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class _Totals:
    """Running statistics of from_log, added block by block, finished into arrays."""

    def __init__(
        self, shape: tuple[int, int, int], n_actors: int, n_channels: int, days: tuple[int, int]
    ) -> None:
        self.shape = shape
        self.n_cells2 = shape[0] * shape[1]
        self.size = self.n_cells2 * shape[2]
        self.n_actors = n_actors
        self.day_low = days[0]
        self.events = np.zeros(self.size, dtype=np.int64)
        self.weight = np.zeros(self.size, dtype=object)
        self.weight_sq = np.zeros(self.size, dtype=object)
        self.first = np.full(self.n_cells2, NO_TIME_LOW, dtype=np.int64)
        self.last = np.full(self.n_cells2, NO_TIME_HIGH, dtype=np.int64)
        self.total = np.zeros(self.n_cells2, dtype=np.int64)
        self.credited = RowSet([self.size, n_actors])
        self.active = RowSet([self.n_cells2, n_actors])
        # Channel codes are shifted by one so that "no channel" (-1) becomes 0.
        self.days = RowSet([self.size, days[1] - days[0] + 1, n_channels + 1])
        self.channels_seen = RowSet([self.n_cells2, n_channels + 1])
        self.exchanges: list[list[Ints]] = []

    def stats(
        self,
        block: Block,
        mapping: ConditionMap,
        conditions: tuple[str, ...],
        window_of: Ints | None,
        segment_of: Any,  # noqa: ANN401
    ) -> _BlockStats:
        """The statistics of one block of events.

        Nothing shared is changed, so blocks can be computed on several threads;
        :meth:`absorb` adds the result to the totals.
        """
        n_segments, n_conditions = self.shape[1], self.shape[2]
        # One window and one segment (the usual case) needs no per-event cell column.
        cell2: Any = 0
        if self.n_cells2 > 1:
            cell2 = segment_of(block.channel, block.source)
            if window_of is not None:
                cell2 = window_of * n_segments + cell2
        # Active actors: sources of a population role, in their own segment.
        in_population = np.zeros(len(ROLES), dtype=bool)
        in_population[[ROLES.index(r) for r in mapping.population]] = True
        source_role = block.roles[block.source]
        population = in_population[source_role]

        rows, condition, credited, value = block_matches(block, mapping, conditions, source_role)
        if self.n_cells2 > 1:
            segment = segment_of(block.channel[rows], credited)
            window = 0 if window_of is None else window_of[rows]
            cell = (window * n_segments + segment) * n_conditions + condition
        else:
            cell = condition
        squares, huge = _squares(value)
        exchange = _IS_EXCHANGE[block.kind[rows]]
        exchange_rows = rows[exchange]
        return _BlockStats(
            cell2=cell2,
            times=block.times,
            active=self.active.prepare([_at(cell2, population), block.source[population]]),
            channels=self.channels_seen.prepare(
                _present_channels(block.channel)
                if self.n_cells2 == 1
                else [cell2, block.channel + 1]
            ),
            events=np.bincount(cell, minlength=self.size).astype(np.int64),
            weight=exact_sums(value, cell, self.size),
            weight_sq=_add_huge(exact_sums(squares, cell, self.size), value, huge, cell),
            credited=self.credited.prepare([cell, credited]),
            days=self.days.prepare(
                [
                    cell,
                    np.floor_divide(block.times[rows], US_PER_DAY) - self.day_low,
                    block.channel[rows] + 1,
                ]
            ),
            exchanges=[
                cell[exchange],
                block.source[exchange_rows].astype(np.int64),
                block.target[exchange_rows].astype(np.int64),
                block.times[exchange_rows],
                (block.kind[exchange_rows] == _EXCHANGE_KINDS[1]).astype(np.int64),
            ],
        )

    def absorb(self, stats: _BlockStats) -> None:
        """Add one block's statistics to the running totals."""
        self.active.absorb(stats.active)
        self._spans(stats.cell2, stats.times)
        self.channels_seen.absorb(stats.channels)
        self.events += stats.events
        self.weight += stats.weight
        self.weight_sq += stats.weight_sq
        self.credited.absorb(stats.credited)
        self.days.absorb(stats.days)
        self.exchanges.append(stats.exchanges)

    def _spans(self, cell2: Any, times: Ints) -> None:  # noqa: ANN401
        if not len(times):
            return
        if self.n_cells2 == 1:
            self.first[0] = min(self.first[0], times.min())
            self.last[0] = max(self.last[0], times.max())
            self.total[0] += len(times)
            return
        np.minimum.at(self.first, cell2, times)
        np.maximum.at(self.last, cell2, times)
        self.total += np.bincount(cell2, minlength=self.n_cells2)

    def finish(self) -> dict[str, Any]:
        """The arrays of the evidence, keyed by field name."""
        shape = self.shape
        days = self.days.finish()
        days[1] += self.day_low
        days[2] -= 1
        seen = self.channels_seen.finish()
        has_channel = seen[1] > 0
        exchanges = (
            [np.concatenate(columns) for columns in zip(*self.exchanges, strict=True)]
            if self.exchanges
            else no_rows(5)
        )
        return {
            "events": self.events.reshape(shape),
            "weight": self.weight.reshape(shape),
            "weight_sq": self.weight_sq.reshape(shape),
            "first": self.first.reshape(shape[:2]),
            "last": self.last.reshape(shape[:2]),
            "total": self.total.reshape(shape[:2]),
            "credited": _split_cells(self.credited.finish(), shape),
            "active": _split_cells(self.active.finish(), shape[:2]),
            "days": _split_cells(days, shape),
            "channels_seen": _split_cells(
                [seen[0][has_channel], seen[1][has_channel] - 1], shape[:2]
            ),
            "exchanges": _split_cells(sorted_rows(exchanges), shape),
            "context": no_rows(4),
        }


def _present_channels(channel: npt.NDArray[np.integer[Any]]) -> list[Ints]:
    """Rows (0, channel code + 1) of the channels a block uses, for an unsplit log."""
    present = np.flatnonzero(np.bincount(channel + 1)).astype(np.int64)
    return [np.zeros(len(present), dtype=np.int64), present]


def _at(cell: Any, keep: npt.NDArray[np.bool_]) -> Any:  # noqa: ANN401
    """``cell[keep]``, where a scalar cell (one window and segment) stays a scalar."""
    return cell[keep] if isinstance(cell, np.ndarray) else cell


def _segments(
    log: InteractionLog, segment_by: str | None, attributes: dict[str, Any]
) -> tuple[npt.NDArray[Any], Any]:
    """Segment names, and a function (channel codes, actor codes) -> segment positions."""
    if segment_by is None:
        return (
            np.array([""] if len(log) else [], dtype=TEXT_DTYPE),
            lambda channels, actors: np.zeros(len(actors), dtype=np.int64),
        )
    if segment_by == "channel":
        names = np.concatenate([np.array([""], dtype=TEXT_DTYPE), log.channels])
        used = np.bincount(log.channel_codes + 1, minlength=len(names)) > 0
        renumber = np.cumsum(used) - 1
        return names[used], lambda channels, actors: renumber[channels + 1]
    if not any(segment_by in values for values in attributes.values()):
        raise ValidationError(
            f"no actor has the attribute {segment_by!r}; pass actors= with it, or "
            "segment_by='channel'",
            column="segment_by",
            value=segment_by,
        )
    labels = [_label(attributes.get(name, {}).get(segment_by)) for name in log.actors.tolist()]
    names, per_actor = np.unique(np.array(labels, dtype=object).astype(str), return_inverse=True)
    per_actor = per_actor.astype(np.int64)
    return names.astype(TEXT_DTYPE), lambda channels, actors: per_actor[actors]


def _label(value: object) -> str:
    return "" if value is None else str(value)


def _split_cells(table: list[Ints], shape: tuple[int, ...]) -> list[Ints]:
    """Rows keyed by a flat cell number -> rows keyed by (window, segment[, condition])."""
    cells = np.unravel_index(table[0], shape) if len(shape) > 1 else (table[0],)
    return [np.asarray(c, dtype=np.int64) for c in cells] + [c.astype(np.int64) for c in table[1:]]
