"""What every command shares: input and output options, reading, rejects, output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import valuecocreation as vcc
from valuecocreation._core.files import atomic_write
from valuecocreation.cli._reading import read_events, reader_options
from valuecocreation.cli._survey_input import read_responses
from valuecocreation.io import Rejects
from valuecocreation.io._writers import render, write_result

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
FORMATS = ("table", "json", "csv", "md")
T = TypeVar("T")


def input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "events",
        type=Path,
        nargs="?",
        help="interactions: CSV with source, target, kind, timestamp and optional channel, "
        "weight; Parquet or Arrow IPC (.parquet, .arrow); or any export an --adapter reads",
    )
    parser.add_argument(
        "--actors",
        metavar="FILE",
        type=Path,
        help="actors (CSV with id, role and attributes); others are users",
    )
    parser.add_argument(
        "--errors",
        choices=("raise", "quarantine"),
        default="raise",
        help="stop at the first bad row, or set bad rows aside",
    )
    parser.add_argument(
        "--rejected",
        metavar="FILE",
        type=Path,
        help="with --errors quarantine: write the rejected rows here",
    )
    reader_options(parser)
    parser.set_defaults(command_parser=parser)  # for its usage line when the export is missing


def framework_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--framework",
        metavar="NAME",
        type=_installed_framework,
        default=vcc.frameworks.DEFAULT_FRAMEWORK,
        help="an installed framework (see the frameworks command); default kim_choi_2019",
    )


def _installed_framework(name: str) -> str:
    """``name`` if a framework of that name is installed; a usage error otherwise."""
    installed = vcc.frameworks.available_frameworks()
    if name not in installed:
        raise argparse.ArgumentTypeError(
            f"no framework {name!r} is installed; installed: {', '.join(installed) or 'none'}"
        )
    return name


def output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write the result here instead of printing it",
    )


def store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="FILE",
        type=Path,
        help="also save the result in this SQLite history (created if missing)",
    )
    parser.add_argument(
        "--label",
        metavar="TEXT",
        help="the label to save it under (default: the input's name and the time)",
    )


def save_to_store(args: argparse.Namespace, result: Any) -> None:  # noqa: ANN401 - any result
    """Save ``result`` in ``--store``, if given, with the input file's fingerprint."""
    if args.store is None:
        return
    import datetime as dt  # noqa: PLC0415

    from valuecocreation.store import Store  # noqa: PLC0415 - only when saving

    label = args.label or (
        f"{args.events.name} {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}"
    )
    with Store(args.store) as store:
        saved = store.save(result, label=label, source=args.events)
    note(args, f"saved as {saved.label!r} in {args.store}")


# ---------------------------------------------------------------------- reading
def actors(args: argparse.Namespace) -> Any:  # noqa: ANN401 - what Evidence.from_log takes
    if args.actors is None:
        return None
    from valuecocreation import io  # noqa: PLC0415

    return io.read_actors_csv(args.actors)


def events_path(args: argparse.Namespace) -> Path:
    """The events file, which every command but ``--adapter list`` needs."""
    if args.events is None:
        raise vcc.ValidationError("name the export to read", column="events")
    path: Path = args.events
    return path


def read_log(args: argparse.Namespace) -> vcc.InteractionLog:
    path = events_path(args)
    if args.errors == "raise":
        log: vcc.InteractionLog = read_events(args, path, errors="raise")
        return log
    result = read_events(args, path, errors="quarantine")
    report_rejects(args, result.rejects)
    return result.log  # type: ignore[no-any-return]


def responses(
    path: Path, instrument_path: Path | None, args: argparse.Namespace, *, prefix: str = ""
) -> vcc.SurveyResponses:
    if instrument_path:
        instrument = vcc.survey.load_instrument(instrument_path)
    else:
        found = vcc.survey.default_instrument(args.framework)
        if found is None:
            raise vcc.ValidationError(
                f"framework {args.framework!r} brings no instrument; pass --instrument",
                column="--instrument",
            )
        instrument = found
    responses = read_responses(path, instrument, args, prefix=prefix)
    report_rejects(args, responses.rejects)
    return responses


def report_rejects(args: argparse.Namespace, rejects: Rejects) -> None:
    """Say how many rows were set aside, and write them to ``--rejected`` if given."""
    if not len(rejects):
        return
    where = ""
    if args.rejected is not None:
        rejects.write(args.rejected)
        where = f"; written to {args.rejected}"
    note(
        args,
        f"{rejects.rows_read} rows read: {rejects.accepted} accepted, "
        f"{len(rejects)} rejected{where}",
    )
    if rejects.accepted == 0:
        # A table of nan scores would look like a result; nothing was accepted.
        raise vcc.ValidationError(
            f"no row was accepted: all {rejects.rows_read} rows were rejected "
            f"(the first: {rejects.reasons[0]})",
            column="--errors",
        )


# ---------------------------------------------------------------------- output
def emit(args: argparse.Namespace, result: object, table: str) -> None:
    if args.format == "table":
        write(args, table.rstrip("\n") + "\n")
    elif args.output is not None:
        write_result(result, args.output, args.format)
    else:
        write(args, render(result, args.format))


def write(args: argparse.Namespace, text: str) -> None:
    if args.output is None:
        sys.stdout.write(text)
    else:
        with atomic_write(args.output) as handle:
            handle.write(text)


def note(args: argparse.Namespace, text: str, stream: TextIO | None = None) -> None:
    if not args.quiet:
        print(text, file=stream or sys.stderr)


def progress(args: argparse.Namespace, items: Iterable[T], what: str) -> Iterator[T]:
    """``items``, with a progress bar on a terminal when tqdm is installed."""
    if args.quiet or not sys.stderr.isatty():
        yield from items
        return
    try:
        from tqdm import tqdm  # noqa: PLC0415 - the optional progress extra
    except ImportError:
        yield from items
        return
    yield from tqdm(items, desc=what, unit=" chunks", file=sys.stderr, leave=False)
