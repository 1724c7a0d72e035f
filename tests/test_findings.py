"""Findings: validation at the door, ordering by severity, lossless plain data."""

from __future__ import annotations

import json
import math
import pickle

import pytest

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity, by_code, worst


def _finding(**changes: object) -> Finding:
    fields: dict[str, object] = {
        "code": "population_small",
        "severity": "warning",
        "message": "reward rests on 4 actors",
        "subject": "reward",
        "numbers": {"n": 4, "minimum": 10},
        "section": "Kim & Choi (2019), Table 1",
    }
    fields.update(changes)
    return Finding(**fields)  # type: ignore[arg-type]


def test_round_trip_through_json_keeps_nan_as_null() -> None:
    finding = _finding(numbers={"share": math.nan, "n": 3, "who": "firm"})
    data = json.loads(json.dumps(finding.to_dict(), allow_nan=False))
    assert data["numbers"] == {"n": 3, "share": None, "who": "firm"}
    again = Finding.from_dict(data)
    assert again == finding
    assert math.isnan(again.numbers["share"])  # type: ignore[arg-type]


def test_severity_converts_and_ranks() -> None:
    assert _finding().severity is Severity.WARNING
    assert [s.rank for s in Severity] == [0, 1, 2]
    with pytest.raises(ValidationError, match="unknown severity 'loud'"):
        _finding(severity="loud")


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"code": ""}, ValidationError, "code must not be empty"),
        ({"message": 3}, ArgumentTypeError, "message must be a string"),
        ({"numbers": {"n": True}}, ArgumentTypeError, "number 'n'"),
        ({"numbers": {"n": math.inf}}, ValidationError, "must be finite"),
        ({"numbers": [1]}, ArgumentTypeError, "must be a mapping"),
    ],
)
def test_bad_fields_are_rejected(changes: dict[str, object], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        _finding(**changes)


def test_malformed_plain_data_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="malformed finding"):
        Finding.from_dict({"severity": "info"})


def test_worst_and_by_code() -> None:
    info = _finding(severity="info", code="one_channel")
    severe = _finding(severity="severe", code="no_firm")
    assert worst([info, _finding(), severe]) is Severity.SEVERE
    assert worst([info]) is Severity.INFO
    assert by_code([info, severe, info], "one_channel") == (info, info)


def test_line_names_severity_code_and_subject() -> None:
    assert _finding(subject=None).line() == "warning [population_small] reward rests on 4 actors"
    assert hash(_finding()) == hash(_finding())


def test_findings_pickle() -> None:
    finding = _finding(numbers={"share": math.nan, "n": 3})
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert pickle.loads(pickle.dumps((finding,))) == (finding,)
