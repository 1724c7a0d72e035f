"""Benchmark: build an InteractionLog of ten million events from columns.

The requirement (from the project's issue): build a log of 10 million events with
one million distinct string actor ids from columns; print the time as a ratio
against ``pandas.factorize`` of the same id columns, measured in the same run, and
the peak memory as a ratio against the raw arrays. Targets: time ratio <= 1.5,
memory ratio <= 1.5.

Run it from the repository root, with pandas installed::

    python benchmarks/log_build.py                                 # 10M events, 1M actors
    python benchmarks/log_build.py --events 100000 --actors 10000  # a quick check

What is measured
----------------
* Data: columns as a pandas or CSV reader hands them over. ``source``, ``target``,
  ``kind`` and ``channel`` are numpy ``object`` arrays of Python ``str``;
  ``timestamp`` is ``datetime64[us]`` over sixteen months; ``weight`` is ``float64``.
  Every actor id occurs at least once as a source, the remaining sources are drawn
  from a truncated Zipf law (a few very active users), the targets from a steeper
  one (a popular few). Everything comes from one seeded numpy Generator.
* Time: ``pandas.factorize(source)`` plus ``pandas.factorize(target)`` (baseline)
  against ``InteractionLog.from_columns`` of all six columns (subject). One warm-up
  of each, then ``--repeats`` interleaved runs; the ratio is of the medians.
* The numpy-only fallback (no pandas installed) is timed by patching
  ``valuecocreation._core.factorize.pandas_available`` to return False, which is what
  ``factorize_text`` consults; it is checked to build the identical log without
  calling pandas. Its ratio is informational: the target is for the default path.
* Memory: the peak of memory allocated while building (tracemalloc, which numpy
  and pandas report their buffers to; the finished log counts), against the raw
  arrays: the ``nbytes`` of the six input arrays plus every distinct ``str`` object
  the object columns point to, by ``sys.getsizeof``, each counted once. A fresh
  subprocess cross-checks it with the growth of its resident set.

The resident-set cross-check runs first, in a fresh process, and so doubles as a
smoke test: if the build crashes the interpreter, the script prints the crashed
process's innermost frames and exits 1. Otherwise it exits 0 and prints PASS or
FAIL against each target. It is not a test and does not run in CI.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import numpy as np
import pandas as pd
from _versions import versions_line  # the benchmarks dir is not a package

import valuecocreation
from valuecocreation import InteractionKind, InteractionLog

TIME_TARGET = 1.5
MEMORY_TARGET = 1.5
SEED = 20190101
SOURCE_EXPONENT = 0.8  # truncated Zipf-like: the most active user makes ~1% of the events
TARGET_EXPONENT = 1.2  # steeper: the most popular target receives ~14% of the events
FIRST_DAY = np.datetime64("2014-01-01T00:00:00", "us")
LAST_DAY = np.datetime64("2015-05-01T00:00:00", "us")  # sixteen months later
KIND_SHARES = {
    "view": 30.0,
    "like": 18.0,
    "visit": 10.0,
    "follow": 6.0,
    "comment": 6.0,
    "share": 5.0,
    "reply": 4.0,
    "message": 3.0,
    "post": 3.0,
    "purchase": 2.0,
}
CHANNEL_SHARES = {
    "facebook": 0.30,
    "instagram": 0.20,
    "youtube": 0.15,
    "tiktok": 0.12,
    "x": 0.08,
    "app": 0.08,
    "web": 0.05,
    None: 0.02,
}  # None: not exported
MB = 1e6
T = TypeVar("T")


@dataclass(frozen=True)
class Data:
    """The six input columns and what the benchmark knows about them."""

    columns: dict[str, np.ndarray]
    distinct_actors: int
    distinct_sources: int
    distinct_targets: int
    str_objects: int  # distinct str objects the object columns point to
    str_bytes: int  # their sys.getsizeof, each counted once

    @property
    def array_bytes(self) -> int:
        return sum(array.nbytes for array in self.columns.values())

    @property
    def raw_bytes(self) -> int:
        return self.array_bytes + self.str_bytes


# ---------------------------------------------------------------------- data
def make_data(events: int, actors: int, seed: int) -> Data:
    """The benchmark's columns; the same arguments always give the same data."""
    rng = np.random.default_rng(seed)
    width = max(7, len(str(actors - 1)))
    pool = np.empty(actors, dtype=object)
    pool[:] = [f"user_{i:0{width}d}" for i in range(actors)]

    # Every actor acts at least once (so the data hold all of them); the other
    # events come from a heavy-tailed activity law over a shuffled popularity rank.
    covered = min(events, actors)
    source_index = np.concatenate(
        [
            rng.permutation(actors)[:covered],
            rng.permutation(actors)[_zipf_ranks(rng, events - covered, actors, SOURCE_EXPONENT)],
        ]
    )
    rng.shuffle(source_index)
    target_index = rng.permutation(actors)[_zipf_ranks(rng, events, actors, TARGET_EXPONENT)]

    kind_pool = np.array([kind.value for kind in InteractionKind], dtype=object)
    kind_weights = np.array([KIND_SHARES.get(str(k), 1.0) for k in kind_pool])
    kind_index = rng.choice(len(kind_pool), size=events, p=kind_weights / kind_weights.sum())

    channel_pool = np.empty(len(CHANNEL_SHARES), dtype=object)
    channel_pool[:] = list(CHANNEL_SHARES)
    channel_index = rng.choice(
        len(channel_pool), size=events, p=np.array(list(CHANNEL_SHARES.values()))
    )

    span = int((LAST_DAY - FIRST_DAY).astype(np.int64))
    offsets = np.sort(rng.integers(0, span, size=events))  # an export in time order
    timestamp = FIRST_DAY + offsets.astype("timedelta64[us]")
    weight = rng.lognormal(mean=0.0, sigma=0.5, size=events)

    # Distinct str objects pointed to: each pool entry is its own object.
    as_source = np.bincount(source_index, minlength=actors) > 0
    as_target = np.bincount(target_index, minlength=actors) > 0
    used_actors = as_source | as_target
    strings = [
        *pool[used_actors].tolist(),
        *kind_pool[np.unique(kind_index)].tolist(),
        *(c for c in channel_pool[np.unique(channel_index)].tolist() if c is not None),
    ]
    columns = {
        "source": pool[source_index],
        "target": pool[target_index],
        "kind": kind_pool[kind_index],
        "timestamp": timestamp,
        "channel": channel_pool[channel_index],
        "weight": weight,
    }
    return Data(
        columns=columns,
        distinct_actors=int(used_actors.sum()),
        distinct_sources=int(as_source.sum()),
        distinct_targets=int(as_target.sum()),
        str_objects=len(strings),
        str_bytes=sum(sys.getsizeof(s) for s in strings),
    )


