"""Reading CSV files: mapping, kinds, timestamps, encodings, and every odd file we know.

Every file is read by both engines (pyarrow and the stdlib csv module) and the
results, or the errors, must be identical; each test then checks the outcome
itself.
"""

from __future__ import annotations

import codecs
import datetime as dt
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.errors import MissingDependencyError, ValidationError
from valuecocreation.io import KindTable, ReadResult, read_csv

HEADER = "source,target,kind,timestamp,channel,weight\n"
ENGINES = ("python", "pyarrow")


def write(tmp_path: Path, content: str | bytes, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def both(path: Path, **options: Any) -> Any:
    """Read with both engines; they must agree exactly (or fail with the same error)."""
    outcomes = []
    for engine in ENGINES:
        try:
            outcomes.append(("ok", read_csv(path, engine=engine, **options)))
        except ValidationError as error:
            outcomes.append(
                ("error", (str(error), error.line, error.row, error.column, error.value))
            )
    assert outcomes[0] == outcomes[1], outcomes
    kind, outcome = outcomes[0]
    if kind == "error":
        raise ValidationError(
            outcome[0], line=outcome[1], row=outcome[2], column=outcome[3], value=outcome[4]
        )
    return outcome


def quarantined(path: Path, **options: Any) -> ReadResult:
    result = both(path, errors="quarantine", **options)
    assert isinstance(result, ReadResult)
    assert (
        len(result.log) + len(result.rejected)
        == result.rows_read
        == result.accepted + len(result.rejected)
    )
    return result


# ---------------------------------------------------------------------- the basics
def test_a_clean_file_reads_like_from_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "ana,rf,like,2024-01-01T10:00:00,facebook,1.5\n"
        "ben,rf,share,2024-01-02T11:30:00,,2\n",
    )
    log = both(path)
    assert log == vcc.InteractionLog.from_columns(
        source=["ana", "ben"],
        target=["rf", "rf"],
        kind=["like", "share"],
        timestamp=["2024-01-01T10:00:00", "2024-01-02T11:30:00"],
        channel=["facebook", None],
        weight=[1.5, 2.0],
    )


def test_columns_are_mapped_and_other_columns_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path, 'id,user,page,event,at,note\n1,ana,rf,comment,2024-01-01,"hello, world"\n'
    )
    log = both(
        path, columns={"user": "source", "page": "target", "event": "kind", "at": "timestamp"}
    )
    assert log.column("source").tolist() == ["ana"]
    assert log.channels.tolist() == []
    assert log.weights.tolist() == [1.0]


@pytest.mark.parametrize(
    ("header", "columns", "message"),
    [
        (
            "user,page,event,at\n",
            None,
            (
                r"required columns \['source', 'target', 'kind', "
                r"'timestamp'\] are absent; the header has \['user', "
                r"'page', 'event', 'at'\]"
            ),
        ),
        (
            "source,target,kind,timestamp\n",
            {"who": "source"},
            r"columns to map are not in the header",
        ),
        (
            "source,target,kind,timestamp\n",
            {"source": "sauce"},
            r"columns maps 'source' to 'sauce'",
        ),
        (
            "user,source,target,kind,timestamp\n",
            {"user": "source"},
            r"two columns give the field 'source'",
        ),
        ("source,target,kind,kind,timestamp\n", None, r"the header names the column 'kind' twice"),
    ],
)
def test_header_problems_are_errors_whatever_errors_says(
    tmp_path: Path, header: str, columns: dict[str, str] | None, message: str
) -> None:
    path = write(tmp_path, header + "a,b,c,d,e\n")
    for errors in ("raise", "quarantine"):
        with pytest.raises(ValidationError, match=message):
            both(path, columns=columns, errors=errors)


