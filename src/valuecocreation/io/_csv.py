"""Reading interaction logs from CSV files: :func:`read_csv` and :func:`iter_csv`."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator, Iterator, Mapping
from typing import Any, Final, Literal, overload

import attrs
import numpy as np

from valuecocreation._core.csvfile import CsvFile, open_csv_file
from valuecocreation.errors import ValidationError
from valuecocreation.evidence import ActorsLike, Evidence, Period
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, resolve_framework
from valuecocreation.io._chunks import join_chunks, rechunk
from valuecocreation.io._engine_arrow import arrow_chunks, arrow_whole
from valuecocreation.io._engine_python import python_chunks
from valuecocreation.io._memory import release_freed_memory
from valuecocreation.io._options import (
    Engine,
    Errors,
    KindsLike,
    check_choice,
    check_constants,
    check_count,
    check_delimiter,
    engine_of,
    rules_of,
)
from valuecocreation.io._result import ReadResult, RejectedRow, Rejects, write_rejected
from valuecocreation.io._text import ArrowColumn, StrColumn, utf8_of
from valuecocreation.io._validate import Chunk, Rules, validate
from valuecocreation.io._whitespace import constant_column
from valuecocreation.log import COLUMNS, REQUIRED_COLUMNS, InteractionLog
from valuecocreation.mapping import ConditionMap

__all__ = ["CsvChunks", "Reading", "iter_csv", "read_csv"]

_PYTHON_PIECE: Final = 1 << 16  # rows the Python engine validates at a time in read_csv
_ARROW_STRING_BYTES: Final = 1 << 31  # the text an Arrow string array's offsets can address


class Reading:
    """One reading of a file: its layout, its rules and the engine to use."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        columns: Mapping[str, str] | None,
        kinds: KindsLike | None,
        timestamp: str,
        tz: object,
        encoding: str,
        delimiter: str,
        errors: str,
        engine: str,
        fields: tuple[str, ...] = COLUMNS,
        required: tuple[str, ...] = REQUIRED_COLUMNS,
        constants: Mapping[str, str] | None = None,
    ) -> None:
        self.errors = check_choice(errors, "errors", ("raise", "quarantine"))
        self.engine = engine_of(engine)
        self.rules: Rules = rules_of(kinds, timestamp, tz)
        self.constants = check_constants(constants, str(path))
        self.file: CsvFile = open_csv_file(
            path,
            encoding=encoding,
            delimiter=check_delimiter(delimiter),
            columns=columns,
            fields=fields,
            required=tuple(field for field in required if field not in self.constants),
        )
        given = [field for field in self.constants if field in self.file.layout]
        if given:
            raise ValidationError(
                f"the field {given[0]!r} is given both by the column "
                f"{self.file.header[self.file.layout[given[0]]]!r} and as a constant",
                source=self.file.name,
                column=given[0],
            )
        # Constants are columns after the file's own, one value for every row.
        self.layout = {
            **self.file.layout,
            **{field: self.width + at for at, field in enumerate(self.constants)},
        }
        self.header = (*self.file.header, *self.constants)

    @property
    def width(self) -> int:
        """The number of the file's columns."""
        return len(self.file.header)

    def pieces(self, *, whole: bool, rows: int = _PYTHON_PIECE) -> Generator[Chunk, None, None]:
        """The engine's chunks; the Python engine's hold at most ``rows`` rows read."""
        if self.engine == "python":
            return python_chunks(self.file, rows=min(rows, _PYTHON_PIECE))
        # In raise mode the first record Arrow finds invalid is the error to raise:
        # the Python engine words it at once, instead of Arrow reading on.
        stop = self.errors == "raise"
        if whole:
            return arrow_whole(self.file, stop_at_invalid=stop)
        return arrow_chunks(self.file, stop_at_invalid=stop)

    def check(self, chunk: Chunk) -> tuple[InteractionLog, list[RejectedRow]]:
        """Validate a chunk; in ``raise`` mode, raise for its first bad row."""
        raising = self.errors == "raise"
        if self.constants:
            rows = len(chunk.rows)
            extra = [constant_column(value, rows) for value in self.constants.values()]
            chunk = chunk._replace(columns=[*chunk.columns, *extra])
        log, rejected = validate(chunk, self.layout, self.header, self.rules, first_only=raising)
        if self.constants:  # rejected rows keep the file's fields only, verbatim
            rejected = [
                attrs.evolve(row, fields=row.fields[: self.width])
                if len(row.fields) == len(self.header)
                else row
                for row in rejected
            ]
        if raising and rejected:
            raise rejected[0].error(self.file.name)
        assert log is not None
        return log, rejected


