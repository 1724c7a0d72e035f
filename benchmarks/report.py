"""Benchmark: write the report of ten million events, against the analysis itself.

The requirement (from the project's issue): the report of 10M events is written in
under 2x the time of the analysis itself; print the ratio.

Run it from the repository root, with the ``report`` extra installed::

    python benchmarks/report.py                                   # 10M events, 1M actors
    python benchmarks/report.py --events 1000000 --actors 100000  # a quicker check

What is measured
----------------
* Data: the columns of ``benchmarks/log_build.py`` (same generator, same seed),
  built into an ``InteractionLog`` (not timed). The most popular target is the
  firm, every other actor a user.
* Baseline, "the analysis": what ``valuecocreation report EVENTS --window month``
  computes before it composes anything: ``ValueFlowGraph.from_log``, ``assess``
  with that graph, ``assess_over(period="month")`` and ``Funnel.from_log``.
* Subject, "the report": ``build_report`` of those results (which also computes
  the graph section's metrics: reach, reciprocity, connectivity, advocates,
  condensation) and ``Report.write_html`` into a temporary folder.
* Cross-check before the ratio is printed: the written file holds every section's
  heading and the assessment's index formatted by the report's formatter.
* Time: ``--repeats`` interleaved runs of each (one by default: a full-size
  analysis takes minutes); the ratio is of the medians. It is not a test and does
  not run in CI.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

import valuecocreation as vcc
from valuecocreation.report import build_report
from valuecocreation.report._format import number

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import make_data  # the benchmarks dir is not a package

TARGET = 2.0


def build_log(events: int, actors: int, seed: int) -> tuple[vcc.InteractionLog, dict[str, str]]:
    log = vcc.InteractionLog.from_columns(**make_data(events, actors, seed).columns)
    popular = np.bincount(log.target_codes, minlength=len(log.actors)).argmax()
    return log, {str(log.actors[popular]): "firm"}


def analysis(log: vcc.InteractionLog, roles: dict[str, str]) -> dict[str, Any]:
    graph = vcc.ValueFlowGraph.from_log(log, actors=roles)
    return {
        "assessment": vcc.assess(log, actors=roles, graph=graph),
        "series": vcc.assess_over(log, period="month", actors=roles),
        "funnel": vcc.Funnel.from_log(log, actors=roles),
        "graph": graph,
    }


def report(results: dict[str, Any], folder: Path) -> Path:
    return build_report(**results, title="benchmark").write_html(folder / "report.html")


def timed(function: Any, *arguments: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*arguments)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--actors", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args(argv)

    log, roles = build_log(args.events, args.actors, args.seed)
    print(f"data: {len(log):,} events, {len(log.actors):,} actors (seed {args.seed})")
    base, subject = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeats):
            seconds, results = timed(analysis, log, roles)
            base.append(seconds)
            seconds, written = timed(report, results, Path(folder))
            subject.append(seconds)
        page = written.read_text("utf-8")
        expected = build_report(**results).sections
        missing = [s.heading for s in expected if f">{s.heading}</h2>" not in page]
        index = number(results["assessment"].index)
        if missing or f"Co-creation index {index} " not in page:
            print(f"cross-check FAILED: missing headings {missing} or index {index}")
            return 1
        size = written.stat().st_size
    ratio = statistics.median(subject) / statistics.median(base)
    print(
        f"analysis (graph, assess, assess_over month, funnel): median "
        f"{statistics.median(base):.2f} s over {args.repeats} run(s)"
    )
    print(
        f"report (build_report + write_html, {size:,} bytes): "
        f"median {statistics.median(subject):.2f} s"
    )
    verdict = "PASS" if ratio < TARGET else "FAIL"
    print(f"ratio report / analysis: {ratio:.3f} (target < {TARGET}): {verdict}")
    versions = ", ".join(
        f"{name} {version(name)}"
        for name in ("valuecocreation", "numpy", "networkx", "jinja2", "markdown-it-py")
    )
    print(f"Python {platform.python_version()}; {versions}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
