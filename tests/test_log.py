from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from valuecocreation import InteractionLog
from valuecocreation.errors import ValidationError
from valuecocreation.model import Interaction, InteractionKind


def make_log(**overrides):
    columns = {
        "source": ["ana", "ben", "firm", "ana", "cat"],
        "target": ["firm", "firm", "ana", "ben", "firm"],
        "kind": ["follow", "share", "feature", "comment", "like"],
        "timestamp": [
            "2015-01-01T10:00",
            "2015-01-02T10:00",
            "2015-02-01T00:00",
            "2015-02-15T08:00",
            "2015-03-01T00:00",
        ],
        "channel": ["facebook", "youtube", None, "facebook", "app"],
        "weight": [1.0, 2.0, 1.0, 0.5, 0.0],
    }
    columns.update(overrides)
    return InteractionLog.from_columns(**columns)


# ------------------------------------------------------------------ construction
def test_columns_are_codes_into_sorted_vocabularies():
    log = make_log()
    assert len(log) == 5
    assert log.actors.tolist() == ["ana", "ben", "cat", "firm"]
    assert log.channels.tolist() == ["app", "facebook", "youtube"]
    assert log.source_codes.tolist() == [0, 1, 3, 0, 2]
    assert log.target_codes.tolist() == [3, 3, 0, 1, 3]
    assert log.channel_codes.tolist() == [1, 2, -1, 1, 0]
    assert log.kind_codes.tolist() == [
        InteractionKind(k).code for k in ["follow", "share", "feature", "comment", "like"]
    ]
    assert log.timestamps.dtype == np.dtype("datetime64[us]")
    assert log.weights.tolist() == [1.0, 2.0, 1.0, 0.5, 0.0]


def test_arrays_are_read_only():
    log = make_log()
    with pytest.raises(ValueError, match="read-only"):
        log.weights[0] = 99.0
    with pytest.raises(ValueError, match="read-only"):
        log.source_codes[0] = 1


def test_code_dtypes_are_compact():
    log = make_log()
    assert log.source_codes.dtype == np.int32
    assert log.channel_codes.dtype == np.int16
    assert log.kind_codes.dtype == np.uint8


def test_weights_default_to_one_and_channels_to_missing():
    log = InteractionLog.from_columns(
        source=["a"], target=["b"], kind=["view"], timestamp=["2024-01-01"]
    )
    assert log.weights.tolist() == [1.0]
    assert log.channel_codes.tolist() == [-1]
    assert log.channels.tolist() == []


def test_empty_log():
    empty = InteractionLog()
    assert len(empty) == 0
    assert list(empty) == []
    assert empty.time_span is None
    assert empty == InteractionLog.from_columns(source=[], target=[], kind=[], timestamp=[])
    assert "0 events" in repr(empty)


def test_from_records_accepts_interactions_and_dicts_alike():
    when = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    a = InteractionLog.from_records(
        [
            Interaction(source="a", target="b", kind="like", timestamp=when, channel="x"),
            {"source": "b", "target": "a", "kind": "reply", "timestamp": when, "weight": 2},
        ]
    )
    b = InteractionLog.from_columns(
        source=["a", "b"],
        target=["b", "a"],
        kind=["like", "reply"],
        timestamp=[when, when],
        channel=["x", None],
        weight=[1, 2],
    )
    assert a == b


def test_from_records_refuses_unknown_or_absent_fields():
    with pytest.raises(ValidationError, match="unexpected field 'user'") as caught:
        InteractionLog.from_records(
            [{"source": "a", "target": "b", "kind": "like", "timestamp": "2024-01-01", "user": "x"}]
        )
    assert (caught.value.row, caught.value.column) == (0, "user")
    with pytest.raises(ValidationError, match="required field 'timestamp'") as caught:
        InteractionLog.from_records(
            [
                {"source": "a", "target": "b", "kind": "like", "timestamp": "2024-01-01"},
                {"source": "a", "target": "b", "kind": "like"},
            ]
        )
    assert caught.value.row == 1
    with pytest.raises(ValidationError, match="must be an Interaction or a mapping"):
        InteractionLog.from_records([("a", "b")])


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("column", "bad", "reason"),
    [
        ("kind", "retweet", "unknown interaction kind 'retweet'"),
        ("kind", None, "kind is missing"),
        ("source", None, "source is missing"),
        ("source", "", "source is missing"),
        ("target", float("nan"), "target is missing"),
        ("timestamp", "next tuesday", "cannot read 'next tuesday'"),
        ("timestamp", None, "timestamp is missing"),
        ("weight", float("nan"), "weight is missing or NaN"),
        ("weight", float("inf"), "weight is infinite"),
        ("weight", -3.0, "weight is negative"),
        ("weight", "lots", "weight is not a number"),
    ],
)
def test_a_bad_row_is_named_with_column_value_and_reason(column, bad, reason):
    columns = {
        "source": ["a", "b", "c"],
        "target": ["f", "f", "f"],
        "kind": ["like", "like", "like"],
        "timestamp": ["2024-01-01", "2024-01-02", "2024-01-03"],
        "weight": [1.0, 1.0, 1.0],
    }
    values = list(columns[column])
    values[1] = bad
    columns[column] = np.array(values, dtype=object)
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_columns(**columns, origin="events.csv")
    error = caught.value
    assert reason in error.reason
    assert (error.row, error.column, error.source) == (1, column, "events.csv")
    assert error.more == 0
    assert str(error).startswith("events.csv, row 1, column ")


