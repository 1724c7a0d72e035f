"""The ``graph`` command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation import graph as metrics_of
from valuecocreation._core.serial import dumps
from valuecocreation.cli import _common as common
from valuecocreation.io._writers import write_result


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``graph`` with the command line."""
    graph = commands.add_parser(
        "graph", help="value-flow graph metrics, and its export", parents=[parent]
    )
    common.input_options(graph)
    common.framework_option(graph)
    graph.add_argument(
        "--export", metavar="FILE", type=Path, help="write the graph: .graphml or .json (node-link)"
    )
    graph.add_argument("--top", type=int, default=5, help="advocates to list (default 5)")
    graph.add_argument("--format", choices=("table", "json"), default="table")
    graph.add_argument("-o", "--output", metavar="FILE", type=Path)
    graph.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``graph`` with the parsed command line."""
    log = common.read_log(args)
    graph = vcc.ValueFlowGraph.from_log(log, framework=args.framework, actors=common.actors(args))
    if args.export is not None:
        write_result(graph, args.export)
        common.note(args, f"graph written to {args.export}")
    metrics: dict[str, Any] = {
        "actors": len(graph),
        "edges": graph.n_edges,
        "reach": metrics_of.reach(graph).to_dict(),
        "reciprocity": metrics_of.reciprocity(graph).to_dict(),
        "connectivity": metrics_of.connectivity(graph).to_dict(),
        "users_connectivity": metrics_of.connectivity(graph, among="users").to_dict(),
        "reward_reach": metrics_of.reward_reach(graph).to_dict(),
        "advocates": [a.to_dict() for a in metrics_of.advocates(graph, top=args.top)],
    }
    if args.format == "json":
        common.write(args, dumps(metrics, indent=2) + "\n")
        return
    common.write(args, _table(metrics))


def _table(metrics: dict[str, Any]) -> str:
    reach, talk = metrics["reach"], metrics["reciprocity"]
    every, users = metrics["connectivity"], metrics["users_connectivity"]
    rewarded = metrics["reward_reach"]
    reach_line = (
        f"{reach['audience_reached']:,} of {reach['audience']:,} users ({_pct(reach['share'])})"
        if reach["share"] is not None or reach["sources"]
        else "n/a: no firm declared (pass --actors with the firm's accounts)"
    )
    rewarded_line = (
        f"{rewarded['rewarded']:,} of {rewarded['active']:,} active users "
        f"({_pct(rewarded['share'])})"
        if not rewarded["findings"]
        else "n/a: no firm declared, so nobody could reward"
    )
    lines = [
        f"value-flow graph: {metrics['actors']:,} actors, {metrics['edges']:,} edges",
        f"reach (1 hop of the firm)    {reach_line}",
        (
            f"reciprocity                  overall {_pct(talk['overall'])}, firm-user "
            f"{_pct(talk['firm_user'])}, user-user {_pct(talk['user_user'])}"
        ),
        (
            f"connectivity                 {every['components']:,} component(s); users "
            f"linked among themselves: {_pct(users['share'])}"
        ),
        f"reward reach                 {rewarded_line}",
        "advocates (who carries the sharing):",
        *(
            f"  {a['actor']:<24} {a['role']:<9} shares {a['events']:>5}  rank {a['rank']:.2e}"
            for a in metrics["advocates"]
        ),
    ]
    if not metrics["advocates"]:
        lines.append("  none: no share interaction in the data (advocates are ranked on shares)")
    findings = [*reach["findings"], *rewarded["findings"]]
    if findings:
        lines.extend(["", "findings:"])
        lines.extend(
            f"  {item['severity']} [{item['code']}] {item['subject']}: {item['message']}"
            for item in findings
        )
    lines.extend(
        [
            "",
            (
                "legend: each share is of the audience its line names; n/a means the "
                "quantity is undefined for this data, not 0"
            ),
            (
                "next: valuecocreation assess EVENTS --actors ACTORS; docs: "
                '"How far to trust a score" (explanation/trust)'
            ),
        ]
    )
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
