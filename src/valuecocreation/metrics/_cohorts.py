"""Cohort retention from an interaction log: who acts again, periods after their first.

Of the users who first acted in a period, how many acted again one, two, ...
periods later.

Who counts
    Actors of the population roles (users and creators by default, as in
    :class:`~valuecocreation.mapping.ConditionMap`) that are the *source* of at
    least one interaction: the *active* users, as in
    :class:`~valuecocreation.evidence.Evidence` and the
    :mod:`~valuecocreation.funnel`. Roles come from ``actors``; unlisted actors
    are users, so pass the firm's accounts to keep them out.
Cohorts
    A user's cohort is the calendar period (UTC) of their first interaction, as
    for the funnel's first-seen cohorts. A user is *active* in a period when they
    are the source of an interaction in it.
The table
    ``counts[c, k]`` is the number of users of cohort ``c`` active ``k`` periods
    after the cohort's period; ``counts[c, 0]`` is the cohort's size, since every
    user is active in their first period. ``shares`` divides each row by its size.
    This is the cohort-by-period layout of customer-base analysis with "active in
    the period" in place of "still a subscriber" (Fader & Hardie 2010 model the
    contractual version): a user need not be active in every period between, so
    shares may rise again after a quiet month.
Observation
    A cell is *observed* when its period is not after the log's last period (of
    any interaction). Cells after it are not zero but unknown: their counts are 0
    and marked unobserved, and their shares are NaN. The last period may be
    observed only in part (a log ending on the 3rd of a month).

The computation is columnar: one pass to find each user's active periods (a
bitmap over users x periods, or a sort when that would be large), then counts by
``bincount``. No Python object is made per event.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal, get_args

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import check_version, dumps, equal_as_data, ints, loads, reading
from valuecocreation._evidence.actors import ROLES, ActorsLike, actor_table
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.log import InteractionLog
from valuecocreation.metrics._checks import is_whole
from valuecocreation.model import Role

__all__ = ["COHORT_SCHEMA_VERSION", "CohortPeriod", "CohortRetention", "cohort_retention"]

COHORT_SCHEMA_VERSION: Final = 1
CohortPeriod = Literal["day", "week", "month", "quarter"]
_PERIODS: Final[tuple[str, ...]] = get_args(CohortPeriod)
_US_PER_DAY: Final = 86_400_000_000
# Up to this many (user, period) cells, distinct activity is marked in a bitmap
# (one byte per cell); beyond it, keys are sorted instead.
_BITMAP_CELLS: Final = 1 << 26

Ints = npt.NDArray[np.int64]


def _counts_array(value: Any) -> Ints:  # noqa: ANN401 - nested lists or an array
    given = np.asarray(value)
    if given.size == 0:
        given = np.zeros((0, 0), dtype=np.int64)  # no cohorts
    if given.dtype.kind == "O" and all(is_whole(n) for n in given.flat):
        given = given.astype(np.int64)  # the integers of a table read from JSON
    if given.ndim != 2 or given.dtype.kind not in "iu":
        raise ValidationError(
            "counts are a table of whole numbers, a row per cohort",
            column="counts",
            value=given.tolist(),
        )
    array = given.astype(np.int64)
    array.flags.writeable = False
    return array


def _labels(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


@attrs.frozen(kw_only=True, eq=False)
class CohortRetention:
    """A cohort retention table (see the module notes for the definitions).

    Build it with :func:`cohort_retention`. Rows are cohorts in time order,
    columns the periods since the cohort's first (0, 1, 2, ...).

    Examples
    --------
    >>> from valuecocreation.metrics import CohortRetention
    >>> table = CohortRetention(period="month", cohorts=["2024-01-01", "2024-02-01"],
    ...                         counts=[[4, 2], [2, 0]], observed=[2, 1])
    >>> table.shares.tolist()
    [[1.0, 0.5], [1.0, nan]]
    >>> CohortRetention.from_dict(table.to_dict()) == table
    True
    """

    period: str
    """The length of the cohorts' and the columns' periods (``"day"``, ``"week"``,
    ``"month"`` or ``"quarter"``)."""
    cohorts: tuple[str, ...] = attrs.field(converter=_labels)
    """The start of each cohort's period as an ISO date, in time order."""
    counts: Ints = attrs.field(converter=_counts_array)
    """Users of each cohort active in each period since it (read-only, 0 when unobserved)."""
    observed: tuple[int, ...] = attrs.field(converter=ints)
    """How many periods of each cohort the log covers, its first included."""

    def __attrs_post_init__(self) -> None:
        if self.period not in _PERIODS:
            raise ValidationError(
                f"unknown period; periods are: {', '.join(_PERIODS)}",
                column="period",
                value=self.period,
            )
        n_cohorts = len(self.cohorts)
        width = self.observed[0] if self.observed else 0
        if self.counts.shape != (n_cohorts, width) or len(self.observed) != n_cohorts:
            raise ValidationError(
                "counts need one row per cohort and one column per period "
                "the first cohort is observed",
                column="counts",
                value=self.counts.shape,
            )
        if list(self.cohorts) != sorted(set(self.cohorts)):
            raise ValidationError(
                "cohorts must be distinct and in time order",
                column="cohorts",
                value=list(self.cohorts),
            )
        if n_cohorts and (min(self.observed) < 1 or max(self.observed) > width):
            raise ValidationError(
                "every cohort is observed for at least its first period",
                column="observed",
                value=list(self.observed),
            )
        sizes = self.counts[:, :1]
        if n_cohorts and (
            sizes.min() < 1
            or (self.counts > sizes).any()
            or (self.counts[~self.is_observed] != 0).any()
            or self.counts.min() < 0
        ):
            raise ValidationError(
                "each cohort's counts must lie between 0 and its size "
                "(column 0, at least 1), and be 0 where unobserved",
                column="counts",
            )

    @property
    def sizes(self) -> Ints:
        """Users per cohort (column 0 of ``counts``)."""
        sizes: Ints = self.counts[:, 0].copy() if len(self.cohorts) else np.zeros(0, np.int64)
        return sizes

    @property
    def n_users(self) -> int:
        """Active users in all cohorts together."""
        return int(self.sizes.sum())

    @property
    def is_observed(self) -> npt.NDArray[np.bool_]:
        """Whether each cell's period is covered by the log (same shape as ``counts``)."""
        columns = np.arange(self.counts.shape[1])
        mask: npt.NDArray[np.bool_] = columns[None, :] < np.array(
            self.observed, dtype=np.int64
        ).reshape(-1, 1)
        return mask

    @property
    def shares(self) -> npt.NDArray[np.float64]:
        """``counts`` divided by each cohort's size; NaN where unobserved."""
        shares = np.full(self.counts.shape, math.nan)
        if len(self.cohorts):
            observed = self.is_observed
            shares[observed] = (self.counts / self.counts[:, :1])[observed]
        return shares

    @property
    def pooled(self) -> npt.NDArray[np.float64]:
        """Retention ``k`` periods after joining, pooled over the cohorts observed that long.

        Their active users over their sizes, so larger cohorts weigh more.
        """
        observed = self.is_observed
        active = np.where(observed, self.counts, 0).sum(axis=0)
        at_risk = np.where(observed, self.counts[:, :1], 0).sum(axis=0)
        pooled: npt.NDArray[np.float64] = active / at_risk  # every column has a cohort
        return pooled

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``: per cohort, its observed counts."""
        return {
            "schema_version": COHORT_SCHEMA_VERSION,
            "period": self.period,
            "cohorts": [
                {"cohort": label, "counts": self.counts[row, :seen].tolist()}
                for row, (label, seen) in enumerate(zip(self.cohorts, self.observed, strict=True))
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CohortRetention:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            For an unknown schema version or malformed data.
        """
        data = check_version(data, COHORT_SCHEMA_VERSION, "cohort retention")
        with reading("cohort retention"):
            rows = [(str(row["cohort"]), list(row["counts"])) for row in data["cohorts"]]
            width = len(rows[0][1]) if rows else 0
            counts = np.zeros((len(rows), width), dtype=object)  # checked by the class
            for position, (_, observed) in enumerate(rows):
                counts[position, : len(observed)] = observed
            return cls(
                period=data["period"],
                cohorts=[label for label, _ in rows],
                counts=counts,
                observed=[len(observed) for _, observed in rows],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The table as strict JSON; see :meth:`to_dict`."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> CohortRetention:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<CohortRetention by {self.period}: {self.n_users} users in "
            f"{len(self.cohorts)} cohorts over {self.counts.shape[1]} periods>"
        )

    def table(self, values: Literal["shares", "counts"] = "shares") -> str:
        """A plain-text table: a row per cohort, a column per period since it.

        Unobserved cells are blank.

        >>> from valuecocreation.metrics import CohortRetention
        >>> table = CohortRetention(period="month", cohorts=["2024-01-01", "2024-02-01"],
        ...                         counts=[[4, 2], [2, 0]], observed=[2, 1])
        >>> print(table.table("counts"))
        6 users in 2 cohorts by month; active users per month since joining
        cohort        users       0       1
        2024-01-01        4       4       2
        2024-02-01        2       2
        """
        if values not in ("shares", "counts"):
            raise ValidationError("values is 'shares' or 'counts'", column="values", value=values)
        what = "share of cohort active" if values == "shares" else "active users"
        lines = [
            (
                f"{self.n_users} users in {len(self.cohorts)} cohorts by {self.period}; "
                f"{what} per {self.period} since joining"
            )
        ]
        if not self.cohorts:
            return lines[0] + "\n(no active users)"
        width = self.counts.shape[1]
        lines.append(f"{'cohort':<12}{'users':>7}" + "".join(f"{k:>8}" for k in range(width)))
        shares = self.shares
        for row, (label, seen) in enumerate(zip(self.cohorts, self.observed, strict=True)):
            cells = (
                f"{shares[row, k]:>8.3f}" if values == "shares" else f"{self.counts[row, k]:>8}"
                for k in range(seen)
            )
            lines.append(f"{label:<12}{self.counts[row, 0]:>7}" + "".join(cells))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table("shares")


