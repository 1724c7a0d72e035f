"""Reading item responses: a 2-D array or an eager DataFrame, checked once.

Rows are respondents, columns are items, nan (or a DataFrame null) is a missing
answer. Everything downstream works on the float64 matrix and item names kept in
an :class:`ItemMatrix`; every rule is checked here, so that the statistics never
meet text, infinities or a one-column "scale".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, get_args

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ArgumentTypeError, ValidationError

__all__ = [
    "ItemMatrix",
    "Missing",
    "check_constructs",
    "check_missing",
    "read_constructs",
    "read_items",
]

Missing = Literal["pairwise", "listwise"]
"""How missing answers are handled: pairwise-complete pairs, or complete rows only."""
_MISSING: Final[tuple[str, ...]] = get_args(Missing)
Floats = npt.NDArray[np.float64]


@attrs.frozen(eq=False)
class ItemMatrix:
    """Responses as a float64 matrix (rows = respondents) and one name per column."""

    values: Floats
    items: tuple[str, ...]

    def index(self, names: Sequence[str]) -> list[int]:
        """Column positions of ``names`` (already checked to exist)."""
        position = {name: i for i, name in enumerate(self.items)}
        return [position[name] for name in names]


def check_missing(missing: object) -> Missing:
    """``missing`` if it names a policy, else a ValidationError."""
    if missing not in _MISSING:
        raise ValidationError(
            f"missing must be one of {', '.join(_MISSING)}", column="missing", value=missing
        )
    return missing  # type: ignore[return-value]  # checked just above


def read_items(
    data: Any,  # noqa: ANN401 - a 2-D array-like or any eager table narwhals reads
    items: Sequence[str] | None = None,
    *,
    minimum: int = 2,
) -> ItemMatrix:
    """The item responses in ``data`` as an :class:`ItemMatrix`.

    For a DataFrame, ``items`` selects columns by name (all columns by default);
    for an array, it names the columns (``item_0``, ``item_1``... by default).

    Raises
    ------
    ValidationError
        For a table or array that is not 2-D, a column that is not numeric or
        holds an infinite value, unknown or repeated item names, or fewer than
        ``minimum`` items or two respondents.
    """
    names = None if items is None else _item_names(items)
    frame = _as_frame(data)
    matrix = _from_frame(frame, names) if frame is not None else _from_array(data, names)
    return _checked(matrix, minimum)


def _item_names(items: Sequence[str]) -> tuple[str, ...]:
    if isinstance(items, str) or not isinstance(items, Sequence):
        raise ArgumentTypeError(
            "items must be a sequence of item names", column="items", value=items
        )
    names = tuple(items)
    for name in names:
        if not isinstance(name, str):
            raise ValidationError("an item name must be text", column="items", value=name)
    _no_repeats(names, "items")
    return names


def _no_repeats(names: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValidationError(f"item {name!r} is named twice in {where}", column=name)
        seen.add(name)


def _as_frame(data: object) -> Any:  # noqa: ANN401 - a narwhals DataFrame or None
    """``data`` as a narwhals eager DataFrame, or None for anything else."""
    if isinstance(data, np.ndarray | list | tuple):
        return None
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light
    from narwhals.exceptions import NarwhalsError  # noqa: PLC0415 - as above

    try:
        frame = nw.from_native(data, pass_through=True)
    except NarwhalsError as error:  # for example, two columns of the same name
        raise ValidationError(
            f"cannot read the table: {error}".replace("\n", " "), value=type(data).__name__
        ) from None
    if isinstance(frame, nw.LazyFrame):
        raise ValidationError(
            "a lazy table cannot be read; collect it first", value=type(data).__name__
        )
    return frame if isinstance(frame, nw.DataFrame) else None


def _from_frame(frame: Any, names: tuple[str, ...] | None) -> ItemMatrix:  # noqa: ANN401
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light

    by_text = {str(column): column for column in frame.columns}
    if len(by_text) != len(frame.columns):
        _no_repeats([str(column) for column in frame.columns], "the frame's columns")
    if names is None:
        names = tuple(by_text)
    unknown = [name for name in names if name not in by_text]
    if unknown:
        raise ValidationError(
            f"item {unknown[0]!r} is not a column of the frame; it has {list(by_text)}",
            column=unknown[0],
        )
    schema = frame.schema
    for name in names:
        dtype = schema[by_text[name]]
        if not (dtype.is_numeric() or dtype == nw.Boolean):
            raise ValidationError(
                f"item {name!r} is not numeric (its type is {dtype}); "
                "answers must be numbers, missing ones null or nan",
                column=name,
            )
    # Column-major, so that each column is one contiguous write (and read, later).
    values = np.empty((len(frame), len(names)), dtype=np.float64, order="F")
    for j, name in enumerate(names):
        column = frame.get_column(by_text[name])
        if column.dtype != nw.Float64:  # a cast turns nulls of any numeric type into nan
            column = column.cast(nw.Float64)
        values[:, j] = column.to_numpy()
    return ItemMatrix(values, names)


def _from_array(data: object, names: tuple[str, ...] | None) -> ItemMatrix:
    try:
        array = np.asarray(data)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            f"cannot read the responses as a 2-D array: {error}", value=type(data).__name__
        ) from None
    if array.ndim != 2:
        raise ValidationError(
            f"responses must be 2-D (rows = respondents, columns = items); got "
            f"{array.ndim} dimension{'s' if array.ndim != 1 else ''} of shape {array.shape}",
            value=array.shape,
        )
    width = array.shape[1]
    if names is None:
        names = tuple(f"item_{j}" for j in range(width))
    elif len(names) != width:
        raise ValidationError(
            f"items names {len(names)} columns but the array has {width}",
            column="items",
            value=len(names),
        )
    return ItemMatrix(_numeric(array, names), names)


def _numeric(array: npt.NDArray[Any], names: tuple[str, ...]) -> Floats:
    kind = array.dtype.kind
    if kind in "biuf":
        return array.astype(np.float64)
    if kind != "O":
        raise ValidationError(
            f"responses must be numbers; got an array of {array.dtype}",
            column=names[0] if names else None,
        )
    values = np.empty(array.shape, dtype=np.float64)
    for j, name in enumerate(names):  # object arrays only: rare, and reported by column
        for i, cell in enumerate(array[:, j].tolist()):
            if cell is None:
                values[i, j] = np.nan
            elif isinstance(cell, int | float | np.integer | np.floating | np.bool_):
                values[i, j] = float(cell)
            else:
                raise ValidationError(
                    "an answer must be a number (missing: None or nan)",
                    row=i,
                    column=name,
                    value=cell,
                )
    return values


def _checked(matrix: ItemMatrix, minimum: int) -> ItemMatrix:
    values, names = matrix.values, matrix.items
    if len(names) < minimum:
        raise ValidationError(
            f"need at least {minimum} items; got {len(names)}", column="items", value=list(names)
        )
    infinite = np.isinf(values)
    if infinite.any():
        row, column = (int(i) for i in np.argwhere(infinite)[0])
        raise ValidationError(
            "an answer is infinite; only finite numbers or nan are allowed",
            row=row,
            column=names[column],
            value=float(values[row, column]),
            more=int(infinite.sum()) - 1,
        )
    if values.shape[0] < 2:
        raise ValidationError(
            f"need at least 2 respondents; got {values.shape[0]}", value=values.shape[0]
        )
    values.flags.writeable = False  # our own copy: every reader above makes one
    return ItemMatrix(values, names)


def check_constructs(
    constructs: Mapping[str, Sequence[str]],
    available: Sequence[str] | None,
) -> dict[str, tuple[str, ...]]:
    """``constructs`` as a plain dict of item tuples, checked.

    Every construct needs at least two items, every item may belong to one
    construct only, and, when ``available`` is given, must be one of them.
    """
    if not isinstance(constructs, Mapping) or not constructs:
        raise ValidationError(
            "constructs must map each construct's name to its items",
            column="constructs",
            value=constructs,
        )
    checked: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    known = None if available is None else set(available)
    for name, construct_items in constructs.items():
        if not isinstance(name, str):
            raise ValidationError("a construct name must be text", column="constructs", value=name)
        names = _item_names(construct_items)
        if len(names) < 2:
            raise ValidationError(
                f"construct {name!r} needs at least 2 items; got {list(names)}",
                column=name,
                value=list(names),
            )
        for item in names:
            if item in owner:
                raise ValidationError(
                    f"item {item!r} belongs to both {owner[item]!r} and "
                    f"{name!r}; an item measures one construct",
                    column=item,
                )
            if known is not None and item not in known:
                raise ValidationError(
                    f"construct {name!r} names item {item!r}, which is "
                    f"not in the data; its items are {list(available or ())}",
                    column=item,
                )
            owner[item] = name
        checked[name] = names
    return checked


def read_constructs(
    data: Any,  # noqa: ANN401 - see read_items
    constructs: Mapping[str, Sequence[str]],
    items: Sequence[str] | None = None,
) -> tuple[ItemMatrix, dict[str, tuple[str, ...]]]:
    """The items of ``constructs``, construct by construct, and the checked constructs.

    Columns of a DataFrame that no construct names are not read (an id or a text
    column may stay in the frame); an array's columns are named by ``items``.
    """
    checked = check_constructs(constructs, None)
    wanted = [item for names in checked.values() for item in names]
    if _as_frame(data) is not None:
        if items is not None:
            check_constructs(checked, _item_names(items))
        return read_items(data, wanted), checked
    matrix = read_items(data, items, minimum=1)
    check_constructs(checked, matrix.items)
    selected = matrix.values[:, matrix.index(wanted)]
    selected.flags.writeable = False
    return ItemMatrix(selected, tuple(wanted)), checked
