"""SurveyResponses: building from wide, long and CSV input, bad input, recoding, selection."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.survey import (
    Instrument,
    Item,
    Rejects,
    SurveyResponses,
    read_csv,
)

INSTRUMENT = Instrument(
    name="mini",
    version="1",
    citation="",
    scale=(1, 5),
    items=[
        Item(id="q1", wording="One.", condition="reward"),
        Item(id="q2", wording="Two.", condition="reward", reverse=True),
        Item(id="q3", wording="Three.", condition="content"),
        Item(id="nps", wording="Recommend?", kind="nps", scale=(0, 10)),
    ],
)


def wide(**columns):
    data = {
        "respondent": ["a", "b", "c"],
        "group": ["before", "after", "after"],
        "q1": [1, 4, 5],
        "q2": [5, 2, None],
        "q3": [3.0, math.nan, 2.0],
        "nps": [0, 10, 7],
    }
    data.update(columns)
    return data


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- wide input
def test_from_wide_builds_the_matrix():
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    assert answers.respondents.tolist() == ["a", "b", "c"]
    assert answers.values.dtype == np.float64
    np.testing.assert_array_equal(
        answers.values, [[1, 5, 3, 0], [4, 2, np.nan, 10], [5, np.nan, 2, 7]]
    )
    assert answers.attribute("group").tolist() == ["before", "after", "after"]
    assert not answers.recoded
    assert len(answers.rejects) == 0
    assert answers.rejects.rows_read == answers.rejects.accepted == 3
    assert answers.missing_share == pytest.approx(2 / 12)


def test_columns_may_be_missing_or_in_any_order():
    answers = SurveyResponses.from_wide({"q3": [4], "respondent": [7]}, INSTRUMENT)
    assert answers.respondents.tolist() == ["7"]
    assert np.isnan(answers.column("q1")).all()
    assert answers.column("q3").tolist() == [4.0]


def test_numeric_text_and_missing_markers_are_read():
    answers = SurveyResponses.from_wide(
        {"respondent": ["a", "b", "c", "d"], "q1": ["4", " 2 ", "NA", ""]}, INSTRUMENT
    )
    assert answers.column("q1", scored=False).tolist()[:2] == [4.0, 2.0]
    assert np.isnan(answers.column("q1")[2:]).all()
    custom = SurveyResponses.from_wide(
        {"respondent": ["a"], "q1": ["-"]}, INSTRUMENT, missing=["-"]
    )
    assert np.isnan(custom.column("q1")).all()


@pytest.mark.parametrize(
    ("column", "values", "reason", "row"),
    [
        ("q1", [1, 6, 2], "outside the scale 1-5 of item 'q1'", 1),
        ("q1", [1, 2, 0.5], "outside the scale 1-5", 2),
        ("nps", [11, 1, 1], "outside the scale 0-10 of item 'nps'", 0),
        ("q1", [1, "x", 2], "not a number", 1),
        ("q1", [1, True, 2], "not a number", 1),
        ("q1", [1, "1_0", 2], "not a number", 1),
        ("q1", [1, 2, float("inf")], "not a finite number", 2),
        ("q1", [1, 2, "inf"], "not a finite number", 2),
        ("q1", [1, 2, 10**400], "not a finite number", 2),
        ("q1", [1, object(), 2], "not a number", 1),
        ("respondent", ["a", "a", "b"], "an earlier row has the same respondent id", 1),
        ("respondent", ["a", None, "b"], "the respondent id is missing", 1),
        ("respondent", ["a", "  ", "b"], "the respondent id is missing", 1),
        ("respondent", ["a", 1.5, "b"], "a respondent id must be", 1),
        ("respondent", ["a", "\udc80", "b"], "a respondent id must be", 1),
        ("group", ["x", ["y"], "z"], "an attribute value must be text or a number", 1),
    ],
)
def test_bad_values_raise_with_row_column_value(column, values, reason, row):
    with pytest.raises(ValidationError, match=reason) as caught:
        SurveyResponses.from_wide(
            wide(**{column: values}), INSTRUMENT, attributes=["group"], source="mine"
        )
    error = caught.value
    assert (error.row, error.column, error.source) == (row, column, "mine")


def test_the_first_bad_row_is_reported_with_the_count_of_others():
    with pytest.raises(ValidationError) as caught:
        SurveyResponses.from_wide(
            wide(q1=[1, 9, 9], q3=["x", 1, 1]), INSTRUMENT, attributes=["group"]
        )
    assert (caught.value.row, caught.value.column, caught.value.more) == (0, "q3", 2)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"respondent": "id"}, "no column 'id'"),
        ({"attributes": ["country"]}, "no column 'country'"),
        ({"attributes": "group"}, "must be a list"),
        ({"attributes": ["q1"]}, "one part only"),
        ({"attributes": ["group"], "ignore": ["group"]}, "one part only"),
    ],
)
def test_header_problems_raise_whatever_errors_says(options, match):
    for errors in ("raise", "quarantine"):
        with pytest.raises(ValidationError, match=match):
            SurveyResponses.from_wide(wide(), INSTRUMENT, errors=errors, **options)


def test_unknown_columns_are_an_error_unless_listed_or_ignored():
    data = wide(comment=["", "", ""])
    with pytest.raises(ValidationError, match="column 'group' is not an item of instrument"):
        SurveyResponses.from_wide(data, INSTRUMENT, ignore=["comment"])
    kept = SurveyResponses.from_wide(data, INSTRUMENT, attributes=["group"], ignore=["comment"])
    assert set(kept.attributes) == {"group"}
    dropped = SurveyResponses.from_wide(data, INSTRUMENT, ignore=["group", "comment", "q3"])
    assert np.isnan(dropped.column("q3")).all()


def test_quarantine_keeps_the_good_rows_and_accounts_for_all():
    data = wide(respondent=["a", "b", "a"], q1=[1, 9, 2])
    answers = SurveyResponses.from_wide(data, INSTRUMENT, attributes=["group"], errors="quarantine")
    assert answers.respondents.tolist() == ["a"]
    rejects = answers.rejects
    assert rejects.rows == (1, 2)
    assert rejects.lines is None
    assert rejects.columns == ("q1", "respondent")
    assert rejects.reasons[0] == "column 'q1', value 9: outside the scale 1-5 of item 'q1'"
    assert "an earlier row has the same respondent id" in rejects.reasons[1]
    assert rejects.cells[1] == ("a", "after", "2", "", "2.0", "7")
    assert rejects.accepted + len(rejects) == rejects.rows_read == 3
    assert answers.attribute("group").tolist() == ["before"]


def test_a_row_with_several_problems_lists_them_all():
    answers = SurveyResponses.from_wide(
        wide(q1=[1, 9, 1], q3=[1, "x", 1]), INSTRUMENT, attributes=["group"], errors="quarantine"
    )
    assert answers.rejects.reasons == (
        (
            "column 'q1', value 9: outside the scale 1-5 of item 'q1'; "
            "column 'q3', value 'x': not a number"
        ),
    )


def test_errors_must_be_raise_or_quarantine():
    with pytest.raises(ValidationError, match="'raise' or 'quarantine'"):
        SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"], errors="skip")


def test_bad_containers_are_validation_errors():
    for data in (
        ["a"],
        3,
        {"respondent": "abc"},
        {"respondent": [["a"]]},
        {"respondent": ["a", "b"], "q1": [1]},
        {1: ["a"]},
    ):
        with pytest.raises(ValidationError):
            SurveyResponses.from_wide(data, INSTRUMENT)


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_from_frames(backend):
    frame = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"]).to_frame(backend)
    again = SurveyResponses.from_wide(frame, INSTRUMENT, attributes=["group"])
    assert again == SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])


def test_pandas_with_nullable_and_text_columns():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "respondent": [1, 2, 3],
            "country": ["KR", None, "US"],
            "q1": pd.array([1, None, 3], dtype="Int64"),
            "q3": ["4", None, "5"],
        }
    )
    answers = SurveyResponses.from_wide(frame, INSTRUMENT, attributes=["country"])
    assert answers.respondents.tolist() == ["1", "2", "3"]
    assert answers.attribute("country").tolist() == ["KR", "", "US"]
    np.testing.assert_array_equal(answers.column("q1"), [1, np.nan, 3])
    np.testing.assert_array_equal(answers.column("q3"), [4, np.nan, 5])


def test_lazy_frames_are_refused():
    pl = pytest.importorskip("polars")
    with pytest.raises(ValidationError, match="cannot read a LazyFrame"):
        SurveyResponses.from_wide(pl.LazyFrame({"respondent": ["a"]}), INSTRUMENT)


# ---------------------------------------------------------------- long input
def test_from_long_matches_from_wide():
    long = {
        "respondent": ["a", "a", "b", "c", "a", "b", "c", "c"],
        "item": ["q1", "q2", "q1", "q1", "q3", "q2", "q3", "nps"],
        "value": [1, 5, 4, 5, 3, 2, 2, 7],
        "group": ["before", "", "after", "after", "before", "after", "", ""],
    }
    answers = SurveyResponses.from_long(long, INSTRUMENT, attributes=["group"])
    expected = SurveyResponses.from_wide(
        wide(nps=[None, None, 7]), INSTRUMENT, attributes=["group"]
    )
    assert answers == expected


def test_long_input_rejects_repeats_unknown_items_and_conflicts():
    long = {
        "respondent": ["a", "a", "a", "b", "b", "c"],
        "item": ["q1", "q1", "q9", "q1", "q2", None],
        "value": [1, 2, 3, 4, 9, 1],
        "group": ["x", "x", "x", "y", "z", "x"],
    }
    with pytest.raises(ValidationError, match="same item for the same respondent") as caught:
        SurveyResponses.from_long(long, INSTRUMENT, attributes=["group"])
    assert (caught.value.row, caught.value.column, caught.value.more) == (1, "item", 4)
    answers = SurveyResponses.from_long(long, INSTRUMENT, attributes=["group"], errors="quarantine")
    assert answers.respondents.tolist() == ["a", "b"]
    assert answers.rejects.rows == (1, 2, 4, 5)
    assert answers.rejects.columns == ("item", "item", "value", "item")
    assert "another value" in answers.rejects.reasons[2]
    assert "not an item of instrument 'mini'" in answers.rejects.reasons[1]
    assert "the item id is missing" in answers.rejects.reasons[3]


def test_long_input_item_ids_must_be_text():
    with pytest.raises(ValidationError, match="an item id must be text"):
        SurveyResponses.from_long({"respondent": ["a"], "item": [1.5], "value": [1]}, INSTRUMENT)


# ---------------------------------------------------------------- CSV
def test_read_csv_wide(tmp_path: Path):
    path = write(
        tmp_path / "a.csv", "\ufeffrespondent, group ,q1,q3\na,before,1,3\n\nb, after ,4,\n"
    )
    answers = read_csv(path, INSTRUMENT, attributes=["group"])
    assert answers == SurveyResponses.from_wide(
        {"respondent": ["a", "b"], "group": ["before", "after"], "q1": [1, 4], "q3": [3, None]},
        INSTRUMENT,
        attributes=["group"],
    )


def test_read_csv_errors_name_file_line_row_column_value(tmp_path: Path):
    path = write(tmp_path / "a.csv", 'respondent,q1\na,1\n"b\nc",7\nd,2\n')
    with pytest.raises(ValidationError) as caught:
        read_csv(path, INSTRUMENT)
    error = caught.value
    assert (error.source, error.row, error.column, error.value) == (f"{path}, line 3", 1, "q1", "7")
    assert str(error).startswith(f"{path}, line 3, row 1, column 'q1', value '7': outside")


def test_read_csv_quarantine_keeps_rows_verbatim(tmp_path: Path):
    path = write(
        tmp_path / "a.csv", "respondent,q1,q2\na,1,2\nb,x, 3\nc,1\nd,1,2,3\ne,5,5\na,2,2\n"
    )
    answers = read_csv(path, INSTRUMENT, errors="quarantine")
    assert answers.respondents.tolist() == ["a", "e"]
    rejects = answers.rejects
    assert rejects.lines == (3, 4, 5, 7)
    assert rejects.cells == (("b", "x", " 3"), ("c", "1"), ("d", "1", "2", "3"), ("a", "2", "2"))
    assert rejects.columns == ("q1", "(number of fields)", "(number of fields)", "respondent")
    # The CSV front end's reason, the same in every reader.
    assert rejects.reasons[1] == (
        "column '(number of fields)', value 2: the row has 2 fields where the header has 3"
    )
    assert rejects.accepted + len(rejects) == rejects.rows_read == 6
    assert rejects.source == str(path)
    records = rejects.records()
    assert records[0]["cells"] == {"respondent": "b", "q1": "x", "q2": " 3"}
    assert records[1]["cells"] == ["c", "1"]
    assert Rejects.from_dict(rejects.to_dict()) == rejects
    assert str(rejects) == f"6 rows read from {path}: 2 accepted, 4 rejected"


def test_read_csv_long(tmp_path: Path):
    path = write(tmp_path / "long.csv", "who;question;answer\na;q1;4\na;nps;9\nb;q1;1\n")
    answers = read_csv(
        path,
        INSTRUMENT,
        layout="long",
        respondent="who",
        item="question",
        value="answer",
        delimiter=";",
    )
    np.testing.assert_array_equal(
        answers.values, [[4, np.nan, np.nan, 9], [1, np.nan, np.nan, np.nan]]
    )


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "no header row"),
        (b"\n\n", "no header row"),
        (b"respondent,q1,q1\na,1,1\n", "names the column 'q1' twice"),
        (b"respondent, q1,q1 \na,1,1\n", "names the column 'q1' twice"),
        (b"\xff\xfe,q1\na,1\n", "the header"),
    ],
)
def test_unreadable_files(tmp_path: Path, content, match):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=match) as caught:
        read_csv(path, INSTRUMENT, errors="quarantine")
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"respondent,q1\n\xff\xfe,1\nb,2\n", 2, "bytes that are not valid utf-8 text"),
        (b'respondent,q1\nb,2\n"a,1\n', 3, "the file ends inside a quoted field"),
        (b"respondent,q1\nb,2\na\n", 3, "the row has 1 fields where the header has 2"),
        (b"respondent,q1\nb,2\na,1,9\n", 3, "the row has 3 fields where the header has 2"),
    ],
)
def test_malformed_rows_are_bad_rows_as_in_every_reader(tmp_path: Path, content, line, reason):
    """The CSV front end's rules: a malformed record is a bad row, not a broken file."""
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    answers = read_csv(path, INSTRUMENT, errors="quarantine")
    assert answers.respondents.tolist() == ["b"]
    assert answers.rejects.lines == (line,)
    assert reason in answers.rejects.reasons[0]
    assert answers.rejects.accepted + len(answers.rejects) == answers.rejects.rows_read == 2
    with pytest.raises(ValidationError, match=reason) as caught:
        read_csv(path, INSTRUMENT)
    assert caught.value.source == f"{path}, line {line}"


