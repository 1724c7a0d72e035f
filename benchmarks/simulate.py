"""Benchmark: independent cascades and CELF seed selection of valuecocreation.simulate.

The requirement (from the project's issue): the independent cascade on networkx's
karate club graph, timed per run against ndlib's ``IndependentCascadesModel`` on the
same graph and seeds (target: at least 20x faster per run); 1,000 runs on a
value-flow graph of one million actors from the benchmark generator in under 60 s
on two cores; CELF for k = 20 on a 100,000-actor graph, timed and reported.

Run it from the repository root, with ndlib 6.0.1 and six installed (they are not
dependencies of the package)::

    python benchmarks/simulate.py                       # the full sizes
    python benchmarks/simulate.py --events 500000 --actors 50000 --celf-actors 20000

What is measured
----------------
* Karate club (34 nodes, 78 edges), seeds {0} at p = 0.1 and {0, 33} at p = 0.2:
  ``independent_cascade(..., runs=--karate-runs)`` against ndlib, every edge's
  threshold configured (ndlib silently uses 1/degree otherwise), one model per run,
  iterated until no node is infected. The per-run times are divided; the means are
  cross-checked first (within 4 standard errors, else exit 1).
* Large graph: ``ValueFlowGraph.from_log`` of the columns of
  ``benchmarks/log_build.py`` (same generator and seed, not timed); the seed is the
  most popular target (the firm); p = --probability on every edge; a share travels
  to the audience (``direction="in"``). 1,000 runs are timed against a hand-written
  numpy baseline that runs one cascade at a time on the same CSR arrays (one
  Bernoulli draw per edge of each frontier, as the model is usually coded), over
  --baseline-runs runs; per-run ratio. ndlib is not run on this graph: its
  per-edge configuration is a Python dict entry per edge and it steps one node at a
  time, which does not fit a million-actor graph in a benchmark's time.
* CELF: ``select_seeds(graph, 20, probability=--probability, runs=--celf-samples)``
  on a graph of --celf-actors actors (10 events per actor), timed once, with the
  reach of the chosen, top-degree and random seeds it reports.
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

import networkx as nx
import numpy as np

from valuecocreation import InteractionLog, ValueFlowGraph
from valuecocreation.simulate import independent_cascade, select_seeds

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import SEED, make_data

KARATE_TARGET = 20.0  # ndlib's time per run over ours, at least
LARGE_TARGET_SECONDS = 60.0


def ndlib_runs(
    graph: nx.Graph, seeds: list[int], p: float, runs: int
) -> tuple[float, float, float]:
    """ndlib's mean reached fraction, its standard error and seconds per run."""
    import ndlib.models.epidemics as ep  # noqa: PLC0415 - optional, benchmark only
    import ndlib.models.ModelConfig as mc  # noqa: PLC0415, N813 - ndlib's own spelling

    np.random.seed(SEED)  # noqa: NPY002 - ndlib draws from numpy's global generator
    fractions = []
    start = time.perf_counter()
    for _ in range(runs):
        model = ep.IndependentCascadesModel(graph)
        config = mc.Configuration()
        for edge in graph.edges():
            config.add_edge_configuration("threshold", edge, p)
        config.add_model_initial_configuration("Infected", seeds)
        model.set_initial_status(config)
        while True:
            step = model.iteration(node_status=False)
            if step["iteration"] > 0 and step["node_count"][1] == 0:
                break
        fractions.append((step["node_count"][1] + step["node_count"][2]) / graph.number_of_nodes())
    seconds = (time.perf_counter() - start) / runs
    return statistics.fmean(fractions), statistics.stdev(fractions) / math.sqrt(runs), seconds


def karate(runs: int, ndlib_count: int) -> bool:
    graph = nx.karate_club_graph()
    ok = True
    for seeds, p in (([0], 0.1), ([0, 33], 0.2)):
        start = time.perf_counter()
        ours = independent_cascade(graph, seeds, p, runs=runs, seed=SEED)
        our_seconds = (time.perf_counter() - start) / runs
        mean, error, their_seconds = ndlib_runs(graph, seeds, p, ndlib_count)
        gap = abs(ours.mean_fraction - mean) / math.hypot(error, ours.standard_error / 34)
        if gap > 4:
            print(f"CROSS-CHECK FAILED: karate {seeds} p={p}: {ours.mean_fraction} vs {mean}")
            sys.exit(1)
        ratio = their_seconds / our_seconds
        ok &= ratio >= KARATE_TARGET
        print(
            f"karate seeds {seeds} p={p}: mean fraction {ours.mean_fraction:.4f} "
            f"(ndlib {mean:.4f}, {gap:.1f} SE apart); per run {our_seconds * 1e6:.1f} us "
            f"vs ndlib {their_seconds * 1e6:.0f} us: ndlib/ours {ratio:.0f}x "
            f"(target >= {KARATE_TARGET:.0f}x) {'PASS' if ratio >= KARATE_TARGET else 'FAIL'}"
        )
    return ok


