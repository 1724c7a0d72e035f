"""Sufficient statistics of a log under a condition map: :class:`Evidence`.

Scorers never see events; they see evidence. For every (window, segment, condition)
cell it holds the number of mapped interactions, their exact weighted sum and sum
of squares, the set of distinct actors credited, and the (day, channel) pairs with
activity; for every (window, segment) the set of *active* actors of the
population roles and the time span; and, for conditions fed by support requests
and responses, the exchanges themselves (scorers pair them).

Evidence is a commutative monoid: :meth:`Evidence.merge` is associative and
commutative, :meth:`Evidence.empty` is its identity, and
``merge(from_log(a), from_log(b)) == from_log(concat(a, b))`` exactly, even when
``a`` and ``b`` were read separately, because sets are kept by actor id (not by a
log's private codes) and sums are kept as exact integers. That one property gives
chunked reading, multiprocessing and Dask for free.

Examples
--------
>>> import valuecocreation as vcc
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
...     {"source": "ben", "target": "shop", "kind": "view", "timestamp": "2024-02-05"},
... ])
>>> evidence = Evidence.from_log(log)
>>> evidence.events("content"), evidence.n_participants("content"), evidence.n_population
(1, 1, 2)
>>> first, second = Evidence.from_log(log[:1]), Evidence.from_log(log[1:])
>>> Evidence.merge(first, second) == evidence
True
"""

from __future__ import annotations

import bisect
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, Self, final, get_args

import numpy as np
import numpy.typing as npt

from valuecocreation._core.exact import SHIFT, exact_sums, to_float
from valuecocreation._core.factorize import TEXT_DTYPE, union_vocabularies
from valuecocreation._core.rows import RowSet, distinct_table
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap, MapRule, resolve_mapping
from valuecocreation.model import Actor, InteractionKind, Role

if TYPE_CHECKING:
    from valuecocreation.graph import ValueFlowGraph
    from valuecocreation.survey._responses import SurveyResponses

__all__ = ["ActorsLike", "Evidence", "Period"]

Period = Literal["day", "week", "month", "quarter"]
PERIODS: Final[tuple[str, ...]] = get_args(Period)
ActorsLike = Mapping[str, Role | str] | Iterable[Actor]
"""The roles of actors, as a mapping from actor id to role or as
:class:`~valuecocreation.model.Actor` objects (which also carry attributes). Actors
the log mentions but this does not list are users."""

_ROLES: Final = tuple(Role)
_EXCHANGE_KINDS: Final = (
    InteractionKind.SUPPORT_REQUEST.code,
    InteractionKind.SUPPORT_RESPONSE.code,
)
_IS_EXCHANGE: Final = np.isin(np.arange(len(InteractionKind)), _EXCHANGE_KINDS)
_US_PER_DAY: Final = 86_400_000_000
_NO_TIME_LOW: Final = np.iinfo(np.int64).max  # "first" of a cell without events
_NO_TIME_HIGH: Final = np.iinfo(np.int64).min  # "last" of a cell without events
_ALL: Final = "all"
# Events per block of from_log: bounds its temporaries, and at about two megabytes
# per column a block's passes stay in the processor's cache (measured fastest).
_BLOCK_ROWS: Final = 1 << 18
_THREADS: Final = min(4, os.cpu_count() or 1)  # blocks of from_log computed at once
_FEW_ACTORS: Final = 4096  # up to this many listed actors, binary search beats a dict

Ints = npt.NDArray[np.int64]


