"""PageRank on the value-flow graph, and the advocates it points to."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs
import networkx as nx
import numpy as np

from valuecocreation._core.optional import require
from valuecocreation.errors import ValidationError
from valuecocreation.graph._common import (
    Floats,
    GraphBackend,
    Result,
    adjacency,
    check_backend,
    check_graph,
    check_weight,
    has_scipy,
    kind_weights,
)
from valuecocreation.graph._value_flow import ValueFlowGraph
from valuecocreation.model import InteractionKind

__all__ = ["Advocate", "advocates", "pagerank"]

_SHARING: tuple[str, ...] = (InteractionKind.SHARE.value,)


def pagerank(
    graph: ValueFlowGraph,
    *,
    alpha: float = 0.85,
    weight: str = "weight",
    kinds: Sequence[str] | None = None,
    reverse: bool = False,
    tol: float = 1.0e-6,
    max_iter: int = 100,
    backend: GraphBackend = "auto",
) -> Floats:
    """PageRank of every actor (in the order of ``graph.actors``), summing to 1.

    The random surfer of Brin & Page (1998) follows an edge with probability
    ``alpha``, in proportion to its weight, and jumps to a uniformly chosen actor
    otherwise; actors without out-edges spread their rank uniformly. The
    iteration and its stopping rule are networkx's (``networkx.pagerank``:
    stop when the L1 change is below ``len(graph) * tol``), so both backends
    agree to rounding.

    Parameters
    ----------
    graph
        The value-flow graph.
    alpha
        Damping factor, in (0, 1).
    weight
        ``"weight"`` (sum of event weights) or ``"count"`` (number of events).
    kinds
        Only the events of these interaction kinds count; all events when ``None``.
    reverse
        Follow edges backwards: rank flows from an actor to the actors it
        interacted with, so an actor ranks high for reaching actors who rank high.
    tol, max_iter
        The stopping rule; a :class:`~valuecocreation.errors.ValidationError`
        when it is not met in ``max_iter`` steps.
    backend
        ``"sparse"`` (numpy on the edge columns), ``"networkx"`` or ``"auto"``.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "ben", "target": "shop", "kind": "like", "timestamp": "2024-01-06"},
    ... ])
    >>> graph = vcc.ValueFlowGraph.from_log(log)
    >>> rank = pagerank(graph)
    >>> [f"{value:.3f}" for value in rank], graph.actors.tolist()
    (['0.213', '0.213', '0.574'], ['ana', 'ben', 'shop'])
    """
    graph = check_graph(graph)
    check_backend(backend)
    _check_number(alpha, "alpha", low=0.0, high=1.0)
    _check_number(tol, "tol", low=0.0, high=math.inf)
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise ValidationError(
            "max_iter must be a whole number of at least 1", column="max_iter", value=max_iter
        )
    column = check_weight(weight)
    # A copy of our own (one float per edge), scaled and divided in place below.
    values = np.array(
        (graph.weights if column == "weight" else graph.counts)
        if kinds is None
        else kind_weights(graph, kinds, column),
        dtype=np.float64,
    )
    if (values < 0).any():
        raise ValidationError("PageRank needs non-negative edge weights", column="weight")
    if len(values) and values.max() > 0:
        # Transition probabilities do not change when every weight is divided by the
        # largest, and an actor's out-weights then cannot add up past float64.
        values /= values.max()
    source, target = graph.source_codes, graph.target_codes
    if reverse:
        source, target = target, source
    if not reverse and backend != "networkx" and has_scipy():
        return _pagerank_csr(graph, values, alpha=alpha, tol=tol, max_iter=max_iter)
    keep = values > 0
    if backend == "networkx":
        return _pagerank_networkx(
            graph, source[keep], target[keep], values[keep], alpha=alpha, tol=tol, max_iter=max_iter
        )
    return _pagerank_sparse(
        len(graph),
        source[keep],
        target[keep],
        values[keep],
        alpha=alpha,
        tol=tol,
        max_iter=max_iter,
    )


def _check_number(value: object, name: str, *, low: float, high: float) -> None:
    """``value`` must be a real number strictly between ``low`` and ``high``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not low < float(value) < high
    ):
        raise ValidationError(
            f"{name} must be a number above {low:g}"
            + ("" if math.isinf(high) else f" and below {high:g}"),
            column=name,
            value=value,
        )


def _pagerank_csr(
    graph: ValueFlowGraph, values: Floats, *, alpha: float, tol: float, max_iter: int
) -> Floats:
    """The same iteration as :func:`_pagerank_sparse`, each step a CSR product.

    The graph's cached adjacency gives the structure (edges sorted by source), so
    the transition matrix only needs its data: each edge's share of its source's
    out-weight.
    """
    n = len(graph)
    if n == 0:
        return np.zeros(0)
    structure = adjacency(graph)
    strength = np.bincount(graph.source_codes, weights=values, minlength=n)
    dangling = strength == 0
    # Each edge's share of its source's out-weight, in place of its weight. An
    # actor without out-weight has only zero-weight edges, which stay zero.
    out_weight = strength[graph.source_codes]
    np.divide(values, out_weight, out=values, where=out_weight > 0)
    del out_weight
    transition = type(structure)((values, structure.indices, structure.indptr), shape=(n, n))
    rank: Floats = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        spread = alpha * float(rank[dangling].sum()) / n + (1.0 - alpha) / n
        rank = np.asarray(alpha * (rank @ transition) + spread, dtype=np.float64)
        if np.abs(rank - previous).sum() < n * tol:
            return rank
    raise ValidationError(
        f"PageRank did not converge in {max_iter} iterations; raise max_iter or tol",
        column="max_iter",
        value=max_iter,
    )


