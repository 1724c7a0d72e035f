"""Reading survey answers: from a CSV file or a table to checked columns.

Every input (a CSV file, a mapping of columns, a pandas, polars or pyarrow table)
becomes a :class:`~valuecocreation.survey._table.Table` of columns
(:mod:`valuecocreation.survey._table`), and one set of rules decides which rows are
bad: unknown columns, values that are not numbers or lie outside their item's
scale, missing or repeated respondent ids, answers given twice. With
``errors="raise"`` the earliest bad row raises :class:`ValidationError`; with
``errors="quarantine"`` bad rows are set aside in a
:class:`~valuecocreation.io.Rejects` record with their cells and reasons.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.problems import ColumnProblem
from valuecocreation._core.quarantine import Rejects
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.survey._instrument import Instrument
from valuecocreation.survey._table import Table, objects, table_from_csv, table_from_data

__all__ = [
    "DEFAULT_MISSING",
    "Errors",
    "Parsed",
    "Table",
    "later_duplicates",
    "long",
    "table_from_csv",
    "table_from_data",
    "wide",
]

Errors = Literal["raise", "quarantine"]
DEFAULT_MISSING: Final = ("", "NA", "N/A", "NaN", "nan", "null", "NULL")
"""Cell texts read as a missing answer."""
_NOT_A_NUMBER: Final = "not a number"
_NOT_FINITE: Final = "not a finite number"
_BAD_ID: Final = "a respondent id must be non-empty text or a whole number"
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@attrs.frozen(kw_only=True)
class Parsed:
    """What survives checking: respondents, their answers and attributes."""

    respondents: npt.NDArray[np.str_]
    values: Floats
    attributes: dict[str, npt.NDArray[np.str_]]
    rejects: Rejects


# ---------------------------------------------------------------- cells
def _numbers_from_text(
    cells: npt.NDArray[Any], missing: frozenset[str]
) -> tuple[Floats, Bools, Bools]:
    """Values, missing mask and not-a-number mask of text cells.

    A survey column holds few distinct texts ("1" to "5", "", "NA"), so each
    distinct text is read once and the results are spread back to the cells.
    """
    texts = cells.tolist()
    codes = {text: code for code, text in enumerate(dict.fromkeys(texts))}
    inverse = np.fromiter(map(codes.__getitem__, texts), dtype=np.intp, count=len(texts))
    read = [_read_number(text, missing) for text in codes]
    values = np.array([value for value, _, _ in read] or [0.0], dtype=np.float64)[inverse]
    is_missing = np.array([gone for _, gone, _ in read] or [False], dtype=bool)[inverse]
    bad = np.array([wrong for _, _, wrong in read] or [False], dtype=bool)[inverse]
    return values, is_missing, bad


def _read_number(text: str, missing: frozenset[str]) -> tuple[float, bool, bool]:
    """(value, missing, not a number) of one cell's text."""
    text = text.strip()
    if text in missing:
        return math.nan, True, False
    if "_" in text:  # float() reads "1_000" as 1000; a survey file means something else
        return math.nan, False, True
    try:
        return float(text), False, False
    except ValueError:
        return math.nan, False, True


def _numbers_fromobjects(
    column: npt.NDArray[Any], missing: frozenset[str]
) -> tuple[Floats, Bools, Bools]:
    """Values, missing mask and not-a-number mask of a column of any values."""
    n = len(column)
    if column.dtype.kind in "iuf":
        values = column.astype(np.float64)
        return values, np.isnan(values), np.zeros(n, dtype=bool)
    if column.dtype.kind == "U":
        return _numbers_from_text(column, missing)
    if column.dtype.kind == "b":
        return np.full(n, np.nan), np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    values = np.full(n, np.nan)
    is_missing = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    for position, cell in enumerate(column.tolist()):
        if cell is None:
            is_missing[position] = True
        elif isinstance(cell, bool):
            bad[position] = True
        elif isinstance(cell, int | float):
            try:
                values[position] = cell
            except OverflowError:
                values[position] = math.inf  # an integer beyond float64
            is_missing[position] = math.isnan(values[position])
        elif isinstance(cell, str):
            value, gone, wrong = _numbers_from_text(objects([cell]), missing)
            values[position], is_missing[position], bad[position] = value[0], gone[0], wrong[0]
        else:
            bad[position] = True
    return values, is_missing, bad