# ---------------------------------------------------------------------- kinds
def test_platform_event_names_are_translated(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp\n"
        + "".join(
            f"u,rf,{name},2024-01-01\n"
            for name in [
                "Retweet",
                " repost ",
                "RESHARE",
                "reaction",
                "Heart",
                "upvote",
                "Thumbs Up",
                "reply",
                "page-view",
                "boost post",
            ]
        ),
    )
    log = both(path, kinds={"Boost Post": "feature"})
    assert log.column("kind").tolist() == [
        "share",
        "share",
        "share",
        "like",
        "like",
        "like",
        "like",
        "reply",
        "visit",
        "feature",
    ]


def test_an_unknown_event_name_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp\nu,rf,like,2024-01-01\n"
        "u,rf,poke,2024-01-02\nu,rf,,2024-01-03\n",
    )
    with pytest.raises(
        ValidationError,
        match=r"events.csv, line 3, column 'kind', value 'poke': "
        r"unknown interaction kind 'poke'",
    ) as caught:
        both(path)
    assert (caught.value.line, caught.value.row, caught.value.column) == (3, 1, "kind")
    result = quarantined(path)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (3, result.rejected[0].reason),
        (4, "kind is missing"),
    ]
    assert "map the name to one with kinds=" in result.rejected[0].reason


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ({"boost": "promote"}, "names 'promote', which is not a kind"),
        ({"": "like"}, "an event name must be non-empty text"),
        ({"reply": "comment"}, "'reply' is the name of a kind and cannot mean another"),
        ({3: "like"}, "an event name must be non-empty text"),
        (["like"], "kinds must be a mapping"),
    ],
)
def test_bad_alias_tables_are_refused(aliases: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        KindTable(aliases)


def test_defaults_can_be_left_out_and_map_only_to_kinds() -> None:
    assert KindTable(defaults=False).lookup("retweet") is None
    assert KindTable(defaults=False).lookup("Share") is vcc.InteractionKind.SHARE
    assert set(vcc.io.DEFAULT_KIND_ALIASES.values()) <= set(vcc.InteractionKind)
    assert not set(vcc.io.DEFAULT_KIND_ALIASES) & {kind.value for kind in vcc.InteractionKind}


# ---------------------------------------------------------------------- timestamps
def test_offsets_and_z_are_converted_to_utc(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp\n"
        "a,b,like,2024-01-01T09:00:00+09:00\na,b,like,2024-01-01T00:00:00Z\n"
        "a,b,like,2023-12-31T19:00:00-05:00\na,b,like,2024-01-01 00:00\n",
    )
    log = both(path)
    assert set(log.timestamps.tolist()) == {dt.datetime(2024, 1, 1)}


def test_epoch_seconds_and_milliseconds(tmp_path: Path) -> None:
    path = write(
        tmp_path, "source,target,kind,timestamp\na,b,like,1704067200\na,b,like,1704067200.5\n"
    )
    seconds = both(path, timestamp="s")
    assert seconds.timestamps.astype("datetime64[ms]").tolist() == [
        dt.datetime(2024, 1, 1),
        dt.datetime(2024, 1, 1, 0, 0, 0, 500_000),
    ]
    assert both(path, timestamp="auto") == seconds
    milliseconds = both(path, timestamp="ms")
    assert milliseconds.timestamps[0] == np.datetime64("1970-01-20T17:21:07.200", "us")


def test_naive_timestamps_in_a_zone(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp\na,b,like,2015-03-01T09:00:00\n"
        "a,b,like,2015-03-01T09:00:00Z\n",
    )
    log = both(path, tz="Asia/Seoul")
    assert log.timestamps.tolist() == [dt.datetime(2015, 3, 1, 0), dt.datetime(2015, 3, 1, 9)]
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
        read_csv(path, tz="Mars/Olympus")
    with pytest.raises(ValidationError, match="timestamp must be one of"):
        read_csv(path, timestamp="unix")


def test_mixed_timestamp_formats_in_one_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp\na,b,like,1704067200\n"
        "a,b,like,2024-01-01T00:00:00Z\na,b,like,01/02/2024\n",
    )
    result = quarantined(path)
    assert len(result.log) == 2
    assert set(result.log.timestamps.tolist()) == {dt.datetime(2024, 1, 1)}
    reason = result.rejected[0].reason
    assert reason.startswith("cannot read '01/02/2024' as an ISO 8601 timestamp; it could be")
    iso = quarantined(path, timestamp="iso")
    assert [row.line for row in iso.rejected] == [2, 4]