def test_the_first_bad_row_is_reported_and_the_rest_counted():
    with pytest.raises(ValidationError) as caught:
        InteractionLog.from_columns(
            source=["a", "b", None, "d"],
            target=["f", "f", "f", "f"],
            kind=["like", "like", "like", "poke"],
            timestamp=["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01"],
            weight=[1.0, -1.0, 1.0, 1.0],
        )
    error = caught.value
    assert (error.row, error.column, error.value) == (1, "weight", -1.0)
    assert error.more == 2
    assert "2 more problems" in str(error)


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValidationError, match=r"differ in length \(source=2, target=1"):
        InteractionLog.from_columns(
            source=["a", "b"],
            target=["c"],
            kind=["like", "like"],
            timestamp=["2024-01-01", "2024-01-01"],
        )


def test_a_column_that_is_not_a_sequence_is_refused():
    with pytest.raises(ValidationError, match="weight must be a sequence"):
        InteractionLog.from_columns(
            source=["a"], target=["b"], kind=["like"], timestamp=["2024-01-01"], weight=3.0
        )


def test_ids_that_are_not_scalars_are_refused():
    with pytest.raises(ValidationError, match="cannot be an identifier") as caught:
        InteractionLog.from_columns(
            source=[True], target=["b"], kind=["like"], timestamp=["2024-01-01"]
        )
    assert caught.value.column == "source"


# ------------------------------------------------------------------ protocol
def test_iteration_and_indexing_give_interactions():
    log = make_log()
    events = list(log)
    assert events[2] == Interaction(
        source="firm",
        target="ana",
        kind="feature",
        timestamp=dt.datetime(2015, 2, 1, tzinfo=dt.UTC),
    )
    assert log[2] == events[2]
    assert log[-1] == events[-1]
    with pytest.raises(IndexError):
        log[5]


def test_slicing_masks_and_positions_give_logs():
    log = make_log()
    assert list(log[1:3]) == list(log)[1:3]
    mask = np.array([True, False, True, False, False])
    assert [e.kind.value for e in log[mask]] == ["follow", "feature"]
    assert [e.source for e in log[[4, 0]]] == ["cat", "ana"]
    with pytest.raises(IndexError, match="mask has 2 entries"):
        log[np.array([True, False])]
    with pytest.raises(TypeError):
        log[np.array([0.5])]


def test_subsets_keep_only_the_vocabulary_they_use():
    sub = make_log()[:2]
    assert sub.actors.tolist() == ["ana", "ben", "firm"]
    assert sub.channels.tolist() == ["facebook", "youtube"]
    assert sub == InteractionLog.from_records(list(sub))


def test_equality():
    assert make_log() == make_log()
    assert make_log() != make_log(weight=[1.0, 2.0, 1.0, 0.5, 0.1])
    assert make_log() != "a log"
    with pytest.raises(TypeError):
        hash(make_log())


def test_repr_and_summary_describe_the_log():
    log = make_log()
    assert repr(log) == (
        "<InteractionLog: 5 events, 4 actors, 3 channels, "
        "span=2015-01-01T10:00:00+00:00 .. 2015-03-01T00:00:00+00:00>"
    )
    summary = log.summary()
    assert "5 events between 4 actors on 3 channels" in summary
    assert "channels: (none) 1, app 1, facebook 2, youtube 1" in summary


def test_counts():
    log = make_log()
    assert log.kind_counts() == {
        InteractionKind.FOLLOW: 1,
        InteractionKind.LIKE: 1,
        InteractionKind.COMMENT: 1,
        InteractionKind.SHARE: 1,
        InteractionKind.FEATURE: 1,
    }
    assert log.channel_counts() == {None: 1, "app": 1, "facebook": 2, "youtube": 1}


def test_column_decodes_and_rejects_unknown_names():
    log = make_log()
    assert log.column("source").tolist() == ["ana", "ben", "firm", "ana", "cat"]
    assert log.column("channel").tolist() == ["facebook", "youtube", None, "facebook", "app"]
    with pytest.raises(ValidationError, match="unknown column 'user'"):
        log.column("user")


