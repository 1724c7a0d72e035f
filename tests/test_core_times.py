from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from valuecocreation._core.times import TIME_DTYPE, timestamp_column, to_utc_datetime


def test_numpy_input_of_any_unit_is_converted_without_problems():
    values = np.array(["2024-01-01T00:00:00.123456789", "2024-06-01"], dtype="datetime64[ns]")
    converted, problems = timestamp_column(values)
    assert converted.dtype == TIME_DTYPE
    assert problems == []
    assert str(converted[0]) == "2024-01-01T00:00:00.123456"  # truncated to microseconds


def test_naive_text_is_parsed_in_bulk_and_text_with_offsets_is_converted_to_utc():
    converted, problems = timestamp_column(["2024-01-01T09:00:00+09:00", "2024-01-01 00:30"])
    assert problems == []
    assert converted.tolist() == [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1, 0, 30)]


def test_problems_name_each_bad_row():
    converted, problems = timestamp_column(
        np.array(["2024-01-01", None, "soon", "2024-13-01", ""], dtype=object)
    )
    by_reason = {p.reason: p.rows.tolist() for p in problems}
    assert by_reason["cannot read 'soon' as an ISO 8601 timestamp"] == [2]
    assert any(rows == [3] for rows in by_reason.values())
    assert by_reason["timestamp is missing"] == [1, 4]
    assert np.isnat(converted[1:]).all()


def test_empty_text_in_a_text_array_is_missing():
    _, problems = timestamp_column(np.array(["2024-01-01", ""]))
    assert [(p.reason, p.rows.tolist()) for p in problems] == [("timestamp is missing", [1])]


def test_timestamps_outside_the_datetime_range_are_rejected():
    values = np.array(["10000-01-01", "2024-01-01"], dtype="datetime64[D]")
    _, problems = timestamp_column(values)
    assert [(p.reason, p.rows.tolist()) for p in problems] == [
        ("timestamp is outside the years 1 to 9999", [0])
    ]


@pytest.mark.parametrize("value", [float("nan"), None, np.datetime64("NaT")])
def test_missing_scalars(value):
    with pytest.raises(ValueError, match="missing"):
        to_utc_datetime(value)


def test_pandas_missing_markers_are_missing():
    pd = pytest.importorskip("pandas")
    for value in (pd.NaT, pd.NA):
        with pytest.raises(ValueError, match="missing"):
            to_utc_datetime(value)


def test_microsecond_input_with_nat_or_far_off_values_is_checked_row_by_row():
    far = np.iinfo(np.int64).max - 1  # about the year 294,000
    values = np.array([0, np.iinfo(np.int64).min, far], dtype=np.int64).view("datetime64[us]")
    _, problems = timestamp_column(values)
    assert [(p.reason, p.rows.tolist()) for p in problems] == [
        ("timestamp is missing", [1]),
        ("timestamp is outside the years 1 to 9999", [2]),
    ]
    assert timestamp_column(values[:1])[1] == []
    assert timestamp_column(values[:0])[1] == []
