"""Retention and churn between two periods, from counts or from the ids of active customers.

Farris, Bendle, Pfeifer & Reibstein (2010, chapter 5) define the retention rate
as the share of the customers at the start of a period who are still customers at
its end, and churn as the share who left: ``churn = 1 - retention``. When only
totals are known, the retained customers are those at the end who are not new:
``retained = end - new``.

For cohorts followed over many periods in an interaction log, see
:func:`~valuecocreation.metrics.cohort_retention`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, overload

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation._core.times import is_missing
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.metrics._checks import (
    FloatArray,
    as_numbers,
    ratio,
    reject,
    scalar_or_array,
)

if TYPE_CHECKING:
    # The array overloads spell numpy's types in full, a name bound for type checkers
    # only: Sphinx then shows "numpy.typing.ArrayLike" instead of expanding the alias.
    import numpy.typing  # noqa: TC004 - a false positive: only annotations use it

__all__ = [
    "RETENTION_SCHEMA_VERSION",
    "Retention",
    "churn_rate",
    "retention_between",
    "retention_rate",
]

RETENTION_SCHEMA_VERSION: Final = 1


def _retained(
    start: npt.ArrayLike,
    retained: npt.ArrayLike | None,
    end: npt.ArrayLike | None,
    new: npt.ArrayLike | None,
) -> tuple[FloatArray, FloatArray]:
    """Customers at the start and retained ones, checked against each other."""
    at_start = as_numbers(start, "start", nonnegative=True, whole=True)
    if retained is not None:
        if end is not None or new is not None:
            raise ValidationError(
                "give either retained, or end and new, not both", column="retained", value=retained
            )
        kept = as_numbers(retained, "retained", nonnegative=True, whole=True)
        column, reason = "retained", "more customers retained than there were at the start"
    else:
        if end is None or new is None:
            raise ValidationError("give retained, or both end and new", column="end/new")
        at_end = as_numbers(end, "end", nonnegative=True, whole=True)
        gained = as_numbers(new, "new", nonnegative=True, whole=True)
        at_end, gained = np.broadcast_arrays(at_end, gained)
        with np.errstate(invalid="ignore"):
            too_new = gained > at_end
        reject(too_new, "new", "more new customers than customers at the end", gained)
        kept = at_end - gained
        column, reason = "end", "more customers at the end who are not new than at the start"
    at_start, kept = np.broadcast_arrays(at_start, kept)
    with np.errstate(invalid="ignore"):
        too_many = kept > at_start
    reject(too_many, column, reason, kept)
    return at_start, kept


@overload
def retention_rate(
    *,
    start: float,
    retained: float | None = None,
    end: float | None = None,
    new: float | None = None,
) -> float: ...
@overload
def retention_rate(
    *,
    start: numpy.typing.ArrayLike,
    retained: numpy.typing.ArrayLike | None = None,
    end: numpy.typing.ArrayLike | None = None,
    new: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def retention_rate(
    *,
    start: npt.ArrayLike,
    retained: npt.ArrayLike | None = None,
    end: npt.ArrayLike | None = None,
    new: npt.ArrayLike | None = None,
) -> float | FloatArray:
    """The share of the customers at the start of a period still there at its end.

    ``retained / start`` (Farris et al. 2010, chapter 5). Give the retained
    customers directly, or the customers at the ``end`` and the ``new`` ones gained
    during the period, from which ``retained = end - new``. Counts broadcast, for a
    series of periods.

    Parameters
    ----------
    start
        Customers (users, members) at the start of the period.
    retained
        Of those, the ones still there at the end.
    end, new
        Instead of ``retained``: customers at the end, and how many of them joined
        during the period.

    Returns
    -------
    float or numpy.ndarray
        The retention rate in [0, 1]; NaN where ``start`` is 0 (nobody to retain)
        or a count is missing.

    Raises
    ------
    ValidationError
        For negative or fractional counts, more retained than at the start, more new
        customers than at the end, or a wrong combination of arguments.

    References
    ----------
    Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010).
    *Marketing Metrics: The Definitive Guide to Measuring Marketing Performance*
    (2nd ed.). Pearson/FT Press.

    Examples
    --------
    >>> from valuecocreation.metrics import retention_rate
    >>> retention_rate(start=200, end=210, new=50)  # (210 - 50) / 200
    0.8
    >>> retention_rate(start=[200, 0], retained=[160, 0]).tolist()
    [0.8, nan]
    """
    at_start, kept = _retained(start, retained, end, new)
    return scalar_or_array(ratio(kept, at_start))  # type: ignore[no-any-return]


@overload
def churn_rate(
    *,
    start: float,
    retained: float | None = None,
    end: float | None = None,
    new: float | None = None,
) -> float: ...
@overload
def churn_rate(
    *,
    start: numpy.typing.ArrayLike,
    retained: numpy.typing.ArrayLike | None = None,
    end: numpy.typing.ArrayLike | None = None,
    new: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def churn_rate(
    *,
    start: npt.ArrayLike,
    retained: npt.ArrayLike | None = None,
    end: npt.ArrayLike | None = None,
    new: npt.ArrayLike | None = None,
) -> float | FloatArray:
    """The share of the customers at the start of a period gone by its end.

    ``(start - retained) / start``, that is ``1 - retention`` (Farris et al. 2010,
    chapter 5); the arguments are those of :func:`retention_rate`.

    Returns
    -------
    float or numpy.ndarray
        The churn rate in [0, 1]; NaN where ``start`` is 0 or a count is missing.

    Raises
    ------
    ValidationError
        As :func:`retention_rate`.

    Examples
    --------
    >>> from valuecocreation.metrics import churn_rate
    >>> churn_rate(start=200, retained=150)
    0.25
    """
    at_start, kept = _retained(start, retained, end, new)
    return scalar_or_array(ratio(at_start - kept, at_start))  # type: ignore[no-any-return]


def _count(value: int) -> int:
    if isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= 0:
        return int(value)
    raise ValidationError("a count of customers must be a whole number of at least 0", value=value)


@attrs.frozen(kw_only=True, eq=False)
class Retention:
    """Customers active in two periods: how many stayed, left and joined.

    Build it with :func:`retention_between` from the ids active in each period.

    Examples
    --------
    >>> from valuecocreation.metrics import Retention
    >>> kept = Retention(start=4, retained=3, end=5)
    >>> kept.rate, kept.churn, kept.lost, kept.new
    (0.75, 0.25, 1, 2)
    >>> Retention.from_dict(kept.to_dict()) == kept
    True
    """

    start: int = attrs.field(converter=_count)
    """Customers active in the earlier period."""
    retained: int = attrs.field(converter=_count)
    """Customers active in both periods."""
    end: int = attrs.field(converter=_count)
    """Customers active in the later period."""

    def __attrs_post_init__(self) -> None:
        if self.retained > min(self.start, self.end):
            raise ValidationError(
                "more customers retained than were active in one of the periods",
                column="retained",
                value=self.retained,
            )

    @property
    def lost(self) -> int:
        """Customers active in the earlier period only."""
        return self.start - self.retained

    @property
    def new(self) -> int:
        """Customers active in the later period only."""
        return self.end - self.retained

    @property
    def rate(self) -> float:
        """The retention rate ``retained / start``; NaN when ``start`` is 0."""
        return self.retained / self.start if self.start else math.nan

    @property
    def churn(self) -> float:
        """The churn rate ``lost / start``; NaN when ``start`` is 0."""
        return self.lost / self.start if self.start else math.nan

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version`` (rates included, not read back)."""
        return {
            "schema_version": RETENTION_SCHEMA_VERSION,
            "start": self.start,
            "retained": self.retained,
            "end": self.end,
            "lost": self.lost,
            "new": self.new,
            "rate": None if math.isnan(self.rate) else self.rate,
            "churn": None if math.isnan(self.churn) else self.churn,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Retention:
        """The inverse of :meth:`to_dict`."""
        data = check_version(data, RETENTION_SCHEMA_VERSION, "retention")
        with reading("retention"):
            return cls(start=data["start"], retained=data["retained"], end=data["end"])

    def to_json(self, *, indent: int | None = 2) -> str:
        """The counts and rates as strict JSON."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Retention:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _distinct(ids: Iterable[Any] | npt.NDArray[Any], column: str) -> set[Any] | npt.NDArray[Any]:
    """The distinct ids: a sorted integer array when given integers, else a set."""
    if isinstance(ids, np.ndarray) and ids.dtype.kind in "iu" and ids.ndim == 1:
        if not len(ids):
            return ids
        ordered = np.sort(ids)  # np.unique on integers is slower than sort + diff
        keep = np.concatenate([[True], ordered[1:] != ordered[:-1]])
        distinct: npt.NDArray[Any] = ordered[keep]
        return distinct
    if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
        raise ArgumentTypeError(
            "ids must be a collection of customer ids", column=column, value=ids
        )
    listed = ids.tolist() if isinstance(ids, np.ndarray) else list(ids)
    for row, value in enumerate(listed):
        if is_missing(value):
            raise ValidationError("a customer id is missing", row=row, column=column, value=value)
    try:
        return set(listed)
    except TypeError:  # an unhashable id, such as a list
        raise ValidationError(
            "customer ids must be hashable (text or numbers)", column=column
        ) from None


def retention_between(
    previous: Iterable[Any] | npt.NDArray[Any], current: Iterable[Any] | npt.NDArray[Any]
) -> Retention:
    """Retention and churn from the ids of the customers active in two periods.

    The retained customers are those active in both; the rate and churn follow
    Farris et al. (2010, chapter 5), as in :func:`retention_rate`. Repeated ids
    count once.

    Parameters
    ----------
    previous
        Ids of the customers active in the earlier period.
    current
        Ids of the customers active in the later period.

    Returns
    -------
    Retention
        Counts at the start, retained and at the end, with the rates.

    Raises
    ------
    ValidationError
        For a missing (``None``, NaN) or unhashable id, or ids that are not a
        collection.

    Examples
    --------
    >>> from valuecocreation.metrics import retention_between
    >>> kept = retention_between(["ana", "ben", "cy", "dan"], ["ben", "cy", "dan", "eve", "fay"])
    >>> kept.retained, kept.rate, kept.new
    (3, 0.75, 2)
    """
    before = _distinct(previous, "previous")
    after = _distinct(current, "current")
    if isinstance(before, np.ndarray) and isinstance(after, np.ndarray):
        both = len(np.intersect1d(before, after, assume_unique=True))
        return Retention(start=len(before), retained=both, end=len(after))
    before_set = set(before.tolist()) if isinstance(before, np.ndarray) else before
    after_set = set(after.tolist()) if isinstance(after, np.ndarray) else after
    return Retention(
        start=len(before_set), retained=len(before_set & after_set), end=len(after_set)
    )