# ---------------------------------------------------------------------- weights and ids
def test_mixed_types_in_a_weight_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp,weight\n"
        "a,b,rate,2024-01-01,4\na,b,rate,2024-01-01,four\n"
        "a,b,rate,2024-01-01,4.5\na,b,rate,2024-01-01,\n"
        "a,b,rate,2024-01-01,-1\na,b,rate,2024-01-01,1e400\n"
        "a,b,rate,2024-01-01,nan\na,b,rate,2024-01-01, 3 \n",
    )
    result = quarantined(path)
    assert result.log.weights.tolist() == [4.0, 4.5, 3.0]
    assert [(r.line, r.reason) for r in result.rejected] == [
        (3, "weight is not a number"),
        (5, "weight is missing"),
        (6, "weight is negative; weights must be >= 0"),
        (7, "weight is infinite"),
        (8, "weight is not a number"),
    ]


def test_ids_are_kept_verbatim_and_nul_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source,target,kind,timestamp\n 007 ,rf,like,2024-01-01\n"
        "a\x00b,rf,like,2024-01-01\n,rf,like,2024-01-01\n",
    )
    result = quarantined(path)
    assert result.log.actors.tolist() == [" 007 ", "rf"]
    assert [r.reason for r in result.rejected] == [
        "an identifier must not contain NUL characters",
        "source is missing",
    ]


# ---------------------------------------------------------------------- odd files
def test_an_empty_file(tmp_path: Path) -> None:
    for content in ("", "\n\n", "\ufeff"):
        path = write(tmp_path, content)
        with pytest.raises(ValidationError, match="the file is empty: expected a header line"):
            both(path, errors="quarantine")


def test_a_header_only(tmp_path: Path) -> None:
    for content in (HEADER, HEADER.rstrip("\n"), HEADER + "\n\n"):
        path = write(tmp_path, content)
        assert both(path) == vcc.InteractionLog()
        result = quarantined(path)
        assert result.rows_read == 0
        assert result.clean


def test_a_last_line_without_a_newline(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\na,b,like,2024-01-02,x,2")
    assert both(path).weights.tolist() == [1.0, 2.0]


def test_a_truncated_last_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\na,b,li")
    with pytest.raises(
        ValidationError, match="line 3: the row has 3 fields where the header has 6"
    ):
        both(path)
    result = quarantined(path)
    assert result.rejected[0].fields == ("a", "b", "li")


def test_a_last_line_that_ends_inside_a_quote(tmp_path: Path) -> None:
    for tail in ['"2024-01-02,x,1\n', 'a,b,like,2024-01-02,x,"1', 'a,b,like,"2024-01-02,x,1\n\n']:
        path = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\n" + tail)
        result = quarantined(path)
        assert len(result.log) == 1
        assert result.rejected[0].line == 3
        assert result.rejected[0].reason.startswith("the file ends inside a quoted field")


def test_a_quote_that_is_never_closed_swallows_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + 'a,b,like,2024-01-01,"x,1\na,b,like,2024-01-02,x,1\n')
    result = quarantined(path)
    assert result.rows_read == 1
    assert result.rejected[0].line == 2


def test_a_wrong_delimiter_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "source;target;kind;timestamp\na;b;like;2024-01-01\n")
    with pytest.raises(
        ValidationError, match="the file seems to be delimited by ';', not ','; pass delimiter=';'"
    ):
        both(path)
    assert len(both(path, delimiter=";")) == 1
    tabs = write(tmp_path, "source\ttarget\tkind\ttimestamp\na\tb\tlike\t2024-01-01\n", "t.tsv")
    with pytest.raises(ValidationError, match=r"pass delimiter='\\t'"):
        both(tabs)


def test_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + (HEADER + "a,b,like,2024-01-01,x,1\n").encode())
    assert len(both(path)) == 1
    assert len(both(path, encoding="utf-8-sig")) == 1


