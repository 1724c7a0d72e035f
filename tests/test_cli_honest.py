"""The command line explains itself: legends, labels, findings, next steps, honest exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.test_cli import SAMPLE, run

import valuecocreation as vcc
from valuecocreation.cli import _legend as legend

# The in-process assessments here compare with the command's; the warning has its own test.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text("source,target,kind,timestamp\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_assess_table_ends_with_the_legend_and_a_next_step():
    done = run("assess", SAMPLE)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\n".join(legend.ASSESSMENT) in out
    assert out.rstrip().endswith(legend.NEXT_ASSESS)
    assert "valuecocreation diagnose" in out
    assert "explanation/trust" in out


def test_windows_and_segments_are_labelled():
    done = run("assess", SAMPLE, "--window", "quarter", "--by", "channel")
    assert done.returncode == 0, done.stderr
    labels = [line for line in done.stdout.splitlines() if line.startswith("== window ")]
    series = vcc.assess_over(vcc.io.read_csv(SAMPLE), period="quarter", segment_by="channel")
    assert labels == [
        f"== window {item.window}, segment {item.segment} ==" for item in series.items
    ]
    assert done.stdout.count("legend:") == 1


def test_nothing_accepted_exits_1(tmp_path):
    bad = _write(tmp_path / "bad.csv", ["a,b,telepathy,2024-01-02", "a,b,like,yesterday"])
    for command in ("assess", "funnel", "graph", "diagnose"):
        done = run(command, bad, "--errors", "quarantine")
        assert done.returncode == 1, (command, done.stdout)
        assert "no row was accepted: all 2 rows were rejected" in done.stderr
        assert done.stdout == ""


def test_diagnose_prints_ranked_findings_and_round_trips(tmp_path):
    table = run("diagnose", SAMPLE)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("Diagnosis of kim_choi_2019 1.0")
    assert "[weakest_condition]" in table.stdout
    assert "\n".join(legend.DIAGNOSIS) in table.stdout
    assert legend.NEXT_DIAGNOSE in table.stdout
    out = tmp_path / "diagnosis.json"
    saved = run("diagnose", SAMPLE, "--window", "month", "--format", "json", "-o", out)
    assert saved.returncode == 0, saved.stderr
    diagnosis = vcc.diagnostics.Diagnosis.from_json(out.read_text("utf-8"))
    log = vcc.io.read_csv(SAMPLE)
    graph = vcc.ValueFlowGraph.from_log(log)
    expected = vcc.diagnostics.diagnose(
        vcc.assess(log, graph=graph),
        series=vcc.assess_over(log, period="month"),
        funnel=vcc.Funnel.from_log(log),
        graph=graph,
    )
    assert diagnosis == expected
    markdown = run("diagnose", SAMPLE, "--format", "md")
    assert markdown.stdout.startswith("## Diagnosis of")


def test_graph_without_a_firm_says_reach_is_undefined(tmp_path):
    log = _write(tmp_path / "chat.csv", ["a,b,message,2024-01-02", "b,a,message,2024-01-03"])
    done = run("graph", log)
    assert done.returncode == 0, done.stderr
    assert "reach (1 hop of the firm)    n/a: no firm declared" in done.stdout
    assert "0.0%" not in done.stdout.split("reciprocity")[0]
    assert "none: no share interaction in the data" in done.stdout
    assert "severe [no_firm] reach" in done.stdout
    data = json.loads(run("graph", log, "--format", "json").stdout)
    assert data["reach"]["share"] is None
    assert data["reach"]["findings"][0]["code"] == "no_firm"


def test_funnel_marks_unobservable_stages(tmp_path):
    log = _write(tmp_path / "views.csv", [f"u{i},rf,view,2024-01-0{i + 1}" for i in range(3)])
    done = run("funnel", log)
    assert done.returncode == 0, done.stderr
    assert "(not observable)" in done.stdout
    assert "1.00  -  (not observable)" not in done.stdout
    assert "[stage_unobservable]" in done.stdout
    assert "\n".join(legend.FUNNEL) in done.stdout


@pytest.mark.parametrize("words", [legend.ASSESSMENT, legend.FUNNEL, legend.DIAGNOSIS])
def test_the_legend_is_in_the_reference(words):
    reference = (DOCS / "reference" / "cli.md").read_text("utf-8")
    for line in words[1:]:
        assert line.strip() in reference
