"""Reading interaction logs from JSON Lines files and from DataFrames.

Both hold typed values rather than text, and go through the same validation as
CSV files (:mod:`~valuecocreation.io._validate`) with
:class:`~valuecocreation.io._values.ValueColumn` columns: ids by the log's rule,
kind names through the alias table, timestamps as the ``timestamp`` argument
says, and the same choice between raising and quarantining.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal, overload

import numpy as np
from attrs import evolve

from valuecocreation._core.csvfile import check_mapping, has_surrogates, open_text, text_codec
from valuecocreation._core.frames import columns_from_frame
from valuecocreation._core.serial import parse_json
from valuecocreation.errors import ValidationError
from valuecocreation.io._options import Errors, KindsLike, check_choice, rules_of
from valuecocreation.io._result import ReadResult, RejectedRow
from valuecocreation.io._validate import Chunk, Rules, validate
from valuecocreation.io._values import ValueColumn
from valuecocreation.log import COLUMNS, REQUIRED_COLUMNS, InteractionLog

__all__ = ["read_frame", "read_jsonl"]

_CHUNK_LINES: Final = 1 << 16
_DEFAULTS: Final[dict[str, object]] = {"channel": None, "weight": 1.0}
_LAYOUT: Final = {field: position for position, field in enumerate(COLUMNS)}


def _finish(
    parts: list[tuple[InteractionLog | None, list[RejectedRow]]],
    rows_read: int,
    errors: str,
    header: tuple[str, ...],
    source: str | None,
) -> InteractionLog | ReadResult:
    logs = [log for log, _ in parts if log is not None]
    log = (logs[0] if len(logs) == 1 else InteractionLog.concat(logs)) if logs else InteractionLog()
    if errors == "raise":
        return log
    return ReadResult(
        log=log,
        rejected=[row for _, rows in parts for row in rows],
        rows_read=rows_read,
        header=header,
        source=source,
    )


def _check(
    chunk: Chunk,
    layout: dict[str, int],
    header: tuple[str, ...],
    rules: Rules,
    *,
    errors: str,
    source: str | None,
    verbatim: int | None = None,
) -> tuple[InteractionLog | None, list[RejectedRow]]:
    """Validate a chunk; ``verbatim`` is the column holding each row as written."""
    raising = errors == "raise"
    log, rejected = validate(chunk, layout, header, rules, first_only=raising)
    if verbatim is not None:
        rejected = [
            evolve(row, fields=(row.fields[verbatim],)) if len(row.fields) == len(header) else row
            for row in rejected
        ]
    if raising and rejected:
        raise rejected[0].error(source)
    return log, rejected


# ---------------------------------------------------------------------- JSON Lines
@overload
def read_jsonl(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    encoding: str = ...,
    errors: Literal["raise"] = ...,
) -> InteractionLog: ...
@overload
def read_jsonl(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    encoding: str = ...,
    errors: Literal["quarantine"],
) -> ReadResult: ...


def read_jsonl(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    encoding: str = "utf-8",
    errors: Errors = "raise",
) -> InteractionLog | ReadResult:
    r"""Read a JSON Lines file of interactions: one JSON object per line.

    Each object has the fields ``source``, ``target``, ``kind`` and ``timestamp``
    (after renaming with ``columns``) and may have ``channel`` and ``weight``;
    other keys are not read. A field that is absent takes its default (no channel,
    weight 1); a field that is ``null`` is missing, which is an error for every
    field but ``channel``. Blank lines are skipped. A line that is not a JSON
    object is a bad row. Ids may be text or integers; timestamps ISO 8601 text or,
    as ``timestamp`` says, epoch numbers. The other arguments are those of
    :func:`~valuecocreation.io.read_csv`; rejected rows keep the line verbatim as
    their one field.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "events.jsonl")
    >>> _ = path.write_text(
    ...     '{"user": "ana", "page": "firm", "type": "upvote", "at": 1704067200}\n'
    ...     '{"user": "ben", "page": "firm", "type": "share", "at": "2024-01-02"}\n'
    ...     'not json\n', encoding="utf-8")
    >>> result = read_jsonl(path, columns={"user": "source", "page": "target",
    ...                                    "type": "kind", "at": "timestamp"},
    ...                     errors="quarantine")
    >>> result.log.column("kind").tolist(), [row.line for row in result.rejected]
    (['like', 'share'], [3])
    >>> folder.cleanup()
    """
    checked = check_choice(errors, "errors", ("raise", "quarantine"))
    rules = rules_of(kinds, timestamp, tz)
    name = str(path)
    renames = check_mapping(columns, COLUMNS, name)
    key_of = {field: field for field in COLUMNS}
    key_of.update({field: column for column, field in renames.items()})
    header = (*(key_of[field] for field in COLUMNS), "json")
    where = Path(path)
    codec = text_codec(where, encoding)
    parts, rows_read = [], 0
    for chunk in _json_chunks(where, codec, key_of):
        parts.append(
            _check(
                chunk, _LAYOUT, header, rules, errors=checked, source=name, verbatim=len(COLUMNS)
            )
        )
        rows_read += chunk.rows_read
    return _finish(parts, rows_read, checked, header, name)


def _json_chunks(path: Path, codec: str, key_of: dict[str, str]) -> Iterator[Chunk]:
    values: list[list[object]] = [[] for _ in range(len(COLUMNS) + 1)]
    rows: list[int] = []
    lines: list[int] = []
    bad: list[RejectedRow] = []
    row = 0
    with open_text(path, codec) as stream:
        try:
            for line_number, line in enumerate(stream, start=1):
                text = line.rstrip("\r\n")
                if not text.strip():
                    continue
                record, reason = _record(text, codec)
                if record is not None:
                    reason = _float_id(record, key_of)
                    record = None if reason else record
                if record is None:
                    bad.append(
                        RejectedRow(line=line_number, row=row, fields=(text,), reason=reason)
                    )
                else:
                    for position, field in enumerate(COLUMNS):
                        key = key_of[field]
                        values[position].append(
                            record[key] if key in record else _DEFAULTS.get(field)
                        )
                    values[-1].append(text)
                    rows.append(row)
                    lines.append(line_number)
                row += 1
                if len(rows) + len(bad) >= _CHUNK_LINES:
                    yield _json_chunk(values, rows, lines, bad)
                    values = [[] for _ in range(len(COLUMNS) + 1)]
                    rows, lines, bad = [], [], []
        except UnicodeError as error:  # UTF-16 without a mark: the base class
            raise ValidationError(
                f"the file cannot be decoded as {codec}: {getattr(error, 'reason', error)}; "
                "pass the file's encoding",
                source=str(path),
                column="encoding",
            ) from None
    if rows or bad:
        yield _json_chunk(values, rows, lines, bad)


_ID_FIELDS: Final = ("source", "target", "channel")


def _float_id(record: dict[str, Any], key_of: dict[str, str]) -> str:
    """Why an id of the record is refused: a JSON number with a fraction or exponent.

    JSON integers are ids by their decimal text (``1`` is ``"1"``, as in a CSV
    file); ``1.0`` would have to become ``"1"`` or ``"1.0"``, and either merges or
    splits actors that the file's author may mean otherwise, so it is refused.
    """
    for field in _ID_FIELDS:
        value = record.get(key_of[field])
        if isinstance(value, float):
            return (
                f"{field} is the number {value!r}; write an id as text or an integer "
                "(JSON floats are not ids)"
            )
    return ""


def _record(text: str, codec: str) -> tuple[dict[str, Any] | None, str]:
    if has_surrogates(text):
        return None, f"the line holds bytes that are not valid {codec} text"
    try:
        record = parse_json(text, constants=True, where=False)  # NaN weights are the row's problem
    except ValidationError as error:
        return None, error.reason
    if not isinstance(record, dict):
        return None, f"a line must hold a JSON object, not {type(record).__name__}"
    return record, ""


def _json_chunk(
    values: list[list[object]], rows: list[int], lines: list[int], bad: list[RejectedRow]
) -> Chunk:
    columns = [ValueColumn(column) for column in values]
    return Chunk(
        columns=columns,
        rows=np.array(rows, dtype=np.int64),
        lines=np.array(lines, dtype=np.int64),
        bad=bad,
        rows_read=len(rows) + len(bad),
    )


# ---------------------------------------------------------------------- DataFrames
@overload
def read_frame(
    frame: Any,  # noqa: ANN401
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    errors: Literal["raise"] = ...,
    origin: str | None = ...,
) -> InteractionLog: ...
@overload
def read_frame(
    frame: Any,  # noqa: ANN401
    *,
    columns: Mapping[str, str] | None = ...,
    kinds: KindsLike | None = ...,
    timestamp: str = ...,
    tz: object = ...,
    errors: Literal["quarantine"],
    origin: str | None = ...,
) -> ReadResult: ...


def read_frame(
    frame: Any,
    *,
    columns: Mapping[str, str] | None = None,
    kinds: KindsLike | None = None,
    timestamp: str = "auto",
    tz: object = None,
    errors: Errors = "raise",
    origin: str | None = None,
) -> InteractionLog | ReadResult:
    """Read a pandas, polars or pyarrow table of interactions (through narwhals).

    Like :meth:`InteractionLog.from_frame <valuecocreation.log.InteractionLog.from_frame>`,
    with what the file readers add: event names through the alias table
    (``kinds``), epoch numbers and naive times in a zone (``timestamp``, ``tz``),
    and ``errors="quarantine"``. Time-zone-aware datetime columns keep their zone
    and ignore ``tz``. Rows are numbered from 0 (rejected rows have no line);
    ``origin`` names the data in messages.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"user": ["ana", "ben"], "page": ["firm", "firm"],
    ...                       "event": ["Retweet", "heart"], "at": [1704067200, 1704153600]})
    >>> log = read_frame(frame, columns={"user": "source", "page": "target",
    ...                                  "event": "kind", "at": "timestamp"}, timestamp="s")
    >>> log.column("kind").tolist(), log.time_span[0].isoformat()
    (['share', 'like'], '2024-01-01T00:00:00+00:00')
    """
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light

    checked = check_choice(errors, "errors", ("raise", "quarantine"))
    rules = rules_of(kinds, timestamp, tz)
    renames = check_mapping(columns, COLUMNS, origin)
    arrays = columns_from_frame(
        frame, rename=renames, fields=COLUMNS, required=REQUIRED_COLUMNS, origin=origin
    )
    table = nw.from_native(frame, eager_only=True).rename(renames)
    kind = table.schema["timestamp"]
    if isinstance(kind, nw.Datetime) and kind.time_zone is not None:
        rules = rules._replace(zone=None)  # converted to UTC already
    present = [field for field in COLUMNS if field in arrays]
    layout = {field: position for position, field in enumerate(present)}
    key_of = {field: field for field in COLUMNS}
    key_of.update({field: column for column, field in renames.items()})
    header = tuple(key_of[field] for field in present)
    length = len(arrays["source"])
    chunk = Chunk(
        columns=[ValueColumn(arrays[field]) for field in present],
        rows=np.arange(length, dtype=np.int64),
        lines=np.full(length, -1, dtype=np.int64),  # -1: rows have no line
        bad=[],
        rows_read=length,
    )
    return _finish(
        [_check(chunk, layout, header, rules, errors=checked, source=origin)],
        length,
        checked,
        header,
        origin,
    )