def _numbers(
    table: Table, name: str, missing: frozenset[str]
) -> tuple[Floats, list[ColumnProblem | None]]:
    column = table.columns[name]
    if table.text:
        values, is_missing, bad = _numbers_from_text(column, missing)
    else:
        values, is_missing, bad = _numbers_fromobjects(column, missing)
    infinite = ~bad & ~is_missing & ~np.isfinite(values)
    values[infinite] = np.nan
    return values, [
        ColumnProblem.where(bad, name, _NOT_A_NUMBER),
        ColumnProblem.where(infinite, name, _NOT_FINITE),
    ]


def _texts(table: Table, name: str, *, whole: bool) -> tuple[npt.NDArray[np.str_], Bools, Bools]:
    """A column as text; masks of empty cells and of cells that cannot be text.

    Text read from a file is stripped of surrounding spaces. Other input keeps text
    as given and turns whole numbers into their digits; other numbers are text
    only when ``whole`` is false (attributes, not ids).
    """
    column = table.columns[name]
    if table.text:
        texts = np.strings.strip(np.array(column.tolist(), dtype=np.str_).reshape(table.n))
        return texts, texts == "", np.zeros(table.n, dtype=bool)
    out: list[str] = []
    bad = np.zeros(table.n, dtype=bool)
    for position, cell in enumerate(column.tolist()):
        text = ""
        if isinstance(cell, str):
            text = cell if _encodable(cell) else ""
            bad[position] = not _encodable(cell)
        elif isinstance(cell, bool):
            bad[position] = True
        elif isinstance(cell, int):
            text = str(cell)
        elif isinstance(cell, float) and math.isfinite(cell):
            text = str(int(cell)) if cell.is_integer() else repr(cell)
            bad[position] = whole and not cell.is_integer()
        elif not (cell is None or (isinstance(cell, float) and math.isnan(cell))):
            bad[position] = True
        out.append(text)
    texts = np.array(out, dtype=np.str_).reshape(table.n)
    return texts, (np.strings.strip(texts) == "") & ~bad, bad


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _ids(table: Table, name: str) -> tuple[npt.NDArray[np.str_], list[ColumnProblem | None]]:
    ids, empty, bad = _texts(table, name, whole=True)
    return ids, [
        ColumnProblem.where(empty, name, "the respondent id is missing"),
        ColumnProblem.where(bad, name, _BAD_ID),
    ]


def _rows_of(problems: Iterable[ColumnProblem | None], n: int) -> Bools:
    """Rows named by any of ``problems``."""
    hit = np.zeros(n, dtype=bool)
    for problem in problems:
        if problem is not None:
            hit[problem.rows] = True
    return hit


def later_duplicates(keys: npt.NDArray[Any], valid: Bools) -> Bools:
    """Rows whose key (among valid rows) an earlier valid row already has."""
    repeated = np.zeros(len(keys), dtype=bool)
    positions = np.flatnonzero(valid)
    if len(positions) < 2:
        return repeated
    order = np.argsort(keys[positions], kind="stable")
    ordered = keys[positions][order]
    same = np.concatenate([[False], ordered[1:] == ordered[:-1]])
    repeated[positions[order[same]]] = True
    return repeated


def _attributes(
    table: Table, names: Sequence[str]
) -> tuple[dict[str, npt.NDArray[np.str_]], list[ColumnProblem | None]]:
    found: dict[str, npt.NDArray[np.str_]] = {}
    problems: list[ColumnProblem | None] = []
    for name in names:
        texts, _, bad = _texts(table, name, whole=False)
        found[name] = texts
        problems.append(
            ColumnProblem.where(bad, name, "an attribute value must be text or a number")
        )
    return found, problems


# ---------------------------------------------------------------- header
def _check_header(
    table: Table,
    instrument: Instrument,
    *,
    fixed: Sequence[str],
    attributes: Sequence[str],
    ignore: Sequence[str],
    items_allowed: bool,
) -> None:
    given: object = instrument  # callers may pass anything, whatever the annotation says
    if not isinstance(given, Instrument):
        raise ArgumentTypeError(
            f"instrument must be an Instrument, not {type(given).__name__}",
            column="instrument",
            value=type(given).__name__,
        )
    where = table.source if table.lines is None else f"{table.source}, line 1"
    for group, names in (("attributes", attributes), ("ignore", ignore)):
        if isinstance(names, str):
            raise ArgumentTypeError(
                f"{group} must be a list of column names, not one text",
                column=group,
                value=names,
                source=where,
            )
    for name in (*fixed, *attributes, *ignore):
        if name not in table.columns:
            raise ValidationError(
                f"no column {name!r}; the columns are: {', '.join(table.header)}",
                column=name,
                source=where,
            )
    listed = [*fixed, *attributes, *ignore]
    for name in listed:
        if listed.count(name) > 1 or (name in instrument.ids and name not in ignore):
            raise ValidationError(
                "a column can play one part only (respondent, item, attribute or ignored)",
                column=name,
                source=where,
            )
    known = set(listed) | (set(instrument.ids) if items_allowed else set())
    for name in table.header:
        if name not in known:
            what = f"an item of instrument {instrument.name!r}, " if items_allowed else ""
            raise ValidationError(
                f"column {name!r} is not {what}the respondent column or a listed attribute; "
                "list it in attributes=[...] or ignore=[...]",
                column=name,
                source=where,
            )


