"""Columns of typed values (from JSON Lines or a DataFrame), by the same rules as text.

A JSON record or a DataFrame column holds numbers, datetimes and ``None`` as well
as text. Ids and channels go through the log's own :func:`coerce_ids`; weights
that are numbers through the log's weight rule; datetimes through the log's
timestamp rule. Text takes the text rules of the CSV readers, so that ``"1.5"``
and ``"2024-01-01T09:00Z"`` mean the same in every format, and numbers in a
timestamp column are epoch time as ``timestamp=`` says.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._core.columns import coerce_ids, coerce_weights
from valuecocreation._core.factorize import Encoding, as_array, encode_text
from valuecocreation._core.problems import ColumnProblem
from valuecocreation._core.times import TIME_DTYPE, is_missing, timestamp_column, to_datetime64
from valuecocreation.io._numbers import read_decimals, to_floats
from valuecocreation.io._text import utf8_of
from valuecocreation.io._times import TimeMode, from_zone, localise, read_times

__all__ = ["ValueColumn", "value_ids", "value_times", "value_weights"]

_NUMBER_KINDS: Final = "iuf"
_OUTSIDE: Final = "timestamp is outside the years 1 to 9999"


class ValueColumn:
    """A column of typed values: a one-dimensional numpy array of any dtype."""

    __slots__ = ("values",)

    def __init__(self, values: Any) -> None:  # noqa: ANN401 - any sequence or array
        self.values = as_array(values)

    def __len__(self) -> int:
        return len(self.values)

    def encode(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        """A code per row and the distinct values as text; missing values are ``""``."""
        try:
            encoding = encode_text(self.values)
        except TypeError:  # values no id could be (booleans, dates): named as text
            listed = [
                "" if is_missing(v) else v if isinstance(v, str) else str(v)
                for v in self.values.tolist()
            ]
            distinct = list(dict.fromkeys(listed))
            position = {text: index for index, text in enumerate(distinct)}
            return np.array([position[text] for text in listed], dtype=np.intp), distinct
        uniques = [*encoding.uniques.tolist(), ""]
        codes = np.where(encoding.codes < 0, len(uniques) - 1, encoding.codes)
        return codes.astype(np.intp), uniques

    def texts(self, rows: npt.NDArray[np.intp]) -> list[str]:
        """The values of ``rows`` as text (missing ones as ``""``)."""
        return ["" if is_missing(v) else str(v) for v in self.values[rows].tolist()]


def value_ids(
    column: ValueColumn, name: str, *, required: bool
) -> tuple[Encoding, list[ColumnProblem]]:
    """Ids by the log's rule, :func:`~valuecocreation._core.columns.coerce_ids`.

    The log gives up encoding a column with a value no id can be (it raises
    anyway); here the good rows must keep their ids, so the column is encoded
    again without the bad values.
    """
    encoding, problems = coerce_ids(column.values, name, required=required)
    if not problems:
        return encoding, problems
    cleaned = np.empty(len(column.values), dtype=object)
    cleaned[:] = column.values.tolist()
    reported = np.zeros(len(cleaned), dtype=bool)
    for problem in problems:
        cleaned[problem.rows] = None
        reported[problem.rows] = True
    encoding, again = coerce_ids(cleaned, name, required=required)
    for problem in again:  # missing values the first pass, stopped early, did not report
        rows = problem.rows[~reported[problem.rows]]
        if len(rows):
            problems.append(ColumnProblem(problem.column, problem.reason, rows))
    return encoding, problems


def value_weights(column: ValueColumn) -> tuple[npt.NDArray[np.float64], list[ColumnProblem]]:
    """Numbers by the log's weight rule; text by the readers' number rule."""
    values = column.values
    if values.dtype.kind in _NUMBER_KINDS + "b":
        return coerce_weights(values, len(values))
    listed = values.tolist()
    mixed = np.empty(len(listed), dtype=object)
    mixed[:] = listed
    missing = np.zeros(len(listed), dtype=bool)
    unreadable = np.zeros(len(listed), dtype=bool)
    text_rows = [row for row, value in enumerate(listed) if isinstance(value, str)]
    if text_rows:
        piece = utf8_of([listed[row] for row in text_rows])
        found = read_decimals(piece)
        floats = to_floats(piece, found)
        for at, row in enumerate(text_rows):
            mixed[row] = floats[at] if found.number[at] else 1.0  # 1.0: no second complaint
            missing[row] = found.blank[at]
            unreadable[row] = not found.number[at] and not found.blank[at]
    for row, value in enumerate(listed):
        if not isinstance(value, str) and is_missing(value):
            mixed[row], missing[row] = 1.0, True
    weights, by_log = coerce_weights(mixed, len(mixed))
    found_here = [
        ColumnProblem.where(missing, "weight", "weight is missing"),
        ColumnProblem.where(unreadable, "weight", "weight is not a number"),
    ]
    return weights, [*(p for p in found_here if p is not None), *by_log]


def value_times(
    column: ValueColumn, mode: TimeMode | str, zone: dt.tzinfo | None
) -> tuple[npt.NDArray[np.datetime64], list[ColumnProblem]]:
    """Datetimes by the log's rule, numbers as epoch time, text by the text rule."""
    values = column.values
    if values.dtype.kind == "M":
        return _datetimes(values, zone)
    micros = np.zeros(len(values), dtype=np.int64)
    reasons: dict[int, str] = {}
    text_rows: list[int] = []
    texts: list[str] = []
    for row, value in enumerate(values.tolist()):
        text = _as_text(value, mode)
        if isinstance(text, str):
            text_rows.append(row)
            texts.append(text)
        elif text is not None:
            reasons[row] = text.reason
        else:
            try:
                micros[row] = _scalar(value, zone)
            except ValueError as error:
                reasons[row] = str(error)
    if text_rows:
        found = read_times(utf8_of(texts), mode, zone)
        micros[np.array(text_rows, dtype=np.intp)] = found.micros
        for at, reason in found.reasons.items():
            reasons[text_rows[at]] = reason
    problems = []
    for reason in dict.fromkeys(reasons.values()):
        rows = np.array(sorted(row for row, why in reasons.items() if why == reason), dtype=np.intp)
        problems.append(ColumnProblem("timestamp", reason, rows))
    timestamps, by_log = timestamp_column(micros.view(TIME_DTYPE), "timestamp")
    return timestamps, [*problems, *by_log]


