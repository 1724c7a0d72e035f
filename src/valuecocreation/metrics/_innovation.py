"""The innovation funnel: customer ideas submitted, implemented, and how fast.

Griffin & Page (1993) collected the measures firms use to judge new-product
development; the share of ideas that reach the market and the development cycle
time ("time to market") are among the most used. For co-creation the ideas come
from customers (a feedback board, a contest), and the funnel reports how many
were submitted, how many were implemented, and the time from submission to
implementation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.problems import ColumnProblem, raise_first
from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation._core.times import timestamp_column
from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = ["INNOVATION_SCHEMA_VERSION", "InnovationFunnel", "innovation_funnel"]

INNOVATION_SCHEMA_VERSION: Final = 1
_US_PER_DAY: Final = 86_400_000_000


def _count(value: int) -> int:
    if isinstance(value, int | np.integer) and not isinstance(value, bool) and value >= 0:
        return int(value)
    raise ValidationError("a count of ideas must be a whole number of at least 0", value=value)


def _days(value: float | None) -> float:
    if value is None:
        return math.nan
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not (value < 0 or math.isinf(value))
    ):
        return float(value)
    raise ValidationError("a time to market is a number of days of at least 0, or NaN", value=value)


@attrs.frozen(kw_only=True, eq=False)
class InnovationFunnel:
    """Ideas submitted and implemented, with the time from one to the other.

    Build it with :func:`innovation_funnel`. Times are in days (fractional, from
    the microsecond timestamps) and NaN when no idea was implemented.

    Examples
    --------
    >>> from valuecocreation.metrics import InnovationFunnel
    >>> ideas = InnovationFunnel(submitted=40, implemented=6, median_days=45.0,
    ...                          mean_days=52.5)
    >>> ideas.share_implemented, ideas.pending
    (0.15, 34)
    >>> InnovationFunnel.from_dict(ideas.to_dict()) == ideas
    True
    """

    submitted: int = attrs.field(converter=_count)
    """Ideas submitted."""
    implemented: int = attrs.field(converter=_count)
    """Of those, ideas implemented."""
    median_days: float = attrs.field(converter=_days)
    """Median days from submission to implementation, over the implemented ideas."""
    mean_days: float = attrs.field(converter=_days)
    """Mean days from submission to implementation, over the implemented ideas."""

    def __attrs_post_init__(self) -> None:
        if self.implemented > self.submitted:
            raise ValidationError(
                "more ideas implemented than submitted",
                column="implemented",
                value=self.implemented,
            )
        if (self.implemented == 0) != math.isnan(self.median_days) or (
            self.implemented == 0
        ) != math.isnan(self.mean_days):
            raise ValidationError(
                "times to market are NaN exactly when no idea was implemented",
                column="median_days",
                value=self.median_days,
            )

    @property
    def share_implemented(self) -> float:
        """``implemented / submitted``; NaN when nothing was submitted."""
        return self.implemented / self.submitted if self.submitted else math.nan

    @property
    def pending(self) -> int:
        """Ideas submitted but not (yet) implemented."""
        return self.submitted - self.implemented

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version`` (NaN becomes ``None``)."""

        def plain(value: float) -> float | None:
            return None if math.isnan(value) else value

        return {
            "schema_version": INNOVATION_SCHEMA_VERSION,
            "submitted": self.submitted,
            "implemented": self.implemented,
            "share_implemented": plain(self.share_implemented),
            "median_days": plain(self.median_days),
            "mean_days": plain(self.mean_days),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> InnovationFunnel:
        """The inverse of :meth:`to_dict` (the share is recomputed, not read)."""
        data = check_version(data, INNOVATION_SCHEMA_VERSION, "innovation funnel")
        with reading("innovation funnel"):
            return cls(
                submitted=data["submitted"],
                implemented=data["implemented"],
                median_days=data["median_days"],
                mean_days=data["mean_days"],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The funnel as strict JSON."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> InnovationFunnel:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def innovation_funnel(
    submitted: Sequence[Any] | npt.ArrayLike, implemented: Sequence[Any] | npt.ArrayLike
) -> InnovationFunnel:
    """The innovation funnel of a list of ideas, one row per idea.

    Parameters
    ----------
    submitted
        When each idea was submitted: ISO 8601 text, ``datetime``, ``date`` or
        ``numpy.datetime64`` (naive values are UTC, as everywhere in the package).
    implemented
        When each idea was implemented (launched, shipped), in the same row order;
        ``None``, NaT or empty for ideas not implemented.

    Returns
    -------
    InnovationFunnel
        Counts, share implemented, and the median and mean days from submission to
        implementation over the implemented ideas.

    Raises
    ------
    ValidationError
        For columns of different lengths, a missing or unreadable submission time,
        an unreadable implementation time, or an idea implemented before it was
        submitted; the error names the row.

    References
    ----------
    Griffin, A., & Page, A. L. (1993). An interim report on measuring product
    development success and failure. *Journal of Product Innovation Management*,
    10(4), 291-308.

    Examples
    --------
    >>> from valuecocreation.metrics import innovation_funnel
    >>> ideas = innovation_funnel(
    ...     submitted=["2024-01-01", "2024-01-10", "2024-02-01", "2024-03-01"],
    ...     implemented=["2024-01-31", None, "2024-03-02", None])
    >>> ideas.submitted, ideas.implemented, ideas.share_implemented
    (4, 2, 0.5)
    >>> ideas.median_days, ideas.mean_days  # 30 and 30 days
    (30.0, 30.0)
    >>> innovation_funnel(["2024-02-01"], ["2024-01-01"])
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: row 0, column 'implemented', value '2024-01-01': ...
    """
    started, problems = timestamp_column(_column(submitted, "submitted"), "submitted")
    done, done_problems = timestamp_column(_column(implemented, "implemented"), "implemented")
    if len(started) != len(done):
        raise ValidationError(
            f"submitted and implemented differ in length ({len(started)} "
            f"and {len(done)}); give one row per idea",
            column="implemented",
        )
    # A missing implementation time means "not implemented", not bad input.
    done_problems = [p for p in done_problems if p.reason != "timestamp is missing"]
    finished = ~np.isnat(done)
    early = ColumnProblem.where(
        finished & ~np.isnat(started) & (done < started),
        "implemented",
        "an idea cannot be implemented before it was submitted",
    )
    raise_first(
        [*problems, *done_problems, early],
        lambda column, row: _value(submitted if column == "submitted" else implemented, row),
    )
    waits = (done[finished] - started[finished]).astype(np.int64) / _US_PER_DAY
    return InnovationFunnel(
        submitted=len(started),
        implemented=int(finished.sum()),
        median_days=float(np.median(waits)) if len(waits) else math.nan,
        mean_days=float(waits.mean()) if len(waits) else math.nan,
    )


def _column(values: Sequence[Any] | npt.ArrayLike, name: str) -> Any:  # noqa: ANN401
    if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
        raise ArgumentTypeError(
            f"{name} must be a sequence of timestamps, one per idea", column=name, value=values
        )
    return values


def _value(values: Any, row: int) -> object:  # noqa: ANN401 - any column type
    value = values[row]
    return value.item() if isinstance(value, np.generic) else value
