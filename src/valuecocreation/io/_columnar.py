"""Reading interaction logs from columnar files: Parquet and Arrow IPC (Feather v2).

The files hold typed columns, so nothing is parsed that need not be: text
columns (plain or dictionary-encoded) go to the same validation as the CSV
engines' Arrow text, and numbers, datetimes and dates to the same validation as a
DataFrame's (:func:`~valuecocreation.io.read_frame`): epoch numbers as
``timestamp=`` says, event names through the alias table, naive datetimes in
``tz``, time-zone-aware ones converted to UTC. The file is read in record batches
(a Parquet row group at a time, at most ``chunk_rows`` rows), so
:func:`iter_parquet` holds one batch in memory. Rows have no line; rejected rows
give their position among the rows read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal, overload

import numpy as np

from valuecocreation._core.csvfile import check_mapping
from valuecocreation._core.optional import require
from valuecocreation.errors import ValidationError
from valuecocreation.evidence import ActorsLike, Evidence, Period
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, resolve_framework
from valuecocreation.io._memory import release_freed_memory
from valuecocreation.io._options import Errors, KindsLike, check_choice, check_count, rules_of
from valuecocreation.io._result import ReadResult, RejectedRow, Rejects
from valuecocreation.io._text import ArrowColumn
from valuecocreation.io._validate import AnyColumn, Chunk, Rules, validate
from valuecocreation.io._values import ValueColumn
from valuecocreation.log import COLUMNS, REQUIRED_COLUMNS, InteractionLog
from valuecocreation.mapping import ConditionMap

__all__ = ["ColumnarChunks", "iter_arrow", "iter_parquet", "read_arrow", "read_parquet"]

_ARROW_MAGIC: Final = b"ARROW1"
Format = Literal["parquet", "arrow"]


class _Source:
    """One columnar file: its columns, which of them give which field, and its batches."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        kind: Format,
        *,
        columns: Mapping[str, str] | None,
        kinds: KindsLike | None,
        timestamp: str,
        tz: object,
        errors: str,
    ) -> None:
        self.errors = check_choice(errors, "errors", ("raise", "quarantine"))
        self.rules: Rules = rules_of(kinds, timestamp, tz)
        self.name = str(path)
        self.kind = kind
        self.path = Path(path)
        renames = check_mapping(columns, COLUMNS, self.name)
        self.pa = require("pyarrow", extra="io", feature=f"reading {kind} files")
        names = self._names()
        absent = [column for column in renames if column not in names]
        if absent:
            raise ValidationError(
                f"columns to rename are not in the file: {absent}; it has {names}",
                source=self.name,
                column=absent[0],
            )
        # A column renamed to another field no longer gives the field of its own name.
        column_of = {field: field for field in COLUMNS if field in names and field not in renames}
        column_of.update({field: column for column, field in renames.items()})
        missing = [field for field in REQUIRED_COLUMNS if field not in column_of]
        if missing:
            raise ValidationError(
                f"required columns {missing} are absent; the file has {names} "
                "(map your column names with columns={...})",
                source=self.name,
                column=missing[0],
            )
        self.fields = [field for field in COLUMNS if field in column_of]
        self.header = tuple(column_of[field] for field in self.fields)
        self.layout = {field: position for position, field in enumerate(self.fields)}

    def _names(self) -> list[str]:
        try:
            if self.kind == "parquet":
                import pyarrow.parquet as pq  # noqa: PLC0415 - the io extra

                return list(pq.read_schema(self.path).names)
            return list(self._open_ipc().schema.names)
        except (OSError, self.pa.ArrowInvalid) as error:
            raise ValidationError(
                f"cannot read the file as {self.kind}: {error}", source=self.name
            ) from None

    def _open_ipc(self) -> Any:  # noqa: ANN401 - a pyarrow reader
        with self.path.open("rb") as stream:
            magic = stream.read(len(_ARROW_MAGIC))
        source = self.pa.memory_map(str(self.path))
        if magic == _ARROW_MAGIC:
            return self.pa.ipc.open_file(source)
        return self.pa.ipc.open_stream(source)

    def batches(self, rows: int) -> Iterator[Any]:
        """Record batches of at most ``rows`` rows, holding the columns read only."""
        try:
            if self.kind == "parquet":
                import pyarrow.parquet as pq  # noqa: PLC0415 - the io extra

                file = pq.ParquetFile(self.path, memory_map=True)
                yield from file.iter_batches(batch_size=rows, columns=list(self.header))
                return
            reader = self._open_ipc()
            if hasattr(reader, "num_record_batches"):
                parts = (reader.get_batch(i) for i in range(reader.num_record_batches))
            else:
                parts = iter(reader)
            for batch in parts:
                selected = batch.select(list(self.header))
                for start in range(0, max(len(selected), 1), rows):
                    if len(selected):
                        yield selected.slice(start, rows)
        except (OSError, self.pa.ArrowInvalid) as error:
            raise ValidationError(
                f"cannot read the file as {self.kind}: {error}", source=self.name
            ) from None

    def whole(self) -> Any:  # noqa: ANN401 - a pyarrow Table
        """The columns read, all rows at once (one validation: ids are encoded once)."""
        try:
            if self.kind == "parquet":
                import pyarrow.parquet as pq  # noqa: PLC0415 - the io extra

                return pq.read_table(self.path, columns=list(self.header), memory_map=True)
            return self._open_ipc().read_all().select(list(self.header))
        except (OSError, self.pa.ArrowInvalid) as error:
            raise ValidationError(
                f"cannot read the file as {self.kind}: {error}", source=self.name
            ) from None

    def chunk(self, batch: Any, first_row: int) -> tuple[Chunk, Rules]:  # noqa: ANN401
        """The batch as a chunk for validation, and the rules for it."""
        rules = self.rules
        columns: list[AnyColumn] = []
        for field, array in zip(self.fields, batch.columns, strict=True):
            column, aware = _column(self.pa, array)
            if field == "timestamp" and aware:
                rules = rules._replace(zone=None)  # converted to UTC already
            columns.append(column)
        length = len(batch)
        return (
            Chunk(
                columns=columns,
                rows=np.arange(first_row, first_row + length, dtype=np.int64),
                lines=np.full(length, -1, dtype=np.int64),
                bad=[],
                rows_read=length,
            ),
            rules,
        )

    def check(self, batch: Any, first_row: int) -> tuple[InteractionLog, list[RejectedRow]]:  # noqa: ANN401
        """Validate a batch; in ``raise`` mode, raise for its first bad row."""
        chunk, rules = self.chunk(batch, first_row)
        raising = self.errors == "raise"
        log, rejected = validate(chunk, self.layout, self.header, rules, first_only=raising)
        if raising and rejected:
            raise rejected[0].error(self.name)
        assert log is not None
        return log, rejected