def test_a_quote_inside_a_field_is_read_as_the_csv_module_does(tmp_path: Path):
    path = tmp_path / "quotes.csv"
    path.write_bytes(b'respondent,q1\n"a"b,1\n')
    assert read_csv(path, INSTRUMENT).respondents.tolist() == ["ab"]


def test_read_csv_file_and_option_problems(tmp_path: Path):
    with pytest.raises(ValidationError, match="cannot read the file"):
        read_csv(tmp_path / "none.csv", INSTRUMENT)
    path = write(tmp_path / "a.csv", "respondent,q1\na,1\n")
    with pytest.raises(ValidationError, match="unknown encoding"):
        read_csv(path, INSTRUMENT, encoding="klingon")
    with pytest.raises(ValidationError, match="layout"):
        read_csv(path, INSTRUMENT, layout="tall")
    assert len(read_csv(path, INSTRUMENT, encoding="latin-1")) == 1


def test_an_empty_file_with_a_header_has_no_respondents(tmp_path: Path):
    answers = read_csv(write(tmp_path / "a.csv", "respondent,q1\n"), INSTRUMENT)
    assert len(answers) == 0
    assert answers.values.shape == (0, 4)
    assert math.isnan(answers.missing_share)


# ---------------------------------------------------------------- reverse coding
def test_reverse_items_are_recoded_exactly_once():
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    assert answers.scored()[:, 1].tolist()[:2] == [1.0, 4.0]  # 6 - answer
    assert answers.raw is answers.values
    recoded = answers.recode()
    assert recoded.recoded
    np.testing.assert_array_equal(recoded.values, answers.scored())
    np.testing.assert_array_equal(recoded.scored(), answers.scored())
    np.testing.assert_array_equal(recoded.raw, answers.raw)
    with pytest.raises(ValidationError, match="recoded already"):
        recoded.recode()
    assert recoded.column("q2", scored=False).tolist()[:2] == [5.0, 2.0]
    assert answers.column("nps").tolist() == [0.0, 10.0, 7.0]  # not reverse-coded


