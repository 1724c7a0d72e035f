"""Property-based tests of :class:`valuecocreation.log.InteractionLog`.

Round trips (records, columns, DataFrames, pickle), the laws of ``concat``,
``filter`` and ``between``, the canonical form of the vocabularies, and fuzzing
of the validating constructors: they return a log or raise ``ValidationError``,
and a single bad row is reported at its own position.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import strategies as vst

from valuecocreation.errors import ValidationError
from valuecocreation.log import COLUMNS, REQUIRED_COLUMNS, InteractionLog
from valuecocreation.model import Interaction, InteractionKind

BACKENDS = ("pandas", "polars", "pyarrow")
_ARRAYS = (
    "actors",
    "channels",
    "source_codes",
    "target_codes",
    "kind_codes",
    "timestamps",
    "channel_codes",
    "weights",
)
_FIRST = np.datetime64(vst.FIRST_MOMENT, "us")
_LAST = np.datetime64(vst.LAST_MOMENT, "us")


# ---------------------------------------------------------------------- helpers
def columns_of(events: list[Interaction]) -> dict[str, list[Any]]:
    """The six columns of ``events`` as plain lists, for ``from_columns``."""
    return {name: [getattr(event, name) for event in events] for name in COLUMNS}


def assert_identical(left: InteractionLog, right: InteractionLog) -> None:
    """Equal logs with equal dtypes too: the representation is canonical."""
    assert left == right
    for name in _ARRAYS:
        assert getattr(left, name).dtype == getattr(right, name).dtype, name


def assert_canonical(log: InteractionLog) -> None:
    """The vocabularies hold exactly what occurs, sorted, and codes point into them."""
    events = list(log)
    actors = log.actors.tolist()
    assert actors == sorted({e.source for e in events} | {e.target for e in events})
    channels = log.channels.tolist()
    assert channels == sorted({e.channel for e in events if e.channel is not None})
    if len(log):
        for codes in (log.source_codes, log.target_codes):
            assert codes.min() >= 0
            assert codes.max() < len(actors)
        assert log.channel_codes.min() >= -1
        assert log.channel_codes.max() < len(channels)


def assert_well_formed(log: InteractionLog) -> None:
    """Everything a caller may rely on in a log a constructor returned."""
    size = len(log)
    for name in _ARRAYS:
        array = getattr(log, name)
        assert array.ndim == 1, name
        assert not array.flags.writeable, name
        if name not in ("actors", "channels"):
            assert len(array) == size, name
    assert "" not in log.actors.tolist()
    assert "" not in log.channels.tolist()
    assert (log.kind_codes < len(InteractionKind)).all()
    assert not np.isnat(log.timestamps).any()
    assert ((log.timestamps >= _FIRST) & (log.timestamps <= _LAST)).all()
    assert np.isfinite(log.weights).all()
    assert (log.weights >= 0).all()
    assert_canonical(log)  # also decodes every event into a valid Interaction


def event_multiset(log: InteractionLog) -> Counter[tuple[tuple[str, Any], ...]]:
    """The events of ``log`` as a multiset, ignoring their order."""
    return Counter(tuple(e.to_dict().items()) for e in log)


def in_interval(moment: dt.datetime, start: dt.datetime | None, end: dt.datetime | None) -> bool:
    """``start <= moment < end`` with ``None`` for an open end; naive bounds are UTC."""
    return (start is None or vst.as_utc(start) <= moment) and (
        end is None or moment < vst.as_utc(end)
    )


def same_value(left: object, right: object) -> bool:
    """Equal, or both NaN (NaN is never equal to itself)."""
    if left is right or (type(left) is type(right) and left == right):
        return True
    return (
        isinstance(left, float)
        and isinstance(right, float)
        and math.isnan(left)
        and math.isnan(right)
    )


# ------------------------------------------------------------- 1. round trips
@given(vst.interaction_lists())
def test_from_records_then_iterating_gives_the_same_interactions(events):
    log = InteractionLog.from_records(events)
    back = list(log)
    assert len(log) == len(events)
    assert back == events
    # Equal as plain values too: UTC offsets, kinds and float weights included.
    assert [e.to_dict() for e in back] == [e.to_dict() for e in events]
    assert [log[i] for i in range(len(log))] == events


@given(vst.interaction_lists())
def test_records_as_dicts_round_trip_like_interactions(events):
    log = InteractionLog.from_records(events)
    assert_identical(InteractionLog.from_records([e.to_dict() for e in events]), log)


# ------------------------------------------------ 2. columns, records, frames
@given(st.lists(vst.record_dicts(), max_size=8))
def test_from_columns_equals_from_records_of_the_same_data(records):
    by_records = InteractionLog.from_records(records)
    columns = {
        name: [r.get(name, 1.0 if name == "weight" else None) for r in records] for name in COLUMNS
    }
    assert_identical(InteractionLog.from_columns(**columns), by_records)
    as_interactions = [Interaction(**record) for record in records]
    assert_identical(InteractionLog.from_records(as_interactions), by_records)


@given(vst.interaction_lists())
def test_from_columns_accepts_numpy_arrays_like_lists(events):
    columns = columns_of(events)
    arrays = {name: np.array(values, dtype=object) for name, values in columns.items()}
    # Stored timestamps are UTC, so their naive form is the same instant.
    arrays["timestamp"] = np.array(
        [vst.as_utc(t).replace(tzinfo=None) for t in columns["timestamp"]], dtype="datetime64[us]"
    )
    arrays["weight"] = np.array(columns["weight"], dtype=np.float64)
    assert_identical(InteractionLog.from_columns(**arrays), InteractionLog.from_columns(**columns))


# All three backends hold the full range of years 1 to 9999, since to_frame
# writes microsecond timestamps.
@pytest.mark.parametrize("backend", BACKENDS)
@settings(deadline=None, max_examples=50)
@given(log=vst.interaction_logs())
def test_from_frame_of_to_frame_gives_the_log_back(backend, log):
    assert_identical(InteractionLog.from_frame(log.to_frame(backend)), log)


# --------------------------------------------------------------- 3. concat
@given(
    vst.interaction_logs(max_size=5),
    vst.interaction_logs(max_size=5),
    vst.interaction_logs(max_size=5),
)
def test_concat_is_associative(a, b, c):
    flat = InteractionLog.concat([a, b, c])
    assert_identical(InteractionLog.concat([InteractionLog.concat([a, b]), c]), flat)
    assert_identical(InteractionLog.concat([a, InteractionLog.concat([b, c])]), flat)
    assert len(flat) == len(a) + len(b) + len(c)
    assert list(flat) == [*a, *b, *c]
    assert_identical(flat, InteractionLog.from_records([*a, *b, *c]))


@given(vst.interaction_logs())
def test_empty_log_is_the_identity_of_concat(log):
    empty = InteractionLog()
    assert_identical(InteractionLog.concat([empty, log]), log)
    assert_identical(InteractionLog.concat([log, empty]), log)
    assert_identical(InteractionLog.concat([log]), log)
    assert_identical(InteractionLog.concat([]), empty)
    assert_identical(InteractionLog.from_records([]), empty)
    assert_identical(InteractionLog.concat([empty, empty]), empty)


@given(vst.interaction_logs(), st.data())
def test_concat_of_two_slices_is_the_log(log, data):
    k = data.draw(st.integers(min_value=-len(log) - 1, max_value=len(log) + 1), label="k")
    head, tail = log[:k], log[k:]
    assert len(head) + len(tail) == len(log)
    assert_identical(InteractionLog.concat([head, tail]), log)
    assert_identical(log[:], log)


# --------------------------------------------------------------- 4. filters
def _criteria(data: st.DataObject, log: InteractionLog) -> dict[str, Any]:
    """Some ``filter`` keyword arguments, often naming ids that occur in ``log``."""
    known_actors = log.actors.tolist()
    actor = (
        st.one_of(st.sampled_from(known_actors), vst.actor_ids())
        if known_actors
        else vst.actor_ids()
    )
    known_channels = log.channels.tolist()
    channel = (
        st.one_of(st.sampled_from(known_channels), vst.channel_names())
        if known_channels
        else vst.channel_names()
    )
    options: dict[str, st.SearchStrategy[Any]] = {
        "kind": vst.kind_criteria(),
        # A single None means "no criterion"; events without a channel are
        # selected by a None inside a collection.
        "channel": st.one_of(channel, st.lists(st.one_of(st.none(), channel), max_size=3)),
        "actor": st.one_of(actor, st.lists(actor, max_size=3)),
        "source": st.one_of(actor, st.lists(actor, max_size=3)),
        "target": st.one_of(actor, st.lists(actor, max_size=3)),
    }
    names = data.draw(st.lists(st.sampled_from(list(options)), unique=True), label="criteria")
    return {name: data.draw(options[name], label=name) for name in names}


def _as_list(value: Any) -> list[Any]:
    return [value] if isinstance(value, str) else list(value)


def _matches(event: Interaction, criteria: dict[str, Any]) -> bool:
    """The meaning of ``filter``, one event at a time."""
    for name, wanted in criteria.items():
        values = _as_list(wanted)
        if name == "kind":
            ok = event.kind in {InteractionKind(k) for k in values}
        elif name == "actor":
            ok = event.source in values or event.target in values
        else:
            ok = getattr(event, name) in values
        if not ok:
            return False
    return True


@given(vst.interaction_logs(), st.data())
def test_filter_equals_a_python_filter(log, data):
    criteria = _criteria(data, log)
    expected = [e for e in log if _matches(e, criteria)]
    filtered = log.filter(**criteria)
    assert list(filtered) == expected
    assert_identical(filtered, InteractionLog.from_records(expected))


@given(vst.interaction_logs(), st.data())
def test_filters_commute_and_compose(log, data):
    criteria = _criteria(data, log)
    at_once = log.filter(**criteria)
    order = data.draw(st.permutations(list(criteria)), label="order")
    one_by_one = log
    for name in order:
        one_by_one = one_by_one.filter(**{name: criteria[name]})
    assert_identical(one_by_one, at_once)
    # Filtering twice by the same criteria changes nothing more.
    assert_identical(at_once.filter(**criteria), at_once)


@given(
    vst.interaction_logs(),
    st.data(),
    st.one_of(st.none(), vst.timestamps()),
    st.one_of(st.none(), vst.timestamps()),
)
def test_filter_commutes_with_between(log, data, start, end):
    criteria = _criteria(data, log)
    assert_identical(
        log.filter(**criteria).between(start, end), log.between(start, end).filter(**criteria)
    )


@given(vst.interaction_logs(), vst.interaction_kinds(), st.data())
def test_filter_by_kind_and_channel_commute(log, kind, data):
    channel = data.draw(st.sampled_from([*log.channels.tolist(), "nowhere"]), label="channel")
    both = log.filter(kind=kind, channel=channel)
    assert_identical(log.filter(kind=kind).filter(channel=channel), both)
    assert_identical(log.filter(channel=channel).filter(kind=kind), both)
    assert list(both) == [e for e in log if e.kind == kind and e.channel == channel]


# --------------------------------------------------------------- 5. between
def _bounds(log: InteractionLog) -> st.SearchStrategy[dt.datetime]:
    """Bounds that are often exactly the time of an event (the edge of the interval)."""
    times = [e.timestamp for e in log]
    return st.one_of(st.sampled_from(times), vst.timestamps()) if times else vst.timestamps()


@given(vst.interaction_logs(), st.data())
def test_between_keeps_exactly_start_le_t_lt_end(log, data):
    bound = st.one_of(st.none(), _bounds(log))
    start, end = data.draw(bound, label="start"), data.draw(bound, label="end")
    expected = [e for e in log if in_interval(e.timestamp, start, end)]
    kept = log.between(start, end)
    assert list(kept) == expected
    assert_identical(kept, InteractionLog.from_records(expected))


@given(vst.interaction_logs(), st.data())
def test_between_accepts_every_bound_representation_alike(log, data):
    start = data.draw(_bounds(log), label="start")
    expected = log.between(start)
    instant = vst.as_utc(start)
    for same in (
        instant,
        instant.isoformat(),
        instant.replace(tzinfo=None),
        np.datetime64(instant.replace(tzinfo=None), "us"),
    ):
        assert_identical(log.between(same), expected)


@given(vst.interaction_logs(), st.data())
def test_between_splits_at_any_middle_bound(log, data):
    a, b, c = sorted((data.draw(_bounds(log), label="bound") for _ in range(3)), key=vst.as_utc)
    whole = log.between(a, c)
    parts = InteractionLog.concat([log.between(a, b), log.between(b, c)])
    assert len(parts) == len(whole)
    assert event_multiset(parts) == event_multiset(whole)
    assert_identical(log.between(None, None), log)
    assert len(log.between(b, b)) == 0


# --------------------------------------------------------- 6. canonical form
@given(vst.interaction_logs(), st.data())
def test_vocabularies_hold_exactly_what_occurs_after_any_subset(log, data):
    assert_canonical(log)
    assert len(set(log.actors.tolist())) == len(log.actors)
    assert_canonical(log.filter(**_criteria(data, log)))
    bound = st.one_of(st.none(), _bounds(log))
    assert_canonical(log.between(data.draw(bound), data.draw(bound)))
    mask = np.array(
        data.draw(st.lists(st.booleans(), min_size=len(log), max_size=len(log))), dtype=bool
    )
    assert_canonical(log[mask])
    assert_canonical(log[::2])
    positions = data.draw(st.lists(st.integers(0, len(log) - 1), max_size=6)) if len(log) else []
    assert_canonical(log[np.array(positions, dtype=np.intp)])
    assert_canonical(log.sort_by_time())


@given(vst.interaction_logs(), st.data())
def test_indexing_by_positions_equals_python_indexing(log, data):
    events = list(log)
    index = st.integers(-len(log), len(log) - 1)
    positions = data.draw(
        st.lists(index, max_size=6) if len(log) else st.just([]), label="positions"
    )
    picked = log[positions]
    assert list(picked) == [events[i] for i in positions]
    assert_identical(picked, InteractionLog.from_records([events[i] for i in positions]))


# numpy before 2.5 mangles NUL in its string type (ids differing after a NUL were
# merged), so an id holding NUL is bad input everywhere, never silently altered.
@pytest.mark.parametrize("nul_id", ["\x00", "a\x00", "a\x00b"])
def test_ids_holding_a_nul_are_rejected(nul_id):
    with pytest.raises(ValidationError, match="NUL") as caught:
        InteractionLog.from_columns(
            source=["ana", nul_id],
            target=["firm", "firm"],
            kind=["like", "share"],
            timestamp=["2024-01-01"] * 2,
        )
    assert (caught.value.row, caught.value.column) == (1, "source")
    with pytest.raises(ValidationError, match="NUL"):
        Interaction(source=nul_id, target="firm", kind="like", timestamp="2024-01-01")


@pytest.mark.parametrize("nul_id", ["\x00", "a\x00", "ana\x00"])
def test_filter_by_an_id_holding_a_nul_matches_nothing(nul_id):
    log = InteractionLog.from_columns(
        source=["ana", "a"],
        target=["firm", "firm"],
        kind=["like", "share"],
        timestamp=["2024-01-01"] * 2,
    )
    assert len(log.filter(actor=nul_id)) == 0
    assert len(log.filter(source=[nul_id])) == 0


def test_filter_by_a_short_id_when_the_vocabulary_holds_a_long_one():
    # Ids longer than 15 UTF-8 bytes live on StringDType's heap; searching them
    # with a needle array of another descriptor fails in numpy 2.4.
    log = InteractionLog.from_columns(
        source=["ana", "a" * 16],
        target=["firm", "firm"],
        kind=["like", "like"],
        timestamp=["2024-01-01"] * 2,
    )
    assert log.filter(source="ana").column("source").tolist() == ["ana"]
    assert log.filter(actor=["a" * 16]).column("source").tolist() == ["a" * 16]
    assert log.filter(channel=["youtube", None]) == log


@given(vst.interaction_lists())
def test_same_events_in_same_order_make_identical_logs(events):
    reference = InteractionLog.from_records(events)
    assert_identical(InteractionLog.from_columns(**columns_of(events)), reference)
    assert_identical(InteractionLog.from_records(list(reversed(events)))[::-1], reference)
    assert_identical(
        InteractionLog.concat([InteractionLog.from_records([e]) for e in events]), reference
    )
    assert_identical(reference[np.arange(len(events))], reference)
    assert_identical(reference.filter(), reference)


# ------------------------------------------------------------------ 7. fuzzing
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_from_columns_with_junk_returns_a_log_or_raises_validation_error(data):
    size = data.draw(st.integers(min_value=0, max_value=4), label="size")
    columns = {
        name: data.draw(vst.junk_columns(name, size), label=name) for name in REQUIRED_COLUMNS
    }
    for name in ("channel", "weight"):
        columns[name] = data.draw(st.one_of(st.none(), vst.junk_columns(name, size)), label=name)
    try:
        log = InteractionLog.from_columns(**columns)
    except ValidationError:
        return
    assert_well_formed(log)


_TWO_ROWS: dict[str, Any] = {
    "source": ["a", "b"],
    "target": ["b", "a"],
    "kind": ["like", "share"],
    "timestamp": ["2024-01-01", "2024-01-02"],
}
_WHOLE_COLUMN_JUNK = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.text(max_size=3),
    st.binary(max_size=3),
    st.dictionaries(
        vst.junk_scalars().filter(lambda v: v.__hash__ is not None), vst.junk_scalars(), max_size=2
    ),
    st.frozensets(st.text(max_size=2), max_size=2).map(set),
    st.sampled_from(
        (
            np.float64(1.0),
            np.array("x"),
            np.zeros((2, 2)),
            np.zeros((1, 2), dtype="datetime64[s]"),
            range(2),
            object(),
        )
    ),
)


@settings(deadline=None)
@given(st.sampled_from(COLUMNS), _WHOLE_COLUMN_JUNK)
def test_from_columns_with_a_junk_column_returns_a_log_or_raises_validation_error(name, column):
    columns = {**_TWO_ROWS, name: column}
    try:
        log = InteractionLog.from_columns(**columns)
    except ValidationError:
        return
    assert_well_formed(log)


_KNOWN_JUNK: dict[str, dict[str, Any]] = {
    "weight-int-too-large-for-float": {"weight": [10**400, 1.0]},
    "float-ids-beyond-int64": {"source": np.array([1e300, 2e300])},
    "complex-weight-array": {"weight": np.array([1 + 1j, 1])},
    "datetime64-beyond-int64-microseconds": {
        "timestamp": np.array([2**62, 0], dtype="datetime64[s]")
    },
    "source-none": {"source": None},
    "target-none": {"target": None},
    "kind-none": {"kind": None},
    "timestamp-none": {"timestamp": None},
    "dict-source": {"source": {"a": 1, "": 2}},
    "set-source": {"source": {"a", ""}},
    "2d-weight": {"weight": np.zeros((2, 2))},
    "2d-timestamp": {"timestamp": np.zeros((2, 2), dtype="datetime64[s]")},
}
"""Inputs the fuzz tests found mishandled, kept as deterministic examples."""


def test_an_empty_column_of_any_dtype_has_no_bad_rows():
    # Once crashed with IndexError; an empty column holds nothing to reject.
    log = InteractionLog.from_columns(
        source=[], target=[], kind=np.array([], dtype=bool), timestamp=[]
    )
    assert log == InteractionLog()


@pytest.mark.parametrize("overrides", [pytest.param(v, id=k) for k, v in _KNOWN_JUNK.items()])
def test_from_columns_rejects_known_junk_with_validation_error(overrides):
    with pytest.raises(ValidationError):
        InteractionLog.from_columns(**{**_TWO_ROWS, **overrides})


@pytest.mark.parametrize(
    "record",
    [
        pytest.param({"": None, 0: None}, id="text-and-int-keys"),
        pytest.param(
            {**{k: v[0] for k, v in _TWO_ROWS.items()}, "extra": 1, None: 2},
            id="valid-fields-text-and-none-keys",
        ),
    ],
)
def test_from_records_rejects_keys_of_mixed_types_with_validation_error(record):
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_records([record])
    assert caught.value.row == 0


_RECORD_KEYS = st.one_of(
    st.sampled_from(COLUMNS),
    st.text(max_size=3),
    st.integers(),
    st.none(),
    st.booleans(),
    st.binary(max_size=2),
)


def _junk_records() -> st.SearchStrategy[Any]:
    valid_keys = st.fixed_dictionaries(
        {
            name: st.one_of(vst.junk(), vst.record_dicts().map(lambda r, n=name: r.get(n)))
            for name in REQUIRED_COLUMNS
        },
        optional={name: vst.junk() for name in ("channel", "weight")},
    )
    return st.one_of(
        vst.record_dicts(),
        valid_keys,
        st.dictionaries(_RECORD_KEYS, vst.junk(), max_size=7),
        vst.interactions(),
        vst.junk(),
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_junk_records(), max_size=4))
def test_from_records_with_junk_returns_a_log_or_raises_validation_error(records):
    try:
        log = InteractionLog.from_records(records)
    except ValidationError:
        return
    assert_well_formed(log)


@settings(deadline=None)
@given(vst.interaction_logs(max_size=3), vst.junk(), vst.junk())
def test_between_with_junk_bounds_returns_a_log_or_raises_validation_error(log, start, end):
    try:
        kept = log.between(start, end)
    except ValidationError:
        return
    assert_well_formed(kept)


@given(st.datetimes(timezones=st.one_of(st.timezones(), vst.fixed_offsets(), st.just(dt.UTC))))
def test_interaction_timestamp_returns_or_raises_validation_error(moment):
    try:
        event = Interaction(source="a", target="b", kind="like", timestamp=moment)
    except ValidationError:
        return
    assert event.timestamp == vst.as_utc(moment)


_OUTSIDE_IN_UTC = [
    pytest.param(
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))), id="year-0-in-utc"
    ),
    pytest.param(
        dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
        id="year-10000-in-utc",
    ),
]
"""Aware datetimes that Python holds but whose UTC time is outside years 1 to 9999."""


@pytest.mark.parametrize("moment", _OUTSIDE_IN_UTC)
def test_interaction_rejects_a_timestamp_outside_the_years_in_utc(moment):
    with pytest.raises(ValidationError):
        Interaction(source="a", target="b", kind="like", timestamp=moment)


@pytest.mark.parametrize("moment", _OUTSIDE_IN_UTC)
def test_between_rejects_a_bound_outside_the_years_in_utc(moment):
    log = InteractionLog.from_columns(**_TWO_ROWS)
    with pytest.raises(ValidationError):
        log.between(moment)
    with pytest.raises(ValidationError):
        log.between(None, moment)


@pytest.mark.parametrize("moment", _OUTSIDE_IN_UTC)
def test_from_columns_rejects_a_timestamp_outside_the_years_in_utc(moment):
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_columns(**{**_TWO_ROWS, "timestamp": ["2024-01-01", moment]})
    assert (caught.value.row, caught.value.column) == (1, "timestamp")


# ------------------------------------------------------ 8. error positions
_BAD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "source": st.sampled_from((None, "", math.nan)),
    "target": st.sampled_from((None, "", math.nan)),
    "kind": st.sampled_from((None, "", math.nan, "retweet", "LIKE", " like", 3)),
    "timestamp": st.sampled_from(
        (
            None,
            "",
            math.nan,
            "yesterday",
            "2024-13-01",
            "10000-01-01",
            1_700_000_000,
            np.datetime64("NaT"),
            np.datetime64("10000-01-01"),
            dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),  # before year 1 in UTC
        )
    ),
    "weight": st.sampled_from((-1.0, -5e-324, math.nan, math.inf, -math.inf, "heavy", None)),
}
"""Values that are wrong for their column by value, whatever their neighbours."""

_BAD_TYPES: dict[str, st.SearchStrategy[Any]] = {
    "source": st.sampled_from((b"ana", True, ["ana"], ("ana",))),
    "target": st.sampled_from((b"ana", False, ["ana"], ("ana",))),
    "kind": st.sampled_from((b"like", True, ["like"])),
    "channel": st.sampled_from((b"youtube", True, ["youtube"])),
}
"""Values whose type cannot be an id (or a kind) at all."""


def _one_bad_row(
    data: st.DataObject, bad: dict[str, st.SearchStrategy[Any]]
) -> tuple[dict[str, list[Any]], int, str, Any]:
    events = data.draw(vst.interaction_lists(min_size=1), label="events")
    columns = columns_of(events)
    row = data.draw(st.integers(0, len(events) - 1), label="row")
    column = data.draw(st.sampled_from(sorted(bad)), label="column")
    value = data.draw(bad[column], label="value")
    columns[column][row] = value
    return columns, row, column, value


def _assert_names_the_row(error: ValidationError, row: int, column: str, value: Any) -> None:
    assert (error.row, error.column) == (row, column), str(error)
    # numpy scalars are reported as the Python value they stand for; a datetime64
    # beyond datetime's range as its text (its .item() would be a bare int).
    expected = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, np.datetime64) and isinstance(expected, int):
        expected = str(value)
    assert same_value(error.value, expected), str(error)


@given(st.data())
def test_validation_error_names_the_bad_row_and_column_in_from_columns(data):
    columns, row, column, value = _one_bad_row(data, _BAD_VALUES)
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_columns(**columns)
    _assert_names_the_row(caught.value, row, column, value)


@given(st.data())
def test_validation_error_names_the_bad_row_and_column_in_from_records(data):
    columns, row, column, value = _one_bad_row(data, _BAD_VALUES)
    records = [
        dict(zip(COLUMNS, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_records(records)
    _assert_names_the_row(caught.value, row, column, value)


@given(st.data())
def test_validation_error_names_the_row_of_a_value_of_the_wrong_type(data):
    columns, row, column, value = _one_bad_row(data, _BAD_TYPES)
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_columns(**columns)
    _assert_names_the_row(caught.value, row, column, value)


@given(st.lists(vst.record_dicts(), min_size=1, max_size=6), st.data())
def test_validation_error_names_the_record_with_a_bad_field(records, data):
    row = data.draw(st.integers(0, len(records) - 1), label="row")
    field = data.draw(st.sampled_from((*REQUIRED_COLUMNS, "extra")), label="field")
    if field == "extra":
        records[row]["extra"] = 1
    else:
        del records[row][field]
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_records(records)
    assert (caught.value.row, caught.value.column) == (row, field), str(caught.value)


# ------------------------------------------------------------------ 9. pickle
@given(vst.interaction_logs())
def test_pickle_round_trips(log):
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(log, protocol=protocol))
        assert_identical(back, log)
        assert list(back) == list(log)


@given(vst.interaction_logs(min_size=1))
def test_unpickled_log_stays_read_only(log):
    back = pickle.loads(pickle.dumps(log))
    for name in _ARRAYS:
        assert not getattr(back, name).flags.writeable, name
