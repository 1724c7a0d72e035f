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
_ZERO, _MINUS = 48, 45
_PAD, _DIGIT, _DOT, _SIGN, _EXPONENT, _BLANK, _OTHER = range(7)


def _classes() -> npt.NDArray[np.uint8]:
    table = np.full(256, _OTHER, dtype=np.uint8)
    table[0] = _PAD
    table[ord("0") : ord("9") + 1] = _DIGIT
    table[ord(".")] = _DOT
    table[[ord("+"), ord("-")]] = _SIGN
    table[[ord("e"), ord("E")]] = _EXPONENT
    table[[ord(" "), ord("\t")]] = _BLANK
    return table


_CLASS: Final = _classes()
_FAST_HEAD: Final = np.isin(_CLASS, [_DIGIT, _DOT, _SIGN])  # a fast number's first byte


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
    lengths = np.diff(piece[1])
    rows = len(lengths)
    width = min(int(lengths.max()), _WIDTH) if rows else 1
    matrix, _ = grid(piece, max(width, 1))
    # Column by column (a handful of columns, millions of rows): one table look-up
    # classifies each byte. Padding is byte 0, so a row with a NUL inside counts
    # fewer filled bytes than its length, and is no number.
    filled = np.zeros(rows, dtype=np.int64)
    digits = np.zeros(rows, dtype=np.int64)
    dots = np.zeros(rows, dtype=np.int64)
    places = np.zeros(rows, dtype=np.int64)  # digits after the dot
    mantissa = np.zeros(rows, dtype=np.int64)
    plain = _FAST_HEAD[matrix[:, 0]]  # a sign may open a fast number
    spaces = np.ones(rows, dtype=bool)
    characters = np.ones(rows, dtype=bool)  # only characters a number can have
    for column in range(width):
        byte = matrix[:, column]
        kind = _CLASS[byte]
        is_digit = kind == _DIGIT
        is_dot = kind == _DOT
        filled += byte != 0
        digits += is_digit
        places += is_digit & (dots > 0)
        dots += is_dot
        mantissa = np.where(is_digit & (digits <= _FAST_DIGITS),
                            mantissa * 10 + (byte.astype(np.int64) - _ZERO), mantissa)
        if column:
            plain &= is_digit | is_dot | (kind == _PAD)
        spaces &= (kind == _BLANK) | (kind == _PAD)
        characters &= kind != _OTHER
    full = filled == lengths
    fast = (full & plain & (lengths <= width) & (digits >= 1) & (digits <= _FAST_DIGITS)
            & (dots <= 1))
    fraction = np.where(fast, places, 0)
    mantissa = np.where(fast, mantissa, 0)
    negative = fast & (matrix[:, 0] == _MINUS)
    blank = full & spaces & (lengths <= width)
    # Other rows made only of number characters take the grammar, one by one.
    maybe = (characters | (lengths > width)) & ~fast & ~blank
    number = fast.copy()
    for row in np.flatnonzero(maybe).tolist():
        if NUMBER.fullmatch(piece_text(piece, row).strip(_BLANKS)):
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