def test_input_already_recoded_is_not_recoded_again():
    given = SurveyResponses.from_wide(
        wide(q2=[1, 4, None]), INSTRUMENT, attributes=["group"], recoded=True
    )
    plain = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    np.testing.assert_array_equal(given.scored(), plain.scored())
    np.testing.assert_array_equal(given.raw, plain.raw)


def test_arrays_are_read_only():
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    for array in (
        answers.values,
        answers.scored(),
        answers.respondents,
        answers.attribute("group"),
    ):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[1]
    with pytest.raises(TypeError):
        answers.attributes["country"] = answers.attribute("group")  # type: ignore[index]


# ---------------------------------------------------------------- selection and means
def test_where_and_items_for():
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    after = answers.where(group="after")
    assert after.respondents.tolist() == ["b", "c"]
    assert after.rejects is answers.rejects
    assert len(answers.where(group=["after", "before"])) == 3
    assert len(answers.where(group="never")) == 0
    assert [item.id for item in answers.items_for("reward")] == ["q1", "q2"]
    with pytest.raises(
        ValidationError, match="no respondent attribute 'country'; attributes are: group"
    ):
        answers.where(country="KR")


def test_condition_means_by_hand():
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    # reward: q1 and 6 - q2 on 1-5 -> (x - 1) / 4
    # a: 1 and 1 -> 0; b: 4 and 4 -> 0.75; c: 5 only -> 1
    assert answers.condition_means("reward").tolist() == [0.0, 0.75, 1.0]
    assert answers.condition_means("reward", rescaled=False).tolist() == [1.0, 4.0, 5.0]
    assert np.isnan(answers.condition_means("content")[1])
    with pytest.raises(ValidationError, match="no item for 'awareness'"):
        answers.condition_means("awareness")


