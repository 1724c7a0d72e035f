from __future__ import annotations

import math

import numpy as np
import pytest

from valuecocreation.findings import Severity
from valuecocreation.measurement import ReliabilityReport, item_analysis, reliability_report


def _answers(seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(2, 400))
    return {
        "a0": a + rng.normal(scale=0.5, size=400),
        "a1": a + rng.normal(scale=0.5, size=400),
        "a2": a + rng.normal(scale=0.5, size=400),
        # b1 is the negatively worded item of B, left as answered.
        "b0": b + rng.normal(scale=0.5, size=400),
        "b1": -b + rng.normal(scale=0.5, size=400),
    }


def _report() -> ReliabilityReport:
    columns = _answers()
    return reliability_report(
        np.column_stack(list(columns.values())),
        {"A": ["a0", "a1", "a2"], "B": ["b0", "b1"]},
        items=list(columns),
    )


def test_a_construct_with_an_item_not_reverse_coded_says_so():
    report = _report()
    b = report.construct("B")
    assert b.item_total[0] < -0.5
    (finding,) = b.findings
    assert finding.code == "reverse_coding_suspected"
    assert finding.severity is Severity.SEVERE
    assert finding.numbers["lowest_item_total"] == pytest.approx(min(b.item_total))
    assert report.construct("A").findings == ()
    assert report.findings == (finding,)
    assert "reverse_coding_suspected" in report.table()


def test_item_total_agrees_with_item_analysis():
    columns = _answers()
    report = _report()
    alone = item_analysis(np.column_stack([columns["a0"], columns["a1"], columns["a2"]]))
    assert report.construct("A").item_total == pytest.approx(alone.item_total)


def test_round_trip_and_version_1():
    report = _report()
    assert ReliabilityReport.from_json(report.to_json()) == report
    old = report.to_dict()
    old["schema_version"] = 1
    for construct in old["constructs"]:
        del construct["item_total"], construct["findings"]
    back = ReliabilityReport.from_dict(old)
    assert back.construct("B").findings == ()
    assert back.construct("B").alpha == report.construct("B").alpha
    assert not math.isnan(back.construct("A").alpha)
