"""Small pieces the measurement results share: nan-safe JSON numbers and checks."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ValidationError

__all__ = [
    "floats",
    "from_json",
    "from_json_matrix",
    "strs",
    "to_json",
    "to_json_matrix",
    "weights_vector",
]


def to_json(value: float) -> float | None:
    """``value``, or ``None`` for nan (strict JSON has no NaN)."""
    return None if math.isnan(value) else float(value)


def from_json(value: float | None) -> float:
    """The inverse of :func:`to_json`."""
    return math.nan if value is None else float(value)


def floats(value: Iterable[float | None]) -> tuple[float, ...]:
    """A tuple of floats (``None`` read as nan), for attrs converters."""
    return tuple(from_json(v) for v in value)


def strs(value: Iterable[str]) -> tuple[str, ...]:
    """A tuple of text, for attrs converters."""
    return tuple(value)


def to_json_matrix(values: npt.NDArray[np.float64]) -> list[list[float | None]]:
    """A square matrix as nested lists, nan as ``None``."""
    return [[to_json(v) for v in row] for row in values.tolist()]


def from_json_matrix(rows: Sequence[Sequence[float | None]]) -> npt.NDArray[np.float64]:
    """The inverse of :func:`to_json_matrix`, as a read-only array."""
    values = np.array([[from_json(v) for v in row] for row in rows], dtype=np.float64)
    values.flags.writeable = False
    return values


def weights_vector(weights: Any, size: int, what: str) -> npt.NDArray[np.float64]:  # noqa: ANN401
    """``weights`` as ``size`` finite floats, not all zero."""
    try:
        vector = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"{what} must be numbers", column=what, value=weights) from None
    if vector.shape != (size,):
        raise ValidationError(
            f"{what} needs one number per item ({size}); got shape {vector.shape}",
            column=what,
            value=vector.shape,
        )
    if not np.isfinite(vector).all() or not vector.any():
        raise ValidationError(
            f"{what} must be finite and not all zero", column=what, value=vector.tolist()
        )
    return vector
