"""Civil dates and time zones in vectorised integer arithmetic (microseconds, UTC).

Shared by the readers of ISO 8601 text and of strftime-style formats.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = ["days_from_civil", "from_zone"]

_US_PER_MINUTE: Final = 60_000_000


def days_from_civil(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    year = year - (month <= 2)
    era = np.floor_divide(year, 400)
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days: npt.NDArray[np.int64] = era * 146_097 + day_of_era - 719_468
    return days


def _skipped(naive: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether the clocks of ``zone`` skip the local time ``naive`` (a gap)."""
    back = naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return back != naive


def from_zone(
    local: npt.NDArray[np.int64], naive: npt.NDArray[np.bool_], zone: dt.tzinfo
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Naive local times in ``zone`` to UTC, by the offset of each distinct local minute.

    A zone's offset changes at most at a transition, which falls on a local minute
    in every zone of the tz database; a minute whose start and end disagree is left
    to the scalar rule (``zoned`` false), as is a minute outside ``datetime``'s range
    and a minute the clocks skip (which the scalar rule of the readers refuses).
    """
    minutes = np.floor_divide(local[naive], _US_PER_MINUTE)
    zoned = np.ones(len(local), dtype=bool)
    if not len(minutes):
        return local, zoned
    distinct, inverse = np.unique(minutes, return_inverse=True)
    shifts = np.zeros(len(distinct), dtype=np.int64)
    usable = np.ones(len(distinct), dtype=bool)
    epoch = dt.datetime(1970, 1, 1)
    for index, minute in enumerate(distinct.tolist()):
        try:
            start = epoch + dt.timedelta(minutes=minute)
            before = zone.utcoffset(start)
            after = zone.utcoffset(start + dt.timedelta(seconds=59, microseconds=999_999))
        except (OverflowError, ValueError):
            usable[index] = False
            continue
        if before is None or before != after or _skipped(start, zone):
            usable[index] = False
            continue
        shifts[index] = before // dt.timedelta(microseconds=1)
    result = local.copy()
    result[naive] = local[naive] - shifts[inverse]
    zoned[naive] = usable[inverse]
    return result, zoned
