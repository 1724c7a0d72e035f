"""Fuzzing the survey readers: only ValidationError escapes, and nothing is lost.

Whatever bytes a CSV file holds, ``read_csv`` either reads it or raises
ValidationError; in quarantine mode every data row is either accepted or listed
among the rejects, verbatim.
"""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import readers

from valuecocreation.errors import ValidationError
from valuecocreation.survey import Instrument, Item, SurveyResponses, read_csv

INSTRUMENT = Instrument(
    name="fuzz",
    version="1",
    citation="",
    scale=(1, 5),
    items=[
        Item(id="q1", wording="w", condition="reward"),
        Item(id="q2", wording="w", condition="reward", reverse=True),
        Item(id="nps", wording="w", kind="nps", scale=(0, 10)),
    ],
)
HEADER = ["respondent", "group", "q1", "q2", "nps"]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "1",
            "2",
            "5",
            "0",
            "10",
            "11",
            "-1",
            "3.5",
            "NA",
            "x",
            "1_0",
            "inf",
            "nan",
            " 4 ",
            "r1",
            "r2",
            "after",
            '"',
            ",",
            "\n",
            "1e3",
            "\x00",
        ]
    ),
    st.text(max_size=6),
)
ROWS = st.lists(st.lists(CELLS, min_size=3, max_size=6), max_size=12)


def _write(rows: list[list[str]], header: list[str]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


def _read(content: bytes, **options: object) -> SurveyResponses | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        path.write_bytes(content)
        with contextlib.suppress(ValidationError):
            return read_csv(path, INSTRUMENT, **options)  # type: ignore[arg-type]
    return None


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_any_bytes(content: bytes) -> None:
    _read(content, errors="quarantine")
    _read(content, attributes=["group"])


@settings(max_examples=300)
@given(ROWS, st.sampled_from(["wide", "long"]))
def test_quarantine_accounts_for_every_row(rows: list[list[str]], layout: str) -> None:
    header = HEADER if layout == "wide" else ["respondent", "item", "value", "group"]
    content = _write(rows, header)
    answers = _read(content, layout=layout, attributes=["group"], errors="quarantine")
    assert answers is not None  # undecodable text (a lone surrogate) is a bad row, not an error
    rejects = answers.rejects
    text = content.decode(errors="surrogateescape")
    data_rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    data_rows = [row for row in data_rows if any(row)]  # blank records are not rows
    assert rejects.rows_read == len(data_rows)
    assert rejects.accepted + len(rejects) == rejects.rows_read
    assert [list(cells) for cells in rejects.cells] == [data_rows[i] for i in rejects.rows]
    if layout == "wide":
        assert len(answers) == rejects.accepted
    values = answers.values
    assert values.dtype == np.float64
    answered = ~np.isnan(values)
    assert (values[answered] >= 0).all()
    assert (values[:, :2][answered[:, :2]] <= 5).all()
    assert len(set(answers.respondents.tolist())) == len(answers)
    # Raising mode agrees: it raises exactly when something was rejected.
    strict = _read(content, layout=layout, attributes=["group"])
    assert (strict is None) == (len(rejects) > 0)
    if strict is not None:
        assert strict == answers


@settings(max_examples=200)
@given(
    st.dictionaries(
        st.sampled_from([*HEADER, "extra"]),
        st.lists(
            st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=4)),
            min_size=2,
            max_size=2,
        ),
        max_size=6,
    )
)
def test_any_mapping(data: dict[str, list[object]]) -> None:
    for errors in ("raise", "quarantine"):
        with contextlib.suppress(ValidationError):
            answers = SurveyResponses.from_wide(
                data,
                INSTRUMENT,
                attributes=[name for name in ("group",) if name in data],
                errors=errors,
            )  # type: ignore[arg-type]
            assert answers.rejects.accepted + len(answers.rejects) == answers.rejects.rows_read


@settings(max_examples=100, deadline=None)
@given(ROWS, st.booleans())
def test_the_survey_readers_agree_with_every_csv_reader(rows: list[list[str]], cut: bool) -> None:
    """Survey answers go through the one CSV front end: the same malformed rows as events."""
    content = _write(rows, HEADER)
    if cut and rows:  # a file cut short inside its last row
        content = content[:-3]
    events = {"respondent": "source", "group": "target", "q1": "kind", "q2": "timestamp"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        path.write_bytes(content)
        readers.assert_agree(readers.every_reader(path, HEADER, events))
