"""Survey input as columns: a CSV file or a table becomes a :class:`Table`.

A CSV file is read by the package's one CSV front end and every row is kept
verbatim with the line it starts on, so that rejected rows can be reported and
quarantined exactly as read; a mapping of columns or a pandas, polars or pyarrow
table (through narwhals) becomes numpy columns. The rules that judge the cells
are in :mod:`valuecocreation.survey._input`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.csvfile import open_csv_file
from valuecocreation._core.csvrows import WIDTH_COLUMN, CsvRecord, records
from valuecocreation._core.problems import ColumnProblem
from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = ["FIELDS", "Table", "objects", "table_from_csv", "table_from_data"]

FIELDS: Final = WIDTH_COLUMN  # the pseudo-column of rows with too few or many cells


@attrs.frozen(kw_only=True)
class Table:
    """Input columns with what is needed to report and quarantine rows."""

    header: tuple[str, ...]
    columns: dict[str, npt.NDArray[Any]]
    n: int
    text: bool  # cells are text read from a file
    source: str | None = None
    lines: npt.NDArray[np.int64] | None = None
    raw: list[list[str]] | None = None
    problems: tuple[ColumnProblem | None, ...] = ()  # found while reading the file

    def value(self, column: str, row: int) -> object:
        """The offending input value, for messages."""
        if column == FIELDS and self.raw is not None:
            return len(self.raw[row])
        value = self.columns[column][row]
        return value.item() if isinstance(value, np.generic) else value

    def cells(self, row: int) -> tuple[str, ...]:
        """Row ``row`` as text: verbatim from a file, else the text of each value."""
        if self.raw is not None:
            return tuple(self.raw[row])
        return tuple(_cell_text(self.columns[name][row]) for name in self.header)

    def where(self, row: int) -> str | None:
        """The source and line of ``row``, for messages."""
        if self.lines is None:
            return self.source
        return f"{self.source}, line {int(self.lines[row])}"


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value.item() if isinstance(value, np.generic) else value)


def table_from_csv(path: str | Path, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> Table:
    """Read a CSV file (header first) into text columns, keeping every row verbatim.

    The file goes through the package's CSV front end
    (:mod:`valuecocreation._core.csvrows`), so it follows the same rules as every
    other reader: blank records are skipped, and a record with the wrong number of
    fields, undecodable bytes or an unclosed quote is a bad row (noted in
    ``problems``, so that it is raised or quarantined like any other).

    Raises
    ------
    ValidationError
        When the file cannot be read, or its header is missing or unreadable.
    """
    source = str(path)
    try:
        file = open_csv_file(
            path, encoding=encoding, delimiter=delimiter, columns=None, fields=(), required=()
        )
        read = list(records(file))
    except OSError as error:
        raise ValidationError(f"cannot read the file: {error}", source=source) from None
    header = [name.strip() for name in file.header]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise ValidationError(
            f"the header names the column {duplicated[0]!r} twice",
            column=duplicated[0],
            source=f"{source}, line {file.header_lines}",
        )
    width = len(header)
    rows = [record.fields for record in read]
    padded = [row if len(row) == width else (row + [""] * width)[:width] for row in rows]
    # Object arrays of the cells: numpy text would cost a copy and drop trailing NULs.
    columns = {
        name: objects(column)
        for name, column in zip(
            header, zip(*padded, strict=True) if padded else [()] * width, strict=True
        )
    }
    problems = _structure_problems(read, header)
    if any("\x00" in "".join(row) for row in rows):  # numpy text would drop trailing NULs
        problems.extend(
            ColumnProblem.where(
                np.array(["\x00" in cell for cell in column.tolist()], dtype=bool),
                name,
                "the cell contains a NUL character",
            )
            for name, column in columns.items()
        )
    return Table(
        header=tuple(header),
        columns=columns,
        n=len(rows),
        text=True,
        source=source,
        lines=np.array([record.line for record in read], dtype=np.int64),
        raw=rows,
        problems=tuple(problems),
    )


def _structure_problems(read: list[CsvRecord], header: list[str]) -> list[ColumnProblem | None]:
    """The front end's bad rows, grouped by column and reason as the survey rules report."""
    grouped: dict[tuple[str, str], list[int]] = {}
    for position, record in enumerate(read):
        if record.problem is None:
            continue
        at = record.at
        column = header[at] if at is not None and at < len(header) else FIELDS
        grouped.setdefault((column, record.problem), []).append(position)
    return [
        ColumnProblem(column, reason, np.array(rows, dtype=np.intp))
        for (column, reason), rows in grouped.items()
    ]


def table_from_data(data: object, *, source: str | None) -> Table:
    """A mapping of columns or an eager pandas, polars or pyarrow table as a Table.

    Raises
    ------
    ValidationError
        For anything else, or columns of different lengths.
    """
    if isinstance(data, Mapping):
        columns: dict[str, npt.NDArray[Any]] = {}
        for name, values in data.items():
            if not isinstance(name, str):
                raise ArgumentTypeError(
                    "column names must be text", column=str(name), source=source
                )
            if isinstance(values, str | bytes) or not isinstance(values, Iterable):
                raise ArgumentTypeError(
                    "a column must be a sequence of values",
                    column=name,
                    value=type(values).__name__,
                    source=source,
                )
            array = np.asarray(values) if isinstance(values, np.ndarray) else objects(values)
            if array.ndim != 1:
                raise ValidationError(
                    "a column must be one-dimensional", column=name, source=source
                )
            columns[name] = array
    else:
        columns = _frame_columns(data, source)
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ValidationError(f"columns have different lengths: {sorted(lengths)}", source=source)
    return Table(
        header=tuple(columns),
        columns=columns,
        n=lengths.pop() if lengths else 0,
        text=False,
        source=source,
    )


def objects(values: Iterable[object]) -> npt.NDArray[np.object_]:
    items = list(values)
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def _frame_columns(frame: Any, source: str | None) -> dict[str, npt.NDArray[Any]]:  # noqa: ANN401
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light

    try:
        table = nw.from_native(frame, eager_only=True)
    except TypeError:
        raise ValidationError(
            f"cannot read a {type(frame).__name__} as a table; pass a mapping of columns or "
            "an eager pandas, polars or pyarrow table",
            source=source,
        ) from None
    columns: dict[str, npt.NDArray[Any]] = {}
    for name in table.columns:
        if not isinstance(name, str):
            raise ValidationError("column names must be text", column=str(name), source=source)
        series = table.get_column(name)
        array = series.to_numpy()
        # Text columns arrive as objects with None or nan for nulls; numbers as
        # float with nan; both are handled cell by cell or as a whole below.
        columns[name] = array if array.dtype.kind in "biufUO" else objects(array.tolist())
    return columns
