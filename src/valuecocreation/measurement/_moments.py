"""Item covariances and correlations under a missing-data policy, in a few matrix products.

``listwise`` keeps the respondents who answered every item and uses the usual
sample covariance (denominator ``n - 1``). ``pairwise`` computes every entry from
the respondents who answered both items of the pair: the covariance of items
``i`` and ``j`` from the ``n_ij`` rows where both are present (denominator
``n_ij - 1``), the correlation as Pearson's r on those same rows. These are the
definitions of pandas ``DataFrame.cov``/``DataFrame.corr`` and of R's
``cov``/``cor(use = "pairwise.complete.obs")``, which pingouin and psych use.

All pairs at once: with ``X`` the responses (centred by each item's observed mean,
missing set to 0) and ``M`` the 0/1 matrix of answers present, ``M'M`` counts the
pairwise-complete rows, ``X'M`` sums one item over the rows where another is
present, ``X'X`` and ``(X*X)'M`` give the cross-products and sums of squares. Four
BLAS products (summed over blocks of rows) instead of a loop over pairs; centring
first keeps the one-pass formulas accurate.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ValidationError
from valuecocreation.measurement._input import ItemMatrix, Missing

__all__ = ["Moments", "moments", "respondents"]

Floats = npt.NDArray[np.float64]
_BLOCK_ELEMENTS: Final = 2**18  # rows * items**2 per block: see _blocks


@attrs.frozen(eq=False)
class Moments:
    """Covariances, correlations and pair counts of some items, under one policy."""

    items: tuple[str, ...]
    cov: Floats
    corr: Floats
    pair_n: npt.NDArray[np.int64]
    n_respondents: int
    """Listwise: rows kept. Pairwise: rows with an answer to at least one item."""
    missing: Missing

    def subset(self, names: Sequence[str], n_respondents: int) -> Moments:
        """The same moments restricted to ``names`` (in that order).

        ``n_respondents`` is the count for those items (see :func:`respondents`).
        """
        position = {name: i for i, name in enumerate(self.items)}
        index = np.array([position[name] for name in names], dtype=np.intp)
        grid = np.ix_(index, index)
        return _frozen(
            Moments(
                tuple(names),
                self.cov[grid],
                self.corr[grid],
                self.pair_n[grid],
                n_respondents,
                self.missing,
            )
        )


def respondents(
    matrix: ItemMatrix, present: npt.NDArray[np.bool_], names: Sequence[str], missing: Missing
) -> int:
    """Listwise: rows with every item of ``matrix``. Pairwise: rows with one of ``names``.

    ``present`` is ``~numpy.isnan(matrix.values)``, computed once by the caller.
    """
    if missing == "listwise":
        return int(present.all(axis=1).sum())
    return int(present[:, matrix.index(names)].any(axis=1).sum())


def moments(matrix: ItemMatrix, missing: Missing) -> Moments:
    """The :class:`Moments` of all items of ``matrix``.

    Raises
    ------
    ValidationError
        If fewer than two respondents remain (listwise) or two items have fewer
        than two respondents in common (pairwise), or an item does not vary.
    """
    values = matrix.values
    present = ~np.isnan(values)
    if missing == "listwise" or present.all():
        if missing == "listwise" and not present.all():
            values = values[present.all(axis=1)]
        return _complete(values, matrix.items, missing)
    return _pairwise(values, present, matrix.items)


def _blocks(values: Floats) -> Iterator[Floats]:
    """``values`` in blocks of rows, small enough to stay in cache.

    Summing small products block by block costs no more than one large product,
    needs no full-size temporaries, and keeps each BLAS call below the size at
    which OpenBLAS starts threads: on a machine whose cores are busy, threaded
    products of tall, thin matrices can run many times slower than one thread.
    """
    rows = max(64, min(8192, _BLOCK_ELEMENTS // max(1, values.shape[1]) ** 2))
    for start in range(0, values.shape[0], rows):
        yield values[start : start + rows]


def _complete(values: Floats, items: tuple[str, ...], missing: Missing) -> Moments:
    n, p = values.shape
    if n < 2:
        raise ValidationError(
            f"only {n} respondent{'' if n == 1 else 's'} answered every item; listwise "
            "deletion needs at least 2 (try missing='pairwise')",
            value=n,
        )
    _check_varies(values, items)
    means = values.mean(axis=0)
    cross = np.zeros((p, p))
    for block in _blocks(values):
        centred = block - means
        cross += centred.T @ centred
    cov = cross / (n - 1)
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    np.fill_diagonal(corr, 1.0)
    pair_n = np.full(cov.shape, n, dtype=np.int64)
    return _frozen(Moments(items, cov, corr, pair_n, n, missing))


def _pairwise(values: Floats, present: npt.NDArray[np.bool_], items: tuple[str, ...]) -> Moments:
    p = values.shape[1]
    counts = present.sum(axis=0)
    answered = int(present.any(axis=1).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        means = _observed_sums(values) / counts  # nan for an item nobody answered
    pair_n_float = np.zeros((p, p))
    sums = np.zeros((p, p))  # [i, j]: sum of item i over rows where j is answered too
    cross = np.zeros((p, p))
    squares = np.zeros((p, p))  # [i, j]: sum of squares of i over those rows
    for block in _blocks(values):
        mask_bool = ~np.isnan(block)
        mask = mask_bool.astype(np.float64)
        centred = np.where(mask_bool, block - means, 0.0)
        pair_n_float += mask.T @ mask
        sums += centred.T @ mask
        cross += centred.T @ centred
        squares += (centred * centred).T @ mask
    pair_n = np.rint(pair_n_float).astype(np.int64)
    _check_pairs(pair_n, items)
    _check_varies(values, items)
    n = pair_n.astype(np.float64)
    cross_dev = cross - sums * sums.T / n
    cov = cross_dev / (n - 1.0)
    square_dev = squares - sums * sums / n  # [i, j]: deviations of i on the pair's rows
    _check_pair_variances(square_dev, squares, items)
    corr = cross_dev / np.sqrt(square_dev * square_dev.T)
    np.fill_diagonal(corr, 1.0)
    return _frozen(Moments(items, cov, corr, pair_n, answered, "pairwise"))


def _observed_sums(values: Floats) -> Floats:
    """Each column's sum over its non-missing entries."""
    total = np.zeros(values.shape[1])
    for block in _blocks(values):
        total += np.where(np.isnan(block), 0.0, block).sum(axis=0)
    return total


