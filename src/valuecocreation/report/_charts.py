"""Inline SVG charts, written by hand: deterministic, dependency-free and accessible.

Every chart is one ``<svg>`` element with ``role="img"``, a ``<title>`` and a
``<desc>`` (its alt text) that ``aria-labelledby`` names; ids derive from the
chart's key only, so the same numbers always give the same bytes. Colours are
the Okabe & Ito (2008) colour-blind-safe palette. A value that is not defined is
drawn as missing (a hollow marker on a dashed guide, labelled ``n/a``), never as
a bar or a dot at 0. Labels use :mod:`valuecocreation.report._format`, the same
formatter as the tables beside the charts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Final, NamedTuple

from valuecocreation.report._format import MISSING, count, is_missing, number, percent

__all__ = [
    "PALETTE",
    "Edge",
    "Mark",
    "Panel",
    "dot_interval",
    "flow_graph",
    "paired_bars",
    "radar",
    "small_multiples",
    "stage_bars",
    "standalone",
]

PALETTE: Final = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
"""Okabe & Ito's colour-blind-safe palette, in the order the charts use it."""

_INK: Final = "#222222"
_GRID: Final = "#bbbbbb"
_MISSING_INK: Final = "#777777"
_FONT: Final = 'font-family="system-ui, sans-serif" font-size="12"'


class Mark(NamedTuple):
    """One value to draw: a label, the value (nan when undefined), its interval, a group."""

    label: str
    value: float
    interval: tuple[float, float] | None = None
    group: int = 0


class Panel(NamedTuple):
    """One small multiple: a title and its marks in window order; flagged marks stand out."""

    title: str
    marks: tuple[Mark, ...]
    flagged: tuple[bool, ...]


class Edge(NamedTuple):
    """One arrow of a condensed graph: node positions in ``nodes`` and its event count."""

    source: int
    target: int
    events: int


def _open(key: str, title: str, alt: str, width: int, height: int) -> list[str]:
    return [
        (
            f'<svg viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" '
            f'aria-labelledby="{key}-title {key}-desc" {_FONT}>'
        ),
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(alt)}</desc>',
    ]


_SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"


