"""From text columns to a log and its rejected rows: the one validation every engine uses.

Each field is checked by the log's own rules: ids by
:func:`~valuecocreation._core.factorize.why_not_id`, weights by the log's weight rule,
timestamps by its range rule, and the log is assembled by
``InteractionLog._from_parts``. What this module adds is reading text (numbers,
timestamps, kind names through the alias table) and keeping the verdicts per row
as :class:`~valuecocreation._core.problems.ColumnProblem` records, so that a reader
can either raise for the first bad row or set the bad rows aside.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._core.columns import coerce_weights
from valuecocreation._core.factorize import MISSING, TEXT_DTYPE, Encoding, why_not_id
from valuecocreation._core.problems import ColumnProblem
from valuecocreation._core.times import TIME_DTYPE, timestamp_column
from valuecocreation.errors import IdentityWarning
from valuecocreation.io._aliases import KindTable
from valuecocreation.io._numbers import read_decimals, to_floats
from valuecocreation.io._result import RejectedRow
from valuecocreation.io._text import ArrowColumn, Column
from valuecocreation.io._times import TimeMode, read_times
from valuecocreation.io._values import ValueColumn, value_ids, value_times, value_weights
from valuecocreation.log import InteractionLog
from valuecocreation.model import InteractionKind

__all__ = ["AnyColumn", "Chunk", "Rules", "validate"]

AnyColumn = Column | ValueColumn
"""A column of text (from a CSV engine) or of typed values (JSON Lines, DataFrames)."""

_KIND_NAMES: Final = ", ".join(kind.value for kind in InteractionKind)
_THREADED_ROWS: Final = 1 << 17  # below this, threads cost more than they save
_THREADS: Final = min(4, os.cpu_count() or 1)
_KIND_DTYPE: Final = np.dtype(np.uint8)


class Rules(NamedTuple):
    """How to read the fields: the kind names, the timestamp format and zone."""

    kinds: KindTable
    timestamp: TimeMode | str
    """A mode, or a strftime-style format."""
    zone: dt.tzinfo | None


class Chunk(NamedTuple):
    """Consecutive rows of a file, as an engine delivers them.

    ``columns`` hold the rows whose structure is sound (as many fields as the
    header), one column per column of the file; ``rows`` and ``lines`` give each
    one's position among the rows read and its first line (-1 when the data has no
    lines, as a DataFrame). ``bad`` are the rows already rejected for their structure, and
    ``rows_read`` counts both.
    """

    columns: Sequence[AnyColumn]
    rows: npt.NDArray[np.int64]
    lines: npt.NDArray[np.int64]
    bad: list[RejectedRow]
    rows_read: int


def validate(
    chunk: Chunk,
    layout: Mapping[str, int],
    header: Sequence[str],
    rules: Rules,
    *,
    first_only: bool = False,
) -> tuple[InteractionLog | None, list[RejectedRow]]:
    """The log of the chunk's good rows, and its rejected rows in file order.

    ``layout`` gives the position in ``header`` of each field the chunk provides.
    With ``first_only``, a chunk with any bad row gives no log and only its
    earliest rejected row (what ``errors="raise"`` needs, without the cost of
    describing every other bad row).
    """
    problems, parts = _check(chunk, layout, rules)
    position = dict(layout)
    bad = np.zeros(len(chunk.rows), dtype=bool)
    for problem in problems:
        bad[problem.rows] = True
    if first_only and (problems or chunk.bad):
        candidates = list(chunk.bad)
        if problems:
            earliest = int(np.flatnonzero(bad)[0])
            only = np.zeros(len(chunk.rows), dtype=bool)
            only[earliest] = True
            candidates.extend(_rejected_rows(chunk, problems, position, header, only))
        return None, [min(candidates, key=lambda row: row.row)]
    log = InteractionLog._from_parts(**parts, keep=~bad if bad.any() else None)  # type: ignore[arg-type]
    rejected = _rejected_rows(chunk, problems, position, header, bad)
    rejected.extend(chunk.bad)
    rejected.sort(key=lambda row: row.row)
    return log, rejected


# ---------------------------------------------------------------------- fields
def _check(
    chunk: Chunk, layout: Mapping[str, int], rules: Rules
) -> tuple[list[ColumnProblem], dict[str, object]]:
    """Check every field; the columns are independent, so large chunks use threads.

    Arrow's hash kernel and numpy's array operations release the interpreter
    lock, so on several cores the fields are checked at the same time. Results do
    not depend on it: each field's check is the same function either way.
    """
    columns = chunk.columns
    length = len(chunk.rows)
    # Longest first (many distinct sources, then the parsed columns), so that the
    # threads finish together.
    tasks: dict[str, Callable[[], tuple[object, list[ColumnProblem]]]] = {
        "sources": lambda: _ids(columns[layout["source"]], "source", required=True),
        "timestamps": lambda: _timestamps(columns[layout["timestamp"]], rules),
    }
    if "weight" in layout:
        tasks["weights"] = lambda: _weights(columns[layout["weight"]])
    tasks["targets"] = lambda: _ids(columns[layout["target"]], "target", required=True)
    if "channel" in layout:
        tasks["channels"] = lambda: _ids(columns[layout["channel"]], "channel", required=False)
    tasks["kinds"] = lambda: _kinds(columns[layout["kind"]], rules.kinds)
    if length >= _THREADED_ROWS and _THREADS > 1:
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            futures = {name: pool.submit(task) for name, task in tasks.items()}
            done = {name: future.result() for name, future in futures.items()}
    else:
        done = {name: task() for name, task in tasks.items()}
    parts: dict[str, object] = {name: value for name, (value, _) in done.items()}
    parts.setdefault(
        "channels",
        Encoding(np.full(length, MISSING, dtype=np.intp), np.array([], dtype=TEXT_DTYPE)),
    )
    parts.setdefault("weights", np.ones(length, dtype=np.float64))
    problems = [
        problem
        for name in ("sources", "targets", "kinds", "timestamps", "channels", "weights")
        if name in done
        for problem in done[name][1]
    ]
    return problems, parts


def _grouped(reasons: npt.NDArray[np.intp], texts: list[str], column: str) -> list[ColumnProblem]:
    """One problem per distinct reason; ``reasons`` holds an index into ``texts`` or -1."""
    rows = np.flatnonzero(reasons >= 0)
    if not len(rows):
        return []
    keys = reasons[rows]
    order = np.argsort(keys, kind="stable")  # stable: each group's rows stay sorted
    keys, rows = keys[order], rows[order]
    starts = np.flatnonzero(np.diff(keys)) + 1
    problems = [
        ColumnProblem(column, texts[int(group_keys[0])], group_rows)
        for group_keys, group_rows in zip(
            np.split(keys, starts), np.split(rows, starts), strict=True
        )
    ]
    problems.sort(key=lambda problem: int(problem.rows[0]))
    return problems


def _ids(column: AnyColumn, name: str, *, required: bool) -> tuple[Encoding, list[ColumnProblem]]:
    """Ids by the log's rule; empty text is missing (an error when ``required``)."""
    if isinstance(column, ValueColumn):
        return value_ids(column, name, required=required)
    codes, uniques = column.encode()
    _warn_of_lookalikes(column, uniques, name)
    if isinstance(uniques, np.ndarray) and np.strings.isspace(uniques).any():
        uniques = uniques.tolist()  # whitespace-only ids: the general rule words them
    if isinstance(uniques, np.ndarray):  # no NUL, valid text: only empty ids are bad
        empty = np.flatnonzero(uniques == "")
        encoding = Encoding(codes, uniques)
        if not required or not len(empty):
            return encoding, []
        problem = ColumnProblem.where(codes == int(empty[0]), name, f"{name} is missing")
        return encoding, [problem] if problem is not None else []
    reasons: list[str] = []
    reason_of = np.full(len(uniques) + 1, -1, dtype=np.intp)  # the last slot: no value
    joined = "".join(uniques)
    if (
        "\x00" in joined
        or not (joined.isascii() or _encodes(joined))
        or any(map(str.isspace, uniques))
    ):
        for position, text in enumerate(uniques):
            why = why_not_id(text) if text else None
            if why is not None:
                reason_of[position] = len(reasons)
                reasons.append(why)
    if required and "" in uniques:
        reason_of[uniques.index("")] = len(reasons)
        reasons.append(f"{name} is missing")
    if not reasons:
        return Encoding(codes, np.array(uniques, dtype=TEXT_DTYPE)), []
    clean = [
        text if reason < 0 else ""
        for reason, text in zip(reason_of.tolist(), uniques, strict=False)
    ]
    return (
        Encoding(codes, np.array(clean, dtype=TEXT_DTYPE)),
        _grouped(reason_of[codes], reasons, name),
    )


