"""Timestamps: one scalar rule and its vectorised twin.

Every timestamp in the package is a point in UTC. Naive values are read as UTC
(documented everywhere a timestamp is accepted); aware values are converted. Columns
are stored as ``datetime64[us]``: microseconds resolve any event export, and unlike
nanoseconds they span every year :class:`datetime.datetime` can hold. Finer input
is truncated to the microsecond.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import as_array
from valuecocreation._core.problems import ColumnProblem

TIME_UNIT: Final = "us"
TIME_DTYPE = np.dtype(f"datetime64[{TIME_UNIT}]")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_FIRST = np.datetime64("0001-01-01T00:00:00", "us")
_LAST = np.datetime64("9999-12-31T23:59:59.999999", "us")


def to_utc_datetime(value: object) -> dt.datetime:
    """One timestamp as an aware UTC :class:`datetime.datetime`.

    Accepts a ``datetime`` (naive means UTC), a ``datetime.date`` (midnight UTC),
    a :class:`numpy.datetime64`, or ISO 8601 text (``Z`` or an offset allowed).

    Raises
    ------
    ValueError
        With a message saying why the value is not a timestamp.
    """
    if is_missing(value):
        raise ValueError("timestamp is missing")
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, np.datetime64):
        # The column rule checks the range before converting, which plain astype
        # does not: a far-off value would silently wrap around.
        converted, problems = timestamp_column(np.array([value]))
        if problems:
            raise ValueError(problems[0].reason)
        micros = int(converted[0].astype(np.int64))
        return _EPOCH + dt.timedelta(microseconds=micros)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("timestamp is missing")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"cannot read {value!r} as an ISO 8601 timestamp") from None
    else:
        raise ValueError(
            f"a timestamp must be a datetime, numpy.datetime64 or ISO 8601 text, "
            f"not {type(value).__name__}"
        )
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{value!r} is outside the years 1 to 9999 in UTC") from None


def is_missing(value: object) -> bool:
    """Whether a scalar stands for "no value": ``None``, NaN, NaT or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)  # noqa: PLR0124 - true only for NaN-like values
    except (TypeError, ValueError):  # pandas.NA refuses bool(); arrays are ambiguous
        return type(value).__name__ in {"NAType", "NaTType"}


def to_datetime64(value: object) -> np.datetime64:
    """One timestamp as ``numpy.datetime64[us]`` in UTC (see :func:`to_utc_datetime`)."""
    moment = to_utc_datetime(value)
    delta = moment - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return np.datetime64(micros, "us")


def timestamp_column(
    values: Sequence[Any] | npt.ArrayLike, column: str = "timestamp"
) -> tuple[npt.NDArray[Any], list[ColumnProblem]]:
    """A column of timestamps as a ``datetime64[us]`` UTC array, and its problems.

    numpy ``datetime64`` input of any unit is converted without a Python loop, and
    so is naive ISO text. Anything else (aware datetimes, text with an offset)
    takes the scalar rule of :func:`to_utc_datetime`, element by element.

    Returns
    -------
    timestamps
        The converted column; rejected rows hold ``NaT``.
    problems
        Missing and unreadable timestamps, by row.
    """
    array = as_array(values)
    if array.ndim != 1:
        reason = f"{column} must be one-dimensional, not of shape {array.shape}"
        return (
            np.full(len(array), np.datetime64("NaT"), dtype=TIME_DTYPE),
            [ColumnProblem(column, reason, np.arange(len(array), dtype=np.intp))],
        )
    if array.dtype.kind == "M":
        converted, problems = _convert_datetimes(array, column)
    elif array.dtype.kind in "UT":
        converted, problems = _parse_text(array, column)
    else:
        converted, problems = _parse_objects(array, column)
    if not problems and _all_in_range(converted):
        return converted, []  # the usual case, in two passes instead of eight
    unreadable = np.zeros(len(converted), dtype=bool)
    for problem in problems:
        unreadable[problem.rows] = True
    missing = np.isnat(converted) & ~unreadable
    # datetime.datetime is the scalar type events come back as: stay inside its range.
    outside = ~np.isnat(converted) & ((converted < _FIRST) | (converted > _LAST))
    for problem in problems:
        outside[problem.rows] = False  # already reported
    found = [
        ColumnProblem.where(missing, column, "timestamp is missing"),
        ColumnProblem.where(outside, column, "timestamp is outside the years 1 to 9999"),
    ]
    return converted, [*problems, *(p for p in found if p is not None)]