@overload
def read_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    encoding: str = ...,
    delimiter: str = ...,
    errors: Literal["raise"] = ...,
    engine: Engine = ...,
    constants: Mapping[str, str] | None = ...,
) -> InteractionLog: ...
@overload
def read_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    encoding: str = ...,
    delimiter: str = ...,
    errors: Literal["quarantine"],
    engine: Engine = ...,
    constants: Mapping[str, str] | None = ...,
) -> ReadResult: ...


def read_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    encoding: str = "utf-8",
    delimiter: str = ",",
    errors: Errors = "raise",
    engine: Engine = "auto",
    constants: Mapping[str, str] | None = None,
) -> InteractionLog | ReadResult:
    r"""Read a CSV file of interactions into an :class:`~valuecocreation.log.InteractionLog`.

    The file has a header line naming its columns. Four give the required fields
    ``source``, ``target``, ``kind`` and ``timestamp``; ``channel`` and ``weight``
    are optional; other columns are not read (but are kept in rejected rows).

    Parameters
    ----------
    path
        The file.
    columns
        Your column names for the fields, ``{"user_id": "source", "created_at":
        "timestamp", ...}``.
    kinds
        Event names of your export and the interaction kind each one means, added to
        :data:`~valuecocreation.io.DEFAULT_KIND_ALIASES` (yours win); or a
        :class:`~valuecocreation.io.KindTable`. Names are compared ignoring case,
        surrounding blanks and spaces or hyphens for underscores.
    timestamp
        ``"iso"`` for ISO 8601 text, ``"s"`` or ``"ms"`` for epoch seconds or
        milliseconds, or ``"auto"`` (the default): plain numbers are epoch time
        (seconds below 1e11, milliseconds above), anything else ISO 8601.
    tz
        The time zone of naive timestamps (an IANA name such as ``"Asia/Seoul"``, or
        a :class:`datetime.tzinfo`); ``None`` means UTC. Timestamps with an offset
        or ``Z`` keep their own.
    encoding
        The file's text encoding; a UTF-8 byte-order mark is skipped.
    delimiter
        The field separator (one character).
    errors
        ``"raise"`` (the default): the first bad row raises
        :class:`~valuecocreation.errors.ValidationError` naming the file, line,
        column, value and reason. ``"quarantine"``: bad rows are set aside and a
        :class:`~valuecocreation.io.ReadResult` is returned.
    engine
        ``"pyarrow"`` (fast; needs pyarrow), ``"python"`` (the stdlib csv module),
        or ``"auto"``: pyarrow when it is installed. Both give identical results.
    constants
        Fields no column gives, with one value for every row, such as
        ``{"kind": "message"}`` for an export of one kind of event.

    Returns
    -------
    InteractionLog or ReadResult
        The log, or with ``errors="quarantine"`` the log and the rejected rows.

    Raises
    ------
    ValidationError
        For a bad row (with ``errors="raise"``) and, whatever ``errors`` says, for a
        file without a header, a required column missing, an unknown encoding, a
        field longer than the csv module's limit, or a bad argument.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.csv")
    >>> _ = path.write_text(
    ...     "user,page,event,time\n"
    ...     "ana,recordfarm,Retweet,2015-03-01T09:00:00+09:00\n"
    ...     "ben,recordfarm,poke,2015-03-01T10:00:00Z\n", encoding="utf-8")
    >>> mapping = {"user": "source", "page": "target", "event": "kind", "time": "timestamp"}
    >>> read_csv(path, columns=mapping)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: .../events.csv, line 3, column 'event',
    value 'poke': unknown interaction kind 'poke'; ...
    >>> result = read_csv(path, columns=mapping, errors="quarantine")
    >>> result
    <ReadResult: 2 rows read, 1 accepted, 1 rejected>
    >>> result.log.column("kind").tolist(), result.rejected[0].line
    (['share'], 3)
    >>> folder.cleanup()
    """
    reading = Reading(
        path,
        columns=columns,
        kinds=kinds,
        timestamp=timestamp,
        tz=tz,
        encoding=encoding,
        delimiter=delimiter,
        errors=errors,
        engine=engine,
        constants=constants,
    )
    if reading.engine == "pyarrow":
        # One validation of the whole file: ids are encoded once, not chunk by chunk.
        chunks = [join_chunks(_arrow_pieces(reading), reading.width)]
    else:
        chunks = reading.pieces(whole=True)  # type: ignore[assignment]
    parts, rows_read = [], 0
    for chunk in chunks:
        parts.append(reading.check(chunk))
        rows_read += chunk.rows_read
    log = parts[0][0] if len(parts) == 1 else InteractionLog.concat(p[0] for p in parts)
    if reading.errors == "raise":
        return log
    return ReadResult(
        log=log,
        rejected=[row for _, rows in parts for row in rows],
        rows_read=rows_read,
        header=reading.file.header,
        source=reading.file.name,
    )


