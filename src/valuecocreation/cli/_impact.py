"""The ``impact`` command: whether an initiative moved the conditions it targets."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from valuecocreation.cli import _advice as advice
from valuecocreation.cli import _common as common
from valuecocreation.errors import ValidationError
from valuecocreation.impact import load_initiative, measure_impact


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``impact`` with the command line."""
    impact = commands.add_parser(
        "impact", help="measure an initiative's effect on its conditions", parents=[parent]
    )
    common.input_options(impact)
    common.framework_option(impact)
    impact.add_argument(
        "--initiative", type=Path, required=True, metavar="FILE", help="initiative (JSON/TOML)"
    )
    impact.add_argument(
        "--control", action="append", metavar="CHANNEL", help="a channel it did not touch"
    )
    impact.add_argument(
        "--control-segment",
        action="append",
        metavar="NAME=VALUE",
        help="the control is the actors (of --actors) with this attribute value",
    )
    impact.add_argument("--before", nargs=2, metavar=("START", "END"), help="before window")
    impact.add_argument("--after", nargs=2, metavar=("START", "END"), help="after window")
    impact.add_argument("--outcome", choices=("participation", "events"), default="participation")
    impact.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    impact.add_argument("--resamples", type=int, default=1000, metavar="N")
    common.output_options(impact)
    impact.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``impact`` with the parsed command line."""
    log = common.read_log(args)
    control: object = args.control
    if args.control_segment:
        if args.control:
            raise ValidationError(
                "give --control or --control-segment, not both", column="--control-segment"
            )
        pairs = [item.partition("=") for item in args.control_segment]
        if any(not name or not sep for name, sep, _ in pairs):
            raise ValidationError("--control-segment takes NAME=VALUE", column="--control-segment")
        control = {name: value for name, _, value in pairs}
    result = measure_impact(
        log,
        load_initiative(args.initiative),
        control=control,  # type: ignore[arg-type]
        before=None if args.before is None else tuple(args.before),
        after=None if args.after is None else tuple(args.after),
        actors=common.actors(args),
        seed=args.seed,
        outcome=args.outcome,
        framework=args.framework,
        resamples=args.resamples,
    )
    advice.emit(args, result)
