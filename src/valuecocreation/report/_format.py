"""The one formatter of the report: every number in a table, a chart label or a sentence.

The report never recomputes what a result holds; it only formats the result's
own numbers, and always with these functions, so a test can compare a cell with
the object it came from (``number(score.value) == cell``). An undefined number
(nan or ``None``) is written ``n/a``, never ``0``.
"""

from __future__ import annotations

import math
from typing import Final

__all__ = [
    "MISSING",
    "count",
    "interval",
    "is_missing",
    "number",
    "p_value",
    "percent",
    "signed",
]

MISSING: Final = "n/a"
"""How the report writes a number that is not defined."""


def is_missing(value: float | None) -> bool:
    """Whether ``value`` is undefined: ``None`` or nan.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0)
    (True, True, False)
    """
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, digits: int = 2) -> str:
    """``value`` with ``digits`` decimals, or ``n/a`` when it is undefined.

    >>> number(0.5619), number(float("nan")), number(3.56432, 3)
    ('0.56', 'n/a', '3.564')
    """
    if value is None or math.isnan(value):
        return MISSING
    text = f"{value:.{digits}f}"
    # -0.00 reads as a negative number that is not there.
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def signed(value: float | None, digits: int = 2) -> str:
    """``value`` with an explicit sign, for a change; ``n/a`` when undefined.

    >>> signed(0.093), signed(-0.2), signed(None)
    ('+0.09', '-0.20', 'n/a')
    """
    text = number(value, digits)
    return text if text == MISSING or text.startswith("-") else "+" + text


def percent(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage; ``n/a`` when undefined.

    >>> percent(0.99749975), percent(float("nan"))
    ('99.7%', 'n/a')
    """
    if value is None or math.isnan(value):
        return MISSING
    return f"{100 * value:.{digits}f}%"


def count(value: int | None) -> str:
    """A count with thousands separators; ``n/a`` when undefined.

    >>> count(40396), count(None)
    ('40,396', 'n/a')
    """
    return MISSING if value is None else f"{value:,}"


def interval(bounds: tuple[float, float] | None, digits: int = 2) -> str:
    """A confidence interval as ``low to high``; ``n/a`` when there is none.

    >>> interval((0.5134, 0.6166)), interval((-0.26, -0.03)), interval(None)
    ('0.51 to 0.62', '-0.26 to -0.03', 'n/a')
    """
    if bounds is None or is_missing(bounds[0]) or is_missing(bounds[1]):
        return MISSING
    return f"{number(bounds[0], digits)} to {number(bounds[1], digits)}"


def p_value(value: float | None) -> str:
    """A p value with three decimals, ``< 0.001`` below that; ``n/a`` when undefined.

    >>> p_value(0.1012), p_value(3e-9), p_value(float("nan"))
    ('0.101', '< 0.001', 'n/a')
    """
    if value is not None and not math.isnan(value) and value < 0.001:
        return "< 0.001"
    return number(value, 3)
