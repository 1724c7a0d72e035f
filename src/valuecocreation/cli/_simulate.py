"""The ``simulate`` command: ``simulate cascade | seeds | bass``."""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation import simulate
from valuecocreation.cli import _common as common
from valuecocreation.errors import ValidationError


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``simulate`` and its three subcommands with the command line."""
    command = commands.add_parser(
        "simulate",
        help="cascades, seed selection and Bass fits (projections under stated models)",
        parents=[parent],
    )
    kinds = command.add_subparsers(dest="simulation", metavar="SIMULATION", required=True)

    cascade = kinds.add_parser(
        "cascade", help="how far a share travels from seed actors", parents=[parent]
    )
    _graph_options(cascade)
    cascade.add_argument("--seeds", nargs="+", required=True, metavar="ID", help="seed actors")
    cascade.add_argument("--max-steps", type=int, default=None, help="stop every run here")
    cascade.set_defaults(run=_cascade)

    seeds = kinds.add_parser(
        "seeds", help="which actors to feature to reach the most (CELF)", parents=[parent]
    )
    _graph_options(seeds)
    seeds.add_argument("-k", type=int, required=True, help="how many actors to choose")
    seeds.set_defaults(run=_seeds)

    bass = kinds.add_parser(
        "bass", help="fit the Bass model to adopters per period", parents=[parent]
    )
    bass.add_argument("series", type=Path, help="CSV with a time column and an adopters column")
    bass.add_argument("--time", default="t", metavar="COLUMN", help="time column (default t)")
    bass.add_argument(
        "--adopters",
        default="adopters",
        metavar="COLUMN",
        help="adopters column (default adopters)",
    )
    bass.add_argument(
        "--cumulative", action="store_true", help="the adopters column holds running totals"
    )
    bass.add_argument("--bootstrap", type=int, default=200, help="bootstrap refits (default 200)")
    bass.add_argument("--seed", type=int, default=None, help="seed of the bootstrap")
    _output(bass)
    bass.set_defaults(run=_bass)


def _graph_options(parser: argparse.ArgumentParser) -> None:
    common.input_options(parser)
    common.framework_option(parser)
    parser.add_argument("--model", choices=("ic", "lt"), default="ic", help="cascade model")
    parser.add_argument(
        "--probability",
        default="0.1",
        help="edge probability (ic) or weight (lt): a number, or 'weighted' (default 0.1)",
    )
    parser.add_argument(
        "--direction",
        choices=("in", "out", "both"),
        default=None,
        help="which way a share travels along source -> target (default in: to the audience)",
    )
    parser.add_argument("--runs", type=int, default=1000, help="Monte Carlo runs (default 1000)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the draws")
    _output(parser)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path)


def _probability(text: str) -> float | str:
    if text == "weighted":
        return text
    try:
        return float(text)
    except ValueError:
        raise ValidationError(
            "--probability must be a number or 'weighted'", column="probability", value=text
        ) from None


def _graph(args: argparse.Namespace) -> vcc.ValueFlowGraph:
    log = common.read_log(args)
    return vcc.ValueFlowGraph.from_log(log, framework=args.framework, actors=common.actors(args))


def _emit(args: argparse.Namespace, result: Any, table: str) -> None:  # noqa: ANN401
    if args.format == "json":
        common.write(args, result.to_json() + "\n")
    else:
        lines = [table.rstrip("\n"), *(f"  {finding.line()}" for finding in result.findings)]
        common.write(args, "\n".join(lines) + "\n")


def _cascade(args: argparse.Namespace) -> None:
    graph = _graph(args)
    run = simulate.independent_cascade if args.model == "ic" else simulate.linear_threshold
    result = run(
        graph,
        args.seeds,
        _probability(args.probability),
        runs=args.runs,
        seed=args.seed,
        max_steps=args.max_steps,
        direction=args.direction,
    )
    low, high = result.interval
    table = "\n".join(
        [
            (
                f"{result.model} from {', '.join(map(str, result.seeds))} ({result.runs} runs, "
                f"a share travels {result.direction})"
            ),
            (
                f"mean reach    {result.mean:,.1f} of {result.n_actors:,} actors "
                f"({100 * result.mean_fraction:.2f}%), {100 * result.confidence:.0f}% interval "
                f"{low:,.1f} to {high:,.1f}"
            ),
            "by step       " + ", ".join(f"{value:,.1f}" for value in result.curve.tolist()),
        ]
    )
    _emit(args, result, table)


def _seeds(args: argparse.Namespace) -> None:
    graph = _graph(args)
    result = simulate.select_seeds(
        graph,
        args.k,
        model=args.model,
        probability=_probability(args.probability),
        runs=args.runs,
        seed=args.seed,
        direction=args.direction,
    )
    lines = [f"{result.k} seed(s) by CELF ({result.model}, {result.runs} samples):"]
    lines += [
        f"  {i:>2}. {actor!s:<24} gain {gain:,.2f}"
        for i, (actor, gain) in enumerate(zip(result.seeds, result.gains.tolist(), strict=True), 1)
    ]
    lines += ["expected reach of k actors chosen by:"]
    lines += [
        f"  {item.strategy:<8} {item.mean:,.1f} ({_pair(item.interval, ',.1f')})"
        for item in result.spreads
    ]
    _emit(args, result, "\n".join(lines))


def _bass(args: argparse.Namespace) -> None:
    t, adopters = _read_series(args.series, args.time, args.adopters)
    result = simulate.fit_bass(
        t, adopters, cumulative=args.cumulative, bootstrap=args.bootstrap, seed=args.seed
    )
    rows = [
        (
            name,
            getattr(result, name),
            getattr(result, f"{name}_se"),
            getattr(result, f"{name}_interval"),
        )
        for name in ("p", "q", "m")
    ]
    lines = [f"Bass fit to {len(result.t)} periods (nonlinear least squares)"]
    lines += [
        f"  {name}  {value:.6g}  se {error:.3g}  interval {_pair(interval)}"
        for name, value, error, interval in rows
    ]
    lines.append(f"  adoptions peak at t = {result.peak_time:.3g}")
    _emit(args, result, "\n".join(lines))


def _pair(pair: tuple[float, float], spec: str = ".4g") -> str:
    low, high = pair
    return "n/a" if math.isnan(low) else f"{low:{spec}} to {high:{spec}}"


def _read_series(path: Path, time: str, adopters: str) -> tuple[list[float], list[float]]:
    source = str(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        for column in (time, adopters):
            if column not in header:
                raise ValidationError(
                    f"no column {column!r}; the header has: {', '.join(header)}",
                    source=source,
                    line=1,
                    column=column,
                )
        times: list[float] = []
        counts: list[float] = []
        for row in reader:
            for column, into in ((time, times), (adopters, counts)):
                text = row[column]
                try:
                    into.append(float(text))
                except (TypeError, ValueError):
                    raise ValidationError(
                        "not a number",
                        source=source,
                        line=reader.line_num,
                        column=column,
                        value=text,
                    ) from None
    return times, counts
