"""Input rules shared by the metrics: numbers, counts, rating scales and ratios.

Every metric reads its input through these helpers, so that one rule holds
everywhere: a value that cannot be what the metric needs (text, a boolean, an
infinite number, a negative count, a rating off its scale) is a
:class:`~valuecocreation.errors.ValidationError` naming its position and value; a
missing value (``None`` or NaN) is *missing*, never zero; and a ratio whose
denominator is zero is NaN, because nothing was observed to take a share of.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any, Final, TypeGuard

import numpy as np
import numpy.typing as npt

from valuecocreation._core.problems import ColumnProblem, raise_first
from valuecocreation._core.times import is_missing
from valuecocreation.errors import ValidationError

__all__ = [
    "FloatArray",
    "as_numbers",
    "as_ratings",
    "check_confidence",
    "check_scale",
    "is_whole",
    "only_one",
    "ratio",
    "reject",
    "scalar_or_array",
]

FloatArray = npt.NDArray[np.float64]
_NOT_A_NUMBER: Final = "not a number"


def as_numbers(
    values: object,
    column: str,
    *,
    nonnegative: bool = False,
    whole: bool = False,
) -> FloatArray:
    """``values`` as a float array of the same shape, NaN where a value is missing.

    Parameters
    ----------
    values
        A number or an array-like of numbers (``None`` and NaN are missing).
    column
        The argument's name, for error messages.
    nonnegative
        Reject negative values (counts, costs, sizes).
    whole
        Reject values with a fractional part (counts of things, rating points).

    Raises
    ------
    ValidationError
        For the first value that is text, a boolean, infinite, negative (with
        ``nonnegative``) or fractional (with ``whole``), naming its position.
    """
    array = _as_array(values, column)
    if array.dtype.kind in "iuf":
        numbers_ = array.astype(np.float64)
        problems: list[ColumnProblem | None] = []
    else:
        numbers_, problems = _from_objects(array, column)
    flat = numbers_.reshape(-1)
    known = ~np.isnan(flat)
    problems.append(ColumnProblem.where(np.isinf(flat), column, f"{column} must be finite"))
    if nonnegative:
        with np.errstate(invalid="ignore"):
            problems.append(
                ColumnProblem.where(known & (flat < 0), column, f"{column} must not be negative")
            )
    if whole:
        finite = known & ~np.isinf(flat)
        problems.append(
            ColumnProblem.where(
                finite & (flat != np.floor(np.where(finite, flat, 0.0))),
                column,
                f"{column} must be whole numbers",
            )
        )
    _raise_first(problems, array)
    return numbers_


def _as_array(values: object, column: str) -> npt.NDArray[Any]:
    """``values`` as an array, keeping each element of a list as given.

    numpy turns ``[9, "10"]`` into text and ``[9, True]`` into integers; a list
    that is not plain numbers is therefore kept as objects, so that the bad
    element is the one reported.
    """
    if isinstance(values, np.ndarray):
        return values
    try:
        array = np.asarray(values)
        if array.dtype.kind in "iuf" and not (
            isinstance(values, list | tuple)
            and array.ndim == 1
            and any(isinstance(value, bool | np.bool_) for value in values)
        ):
            return array
        return np.asarray(values, dtype=object)
    except (ValueError, TypeError):  # ragged nesting, or an object numpy cannot hold
        raise ValidationError(
            f"{column} must be a number or an array of numbers", column=column, value=values
        ) from None


def _from_objects(
    array: npt.NDArray[Any], column: str
) -> tuple[FloatArray, list[ColumnProblem | None]]:
    """Numbers from an array of any other dtype, element by element (the rare path)."""
    flat = array.reshape(-1)
    out = np.empty(len(flat), dtype=np.float64)
    bad = np.zeros(len(flat), dtype=bool)
    for row, value in enumerate(flat.tolist()):
        if isinstance(value, bool | np.bool_) or not (
            isinstance(value, numbers.Real) or is_missing(value)
        ):
            bad[row] = True
            out[row] = math.nan
        else:
            out[row] = math.nan if is_missing(value) else float(value)
    reason = f"{_NOT_A_NUMBER}: {column} must be real numbers, or None/NaN where missing"
    return out.reshape(array.shape), [ColumnProblem.where(bad, column, reason)]


def _raise_first(problems: Sequence[ColumnProblem | None], values: npt.NDArray[Any]) -> None:
    """``raise_first`` over ``values``; a single number (0-d) has no row to name."""
    try:
        raise_first(problems, lambda _column, row: _value_at(values, row))
    except ValidationError as error:
        if values.ndim:
            raise
        raise ValidationError(error.reason, column=error.column, value=error.value) from None


def reject(mask: npt.NDArray[np.bool_], column: str, reason: str, values: npt.NDArray[Any]) -> None:
    """Raise a ValidationError for the first element of ``values`` where ``mask`` is true.

    ``mask`` and ``values`` have the same shape; the error names the flat position
    of the element, unless ``values`` is a single number.
    """
    _raise_first([ColumnProblem.where(mask.reshape(-1), column, reason)], values)


def _value_at(array: npt.NDArray[Any], row: int) -> object:
    value = array.reshape(-1)[row]
    return value.item() if isinstance(value, np.generic) else value


def check_scale(scale: object, column: str = "scale") -> tuple[int, int]:
    """A rating scale ``(lowest, highest)`` of whole points, checked.

    Raises
    ------
    ValidationError
        Unless ``scale`` is two whole numbers with the first below the second.
    """
    if (
        isinstance(scale, Sequence)
        and not isinstance(scale, str)
        and len(scale) == 2
        and all(is_whole(end) for end in scale)
        and int(scale[0]) < int(scale[1])
    ):
        return int(scale[0]), int(scale[1])
    raise ValidationError(
        "a scale is two whole numbers (lowest point, highest point), lowest first",
        column=column,
        value=scale,
    )


def as_ratings(values: object, column: str, scale: tuple[int, int]) -> FloatArray:
    """The answered ratings of ``values`` (missing ones dropped), each a point of ``scale``.

    Raises
    ------
    ValidationError
        For input that is not one-dimensional, or the first rating that is not a
        number, not a whole point, or outside the scale.
    """
    low, high = scale
    array = _as_array(values, column)
    if array.ndim != 1:
        raise ValidationError(
            f"{column} must be one-dimensional (one rating per "
            f"respondent), not of shape {array.shape}",
            column=column,
        )
    ratings = as_numbers(array, column, whole=True)
    with np.errstate(invalid="ignore"):
        outside = ~np.isnan(ratings) & ((ratings < low) | (ratings > high))
    reject(outside, column, f"a rating must be a point of the scale {low} to {high}", array)
    answered: FloatArray = ratings[~np.isnan(ratings)]
    return answered


def is_whole(value: object) -> TypeGuard[int | np.integer[Any]]:
    """Whether ``value`` is a Python or numpy integer (not a boolean)."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def check_confidence(ci: float) -> float:
    """A confidence level strictly between 0 and 1, such as 0.95.

    Raises
    ------
    ValidationError
        For anything else.
    """
    if (
        isinstance(ci, int | float | np.integer | np.floating)
        and not isinstance(ci, bool)
        and 0.0 < float(ci) < 1.0
    ):
        return float(ci)
    raise ValidationError(
        "the confidence level must be a number between 0 and 1 (exclusive), such as 0.95",
        column="ci",
        value=ci,
    )


def only_one(**given: object) -> str:
    """The name of the one argument that is not ``None``.

    Raises
    ------
    ValidationError
        When none or several are given.
    """
    named = [name for name, value in given.items() if value is not None]
    if len(named) != 1:
        raise ValidationError(
            f"give exactly one of {', '.join(given)}; got {', '.join(named) if named else 'none'}",
            column="/".join(given),
        )
    return named[0]


def ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """``numerator / denominator`` elementwise, NaN where the denominator is 0 or missing."""
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    out = np.full(numerator.shape, math.nan)
    usable = denominator != 0  # NaN != 0, and NaN propagates through the division
    np.divide(numerator, denominator, out=out, where=usable)
    return out


def scalar_or_array(values: FloatArray) -> Any:  # noqa: ANN401 - float or array by shape
    """A Python float for a 0-d result, else the array itself."""
    return float(values) if values.ndim == 0 else values
