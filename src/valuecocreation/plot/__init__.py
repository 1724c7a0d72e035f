"""Pictures: the value-flow graph (:func:`value_flow`), an assessment (:func:`radar`).

Both draw with matplotlib (the ``plot`` extra: ``pip install
"valuecocreation[plot]"``), imported only when a picture is drawn, so ``import
valuecocreation`` never loads it. :func:`value_flow` draws a
:class:`~valuecocreation.graph.ValueFlowGraph`:

- **Nodes** are actors, coloured by role with :data:`ROLE_COLOURS` (warm colours
  for the firms' party, cool ones for the users'), sized by the weight they send
  and receive.
- **Edges** are (source, target) pairs, coloured by the driver that carries most
  of the edge's condition weight, with :func:`driver_colours` (grey,
  :data:`NO_CONDITION_COLOUR`, for edges no rule of the condition map matched),
  as wide as their weight. Each edge bends to its left, so that the two
  directions between a pair stay apart, and has an arrowhead halfway.

A graph with more actors than ``max_nodes`` is first condensed with
:func:`summarise` (one node per role, or per role and segment), and the title
says so. :func:`radar` draws an :class:`~valuecocreation.assessment.Assessment`
as a radar chart of its condition and driver scores.

Each picture is a plain :class:`matplotlib.figure.Figure`, not one that
``matplotlib.pyplot`` manages: nothing changes the backend, and nothing needs
closing. Save it with ``ax.figure.savefig(...)``, or pass an ``ax`` of your own.

Examples
--------
>>> import valuecocreation as vcc
>>> from valuecocreation import plot
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
...     {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-06"},
... ])
>>> ax = plot.value_flow(vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"}))
>>> ax.get_title()
'Value flow: 2 actors, 2 edges'
"""

from __future__ import annotations

import colorsys
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, cast, get_args

import numpy as np
import numpy.typing as npt

