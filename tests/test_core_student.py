"""The in-house Student t distribution, against scipy.stats.t and closed forms."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuecocreation._core.student import t_quantile, t_sf

scipy_stats = pytest.importorskip("scipy.stats")

DFS = [
    0.3,
    0.5,
    1.0,
    1.5,
    2.0,
    2.7,
    3.0,
    5.0,
    7.3,
    10.0,
    29.9,
    40.1,
    100.0,
    1000.0,
    9999.0,
    10001.0,
    5e4,
    1e5,
    1e7,
    1e12,
]


@pytest.mark.parametrize("df", DFS)
def test_quantiles_match_scipy(df):
    for probability in (0.6, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.999999):
        expected = scipy_stats.t.ppf(probability, df)
        assert t_quantile(probability, df) == pytest.approx(expected, rel=1e-10)
        assert t_quantile(1 - probability, df) == pytest.approx(-expected, rel=1e-9)


@pytest.mark.parametrize("df", DFS)
def test_tails_match_scipy(df):
    for t in (-30.0, -3.0, -1.0, -1e-5, 1e-5, 0.1, 1.0, 2.0, 5.0, 8.0, 12.0, 50.0):
        expected = scipy_stats.t.sf(t, df)
        assert t_sf(t, df) == pytest.approx(expected, rel=1e-9, abs=1e-300)


@given(st.floats(0.2, 1e9), st.floats(-60, 60))
def test_tails_match_scipy_anywhere(df, t):
    expected = scipy_stats.t.sf(t, df)
    if expected > 1e-300:
        assert t_sf(t, df) == pytest.approx(expected, rel=1e-9)


def test_closed_forms():
    # df = 1 is the Cauchy distribution; df = 2 has t = (2p - 1) / sqrt(2 p (1 - p)).
    for p in (0.5001, 0.75, 0.9, 0.975, 0.999):
        assert t_quantile(p, 1.0) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-12)
        assert t_quantile(p, 2.0) == pytest.approx(
            (2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-12
        )
    # df = 4: P(T <= t) = 1/2 + (3/4) x (1 - x**2 / 3) with x = t / sqrt(4 + t**2).
    # (scipy 1.17's ppf is off by 2e-9 here, near the median.)
    for p in (0.5001, 0.6, 0.9):
        t = t_quantile(p, 4.0)
        x = t / math.sqrt(4 + t * t)
        assert 0.5 + 0.75 * x * (1 - x * x / 3) == pytest.approx(p, rel=1e-14)


def test_edges():
    assert t_sf(0.0, 3.0) == 0.5
    assert t_sf(math.inf, 3.0) == 0.0
    assert t_sf(-math.inf, 3.0) == 1.0
    assert math.isnan(t_sf(math.nan, 3.0))
    assert math.isnan(t_sf(1.0, 0.0))
    assert t_quantile(0.5, 2.0) == 0.0
    for bad in ((0.0, 3.0), (1.0, 3.0), (0.9, -1.0), (math.nan, 3.0)):
        assert math.isnan(t_quantile(*bad))


@given(st.floats(0.2, 1e9), st.floats(1e-12, 1 - 1e-12))
def test_quantile_inverts_the_tail(df, probability):
    t = t_quantile(probability, df)
    assert 1.0 - t_sf(t, df) == pytest.approx(probability, rel=1e-9, abs=1e-15)


def test_far_tails_do_not_overflow():
    assert t_sf(1e200, 3.0) == 0.0
    assert t_sf(-1e200, 3.0) == 1.0
    assert t_sf(1e-300, 1.0) == pytest.approx(0.5)
