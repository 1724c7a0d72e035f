"""Reciprocity and connectivity: whether value flows both ways, and how far the web holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import networkx as nx
import numpy as np

from valuecocreation._core.optional import require
from valuecocreation._core.sorting import stable_order
from valuecocreation.errors import ValidationError
from valuecocreation.graph._common import (
    Bools,
    GraphBackend,
    Ints,
    Result,
    adjacency,
    check_backend,
    check_graph,
    firm_mask,
    has_scipy,
    kind_weights,
    share,
    user_mask,
)
from valuecocreation.graph._value_flow import ValueFlowGraph

__all__ = ["Among", "Connectivity", "Reciprocity", "connectivity", "reciprocity"]

Among = Literal["all", "users"]
"""Which actors :func:`connectivity` looks at: all of them, or the user side alone."""


@attrs.frozen(kw_only=True, eq=False)
class Reciprocity(Result):
    """Shares of edges whose reverse edge exists too, overall and by the parties at the ends.

    ``firm_user`` counts edges between a firm-side and a user-side actor (either
    way round); ``user_user`` edges between two user-side actors. Each share is
    reciprocated edges over edges of that group (``*_edges``), nan without edges.
    """

    _FLOATS = ("overall", "firm_user", "user_user")

    overall: float
    firm_user: float
    user_user: float
    edges: int
    firm_user_edges: int
    user_user_edges: int
    reciprocated: int
    firm_user_reciprocated: int
    user_user_reciprocated: int


def reciprocity(
    graph: ValueFlowGraph, *, kinds: Sequence[str] | None = None, backend: GraphBackend = "auto"
) -> Reciprocity:
    """How much of the value flow goes both ways (the interactivity of the graph).

    Overall reciprocity is the share of directed edges ``u -> v`` whose reverse
    ``v -> u`` is also an edge (Wasserman & Faust 1994, 13.2; the definition of
    ``networkx.overall_reciprocity``); a self-loop is never reciprocated. The
    same share among edges between a firm and a user measures the dialogue of
    Kim & Choi (2019, section 2.2, interactivity); among edges between users,
    the conversation users keep among themselves.

    With ``kinds``, only edges carrying events of those kinds count (for
    example ``["comment", "reply", "message"]``: is a conversation answered in
    kind?); an edge is then reciprocated when its reverse carries them too.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "comment", "timestamp": "2024-01-05"},
    ...     {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-06"},
    ...     {"source": "ben", "target": "shop", "kind": "comment", "timestamp": "2024-01-06"},
    ...     {"source": "ben", "target": "ana", "kind": "message", "timestamp": "2024-01-07"},
    ... ])
    >>> r = reciprocity(vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"}))
    >>> r.overall, r.firm_user, r.user_user
    (0.5, 0.6666666666666666, 0.0)
    """
    graph = check_graph(graph)
    check_backend(backend)
    if kinds is None:
        source, target = graph.source_codes, graph.target_codes
    else:
        keep = kind_weights(graph, kinds, "count") > 0
        source, target = graph.source_codes[keep], graph.target_codes[keep]
    if backend == "networkx":
        answered = _answered_networkx(graph, source, target)
    elif kinds is None and has_scipy():
        answered = _answered_scipy(graph)
    else:
        answered = _answered_sparse(len(graph), source, target)
    # Party of each end as a small code (0 other, 1 user side, 2 firm side): two
    # gathers of the edges instead of four masks.
    party = user_mask(graph).astype(np.int8) + 2 * firm_mask(graph).astype(np.int8)
    ends = party[source] * 3 + party[target]
    pairs = np.bincount(ends, minlength=9)
    answered_pairs = np.bincount(ends[answered], minlength=9)
    groups = {"all": range(9), "firm_user": (1 * 3 + 2, 2 * 3 + 1), "user_user": (1 * 3 + 1,)}
    counts = {
        name: (int(pairs[list(cells)].sum()), int(answered_pairs[list(cells)].sum()))
        for name, cells in groups.items()
    }
    return Reciprocity(
        overall=share(counts["all"][1], counts["all"][0]),
        firm_user=share(counts["firm_user"][1], counts["firm_user"][0]),
        user_user=share(counts["user_user"][1], counts["user_user"][0]),
        edges=counts["all"][0],
        firm_user_edges=counts["firm_user"][0],
        user_user_edges=counts["user_user"][0],
        reciprocated=counts["all"][1],
        firm_user_reciprocated=counts["firm_user"][1],
        user_user_reciprocated=counts["user_user"][1],
    )


def _answered_sparse(n: int, source: Ints, target: Ints) -> Bools:
    """Per edge, whether its reverse is an edge too (edges are sorted by source, target)."""
    width = max(n, 1)
    keys = source * width + target  # already sorted: the graph is built that way
    hit: Bools = np.zeros(len(keys), dtype=bool)
    if len(keys):
        # Looking up sorted queries walks memory in order: far faster than random ones.
        order, reverse = stable_order(target * width + source)
        found = np.minimum(np.searchsorted(keys, reverse), len(keys) - 1)
        hit[order] = keys[found] == reverse
    answered: Bools = hit & (source != target)
    return answered


def _answered_scipy(graph: ValueFlowGraph) -> Bools:
    """As :func:`_answered_sparse`, by an element-wise product with the transpose.

    The transpose's conversion to CSR is a counting sort, and the product merges
    sorted rows: no comparison sort. The adjacency's data are edge positions plus
    one, and the transpose's are set to one, so the product's data name the
    edges whose reverse exists.
    """
    forward = adjacency(graph)
    backward = forward.T.tocsr()
    backward.data.fill(1.0)
    both = forward.multiply(backward).tocsr()
    hit: Bools = np.zeros(graph.n_edges, dtype=bool)
    hit[both.data[both.data > 0].astype(np.int64) - 1] = True
    answered: Bools = hit & (graph.source_codes != graph.target_codes)
    return answered


def _answered_networkx(graph: ValueFlowGraph, source: Ints, target: Ints) -> Bools:
    ids = graph.actors.tolist()
    g = nx.DiGraph()
    g.add_edges_from(
        (ids[u], ids[v]) for u, v in zip(source.tolist(), target.tolist(), strict=True)
    )
    return np.array(
        [
            u != v and g.has_edge(ids[v], ids[u])
            for u, v in zip(source.tolist(), target.tolist(), strict=True)
        ],
        dtype=bool,
    )


@attrs.frozen(kw_only=True, eq=False)
class Connectivity(Result):
    """How connected the value-flow graph is.

    ``users_in_largest`` of ``users`` (user-side actors) belong to the largest
    weakly connected component (most actors; ties go to the one holding the
    first actor id), so ``share`` is their share (nan without users).
    ``density`` and ``mean_degree`` follow networkx's definitions for directed
    graphs: edges over ``n (n - 1)``, and in- plus out-degree per actor. All of it
    is of the actors ``among`` names: ``"all"``, or ``"users"`` alone.
    """

    _FLOATS = ("share", "density", "mean_degree")

    among: str
    share: float
    users: int
    users_in_largest: int
    components: int
    largest: int
    density: float
    mean_degree: float


def connectivity(
    graph: ValueFlowGraph, *, among: Among = "all", backend: GraphBackend = "auto"
) -> Connectivity:
    """How far the web of value flow holds together (the connectivity condition).

    Kim & Choi (2019, section 2.2) count connectivity among the conditions of
    sharing: users linked to the firm and to one another. Its graph measure here
    is the share of user-side actors in the largest weakly connected component
    (the giant component of network science; Newman 2010, 8.4), with the
    density and mean degree of the directed graph (Wasserman & Faust 1994, 4.2).

    With ``among="users"`` the same is measured on the graph of user-side
    actors alone (edges through a firm-side or other actor left out): are users
    linked to one another, and not only through the firm that everyone touches?

    The sparse backend finds components with
    ``scipy.sparse.csgraph.connected_components``, which needs the ``graph``
    extra (scipy); ``"auto"`` falls back to networkx without it.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "ben", "target": "ana", "kind": "share", "timestamp": "2024-01-06"},
    ...     {"source": "cy", "target": "dee", "kind": "like", "timestamp": "2024-01-07"},
    ... ])
    >>> c = connectivity(vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"}))
    >>> c.share, c.components, c.largest, c.density
    (0.5, 2, 3, 0.15)
    """
    graph = check_graph(graph)
    check_backend(backend)
    if backend == "auto":
        try:
            require("scipy.sparse.csgraph", extra="graph", feature="sparse components")
            backend = "sparse"
        except ImportError:
            backend = "networkx"
    if among not in ("all", "users"):
        raise ValidationError("among must be 'all' or 'users'", column="among", value=among)
    users = user_mask(graph)
    if among == "all" and backend != "networkx":
        keep: Bools = np.ones(len(graph), dtype=bool)
        n, m = len(graph), graph.n_edges
        csgraph = require("scipy.sparse.csgraph", extra="graph", feature="sparse components")
        _, found = csgraph.connected_components(adjacency(graph), directed=True, connection="weak")
        labels = _first_seen_order(np.asarray(found, dtype=np.int64))
    else:
        keep = users if among == "users" else np.ones(len(graph), dtype=bool)
        inside = keep[graph.source_codes] & keep[graph.target_codes]
        renumber = np.cumsum(keep) - 1
        source = renumber[graph.source_codes[inside]]
        target = renumber[graph.target_codes[inside]]
        n, m = int(keep.sum()), len(source)
        labels = (
            _components_networkx(n, source, target)
            if backend == "networkx"
            else _components_sparse(n, source, target)
        )
    users = users[keep]
    if n:
        sizes = np.bincount(labels)
        largest_label = int(np.argmax(sizes))  # first maximum: holds the smallest actor
        in_largest = int((users & (labels == largest_label)).sum())
        components, largest = len(sizes), int(sizes[largest_label])
    else:
        in_largest = components = largest = 0
    return Connectivity(
        among=among,
        share=share(in_largest, int(users.sum())),
        users=int(users.sum()),
        users_in_largest=in_largest,
        components=components,
        largest=largest,
        density=m / (n * (n - 1)) if n > 1 else 0.0,
        mean_degree=2 * m / n if n else float("nan"),
    )


def _components_sparse(n: int, source: Ints, target: Ints) -> Ints:
    """Component labels numbered in order of each component's first actor."""
    sparse = require("scipy.sparse", extra="graph", feature="sparse components")
    csgraph = require("scipy.sparse.csgraph", extra="graph", feature="sparse components")
    adjacency = sparse.csr_array(
        (np.ones(len(source), dtype=np.int8), (source, target)), shape=(n, n)
    )
    _, labels = csgraph.connected_components(adjacency, directed=True, connection="weak")
    return _first_seen_order(np.asarray(labels, dtype=np.int64))


def _components_networkx(n: int, source: Ints, target: Ints) -> Ints:
    g: Any = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(source.tolist(), target.tolist(), strict=True))
    labels: Ints = np.zeros(n, dtype=np.int64)
    for label, component in enumerate(nx.weakly_connected_components(g)):
        labels[list(component)] = label
    return _first_seen_order(labels)


def _first_seen_order(labels: Ints) -> Ints:
    """Relabel so that components are numbered by their first actor's position."""
    if not len(labels):
        return labels
    running = np.maximum.accumulate(labels)
    if labels[0] == 0 and (np.diff(running) <= 1).all():
        return labels  # numbered by first actor already (scipy does, as a rule)
    by_label = np.argsort(labels, kind="stable")
    grouped = labels[by_label]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    firsts = np.sort(by_label[starts])  # each component's first actor, in actor order
    order = np.full(int(labels.max()) + 1, -1, dtype=np.int64)
    order[labels[firsts]] = np.arange(len(firsts))
    return order[labels]
