"""A value-flow graph condensed to groups of actors: one node per role (and segment).

A graph of a million actors cannot be drawn as a million dots, but the flow
between firms, partners, creators and users can. :func:`summarise` merges the
actors of each group into one node and adds up the edges between groups, so the
result is again a :class:`~valuecocreation.graph.ValueFlowGraph`: every edge, kind
and condition total of the summary is the exact sum of the edges it stands for,
and flows inside a group become a self-loop.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import TEXT_DTYPE
from valuecocreation._core.sorting import grouped
from valuecocreation.errors import ValidationError
from valuecocreation.graph._value_flow import ValueFlowGraph
from valuecocreation.model import InteractionKind, Role

__all__ = ["ACTOR_COUNT", "summarise"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

ACTOR_COUNT: Final = "n_actors"
"""The node attribute of a summary that holds how many actors the node stands for."""

_ROLES: Final = tuple(Role)
_N_KINDS: Final = len(InteractionKind)
_NO_VALUE: Final = "(none)"


def check_by(graph: ValueFlowGraph, by: object) -> str | None:
    """The actor attribute to segment by (``None`` for roles only), or a clear error."""
    if isinstance(by, str) and by == "role":
        return None
    if not isinstance(by, str) or not by:
        raise ValidationError(
            "summarise_by must be 'role' or the name of an actor attribute",
            column="summarise_by",
            value=by,
        )
    if by == ACTOR_COUNT:
        raise ValidationError(
            f"{ACTOR_COUNT!r} is the attribute a summary uses for its "
            "group sizes; rename the actor attribute",
            column="summarise_by",
            value=by,
        )
    present = sorted(set().union(*(found.keys() for found in graph._attributes.values())))
    if by not in present:
        known = ", ".join(repr(name) for name in present) or "none"
        raise ValidationError(
            f"no actor of the graph has the attribute {by!r}; use 'role' "
            f"or one of the attributes the actors have: {known}",
            column="summarise_by",
            value=by,
        )
    return by


def summarise(graph: ValueFlowGraph, *, by: str = "role") -> ValueFlowGraph:
    """The value-flow graph of groups of actors: one node per role, or per role and segment.

    Each group becomes one node, named after its role (``"user"``) or, with ``by``
    naming an actor attribute, after its role and value of that attribute
    (``"user: KR"``; ``"user: (none)"`` for actors without it). The node keeps the
    role, the attribute value under the attribute's name, and the number of actors
    it stands for under ``"n_actors"``. The edge from group A to group B sums every
    edge from an actor of A to an actor of B: counts and weights in total, per
    interaction kind and per condition. Flows within a group become a self-loop.

    Parameters
    ----------
    graph
        The value-flow graph to condense.
    by
        ``"role"``, or the name of an actor attribute (such as ``"country"``) to
        split each role by.

    Returns
    -------
    ValueFlowGraph
        For the same framework and condition map as ``graph``.

    Raises
    ------
    ValidationError
        For something other than a value-flow graph, or ``by`` naming an attribute
        no actor of the graph has.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.plot import summarise
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": a, "target": b, "kind": "like", "timestamp": "2024-01-05"}
    ...     for a, b in [("ana", "shop"), ("ben", "shop"), ("ana", "ben")]])
    >>> groups = summarise(vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"}))
    >>> groups.actors.tolist(), groups.to_networkx().nodes["user"]["n_actors"]
    (['firm', 'user'], 2)
    >>> g = groups.to_networkx()
    >>> g.edges["user", "firm"]["count"], g.edges["user", "user"]["count"]
    (2, 1)
    """
    if not isinstance(graph, ValueFlowGraph):
        raise ValidationError(
            "summarise takes a ValueFlowGraph", column="graph", value=type(graph).__name__
        )
    segment = check_by(graph, by)
    group, names, roles, attributes = _groups(graph, segment)
    width = max(len(names), 1)
    pairs, _, weight, edge_of = grouped(
        group[graph._source] * width + group[graph._target], graph._weight
    )
    count = _summed(edge_of, graph._count, len(pairs))
    n_conditions = len(graph.framework.condition_keys)
    result = ValueFlowGraph.__new__(ValueFlowGraph)
    result._fill(
        framework=graph.framework,
        mapping=graph.mapping,
        actors=np.array(names, dtype=TEXT_DTYPE),
        roles=roles,
        attributes=attributes,
        source=pairs // width,
        target=pairs % width,
        count=count,
        weight=weight,
        kind=_regrouped(graph._kind, edge_of, _N_KINDS),
        condition=_regrouped(graph._condition, edge_of, n_conditions),
    )
    return result


def _groups(
    graph: ValueFlowGraph, segment: str | None
) -> tuple[Ints, list[str], npt.NDArray[np.uint8], dict[str, dict[str, Any]]]:
    """Each actor's group, and per group its name, role code and node attributes."""
    codes = graph._roles
    if segment is None:
        keys = [_ROLES[code].value for code in range(len(_ROLES))]
        labels = np.array(keys, dtype=object)[codes].tolist()
        values: list[Any] = [None] * len(codes)
    else:
        values = [graph._attributes.get(name, {}).get(segment) for name in graph.actors.tolist()]
        labels = [
            f"{_ROLES[code].value}: {_NO_VALUE if value is None else value}"
            for code, value in zip(codes.tolist(), values, strict=True)
        ]
    names = sorted(set(labels))
    position = {name: code for code, name in enumerate(names)}
    group = np.fromiter((position[label] for label in labels), dtype=np.int64, count=len(labels))
    roles = np.zeros(len(names), dtype=np.uint8)
    roles[group] = codes
    sizes = np.bincount(group, minlength=len(names)).tolist()
    attributes: dict[str, dict[str, Any]] = {
        name: {ACTOR_COUNT: size} for name, size in zip(names, sizes, strict=True)
    }
    if segment is not None:
        for label, value in zip(labels, values, strict=True):
            if value is not None:
                attributes[label].setdefault(segment, value)
        attributes = {name: dict(sorted(found.items())) for name, found in attributes.items()}
    return group, names, roles, attributes


def _summed(group: Ints, values: Ints, size: int) -> Ints:
    """Per group, the exact integer sum of ``values``."""
    totals = np.zeros(size, dtype=np.int64)
    np.add.at(totals, group, values)
    return totals


def _regrouped(
    table: tuple[Ints, Ints, Ints, Floats], edge_of: Ints, width: int
) -> tuple[Ints, Ints, Ints, Floats]:
    """A per-(edge, kind or condition) table, summed onto the edges of the summary."""
    edge, column, count, weight = table
    cells, _, weights, cell_of = grouped(edge_of[edge] * width + column, weight)
    return (cells // width, cells % width, _summed(cell_of, count, len(cells)), weights)
