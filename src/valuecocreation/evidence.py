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
chunked reading, multiprocessing and Dask for free. Evidence holds statistics of
events and nothing else, so parts always merge: a value-flow graph or survey
responses of the whole data reach the scorers beside it, in
:class:`~valuecocreation.scoring.ScoringInputs`. The engine that computes the
statistics lives in the private package ``valuecocreation._evidence``.

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

import sys
from collections.abc import Iterable
from typing import Any, Final, Self, final

import numpy as np
import numpy.typing as npt

from valuecocreation._core.exact import to_float
from valuecocreation._core.rows import distinct_table
from valuecocreation._evidence import tables as evidence_tables
from valuecocreation._evidence.actors import ActorsLike, actor_table
from valuecocreation._evidence.blocks import log_tables
from valuecocreation._evidence.tables import NO_TIME_HIGH, NO_TIME_LOW, Tables
from valuecocreation._evidence.windows import Period, checked
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap

__all__ = ["ActorsLike", "Evidence", "Period"]

_ALL_WINDOWS: Final = "all"  # the label of the one window of evidence not split by period
_SETTINGS: Final = (
    "framework_name",
    "framework_version",
    "conditions",
    "mapping",
    "period",
    "segment_by",
)

Ints = npt.NDArray[np.int64]


