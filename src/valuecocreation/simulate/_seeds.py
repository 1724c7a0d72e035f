"""Which actors to feature: :func:`select_seeds`, CELF lazy greedy on live-edge samples.

Kempe, Kleinberg & Tardos (2003) show that the expected reach of a seed set under
the independent cascade and linear threshold models is monotone and submodular,
so the greedy choice (add the actor with the largest marginal gain, ``k`` times)
reaches at least ``1 - 1/e`` (about 63%) of the best possible set of ``k``
(Nemhauser, Wolsey & Fisher 1978), less an error that shrinks as the number of
Monte Carlo samples grows. CELF (Leskovec et al. 2007) picks the same set with
far fewer evaluations: a gain computed in an earlier round is an upper bound of
the gain now, so a candidate whose fresh gain still beats every other bound is
chosen without evaluating the rest.

Every estimate uses the same ``runs`` live-edge samples (Kempe et al. 2003,
claims 2.3 and 2.6): in sample ``s`` an independent-cascade edge is live with its
probability, and under the linear threshold model each actor keeps at most one
incoming edge, chosen with probability equal to its weight. The samples are
never stored: whether entry ``j`` is live in sample ``s`` is a hash of ``(s, j)``
and a seeded salt (splitmix64, Steele, Lea & Flood 2014), so the same draw comes
back whenever a search asks for it, at no memory cost.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.simulate._cascade import Seed, check_runs, make_rng, run_model
from valuecocreation.simulate._engine import distinct, expand
from valuecocreation.simulate._network import SpreadGraph, edge_values, spread_graph
from valuecocreation.simulate._results import SeedSelection, Spread

__all__ = ["select_seeds"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_GOLDEN: Final = np.uint64(0x9E3779B97F4A7C15)
_MIX1: Final = np.uint64(0xBF58476D1CE4E5B9)
_MIX2: Final = np.uint64(0x94D049BB133111EB)
#: (sample, start) searches the first pass runs together.
_GROUPS: Final = 2**20
_MODELS: Final = {"ic": "independent_cascade", "lt": "linear_threshold"}


def _uniform(counter: npt.NDArray[np.uint64]) -> npt.NDArray[np.float64]:
    """splitmix64 of each counter, as a float in [0, 1) (53 random bits)."""
    z = counter + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z ^= z >> np.uint64(31)
    return (z >> np.uint64(11)).astype(np.float64) * (1.0 / 2**53)


class _Samples:
    """Live-edge samples drawn on demand: ``live(sample, entry)``."""

    def __init__(
        self, network: SpreadGraph, values: npt.NDArray[np.float64], model: str, salt: int
    ) -> None:
        self.network = network
        self.values = values
        self.model = model
        self.salt = np.uint64(salt)
        if model == "lt":
            # Entries grouped by the actor they point to, with running weight totals.
            self.by_target = np.argsort(network.indices, kind="stable")
            self.running = np.cumsum(values[self.by_target])
            counts = np.bincount(network.indices, minlength=network.n)
            self.ends = np.cumsum(counts)
            self.before = np.concatenate([[0.0], self.running])[self.ends - counts]

    def live(self, sample: Ints, entry: Ints) -> Bools:
        network = self.network
        if self.model == "ic":
            counter = sample.astype(np.uint64) * np.uint64(len(network.indices) + 1)
            draw = _uniform(counter + entry.astype(np.uint64) + self.salt)
            return np.asarray(draw < self.values[entry], dtype=bool)
        target = network.indices[entry]
        counter = sample.astype(np.uint64) * np.uint64(network.n + 1)
        draw = _uniform(counter + target.astype(np.uint64) + self.salt)
        chosen = np.searchsorted(self.running, self.before[target] + draw, side="right")
        inside = chosen < self.ends[target]
        picked = self.by_target[np.minimum(chosen, len(self.by_target) - 1)]
        return np.asarray(inside & (picked == entry), dtype=bool)


def _search(samples: _Samples, starts: Ints, sample_of: Ints, blocked: Ints) -> Ints:
    """Keys ``group * n + actor`` reached from ``starts`` in each group's sample.

    ``blocked`` (sorted keys) are neither counted nor crossed: they are covered
    already, and so is everything they reach.
    """
    n = samples.network.n
    visited = starts[~_contains(blocked, starts)]
    frontier = visited
    while frontier.size:
        positions, base = expand(samples.network, frontier)
        live = samples.live(sample_of[base // n], positions)
        new = distinct(base[live] + samples.network.indices[positions[live]])
        new = new[~_contains(visited, new) & ~_contains(blocked, new)]
        visited = _merge(visited, new)
        frontier = new
    return visited


def _merge(first: Ints, second: Ints) -> Ints:
    """The sorted union of two sorted arrays with no key in common (no dedupe needed)."""
    return np.sort(np.concatenate([first, second]), kind="stable")


def _contains(sorted_keys: Ints, keys: Ints) -> Bools:
    if not sorted_keys.size:
        return np.zeros(keys.size, dtype=bool)
    where = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return np.asarray(sorted_keys[where] == keys, dtype=bool)


def _first_gains(samples: _Samples, runs: int) -> npt.NDArray[np.float64]:
    """The expected reach of every actor alone, over the samples."""
    n = samples.network.n
    gains = np.ones(n)
    spreaders = np.flatnonzero(samples.network.out_degree)
    chunk = max(1, _GROUPS // runs)
    for first in range(0, spreaders.size, chunk):
        actors = spreaders[first : first + chunk]
        groups = np.arange(actors.size * runs, dtype=np.int64)
        starts = groups * n + np.repeat(actors, runs)
        reached = _search(samples, starts, groups % runs, np.zeros(0, dtype=np.int64))
        per_group = np.bincount(reached // n, minlength=groups.size)
        gains[actors] = per_group.reshape(actors.size, runs).mean(axis=1)
    return gains


def _celf(samples: _Samples, k: int, runs: int) -> tuple[list[int], list[float], int]:
    n = samples.network.n
    bound = _first_gains(samples, runs)
    evaluations = n
    fresh = np.zeros(n, dtype=np.int64)  # the round in which each bound was computed
    covered = np.zeros(0, dtype=np.int64)
    groups = np.arange(runs, dtype=np.int64)
    chosen: list[int] = []
    gains: list[float] = []
    for round_ in range(k):
        while True:
            best = int(np.argmax(bound))  # ties: the first actor, for determinism
            if fresh[best] == round_:
                break
            reached = _search(samples, groups * n + best, groups, covered)
            bound[best] = reached.size / runs
            fresh[best] = round_
            evaluations += 1
        reached = _search(samples, groups * n + best, groups, covered)
        covered = _merge(covered, reached)
        chosen.append(best)
        gains.append(float(bound[best]))
        bound[best] = -math.inf
    return chosen, gains, evaluations


def select_seeds(
    graph: object,
    k: int,
    *,
    model: str = "ic",
    probability: object = 0.1,
    runs: int = 200,
    seed: Seed = None,
    direction: str | None = None,
) -> SeedSelection:
    """The ``k`` actors whose featuring reaches the most, by CELF lazy greedy.

    See the module notes for the method and its guarantee: the chosen set reaches
    at least ``1 - 1/e`` of the best set of size ``k``, up to Monte Carlo error.

    Parameters
    ----------
    graph
        A :class:`~valuecocreation.graph.ValueFlowGraph` or a networkx graph.
    k
        How many actors to choose, from 1 to the number of actors.
    model
        ``"ic"`` (independent cascade) or ``"lt"`` (linear threshold).
    probability
        The edge probabilities (``"ic"``) or weights (``"lt"``), as for
        :func:`~valuecocreation.simulate.independent_cascade`.
    runs
        Live-edge samples for the selection, and fresh runs for the comparison.
    seed
        Seeds every draw (an int, a numpy Generator or None).
    direction
        Which way a share travels, as for
        :func:`~valuecocreation.simulate.independent_cascade`.

    Returns
    -------
    SeedSelection
        The seeds in the order chosen, their marginal gains, and the expected
        reach of the chosen set, of the ``k`` highest out-degree actors and of
        ``k`` random actors, each from the same fresh runs.

    Raises
    ------
    ValidationError
        For ``k`` outside 1 to the number of actors, an unknown model, or bad
        probabilities.

    Examples
    --------
    >>> import networkx as nx
    >>> from valuecocreation.simulate import select_seeds
    >>> two_stars = nx.union(nx.star_graph(5), nx.star_graph(3), rename=("a", "b"))
    >>> chosen = select_seeds(two_stars, 2, probability=1.0, runs=10, seed=1)
    >>> chosen.seeds
    ('a0', 'b0')
    >>> chosen.spread("celf").mean
    10.0
    """
    if model not in _MODELS:
        raise ValidationError("model must be 'ic' or 'lt'", column="model", value=model)
    network = spread_graph(graph, direction)
    if isinstance(k, bool) or not isinstance(k, int):
        raise ArgumentTypeError("k must be a whole number", column="k", value=type(k).__name__)
    if not 1 <= k <= network.n:
        raise ValidationError(
            f"k must be between 1 and the {network.n} actors", column="k", value=k
        )
    count = check_runs(runs)
    values = edge_values(network, probability, "probability")
    selection, evaluation, baseline = make_rng(seed).spawn(3)
    samples = _Samples(network, values, model, int(selection.integers(2**62)))
    chosen, gains, evaluations = _celf(samples, k, count)
    by_degree = np.argsort(-network.out_degree, kind="stable")[:k]
    at_random = np.sort(baseline.choice(network.n, size=k, replace=False))
    fresh_seed = int(evaluation.integers(2**62))
    spreads = []
    for strategy, positions in (("celf", chosen), ("degree", by_degree), ("random", at_random)):
        ids = [network.ids[i] for i in np.asarray(positions).tolist()]
        # The same fresh runs for every strategy: differences are not draw noise alone.
        runs_rng = np.random.default_rng(fresh_seed)
        cascade = run_model(network, ids, values, _MODELS[model], count, runs_rng, None, 0.95)
        spreads.append(Spread.of(strategy, cascade))
    findings = [_guarantee(k, count)]
    if model == "lt":
        into = np.bincount(network.indices, weights=values, minlength=network.n)
        over = int((into > 1.0 + 1e-9).sum())
        if over:
            findings.append(
                Finding(
                    code="weights_over_one",
                    severity=Severity.WARNING,
                    message=(
                        f"the weights into {over} actor(s) sum to more than 1, where the live-"
                        "edge samples of the selection no longer match the threshold model; "
                        "the comparison's fresh runs still use the model itself"
                    ),
                    numbers={"actors": over, "largest": float(into.max())},
                    section="Kempe, Kleinberg & Tardos (2003), claim 2.6",
                )
            )
    return SeedSelection(
        model=_MODELS[model],
        direction=network.direction,
        k=k,
        runs=count,
        seeds=[network.ids[i] for i in chosen],
        gains=gains,
        evaluations=evaluations,
        spreads=spreads,
        findings=findings,
    )


def _guarantee(k: int, samples: int) -> Finding:
    return Finding(
        code="greedy_guarantee",
        severity=Severity.INFO,
        message=(
            f"the chosen seeds reach at least 1 - 1/e (63%) of what the best {k} would, "
            f"under the stated model, up to the Monte Carlo error of {samples} samples"
        ),
        numbers={"k": k, "samples": samples, "ratio": 1.0 - 1.0 / math.e},
        section="Kempe, Kleinberg & Tardos (2003), theorem 2.2",
    )