def _column(pa: Any, array: Any) -> tuple[AnyColumn, bool]:  # noqa: ANN401
    """An Arrow array as a column for validation, and whether it holds aware datetimes."""
    kind = array.type
    if pa.types.is_dictionary(kind):
        array, kind = array.cast(kind.value_type), kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        import pyarrow.compute as pc  # noqa: PLC0415 - the io extra

        text = array.cast(pa.string())
        if text.null_count:
            text = pc.fill_null(text, "")
        if not isinstance(text, pa.ChunkedArray):
            text = pa.chunked_array([text], type=pa.string())
        return ArrowColumn(text), False
    aware = False
    if pa.types.is_timestamp(kind):
        aware = kind.tz is not None
        array = array.cast(pa.timestamp(kind.unit))  # aware values are held in UTC
    return ValueColumn(array.to_numpy(zero_copy_only=False)), aware


class ColumnarChunks:
    """The record batches of a columnar file, as logs or evidence (see :func:`iter_parquet`)."""

    def __init__(
        self,
        source: _Source,
        *,
        chunk_rows: int,
        as_: str,
        evidence_options: dict[str, object],
    ) -> None:
        self._source = source
        self._chunk_rows = chunk_rows
        self._as = as_
        self._evidence_options = evidence_options
        self.rows_read = 0
        """Rows read so far."""
        self.accepted = 0
        """Rows accepted so far."""
        self.rejected: list[RejectedRow] = []
        """Rows rejected so far (with ``errors="quarantine"``), in file order."""

    @property
    def header(self) -> tuple[str, ...]:
        """The file's columns that are read, in field order."""
        return self._source.header

    @property
    def source(self) -> str:
        """The file's name, as messages give it."""
        return self._source.name

    def __iter__(self) -> Iterator[InteractionLog | Evidence]:
        self.rows_read, self.accepted, self.rejected = 0, 0, []
        for batch in self._source.batches(self._chunk_rows):
            log, rejected = self._source.check(batch, self.rows_read)
            del batch
            self.rows_read += len(log) + len(rejected)
            self.accepted += len(log)
            self.rejected.extend(rejected)
            result: InteractionLog | Evidence = log
            if self._as == "evidence":
                result = Evidence.from_log(log, **self._evidence_options)  # type: ignore[arg-type]
                del log
            release_freed_memory()
            yield result
            del result

    @property
    def rejects(self) -> Rejects:
        """The rows rejected so far, as the :class:`~valuecocreation.io.Rejects` record."""
        return Rejects.from_rows(
            self.rejected, rows_read=self.rows_read, header=self.header, source=self.source
        )

    def write_rejected(self, path: str | os.PathLike[str]) -> None:
        """Write the rows rejected so far to CSV, as :func:`~valuecocreation.io.write_rejected`."""
        from valuecocreation.io._result import write_rejected  # noqa: PLC0415

        write_rejected(self.rejected, path, header=self.header)

    def __repr__(self) -> str:
        return (
            f"<ColumnarChunks of {self.source}: {self.rows_read:,} rows read, "
            f"{self.accepted:,} accepted, {len(self.rejected):,} rejected so far>"
        )


