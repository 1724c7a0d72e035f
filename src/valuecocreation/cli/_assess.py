"""The ``assess`` command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``assess`` with the command line."""
    assess = commands.add_parser("assess", help="assess an interaction export", parents=[parent])
    common.input_options(assess)
    common.framework_option(assess)
    assess.add_argument(
        "--survey", metavar="FILE", type=Path, help="survey responses (CSV, one row per respondent)"
    )
    assess.add_argument(
        "--instrument",
        metavar="FILE",
        type=Path,
        help="the survey's instrument (JSON or TOML); the framework's own if absent",
    )
    assess.add_argument(
        "--map",
        metavar="FILE",
        type=Path,
        help="a condition map (TOML or JSON); the framework's default map if absent",
    )
    assess.add_argument(
        "--window", choices=("day", "week", "month", "quarter"), help="assess each calendar window"
    )
    assess.add_argument(
        "--by", metavar="SEGMENT", help="assess each segment: 'channel' or an actor attribute"
    )
    assess.add_argument(
        "--chunk-rows",
        type=int,
        default=1_000_000,
        metavar="N",
        help="rows read at a time (memory stays flat; default 1000000)",
    )
    common.output_options(assess)
    assess.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``assess`` with the parsed command line."""
    from valuecocreation import io  # noqa: PLC0415 - readers load only when reading

    if args.chunk_rows < 1:
        raise vcc.ValidationError("--chunk-rows must be at least 1", column="--chunk-rows")
    if args.survey is not None and (args.window or args.by):
        raise vcc.ValidationError(
            "a survey describes the whole data: use --survey without --window and --by",
            column="--survey",
        )
    mapping = vcc.mapping.load_map(args.map) if args.map else None
    chunks = io.iter_csv(
        args.events,
        chunk_rows=args.chunk_rows,
        as_="evidence",
        errors=args.errors,
        framework=args.framework,
        mapping=mapping,
        actors=common.actors(args),
        period=args.window,
        segment_by=args.by,
    )
    parts = [
        part
        for part in common.progress(args, chunks, f"reading {args.events.name}")
        if isinstance(part, vcc.Evidence)
    ]
    evidence = (
        vcc.Evidence.merge(*parts)
        if parts
        else vcc.Evidence.empty(
            framework=args.framework, mapping=mapping, period=args.window, segment_by=args.by
        )
    )
    common.report_rejects(args, chunks.rejects)
    if args.window or args.by:
        series = vcc.assess_over(
            evidence, period=args.window, segment_by=args.by, framework=args.framework
        )
        common.emit(args, series, "\n\n".join(item.summary() for item in series.items))
        return
    survey = common.responses(args.survey, args.instrument, args) if args.survey else None
    result = vcc.assess(evidence, survey=survey, framework=args.framework)
    common.emit(args, result, result.summary())
