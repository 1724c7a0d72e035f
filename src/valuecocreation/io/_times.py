"""Timestamps in text: ISO 8601 or epoch seconds or milliseconds, to UTC microseconds.

The rules are the log's (:mod:`valuecocreation._core.times`): ISO 8601 text as
:meth:`datetime.datetime.fromisoformat` reads it, an offset or ``Z`` converted to
UTC, and naive text taken as UTC unless the reader is given a time zone ``zone``,
in which case naive text is local time there. Epoch numbers count seconds or
milliseconds since 1970-01-01 UTC (see :mod:`~valuecocreation.io._numbers` for what
a number is). Finer digits than a microsecond are dropped toward the past.

``mode`` says which to expect: ``"iso"``, ``"s"``, ``"ms"``, or ``"auto"``, where
a value that is a plain number is epoch time (seconds below 1e11, that is before
the year 5138, milliseconds from there on) and anything else is ISO 8601.

The shapes exports use, ``YYYY-MM-DD``, optionally followed by ``T`` or a space
and ``HH:MM``, ``HH:MM:SS`` or ``HH:MM:SS.ffffff`` and by ``Z`` or ``+HH:MM``, are
read by vectorised integer arithmetic that checks each field as ``fromisoformat``
does; every other row, and every row that fails a check, takes the scalar rule, so
the answers are the scalar rule's, only faster.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from fractions import Fraction
from typing import Final, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._core.times import to_datetime64
from valuecocreation._core.zones import days_from_civil, from_zone
from valuecocreation.errors import TimestampWarning
from valuecocreation.io._numbers import Decimals, exact_decimal, read_decimals
from valuecocreation.io._strptime import format_hints, is_format, read_formatted
from valuecocreation.io._text import Utf8, grid, piece_text

__all__ = ["TimeMode", "Times", "from_zone", "localise", "read_times"]

TimeMode = Literal["auto", "iso", "s", "ms"]
_FIRST: Final = int(np.datetime64("0001-01-01T00:00:00", "us").astype(np.int64))
_LAST: Final = int(np.datetime64("9999-12-31T23:59:59.999999", "us").astype(np.int64))
_US_PER_MINUTE: Final = 60_000_000
_US_PER_DAY: Final = 86_400_000_000
_WIDTH: Final = 32  # the longest fast shape is 32 bytes
_AUTO_MS_FROM: Final = 10**11  # an epoch number this large (in seconds) is milliseconds
_LARGEST_DIGITS: Final = 20  # an epoch number with more integer digits is out of range
_OUTSIDE: Final = "timestamp is outside the years 1 to 9999"
_DASH, _COLON, _DOT, _T, _SPACE, _Z, _PLUS, _MINUS = 45, 58, 46, 84, 32, 90, 43, 45
_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


class Times(NamedTuple):
    """Timestamps read from a piece: microseconds since the epoch (UTC) and problems.

    ``micros`` holds 0 where a row was rejected; ``reasons`` maps each rejected row
    to why.
    """

    micros: npt.NDArray[np.int64]
    reasons: dict[int, str]


def read_times(piece: Utf8, mode: TimeMode | str, zone: dt.tzinfo | None) -> Times:
    """Read every row of ``piece`` as a timestamp (see the module notes).

    ``mode`` may also be a strftime-style format (:mod:`~valuecocreation.io._strptime`).

    Examples
    --------
    >>> from valuecocreation.io._text import utf8_of
    >>> times = read_times(utf8_of(["2024-01-01T09:00:00+09:00", "1704067200", "x", ""]),
    ...                    "auto", None)
    >>> times.micros[:2].astype("datetime64[us]").tolist()
    [datetime.datetime(2024, 1, 1, 0, 0), datetime.datetime(2024, 1, 1, 0, 0)]
    >>> times.reasons
    {2: "cannot read 'x' as an ISO 8601 timestamp", 3: 'timestamp is missing'}
    """
    if is_format(mode):
        return Times(*read_formatted(piece, mode, zone))
    rows = len(piece[1]) - 1
    micros = np.zeros(rows, dtype=np.int64)
    reasons: dict[int, str] = {}
    if mode == "iso" or (mode == "auto" and _all_dated(piece)):
        epoch = np.zeros(rows, dtype=bool)
    else:
        found = read_decimals(piece)
        epoch = found.number if mode == "auto" else ~found.blank
        _read_epochs(piece, found, epoch, mode=mode, micros=micros, reasons=reasons)
    iso = ~epoch
    if iso.any():
        done, values = _fast_iso(piece, zone)
        fast = done & iso
        micros[fast] = values[fast]
        for row in np.flatnonzero(iso & ~done).tolist():
            try:
                micros[row] = _scalar_iso(piece_text(piece, row), zone)
            except ValueError as error:
                reasons[row] = str(error)
    if reasons and mode != "iso":
        _hint(piece, reasons)
    return Times(micros, reasons)


def _hint(piece: Utf8, reasons: dict[int, str]) -> None:
    """Add to the reason of each text that is not ISO 8601 the format it reads as, if any.

    The hint depends on the row's own text only (so every engine words it alike),
    and day-first against month-first is never chosen: a text both read says so.
    """
    unread = [row for row, why in reasons.items() if "ISO 8601" in why]
    for row, hint in format_hints([piece_text(piece, row) for row in unread]).items():
        reasons[unread[row]] += hint


def _all_dated(piece: Utf8) -> bool:
    """Whether every row starts like a date (four digits and a dash), so none is a number.

    A number has a dash only right after its exponent's letter, never after four
    digits.
    """
    data, offsets = piece
    lengths = np.diff(offsets)
    if not len(lengths) or int(lengths.min()) < 5:
        return False
    starts = offsets[:-1]
    dated = data[starts + 4] == _DASH
    for column in range(4):
        byte = data[starts + column]
        dated &= (byte >= 48) & (byte <= 57)
    return bool(dated.all())


# ---------------------------------------------------------------------- epoch numbers
def _read_epochs(
    piece: Utf8,
    found: Decimals,
    epoch: npt.NDArray[np.bool_],
    *,
    mode: TimeMode | str,
    micros: npt.NDArray[np.int64],
    reasons: dict[int, str],
) -> None:
    """Fill ``micros`` for the ``epoch`` rows, and ``reasons`` for those that fail."""
    mantissa, fraction = found.mantissa, found.fraction
    if mode == "auto":  # seconds below 1e11 (exactly: mantissa < 10**(11 + fraction))
        limit = np.where(
            fraction >= 4, np.iinfo(np.int64).max, 10 ** (11 + np.minimum(fraction, 3))
        )
        in_ms = mantissa >= limit
        _warn_if_ambiguous(found, epoch, in_ms)
    else:
        in_ms = np.full(len(mantissa), mode == "ms")
    digits = np.where(in_ms, 3, 6) - fraction  # decimal shift from the text to microseconds
    # Exact in int64 when the shifted value stays below 2**62; anything larger is
    # outside years 1 to 9999 anyway and goes to the exact scalar rule.
    up = np.clip(digits, 0, 18)
    down = np.clip(-digits, 0, 18)
    fits = found.fast & (digits > -18) & (mantissa < (2**62) // (10**up))
    value = np.where(fits, mantissa * 10**up, 0)
    value = np.where(found.negative, -value, value)
    value = np.floor_divide(value, 10**down)  # floor: extra digits go toward the past
    inside = fits & (value >= _FIRST) & (value <= _LAST)
    take = epoch & inside
    micros[take] = value[take]
    for row in np.flatnonzero(epoch & ~inside).tolist():
        text = piece_text(piece, row)
        if not found.number[row]:
            unit = "milliseconds" if mode == "ms" else "seconds"
            reasons[row] = f"cannot read {text!r} as epoch {unit}"
            continue
        number = exact_decimal(text)
        if number and number.adjusted() > _LARGEST_DIGITS:  # far outside (zero is not)
            reasons[row] = _OUTSIDE
            continue
        in_milliseconds = mode == "ms" or (mode == "auto" and abs(number) >= _AUTO_MS_FROM)
        exact = math.floor(Fraction(number) * (1000 if in_milliseconds else 1_000_000))
        if _FIRST <= exact <= _LAST:
            micros[row] = exact
        else:
            reasons[row] = _OUTSIDE


_SECONDS_AFTER_2100: Final = 4_102_444_800  # 2100-01-01 in epoch seconds


def _warn_if_ambiguous(
    found: Decimals, epoch: npt.NDArray[np.bool_], in_ms: npt.NDArray[np.bool_]
) -> None:
    """Warn when the ``auto`` rule's choice of unit is doubtful for this column."""
    rows = epoch & found.fast & ~found.negative
    if not rows.any():
        return
    seconds = rows & ~in_ms
    whole = found.mantissa // 10 ** np.clip(found.fraction, 0, 18)
    if not (seconds & (whole >= _SECONDS_AFTER_2100)).any():
        return
    warnings.warn(
        "epoch numbers in this column read as seconds after the year 2100: they may be "
        "milliseconds before 1973-03-03, which look like seconds to timestamp='auto'. "
        "Pass timestamp='s' or timestamp='ms' to say which",
        TimestampWarning,
        stacklevel=2,
    )


