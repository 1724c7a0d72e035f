"""Reading JSON Lines, DataFrames and actors tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.io import (
    ActorsResult,
    read_actors,
    read_actors_csv,
    read_csv,
    read_frame,
    read_jsonl,
)


def test_json_lines_follow_the_csv_rules(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"source": "ana", "target": "rf", "kind": "Retweet", "timestamp": 1704067200}\n'
        "\n"
        '{"source": 7, "target": "rf", "kind": "like", "timestamp": "2024-01-01T09:00:00+09:00",'
        ' "channel": null, "weight": "2.5"}\n'
        '{"source": "cai", "target": "rf", "kind": "like", "timestamp": "2024-01-01",'
        ' "channel": "fb", "weight": 3, "comment": "ignored"}\n',
        encoding="utf-8",
    )
    log = read_jsonl(path)
    assert log.column("source").tolist() == ["ana", "7", "cai"]
    assert log.column("kind").tolist() == ["share", "like", "like"]
    assert set(log.timestamps.tolist()) == {dt.datetime(2024, 1, 1)}
    assert log.weights.tolist() == [1.0, 2.5, 3.0]
    assert log.column("channel").tolist() == [None, None, "fb"]


def test_json_lines_bad_rows_keep_the_line_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [
        '{"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-01-01"}',
        "[1, 2]",
        "{broken",
        '{"source": true, "target": "rf", "kind": "like", "timestamp": "2024-01-01"}',
        '{"target": "rf", "kind": "like", "timestamp": 0, "weight": null}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_jsonl(path, errors="quarantine")
    assert (result.rows_read, len(result.log)) == (5, 1)
    assert [(row.line, row.fields, row.reason) for row in result.rejected] == [
        (2, (lines[1],), "a line must hold a JSON object, not list"),
        (3, (lines[2],), "not valid JSON: Expecting property name enclosed in double quotes"),
        (4, (lines[3],), "True (bool) cannot be an identifier; ids are text or integers"),
        (5, (lines[4],), "source is missing"),
    ]
    with pytest.raises(ValidationError, match=r"events.jsonl, line 2: a line must hold"):
        read_jsonl(path)
    mapped = tmp_path / "mapped.jsonl"
    mapped.write_text('{"user": "ana", "page": "rf", "type": "poke", "at": 0}\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="line 1, column 'type', value 'poke'"):
        read_jsonl(
            mapped, columns={"user": "source", "page": "target", "type": "kind", "at": "timestamp"}
        )


def test_json_lines_numbers_in_iso_mode_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        '{"source": "a", "target": "b", "kind": "like", "timestamp": 1704067200}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="is a number; pass timestamp='s' or 'ms'"):
        read_jsonl(path, timestamp="iso")
    assert (
        read_jsonl(path, timestamp="s").timestamps[0]
        == vcc.InteractionLog.from_columns(
            source=["a"], target=["b"], kind=["like"], timestamp=["2024-01-01"]
        ).timestamps[0]
    )


FRAME = {
    "user": ["ana", "ben", "cai"],
    "page": ["rf", "rf", "rf"],
    "event": ["Retweet", "heart", "comment"],
    "at": [dt.datetime(2015, 3, 1, 9), dt.datetime(2015, 3, 1, 18), dt.datetime(2015, 3, 2)],
}
MAPPING = {"user": "source", "page": "target", "event": "kind", "at": "timestamp"}


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_frames_of_every_backend_read_alike(backend: str) -> None:
    frame = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table}[backend](FRAME)
    log = read_frame(frame, columns=MAPPING, tz="Asia/Seoul")
    assert log.column("kind").tolist() == ["share", "like", "comment"]
    assert log.timestamps.tolist()[0] == dt.datetime(2015, 3, 1, 0)


def test_aware_datetime_columns_ignore_tz() -> None:
    frame = pd.DataFrame(FRAME)
    frame["at"] = frame["at"].dt.tz_localize("Europe/Paris")
    log = read_frame(frame, columns=MAPPING, tz="Asia/Seoul")
    assert log.timestamps.tolist()[0] == dt.datetime(2015, 3, 1, 8)


def test_frame_rows_are_quarantined_by_position() -> None:
    frame = pd.DataFrame({**FRAME, "event": ["like", "poke", None]})
    result = read_frame(frame, columns=MAPPING, errors="quarantine", origin="frame")
    assert [(row.line, row.row, row.column, row.value) for row in result.rejected] == [
        (None, 1, "event", "poke"),
        (None, 2, "event", ""),
    ]
    with pytest.raises(ValidationError, match=r"^frame, row 1, column 'event', value 'poke'"):
        read_frame(frame, columns=MAPPING, origin="frame")


def test_frame_text_and_numbers_take_the_text_rules() -> None:
    frame = pd.DataFrame(
        {
            "source": ["a", "b", "c"],
            "target": ["f", "f", "f"],
            "kind": ["rate"] * 3,
            "timestamp": ["1704067200", 1704067200, None],
            "weight": ["4.5", 3, "x"],
        }
    )
    result = read_frame(frame, errors="quarantine")
    assert result.log.weights.tolist() == [4.5, 3.0]
    assert [row.reason for row in result.rejected] == ["timestamp is missing"]


def test_a_lazy_frame_is_refused() -> None:
    with pytest.raises(ValidationError, match="collect a lazy frame first"):
        read_frame(pl.DataFrame(FRAME).lazy(), columns=MAPPING)


# ---------------------------------------------------------------------- actors
def test_actors_from_csv_with_roles_and_attributes(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "account,type,country,tier\nrecordfarm, Firm ,KR,\nana,,KR,gold\n"
        "ana,user,KR,gold\nben,critic,US,\n,user,KR,\nrecordfarm,user,KR,\n",
        encoding="utf-8",
    )
    mapping = {"account": "id", "type": "role"}
    for engine in ("python", "pyarrow"):
        result = read_actors_csv(path, columns=mapping, errors="quarantine", engine=engine)
        assert isinstance(result, ActorsResult)
        assert [(a.id, a.role.value, dict(a.attributes)) for a in result.actors] == [
            ("recordfarm", "firm", {"country": "KR"}),
            ("ana", "user", {"country": "KR", "tier": "gold"}),
        ]
        assert [(row.line, row.reason) for row in result.rejected] == [
            (
                5,
                (
                    "unknown role 'critic'; valid roles are: firm, user, creator, partner, "
                    "competitor"
                ),
            ),
            (6, "id is missing"),
            (7, "actor 'recordfarm' is listed again with another role (line 2 says firm)"),
        ]
        assert result.accepted + len(result.rejected) == result.rows_read == 6
    with pytest.raises(ValidationError, match=r"actors\.csv, line 5, column 'type'"):
        read_actors_csv(path, columns=mapping)


def test_actors_read_go_straight_to_assess(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\nrf,ana,feature,2024-01-01\nana,rf,like,2024-01-02\n",
        encoding="utf-8",
    )
    actors = read_actors([{"id": "rf", "role": "firm"}, {"id": "ana", "segment": "early"}])
    result = vcc.assess(read_csv(events), actors=actors)
    assert result == vcc.assess(read_csv(events), actors={"rf": "firm"})


def test_actors_from_frames_keep_attribute_types() -> None:
    frame = pl.DataFrame({"handle": ["rf", "ana"], "role": ["firm", None], "fans": [10, 3]})
    actors = read_actors(frame, columns={"handle": "id"})
    assert [dict(actor.attributes) for actor in actors] == [{"fans": 10}, {"fans": 3}]
    with pytest.raises(ValidationError, match="the required column 'id' is absent"):
        read_actors(frame)
    with pytest.raises(ValidationError, match="records must be mappings"):
        read_actors([["rf", "firm"]])
    conflicting = read_actors([{"id": "a", "x": 1}, {"id": "a", "x": 2}], errors="quarantine")
    assert conflicting.rejected[0].reason.startswith(
        "actor 'a' is listed again with another attributes (an earlier row says"
    )


def test_an_actor_row_one_field_short_is_a_bad_row(tmp_path: Path) -> None:
    """The rule of every CSV reader: a short row is rejected, never padded."""
    path = tmp_path / "actors.csv"
    path.write_text("id,role,country\nrf,firm,KR\nana,user\nben,user,US\n", encoding="utf-8")
    for engine in ("python", "pyarrow"):
        result = read_actors_csv(path, errors="quarantine", engine=engine)
        assert [actor.id for actor in result.actors] == ["rf", "ben"]
        assert [(row.line, row.row, row.fields, row.reason) for row in result.rejected] == [
            (3, 1, ("ana", "user"), "the row has 2 fields where the header has 3")
        ]
        rejects = result.rejects
        assert (rejects.rows_read, rejects.accepted, rejects.rows, rejects.lines) == (
            3,
            2,
            (1,),
            (3,),
        )
        assert rejects.rejected == result.rejected
    with pytest.raises(ValidationError, match="line 3: the row has 2 fields where the header"):
        read_actors_csv(path)


def test_json_lines_with_a_huge_integer_keep_the_other_rows(tmp_path: Path) -> None:
    # Regression: ValueError escaped even with errors="quarantine", losing every row.
    good = '{"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-01"}'
    huge = '{"source": ' + "1" * 5000 + ', "target": "shop", "kind": "like", "timestamp": 0}'
    deep = '{"source": ' + "[" * 10_000 + "]" * 10_000 + "}"
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join([good, huge, deep, good]) + "\n", encoding="utf-8")
    result = vcc.io.read_jsonl(path, errors="quarantine")
    assert (len(result.log), [row.line for row in result.rejected]) == (2, [2, 3])
    assert "4,300 digits" in result.rejected[0].reason
    assert "nested more than" in result.rejected[1].reason
    with pytest.raises(ValidationError, match="line 2"):
        vcc.io.read_jsonl(path)


def test_a_frame_with_a_repeated_column_name_is_a_validation_error() -> None:
    # Regression: narwhals' DuplicateError escaped.
    row = ["ana", "shop", "like", "2024-01-01", "x"]
    names = ["source", "target", "kind", "timestamp", "source"]
    for frame in (
        pd.DataFrame([row], columns=names),
        pa.table([[value] for value in row], names=names),
    ):
        with pytest.raises(ValidationError, match="two columns named 'source'"):
            vcc.io.read_frame(frame)
    renamed = pd.DataFrame([row], columns=[*names[:4], "user"])
    with pytest.raises(ValidationError, match="after renaming"):
        vcc.io.read_frame(renamed, columns={"user": "source"})


def test_json_ids_follow_the_csv_identity_rule(tmp_path: Path) -> None:
    # Regression: 1, "1" and 1.0 merged into one actor; a CSV file keeps "1.0" apart.
    lines = [
        f'{{"source": {source}, "target": "shop", "kind": "like", "timestamp": "2024-01-01"}}'
        for source in ("1", '"1"', "1.0", '"01"')
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = vcc.io.read_jsonl(path, errors="quarantine")
    assert result.log.actors.tolist() == ["01", "1", "shop"]  # 1 is "1", as in a CSV file
    assert [row.line for row in result.rejected] == [3]
    assert "JSON floats are not ids" in result.rejected[0].reason
