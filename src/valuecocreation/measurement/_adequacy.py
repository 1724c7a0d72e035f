"""Is a correlation matrix worth factoring? Kaiser's KMO and Bartlett's test of sphericity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import equal_as_data, reading
from valuecocreation.errors import ValidationError
from valuecocreation.measurement._common import floats, strs
from valuecocreation.measurement._input import Missing, check_missing, read_items
from valuecocreation.measurement._moments import Moments, moments
from valuecocreation.measurement._stats import chi2_sf

__all__ = ["BartlettSphericity", "SamplingAdequacy", "bartlett_sphericity", "kmo"]

Floats = npt.NDArray[np.float64]


def _positive_definite(stats: Moments) -> None:
    try:
        np.linalg.cholesky(stats.corr)
    except np.linalg.LinAlgError:
        hint = (
            " (pairwise correlations need not be consistent with each other; try "
            "missing='listwise')"
            if stats.missing == "pairwise"
            else ""
        )
        raise ValidationError(
            "the correlation matrix is singular or not positive definite: some item is "
            f"(close to) a linear combination of others{hint}",
            column="items",
            value=list(stats.items),
        ) from None


@attrs.frozen(kw_only=True, eq=False)
class SamplingAdequacy:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, overall and per item."""

    overall: float = attrs.field(converter=float)
    items: tuple[str, ...] = attrs.field(converter=strs)
    per_item: tuple[float, ...] = attrs.field(converter=floats)
    """The measure of sampling adequacy (MSA) of each item, in the order of ``items``."""
    n_respondents: int
    missing: Missing

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (full-precision floats)."""
        return {
            "overall": self.overall,
            "items": list(self.items),
            "per_item": list(self.per_item),
            "n_respondents": self.n_respondents,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SamplingAdequacy:
        """The inverse of :meth:`to_dict`."""
        with reading("KMO"):
            return cls(**data)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def kmo(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
) -> SamplingAdequacy:
    r"""Kaiser-Meyer-Olkin measure of sampling adequacy (Kaiser 1970; Kaiser 1974).

    With :math:`r_{ij}` the correlations and :math:`p_{ij}` the partial
    correlations given all other items
    (:math:`p_{ij} = -q_{ij}/\sqrt{q_{ii}q_{jj}}`, :math:`Q = R^{-1}`), over pairs
    :math:`i \ne j`:

    .. math:: \mathrm{KMO} = \frac{\sum\sum r_{ij}^2}{\sum\sum r_{ij}^2 + \sum\sum p_{ij}^2},
              \qquad
              \mathrm{MSA}_i = \frac{\sum_{j} r_{ij}^2}{\sum_{j} r_{ij}^2 + \sum_{j} p_{ij}^2}

    Kaiser (1974) reads .90s as marvelous, .80s meritorious, .70s middling,
    .60s mediocre, .50s miserable and below .50 unacceptable for factoring.

    Parameters
    ----------
    data, items, missing
        As for :func:`~valuecocreation.measurement.cronbach_alpha`.

    Raises
    ------
    ValidationError
        As :func:`~valuecocreation.measurement.cronbach_alpha`, and when the
        correlation matrix cannot be inverted.

    Examples
    --------
    >>> import numpy as np
    >>> from valuecocreation.measurement import kmo
    >>> rng = np.random.default_rng(0)
    >>> factor = rng.normal(size=300)
    >>> answers = np.column_stack([factor + rng.normal(size=300) for _ in range(4)])
    >>> result = kmo(answers)
    >>> round(result.overall, 3), [round(v, 3) for v in result.per_item]
    (0.813, [0.801, 0.805, 0.814, 0.832])
    """
    policy = check_missing(missing)
    stats = moments(read_items(data, items), policy)
    _positive_definite(stats)
    corr = stats.corr
    inverse = np.linalg.inv(corr)
    scale = np.sqrt(np.diag(inverse))
    partial = -inverse / np.outer(scale, scale)
    r2 = corr * corr
    p2 = partial * partial
    np.fill_diagonal(r2, 0.0)
    np.fill_diagonal(p2, 0.0)
    per_item = r2.sum(axis=0) / (r2.sum(axis=0) + p2.sum(axis=0))
    overall = float(r2.sum() / (r2.sum() + p2.sum()))
    return SamplingAdequacy(
        overall=overall,
        items=stats.items,
        per_item=per_item.tolist(),
        n_respondents=stats.n_respondents,
        missing=policy,
    )


@attrs.frozen(kw_only=True, eq=False)
class BartlettSphericity:
    """Bartlett's test that the item correlation matrix is the identity."""

    chi2: float = attrs.field(converter=float)
    df: int
    p_value: float = attrs.field(converter=float)
    n: int
    """The sample size the statistic uses (see :func:`bartlett_sphericity`)."""
    n_items: int
    missing: Missing

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (full-precision floats)."""
        return {
            "chi2": self.chi2,
            "df": self.df,
            "p_value": self.p_value,
            "n": self.n,
            "n_items": self.n_items,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BartlettSphericity:
        """The inverse of :meth:`to_dict`."""
        with reading("Bartlett test"):
            return cls(**data)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def bartlett_sphericity(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
) -> BartlettSphericity:
    r"""Bartlett's (1950, 1954) test of sphericity: whether the items are correlated at all.

    .. math:: \chi^2 = -\Bigl(n - 1 - \frac{2p + 5}{6}\Bigr)\ln\lvert R\rvert,
              \qquad df = \frac{p(p-1)}{2}

    for :math:`p` items and :math:`n` respondents, with the p-value from the
    chi-squared distribution (needs scipy, the ``stats`` extra). A small p-value
    rejects the identity matrix, a precondition for factoring the items. With
    listwise deletion :math:`n` is the number of complete rows; with pairwise
    deletion it is the *smallest* number of respondents any pair of items has in
    common, so that the test does not claim more evidence than the thinnest
    correlation rests on.

    Parameters
    ----------
    data, items, missing
        As for :func:`~valuecocreation.measurement.cronbach_alpha`.

    Raises
    ------
    ValidationError
        As :func:`kmo`.
    MissingDependencyError
        Without scipy installed.

    Examples
    --------
    >>> import numpy as np
    >>> from valuecocreation.measurement import bartlett_sphericity
    >>> rng = np.random.default_rng(0)
    >>> factor = rng.normal(size=300)
    >>> answers = np.column_stack([factor + rng.normal(size=300) for _ in range(4)])
    >>> result = bartlett_sphericity(answers)
    >>> round(result.chi2, 1), result.df, result.p_value < 1e-10
    (417.2, 6, True)
    """
    policy = check_missing(missing)
    stats = moments(read_items(data, items), policy)
    _positive_definite(stats)
    p = len(stats.items)
    n = int(stats.pair_n.min()) if policy == "pairwise" else stats.n_respondents
    _, log_det = np.linalg.slogdet(stats.corr)
    statistic = -(n - 1.0 - (2.0 * p + 5.0) / 6.0) * float(log_det)
    df = p * (p - 1) // 2
    p_value = chi2_sf(statistic, df, feature="the p-value of Bartlett's test")
    return BartlettSphericity(
        chi2=statistic, df=df, p_value=p_value, n=n, n_items=p, missing=policy
    )
