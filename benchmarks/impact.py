"""Benchmark: measure_impact recovers a planted effect, and what it costs against pandas.

Two measurements, both on ``datasets.contest_example`` (synthetic; 400 listeners
per group by default, a planted difference in differences of 0.15):

* Recovery: over ``--runs`` seeded simulations (default 200), the share of runs whose
  95% bootstrap interval (1,000 resamples) holds the planted effect. The issue asks
  for at least 93%.
* Speed: ``measure_impact`` against a hand-written baseline in the same run, on the
  same log: pandas builds the per-actor panel (posted at least once, per window)
  with a group-by, numpy computes the difference in differences and the same
  percentile bootstrap over actors. Before timing, both estimates must agree.

Run it from the repository root, with pandas installed::

    python benchmarks/impact.py
    python benchmarks/impact.py --runs 50 --actors 200   # a quick check
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd

import valuecocreation as vcc
from valuecocreation.datasets import contest_example
from valuecocreation.impact import measure_impact


def baseline(log: vcc.InteractionLog, rng: np.random.Generator, resamples: int) -> float:
    frame = log.to_frame("pandas")
    frame = frame[frame["source"] != "studio"]
    frame["after"] = frame["timestamp"] >= pd.Timestamp("2024-03-31", tz="UTC")
    frame["post"] = frame["kind"] == "post"
    panel = frame.groupby(["source", "after"]).agg(y=("post", "max"), channel=("channel", "first"))
    wide = panel["y"].unstack("after").astype(float)
    channel = panel["channel"].groupby("source").first()
    change = (wide[True] - wide[False]).to_numpy()
    treated = (channel.loc[wide.index] == "facebook").to_numpy()
    t, c = change[treated], change[~treated]
    estimate = float(t.mean() - c.mean())
    draws = t[rng.integers(0, len(t), (resamples, len(t)))].mean(axis=1) - c[
        rng.integers(0, len(c), (resamples, len(c)))
    ].mean(axis=1)
    np.quantile(draws, [0.025, 0.975])
    return estimate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--actors", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    hits = 0
    for run in range(args.runs):
        example = contest_example(seed=1000 + run, actors_per_group=args.actors)
        result = measure_impact(
            example.log,
            example.initiative,
            control=example.control,
            actors=example.actors,
            seed=run,
        )
        low, high = result.condition("user_creativity").interval
        hits += low <= example.true_effect <= high
    print(
        f"planted effect inside the 95% interval: {hits} of {args.runs} runs "
        f"({hits / args.runs:.1%}; required >= 93%)"
    )

    example = contest_example(seed=7, actors_per_group=args.actors)
    ours = measure_impact(
        example.log, example.initiative, control="youtube", actors=example.actors, seed=0
    )
    theirs = baseline(example.log, np.random.default_rng(0), 1000)
    if abs(ours.condition("user_creativity").estimate - theirs) > 1e-12:
        raise SystemExit("the baseline and measure_impact disagree: nothing timed")

    def timed(work: object) -> float:
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            work()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    subject = timed(
        lambda: measure_impact(
            example.log, example.initiative, control="youtube", actors=example.actors, seed=0
        )
    )
    base = timed(lambda: baseline(example.log, np.random.default_rng(0), 1000))
    print(f"measure_impact        {subject * 1000:8.1f} ms  ({len(example.log):,} events)")
    print(f"pandas + numpy        {base * 1000:8.1f} ms")
    print(f"ratio                 {subject / base:8.2f}")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"valuecocreation {vcc.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )


if __name__ == "__main__":
    main()
