"""The ``profile`` command: ``profile init EXPORT -o profile.toml`` writes a starting profile."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from valuecocreation.cli import _common as common


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``profile`` with the command line."""
    profile = commands.add_parser(
        "profile", help="write a source profile (reader settings) for an export", parents=[parent]
    )
    actions = profile.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="guess the settings from an export's first lines", parents=[parent]
    )
    init.add_argument(
        "source", metavar="EXPORT", type=Path, help="the export to guess the settings of"
    )
    init.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write the profile here (else print it)"
    )
    init.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``profile init`` with the parsed command line."""
    from valuecocreation.io._guess import guess_profile, profile_toml  # noqa: PLC0415

    guess = guess_profile(args.source)
    text = profile_toml(guess)
    if args.output is None:
        sys.stdout.write(text)
        return
    args.output.write_text(text, encoding="utf-8")
    common.note(args, f"wrote {args.output}; check the guesses it lists before using it")
    for note in guess.notes:
        common.note(args, f"  - {note}")