def _all_in_range(converted: npt.NDArray[Any]) -> bool:
    """Whether no timestamp is NaT or outside the years 1 to 9999."""
    if not len(converted):
        return True
    # As int64, NaT is the smallest value, so it fails the lower bound.
    micros = converted.view(np.int64)
    return bool(micros.min() >= _FIRST.astype(np.int64) and micros.max() <= _LAST.astype(np.int64))


def _convert_datetimes(
    array: npt.NDArray[Any], column: str
) -> tuple[npt.NDArray[Any], list[ColumnProblem]]:
    unit, _ = np.datetime_data(array.dtype)
    if unit in ("Y", "M", "W", "D", "h", "m", "s", "ms", "generic"):
        # Casting a coarse unit to microseconds can overflow silently: check first.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # comparisons with NaT warn on some versions
            outside = ~np.isnat(array) & (
                (array < _FIRST.astype(array.dtype)) | (array > _LAST.astype(array.dtype))
            )
        if outside.any():
            safe = np.where(outside, np.datetime64("NaT"), array)
            return safe.astype(TIME_DTYPE), [
                ColumnProblem(
                    column, "timestamp is outside the years 1 to 9999", np.flatnonzero(outside)
                )
            ]
    return array.astype(TIME_DTYPE), []


def _parse_text(
    array: npt.NDArray[Any], column: str
) -> tuple[npt.NDArray[Any], list[ColumnProblem]]:
    try:
        # numpy parses naive ISO 8601 text in C. It only warns about text with an
        # offset, so warnings are turned into the signal to take the careful path.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return array.astype(TIME_DTYPE), []
    except (ValueError, Warning):
        return _parse_objects(array.astype(object), column)


def _parse_objects(
    array: npt.NDArray[Any], column: str
) -> tuple[npt.NDArray[Any], list[ColumnProblem]]:
    out = np.empty(len(array), dtype=TIME_DTYPE)
    bad: list[int] = []
    first_reason = ""
    for row, value in enumerate(array.tolist()):
        try:
            out[row] = to_datetime64(value)
        except (ValueError, OverflowError) as error:
            out[row] = np.datetime64("NaT")
            if is_missing(value) or (isinstance(value, str) and not value.strip()):
                continue  # reported as missing by the caller
            if not bad:
                first_reason = str(error)
            bad.append(row)
    if not bad:
        return out, []
    problems = [ColumnProblem(column, first_reason, np.array(bad[:1], dtype=np.intp))]
    if len(bad) > 1:
        problems.append(
            ColumnProblem(
                column,
                "not a readable timestamp (ISO 8601 text, datetime or numpy.datetime64)",
                np.array(bad[1:], dtype=np.intp),
            )
        )
    return out, problems


EPOCH_MS_FROM: Final = 10**11
"""An epoch number this large (in absolute value) counts milliseconds, a smaller one seconds."""


def epoch_times(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A numeric column of epoch time as ``datetime64[us]``; other columns as they are.

    Numbers below :data:`EPOCH_MS_FROM` count seconds since 1970-01-01 UTC, larger
    ones milliseconds (the readers' ``timestamp="auto"`` rule). NaN is a missing
    timestamp; a number outside the years 1 to 9999 stays outside them, so that
    :func:`timestamp_column` reports it. Fractions of a float are taken to the
    microsecond as float arithmetic gives them.

    >>> epoch_times(np.array([1704067200, 1704067200000])).astype(str).tolist()
    ['2024-01-01T00:00:00.000000', '2024-01-01T00:00:00.000000']
    """
    kind = values.dtype.kind
    if kind not in "iuf":
        return values
    numbers = values.astype(np.float64) if kind == "f" else values.astype(np.int64)
    missing = np.isnan(numbers) if kind == "f" else np.zeros(len(numbers), dtype=bool)
    in_ms = np.abs(np.where(missing, 0, numbers)) >= EPOCH_MS_FROM
    scale = np.where(in_ms, 1_000, 1_000_000)
    limit = 2**62 // scale  # beyond it, far outside the years 1 to 9999
    safe = ~missing & (np.abs(np.where(missing, 0, numbers)) < limit)
    if kind == "f":
        micros = np.floor(np.where(safe, numbers, 0) * scale).astype(np.int64)
    else:
        micros = np.where(safe, numbers, 0) * scale
    outside = np.iinfo(np.int64).max - 1  # reported as outside the years 1 to 9999
    micros = np.where(safe, micros, outside)
    result = micros.view(TIME_DTYPE).copy()
    result[missing] = np.datetime64("NaT")
    return result
