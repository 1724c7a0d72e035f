"""Sections from a funnel and a value-flow graph: stages, reach, reciprocity, advocates.

The graph metrics are the graph module's own functions, called once each; a
large graph is drawn condensed to one node per role (:func:`graph.summarise`),
which keeps the chart's size fixed however many actors there are.
"""

from __future__ import annotations

from valuecocreation import graph as graphs
from valuecocreation.funnel import Funnel
from valuecocreation.report import _charts as charts
from valuecocreation.report._format import count, percent
from valuecocreation.report._parts import Chart, Section, Table
from valuecocreation.report._scores import carried_findings

__all__ = ["funnel_section", "graph_section"]


def _observable(funnel: Funnel) -> tuple[bool, ...]:
    # Funnels that know which stages the data can show carry ``observable``;
    # older ones treat every stage as observable.
    seen = getattr(funnel, "observable", None)
    return tuple(bool(s) for s in seen) if seen is not None else (True,) * len(funnel.stages)


def funnel_section(funnel: Funnel) -> Section:
    """The co-creation funnel as a stage chart with conversion; unobservable stages marked."""
    stages = funnel.stages
    observable = _observable(funnel)
    at_least = funnel.reached_at_least
    conversion = funnel.conversion
    furthest = funnel.furthest
    reached = funnel.reached
    table = Table(
        caption="Funnel stages",
        columns=("stage", "reached", "reached at least", "furthest", "conversion", "observable"),
        rows=[
            (
                stage,
                count(reached[stage]),
                count(at_least[stage]),
                count(furthest[stage]),
                percent(conversion[stage]) if seen else "n/a",
                "yes" if seen else "no",
            )
            for stage, seen in zip(stages, observable, strict=True)
        ],
    )
    title = "Actors reaching at least each stage of value evolution"
    hidden = [stage for stage, seen in zip(stages, observable, strict=True) if not seen]
    note = f" Not observable in these data: {', '.join(hidden)}." if hidden else ""
    return Section(
        key="funnel",
        heading="Co-creation funnel",
        text=[
            f"{count(funnel.n_actors)} active actors; a stage's conversion is the share of "
            "those at the stage before who reached it." + note
        ],
        findings=carried_findings(funnel),
        charts=[
            Chart(
                key="funnel",
                title=title,
                alt=f"Bars of actors reaching at least each of {len(stages)} stages, with "
                f"conversion.{note}",
                svg=charts.stage_bars(
                    "funnel",
                    title,
                    "funnel",
                    stages,
                    [at_least[stage] for stage in stages],
                    [conversion[stage] for stage in stages],
                    observable,
                ),
                table=table,
            )
        ],
    )


def graph_section(graph: graphs.ValueFlowGraph, *, top: int = 10) -> Section:
    """The value-flow graph condensed by role, with reach, reciprocity, connectivity, advocates."""
    reach = graphs.reach(graph)
    talk = graphs.reciprocity(graph)
    every = graphs.connectivity(graph)
    users = graphs.connectivity(graph, among="users")
    leaders = graphs.advocates(graph, top=top)
    summary = graphs.summarise(graph)
    nodes_data = summary.to_networkx().nodes  # one node per role: small whatever the graph
    names = [str(name) for name in summary.actors]
    nodes = [(name, int(nodes_data[name]["n_actors"])) for name in names]
    edges = [
        charts.Edge(int(s), int(t), int(c))
        for s, t, c in zip(summary.source_codes, summary.target_codes, summary.counts, strict=True)
    ]
    flows = Table(
        caption="Flows between roles",
        columns=("from", "to", "events"),
        rows=[(names[e.source], names[e.target], count(e.events)) for e in edges],
    )
    metrics = Table(
        caption="Graph metrics",
        columns=("metric", "value", "of"),
        rows=[
            ("actors", count(len(graph)), ""),
            ("edges", count(graph.n_edges), ""),
            (
                "reach (1 hop of the firm)",
                percent(reach.share),
                f"{count(reach.audience_reached)} of {count(reach.audience)} users",
            ),
            ("reciprocity, overall", percent(talk.overall), f"{count(talk.edges)} edges"),
            (
                "reciprocity, firm-user",
                percent(talk.firm_user),
                f"{count(talk.firm_user_edges)} edges",
            ),
            (
                "reciprocity, user-user",
                percent(talk.user_user),
                f"{count(talk.user_user_edges)} edges",
            ),
            ("connected components", count(every.components), ""),
            (
                "users linked among themselves",
                percent(users.share),
                f"{count(users.users_in_largest)} of {count(users.users)} users",
            ),
        ],
    )
    advocates = Table(
        caption=f"Top {len(leaders)} advocates (who carries the sharing)",
        columns=("actor", "role", "shares", "rank"),
        rows=[(a.actor, a.role, count(a.events), f"{a.rank:.2e}") for a in leaders],
    )
    title = "Value flows between roles (arrow width grows with the log of events)"
    return Section(
        key="graph",
        heading="Value-flow graph",
        text=[
            (
                f"{count(len(graph))} actors condensed to {len(nodes)} groups by role; the "
                f"firm reaches {percent(reach.share)} of users in one hop, and "
                f"{percent(talk.firm_user)} of firm-user ties are answered."
            )
        ],
        findings=[
            *carried_findings(reach),
            *carried_findings(talk),
            *carried_findings(every),
        ],
        charts=[
            Chart(
                key="graph",
                title=title,
                alt=f"{len(nodes)} role groups on a circle with arrows of value flow between "
                "them; the table lists every flow.",
                svg=charts.flow_graph("graph", title, "value flows", nodes, edges),
                table=flows,
            )
        ],
        tables=[metrics, advocates],
    )
