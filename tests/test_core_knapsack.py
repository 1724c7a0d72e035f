import itertools
import math

import numpy as np
import pytest

from valuecocreation._core.knapsack import fractional_knapsack


@pytest.mark.parametrize("case", range(20))
def test_the_fractional_knapsack_bounds_every_affordable_subset(case):
    rng = np.random.default_rng(case)
    n = int(rng.integers(1, 8))
    values = rng.random(n).tolist()
    weights = rng.integers(0, 5, n).astype(float).tolist()
    capacity = float(rng.integers(0, 10))
    bound = fractional_knapsack(values, weights, capacity)
    best = max(
        math.fsum(values[j] for j in subset)
        for k in range(n + 1)
        for subset in itertools.combinations(range(n), k)
        if sum(weights[j] for j in subset) <= capacity
    )
    assert bound >= best - 1e-12
    assert bound <= math.fsum(values) + 1e-12