@final
class Evidence:
    """Mergeable sufficient statistics of an interaction log (see the module notes).

    Build it with :meth:`from_log`; combine with :meth:`merge`; narrow with
    :meth:`select`. The accessors (``events``, ``weight``, ``participants`` ...)
    aggregate over all the windows and segments the evidence holds.
    """

    __slots__ = (
        "_active",
        "_actors",
        "_channels",
        "_channels_seen",
        "_context",
        "_credited",
        "_days",
        "_events",
        "_exchanges",
        "_first",
        "_graph",
        "_last",
        "_memo",
        "_segments",
        "_survey",
        "_total",
        "_weight",
        "_weight_sq",
        "_windows",
        "conditions",
        "framework_name",
        "framework_version",
        "mapping",
        "period",
        "segment_by",
    )
    _STATE: Final = (
        "_active",
        "_actors",
        "_channels",
        "_channels_seen",
        "_credited",
        "_days",
        "_context",
        "_events",
        "_exchanges",
        "_first",
        "_graph",
        "_last",
        "_segments",
        "_survey",
        "_total",
        "_weight",
        "_weight_sq",
        "_windows",
        "conditions",
        "framework_name",
        "framework_version",
        "mapping",
        "period",
        "segment_by",
    )

    _actors: npt.NDArray[Any]
    _channels: npt.NDArray[Any]
    _windows: Ints
    _segments: npt.NDArray[Any]
    _events: Ints
    _weight: npt.NDArray[np.object_]
    _weight_sq: npt.NDArray[np.object_]
    _first: Ints
    _total: Ints
    _last: Ints
    _credited: list[Ints]
    _active: list[Ints]
    _memo: dict[str, Any]
    _days: list[Ints]
    _channels_seen: list[Ints]
    _exchanges: list[Ints]
    _context: list[Ints]  # responses outside a selection: condition, source, target, time
    _graph: ValueFlowGraph | None
    _survey: SurveyResponses | None
    framework_name: str
    framework_version: str
    conditions: tuple[str, ...]
    """Condition keys of the framework, in its order (the third axis of every cell)."""
    mapping: ConditionMap
    period: Period | None
    segment_by: str | None

    def __init__(self) -> None:  # pragma: no cover - use from_log or empty
        raise TypeError("build Evidence with Evidence.from_log() or Evidence.empty()")

    # ------------------------------------------------------------------ building
    @classmethod
    def empty(
        cls,
        *,
        framework: Framework | str = DEFAULT_FRAMEWORK,
        mapping: ConditionMap | None = None,
        period: Period | None = None,
        segment_by: str | None = None,
    ) -> Self:
        """The evidence of no events: the identity of :meth:`merge`.

        ``framework`` and ``mapping`` are as for :meth:`from_log`.

        >>> Evidence.empty().is_empty
        True
        """
        framework, mapping = _checked(framework, mapping, period, segment_by)
        conditions = framework.condition_keys
        evidence = cls.__new__(cls)
        no_text = np.array([], dtype=TEXT_DTYPE)
        no_ints = np.array([], dtype=np.int64)
        evidence._fill(
            framework=framework,
            mapping=mapping,
            period=period,
            segment_by=segment_by,
            actors=no_text,
            channels=no_text,
            windows=no_ints,
            segments=no_text,
            events=np.zeros((0, 0, len(conditions)), dtype=np.int64),
            weight=np.zeros((0, 0, len(conditions)), dtype=object),
            weight_sq=np.zeros((0, 0, len(conditions)), dtype=object),
            first=np.zeros((0, 0), dtype=np.int64),
            last=np.zeros((0, 0), dtype=np.int64),
            total=np.zeros((0, 0), dtype=np.int64),
            credited=_no_rows(4),
            active=_no_rows(3),
            days=_no_rows(5),
            channels_seen=_no_rows(3),
            exchanges=_no_rows(7),
            context=_no_rows(4),
        )
        return evidence

    @classmethod
    def from_log(
        cls,
        log: InteractionLog,
        *,
        framework: Framework | str = DEFAULT_FRAMEWORK,
        mapping: ConditionMap | None = None,
        actors: ActorsLike | None = None,
        period: Period | None = None,
        segment_by: str | None = None,
    ) -> Self:
        """The evidence of ``log`` for ``framework`` under ``mapping``.

        Parameters
        ----------
        log
            The interactions.
        framework
            Whose conditions the evidence is for: a
            :class:`~valuecocreation.framework.Framework`, or the name of an
            installed framework package (Kim & Choi 2019 by default).
        mapping
            Which interactions count for which condition; when ``None``, the
            default map of the framework's installed package (a framework that
            no installed package holds needs one).
        actors
            Roles (and attributes) of actors; unlisted actors are users. Without
            it no actor is a firm, so rules for firm actions find no evidence.
        period
            Split into calendar windows: ``"day"``, ``"week"`` (starting Monday),
            ``"month"`` or ``"quarter"`` (UTC). ``None`` keeps one window.
        segment_by
            Split into segments: ``"channel"``, or the name of an actor attribute
            (taken from ``actors``; the segment of evidence is that of the actor it
            credits). ``None`` keeps one segment.

        Raises
        ------
        ValidationError
            For a map naming an unknown condition, an unknown period, or a
            segment attribute no actor has.
        """
        if not isinstance(log, InteractionLog):
            raise ArgumentTypeError(
                "Evidence.from_log needs an InteractionLog", value=type(log).__name__
            )
        framework, mapping = _checked(framework, mapping, period, segment_by)
        conditions = framework.condition_keys
        roles, attributes = _actor_table(log.actors, actors)
        times = log.timestamps.view(np.int64)
        windows = _window_list(times, period)
        segments, segment_of = _segments(log, segment_by, attributes)
        shape = (len(windows), len(segments), len(conditions))
        days = (
            (int(times.min()) // _US_PER_DAY, int(times.max()) // _US_PER_DAY)
            if len(times)
            else (0, 0)
        )
        totals = _Totals(shape, len(log.actors), len(log.channels), days)
        # Blocks bound the temporaries: memory stays near the log's own size however
        # long the log is, and every statistic adds up exactly across blocks.

        def block_stats(start: int) -> _BlockStats:
            block = slice(start, start + _BLOCK_ROWS)
            columns = _Block(
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
            window_of = (
                None if period is None else _window_positions(columns.times, period, windows)
            )
            return totals.stats(columns, mapping, conditions, window_of, segment_of)

        for stats in _in_order(block_stats, range(0, len(log), _BLOCK_ROWS)):
            totals.absorb(stats)
        evidence = cls.__new__(cls)
        evidence._fill(
            framework=framework,
            mapping=mapping,
            period=period,
            segment_by=segment_by,
            actors=log.actors,
            channels=log.channels,
            windows=windows,
            segments=segments,
            **totals.finish(),
        )
        return evidence._compacted()

    def _fill(
        self,
        *,
        framework: Framework,
        mapping: ConditionMap,
        period: Period | None,
        segment_by: str | None,
        **arrays: Any,  # noqa: ANN401
    ) -> None:
        self.framework_name = framework.name
        self.framework_version = framework.version
        self.conditions = framework.condition_keys
        self.mapping = mapping
        self.period = period
        self.segment_by = segment_by
        self._graph = None
        self._survey = None
        self._set(**arrays)

    def _set(self, **arrays: Any) -> None:  # noqa: ANN401
        object.__setattr__(self, "_memo", {})  # derived sets, computed once when asked
        for name, value in arrays.items():
            if isinstance(value, list):
                for column in value:
                    column.flags.writeable = False
            elif value.dtype != object:
                value.flags.writeable = False
            object.__setattr__(self, f"_{name}", value)

    # ------------------------------------------------------------------ merging
    @classmethod
    def merge(cls, *evidences: Evidence) -> Evidence:
        """The evidence of all the logs behind ``evidences`` together.

        Associative and commutative, with :meth:`empty` as identity. All parts
        must share framework, map, period and segmentation.

        Raises
        ------
        ValidationError
            When the parts are not comparable, or none is given.
        """
        if not evidences:
            raise ValidationError("merge needs at least one Evidence")
        result = evidences[0]
        for other in evidences[1:]:
            result = result._merged_with(other)
        return result

    def _merged_with(self, other: Evidence) -> Evidence:
        if not isinstance(other, Evidence):
            raise ValidationError("can only merge Evidence with Evidence", value=type(other))
        for field in (
            "framework_name",
            "framework_version",
            "conditions",
            "mapping",
            "period",
            "segment_by",
        ):
            if getattr(self, field) != getattr(other, field):
                raise ValidationError(
                    f"cannot merge evidence with different {field.replace('_', ' ')}",
                    column=field,
                    value=getattr(other, field),
                )
        actors, (my_actors, its_actors) = union_vocabularies(self._actors, other._actors)
        channels, (my_channels, its_channels) = union_vocabularies(self._channels, other._channels)
        windows = np.union1d(self._windows, other._windows).astype(np.int64)
        segments, (my_segments, its_segments) = union_vocabularies(self._segments, other._segments)
        my_windows = np.flatnonzero(np.isin(windows, self._windows))
        its_windows = np.flatnonzero(np.isin(windows, other._windows))
        n_conditions = len(self.conditions)
        shape = (len(windows), len(segments), n_conditions)
        grid = np.ix_(my_windows, my_segments)
        other_grid = np.ix_(its_windows, its_segments)

        def cells(
            mine: npt.NDArray[Any],
            its: npt.NDArray[Any],
            fill: object,
            combine: Any,  # noqa: ANN401
        ) -> npt.NDArray[Any]:
            out = np.full(shape[: mine.ndim], fill, dtype=mine.dtype)
            if mine.dtype == object:
                out[...] = fill
            out[grid] = combine(out[grid], mine)
            out[other_grid] = combine(out[other_grid], its)
            return out

        maps = {"window": (my_windows, its_windows), "segment": (my_segments, its_segments)}

        def rows(
            name: str,
            actor_columns: tuple[int, ...] = (),
            channel_columns: tuple[int, ...] = (),
            *,
            distinct: bool = True,
        ) -> list[Ints]:
            merged = []
            for index, table in enumerate((getattr(self, name), getattr(other, name))):
                columns = list(table)  # every column below is replaced, never written into
                columns[0] = maps["window"][index][columns[0]]
                columns[1] = maps["segment"][index][columns[1]]
                for position in actor_columns:
                    columns[position] = (my_actors, its_actors)[index][columns[position]]
                for position in channel_columns:
                    lookup = np.append((my_channels, its_channels)[index], -1)
                    columns[position] = lookup[columns[position]]
                merged.append(columns)
            joined = [np.concatenate(pair).astype(np.int64) for pair in zip(*merged, strict=True)]
            if distinct:
                return distinct_table(joined)
            return _sorted_rows(joined)

        merged = Evidence.__new__(Evidence)
        for field in (
            "framework_name",
            "framework_version",
            "conditions",
            "mapping",
            "period",
            "segment_by",
        ):
            object.__setattr__(merged, field, getattr(self, field))
        merged._graph = _agreed("graph", self._graph, other._graph)
        merged._survey = _agreed("survey", self._survey, other._survey)
        merged._set(
            actors=actors,
            channels=channels,
            windows=windows,
            segments=segments,
            events=cells(self._events, other._events, 0, np.add),
            weight=cells(self._weight, other._weight, 0, np.add),
            weight_sq=cells(self._weight_sq, other._weight_sq, 0, np.add),
            first=cells(self._first, other._first, _NO_TIME_LOW, np.minimum),
            total=cells(self._total, other._total, 0, np.add),
            last=cells(self._last, other._last, _NO_TIME_HIGH, np.maximum),
            credited=rows("_credited", actor_columns=(3,)),
            active=rows("_active", actor_columns=(2,)),
            days=rows("_days", channel_columns=(4,)),
            channels_seen=rows("_channels_seen", channel_columns=(2,)),
            exchanges=rows("_exchanges", actor_columns=(3, 4), distinct=False),
            context=_merged_context(self, other, my_actors, its_actors),
        )
        merged._set(context=_without_known_responses(merged._context, merged._exchanges))
        return merged

    # ------------------------------------------------------------------ narrowing
    def select(self, *, window: object = None, segment: str | None = None) -> Evidence:
        """The evidence of one window and/or one segment.

        ``window`` is a label from :attr:`window_labels` (or a position); ``segment``
        a value from :attr:`segments`. Responses to support requests from outside
        the selection are kept aside (see :meth:`exchanges`), so that a request near
        a window's end can still find its answer; merging the selections of a whole
        gives the whole back.

        >>> from valuecocreation import InteractionLog
        >>> ev = Evidence.from_log(InteractionLog.from_records([
        ...     {"source": "a", "target": "f", "kind": "like", "timestamp": "2024-01-05"},
        ...     {"source": "b", "target": "f", "kind": "like", "timestamp": "2024-02-05"},
        ... ]), period="month")
        >>> ev.window_labels
        ('2024-01-01', '2024-02-01')
        >>> ev.select(window="2024-02-01").n_participants("content")
        1
        """
        keep_windows = np.arange(len(self._windows))
        keep_segments = np.arange(len(self._segments))
        if window is not None:
            keep_windows = np.array([self._window_position(window)])
        if segment is not None:
            found = np.flatnonzero(self._segments == segment)
            if not len(found):
                raise ValidationError(
                    f"no segment {segment!r}; segments are: {list(self.segments)}",
                    column="segment",
                    value=segment,
                )
            keep_segments = found
        chosen = self._copy_header()
        renumber_w = np.full(len(self._windows), -1, dtype=np.int64)
        renumber_w[keep_windows] = np.arange(len(keep_windows))
        renumber_s = np.full(len(self._segments), -1, dtype=np.int64)
        renumber_s[keep_segments] = np.arange(len(keep_segments))

        def inside(table: list[Ints]) -> npt.NDArray[np.bool_]:
            return (renumber_w[table[0]] >= 0) & (renumber_s[table[1]] >= 0)

        def rows(table: list[Ints]) -> list[Ints]:
            keep = inside(table)
            columns = [column[keep] for column in table]
            columns[0] = renumber_w[columns[0]]
            columns[1] = renumber_s[columns[1]]
            return columns

        outside = ~inside(self._exchanges) & (self._exchanges[6] == 1)
        context = distinct_table(
            [
                np.concatenate([a, b[outside]])
                for a, b in zip(self._context, self._exchanges[2:6], strict=True)
            ]
        )

        grid = np.ix_(keep_windows, keep_segments)
        chosen._set(
            actors=self._actors,
            channels=self._channels,
            windows=self._windows[keep_windows],
            segments=self._segments[keep_segments],
            events=self._events[grid].copy(),
            weight=self._weight[grid].copy(),
            weight_sq=self._weight_sq[grid].copy(),
            first=self._first[grid].copy(),
            last=self._last[grid].copy(),
            total=self._total[grid].copy(),
            credited=rows(self._credited),
            active=rows(self._active),
            days=rows(self._days),
            channels_seen=rows(self._channels_seen),
            exchanges=rows(self._exchanges),
            context=context,
        )
        return chosen

    def _copy_header(self) -> Evidence:
        """A new Evidence with this one's settings and attachments but no tables yet."""
        copy = Evidence.__new__(Evidence)
        for field in (
            "framework_name",
            "framework_version",
            "conditions",
            "mapping",
            "period",
            "segment_by",
            "_graph",
            "_survey",
        ):
            object.__setattr__(copy, field, getattr(self, field))
        return copy

    # ------------------------------------------------------------------ attaching
    def attach(
        self, *, graph: ValueFlowGraph | None = None, survey: SurveyResponses | None = None
    ) -> Evidence:
        """The same evidence with a value-flow graph and/or survey responses attached.

        Scorers that judge a condition from a graph or a survey read them from
        :attr:`graph` and :attr:`survey`; :func:`~valuecocreation.assess` attaches
        what it is given. The event statistics are shared, not copied. An argument
        left as ``None`` keeps what is attached already.

        Attachments describe the whole data rather than one chunk of it, so
        :meth:`merge` keeps them only when the parts agree: each attachment must
        be the same (equal) on every part that has one.

        Raises
        ------
        ValidationError
            If ``graph`` is not a :class:`~valuecocreation.graph.ValueFlowGraph`
            for the same framework and condition map as the evidence, or
            ``survey`` is not :class:`~valuecocreation.survey.SurveyResponses`
            whose items name only conditions of the evidence's framework.

        Examples
        --------
        >>> from valuecocreation import InteractionLog, ValueFlowGraph
        >>> log = InteractionLog.from_records([
        ...     {"source": "a", "target": "f", "kind": "like", "timestamp": "2024-01-05"}])
        >>> evidence = Evidence.from_log(log)
        >>> evidence.graph is None
        True
        >>> with_graph = evidence.attach(graph=ValueFlowGraph.from_log(log))
        >>> with_graph.graph.n_edges, with_graph == evidence
        (1, False)
        """
        from valuecocreation.graph import ValueFlowGraph  # noqa: PLC0415 - graph imports us
        from valuecocreation.survey._responses import SurveyResponses  # noqa: PLC0415

        if graph is not None:
            if not isinstance(graph, ValueFlowGraph):
                raise ValidationError(
                    "graph must be a ValueFlowGraph", column="graph", value=type(graph).__name__
                )
            if (graph.framework.name, graph.framework.version) != (
                self.framework_name,
                self.framework_version,
            ) or graph.mapping != self.mapping:
                raise ValidationError(
                    "the graph was built for another framework or condition map than the evidence",
                    column="graph",
                    value=graph.mapping.name,
                )
        if survey is not None:
            if not isinstance(survey, SurveyResponses):
                raise ValidationError(
                    "survey must be SurveyResponses", column="survey", value=type(survey).__name__
                )
            unknown = [key for key in survey.instrument.conditions if key not in self.conditions]
            if unknown:
                raise ValidationError(
                    f"the survey's instrument names conditions the framework "
                    f"{self.framework_name!r} lacks: {', '.join(unknown)}",
                    column="survey",
                    value=unknown[0],
                )
        copy = self._copy_header()
        copy._graph = self._graph if graph is None else graph
        copy._survey = self._survey if survey is None else survey
        for name in self._STATE:
            if name not in ("_graph", "_survey") and name.startswith("_"):
                object.__setattr__(copy, name, getattr(self, name))
        object.__setattr__(copy, "_memo", self._memo)
        return copy

    @property
    def graph(self) -> ValueFlowGraph | None:
        """The attached value-flow graph, or ``None`` (see :meth:`attach`)."""
        return self._graph

    @property
    def survey(self) -> SurveyResponses | None:
        """The attached survey responses, or ``None`` (see :meth:`attach`)."""
        return self._survey

    def _window_position(self, window: object) -> int:
        labels = self.window_labels
        if isinstance(window, int | np.integer) and not isinstance(window, bool):
            if 0 <= int(window) < len(labels):
                return int(window)
        elif str(window) in labels:
            return labels.index(str(window))
        raise ValidationError(
            f"no window {window!r}; windows are: {list(labels)}", column="window", value=window
        )

    # ------------------------------------------------------------------ describing
    @property
    def actors(self) -> npt.NDArray[Any]:
        """The sorted ids of every actor the evidence mentions (codes index into it)."""
        return self._actors

    @property
    def channels(self) -> npt.NDArray[Any]:
        """The sorted channel names the evidence mentions."""
        return self._channels

    @property
    def window_labels(self) -> tuple[str, ...]:
        """Window starts as ISO dates (``"all"`` when not split by period)."""
        if self.period is None:
            return tuple(_ALL for _ in self._windows)
        return tuple(str(d) for d in self._windows.astype("datetime64[D]").tolist())

    @property
    def windows(self) -> npt.NDArray[np.datetime64]:
        """Window starts as ``datetime64[D]`` (meaningless when not split by period)."""
        return self._windows.astype("datetime64[D]")

    @property
    def segments(self) -> tuple[str, ...]:
        """Segment names (``""`` for events without a channel or attribute)."""
        return tuple(self._segments.tolist())

    @property
    def is_empty(self) -> bool:
        """Whether the evidence comes from no events at all."""
        return not self._windows.size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evidence):
            return NotImplemented
        if any(
            getattr(self, f) != getattr(other, f)
            for f in (
                "framework_name",
                "framework_version",
                "conditions",
                "mapping",
                "period",
                "segment_by",
            )
        ):
            return False
        if not (
            _same_attachment(self._graph, other._graph)
            and _same_attachment(self._survey, other._survey)
        ):
            return False
        return all(
            _same(getattr(self, name), getattr(other, name))
            for name in (
                "_actors",
                "_channels",
                "_windows",
                "_segments",
                "_events",
                "_weight",
                "_weight_sq",
                "_first",
                "_last",
                "_total",
                "_credited",
                "_active",
                "_days",
                "_channels_seen",
                "_exchanges",
                "_context",
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Evidence {self.framework_name} {len(self._windows)} window(s) x "
            f"{len(self._segments)} segment(s), {int(self._events.sum())} matched "
            f"interactions, {self.n_population} active actors>"
        )

    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._STATE}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "_memo", {})
        object.__setattr__(self, "_graph", None)  # state pickled before attachments existed
        object.__setattr__(self, "_survey", None)
        for value in state.values():  # unpickled arrays come back writeable
            for column in value if isinstance(value, list) else [value]:
                if isinstance(column, np.ndarray) and column.dtype != object:
                    column.flags.writeable = False
        for name, value in state.items():
            object.__setattr__(self, name, value)

    # ------------------------------------------------------------------ statistics
    def _condition(self, condition: str) -> int:
        try:
            return self.conditions.index(condition)
        except ValueError:
            raise ValidationError(
                f"framework {self.framework_name!r} has no condition {condition!r}; valid "
                f"conditions are: {', '.join(self.conditions)}",
                column="condition",
                value=condition,
            ) from None

    def events(self, condition: str) -> int:
        """How many interactions were mapped to ``condition``."""
        return int(self._events[..., self._condition(condition)].sum())

    def weight(self, condition: str) -> float:
        """Sum of interaction weight times rule weight for ``condition`` (exact, then rounded)."""
        return float(
            to_float(np.array([self._weight[..., self._condition(condition)].sum()], dtype=object))[
                0
            ]
        )

    def weight_sq(self, condition: str) -> float:
        """Sum of squares of the weighted interactions for ``condition``."""
        return float(
            to_float(
                np.array([self._weight_sq[..., self._condition(condition)].sum()], dtype=object)
            )[0]
        )

    def _actor_mask(self, key: str, codes: Any) -> npt.NDArray[np.bool_]:  # noqa: ANN401
        """A cached boolean mask over :attr:`actors` marking ``codes()``."""
        mask = self._memo.get(key)
        if mask is None:
            # A bitmap over the vocabulary: one pass, no sort or hash table.
            mask = np.zeros(len(self._actors), dtype=bool)
            mask[codes()] = True
            mask.flags.writeable = False
            self._memo[key] = mask
        result: npt.NDArray[np.bool_] = mask
        return result

    def _credited_mask(self, condition: str) -> npt.NDArray[np.bool_]:
        position = self._condition(condition)
        masks = self._memo.get("credited")
        if masks is None:
            # Every condition's mask in one pass over the credited rows.
            masks = np.zeros((len(self.conditions), len(self._actors)), dtype=bool)
            masks[self._credited[2], self._credited[3]] = True
            masks.flags.writeable = False
            self._memo["credited"] = masks
        result: npt.NDArray[np.bool_] = masks[position]
        return result

    def _population_mask(self) -> npt.NDArray[np.bool_]:
        return self._actor_mask("population", lambda: self._active[2])

    def credited(self, condition: str) -> Ints:
        """Codes (into :attr:`actors`) of the distinct actors credited for ``condition``."""
        return np.flatnonzero(self._credited_mask(condition)).astype(np.int64)

    @property
    def population(self) -> Ints:
        """Codes of the distinct active actors of the map's population roles."""
        return np.flatnonzero(self._population_mask()).astype(np.int64)

    @property
    def n_interactions(self) -> int:
        """How many interactions the evidence comes from (mapped to a condition or not)."""
        return int(self._total.sum())

    @property
    def n_population(self) -> int:
        """How many distinct actors of the population roles were active."""
        return int(np.count_nonzero(self._population_mask()))

    def participants(self, condition: str) -> Ints:
        """Codes of active population actors credited for ``condition``."""
        both = self._credited_mask(condition) & self._population_mask()
        return np.flatnonzero(both).astype(np.int64)

    def n_participants(self, condition: str) -> int:
        """How many active population actors were credited for ``condition``."""
        return int(np.count_nonzero(self._credited_mask(condition) & self._population_mask()))

    def active_days(self, condition: str) -> tuple[Ints, Ints]:
        """Distinct (day, channel code) pairs with ``condition`` evidence.

        Days count from 1970-01-01 (UTC); channel code -1 means no channel.
        """
        where = self._days[2] == self._condition(condition)
        days, channels = distinct_table([self._days[3][where], self._days[4][where]])
        return days, channels

    @property
    def channels_seen(self) -> Ints:
        """Codes of the channels with any interaction."""
        return np.unique(self._channels_seen[2])

    @property
    def span(self) -> tuple[np.datetime64, np.datetime64] | None:
        """First and last timestamp of any interaction, or ``None`` when empty."""
        first, last = self._first.min(initial=_NO_TIME_LOW), self._last.max(initial=_NO_TIME_HIGH)
        if first > last:
            return None
        return (np.datetime64(int(first), "us"), np.datetime64(int(last), "us"))

    def exchanges(self, condition: str) -> dict[str, npt.NDArray[Any]]:
        """Support requests and responses mapped to ``condition``, in time order.

        Columns ``source`` and ``target`` (actor codes), ``time`` (``datetime64[us]``)
        and ``response`` (bool). After :meth:`select`, the requests are those of the
        selection, and the responses include those from outside it.
        """
        position = self._condition(condition)
        table, context = self._exchanges, self._context
        where, aside = table[2] == position, context[0] == position
        time = np.concatenate([table[5][where], context[3][aside]])
        order = np.argsort(time, kind="stable")
        return {
            "source": np.concatenate([table[3][where], context[1][aside]])[order],
            "target": np.concatenate([table[4][where], context[2][aside]])[order],
            "time": time[order].astype("datetime64[us]"),
            "response": np.concatenate(
                [table[6][where] == 1, np.ones(int(aside.sum()), dtype=bool)]
            )[order],
        }

    # ------------------------------------------------------------------ internals
    def _compacted(self) -> Evidence:
        """Drop windows, segments and vocabulary entries nothing refers to."""
        used_windows = (self._events.sum(axis=(1, 2)) > 0) | (self._first <= self._last).any(1)
        used_segments = (self._events.sum(axis=(0, 2)) > 0) | (self._first <= self._last).any(0)
        if used_windows.all() and used_segments.all():
            return self
        chosen = self.select()
        keep_w, keep_s = np.flatnonzero(used_windows), np.flatnonzero(used_segments)
        renumber_w = np.cumsum(used_windows) - 1
        renumber_s = np.cumsum(used_segments) - 1
        grid = np.ix_(keep_w, keep_s)

        def rows(table: list[Ints]) -> list[Ints]:
            columns = list(table)
            columns[0] = renumber_w[columns[0]]
            columns[1] = renumber_s[columns[1]]
            return columns

        chosen._set(
            windows=self._windows[keep_w],
            segments=self._segments[keep_s],
            events=self._events[grid].copy(),
            weight=self._weight[grid].copy(),
            weight_sq=self._weight_sq[grid].copy(),
            first=self._first[grid].copy(),
            total=self._total[grid].copy(),
            last=self._last[grid].copy(),
            credited=rows(self._credited),
            active=rows(self._active),
            days=rows(self._days),
            channels_seen=rows(self._channels_seen),
            exchanges=rows(self._exchanges),
        )
        return chosen


