"""Exact sums of non-negative floats per group, so that merging partial sums is exact.

Floating-point addition is not associative: summing a column in two chunks and
adding the results can differ in the last bit from summing it whole. Evidence
must merge *exactly* (chunked equals whole), so weight sums are kept as exact
integers: every float64 is an integer multiple of ``2**-SHIFT`` for the ``SHIFT``
below, and integers add exactly in any order. The float is recovered, correctly
rounded, only when a scorer asks for it.

The work stays vectorised: each value is split, from its IEEE 754 bits, into its
binary exponent and two 26-bit halves of its 53-bit significand; halves are
summed per (group, exponent) with ``numpy.bincount``, whose float64 accumulator
is exact for integers below ``2**53``; only the (few) non-empty (group, exponent)
sums become Python ints.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["SHIFT", "exact_sums", "to_float"]

SHIFT = 1126
"""Every finite float64 times ``2**SHIFT`` is an integer (its lowest bit is ``2**-1074``)."""
_HALF = 26
_MAX_ROWS_PER_PASS = 1 << 26  # keeps every bincount sum of 27-bit halves below 2**53


def exact_sums(
    values: npt.NDArray[np.float64], groups: npt.NDArray[np.integer[Any]], size: int
) -> npt.NDArray[np.object_]:
    """Per group, the exact sum of ``values`` times ``2**SHIFT``, as Python ints.

    ``values`` must be finite and >= 0; ``groups`` are integers in ``[0, size)``.

    >>> sums = exact_sums(np.array([0.1, 0.2, 0.3]), np.array([0, 0, 1]), 2)
    >>> to_float(sums).tolist()  # 0.1 + 0.2 rounded once, not twice
    [0.30000000000000004, 0.3]
    """
    result = np.zeros(size, dtype=object)
    result[:] = 0
    for start in range(0, len(values), _MAX_ROWS_PER_PASS):
        stop = start + _MAX_ROWS_PER_PASS
        _add_chunk(result, values[start:stop], groups[start:stop], size)
    return result


def _add_chunk(
    result: npt.NDArray[np.object_],
    values: npt.NDArray[np.float64],
    groups: npt.NDArray[np.integer[Any]],
    size: int,
) -> None:
    if not len(values):
        return
    if _whole_and_small(values):
        # Common case (unit or integer weights): float64 sums of integers are exact.
        totals = np.bincount(groups, weights=values, minlength=size)
        for group in np.flatnonzero(totals).tolist():
            result[group] += int(totals[group]) << SHIFT
        return
    # Read significand and exponent straight from the IEEE 754 bits (cheaper than
    # frexp): value = significand * 2**(exponent - 1075), subnormals included.
    bits = values.view(np.uint64) & np.uint64((1 << 63) - 1)  # -0.0 counts as 0.0
    exponent = (bits >> np.uint64(52)).astype(np.int64)
    significand = (bits & np.uint64((1 << 52) - 1)).astype(np.int64)
    if exponent.min() > 0:  # no zero or subnormal: every value has the implicit bit
        significand |= 1 << 52
    else:  # subnormals share the exponent of the smallest normal, without the bit
        normal = (exponent > 0).astype(np.int64)
        significand |= normal << 52
        exponent += 1 - normal
        del normal
    high = (significand >> _HALF).astype(np.float64)
    low = (significand & ((1 << _HALF) - 1)).astype(np.float64)
    del significand
    present = np.flatnonzero(np.bincount(exponent, minlength=2048))
    slot = np.zeros(2048, dtype=np.int64)
    slot[present] = np.arange(len(present))
    key = groups.astype(np.int64) * len(present)
    key += slot[exponent]
    high_sums = np.bincount(key, weights=high, minlength=size * len(present))
    low_sums = np.bincount(key, weights=low, minlength=size * len(present))
    exponents = present.tolist()
    for index in np.flatnonzero(high_sums + low_sums).tolist():
        group, which = divmod(index, len(present))
        total = (int(high_sums[index]) << _HALF) + int(low_sums[index])
        result[group] += total << (exponents[which] - 1075 + SHIFT)


def _whole_and_small(values: npt.NDArray[np.float64]) -> bool:
    head = values[:64]  # fractional weights usually show at once: skip the full scans
    if not np.array_equal(head, np.floor(head)):
        return False
    # Divide rather than multiply: max * len could overflow for huge weights.
    return bool(values.max() < 2.0**53 / len(values) and np.all(values == np.floor(values)))


def to_float(sums: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """The correctly rounded float64 of each exact sum (``inf`` beyond float64's range)."""
    return np.array(
        [_rounded(int(total)) for total in sums.ravel().tolist()], dtype=np.float64
    ).reshape(sums.shape)


def _rounded(total: int) -> float:
    try:
        return float(Fraction(total, 1 << SHIFT))
    except OverflowError:
        return math.inf
