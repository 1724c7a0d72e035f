"""Geometry of value-flow pictures: node positions, edge curves, arrowheads, edge colours.

Pure numpy and networkx, no matplotlib: :mod:`valuecocreation.plot` turns these
arrays into matplotlib collections.
"""

from __future__ import annotations

from typing import Any, Final

import networkx as nx
import numpy as np
import numpy.typing as npt

from valuecocreation._core.optional import require
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.model import Role

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

_ROLES: Final = tuple(Role)
_SHELL_ORDER: Final = (Role.FIRM, Role.PARTNER, Role.CREATOR, Role.USER, Role.COMPETITOR)
_SCIPY_FROM: Final = 500  # networkx's spring layout switches to scipy.sparse here
_BEND: Final = 0.15  # how far an edge bows out, as a share of its length
CURVE_POINTS: Final = 21


def positions(graph: ValueFlowGraph, layout: str, seed: Any) -> Floats:  # noqa: ANN401
    """Node positions, one row per actor, from a networkx layout of the undirected graph."""
    n = len(graph)
    undirected = nx.Graph()
    undirected.add_nodes_from(range(n))
    undirected.add_edges_from(
        zip(graph.source_codes.tolist(), graph.target_codes.tolist(), strict=True)
    )
    if layout == "kamada_kawai" or (layout == "spring" and n >= _SCIPY_FROM):
        require("scipy", extra="plot", feature=f"the {layout} layout of {n:,} actors")
    if layout == "spring":
        if isinstance(seed, np.random.Generator):  # networkx's layouts take no Generator
            seed = int(seed.integers(2**32))
        seed = int(seed) if isinstance(seed, np.integer) else seed
        found = nx.spring_layout(undirected, seed=seed, weight=None)
    elif layout == "kamada_kawai":
        found = nx.kamada_kawai_layout(undirected, weight=None)
    elif layout == "circular":
        found = nx.circular_layout(undirected)
    else:
        codes = graph._roles.tolist()
        shells = [
            [node for node in range(n) if _ROLES[codes[node]] is role] for role in _SHELL_ORDER
        ]
        found = nx.shell_layout(undirected, nlist=[shell for shell in shells if shell])
    return np.array([found[node] for node in range(n)], dtype=np.float64).reshape(n, 2)


def dominant_drivers(graph: ValueFlowGraph) -> Ints:
    """Per edge, the position of its dominant driver in the framework, or -1 for none."""
    framework = graph.framework
    n_drivers = len(framework.drivers)
    driver_of = np.array(
        [
            framework.driver_keys.index(framework.condition(key).driver.key)
            for key in framework.condition_keys
        ],
        dtype=np.int64,
    )
    edge, condition, count, weight = graph._condition
    cell = edge * n_drivers + driver_of[condition]
    size = graph.n_edges * n_drivers
    weights = np.bincount(cell, weights=weight, minlength=size).reshape(-1, n_drivers)
    counts = np.bincount(cell, weights=count, minlength=size).reshape(-1, n_drivers)
    by_count = weights.max(axis=1, initial=0.0) <= 0.0
    chosen = np.where(by_count, counts.argmax(axis=1), weights.argmax(axis=1))
    return np.where(counts.sum(axis=1) > 0, chosen, -1).astype(np.int64)


def share_of_max(values: Floats) -> Floats:
    top = float(values.max(initial=0.0))
    return values / top if top > 0 else np.zeros_like(values)


def edge_curves(position: Floats, source: Ints, target: Ints, extent: float) -> Floats:
    """Each edge as a polyline of points: a bow to its left, or a loop for a self-loop."""
    t = np.linspace(0.0, 1.0, CURVE_POINTS)[None, :, None]
    start, end = position[source], position[target]
    delta = end - start
    control = (start + end) / 2 + _BEND * np.stack([-delta[:, 1], delta[:, 0]], axis=1)
    curves = (
        (1 - t) ** 2 * start[:, None] + 2 * (1 - t) * t * control[:, None] + t**2 * end[:, None]
    )
    loops = np.flatnonzero(source == target)
    if len(loops):
        # A circle touching the node, on the side facing away from the picture's centre.
        outward = position[source[loops]] - position.mean(axis=0)
        length = np.linalg.norm(outward, axis=1, keepdims=True)
        outward = np.where(
            length > 1e-12 * extent, outward / np.maximum(length, 1e-300), [0.0, 1.0]
        )
        radius = 0.06 * extent
        centre = position[source[loops]] + radius * outward
        first = np.arctan2(-outward[:, 1], -outward[:, 0])[:, None]
        angle = first + 2 * np.pi * np.linspace(0.0, 1.0, CURVE_POINTS)[None, :]
        curves[loops] = centre[:, None] + radius * np.stack([np.cos(angle), np.sin(angle)], axis=2)
    return np.asarray(curves, dtype=np.float64)


def arrowheads(curves: Floats, widths: Floats, extent: float) -> Floats:
    """A triangle halfway along each curve, pointing the way the edge goes."""
    middle = CURVE_POINTS // 2
    tip_side = curves[:, middle + 1] - curves[:, middle - 1]
    length = np.linalg.norm(tip_side, axis=1, keepdims=True)
    forward = np.where(length > 0, tip_side / np.where(length > 0, length, 1.0), [1.0, 0.0])
    side = np.stack([-forward[:, 1], forward[:, 0]], axis=1)
    size = (0.009 + 0.004 * widths)[:, None] * extent
    centre = curves[:, middle]
    tip = centre + size * forward
    back = centre - size * forward
    return np.stack([tip, back + 0.55 * size * side, back - 0.55 * size * side], axis=1)