def standalone(svg: str) -> str:
    """``svg`` as an image file: HTML infers the SVG namespace inline, a file must declare it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + svg.replace("<svg ", f'<svg xmlns="{_SVG_NAMESPACE}" ', 1)
        + "\n"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{_INK}"{extra}>'
        f"{escape(text)}</text>"
    )


def _missing(x: float, y: float) -> str:
    # A hollow, dashed ring: visibly "nothing measured here", not a value of 0.
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="none" stroke="{_MISSING_INK}" '
        f'stroke-dasharray="2 2"/>'
    )


def _scaled(value: float, low: float, high: float, start: float, length: float) -> float:
    clipped = min(max(value, low), high)
    return start + (clipped - low) / (high - low) * length


def radar(
    key: str,
    title: str,
    alt: str,
    marks: Sequence[Mark],
    *,
    scale: tuple[float, float] = (0, 1),
    groups: Sequence[str] = (),
) -> str:
    """A radar of ``marks`` (one spoke each) on ``scale``; missing spokes are dashed.

    The outline joins neighbouring spokes only where both are defined, so a hole
    in the evidence stays a hole instead of being pulled to the centre. ``groups``
    names the colours of the marks' groups in a legend.
    """
    # Wide enough for the longest condition names left and right of the circle.
    width, size, centre_x, centre, radius = 560, 420, 280.0, 210.0, 140.0
    low, high = scale
    parts = _open(key, title, alt, width, size)
    spokes = len(marks)
    points: list[tuple[float, float] | None] = []
    for ring in (0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<circle cx="{centre_x}" cy="{centre}" r="{radius * ring:.1f}" fill="none" '
            f'stroke="{_GRID}" stroke-width="0.5"/>'
        )
    for position, mark in enumerate(marks):
        angle = 2 * math.pi * position / spokes - math.pi / 2
        dx, dy = math.cos(angle), math.sin(angle)
        end_x, end_y = centre_x + radius * dx, centre + radius * dy
        gone = is_missing(mark.value)
        dash = ' stroke-dasharray="4 3"' if gone else ""
        parts.append(
            f'<line x1="{centre_x}" y1="{centre}" x2="{end_x:.1f}" y2="{end_y:.1f}" '
            f'stroke="{_GRID}"{dash}/>'
        )
        label_x, label_y = centre_x + (radius + 18) * dx, centre + (radius + 18) * dy + 4
        anchor = "middle" if abs(dx) < 0.3 else ("start" if dx > 0 else "end")
        shown = f"{mark.label} ({MISSING})" if gone else mark.label
        parts.append(_text(label_x, label_y, shown, anchor))
        if gone:
            parts.append(_missing(end_x, end_y))
            points.append(None)
            continue
        distance = _scaled(mark.value, low, high, 0, radius)
        points.append((centre_x + distance * dx, centre + distance * dy))
    for position, point in enumerate(points):
        following = points[(position + 1) % spokes]
        if point is not None and following is not None and spokes > 1:
            parts.append(
                f'<line x1="{point[0]:.1f}" y1="{point[1]:.1f}" x2="{following[0]:.1f}" '
                f'y2="{following[1]:.1f}" stroke="{PALETTE[0]}" stroke-width="2"/>'
            )
    for mark, point in zip(marks, points, strict=True):
        if point is not None:
            parts.append(
                f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="4" '
                f'fill="{PALETTE[mark.group % len(PALETTE)]}"/>'
            )
    for position, name in enumerate(groups):
        colour = PALETTE[position % len(PALETTE)]
        parts.append(
            f'<rect x="4" y="{6 + 18 * position}" width="12" height="12" fill="{colour}"/>'
        )
        parts.append(_text(22, 16 + 18 * position, name))
    parts.append("</svg>")
    return "\n".join(parts)


def dot_interval(
    key: str,
    title: str,
    alt: str,
    marks: Sequence[Mark],
    *,
    scale: tuple[float, float] = (0, 1),
    reference: float | None = None,
) -> str:
    """One row per mark: a dot at its value and a bar over its interval; missing is labelled.

    ``reference`` draws a vertical guide (a threshold, a scale midpoint).
    """
    left, plot, row = 170.0, 330.0, 24
    width, height = int(left + plot + 70), 40 + row * len(marks)
    low, high = scale
    parts = _open(key, title, alt, width, height)
    for tick in range(5):
        value = low + (high - low) * tick / 4
        x = _scaled(value, low, high, left, plot)
        parts.append(
            f'<line x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{height - 20}" stroke="{_GRID}" '
            f'stroke-width="0.5"/>'
        )
        parts.append(_text(x, height - 6, number(value), "middle"))
    if reference is not None:
        x = _scaled(reference, low, high, left, plot)
        parts.append(
            f'<line x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{height - 20}" stroke="{PALETTE[5]}" '
            f'stroke-dasharray="5 3"/>'
        )
    for position, mark in enumerate(marks):
        y = 26 + row * position
        parts.append(_text(left - 8, y + 4, mark.label, "end"))
        if is_missing(mark.value):
            parts.append(_missing(left + 6, y))
            parts.append(
                _text(left + 16, y + 4, f"{MISSING}: no evidence", extra=f' fill="{_MISSING_INK}"')
            )
            continue
        colour = PALETTE[mark.group % len(PALETTE)]
        if mark.interval is not None and not any(is_missing(b) for b in mark.interval):
            x0 = _scaled(mark.interval[0], low, high, left, plot)
            x1 = _scaled(mark.interval[1], low, high, left, plot)
            parts.append(
                f'<line x1="{x0:.1f}" y1="{y}" x2="{x1:.1f}" y2="{y}" stroke="{colour}" '
                f'stroke-width="3" stroke-opacity="0.55"/>'
            )
        x = _scaled(mark.value, low, high, left, plot)
        parts.append(f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="{colour}"/>')
        parts.append(_text(left + plot + 8, y + 4, number(mark.value)))
    parts.append("</svg>")
    return "\n".join(parts)


def small_multiples(
    key: str,
    title: str,
    alt: str,
    panels: Sequence[Panel],
    *,
    columns: int = 3,
    scale: tuple[float, float] = (0, 1),
) -> str:
    """A grid of small line charts with interval bands; flagged points are ringed."""
    cell_w, cell_h, pad = 220, 130, 28
    rows = max(1, math.ceil(len(panels) / columns))
    width, height = columns * cell_w, rows * cell_h
    low, high = scale
    parts = _open(key, title, alt, width, height)
    for index, panel in enumerate(panels):
        ox, oy = (index % columns) * cell_w, (index // columns) * cell_h
        plot_w, plot_h = cell_w - 2 * pad + 10, cell_h - pad - 22
        x0, y0 = ox + pad, oy + 22
        parts.append(_text(ox + cell_w / 2, oy + 14, panel.title, "middle"))
        parts.append(
            f'<rect x="{x0}" y="{y0}" width="{plot_w}" height="{plot_h}" fill="none" '
            f'stroke="{_GRID}" stroke-width="0.5"/>'
        )
        steps = max(1, len(panel.marks) - 1)
        previous: tuple[float, float] | None = None
        for position, (mark, flagged) in enumerate(zip(panel.marks, panel.flagged, strict=True)):
            x = x0 + plot_w * position / steps
            if is_missing(mark.value):
                parts.append(_missing(x, y0 + plot_h - 6))
                previous = None
                continue

            def height_of(value: float, top: float = y0, tall: float = plot_h) -> float:
                return top + tall - _scaled(value, low, high, 0, tall)

            y = height_of(mark.value)
            if mark.interval is not None and not any(is_missing(b) for b in mark.interval):
                parts.append(
                    f'<line x1="{x:.1f}" y1="{height_of(mark.interval[0]):.1f}" x2="{x:.1f}" '
                    f'y2="{height_of(mark.interval[1]):.1f}" stroke="{PALETTE[4]}" '
                    f'stroke-width="3"/>'
                )
            if previous is not None:
                parts.append(
                    f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" '
                    f'y2="{y:.1f}" stroke="{PALETTE[0]}" stroke-width="1.5"/>'
                )
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{PALETTE[0]}"/>')
            if flagged:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="none" '
                    f'stroke="{PALETTE[5]}" stroke-width="2"/>'
                )
            previous = (x, y)
        if panel.marks:
            parts.append(_text(x0, y0 + plot_h + 14, panel.marks[0].label, extra=' font-size="10"'))
            parts.append(
                _text(
                    x0 + plot_w,
                    y0 + plot_h + 14,
                    panel.marks[-1].label,
                    "end",
                    ' font-size="10"',
                )
            )
    parts.append("</svg>")
    return "\n".join(parts)


def stage_bars(  # noqa: PLR0917 - one chart, its parallel columns
    key: str,
    title: str,
    alt: str,
    stages: Sequence[str],
    reached: Sequence[int],
    conversion: Sequence[float],
    observable: Sequence[bool],
) -> str:
    """The funnel: one bar per stage, its conversion beside it; unobservable stages outlined."""
    left, plot, row = 120.0, 300.0, 34
    width, height = int(left + plot + 230), 20 + row * len(stages)
    top = max([*reached, 1])
    parts = _open(key, title, alt, width, height)
    for position, (stage, n, rate, seen) in enumerate(
        zip(stages, reached, conversion, observable, strict=True)
    ):
        y = 12 + row * position
        parts.append(_text(left - 8, y + 15, stage, "end"))
        length = plot * n / top
        if not seen:
            parts.append(
                f'<rect x="{left}" y="{y}" width="{plot}" height="22" fill="none" '
                f'stroke="{_MISSING_INK}" stroke-dasharray="4 3"/>'
            )
            parts.append(
                _text(
                    left + 8,
                    y + 15,
                    "not observable in these data",
                    extra=f' fill="{_MISSING_INK}"',
                )
            )
            continue
        colour = PALETTE[position % len(PALETTE)]
        parts.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="22" fill="{colour}"/>')
        parts.append(_text(left + length + 6, y + 15, f"{count(n)} (conversion {percent(rate)})"))
    parts.append("</svg>")
    return "\n".join(parts)


def flow_graph(
    key: str, title: str, alt: str, nodes: Sequence[tuple[str, int]], edges: Sequence[Edge]
) -> str:
    """A condensed value-flow graph: groups on a circle, arrows as wide as log(events)."""
    size, centre, radius = 440, 220.0, 140.0
    parts = _open(key, title, alt, size, size)
    parts.append(
        f'<defs><marker id="{key}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        f'markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" '
        f'orient="auto-start-reverse">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{_INK}"/></marker></defs>'
    )
    places = []
    for position in range(len(nodes)):
        angle = 2 * math.pi * position / max(1, len(nodes)) - math.pi / 2
        places.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    widest = max([edge.events for edge in edges] + [1])
    for edge in edges:
        (x0, y0), (x1, y1) = places[edge.source], places[edge.target]
        stroke = 0.5 + 5 * math.log1p(edge.events) / math.log1p(widest)
        if edge.source == edge.target:  # a loop, outside the circle of groups
            out_x, out_y = (x0 - centre) / radius, (y0 - centre) / radius
            parts.append(
                f'<circle cx="{x0 + 34 * out_x:.1f}" cy="{y0 + 34 * out_y:.1f}" r="14" fill="none" '
                f'stroke="{PALETTE[4]}" stroke-width="{stroke:.2f}"/>'
            )
            continue
        # Bend each arrow to its right, so the two directions of a pair stay apart.
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        nx, ny = (y1 - y0) * 0.15, (x0 - x1) * 0.15
        shorten = 30 / max(1.0, math.hypot(x1 - x0, y1 - y0))
        ex, ey = x1 - (x1 - mx - nx) * shorten * 2, y1 - (y1 - my - ny) * shorten * 2
        parts.append(
            f'<path d="M {x0:.1f} {y0:.1f} Q {mx + nx:.1f} {my + ny:.1f} {ex:.1f} {ey:.1f}" '
            f'fill="none" stroke="{PALETTE[4]}" stroke-width="{stroke:.2f}" '
            f'marker-end="url(#{key}-arrow)"/>'
        )
    for position, ((label, actors), (x, y)) in enumerate(zip(nodes, places, strict=True)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="24" fill="{PALETTE[position % 6]}" '
            f'stroke="{_INK}"/>'
        )
        # The label sits outside the circle of groups, clear of the arrows.
        dx, dy = (x - centre) / radius, (y - centre) / radius
        parts.append(_text(x + 44 * dx, y + 44 * dy + 4, f"{label} ({count(actors)})", "middle"))
    parts.append("</svg>")
    return "\n".join(parts)


def paired_bars(
    key: str,
    title: str,
    alt: str,
    groups: Sequence[tuple[str, float, float]],
    names: tuple[str, str],
) -> str:
    """Two bars per group (for example internalized and externalized value) on [0, 1]."""
    left, plot, row = 90.0, 320.0, 64
    width, height = int(left + plot + 70), 40 + row * len(groups)
    parts = _open(key, title, alt, width, height)
    for side, name in enumerate(names):
        parts.append(
            f'<rect x="{left + 170 * side}" y="6" width="12" height="12" fill="{PALETTE[side]}"/>'
        )
        parts.append(_text(left + 170 * side + 18, 16, name))
    for position, (label, *values) in enumerate(groups):
        y = 30 + row * position
        parts.append(_text(left - 8, y + 26, str(label), "end"))
        for side, value in enumerate(values):
            top = y + 4 + 26 * side
            if is_missing(value):
                parts.append(_missing(left + 6, top + 9))
                parts.append(
                    _text(
                        left + 16,
                        top + 13,
                        f"{MISSING}: no evidence",
                        extra=f' fill="{_MISSING_INK}"',
                    )
                )
                continue
            length = _scaled(value, 0, 1, 0, plot)
            parts.append(
                f'<rect x="{left}" y="{top}" width="{length:.1f}" height="20" '
                f'fill="{PALETTE[side]}"/>'
            )
            parts.append(_text(left + length + 6, top + 14, number(value)))
    parts.append("</svg>")
    return "\n".join(parts)
