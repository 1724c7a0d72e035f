"""The CSV front end every reader uses: read_rows, and the one Rejects record."""

from __future__ import annotations

from pathlib import Path

import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.io import CsvRecord, RejectedRow, Rejects, read_rows


def test_read_rows_gives_the_readers_records(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_bytes(
        b'\xef\xbb\xbf\r\nticket;note\r\nT1;"two\r\nlines"\r\n;\r\nT2\rT3;x;y\r\nT4;\xff\n'
    )
    rows = read_rows(path, delimiter=";")
    assert rows.header == ("ticket", "note")
    assert rows.source == str(path)
    found = list(rows)
    assert found == [
        CsvRecord(["T1", "two\r\nlines"], 3, 0),
        CsvRecord(["T2"], 6, 1, "the row has 1 fields where the header has 2"),
        CsvRecord(["T3", "x", "y"], 7, 2, "the row has 3 fields where the header has 2"),
        CsvRecord(
            ["T4", "\udcff"], 8, 3, "the line holds bytes that are not valid utf-8-sig text", 1
        ),
    ]
    assert list(rows) == found  # read again, from the start
    assert repr(rows) == f"<CsvRows of {path}: 2 columns>"


def test_read_rows_rejects_a_bad_file_or_argument(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="the file is empty"):
        read_rows(empty)
    path = tmp_path / "a.csv"
    path.write_text("a,a\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="names the column 'a' twice"):
        read_rows(path)
    with pytest.raises(ValidationError, match="delimiter"):
        read_rows(path, delimiter=";;")


def test_an_unclosed_quote_at_the_end_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text('a,b\n1,2\n3,"fo', encoding="utf-8")
    assert [record.problem for record in read_rows(path)] == [
        None,
        "the file ends inside a quoted field: a quote is not closed, or the file was cut short",
    ]


def _rows() -> list[RejectedRow]:
    return [
        RejectedRow(line=5, row=3, fields=("c", "rf"), reason="short"),
        RejectedRow(
            line=2, row=0, fields=("a", "rf", "poke"), reason="kind", column="kind", value="poke"
        ),
    ]


def test_rejects_from_rows_round_trips(tmp_path: Path) -> None:
    rejects = Rejects.from_rows(_rows(), rows_read=4, header=("s", "t", "kind"), source="f.csv")
    assert (rejects.rows, rejects.lines, rejects.columns) == ((0, 3), (2, 5), ("kind", ""))
    assert rejects.values == ("poke", None)
    assert rejects.rejected == tuple(sorted(_rows(), key=lambda row: row.row))
    assert Rejects.from_dict(rejects.to_dict()) == rejects
    old = rejects.to_dict()
    del old["values"]  # a record written before values were kept
    assert Rejects.from_dict(old).values is None
    written = rejects.write(tmp_path / "rejected.csv")
    assert written.read_text(encoding="utf-8").splitlines() == [
        "line,row,column,reason,s,t,kind",
        "2,0,kind,kind,a,rf,poke",
        "5,3,,short,c,rf",
    ]
    frame_rows = [RejectedRow(line=None, row=0, fields=("x",), reason="r")]
    assert Rejects.from_rows(frame_rows, rows_read=1).lines is None
    with pytest.raises(ValidationError, match="one entry per rejected row"):
        Rejects(rows_read=2, rows=(0,), cells=(("a",),), columns=("a",), reasons=("r",), values=())


def test_every_quarantine_result_has_the_same_rejects(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\nana,rf,like,2024-01-01\nben,rf,poke,2024-01-01\n",
        encoding="utf-8",
    )
    result = vcc.io.read_csv(events, errors="quarantine")
    assert result.rejects == Rejects.from_rows(
        result.rejected, rows_read=2, header=result.header, source=str(events)
    )
    assert result.reasons() == {result.rejected[0].reason: 1}
    assert not result.clean
    actors = tmp_path / "actors.csv"
    actors.write_text("id,role\nrf,firm\nana,boss\n", encoding="utf-8")
    read = vcc.io.read_actors_csv(actors, errors="quarantine")
    assert isinstance(read.rejects, Rejects)
    assert (read.rejects.rows, read.rejects.values, read.clean) == ((1,), ("boss",), False)
    survey = tmp_path / "survey.csv"
    survey.write_text("respondent,recommend\nr1,11\n", encoding="utf-8")
    answers = vcc.survey.read_survey_csv(
        survey, vcc.survey.KIM_CHOI_2019_INSTRUMENT, errors="quarantine"
    )
    assert isinstance(answers.rejects, Rejects)
    assert answers.rejects.values == ("11",)
    assert answers.rejects.rejected[0].value == "11"