def _read(source: _Source, batch_rows: int | None) -> InteractionLog | ReadResult:
    logs, rejected, rows_read = [], [], 0
    batches = [source.whole()] if batch_rows is None else source.batches(batch_rows)
    for batch in batches:
        log, bad = source.check(batch, rows_read)
        rows_read += len(log) + len(bad)
        logs.append(log)
        rejected.extend(bad)
    log = logs[0] if len(logs) == 1 else InteractionLog.concat(logs)
    if source.errors == "raise":
        return log
    return ReadResult(
        log=log, rejected=rejected, rows_read=rows_read, header=source.header, source=source.name
    )


@overload
def read_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    errors: Literal["raise"] = ...,
    batch_rows: int | None = ...,
) -> InteractionLog: ...
@overload
def read_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    errors: Literal["quarantine"],
    batch_rows: int | None = ...,
) -> ReadResult: ...


def read_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    errors: Errors = "raise",
    batch_rows: int | None = None,
) -> InteractionLog | ReadResult:
    """Read a Parquet file of interactions (needs pyarrow: the ``io`` extra).

    The arguments are those of :func:`~valuecocreation.io.read_csv`, and the
    columns may be text, dictionary-encoded text, integers (ids, epoch time),
    floats, datetimes or dates. The file is validated whole (its ids encoded
    once), or ``batch_rows`` rows at a time when given; :func:`iter_parquet`
    reads it in bounded memory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pyarrow as pa, pyarrow.parquet as pq
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.parquet")
    >>> pq.write_table(pa.table({"user": ["ana", "ben"], "page": ["firm", "firm"],
    ...                          "event": ["Retweet", "heart"], "at": [1704067200, 1704153600]}),
    ...                path)
    >>> log = read_parquet(path, columns={"user": "source", "page": "target",
    ...                                   "event": "kind", "at": "timestamp"})
    >>> log.column("kind").tolist(), log.time_span[0].isoformat()
    (['share', 'like'], '2024-01-01T00:00:00+00:00')
    >>> folder.cleanup()
    """
    source = _Source(
        path, "parquet", columns=columns, kinds=kinds, timestamp=timestamp, tz=tz, errors=errors
    )
    return _read(source, None if batch_rows is None else check_count(batch_rows, "batch_rows"))


@overload
def read_arrow(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    errors: Literal["raise"] = ...,
    batch_rows: int | None = ...,
) -> InteractionLog: ...
@overload
def read_arrow(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    errors: Literal["quarantine"],
    batch_rows: int | None = ...,
) -> ReadResult: ...


def read_arrow(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    errors: Errors = "raise",
    batch_rows: int | None = None,
) -> InteractionLog | ReadResult:
    """Read an Arrow IPC file or stream (Feather v2) of interactions, as :func:`read_parquet`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pyarrow as pa, pyarrow.feather as feather
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.arrow")
    >>> feather.write_feather(pa.table({"source": ["ana"], "target": ["firm"],
    ...                                 "kind": ["like"], "timestamp": ["2024-01-01"]}), path)
    >>> len(read_arrow(path))
    1
    >>> folder.cleanup()
    """
    source = _Source(
        path, "arrow", columns=columns, kinds=kinds, timestamp=timestamp, tz=tz, errors=errors
    )
    return _read(source, None if batch_rows is None else check_count(batch_rows, "batch_rows"))


