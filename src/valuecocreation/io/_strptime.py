"""Timestamps by strftime-style formats (``"%m/%d/%Y %H:%M"``), read without a loop per row.

The answers are those of :meth:`datetime.datetime.strptime` with the same format:
the same fields (``%d`` and ``%m`` take one or two digits, ``%Y`` four, ``%f`` one
to six), the same defaults (1900-01-01 for a missing date, midnight for a missing
time), names compared ignoring case, whitespace in the format matching one or more
blanks, and the whole text consumed. A text with ``%z`` (``+09:00``, ``+0900``,
``Z``) is converted to UTC; naive text is UTC, or local time in the reader's
``zone``.

How: a format is a short sequence of fields and literals. The rows of a piece are
laid out as a byte matrix and every row carries its own read position; each step
of the format advances all rows at once, the way Python's regular expression
would take its first alternative (two digits where they make a valid value, else
one). A row that the first alternative does not carry to the end, and every row
of a format with a directive this reader does not know, takes
:meth:`~datetime.datetime.strptime` itself, which backtracks or words the error:
the fast path can only agree with it.

:func:`guess_formats` proposes formats for a sample of text and says when the
sample cannot tell day-first from month-first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._core.zones import days_from_civil, from_zone
from valuecocreation.errors import ValidationError
from valuecocreation.io._text import Utf8, grid, piece_text, utf8_of

__all__ = [
    "FormatGuess",
    "check_format",
    "format_hints",
    "guess_formats",
    "is_format",
    "read_formatted",
]

_US_PER_SECOND: Final = 1_000_000
_US_PER_DAY: Final = 86_400 * _US_PER_SECOND
_WIDTH: Final = 64  # longer text is read by the scalar rule
_MONTHS: Final = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")  # fmt: skip
_DAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
# Directive -> (fewest digits, most digits), for the numeric fields.
_DIGITS: Final = {
    "Y": (4, 4),
    "y": (2, 2),
    "m": (1, 2),
    "d": (1, 2),
    "H": (1, 2),
    "I": (1, 2),
    "M": (1, 2),
    "S": (1, 2),
    "f": (1, 6),
}
# The valid two-digit values of each variable-width field, as Python's patterns
# (`_strptime`) allow them; a two-digit text outside these falls back to one digit.
_TWO_DIGITS: Final = {
    "m": (1, 12),
    "d": (1, 31),
    "H": (0, 23),
    "I": (1, 12),
    "M": (0, 59),
    "S": (0, 61),
}
_NAMES: Final = {
    "b": [name[:3] for name in _MONTHS],
    "B": _MONTHS,
    "a": [name[:3] for name in _DAYS],
    "A": _DAYS,
    "p": ["am", "pm"],
}
_KNOWN: Final = "".join([*_DIGITS, *_NAMES, "z", "%"])
_PYTHON_ONLY: Final = "jUWGuVwcxX"  # strptime knows them; rows take the scalar rule
_SPACES: Final = (32, 9, 10, 11, 12, 13)


class _Token(NamedTuple):
    kind: str  # "field", "literal" or "space"
    value: str  # the directive letter, or the literal text


def is_format(text: object) -> bool:
    """Whether a ``timestamp=`` argument is a strftime-style format (it holds a ``%``)."""
    return isinstance(text, str) and "%" in text


def check_format(text: str) -> str:
    """``text`` if it is a format this package reads, else a :class:`ValidationError`.

    >>> check_format("%m/%d/%Y %H:%M")
    '%m/%d/%Y %H:%M'
    >>> check_format("%Q")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'timestamp', value '%Q': the format ...
    """
    _tokens(text)
    return text


def _tokens(text: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "%":
            letter = text[at + 1 : at + 2]
            if not letter or letter not in _KNOWN + _PYTHON_ONLY:
                raise ValidationError(
                    f"the format has an unknown directive %{letter}; use %Y %y %m %d %H %I "
                    "%p %M %S %f %z %b %B %a %A %j and literal text",
                    column="timestamp",
                    value=text,
                )
            tokens.append(_Token("literal", "%") if letter == "%" else _Token("field", letter))
            at += 2
        elif char.isspace():
            while at < len(text) and text[at].isspace():
                at += 1
            tokens.append(_Token("space", " "))
        else:
            tokens.append(_Token("literal", char))
            at += 1
    if not any(token.kind == "field" for token in tokens):
        raise ValidationError(
            "the format has no directive (such as %Y or %d)", column="timestamp", value=text
        )
    return tuple(tokens)


def read_formatted(
    piece: Utf8, fmt: str, zone: dt.tzinfo | None
) -> tuple[npt.NDArray[np.int64], dict[int, str]]:
    """Every row of ``piece`` read with ``fmt``: microseconds (UTC) and reasons by row.

    Examples
    --------
    >>> from valuecocreation.io._text import utf8_of
    >>> micros, reasons = read_formatted(
    ...     utf8_of(["03/15/2024 14:22", "3/5/2024 9:05", "15/03/2024 14:22"]),
    ...     "%m/%d/%Y %H:%M", None)
    >>> micros[:2].astype("datetime64[us]").astype(str).tolist()
    ['2024-03-15T14:22:00.000000', '2024-03-05T09:05:00.000000']
    >>> reasons
    {2: "cannot read '15/03/2024 14:22' with the format '%m/%d/%Y %H:%M'"}
    """
    tokens = _tokens(fmt)
    lengths = np.diff(piece[1])
    rows = len(lengths)
    micros = np.zeros(rows, dtype=np.int64)
    if not rows:
        return micros, {}
    if any(token.value in _PYTHON_ONLY for token in tokens if token.kind == "field"):
        done = np.zeros(rows, dtype=bool)
    else:
        done, micros = _fast(piece, tokens, zone)
    reasons: dict[int, str] = {}
    for row in np.flatnonzero(~done).tolist():
        text = piece_text(piece, row)
        try:
            micros[row] = _scalar(text, fmt, zone)
        except ValueError as error:
            reasons[row] = str(error)
    return micros, reasons


def _scalar(text: str, fmt: str, zone: dt.tzinfo | None) -> int:
    """One text by :meth:`datetime.datetime.strptime`, in microseconds since the epoch (UTC)."""
    if not text.strip():
        raise ValueError("timestamp is missing")
    try:
        moment = dt.datetime.strptime(text, fmt)
    except ValueError:
        raise ValueError(f"cannot read {text!r} with the format {fmt!r}") from None
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone or dt.UTC)
        moment = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise ValueError("timestamp is outside the years 1 to 9999") from None
    delta = moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * _US_PER_SECOND + delta.microseconds


class _Cursor:
    """Each row's read position in a byte matrix, and whether it still matches."""

    def __init__(self, matrix: npt.NDArray[np.uint8], lengths: npt.NDArray[np.int64]) -> None:
        self.matrix = matrix
        self.lengths = lengths
        self.at = np.zeros(len(lengths), dtype=np.int64)
        self.ok = lengths <= matrix.shape[1]
        self._rows = np.arange(len(lengths))
        self._last = max(matrix.shape[1] - 1, 0)

    def byte(self, ahead: int = 0) -> npt.NDArray[np.uint8]:
        """The byte ``ahead`` of each row's position (0 past its end)."""
        where = self.at + ahead
        inside = where < self.lengths
        if not self.matrix.shape[1]:
            return np.zeros(len(where), dtype=np.uint8)
        byte = self.matrix[self._rows, np.minimum(where, self._last)]
        return np.where(inside, byte, 0).astype(np.uint8)

    def digits(self, fewest: int, most: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Up to ``most`` digits at each position: their value and how many there were."""
        value = np.zeros(len(self.at), dtype=np.int64)
        count = np.zeros(len(self.at), dtype=np.int64)
        going = self.ok.copy()
        for ahead in range(most):
            digit = self.byte(ahead).astype(np.int64) - 48
            going &= (digit >= 0) & (digit <= 9)
            value = np.where(going, value * 10 + digit, value)
            count += going
        self.ok &= count >= fewest
        return value, count


def _fast(
    piece: Utf8, tokens: Sequence[_Token], zone: dt.tzinfo | None
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """The rows the format's first alternatives read to the end, and their values."""
    lengths = np.diff(piece[1])
    matrix, _ = grid(piece, min(int(lengths.max()), _WIDTH))
    cursor = _Cursor(matrix, lengths)
    rows = len(lengths)
    fields: dict[str, npt.NDArray[np.int64]] = {}
    offset = np.zeros(rows, dtype=np.int64)
    aware = False
    for token in tokens:
        if token.kind == "space":
            count = np.zeros(rows, dtype=np.int64)
            going = cursor.ok.copy()
            for ahead in range(_WIDTH):
                byte = cursor.byte(ahead)
                going &= np.isin(byte, _SPACES) & (cursor.at + ahead < lengths)
                if not going.any():
                    break
                count += going
            cursor.ok &= count >= 1
            cursor.at += count
        elif token.kind == "literal":
            wanted = token.value.encode("utf-8")
            for ahead, wanted_byte in enumerate(wanted):
                got = cursor.byte(ahead)
                lower = bytes([wanted_byte]).lower()[0]
                upper = bytes([wanted_byte]).upper()[0]
                cursor.ok &= (got == lower) | (got == upper)
            cursor.at += len(wanted)
        elif token.value in _DIGITS:
            fields[token.value] = _number(cursor, token.value)
        elif token.value in _NAMES:
            fields[token.value] = _name(cursor, _NAMES[token.value])
        else:  # "z"
            aware = True
            offset = _offset(cursor)
    done = cursor.ok & (cursor.at == lengths)
    micros, valid = _combine(fields, rows)
    done &= valid
    if aware:
        micros -= offset
    elif zone is not None:
        micros, zoned = from_zone(micros, done, zone)
        done &= zoned
    first = -62_135_596_800 * _US_PER_SECOND  # 0001-01-01
    last = 253_402_300_799_999_999  # 9999-12-31T23:59:59.999999
    done &= (micros >= first) & (micros <= last)
    return done, np.where(done, micros, 0)


def _number(cursor: _Cursor, letter: str) -> npt.NDArray[np.int64]:
    """A numeric field at each position, taking the alternative Python's pattern tries first.

    Two digits where they make a valid value (``_TWO_DIGITS``), else the first digit
    alone, which for a month, day or 12-hour clock must not be 0.
    """
    fewest, most = _DIGITS[letter]
    value, count = cursor.digits(fewest, most)
    if letter in _TWO_DIGITS:
        low, high = _TWO_DIGITS[letter]
        two = (count == 2) & (value >= low) & (value <= high)
        single = np.where(count == 2, value // 10, value)
        cursor.ok &= two | (single >= (1 if letter in "mdI" else 0))
        cursor.at += np.where(two, 2, 1)
        return np.where(two, value, single)
    cursor.at += count
    if letter == "f":
        return value * 10 ** (6 - count)
    return value


def _name(cursor: _Cursor, names: Sequence[str]) -> npt.NDArray[np.int64]:
    """The index (from 1) of the longest name at each position, compared ignoring case."""
    found = np.zeros(len(cursor.at), dtype=np.int64)
    used = np.zeros(len(cursor.at), dtype=np.int64)
    for index, name in sorted(enumerate(names, start=1), key=lambda pair: -len(pair[1])):
        match = cursor.ok & (found == 0)
        for ahead, char in enumerate(name.encode("ascii")):
            got = cursor.byte(ahead) | np.uint8(0x20)  # ASCII letters to lower case
            match &= got == char
        found = np.where(match, index, found)
        used = np.where(match, len(name), used)
    cursor.ok &= found > 0
    cursor.at += used
    return found


def _offset(cursor: _Cursor) -> npt.NDArray[np.int64]:
    """``Z``, ``+HHMM`` or ``+HH:MM`` at each position, as microseconds east of UTC."""
    sign_byte = cursor.byte()
    zulu = sign_byte == ord("Z")
    signed = (sign_byte == ord("+")) | (sign_byte == ord("-"))
    cursor.at += 1
    hours, hour_digits = cursor.digits(0, 2)
    cursor.at += hour_digits
    colon = cursor.byte() == ord(":")
    cursor.at += colon
    minutes, minute_digits = cursor.digits(0, 2)
    cursor.at += minute_digits
    full = signed & (hour_digits == 2) & (minute_digits == 2) & (minutes <= 59)
    cursor.ok &= zulu | full
    cursor.at = np.where(zulu, cursor.at - hour_digits - colon - minute_digits, cursor.at)
    sign = np.where(sign_byte == ord("-"), -1, 1)
    return np.where(zulu, 0, sign * (hours * 60 + minutes) * 60 * _US_PER_SECOND)


def _combine(
    fields: dict[str, npt.NDArray[np.int64]], rows: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Microseconds since the epoch from the fields read, and whether the date is valid."""

    def get(letter: str, default: int) -> npt.NDArray[np.int64]:
        return fields.get(letter, np.full(rows, default, dtype=np.int64))

    if "Y" in fields:
        year = fields["Y"]
    elif "y" in fields:
        year = np.where(fields["y"] >= 69, 1900, 2000) + fields["y"]
    else:
        year = get("Y", 1900)
    month = fields["m"] if "m" in fields else get("b", 0) + get("B", 0)
    month = np.where(month == 0, 1, month)
    day = get("d", 1)
    if "I" in fields:
        pm = get("p", 1) == 2
        hour = fields["I"] % 12 + np.where(pm, 12, 0)
    else:
        hour = get("H", 0)
    minute, second, micro = get("M", 0), get("S", 0), get("f", 0)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    valid = (
        (year >= 1)
        & (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= month_days)
        & (hour <= 23)
        & (minute <= 59)
        & (second <= 59)
    )
    days = days_from_civil(year, np.clip(month, 1, 12), np.clip(day, 1, 31))
    seconds = ((days * 24 + hour) * 60 + minute) * 60 + second
    return seconds * _US_PER_SECOND + micro, valid


# ---------------------------------------------------------------------- guessing
class FormatGuess(NamedTuple):
    """Formats that read every text of a sample, and why a choice cannot be made.

    ``formats`` lists the candidates that read the whole sample, best first;
    ``ambiguous`` is true when both a day-first and a month-first format read it
    (every day is 12 or less), which only the export's documentation can settle.
    """

    formats: tuple[str, ...]
    ambiguous: bool

    @property
    def format(self) -> str | None:
        """The one format to use, or ``None`` when there is none or the sample is ambiguous."""
        return self.formats[0] if self.formats and not self.ambiguous else None


_DATES: Final = (
    "%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%d/%m/%y", "%d.%m.%Y", "%Y/%m/%d",
    "%d-%m-%Y", "%m-%d-%Y", "%d %b %Y", "%b %d %Y", "%d-%b-%Y", "%Y-%m-%d",
)  # fmt: skip
_TIMES: Final = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", "T%H:%M:%S")
_DAY_FIRST: Final = re.compile(r"^%d[/.\-]%m")
_MONTH_FIRST: Final = re.compile(r"^%m[/.\-]%d")


def guess_formats(texts: Sequence[str]) -> FormatGuess:
    """The common export formats that read every non-blank text of ``texts``.

    Day-first and month-first are never chosen silently: a sample both read is
    reported as ``ambiguous``.

    Examples
    --------
    >>> guess_formats(["03/15/2024 14:22", "04/01/2024 09:00"]).format
    '%m/%d/%Y %H:%M'
    >>> guess = guess_formats(["03/04/2024", "05/06/2024"])
    >>> guess.ambiguous, guess.formats
    (True, ('%m/%d/%Y', '%d/%m/%Y'))
    """
    sample = [text.strip() for text in texts if text.strip()]
    if not sample:
        return FormatGuess((), ambiguous=False)
    piece = utf8_of(sample)
    fits = []
    for date in _DATES:
        for time in _TIMES:
            _, reasons = read_formatted(piece, date + time, None)
            if not reasons:
                fits.append(date + time)
    day_first = any(_DAY_FIRST.match(fmt) for fmt in fits)
    month_first = any(_MONTH_FIRST.match(fmt) for fmt in fits)
    return FormatGuess(tuple(fits), ambiguous=day_first and month_first)


_DIGIT_SHAPE: Final = str.maketrans("0123456789", "9999999999")


def format_hints(texts: Sequence[str]) -> dict[int, str]:
    """For each text a common format reads, a hint to add to its error: by position.

    Texts are grouped by shape (digits made alike); each shape's candidate formats
    are found on one text, then every text of the shape is read with them.

    >>> hints = format_hints(["03/15/2024", "03/04/2024", "yesterday"])
    >>> hints[0]
    "; it reads as '%m/%d/%Y': pass timestamp='%m/%d/%Y'"
    >>> hints[1]
    "; it could be day-first or month-first ('%m/%d/%Y' or '%d/%m/%Y'): pass the one ..."
    >>> 2 in hints
    False
    """
    shapes: dict[str, list[int]] = {}
    for at, text in enumerate(texts):
        shapes.setdefault(text.strip().translate(_DIGIT_SHAPE), []).append(at)
    hints: dict[int, str] = {}
    for members in shapes.values():
        found = guess_formats([texts[members[0]]]).formats
        if not found:
            continue
        # Another text of the shape may have its day and month the other way round.
        candidates = list(dict.fromkeys([*found, *(_swapped(fmt) for fmt in found)]))
        piece = utf8_of([texts[at].strip() for at in members])
        reads = {fmt: read_formatted(piece, fmt, None)[1] for fmt in candidates}
        for position, at in enumerate(members):
            fits = [fmt for fmt, reasons in reads.items() if position not in reasons]
            if not fits:
                continue
            guess = FormatGuess(
                tuple(fits),
                ambiguous=any(_DAY_FIRST.match(f) for f in fits)
                and any(_MONTH_FIRST.match(f) for f in fits),
            )
            if guess.format is not None:
                hints[at] = f"; it reads as {guess.format!r}: pass timestamp={guess.format!r}"
            else:
                options = " or ".join(repr(fmt) for fmt in fits[:2])
                hints[at] = (
                    f"; it could be day-first or month-first ({options}): pass the one the "
                    "export uses as timestamp='...'"
                )
    return hints


def _swapped(fmt: str) -> str:
    """The format with its leading day and month the other way round."""
    if _DAY_FIRST.match(fmt):
        return "%m" + fmt[2] + "%d" + fmt[5:]
    if _MONTH_FIRST.match(fmt):
        return "%d" + fmt[2] + "%m" + fmt[5:]
    return fmt
