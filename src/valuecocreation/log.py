"""The interaction log: millions of events as validated, immutable numpy columns.

An :class:`InteractionLog` keeps one array per field: ``int`` codes for the source
and target actors (into one sorted vocabulary of actor ids), the interaction kind
as its position in :class:`~valuecocreation.model.InteractionKind`, codes for the
channel (``-1`` where the export names none), ``datetime64[us]`` timestamps in UTC
and ``float64`` weights. Nothing per event is a Python object, so ten million events
take a few hundred megabytes and aggregate with vectorised numpy.

The representation is canonical: the vocabularies hold exactly the actors and
channels that occur, sorted. Two logs with the same events in the same order have
identical arrays, whatever they were built from.

Examples
--------
>>> import valuecocreation as vcc
>>> log = vcc.InteractionLog.from_columns(
...     source=["ana", "ben", "recordfarm"],
...     target=["recordfarm", "recordfarm", "ana"],
...     kind=["follow", "share", "feature"],
...     timestamp=["2015-01-05T10:00", "2015-01-06T11:30", "2015-02-01T09:00"],
...     channel=["facebook", "youtube", None],
... )
>>> len(log), log.actors.tolist()
(3, ['ana', 'ben', 'recordfarm'])
>>> log.filter(kind="share").column("source").tolist()
['ben']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Self, overload

import numpy as np
import numpy.typing as npt

from valuecocreation._core.columns import (
    KIND_DTYPE,
    coerce_ids,
    coerce_kinds,
    coerce_weights,
    common_length,
    value_at,
)
from valuecocreation._core.factorize import (
    MISSING,
    TEXT_DTYPE,
    Encoding,
    canonical,
    gather,
    positions_in,
    remap,
    union_vocabularies,
)
from valuecocreation._core.frames import FrameBackend, columns_from_frame, frame_from_columns
from valuecocreation._core.kinds import translate_kinds
from valuecocreation._core.problems import ColumnProblem, raise_first
from valuecocreation._core.renamed import renamed
from valuecocreation._core.times import TIME_DTYPE, epoch_times, timestamp_column, to_datetime64
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.model import Interaction, InteractionKind

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "FrameBackend", "InteractionLog"]

COLUMNS: tuple[str, ...] = ("source", "target", "kind", "timestamp", "channel", "weight")
"""The fields of a log, in order."""
REQUIRED_COLUMNS: tuple[str, ...] = ("source", "target", "kind", "timestamp")
"""The fields every input must provide; ``channel`` and ``weight`` are optional."""

_ACTOR_CODE = np.dtype(np.int32)
_CHANNEL_CODE = np.dtype(np.int16)
_KINDS: tuple[InteractionKind, ...] = tuple(InteractionKind)
_KIND_NAMES: tuple[str, ...] = tuple(kind.value for kind in _KINDS)
_KIND_SET: frozenset[str] = frozenset(_KIND_NAMES)


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


def _code_dtype(size: int, minimum: np.dtype[Any]) -> np.dtype[Any]:
    return minimum if size < np.iinfo(minimum).max else np.dtype(np.int64)


class InteractionLog:
    """An immutable, columnar log of interactions.

    Build one with :meth:`from_columns`, :meth:`from_records` or :meth:`from_frame`;
    ``InteractionLog()`` is the empty log. Every constructor validates its input
    and raises :class:`~valuecocreation.errors.ValidationError` naming the first bad
    row, its column, the value and the reason (and how many more problems exist).

    Operations never modify a log; they return a new one. The arrays a log exposes
    are read-only views.
    """

    __slots__ = (
        "_actors",
        "_channel",
        "_channels",
        "_kind",
        "_source",
        "_target",
        "_timestamp",
        "_weight",
    )

    _actors: npt.NDArray[Any]
    _channels: npt.NDArray[Any]
    _source: npt.NDArray[np.signedinteger[Any]]
    _target: npt.NDArray[np.signedinteger[Any]]
    _kind: npt.NDArray[np.uint8]
    _timestamp: npt.NDArray[np.datetime64]
    _channel: npt.NDArray[np.signedinteger[Any]]
    _weight: npt.NDArray[np.float64]

    def __init__(self) -> None:
        empty_codes = np.array([], dtype=_ACTOR_CODE)
        self._set(
            actors=np.array([], dtype=TEXT_DTYPE),
            channels=np.array([], dtype=TEXT_DTYPE),
            source=empty_codes,
            target=empty_codes.copy(),
            kind=np.array([], dtype=KIND_DTYPE),
            timestamp=np.array([], dtype=TIME_DTYPE),
            channel=np.array([], dtype=_CHANNEL_CODE),
            weight=np.array([], dtype=np.float64),
        )

    def _set(self, **arrays: npt.NDArray[Any]) -> None:
        for name, array in arrays.items():
            object.__setattr__(self, f"_{name}", _readonly(array))

    @classmethod
    def _trusted(cls, **arrays: npt.NDArray[Any]) -> Self:
        """Wrap arrays already in canonical form (internal)."""
        log = cls.__new__(cls)
        log._set(**arrays)
        return log

    # ------------------------------------------------------------------ building
    @classmethod
    def from_columns(
        cls,
        *,
        source: Sequence[Any] | npt.ArrayLike,
        target: Sequence[Any] | npt.ArrayLike,
        kind: Sequence[Any] | npt.ArrayLike,
        timestamp: Sequence[Any] | npt.ArrayLike,
        channel: Sequence[Any] | npt.ArrayLike | None = None,
        weight: Sequence[Any] | npt.ArrayLike | None = None,
        origin: str | None = None,
    ) -> Self:
        """Build a log from one sequence or array per field.

        Parameters
        ----------
        source, target
            Actor ids. Text is kept as is; integers become their decimal text.
            ``None``, NaN and empty text are missing, which is an error.
        kind
            :class:`~valuecocreation.model.InteractionKind` members or their values.
        timestamp
            ``numpy.datetime64`` values (any unit), ``datetime`` objects or ISO 8601
            text. Naive values are UTC; aware values are converted to UTC.
        channel
            Channel names; ``None`` (the default) or a missing entry means the
            export does not say.
        weight
            Finite numbers >= 0; all 1 when omitted.
        origin
            Where the data came from (a file name), for error messages.

        Raises
        ------
        ValidationError
            For the first bad row, naming its column, value and reason, and how
            many further problems the input has.

        Examples
        --------
        >>> import numpy as np
        >>> log = InteractionLog.from_columns(
        ...     source=np.array([7, 8]), target=["shop", "shop"], kind=["visit", "purchase"],
        ...     timestamp=np.array(["2024-05-01", "2024-05-02"], dtype="datetime64[D]"),
        ...     weight=[1.0, 25.0])
        >>> log.column("source").tolist(), log.weights.tolist()
        (['7', '8'], [1.0, 25.0])
        >>> InteractionLog.from_columns(source=["a"], target=["b"], kind=["retweet"],
        ...                             timestamp=["2024-05-01"])
        Traceback (most recent call last):
        ...
        valuecocreation.errors.ValidationError: row 0, column 'kind', value 'retweet': ...
        """
        given = {
            "source": source,
            "target": target,
            "kind": kind,
            "timestamp": timestamp,
            "channel": channel,
            "weight": weight,
        }
        length = common_length(given, REQUIRED_COLUMNS, origin)

        sources, problems = coerce_ids(source, "source", required=True)
        targets, target_problems = coerce_ids(target, "target", required=True)
        kind_codes, kind_problems = coerce_kinds(kind, _KIND_NAMES)
        timestamps, time_problems = timestamp_column(timestamp, "timestamp")
        if channel is None:
            channels = Encoding(
                np.full(length, MISSING, dtype=np.intp), np.array([], dtype=TEXT_DTYPE)
            )
            channel_problems: list[ColumnProblem] = []
        else:
            channels, channel_problems = coerce_ids(channel, "channel", required=False)
        weights, weight_problems = coerce_weights(weight, length)

        raise_first(
            [
                *problems,
                *target_problems,
                *kind_problems,
                *time_problems,
                *channel_problems,
                *weight_problems,
            ],
            lambda column, row: value_at(given[column], row),
            source=origin,
        )
        return cls._from_parts(
            sources=sources,
            targets=targets,
            kinds=kind_codes,
            timestamps=timestamps,
            channels=channels,
            weights=weights,
        )

    @classmethod
    def _from_parts(
        cls,
        *,
        sources: Encoding,
        targets: Encoding,
        kinds: npt.NDArray[np.uint8],
        timestamps: npt.NDArray[np.datetime64],
        channels: Encoding,
        weights: npt.NDArray[np.float64],
        keep: npt.NDArray[np.bool_] | None = None,
    ) -> Self:
        """Assemble columns that passed validation (internal, shared with the readers).

        ``keep`` selects the rows to build from: readers that quarantine bad rows
        validate everything, then leave the rejected rows out here. Vocabulary
        entries that only rejected rows used are dropped, so the log stays canonical.
        """
        if keep is not None:
            sources = Encoding(sources.codes[keep], sources.uniques)
            targets = Encoding(targets.codes[keep], targets.uniques)
            channels = Encoding(channels.codes[keep], channels.uniques)
            kinds, timestamps, weights = kinds[keep], timestamps[keep], weights[keep]
        actors, (source_map, target_map) = canonical(sources, targets)
        channel_names, (channel_map,) = canonical(channels)
        actor_code = _code_dtype(len(actors), _ACTOR_CODE)
        source = gather(sources.codes, source_map, actor_code)
        target = gather(targets.codes, target_map, actor_code)
        channel = gather(
            channels.codes, channel_map, _code_dtype(len(channel_names), _CHANNEL_CODE)
        )
        if keep is not None:
            actors, (source, target) = _compact(actors, source, target)
            channel_names, (channel,) = _compact(channel_names, channel)
        return cls._trusted(
            actors=actors,
            channels=channel_names,
            source=source,
            target=target,
            kind=kinds,
            timestamp=timestamps,
            channel=channel,
            weight=weights,
        )

    @classmethod
    def from_records(
        cls, records: Iterable[Interaction | Mapping[str, Any]], *, origin: str | None = None
    ) -> Self:
        """Build a log from :class:`~valuecocreation.model.Interaction` objects or dicts.

        A dict needs the keys ``source``, ``target``, ``kind`` and ``timestamp`` and
        may have ``channel`` and ``weight``; any other key is an error, so that no
        field is silently dropped. Values follow the rules of :meth:`from_columns`.

        Examples
        --------
        >>> log = InteractionLog.from_records([
        ...     {"source": "ana", "target": "firm", "kind": "like",
        ...      "timestamp": "2015-03-01T12:00:00+09:00"},
        ... ])
        >>> next(iter(log)).timestamp.isoformat()
        '2015-03-01T03:00:00+00:00'
        """
        columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
        for row, record in enumerate(records):
            if isinstance(record, Interaction):
                for name in COLUMNS:
                    columns[name].append(getattr(record, name))
                continue
            if not isinstance(record, Mapping):
                raise ValidationError(
                    f"a record must be an Interaction or a mapping, not {type(record).__name__}",
                    row=row,
                    value=record,
                    source=origin,
                )
            unexpected = sorted(set(record) - set(COLUMNS), key=str)
            if unexpected:
                raise ValidationError(
                    f"unexpected field {unexpected[0]!r}; records may only have "
                    f"{', '.join(COLUMNS)}",
                    row=row,
                    column=str(unexpected[0]),
                    source=origin,
                )
            for name in REQUIRED_COLUMNS:
                if name not in record:
                    raise ValidationError(
                        f"required field {name!r} is absent", row=row, column=name, source=origin
                    )
            for name in COLUMNS:
                columns[name].append(record.get(name, 1.0 if name == "weight" else None))
        return cls.from_columns(**columns, origin=origin)

    @classmethod
    def from_frame(
        cls,
        frame: Any,  # noqa: ANN401
        *,
        columns: Mapping[str, str] | None = None,
        origin: str | None = None,
    ) -> Self:
        """Build a log from a pandas, polars or pyarrow table (through narwhals).

        Parameters
        ----------
        frame
            An eager DataFrame or table of any backend narwhals supports.
        columns
            Renames from the frame's column names to the log's field names, for
            example ``{"user_id": "source", "created_at": "timestamp"}``.
        origin
            Where the data came from, for error messages.

        Notes
        -----
        Columns other than the six fields are not read. Time-zone-aware timestamp
        columns are converted to UTC; naive ones are taken as UTC. Event names
        are translated by the readers' alias table
        (:data:`~valuecocreation.io.DEFAULT_KIND_ALIASES`: ``"retweet"`` is a
        share), and numeric timestamps are epoch time (seconds below 1e11,
        milliseconds above), as :func:`valuecocreation.io.read_frame` reads them;
        that function adds your own event names, time zones and quarantine.

        Examples
        --------
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"user": ["ana", "ben"], "page": ["firm", "firm"],
        ...                       "action": ["follow", "like"],
        ...                       "at": pd.to_datetime(["2024-01-01", "2024-01-02"])})
        >>> log = InteractionLog.from_frame(
        ...     frame, columns={"user": "source", "page": "target", "action": "kind",
        ...                     "at": "timestamp"})
        >>> len(log)
        2
        """
        arrays = columns_from_frame(
            frame, rename=columns, fields=COLUMNS, required=REQUIRED_COLUMNS, origin=origin
        )
        arrays["kind"] = translate_kinds(arrays["kind"], _KIND_SET)
        arrays["timestamp"] = epoch_times(arrays["timestamp"])
        try:
            return cls.from_columns(**arrays, origin=origin)
        except ValidationError as error:
            if error.column not in ("kind", "timestamp"):
                raise
            raise ValidationError(
                f"{error.reason}; valuecocreation.io.read_frame reads the same table with "
                "more choices (kinds={...}, timestamp=, tz=, errors='quarantine')",
                row=error.row,
                column=error.column,
                value=error.value,
                source=error.source,
                more=error.more,
            ) from None

    @classmethod
    def concat(cls, logs: Iterable[InteractionLog]) -> Self:
        """One log with the events of ``logs``, in order.

        >>> a = InteractionLog.from_columns(source=["x"], target=["y"], kind=["like"],
        ...                                 timestamp=["2024-01-01"])
        >>> b = InteractionLog.from_columns(source=["z"], target=["y"], kind=["share"],
        ...                                 timestamp=["2024-01-02"], channel=["tiktok"])
        >>> joined = InteractionLog.concat([a, b])
        >>> len(joined), joined.actors.tolist(), joined.channels.tolist()
        (2, ['x', 'y', 'z'], ['tiktok'])
        """
        parts = list(logs)
        for part in parts:
            if not isinstance(part, InteractionLog):
                raise ArgumentTypeError(
                    f"can only concatenate InteractionLog, not {type(part).__name__}",
                    value=type(part).__name__,
                )
        if not parts:
            return cls()
        actors, actor_maps = union_vocabularies(*(p._actors for p in parts))
        channels, channel_maps = union_vocabularies(*(p._channels for p in parts))
        actor_code = _code_dtype(len(actors), _ACTOR_CODE)
        channel_code = _code_dtype(len(channels), _CHANNEL_CODE)
        return cls._trusted(
            actors=actors,
            channels=channels,
            source=np.concatenate(
                [
                    remap(p._source, m).astype(actor_code)
                    for p, m in zip(parts, actor_maps, strict=True)
                ]
            ),
            target=np.concatenate(
                [
                    remap(p._target, m).astype(actor_code)
                    for p, m in zip(parts, actor_maps, strict=True)
                ]
            ),
            kind=np.concatenate([p._kind for p in parts]),
            timestamp=np.concatenate([p._timestamp for p in parts]),
            channel=np.concatenate(
                [
                    remap(p._channel, m).astype(channel_code)
                    for p, m in zip(parts, channel_maps, strict=True)
                ]
            ),
            weight=np.concatenate([p._weight for p in parts]),
        )

    # ------------------------------------------------------------------ columns
    @property
    def actors(self) -> npt.NDArray[Any]:
        """The distinct actor ids occurring as source or target, sorted."""
        return self._actors

    @property
    def channels(self) -> npt.NDArray[Any]:
        """The distinct channel names occurring, sorted (missing channels excluded)."""
        return self._channels

    @property
    def source_codes(self) -> npt.NDArray[np.signedinteger[Any]]:
        """Source actors as positions in :attr:`actors`."""
        return self._source

    @property
    def target_codes(self) -> npt.NDArray[np.signedinteger[Any]]:
        """Target actors as positions in :attr:`actors`."""
        return self._target

    @property
    def kind_codes(self) -> npt.NDArray[np.uint8]:
        """Interaction kinds as positions in :class:`~valuecocreation.model.InteractionKind`."""
        return self._kind

    @property
    def channel_codes(self) -> npt.NDArray[np.signedinteger[Any]]:
        """Channels as positions in :attr:`channels`; -1 where no channel is known."""
        return self._channel

    @property
    def timestamps(self) -> npt.NDArray[np.datetime64]:
        """Event times, ``datetime64[us]`` in UTC."""
        return self._timestamp

    @property
    def weights(self) -> npt.NDArray[np.float64]:
        """Event weights, ``float64``, finite and >= 0."""
        return self._weight

    def column(self, name: str) -> npt.NDArray[Any]:
        """One field decoded to plain values (text columns as ``object`` arrays).

        Missing channels are ``None``. This allocates one Python object per event
        for text fields; use the ``*_codes`` arrays on hot paths.

        >>> log = InteractionLog.from_columns(source=["a"], target=["b"], kind=["vote"],
        ...                                   timestamp=["2024-01-01"])
        >>> log.column("kind").tolist(), log.column("channel").tolist()
        (['vote'], [None])
        """
        if name in ("source", "target"):
            codes = self._source if name == "source" else self._target
            decoded: npt.NDArray[Any] = self._actors.astype(object)[codes]
            return decoded
        if name == "kind":
            kinds: npt.NDArray[Any] = np.array([k.value for k in _KINDS], dtype=object)
            return kinds[self._kind]
        if name == "channel":
            # One extra slot holding None, so that code -1 decodes to None.
            names: npt.NDArray[Any] = np.empty(len(self._channels) + 1, dtype=object)
            names[:-1] = self._channels.astype(object)
            channels: npt.NDArray[Any] = names[self._channel]
            return channels
        if name == "timestamp":
            return self._timestamp
        if name == "weight":
            return self._weight
        raise ValidationError(
            f"unknown column {name!r}; columns are {', '.join(COLUMNS)}", column=name
        )

    # ------------------------------------------------------------------ protocol
    def __len__(self) -> int:
        return len(self._kind)

    def __iter__(self) -> Iterator[Interaction]:
        decoded = [self.column(name).tolist() for name in ("source", "target", "kind")]
        times = self._timestamp.astype(object).tolist()
        channels = self.column("channel").tolist()
        weights = self._weight.tolist()
        for source, target, kind, when, channel, weight in zip(
            *decoded, times, channels, weights, strict=True
        ):
            yield Interaction(
                source=source,
                target=target,
                kind=kind,
                timestamp=when,
                channel=channel,
                weight=weight,
            )

    @overload
    def __getitem__(self, index: int) -> Interaction: ...
    @overload
    def __getitem__(self, index: slice | npt.NDArray[Any] | Sequence[int]) -> Self: ...

    def __getitem__(
        self, index: int | slice | npt.NDArray[Any] | Sequence[int]
    ) -> Interaction | Self:
        """One event by position, or a sub-log by slice, boolean mask or positions."""
        if isinstance(index, int | np.integer):
            position = int(index)
            if not -len(self) <= position < len(self):
                raise IndexError(f"event {position} is out of range for {len(self)} events")
            return next(iter(self._take(np.array([position]))))
        return self._take(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InteractionLog):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, f"_{name}"), getattr(other, f"_{name}"))
            for name in (*COLUMNS, "actors", "channels")
        )

    __hash__ = None  # type: ignore[assignment]  # equal logs may be large; never hash

    def __getstate__(self) -> dict[str, npt.NDArray[Any]]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __setstate__(self, state: dict[str, npt.NDArray[Any]]) -> None:
        # Unpickled arrays come back writeable: restore the read-only promise.
        self._set(**{name.removeprefix("_"): array for name, array in state.items()})

    def __repr__(self) -> str:
        span = self.time_span
        when = "" if span is None else (f", span={span[0].isoformat()} .. {span[1].isoformat()}")
        return (
            f"<InteractionLog: {len(self):,} events, {len(self._actors):,} actors, "
            f"{len(self._channels):,} channels{when}>"
        )

    # ------------------------------------------------------------------ subsets
    def _take(self, index: slice | npt.NDArray[Any] | Sequence[int]) -> Self:
        selector = index if isinstance(index, slice) else np.asarray(index)
        if isinstance(selector, np.ndarray) and selector.size == 0:
            selector = selector.astype(np.intp)  # [] arrives as float64
        if isinstance(selector, np.ndarray) and selector.dtype.kind not in "biu":
            raise ArgumentTypeError(
                "index with an int, a slice, a boolean mask or integer positions",
                value=str(selector.dtype),
            )
        if (
            isinstance(selector, np.ndarray)
            and selector.dtype.kind == "b"
            and len(selector) != len(self)
        ):
            raise IndexError(f"mask has {len(selector)} entries for {len(self)} events")
        source, target = self._source[selector], self._target[selector]
        actors, (source, target) = _compact(self._actors, source, target)
        channels, (channel,) = _compact(self._channels, self._channel[selector])
        return self._trusted(
            actors=actors,
            channels=channels,
            source=source,
            target=target,
            kind=self._kind[selector],
            timestamp=self._timestamp[selector],
            channel=channel,
            weight=self._weight[selector],
        )

    def between(self, start: object = None, end: object = None) -> Self:
        """The events with ``start <= timestamp < end``; either bound may be ``None``.

        Bounds are datetimes, dates, ``numpy.datetime64`` or ISO 8601 text; naive
        bounds are UTC.

        >>> log = InteractionLog.from_columns(
        ...     source=["a", "b", "c"], target=["f", "f", "f"], kind=["view"] * 3,
        ...     timestamp=["2024-01-01", "2024-02-01", "2024-03-01"])
        >>> log.between("2024-01-15", "2024-03-01").column("source").tolist()
        ['b']
        """
        mask = np.ones(len(self), dtype=bool)
        if start is not None:
            mask &= self._timestamp >= _bound(start, "start")
        if end is not None:
            mask &= self._timestamp < _bound(end, "end")
        return self._take(mask)

    def filter(
        self,
        *,
        kind: InteractionKind | str | Iterable[InteractionKind | str] | None = None,
        channel: str | Iterable[str | None] | None = None,
        actor: str | Iterable[str] | None = None,
        source: str | Iterable[str] | None = None,
        target: str | Iterable[str] | None = None,
    ) -> Self:
        """The events matching every given criterion; each takes one value or several.

        ``actor`` matches either end of an interaction. To select events without a
        channel, include ``None`` in a collection: ``channel=[None]``. Ids that do
        not occur simply match nothing; an unknown kind is an error.

        >>> log = InteractionLog.from_columns(
        ...     source=["a", "b", "f"], target=["f", "f", "a"],
        ...     kind=["like", "share", "reply"], timestamp=["2024-01-01"] * 3,
        ...     channel=["x", "y", None])
        >>> len(log.filter(kind=["like", "share"], channel="y"))
        1
        >>> log.filter(actor="a").column("kind").tolist()
        ['like', 'reply']
        """
        mask = np.ones(len(self), dtype=bool)
        if kind is not None:
            wanted_kinds = [
                InteractionKind(k).code if isinstance(k, InteractionKind) else _kind_code(k)
                for k in _as_collection(kind)
            ]
            mask &= np.isin(self._kind, wanted_kinds)
        if channel is not None:
            mask &= np.isin(self._channel, _codes_of(self._channels, _as_collection(channel)))
        if actor is not None:
            codes = _codes_of(self._actors, _as_collection(actor))
            mask &= np.isin(self._source, codes) | np.isin(self._target, codes)
        if source is not None:
            mask &= np.isin(self._source, _codes_of(self._actors, _as_collection(source)))
        if target is not None:
            mask &= np.isin(self._target, _codes_of(self._actors, _as_collection(target)))
        return self._take(mask)

    def sort_by_time(self) -> Self:
        """The same events ordered by timestamp; ties keep their order (stable sort)."""
        return self._take(np.argsort(self._timestamp, kind="stable"))

    # ------------------------------------------------------------------ summaries
    @property
    def time_span(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The first and last timestamps as aware UTC datetimes; ``None`` when empty."""
        if not len(self):
            return None
        first, last = self._timestamp.min(), self._timestamp.max()
        return (_to_datetime(first), _to_datetime(last))

    def kind_counts(self) -> dict[InteractionKind, int]:
        """Events per interaction kind, for the kinds that occur, in vocabulary order."""
        counts = np.bincount(self._kind, minlength=len(_KINDS))
        return {kind: int(n) for kind, n in zip(_KINDS, counts, strict=True) if n}

    def channel_counts(self) -> dict[str | None, int]:
        """Events per channel, ``None`` counting events without one."""
        counts = np.bincount(self._channel + 1, minlength=len(self._channels) + 1)
        names: list[str | None] = [None, *self._channels.tolist()]
        return {name: int(n) for name, n in zip(names, counts, strict=True) if n}

    def summary(self) -> str:
        """A short plain-text description: size, time span, kinds and channels.

        >>> log = InteractionLog.from_columns(source=["a", "b"], target=["f", "f"],
        ...                                   kind=["like", "like"],
        ...                                   timestamp=["2024-01-01", "2024-01-03"])
        >>> print(log.summary())
        2 events between 3 actors on 0 channels
        from 2024-01-01T00:00:00+00:00 to 2024-01-03T00:00:00+00:00
        kinds: like 2
        channels: (none) 2
        """
        span = self.time_span
        lines = [
            (
                f"{len(self):,} events between {len(self._actors):,} actors "
                f"on {len(self._channels):,} channels"
            )
        ]
        if span is not None:
            lines.append(f"from {span[0].isoformat()} to {span[1].isoformat()}")
        lines.append(
            "kinds: " + ", ".join(f"{kind.value} {n:,}" for kind, n in self.kind_counts().items())
        )
        lines.append(
            "channels: "
            + ", ".join(f"{name or '(none)'} {n:,}" for name, n in self.channel_counts().items())
        )
        return "\n".join(lines)

    # ------------------------------------------------------------------ export
    def to_frame(self, backend: FrameBackend = "pandas") -> Any:  # noqa: ANN401
        """The log as a table of ``backend`` (``"pandas"``, ``"polars"`` or ``"pyarrow"``).

        Columns are the six fields; ``timestamp`` is time-zone aware (UTC) and
        missing channels are null. :meth:`from_frame` reads the result back into an
        equal log.

        >>> log = InteractionLog.from_columns(source=["a"], target=["b"], kind=["like"],
        ...                                   timestamp=["2024-01-01T08:00"])
        >>> log.to_frame("polars").columns
        ['source', 'target', 'kind', 'timestamp', 'channel', 'weight']
        """
        return frame_from_columns({name: self.column(name) for name in COLUMNS}, backend)


