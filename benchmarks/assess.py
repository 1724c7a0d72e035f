"""Benchmark: assess a log of ten million events against a polars aggregation.

The requirement (from the project's issue): 10 million events, one million actors;
print the time of ``vcc.assess`` as a ratio against a polars computation, in the
same run, of the same per-condition event counts, weight sums and distinct-actor
counts (target: ratio <= 1.0), and the peak memory against the log's own arrays
(target: ratio <= 1.5).

Run it from the repository root, with polars installed::

    python benchmarks/assess.py                                  # 10M events, 1M actors
    python benchmarks/assess.py --events 200000 --actors 20000   # a quick check

What is measured
----------------
* Data: the columns of ``benchmarks/log_build.py`` (same generator, same seed),
  built into an ``InteractionLog`` with ``InteractionLog.from_columns`` (not timed).
  The most popular target is designated the firm and passed as
  ``actors={firm_id: "firm"}``, so that the map's firm rules (posts, support
  responses, replies, messages ...) find evidence; every other actor is a user.
* Subject: ``vcc.assess(log, actors=...)`` with the default framework, map
  (``KIM_CHOI_2019_MAP``) and scorers: the evidence of every condition (counts,
  exact weight sums and sums of squares, distinct credited and active actors,
  active days per channel, service exchanges), then the twelve scores, the
  drivers, the index and the value balances.
* Baseline: a hand-written polars computation over the log's own columns
  (``source_codes``, ``target_codes``, ``kind_codes``, ``weights``) and a role per
  actor code (firm or user, found by ``searchsorted`` in the sorted actor
  vocabulary): the events are joined with a table of the map's rules on (kind
  code, source role), each match credits its source or its target, and a group-by
  on the condition gives the event count, ``sum(weight * rule weight)`` and the
  number of distinct credited actors. That is the part of the evidence the
  requirement names; the subject computes more (see above), so the ratio is
  conservative. Turning the numpy columns into polars objects (zero-copy) is
  inside the timed region. polars runs on its own thread pool; the subject builds
  its evidence in blocks on up to four threads (numpy releases the interpreter
  lock), one per CPU.
* Cross-check: before anything is timed, the baseline's numbers must equal
  ``Evidence.from_log(log, actors=...)``'s ``events(c)``, ``len(credited(c))`` and
  ``weight(c)`` (the last to 1e-9 relative: polars sums floats in its own order,
  the evidence exactly) for every condition of the framework. Otherwise the
  script prints the differences and exits 1.
* Time: one warm-up of each, then ``--repeats`` interleaved runs; the ratio is of
  the medians. ``Evidence.from_log`` alone (the subject's first stage, before the
  scorers) is timed in the same rounds and its ratio printed for information.
* Memory: the peak of memory allocated while ``vcc.assess`` runs (tracemalloc,
  which numpy reports its buffers to; the log exists before and does not count),
  against the log's own arrays: the ``nbytes`` of its six columns and its two
  vocabularies. A fresh subprocess cross-checks it with the growth of its
  resident set during ``assess``, and measures the baseline's the same way
  (polars allocates outside tracemalloc's view).

The resident-set check runs first, in a fresh process, and so doubles as a smoke
test: if ``assess`` crashes the interpreter, the script prints the crashed
process's innermost frames and exits 1. It is not a test and does not run in CI.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import math
import os
import platform
import pstats
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from _versions import versions_line  # the benchmarks dir is not a package

import valuecocreation as vcc
from valuecocreation import InteractionLog, Role
from valuecocreation._evidence import blocks as evidence_blocks
from valuecocreation.evidence import Evidence
from valuecocreation.mapping import KIM_CHOI_2019_MAP, ConditionMap

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import (  # the benchmarks dir is not a package
    SEED,
    _status_bytes,
    make_data,
    run_rss_child,
    timed,
    traced_peak,
    verdict,
)

TIME_TARGET = 1.0
MEMORY_TARGET = 1.5
WEIGHT_TOLERANCE = 1e-9  # relative, for the weight sums of the cross-check
ROLES = tuple(Role)  # role index, as the evidence numbers roles
MB = 1e6

Actors = dict[str, str]


@dataclass(frozen=True)
class Case:
    """The log, the roles passed to ``assess``, and what the benchmark knows about them."""

    log: InteractionLog
    actors: Actors
    firm_id: str
    firm_code: int

    @property
    def log_bytes(self) -> int:
        log = self.log
        arrays = (
            log.source_codes,
            log.target_codes,
            log.kind_codes,
            log.timestamps,
            log.channel_codes,
            log.weights,
            log.actors,
            log.channels,
        )
        return sum(array.nbytes for array in arrays)


def make_case(events: int, actors: int, seed: int) -> Case:
    """The benchmark's log and firm; the same arguments always give the same case."""
    columns = make_data(events, actors, seed).columns
    log = InteractionLog.from_columns(**columns)
    del columns
    gc.collect()
    firm_code = int(np.bincount(log.target_codes).argmax())  # the most popular target
    firm_id = str(log.actors[firm_code])
    return Case(log=log, actors={firm_id: "firm"}, firm_id=firm_id, firm_code=firm_code)


