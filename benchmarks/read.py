"""Benchmark: a 10-million-row CSV file to an assessment, whole and chunk by chunk.

The requirement (from the project's issue): read a CSV file of 10 million rows
(about 800 MB) to an assessment; print the time as a ratio against
``pyarrow.csv.read_csv`` plus dictionary-encoding of the id columns of the same
file, in the same run (target <= 1.5); and the peak memory in chunked mode for
that file and for one ten times smaller (target: within 20% of each other).

Run it from the repository root, with pyarrow installed::

    python benchmarks/read.py                  # 10M rows, 1M actors, about 700 MB
    python benchmarks/read.py --rows 200000    # a quick check

What is measured
----------------
* Data: the columns of ``benchmarks/log_build.py`` (same generator and seed),
  written to a temporary directory (deleted afterwards) with ``pyarrow.csv``:
  ``source,target,kind,timestamp,channel,weight``, ids like ``user_0123456``,
  timestamps as ISO 8601 text with ``Z`` (``2014-03-05T10:11:12Z``), about 2% of
  channels empty, weights with three decimals. The most popular target is the
  firm (``actors={firm: "firm"}``).
* Baseline: ``pyarrow.csv.read_csv(path)`` with its default options (it infers
  the types, so it parses the timestamps and weights in C++ on all cores),
  followed by ``pyarrow.compute.dictionary_encode`` of ``source`` and ``target``.
* Subject: ``vcc.assess(vcc.io.read_csv(path), actors=...)``: read every field as
  text, validate every row (ids, kinds through the alias table, timestamps,
  weights), build the log, compute the evidence and score it.
* Time: one warm-up of each (it also puts the file in the page cache), then
  ``--repeats`` interleaved runs; the ratio is of the medians. ``read_csv``
  alone, and the chunked pipeline (``iter_csv(..., as_="evidence")`` merged, then
  ``assess``), are timed in the same rounds for information.
* Cross-check: the chunked pipeline's assessment must equal the whole file's,
  and the log must hold every row; otherwise the script exits 1.
* Memory: the growth of the resident set (``VmHWM - VmRSS`` after resetting the
  high-water mark) of the chunked pipeline in a fresh process, for the file and
  for one ten times smaller (same generator, same seed and number of actors, so
  that only the number of rows differs); the target is on their ratio. Arrow
  allocates outside tracemalloc's view, so the resident set is the measure.

The machine's load average is printed before and after: timings are comparable
only on a quiet machine. It is not a test and does not run in CI.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from _versions import versions_line  # the benchmarks dir is not a package

import valuecocreation as vcc
from valuecocreation.evidence import Evidence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from log_build import (  # the benchmarks dir is not a package
    SEED,
    _status_bytes,
    make_data,
    run_rss_child,
    timed,
    verdict,
)

TIME_TARGET = 1.5
MEMORY_TARGET = 1.2  # the larger file's peak within 20% of the smaller one's
CHUNK_ROWS = 250_000  # the smaller file too is read in several chunks
MB = 1e6
_FILE = "VCC_READ_BENCHMARK_FILE"  # tells the fresh process which file to read


class ReadCrashedError(RuntimeError):
    """Reading killed its (fresh) process, by a signal such as SIGSEGV."""


# ---------------------------------------------------------------------- data
def write_file(path: Path, rows: int, actors: int, seed: int) -> str:
    """Write the benchmark's CSV file; return the firm's id (the most popular target)."""
    columns = make_data(rows, actors, seed).columns
    seconds = columns["timestamp"].astype("datetime64[s]")
    stamps = pc.utf8_replace_slice(  # "2014-03-05 10:11:12" -> "2014-03-05T10:11:12Z"
        pc.strftime(pa.array(seconds), format="%Y-%m-%d %H:%M:%S"), 10, 11, "T"
    )
    table = pa.table(
        {
            "source": pa.array(columns["source"], type=pa.string()),
            "target": pa.array(columns["target"], type=pa.string()),
            "kind": pa.array(columns["kind"], type=pa.string()),
            "timestamp": pc.binary_join_element_wise(stamps, "Z", ""),
            "channel": pc.fill_null(pa.array(columns["channel"], type=pa.string()), ""),
            "weight": pc.cast(pa.array(np.round(columns["weight"], 3)), pa.string()),
        }
    )
    pa_csv.write_csv(table, path, write_options=pa_csv.WriteOptions(quoting_style="none"))
    targets, counts = np.unique(columns["target"].astype(str), return_counts=True)
    return str(targets[np.argmax(counts)])


# ---------------------------------------------------------------------- the sides
def baseline(path: Path) -> Any:
    table = pa_csv.read_csv(path)
    return table, pc.dictionary_encode(table["source"]), pc.dictionary_encode(table["target"])


def subject(path: Path, actors: dict[str, str]) -> vcc.Assessment:
    return vcc.assess(vcc.io.read_csv(path), actors=actors)


def chunked(path: Path, actors: dict[str, str], chunk_rows: int = CHUNK_ROWS) -> vcc.Assessment:
    """Chunk by chunk: evidence per chunk, merged as it comes, then assessed."""
    chunks = vcc.io.iter_csv(path, chunk_rows=chunk_rows, as_="evidence", actors=actors)
    return vcc.assess(Evidence.merge_stream(chunks))


def measure_time(
    path: Path, actors: dict[str, str], repeats: int, chunk_rows: int
) -> dict[str, list[float]]:
    sides = {
        "baseline": baseline,
        "subject": lambda p: subject(p, actors),
        "read_csv": vcc.io.read_csv,
        "chunked": lambda p: chunked(p, actors, chunk_rows),
    }
    for side in sides.values():  # warm-up
        timed(side, path)
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeats):
        for name, side in sides.items():
            seconds, result = timed(side, path)
            times[name].append(seconds)
            del result
    return times


def cross_check(path: Path, actors: dict[str, str], rows: int, chunk_rows: int) -> list[str]:
    problems = []
    log = vcc.io.read_csv(path)
    if len(log) != rows:
        problems.append(f"the log has {len(log):,} events for {rows:,} rows")
    whole = vcc.assess(log, actors=actors)
    del log
    if chunked(path, actors, chunk_rows).to_dict() != whole.to_dict():
        problems.append("the chunked assessment differs from the whole file's")
    return problems


# ---------------------------------------------------------------------- memory
def read_chunks(path: Path, actors: dict[str, str], chunk_rows: int) -> int:
    """Chunk by chunk to evidence, each chunk's evidence dropped: the reader's own memory."""
    chunks = vcc.io.iter_csv(path, chunk_rows=chunk_rows, as_="evidence", actors=actors)
    for evidence in chunks:
        del evidence
    return chunks.rows_read


def rss_child(args: argparse.Namespace) -> None:
    """In a fresh process: RSS growth of chunked reading, then of the whole pipeline."""
    path = Path(os.environ[_FILE])
    firm = os.environ[_FILE + "_FIRM"]
    with path.open(encoding="utf-8") as stream, tempfile.TemporaryDirectory() as folder:
        head = Path(folder, "head.csv")  # the first rows: loads the lazy code paths
        head.write_text(
            "".join(line for _, line in zip(range(2_000), stream, strict=False)), encoding="utf-8"
        )
        chunked(head, {firm: "firm"}, chunk_rows=500)
    gc.collect()
    status = Path("/proc/self/status")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        print(json.dumps({"method": "unavailable (no /proc/self/clear_refs)"}))
        return
    mode = os.environ[_FILE + "_MODE"]
    before = _status_bytes(status, "VmRSS")
    evidence_bytes = None
    if mode == "read":
        read_chunks(path, {firm: "firm"}, args.chunk_rows)
    else:
        chunks = vcc.io.iter_csv(
            path, chunk_rows=args.chunk_rows, as_="evidence", actors={firm: "firm"}
        )
        evidence = Evidence.merge_stream(chunks)
        vcc.assess(evidence)
        evidence_bytes = evidence.nbytes
    print(
        json.dumps(
            {
                "growth": _status_bytes(status, "VmHWM") - before,
                "evidence": evidence_bytes,
                "method": "VmHWM - VmRSS after clear_refs",
            }
        )
    )


def measure_rss(path: Path, firm: str, args: argparse.Namespace) -> dict[str, Any] | str:
    """RSS growth of chunked reading and of the whole pipeline, each in a fresh process."""
    os.environ[_FILE], os.environ[_FILE + "_FIRM"] = str(path), firm
    child = argparse.Namespace(events=args.chunk_rows, actors=args.actors, seed=args.seed)
    found: dict[str, Any] = {}
    for mode, key in (("read", "read"), ("pipeline", "growth")):
        os.environ[_FILE + "_MODE"] = mode
        measured = run_rss_child(Path(__file__), child, ReadCrashedError, "chunked reading")
        if isinstance(measured, str) or "growth" not in measured:
            return str(measured)
        found[key], found["method"] = measured["growth"], measured["method"]
        if mode == "pipeline":
            found["evidence"] = measured["evidence"]
    return found


# ---------------------------------------------------------------------- report
def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def report_time(times: dict[str, list[float]]) -> None:
    median = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"time (median of {len(times['baseline'])} interleaved runs after one warm-up; "
        "min in brackets)"
    )
    labels = {
        "baseline": "baseline  pyarrow.csv.read_csv + dictionary_encode(source, target)",
        "subject": "subject   vcc.assess(vcc.io.read_csv(path), actors=...)         ",
        "read_csv": "  of which vcc.io.read_csv(path) alone                          ",
        "chunked": "chunked   iter_csv(as_='evidence') merged, then assess          ",
    }
    for name, label in labels.items():
        print(f"  {label} {median[name]:7.2f} s  ({min(times[name]):.2f})")
    ratio = median["subject"] / median["baseline"]
    print(f"  time ratio = subject / baseline = {ratio:.2f}   {verdict(ratio, TIME_TARGET)}")
    print(
        f"  (read_csv alone / baseline = {median['read_csv'] / median['baseline']:.2f}; "
        f"chunked / baseline = {median['chunked'] / median['baseline']:.2f})"
    )


def report_memory(
    rows: int,
    small_rows: int,
    rss: dict[str, Any] | str,
    small_rss: dict[str, Any] | str,
    chunk_rows: int,
) -> None:
    print(
        "memory (resident-set growth in a fresh process, VmHWM - VmRSS after clear_refs; "
        f"chunk_rows={chunk_rows:,})"
    )
    if (
        isinstance(rss, str)
        or isinstance(small_rss, str)
        or "growth" not in rss
        or "growth" not in small_rss
    ):
        print(f"  unavailable: {rss} / {small_rss}")
        return
    print(f"  {'':42s} {rows:>12,} rows {small_rows:>12,} rows   ratio")
    for key, label in (
        ("read", "chunked reading, each chunk to evidence"),
        ("growth", "the pipeline: evidence merged, assessed"),
    ):
        ratio = rss[key] / small_rss[key]
        print(
            f"  {label:42s} {rss[key] / MB:9,.1f} MB {small_rss[key] / MB:9,.1f} MB   {ratio:.2f}"
        )
    ratio = rss["read"] / small_rss["read"]
    print(f"  memory ratio of chunked reading = {ratio:.2f}   {verdict(ratio, MEMORY_TARGET)}")
    # The pipeline's budget: what it must hold in the end (the merged evidence, which
    # grows with the file's distinct facts, not its rows) and two chunks in flight
    # (chunked reading's own growth, one chunk read and turned into evidence).
    for what, found, n in (("", rss, rows), ("smaller file: ", small_rss, small_rows)):
        budget = found["evidence"] + 2 * found["read"]
        share = found["growth"] / budget
        print(
            f"  {what}pipeline {found['growth'] / MB:,.1f} MB against final evidence "
            f"{found['evidence'] / MB:,.1f} MB + two chunks {2 * found['read'] / MB:,.1f} MB "
            f"= {budget / MB:,.1f} MB ({n:,} rows): ratio {share:.2f}   {verdict(share, 1.0)}"
        )


# ---------------------------------------------------------------------- main
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="default: 10,000,000")
    parser.add_argument("--actors", type=int, default=1_000_000, help="default: 1,000,000")
    parser.add_argument("--seed", type=int, default=SEED, help=f"default: {SEED}")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument(
        "--chunk-rows",
        type=int,
        default=CHUNK_ROWS,
        help=f"rows per chunk in chunked mode (default {CHUNK_ROWS:,})",
    )
    parser.add_argument(
        "--no-rss", action="store_true", help="skip the memory measurement in fresh processes"
    )
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    # The fresh process is started by log_build.run_rss_child with these names.
    parser.add_argument("--events", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.events is not None:
        args.chunk_rows = args.events
    if min(args.rows, args.actors, args.repeats, args.chunk_rows) < 1:
        parser.error("--rows, --actors, --repeats and --chunk-rows must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    print(versions_line())  # numpy, pandas, polars, pyarrow, scipy, dask
    args = parse_args(argv)
    if args.rss_child:
        rss_child(args)
        return
    print(f"read: CSV file to assessment, {args.rows:,} rows, {args.actors:,} actor ids")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pyarrow {pa.__version__}, "
        f"valuecocreation {vcc.__version__}, {platform.machine()}; {load()}"
    )
    with tempfile.TemporaryDirectory(prefix="vcc-read-") as folder:
        path = Path(folder, "events.csv")
        small_path = Path(folder, "events-small.csv")
        start = time.perf_counter()
        firm = write_file(path, args.rows, args.actors, args.seed)
        small_rows = max(args.rows // 10, 1)
        small_firm = write_file(small_path, small_rows, args.actors, args.seed)
        print(
            f"data: {path.stat().st_size / MB:,.0f} MB ({args.rows:,} rows) and "
            f"{small_path.stat().st_size / MB:,.0f} MB ({small_rows:,} rows), written in "
            f"{time.perf_counter() - start:.0f} s; firm: {firm}"
        )
        actors = {firm: "firm"}
        problems = cross_check(path, actors, args.rows, args.chunk_rows)
        if problems:
            print("cross-check FAILED:\n  " + "\n  ".join(problems))
            sys.exit(1)
        print("cross-check: every row read; the chunked assessment equals the whole file's")
        rss: dict[str, Any] | str = "skipped (--no-rss)"
        small_rss: dict[str, Any] | str = "skipped (--no-rss)"
        if not args.no_rss:
            try:
                rss = measure_rss(path, firm, args)
                small_rss = measure_rss(small_path, small_firm, args)
            except ReadCrashedError as error:
                print(error)
                sys.exit(1)
        times = measure_time(path, actors, args.repeats, args.chunk_rows)
    report_time(times)
    report_memory(args.rows, small_rows, rss, small_rss, args.chunk_rows)
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