# ---------------------------------------------------------------------- helpers
def _same_attachment(mine: object, its: object) -> bool:
    if mine is None or its is None:
        return mine is its
    return mine is its or bool(mine == its)


def _agreed(name: str, mine: Any, its: Any) -> Any:  # noqa: ANN401
    """The attachment of a merge: whichever part has one; equal ones when both do."""
    if mine is None:
        return its
    if its is not None and not _same_attachment(mine, its):
        raise ValidationError(
            f"cannot merge evidence with different attached {name}s; "
            f"attach the {name} of the whole data after merging",
            column=name,
        )
    return mine


def _checked(
    framework: Framework | str, mapping: ConditionMap | None, period: object, segment_by: object
) -> tuple[Framework, ConditionMap]:
    """The framework (by name or itself) and its map, checked with the splits."""
    chosen, mapping = resolve_mapping(framework, mapping)
    if period is not None and period not in PERIODS:
        raise ValidationError(
            f"unknown period; periods are: {', '.join(PERIODS)}", column="period", value=period
        )
    if segment_by is not None and (not isinstance(segment_by, str) or not segment_by):
        raise ValidationError(
            "segment_by must be 'channel' or an attribute name",
            column="segment_by",
            value=segment_by,
        )
    return chosen, mapping


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
    built in about two thirds of the time). At most ``_THREADS`` blocks are in
    flight, which bounds memory, and results and errors come back in block order,
    so the outcome does not depend on the threads.
    """
    if len(starts) < 2 or _THREADS < 2:
        yield from map(work, starts)
        return
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        pending: deque[Future[_BlockStats]] = deque()
        for start in starts:
            pending.append(pool.submit(work, start))
            if len(pending) >= _THREADS:
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
        self.first = np.full(self.n_cells2, _NO_TIME_LOW, dtype=np.int64)
        self.last = np.full(self.n_cells2, _NO_TIME_HIGH, dtype=np.int64)
        self.total = np.zeros(self.n_cells2, dtype=np.int64)
        self.credited = RowSet([self.size, n_actors])
        self.active = RowSet([self.n_cells2, n_actors])
        # Channel codes are shifted by one so that "no channel" (-1) becomes 0.
        self.days = RowSet([self.size, days[1] - days[0] + 1, n_channels + 1])
        self.channels_seen = RowSet([self.n_cells2, n_channels + 1])
        self.exchanges: list[list[Ints]] = []

    def stats(
        self,
        block: _Block,
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
        in_population = np.zeros(len(_ROLES), dtype=bool)
        in_population[[_ROLES.index(r) for r in mapping.population]] = True
        source_role = block.roles[block.source]
        population = in_population[source_role]

        rows, condition, credited, value = _block_matches(block, mapping, conditions, source_role)
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
                    np.floor_divide(block.times[rows], _US_PER_DAY) - self.day_low,
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
            else _no_rows(5)
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
            "exchanges": _split_cells(_sorted_rows(exchanges), shape),
            "context": _no_rows(4),
        }


def _present_channels(channel: npt.NDArray[np.integer[Any]]) -> list[Ints]:
    """Rows (0, channel code + 1) of the channels a block uses, for an unsplit log."""
    present = np.flatnonzero(np.bincount(channel + 1)).astype(np.int64)
    return [np.zeros(len(present), dtype=np.int64), present]


def _at(cell: Any, keep: npt.NDArray[np.bool_]) -> Any:  # noqa: ANN401
    """``cell[keep]``, where a scalar cell (one window and segment) stays a scalar."""
    return cell[keep] if isinstance(cell, np.ndarray) else cell


def _merged_context(
    first: Evidence, second: Evidence, first_actors: Ints, second_actors: Ints
) -> list[Ints]:
    """The responses kept aside by two selections, in the merged actor codes."""
    parts = []
    for part, mapping in ((first, first_actors), (second, second_actors)):
        condition, source, target, time = part._context
        parts.append([condition, mapping[source], mapping[target], time])
    return distinct_table(
        [np.concatenate(pair).astype(np.int64) for pair in zip(*parts, strict=True)]
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


def _no_rows(width: int) -> list[Ints]:
    return [np.array([], dtype=np.int64) for _ in range(width)]


def _actor_table(
    vocabulary: npt.NDArray[Any], actors: ActorsLike | None
) -> tuple[npt.NDArray[np.uint8], dict[str, Any]]:
    """Role index per actor code (users by default), and attributes by id."""
    roles = np.full(len(vocabulary), _ROLES.index(Role.USER), dtype=np.uint8)
    if actors is None:
        return roles, {}
    given, attributes = _listed_roles(actors)
    if len(given) <= _FEW_ACTORS:
        # The vocabulary is sorted in code-point order, as Python compares text, so a
        # binary search finds each listed id (numpy's own searchsorted is unreliable
        # for its string type, see the _factorize module notes).
        for actor_id, role in given.items():
            code = bisect.bisect_left(vocabulary, actor_id)
            if code < len(vocabulary) and vocabulary[code] == actor_id:
                roles[code] = _ROLES.index(role)
    else:
        index = {name: code for code, name in enumerate(vocabulary.tolist())}
        for actor_id, role in given.items():
            found = index.get(actor_id)
            if found is not None:
                roles[found] = _ROLES.index(role)
    return roles, attributes


def _listed_roles(actors: ActorsLike) -> tuple[dict[str, Role], dict[str, Any]]:
    """Roles by actor id and attributes by actor id, checked."""
    given: dict[str, Role] = {}
    attributes: dict[str, Any] = {}
    if isinstance(actors, Mapping):
        for actor_id, role in actors.items():
            try:
                given[str(actor_id)] = Role(role)
            except ValueError:
                raise ValidationError(
                    f"unknown role; valid roles are: {', '.join(r.value for r in Role)}",
                    column="role",
                    value=role,
                ) from None
        return given, attributes
    if not isinstance(actors, Iterable):
        raise ArgumentTypeError(
            "actors must be a mapping of id to role, or Actor objects",
            column="actors",
            value=actors,
        )
    for row, actor in enumerate(actors):
        if not isinstance(actor, Actor):
            raise ArgumentTypeError(
                "actors must be Actor objects or a mapping of roles", row=row, value=actor
            )
        if actor.id in given and given[actor.id] != actor.role:
            raise ValidationError(
                f"actor {actor.id!r} is listed with two roles",
                row=row,
                column="role",
                value=actor.role.value,
            )
        given[actor.id] = actor.role
        attributes[actor.id] = dict(actor.attributes)
    return given, attributes


def _window_starts(times: Ints, period: Period) -> Ints:
    """The first day (days since 1970-01-01) of each timestamp's calendar window."""
    day: Ints = np.floor_divide(times, _US_PER_DAY)
    if period == "day":
        return day
    if period == "week":
        monday: Ints = day - (day + 3) % 7  # 1970-01-01 was a Thursday
        return monday
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "quarter":
        months -= months % 3
    starts: Ints = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return starts