# ---------------------------------------------------------------------- the two sides
def subject(case: Case) -> vcc.Assessment:
    return vcc.assess(case.log, actors=case.actors)


def rule_table(mapping: ConditionMap, conditions: tuple[str, ...]) -> pl.DataFrame:
    """One row per (rule, role a source must have): the join table of the baseline."""
    rows: dict[str, list[Any]] = {
        "kind": [],
        "role": [],
        "credit_target": [],
        "rule_weight": [],
        "condition": [],
    }
    for rule in mapping.rules:
        if rule.channels:
            raise NotImplementedError("the baseline has no channel-restricted rules")
        for role in sorted(ROLES.index(r) for r in (rule.roles or ROLES)):
            rows["kind"].append(rule.kind.code)
            rows["role"].append(role)
            rows["credit_target"].append(rule.credit == "target")
            rows["rule_weight"].append(rule.weight)
            rows["condition"].append(conditions.index(rule.condition))
    return pl.DataFrame(
        rows,
        schema={
            "kind": pl.UInt8,
            "role": pl.UInt8,
            "credit_target": pl.Boolean,
            "rule_weight": pl.Float64,
            "condition": pl.UInt8,
        },
    )


RULES = rule_table(KIM_CHOI_2019_MAP, vcc.KIM_CHOI_2019.condition_keys)


def baseline(case: Case) -> pl.DataFrame:
    """Per condition index: events, sum(weight * rule weight), distinct credited actors."""
    log = case.log
    roles = np.full(len(log.actors), ROLES.index(Role.USER), dtype=np.uint8)
    for actor_id, role in case.actors.items():
        code = int(np.searchsorted(log.actors, actor_id))
        if code < len(log.actors) and log.actors[code] == actor_id:
            roles[code] = ROLES.index(Role(role))
    events = pl.DataFrame(
        {  # zero-copy views of the log's columns
            "source": pl.Series(log.source_codes),
            "target": pl.Series(log.target_codes),
            "kind": pl.Series(log.kind_codes),
            "weight": pl.Series(log.weights),
        }
    )
    credited = pl.when(pl.col("credit_target")).then(pl.col("target")).otherwise(pl.col("source"))
    return (
        events.lazy()
        .with_columns(role=pl.lit(pl.Series(roles)).gather(pl.col("source")))
        .join(RULES.lazy(), on=["kind", "role"], how="inner")
        .group_by("condition")
        .agg(
            events=pl.len(),
            weight=(pl.col("weight") * pl.col("rule_weight")).sum(),
            actors=credited.n_unique(),
        )
        .sort("condition")
        .collect()
    )


# ---------------------------------------------------------------------- cross-check
def cross_check(case: Case, result: pl.DataFrame) -> list[str]:
    """Differences between the baseline's numbers and the evidence's (empty: equal)."""
    evidence = Evidence.from_log(case.log, actors=case.actors)
    by_index = {int(row["condition"]): row for row in result.iter_rows(named=True)}
    problems, rows = [], []
    for index, key in enumerate(evidence.conditions):
        row = by_index.get(index, {"events": 0, "weight": 0.0, "actors": 0})
        mine = (evidence.events(key), len(evidence.credited(key)), evidence.weight(key))
        theirs = (int(row["events"]), int(row["actors"]), float(row["weight"]))
        rows.append((key, *mine, theirs[2]))
        if mine[:2] != theirs[:2]:
            problems.append(
                f"{key}: events, distinct actors {mine[:2]} (evidence) != {theirs[:2]} (polars)"
            )
        if not math.isclose(mine[2], theirs[2], rel_tol=WEIGHT_TOLERANCE, abs_tol=0.0):
            problems.append(f"{key}: weight {mine[2]!r} (evidence) != {theirs[2]!r} (polars)")
    print("cross-check against Evidence.from_log(log, actors=...), per condition")
    print(
        f"  {'condition':<16} {'events':>12} {'distinct':>10} {'weight (evidence)':>20} "
        f"{'rel. diff (polars)':>19}"
    )
    for key, events, actors, weight, other in rows:
        diff = abs(weight - other) / weight if weight else abs(other)
        print(f"  {key:<16} {events:>12,} {actors:>10,} {weight:>20,.6f} {diff:>19.1e}")
    return problems


