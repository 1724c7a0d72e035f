"""The ``channels`` command: choose channels for the widest reach within a budget."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from valuecocreation.channels import plan_channels
from valuecocreation.cli import _advice as advice
from valuecocreation.cli import _common as common
from valuecocreation.errors import ValidationError


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``channels`` with the command line."""
    channels = commands.add_parser(
        "channels", help="choose channels for the widest reach within a budget", parents=[parent]
    )
    channels.add_argument("segments", type=Path, help="segments (CSV with segment, size)")
    channels.add_argument(
        "--costs", type=Path, required=True, metavar="FILE", help="CSV with channel, cost[, hours]"
    )
    channels.add_argument("--usage", type=Path, metavar="FILE", help="CSV: channel, segment, share")
    channels.add_argument(
        "--co-usage",
        type=Path,
        metavar="EVENTS",
        help="an interaction export whose actors' channels replace the independence model",
    )
    channels.add_argument("--budget", type=float, required=True, metavar="N")
    channels.add_argument("--hours", type=float, metavar="N", help="staff-hour limit")
    channels.add_argument(
        "--exact-limit", type=int, default=25, metavar="N", help="solve exactly up to N channels"
    )
    common.output_options(channels)
    channels.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``channels`` with the parsed command line."""
    segments = {
        row["segment"]: advice.number(args.segments, line, "size", row["size"])
        for line, row in advice.read_table(args.segments, ("segment", "size"))
    }
    costs: dict[str, tuple[float, float]] = {}
    for line, row in advice.read_table(args.costs, ("channel", "cost")):
        hours = row.get("hours")
        costs[row["channel"]] = (
            advice.number(args.costs, line, "cost", row["cost"]),
            0.0 if not hours else advice.number(args.costs, line, "hours", hours),
        )
    usage: dict[str, dict[str, float]] | None = None
    log = None
    if args.co_usage is not None:
        from valuecocreation import io  # noqa: PLC0415 - readers load only when reading

        log = io.read_csv(args.co_usage)
    elif args.usage is not None:
        usage = {}
        for line, row in advice.read_table(args.usage, ("channel", "segment", "share")):
            share = advice.number(args.usage, line, "share", row["share"])
            if share > 1:
                raise ValidationError(
                    "a share must be at most 1",
                    source=str(args.usage),
                    line=line,
                    column="share",
                    value=row["share"],
                )
            usage.setdefault(row["channel"], {})[row["segment"]] = share
    else:
        raise ValidationError("give --usage FILE or --co-usage EVENTS", column="--usage")
    result = plan_channels(
        segments=segments,
        usage=usage,
        costs=costs,
        budget=args.budget,
        hours=args.hours,
        co_usage=log,
        exact_limit=args.exact_limit,
    )
    advice.emit(args, result)
