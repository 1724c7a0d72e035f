"""The ``diagnose`` command: assessment, funnel, graph and windows of one export, diagnosed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common
from valuecocreation.cli import _legend as legend


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``diagnose`` with the command line."""
    diagnose = commands.add_parser(
        "diagnose",
        help="what is weakest, what is missing and what moved in an export",
        parents=[parent],
    )
    common.input_options(diagnose)
    common.framework_option(diagnose)
    diagnose.add_argument(
        "--map",
        metavar="FILE",
        type=Path,
        help="a condition map (TOML or JSON); the framework's default map if absent",
    )
    diagnose.add_argument(
        "--window",
        choices=("day", "week", "month", "quarter"),
        help="also test the changes between calendar windows (Holm-controlled)",
    )
    diagnose.add_argument(
        "--minimum-n",
        type=int,
        default=vcc.diagnostics.MINIMUM_N,
        metavar="N",
        help=f"observations a condition needs to be ranked (default {vcc.diagnostics.MINIMUM_N})",
    )
    diagnose.add_argument(
        "--alpha",
        type=float,
        default=0.05,
        help="family-wise error rate of the trend tests (default 0.05)",
    )
    diagnose.add_argument("--format", choices=("table", "json", "md"), default="table")
    diagnose.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write the diagnosis here"
    )
    diagnose.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``diagnose`` with the parsed command line."""
    log = common.read_log(args)
    mapping = vcc.mapping.load_map(args.map) if args.map else None
    actors = common.actors(args)
    graph = vcc.ValueFlowGraph.from_log(
        log, framework=args.framework, mapping=mapping, actors=actors
    )
    result = vcc.assess(log, framework=args.framework, mapping=mapping, actors=actors, graph=graph)
    funnel = vcc.Funnel.from_log(log, framework=args.framework, mapping=mapping, actors=actors)
    series = (
        vcc.assess_over(
            log, period=args.window, framework=args.framework, mapping=mapping, actors=actors
        )
        if args.window
        else None
    )
    diagnosis = vcc.diagnostics.diagnose(
        result,
        series=series,
        funnel=funnel,
        graph=graph,
        mapping=mapping,
        minimum_n=args.minimum_n,
        alpha=args.alpha,
    )
    if args.format == "json":
        text = diagnosis.to_json() + "\n"
    elif args.format == "md":
        text = diagnosis.to_markdown()
    else:
        text = (
            diagnosis.summary()
            + "\n\n"
            + legend.block(legend.DIAGNOSIS, legend.NEXT_DIAGNOSE)
            + "\n"
        )
    common.write(args, text)
