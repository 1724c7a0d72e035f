"""Benchmark: a Parquet file of 10 million events to a validated log.

The requirement (from the project's issue): reading 10M events from Parquet is
within 1.3x of ``pyarrow.parquet.read_table`` plus dictionary encoding of the id
columns, measured in the same run.

Run it from the repository root, with pyarrow installed::

    python benchmarks/parquet.py                  # 10M rows, 1M actors
    python benchmarks/parquet.py --rows 500000    # a quick check

What is measured
----------------
* Data: the columns of ``benchmarks/log_build.py`` (same generator and seed),
  written with ``pyarrow.parquet.write_table`` (row groups of 1M rows) to a
  temporary directory, deleted afterwards: ``source``, ``target``, ``kind``,
  ``channel`` as text, ``timestamp`` as ``timestamp[us, tz=UTC]``, ``weight`` as
  float64.
* Baseline: ``pyarrow.parquet.read_table(path)`` followed by
  ``pyarrow.compute.dictionary_encode`` of ``source`` and ``target``.
* Subject: ``vcc.io.read_parquet(path)``: every row validated (ids, kinds
  through the alias table, timestamps, weights) and the log built.
* Time: one warm-up of each, then ``--repeats`` interleaved runs; the ratio is of
  the medians. ``iter_parquet`` merged to evidence is timed for information.
* Cross-check: the log must hold every row, with the generator's actors and
  kinds; otherwise the script exits 1.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import valuecocreation as vcc
from valuecocreation.evidence import Evidence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import SEED, make_data, timed, verdict  # the benchmarks dir is not a package

TARGET = 1.3


def write_file(path: Path, rows: int, actors: int, seed: int) -> dict[str, Any]:
    columns = make_data(rows, actors, seed).columns
    table = pa.table(
        {
            "source": pa.array(columns["source"], type=pa.string()),
            "target": pa.array(columns["target"], type=pa.string()),
            "kind": pa.array(columns["kind"], type=pa.string()),
            "timestamp": pa.array(columns["timestamp"]).cast(pa.timestamp("us", tz="UTC")),
            "channel": pa.array(columns["channel"], type=pa.string()),
            "weight": pa.array(np.asarray(columns["weight"], dtype=np.float64)),
        }
    )
    pq.write_table(table, path, row_group_size=1_000_000)
    return columns


def baseline(path: Path) -> Any:
    table = pq.read_table(path)
    return table, pc.dictionary_encode(table["source"]), pc.dictionary_encode(table["target"])


def chunked(path: Path) -> Evidence:
    return functools.reduce(Evidence.merge, vcc.io.iter_parquet(path, as_="evidence"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--actors", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    print(
        f"valuecocreation {vcc.__version__}, pyarrow {pa.__version__}, numpy {np.__version__}, "
        f"Python {platform.python_version()}"
    )
    print("load average {:.2f} {:.2f} {:.2f} on {} CPUs".format(*os.getloadavg(), os.cpu_count()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "events.parquet")
        columns = write_file(path, args.rows, min(args.actors, args.rows), args.seed)
        size = path.stat().st_size / 1e6
        print(f"data: {args.rows:,} events, {size:,.0f} MB of Parquet")
        log = vcc.io.read_parquet(path)
        problems = []
        if len(log) != args.rows:
            problems.append(f"the log has {len(log):,} events for {args.rows:,} rows")
        expected_actors = np.union1d(columns["source"].astype(str), columns["target"].astype(str))
        if len(log.actors) != len(expected_actors):
            problems.append("the log's actors differ from the data's")
        del log
        sides = {"baseline": baseline, "subject": vcc.io.read_parquet, "chunked": chunked}
        for side in sides.values():
            timed(side, path)
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.repeats):
            for name, side in sides.items():
                seconds, result = timed(side, path)
                times[name].append(seconds)
                del result
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"time (median of {args.repeats} interleaved runs after one warm-up)")
    labels = {
        "baseline": "baseline  pq.read_table + dictionary_encode(source, target)",
        "subject": "subject   vcc.io.read_parquet(path)                         ",
        "chunked": "chunked   iter_parquet(as_='evidence') merged (information) ",
    }
    for name, label in labels.items():
        print(f"  {label} {median[name]:7.2f} s")
    ratio = median["subject"] / median["baseline"]
    print(f"  time ratio = subject / baseline = {ratio:.2f}   {verdict(ratio, TARGET)}")
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for problem in problems:
        print(f"CROSS-CHECK FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
