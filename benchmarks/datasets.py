"""Loading the bundled RecordFarm (synthetic) data against reading its files with pandas.

``valuecocreation.datasets.load_recordfarm`` reads three bundled files (two gzip CSV
files and a survey CSV) and builds an interaction log, an actor table and survey
responses from them. The baseline reads the same three files with
``pandas.read_csv`` (no validation, no encoding of ids). The script prints the
median time of each and the ratio (no target yet: it tells whether loading costs
more than reading), then the library versions.

    python benchmarks/datasets.py

Replaces a CPU-time assertion that used to sit in the unit tests.
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
from valuecocreation.datasets import load_recordfarm, recordfarm_path

FILES = ("interactions.csv.gz", "actors.csv.gz", "survey.csv")


def median_seconds(work: Callable[[], object], repeats: int) -> float:
    work()  # warm up: the imports a first call triggers are not part of loading
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def read_with_pandas() -> list[pd.DataFrame]:
    return [pd.read_csv(recordfarm_path(name), dtype=str) for name in FILES]


def main() -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = load_recordfarm()
    frames = read_with_pandas()
    if [len(data.log), len(data.actor_table["id"]), len(data.survey)] != [len(f) for f in frames]:
        raise SystemExit("the loaded data and the files disagree on row counts: nothing timed")
    ours = median_seconds(load_recordfarm, args.repeats)
    theirs = median_seconds(read_with_pandas, args.repeats)
    print(f"load_recordfarm       {ours:7.3f} s  ({len(data.log):,} events)")
    print(f"pandas.read_csv x 3   {theirs:7.3f} s")
    print(f"ratio                 {ours / theirs:7.2f}")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"valuecocreation {vcc.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
