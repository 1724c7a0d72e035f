"""Dijkstra and Henseler's rho_A, for a given weight vector or two documented defaults."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ValidationError
from valuecocreation.measurement._common import weights_vector
from valuecocreation.measurement._input import Missing, check_missing, read_items
from valuecocreation.measurement._moments import moments

__all__ = ["RhoAWeights", "rho_a", "rho_a_of"]

Floats = npt.NDArray[np.float64]
RhoAWeights = Literal["principal", "equal"]
"""The built-in weights of :func:`rho_a`."""


def principal_weights(corr: Floats) -> Floats:
    """The dominant eigenvector of ``corr``, signed to sum to a positive number."""
    _, vectors = np.linalg.eigh(corr)
    vector = vectors[:, -1]
    return np.asarray(-vector if vector.sum() < 0.0 else vector, dtype=np.float64)


def rho_a_of(corr: Floats, weights: Floats) -> float:
    """rho_A of the correlation matrix ``corr`` with outer ``weights`` (any scale)."""
    # Scale the weights so that the composite has unit variance, as the formula needs.
    variance = float(weights @ corr @ weights)
    if not variance > 0.0:
        raise ValidationError(
            "the weighted composite has no variance; rho_A is undefined",
            column="weights",
            value=weights.tolist(),
        )
    w = weights / np.sqrt(variance)
    outer = np.outer(w, w)
    off_corr = corr - np.diag(np.diag(corr))
    off_outer = outer - np.diag(np.diag(outer))
    denominator = float(w @ off_outer @ w)
    if denominator == 0.0:
        raise ValidationError(
            "rho_A needs at least two items with non-zero weights",
            column="weights",
            value=weights.tolist(),
        )
    return float((w @ w) ** 2 * (w @ off_corr @ w) / denominator)


def rho_a(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
    weights: RhoAWeights | npt.ArrayLike = "principal",
) -> float:
    r"""Dijkstra and Henseler's reliability coefficient :math:`\rho_A`.

    With :math:`S` the items' correlation matrix (indicators standardized) and
    :math:`w` the outer weights scaled so that the composite :math:`w'x` has unit
    variance (:math:`w'Sw = 1`), Dijkstra & Henseler (2015) define

    .. math::

       \rho_A = (w'w)^2\,
                \frac{w'(S - \operatorname{diag} S)\,w}{w'(ww' - \operatorname{diag}(ww'))\,w}

    the squared correlation between the construct and its weighted composite when
    the weights are proportional to the loadings. Which weights:

    ``"principal"`` (default)
        The first principal component of :math:`S`: the fixed point of the PLS
        Mode A weight update :math:`w \propto S w` when a construct's inner proxy
        is its own composite (Wold's NIPALS iteration for a single block). It
        needs no structural model, unlike the weights of a full PLS path model.
    ``"equal"``
        Unit weights. Then :math:`\rho_A` equals the standardized Cronbach's alpha
        (substitute :math:`w \propto \mathbf 1` above).
    a sequence of numbers
        Your own outer weights, one per item, at any scale, for example the Mode
        A weights a PLS-SEM program (seminr, cSEM, SmartPLS) reports for the
        construct; the result then matches that program's :math:`\rho_A`.

    Parameters
    ----------
    data, items, missing
        As for :func:`~valuecocreation.measurement.cronbach_alpha`.
    weights
        ``"principal"``, ``"equal"`` or one weight per item.

    Raises
    ------
    ValidationError
        As :func:`~valuecocreation.measurement.cronbach_alpha`, and for weights
        that are unknown, of the wrong length, non-finite or all zero.

    Examples
    --------
    >>> from valuecocreation.measurement import cronbach_alpha, rho_a
    >>> answers = [[4, 5, 4], [3, 3, 2], [5, 5, 5], [2, 3, 3], [4, 4, 5], [1, 2, 1]]
    >>> round(rho_a(answers), 4)
    0.9644
    >>> equal = rho_a(answers, weights="equal")
    >>> bool(abs(equal - cronbach_alpha(answers, ci=None).standardized_alpha) < 1e-12)
    True
    >>> round(rho_a(answers, weights=[0.4, 0.4, 0.3]), 4)
    0.9857
    """
    policy = check_missing(missing)
    matrix = read_items(data, items)
    corr = moments(matrix, policy).corr
    return rho_a_of(corr, resolve_weights(weights, corr))


def resolve_weights(weights: RhoAWeights | npt.ArrayLike, corr: Floats) -> Floats:
    """The weight vector that ``weights`` names or holds, for ``corr``."""
    if isinstance(weights, str):
        if weights == "principal":
            return principal_weights(corr)
        if weights == "equal":
            return np.ones(corr.shape[0])
        raise ValidationError(
            "weights must be 'principal', 'equal' or one number per item",
            column="weights",
            value=weights,
        )
    return weights_vector(weights, corr.shape[0], "weights")
