"""Calendar windows of timestamps, and the checks of the evidence settings."""

from __future__ import annotations

from typing import Final, Literal, get_args

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ValidationError
from valuecocreation.framework import Framework
from valuecocreation.mapping import ConditionMap, resolve_mapping

__all__ = [
    "BLOCK_ROWS",
    "PERIODS",
    "US_PER_DAY",
    "Period",
    "checked",
    "window_list",
    "window_positions",
    "window_starts",
    "windows",
]

Period = Literal["day", "week", "month", "quarter"]
PERIODS: Final[tuple[str, ...]] = get_args(Period)
US_PER_DAY: Final = 86_400_000_000
# Events per block of a pass over a log: bounds its temporaries, and at about two
# megabytes per column a block's passes stay in the processor's cache (measured fastest).
BLOCK_ROWS: Final = 1 << 18

Ints = npt.NDArray[np.int64]


def checked(
    framework: Framework | str, mapping: ConditionMap | None, period: object, segment_by: object
) -> tuple[Framework, ConditionMap]:
    """The framework (by name or itself) and its map, checked with the splits.

    >>> framework, mapping = checked("kim_choi_2019", None, "month", None)
    >>> framework.name, mapping.name
    ('kim_choi_2019', 'kim_choi_2019_default')

    Raises
    ------
    ValidationError
        For an unknown period, or a ``segment_by`` that is not a non-empty name.
    """
    chosen, mapping = resolve_mapping(framework, mapping)
    if period is not None and period not in PERIODS:
        raise ValidationError(
            f"unknown period; periods are: {', '.join(PERIODS)}", column="period", value=period
        )
    if segment_by is not None and (not isinstance(segment_by, str) or not segment_by):
        raise ValidationError(
            "segment_by must be 'channel' or an attribute name",
            column="segment_by",
            value=segment_by,
        )
    return chosen, mapping


def window_starts(times: Ints, period: Period) -> Ints:
    """The first day (days since 1970-01-01) of each timestamp's calendar window.

    >>> march = np.array(["2024-03-14"], dtype="datetime64[us]").view(np.int64)
    >>> window_starts(march, "quarter").astype("datetime64[D]")
    array(['2024-01-01'], dtype='datetime64[D]')
    """
    day: Ints = np.floor_divide(times, US_PER_DAY)
    if period == "day":
        return day
    if period == "week":
        monday: Ints = day - (day + 3) % 7  # 1970-01-01 was a Thursday
        return monday
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if period == "quarter":
        months -= months % 3
    starts: Ints = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return starts


def window_list(times: Ints, period: Period | None) -> Ints:
    """The sorted starts of the windows with events (``[0]``: one window, unsplit).

    >>> days = np.array(["2024-02-05", "2024-01-05"], dtype="datetime64[us]").view(np.int64)
    >>> window_list(days, "month").astype("datetime64[D]")
    array(['2024-01-01', '2024-02-01'], dtype='datetime64[D]')
    """
    if not len(times):
        return np.array([], dtype=np.int64)
    if period is None:
        return np.zeros(1, dtype=np.int64)
    found: set[int] = set()
    for start in range(0, len(times), BLOCK_ROWS):
        starts = window_starts(times[start : start + BLOCK_ROWS], period)
        low = int(starts.min())
        found.update((np.flatnonzero(np.bincount(starts - low)) + low).tolist())
    return np.array(sorted(found), dtype=np.int64)


def window_positions(times: Ints, period: Period, windows: Ints) -> Ints:
    """Each timestamp's position in ``windows`` (which must hold its window).

    >>> days = np.array(["2024-02-05", "2024-01-05"], dtype="datetime64[us]").view(np.int64)
    >>> window_positions(days, "month", window_list(days, "month"))
    array([1, 0])
    """
    starts = window_starts(times, period)
    low = int(windows[0])
    position = np.zeros(int(windows[-1]) - low + 1, dtype=np.int64)
    position[windows - low] = np.arange(len(windows))
    result: Ints = position[starts - low]
    return result


def windows(times: Ints, period: Period | None) -> tuple[Ints, Ints]:
    """Window starts (days since 1970-01-01) and each timestamp's window position.

    >>> days = np.array(["2024-02-05", "2024-01-05"], dtype="datetime64[us]").view(np.int64)
    >>> starts, positions = windows(days, None)
    >>> starts.tolist(), positions.tolist()
    ([0], [0, 0])
    """
    starts = window_list(times, period)
    if period is None or not len(times):
        return starts, np.zeros(len(times), dtype=np.int64)
    return starts, window_positions(times, period, starts)