class _Refusal(NamedTuple):
    reason: str


def _as_text(value: object, mode: TimeMode | str) -> str | _Refusal | None:
    """Text for the text rule; a refusal; or ``None`` for the log's datetime rule."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""  # the text rule words "missing"
    if isinstance(value, bool):
        return _Refusal(f"{value!r} is not a timestamp")
    if isinstance(value, int | float):
        if mode == "iso":
            return _Refusal(f"{value!r} is a number; pass timestamp='s' or 'ms' for epoch time")
        return str(value) if isinstance(value, int) else repr(value)
    return None


def _datetimes(
    values: npt.NDArray[Any], zone: dt.tzinfo | None
) -> tuple[npt.NDArray[np.datetime64], list[ColumnProblem]]:
    """A datetime64 column: by the log's rule, then from ``zone`` if one is given."""
    converted, problems = timestamp_column(values, "timestamp")
    if zone is None or problems:
        return converted, problems
    local = converted.astype(np.int64)
    utc, zoned = from_zone(local, np.ones(len(local), dtype=bool), zone)
    reasons: dict[int, str] = {}
    for row in np.flatnonzero(~zoned).tolist():  # a minute holding a transition, or skipped
        try:
            utc[row] = _scalar(converted[row].astype(object), zone)
        except ValueError as error:
            utc[row], reasons[row] = 0, str(error)
    problems = [
        ColumnProblem(
            "timestamp",
            reason,
            np.array([row for row, why in reasons.items() if why == reason], dtype=np.intp),
        )
        for reason in dict.fromkeys(reasons.values())
    ]
    return utc.view(TIME_DTYPE), problems


def _scalar(value: object, zone: dt.tzinfo | None) -> int:
    """A datetime-like value by the log's rule; naive ones are local to ``zone``."""
    if zone is not None and isinstance(value, dt.datetime) and value.tzinfo is None:
        value = localise(value, zone)
    return int(to_datetime64(value).astype(np.int64))
