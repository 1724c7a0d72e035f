"""Benchmark: hostile CSV files end in bounded time and memory, in fresh processes.

The requirement (from the project's reliability issue):

* the *race file* (a header, then ``a`` on every line, 5 MB: each record has one
  field where the header has four) read with the pyarrow engine ends, in both
  error modes and on the command line, every time (no hang), and in raise mode
  in under 2 s;
* reading a whole file peaks under 3x its size plus 200 MB, whatever it holds:
  10 MB and 100 MB of blank lines, 20 MB of ``,,,`` rows, one huge line.

Run it from the repository root, with pyarrow installed::

    python benchmarks/hostile.py                    # 100 runs of each race case
    python benchmarks/hostile.py --runs 5 --no-big  # a quick check
    python benchmarks/hostile.py --quarantine-runs 5  # quarantine keeps 2.6M rows

Each run is a fresh interpreter (``subprocess``), so a thread left behind would
show as a run that does not exit (the timeout, 60 s, counts it as a hang). Times
are wall-clock seconds of the whole process, imports included, and, as the
baseline measured in the same run, of a process that only imports the package
and pyarrow: the ratio says what the reading itself adds. Peak memory is the
child's high-water mark of its resident set (``VmHWM`` of ``/proc/self/status``,
Linux; ``ru_maxrss`` would carry the parent's over from before ``exec``),
against the limit and against the same process reading a plain file of the
same size, the baseline. It is not a test and does not run
in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1 << 20
TIMEOUT = 300.0  # a hang, not a slow run: quarantine keeps 2.6M rows on a busy machine

_READ = """
import sys, time
import valuecocreation as vcc
start = time.perf_counter()
try:
    result = vcc.io.read_csv(sys.argv[1], errors=sys.argv[2], engine=sys.argv[3])
    outcome = repr(result)
except vcc.ValidationError as error:
    outcome = "ValidationError: " + str(error)[:80]