def _warn_of_lookalikes(
    column: AnyColumn, uniques: list[str] | npt.NDArray[Any], name: str
) -> None:
    """Warn when distinct ids of a column are one text in Unicode's NFC form.

    Ids stay apart (they are compared as written); only non-ASCII ids can clash,
    and Arrow's columns are checked by Arrow's own kernels.
    """
    if isinstance(column, ArrowColumn):
        import pyarrow.compute as pc  # noqa: PLC0415 - only with the pyarrow engine

        dictionary = pc.unique(column.array)
        if pc.all(pc.string_is_ascii(dictionary)).as_py() is not False:
            return
        normal = pc.utf8_normalize(dictionary, form="NFC")
        if len(pc.unique(normal)) == len(dictionary):
            return
        texts = [t for t in dictionary.to_pylist() if not t.isascii()]
    else:
        texts = [t for t in list(uniques) if not t.isascii()]
        if not texts:
            return
    seen: dict[str, str] = {}
    for text in texts:
        key = unicodedata.normalize("NFC", text)
        if key in seen and seen[key] != text:
            warnings.warn(
                f"{name} ids {seen[key]!a} and {text!a} differ only in Unicode normalisation "
                "(they print the same); they are kept as two actors. Normalise them "
                "(unicodedata.normalize('NFC', ...)) before reading if they are one",
                IdentityWarning,
                stacklevel=2,
            )
            return
        seen[key] = text


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _kinds(
    column: AnyColumn, table: KindTable
) -> tuple[npt.NDArray[np.uint8], list[ColumnProblem]]:
    """Kind codes through the alias table; unknown and empty names are problems."""
    codes, encoded = column.encode()
    uniques: list[str] = encoded.tolist() if isinstance(encoded, np.ndarray) else encoded
    lookup = np.zeros(len(uniques), dtype=_KIND_DTYPE)
    reasons: list[str] = []
    reason_of = np.full(len(uniques), -1, dtype=np.intp)
    for position, name in enumerate(uniques):
        kind = table.lookup(name) if name.strip() else None
        if kind is not None:
            lookup[position] = kind.code
            continue
        reason_of[position] = len(reasons)
        reasons.append(
            "kind is missing"
            if not name.strip()
            else (
                f"unknown interaction kind {name!r}; valid kinds are: {_KIND_NAMES} "
                "(or map the name to one with kinds={...})"
            )
        )
    kinds = lookup[codes] if len(uniques) else np.zeros(len(codes), dtype=_KIND_DTYPE)
    if not reasons:
        return kinds, []
    return kinds, _grouped(reason_of[codes], reasons, "kind")