from valuecocreation._core.optional import require
from valuecocreation.assessment import Assessment, DriverScore
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import Framework
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.graph._summary import ACTOR_COUNT, check_by, summarise
from valuecocreation.model import Role
from valuecocreation.plot._geometry import (
    arrowheads,
    dominant_drivers,
    edge_curves,
    positions,
    share_of_max,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.projections.polar import PolarAxes

__all__ = [
    "NO_CONDITION_COLOUR",
    "ROLE_COLOURS",
    "Layout",
    "driver_colours",
    "radar",
    "summarise",
    "value_flow",
]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

Layout = Literal["spring", "kamada_kawai", "circular", "shell"]
"""The networkx layouts that :func:`value_flow` can place nodes with."""

ROLE_COLOURS: Final[Mapping[Role, str]] = MappingProxyType(
    {
        Role.FIRM: "#D55E00",
        Role.PARTNER: "#E69F00",
        Role.USER: "#56B4E9",
        Role.CREATOR: "#0072B2",
        Role.COMPETITOR: "#000000",
    }
)
"""Node colour per role, from the colour-blind-safe palette of Okabe & Ito (2008):
vermilion (firm) and orange (partner) for the firms' party, sky blue (user) and
blue (creator) for the users' party, black for competitors."""

NO_CONDITION_COLOUR: Final = "#9E9E9E"
"""Edge colour (grey) for edges whose events count for no condition."""

# Paul Tol's "muted" qualitative scheme, reordered so that the first four (the
# drivers of Kim & Choi 2019) differ most; none of them is grey or a node colour.
_DRIVER_PALETTE: Final = (
    "#117733",
    "#332288",
    "#CC6677",
    "#999933",
    "#AA4499",
    "#44AA99",
    "#882255",
    "#DDCC77",
    "#88CCEE",
)
_ROLES: Final = tuple(Role)
_ON_TOP: Final = (Role.USER, Role.CREATOR, Role.COMPETITOR, Role.PARTNER, Role.FIRM)  # last on top
_AUTO_LABELS_UP_TO: Final = 30


def driver_colours(framework: Framework) -> dict[str, str]:
    """Edge colour per driver of ``framework``, in the framework's driver order.

    The first nine drivers take Paul Tol's muted qualitative colours (green,
    indigo, rose, olive, purple, teal, wine, sand, cyan); a framework with more
    drivers gets as many hues evenly spaced around the colour wheel instead.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> driver_colours(vcc.KIM_CHOI_2019)
    {'experience': '#117733', 'satisfaction': '#332288', 'expression': '#CC6677',
     'share': '#999933'}
    """
    if not isinstance(framework, Framework):
        raise ValidationError(
            "driver_colours takes a Framework", column="framework", value=type(framework).__name__
        )
    return _palette(framework.driver_keys)


def _palette(keys: tuple[str, ...]) -> dict[str, str]:
    if len(keys) <= len(_DRIVER_PALETTE):
        return dict(zip(keys, _DRIVER_PALETTE, strict=False))
    hues = [colorsys.hls_to_rgb(position / len(keys), 0.4, 0.65) for position in range(len(keys))]
    return {
        key: "#{:02X}{:02X}{:02X}".format(*(round(255 * part) for part in rgb))
        for key, rgb in zip(keys, hues, strict=True)
    }


def value_flow(
    graph: ValueFlowGraph,
    *,
    ax: Axes | None = None,
    layout: Layout = "spring",
    seed: int | np.random.Generator | None = 0,
    max_nodes: int = 2000,
    summarise_by: str = "role",
    labels: bool | Literal["auto"] = "auto",
) -> Axes:
    """Draw the value-flow graph: who gives value to whom, at which driver.

    Node colour is the actor's role (:data:`ROLE_COLOURS`); node area, in
    points squared, is ``40 + 560 * sqrt(s / s_max)`` for strength ``s``, the
    weight the actor sends plus the weight it receives (a self-loop counts for
    both). Edge colour is the driver whose conditions carry most of the edge's
    condition weight (:func:`driver_colours`; ties go to the earlier driver,
    edges with condition matches of zero weight go by match count, and edges
    without any are grey); edge width, in points, is ``0.6 + 3.4 * sqrt(w / w_max)``
    for edge weight ``w``. Square roots keep heavy-tailed weights readable.

    Parameters
    ----------
    graph
        The value-flow graph.
    ax
        The matplotlib ``Axes`` to draw into; a new figure (not managed by
        ``pyplot``) when ``None``.
    layout
        ``"spring"`` (Fruchterman-Reingold, seeded), ``"kamada_kawai"`` (needs
        scipy), ``"circular"``, or ``"shell"`` (one ring per role, the firm
        innermost); all from ``networkx.drawing.layout``, computed on the
        undirected graph without weights. The spring and Kamada-Kawai layouts
        take time quadratic in the number of nodes: seconds for a few hundred,
        tens of seconds near 2,000; circular and shell take milliseconds.
    seed
        Seed of the spring layout: an int from 0 to 2**32 - 1, a
        ``numpy.random.Generator`` (which gives one draw to seed it) or ``None``
        (unseeded). The same seed gives
        the same picture; the other layouts are deterministic.
    max_nodes
        Graphs with more actors are summarised first (see :func:`summarise`).
    summarise_by
        ``"role"``, or an actor attribute (such as ``"country"``) to split each
        role by when summarising.
    labels
        Write each node's name next to it: always (``True``), never (``False``),
        or for summaries and graphs of up to 30 nodes (``"auto"``).

    Returns
    -------
    matplotlib.axes.Axes
        Nodes are one ``PathCollection`` per role (``gid`` ``"nodes:<role>"``;
        users first, so that the firm's and partners' nodes are drawn on top),
        edges one ``LineCollection`` per colour (``gid`` ``"edges:<driver>"``, or
        ``"edges:none"``), arrowheads one ``PolyCollection`` (``gid``
        ``"arrowheads"``); two legends name the roles and drivers.

    Raises
    ------
    ValidationError
        For something other than a value-flow graph, an unknown layout, a bad
        seed, ``max_nodes`` that is not a whole number of at least 1, an
        attribute ``summarise_by`` that no actor has, ``labels`` other than
        ``True``, ``False`` or ``"auto"``, or an ``ax`` that is not an ``Axes``.
    MissingDependencyError
        Without matplotlib (the ``plot`` extra), or without scipy for
        ``"kamada_kawai"`` or the spring layout of 500 or more nodes.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "ben", "target": "ana", "kind": "share", "timestamp": "2024-01-06"},
    ... ])
    >>> graph = vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"})
    >>> ax = value_flow(graph, layout="circular")
    >>> sorted(c.get_gid() for c in ax.collections)
    ['arrowheads', 'edges:satisfaction', 'edges:share', 'nodes:firm', 'nodes:user']
    >>> value_flow(graph, max_nodes=2).get_title()
    'Value flow summarised by role: 3 actors in 2 groups, 2 edges'
    """
    if not isinstance(graph, ValueFlowGraph):
        raise ValidationError(
            "value_flow takes a ValueFlowGraph (build one with ValueFlowGraph.from_log)",
            column="graph",
            value=type(graph).__name__,
        )
    _check_arguments(layout, seed, max_nodes, labels)
    segment = check_by(graph, summarise_by)
    require("matplotlib", extra="plot", feature="valuecocreation.plot")
    from matplotlib.axes import Axes  # noqa: PLC0415 - matplotlib is optional
    from matplotlib.figure import Figure  # noqa: PLC0415

    if ax is None:
        ax = Figure(figsize=(9.0, 6.5), layout="constrained").add_subplot()
    elif not isinstance(ax, Axes):
        raise ArgumentTypeError(
            "ax must be a matplotlib Axes", column="ax", value=type(ax).__name__
        )
    summarised = len(graph) > max_nodes
    drawn = summarise(graph, by=summarise_by) if summarised else graph
    if summarised:
        by = "role" if segment is None else f"role and {segment}"
        ax.set_title(
            f"Value flow summarised by {by}: {len(graph):,} actors in "
            f"{len(drawn):,} groups, "
            f"{graph.n_edges:,} edges"
        )
    else:
        ax.set_title(f"Value flow: {len(graph):,} actors, {graph.n_edges:,} edges")
    ax.set_axis_off()
    if drawn.n_edges == 0:
        ax.text(
            0.5,
            0.5,
            "no interactions",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=NO_CONDITION_COLOUR,
        )
    if len(drawn) == 0:
        return ax
    position = positions(drawn, layout, seed)
    show_labels = (summarised or len(drawn) <= _AUTO_LABELS_UP_TO) if labels == "auto" else labels
    _draw(ax, drawn, position, show_labels=bool(show_labels), summarised=summarised)
    return ax


def _check_arguments(layout: object, seed: object, max_nodes: object, labels: object) -> None:
    if not isinstance(layout, str) or layout not in get_args(Layout):
        raise ValidationError(
            f"unknown layout {layout!r}; use one of {get_args(Layout)}",
            column="layout",
            value=layout,
        )
    if isinstance(seed, bool) or not isinstance(
        seed, int | np.integer | np.random.Generator | None
    ):
        raise ArgumentTypeError(
            "seed must be an int, a numpy.random.Generator or None", column="seed", value=seed
        )
    if isinstance(seed, int | np.integer) and not 0 <= seed < 2**32:
        raise ValidationError(
            "an int seed must be at least 0 and below 2**32 (networkx's "
            "layouts seed numpy's RandomState with it)",
            column="seed",
            value=seed,
        )
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int | np.integer) or max_nodes < 1:
        raise ValidationError(
            "max_nodes must be a whole number of at least 1", column="max_nodes", value=max_nodes
        )
    if not isinstance(labels, bool) and not (isinstance(labels, str) and labels == "auto"):
        raise ValidationError("labels must be True, False or 'auto'", column="labels", value=labels)


