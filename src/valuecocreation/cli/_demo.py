"""The ``demo`` command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common
from valuecocreation.cli import _report
from valuecocreation.cli._assess import assessment_table


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``demo`` with the command line."""
    demo = commands.add_parser(
        "demo", help="assess the bundled (synthetic) RecordFarm data", parents=[parent]
    )
    common.output_options(demo)
    demo.add_argument(
        "--report",
        metavar="FILE",
        type=Path,
        help="also write the whole analysis as a report: .html, or .md with its charts beside it",
    )
    demo.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``demo`` with the parsed command line."""
    if args.report is not None:
        _report.check_folder(args.report, "--report")
    data = vcc.datasets.load_recordfarm()
    common.note(
        args,
        "RecordFarm (synthetic): invented data calibrated to figures Kim & Choi "
        "(2019) publish; see the docs.",
    )
    graph = vcc.ValueFlowGraph.from_log(data.log, actors=data.actors)
    result = vcc.assess(data.log, actors=data.actors, graph=graph, survey=data.survey)
    common.emit(args, result, assessment_table(result))
    if args.report is not None:
        _write_report(args, data)


def _write_report(args: argparse.Namespace, data: vcc.datasets.Dataset) -> None:
    inputs = [
        vcc.report.InputFile(name=name, rows_read=rows, rows_accepted=rows)
        for name, rows in (
            ("interactions.csv", len(data.log)),
            ("actors.csv", len(data.actors)),
            ("survey.csv", len(data.survey)),
        )
    ]
    report = _report.analyse(
        data.log,
        actors=data.actors,
        survey=data.survey,
        framework=vcc.frameworks.DEFAULT_FRAMEWORK,
        window="month",
        title="RecordFarm (synthetic data): value co-creation report",
        inputs=inputs,
        parameters={"window": "month", "data set": data.name},
        description=data.description,
    )
    common.note(args, f"report written to {report.write(args.report)}")
