"""Reach: who is within a few hops of the firm, and what share of an audience that is."""

from __future__ import annotations

import math
from typing import Literal

import attrs
import networkx as nx
import numpy as np

from valuecocreation._core.serial import ints
from valuecocreation.errors import ValidationError
from valuecocreation.findings import Finding
from valuecocreation.graph._common import (
    Bools,
    GraphBackend,
    Ints,
    Result,
    actor_positions,
    check_backend,
    check_graph,
    findings_field,
    firm_mask,
    no_firm,
    share,
    user_mask,
)
from valuecocreation.graph._value_flow import ValueFlowGraph

__all__ = ["Reach", "reach"]

Direction = Literal["both", "out", "in"]
_SECTION = "Kim & Choi (2019), section 2.1 (awareness)"


@attrs.frozen(kw_only=True, eq=False)
class Reach(Result):
    """How far value from a set of source actors spreads in a value-flow graph.

    ``reached`` counts the actors within ``hops`` hops of the sources (the
    sources themselves left out); ``per_hop`` how many were first reached at
    each hop (one entry per hop, but no more than there are actors: no path is
    longer). ``audience`` is the size of the audience asked about, and
    ``audience_reached`` how many of it were reached, so ``share`` is the
    audience's awareness: nan when the audience is empty, and nan with a
    ``no_firm`` finding when the sources default to the firm's side and the
    graph has no firm (reach from nobody is undefined, not 0).
    """

    _FLOATS = ("share",)

    sources: int
    hops: int
    direction: str
    reached: int
    per_hop: tuple[int, ...] = attrs.field(converter=ints)
    audience: int
    audience_reached: int
    share: float
    findings: tuple[Finding, ...] = findings_field()


def reach(
    graph: ValueFlowGraph,
    sources: object = None,
    *,
    hops: int = 1,
    direction: Direction = "both",
    audience: object = None,
    backend: GraphBackend = "auto",
) -> Reach:
    """The actors within ``hops`` hops of ``sources``, and the share of ``audience`` reached.

    An edge is any interaction between two actors, so by default
    (``direction="both"``) a user who viewed a firm's post and a user the firm
    replied to are both one hop from the firm; ``"out"`` follows edges from
    source to target only (where the sources' own actions lead), ``"in"`` only
    backwards (who acted on the sources). This is the breadth-first reach of
    the social-network literature (Wasserman & Faust 1994, ch. 4), and the
    awareness condition of Kim & Choi (2019, section 2.2) read from the graph:
    the share of an audience that has come into contact with the firm.

    Parameters
    ----------
    graph
        The value-flow graph.
    sources
        Actor ids to start from; every actor of the firms' party (firms and
        partners) when ``None``.
    hops
        How many steps to follow, at least 1.
    direction
        ``"both"``, ``"out"`` or ``"in"``, as above.
    audience
        Actor ids whose awareness is asked for; every actor of the users'
        party (users and creators) when ``None``.
    backend
        ``"sparse"`` (numpy on the edge columns), ``"networkx"`` or ``"auto"``
        (sparse); both give the same result.

    Raises
    ------
    ValidationError
        For ids not in the graph, ``hops`` below 1, or an unknown direction.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "view", "timestamp": "2024-01-05"},
    ...     {"source": "ana", "target": "ben", "kind": "share", "timestamp": "2024-01-06"},
    ...     {"source": "cy", "target": "dee", "kind": "like", "timestamp": "2024-01-07"},
    ... ])
    >>> graph = vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"})
    >>> reach(graph).reached, reach(graph).share
    (1, 0.25)
    >>> two = reach(graph, hops=2)
    >>> two.per_hop, two.audience_reached, two.share
    ((1, 1), 2, 0.5)
    """
    graph = check_graph(graph)
    check_backend(backend)
    if not isinstance(hops, int) or isinstance(hops, bool) or hops < 1:
        raise ValidationError(
            "hops must be a whole number of at least 1", column="hops", value=hops
        )
    steps = min(hops, max(len(graph), 1))  # no path is longer than the actors it visits
    if direction not in ("both", "out", "in"):
        raise ValidationError(
            "direction must be 'both', 'out' or 'in'", column="direction", value=direction
        )
    start = (
        np.flatnonzero(firm_mask(graph))
        if sources is None
        else actor_positions(graph, sources, "sources")
    )
    wanted = (
        user_mask(graph)
        if audience is None
        else np.isin(np.arange(len(graph)), actor_positions(graph, audience, "audience"))
    )
    if backend == "networkx":
        first_hop = _hops_networkx(graph, start, steps, direction)
    else:
        first_hop = _hops_sparse(graph, start, steps, direction)
    reached_mask = first_hop > 0
    per_hop = np.bincount(first_hop[reached_mask], minlength=steps + 1)[1:].tolist()
    in_audience = int(wanted.sum())
    audience_reached = int((reached_mask & wanted).sum())
    undefined = sources is None and not len(start)
    return Reach(
        sources=len(start),
        hops=hops,
        direction=direction,
        reached=int(reached_mask.sum()),
        per_hop=per_hop,
        audience=in_audience,
        audience_reached=audience_reached,
        share=math.nan if undefined else share(audience_reached, in_audience),
        findings=(no_firm("reach", _SECTION),) if undefined else (),
    )


def _hops_sparse(graph: ValueFlowGraph, start: Ints, hops: int, direction: str) -> Ints:
    """The hop at which each actor is first reached (0: a source or never reached)."""
    source, target = graph.source_codes, graph.target_codes
    seen: Bools = np.zeros(len(graph), dtype=bool)
    seen[start] = True
    frontier = seen.copy()
    first: Ints = np.zeros(len(graph), dtype=np.int64)
    for hop in range(1, hops + 1):
        step: Bools = np.zeros(len(graph), dtype=bool)
        if direction in ("both", "out"):
            step[target[frontier[source]]] = True
        if direction in ("both", "in"):
            step[source[frontier[target]]] = True
        frontier = step & ~seen
        if not frontier.any():
            break
        first[frontier] = hop
        seen |= frontier
    return first


def _hops_networkx(graph: ValueFlowGraph, start: Ints, hops: int, direction: str) -> Ints:
    g = graph.to_networkx()
    if direction == "both":
        g = g.to_undirected(as_view=True)
    elif direction == "in":
        g = g.reverse(copy=False)
    ids = graph.actors.tolist()
    first: Ints = np.zeros(len(graph), dtype=np.int64)
    if not len(start):
        return first
    lengths = nx.multi_source_dijkstra_path_length(
        g, {ids[i] for i in start.tolist()}, cutoff=hops, weight=lambda *_: 1
    )
    position = {name: i for i, name in enumerate(ids)}
    for name, length in lengths.items():
        first[position[name]] = length
    return first
