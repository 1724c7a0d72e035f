"""Discriminant validity: HTMT, HTMT2 and the Fornell-Larcker criterion."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import equal_as_data, reading
from valuecocreation.errors import UnknownKeyError, ValidationError
from valuecocreation.measurement._common import (
    floats,
    from_json_matrix,
    strs,
    to_json,
    to_json_matrix,
)
from valuecocreation.measurement._factor import one_factor
from valuecocreation.measurement._input import Missing, check_missing, read_constructs
from valuecocreation.measurement._moments import moments

__all__ = [
    "ConstructMatrix",
    "FornellLarcker",
    "composite_correlations",
    "fornell_larcker",
    "htmt",
    "htmt2",
    "htmt_matrix",
]

Floats = npt.NDArray[np.float64]
Blocks = Mapping[str, Sequence[int]]


def _matrix(value: Any) -> Floats:  # noqa: ANN401 - nested lists or an array
    array = np.array(value, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValidationError(
            "a construct matrix must be square", column="values", value=array.shape
        )
    array.flags.writeable = False
    return array


@attrs.frozen(kw_only=True, eq=False)
class ConstructMatrix:
    """A symmetric construct-by-construct matrix (HTMT, HTMT2, correlations).

    ``values[i, j]`` belongs to ``constructs[i]`` and ``constructs[j]``; nan where
    the statistic is undefined (see the function that made it).
    """

    constructs: tuple[str, ...] = attrs.field(converter=strs)
    values: Floats = attrs.field(converter=_matrix)

    def __attrs_post_init__(self) -> None:
        if self.values.shape[0] != len(self.constructs):
            raise ValidationError(
                "a construct matrix needs one row per construct",
                column="values",
                value=self.values.shape,
            )

    def get(self, first: str, second: str) -> float:
        """The value for the pair (``first``, ``second``).

        Raises
        ------
        UnknownKeyError
            For a name that is not one of ``constructs``.
        """
        position = {name: i for i, name in enumerate(self.constructs)}
        for name in (first, second):
            if name not in position:
                raise UnknownKeyError("construct", name, self.constructs)
        return float(self.values[position[first], position[second]])

    def pairs(self) -> list[tuple[str, str, float]]:
        """Each unordered pair of different constructs once, in order, with its value."""
        names = self.constructs
        return [
            (names[i], names[j], float(self.values[i, j]))
            for i in range(len(names))
            for j in range(i + 1, len(names))
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (nan becomes ``None``)."""
        return {"constructs": list(self.constructs), "values": to_json_matrix(self.values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConstructMatrix:
        """The inverse of :meth:`to_dict`."""
        with reading("construct matrix"):
            return cls(constructs=data["constructs"], values=from_json_matrix(data["values"]))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _mean(values: Floats, geometric: bool) -> float:
    if not geometric:
        return float(values.mean())
    if (values <= 0.0).any():
        return math.nan  # a geometric mean of correlations needs them all positive
    return float(np.exp(np.log(values).mean()))


def htmt_matrix(corr: Floats, blocks: Blocks, *, geometric: bool, absolute: bool) -> Floats:
    """HTMT (or, ``geometric``, HTMT2) of the constructs in ``blocks`` from ``corr``."""
    r = np.abs(corr) if absolute else corr
    names = list(blocks)
    mono = []
    for name in names:
        index = np.asarray(blocks[name])
        block = r[np.ix_(index, index)]
        mono.append(_mean(block[np.triu_indices(len(index), 1)], geometric))
    out = np.eye(len(names))
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            hetero = _mean(
                r[np.ix_(np.asarray(blocks[names[a]]), np.asarray(blocks[names[b]]))], geometric
            )
            scale = mono[a] * mono[b]
            value = hetero / math.sqrt(scale) if scale > 0.0 else math.nan
            out[a, b] = out[b, a] = value
    return out


def composite_correlations(corr: Floats, blocks: Blocks) -> Floats:
    """Correlations of the unit-weighted composites of standardized items of each block."""
    weights = np.zeros((len(corr), len(blocks)))
    for column, index in enumerate(blocks.values()):
        weights[np.asarray(index), column] = 1.0
    cov = weights.T @ corr @ weights
    sd = np.sqrt(np.diag(cov))
    out = cov / np.outer(sd, sd)
    np.fill_diagonal(out, 1.0)
    return np.asarray(out, dtype=np.float64)


def _blocks(
    data: Any,  # noqa: ANN401
    constructs: Mapping[str, Sequence[str]],
    items: Sequence[str] | None,
    missing: Missing,
) -> tuple[Floats, dict[str, list[int]], int]:
    matrix, checked = read_constructs(data, constructs, items)
    stats = moments(matrix, missing)
    blocks = {name: matrix.index(names) for name, names in checked.items()}
    return stats.corr, blocks, stats.n_respondents


def htmt(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    constructs: Mapping[str, Sequence[str]],
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
    absolute: bool = True,
) -> ConstructMatrix:
    r"""Heterotrait-monotrait ratio of correlations (Henseler, Ringle & Sarstedt 2015).

    For constructs :math:`i` and :math:`j` with :math:`K_i` and :math:`K_j`
    items, the mean correlation between their items (heterotrait-heteromethod)
    over the geometric mean of the two mean correlations among each construct's
    own items (monotrait-heteromethod):

    .. math::

       \mathrm{HTMT}_{ij} = \frac{\frac{1}{K_iK_j}\sum_{g=1}^{K_i}\sum_{h=1}^{K_j} r_{ig,jh}}
           {\Bigl(\frac{2}{K_i(K_i-1)}\sum_{g<h} r_{ig,ih}
                  \cdot \frac{2}{K_j(K_j-1)}\sum_{g<h} r_{jg,jh}\Bigr)^{1/2}}

    ``absolute=True`` (default) takes absolute values of the correlations first,
    as R's ``semTools::htmt`` and ``cSEM`` do by default and seminr always does,
    so that a reverse-worded item cannot cancel others; ``False`` uses them as
    they are, as in Henseler et al.'s formula. The diagonal is 1; a pair whose
    mean monotrait correlation is not positive gives nan. Values below 0.85
    (strict) or 0.90 (liberal) support discriminant validity.

    Parameters
    ----------
    data, items, missing
        As for :func:`~valuecocreation.measurement.cronbach_alpha`; for a table,
        only the columns the constructs name are read.
    constructs
        Each construct's name and its items (at least two each, no item in two).
    absolute
        Whether to use absolute correlations.

    Raises
    ------
    ValidationError
        As :func:`~valuecocreation.measurement.cronbach_alpha`, and for a
        construct with fewer than two items, an item in two constructs, or an item
        the data do not have.

    Examples
    --------
    >>> import numpy as np
    >>> from valuecocreation.measurement import htmt
    >>> rng = np.random.default_rng(1)
    >>> a, b = rng.normal(size=(2, 400))
    >>> answers = np.column_stack([a + rng.normal(size=400) for _ in range(3)]
    ...                           + [0.5 * a + b + rng.normal(size=400) for _ in range(3)])
    >>> result = htmt(answers, {"A": ["item_0", "item_1", "item_2"],
    ...                         "B": ["item_3", "item_4", "item_5"]})
    >>> round(result.get("A", "B"), 2)
    0.49
    """
    policy = check_missing(missing)
    corr, blocks, _ = _blocks(data, constructs, items, policy)
    return ConstructMatrix(
        constructs=list(blocks),
        values=htmt_matrix(corr, blocks, geometric=False, absolute=absolute),
    )


def htmt2(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    constructs: Mapping[str, Sequence[str]],
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
    absolute: bool = True,
) -> ConstructMatrix:
    r"""HTMT2: the HTMT with geometric means (Roemer, Schuberth & Henseler 2021).

    .. math::

       \mathrm{HTMT2}_{ij} = \frac{\bigl(\prod_{g,h} r_{ig,jh}\bigr)^{1/(K_iK_j)}}
           {\Bigl(\prod_{g<h} r_{ig,ih}^{\,2/(K_i(K_i-1))}
                  \cdot \prod_{g<h} r_{jg,jh}^{\,2/(K_j(K_j-1))}\Bigr)^{1/2}}

    Unlike the HTMT it is consistent for congeneric (unequal-loading)
    measurement models. Geometric means need positive correlations: a pair with
    a zero or negative correlation among the ones it uses gives nan. Arguments,
    thresholds and errors as for :func:`htmt`.

    Examples
    --------
    >>> from valuecocreation.measurement import htmt2
    >>> corr = [[4, 3, 1, 1], [3, 4, 1, 2], [1, 1, 4, 3], [1, 2, 3, 5]]
    >>> import numpy as np
    >>> answers = np.random.default_rng(3).multivariate_normal(np.zeros(4), corr, size=2000)
    >>> result = htmt2(answers, {"A": ["item_0", "item_1"], "B": ["item_2", "item_3"]})
    >>> 0.0 < result.get("A", "B") < 0.85
    True
    """
    policy = check_missing(missing)
    corr, blocks, _ = _blocks(data, constructs, items, policy)
    return ConstructMatrix(
        constructs=list(blocks), values=htmt_matrix(corr, blocks, geometric=True, absolute=absolute)
    )


@attrs.frozen(kw_only=True, eq=False)
class FornellLarcker:
    """The Fornell-Larcker criterion: each construct's square root of AVE against its correlations.

    ``correlations`` are those of the constructs' composites (see
    :func:`fornell_larcker`); :attr:`passed` tells, per construct, whether its
    root AVE exceeds the absolute value of each of its correlations with the
    other constructs (``None`` when the AVE is nan).
    """

    constructs: tuple[str, ...] = attrs.field(converter=strs)
    sqrt_ave: tuple[float, ...] = attrs.field(converter=floats)
    correlations: ConstructMatrix

    @property
    def largest_correlation(self) -> tuple[float, ...]:
        """The largest absolute correlation of each construct with another one (nan if alone)."""
        if len(self.constructs) < 2:
            return (math.nan,) * len(self.constructs)
        values = np.abs(np.array(self.correlations.values, dtype=np.float64))
        np.fill_diagonal(values, -np.inf)
        return tuple(float(v) for v in values.max(axis=1))

    @property
    def passed(self) -> tuple[bool | None, ...]:
        """Whether each construct's root AVE exceeds all its absolute correlations, or None."""
        return tuple(
            None if math.isnan(root) or math.isnan(largest) else bool(root > largest)
            for root, largest in zip(self.sqrt_ave, self.largest_correlation, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data; ``passed`` is included for readers, recomputed on load."""
        return {
            "constructs": list(self.constructs),
            "sqrt_ave": [to_json(v) for v in self.sqrt_ave],
            "correlations": self.correlations.to_dict(),
            "passed": list(self.passed),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FornellLarcker:
        """The inverse of :meth:`to_dict`."""
        with reading("Fornell-Larcker criterion"):
            return cls(
                constructs=data["constructs"],
                sqrt_ave=data["sqrt_ave"],
                correlations=ConstructMatrix.from_dict(data["correlations"]),
            )

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def fornell_larcker_of(corr: Floats, blocks: Blocks, ave: Sequence[float]) -> FornellLarcker:
    """The criterion from the item correlations ``corr`` and each block's AVE."""
    return FornellLarcker(
        constructs=list(blocks),
        sqrt_ave=[math.sqrt(v) if v >= 0.0 else math.nan for v in ave],
        correlations=ConstructMatrix(
            constructs=list(blocks), values=composite_correlations(corr, blocks)
        ),
    )


def fornell_larcker(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    constructs: Mapping[str, Sequence[str]],
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
) -> FornellLarcker:
    r"""The Fornell-Larcker (1981) criterion of discriminant validity.

    A construct shows discriminant validity when its average variance extracted
    exceeds its squared correlation with every other construct, that is
    :math:`\sqrt{\mathrm{AVE}_i} > |r_{ij}|` for all :math:`j \ne i`.

    AVE comes from one-factor standardized loadings per construct (see
    :func:`~valuecocreation.measurement.one_factor_loadings`). Construct
    correlations are those of the composites, as PLS-SEM programs report them
    (Hair et al. 2022, ch. 4): here each construct's composite is the unweighted
    sum of its standardized items, so that, with :math:`R_{ij}` the block of
    correlations between the items of :math:`i` and :math:`j`,

    .. math::

       r_{ij} = \frac{\mathbf 1'R_{ij}\mathbf 1}
                     {\sqrt{\mathbf 1'R_{ii}\mathbf 1\;\mathbf 1'R_{jj}\mathbf 1}}

    Henseler et al. (2015) show the criterion misses many real validity
    problems; prefer :func:`htmt`, and report both.

    Parameters
    ----------
    data, constructs, items, missing
        As for :func:`htmt`.

    Examples
    --------
    >>> import numpy as np
    >>> from valuecocreation.measurement import fornell_larcker
    >>> rng = np.random.default_rng(1)
    >>> a, b = rng.normal(size=(2, 400))
    >>> answers = np.column_stack([a + rng.normal(size=400) for _ in range(3)]
    ...                           + [0.5 * a + b + rng.normal(size=400) for _ in range(3)])
    >>> result = fornell_larcker(answers, {"A": ["item_0", "item_1", "item_2"],
    ...                                    "B": ["item_3", "item_4", "item_5"]})
    >>> [round(v, 2) for v in result.sqrt_ave], result.passed
    ([0.67, 0.77], (True, True))
    """
    policy = check_missing(missing)
    corr, blocks, _ = _blocks(data, constructs, items, policy)
    ave = []
    for index in blocks.values():
        grid = np.ix_(np.asarray(index), np.asarray(index))
        loadings, *_ = one_factor(np.ascontiguousarray(corr[grid]))
        ave.append(float((loadings * loadings).mean()))
    return fornell_larcker_of(corr, blocks, ave)