def _timestamps(
    column: AnyColumn, rules: Rules
) -> tuple[npt.NDArray[np.datetime64], list[ColumnProblem]]:
    if isinstance(column, ValueColumn):
        return value_times(column, rules.timestamp, rules.zone)
    micros = np.zeros(len(column), dtype=np.int64)
    reasons: list[str] = []
    index: dict[str, int] = {}
    reason_of = np.full(len(column), -1, dtype=np.intp)
    for start, piece in column.pieces():
        found = read_times(piece, rules.timestamp, rules.zone)
        micros[start : start + len(found.micros)] = found.micros
        for row, reason in found.reasons.items():
            reason_of[start + row] = index.setdefault(reason, len(reasons))
            if index[reason] == len(reasons):
                reasons.append(reason)
    # The log's own range rule, on the values read (rejected rows hold the epoch).
    timestamps, problems = timestamp_column(micros.view(TIME_DTYPE), "timestamp")
    return timestamps, [*_grouped(reason_of, reasons, "timestamp"), *problems]


def _weights(column: AnyColumn) -> tuple[npt.NDArray[np.float64], list[ColumnProblem]]:
    if isinstance(column, ValueColumn):
        return value_weights(column)
    values = np.ones(len(column), dtype=np.float64)
    reason_of = np.full(len(column), -1, dtype=np.intp)
    for start, piece in column.pieces():
        found = read_decimals(piece)
        read = to_floats(piece, found)
        stop = start + len(read)
        values[start:stop] = np.where(found.number, read, 1.0)  # 1.0: no second complaint
        reason_of[start:stop] = np.where(found.blank, 0, np.where(found.number, -1, 1))
    problems = _grouped(reason_of, ["weight is missing", "weight is not a number"], "weight")
    # The log's rule for what a number must be: finite and >= 0.
    _, found_by_log = coerce_weights(values, len(values))
    return values, [*problems, *found_by_log]


# ---------------------------------------------------------------------- rejected rows
def _rejected_rows(
    chunk: Chunk,
    problems: list[ColumnProblem],
    position: dict[str, int],
    header: Sequence[str],
    bad: npt.NDArray[np.bool_],
) -> list[RejectedRow]:
    """One :class:`RejectedRow` per ``bad`` row, for its leftmost problem in the file."""
    rows = np.flatnonzero(bad)
    if not len(rows):
        return []
    slot = np.full(len(chunk.rows), -1, dtype=np.intp)
    slot[rows] = np.arange(len(rows))
    chosen: list[int | None] = [None] * len(rows)
    reasons: list[str] = [""] * len(rows)
    for problem in sorted(problems, key=lambda p: position[p.column]):
        for at in slot[problem.rows].tolist():
            if at >= 0 and chosen[at] is None:
                chosen[at], reasons[at] = position[problem.column], problem.reason
    texts = [column.texts(rows.astype(np.intp)) for column in chunk.columns]
    result = []
    for at, row in enumerate(rows.tolist()):
        index = chosen[at]
        assert index is not None  # every bad row comes from a problem
        fields = tuple(column_texts[at] for column_texts in texts)
        line = int(chunk.lines[row])
        result.append(
            RejectedRow(
                line=line if line >= 0 else None,
                row=int(chunk.rows[row]),
                fields=fields,
                reason=reasons[at],
                column=header[index],
                value=fields[index],
            )
        )
    return result