def _iterate(
    path: str | os.PathLike[str],
    kind: Format,
    *,
    chunk_rows: int,
    as_: str,
    columns: Mapping[str, str] | None,
    kinds: KindsLike | None,
    timestamp: str,
    tz: object,
    errors: str,
    framework: Framework | str,
    mapping: ConditionMap | None,
    actors: ActorsLike | None,
    period: Period | None,
    segment_by: str | None,
) -> ColumnarChunks:
    as_checked = check_choice(as_, "as_", ("log", "evidence"))
    options: dict[str, object] = {
        "framework": resolve_framework(framework) if as_checked == "evidence" else framework,
        "mapping": mapping,
        "actors": actors,
        "period": period,
        "segment_by": segment_by,
    }
    if as_checked == "log" and any(
        value is not None for name, value in options.items() if name != "framework"
    ):
        raise ValidationError(
            "mapping, actors, period and segment_by apply to as_='evidence'",
            column="as_",
            value=as_,
        )
    source = _Source(
        path, kind, columns=columns, kinds=kinds, timestamp=timestamp, tz=tz, errors=errors
    )
    return ColumnarChunks(
        source,
        chunk_rows=check_count(chunk_rows, "chunk_rows"),
        as_=as_checked,
        evidence_options=options,
    )


def iter_parquet(
    path: str | os.PathLike[str],
    *,
    chunk_rows: int = 1_000_000,
    as_: Literal["log", "evidence"] = "log",
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    errors: Errors = "raise",
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    actors: ActorsLike | None = None,
    period: Period | None = None,
    segment_by: str | None = None,
) -> ColumnarChunks:
    """Read a Parquet file batch by batch, as logs or evidence, in bounded memory.

    As :func:`~valuecocreation.io.iter_csv`: each chunk holds at most
    ``chunk_rows`` rows (a row group is never read whole when it is larger), and
    the merged evidence of the chunks equals the evidence of the whole file.

    Examples
    --------
    >>> import functools, tempfile, pathlib
    >>> import pyarrow as pa, pyarrow.parquet as pq
    >>> from valuecocreation.evidence import Evidence
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.parquet")
    >>> table = pa.table({"source": [f"user{i % 7}" for i in range(100)],
    ...                   "target": ["firm"] * 100, "kind": ["like"] * 100,
    ...                   "timestamp": [f"2024-01-{1 + i % 28:02d}" for i in range(100)]})
    >>> pq.write_table(table, path, row_group_size=40)
    >>> chunks = iter_parquet(path, chunk_rows=30, as_="evidence", actors={"firm": "firm"})
    >>> evidence = functools.reduce(Evidence.merge, chunks)
    >>> chunks.rows_read, evidence == Evidence.from_log(read_parquet(path), actors={"firm": "firm"})
    (100, True)
    >>> folder.cleanup()
    """
    return _iterate(
        path,
        "parquet",
        chunk_rows=chunk_rows,
        as_=as_,
        columns=columns,
        kinds=kinds,
        timestamp=timestamp,
        tz=tz,
        errors=errors,
        framework=framework,
        mapping=mapping,
        actors=actors,
        period=period,
        segment_by=segment_by,
    )


def iter_arrow(
    path: str | os.PathLike[str],
    *,
    chunk_rows: int = 1_000_000,
    as_: Literal["log", "evidence"] = "log",
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    errors: Errors = "raise",
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    actors: ActorsLike | None = None,
    period: Period | None = None,
    segment_by: str | None = None,
) -> ColumnarChunks:
    """Read an Arrow IPC file or stream batch by batch, as :func:`iter_parquet`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pyarrow as pa, pyarrow.feather as feather
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.arrow")
    >>> feather.write_feather(pa.table({"source": ["ana", "ben", "cy"], "target": ["f"] * 3,
    ...                                 "kind": ["like"] * 3, "timestamp": ["2024-01-01"] * 3}),
    ...                       path)
    >>> [len(log) for log in iter_arrow(path, chunk_rows=2)]
    [2, 1]
    >>> folder.cleanup()
    """
    return _iterate(
        path,
        "arrow",
        chunk_rows=chunk_rows,
        as_=as_,
        columns=columns,
        kinds=kinds,
        timestamp=timestamp,
        tz=tz,
        errors=errors,
        framework=framework,
        mapping=mapping,
        actors=actors,
        period=period,
        segment_by=segment_by,
    )
