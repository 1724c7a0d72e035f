"""The command line, run as a user runs it: the real entry point in a subprocess."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import valuecocreation as vcc

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "sample_interactions.csv"
SURVEY = vcc.datasets.recordfarm_path("survey.csv")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "valuecocreation", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=300,
    )


def test_version_and_the_console_script():
    done = run("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"valuecocreation {vcc.__version__}")
    script = Path(sys.executable).with_name("valuecocreation")
    if script.exists():  # installed by pip as the project's console script
        again = subprocess.run(
            [str(script), "--version"], capture_output=True, text=True, check=False
        )
        assert again.stdout == done.stdout


def test_demo_assesses_the_bundled_data():
    done = run("demo")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Assessment of kim_choi_2019")
    assert "synthetic" in done.stderr
    assert "composite(participation, reach, likert)" in done.stdout  # events, graph, survey


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_assess_writes_each_format(tmp_path, fmt):
    out = tmp_path / f"result.{fmt}"
    done = run("assess", SAMPLE, "--format", fmt, "-o", out, "--quiet")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    expected = vcc.assess(vcc.io.read_csv(SAMPLE))
    text = out.read_text("utf-8")
    if fmt == "json":
        assert vcc.Assessment.from_json(text) == expected
    elif fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert float(rows[0]["value"]) == expected.index
        assert len(rows) == 17
    else:
        assert text.count("\n") == 19


def test_assess_by_window_and_segment():
    done = run("assess", SAMPLE, "--window", "month", "--by", "channel", "--format", "json")
    assert done.returncode == 0, done.stderr
    series = vcc.AssessmentSeries.from_dict(json.loads(done.stdout))
    assert {item.segment for item in series.items} >= {"facebook", "youtube"}


def test_bad_input_exits_1_naming_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source,target,kind,timestamp\na,b,like,2024-01-01\na,b,telepathy,2024-01-02\n",
        encoding="utf-8",
    )
    done = run("assess", bad)
    assert done.returncode == 1
    assert "bad.csv, line 3, column 'kind', value 'telepathy'" in done.stderr
    missing = run("assess", tmp_path / "nothing.csv")
    assert missing.returncode == 1
    assert "nothing.csv" in missing.stderr


def test_quarantine_writes_the_rejected_rows(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "source,target,kind,timestamp\na,b,like,2024-01-01\na,b,telepathy,"
        "2024-01-02\nc,b,like,yesterday\n",
        encoding="utf-8",
    )
    rejected = tmp_path / "rejected.csv"
    done = run("assess", bad, "--errors", "quarantine", "--rejected", rejected, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "3 rows read: 1 accepted, 2 rejected" in done.stderr
    rows = list(csv.reader(rejected.read_text("utf-8").splitlines()))
    assert [row[0] for row in rows[1:]] == ["3", "4"]  # file lines, header is line 1
    assert rows[1][-4:] == ["a", "b", "telepathy", "2024-01-02"]  # the row, verbatim
    assert vcc.Assessment.from_json(done.stdout).interactions == 1


@pytest.mark.parametrize(
    "args", [(), ("assess",), ("assess", "x.csv", "--format", "xml"), ("fly",)]
)
def test_usage_errors_exit_2(args):
    done = run(*args)
    assert done.returncode == 2
    assert "usage:" in done.stderr


def test_survey_with_windows_is_bad_input():
    done = run("assess", SAMPLE, "--survey", SURVEY, "--window", "month")
    assert done.returncode == 1
    assert "--survey" in done.stderr


def test_funnel_graph_and_survey(tmp_path):
    funnel = run("funnel", SAMPLE, "--format", "json")
    assert funnel.returncode == 0, funnel.stderr
    assert vcc.Funnel.from_json(funnel.stdout) == vcc.Funnel.from_log(vcc.io.read_csv(SAMPLE))
    exported = tmp_path / "graph.graphml"
    graph = run("graph", SAMPLE, "--export", exported, "--format", "json", "--top", "2")
    assert graph.returncode == 0, graph.stderr
    metrics = json.loads(graph.stdout)
    expected = vcc.ValueFlowGraph.from_log(vcc.io.read_csv(SAMPLE))
    assert (metrics["actors"], metrics["edges"]) == (len(expected), expected.n_edges)
    assert len(metrics["advocates"]) == 2
    assert vcc.ValueFlowGraph.read_graphml(exported) == expected
    survey = run("survey", SURVEY, "--format", "csv")
    assert survey.returncode == 0, survey.stderr
    rows = list(csv.DictReader(survey.stdout.splitlines()))
    assert [row["construct"] for row in rows] == list(vcc.KIM_CHOI_2019.condition_keys)
    table = run("survey", SURVEY)
    assert "awareness" in table.stdout


def test_a_survey_row_one_field_short_is_rejected_like_an_event_row(tmp_path):
    """One bad-row rule and one rejected-rows file for events and survey answers."""
    lines = SURVEY.read_text("utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0]  # line 3 loses its last answer
    survey = tmp_path / "survey.csv"
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("survey", survey).returncode == 1
    rejected = tmp_path / "rejected.csv"
    done = run("survey", survey, "--errors", "quarantine", "--rejected", rejected)
    assert done.returncode == 0, done.stderr
    total = len(lines) - 1
    assert f"{total} rows read: {total - 1} accepted, 1 rejected" in done.stderr
    rows = list(csv.reader(rejected.read_text("utf-8").splitlines()))
    assert rows[0][:4] == ["line", "row", "column", "reason"]
    assert rows[1][:3] == ["3", "1", "(number of fields)"]  # rows count from 0, as for events
    assert rows[1][4:] == lines[2].split(",")
