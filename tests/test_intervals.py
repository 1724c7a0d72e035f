"""The intervals of the scorers against reference implementations (values pasted)."""

from __future__ import annotations

import pytest

from valuecocreation._core.gamma import gamma_cdf, gamma_quantile
from valuecocreation.errors import ValidationError
from valuecocreation.scoring import poisson_interval, t_interval


# statsmodels 0.15.0: statsmodels.stats.rates.confint_poisson(k, 1, method="exact-c")
@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, (0.025317807984289876, 5.571643390938898)),
        (3, (0.6186721228956014, 8.767273069742325)),
        (10, (4.7953886961324335, 18.390356042017775)),
        (50, (37.110963737461866, 65.91876666433681)),
    ],
)
def test_unit_weights_give_garwood(count, expected):
    assert poisson_interval(float(count), float(count), count) == pytest.approx(expected, rel=1e-10)


# scipy 1.17.1: scipy.stats.gamma.ppf(p, shape) and scipy.special.gammainc(shape, x)
@pytest.mark.parametrize(
    ("shape", "p", "expected"),
    [
        (0.5, 0.025, 0.0004910345585876278),
        (1.7, 0.5, 1.380762075939121),
        (10.0, 0.975, 17.084803451419166),
        (200.0, 0.001, 159.12980117448907),
    ],
)
def test_gamma_quantile_matches_scipy(shape, p, expected):
    assert gamma_quantile(p, shape) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize(
    ("shape", "x", "expected"),
    [
        (0.5, 0.1, 0.34527915398142317),
        (3.0, 2.5, 0.45618688411667035),
        (10.0, 15.0, 0.9301463393005901),
        (100.0, 90.0, 0.15822098918643007),
    ],
)
def test_gamma_cdf_matches_scipy(shape, x, expected):
    assert gamma_cdf(x, shape) == pytest.approx(expected, rel=1e-12)


def test_weighted_sums_scale_like_their_weights():
    # Doubling every weight doubles the interval (the gamma interval is scale-equivariant).
    low, high = poisson_interval(7.0, 11.0, 5)
    assert poisson_interval(14.0, 44.0, 5) == pytest.approx((2 * low, 2 * high))
    assert low < 7.0 < high
    assert poisson_interval(0.0, 0.0, 0) == pytest.approx((0.0, 3.6888794541139363))


def test_bad_intervals():
    with pytest.raises(ValidationError, match="at least 2 values"):
        t_interval(1.0, 0.1, 1)
    with pytest.raises(ValidationError, match="finite sums"):
        poisson_interval(-1.0, 1.0, 1)
    with pytest.raises(ValidationError, match="at least one event"):
        poisson_interval(2.0, 4.0, 0)