# ---------------------------------------------------------------------- drawing
def _draw(
    ax: Axes, graph: ValueFlowGraph, position: Floats, *, show_labels: bool, summarised: bool
) -> None:
    from matplotlib.collections import LineCollection, PolyCollection  # noqa: PLC0415
    from matplotlib.lines import Line2D  # noqa: PLC0415

    source, target, weight = graph.source_codes, graph.target_codes, graph.weights
    extent = float(np.ptp(position, axis=0).max()) or 1.0
    widths = 0.6 + 3.4 * np.sqrt(share_of_max(weight))
    curves = edge_curves(position, source, target, extent)
    heads = arrowheads(curves, widths, extent)
    colours = driver_colours(graph.framework)
    driver = dominant_drivers(graph)
    edge_colour = np.array([*colours.values(), NO_CONDITION_COLOUR])[driver]
    # Grey first, then drivers in order; within a colour, heavy edges on top.
    for code, key in [(-1, "none"), *enumerate(colours)]:
        chosen = np.flatnonzero(driver == code)
        if len(chosen):
            chosen = chosen[np.argsort(weight[chosen], kind="stable")]
            ax.add_collection(
                LineCollection(
                    cast("Sequence[Floats]", curves[chosen]),
                    colors=edge_colour[chosen[0]],
                    linewidths=widths[chosen],
                    alpha=0.75,
                    capstyle="round",
                    zorder=1,
                    gid=f"edges:{key}",
                )
            )
    if len(heads):
        ax.add_collection(
            PolyCollection(
                cast("Sequence[Floats]", heads),
                facecolors=edge_colour,
                edgecolors="none",
                alpha=0.9,
                zorder=1.5,
                gid="arrowheads",
            )
        )
    strength = np.asarray(
        np.bincount(source, weights=weight, minlength=len(graph))
        + np.bincount(target, weights=weight, minlength=len(graph)),
        dtype=np.float64,
    )
    sizes = 40.0 + 560.0 * np.sqrt(share_of_max(strength))
    codes = graph._roles
    present = [role for role in _ROLES if np.any(codes == _ROLES.index(role))]
    for role in sorted(present, key=_ON_TOP.index):
        mine = codes == _ROLES.index(role)
        ax.scatter(
            position[mine, 0],
            position[mine, 1],
            s=sizes[mine],
            color=ROLE_COLOURS[role],
            edgecolors="white",
            linewidths=0.8,
            zorder=2,
            gid=f"nodes:{role.value}",
        )
    if show_labels:
        _label(ax, graph, position, sizes, summarised=summarised)
    points = np.concatenate([position, curves.reshape(-1, 2)])
    pad = 0.08 * extent
    ax.set_xlim(points[:, 0].min() - pad, points[:, 0].max() + pad)
    ax.set_ylim(points[:, 1].min() - pad, points[:, 1].max() + pad)
    ax.set_aspect("equal", adjustable="box")

    role_legend = ax.legend(
        handles=[
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor=ROLE_COLOURS[role],
                markeredgecolor="white",
                label=role.value,
            )
            for role in present
        ],
        title="role",
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    ax.add_artist(role_legend)
    names = [graph.framework.driver(key).name for key in colours]
    handles = [
        Line2D([], [], color=colour, linewidth=3, label=name)
        for name, colour in zip(names, colours.values(), strict=True)
    ]
    if np.any(driver == -1):
        handles.append(Line2D([], [], color=NO_CONDITION_COLOUR, linewidth=3, label="no condition"))
    ax.legend(
        handles=handles, title="driver", loc="lower left", bbox_to_anchor=(1.0, 0.0), frameon=False
    )