def _window_list(times: Ints, period: Period | None) -> Ints:
    """The sorted starts of the windows with events (``[0]``: one window, unsplit)."""
    if not len(times):
        return np.array([], dtype=np.int64)
    if period is None:
        return np.zeros(1, dtype=np.int64)
    found: set[int] = set()
    for start in range(0, len(times), _BLOCK_ROWS):
        starts = _window_starts(times[start : start + _BLOCK_ROWS], period)
        low = int(starts.min())
        found.update((np.flatnonzero(np.bincount(starts - low)) + low).tolist())
    return np.array(sorted(found), dtype=np.int64)


def _window_positions(times: Ints, period: Period, windows: Ints) -> Ints:
    """Each timestamp's position in ``windows`` (which must hold its window)."""
    starts = _window_starts(times, period)
    low = int(windows[0])
    position = np.zeros(int(windows[-1]) - low + 1, dtype=np.int64)
    position[windows - low] = np.arange(len(windows))
    result: Ints = position[starts - low]
    return result


def _windows(times: Ints, period: Period | None) -> tuple[Ints, Ints]:
    """Window starts (days since 1970-01-01) and each timestamp's window position."""
    windows = _window_list(times, period)
    if period is None or not len(times):
        return windows, np.zeros(len(times), dtype=np.int64)
    return windows, _window_positions(times, period, windows)


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


