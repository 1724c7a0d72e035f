"""Benchmark: Cronbach's alpha and the reliability report of 100,000 respondents x 36 items.

The requirement (from the project's issue): alpha and the reliability report for
100,000 respondents and 36 items; print the time as a ratio against pingouin's
``cronbach_alpha`` on the same data, measured in the same run. Target for alpha:
ratio <= 1.0. The report's ratio (against the same pingouin call) is printed too.

Run it from the repository root, with pandas and pingouin installed (the
``benchmarks`` extra)::

    python benchmarks/measurement.py                      # 100,000 x 36
    python benchmarks/measurement.py --respondents 10000  # a quick check

What is measured
----------------
* Data: twelve constructs of three items each, 1..7 Likert answers. Each
  construct's factor is standard normal, correlated 0.3 with its neighbours in a
  chain; each item is ``loading * factor + noise`` with loadings drawn in
  [0.5, 0.9] and unique variance ``1 - loading**2``, rounded to the 7-point scale.
  Then 2% of the answers are set missing at random. One seeded numpy Generator;
  the data are a pandas DataFrame of float64 columns, as a CSV reader returns.
* Baseline: ``pingouin.cronbach_alpha(frame)`` on all 36 columns (pairwise
  deletion, the default; it computes the Feldt interval too).
* Subjects: ``measurement.cronbach_alpha(frame)`` (pairwise, with the Feldt
  interval) on the same frame, and ``measurement.reliability_report(frame,
  constructs)`` (alpha, standardized alpha, rho_A, rho_C, omega and AVE of every
  construct, the 12 x 12 HTMT, HTMT2 and the Fornell-Larcker criterion).
* One warm-up of each (which also imports scipy), then ``--repeats`` interleaved
  runs; the ratios are of the medians.
* Before timing, the subject's alpha is checked against pingouin's (to 1e-9):
  a benchmark of a wrong answer is worth nothing. On a difference the script exits 1.
* Informational: alpha on the float64 numpy array instead of the frame, and the
  report's peak memory (tracemalloc) against the size of the data.

It is not a test and does not run in CI.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin
from _versions import versions_line  # the benchmarks dir is not a package

import valuecocreation
from valuecocreation import measurement

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import timed, traced_peak, verdict  # the benchmarks dir is not a package

TIME_TARGET = 1.0
SEED = 20190101
CONSTRUCTS = 12
ITEMS_PER_CONSTRUCT = 3
MISSING_SHARE = 0.02
NEIGHBOUR_CORRELATION = 0.3
ALPHA_TOLERANCE = 1e-9
MB = 1e6


def make_data(respondents: int, seed: int) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The benchmark's answers and constructs; the same arguments give the same data."""
    rng = np.random.default_rng(seed)
    # A chain of correlated factors: each correlated NEIGHBOUR_CORRELATION with the next.
    corr = np.eye(CONSTRUCTS)
    for i in range(CONSTRUCTS - 1):
        corr[i, i + 1] = corr[i + 1, i] = NEIGHBOUR_CORRELATION
    factors = rng.standard_normal((respondents, CONSTRUCTS)) @ np.linalg.cholesky(corr).T
    columns: dict[str, np.ndarray] = {}
    constructs: dict[str, list[str]] = {}
    for c in range(CONSTRUCTS):
        names = [f"c{c:02d}_q{i}" for i in range(ITEMS_PER_CONSTRUCT)]
        constructs[f"construct_{c:02d}"] = names
        for name in names:
            loading = rng.uniform(0.5, 0.9)
            latent = loading * factors[:, c] + np.sqrt(1 - loading**2) * rng.standard_normal(
                respondents
            )
            columns[name] = np.clip(np.rint(4.0 + 1.5 * latent), 1.0, 7.0)
    values = np.column_stack(list(columns.values()))
    values[rng.random(values.shape) < MISSING_SHARE] = np.nan
    return pd.DataFrame(values, columns=list(columns)), constructs


def baseline(frame: pd.DataFrame) -> float:
    alpha, _ = pingouin.cronbach_alpha(frame)
    return float(alpha)


def subject_alpha(frame: pd.DataFrame) -> measurement.CronbachAlpha:
    return measurement.cronbach_alpha(frame)


def main(argv: list[str] | None = None) -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    frame, constructs = make_data(args.respondents, args.seed)
    made = time.perf_counter() - start
    array = frame.to_numpy()
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas "
        f"{pd.__version__}, pingouin {pingouin.__version__}, valuecocreation "
        f"{valuecocreation.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"data (seed {args.seed}, made in {made:.1f} s): {len(frame):,} respondents x "
        f"{frame.shape[1]} items ({CONSTRUCTS} constructs x {ITEMS_PER_CONSTRUCT}), "
        f"{np.isnan(array).mean():.1%} missing, {array.nbytes / MB:.1f} MB of float64"
    )

    def report(data: pd.DataFrame) -> measurement.ReliabilityReport:
        return measurement.reliability_report(data, constructs)

    # Warm-ups, and the cross-check of the answer.
    timed(report, frame)
    _, expected = timed(baseline, frame)
    _, ours = timed(subject_alpha, frame)
    difference = abs(ours.alpha - expected)
    if difference > ALPHA_TOLERANCE:
        print(f"CROSS-CHECK FAILED: alpha {ours.alpha!r} vs pingouin {expected!r}")
        sys.exit(1)
    print(
        f"  cross-check PASS: alpha {ours.alpha:.12f} = pingouin's within {difference:.1e}; "
        f"n = {ours.n_respondents:,}"
    )

    times: dict[str, list[float]] = {"baseline": [], "alpha": [], "report": [], "array": []}
    for _ in range(args.repeats):
        times["baseline"].append(timed(baseline, frame)[0])
        times["alpha"].append(timed(subject_alpha, frame)[0])
        times["report"].append(timed(report, frame)[0])
        times["array"].append(timed(measurement.cronbach_alpha, array)[0])
    median = {name: statistics.median(values) for name, values in times.items()}
    base = median["baseline"]
    print(f"time (median of {args.repeats} interleaved runs after one warm-up; min in brackets)")
    print(
        f"  baseline  pingouin.cronbach_alpha(frame)                  "
        f"{base:7.3f} s  ({min(times['baseline']):.3f})"
    )
    for name, label in (
        ("alpha", "measurement.cronbach_alpha(frame)"),
        ("report", "measurement.reliability_report(frame, 12 constructs)"),
        ("array", "measurement.cronbach_alpha(numpy array)  [info]"),
    ):
        print(f"  subject   {label:<54}{median[name]:7.3f} s  ({min(times[name]):.3f})")
    alpha_ratio = median["alpha"] / base
    print(
        f"  alpha ratio  = cronbach_alpha / pingouin = {alpha_ratio:.2f}   "
        f"{verdict(alpha_ratio, TIME_TARGET)}"
    )
    print(
        f"  report ratio = reliability_report / pingouin = {median['report'] / base:.2f}   "
        "(informational)"
    )
    print(
        f"  array ratio  = cronbach_alpha(array) / pingouin = {median['array'] / base:.2f}   "
        "(informational)"
    )
    peak = traced_peak(report, frame)
    print(
        f"memory: the report's peak allocation {peak / MB:.1f} MB, "
        f"{peak / array.nbytes:.2f} x the data ({array.nbytes / MB:.1f} MB)"
    )


if __name__ == "__main__":
    main()
