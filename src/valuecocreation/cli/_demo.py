"""The ``demo`` command."""

from __future__ import annotations

import argparse
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common
from valuecocreation.cli._assess import assessment_table


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``demo`` with the command line."""
    demo = commands.add_parser(
        "demo", help="assess the bundled (synthetic) RecordFarm data", parents=[parent]
    )
    common.output_options(demo)
    demo.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``demo`` with the parsed command line."""
    data = vcc.datasets.load_recordfarm()
    common.note(
        args,
        "RecordFarm (synthetic): invented data calibrated to figures Kim & Choi "
        "(2019) publish; see the docs.",
    )
    graph = vcc.ValueFlowGraph.from_log(data.log, actors=data.actors)
    result = vcc.assess(data.log, actors=data.actors, graph=graph, survey=data.survey)
    common.emit(args, result, assessment_table(result))