# ---------------------------------------------------------------- outcome
def _outcome(
    table: Table, problems: Iterable[ColumnProblem | None], errors: Errors
) -> tuple[Bools, Rejects]:
    """Which rows to keep, and the record of the others; raise first if asked to."""
    if errors not in ("raise", "quarantine"):
        raise ValidationError(
            "errors must be 'raise' or 'quarantine'", column="errors", value=errors
        )
    found = [p for p in (*table.problems, *problems) if p is not None]
    keep = np.ones(table.n, dtype=bool)
    for problem in found:
        keep[problem.rows] = False
    if errors == "raise" and not keep.all():
        first = min(range(len(found)), key=lambda i: (int(found[i].rows[0]), i))
        problem, row = found[first], int(found[first].rows[0])
        raise ValidationError(
            problem.reason,
            row=row,
            column=problem.column,
            value=table.value(problem.column, row),
            source=table.where(row),
            more=sum(len(p.rows) for p in found) - 1,
        )
    bad = np.flatnonzero(~keep)
    notes: dict[int, list[tuple[str, str]]] = {int(row): [] for row in bad}
    for problem in found:  # in column order within each row
        for row in problem.rows.tolist():
            value = table.value(problem.column, row)
            text = f"column {problem.column!r}, value {value!r}: {problem.reason}"
            notes[row].append((problem.column, text))
    rows = bad.tolist()
    rejects = Rejects(
        source=table.source,
        header=table.header,
        rows_read=table.n,
        rows=rows,
        lines=None if table.lines is None else table.lines[bad].tolist(),
        cells=[table.cells(row) for row in rows],
        columns=[notes[row][0][0] for row in rows],
        reasons=["; ".join(text for _, text in notes[row]) for row in rows],
        values=[_value_text(table.value(notes[row][0][0], row)) for row in rows],
    )
    return keep, rejects