def one_at_a_time(indptr, indices, start: int, p: float, rng: np.random.Generator) -> int:
    """The baseline: one cascade, frontier by frontier, one draw per edge tried."""
    active = np.zeros(len(indptr) - 1, dtype=bool)
    active[start] = True
    frontier = np.array([start])
    while frontier.size:
        rows = [indices[indptr[u] : indptr[u + 1]] for u in frontier.tolist()]
        tried = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        hit = np.unique(tried[rng.random(tried.size) < p])
        frontier = hit[~active[hit]]
        active[frontier] = True
    return int(active.sum())


def large(events: int, actors: int, p: float, runs: int, baseline_runs: int) -> bool:
    log = InteractionLog.from_columns(**make_data(events, actors, SEED).columns)
    firm = str(log.actors[int(np.bincount(log.target_codes).argmax())])
    graph = ValueFlowGraph.from_log(log, actors={firm: "firm"})
    del log
    print(f"large graph: {len(graph):,} actors, {graph.n_edges:,} edges; seed {firm}, p={p}")
    start = time.perf_counter()
    ours = independent_cascade(graph, firm, p, runs=runs, seed=SEED)
    seconds = time.perf_counter() - start
    # The baseline runs on the same CSR rows (a share travels against the edges).
    order = np.argsort(graph.target_codes, kind="stable")
    indices = np.asarray(graph.source_codes)[order]
    indptr = np.zeros(len(graph) + 1, dtype=np.int64)
    np.cumsum(np.bincount(graph.target_codes, minlength=len(graph)), out=indptr[1:])
    position = int(np.flatnonzero(graph.actors == firm)[0])
    rng = np.random.default_rng(SEED)
    begin = time.perf_counter()
    reached = [one_at_a_time(indptr, indices, position, p, rng) for _ in range(baseline_runs)]
    base_seconds = (time.perf_counter() - begin) / baseline_runs
    base_error = statistics.stdev(reached) / math.sqrt(baseline_runs)
    gap = abs(ours.mean - statistics.fmean(reached)) / math.hypot(base_error, ours.standard_error)
    if gap > 4:
        print(f"CROSS-CHECK FAILED: large graph mean {ours.mean} vs {statistics.fmean(reached)}")
        sys.exit(1)
    per_run = seconds / runs
    print(
        f"  {runs} runs in {seconds:.1f} s (target < {LARGE_TARGET_SECONDS:.0f} s) "
        f"{'PASS' if seconds < LARGE_TARGET_SECONDS else 'FAIL'}; mean reach {ours.mean:,.1f} "
        f"(baseline {statistics.fmean(reached):,.1f}, {gap:.1f} SE apart)"
    )
    print(
        f"  per run {per_run * 1e3:.2f} ms vs one-at-a-time numpy {base_seconds * 1e3:.1f} ms: "
        f"baseline/ours {base_seconds / per_run:.1f}x"
    )
    return seconds < LARGE_TARGET_SECONDS


def celf(actors: int, p: float, samples: int) -> None:
    log = InteractionLog.from_columns(**make_data(10 * actors, actors, SEED + 1).columns)
    graph = ValueFlowGraph.from_log(log)
    del log
    start = time.perf_counter()
    chosen = select_seeds(graph, 20, probability=p, runs=samples, seed=SEED)
    seconds = time.perf_counter() - start
    spreads = ", ".join(
        f"{item.strategy} {item.mean:,.1f} +- {item.standard_error:.1f}" for item in chosen.spreads
    )
    print(
        f"CELF k=20 on {len(graph):,} actors, {graph.n_edges:,} edges, p={p}, {samples} samples: "
        f"{seconds:.1f} s, {chosen.evaluations:,} gain evaluations; reach: {spreads}"
    )
    print(
        f"  ratio CELF/degree {chosen.spread('celf').mean / chosen.spread('degree').mean:.3f}, "
        f"CELF/random {chosen.spread('celf').mean / chosen.spread('random').mean:.2f}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--actors", type=int, default=1_000_000)
    parser.add_argument("--probability", type=float, default=0.01)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--baseline-runs", type=int, default=20)
    parser.add_argument("--karate-runs", type=int, default=20_000)
    parser.add_argument("--ndlib-runs", type=int, default=1000)
    parser.add_argument("--celf-actors", type=int, default=100_000)
    parser.add_argument("--celf-samples", type=int, default=100)
    args = parser.parse_args(argv)
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, networkx {nx.__version__}, "
        f"ndlib {version('ndlib')}, valuecocreation {version('valuecocreation')}"
    )
    karate(args.karate_runs, args.ndlib_runs)
    large(args.events, args.actors, args.probability, args.runs, args.baseline_runs)
    celf(args.celf_actors, args.probability, args.celf_samples)


if __name__ == "__main__":
    main()