def test_utf16_needs_saying_so(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + "añ,b,like,2024-01-01,x,1\n").encode("utf-16"))
    with pytest.raises(ValidationError, match="UTF-16 byte-order mark; pass encoding='utf-16'"):
        both(path)
    assert both(path, encoding="utf-16").actors.tolist() == ["añ", "b"]
    no_mark = write(tmp_path, (HEADER + "a,b,like,2024-01-01,x,1\n").encode("utf-16-le"))
    with pytest.raises(ValidationError, match="NUL characters: the file is probably UTF-16"):
        both(no_mark)


def test_other_encodings_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, (HEADER + "José,Müller,like,2024-01-01,x,1\n").encode("cp1252"))
    assert both(path, encoding="cp1252").actors.tolist() == ["José", "Müller"]
    with pytest.raises(ValidationError, match="unknown encoding 'klingon'"):
        both(path, encoding="klingon")


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (HEADER + "ana,b,like,2024-01-01,x,1\n").encode()
        + "José,b,like,2024-01-01,x,1\n".encode("cp1252")
        + b"ben,b,like,2024-01-01,x,1\n",
    )
    with pytest.raises(
        ValidationError,
        match=r"line 3, column 'source', .*bytes that are not "
        r"valid utf-8 text",
    ):
        both(path)
    result = quarantined(path)
    assert result.log.actors.tolist() == ["ana", "b", "ben"]
    assert result.rejected[0].line == 3
    rejects = result.write_rejected(tmp_path / "rejects.csv")
    assert b"Jos\xe9" in rejects.read_bytes()  # written back as the bytes it was


def test_an_enormous_field_is_rejected_unless_a_quote_hides_its_end(tmp_path: Path) -> None:
    import csv  # noqa: PLC0415

    limit = csv.field_size_limit()
    huge = "a,b,like,2024-01-01," + "y" * (limit + 1) + ",1"
    path = write(
        tmp_path, HEADER + "a,b,like,2024-01-01,x,1\n" + huge + "\n" + "c,d,like,2024-01-01,x,1\n"
    )
    with pytest.raises(ValidationError, match=f"line 3: a field is longer than {limit:,}"):
        both(path)
    result = quarantined(path)  # no quote: the record is one line, the rest is read
    assert (len(result.log), result.rejected[0].line, result.rejected[0].fields) == (2, 3, (huge,))
    quoted = write(
        tmp_path, HEADER + 'a,b,like,2024-01-01,"' + "y" * (limit + 1) + '",1\n', "q.csv"
    )
    for errors in ("raise", "quarantine"):
        with pytest.raises(ValidationError, match=f"line 2: a field is longer than {limit:,}"):
            both(quoted, errors=errors)
    at_limit = write(tmp_path, HEADER + "a,b,like,2024-01-01," + "y" * limit + ",1\n", "ok.csv")
    assert len(both(at_limit)) == 1


def test_line_numbers_count_quoted_breaks_blank_lines_and_any_line_ending(tmp_path: Path) -> None:
    content = (
        HEADER.replace("\n", "\r\n")
        + '"multi\r\nline",b,like,2024-01-01,x,1\r\n\r\n'
        + ",,,,,\r\n"
        + "a,b,poke,2024-01-01,x,1\r"
        + 'a,b,like,2024-01-01,"x\ny",1\n'
        + "a,b,bad,2024-01-01,x,1\n"
    )
    path = write(tmp_path, content)
    result = quarantined(path)
    assert result.rows_read == 4  # the blank line and the line of empty fields are not rows
    assert [(row.line, row.row, row.value) for row in result.rejected] == [
        (6, 1, "poke"),
        (9, 3, "bad"),
    ]
    assert result.log.column("source").tolist() == ["multi\r\nline", "a"]


