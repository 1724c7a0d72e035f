"""Parquet and Arrow IPC readers: the same translations as read_frame, batches equal whole."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.evidence import Evidence

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
feather = pytest.importorskip("pyarrow.feather")

RENAMES = {"user": "source", "page": "target", "event": "kind", "at": "timestamp"}


def table(rows: int = 50) -> object:
    return pa.table(
        {
            "user": [f"u{i % 9}" for i in range(rows)],
            "page": pa.array(["firm"] * rows).dictionary_encode(),
            "event": ["Retweet" if i % 3 else "heart" for i in range(rows)],
            "at": [1_704_067_200 + 3600 * i for i in range(rows)],
            "weight": [1.0 + i % 4 for i in range(rows)],
        }
    )


def write(tmp_path: Path, data: object, kind: str = "parquet", **options: object) -> Path:
    path = tmp_path / f"events.{kind}"
    if kind == "parquet":
        pq.write_table(data, path, **options)
    else:
        feather.write_feather(data, path, **options)
    return path


@pytest.mark.parametrize("kind", ["parquet", "arrow"])
def test_columnar_reads_as_read_frame_does(tmp_path: Path, kind: str):
    data = table()
    path = write(tmp_path, data, kind)
    reader = vcc.io.read_parquet if kind == "parquet" else vcc.io.read_arrow
    log = reader(path, columns=RENAMES)
    expected = vcc.io.read_frame(data.to_pandas(), columns=RENAMES)
    assert log == expected
    assert set(log.column("kind").tolist()) == {"share", "like"}


def test_batches_equal_the_whole_file(tmp_path: Path):
    path = write(tmp_path, table(100), row_group_size=33)
    whole = vcc.io.read_parquet(path, columns=RENAMES)
    parts = list(vcc.io.iter_parquet(path, columns=RENAMES, chunk_rows=20))
    assert max(len(part) for part in parts) <= 20
    assert vcc.InteractionLog.concat(parts) == whole
    chunks = vcc.io.iter_parquet(
        path, columns=RENAMES, chunk_rows=20, as_="evidence", actors={"firm": "firm"}
    )
    merged = functools.reduce(Evidence.merge, chunks)
    assert merged == Evidence.from_log(whole, actors={"firm": "firm"})
    assert chunks.rows_read == 100


def test_aware_and_naive_datetimes(tmp_path: Path):
    stamps = np.array(["2024-01-01T09:00"], dtype="datetime64[us]")
    data = pa.table(
        {
            "source": ["a"],
            "target": ["b"],
            "kind": ["like"],
            "timestamp": pa.array(stamps).cast(pa.timestamp("us", tz="Asia/Seoul")),
        }
    )
    path = write(tmp_path, data)
    aware = vcc.io.read_parquet(path, tz="Europe/Paris").column("timestamp")
    assert aware.astype(str).tolist() == ["2024-01-01T09:00:00.000000"]  # in UTC already
    naive = write(tmp_path, data.set_column(3, "timestamp", pa.array(stamps)), "arrow")
    local = vcc.io.read_arrow(naive, tz="Asia/Seoul").column("timestamp")
    assert local.astype(str).tolist() == ["2024-01-01T00:00:00.000000"]


def test_integer_ids_and_quarantine(tmp_path: Path):
    data = pa.table(
        {
            "source": [1, 2, None],
            "target": [7, 7, 7],
            "kind": ["like", "poke", "like"],
            "timestamp": ["2024-01-01", "2024-01-02", "2024-01-03"],
        }
    )
    path = write(tmp_path, data)
    result = vcc.io.read_parquet(path, errors="quarantine")
    assert len(result.log) == 1
    assert [(row.row, row.column) for row in result.rejected] == [(1, "kind"), (2, "source")]
    assert result.rows_read == 3
    with pytest.raises(ValidationError, match=r"row 1.*unknown interaction kind 'poke'"):
        vcc.io.read_parquet(path)


def test_missing_column_and_not_a_parquet_file(tmp_path: Path):
    path = write(tmp_path, table())
    with pytest.raises(ValidationError, match=r"required columns \['source'.*columns=\{"):
        vcc.io.read_parquet(path)
    with pytest.raises(ValidationError, match="not in the file"):
        vcc.io.read_parquet(path, columns={"nope": "source"})
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"source,target\n")
    with pytest.raises(ValidationError, match="cannot read the file as parquet"):
        vcc.io.read_parquet(garbage)
    with pytest.raises(ValidationError, match="cannot read the file as arrow"):
        vcc.io.read_arrow(garbage)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200))
def test_fuzzed_bytes_raise_only_validation_errors(tmp_path: Path, data: bytes):
    path = tmp_path / "fuzz.bin"
    path.write_bytes(data)
    for reader in (vcc.io.read_parquet, vcc.io.read_arrow):
        with pytest.raises(ValidationError):
            reader(path)


def test_from_frame_takes_what_read_frame_takes():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"source": ["a", "b"], "target": ["f", "f"], "kind": ["retweet", "like"],
         "timestamp": [1_704_067_200, 1_704_067_200_000]}
    )  # fmt: skip
    assert vcc.InteractionLog.from_frame(frame) == vcc.io.read_frame(frame)


def test_from_frame_errors_point_to_read_frame():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"source": ["a"], "target": ["f"], "kind": ["poke"], "timestamp": ["2024-01-01"]}
    )
    with pytest.raises(ValidationError, match=r"unknown interaction kind 'poke'.*io\.read_frame"):
        vcc.InteractionLog.from_frame(frame)


def test_from_frame_epoch_numbers_and_missing_values():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"source": ["a", "b"], "target": ["f", "f"], "kind": ["like", "like"],
         "timestamp": [1_704_067_200.0, float("nan")]}
    )  # fmt: skip
    with pytest.raises(ValidationError, match=r"row 1.*timestamp is missing"):
        vcc.InteractionLog.from_frame(frame)
    far = pd.DataFrame({"source": ["a"], "target": ["f"], "kind": ["like"], "timestamp": [10**17]})
    with pytest.raises(ValidationError, match="outside the years 1 to 9999"):
        vcc.InteractionLog.from_frame(far)
