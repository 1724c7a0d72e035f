"""The simulate command, run as a user runs it: cascade, seeds and bass."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from valuecocreation.simulate import BassFit, Cascade, SeedSelection, bass_cumulative

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "sample_interactions.csv"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "valuecocreation", "simulate", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_cascade_json_is_a_cascade_and_matches_python(tmp_path):
    out = tmp_path / "cascade.json"
    done = run(
        "cascade",
        SAMPLE,
        "--seeds",
        "musician_03",
        "--runs",
        "100",
        "--seed",
        "3",
        "--format",
        "json",
        "-o",
        out,
    )
    assert done.returncode == 0, done.stderr
    cascade = Cascade.from_json(out.read_text(encoding="utf-8"))
    assert cascade.seeds == ("musician_03",)
    assert cascade.runs == 100
    table = run("cascade", SAMPLE, "--seeds", "musician_03", "--runs", "100", "--seed", "3")
    assert f"{cascade.mean:,.1f} of {cascade.n_actors:,} actors" in table.stdout


def test_seeds_lists_the_choice_and_the_baselines():
    done = run("seeds", SAMPLE, "-k", "2", "--runs", "50", "--seed", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    selection = SeedSelection.from_json(done.stdout)
    assert len(selection.seeds) == 2
    assert [item.strategy for item in selection.spreads] == ["celf", "degree", "random"]
    table = run(
        "seeds",
        SAMPLE,
        "-k",
        "2",
        "--runs",
        "50",
        "--seed",
        "1",
        "--model",
        "lt",
        "--probability",
        "weighted",
    )
    assert "by CELF (linear_threshold" in table.stdout


def test_bass_fits_a_series_file(tmp_path):
    t = np.arange(1, 21)
    x = np.diff(np.concatenate([[0.0], 4000 * bass_cumulative(0.02, 0.4, t)]))
    series = tmp_path / "series.csv"
    series.write_text(
        "month,new\n" + "".join(f"{a},{b!r}\n" for a, b in zip(t, x.tolist(), strict=True)),
        encoding="utf-8",
    )
    done = run(
        "bass",
        series,
        "--time",
        "month",
        "--adopters",
        "new",
        "--bootstrap",
        "0",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    fit = BassFit.from_json(done.stdout)
    assert fit.m == pytest.approx(4000, rel=1e-4)
    assert json.loads(done.stdout)["kind"] == "bass_fit"


def test_bad_input_names_file_line_and_column(tmp_path):
    series = tmp_path / "bad.csv"
    series.write_text("t,adopters\n1,5\n2,lots\n", encoding="utf-8")
    done = run("bass", series)
    assert done.returncode == 1
    assert "line 3, column 'adopters'" in done.stderr
    missing = run("bass", series, "--time", "month")
    assert missing.returncode == 1
    assert "no column 'month'" in missing.stderr
    unknown = run("cascade", SAMPLE, "--seeds", "nobody", "--runs", "5")
    assert unknown.returncode == 1
    assert "nobody" in unknown.stderr
    assert run("cascade", SAMPLE, "--runs", "5").returncode == 2  # --seeds is required
    assert run("cascade", SAMPLE, "--seeds", "x", "--probability", "high").returncode == 1