def _matches(  # noqa: PLR0917 - the log's columns, prepared once by the caller
    log: InteractionLog,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    roles: npt.NDArray[np.uint8],
    source: npt.NDArray[np.integer[Any]],
    target: npt.NDArray[np.integer[Any]],
    channel: npt.NDArray[np.integer[Any]],
) -> tuple[Ints, Ints, Ints, npt.NDArray[np.float64]]:
    """Every (event, rule) match of a whole log: rows, condition, credited actor, value."""
    block = _Block(
        start=0,
        kind=log.kind_codes,
        source=source,
        target=target,
        channel=channel,
        weights=log.weights,
        times=log.timestamps.view(np.int64),
        channel_names=log.channels,
        roles=roles,
    )
    return _block_matches(block, mapping, conditions)


class _Block(NamedTuple):
    """A run of consecutive events, as views of the log's columns."""

    start: int  # position of the first event in the log, for error messages
    kind: npt.NDArray[np.uint8]
    source: npt.NDArray[np.integer[Any]]
    target: npt.NDArray[np.integer[Any]]
    channel: npt.NDArray[np.integer[Any]]
    weights: npt.NDArray[np.float64]
    times: Ints
    channel_names: npt.NDArray[Any]
    roles: npt.NDArray[np.uint8]  # role index per actor code, for the whole log


