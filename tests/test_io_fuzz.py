"""Fuzzing the file readers: random rows and random bytes.

Whatever a file holds: nothing but ValidationError escapes; with
``errors="quarantine"``, accepted + rejected == rows read; both CSV engines give
the same result (or the same error); and ``errors="raise"`` fails exactly at the
first row that quarantine rejects.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests import readers, strategies

from valuecocreation.errors import ValidationError
from valuecocreation.io import ReadResult, read_csv, read_frame, read_jsonl

# Random cells may hold epochs after 2100 or look-alike ids: the warnings are
# tested on their own; here only what is read and rejected matters.
pytestmark = [
    pytest.mark.filterwarnings("ignore::valuecocreation.errors.TimestampWarning"),
    pytest.mark.filterwarnings("ignore::valuecocreation.errors.IdentityWarning"),
]

FIELDS = ["source", "target", "kind", "timestamp", "channel", "weight"]
CELLS = st.one_of(
    st.sampled_from(
        [
            "ana",
            "ben",
            "rf",
            "",
            " ",
            "like",
            "Retweet",
            "poke",
            "share",
            "2024-01-01",
            "2024-01-01T10:00:00+09:00",
            "2024-02-30",
            "1704067200",
            "1.5",
            "-1",
            "nan",
            "1e400",
            "x,y",
            'say "hi"',
            "a\nb",
            "a\r\nb",
            "\r",
            "é",
            "\x00",
            "\ufeff",
            "\udcff" * 0 + "ü",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6),
)
HEADERS = st.one_of(
    st.just(FIELDS),
    st.permutations(FIELDS),
    st.just(FIELDS[:4]),
    st.lists(st.sampled_from([*FIELDS, "extra", ""]), min_size=1, max_size=7),
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _render(header: list[str], rows: list[list[str]], quoting: int, ending: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator=ending)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _read_both(path: Path, **options: Any) -> tuple[str, Any]:
    outcomes = []
    for engine in ("python", "pyarrow"):
        try:
            outcomes.append(("ok", read_csv(path, engine=engine, **options)))
        except ValidationError as error:
            outcomes.append(("error", (str(error), error.line, error.row)))
    assert outcomes[0] == outcomes[1], outcomes
    return outcomes[0]


def _check_file(content: bytes, header: list[str] | None = None) -> None:
    """Both engines agree, and raise mode with quarantine; with a ``header`` of
    distinct names, the other CSV readers agree on the malformed rows too."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz.csv")
        path.write_bytes(content)
        kind, quarantined = _read_both(path, errors="quarantine")
        raised_kind, raised = _read_both(path)
        if kind == "ok" and header and len(set(header)) == len(header) and all(header):
            readers.assert_agree(readers.every_reader(path, header))
    if kind == "error":  # a problem of the whole file: raise mode says the same
        assert raised_kind == "error"
        assert raised == quarantined
        return
    assert isinstance(quarantined, ReadResult)
    assert len(quarantined.log) + len(quarantined.rejected) == quarantined.rows_read
    assert [row.row for row in quarantined.rejected] == sorted(
        {row.row for row in quarantined.rejected}
    )
    if quarantined.rejected:
        first = quarantined.rejected[0]
        assert raised_kind == "error"
        assert (raised[1], raised[2]) == (first.line, first.row)
    else:
        assert raised_kind == "ok"
        assert raised == quarantined.log


@SETTINGS
@given(
    header=HEADERS,
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=12),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    cut=st.one_of(st.none(), st.integers(1, 40)),
)
@example(
    header=FIELDS,
    rows=[["a", "b", "like", "2024-01-01", "", "1"], ['"open']],
    quoting=csv.QUOTE_MINIMAL,
    ending="\n",
    cut=None,
)
def test_random_rows(
    header: list[str], rows: list[list[str]], quoting: int, ending: str, cut: int | None
) -> None:
    content = _render(header, rows, quoting, ending)
    if cut is not None:
        content = content[:-cut] if cut < len(content) else content
    whole_header = content.startswith(_render(header, [], quoting, ending))
    _check_file(content, header if whole_header else None)


@SETTINGS
@given(body=st.binary(max_size=200), with_header=st.booleans())
@example(body=b'a,b,like,"2024-01-01\n\xff\xfe,x', with_header=True)
@example(body=b"\xef\xbb\xbf", with_header=False)
@example(body=b'a,b,like,2024-01-01\r\r\n"', with_header=True)
def test_random_bytes(body: bytes, with_header: bool) -> None:
    header = b"source,target,kind,timestamp,channel,weight\n" if with_header else b""
    _check_file(header + body)


def _json(record: dict[str, Any]) -> bytes:
    import json  # noqa: PLC0415

    return json.dumps(record, default=repr).encode("utf-8", "surrogatepass")


@SETTINGS
@given(
    lines=st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.fixed_dictionaries(
                {}, optional={name: strategies.junk_scalars() for name in FIELDS}
            ).map(_json),
        ),
        max_size=8,
    )
)
def test_random_json_lines(lines: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz.jsonl")
        path.write_bytes(b"\n".join(lines))
        try:
            result = read_jsonl(path, errors="quarantine")
        except ValidationError:
            return
    assert len(result.log) + len(result.rejected) == result.rows_read


@SETTINGS
@given(data=st.data(), length=st.integers(0, 5))
def test_random_frames(data: st.DataObject, length: int) -> None:
    columns = {name: data.draw(strategies.junk_columns(name, length)) for name in FIELDS}
    for name, column in columns.items():
        if not isinstance(column, np.ndarray):
            array = np.empty(len(column), dtype=object)
            array[:] = column
            columns[name] = array
    try:
        frame = pd.DataFrame(columns)
    except (TypeError, ValueError):
        return  # pandas itself refuses such columns
    try:
        result = read_frame(frame, errors="quarantine")
    except ValidationError:
        return
    assert len(result.log) + len(result.rejected) == result.rows_read == length
