"""Sorting large integer columns quickly: the stable order of keys by a packed plain sort."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["stable_order"]

Ints = npt.NDArray[np.int64]


def stable_order(keys: Ints) -> tuple[Ints, Ints]:
    """The stable sorting permutation of non-negative ``keys``, and the sorted keys.

    When each key and its row number fit together in 64 bits, sorting the packed
    words (key above, row below) gives the stable order at the cost of a plain
    sort, about half that of a stable argsort; otherwise the argsort it is.
    """
    row_bits = max(int(len(keys) - 1).bit_length(), 1)
    if int(keys.max()).bit_length() + row_bits <= 64 and keys.min() >= 0:
        packed = keys.astype(np.uint64) << np.uint64(row_bits)
        packed |= np.arange(len(keys), dtype=np.uint64)
        packed.sort()
        order = (packed & np.uint64((1 << row_bits) - 1)).astype(np.int64)
        packed >>= np.uint64(row_bits)
        return order, packed.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    return order, keys[order]
