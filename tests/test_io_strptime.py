"""Timestamps by strftime-style formats: the vectorised reader against datetime.strptime.

The reference is CPython's own ``datetime.datetime.strptime`` (the standard library
of the interpreter running the tests): every text either gives the same instant or
is rejected by both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.io._strptime import guess_formats, read_formatted
from valuecocreation.io._text import utf8_of

FORMATS = [
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%Y%m%d",
    "%m/%d/%y %I:%M %p",
    "%d %b %Y",
    "%a, %d %B %Y %H:%M:%S %z",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%m%d%Y",
    "%H:%M",
]
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def reference(text: str, fmt: str) -> int | None:
    try:
        moment = dt.datetime.strptime(text, fmt)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def check_agrees(texts: list[str], fmt: str) -> None:
    micros, reasons = read_formatted(utf8_of(texts), fmt, None)
    for row, text in enumerate(texts):
        expected = reference(text, fmt)
        if expected is None:
            assert row in reasons, (text, fmt)
        else:
            assert row not in reasons, (text, fmt, reasons.get(row))
            assert int(micros[row]) == expected, (text, fmt)


moments = st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
    lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(moments, min_size=1, max_size=30), st.sampled_from(FORMATS), st.booleans())
def test_formatted_text_reads_as_strptime_reads_it(values, fmt, unpadded):
    zone = dt.timezone(dt.timedelta(hours=9))
    texts = [value.replace(tzinfo=zone).strftime(fmt) for value in values]
    if unpadded:  # exports often drop leading zeros: 3/5/2024 9:05
        texts = [" ".join(part.lstrip("0") or "0" for part in text.split(" ")) for text in texts]
    check_agrees(texts, fmt)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789/: .-APMapmZ+", max_size=20), min_size=1, max_size=20),
    st.sampled_from(FORMATS),
)
def test_arbitrary_text_is_accepted_or_rejected_as_strptime_does(texts, fmt):
    check_agrees(texts, fmt)


def test_first_alternative_and_backtracking_cases():
    # "110" with %m%d: the first alternative (month 11) fails, strptime backtracks to 1/10.
    check_agrees(["110", "1212", "131", "0101", "2902", "00"], "%m%d")
    check_agrees(
        ["12/31/1999 12:00 AM", "1/1/2000 12:30 pm", "13/1/2000 1:00 PM"], "%m/%d/%Y %I:%M %p"
    )
    check_agrees(["29/02/2023", "29/02/2024", "31/04/2024", " 3/04/2024"], "%d/%m/%Y")


def test_zone_applies_to_naive_text_only():
    seoul = vcc.io._options.zone_of("Asia/Seoul")  # type: ignore[attr-defined]
    micros, reasons = read_formatted(
        utf8_of(["03/15/2024 09:00", "03/15/2024 09:00 +0000"]), "%m/%d/%Y %H:%M", seoul
    )
    assert reasons.keys() == {1}
    assert micros[0].astype("datetime64[us]") == np.datetime64("2024-03-15T00:00")


def test_guess_reports_day_first_against_month_first():
    assert guess_formats(["15/03/2024"]).format == "%d/%m/%Y"
    assert guess_formats(["03/15/2024 2:22 PM"]).format == "%m/%d/%Y %I:%M %p"
    ambiguous = guess_formats(["01/02/2024", "03/04/2024"])
    assert ambiguous.ambiguous
    assert ambiguous.format is None


def test_read_csv_takes_a_format_and_hints_at_one(tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text(
        "source,target,kind,timestamp\n"
        "ana,firm,like,03/15/2024 14:22\nben,firm,like,3/16/2024 9:05\n"
    )
    log = vcc.io.read_csv(path, timestamp="%m/%d/%Y %H:%M")
    assert log.column("timestamp").astype(str).tolist() == [
        "2024-03-15T14:22:00.000000",
        "2024-03-16T09:05:00.000000",
    ]
    with pytest.raises(ValidationError, match=r"pass timestamp='%m/%d/%Y %H:%M'"):
        vcc.io.read_csv(path)


def test_an_ambiguous_file_is_reported_not_guessed(tmp_path: Path):
    path = tmp_path / "events.csv"
    path.write_text("source,target,kind,timestamp\nana,firm,like,03/04/2024\n")
    with pytest.raises(ValidationError, match="day-first or month-first"):
        vcc.io.read_csv(path)


def test_unknown_directive_is_refused():
    with pytest.raises(ValidationError, match="unknown directive %Q"):
        vcc.io.read_csv("unused.csv", timestamp="%Q")
