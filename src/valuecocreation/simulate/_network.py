"""The graph a simulation runs on: a CSR adjacency in the direction a share travels.

Cascades, seed selection and scenarios all start here, so that a
:class:`~valuecocreation.graph.ValueFlowGraph` and a plain networkx graph give the
same arrays: ``indptr``/``indices`` (who can pass a share to whom), the weight of
each entry, and where each entry came from in the caller's edge order (to place a
per-edge probability array).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any, Final, Literal, get_args

import attrs
import networkx as nx
import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.graph import ValueFlowGraph

__all__ = ["Direction", "SpreadGraph", "edge_values", "seed_positions", "spread_graph"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

Direction = Literal["in", "out", "both"]
"""Which way a share travels along an edge ``u -> v`` of the input graph.

``"out"``: from ``u`` to ``v``; ``"in"``: from ``v`` to ``u``; ``"both"``: either way.
"""

#: The rule that derives a probability (or a threshold weight) from edge weights.
WEIGHTED: Final = "weighted"


@attrs.frozen(kw_only=True, eq=False)
class SpreadGraph:
    """A directed CSR adjacency: entry ``j`` of row ``u`` lets ``u`` pass a share to ``indices[j]``.

    ``origin[j]`` is the position, in the input graph's own edge order, of the edge
    the entry comes from; ``weight[j]`` that edge's weight (summed where several
    input edges give the same entry).
    """

    ids: tuple[str | int, ...]
    indptr: Ints
    indices: Ints
    weight: Floats
    origin: Ints
    n_input_edges: int
    direction: str

    @property
    def n(self) -> int:
        """The number of actors (nodes)."""
        return len(self.ids)

    @property
    def out_degree(self) -> Ints:
        """How many actors each actor can pass a share to."""
        return np.diff(self.indptr)


def _check_direction(direction: object) -> str:
    if direction not in get_args(Direction):
        raise ValidationError(
            f"direction must be one of {get_args(Direction)}", column="direction", value=direction
        )
    return str(direction)


def _node_id(node: object) -> str | int:
    # Ids must survive JSON as themselves: text or whole numbers, nothing else.
    if isinstance(node, np.integer):
        return int(node)
    if isinstance(node, bool) or not isinstance(node, str | int):
        raise ArgumentTypeError(
            f"a simulation needs node ids that are strings or integers, not {type(node).__name__}",
            column="graph",
            value=node,
        )
    return node


def spread_graph(graph: object, direction: str | None) -> SpreadGraph:
    """The CSR adjacency of ``graph`` in ``direction`` (see :data:`Direction`).

    The default direction is ``"in"`` for a value-flow graph (a share of an actor's
    content reaches those who act on it: its viewers, followers, the firm that
    features it) and ``"out"`` for a networkx graph (``u -> v``: ``u`` can activate
    ``v``, as in ndlib); an undirected networkx graph is used both ways.
    """
    if isinstance(graph, ValueFlowGraph):
        chosen = _check_direction("in" if direction is None else direction)
        ids: tuple[str | int, ...] = tuple(str(name) for name in graph.actors.tolist())
        source = np.asarray(graph.source_codes, dtype=np.int64)
        target = np.asarray(graph.target_codes, dtype=np.int64)
        weight = np.asarray(graph.weights, dtype=np.float64)
    elif isinstance(graph, nx.Graph):
        undirected = not graph.is_directed()
        chosen = _check_direction(
            "both" if undirected else ("out" if direction is None else direction)
        )
        if undirected and direction not in (None, "both"):
            raise ValidationError(
                "an undirected graph spreads both ways; leave direction unset or 'both'",
                column="direction",
                value=direction,
            )
        ids = tuple(_node_id(node) for node in graph.nodes)
        position = {node: i for i, node in enumerate(graph.nodes)}
        edges = list(graph.edges(data="weight", default=1.0))
        source = np.fromiter((position[u] for u, _, _ in edges), np.int64, len(edges))
        target = np.fromiter((position[v] for _, v, _ in edges), np.int64, len(edges))
        weight = np.array([_weight(w) for _, _, w in edges], dtype=np.float64)
    else:
        raise ArgumentTypeError(
            "a simulation runs on a ValueFlowGraph or a networkx graph",
            column="graph",
            value=type(graph).__name__,
        )
    return _csr(ids, source, target, weight, chosen)


def _weight(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValidationError("edge weights must be numbers", column="weight", value=value)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValidationError(
            "edge weights must be finite and not negative", column="weight", value=value
        )
    return number


def _csr(
    ids: tuple[str | int, ...], source: Ints, target: Ints, weight: Floats, direction: str
) -> SpreadGraph:
    n, edges = len(ids), len(source)
    origin = np.arange(edges, dtype=np.int64)
    if direction == "out":
        tails, heads = source, target
    elif direction == "in":
        tails, heads = target, source
    else:
        tails = np.concatenate([source, target])
        heads = np.concatenate([target, source])
        weight = np.concatenate([weight, weight])
        origin = np.concatenate([origin, origin])
    keep = tails != heads  # a share does not travel from an actor to itself
    tails, heads, weight, origin = tails[keep], heads[keep], weight[keep], origin[keep]
    order = np.argsort(tails, kind="stable")  # rows by actor, input order within a row
    tails, heads, weight, origin = tails[order], heads[order], weight[order], origin[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n), out=indptr[1:])
    return SpreadGraph(
        ids=ids,
        indptr=indptr,
        indices=heads,
        weight=weight,
        origin=origin,
        n_input_edges=edges,
        direction=direction,
    )


def edge_values(network: SpreadGraph, value: object, name: str) -> Floats:
    """Per CSR entry, a probability or weight in [0, 1] from ``value``.

    ``value`` is a number (every edge), a sequence with one number per input edge
    (in the input graph's edge order: ``graph.edges`` for networkx, the
    ``source_codes`` order of a value-flow graph; with direction ``"both"`` each
    edge gives an independent chance either way), or ``"weighted"``: an entry's weight over the
    total weight of the entries into the same actor, so the weights into every
    actor sum to 1 (the weighted cascade of Kempe, Kleinberg & Tardos 2003, with
    edge weights in place of edge counts).
    """
    if isinstance(value, str):
        if value != WEIGHTED:
            raise ValidationError(
                f"{name} must be a number, one number per edge or 'weighted'",
                column=name,
                value=value,
            )
        into = np.bincount(network.indices, weights=network.weight, minlength=network.n)
        return np.divide(
            network.weight,
            into[network.indices],
            out=np.zeros(len(network.indices)),
            where=into[network.indices] > 0,
        )
    if isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be a number, not a bool", column=name, value=value)
    if isinstance(value, numbers.Real):
        values = np.full(len(network.indices), float(value))
    else:
        array = _per_edge(value, name)
        if len(array) != network.n_input_edges:
            raise ValidationError(
                f"{name} has {len(array)} values for {network.n_input_edges} edges",
                column=name,
                value=len(array),
            )
        values = array[network.origin]
    bad = ~((values >= 0.0) & (values <= 1.0))
    if bad.any():
        raise ValidationError(
            f"{name} must lie between 0 and 1", column=name, value=float(values[bad][0])
        )
    return values


def _per_edge(value: object, name: str) -> Floats:
    if not isinstance(value, Iterable | np.ndarray):
        raise ArgumentTypeError(
            f"{name} must be a number, one number per edge or 'weighted'",
            column=name,
            value=type(value).__name__,
        )
    try:
        return np.asarray(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ValidationError(f"{name} must hold numbers", column=name) from None


def seed_positions(network: SpreadGraph, seeds: object) -> Ints:
    """Positions of the seed actors; unknown or no seeds are an error."""
    if isinstance(seeds, str | int) and not isinstance(seeds, bool):
        seeds = [seeds]
    if not isinstance(seeds, Iterable):
        raise ArgumentTypeError(
            "seeds must be actor ids", column="seeds", value=type(seeds).__name__
        )
    index: dict[Any, int] = {name: i for i, name in enumerate(network.ids)}
    wanted = list(seeds)
    unknown = [name for name in wanted if name not in index]
    if unknown:
        raise ValidationError(
            f"{len(unknown)} seed(s) not in the graph, such as {unknown[0]!r}",
            column="seeds",
            value=unknown[0],
        )
    if not wanted:
        raise ValidationError("a cascade needs at least one seed", column="seeds")
    return np.array(sorted({index[name] for name in wanted}), dtype=np.int64)
