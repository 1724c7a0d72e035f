"""Turn the raw columns of an interaction log into validated numpy columns.

Each function takes one column as given (a sequence or an array), returns the
stored representation and the problems found, without a Python loop over rows on
the common paths. :class:`~valuecocreation.log.InteractionLog` combines them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import (
    MISSING,
    TEXT_DTYPE,
    Encoding,
    as_array,
    canonical,
    encode_text,
    gather,
    remap,
    why_not_id,
)
from valuecocreation._core.problems import ColumnProblem
from valuecocreation._core.times import is_missing
from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = [
    "KIND_DTYPE",
    "coerce_ids",
    "coerce_kinds",
    "coerce_weights",
    "common_length",
    "value_at",
]

KIND_DTYPE = np.dtype(np.uint8)

Column = Sequence[Any] | npt.ArrayLike


def coerce_ids(
    values: Column, column: str, *, required: bool
) -> tuple[Encoding, list[ColumnProblem]]:
    """The encoding of an id column (actors or channels) and its problems.

    Missing ids (``None``, NaN, empty text) decode to -1; they are a problem when
    the column is ``required``.
    """
    try:
        encoding = encode_text(values)
    except TypeError as error:
        empty = Encoding(
            np.full(_length(values), MISSING, dtype=np.intp), np.array([], dtype=TEXT_DTYPE)
        )
        return empty, _id_problems(values, column, str(error))
    problems = []
    if required:
        problem = ColumnProblem.where(encoding.missing(), column, f"{column} is missing")
        if problem:
            problems.append(problem)
    return encoding, problems


def coerce_kinds(
    values: Column, kinds: Sequence[str]
) -> tuple[npt.NDArray[np.uint8], list[ColumnProblem]]:
    """Kind codes (positions in ``kinds``, the names of the known kinds) and problems.

    The names come from the caller (the model's ``InteractionKind``), so this layer
    needs no domain type; members of a ``StrEnum`` and their text encode alike.
    """
    code_of = {name: code for code, name in enumerate(kinds)}
    array = as_array(values)
    try:
        encoding = encode_text(array)
    except TypeError as error:
        return np.zeros(len(array), dtype=KIND_DTYPE), _id_problems(array, "kind", str(error))
    vocabulary, (mapping,) = canonical(encoding)
    lookup = np.array([code_of.get(str(name), -1) for name in vocabulary.tolist()], dtype=np.int64)
    table = remap(mapping, lookup)  # raw code -> kind code; -1: missing or unknown
    # Every raw code occurs in the column, so a clean table and no MISSING code
    # mean every row is a known kind: the usual case, in one pass over the codes.
    if (table >= 0).all() and (not len(encoding.codes) or encoding.codes.min() >= 0):
        return gather(encoding.codes, table, KIND_DTYPE), []
    kind_codes = gather(encoding.codes, table, np.int16)
    # The error path may be slower: name the rows of every missing or unknown kind.
    positions = gather(encoding.codes, mapping)
    problems = [ColumnProblem.where(positions == MISSING, "kind", "kind is missing")]
    problems.extend(
        ColumnProblem.where(
            positions == position,
            "kind",
            f"unknown interaction kind {str(vocabulary[position])!r}; "
            f"valid kinds are: {', '.join(kinds)}",
        )
        for position in np.flatnonzero(lookup < 0).tolist()
    )
    kind_codes[kind_codes < 0] = 0
    return kind_codes.astype(KIND_DTYPE), [p for p in problems if p is not None]


def coerce_weights(
    values: Column | None, length: int
) -> tuple[npt.NDArray[np.float64], list[ColumnProblem]]:
    """Weights as ``float64``: 1 where no column is given; finite and >= 0 required."""
    if values is None:
        return np.ones(length, dtype=np.float64), []
    array = as_array(values)
    if array.dtype.kind in "biuf":
        weights = array.astype(np.float64)
        return weights, _weight_problems(weights)
    return _weights_one_by_one(array)


def _weights_one_by_one(
    array: npt.NDArray[Any],
) -> tuple[npt.NDArray[np.float64], list[ColumnProblem]]:
    weights = np.empty(len(array), dtype=np.float64)
    unreadable = np.zeros(len(array), dtype=bool)
    for row, value in enumerate(array.tolist()):
        try:
            if isinstance(value, complex | bool):
                raise TypeError(value)
            weights[row] = float(value)
        except (TypeError, ValueError, OverflowError):
            weights[row] = 0.0
            unreadable[row] = True
    problem = ColumnProblem.where(unreadable, "weight", "weight is not a number")
    return weights, [*([problem] if problem else []), *_weight_problems(weights)]


def _weight_problems(weights: npt.NDArray[np.float64]) -> list[ColumnProblem]:
    # The usual case in two passes: min and max are NaN if any weight is NaN.
    if not len(weights) or (weights.min() >= 0 and weights.max() < np.inf):
        return []
    checks = (
        (np.isnan(weights), "weight is missing or NaN"),
        (np.isinf(weights), "weight is infinite"),
        (np.isfinite(weights) & (weights < 0), "weight is negative; weights must be >= 0"),
    )
    return [p for mask, reason in checks if (p := ColumnProblem.where(mask, "weight", reason))]


def _length(values: Column) -> int:
    return len(values)  # type: ignore[arg-type]


def _id_problems(values: Column, column: str, reason: str) -> list[ColumnProblem]:
    """Name the rows whose value cannot be an id (the error path: a Python loop)."""
    listed = values.tolist() if isinstance(values, np.ndarray) else list(values)  # type: ignore[arg-type]
    reasons = [None if is_missing(v) else why_not_id(v) for v in listed]
    bad = np.array([r is not None for r in reasons], dtype=bool)
    if not bad.any():  # the encoder objected to the column as a whole
        return [ColumnProblem(column, reason, np.arange(len(listed), dtype=np.intp))]
    first = int(np.flatnonzero(bad)[0])
    problems = [ColumnProblem(column, str(reasons[first]), np.array([first], dtype=np.intp))]
    bad[first] = False
    rest = ColumnProblem.where(bad, column, f"{column} cannot be an identifier")
    return [*problems, *([rest] if rest else [])]


def common_length(given: Mapping[str, Any], required: Sequence[str], origin: str | None) -> int:
    """The common length of the given columns; each must be a one-dimensional sequence.

    Raises
    ------
    ValidationError
        For a required column that is ``None``, a column that is not a sequence or
        is not one-dimensional, or columns of different lengths.
    """
    lengths = {}
    for name, values in given.items():
        if values is None:
            if name in required:
                raise ValidationError(f"{name} is required", column=name, source=origin)
            continue
        if isinstance(values, np.ndarray) and values.ndim != 1:
            raise ValidationError(
                f"{name} must be one-dimensional, not of shape {values.shape}",
                column=name,
                source=origin,
            )
        try:
            if isinstance(values, str | bytes | Mapping | AbstractSet) or not hasattr(
                values, "__getitem__"
            ):
                raise TypeError(values)
            lengths[name] = len(values)
        except TypeError:
            raise ArgumentTypeError(
                f"{name} must be a sequence or an array, not {type(values).__name__}",
                column=name,
                source=origin,
            ) from None
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name}={n}" for name, n in lengths.items())
        raise ValidationError(f"columns differ in length ({described})", source=origin)
    return next(iter(lengths.values()), 0)


def value_at(values: Any, row: int) -> Any:  # noqa: ANN401
    """The input value at ``row``, as plain Python where numpy would mislead."""
    value = values[row]
    if not isinstance(value, np.generic):
        return value
    item = value.item()
    # Outside datetime's range numpy gives a bare int, which would mislead.
    return str(value) if isinstance(value, np.datetime64) and isinstance(item, int) else item