def _block_matches(
    block: _Block,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    source_role: npt.NDArray[np.uint8] | None = None,
) -> tuple[Ints, Ints, Ints, npt.NDArray[np.float64]]:
    """Every (event, rule) match: event rows, condition, credited actor, weighted value.

    Rules without a channel filter are applied through look-up tables indexed by
    (kind, role of the source): one gather per *layer* of rules that do not
    overlap, instead of one pass per rule. Rules with a channel filter, rarer,
    are applied one by one.
    """
    n_roles = len(_ROLES)
    parts: list[tuple[Ints, Ints, Ints, npt.NDArray[np.float64]]] = []
    key = None
    for layer in _layers([rule for rule in mapping.rules if not rule.channels]):
        if key is None:  # (kind, source role) of every event, as one small integer
            if source_role is None:
                source_role = block.roles[block.source]
            key = block.kind.astype(np.int16) * n_roles + source_role
        table = np.full(len(InteractionKind) * n_roles, -1, dtype=np.int16)
        for position, rule in enumerate(layer):
            for role in rule.roles or _ROLES:
                table[rule.kind.code * n_roles + _ROLES.index(role)] = position
        hit = table[key]
        rows = np.flatnonzero(hit >= 0)
        which = hit[rows]
        condition = np.array([conditions.index(r.condition) for r in layer], np.int64)[which]
        credited = block.source[rows].astype(np.int64)
        if any(r.credit == "target" for r in layer):  # few rows, as a rule: fix them up
            to_target = np.flatnonzero(np.array([r.credit == "target" for r in layer])[which])
            credited[to_target] = block.target[rows[to_target]]
        if all(r.weight == 1.0 for r in layer):  # the usual map: no product, no overflow
            value = block.weights[rows]
        else:
            value = _weighted(block, rows, np.array([r.weight for r in layer])[which], layer, which)
        parts.append((rows, condition, credited, value))
    parts.extend(
        _channel_rule_matches(block, rule, conditions) for rule in mapping.rules if rule.channels
    )
    if not parts:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, np.array([], dtype=np.float64)
    if len(parts) == 1:
        return parts[0]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def _layers(rules: list[MapRule]) -> list[list[MapRule]]:
    """Group rules so that no two in a group match the same (kind, source role)."""
    layers: list[tuple[list[MapRule], set[tuple[int, int]]]] = []
    for rule in rules:
        cells = {(rule.kind.code, _ROLES.index(role)) for role in (rule.roles or _ROLES)}
        free = next((layer for layer in layers if not cells & layer[1]), None)
        if free is None:
            layers.append(([rule], cells))
        else:
            free[0].append(rule)
            free[1].update(cells)
    return [layer for layer, _ in layers]


