"""The command line, run as a user runs it: the real entry point in a subprocess."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import valuecocreation as vcc

# These tests are about other things than declaring the firm; that warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


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
    # The command streams evidence; the checks that need the raw log are not made on it.
    expected = vcc.assess(vcc.Evidence.from_log(vcc.io.read_csv(SAMPLE)))
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
    summary, reliability = survey.stdout.split("\n\n")  # what analysts ask first, then reliability
    assert next(csv.DictReader(summary.splitlines()))["level"] == "driver"
    rows = list(csv.DictReader(reliability.splitlines()))
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


# ---------------------------------------------------------------------- outputs
def test_an_output_never_overwrites_an_input(tmp_path):
    events = tmp_path / "events.csv"
    events.write_bytes(SAMPLE.read_bytes())
    link = tmp_path / "link.csv"
    link.symlink_to(events)
    for target in (events, link):
        # Regression: `assess ok.csv --format csv -o ok.csv` overwrote its input, exit 0.
        done = run("assess", events, "--format", "csv", "-o", target, "--force")
        assert done.returncode == 1
        assert "would overwrite an input" in done.stderr
    assert events.read_bytes() == SAMPLE.read_bytes()


def test_an_existing_output_needs_force_and_is_replaced_whole(tmp_path):
    out = tmp_path / "result.json"
    out.write_text("previous", encoding="utf-8")
    done = run("assess", SAMPLE, "--format", "json", "-o", out, "-q")
    assert (done.returncode, out.read_text("utf-8")) == (1, "previous")
    assert "pass --force" in done.stderr
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("kept", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(elsewhere)
    for target in (out, link):
        done = run("assess", SAMPLE, "--format", "json", "-o", target, "-q", "--force")
        assert done.returncode == 0, done.stderr
        assert vcc.Assessment.from_json(target.read_text("utf-8")).index >= 0
    assert not link.is_symlink()  # the link is replaced, not followed
    assert elsewhere.read_text("utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "elsewhere.json",
        "link.json",
        "result.json",
    ]


def test_two_outputs_naming_one_file_are_refused(tmp_path):
    out = tmp_path / "same.graphml"
    done = run("graph", SAMPLE, "--export", out, "-o", out)
    assert done.returncode == 1
    assert "name the same file" in done.stderr
    assert not out.exists()


def test_an_interrupt_exits_130_with_one_line(monkeypatch, capsys):
    from valuecocreation import cli  # noqa: PLC0415
    from valuecocreation.cli import _assess  # noqa: PLC0415

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(_assess, "run", interrupted)
    assert cli.main(["assess", str(SAMPLE)]) == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "interrupted" in err


@pytest.fixture(scope="module")
def big_events(tmp_path_factory):
    """Enough events that reading, graphing and writing take a moment to interrupt."""
    path = tmp_path_factory.mktemp("interrupt") / "events.csv"
    rows = [
        f"user{i % 5000},user{(i * 7) % 5000},{('like', 'share', 'comment')[i % 3]},"
        f"2024-01-{1 + i % 28:02d}"
        for i in range(60_000)
    ]
    path.write_text("source,target,kind,timestamp\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(delay=st.floats(min_value=0.0, max_value=6.0))
def test_an_interrupt_at_any_moment_leaves_the_previous_export(tmp_path, big_events, delay):
    # Regression: an interrupt while writing a GraphML export left a truncated file
    # where the previous good export was, and ended with a traceback.
    import signal  # noqa: PLC0415
    import time  # noqa: PLC0415

    folder = tmp_path / f"run{time.monotonic_ns()}"
    folder.mkdir()
    export = folder / "graph.graphml"
    export.write_text("previous", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "valuecocreation",
            "-q",
            "graph",
            str(big_events),
            "--export",
            str(export),
            "--force",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=300)
    written = export.read_text("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["graph.graphml"]  # no temporary file
    complete = written.rstrip().endswith("</graphml>")
    if process.returncode == 0:
        assert complete
    else:  # interrupted: by our handler (130), or before the program started (startup)
        assert written == "previous" or complete
    if process.returncode == 130:
        assert "Traceback" not in err
        assert err.count("\n") <= 1


def test_a_device_is_written_to_not_replaced():
    import stat  # noqa: PLC0415

    done = run("demo", "-q", "--format", "csv", "-o", "/dev/null")
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_survey_rejected_rows_are_zero_based_like_every_rejected_file(tmp_path):
    # Regression: survey --rejected wrote 1-based rows, Rejects.rows and the
    # interaction --rejected files are 0-based.
    lines = SURVEY.read_text("utf-8").splitlines()
    broken = lines[2].rsplit(",", 1)[0] + ",99"  # an answer outside the scale
    path = tmp_path / "survey.csv"
    path.write_text("\n".join([lines[0], lines[1], broken, *lines[3:]]) + "\n", encoding="utf-8")
    rejected = tmp_path / "rejected.csv"
    run("survey", path, "--errors", "quarantine", "--rejected", rejected)
    rows = list(csv.DictReader(rejected.read_text("utf-8").splitlines()))
    assert [(row["line"], row["row"]) for row in rows] == [("3", "1")]