def _zipf_ranks(rng: np.random.Generator, size: int, count: int, exponent: float) -> np.ndarray:
    """``size`` heavy-tailed ranks in ``0 .. count - 1``: a power law, Zipf-like.

    Rank ``r`` is the floor of ``x - 1`` for ``x`` drawn from the density proportional
    to ``x**-exponent`` on ``[1, count + 1)`` (inverse transform; ``exponent != 1``).
    """
    power = 1.0 - exponent
    top = (count + 1.0) ** power
    x = (1.0 + rng.random(size) * (top - 1.0)) ** (1.0 / power)
    return np.minimum(x.astype(np.int64) - 1, count - 1)


# ---------------------------------------------------------------------- the two sides
Columns = dict[str, np.ndarray]


def baseline(columns: Columns) -> tuple[Any, Any]:
    return pd.factorize(columns["source"]), pd.factorize(columns["target"])


def subject(columns: Columns) -> InteractionLog:
    return InteractionLog.from_columns(**columns)


def timed(function: Callable[[T], Any], argument: T) -> tuple[float, Any]:
    """Seconds ``function(argument)`` takes (after a garbage collection), and its result."""
    gc.collect()
    start = time.perf_counter()
    result = function(argument)
    return time.perf_counter() - start, result


def traced_peak(function: Callable[[T], Any], argument: T) -> int:
    """Peak bytes allocated while ``function`` runs (its kept result included)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = function(argument)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


# ---------------------------------------------------------------------- measurements
def measure_time(columns: Columns, repeats: int) -> tuple[list[float], list[float], InteractionLog]:
    with mock.patch.object(pd, "factorize", wraps=pd.factorize) as factorize:
        _, log = timed(subject, columns)  # warm-up, and a check of the engine used
    if not factorize.call_count:
        print("  warning: the subject did not call pandas.factorize")
    timed(baseline, columns)
    del log
    base_times, subject_times = [], []
    for _ in range(repeats):
        seconds, _ = timed(baseline, columns)
        base_times.append(seconds)
        seconds, log = timed(subject, columns)
        subject_times.append(seconds)
        if len(subject_times) < repeats:
            del log
    return base_times, subject_times, log


def measure_fallback(
    columns: Columns, repeats: int, reference: InteractionLog
) -> list[float] | str:
    """Times of the numpy-only path, or why it could not be measured."""
    from valuecocreation._core import factorize as _factorize  # noqa: PLC0415 - private, only for this patch

    if not hasattr(_factorize, "pandas_available"):
        return "skipped: valuecocreation._core.factorize.pandas_available no longer exists"
    times, same = [], True
    with (
        mock.patch.object(_factorize, "pandas_available", return_value=False),
        mock.patch.object(pd, "factorize", wraps=pd.factorize) as factorize,
    ):
        for _ in range(repeats):
            seconds, log = timed(subject, columns)
            times.append(seconds)
            same = same and log == reference
            del log
    if factorize.call_count:
        return f"invalid: pandas.factorize was still called {factorize.call_count} times"
    if not same:
        return "invalid: the numpy-only path built a different log"
    return times


class BuildCrashedError(RuntimeError):
    """The build killed its (fresh) process, by a signal such as SIGSEGV."""


def measure_rss(args: argparse.Namespace) -> dict[str, Any] | str:
    """Resident-set growth of a build in a fresh process, or why it failed.

    Run first, it doubles as a smoke test: a build that crashes the interpreter
    raises :class:`BuildCrashedError` with the child's last Python frames.
    """
    return run_rss_child(Path(__file__), args, BuildCrashedError, "the build")


def run_rss_child(
    script: Path, args: argparse.Namespace, crashed: type[RuntimeError], what: str
) -> dict[str, Any] | str:
    """Run ``script --rss-child`` in a fresh process and return its JSON report.

    A child killed by a signal raises ``crashed`` with its innermost Python frames;
    a child that fails otherwise gives the reason as text.
    """
    command = [
        sys.executable,
        "-X",
        "faulthandler",
        str(script.resolve()),
        "--rss-child",
        "--events",
        str(args.events),
        "--actors",
        str(args.actors),
        "--seed",
        str(args.seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode < 0:
        frames = [line for line in done.stderr.splitlines() if line.lstrip().startswith("File")]
        raise crashed(
            f"{what} crashed a fresh process ({signal.Signals(-done.returncode).name}); "
            "its innermost frames:\n" + "\n".join(frames[:6])
        )
    if done.returncode:
        return f"failed: {done.stderr.strip().splitlines()[-1:]}"
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def rss_child(args: argparse.Namespace) -> None:
    """In a fresh process: make the data, then build once and report RSS growth."""
    columns = make_data(args.events, args.actors, args.seed).columns
    subject({name: array[:10] for name, array in columns.items()})  # load lazy code paths
    gc.collect()
    status = Path("/proc/self/status")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        before, method = _maxrss(), "ru_maxrss (a higher peak from making the data hides growth)"
        log = subject(columns)
        growth = _maxrss() - before
    else:
        before, method = _status_bytes(status, "VmRSS"), "VmHWM - VmRSS after clear_refs"
        log = subject(columns)
        growth = _status_bytes(status, "VmHWM") - before
    print(json.dumps({"growth": growth, "method": method, "events": len(log)}))


def _status_bytes(status: Path, field: str) -> int:
    for line in status.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def _maxrss() -> int:
    import resource  # noqa: PLC0415 - POSIX only

    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


# ---------------------------------------------------------------------- report
def verdict(ratio: float, target: float) -> str:
    return f"target <= {target}   {'PASS' if ratio <= target else 'FAIL'}"


def report_data(data: Data, seed: int, seconds: float) -> None:
    columns = data.columns
    events = len(columns["source"])
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"valuecocreation {valuecocreation.__version__}, {os.cpu_count()} CPUs, "
        f"{platform.machine()}"
    )
    print(
        f"data (seed {seed}, made in {seconds:.1f} s): {events:,} events; "
        f"{data.distinct_actors:,} distinct actor ids "
        f"({data.distinct_sources:,} as source, {data.distinct_targets:,} as target)"
    )
    print(
        "  source, target, kind, channel: object arrays of str; "
        f"timestamp: {columns['timestamp'].dtype}; weight: {columns['weight'].dtype}"
    )
    missing = float(pd.isna(columns["channel"]).mean())
    print(
        f"  kinds: {len(np.unique(columns['kind'])):,}; channels: {len(CHANNEL_SHARES) - 1} "
        f"names, {missing:.1%} missing (None)"
    )


def report_time(base: list[float], subj: list[float], fallback: list[float] | str) -> None:
    base_s, subj_s = statistics.median(base), statistics.median(subj)
    print(f"time (median of {len(base)} interleaved runs after one warm-up; min in brackets)")
    print(
        f"  baseline  pandas.factorize(source) + pandas.factorize(target) "
        f"{base_s:7.2f} s  ({min(base):.2f})"
    )
    print(
        f"  subject   InteractionLog.from_columns(six columns)              "
        f"{subj_s:7.2f} s  ({min(subj):.2f})"
    )
    ratio = subj_s / base_s
    print(f"  time ratio = subject / baseline = {ratio:.2f}   {verdict(ratio, TIME_TARGET)}")
    print("  fallback  numpy-only path (pandas_available() patched to False), informational:")
    if isinstance(fallback, str):
        print(f"            {fallback}")
        return
    fall_s = statistics.median(fallback)
    print(
        f"            {fall_s:.2f} s (median of {len(fallback)}; identical log, "
        f"pandas.factorize not called)   fallback time ratio = {fall_s / base_s:.2f}"
    )


def report_memory(data: Data, peak: int, base_peak: int, rss: dict[str, Any] | str) -> None:
    raw = data.raw_bytes
    print("memory (peak bytes allocated while building; the finished log counts)")
    print(
        f"  raw arrays = {raw / MB:,.1f} MB: nbytes of the six input arrays "
        f"({data.array_bytes / MB:,.1f} MB)"
    )
    print(
        f"               + sys.getsizeof of each distinct str object the object columns "
        f"point to, counted once ({data.str_objects:,} objects, {data.str_bytes / MB:,.1f} MB)"
    )
    ratio = peak / raw
    print(
        f"  subject peak (tracemalloc)   {peak / MB:9,.1f} MB   memory ratio = {ratio:.2f}   "
        f"{verdict(ratio, MEMORY_TARGET)}"
    )
    print(
        f"  baseline peak (tracemalloc)  {base_peak / MB:9,.1f} MB   ratio = "
        f"{base_peak / raw:.2f}   (context)"
    )
    if isinstance(rss, str):
        print(f"  cross-check, RSS growth in a fresh process: {rss}")
    else:
        print(
            f"  cross-check, RSS growth in a fresh process "
            f"{rss['growth'] / MB:9,.1f} MB   ratio = {rss['growth'] / raw:.2f}   "
            f"({rss['method']})"
        )


def profile(columns: Columns, rows: int = 20) -> None:
    print(f"profile of one build (cProfile, top {rows} by own time)")
    profiler = cProfile.Profile()
    log = profiler.runcall(subject, columns)
    del log
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(rows)


# ---------------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="default: 10,000,000")
    parser.add_argument("--actors", type=int, default=1_000_000, help="default: 1,000,000")
    parser.add_argument("--seed", type=int, default=SEED, help=f"default: {SEED}")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument(
        "--fallback-repeats",
        type=int,
        default=1,
        help="timed runs of the numpy-only path; 0 skips it (default 1)",
    )
    parser.add_argument(
        "--no-rss", action="store_true", help="skip the resident-set cross-check in a subprocess"
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one build")
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events < 1 or args.actors < 1 or args.repeats < 1 or args.fallback_repeats < 0:
        parser.error("--events, --actors and --repeats must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    args = parse_args(argv)
    if args.rss_child:
        rss_child(args)
        return
    print(
        f"log_build: InteractionLog.from_columns, {args.events:,} events, {args.actors:,} actor ids"
    )
    start = time.perf_counter()
    data = make_data(args.events, args.actors, args.seed)
    report_data(data, args.seed, time.perf_counter() - start)
    columns = data.columns
    rss: dict[str, Any] | str = "skipped (--no-rss)"
    if not args.no_rss:
        try:
            rss = measure_rss(args)
        except BuildCrashedError as error:
            print(error)
            sys.exit(1)

    base, subj, log = measure_time(columns, args.repeats)
    if len(log.actors) != data.distinct_actors:
        print(
            f"  warning: the log has {len(log.actors):,} actors, the data {data.distinct_actors:,}"
        )
    fallback: list[float] | str = "skipped (--fallback-repeats 0)"
    if args.fallback_repeats:
        fallback = measure_fallback(columns, args.fallback_repeats, log)
    del log
    report_time(base, subj, fallback)

    peak = traced_peak(subject, columns)
    base_peak = traced_peak(baseline, columns)
    report_memory(data, peak, base_peak, rss)
    if args.profile:
        profile(columns)


if __name__ == "__main__":
    main()