# ---------------------------------------------------------------------- measurements
def evidence_only(case: Case) -> Evidence:
    return Evidence.from_log(case.log, actors=case.actors)


def measure_time(case: Case, repeats: int) -> dict[str, list[float]]:
    """Interleaved times of the baseline, the subject and (informational) the evidence."""
    times: dict[str, list[float]] = {"baseline": [], "subject": [], "evidence": []}
    functions = {"baseline": baseline, "subject": subject, "evidence": evidence_only}
    for _ in range(repeats):
        for name, function in functions.items():
            seconds, result = timed(function, case)
            times[name].append(seconds)
            del result
    return times


class AssessCrashedError(RuntimeError):
    """``assess`` killed its (fresh) process, by a signal such as SIGSEGV."""


def measure_rss(args: argparse.Namespace) -> dict[str, Any] | str:
    """Resident-set growth of assess and baseline in a fresh process, or why it failed."""
    return run_rss_child(Path(__file__), args, AssessCrashedError, "assess")


def rss_child(args: argparse.Namespace) -> None:
    """In a fresh process: make the log, then assess once (and baseline once) and report."""
    case = make_case(args.events, args.actors, args.seed)
    small = Case(
        log=case.log[:1000], actors=case.actors, firm_id=case.firm_id, firm_code=case.firm_code
    )
    subject(small)  # load lazy code paths
    baseline(small)
    status = Path("/proc/self/status")
    growth = {}
    for name, function in (("subject", subject), ("baseline", baseline)):
        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        except OSError:
            print(json.dumps({"method": "unavailable (no /proc/self/clear_refs)"}))
            return
        before = _status_bytes(status, "VmRSS")
        result = function(case)
        growth[name] = _status_bytes(status, "VmHWM") - before
        del result
    print(json.dumps({**growth, "method": "VmHWM - VmRSS after clear_refs"}))


# ---------------------------------------------------------------------- report
def report_case(case: Case, seed: int, seconds: float) -> None:
    log = case.log
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, polars {pl.__version__} "
        f"({pl.thread_pool_size()} threads), valuecocreation {vcc.__version__}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"log (seed {seed}, made and built in {seconds:.1f} s): {len(log):,} events, "
        f"{len(log.actors):,} actors, {len(log.channels)} channels"
    )
    firm_events = int((log.source_codes == case.firm_code).sum())
    firm_targets = int((log.target_codes == case.firm_code).sum())
    print(
        f"  firm: {case.firm_id!r}, the most popular target ({firm_targets:,} events to it, "
        f"{firm_events:,} from it); all other actors are users"
    )
    print(
        f"  baseline rule table: {RULES.height} rows (rule x source role) from "
        f"{len(KIM_CHOI_2019_MAP.rules)} rules"
    )


def report_time(times: dict[str, list[float]]) -> None:
    base, subj, evid = times["baseline"], times["subject"], times["evidence"]
    base_s, subj_s, evid_s = (statistics.median(t) for t in (base, subj, evid))
    print(f"time (median of {len(base)} interleaved runs after one warm-up; min in brackets)")
    print(
        f"  baseline  polars: join rules, group by condition (count, weight sum, n_unique) "
        f"{base_s:7.2f} s  ({min(base):.2f})"
    )
    print(
        f"  subject   vcc.assess(log, actors={{firm: 'firm'}})                             "
        f"{subj_s:7.2f} s  ({min(subj):.2f})"
    )
    ratio = subj_s / base_s
    print(f"  time ratio = subject / baseline = {ratio:.2f}   {verdict(ratio, TIME_TARGET)}")
    print(
        f"  part of it, informational: Evidence.from_log(log, actors=...)              "
        f"{evid_s:7.2f} s  ({min(evid):.2f})   ratio = {evid_s / base_s:.2f}; "
        f"scoring ~ {max(subj_s - evid_s, 0.0):.2f} s"
    )
    print(
        f"  (polars used {pl.thread_pool_size()} threads on {os.cpu_count()} CPUs; "
        f"the subject up to {evidence_blocks.THREADS} threads, one per block of "
        f"{evidence_blocks.BLOCK_ROWS:,} events)"
    )