# ---------------------------------------------------------------------- computing
def _period_index(micros: Ints, period: str) -> Ints:
    """Each timestamp's calendar period as a consecutive integer (UTC)."""
    day: Ints = np.floor_divide(micros, _US_PER_DAY)
    if period == "day":
        return day
    if period == "week":
        monday_based: Ints = np.floor_divide(day + 3, 7)  # 1970-01-01 was a Thursday
        return monday_based
    # Many events over few days (the usual log) go through a lookup table over the
    # days spanned: one calendar conversion per day instead of per event.
    low, high = int(day.min()), int(day.max())
    through_table = high - low < len(day)
    days = np.arange(low, high + 1, dtype=np.int64) if through_table else day
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "quarter":
        months = np.floor_divide(months, 3)
    index: Ints = months[day - low] if through_table else months
    return index


def _period_starts(index: Ints, period: str) -> list[str]:
    """The first day of each period index, as ISO dates."""
    if period == "day":
        days = index
    elif period == "week":
        days = index * 7 - 3
    else:
        months = index * 3 if period == "quarter" else index
        days = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return [str(day) for day in days.astype("datetime64[D]").tolist()]


def _distinct_keys(keys: Ints, cells: int) -> Ints:
    """The distinct values of ``keys`` (all in ``[0, cells)``), sorted."""
    if cells <= _BITMAP_CELLS:
        seen = np.zeros(cells, dtype=bool)
        seen[keys] = True
        return np.flatnonzero(seen)
    ordered = np.sort(keys)  # np.unique on int64 is slower than sort + diff
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _population(roles: Iterable[Role | str]) -> npt.NDArray[np.bool_]:
    included = np.zeros(len(ROLES), dtype=bool)
    listed = list(roles) if not isinstance(roles, str) else [roles]
    for role in listed:
        try:
            included[ROLES.index(Role(role))] = True
        except ValueError:
            raise ValidationError(
                f"unknown role; valid roles are: {', '.join(r.value for r in Role)}",
                column="population",
                value=role,
            ) from None
    if not included.any():
        raise ValidationError(
            "the population needs at least one role", column="population", value=listed
        )
    return included


