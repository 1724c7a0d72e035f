"""The survey-tool preset: labels to points, lines in errors, nothing lost, fuzzed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuecocreation.errors import ValidationError
from valuecocreation.io.presets import SurveyExport, sample_path

QUESTIONS = {
    "How satisfied are you with RecordFarm overall?": "overall_satisfaction",
    "How likely are you to recommend RecordFarm to a friend? (0-10)": "recommend",
    "The app is easy to use": "interface_1",
}
EXPORT = SurveyExport(questions=QUESTIONS, attributes=["Group", "Country"])
HEADER = "Response ID,Group,Country," + ",".join(f'"{q}"' for q in QUESTIONS) + "\n"
HEADER_BYTES = HEADER.encode("utf-8")


def test_the_sample_reads_with_labels_as_points():
    answers = EXPORT.read(sample_path("survey_export.csv"), errors="quarantine")
    assert answers.column("overall_satisfaction").tolist() == [4.0, 3.0, 5.0, 5.0, 4.0]
    assert answers.column("recommend").tolist() == [8.0, 6.0, 10.0, 9.0, 7.0]
    assert answers.respondents.tolist() == ["R_001", "R_002", "R_003", "R_004", "R_006"]
    rejects = answers.rejects
    assert (rejects.rows_read, rejects.accepted, len(rejects)) == (6, 5, 1)
    assert rejects.cells[0][0] == "R_005"


def test_raise_names_the_file_line_and_column():
    with pytest.raises(ValidationError, match=r"survey_export.csv, line 6, column 'recommend'"):
        EXPORT.read(sample_path("survey_export.csv"))


def test_a_missing_question_column_is_named(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Response ID,Group,Country\nR1,before,KR\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="are not in the export"):
        EXPORT.read(path)


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00garbage", b'a,"b\n'],
)
def test_broken_files_are_bad_input(tmp_path, content):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError):
        EXPORT.read(path, errors="quarantine")


@pytest.mark.parametrize(
    ("row", "fields"), [(b"R2,after,KR,4,5\n", 5), (b"R2,after,KR,4,5,agree,extra\n", 7)]
)
def test_a_row_with_too_few_or_too_many_fields_is_a_bad_row(tmp_path, row, fields):
    """The one rule of every reader: never padded or cut to fit, but rejected."""
    path = tmp_path / "export.csv"
    path.write_bytes(HEADER_BYTES + b"R1,before,KR,4,5,agree\n" + row + b"R3,after,JP,3,7,agree\n")
    answers = EXPORT.read(path, errors="quarantine")
    assert answers.respondents.tolist() == ["R1", "R3"]
    rejects = answers.rejects
    assert (rejects.rows_read, rejects.rows, rejects.lines) == (3, (1,), (3,))
    assert rejects.columns == ("(number of fields)",)
    assert rejects.reasons[0].endswith(f"the row has {fields} fields where the header has 6")
    assert rejects.cells[0] == tuple(row.decode().rstrip("\n").split(","))
    with pytest.raises(ValidationError, match=f"line 3, .*the row has {fields} fields") as caught:
        EXPORT.read(path)
    assert (caught.value.row, caught.value.line) == (1, 3)


def test_the_rejects_are_verbatim_with_the_files_header(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(HEADER_BYTES + b"R1,before,KR,4,11,Strongly agree\n")
    rejects = EXPORT.read(path, errors="quarantine").rejects
    assert rejects.header == ("Response ID", "Group", "Country", *QUESTIONS)
    assert rejects.cells == (("R1", "before", "KR", "4", "11", "Strongly agree"),)
    assert rejects.columns == ("recommend",)


CELLS = st.sampled_from(
    [
        "",
        "1",
        "5",
        "10",
        "11",
        "-1",
        "agree",
        "Strongly agree",
        "x",
        "3.5",
        "nan",
        "R1",
        "\u00e9",
        '"',
        ",",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=6), st.binary(max_size=30))
def test_random_exports_give_responses_or_validation_errors(rows, noise):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        text = HEADER + "".join(",".join(row) + "\n" for row in rows)
        path.write_bytes(text.encode("utf-8") + noise)
        try:
            answers = EXPORT.read(path, errors="quarantine")
        except ValidationError:
            return
        assert len(answers) + len(answers.rejects) == answers.rejects.rows_read
