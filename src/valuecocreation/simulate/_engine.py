"""The vectorised cascade engine: many runs at once, one frontier expansion per step.

State is kept per (run, actor) *key* ``run * n + actor`` in flat numpy arrays, so
a step of every run in a batch is a handful of array operations on the frontier
(the actors activated in the previous step): gather their CSR rows, draw one
uniform number per edge tried, keep the new keys. No Python object is made per
actor or per edge, and the work of a step is proportional to the edges the
frontier tries, not to the size of the graph.

The batch size depends on the number of actors only, so the same seed gives the
same draws, in the same order, on every machine.
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.simulate._network import SpreadGraph

__all__ = ["Outcome", "batch_size", "distinct", "expand", "run_cascades", "summed"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: Flat state cells (runs x actors) one batch may hold; 2**23 booleans is 8 MB.
_CELLS: Final = 2**23


def batch_size(n: int, runs: int, cells: int = _CELLS) -> int:
    """How many runs share one batch for a graph of ``n`` actors."""
    return max(1, min(runs, cells // max(n, 1)))


def expand(network: SpreadGraph, frontier: Ints) -> tuple[Ints, Ints]:
    """For frontier keys ``run * n + actor``: each CSR entry they try, and the run of each.

    Returns the entry positions (into ``indices``) and the key base ``run * n`` of
    every entry, in frontier order, then CSR order.
    """
    n = network.n
    node = frontier % n
    base = frontier - node
    start = network.indptr[node]
    degree = network.indptr[node + 1] - start
    total = int(degree.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # Positions start[i] .. start[i] + degree[i] - 1 for every frontier key i, in one go.
    offsets = np.repeat(start - np.cumsum(degree) + degree, degree)
    positions = offsets + np.arange(total, dtype=np.int64)
    return positions, np.repeat(base, degree)


@attrs.frozen(kw_only=True, eq=False)
class Outcome:
    """What the runs of a cascade gave: reached counts, step curves, activation counts."""

    reached: Ints  # per run, the seeds included
    steps: Ints  # runs x (longest cascade + 1): how many were active after each step
    activations: Ints  # per actor, in how many runs it was active
    truncated: int  # runs stopped by max_steps while they could still spread


def run_cascades(
    network: SpreadGraph,
    seeds: Ints,
    values: Floats,
    *,
    model: str,
    runs: int,
    rng: np.random.Generator,
    max_steps: int | None,
) -> Outcome:
    """``runs`` cascades from ``seeds``; ``values`` are per-entry probabilities or weights.

    ``model`` is ``"ic"`` (independent cascade: each newly active actor gets one
    chance per edge, with the edge's probability) or ``"lt"`` (linear threshold:
    an actor turns active once the weights from its active neighbours reach a
    threshold drawn uniformly from [0, 1] for each actor in each run).
    """
    n = network.n
    size = batch_size(n, runs, _CELLS if model == "ic" else _CELLS // 16)
    reached = np.zeros(runs, dtype=np.int64)
    activations = np.zeros(n, dtype=np.int64)
    curves: list[Ints] = []
    truncated = 0
    active = np.zeros(size * n, dtype=bool)
    row_top = _row_maxima(network, values)
    pressure = np.zeros(size * n) if model == "lt" else np.zeros(0)
    for first in range(0, runs, size):
        count = min(size, runs - first)
        threshold = rng.random(count * n) if model == "lt" else np.zeros(0)
        keys = (np.arange(count, dtype=np.int64)[:, None] * n + seeds[None, :]).ravel()
        active[keys] = True
        touched = [keys]
        per_step = [np.full(count, len(seeds), dtype=np.int64)]
        frontier = keys
        while frontier.size:
            if max_steps is not None and len(per_step) > max_steps:
                truncated += int(distinct(frontier // n).size)
                break
            if model == "ic":
                new = distinct(_live_hits(network, frontier, values, row_top, rng))
                new = new[~active[new]]
            else:
                positions, base = expand(network, frontier)
                candidates, sums = summed(base + network.indices[positions], values[positions])
                pressure[candidates] += sums
                touched.append(candidates)
                fresh = candidates[~active[candidates]]
                new = fresh[pressure[fresh] >= threshold[fresh]]
            if not new.size:
                break
            active[new] = True
            touched.append(new)
            per_step.append(np.bincount(new // n, minlength=count))
            frontier = new
        steps = np.cumsum(np.stack(per_step, axis=1), axis=1)
        curves.append(steps)
        reached[first : first + count] = steps[:, -1]
        done = distinct(np.concatenate(touched))
        activations += np.bincount(done[active[done]] % n, minlength=n)
        active[done] = False  # ready for the next batch without a fresh allocation
        if model == "lt":
            pressure[done] = 0.0
    return Outcome(
        reached=reached, steps=_pad(curves), activations=activations, truncated=truncated
    )


#: Rows at least this long, whose largest probability is below _SPARSE_TOP, are sampled
#: by count and position instead of one draw per edge.
_LONG_ROW: Final = 64
_SPARSE_TOP: Final = 0.25


def _row_maxima(network: SpreadGraph, values: Floats) -> Floats:
    """The largest probability in each actor's row (0 for an empty row)."""
    top = np.zeros(network.n)
    filled = np.flatnonzero(np.diff(network.indptr))
    if filled.size:
        top[filled] = np.maximum.reduceat(values, network.indptr[filled])
    return top


