"""The command line: ``valuecocreation COMMAND``, one command per task.

The commands: ``demo``, ``assess``, ``diagnose``, ``funnel``, ``graph``, ``survey``,
``plan``, ``channels``, ``impact``, ``simulate``, ``profile``, ``frameworks`` and ``history``.

Every command reads files, prints a result (a table by default, or JSON, tidy CSV
or Markdown with ``--format``) or writes it with ``-o``. Tables end with a legend
and a ``next:`` line naming the command or docs page to read next. Every file written
(``-o``, ``--rejected``, ``--export``) is written whole or not at all (a
temporary file renamed over the target), never over one of the command's
inputs, and over an existing file only with ``--force``. Exit codes: 0 when the
command did its work, 1 for bad input (the message names the file, line, column
and reason; also when ``--errors quarantine`` set every row aside), 2 for a wrong
command line, 130 when interrupted (Ctrl-C).
``python -m valuecocreation`` is the same program.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from typing import TextIO

import valuecocreation as vcc
from valuecocreation._core.files import check_outputs
from valuecocreation.cli import (
    _assess,
    _channels,
    _demo,
    _diagnose,
    _frameworks,
    _funnel,
    _graph,
    _history,
    _impact,
    _plan,
    _profile,
    _report,
    _simulate,
    _survey,
)
from valuecocreation.cli._common import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from valuecocreation.cli._reading import list_adapters, print_error
from valuecocreation.errors import ValueCocreationError

__all__ = ["main"]

# The options naming files a command reads, and those naming files it writes.
_INPUTS = ("events", "actors", "survey", "instrument", "map", "responses")
_OUTPUTS = (
    ("-o", "output"),
    ("--rejected", "rejected"),
    ("--export", "export"),
    ("--report", "report"),
)

# In the order --help lists them.
_COMMANDS = (
    _demo,
    _assess,
    _diagnose,
    _funnel,
    _graph,
    _survey,
    _profile,
    _plan,
    _channels,
    _impact,
    _simulate,
    _report,
    _frameworks,
    _history,
)


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one exit per outcome
    """Run the command line with ``argv`` (``sys.argv[1:]`` when ``None``); the exit code.

    Examples
    --------
    >>> main(["--version"])  # doctest: +ELLIPSIS
    valuecocreation ...
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits 2 on a usage error, 0 for --help
        return int(stop.code or 0)
    usage = _usage_problem(args)
    if usage is not None:
        getattr(args, "command_parser", parser).print_usage(sys.stderr)
        print(f"valuecocreation: error: {usage}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.version:
            print(f"valuecocreation {vcc.__version__}")
            return EXIT_OK
        if getattr(args, "adapter", None) == "list":
            list_adapters()
            return EXIT_OK
        check_outputs(
            [(option, getattr(args, name, None)) for option, name in _OUTPUTS],
            [getattr(args, name, None) for name in _INPUTS],
            force=getattr(args, "force", False),
        )
        with warnings.catch_warnings():
            # One line per warning, as for errors: no source line of ours.
            warnings.showwarning = _show_warning
            args.run(args)
    except KeyboardInterrupt:
        print("valuecocreation: interrupted; no output was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ValueCocreationError as error:
        print_error(error)
        return EXIT_BAD_INPUT
    except OSError as error:  # a file that cannot be opened or written
        print(f"valuecocreation: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _show_warning(  # noqa: PLR0917 - the signature warnings.showwarning has
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"valuecocreation: warning: {message}", file=sys.stderr if file is None else file)


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What is missing from a command line argparse accepted, if anything."""
    if args.version:
        return None
    if args.command is None:
        return "name a command (" + ", ".join(c.__name__.split("_")[-1] for c in _COMMANDS) + ")"
    if "events" in args and args.events is None and args.adapter != "list":
        return f"{args.command}: name the export to read"
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="valuecocreation",
        description="Measure value co-creation (Kim & Choi 2019) in interaction exports.",
        epilog=(
            "Exit codes: 0 done, 1 bad input (or no row accepted), 2 wrong command line, "
            "130 interrupted."
        ),
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but the result (no progress, no notes)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # --quiet works after the command too; SUPPRESS keeps the top level's value otherwise.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print nothing but the result",
    )
    common.add_argument(
        "--force",
        action="store_true",
        help="replace output files that exist (never an input of the command)",
    )

    for command in _COMMANDS:
        command.add(commands, common)
    return parser
