"""The ``survey`` command."""

from __future__ import annotations

import argparse
import csv
import io
import math
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation._core.serial import dumps
from valuecocreation.cli import _common as common
from valuecocreation.cli._survey_input import survey_options
from valuecocreation.io._writers import render


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``survey`` with the command line."""
    survey = commands.add_parser(
        "survey",
        help="survey responses: condition and driver means, NPS, CSAT, CES, then reliability",
        parents=[parent],
    )
    survey.add_argument("responses", type=Path, help="responses (CSV, one row per respondent)")
    survey.add_argument(
        "--instrument",
        metavar="FILE",
        type=Path,
        help="the instrument (JSON or TOML); the framework's own if absent",
    )
    survey_options(survey)
    common.framework_option(survey)
    survey.add_argument("--errors", choices=("raise", "quarantine"), default="raise")
    survey.add_argument("--rejected", metavar="FILE", type=Path)
    common.output_options(survey)
    survey.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``survey`` with the parsed command line."""
    responses = common.responses(args.responses, args.instrument, args)
    instrument = responses.instrument
    constructs = {}
    for condition in dict.fromkeys(item.condition for item in instrument.items):
        if condition is None:
            continue
        items = [item.id for item in responses.items_for(condition)]
        if len(items) >= 2:
            constructs[condition] = items
    if not constructs:
        raise vcc.ValidationError(
            "the instrument has no condition with two or more items", source=str(args.responses)
        )
    ids = [item.id for item in instrument.items]
    summary = vcc.metrics.survey_summary(responses, framework=args.framework)
    result = vcc.measurement.reliability_report(responses.scored(), constructs, items=ids)
    if args.format == "json":
        text = dumps({"summary": summary.to_dict(), "reliability": result.to_dict()}, indent=2)
        common.write(args, text + "\n")
    elif args.format == "table":
        common.write(args, summary.table() + "\nReliability\n" + result.table())
    else:  # csv, md: the summary's rows, a blank line, then the reliability report's
        common.write(args, _summary_rows(summary, args.format) + "\n" + render(result, args.format))


def _summary_rows(summary: vcc.metrics.SurveySummary, fmt: str) -> str:
    columns = ("level", "name", "driver", "value", "low", "high", "n", "reason")
    rows = [
        (level, e.name, e.group, e.value, e.low, e.high, e.n, e.reason)
        for level, group in (("driver", summary.drivers), ("condition", summary.conditions),
                             ("score", summary.scores))
        for e in group
    ]  # fmt: skip
    cells = [
        ["" if isinstance(v, float) and math.isnan(v) else str(v) for v in row] for row in rows
    ]
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(cells)
    return buffer.getvalue()
