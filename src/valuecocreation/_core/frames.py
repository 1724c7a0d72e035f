"""DataFrame interchange: pandas, polars and pyarrow tables in and out, via narwhals.

narwhals is a core dependency, but the DataFrame libraries are not: each is
imported only when a table of its kind is read or written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy.typing as npt

from valuecocreation.errors import ValidationError

__all__ = ["FrameBackend", "columns_from_frame", "frame_from_columns"]

FrameBackend = Literal["pandas", "polars", "pyarrow"]
"""The table libraries a log can be written to."""


def columns_from_frame(
    frame: Any,  # noqa: ANN401 - any eager table narwhals supports
    *,
    rename: Mapping[str, str] | None,
    fields: Sequence[str],
    required: Sequence[str],
    origin: str | None,
) -> dict[str, npt.NDArray[Any]]:
    """The ``fields`` of ``frame`` as numpy arrays, after renaming its columns.

    Time-zone-aware timestamp columns are converted to UTC and made naive.

    Raises
    ------
    ValidationError
        If ``frame`` is not an eager table, a column to rename or a required column
        is absent.
    """
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light
    from narwhals.exceptions import DuplicateError  # noqa: PLC0415

    try:
        table = nw.from_native(frame, eager_only=True)
    except DuplicateError:
        raise _repeated(_native_names(frame), origin) from None
    except TypeError:
        raise ValidationError(
            f"cannot read a {type(frame).__name__} as a table; pass an eager pandas, "
            "polars or pyarrow table (collect a lazy frame first)",
            source=origin,
        ) from None
    if rename:
        absent = [name for name in rename if name not in table.columns]
        if absent:
            raise ValidationError(
                f"columns to rename are not in the frame: {absent}; it has {table.columns}",
                column=absent[0],
                source=origin,
            )
        renamed = [rename.get(name, name) for name in table.columns]
        if len(set(renamed)) < len(renamed):
            raise _repeated(renamed, origin, renaming=True)
        table = table.rename(dict(rename))
    missing = [name for name in required if name not in table.columns]
    if missing:
        raise ValidationError(
            f"required columns {missing} are absent; the frame has {table.columns} "
            "(rename with columns={...})",
            column=missing[0],
            source=origin,
        )
    time_type = table.schema["timestamp"]
    if isinstance(time_type, nw.Datetime) and time_type.time_zone is not None:
        table = table.with_columns(
            nw.col("timestamp").dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        )
    return {name: table.get_column(name).to_numpy() for name in fields if name in table.columns}


def _native_names(frame: Any) -> list[str]:  # noqa: ANN401 - a pandas or pyarrow table
    """The column names of a native table, repeats included."""
    names: Any = getattr(frame, "column_names", None)  # pyarrow
    if names is None:
        names = getattr(frame, "columns", ())
    return [str(name) for name in names]


def _repeated(
    names: Sequence[str], origin: str | None, *, renaming: bool = False
) -> ValidationError:
    """The error for a table whose column names repeat (after renaming, if ``renaming``)."""
    seen: set[str] = set()
    twice = None
    for name in names:
        if name in seen:
            twice = name
            break
        seen.add(name)
    after = " after renaming with columns={...}" if renaming else ""
    return ValidationError(
        f"the frame has two columns named {twice!r}{after}; give each column its own name",
        column=twice,
        source=origin,
    )


def frame_from_columns(data: Mapping[str, npt.NDArray[Any]], backend: FrameBackend) -> Any:  # noqa: ANN401
    """A ``backend`` table of ``data``, with the ``timestamp`` column marked as UTC.

    Raises
    ------
    ValidationError
        For an unknown backend.
    ModuleNotFoundError
        If the backend's library is not installed; the message names the extra.
    """
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light

    if backend not in ("pandas", "polars", "pyarrow"):
        raise ValidationError(
            f"unknown backend {backend!r}; use pandas, polars or pyarrow", value=backend
        )
    try:
        table = nw.from_dict(data, backend=backend)
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            f"to_frame({backend!r}) needs {backend}: pip install 'valuecocreation[frames]'"
        ) from error
    if "timestamp" in data:
        table = table.with_columns(nw.col("timestamp").dt.replace_time_zone("UTC"))
    return table.to_native()