seconds = time.perf_counter() - start
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) * 1024  # after exec, unlike ru_maxrss (kept across fork+exec)
print(repr((outcome, seconds, peak)))
"""

_IMPORT = "import valuecocreation, pyarrow.csv"


def _write(path: Path, header: str, line: str, size: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        block = line * max(1, (1 << 20) // max(len(line), 1))
        written = len(header)
        while written < size:
            piece = block[: size - written]
            handle.write(piece)
            written += len(piece)
    return path


def _huge_line(path: Path, size: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("source,target,kind,timestamp\n")
        handle.write("a" * size)
        handle.write(",b,like,2024-01-01\n")
    return path


def _timed(command: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return TIMEOUT, -9, "timeout"
    return time.perf_counter() - start, done.returncode, (done.stdout + done.stderr)[-300:]


def race(folder: Path, runs: int, quarantine_runs: int) -> int:
    """Run the race file ``runs`` times in each mode, in the library and on the command line."""
    path = _write(folder / "race.csv", "source,target,kind,timestamp\n", "a\n", 5 * MB)
    python = sys.executable
    baseline = [_timed([python, "-c", _IMPORT])[0] for _ in range(min(runs, 5))]
    base = statistics.median(baseline)
    print(f"baseline: a process importing valuecocreation and pyarrow, median {base:.2f} s")
    cases = {
        "read_csv raise": [python, "-c", _READ, str(path), "raise", "pyarrow"],
        "read_csv quarantine": [python, "-c", _READ, str(path), "quarantine", "pyarrow"],
        "cli assess --errors raise": [python, "-m", "valuecocreation", "-q", "assess", str(path)],
        "cli assess --errors quarantine": [
            python,
            "-m",
            "valuecocreation",
            "-q",
            "assess",
            str(path),
            "--errors",
            "quarantine",
            "--format",
            "json",
        ],
        "cli graph --errors quarantine": [
            python,
            "-m",
            "valuecocreation",
            "-q",
            "graph",
            str(path),
            "--errors",
            "quarantine",
        ],
        "cli funnel --errors quarantine": [
            python,
            "-m",
            "valuecocreation",
            "-q",
            "funnel",
            str(path),
            "--errors",
            "quarantine",
        ],
    }
    failures = 0
    for name, command in cases.items():
        times, hangs, codes = [], 0, set()
        count = quarantine_runs if "quarantine" in name else runs
        for _ in range(count):
            seconds, code, output = _timed(command)
            times.append(seconds)
            codes.add(code)
            if code == -9:
                hangs += 1
            elif code not in (0, 1):
                print(f"  {name}: exit {code}: {output}")
                failures += 1
        failures += hangs
        print(
            f"{name:32} runs={count} hangs={hangs} exit codes={sorted(codes)} "
            f"median={statistics.median(times):.2f} s max={max(times):.2f} s "
            f"ratio to baseline (median)={statistics.median(times) / base:.2f}"
        )
    return failures


def memory(folder: Path, big: bool) -> int:
    """Peak memory of whole-file reading for hostile content, against 3x size + 200 MB."""
    cases = {
        "blank lines, 10 MB": _write(
            folder / "blank10.csv", "source,target,kind,timestamp\n", "\n", 10 * MB
        ),
        ",,, rows, 20 MB": _write(
            folder / "commas.csv", "source,target,kind,timestamp\n", ",,,\n", 20 * MB
        ),
        "one huge line, 100 MB": _huge_line(folder / "huge.csv", 100 * MB),
    }
    if big:
        cases["blank lines, 100 MB"] = _write(
            folder / "blank100.csv", "source,target,kind,timestamp\n", "\n", 100 * MB
        )
    plain = _write(
        folder / "plain.csv",
        "source,target,kind,timestamp\n",
        "ana,shop,like,2024-01-01\n",
        10 * MB,
    )
    failures = 0
    for engine in ("pyarrow", "python"):
        _, _, base_peak = _peak(plain, engine)
        print(f"baseline ({engine}): a plain 10 MB file peaks at {base_peak / MB:,.0f} MB")
        for name, path in cases.items():
            size = path.stat().st_size
            limit = 3 * size + 200 * MB
            start = time.perf_counter()
            outcome, _, peak = _peak(path, engine)
            wall = time.perf_counter() - start
            ok = peak < limit
            failures += not ok
            print(
                f"  {engine:7} {name:22} peak={peak / MB:7,.0f} MB limit={limit / MB:6,.0f} MB "
                f"ratio to limit={peak / limit:.2f} ratio to baseline={peak / base_peak:.2f} "
                f"{'ok' if ok else 'OVER'} ({wall:.1f} s; {outcome[:60]})"
            )
    return failures


def _peak(path: Path, engine: str) -> tuple[str, float, int]:
    command = [sys.executable, "-c", _READ, str(path), "quarantine", engine]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    except subprocess.TimeoutExpired:
        return "timeout", 600.0, 0
    outcome, seconds, peak = eval(done.stdout.strip().splitlines()[-1])
    return str(outcome), float(seconds), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="runs of each raise-mode case")
    parser.add_argument(
        "--quarantine-runs", type=int, default=100, help="runs of each quarantine case"
    )
    parser.add_argument("--no-big", action="store_true", help="skip the 100 MB blank-line file")
    parser.add_argument("--only", choices=("race", "memory"))
    args = parser.parse_args()
    import pyarrow  # noqa: PLC0415

    import valuecocreation  # noqa: PLC0415

    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "valuecocreation": valuecocreation.__version__,
                "pyarrow": pyarrow.__version__,
                "cpus": os.cpu_count(),
                "load": os.getloadavg(),
            }
        )
    )
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "race"):
            failures += race(Path(folder), args.runs, args.quarantine_runs)
        if args.only in (None, "memory"):
            failures += memory(Path(folder), not args.no_big)
    print(f"load after: {os.getloadavg()}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