# ------------------------------------------------------------------ operations
def test_between_is_half_open_and_takes_any_time_spelling():
    log = make_log()
    feb = log.between("2015-02-01", dt.datetime(2015, 3, 1, tzinfo=dt.UTC))
    assert [e.kind.value for e in feb] == ["feature", "comment"]
    assert len(log.between(start="2015-02-15T08:00")) == 2
    assert len(log.between(end=np.datetime64("2015-01-02T10:00"))) == 1
    with pytest.raises(ValidationError, match="cannot read"):
        log.between("soon")


def test_filter_by_kind_channel_and_actors():
    log = make_log()
    assert len(log.filter(kind="like")) == 1
    assert len(log.filter(kind=[InteractionKind.FOLLOW, "share"])) == 2
    assert len(log.filter(channel="facebook")) == 2
    assert len(log.filter(channel=[None])) == 1
    assert len(log.filter(channel=["app", None])) == 2
    assert log.filter(actor="ana").column("kind").tolist() == ["follow", "feature", "comment"]
    assert len(log.filter(source="ana")) == 2
    assert len(log.filter(target="firm", channel="facebook")) == 1
    assert len(log.filter(actor="nobody")) == 0
    assert len(log.filter(channel="myspace")) == 0
    with pytest.raises(ValidationError, match="unknown interaction kind 'poke'"):
        log.filter(kind="poke")


def test_sort_by_time_is_stable():
    log = InteractionLog.from_columns(
        source=["c", "a", "b"],
        target=["f", "f", "f"],
        kind=["like"] * 3,
        timestamp=["2024-01-02", "2024-01-01", "2024-01-01"],
    )
    assert log.sort_by_time().column("source").tolist() == ["a", "b", "c"]


def test_concat_merges_vocabularies():
    log = make_log()
    assert InteractionLog.concat([log[:2], log[2:]]) == log
    assert InteractionLog.concat([]) == InteractionLog()
    with pytest.raises(TypeError, match="can only concatenate"):
        InteractionLog.concat([log, [1, 2]])


def test_time_span():
    first, last = make_log().time_span
    assert first == dt.datetime(2015, 1, 1, 10, tzinfo=dt.UTC)
    assert last == dt.datetime(2015, 3, 1, tzinfo=dt.UTC)


# ------------------------------------------------------------------ frames
@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_frames_round_trip(backend):
    log = make_log()
    frame = log.to_frame(backend)
    assert InteractionLog.from_frame(frame) == log


def test_to_frame_rejects_unknown_backends():
    with pytest.raises(ValidationError, match="unknown backend 'excel'"):
        make_log().to_frame("excel")  # type: ignore[arg-type]


def test_from_frame_renames_and_converts_time_zones():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "user": ["ana", "ben"],
            "page": ["firm", "firm"],
            "action": ["like", "share"],
            "at": pd.to_datetime(["2015-01-01 19:00", "2015-01-02 09:00"]).tz_localize(
                "Asia/Seoul"
            ),
            "text": ["nice", "wow"],
        }
    )
    log = InteractionLog.from_frame(
        frame, columns={"user": "source", "page": "target", "action": "kind", "at": "timestamp"}
    )
    assert log.time_span[0] == dt.datetime(2015, 1, 1, 10, tzinfo=dt.UTC)
    assert log.channel_codes.tolist() == [-1, -1]


def test_from_frame_with_polars_nulls_names_the_row():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {
            "source": ["a", None],
            "target": ["b", "b"],
            "kind": ["like", "like"],
            "timestamp": ["2024-01-01", "2024-01-02"],
        }
    )
    with pytest.raises(ValidationError, match="source is missing") as caught:
        InteractionLog.from_frame(frame, origin="export.parquet")
    assert (caught.value.row, caught.value.source) == (1, "export.parquet")


def test_from_frame_explains_missing_columns_and_bad_input():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["like"]})
    with pytest.raises(ValidationError, match=r"required columns \['timestamp'\] are absent"):
        InteractionLog.from_frame(frame)
    with pytest.raises(ValidationError, match="not in the frame"):
        InteractionLog.from_frame(frame, columns={"when": "timestamp"})
    with pytest.raises(ValidationError, match="cannot read a list as a table"):
        InteractionLog.from_frame([1, 2, 3])


def test_polars_lazy_frames_must_be_collected_first():
    pytest.importorskip("polars")
    lazy = make_log().to_frame("polars").lazy()
    with pytest.raises(ValidationError, match="collect a lazy frame first"):
        InteractionLog.from_frame(lazy)


def test_the_old_backend_name_is_frame_backend_with_a_warning():
    from valuecocreation import log as log_module  # noqa: PLC0415

    with pytest.warns(DeprecationWarning, match=r"log\.Backend is renamed .*log\.FrameBackend"):
        assert log_module.Backend is log_module.FrameBackend
    with pytest.raises(AttributeError, match="no attribute 'Backends'"):
        _ = log_module.Backends
