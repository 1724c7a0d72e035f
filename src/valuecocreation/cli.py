"""The command line: ``valuecocreation demo | assess | funnel | graph | survey``.

Every command reads files, prints a result (a table by default, or JSON, tidy CSV
or Markdown with ``--format``) or writes it with ``-o``. Exit codes: 0 when the
command did its work, 1 for bad input (the message names the file, line, column
and reason), 2 for a wrong command line. ``python -m valuecocreation`` is the
same program.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

import valuecocreation as vcc
from valuecocreation import network
from valuecocreation._writers import render, write_result
from valuecocreation.errors import ValueCocreationError

__all__ = ["main"]

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "json", "csv", "md")
T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
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
    if args.version:
        print(f"valuecocreation {vcc.__version__}")
        return EXIT_OK
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("valuecocreation: error: name a command (demo, assess, funnel, graph, survey)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        args.run(args)
    except ValueCocreationError as error:
        print(f"valuecocreation: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # a file that cannot be opened or written
        print(f"valuecocreation: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


# ---------------------------------------------------------------------- the parser
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="valuecocreation",
        description="Measure value co-creation (Kim & Choi 2019) in interaction exports.",
        epilog="Exit codes: 0 done, 1 bad input, 2 wrong command line.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print nothing but the result (no progress, no notes)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # --quiet works after the command too; SUPPRESS keeps the top level's value otherwise.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print nothing but the result")

    demo = commands.add_parser("demo", help="assess the bundled (synthetic) RecordFarm data",
                                 parents=[common])
    _output_options(demo)
    demo.set_defaults(run=_demo)

    assess = commands.add_parser("assess", help="assess an interaction export",
                                 parents=[common])
    _input_options(assess)
    assess.add_argument("--survey", metavar="FILE", type=Path,
                        help="survey responses (CSV, one row per respondent)")
    assess.add_argument("--instrument", metavar="FILE", type=Path,
                        help="the survey's instrument (JSON or TOML); the bundled one if absent")
    assess.add_argument("--map", metavar="FILE", type=Path,
                        help="a condition map (TOML or JSON); the default map if absent")
    assess.add_argument("--window", choices=("day", "week", "month", "quarter"),
                        help="assess each calendar window")
    assess.add_argument("--by", metavar="SEGMENT",
                        help="assess each segment: 'channel' or an actor attribute")
    assess.add_argument("--chunk-rows", type=int, default=1_000_000, metavar="N",
                        help="rows read at a time (memory stays flat; default 1000000)")
    _output_options(assess)
    assess.set_defaults(run=_assess)

    funnel = commands.add_parser("funnel", help="the co-creation funnel of an export",
                                 parents=[common])
    _input_options(funnel)
    funnel.add_argument("--cohort", choices=("day", "week", "month", "quarter", "none"),
                        default="month", help="first-seen cohorts (default month)")
    _output_options(funnel)
    funnel.set_defaults(run=_funnel)

    graph = commands.add_parser("graph", help="value-flow graph metrics, and its export",
                                 parents=[common])
    _input_options(graph)
    graph.add_argument("--export", metavar="FILE", type=Path,
                       help="write the graph: .graphml or .json (node-link)")
    graph.add_argument("--top", type=int, default=5, help="advocates to list (default 5)")
    graph.add_argument("--format", choices=("table", "json"), default="table")
    graph.add_argument("-o", "--output", metavar="FILE", type=Path)
    graph.set_defaults(run=_graph)

    survey = commands.add_parser("survey", help="the reliability report of survey responses",
                                 parents=[common])
    survey.add_argument("responses", type=Path, help="responses (CSV, one row per respondent)")
    survey.add_argument("--instrument", metavar="FILE", type=Path)
    survey.add_argument("--errors", choices=("raise", "quarantine"), default="raise")
    survey.add_argument("--rejected", metavar="FILE", type=Path)
    _output_options(survey)
    survey.set_defaults(run=_survey)
    return parser


def _input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("events", type=Path, help="interactions (CSV with source, target, "
                        "kind, timestamp and optional channel, weight)")
    parser.add_argument("--actors", metavar="FILE", type=Path,
                        help="actors (CSV with id, role and attributes); others are users")
    parser.add_argument("--errors", choices=("raise", "quarantine"), default="raise",
                        help="stop at the first bad row, or set bad rows aside")
    parser.add_argument("--rejected", metavar="FILE", type=Path,
                        help="with --errors quarantine: write the rejected rows here")


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="write the result here instead of printing it")


# ---------------------------------------------------------------------- commands
def _demo(args: argparse.Namespace) -> None:
    data = vcc.datasets.load_recordfarm()
    _note(args, "RecordFarm (synthetic): invented data calibrated to figures Kim & Choi "
                "(2019) publish; see the docs.")
    graph = vcc.ValueFlowGraph.from_log(data.log, actors=data.actors)
    result = vcc.assess(data.log, actors=data.actors, graph=graph, survey=data.survey)
    _emit(args, result, result.summary())


def _assess(args: argparse.Namespace) -> None:
    from valuecocreation import io  # noqa: PLC0415 - readers load only when reading

    if args.chunk_rows < 1:
        raise vcc.ValidationError("--chunk-rows must be at least 1", column="--chunk-rows")
    if args.survey is not None and (args.window or args.by):
        raise vcc.ValidationError("a survey describes the whole data: use --survey without "
                                  "--window and --by", column="--survey")
    mapping = vcc.mapping.load_map(args.map) if args.map else None
    chunks = io.iter_csv(args.events, chunk_rows=args.chunk_rows, as_="evidence",
                         errors=args.errors, mapping=mapping, actors=_actors(args),
                         period=args.window, segment_by=args.by)
    parts = [part for part in _progress(args, chunks, f"reading {args.events.name}")
             if isinstance(part, vcc.Evidence)]
    evidence = vcc.Evidence.merge(*parts) if parts else vcc.Evidence.empty(
        mapping=mapping, period=args.window, segment_by=args.by)
    _report_rejects(args, chunks.rows_read, chunks.rejected, chunks.write_rejected)
    if args.window or args.by:
        series = vcc.assess_over(evidence, period=args.window, segment_by=args.by)
        _emit(args, series, "\n\n".join(item.summary() for item in series.items))
        return
    survey = _responses(args.survey, args.instrument, args) if args.survey else None
    result = vcc.assess(evidence, survey=survey)
    _emit(args, result, result.summary())


def _funnel(args: argparse.Namespace) -> None:
    log = _read_log(args)
    cohort = None if args.cohort == "none" else args.cohort
    result = vcc.Funnel.from_log(log, actors=_actors(args), cohort=cohort)
    _emit(args, result, result.summary())


def _graph(args: argparse.Namespace) -> None:
    log = _read_log(args)
    graph = vcc.ValueFlowGraph.from_log(log, actors=_actors(args))
    if args.export is not None:
        write_result(graph, args.export)
        _note(args, f"graph written to {args.export}")
    metrics: dict[str, Any] = {
        "actors": len(graph), "edges": graph.n_edges,
        "reach": network.reach(graph).to_dict(),
        "reciprocity": network.reciprocity(graph).to_dict(),
        "connectivity": network.connectivity(graph).to_dict(),
        "users_connectivity": network.connectivity(graph, among="users").to_dict(),
        "reward_reach": network.reward_reach(graph).to_dict(),
        "advocates": [a.to_dict() for a in network.advocates(graph, top=args.top)],
    }
    if args.format == "json":
        _write(args, vcc._serial.dumps(metrics, indent=2) + "\n")
        return
    _write(args, _graph_table(metrics))


def _survey(args: argparse.Namespace) -> None:
    responses = _responses(args.responses, args.instrument, args)
    instrument = responses.instrument
    constructs = {}
    for condition in dict.fromkeys(item.condition for item in instrument.items):
        if condition is None:
            continue
        items = [item.id for item in responses.items_for(condition)]
        if len(items) >= 2:
            constructs[condition] = items
    if not constructs:
        raise vcc.ValidationError("the instrument has no condition with two or more items",
                                  source=str(args.responses))
    ids = [item.id for item in instrument.items]
    result = vcc.measurement.reliability_report(responses.scored(), constructs, items=ids)
    _emit(args, result, result.table())


# ---------------------------------------------------------------------- reading
def _actors(args: argparse.Namespace) -> Any:  # noqa: ANN401 - what Evidence.from_log takes
    if args.actors is None:
        return None
    from valuecocreation import io  # noqa: PLC0415

    return io.read_actors_csv(args.actors)


def _read_log(args: argparse.Namespace) -> vcc.InteractionLog:
    from valuecocreation import io  # noqa: PLC0415

    if args.errors == "raise":
        return io.read_csv(args.events)
    result = io.read_csv(args.events, errors="quarantine")
    _report_rejects(args, result.rows_read, result.rejected, result.write_rejected)
    return result.log


def _responses(path: Path, instrument_path: Path | None,
               args: argparse.Namespace) -> vcc.SurveyResponses:
    instrument = (vcc.survey.load_instrument(instrument_path) if instrument_path
                  else vcc.KIM_CHOI_2019_INSTRUMENT)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    known = {item.id for item in instrument.items} | {"respondent"}
    attributes = [name for name in header if name not in known]
    errors: Literal["raise", "quarantine"] = args.errors
    responses = vcc.survey.read_csv(path, instrument, attributes=attributes, errors=errors)
    rejects = responses.rejects
    if len(rejects):
        _report_rejects(args, rejects.rows_read, list(rejects.records()),
                        lambda target: _write_survey_rejects(rejects, target))
    return responses


def _write_survey_rejects(rejects: Any, target: Path) -> None:  # noqa: ANN401
    with Path(target).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "row", "column", "reason", *rejects.header])
        for line, row, column, reason, cells in zip(
                rejects.lines or [None] * len(rejects), rejects.rows, rejects.columns,
                rejects.reasons, rejects.cells, strict=True):
            writer.writerow([line, row + 1, column, reason, *cells])


def _report_rejects(args: argparse.Namespace, rows_read: int, rejected: Sequence[Any],
                    write: Any) -> None:  # noqa: ANN401
    if not rejected:
        return
    where = ""
    if args.rejected is not None:
        write(args.rejected)
        where = f"; written to {args.rejected}"
    _note(args, f"{rows_read} rows read: {rows_read - len(rejected)} accepted, "
                f"{len(rejected)} rejected{where}")


# ---------------------------------------------------------------------- output
def _emit(args: argparse.Namespace, result: object, table: str) -> None:
    if args.format == "table":
        _write(args, table.rstrip("\n") + "\n")
    elif args.output is not None:
        write_result(result, args.output, args.format)
    else:
        _write(args, render(result, args.format))


def _write(args: argparse.Namespace, text: str) -> None:
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")


def _note(args: argparse.Namespace, text: str, stream: TextIO | None = None) -> None:
    if not args.quiet:
        print(text, file=stream or sys.stderr)


def _progress(args: argparse.Namespace, items: Iterable[T], what: str) -> Iterator[T]:
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


def _graph_table(metrics: dict[str, Any]) -> str:
    reach, talk = metrics["reach"], metrics["reciprocity"]
    every, users = metrics["connectivity"], metrics["users_connectivity"]
    rewarded = metrics["reward_reach"]
    lines = [
        f"value-flow graph: {metrics['actors']:,} actors, {metrics['edges']:,} edges",
        (f"reach (1 hop of the firm)    {reach['audience_reached']:,} of "
        f"{reach['audience']:,} users ({_pct(reach['share'])})"),
        (f"reciprocity                  overall {_pct(talk['overall'])}, firm-user "
        f"{_pct(talk['firm_user'])}, user-user {_pct(talk['user_user'])}"),
        (f"connectivity                 {every['components']:,} component(s); users "
        f"linked among themselves: {_pct(users['share'])}"),
        (f"reward reach                 {rewarded['rewarded']:,} of {rewarded['active']:,} "
        f"active users ({_pct(rewarded['share'])})"),
        "advocates (who carries the sharing):",
        *(f"  {a['actor']:<24} {a['role']:<9} shares {a['events']:>5}  rank {a['rank']:.2e}"
          for a in metrics["advocates"]),
    ]
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
