"""Bass: closed forms against known values, the fit against a series with known parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from valuecocreation.errors import ValidationError
from valuecocreation.simulate import BassFit, bass_adoption, bass_cumulative, fit_bass


def test_adoption_is_the_derivative_and_peaks_where_bass_says():
    p, q, m = 0.03, 0.38, 1000.0
    t = np.linspace(0.0, 30.0, 3001)
    numeric = np.gradient(m * bass_cumulative(p, q, t), t)
    assert np.allclose(bass_adoption(p, q, m, t)[1:-1], numeric[1:-1], rtol=1e-3, atol=1e-3)
    peak = t[np.argmax(bass_adoption(p, q, m, t))]
    assert peak == pytest.approx(math.log(q / p) / (p + q), abs=0.01)
    # no imitation: F is the exponential distribution with rate p
    assert float(bass_cumulative(0.2, 0.0, 3.0)) == pytest.approx(1 - math.exp(-0.6))


def _series(p=0.02, q=0.4, m=10_000.0, *, periods=24, noise=0.0, seed=0):
    t = np.arange(1.0, periods + 1.0)
    x = np.diff(np.concatenate([[0.0], m * bass_cumulative(p, q, t)]))
    if noise:
        x = x + np.random.default_rng(seed).normal(0.0, noise, size=x.size)
    return t, np.maximum(x, 0.0)


def test_fit_recovers_known_parameters():
    t, x = _series()
    fit = fit_bass(t, x, bootstrap=0)
    assert (fit.p, fit.q, fit.m) == pytest.approx((0.02, 0.4, 10_000.0), rel=1e-5)
    assert fit.findings == ()
    assert math.isnan(fit.p_interval[0])


def test_fit_with_noise_covers_the_truth_and_round_trips():
    t, x = _series(noise=15.0, seed=4)
    fit = fit_bass(t, x, bootstrap=100, seed=1)
    for name, truth in (("p", 0.02), ("q", 0.4), ("m", 10_000.0)):
        estimate, error = getattr(fit, name), getattr(fit, f"{name}_se")
        assert abs(estimate - truth) < 3 * error
        low, high = getattr(fit, f"{name}_interval")
        assert low < estimate < high
    assert fit == fit_bass(t, x, bootstrap=100, seed=1)
    assert BassFit.from_json(fit.to_json()) == fit
    cumulative = fit_bass(t, np.cumsum(x), cumulative=True, bootstrap=0)
    assert cumulative.m == pytest.approx(fit.m)


def test_a_series_before_its_peak_says_so():
    t, x = _series(p=0.005, q=0.5, periods=8)
    fit = fit_bass(t, x, bootstrap=0)
    assert "before_peak" in [finding.code for finding in fit.findings]


@pytest.mark.parametrize(
    ("t", "x", "kwargs"),
    [
        ([1, 2, 3], [1, 2, 3], {}),  # too short for three parameters
        ([1, 2, 2, 3], [1, 2, 3, 4], {}),
        ([1, 2, 3, 4], [1, -2, 3, 4], {}),
        ([1, 2, 3, 4], [1, 2, 3], {}),
        ([1, 2, 3, 4], [5, 4, 6, 7], {"cumulative": True}),
        ([1, 2, 3, 4], [0, 0, 0, 0], {}),
        ([1, 2, 3, 4], [1, 2, 3, 4], {"bootstrap": -1}),
    ],
)
def test_bad_series_are_refused(t, x, kwargs):
    with pytest.raises(ValidationError):
        fit_bass(t, x, **kwargs)


def test_bad_parameters_are_refused():
    with pytest.raises(ValidationError):
        bass_cumulative(0.0, 0.3, 1.0)
    with pytest.raises(ValidationError):
        bass_adoption(0.1, 0.3, -5, 1.0)