def _live_hits(
    network: SpreadGraph,
    frontier: Ints,
    values: Floats,
    row_top: Floats,
    rng: np.random.Generator,
) -> Ints:
    """Keys ``run * n + actor`` that the frontier activates this step (with repeats).

    Short rows draw one uniform number per edge. A long row of small probabilities
    draws how many of its edges pass its largest probability ``t`` (binomial), then
    which ones (uniform, distinct), then keeps each with ``p / t``: the same
    independent Bernoulli trial per edge, at a cost that follows the live edges
    rather than the row's length (the skipping idea of Batagelj & Brandes 2005).
    """
    n = network.n
    node = frontier % n
    degree = network.indptr[node + 1] - network.indptr[node]
    top = row_top[node]
    long = (degree >= _LONG_ROW) & (top < _SPARSE_TOP)
    positions, base = expand(network, frontier[~long])
    live = rng.random(positions.size) < values[positions]
    hits = [base[live] + network.indices[positions[live]]]
    if long.any():
        rows = np.flatnonzero(long)
        item, offset = _distinct_picks(rng, degree[rows], rng.binomial(degree[rows], top[rows]))
        picked = network.indptr[node[rows]][item] + offset
        keep = rng.random(picked.size) * top[rows][item] < values[picked]
        hits.append((frontier[rows] - node[rows])[item][keep] + network.indices[picked[keep]])
    return np.concatenate(hits)


def _distinct_picks(rng: np.random.Generator, length: Ints, count: Ints) -> tuple[Ints, Ints]:
    """For each row ``i``, ``count[i]`` distinct offsets drawn uniformly below ``length[i]``."""
    width = int(length.max()) + 1
    rows = np.arange(length.size, dtype=np.int64)
    keys = np.zeros(0, dtype=np.int64)
    missing = count
    while missing.any():
        item = np.repeat(rows, missing)
        offset = (rng.random(item.size) * length[item]).astype(np.int64)
        keys = distinct(np.concatenate([keys, item * width + offset]))
        missing = count - np.bincount(keys // width, minlength=length.size)
    return keys // width, keys % width


def distinct(keys: Ints) -> Ints:
    """The distinct values of ``keys``, sorted.

    A sort and one comparison: faster here than ``np.unique``, whose hash-based
    path numpy 2.3 made the default.
    """
    ordered = np.sort(keys)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def summed(keys: Ints, values: Floats) -> tuple[Ints, Floats]:
    """The distinct ``keys``, sorted, and the sum of ``values`` for each."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    if not ordered.size:
        return ordered, values[:0]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.add.reduceat(values[order], starts)


def _pad(curves: list[Ints]) -> Ints:
    """Stack per-batch step curves, carrying each run's last count to the longest length."""
    longest = max(curve.shape[1] for curve in curves)
    padded = [
        np.concatenate([curve, np.repeat(curve[:, -1:], longest - curve.shape[1], axis=1)], axis=1)
        for curve in curves
    ]
    return np.concatenate(padded, axis=0)