def test_rows_with_the_wrong_number_of_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER + "a,b,like,2024-01-01,x,1,extra\na,b,like,2024-01-01,x,1\njustone\n"
    )
    result = quarantined(path)
    assert [(r.line, r.fields, r.reason) for r in result.rejected] == [
        (
            2,
            ("a", "b", "like", "2024-01-01", "x", "1", "extra"),
            "the row has 7 fields where the header has 6",
        ),
        (4, ("justone",), "the row has 1 fields where the header has 6"),
    ]


# ---------------------------------------------------------------------- quarantine
def test_rejected_rows_are_verbatim_and_can_be_written_and_fixed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "user,page,event,at,comment\n"
        'ana,rf,poke,2024-01-01,"hi, there"\nben,rf,like,2024-13-01,x\n'
        "cai,rf,like,2024-01-02,ok\n",
    )
    mapping = {"user": "source", "page": "target", "event": "kind", "at": "timestamp"}
    result = quarantined(path, columns=mapping)
    assert result.reasons() == {
        "cannot read '2024-13-01' as an ISO 8601 timestamp": 1,
        result.rejected[0].reason: 1,
    }
    first = result.rejected[0]
    assert (first.fields, first.column, first.value) == (
        ("ana", "rf", "poke", "2024-01-01", "hi, there"),
        "event",
        "poke",
    )
    rejects = result.write_rejected(tmp_path / "rejects.csv")
    import csv  # noqa: PLC0415

    with rejects.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["line", "row", "column", "reason", "user", "page", "event", "at", "comment"]
    assert rows[1][:3] == ["2", "0", "event"]
    assert rows[1][4:] == list(first.fields)
    fixed = write(
        tmp_path,
        "user,page,event,at,comment\n"
        + "".join(",".join(f'"{v}"' for v in row[4:]) + "\n" for row in rows[1:])
        .replace("poke", "like")
        .replace("2024-13-01", "2024-12-01"),
        "fixed.csv",
    )
    assert len(both(fixed, columns=mapping)) == 2


def test_arguments_are_checked(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER)
    for options, message in [
        ({"errors": "ignore"}, "errors must be one of"),
        ({"engine": "rust"}, "engine must be one of"),
        ({"delimiter": ",,"}, "delimiter must be one character"),
        ({"delimiter": '"'}, "delimiter must be one character"),
        ({"tz": 9}, "tz must be an IANA time zone name"),
    ]:
        with pytest.raises(ValidationError, match=message):
            read_csv(path, **options)


def test_without_pyarrow_the_python_engine_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\n")
    expected = read_csv(path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)
    assert read_csv(path) == expected  # engine="auto" falls back
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[io\]"):
        read_csv(path, engine="pyarrow")


