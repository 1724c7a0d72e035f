"""The fractional knapsack: the upper bound the exact planners prune with."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["fractional_knapsack"]


def fractional_knapsack(
    values: Sequence[float], weights: Sequence[float], capacity: float
) -> float:
    """The best total value of items taken whole or in part within ``capacity``.

    It bounds from above what any subset of the items can be worth within the
    capacity (Dantzig 1957): items are taken by value per weight, the last one in
    part. Weightless items are taken whole; an infinite capacity takes everything.

    >>> fractional_knapsack([6.0, 10.0, 12.0], [1.0, 2.0, 3.0], 5.0)
    24.0
    >>> fractional_knapsack([1.0], [2.0], -1.0)
    0.0
    """
    if math.isinf(capacity):
        return math.fsum(values)
    if capacity < 0:
        return 0.0
    order = sorted(
        range(len(values)),
        key=lambda j: -math.inf if weights[j] <= 0 else -values[j] / weights[j],
    )
    total, left = 0.0, capacity
    for j in order:
        if weights[j] <= left:
            total += float(values[j])
            left -= weights[j]
        else:
            if left > 0:
                total += float(values[j]) * left / weights[j]
            break
    return total