# ---------------------------------------------------------------------- helpers
def _compact(
    vocabulary: npt.NDArray[Any], *columns: npt.NDArray[np.signedinteger[Any]]
) -> tuple[npt.NDArray[Any], list[npt.NDArray[np.signedinteger[Any]]]]:
    """Drop vocabulary entries no column uses any more, renumbering the codes."""
    used = np.zeros(len(vocabulary), dtype=bool)
    for codes in columns:
        used[codes[codes >= 0]] = True
    if used.all():
        return vocabulary, list(columns)
    new_positions = np.cumsum(used, dtype=np.int64) - 1
    return vocabulary[used], [remap(codes, new_positions).astype(codes.dtype) for codes in columns]


def _as_collection(value: object) -> list[Any]:
    if value is None or isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _kind_code(value: Any) -> int:  # noqa: ANN401 - reports any bad value
    try:
        return InteractionKind(value).code
    except ValueError:
        raise ValidationError(
            f"unknown interaction kind {value!r}; valid kinds are: "
            + ", ".join(k.value for k in _KINDS),
            column="kind",
            value=value,
        ) from None


def _codes_of(vocabulary: npt.NDArray[Any], values: list[Any]) -> npt.NDArray[np.int64]:
    """Positions of ``values`` in a sorted vocabulary; ``None`` is -1, absent ids vanish."""
    found = positions_in(vocabulary, [str(v) for v in values if v is not None])
    if any(v is None for v in values):
        found = np.append(found, MISSING)
    return found


def _bound(value: object, name: str) -> np.datetime64:
    try:
        return to_datetime64(value)
    except ValueError as error:
        raise ValidationError(str(error), column=name, value=value) from None


def _to_datetime(value: np.datetime64) -> dt.datetime:
    moment = value.astype(TIME_DTYPE).astype(object)
    assert isinstance(moment, dt.datetime)  # guaranteed by the range check at construction
    return moment.replace(tzinfo=dt.UTC)


def __getattr__(name: str) -> object:
    # ``Backend`` was this module's name for FrameBackend; the graph metrics' choice
    # of algorithm is GraphBackend, so that one name means one thing.
    return renamed(__name__, name, {"Backend": ("FrameBackend", FrameBackend)})
