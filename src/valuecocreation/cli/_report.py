"""The ``report`` command: run the whole analysis of an export and write one report."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.cli import _common as common
from valuecocreation.evidence import Period

_FIRST_REASONS = 3  # how many reject reasons the provenance table quotes


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``report`` with the command line."""
    report = commands.add_parser(
        "report",
        help="analyse an export and write one HTML (or Markdown) report",
        parents=[parent],
    )
    common.input_options(report)
    common.framework_option(report)
    report.add_argument(
        "--survey", metavar="FILE", type=Path, help="survey responses (CSV, one row per respondent)"
    )
    report.add_argument(
        "--instrument",
        metavar="FILE",
        type=Path,
        help="the survey's instrument (JSON or TOML); the framework's own if absent",
    )
    report.add_argument(
        "--map",
        metavar="FILE",
        type=Path,
        help="a condition map (TOML or JSON); the framework's default map if absent",
    )
    report.add_argument(
        "--window",
        choices=("day", "week", "month", "quarter", "none"),
        default="month",
        help="windows of the value evolution and funnel cohorts (default month)",
    )
    report.add_argument(
        "--budget", type=float, metavar="N", help="the plan's cost limit (playbook units)"
    )
    report.add_argument("--hours", type=float, metavar="N", help="the plan's staff-hour limit")
    report.add_argument("--title", default="Value co-creation report", help="the report's title")
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        default=Path("report.html"),
        help="the report to write: .html (default report.html) or .md (charts beside it)",
    )
    report.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``report`` with the parsed command line."""
    from valuecocreation import io  # noqa: PLC0415 - readers load only when reading

    check_folder(args.output, "--output")
    actors = common.actors(args)
    if args.errors == "raise":
        log = io.read_csv(args.events)
        inputs = [_input(args.events.name, len(log), None)]
    else:
        read = io.read_csv(args.events, errors="quarantine")
        common.report_rejects(args, read.rejects)
        log = read.log
        inputs = [_input(args.events.name, read.accepted, read.rejects)]
    survey = None
    if args.survey is not None:
        survey = common.responses(args.survey, args.instrument, args)
        inputs.append(_input(args.survey.name, len(survey), survey.rejects))
    window = None if args.window == "none" else args.window
    parameters: dict[str, object] = {"window": args.window, "errors": args.errors}
    limits = (("plan budget", args.budget), ("plan staff hours", args.hours))
    parameters.update({name: value for name, value in limits if value is not None})
    if args.map is not None:
        parameters["map file"] = args.map.name
    report = analyse(
        log,
        mapping=vcc.mapping.load_map(args.map) if args.map else None,
        actors=actors,
        survey=survey,
        framework=args.framework,
        window=window,
        title=args.title,
        inputs=inputs,
        parameters=parameters,
        budget=args.budget,
        hours=args.hours,
    )
    written = report.write(args.output)
    common.note(args, f"report written to {written}")


def check_folder(path: Path, option: str) -> None:
    """Fail before minutes of analysis if the report could not be written where asked."""
    if not path.parent.is_dir():
        raise vcc.ValidationError(
            f"no folder {str(path.parent)!r} to write the report {path.name} into",
            column=option,
            value=str(path),
        )


def _input(name: str, accepted: int, rejects: Any) -> vcc.report.InputFile:  # noqa: ANN401 - io's Rejects
    """An input of the provenance table: rows read and accepted, the first reasons."""
    if rejects is None or not len(rejects):
        return vcc.report.InputFile(name=name, rows_read=accepted, rows_accepted=accepted)
    lines = rejects.lines or [row + 1 for row in rejects.rows]
    reasons = [
        f"line {line}, {column}: {reason}" if column else f"line {line}: {reason}"
        for line, column, reason in zip(lines, rejects.columns, rejects.reasons, strict=False)
    ]
    return vcc.report.InputFile(
        name=name,
        rows_read=accepted + len(rejects),
        rows_accepted=accepted,
        first_reasons=reasons[:_FIRST_REASONS],
    )


def analyse(
    log: vcc.InteractionLog,
    *,
    actors: Any,  # noqa: ANN401 - whatever assess takes as actors
    survey: vcc.SurveyResponses | None,
    framework: str,
    mapping: vcc.ConditionMap | None = None,
    window: Period | None,
    title: str,
    inputs: list[vcc.report.InputFile],
    parameters: dict[str, object],
    description: str | None = None,
    budget: float | None = None,
    hours: float | None = None,
) -> vcc.report.Report:
    """The whole analysis of one log (and survey), composed into a report.

    The plan of practices is recommended for the assessment within ``budget`` and
    ``hours`` (no limit when ``None``), as the ``plan`` command does.
    """
    common_args: dict[str, Any] = {"framework": framework, "mapping": mapping, "actors": actors}
    graph = vcc.ValueFlowGraph.from_log(log, **common_args)
    assessment = vcc.assess(log, graph=graph, survey=survey, **common_args)
    series = vcc.assess_over(log, period=window, **common_args) if window is not None else None
    funnel = vcc.Funnel.from_log(log, cohort=window, **common_args)
    reliability = _reliability(survey) if survey is not None else None
    diagnosis = _diagnosis(assessment, series=series, funnel=funnel, graph=graph, mapping=mapping)
    plan = vcc.playbook.recommend(assessment, budget=budget, staff_hours=hours)
    return vcc.report.build_report(
        assessment=assessment,
        series=series,
        funnel=funnel,
        graph=graph,
        survey=survey,
        reliability=reliability,
        diagnosis=diagnosis,
        plan=plan,
        title=title,
        description=description,
        inputs=inputs,
        parameters=parameters,
    )


def _diagnosis(assessment: vcc.Assessment, **results: Any) -> Any:  # noqa: ANN401 - a Diagnosis
    # valuecocreation.diagnostics comes with the evidence-quality work; where it is
    # installed, the report has its diagnosis section.
    if importlib.util.find_spec("valuecocreation.diagnostics") is None:
        return None
    return importlib.import_module("valuecocreation.diagnostics").diagnose(assessment, **results)


def _reliability(survey: vcc.SurveyResponses) -> Any:  # noqa: ANN401 - a ReliabilityReport or None
    # As the survey command does: every condition with two or more items is a construct.
    constructs = {}
    for condition in dict.fromkeys(item.condition for item in survey.instrument.items):
        if condition is None:
            continue
        items = [item.id for item in survey.items_for(condition)]
        if len(items) >= 2:
            constructs[condition] = items
    if not constructs:
        return None
    ids = [item.id for item in survey.instrument.items]
    return vcc.measurement.reliability_report(survey.scored(), constructs, items=ids)