def report_memory(case: Case, peak: int, rss: dict[str, Any] | str) -> None:
    own = case.log_bytes
    log = case.log
    print("memory (peak bytes allocated while assessing; the log exists before and does not count)")
    print(
        f"  log arrays = {own / MB:,.1f} MB: nbytes of the six columns "
        f"({(own - log.actors.nbytes - log.channels.nbytes) / MB:,.1f} MB) and the two "
        f"vocabularies ({(log.actors.nbytes + log.channels.nbytes) / MB:,.1f} MB)"
    )
    ratio = peak / own
    print(
        f"  subject peak (tracemalloc)   {peak / MB:9,.1f} MB   memory ratio = {ratio:.2f}   "
        f"{verdict(ratio, MEMORY_TARGET)}"
    )
    if isinstance(rss, str):
        print(f"  cross-check, RSS growth in a fresh process: {rss}")
    elif "subject" not in rss:
        print(f"  cross-check, RSS growth in a fresh process: {rss['method']}")
    else:
        for name in ("subject", "baseline"):
            print(
                f"  RSS growth in a fresh process, {name:<8} {rss[name] / MB:9,.1f} MB   "
                f"ratio = {rss[name] / own:.2f}   ({rss['method']})"
            )


def profile(case: Case, rows: int = 25) -> None:
    print(f"profile of one assess (cProfile, top {rows} by cumulative time)")
    profiler = cProfile.Profile()
    result = profiler.runcall(subject, case)
    del result
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(rows)
    print("stages: valuecocreation functions by cumulative time (own time in brackets)")
    entries = [
        (key, value)
        for key, value in stats.stats.items()  # type: ignore[attr-defined]
        if "valuecocreation" in key[0]
    ]
    entries.sort(key=lambda item: -item[1][3])
    for (filename, line, name), (_, calls, own, cumulative, _) in entries[:rows]:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}"
        print(f"  {cumulative:8.2f} s  ({own:6.2f})  {calls:>6} x  {name:<28} {where}")
    print("what Evidence.from_log calls, by cumulative time")
    stats.sort_stats("cumulative").print_callees(r"from_log")


# ---------------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="default: 10,000,000")
    parser.add_argument("--actors", type=int, default=1_000_000, help="default: 1,000,000")
    parser.add_argument("--seed", type=int, default=SEED, help=f"default: {SEED}")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument(
        "--no-rss", action="store_true", help="skip the resident-set cross-check in a subprocess"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of one assess"
    )
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events < 1 or args.actors < 1 or args.repeats < 1:
        parser.error("--events, --actors and --repeats must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    args = parse_args(argv)
    if args.rss_child:
        rss_child(args)
        return
    print(f"assess: vcc.assess, {args.events:,} events, {args.actors:,} actor ids")
    rss: dict[str, Any] | str = "skipped (--no-rss)"
    if not args.no_rss:
        try:
            rss = measure_rss(args)
        except AssessCrashedError as error:
            print(error)
            sys.exit(1)
    start = time.perf_counter()
    case = make_case(args.events, args.actors, args.seed)
    report_case(case, args.seed, time.perf_counter() - start)

    timed(subject, case)  # warm-ups; the baseline's result is cross-checked
    _, result = timed(baseline, case)
    problems = cross_check(case, result)
    if problems:
        print("CROSS-CHECK FAILED: the baseline and the evidence disagree")
        for problem in problems:
            print(f"  {problem}")
        sys.exit(1)
    print(
        "  cross-check PASS: counts and distinct counts equal, weights within "
        f"{WEIGHT_TOLERANCE:g} relative; mapped interactions = "
        f"{int(result['events'].sum()):,}"
    )
    del result

    report_time(measure_time(case, args.repeats))
    report_memory(case, traced_peak(subject, case), rss)
    if args.profile:
        profile(case)


if __name__ == "__main__":
    main()
