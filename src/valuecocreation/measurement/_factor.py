"""One-factor standardized loadings, and the reliabilities built on them: rho_C, AVE, omega."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import equal_as_data, reading
from valuecocreation.errors import ValidationError
from valuecocreation.measurement._common import floats, strs
from valuecocreation.measurement._input import Missing, check_missing, read_items
from valuecocreation.measurement._moments import moments

__all__ = [
    "OneFactorSolution",
    "average_variance_extracted",
    "composite_reliability",
    "mcdonald_omega",
    "omega_of",
    "one_factor",
    "one_factor_loadings",
]

Floats = npt.NDArray[np.float64]
TOLERANCE: Final = 1e-10
MAX_ITERATIONS: Final = 10_000


@attrs.frozen(kw_only=True, eq=False)
class OneFactorSolution:
    """Standardized one-factor loadings of some items (see :func:`one_factor_loadings`)."""

    items: tuple[str, ...] = attrs.field(converter=strs)
    loadings: tuple[float, ...] = attrs.field(converter=floats)
    iterations: int
    converged: bool
    heywood: bool
    """Whether a communality reached 1 (its loading is capped at 1)."""
    n_respondents: int
    missing: Missing

    @property
    def communalities(self) -> tuple[float, ...]:
        """The squared loadings, the share of each item's variance the factor explains."""
        return tuple(value * value for value in self.loadings)

    @property
    def uniquenesses(self) -> tuple[float, ...]:
        """``1 - loading**2``: each item's unique (error) variance, standardized."""
        return tuple(1.0 - value * value for value in self.loadings)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (full-precision floats)."""
        return {
            "items": list(self.items),
            "loadings": list(self.loadings),
            "iterations": self.iterations,
            "converged": self.converged,
            "heywood": self.heywood,
            "n_respondents": self.n_respondents,
            "missing": self.missing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OneFactorSolution:
        """The inverse of :meth:`to_dict`."""
        with reading("one-factor solution"):
            return cls(**data)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def one_factor(corr: Floats) -> tuple[Floats, int, bool, bool]:
    """Loadings, iterations, convergence and Heywood flag of ``corr`` (see one_factor_loadings)."""
    communality = _start(corr)
    reduced = corr.copy()
    loadings = np.sqrt(communality)
    converged, heywood = False, False
    iteration = 0
    for iteration in range(1, MAX_ITERATIONS + 1):  # noqa: B007 - reported afterwards
        np.fill_diagonal(reduced, communality)
        values, vectors = np.linalg.eigh(reduced)
        loadings = math.sqrt(max(float(values[-1]), 0.0)) * vectors[:, -1]
        updated = loadings * loadings
        heywood = bool((updated >= 1.0).any())
        updated = np.minimum(updated, 1.0)
        change = float(np.max(np.abs(updated - communality)))
        communality = updated
        if change < TOLERANCE:
            converged = True
            break
    if loadings.sum() < 0.0:
        loadings = -loadings
    return np.clip(loadings, -1.0, 1.0), iteration, converged, heywood


def _start(corr: Floats) -> Floats:
    """Squared multiple correlations, or the largest absolute correlation if R is singular."""
    try:
        inverse = np.linalg.inv(corr)
        smc = 1.0 - 1.0 / np.diag(inverse)
        if np.isfinite(smc).all() and (smc >= 0.0).all() and (smc <= 1.0).all():
            return np.asarray(smc, dtype=np.float64)
    except np.linalg.LinAlgError:
        pass
    off = np.abs(corr - np.diag(np.diag(corr)))
    return np.asarray(off.max(axis=1), dtype=np.float64)


def one_factor_loadings(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
) -> OneFactorSolution:
    r"""Standardized loadings of a one-factor (minres) model of the items.

    The method is iterated principal-axis factoring of the items' correlation
    matrix :math:`R` (pairwise or listwise, as for
    :func:`~valuecocreation.measurement.cronbach_alpha`; Harman 1976, ch. 8):
    start from the squared multiple correlations as communalities :math:`h`, put
    them on the diagonal of :math:`R`, take the largest eigenvalue :math:`e` and
    its unit eigenvector :math:`v`, set :math:`\lambda = \sqrt e\, v` and
    :math:`h = \lambda^2`, and repeat until no communality changes by
    ``1e-10`` or more. The fixed point solves
    :math:`\sum_{j\ne i} r_{ij}\lambda_j = \lambda_i \sum_{j \ne i}\lambda_j^2`,
    the stationarity condition of unweighted least squares on the off-diagonal
    correlations: it is the *minres* solution (Harman & Jones 1966) that
    ``factor_analyzer`` and R's ``psych::fa`` compute by default, which the tests
    check. With three items the one-factor model is just identified and the
    solution exact, :math:`\lambda_1 = \sqrt{r_{12}r_{13}/r_{23}}`; with two it
    is not identified and the iteration settles on :math:`\lambda_1 = \lambda_2
    = \sqrt{r_{12}}`. Loadings are signed to sum to a positive number.

    A communality that reaches 1 is a Heywood case: the item would have no unique
    variance. It is capped at 1 during the iteration, the loading reported as 1
    (or -1) and ``heywood`` set; reliabilities built on such
    loadings treat the item as error-free, so read them with care.

    Parameters
    ----------
    data, items, missing
        As for :func:`~valuecocreation.measurement.cronbach_alpha`.

    Raises
    ------
    ValidationError
        As :func:`~valuecocreation.measurement.cronbach_alpha`.

    Examples
    --------
    With three items the solution is exact:

    >>> import numpy as np
    >>> from valuecocreation.measurement import one_factor_loadings
    >>> rng = np.random.default_rng(0)
    >>> factor = rng.normal(size=500)
    >>> answers = np.column_stack([w * factor + rng.normal(size=500) for w in (2, 1, 1)])
    >>> solution = one_factor_loadings(answers)
    >>> r = np.corrcoef(answers, rowvar=False)
    >>> bool(np.isclose(solution.loadings[0], np.sqrt(r[0, 1] * r[0, 2] / r[1, 2])))
    True
    >>> [round(x, 2) for x in solution.loadings], solution.heywood
    ([0.91, 0.7, 0.72], False)
    """
    policy = check_missing(missing)
    matrix = read_items(data, items)
    stats = moments(matrix, policy)
    loadings, iterations, converged, heywood = one_factor(stats.corr)
    return OneFactorSolution(
        items=matrix.items,
        loadings=loadings.tolist(),
        iterations=iterations,
        converged=converged,
        heywood=heywood,
        n_respondents=stats.n_respondents,
        missing=policy,
    )


def _loadings(loadings: OneFactorSolution | npt.ArrayLike) -> Floats:
    values = loadings.loadings if isinstance(loadings, OneFactorSolution) else loadings
    try:
        vector = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError("loadings must be numbers", column="loadings", value=values) from None
    if vector.ndim != 1 or vector.size == 0:
        raise ValidationError(
            "loadings must be a non-empty 1-D sequence", column="loadings", value=vector.shape
        )
    bad = np.flatnonzero(~np.isfinite(vector) | (np.abs(vector) > 1.0))
    if bad.size:
        raise ValidationError(
            f"loading {int(bad[0])} is {vector[bad[0]]!r}; standardized loadings are finite "
            "and between -1 and 1",
            column="loadings",
            value=float(vector[bad[0]]),
        )
    return vector


def composite_reliability(loadings: OneFactorSolution | npt.ArrayLike) -> float:
    r"""Composite reliability :math:`\rho_C` of standardized one-factor loadings.

    .. math:: \rho_C = \frac{(\sum_i \lambda_i)^2}{(\sum_i \lambda_i)^2 + \sum_i (1 - \lambda_i^2)}

    (Jöreskog 1971; Fornell & Larcker 1981, with standardized indicators
    so that each error variance is :math:`1 - \lambda_i^2`). For one-factor
    standardized loadings it is also McDonald's (1999) model-based omega.

    Parameters
    ----------
    loadings
        Standardized loadings in [-1, 1], or a :class:`OneFactorSolution`.

    Examples
    --------
    >>> from valuecocreation.measurement import composite_reliability
    >>> round(composite_reliability([0.7, 0.8, 0.9]), 4)  # 2.4**2 / (2.4**2 + 0.51 + 0.36 + 0.19)
    0.8446
    """
    vector = _loadings(loadings)
    common = float(vector.sum()) ** 2
    return common / (common + float((1.0 - vector * vector).sum()))


def average_variance_extracted(loadings: OneFactorSolution | npt.ArrayLike) -> float:
    r"""Average variance extracted (AVE): the mean squared standardized loading.

    .. math::

       \mathrm{AVE} = \frac{\sum_i \lambda_i^2}{\sum_i \lambda_i^2 + \sum_i (1 - \lambda_i^2)}
                    = \frac1k \sum_i \lambda_i^2

    (Fornell & Larcker 1981, with standardized indicators).

    Examples
    --------
    >>> from valuecocreation.measurement import average_variance_extracted
    >>> round(average_variance_extracted([0.7, 0.8, 0.9]), 4)  # (0.49 + 0.64 + 0.81) / 3
    0.6467
    """
    vector = _loadings(loadings)
    return float((vector * vector).mean())


def omega_of(loadings: Floats, corr: Floats) -> float:
    """Omega total from one-factor loadings and the observed correlation matrix."""
    return 1.0 - float((1.0 - loadings * loadings).sum()) / float(corr.sum())


def mcdonald_omega(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
) -> float:
    r"""McDonald's omega total of the items, from their one-factor standardized loadings.

    .. math:: \omega_t = 1 - \frac{\sum_i (1 - \lambda_i^2)}{\mathbf 1' R\, \mathbf 1}

    the share of the variance of the standardized total score that is not unique
    variance (McDonald 1999, ch. 6), with the *observed* variance of the total,
    the sum of the correlation matrix :math:`R`, in the denominator, as
    ``omega.tot`` of R's ``psych::omega`` computes it (Revelle & Zinbarg 2009).
    The loadings are those of :func:`one_factor_loadings`. When the one-factor
    model fits the correlations exactly, :math:`\omega_t` equals
    :func:`composite_reliability`, whose denominator is the model-implied
    variance; a gap between the two shows misfit.

    Parameters
    ----------
    data, items, missing
        As for :func:`~valuecocreation.measurement.cronbach_alpha`.

    Examples
    --------
    >>> from valuecocreation.measurement import mcdonald_omega
    >>> answers = [[4, 5, 4], [3, 3, 2], [5, 5, 5], [2, 3, 3], [4, 4, 5], [1, 2, 1]]
    >>> round(mcdonald_omega(answers), 4)
    0.9645
    """
    policy = check_missing(missing)
    matrix = read_items(data, items)
    stats = moments(matrix, policy)
    loadings, *_ = one_factor(stats.corr)
    return omega_of(loadings, stats.corr)