def _channel_rule_matches(
    block: _Block, rule: MapRule, conditions: tuple[str, ...]
) -> tuple[Ints, Ints, Ints, npt.NDArray[np.float64]]:
    """The matches of one rule with a channel filter."""
    mask = block.kind == rule.kind.code
    if rule.roles:
        allowed_role = np.zeros(len(_ROLES), dtype=bool)
        allowed_role[[_ROLES.index(r) for r in rule.roles]] = True
        mask &= allowed_role[block.roles[block.source]]
    names = block.channel_names.tolist()
    allowed_channel = np.zeros(len(names) + 1, dtype=bool)  # the last slot: no channel
    allowed_channel[[code for code, name in enumerate(names) if name in rule.channels]] = True
    mask &= allowed_channel[block.channel]
    rows = np.flatnonzero(mask)
    credited = (block.source if rule.credit == "source" else block.target)[rows]
    value = _weighted(
        block, rows, np.full(len(rows), rule.weight), [rule], np.zeros(len(rows), dtype=np.int64)
    )
    return (
        rows,
        np.full(len(rows), conditions.index(rule.condition), np.int64),
        credited.astype(np.int64),
        value,
    )


def _weighted(
    block: _Block,
    rows: Ints,
    weight: npt.NDArray[np.float64],
    rules: list[MapRule],
    which: npt.NDArray[np.integer[Any]],
) -> npt.NDArray[np.float64]:
    """Interaction weight times rule weight; an overflow is bad input, named by row."""
    with np.errstate(over="ignore"):
        value: npt.NDArray[np.float64] = block.weights[rows] * weight
    bad = np.flatnonzero(~np.isfinite(value))
    if len(bad):
        rule = rules[int(which[bad[0]])]
        row = int(rows[bad[0]])
        raise ValidationError(
            f"weight times the rule weight {rule.weight:g} ({rule.kind.value} -> "
            f"{rule.condition}) is too large for float64",
            row=block.start + row,
            column="weight",
            value=float(block.weights[row]),
        )
    return value


def _split_cells(table: list[Ints], shape: tuple[int, ...]) -> list[Ints]:
    """Rows keyed by a flat cell number -> rows keyed by (window, segment[, condition])."""
    cells = np.unravel_index(table[0], shape) if len(shape) > 1 else (table[0],)
    return [np.asarray(c, dtype=np.int64) for c in cells] + [c.astype(np.int64) for c in table[1:]]


def _sorted_rows(columns: list[Ints]) -> list[Ints]:
    if not columns or not len(columns[0]):
        return [np.asarray(c, dtype=np.int64) for c in columns]
    order = np.lexsort(columns[::-1])
    return [np.asarray(column, dtype=np.int64)[order] for column in columns]


def _same(first: Any, second: Any) -> bool:  # noqa: ANN401
    if isinstance(first, list):
        return len(first) == len(second) and all(
            _same(a, b) for a, b in zip(first, second, strict=True)
        )
    return bool(first.shape == second.shape and np.array_equal(first, second))