def test_the_pyarrow_engine_hands_the_python_engine_only_what_it_must(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from valuecocreation.io import _engine_arrow  # noqa: PLC0415

    calls: list[int | None] = []
    original = _engine_arrow.python_chunks

    def spy(file: Any, **options: Any) -> Any:
        calls.append(options.get("start_line"))
        return original(file, **options)

    monkeypatch.setattr(_engine_arrow, "python_chunks", spy)
    clean = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\n" * 5)
    read_csv(clean, engine="pyarrow")
    list(vcc.io.iter_csv(clean, engine="pyarrow", chunk_rows=2))
    assert calls == []  # no quote, no malformed record: Arrow reads it all
    quoted = write(tmp_path, HEADER + 'a,b,like,2024-01-01,"x",1\n' * 5, "quoted.csv")
    read_csv(quoted, engine="pyarrow")
    assert calls == [6]  # only the last record, which a quote could have left open


# ---------------------------------------------------------------------- hostile files
def _wrong_width_file(tmp_path: Path, rows: int, name: str = "race.csv") -> Path:
    """The race file: a header of four columns, then a one-field record on every line."""
    return write(tmp_path, "source,target,kind,timestamp\n" + "a\n" * rows, name)


@pytest.mark.parametrize("limit", [4, 1 << 20])
def test_wrong_width_records_over_many_arrow_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # Regression: Arrow's read-ahead thread wrote invalid records into a dict the
    # main thread was iterating ("dictionary changed size during iteration").
    # Small blocks give many blocks, so the read-ahead runs while batches are
    # numbered; a small limit hands the rest to the Python engine, a large one
    # keeps Arrow numbering every record.
    from valuecocreation.io import _engine_arrow  # noqa: PLC0415

    monkeypatch.setattr(_engine_arrow, "STREAM_BLOCK_BYTES", 256)
    monkeypatch.setattr(_engine_arrow, "INVALID_LIMIT", limit)
    content = (
        "source,target,kind,timestamp\n" + "a\n" * 300 + "ana,shop,like,2024-01-01\n" + "a\n" * 300
    )
    path = write(tmp_path, content)
    result = quarantined(path)
    assert (result.rows_read, len(result.rejected), result.log.column("source").tolist()) == (
        601,
        600,
        ["ana"],
    )
    assert result.rejected[300].line == 303
    chunks = vcc.io.iter_csv(path, engine="pyarrow", errors="quarantine", chunk_rows=50)
    assert sum(len(log) for log in chunks) == 1
    assert [row.line for row in chunks.rejected] == [row.line for row in result.rejected]


def test_in_raise_mode_the_first_wrong_width_record_is_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from valuecocreation.io import _engine_python  # noqa: PLC0415

    path = _wrong_width_file(tmp_path, 200_000)
    records: list[int] = []
    original = _engine_python._chunk

    def counting(*arguments: Any) -> Any:
        chunk = original(*arguments)
        records.append(chunk.rows_read)
        return chunk

    monkeypatch.setattr(_engine_python, "_chunk", counting)
    for engine in ENGINES:
        with pytest.raises(ValidationError, match="line 2: the row has 1 fields"):
            read_csv(path, engine=engine)
        with pytest.raises(ValidationError, match="line 2: the row has 1 fields"):
            list(vcc.io.iter_csv(path, engine=engine))
    # The error comes after a first small piece, not after the whole file.
    assert sum(records) < 20_000, records


def test_invalid_records_are_safe_to_report_from_other_threads() -> None:
    import threading  # noqa: PLC0415
    from types import SimpleNamespace  # noqa: PLC0415

    from valuecocreation.io._engine_arrow import InvalidRecords  # noqa: PLC0415

    records = InvalidRecords(stop_at_first=False, limit=1 << 30)

    def report(first: int) -> None:
        for number in range(first, first + 20_000):
            assert records.handler(SimpleNamespace(number=number, text="a")) == "skip"

    threads = [threading.Thread(target=report, args=(k * 20_000,)) for k in range(3)]
    for thread in threads:
        thread.start()
    taken = 0
    while any(thread.is_alive() for thread in threads) or records:
        numbers = records.numbers_from(0)[:500]
        taken += len(records.take(numbers))
    for thread in threads:
        thread.join()
    assert taken == 60_000
    stopping = InvalidRecords(stop_at_first=False, limit=1)
    assert stopping.handler(SimpleNamespace(number=2, text="a")) == "skip"
    assert stopping.handler(SimpleNamespace(number=3, text="a")) == "error"
    assert stopping.stopped


@pytest.mark.parametrize("errors", ["raise", "quarantine"])
def test_a_process_reading_the_race_file_exits(tmp_path: Path, errors: str) -> None:
    # Regression: Arrow's threads outlived the read, and the interpreter never exited.
    import subprocess  # noqa: PLC0415

    path = _wrong_width_file(tmp_path, 40_000)
    code = (
        "import sys, valuecocreation as vcc\n"
        "from valuecocreation.io import _engine_arrow\n"
        "_engine_arrow.STREAM_BLOCK_BYTES = 4096\n"
        "try:\n"
        f"    print(vcc.io.read_csv(sys.argv[1], errors={errors!r}, engine='pyarrow'))\n"
        "except vcc.ValidationError as error:\n"
        "    print(error.line)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    expected = "2" if errors == "raise" else "<ReadResult: 40,000 rows read, 0 accepted"
    assert done.stdout.startswith(expected), done.stdout + done.stderr


@pytest.mark.parametrize("encoding", ["hex", "base64", "rot13", "zlib", "punycode", "idna"])
def test_codecs_that_cannot_read_text_files_are_refused(tmp_path: Path, encoding: str) -> None:
    # Regression: LookupError (hex, base64, rot13, zlib) and UnicodeError (punycode).
    path = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\n")
    with pytest.raises(ValidationError, match="not a text encoding") as raised:
        both(path, encoding=encoding)
    assert raised.value.column == "encoding"


def test_utf16_without_a_byte_order_mark_is_a_validation_error(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "a,b,like,2024-01-01,x,1\n")
    with pytest.raises(ValidationError, match="cannot be decoded as utf-16"):
        both(path, encoding="utf-16")


def test_zero_with_any_exponent_is_the_epoch(tmp_path: Path) -> None:
    # Regression: "0e21" and "0E+30" were "outside the years 1 to 9999", "0e20" was not.
    values = ["0", "0e20", "0e21", "0E+30", "-0e99", "0.0e400"]
    path = write(tmp_path, HEADER + "".join(f"a,b,like,{v},x,1\n" for v in values))
    log = both(path)
    assert set(log.column("timestamp").astype("datetime64[s]").astype(str)) == {
        "1970-01-01T00:00:00"
    }
    with pytest.raises(ValidationError, match="outside the years"):
        both(write(tmp_path, HEADER + "a,b,like,1e21,x,1\n", "big.csv"))


def test_identity_rules_are_the_same_in_every_reader(tmp_path: Path) -> None:
    # Regression: whitespace-only ids were accepted; composed and decomposed "café"
    # became two actors without a word.
    path = write(
        tmp_path,
        HEADER
        + "   ,shop,like,2024-01-01,,1\n"
        + "ana,\t,like,2024-01-01,,1\n"
        + "ana,shop,like,2024-01-01, ,1\n"
        + "1,01,like,2024-01-01,,1\n"
        + "1.0,shop,like,2024-01-01,,1\n",
    )
    result = quarantined(path)
    assert [(row.line, row.column) for row in result.rejected] == [
        (2, "source"),
        (3, "target"),
        (4, "channel"),
    ]
    assert {row.reason for row in result.rejected} == {"an identifier must not be only whitespace"}
    assert result.log.actors.tolist() == ["01", "1", "1.0", "shop"]  # kept apart, as written
    lookalikes = write(
        tmp_path,
        HEADER + "caf\u00e9,shop,like,2024-01-01,,1\n" + "cafe\u0301,shop,like,2024-01-01,,1\n",
        "nfc.csv",
    )
    for engine in ENGINES:
        with pytest.warns(vcc.errors.IdentityWarning, match="differ only in Unicode normalisation"):
            log = read_csv(lookalikes, engine=engine)
        assert len(log.actors) == 3


@pytest.mark.parametrize("values", [["5000000000"], ["1700000000", "1700000000000", "99999999999"]])
def test_auto_warns_when_the_epoch_unit_is_doubtful(tmp_path: Path, values: list[str]) -> None:
    # Milliseconds before 1973-03-03 are below 1e11: "auto" reads them as seconds.
    path = write(tmp_path, HEADER + "".join(f"a,b,like,{v},x,1\n" for v in values))
    for engine in ENGINES:
        with pytest.warns(vcc.errors.TimestampWarning, match="timestamp='ms'"):
            read_csv(path, engine=engine)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_csv(path, timestamp="ms")  # said: no doubt


def test_a_local_time_the_clocks_skip_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "a,b,like,2024-03-31T02:30:00,x,1\n"  # Berlin skips 02:00-03:00
        + "a,b,like,2024-10-27T02:30:00,x,1\n",  # and repeats 02:00-03:00: the first
    )
    result = quarantined(path, tz="Europe/Berlin")
    assert [row.line for row in result.rejected] == [2]
    assert "does not exist in Europe/Berlin" in result.rejected[0].reason
    assert result.log.column("timestamp").astype(str).tolist() == ["2024-10-27T00:30:00.000000"]