@final
class Evidence:
    """Mergeable sufficient statistics of an interaction log (see the module notes).

    Build it with :meth:`from_log`; combine with :meth:`merge`; narrow with
    :meth:`select`. The accessors (``events``, ``weight``, ``participants`` ...)
    aggregate over all the windows and segments the evidence holds. Evidence holds
    events only: a value-flow graph or survey responses reach a scorer next to it,
    in :class:`~valuecocreation.scoring.ScoringInputs`.
    """

    __slots__ = ("_memo", "_tables", *_SETTINGS)

    _tables: Tables
    _memo: dict[str, Any]
    framework_name: str
    framework_version: str
    conditions: tuple[str, ...]
    """Condition keys of the framework, in its order (the third axis of every cell)."""
    mapping: ConditionMap
    period: Period | None
    segment_by: str | None

    def __init__(self) -> None:  # pragma: no cover - use from_log or empty
        raise TypeError("build Evidence with Evidence.from_log() or Evidence.empty()")

    @classmethod
    def _made(
        cls,
        tables: Tables,
        *,
        framework: Framework,
        mapping: ConditionMap,
        period: Period | None,
        segment_by: str | None,
    ) -> Self:
        evidence = cls.__new__(cls)
        evidence.framework_name = framework.name
        evidence.framework_version = framework.version
        evidence.conditions = framework.condition_keys
        evidence.mapping = mapping
        evidence.period = period
        evidence.segment_by = segment_by
        evidence._tables = tables
        evidence._memo = {}  # derived sets, computed once when asked
        return evidence

    def _with_tables(self, tables: Tables) -> Evidence:
        """The same settings over other tables."""
        copy = Evidence.__new__(Evidence)
        for field in _SETTINGS:
            object.__setattr__(copy, field, getattr(self, field))
        copy._tables = tables
        copy._memo = {}
        return copy

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
        framework, mapping = checked(framework, mapping, period, segment_by)
        return cls._made(
            evidence_tables.empty(len(framework.condition_keys)),
            framework=framework,
            mapping=mapping,
            period=period,
            segment_by=segment_by,
        )

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
        framework, mapping = checked(framework, mapping, period, segment_by)
        roles, attributes = actor_table(log.actors, actors)
        return cls._made(
            log_tables(
                log, mapping, framework.condition_keys, roles, attributes, period, segment_by
            ),
            framework=framework,
            mapping=mapping,
            period=period,
            segment_by=segment_by,
        )

    # ------------------------------------------------------------------ merging
    @classmethod
    def merge(cls, *evidences: Evidence) -> Evidence:
        """The evidence of all the logs behind ``evidences`` together.

        Associative and commutative, with :meth:`empty` as identity: the parts of
        one data set always merge, however they were split (chunks, processes,
        Dask partitions), because evidence holds nothing but statistics of events.

        Raises
        ------
        ArgumentTypeError
            When a part is not Evidence.
        ValidationError
            When none is given, or the parts count for different frameworks, maps,
            periods or segmentations (statistics of different questions, which no
            split of one data set gives).
        """
        if not evidences:
            raise ValidationError("merge needs at least one Evidence")
        result = evidences[0]
        if not isinstance(result, Evidence):
            raise ArgumentTypeError("can only merge Evidence with Evidence", value=type(result))
        for other in evidences[1:]:
            if not isinstance(other, Evidence):
                raise ArgumentTypeError("can only merge Evidence with Evidence", value=type(other))
            for field in _SETTINGS:
                if getattr(result, field) != getattr(other, field):
                    raise ValidationError(
                        f"cannot merge evidence with different {field.replace('_', ' ')}",
                        column=field,
                        value=getattr(other, field),
                    )
        if len(evidences) == 1:
            return result
        # All parts at once: one union of the vocabularies, one pass over the rows.
        return result._with_tables(evidence_tables.merge(*(e._tables for e in evidences)))

    @classmethod
    def merge_stream(cls, parts: Iterable[Evidence], *, batch: int = 8) -> Evidence:
        """:meth:`merge` of ``parts`` as they come, ``batch`` at a time.

        For the evidence of chunks read one by one (see
        :func:`~valuecocreation.io.iter_csv`): memory holds the running total and
        at most ``batch`` chunks' evidence, never every chunk's, and each merge
        unites the running total with a whole batch at once, so the total's
        vocabularies are rebuilt once per batch rather than once per chunk. The
        result equals :meth:`merge` of all the parts.

        Raises
        ------
        ValidationError
            When ``parts`` is empty, ``batch`` is below 1, or as :meth:`merge`.

        Examples
        --------
        >>> from valuecocreation import InteractionLog
        >>> log = InteractionLog.from_records(
        ...     [{"source": f"u{i}", "target": "rf", "kind": "like",
        ...       "timestamp": f"2024-01-{1 + i:02d}"} for i in range(9)])
        >>> parts = (Evidence.from_log(log[i : i + 2]) for i in range(0, 9, 2))
        >>> Evidence.merge_stream(parts, batch=2) == Evidence.from_log(log)
        True
        """
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ValidationError("batch must be a whole number of at least 1", value=batch)
        total: Evidence | None = None
        waiting: list[Evidence] = []
        for part in parts:
            waiting.append(part)
            if len(waiting) == batch:
                total = cls.merge(*([] if total is None else [total]), *waiting)
                waiting.clear()
        if waiting or total is None:
            total = cls.merge(*([] if total is None else [total]), *waiting)
        return total

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
        keep_windows = np.arange(len(self._tables.windows))
        keep_segments = np.arange(len(self._tables.segments))
        if window is not None:
            keep_windows = np.array([self._window_position(window)])
        if segment is not None:
            found = np.flatnonzero(self._tables.segments == segment)
            if not len(found):
                raise ValidationError(
                    f"no segment {segment!r}; segments are: {list(self.segments)}",
                    column="segment",
                    value=segment,
                )
            keep_segments = found
        return self._with_tables(evidence_tables.select(self._tables, keep_windows, keep_segments))

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
        return self._tables.actors

    @property
    def channels(self) -> npt.NDArray[Any]:
        """The sorted channel names the evidence mentions."""
        return self._tables.channels

    @property
    def window_labels(self) -> tuple[str, ...]:
        """Window starts as ISO dates (``"all"`` when not split by period)."""
        if self.period is None:
            return tuple(_ALL_WINDOWS for _ in self._tables.windows)
        return tuple(str(d) for d in self._tables.windows.astype("datetime64[D]").tolist())

    @property
    def windows(self) -> npt.NDArray[np.datetime64]:
        """Window starts as ``datetime64[D]`` (meaningless when not split by period)."""
        return self._tables.windows.astype("datetime64[D]")

    @property
    def segments(self) -> tuple[str, ...]:
        """Segment names (``""`` for events without a channel or attribute)."""
        return tuple(self._tables.segments.tolist())

    @property
    def nbytes(self) -> int:
        """The number of bytes its arrays hold, with the size of each exact sum's integer.

        What the evidence of a file costs in memory, which grows with the distinct
        facts of the file (credited actors, active days), not with its rows.

        >>> Evidence.empty().nbytes < 1024
        True
        """
        total = 0
        for value in self._tables:
            for column in value if isinstance(value, list) else [value]:
                total += column.nbytes
                if column.dtype == object:
                    total += sum(sys.getsizeof(item) for item in column.flat)
        return total

    @property
    def is_empty(self) -> bool:
        """Whether the evidence comes from no events at all."""
        return not self._tables.windows.size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evidence):
            return NotImplemented
        return all(
            getattr(self, f) == getattr(other, f) for f in _SETTINGS
        ) and evidence_tables.same(self._tables, other._tables)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Evidence {self.framework_name} {len(self._tables.windows)} window(s) x "
            f"{len(self._tables.segments)} segment(s), {int(self._tables.events.sum())} matched "
            f"interactions, {self.n_population} active actors>"
        )

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = {field: getattr(self, field) for field in _SETTINGS}
        state.update({f"_{name}": value for name, value in self._tables._asdict().items()})
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # One entry per table, named as the attributes of earlier versions were, so
        # evidence pickled by them loads too (their "_graph" and "_survey" are dropped).
        for field in _SETTINGS:
            object.__setattr__(self, field, state[field])
        tables = Tables(**{name: state[f"_{name}"] for name in Tables._fields})
        object.__setattr__(self, "_tables", evidence_tables.frozen(tables))  # unpickled: writeable
        object.__setattr__(self, "_memo", {})

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
        return int(self._tables.events[..., self._condition(condition)].sum())

    def weight(self, condition: str) -> float:
        """Sum of interaction weight times rule weight for ``condition`` (exact, then rounded)."""
        return float(
            to_float(
                np.array([self._tables.weight[..., self._condition(condition)].sum()], dtype=object)
            )[0]
        )

    def weight_sq(self, condition: str) -> float:
        """Sum of squares of the weighted interactions for ``condition``."""
        return float(
            to_float(
                np.array(
                    [self._tables.weight_sq[..., self._condition(condition)].sum()], dtype=object
                )
            )[0]
        )

    def _actor_mask(self, key: str, codes: Any) -> npt.NDArray[np.bool_]:  # noqa: ANN401
        """A cached boolean mask over :attr:`actors` marking ``codes()``."""
        mask = self._memo.get(key)
        if mask is None:
            # A bitmap over the vocabulary: one pass, no sort or hash table.
            mask = np.zeros(len(self._tables.actors), dtype=bool)
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
            masks = np.zeros((len(self.conditions), len(self._tables.actors)), dtype=bool)
            masks[self._tables.credited[2], self._tables.credited[3]] = True
            masks.flags.writeable = False
            self._memo["credited"] = masks
        result: npt.NDArray[np.bool_] = masks[position]
        return result

    def _population_mask(self) -> npt.NDArray[np.bool_]:
        return self._actor_mask("population", lambda: self._tables.active[2])

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
        return int(self._tables.total.sum())

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
        where = self._tables.days[2] == self._condition(condition)
        days, channels = distinct_table([self._tables.days[3][where], self._tables.days[4][where]])
        return days, channels

    @property
    def channels_seen(self) -> Ints:
        """Codes of the channels with any interaction."""
        return np.unique(self._tables.channels_seen[2])

    @property
    def span(self) -> tuple[np.datetime64, np.datetime64] | None:
        """First and last timestamp of any interaction, or ``None`` when empty."""
        first, last = (
            self._tables.first.min(initial=NO_TIME_LOW),
            self._tables.last.max(initial=NO_TIME_HIGH),
        )
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
        table, context = self._tables.exchanges, self._tables.context
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
