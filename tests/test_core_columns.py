from __future__ import annotations

import numpy as np
import pytest

from valuecocreation._core.columns import coerce_kinds, coerce_weights
from valuecocreation.model import InteractionKind

KINDS = tuple(kind.value for kind in InteractionKind)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([1.0, 0.0, -0.0, 2.5], []),
        ([], []),
        ([1.0, float("nan")], [("weight is missing or NaN", [1])]),
        ([float("inf"), 1.0], [("weight is infinite", [0])]),
        ([1.0, -1e-300], [("weight is negative; weights must be >= 0", [1])]),
    ],
)
def test_weight_problems_are_found_by_row(weights, expected):
    _, problems = coerce_weights(np.array(weights, dtype=np.float64), len(weights))
    assert [(p.reason, p.rows.tolist()) for p in problems] == expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["like", "view", "like"], []),
        (["like", None], [("kind is missing", [1])]),
        (["like", ""], [("kind is missing", [1])]),
        (["poke", "like"], [("unknown interaction kind 'poke'", [0])]),
    ],
)
def test_kind_problems_are_found_by_row(kinds, expected):
    codes, problems = coerce_kinds(np.array(kinds, dtype=object), KINDS)
    assert codes.dtype == np.uint8
    assert [(p.reason.split(";")[0], p.rows.tolist()) for p in problems] == expected
    if not expected:
        assert codes.tolist() == [list(InteractionKind).index(InteractionKind(k)) for k in kinds]
