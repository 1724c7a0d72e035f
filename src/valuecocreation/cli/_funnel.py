"""The ``funnel`` command."""

from __future__ import annotations

import argparse
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common
from valuecocreation.cli import _legend as legend


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``funnel`` with the command line."""
    funnel = commands.add_parser(
        "funnel", help="the co-creation funnel of an export", parents=[parent]
    )
    common.input_options(funnel)
    common.framework_option(funnel)
    funnel.add_argument(
        "--cohort",
        choices=("day", "week", "month", "quarter", "none"),
        default="month",
        help="first-seen cohorts (default month)",
    )
    common.output_options(funnel)
    common.store_options(funnel)
    funnel.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``funnel`` with the parsed command line."""
    log = common.read_log(args)
    cohort = None if args.cohort == "none" else args.cohort
    result = vcc.Funnel.from_log(
        log, framework=args.framework, actors=common.actors(args), cohort=cohort
    )
    common.emit(
        args, result, result.summary() + "\n\n" + legend.block(legend.FUNNEL, legend.NEXT_FUNNEL)
    )
    common.save_to_store(args, result)
