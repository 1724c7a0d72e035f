"""The vectorised text parsers of valuecocreation.io against Python's own conversions.

Numbers are compared with :func:`float` (correctly rounded, bit for bit), ISO 8601
text with :meth:`datetime.datetime.fromisoformat` through the log's scalar rule
(``valuecocreation._core.times.to_datetime64``), naive times in a zone with
``zoneinfo``, and epoch numbers with exact :class:`fractions.Fraction` arithmetic.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import zoneinfo
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests import strategies

from valuecocreation._core.times import to_datetime64
from valuecocreation.io._numbers import NUMBER, read_decimals, to_floats
from valuecocreation.io._text import grid, utf8_of
from valuecocreation.io._times import read_times

NUMBER_TEXT = st.builds(
    lambda sign, whole, dot, fraction, exponent, pad: (
        f"{pad}{sign}{whole}{dot}{fraction}{exponent}{pad}"
    ),
    st.sampled_from(["", "+", "-"]),
    st.text("0123456789", max_size=20),
    st.sampled_from(["", "."]),
    st.text("0123456789", max_size=20),
    st.one_of(
        st.just(""),
        st.builds(
            "{}{}{}".format,
            st.sampled_from("eE"),
            st.sampled_from(["", "+", "-"]),
            st.text("0123456789", min_size=1, max_size=3),
        ),
    ),
    st.sampled_from(["", " ", "\t"]),
)
NEAR_NUMBERS = st.text(" \t0123456789.+-eExn_\x00é", max_size=12)


def _bits(value: float) -> bytes:
    return struct.pack("<d", value)


@given(st.lists(st.one_of(NUMBER_TEXT, NEAR_NUMBERS), min_size=1, max_size=30))
@example(
    [
        "0.1",
        "1e400",
        "-0",
        ".5",
        "5.",
        "9007199254740993",
        "1_000",
        "nan",
        "inf",
        " 7 ",
        "",
        "  ",
        "1\x00",
        "١٢",
        "123456789012345.6",
        "0.000000000000000000000000001",
    ]
)
def test_numbers_read_exactly_as_float_does(texts: list[str]) -> None:
    piece = utf8_of(texts)
    found = read_decimals(piece)
    values = to_floats(piece, found)
    for text, is_number, is_blank, value in zip(
        texts, found.number.tolist(), found.blank.tolist(), values.tolist(), strict=True
    ):
        stripped = text.strip(" \t")
        assert is_blank == (not stripped and "\x00" not in text)
        assert is_number == bool(NUMBER.fullmatch(stripped))
        if is_number:
            assert _bits(value) == _bits(float(stripped)), text


def test_the_number_grammar_refuses_what_float_would_take() -> None:
    texts = [
        "nan",
        "inf",
        "Infinity",
        "1_000",
        "0x10",
        "١٢",
        "1e",
        "e5",
        "+-1",
        "--1",
        "1.2.3",
        "1 2",
    ]
    found = read_decimals(utf8_of(texts))
    assert not found.number.any()


def test_grid_pads_rows_and_views_equal_lengths_without_copying() -> None:
    piece = utf8_of(["ab", "c", "def"])
    matrix, lengths = grid(piece, 4)
    assert matrix.tolist() == [[97, 98, 0, 0], [99, 0, 0, 0], [100, 101, 102, 0]]
    assert lengths.tolist() == [2, 1, 3]
    same = utf8_of(["ab", "cd"])
    view, _ = grid(same, 2)
    assert np.shares_memory(view, same[0])


# ---------------------------------------------------------------------- ISO 8601
def _shape(  # noqa: PLR0917
    moment: dt.datetime,
    zone: dt.tzinfo | None,
    separator: str,
    places: int,
    seconds: bool,
    zulu: bool,
) -> str:
    moment = moment.replace(tzinfo=None)
    text = moment.strftime("%Y-%m-%d") + separator + moment.strftime("%H:%M")
    if seconds:
        text += moment.strftime(":%S")
        if places:
            text += "." + f"{moment.microsecond:06d}"[:places]
    if zulu:
        return text + "Z"
    if zone is not None:
        offset = zone.utcoffset(None) or dt.timedelta()
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


ISO_TEXT = st.builds(
    _shape,
    strategies.naive_utc_datetimes(),
    st.one_of(st.none(), strategies.fixed_offsets()),
    st.sampled_from(["T", " "]),
    st.integers(0, 6),
    st.booleans(),
    st.booleans(),
)
DATES = st.dates().map(dt.date.isoformat)
MANGLED = st.builds(
    lambda text, at, char: text[:at] + char + text[at + 1 :],
    ISO_TEXT,
    st.integers(0, 31),
    st.sampled_from("0913:-+TZ. x"),
)


def _scalar(text: str) -> int | str:
    try:
        return int(to_datetime64(text).astype(np.int64))
    except ValueError as error:
        return str(error)


@given(st.lists(st.one_of(ISO_TEXT, DATES, MANGLED), min_size=1, max_size=20))
@example(
    [
        "2024-02-29",
        "2023-02-29",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2024-01-01T24:00",
        "2024-01-01T10:00:60",
        "2024-01-01T10:00:00.1234567Z",
        "2024-01-01x10:00",
        "2024-01-01T10:00+23:59",
        "2024-01-01T10:00+24:00",
        "0000-01-01",
        "2024-01-01 10:00:00.5+09:00",
        "1900-02-29",
        "2000-02-29T00:00Z",
    ]
)
def test_iso_text_reads_as_fromisoformat_does(texts: list[str]) -> None:
    read = read_times(utf8_of(texts), "iso", None)
    for row, text in enumerate(texts):
        expected = _scalar(text)
        if isinstance(expected, str):
            assert read.reasons.get(row) == expected, text
        else:
            assert row not in read.reasons, text
            assert int(read.micros[row]) == expected, text


ZONES = st.sampled_from(
    [
        "Asia/Seoul",
        "Europe/Paris",
        "America/New_York",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "UTC",
        "America/St_Johns",
    ]
).map(zoneinfo.ZoneInfo)


@given(
    st.lists(
        st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)),
        min_size=1,
        max_size=20,
    ),
    ZONES,
)
@example(
    [dt.datetime(2024, 3, 31, 2, 30), dt.datetime(2024, 10, 27, 2, 30)],
    zoneinfo.ZoneInfo("Europe/Paris"),
)  # a time that does not exist, one that repeats
def test_naive_times_are_local_to_the_zone(
    moments: list[dt.datetime], zone: zoneinfo.ZoneInfo
) -> None:
    texts = [moment.isoformat(sep=" ") for moment in moments]
    read = read_times(utf8_of(texts), "iso", zone)
    for row, (moment, micros) in enumerate(zip(moments, read.micros.tolist(), strict=True)):
        aware = moment.replace(tzinfo=zone).astimezone(dt.UTC)
        if aware.astimezone(zone).replace(tzinfo=None) != moment:  # skipped by the clocks
            assert "does not exist in" in read.reasons[row], moment
            continue
        assert row not in read.reasons
        expected = aware.replace(tzinfo=None)  # a repeated time: its first occurrence
        assert micros == int(np.datetime64(expected, "us").astype(np.int64)), moment


# ---------------------------------------------------------------------- epoch numbers
EPOCH_TEXT = st.one_of(
    st.integers(-62_135_596_800_000, 253_402_300_799_999).map(str),
    st.decimals(
        min_value=-62_135_596_800, max_value=253_402_300_799, allow_nan=False, places=9
    ).map(str),
    st.floats(-1e12, 1e12, allow_nan=False).map(repr),
)


def _epoch(text: str, unit: str) -> int | None:
    if Decimal(text.strip()).adjusted() > 30:  # far outside; Fraction would take forever
        return None
    value = Fraction(text.strip())
    if unit == "auto":
        unit = "ms" if abs(value) >= 10**11 else "s"
    micros = math.floor(value * (1000 if unit == "ms" else 1_000_000))
    first = int(np.datetime64("0001-01-01", "us").astype(np.int64))
    last = int(np.datetime64("9999-12-31T23:59:59.999999", "us").astype(np.int64))
    return micros if first <= micros <= last else None


@pytest.mark.parametrize("unit", ["s", "ms", "auto"])
@given(texts=st.lists(EPOCH_TEXT, min_size=1, max_size=20))
@example(
    texts=[
        "0",
        "-0.0000001",
        "99999999999",
        "100000000000",
        "1e3",
        "253402300800",
        "1704067200",
        "1704067200123",
        "-62135596801",
        "1e30",
        "1e999999999",
    ]
)
@pytest.mark.filterwarnings("ignore::valuecocreation.errors.TimestampWarning")  # after 2100
def test_epoch_numbers_are_exact_and_floored(unit: str, texts: list[str]) -> None:
    read = read_times(utf8_of(texts), unit, None)  # type: ignore[arg-type]
    for row, text in enumerate(texts):
        expected = _epoch(text, unit)
        if expected is None:
            assert read.reasons[row] == "timestamp is outside the years 1 to 9999", text
        else:
            assert row not in read.reasons, text
            assert int(read.micros[row]) == expected, text


def test_auto_mixes_epoch_numbers_and_iso_text_row_by_row() -> None:
    read = read_times(
        utf8_of(["1704067200", "2024-01-01T00:00:00Z", "1704067200000", "20240101"]), "auto", None
    )
    day = int(np.datetime64("2024-01-01", "us").astype(np.int64))
    assert read.micros.tolist()[:3] == [day, day, day]
    assert read.micros[3] == 20_240_101 * 1_000_000  # a plain number is epoch time in auto
    compact = read_times(utf8_of(["20240101"]), "iso", None)
    assert compact.micros[0] == day


def test_text_that_is_not_a_timestamp_says_why() -> None:
    read = read_times(utf8_of(["", "  ", "soon", "2024-13-01", "12"]), "s", None)
    assert read.reasons == {
        0: "timestamp is missing",
        1: "timestamp is missing",
        2: "cannot read 'soon' as epoch seconds",
        3: "cannot read '2024-13-01' as epoch seconds",
    }
    iso = read_times(utf8_of(["", "soon"]), "iso", None)
    assert iso.reasons == {
        0: "timestamp is missing",
        1: "cannot read 'soon' as an ISO 8601 timestamp",
    }