def _check_varies(values: Floats, items: tuple[str, ...]) -> None:
    with np.errstate(invalid="ignore"):
        low, high = np.nanmin(values, axis=0), np.nanmax(values, axis=0)
    flat = np.flatnonzero(low == high)
    if flat.size:
        item = items[int(flat[0])]
        raise ValidationError(
            f"item {item!r} does not vary (every answer is {low[flat[0]]:g}); it carries no "
            "information about its construct and cannot be correlated; drop it",
            column=item,
            more=flat.size - 1,
        )


def _check_pairs(pair_n: npt.NDArray[np.int64], items: tuple[str, ...]) -> None:
    # An item with too few answers is named alone before any pair it belongs to.
    alone = np.flatnonzero(np.diag(pair_n) < 2)
    short = np.argwhere(pair_n < 2)
    if short.size:
        i, j = (int(alone[0]),) * 2 if alone.size else (int(k) for k in short[0])
        what = f"item {items[i]!r} has" if i == j else f"items {items[i]!r} and {items[j]!r} have"
        raise ValidationError(
            f"{what} fewer than 2 respondents in common ({pair_n[i, j]}); a covariance "
            "needs at least 2",
            column=items[i],
            value=int(pair_n[i, j]),
        )


def _check_pair_variances(square_dev: Floats, squares: Floats, items: tuple[str, ...]) -> None:
    # An item may vary overall yet be constant on the rows it shares with another.
    flat = np.argwhere(square_dev <= 1e-12 * np.maximum(squares, 1e-300))
    if flat.size:
        i, j = (int(k) for k in flat[0])
        raise ValidationError(
            f"item {items[i]!r} does not vary among the respondents who also answered "
            f"{items[j]!r}, so their pairwise correlation is undefined (try "
            "missing='listwise', or drop one)",
            column=items[i],
        )


def _frozen(result: Moments) -> Moments:
    for array in (result.cov, result.corr, result.pair_n):
        array.flags.writeable = False
    return result
