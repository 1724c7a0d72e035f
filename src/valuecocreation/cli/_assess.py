"""The ``assess`` command."""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common
from valuecocreation.cli import _legend as legend
from valuecocreation.cli import _reading as reading
from valuecocreation.cli._survey_input import survey_options
from valuecocreation.framework import resolve_framework


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``assess`` with the command line."""
    assess = commands.add_parser("assess", help="assess an interaction export", parents=[parent])
    common.input_options(assess)
    common.framework_option(assess)
    assess.add_argument(
        "--survey", metavar="FILE", type=Path, help="survey responses (CSV, one row per respondent)"
    )
    survey_options(assess, prefix="survey-")
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
    common.store_options(assess)
    assess.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``assess`` with the parsed command line."""
    if args.chunk_rows < 1:
        raise vcc.ValidationError("--chunk-rows must be at least 1", column="--chunk-rows")
    if args.survey is not None and (args.window or args.by):
        raise vcc.ValidationError(
            "a survey describes the whole data: use --survey without --window and --by",
            column="--survey",
        )
    mapping = vcc.mapping.load_map(args.map) if args.map else None
    path = common.events_path(args)
    options: dict[str, Any] = {
        "framework": args.framework,
        "mapping": mapping,
        "actors": common.actors(args),
        "period": args.window,
        "segment_by": args.by,
    }
    chunks = _chunks(args, path, options)
    empty = vcc.Evidence.empty(
        framework=args.framework, mapping=mapping, period=args.window, segment_by=args.by
    )
    # Folded as read, a batch at a time: memory holds the total and a few chunks.
    parts = (
        part
        for part in common.progress(args, chunks, f"reading {path.name}")
        if isinstance(part, vcc.Evidence)
    )
    evidence = vcc.Evidence.merge_stream(itertools.chain([empty], parts))
    common.report_rejects(args, chunks.rejects)
    if args.actors is None:
        common.note(
            args,
            "note: no --actors given, so no account is the firm and every account counts as "
            "a user; firm-side conditions cannot be matched (finding firm_not_declared: "
            "valuecocreation diagnose names the accounts that look like the firm)",
        )
    if args.window or args.by:
        series = vcc.assess_over(
            evidence, period=args.window, segment_by=args.by, framework=args.framework
        )
        common.emit(args, series, series_table(series))
        common.save_to_store(args, series)
        return
    survey = (
        common.responses(args.survey, args.instrument, args, prefix="survey_")
        if args.survey
        else None
    )
    result = vcc.assess(evidence, survey=survey, framework=args.framework)
    common.emit(args, result, assessment_table(result))
    common.save_to_store(args, result)


def assessment_table(result: vcc.Assessment) -> str:
    """The assessment's table (its findings under the headline), then the legend."""
    return "\n".join([result.summary(), "", legend.block(legend.ASSESSMENT, legend.NEXT_ASSESS)])


def series_table(series: vcc.AssessmentSeries) -> str:
    """One labelled block per window and segment, then one legend."""
    blocks = []
    for item in series.items:
        label = f"window {item.window}" + (f", segment {item.segment}" if item.segment else "")
        blocks.append(f"== {label} ==\n{item.summary()}")
    if not blocks:
        blocks.append("no window or segment holds any interaction")
    return "\n\n".join([*blocks, legend.block(legend.ASSESSMENT, legend.NEXT_ASSESS)])


def _chunks(args: argparse.Namespace, path: Path, options: dict[str, Any]) -> Any:  # noqa: ANN401
    """Evidence chunk by chunk: a CSV or columnar file in bounded memory, others whole."""
    from valuecocreation import io  # noqa: PLC0415 - readers load only when reading

    settings = reading.settings_of(args)
    columnar = reading.columnar_kind(path)
    if (
        settings.adapter is None
        and settings.delimiter != "whitespace"
        and not settings.no_header
        and not (columnar and settings.constants)
    ):
        given: dict[str, Any] = {"kinds": settings.kinds or None}
        if settings.columns:
            given["columns"] = settings.columns
        if settings.timestamp is not None:
            given["timestamp"] = settings.timestamp
        if settings.tz is not None:
            given["tz"] = settings.tz
        if columnar is not None:
            iterate = io.iter_parquet if columnar == "parquet" else io.iter_arrow
            return iterate(
                path, chunk_rows=args.chunk_rows, as_="evidence", errors=args.errors,
                **given, **options,
            )  # fmt: skip
        return io.iter_csv(
            path,
            chunk_rows=args.chunk_rows,
            as_="evidence",
            errors=args.errors,
            encoding=settings.encoding or "utf-8",
            delimiter=settings.delimiter or ",",
            constants=settings.constants or None,
            **given,
            **options,
        )
    return _Whole(reading.read_events(args, path, errors=args.errors), options)


class _Whole:
    """One export read whole (by an adapter or the whitespace reader), as one chunk."""

    def __init__(self, read: Any, options: dict[str, Any]) -> None:  # noqa: ANN401
        self._result = read if isinstance(read, vcc.io.ReadResult) else None
        self._log = read.log if self._result is not None else read
        self._options = options
        self.rows_read = self._result.rows_read if self._result is not None else len(self._log)
        self.rejected = list(self._result.rejected) if self._result is not None else []

    def __iter__(self) -> Any:  # noqa: ANN401
        options = dict(self._options)
        options["framework"] = resolve_framework(options["framework"])
        yield vcc.Evidence.from_log(self._log, **options)

    @property
    def rejects(self) -> vcc.io.Rejects:
        """The rejected rows of the export, as the one quarantine record."""
        if self._result is not None:
            rejects: vcc.io.Rejects = self._result.rejects
            return rejects
        return vcc.io.Rejects.from_rows([], rows_read=self.rows_read)
