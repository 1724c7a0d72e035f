"""Cronbach's alpha with the Feldt interval, and the item analysis that goes with it."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import equal_as_data, reading
from valuecocreation.errors import ValidationError
from valuecocreation.measurement._common import floats, from_json, strs, to_json
from valuecocreation.measurement._input import Missing, check_missing, read_items
from valuecocreation.measurement._moments import moments
from valuecocreation.measurement._stats import f_quantile

__all__ = ["CronbachAlpha", "ItemAnalysis", "alpha_of", "cronbach_alpha", "item_analysis"]

Floats = npt.NDArray[np.float64]


def alpha_of(matrix: Floats, construct: str | None = None) -> float:
    """Coefficient alpha of a covariance (or, standardized, correlation) matrix.

    ``k / (k - 1) * (1 - trace / sum)`` (Cronbach 1951). Raises a ValidationError
    naming ``construct`` when the total score would have no variance.
    """
    k = matrix.shape[0]
    total = float(matrix.sum())
    if not total > 0.0:
        raise ValidationError(
            f"the sum of the items has no variance (its estimate is {total:g}); alpha is "
            "undefined (are items coded in opposite directions?)",
            column=construct,
            value=total,
        )
    return float(k / (k - 1) * (1.0 - float(np.trace(matrix)) / total))


def _check_confidence(confidence: object) -> float | None:
    if confidence is None:
        return None
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not (0.0 < confidence < 1.0)
    ):
        raise ValidationError(
            "ci must be a confidence level between 0 and 1, or None", column="ci", value=confidence
        )
    return float(confidence)


def _interval(value: Any) -> tuple[float, float] | None:  # noqa: ANN401 - JSON or a tuple
    if value is None:
        return None
    low, high = value
    return (from_json(low), from_json(high))


@attrs.frozen(kw_only=True, eq=False)
class CronbachAlpha:
    """Cronbach's alpha of a set of items, raw and standardized, with its interval.

    ``ci`` is the Feldt interval at level ``confidence`` around the raw alpha, or
    around the standardized one when ``standardized`` is true; ``None`` when no
    interval was asked for. ``n_respondents`` is the number of rows the estimate
    rests on (see :func:`cronbach_alpha`). ``float(result)`` is :attr:`value`.
    """

    alpha: float = attrs.field(converter=float)
    standardized_alpha: float = attrs.field(converter=float)
    ci: tuple[float, float] | None = attrs.field(default=None, converter=_interval)
    confidence: float | None = None
    standardized: bool = False
    n_respondents: int
    n_items: int
    items: tuple[str, ...] = attrs.field(converter=strs)
    missing: Missing

    @property
    def value(self) -> float:
        """The estimate that the interval is for, the standardized or the raw alpha."""
        return self.standardized_alpha if self.standardized else self.alpha

    def __float__(self) -> float:
        return self.value

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (full-precision floats)."""
        return {
            "alpha": self.alpha,
            "standardized_alpha": self.standardized_alpha,
            "ci": None if self.ci is None else [to_json(v) for v in self.ci],
            "confidence": self.confidence,
            "standardized": self.standardized,
            "n_respondents": self.n_respondents,
            "n_items": self.n_items,
            "items": list(self.items),
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CronbachAlpha:
        """The inverse of :meth:`to_dict`."""
        with reading("alpha"):
            return cls(**data)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def cronbach_alpha(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    ci: float | None = 0.95,
    missing: Missing = "pairwise",
    standardized: bool = False,
) -> CronbachAlpha:
    r"""Cronbach's alpha, raw and standardized, with the Feldt confidence interval.

    Raw alpha (Cronbach 1951) from the item covariance matrix :math:`C` of
    :math:`k` items:

    .. math::

       \alpha = \frac{k}{k-1}
                \Bigl(1 - \frac{\operatorname{tr} C}{\mathbf 1' C \mathbf 1}\Bigr)

    Standardized alpha is the same formula on the correlation matrix, which equals
    :math:`k\bar r / (1 + (k-1)\bar r)` with :math:`\bar r` the mean inter-item
    correlation (the Spearman-Brown form).

    The interval is Feldt's (Feldt 1965; Feldt, Woodruff & Salih 1987):
    :math:`(1-\hat\alpha)/(1-\alpha)` follows an F distribution with
    :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom, so
    :math:`[1-(1-\hat\alpha)F_{1-\gamma/2},\ 1-(1-\hat\alpha)F_{\gamma/2}]` for
    :math:`\gamma = 1 - \text{ci}`. It needs scipy (the ``stats`` extra); pass
    ``ci=None`` to get the estimates with numpy only.

    Missing answers: ``"listwise"`` keeps the respondents who answered every item
    and ``n`` is the number of them. ``"pairwise"`` estimates every covariance
    from the respondents who answered both items (as pingouin's
    ``cronbach_alpha`` and R's ``psych::alpha(use = "pairwise")`` do) and ``n``
    is the number of respondents who answered at least one item. pingouin uses
    every row for ``n``; the two agree unless a row has no answer at all.

    Parameters
    ----------
    data
        Responses: rows are respondents, columns items; nan or null is a missing
        answer. A 2-D array-like or a pandas, polars or pyarrow table.
    items
        For a table, the columns to use (default all); for an array, names for
        its columns (default ``item_0``, ``item_1``...).
    ci
        Confidence level of the interval, or ``None`` for no interval.
    missing
        ``"pairwise"`` (default) or ``"listwise"``.
    standardized
        Whether the interval (and :attr:`CronbachAlpha.value`) is for the
        standardized alpha instead of the raw one.

    Raises
    ------
    ValidationError
        For responses that are not a 2-D numeric table of finite numbers, fewer
        than 2 items or 2 respondents, an item that does not vary, or a total
        score without variance.
    MissingDependencyError
        For an interval without scipy installed.

    Examples
    --------
    >>> from valuecocreation.measurement import cronbach_alpha
    >>> answers = [[4, 5, 4], [3, 3, 2], [5, 5, 5], [2, 3, 3], [4, 4, 5]]
    >>> result = cronbach_alpha(answers, ci=None)
    >>> round(result.alpha, 4), round(result.standardized_alpha, 4), result.n_respondents
    (0.9175, 0.9257, 5)
    >>> result = cronbach_alpha(answers)  # with the Feldt interval (needs scipy)
    >>> [round(bound, 3) for bound in result.ci]
    [0.583, 0.991]
    """
    policy = check_missing(missing)
    confidence = _check_confidence(ci)
    matrix = read_items(data, items)
    stats = moments(matrix, policy)
    raw = alpha_of(stats.cov)
    standard = alpha_of(stats.corr)
    interval = None
    if confidence is not None:
        interval = feldt_interval(
            standard if standardized else raw, stats.n_respondents, len(matrix.items), confidence
        )
    return CronbachAlpha(
        alpha=raw,
        standardized_alpha=standard,
        ci=interval,
        confidence=confidence,
        standardized=bool(standardized),
        n_respondents=stats.n_respondents,
        n_items=len(matrix.items),
        items=matrix.items,
        missing=policy,
    )


def feldt_interval(alpha: float, n: int, k: int, confidence: float) -> tuple[float, float]:
    """Feldt's interval for alpha from ``n`` respondents and ``k`` items.

    Examples
    --------
    >>> [round(bound, 3) for bound in feldt_interval(0.8, 100, 5, 0.95)]
    [0.731, 0.856]
    """
    df1 = n - 1.0
    df2 = df1 * (k - 1.0)
    tail = (1.0 - confidence) / 2.0
    feature = "the Feldt interval of alpha"
    low = 1.0 - (1.0 - alpha) * f_quantile(1.0 - tail, df1, df2, feature=feature)
    high = 1.0 - (1.0 - alpha) * f_quantile(tail, df1, df2, feature=feature)
    return (low, high)


@attrs.frozen(kw_only=True, eq=False)
class ItemAnalysis:
    """Per item: corrected item-total correlation and alpha if the item is deleted.

    The tuples follow ``items``. With two items, alpha if deleted is nan: one
    item left has no alpha.
    """

    items: tuple[str, ...] = attrs.field(converter=strs)
    item_total: tuple[float, ...] = attrs.field(converter=floats)
    """Correlation of each item with the sum of the other items."""
    alpha_if_deleted: tuple[float, ...] = attrs.field(converter=floats)
    """Raw alpha of the other items."""
    standardized_alpha_if_deleted: tuple[float, ...] = attrs.field(converter=floats)
    """Standardized alpha of the other items."""
    alpha: float = attrs.field(converter=float)
    """Raw alpha of all items, for comparison."""
    n_respondents: int
    missing: Missing

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (nan becomes ``None``)."""
        return {
            "items": list(self.items),
            "item_total": [to_json(v) for v in self.item_total],
            "alpha_if_deleted": [to_json(v) for v in self.alpha_if_deleted],
            "standardized_alpha_if_deleted": [
                to_json(v) for v in self.standardized_alpha_if_deleted
            ],
            "alpha": self.alpha,
            "n_respondents": self.n_respondents,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ItemAnalysis:
        """The inverse of :meth:`to_dict`."""
        with reading("item analysis"):
            return cls(**data)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def item_analysis(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
) -> ItemAnalysis:
    r"""Corrected item-total correlations and alpha if item deleted.

    Both come from the item covariance matrix :math:`C` (pairwise or listwise, as
    in :func:`cronbach_alpha`), with :math:`s_i = \sum_j C_{ij}` and
    :math:`S = \mathbf 1'C\mathbf 1`. The corrected item-total correlation of
    item :math:`i` is its correlation with the sum of the other items (Nunnally &
    Bernstein 1994, ch. 8; ``r.drop`` of R's ``psych::alpha``):

    .. math:: r_{i(-i)} = \frac{s_i - C_{ii}}{\sqrt{C_{ii}\,(S - 2 s_i + C_{ii})}}

    and alpha if deleted is :func:`cronbach_alpha`'s formula on :math:`C` without
    row and column :math:`i`; the standardized version does the same on the
    correlation matrix. Without missing answers, ``item_total`` equals the
    Pearson correlation of the item with the sum of the others.

    Parameters
    ----------
    data, items, missing
        As for :func:`cronbach_alpha`.

    Raises
    ------
    ValidationError
        As :func:`cronbach_alpha`.

    Examples
    --------
    >>> from valuecocreation.measurement import item_analysis
    >>> answers = [[4, 5, 4, 1], [3, 3, 2, 4], [5, 5, 5, 2], [2, 3, 3, 5], [4, 4, 5, 3]]
    >>> result = item_analysis(answers, items=["q1", "q2", "q3", "q4"])
    >>> [round(r, 3) for r in result.item_total]  # q4 runs against the others
    [0.437, 0.33, 0.772, -0.838]
    >>> [round(a, 3) for a in result.alpha_if_deleted]
    [-3.088, -2.087, -7.5, 0.917]
    """
    policy = check_missing(missing)
    matrix = read_items(data, items)
    stats = moments(matrix, policy)
    cov, corr = stats.cov, stats.corr
    k = cov.shape[0]
    row = cov.sum(axis=1)
    diagonal = np.diag(cov)
    rest_variance = cov.sum() - 2.0 * row + diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        item_total = (row - diagonal) / np.sqrt(diagonal * rest_variance)
    return ItemAnalysis(
        items=matrix.items,
        item_total=item_total.tolist(),
        alpha_if_deleted=_alpha_without_each(cov),
        standardized_alpha_if_deleted=_alpha_without_each(corr),
        alpha=alpha_of(cov) if k > 1 else math.nan,
        n_respondents=stats.n_respondents,
        missing=policy,
    )


def _alpha_without_each(matrix: Floats) -> list[float]:
    k = matrix.shape[0]
    if k < 3:
        return [math.nan] * k
    row = matrix.sum(axis=1)
    diagonal = np.diag(matrix)
    total = matrix.sum() - 2.0 * row + diagonal
    trace = np.trace(matrix) - diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (k - 1.0) / (k - 2.0) * (1.0 - trace / total)
    return [float(v) for v in np.where(total > 0.0, values, math.nan)]
