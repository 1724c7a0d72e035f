"""The ``history`` command: one score across the runs saved in a store."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

from valuecocreation.cli import _common as common
from valuecocreation.store import ScoreHistory, Store


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``history`` with the command line."""
    history = commands.add_parser(
        "history",
        help="a score across the runs saved with --store",
        parents=[parent],
    )
    history.add_argument("store", type=Path, help="the SQLite file written by --store")
    history.add_argument(
        "--score",
        default="index",
        metavar="KEY",
        help="a condition or driver key, or 'index' (default); condition:KEY or driver:KEY "
        "where both use the key",
    )
    history.add_argument("--window", metavar="DATE", help="only this window's rows")
    history.add_argument("--segment", metavar="NAME", help="only this segment's rows")
    history.add_argument(
        "--runs", action="store_true", help="list the saved runs instead of a score"
    )
    common.output_options(history)
    history.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``history`` with the parsed command line."""
    if not args.store.exists():
        raise FileNotFoundError(f"no store at {args.store}")
    with Store(args.store) as store:
        if args.runs:
            runs = store.list()
            lines = [f"{'label':<24} {'kind':<11} {'saved at':<33} framework"]
            lines += [
                f"{r.label:<24} {r.kind:<11} {r.saved_at:<33} {r.framework} {r.framework_version}"
                for r in runs
            ]
            common.write(args, "\n".join(lines) + "\n")
            return
        result = store.history(score=args.score, window=args.window, segment=args.segment)
    common.write(args, _render(result, args.format))


def _render(result: ScoreHistory, fmt: str) -> str:
    """The history as a table, JSON, tidy CSV (one row per run) or Markdown."""
    if fmt == "table":
        return result.summary() + "\n"
    if fmt == "json":
        return result.to_json() + "\n"
    rows = result.rows()
    columns = list(rows[0]) if rows else ["label", "value"]
    cells = [["" if v is None else str(v) for v in row.values()] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([columns, *cells])
        return buffer.getvalue()
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines) + "\n"
