"""The ``plan`` command: assess an export, then recommend practices within a budget."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _advice as advice
from valuecocreation.cli import _common as common
from valuecocreation.model import LifecycleStage
from valuecocreation.playbook import load_culture, load_playbook, recommend


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``plan`` with the command line."""
    plan = commands.add_parser(
        "plan", help="recommend co-creation practices for an export", parents=[parent]
    )
    common.input_options(plan)
    common.framework_option(plan)
    plan.add_argument("--budget", type=float, metavar="N", help="cost limit (playbook units)")
    plan.add_argument("--hours", type=float, metavar="N", help="staff-hour limit")
    plan.add_argument("--culture", type=Path, metavar="FILE", help="culture profile (JSON/TOML)")
    plan.add_argument(
        "--stage", choices=[s.value for s in LifecycleStage], help="the product's life-cycle stage"
    )
    plan.add_argument("--playbook", type=Path, metavar="FILE", help="a custom playbook file")
    plan.add_argument("--top", type=int, metavar="N", help="at most N practices")
    common.output_options(plan)
    plan.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``plan`` with the parsed command line."""
    log = common.read_log(args)
    assessment = vcc.assess(log, framework=args.framework, actors=common.actors(args))
    result = recommend(
        assessment,
        budget=args.budget,
        staff_hours=args.hours,
        culture=None if args.culture is None else load_culture(args.culture),
        stage=args.stage,
        playbook=None if args.playbook is None else load_playbook(args.playbook),
        top=args.top,
    )
    advice.emit(args, result)