def _label(
    ax: Axes, graph: ValueFlowGraph, position: Floats, sizes: Floats, *, summarised: bool
) -> None:
    names = graph.actors.tolist()
    for node, name in enumerate(names):
        text = str(name)
        if summarised:
            n = graph._attributes.get(name, {}).get(ACTOR_COUNT)
            if isinstance(n, int):
                text += f"\n{n:,} actor{'' if n == 1 else 's'}"
        # Just above the marker: its radius in points is sqrt(area) / 2.
        ax.annotate(
            text,
            xy=(position[node, 0], position[node, 1]),
            xytext=(0.0, float(np.sqrt(sizes[node])) / 2 + 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.7,
            },
        )


def radar(assessment: Assessment, *, ax: Axes | None = None) -> Axes:
    """Draw an assessment as a radar chart: every condition on a spoke, drivers as sectors.

    Spokes run clockwise from the top, one per condition, grouped by driver in the
    framework's order; each driver's sector is shaded in its colour
    (:func:`driver_colours`) and an arc across it marks the driver's score. A dark
    line joins the condition scores. Missing is not zero: a condition without
    evidence (a nan score) has no point, the line breaks there, and its label is
    grey and says "(no evidence)"; a driver without any evidence has no arc.

    Parameters
    ----------
    assessment
        The result of :func:`~valuecocreation.assess`.
    ax
        A polar ``Axes`` (``projection="polar"``) to draw into; a new figure (not
        managed by ``pyplot``) when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        With the lines ``"conditions"`` (the scores, nan where missing) and
        ``"driver:<key>"`` (one arc per scored driver), by ``gid``; one shaded
        bar per driver (``gid`` ``"sector:<key>"``); and a legend with each
        driver's score. The title gives the index and its coverage.

    Raises
    ------
    ValidationError
        For something other than an :class:`~valuecocreation.assessment.Assessment`,
        or an ``ax`` that is not a polar ``Axes``.
    MissingDependencyError
        Without matplotlib (the ``plot`` extra).

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> ax = radar(vcc.assess(sample_log(), actors={"firm": "firm"}))
    >>> ax.get_title()
    'Co-creation index 0.81, coverage 100%'
    >>> [label.get_text() for label in ax.get_xticklabels()][:4]
    ['accessibility', 'availability', 'awareness', 'service']
    """
    if not isinstance(assessment, Assessment):
        raise ArgumentTypeError(
            "radar takes an Assessment (the result of assess)",
            column="assessment",
            value=type(assessment).__name__,
        )
    require("matplotlib", extra="plot", feature="valuecocreation.plot")
    from matplotlib.axes import Axes  # noqa: PLC0415 - matplotlib is optional
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.lines import Line2D  # noqa: PLC0415

    if ax is None:
        ax = Figure(figsize=(10.0, 7.0), layout="constrained").add_subplot(projection="polar")
    elif not isinstance(ax, Axes) or ax.name != "polar":
        raise ArgumentTypeError(
            "ax must be a polar Axes (add_subplot(projection='polar'))",
            column="ax",
            value=type(ax).__name__,
        )
    drivers = assessment.drivers
    colours = _palette(tuple(driver.driver for driver in drivers))
    keys = [key for driver in drivers for key in driver.conditions]
    values = np.array([assessment.condition(key).value for key in keys], dtype=np.float64)
    step = 2 * np.pi / max(len(keys), 1)
    angles = step * np.arange(len(keys))
    polar = cast("PolarAxes", ax)
    polar.set_theta_offset(np.pi / 2)
    polar.set_theta_direction(-1)
    handles = []
    first = 0
    for driver in drivers:
        colour, size = colours[driver.driver], len(driver.conditions)
        start = (first - 0.5) * step
        ax.bar(
            start + size * step / 2,
            1.0,
            width=size * step,
            color=colour,
            alpha=0.1,
            edgecolor="none",
            gid=f"sector:{driver.driver}",
        )
        if not np.isnan(driver.value):
            arc = np.linspace(start, start + size * step, 40)
            ax.plot(
                arc,
                np.full(len(arc), driver.value),
                color=colour,
                linewidth=3,
                solid_capstyle="butt",
                gid=f"driver:{driver.driver}",
            )
        score = "no evidence" if np.isnan(driver.value) else f"{driver.value:.2f}"
        handles.append(
            Line2D(
                [],
                [],
                color=colour,
                linewidth=3,
                label=f"{driver.driver.replace('_', ' ')}: {score}",
            )
        )
        first += size
    # Close the ring; nan values break the line (missing is not zero).
    ax.plot(
        np.append(angles, angles[:1] + 2 * np.pi),
        np.append(values, values[:1]),
        color="#333333",
        linewidth=1.5,
        marker="o",
        markersize=4,
        clip_on=False,
        gid="conditions",
    )
    handles.append(
        Line2D(
            [],
            [],
            color="#333333",
            linewidth=1.5,
            marker="o",
            markersize=4,
            label="condition score",
        )
    )
    missing = np.isnan(values)
    ax.set_xticks(
        angles,
        [
            key.replace("_", " ") + ("\n(no evidence)" if gap else "")
            for key, gap in zip(keys, missing.tolist(), strict=True)
        ],
    )
    for label, key, gap in zip(ax.get_xticklabels(), keys, missing.tolist(), strict=True):
        label.set_color(NO_CONDITION_COLOUR if gap else colours[_driver_of(drivers, key)])
    ax.set_ylim(0.0, 1.0)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0])
    ax.tick_params(axis="y", labelsize=7, labelcolor="#666666")
    ax.tick_params(axis="x", pad=10)
    polar.set_rlabel_position(float(np.degrees(step / 2)))
    index = "no evidence" if np.isnan(assessment.index) else f"{assessment.index:.2f}"
    where = "" if assessment.window == "all" else f", {assessment.window}"
    where += f", {assessment.segment}" if assessment.segment else ""
    ax.set_title(
        f"Co-creation index {index}, coverage {assessment.index_coverage:.0%}{where}", pad=24
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.15, 1.0),
        frameon=False,
        title="driver score",
    )
    return ax


def _driver_of(drivers: tuple[DriverScore, ...], key: str) -> str:
    return next(driver.driver for driver in drivers if key in driver.conditions)