# ---------------------------------------------------------------------- ISO 8601
def _scalar_iso(text: str, zone: dt.tzinfo | None) -> int:
    """One ISO 8601 text by the log's scalar rule, naive text taken in ``zone``."""
    if zone is not None and text.strip():
        try:
            parsed = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            pass  # the log's rule words the message
        else:
            if parsed.tzinfo is None:
                return _micros(to_datetime64(_localise(parsed, zone)))
    return _micros(to_datetime64(text))


def _localise(naive: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return localise(naive, zone)


def localise(naive: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A naive local time in ``zone``, in UTC; a time that does not exist is an error.

    A local time skipped by a daylight-saving change (a gap) is refused rather than
    shifted; a repeated one (a fold) is its first occurrence (``fold=0``).

    >>> from zoneinfo import ZoneInfo
    >>> localise(dt.datetime(2024, 3, 31, 2, 30), ZoneInfo("Europe/Berlin"))
    Traceback (most recent call last):
    ...
    ValueError: 2024-03-31 02:30:00 does not exist in Europe/Berlin: ...
    """
    try:
        utc = naive.replace(tzinfo=zone).astimezone(dt.UTC)
        back = utc.astimezone(zone).replace(tzinfo=None)
    except (OverflowError, ValueError):
        raise ValueError(_OUTSIDE) from None
    if back != naive.replace(tzinfo=None):
        raise ValueError(
            f"{naive} does not exist in {zone}: the clocks skip it (a daylight-saving "
            "change); give the time with its offset"
        )
    return utc


def _micros(value: np.datetime64) -> int:
    return int(value.astype("datetime64[us]").astype(np.int64))


class _Shape(NamedTuple):
    """One fixed layout of ISO 8601 text: where every field sits."""

    length: int
    time: bool  # HH:MM after the date
    seconds: bool  # :SS after the minutes
    places: int  # digits of the fraction after the seconds (0: none)
    suffix: str  # "", "Z" or "+" (an offset +HH:MM or -HH:MM)

    @property
    def end(self) -> int:
        """Where the suffix starts."""
        if not self.time:
            return 10
        if not self.seconds:
            return 16
        return 19 if not self.places else 20 + self.places


def _shapes() -> tuple[_Shape, ...]:
    shapes = [_Shape(10, time=False, seconds=False, places=0, suffix="")]
    for seconds, places in [(False, 0), (True, 0), *((True, p) for p in range(1, 7))]:
        end = 16 if not seconds else 19 if not places else 20 + places
        for suffix, extra in (("", 0), ("Z", 1), ("+", 6)):
            shapes.append(
                _Shape(end + extra, time=True, seconds=seconds, places=places, suffix=suffix)
            )
    return tuple(shapes)


_SHAPES: Final = _shapes()
_NAIVE_LENGTHS: Final = np.array(sorted({s.length for s in _SHAPES if not s.suffix}))


def _fast_iso(
    piece: Utf8, zone: dt.tzinfo | None
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Rows in a common ISO 8601 shape, read exactly; ``done`` says which were.

    Rows are sorted by shape (usually one shape covers a whole file), and each
    shape is read with its fields at fixed columns.
    """
    lengths = np.diff(piece[1])
    rows = len(lengths)
    done = np.zeros(rows, dtype=bool)
    values = np.zeros(rows, dtype=np.int64)
    if not rows:
        return done, values
    width = min(int(lengths.max()), _WIDTH)
    matrix, _ = grid(piece, width)
    present = set(np.flatnonzero(np.bincount(np.minimum(lengths, _WIDTH + 1))).tolist())
    naive = np.zeros(rows, dtype=bool)
    for shape in _SHAPES:
        if shape.length not in present or shape.length > width:
            continue
        which = lengths == shape.length
        if shape.time and shape.length > 16:
            which &= (matrix[:, 16] == _COLON) == shape.seconds
        if shape.places:
            which &= matrix[:, 19] == _DOT
        if shape.suffix == "Z":
            which &= matrix[:, shape.end] == _Z
        elif shape.suffix == "+":
            which &= (matrix[:, shape.end] == _PLUS) | (matrix[:, shape.end] == _MINUS)
        if not which.any():
            continue
        everything = bool(which.all())
        ok, micros = _read_shape(matrix if everything else matrix[which], shape)
        if everything:
            done, values = ok, micros
        else:
            done[which], values[which] = ok, micros
        if not shape.suffix:
            naive |= which
    if zone is not None and naive.any():
        values, zoned = from_zone(values, naive & done, zone)
        done &= ~naive | zoned
    done &= (values >= _FIRST) & (values <= _LAST)  # outside: the scalar rule words it
    return done, np.where(done, values, 0)


def _read_shape(
    part: npt.NDArray[np.uint8], shape: _Shape
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Rows of one shape: valid as ``fromisoformat`` sees them, and microseconds (UTC)."""
    checks: list[npt.NDArray[np.bool_]] = []

    def number(*columns: int) -> npt.NDArray[np.int64]:
        # Column by column: a byte minus "0" wraps around below it (unsigned), so one
        # comparison tells a digit; the value builds up in int32, then widens.
        value = np.zeros(len(part), dtype=np.int32)
        for column in columns:
            digit = part[:, column] - np.uint8(48)
            checks.append(digit < 10)
            value *= 10
            value += digit
        return value.astype(np.int64)

    def expect(column: int, *allowed: int) -> None:
        byte = part[:, column]
        match = byte == allowed[0]
        for other in allowed[1:]:
            match |= byte == other
        checks.append(match)

    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    expect(4, _DASH)
    expect(7, _DASH)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    checks.append((year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days))
    micros = days_from_civil(year, month, day) * _US_PER_DAY
    if shape.time:
        expect(10, _T, _SPACE)
        expect(13, _COLON)
        hour, minute = number(11, 12), number(14, 15)
        checks.append((hour <= 23) & (minute <= 59))
        micros += (hour * 60 + minute) * _US_PER_MINUTE
    if shape.seconds:
        expect(16, _COLON)
        second = number(17, 18)
        checks.append(second <= 59)
        micros += second * 1_000_000
    if shape.places:
        expect(19, _DOT)
        micros += number(*range(20, 20 + shape.places)) * 10 ** (6 - shape.places)
    if shape.suffix == "+":
        end = shape.end
        expect(end + 3, _COLON)
        hours, minutes = number(end + 1, end + 2), number(end + 4, end + 5)
        checks.append((hours <= 23) & (minutes <= 59))
        sign = np.where(part[:, end] == _MINUS, -1, 1)
        micros -= sign * (hours * 60 + minutes) * _US_PER_MINUTE
    return np.logical_and.reduce(checks), micros
