"""The ``survey`` command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``survey`` with the command line."""
    survey = commands.add_parser(
        "survey", help="the reliability report of survey responses", parents=[parent]
    )
    survey.add_argument("responses", type=Path, help="responses (CSV, one row per respondent)")
    survey.add_argument(
        "--instrument",
        metavar="FILE",
        type=Path,
        help="the instrument (JSON or TOML); the framework's own if absent",
    )
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
    result = vcc.measurement.reliability_report(responses.scored(), constructs, items=ids)
    common.emit(args, result, result.table())
