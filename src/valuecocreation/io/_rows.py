"""The package's CSV front end, for adapters: :func:`read_rows`.

The readers of this package get their records from one front end (the header,
encoding, byte-order mark, delimiter, line numbers and the rules for malformed
records). :func:`read_rows` hands the same records to an adapter, so that a new
export shape follows the same bad-input rules as every built-in reader without a
CSV parser of its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from valuecocreation._core.csvfile import CsvFile, open_csv_file
from valuecocreation._core.csvrows import CsvRecord, records
from valuecocreation.io._options import check_delimiter

__all__ = ["CsvRecord", "CsvRows", "read_rows"]


class CsvRows:
    """The rows of a CSV file, as the readers see them: what :func:`read_rows` returns.

    Iterate over it (again, each time) for one :class:`CsvRecord` per row: its
    ``fields`` as read, the ``line`` it starts on (the header is line 1), its
    ``row`` among the rows read (from 0; blank records are not rows), and the
    ``problem`` that makes it a bad row (a wrong number of fields, bytes the
    encoding cannot decode, an unclosed quote at the end of the file), or ``None``.
    """

    __slots__ = ("_file",)

    def __init__(self, file: CsvFile) -> None:
        self._file = file

    @property
    def header(self) -> tuple[str, ...]:
        """The file's column names."""
        return self._file.header

    @property
    def source(self) -> str:
        """The file's name, as messages give it."""
        return self._file.name

    def __iter__(self) -> Iterator[CsvRecord]:
        return records(self._file)

    def __repr__(self) -> str:
        return f"<CsvRows of {self.source}: {len(self.header)} columns>"


def read_rows(
    path: str | os.PathLike[str], *, encoding: str = "utf-8", delimiter: str = ","
) -> CsvRows:
    r"""Open a CSV file with the package's CSV front end, for an adapter to read its rows.

    Parameters
    ----------
    path
        The file; its first non-blank line is the header.
    encoding
        Its text encoding; a UTF-8 byte-order mark is skipped.
    delimiter
        The field delimiter, one character.

    Returns
    -------
    CsvRows
        The header, and the rows when iterated over.

    Raises
    ------
    ValidationError
        For what is wrong with the file as a whole (no header, a column named twice,
        an unknown encoding), and, while iterating, a field too long to be CSV.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tickets.csv"
    >>> _ = path.write_text("ticket,customer\nT1,ana\n\nT2\n", encoding="utf-8")
    >>> rows = read_rows(path)
    >>> rows.header
    ('ticket', 'customer')
    >>> for record in rows:
    ...     print(record.row, record.line, record.fields, record.problem)
    0 2 ['T1', 'ana'] None
    1 4 ['T2'] the row has 1 fields where the header has 2
    """
    file = open_csv_file(
        path,
        encoding=encoding,
        delimiter=check_delimiter(delimiter),
        columns=None,
        fields=(),
        required=(),
    )
    return CsvRows(file)