def test_condition_means_across_scales():
    mixed = Instrument(
        name="m",
        version="1",
        citation="",
        scale=(1, 5),
        items=[
            Item(id="a", wording="w", condition="reward"),
            Item(id="b", wording="w", condition="reward", scale=(0, 10)),
        ],
    )
    answers = SurveyResponses.from_wide({"respondent": ["x"], "a": [5], "b": [5]}, mixed)
    assert answers.condition_means("reward").tolist() == [0.75]
    with pytest.raises(ValidationError, match="different scales"):
        answers.condition_means("reward", rescaled=False)


# ---------------------------------------------------------------- the class itself
def test_constructor_checks_the_columns():
    good = {
        "instrument": INSTRUMENT,
        "respondents": ["a", "b"],
        "values": [[1, 2, 3, 4], [5, 4, 3, np.nan]],
    }
    assert len(SurveyResponses(**good)) == 2
    for change, column in [
        ({"values": [[1, 2, 3, 4]]}, "values"),
        ({"values": [[1, 2, 3, 11], [1, 1, 1, 1]]}, "nps"),
        ({"values": [[1, 2, 3, np.inf], [1, 1, 1, 1]]}, "nps"),
        ({"values": "x"}, "values"),
        ({"values": [1, 2]}, "values"),
        ({"respondents": ["a", "a"]}, "respondents"),
        ({"respondents": ["a", ""]}, "respondents"),
        ({"respondents": [["a"], ["b"]]}, "respondents"),
        ({"instrument": "mini"}, "instrument"),
        ({"attributes": {"g": ["x"]}}, "g"),
        ({"attributes": {"": ["x", "y"]}}, "attributes"),
        ({"attributes": ["g"]}, "attributes"),
        ({"recoded": 1}, "recoded"),
        ({"rejects": []}, "rejects"),
    ]:
        with pytest.raises(ValidationError) as caught:
            SurveyResponses(**{**good, **change})
        assert caught.value.column == column, change