def cohort_retention(
    log: InteractionLog,
    *,
    period: CohortPeriod = "month",
    actors: ActorsLike | None = None,
    population: Sequence[Role | str] = (Role.USER, Role.CREATOR),
) -> CohortRetention:
    """The cohort retention table of ``log`` (see the module notes for the definitions).

    Parameters
    ----------
    log
        The interactions.
    period
        Calendar period (UTC) of cohorts and columns: ``"day"``, ``"week"``
        (starting Monday), ``"month"`` or ``"quarter"``.
    actors
        Roles of actors (unlisted actors are users), as for
        :func:`~valuecocreation.funnel.funnel`.
    population
        The roles whose actors are counted; users and creators by default.

    Returns
    -------
    CohortRetention
        Counts and shares per cohort and period since joining.

    Raises
    ------
    ValidationError
        For an unknown period or role, or input that is not an
        :class:`~valuecocreation.log.InteractionLog`.

    References
    ----------
    Fader, P. S., & Hardie, B. G. S. (2010). Customer-base valuation in a
    contractual setting: the perils of ignoring heterogeneity. *Marketing
    Science*, 29(1), 85-93.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.metrics import cohort_retention
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "rf", "kind": "view", "timestamp": "2024-01-05"},
    ...     {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-02-07"},
    ...     {"source": "ben", "target": "rf", "kind": "view", "timestamp": "2024-01-20"},
    ...     {"source": "cy", "target": "rf", "kind": "view", "timestamp": "2024-02-02"},
    ...     {"source": "rf", "target": "cy", "kind": "reward", "timestamp": "2024-03-01"},
    ... ])
    >>> table = cohort_retention(log, actors={"rf": "firm"})
    >>> print(table)
    3 users in 2 cohorts by month; share of cohort active per month since joining
    cohort        users       0       1       2
    2024-01-01        2   1.000   0.500   0.000
    2024-02-01        1   1.000   0.000
    >>> table.counts.tolist()
    [[2, 1, 0], [1, 0, 0]]
    """
    if period not in _PERIODS:
        raise ValidationError(
            f"unknown period; periods are: {', '.join(_PERIODS)}", column="period", value=period
        )
    if not isinstance(log, InteractionLog):
        raise ArgumentTypeError(
            "cohort_retention() takes an InteractionLog", value=type(log).__name__
        )
    included = _population(population)
    roles, _ = actor_table(log.actors, actors)
    source = log.source_codes
    times = log.timestamps.view(np.int64)
    counted = included[roles[source]]  # a lookup per event: faster than np.isin
    users = source[counted].astype(np.int64)
    if not len(users):
        return CohortRetention(period=period, cohorts=[], counts=np.zeros((0, 0)), observed=[])
    active_period = _period_index(times[counted], period)
    first = int(active_period.min())
    # The log covers every period up to that of its last interaction, by anyone.
    span = int(_period_index(times[[int(times.argmax())]], period)[0]) - first + 1

    # Distinct (user, period) pairs as keys user * span + period, sorted by user then
    # period: each user's first key is their cohort.
    keys = _distinct_keys(users * span + (active_period - first), len(log.actors) * span)
    user, when = np.divmod(keys, span)
    starts = np.flatnonzero(np.concatenate([[True], user[1:] != user[:-1]]))
    joined = when[starts]
    cohort_of_key = np.repeat(joined, np.diff(np.append(starts, len(keys))))
    offset = when - cohort_of_key

    cohort_periods = np.flatnonzero(np.bincount(joined, minlength=span))
    row_of = np.zeros(span, dtype=np.int64)
    row_of[cohort_periods] = np.arange(len(cohort_periods))
    counts = np.bincount(
        row_of[cohort_of_key] * span + offset, minlength=len(cohort_periods) * span
    ).reshape(-1, span)
    return CohortRetention(
        period=period,
        cohorts=_period_starts(cohort_periods + first, period),
        counts=counts,
        observed=(span - cohort_periods).tolist(),
    )