def _arrow_pieces(reading: Reading) -> list[Chunk]:
    """The pyarrow engine's pieces of the whole file, as Arrow columns.

    In ``raise`` mode, a piece holding a row rejected for its structure ends the
    reading: the first bad row of the pieces so far is raised, without reading on.
    """
    pieces: list[Chunk] = []
    # Closed when left early, so that Arrow's reader stops now, not at collection.
    with contextlib.closing(reading.pieces(whole=True)) as engine:
        for piece in engine:
            pieces.append(_arrowised(piece))
            if piece.bad and reading.errors == "raise":
                for earlier in pieces:
                    reading.check(earlier)  # raises for the first bad row
    return pieces


def _arrowised(chunk: Chunk) -> Chunk:
    """A chunk whose Python-string columns are converted to Arrow (to join Arrow's)."""
    if not any(isinstance(column, StrColumn) for column in chunk.columns):
        return chunk
    columns = [
        ArrowColumn(_arrow_strings(column.values)) if isinstance(column, StrColumn) else column
        for column in chunk.columns
    ]
    return chunk._replace(columns=columns)


def _arrow_strings(values: list[str]) -> Any:  # noqa: ANN401 - a pyarrow ChunkedArray
    """Strings as an Arrow string column, built from their UTF-8 bytes.

    (``pyarrow.array`` of a list would first import pandas, when it is installed,
    to ask whether the list is a pandas object: a second, for nothing.)
    """
    import pyarrow as pa  # noqa: PLC0415 - only with the pyarrow engine

    data, offsets = utf8_of(values)
    if len(data) >= _ARROW_STRING_BYTES:
        array = pa.array(values, type=pa.large_string()).cast(pa.string())
    else:
        array = pa.StringArray.from_buffers(
            len(values), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)
        )
    return pa.chunked_array([array], type=pa.string())


def _until_bad(pieces: Generator[Chunk, None, None]) -> Generator[Chunk, None, None]:
    """The pieces up to the first holding a row rejected for its structure.

    In ``raise`` mode the chunk that piece ends up in raises (for its first bad
    row, which may come before): reading on to fill the chunk would only delay it.
    """
    with contextlib.closing(pieces):  # stops Arrow's reader at once
        for piece in pieces:
            yield piece
            if piece.bad:
                return


class CsvChunks:
    """The chunks of a CSV file, as logs or evidence: what :func:`iter_csv` returns.

    Iterate over it to read the file (again, each time). As it goes, it counts the
    rows read and accepted and, with ``errors="quarantine"``, keeps the rejected
    rows (in memory: a file of nothing but bad rows would hold them all).
    """

    def __init__(
        self, reading: Reading, *, chunk_rows: int, as_: str, evidence_options: dict[str, object]
    ) -> None:
        self._reading = reading
        self._chunk_rows = chunk_rows
        self._as = as_
        self._evidence_options = evidence_options
        self.rows_read = 0
        """Rows read so far (the header and blank lines are not rows)."""
        self.accepted = 0
        """Rows accepted so far."""
        self.rejected: list[RejectedRow] = []
        """Rows rejected so far (with ``errors="quarantine"``), in file order."""

    @property
    def header(self) -> tuple[str, ...]:
        """The file's column names."""
        return self._reading.file.header

    @property
    def source(self) -> str:
        """The file's name, as messages give it."""
        return self._reading.file.name

    def __iter__(self) -> Iterator[InteractionLog | Evidence]:
        self.rows_read, self.accepted, self.rejected = 0, 0, []
        reading = self._reading
        engine = reading.pieces(whole=False, rows=self._chunk_rows)
        pieces = _until_bad(engine) if reading.errors == "raise" else engine
        for chunk in rechunk(pieces, self._chunk_rows, reading.width):
            log, rejected = reading.check(chunk)
            del chunk
            self.rows_read += len(log) + len(rejected)
            self.accepted += len(log)
            self.rejected.extend(rejected)
            result: InteractionLog | Evidence = log
            if self._as == "evidence":
                result = Evidence.from_log(log, **self._evidence_options)  # type: ignore[arg-type]
                del log
            release_freed_memory()  # keeps the resident set that of one chunk
            yield result
            del result
            release_freed_memory()  # and what the caller freed meanwhile (merges)

    @property
    def rejects(self) -> Rejects:
        """The rows rejected so far, as the :class:`~valuecocreation.io.Rejects` record."""
        return Rejects.from_rows(
            self.rejected, rows_read=self.rows_read, header=self.header, source=self.source
        )

    def write_rejected(self, path: str | os.PathLike[str]) -> None:
        """Write the rows rejected so far to CSV, as :func:`~valuecocreation.io.write_rejected`."""
        write_rejected(self.rejected, path, header=self.header)

    def __repr__(self) -> str:
        return (
            f"<CsvChunks of {self.source}: {self.rows_read:,} rows read, "
            f"{self.accepted:,} accepted, {len(self.rejected):,} rejected so far>"
        )


