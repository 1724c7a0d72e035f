"""Writers: JSON reads back, tidy CSV has one row per score, Markdown the same rows."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.io._writers import (
    ASSESSMENT_COLUMNS,
    FUNNEL_COLUMNS,
    render,
    tidy_rows,
    write_result,
)
from valuecocreation.measurement import ReliabilityReport, reliability_report
from valuecocreation.testing import sample_log

# These tests are about other things than declaring the firm; that warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


FIRM = {"firm": "firm"}


def report() -> ReliabilityReport:
    rng = np.random.default_rng(7)
    latent = rng.normal(size=(300, 2))
    data = np.column_stack([latent[:, i // 3] + rng.normal(scale=0.6, size=300) for i in range(6)])
    items = [f"q{i}" for i in range(6)]
    return reliability_report(data, {"a": items[:3], "b": items[3:]}, items=items)


def results():
    log = sample_log()
    return [
        vcc.assess(log, actors=FIRM),
        vcc.assess_over(log, period="week", actors=FIRM),
        vcc.Funnel.from_log(log, actors=FIRM, cohort="week"),
        report(),
    ]


@pytest.mark.parametrize("result", results(), ids=lambda r: type(r).__name__)
def test_csv_has_every_tidy_row_in_full_precision(result):
    rows = tidy_rows(result)
    parsed = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert len(parsed) == len(rows)
    for mine, theirs in zip(rows, parsed, strict=True):
        assert list(theirs) == list(mine)
        for key, value in mine.items():
            if isinstance(value, float):
                assert (math.isnan(value) and theirs[key] == "nan") or float(theirs[key]) == value
            else:
                assert theirs[key] == str(value)


@pytest.mark.parametrize("result", results(), ids=lambda r: type(r).__name__)
def test_markdown_is_a_table_of_the_same_rows(result):
    lines = render(result, "md").splitlines()
    assert len(lines) == len(tidy_rows(result)) + 2
    assert {line.count("|") for line in lines} == {len(lines[0].split("|")) - 1}


def test_assessment_rows_hold_every_condition_driver_and_the_index():
    result = vcc.assess(sample_log(), actors=FIRM)
    rows = tidy_rows(result)
    assert set(rows[0]) == set(ASSESSMENT_COLUMNS)
    by_level = {
        level: [r for r in rows if r["level"] == level]
        for level in ("index", "driver", "condition")
    }
    assert len(by_level["condition"]) == 12
    assert len(by_level["driver"]) == 4
    assert by_level["index"][0]["value"] == result.index
    reward = next(r for r in rows if r["condition"] == "reward")
    assert (reward["driver"], reward["value"]) == ("share", result.condition("reward").value)


def test_funnel_rows_per_cohort_and_stage():
    funnel = vcc.Funnel.from_log(sample_log(), actors=FIRM, cohort="week")
    rows = tidy_rows(funnel)
    assert set(rows[0]) == set(FUNNEL_COLUMNS)
    assert len(rows) == (1 + len(funnel.cohorts)) * len(funnel.stages)
    total = [r for r in rows if r["cohort"] == funnel.total.cohort]
    assert [r["reached"] for r in total] == list(funnel.total.reached)


def test_json_reads_back(tmp_path):
    log = sample_log()
    assessment = vcc.assess(log, actors=FIRM)
    assert (
        vcc.Assessment.from_json(write_result(assessment, tmp_path / "a.json").read_text("utf-8"))
        == assessment
    )
    funnel = vcc.Funnel.from_log(log, actors=FIRM)
    assert (
        vcc.Funnel.from_json(write_result(funnel, tmp_path / "f.json").read_text("utf-8")) == funnel
    )
    rel = report()
    assert (
        ReliabilityReport.from_json(write_result(rel, tmp_path / "r.json").read_text("utf-8"))
        == rel
    )
    graph = vcc.ValueFlowGraph.from_log(log, actors=FIRM)
    data = json.loads(write_result(graph, tmp_path / "g.json").read_text("utf-8"))
    assert vcc.ValueFlowGraph.from_node_link(data) == graph
    assert vcc.ValueFlowGraph.read_graphml(write_result(graph, tmp_path / "g.graphml")) == graph


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda p: write_result(vcc.assess(sample_log()), p / "out.xlsx"),
            "cannot tell the format",
        ),
        (
            lambda p: write_result(vcc.assess(sample_log()), p / "out.graphml"),
            "only a ValueFlowGraph",
        ),
        (lambda p: render(vcc.ValueFlowGraph.from_log(sample_log()), "csv"), "no tidy form"),
        (lambda p: render(vcc.assess(sample_log()), "html"), "unknown format"),
        (lambda p: render(object(), "json"), "cannot write"),
    ],
)
def test_bad_requests_are_validation_errors(tmp_path, call, message):
    with pytest.raises(ValidationError, match=message):
        call(tmp_path)


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://x","y")', "@SUM(A1)", "=1+1", "+1", "-2", "\tx"]
)
def test_text_from_the_data_cannot_run_as_a_formula(hostile: str) -> None:
    # Regression: segment values (channel names here) were written unescaped.
    log = vcc.InteractionLog.from_columns(
        source=["ana", "ben"],
        target=["firm", "firm"],
        kind=["like", "share"],
        timestamp=["2024-01-01", "2024-01-02"],
        channel=[hostile, "shop<b>|"],
    )
    series = vcc.assess_over(
        vcc.Evidence.from_log(log, actors={"firm": "firm"}, segment_by="channel"),
        period=None,
        segment_by="channel",
    )
    rows = list(csv.DictReader(io.StringIO(render(series, "csv"))))
    segments = {row["segment"] for row in rows}
    assert "'" + hostile in segments
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t"))
        for row in rows
        for cell in row.values()
        if not _number(cell)
    )
    markdown = render(series, "md")
    assert "'" + hostile.replace("<", "&lt;") in markdown
    assert "shop&lt;b&gt;\\|" in markdown


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
