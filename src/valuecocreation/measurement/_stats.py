"""Distribution functions from scipy, imported only when a p-value or interval is asked for.

Point estimates (alpha, rho_C, AVE, HTMT, KMO...) need numpy only; quantiles and
tail probabilities of the F and chi-squared distributions come from
``scipy.stats`` (the ``stats`` extra).
"""

from __future__ import annotations

__all__ = ["chi2_sf", "f_quantile"]


def f_quantile(probability: float, df1: float, df2: float, *, feature: str) -> float:
    """The ``probability`` quantile of the F distribution with (``df1``, ``df2``) df."""
    from valuecocreation._core.optional import require  # noqa: PLC0415 - scipy stays optional

    stats = require("scipy.stats", extra="stats", feature=feature)
    return float(stats.f.ppf(probability, df1, df2))


def chi2_sf(statistic: float, df: float, *, feature: str) -> float:
    """``P(X >= statistic)`` for X chi-squared with ``df`` degrees of freedom."""
    from valuecocreation._core.optional import require  # noqa: PLC0415 - scipy stays optional

    stats = require("scipy.stats", extra="stats", feature=feature)
    return float(stats.chi2.sf(statistic, df))
