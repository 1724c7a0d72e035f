"""Benchmark: valuecocreation.dask on two local worker processes against one process.

Prints the speed-up of ``vcc.dask.assess`` on a ``distributed.LocalCluster`` with
two worker processes (one thread each) over the same Dask graph run in this one
process (``scheduler="sync"``), on 30 million events by default, and the cost of
one more partition.

Run it from the repository root, with the ``dask`` extra installed::

    python benchmarks/dask_scale.py                                 # 30M events
    python benchmarks/dask_scale.py --events 2000000 --partitions 4  # a quick check

What is measured
----------------
* Data: ``--partitions`` partitions of equal size, each generated (seeded by its
  number) on whichever process computes it, with the generator of
  ``benchmarks/log_build.py`` (heavy-tailed sources and targets over ``--actors``
  string ids, the kinds and channels of that script, lognormal weights). Nothing
  of the data passes through the client; generating is part of both sides' work,
  and is timed alone as well (``len`` of every partition), so the speed-up of the
  assessment alone is printed too.
* Cross-check before timing: the cluster's and the single process's assessments
  must have the same JSON, byte for byte, and on the first two partitions the
  result must equal ``vcc.assess`` of their concatenated log. Otherwise exit 1.
* Speed-up: median of ``--repeats`` runs of each side (after one warm-up), one
  process's time divided by the cluster's. Two workers on two cores can give at
  most 2.0; the figure is only meaningful on a quiet machine (the load average is
  printed).
* Per-partition overhead: ``--overhead-events`` events assessed in one partition
  and in ``--overhead-partitions`` partitions, in this process; the difference
  divided by the extra partitions.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import valuecocreation as vcc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _versions import versions_line  # the benchmarks dir is not a package
from log_build import make_data


@functools.lru_cache(maxsize=4)
def _partition(number: int, events: int, actors: int, seed: int) -> pd.DataFrame:
    columns = make_data(events, actors, seed + number).columns
    frame = pd.DataFrame(columns)
    frame["timestamp"] = frame["timestamp"].dt.tz_localize("UTC")
    return frame


def partition(number: int, events: int, actors: int, seed: int) -> pd.DataFrame:
    _partition.cache_clear()  # generate afresh each time: both sides pay the same
    return _partition(number, events, actors, seed)


def frame_of(partitions: int, events: int, actors: int, seed: int) -> Any:
    per = events // partitions
    meta = partition(0, 10, 10, seed).iloc[:0]
    return dd.from_map(
        partition, range(partitions), events=per, actors=actors, seed=seed, meta=meta
    )


FIRM = "user_0000000"


def assess(frame: Any, scheduler: str | None) -> vcc.Assessment:
    return vcc.dask.assess(frame, actors={FIRM: "firm"}, scheduler=scheduler)


def generate(frame: Any, scheduler: str | None) -> int:
    return int(frame.map_partitions(len).sum().compute(scheduler=scheduler))


def timed(function: Any, *args: Any) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def medians(repeats: int, *sides: tuple[Any, ...]) -> list[float]:
    for side in sides:  # warm-up
        side[0](*side[1:])
    times: list[list[float]] = [[] for _ in sides]
    for _ in range(repeats):
        for position, side in enumerate(sides):
            times[position].append(timed(*side))
    return [statistics.median(t) for t in times]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30_000_000)
    parser.add_argument("--actors", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--overhead-events", type=int, default=200_000)
    parser.add_argument("--overhead-partitions", type=int, default=100)
    args = parser.parse_args(argv)
    print(versions_line())
    frame = frame_of(args.partitions, args.events, args.actors, args.seed)
    print(
        f"{args.events:,} events in {args.partitions} partitions of "
        f"{args.events // args.partitions:,}, {args.actors:,} actors"
    )

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
        ) as cluster,
        Client(cluster) as client,
    ):
        small = frame.partitions[:2]
        whole = vcc.InteractionLog.from_frame(small.compute(scheduler="sync"))
        checks = {
            "cluster == one process": assess(frame, None).to_json()
            == assess(frame, "sync").to_json(),
            "two partitions == vcc.assess": assess(small, None).to_json()
            == vcc.assess(whole, actors={FIRM: "firm"}).to_json(),
        }
        del whole
        for name, ok in checks.items():
            print(f"check {name}: {'ok' if ok else 'FAILED'}")
        if not all(checks.values()):
            sys.exit(1)
        one, two, gen_one, gen_two = medians(
            args.repeats,
            (assess, frame, "sync"),
            (assess, frame, None),
            (generate, frame, "sync"),
            (generate, frame, None),
        )
        client.close()
    print(f"one process (sync):     {one:8.2f} s   (generating alone {gen_one:.2f} s)")
    print(f"2 workers (LocalCluster): {two:6.2f} s   (generating alone {gen_two:.2f} s)")
    print(f"speed-up, generating and assessing: {one / two:.2f}x (at most 2.0 on 2 cores)")
    if one > gen_one and two > gen_two:
        print(f"speed-up, assessing alone:          {(one - gen_one) / (two - gen_two):.2f}x")

    # Per-partition overhead, in this process.
    few = frame_of(1, args.overhead_events, args.actors // 10, args.seed)
    many = frame_of(args.overhead_partitions, args.overhead_events, args.actors // 10, args.seed)
    t_few, t_many, g_few, g_many = medians(
        max(args.repeats, 3),
        (assess, few, "sync"),
        (assess, many, "sync"),
        (generate, few, "sync"),
        (generate, many, "sync"),
    )
    extra = args.overhead_partitions - 1
    overhead = ((t_many - g_many) - (t_few - g_few)) / extra
    print(
        f"per-partition overhead: {overhead * 1000:.1f} ms "
        f"({args.overhead_events:,} events in 1 vs {args.overhead_partitions} partitions: "
        f"{t_few - g_few:.2f} s vs {t_many - g_many:.2f} s, generation excluded)"
    )
    print(versions_line())


if __name__ == "__main__":
    main()