def test_equality_pickle_and_repr():
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    again = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    assert answers == again
    assert answers != answers.recode()
    assert answers != SurveyResponses.from_wide(wide(), INSTRUMENT, ignore=["group"])
    assert answers != "answers"
    assert pickle.loads(pickle.dumps(answers)) == answers
    assert repr(answers) == (
        "<SurveyResponses: 3 respondents x 4 items of mini 1, 2 of 12 "
        "answers missing, attributes: group>"
    )
    with pytest.raises(TypeError):
        hash(answers)


def test_to_frame():
    pd = pytest.importorskip("pandas")
    answers = SurveyResponses.from_wide(wide(), INSTRUMENT, attributes=["group"])
    frame = answers.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["respondent", "group", "q1", "q2", "q3", "nps"]
    assert frame["q2"].tolist()[:2] == [5.0, 2.0]
    assert answers.to_frame(scored=True)["q2"].tolist()[:2] == [1.0, 4.0]
    with pytest.raises(ValidationError, match="unknown backend"):
        answers.to_frame("excel")


def test_top_level_exports():
    assert vcc.SurveyResponses is SurveyResponses
    assert vcc.Item is Item
    assert "survey" in vcc.__all__


def test_nul_characters_are_refused_not_dropped(tmp_path: Path):
    path = tmp_path / "nul.csv"
    path.write_text("respondent,q1\na,5\x00\nb\x00,4\nc,3\n", encoding="utf-8")
    answers = read_csv(path, INSTRUMENT, errors="quarantine")
    assert answers.respondents.tolist() == ["c"]
    assert answers.rejects.cells == (("a", "5\x00"), ("b\x00", "4"))
    assert all("NUL" in reason for reason in answers.rejects.reasons)
