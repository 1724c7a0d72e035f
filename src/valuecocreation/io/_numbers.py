"""Decimal numbers in text, read exactly and without a Python loop over rows.

A number in a file is ``[+-]digits[.digits][(e|E)[+-]digits]`` (at least one digit;
``.5`` and ``5.`` are numbers), with spaces or tabs around it allowed. Nothing
else is: not ``nan`` or ``inf``, not ``1_000``, not ``0x10``, not digits of other
scripts, all of which Python's :func:`float` would accept.

The common shape, at most 15 significant digits and no exponent, is read by
vectorised integer arithmetic: the digits give an integer ``m`` below ``2**53``
and the fraction a power of ten ``10**f`` with ``f <= 22``; both are exact
doubles, so the one division ``m / 10**f`` is correctly rounded (Clinger 1990,
"How to read floating point numbers accurately", the fast path) and equals
``float(text)`` bit for bit. Every other row takes Python's own conversion, which
is also correctly rounded. Epoch timestamps need more than a float holds, so
:func:`read_decimals` also returns the exact integer and decimal exponent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation.io._text import Utf8, grid, piece_text

__all__ = ["NUMBER", "Decimals", "exact_decimal", "read_decimals", "to_floats"]

NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""The grammar of a number, matched after stripping spaces and tabs."""
_BLANKS: Final = " \t"
_FAST_DIGITS: Final = 15  # 10**15 < 2**53: the digits make an exact double
_WIDTH: Final = 24  # longer text is read by the scalar rule
_ZERO, _DOT, _PLUS, _MINUS = 48, 46, 43, 45
_CANDIDATE: Final = frozenset("0123456789.+-eE")


class Decimals(NamedTuple):
    """Numbers read from a piece of text, row by row.

    Where ``fast`` is true the number is ``sign * mantissa * 10**-fraction``
    exactly; elsewhere, if ``number`` is true, ``exact_decimal`` of the text gives
    it. ``blank`` rows hold nothing but spaces; other rows are not numbers.
    """

    mantissa: npt.NDArray[np.int64]
    fraction: npt.NDArray[np.int64]
    negative: npt.NDArray[np.bool_]
    fast: npt.NDArray[np.bool_]
    number: npt.NDArray[np.bool_]
    blank: npt.NDArray[np.bool_]


def read_decimals(piece: Utf8) -> Decimals:
    """Classify and read the rows of ``piece`` as decimal numbers (see the module notes).

    Examples
    --------
    >>> from valuecocreation.io._text import utf8_of
    >>> found = read_decimals(utf8_of(["12.50", "-3", "1e3", "x", " "]))
    >>> found.mantissa.tolist(), found.fraction.tolist(), found.fast.tolist()
    ([1250, 3, 0, 0, 0], [2, 0, 0, 0, 0], [True, True, False, False, False])
    >>> found.number.tolist(), found.blank.tolist()
    ([True, True, True, False, False], [False, False, False, False, True])
    """
    data, offsets = piece
    lengths = np.diff(offsets)
    rows = len(lengths)
    width = min(int(lengths.max()), _WIDTH) if rows else 1
    matrix, _ = grid(piece, max(width, 1))
    # The fast shape, column by column (a few columns, many rows): digits, at most
    # one dot, an optional leading sign, at most 15 characters (so at most 15
    # digits), and no NUL (padding is byte 0: a NUL inside would pass for it).
    fast = lengths <= _FAST_DIGITS
    if len(data) and not data.all():
        fast &= (matrix != 0).sum(axis=1) == lengths
    mantissa = np.zeros(rows, dtype=np.int64)
    dots = np.zeros(rows, dtype=np.int8)
    dot_at = np.zeros(rows, dtype=np.int64)
    seen_digit = np.zeros(rows, dtype=bool)
    for column in range(min(width, _FAST_DIGITS)):
        byte = matrix[:, column]
        digit = byte - np.uint8(_ZERO)  # wraps below "0": one comparison tells a digit
        is_digit = digit < 10
        is_dot = byte == _DOT
        allowed = is_digit | is_dot | (byte == 0)
        if not column:
            allowed |= (byte == _PLUS) | (byte == _MINUS)
        fast &= allowed
        dot_at = np.where(is_dot & (dots == 0), column, dot_at)
        dots += is_dot
        seen_digit |= is_digit
        mantissa = np.where(is_digit, mantissa * 10 + digit, mantissa)
    fast &= seen_digit & (dots <= 1)
    fraction = np.where(fast & (dots == 1), lengths - 1 - dot_at, 0)
    mantissa = np.where(fast, mantissa, 0)
    negative = fast & (matrix[:, 0] == _MINUS)
    # The other rows, which are few in a column of numbers, are classified one by one.
    number = fast.copy()
    blank = np.zeros(rows, dtype=bool)
    for row in np.flatnonzero(~fast).tolist():
        text = piece_text(piece, row)
        stripped = text.strip(_BLANKS)
        if not stripped:
            blank[row] = "\x00" not in text
        elif _CANDIDATE.issuperset(stripped) and NUMBER.fullmatch(stripped):
            number[row] = True
    return Decimals(mantissa, fraction, negative, fast, number, blank)


def exact_decimal(text: str) -> Decimal:
    """The exact value of a text that matches :data:`NUMBER` (after stripping blanks)."""
    return Decimal(text.strip(_BLANKS))


def to_floats(piece: Utf8, found: Decimals) -> npt.NDArray[np.float64]:
    """The rows of ``piece`` as ``float64``, equal to :func:`float` of their text.

    Rows that are not numbers hold 0.0; look at ``found.number``.

    >>> from valuecocreation.io._text import utf8_of
    >>> piece = utf8_of(["0.1", "2.5e-3", " 7 ", "-0"])
    >>> to_floats(piece, read_decimals(piece)).tolist()
    [0.1, 0.0025, 7.0, -0.0]
    """
    powers = 10.0 ** np.arange(23)
    values = found.mantissa.astype(np.float64) / powers[np.minimum(found.fraction, 22)]
    values = np.where(found.negative, -values, values)
    for row in np.flatnonzero(found.number & ~found.fast).tolist():
        values[row] = float(piece_text(piece, row).strip(_BLANKS))
    values[~found.number] = 0.0
    return values