def _pagerank_sparse(
    n: int,
    source: Any,  # noqa: ANN401
    target: Any,  # noqa: ANN401
    values: Floats,
    *,
    alpha: float,
    tol: float,
    max_iter: int,
) -> Floats:
    if n == 0:
        return np.zeros(0)
    strength = np.bincount(source, weights=values, minlength=n)
    dangling = strength == 0
    step = values / strength[source]  # transition probabilities along each edge
    rank: Floats = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        spread = alpha * float(rank[dangling].sum()) / n + (1.0 - alpha) / n
        flow = np.bincount(target, weights=rank[source] * step, minlength=n)
        rank = np.asarray(alpha * flow + spread, dtype=np.float64)
        if np.abs(rank - previous).sum() < n * tol:
            return rank
    raise ValidationError(
        f"PageRank did not converge in {max_iter} iterations; raise max_iter or tol",
        column="max_iter",
        value=max_iter,
    )


def _pagerank_networkx(
    graph: ValueFlowGraph,
    source: Any,  # noqa: ANN401
    target: Any,  # noqa: ANN401
    values: Floats,
    *,
    alpha: float,
    tol: float,
    max_iter: int,
) -> Floats:
    ids = graph.actors.tolist()
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_weighted_edges_from(
        (ids[s], ids[t], w)
        for s, t, w in zip(source.tolist(), target.tolist(), values.tolist(), strict=True)
    )
    if not len(g):
        return np.zeros(0)
    require("scipy.sparse", extra="graph", feature="networkx's PageRank")
    try:
        ranks = nx.pagerank(g, alpha=alpha, tol=tol, max_iter=max_iter, weight="weight")
    except nx.PowerIterationFailedConvergence:
        raise ValidationError(
            f"PageRank did not converge in {max_iter} iterations; raise max_iter or tol",
            column="max_iter",
            value=max_iter,
        ) from None
    return np.array([ranks[name] for name in ids])


@attrs.frozen(kw_only=True, eq=False)
class Advocate(Result):
    """An actor who carries sharing: rank, out-strength and events on share edges."""

    _FLOATS = ("rank", "strength")

    actor: str
    role: str
    rank: float
    strength: float
    events: int


def advocates(
    graph: ValueFlowGraph,
    *,
    top: int = 10,
    kinds: Sequence[str] = _SHARING,
    alpha: float = 0.85,
    backend: GraphBackend = "auto",
) -> list[Advocate]:
    """The ``top`` actors who carry the most sharing, best first.

    Sharing is the graph of ``kinds`` events (shares by default). Each actor's
    ``rank`` is its PageRank on that graph reversed (see :func:`pagerank`):
    high for an actor whose shares reach actors who themselves share widely;
    ``strength`` is the weight of its own shares (out-strength) and ``events``
    their number. These are the lead users of von Hippel (1986), whom
    Prahalad & Ramaswamy's co-creation (seed 004) asks firms to find. Only
    actors with at least one outgoing share are listed; ties in rank go to the
    higher strength, then the smaller id.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "ben", "kind": "share", "timestamp": "2024-01-05"},
    ...     {"source": "ana", "target": "cy", "kind": "share", "timestamp": "2024-01-06"},
    ...     {"source": "ben", "target": "cy", "kind": "share", "timestamp": "2024-01-07"},
    ... ])
    >>> [(a.actor, a.events) for a in advocates(vcc.ValueFlowGraph.from_log(log), top=2)]
    [('ana', 2), ('ben', 1)]
    """
    graph = check_graph(graph)
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValidationError("top must be a whole number of at least 1", column="top", value=top)
    rank = pagerank(graph, alpha=alpha, kinds=kinds, reverse=True, backend=backend)
    with np.errstate(over="ignore"):
        strength = np.bincount(
            graph.source_codes, weights=kind_weights(graph, kinds, "weight"), minlength=len(graph)
        )
    if not np.isfinite(strength).all():
        at = int(np.flatnonzero(~np.isfinite(strength))[0])
        raise ValidationError(
            f"the share weights of {str(graph.actors[at])!r} add up to more than float64 holds",
            column="weight",
        )
    events = np.bincount(
        graph.source_codes, weights=kind_weights(graph, kinds, "count"), minlength=len(graph)
    ).astype(np.int64)
    sharing = np.flatnonzero(events > 0)
    # lexsort sorts by the last key first: rank, then strength, both descending; then id.
    order = sharing[np.lexsort((sharing, -strength[sharing], -rank[sharing]))][:top]
    ids, roles = graph.actors, graph.roles
    return [
        Advocate(
            actor=str(ids[i]),
            role=roles[i].value,
            rank=float(rank[i]),
            strength=float(strength[i]),
            events=int(events[i]),
        )
        for i in order.tolist()
    ]