def _value_text(value: object) -> str | None:
    """The offending value as text, for the rejects record (``None`` for a missing one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


# ---------------------------------------------------------------- layouts
def wide(
    table: Table,
    instrument: Instrument,
    *,
    respondent: str,
    attributes: Sequence[str],
    ignore: Sequence[str],
    missing: Iterable[str],
    errors: Errors,
) -> Parsed:
    """One row per respondent, one column per item."""
    _check_header(
        table,
        instrument,
        fixed=[respondent],
        attributes=attributes,
        ignore=ignore,
        items_allowed=True,
    )
    missing_set = frozenset(missing)
    ids, problems = _ids(table, respondent)
    valid_id = ~_rows_of(problems, table.n)
    values = np.full((table.n, len(instrument)), np.nan)
    for name in table.header:
        if name not in instrument.ids or name in ignore:
            continue
        column, found = _numbers(table, name, missing_set)
        low, high = instrument.scale_of(name)
        outside = (column < low) | (column > high)
        found.append(
            ColumnProblem.where(
                outside, name, f"outside the scale {low:g}-{high:g} of item {name!r}"
            )
        )
        problems.extend(found)
        values[:, instrument.index(name)] = column
    texts, attribute_problems = _attributes(table, attributes)
    problems.extend(attribute_problems)
    problems.append(
        ColumnProblem.where(
            later_duplicates(ids, valid_id), respondent, "an earlier row has the same respondent id"
        )
    )
    keep, rejects = _outcome(table, problems, errors)
    return Parsed(
        respondents=ids[keep],
        values=values[keep],
        attributes={name: column[keep] for name, column in texts.items()},
        rejects=rejects,
    )


def long(
    table: Table,
    instrument: Instrument,
    *,
    respondent: str,
    item: str,
    value: str,
    attributes: Sequence[str],
    ignore: Sequence[str],
    missing: Iterable[str],
    errors: Errors,
) -> Parsed:
    """One row per answer: respondent, item, value (and the respondent's attributes)."""
    _check_header(
        table,
        instrument,
        fixed=[respondent, item, value],
        attributes=attributes,
        ignore=ignore,
        items_allowed=False,
    )
    ids, problems = _ids(table, respondent)
    valid_id = ~_rows_of(problems, table.n)
    items, no_item, bad_item = _texts(table, item, whole=True)
    index = {item_id: i for i, item_id in enumerate(instrument.ids)}
    position = np.array([index.get(text, -1) for text in items.tolist()], dtype=np.int64).reshape(
        table.n
    )
    known = position >= 0
    problems.extend(
        [
            ColumnProblem.where(no_item, item, "the item id is missing"),
            ColumnProblem.where(bad_item, item, "an item id must be text"),
            ColumnProblem.where(
                ~no_item & ~bad_item & ~known,
                item,
                f"not an item of instrument {instrument.name!r}",
            ),
        ]
    )
    answers, found = _numbers(table, value, frozenset(missing))
    problems.extend(found)
    lows = np.array([instrument.scale_of(i)[0] for i in instrument.items])
    highs = np.array([instrument.scale_of(i)[1] for i in instrument.items])
    outside = np.zeros(table.n, dtype=bool)
    outside[known] = (answers[known] < lows[position[known]]) | (
        answers[known] > highs[position[known]]
    )
    for index in np.unique(position[outside]).tolist():
        low, high = instrument.scale_of(instrument.items[index])
        problems.append(
            ColumnProblem.where(
                outside & (position == index),
                value,
                f"outside the scale {low:g}-{high:g} of item {instrument.items[index].id!r}",
            )
        )
    texts, attribute_problems = _attributes(table, attributes)
    problems.extend(attribute_problems)
    codes = _first_seen_codes(ids)
    pair = codes * len(instrument) + np.maximum(position, 0)
    problems.append(
        ColumnProblem.where(
            later_duplicates(pair, valid_id & known),
            item,
            "an earlier row answers the same item for the same respondent",
        )
    )
    for name, column in texts.items():
        problems.append(
            ColumnProblem.where(
                _conflicts(codes, column, valid_id),
                name,
                "an earlier row gives the same respondent another value",
            )
        )
    keep, rejects = _outcome(table, problems, errors)
    return _assemble(
        instrument,
        ids=ids[keep],
        codes=codes[keep],
        position=position[keep],
        answers=answers[keep],
        texts={name: column[keep] for name, column in texts.items()},
        rejects=rejects,
    )


def _first_seen_codes(ids: npt.NDArray[np.str_]) -> npt.NDArray[np.int64]:
    """A code per row for its id: 0 for the first id seen, 1 for the next new one ..."""
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inverse.reshape(-1)]


def _conflicts(codes: npt.NDArray[np.int64], column: npt.NDArray[np.str_], valid: Bools) -> Bools:
    """Rows whose non-empty value differs from the first non-empty one of their respondent."""
    given = valid & (column != "")
    first: dict[int, str] = {}
    conflict = np.zeros(len(codes), dtype=bool)
    for row in np.flatnonzero(given).tolist():
        seen = first.setdefault(int(codes[row]), str(column[row]))
        conflict[row] = seen != column[row]
    return conflict


def _assemble(
    instrument: Instrument,
    *,
    ids: npt.NDArray[np.str_],
    codes: npt.NDArray[np.int64],
    position: npt.NDArray[np.int64],
    answers: Floats,
    texts: dict[str, npt.NDArray[np.str_]],
    rejects: Rejects,
) -> Parsed:
    """The wide matrix of accepted long rows, respondents in first-seen order."""
    kept, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    respondents = ids[first]
    values = np.full((len(kept), len(instrument)), np.nan)
    values[inverse.reshape(-1), position] = answers
    attributes: dict[str, npt.NDArray[np.str_]] = {}
    for name, column in texts.items():
        chosen = np.full(len(kept), "", dtype=column.dtype if len(column) else np.str_)
        given = np.flatnonzero(column != "")
        # The first non-empty value of each respondent (later ones agree or were rejected).
        for row in given[::-1].tolist():
            chosen[inverse[row]] = column[row]
        attributes[name] = chosen
    return Parsed(respondents=respondents, values=values, attributes=attributes, rejects=rejects)
