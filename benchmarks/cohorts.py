"""Cohort retention of a million events against the same table computed by pandas.

The table ``valuecocreation.metrics.cohort_retention`` returns (users by first
month and months since) is computed by pandas from the same events (month numbers,
each user's first month, ``drop_duplicates`` and ``crosstab``); the script checks
that both tables are equal before it times anything, then prints the median time of
each side and their ratio (target: <= 1.0, the library no slower than the pandas
recipe), plus the day-period run and the library versions.

    python benchmarks/cohorts.py                      # 1,000,000 events, 40,000 users
    python benchmarks/cohorts.py --events 100000      # a quick check

Replaces two assertions on wall time that used to sit in the unit tests (the tests
keep the equality with pandas; timing belongs here).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from _versions import versions_line  # the benchmarks dir is not a package

import valuecocreation as vcc
from valuecocreation.metrics import cohort_retention


def synthetic(n: int, users: int, seed: int) -> tuple[vcc.InteractionLog, pd.DataFrame]:
    """Users who join at random days of two years and stay a random number of days."""
    rng = np.random.default_rng(seed)
    joined = rng.integers(0, 540, users)
    stays = rng.exponential(120.0, users).astype(np.int64)
    source = rng.integers(1, users, n)
    day = np.minimum(joined[source] + rng.integers(0, stays[source] + 1), 729)
    micros = (
        np.datetime64("2023-01-01", "us").astype(np.int64)
        + day * 86_400_000_000
        + rng.integers(0, 86_400_000_000, n)
    )
    times = micros.astype("datetime64[us]")
    log = vcc.InteractionLog.from_columns(
        source=source, target=np.zeros(n, dtype=np.int64), kind=np.full(n, "view"), timestamp=times
    )
    return log, pd.DataFrame({"user": source, "time": pd.to_datetime(times)})


def pandas_table(events: pd.DataFrame) -> np.ndarray:
    """Users by first month (rows) and months since (columns), by pandas."""
    month = events["time"].dt.year * 12 + events["time"].dt.month - 1
    active = pd.DataFrame({"user": events["user"], "month": month}).drop_duplicates()
    first = active.groupby("user")["month"].transform("min")
    table = pd.crosstab(first, active["month"] - first)
    last = events["time"].max()
    width = last.year * 12 + last.month - 1 - int(first.min()) + 1
    return table.reindex(columns=range(width), fill_value=0).to_numpy()


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    work()  # warm up
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    log, events = synthetic(args.events, args.users, args.seed)
    firm = {"0": "firm"}
    table = cohort_retention(log, actors=firm)
    if not np.array_equal(table.counts, pandas_table(events)):
        raise SystemExit("the library's table differs from pandas': nothing timed")

    ours = median_seconds(lambda: cohort_retention(log, actors=firm), args.repeats)
    theirs = median_seconds(lambda: pandas_table(events), args.repeats)
    by_day = median_seconds(lambda: cohort_retention(log, period="day", actors=firm), args.repeats)
    print(f"{args.events:,} events, {table.n_users:,} users, median of {args.repeats} runs")
    print(f"cohort_retention (month)  {ours:8.3f} s")
    print(f"pandas recipe             {theirs:8.3f} s")
    print(f"ratio                     {ours / theirs:8.2f}  (target <= 1.0)")
    print(f"cohort_retention (day)    {by_day:8.3f} s")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"valuecocreation {vcc.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
