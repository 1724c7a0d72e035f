"""Benchmark: the value-flow graph and three of its metrics against hand-written scipy.sparse.

The requirement (from the project's issue): from 10 million events (one million
actors, heavy-tailed targets), build the graph and compute reciprocity,
connectivity and PageRank; print the time as a ratio against a hand-written
``scipy.sparse`` computation of the same three metrics in the same run (target:
ratio <= 2.0), and the peak memory of both.

Run it from the repository root, with scipy installed (the ``graph`` extra)::

    python benchmarks/graph.py                                  # 10M events, 1M actors
    python benchmarks/graph.py --events 200000 --actors 20000   # a quick check

What is measured
----------------
* Data: the columns of ``benchmarks/log_build.py`` (same generator and seed:
  Zipf-like sources and targets), built into an ``InteractionLog`` (not timed).
  The most popular target is the firm; every other actor is a user.
* Subject: ``ValueFlowGraph.from_log(log, actors={firm: "firm"})`` (one edge per
  (source, target) pair, with its per-kind and per-condition tables), then
  ``network.reciprocity``, ``network.connectivity`` and ``network.pagerank``.
* Baseline: from the log's code columns, a ``scipy.sparse`` CSR adjacency with
  summed weights (``coo_array(...).tocsr()``); reciprocity as the non-zeros of
  ``A * A.T`` off the diagonal over the non-zeros of ``A``; weak components with
  ``scipy.sparse.csgraph.connected_components``; PageRank by the power iteration
  networkx uses (``x @ P`` with the row-normalised ``P``, dangling mass spread
  uniformly, stop when the L1 change is below ``n * 1e-6``).
* Cross-check, before timing: both sides must give the same overall reciprocity,
  number of components and largest component, and PageRank vectors within 1e-9;
  otherwise the script exits 1.
* Time: one warm-up each, then ``--repeats`` interleaved runs; ratio of medians.
* Memory: the peak allocated while each side runs (tracemalloc; numpy and scipy
  report their buffers to it), the log itself excluded, and their ratio.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from _versions import versions_line  # the benchmarks dir is not a package
from scipy.sparse import csgraph

from valuecocreation import InteractionLog, ValueFlowGraph, network

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import SEED, make_data, timed, traced_peak, verdict

TIME_TARGET = 2.0
MB = 1e6


def make_log(events: int, actors: int, seed: int) -> tuple[InteractionLog, str]:
    log = InteractionLog.from_columns(**make_data(events, actors, seed).columns)
    gc.collect()
    firm = str(log.actors[int(np.bincount(log.target_codes).argmax())])
    return log, firm


def subject(case: tuple[InteractionLog, str]) -> tuple[Any, ...]:
    log, firm = case
    graph = ValueFlowGraph.from_log(log, actors={firm: "firm"})
    return (network.reciprocity(graph), network.connectivity(graph), network.pagerank(graph))


def baseline(case: tuple[InteractionLog, str]) -> tuple[Any, ...]:
    log, _ = case
    n = len(log.actors)
    adjacency = sp.coo_array(
        (log.weights, (log.source_codes, log.target_codes)), shape=(n, n)
    ).tocsr()
    adjacency.sum_duplicates()
    pattern = (adjacency != 0).astype(np.int8)
    both = pattern.multiply(pattern.T)
    reciprocated = both.nnz - int(both.diagonal().astype(bool).sum())
    reciprocity = reciprocated / pattern.nnz
    count, labels = csgraph.connected_components(adjacency, directed=True, connection="weak")
    largest = int(np.bincount(labels).max())
    strength = np.asarray(adjacency.sum(axis=1)).ravel()
    dangling = strength == 0
    inverse = np.divide(1.0, strength, out=np.zeros(n), where=~dangling)
    transition = sp.diags_array(inverse) @ adjacency
    rank = np.full(n, 1.0 / n)
    for _ in range(100):
        previous = rank
        rank = 0.85 * (rank @ transition + rank[dangling].sum() / n) + 0.15 / n
        if np.abs(rank - previous).sum() < n * 1e-6:
            break
    return reciprocity, count, largest, rank


def cross_check(case: tuple[InteractionLog, str]) -> None:
    ours = subject(case)
    theirs = baseline(case)
    problems = []
    if abs(ours[0].overall - theirs[0]) > 1e-12:
        problems.append(f"reciprocity {ours[0].overall} != {theirs[0]}")
    if (ours[1].components, ours[1].largest) != (theirs[1], theirs[2]):
        problems.append(
            f"components {(ours[1].components, ours[1].largest)} != {(theirs[1], theirs[2])}"
        )
    gap = float(np.abs(ours[2] - theirs[3]).max())
    if gap > 1e-9:
        problems.append(f"PageRank differs by up to {gap}")
    if problems:
        print("CROSS-CHECK FAILED:", *problems, sep="\n  ")
        sys.exit(1)
    print(
        f"cross-check: reciprocity {theirs[0]:.6f}, {theirs[1]:,} components "
        f"(largest {theirs[2]:,}), PageRank within {gap:.1e}: agree"
    )


def main(argv: list[str] | None = None) -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--actors", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    case = make_log(args.events, args.actors, args.seed)
    log = case[0]
    print(f"data: {len(log):,} events, {len(log.actors):,} actors (seed {args.seed})")
    cross_check(case)
    base, subj = [], []
    for _ in range(args.repeats):
        base.append(timed(baseline, case)[0])
        seconds, _ = timed(subject, case)
        subj.append(seconds)
    graph_edges = ValueFlowGraph.from_log(log).n_edges
    ratio = statistics.median(subj) / statistics.median(base)
    print(f"graph: {graph_edges:,} edges")
    print(
        f"time   baseline (scipy.sparse) median {statistics.median(base):.2f} s  "
        f"{[round(t, 2) for t in base]}"
    )
    print(
        f"       subject (graph + metrics) median {statistics.median(subj):.2f} s  "
        f"{[round(t, 2) for t in subj]}"
    )
    print(f"       ratio {ratio:.2f}   {verdict(ratio, TIME_TARGET)}")
    base_peak, subj_peak = traced_peak(baseline, case), traced_peak(subject, case)
    print(
        f"memory peak: baseline {base_peak / MB:.0f} MB, subject {subj_peak / MB:.0f} MB, "
        f"ratio {subj_peak / base_peak:.2f} (log's own arrays not counted)"
    )


if __name__ == "__main__":
    main()