def iter_csv(
    path: str | os.PathLike[str],
    *,
    chunk_rows: int = 1_000_000,
    as_: Literal["log", "evidence"] = "log",
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    encoding: str = "utf-8",
    delimiter: str = ",",
    errors: Errors = "raise",
    engine: Engine = "auto",
    constants: Mapping[str, str] | None = None,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    actors: ActorsLike | None = None,
    period: Period | None = None,
    segment_by: str | None = None,
) -> CsvChunks:
    r"""Read a CSV file chunk by chunk, as logs or as evidence, in bounded memory.

    Each chunk holds ``chunk_rows`` rows read (the last fewer), whichever engine
    reads the file, and every message and rejected row gives lines of the whole
    file. Evidence is mergeable, so ``Evidence.merge`` of the chunks' evidence
    equals the evidence of the whole file, exactly, and so do their assessments.

    Parameters
    ----------
    chunk_rows
        Rows read per chunk (bad rows included).
    as_
        ``"log"`` to get an :class:`~valuecocreation.log.InteractionLog` per chunk,
        ``"evidence"`` for its :class:`~valuecocreation.evidence.Evidence`.
    framework, mapping, actors, period, segment_by
        For ``as_="evidence"``: passed to
        :meth:`Evidence.from_log <valuecocreation.evidence.Evidence.from_log>`
        (``framework`` may be the name of an installed framework package; an
        unknown name fails before the file is read).
    columns, kinds, timestamp, tz, encoding, delimiter, errors, engine, constants
        As for :func:`read_csv`. With ``errors="raise"`` the chunks before the
        first bad row have been given out when it raises.

    Returns
    -------
    CsvChunks
        Iterate over it for the chunks; it counts rows and keeps rejected rows.

    Examples
    --------
    >>> import functools, tempfile, pathlib
    >>> import valuecocreation as vcc
    >>> from valuecocreation.evidence import Evidence
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.csv")
    >>> rows = [f"user{i % 7},firm,like,2024-01-{1 + i % 28:02d}" for i in range(100)]
    >>> _ = path.write_text("source,target,kind,timestamp\n" + "\n".join(rows) + "\n")
    >>> chunks = iter_csv(path, chunk_rows=30, as_="evidence", actors={"firm": "firm"})
    >>> evidence = functools.reduce(Evidence.merge, chunks)
    >>> chunks.rows_read, evidence == Evidence.from_log(read_csv(path), actors={"firm": "firm"})
    (100, True)
    >>> streamed = vcc.assess(evidence).condition("content").value
    >>> streamed == vcc.assess(read_csv(path), actors={"firm": "firm"}).condition("content").value
    True
    >>> folder.cleanup()
    """
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
    reading = Reading(
        path,
        columns=columns,
        kinds=kinds,
        timestamp=timestamp,
        tz=tz,
        encoding=encoding,
        delimiter=delimiter,
        errors=errors,
        engine=engine,
        constants=constants,
    )
    return CsvChunks(
        reading,
        chunk_rows=check_count(chunk_rows, "chunk_rows"),
        as_=as_checked,
        evidence_options=options,
    )
