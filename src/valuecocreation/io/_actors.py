"""Reading actors (id, role, attributes) from CSV files, DataFrames or records.

An actors table has an ``id`` column, an optional ``role`` column (one of
:class:`~valuecocreation.model.Role`, compared ignoring case and surrounding
blanks; empty means ``user``, the role of every actor not listed), and any other
columns, which become the actor's attributes (empty cells are left out). The
result goes straight to ``assess(..., actors=...)``.

An actor listed twice is fine if both rows agree; rows that give one id two
roles, or two different sets of attributes, are bad input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, overload

import attrs

from valuecocreation._core.csvfile import check_mapping
from valuecocreation._core.factorize import why_not_id
from valuecocreation._core.quarantine import Quarantined, RejectedRow, rejected_rows, texts
from valuecocreation._core.times import is_missing
from valuecocreation.errors import ValidationError
from valuecocreation.io._csv import Reading
from valuecocreation.io._options import Engine, Errors, check_choice
from valuecocreation.model import Actor, Role

__all__ = ["ActorsResult", "read_actors", "read_actors_csv"]

ACTOR_FIELDS: tuple[str, ...] = ("id", "role")
"""The fields of an actors table; ``id`` is required."""
_ROLES = ", ".join(role.value for role in Role)


def _actor_tuple(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    return tuple(actors)


def _check_accounting(instance: ActorsResult, attribute: attrs.Attribute[int], value: int) -> None:
    if instance.accepted < len(instance.actors) or instance.accepted < 0:
        raise ValidationError(
            f"{len(instance.rejected)} rejected rows and "
            f"{len(instance.actors)} actors do not fit {value} rows read",
            column="rows_read",
            value=value,
        )


@attrs.frozen(kw_only=True, eq=False)
class ActorsResult(Quarantined):
    """Actors read with ``errors="quarantine"``: the good ones, and the rejected rows.

    Parameters
    ----------
    actors
        The actors, in the order their ids first appear.
    rejected
        The rejected rows, in order.
    rows_read
        Rows read. ``accepted + len(rejected) == rows_read`` (an actor listed twice
        the same way is two accepted rows and one actor); ``rejects`` gives the
        rejected rows as the :class:`~valuecocreation.io.Rejects` record every
        reader returns.
    header
        The column names, for writing the rejected rows back out.
    source
        Where the rows came from.

    Examples
    --------
    >>> from valuecocreation.model import Actor
    >>> result = ActorsResult(actors=(Actor(id="rf", role="firm"),), rejected=(), rows_read=1)
    >>> result.accepted, result.clean, len(result.rejects)
    (1, True, 0)
    """

    actors: tuple[Actor, ...] = attrs.field(converter=_actor_tuple)
    rejected: tuple[RejectedRow, ...] = attrs.field(converter=rejected_rows)
    rows_read: int = attrs.field(validator=_check_accounting)
    header: tuple[str, ...] = attrs.field(converter=texts, default=())
    source: str | None = None

    def __repr__(self) -> str:
        return (
            f"<ActorsResult: {self.rows_read:,} rows read, {len(self.actors):,} actors, "
            f"{len(self.rejected):,} rejected>"
        )


class _Collector:
    """Actors row by row, with the rows rejected and why."""

    def __init__(self, header: Sequence[str], id_at: int, role_at: int | None) -> None:
        self.header = tuple(header)
        self.id_at = id_at
        self.role_at = role_at
        self.actors: dict[str, tuple[Actor, int | None]] = {}
        self.rejected: list[RejectedRow] = []
        self.rows_read = 0

    def add(self, values: Sequence[Any], *, row: int, line: int | None) -> None:
        self.rows_read += 1
        fields = tuple("" if is_missing(v) else str(v) for v in values)
        problem = self._actor(values, line)
        if isinstance(problem, Actor):
            self.actors.setdefault(problem.id, (problem, line))
            return
        reason, at = problem
        self.rejected.append(
            RejectedRow(
                line=line,
                row=row,
                fields=fields,
                reason=reason,
                column=self.header[at] if at is not None else None,
                value=fields[at] if at is not None else None,
            )
        )

    def _actor(self, values: Sequence[Any], line: int | None) -> Actor | tuple[str, int | None]:
        identifier = values[self.id_at]
        if is_missing(identifier) or identifier == "":
            return "id is missing", self.id_at
        why = why_not_id(identifier)
        if why is not None:
            return why, self.id_at
        identifier = str(identifier)
        role: Role | str = Role.USER
        if self.role_at is not None:
            given = values[self.role_at]
            if not is_missing(given) and str(given).strip():
                try:
                    role = Role(str(given).strip().casefold())
                except ValueError:
                    return (f"unknown role {given!r}; valid roles are: {_ROLES}", self.role_at)
        attributes = {
            name: value
            for position, (name, value) in enumerate(zip(self.header, values, strict=True))
            if position not in (self.id_at, self.role_at)
            and name
            and not is_missing(value)
            and value != ""
        }
        try:
            actor = Actor(id=identifier, role=role, attributes=attributes)
        except ValidationError as error:
            return error.reason, None
        kept = self.actors.get(identifier)
        if kept is not None and kept[0] != actor:
            where = f"line {kept[1]}" if kept[1] is not None else "an earlier row"
            what = "role" if kept[0].role != actor.role else "attributes"
            said = kept[0].role.value if what == "role" else dict(kept[0].attributes)
            reason = (
                f"actor {identifier!r} is listed again with another {what} ({where} says {said})"
            )
            return reason, self.role_at if what == "role" else None
        return actor

    def result(self, errors: str) -> tuple[Actor, ...] | ActorsResult:
        actors = tuple(actor for actor, _ in self.actors.values())
        if errors == "raise":
            return actors
        ordered = sorted(self.rejected, key=lambda rejected: rejected.row)
        return ActorsResult(
            actors=actors, rejected=ordered, rows_read=self.rows_read, header=self.header
        )


def _raise_first(collector: _Collector, errors: str, source: str | None) -> None:
    if errors == "raise" and collector.rejected:
        raise collector.rejected[0].error(source)


@overload
def read_actors_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    encoding: str = ...,
    delimiter: str = ...,
    errors: Literal["raise"] = ...,
    engine: Engine = ...,
) -> tuple[Actor, ...]: ...
@overload
def read_actors_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = ...,
    encoding: str = ...,
    delimiter: str = ...,
    errors: Literal["quarantine"],
    engine: Engine = ...,
) -> ActorsResult: ...


def read_actors_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    delimiter: str = ",",
    errors: Errors = "raise",
    engine: Engine = "auto",
) -> tuple[Actor, ...] | ActorsResult:
    r"""Read actors from a CSV file (see the module notes for the columns).

    ``columns`` maps your column names to ``id`` and ``role``; the other arguments
    are those of :func:`~valuecocreation.io.read_csv`.

    Returns
    -------
    tuple of Actor or ActorsResult
        The actors, or with ``errors="quarantine"`` the actors and rejected rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "actors.csv")
    >>> _ = path.write_text("account,type,country\nrecordfarm,Firm,KR\nana,,KR\n"
    ...                     "recordfarm,user,KR\n", encoding="utf-8")
    >>> result = read_actors_csv(path, columns={"account": "id", "type": "role"},
    ...                          errors="quarantine")
    >>> [(a.id, a.role.value, a.attribute("country")) for a in result.actors]
    [('recordfarm', 'firm', 'KR'), ('ana', 'user', 'KR')]
    >>> print(result.rejected[0].reason)
    actor 'recordfarm' is listed again with another role (line 2 says firm)
    >>> folder.cleanup()
    """
    reading = Reading(
        path,
        columns=columns,
        kinds=None,
        timestamp="auto",
        tz=None,
        encoding=encoding,
        delimiter=delimiter,
        errors=errors,
        engine=engine,
        fields=ACTOR_FIELDS,
        required=("id",),
    )
    layout, header = reading.file.layout, reading.file.header
    collector = _Collector(header, layout["id"], layout.get("role"))
    for chunk in reading.pieces(whole=False):
        strings = [column.strings() for column in chunk.columns]  # type: ignore[union-attr]
        events: list[tuple[int, Any]] = [
            (int(row), ("ok", position)) for position, row in enumerate(chunk.rows.tolist())
        ]
        events += [(bad.row, ("bad", bad)) for bad in chunk.bad]
        for row, (what, item) in sorted(events, key=lambda event: event[0]):
            if what == "bad":
                collector.rows_read += 1
                collector.rejected.append(item)
            else:
                collector.add(
                    [values[item] for values in strings], row=row, line=int(chunk.lines[item])
                )
            _raise_first(collector, reading.errors, reading.file.name)
    result = collector.result(reading.errors)
    return (
        attrs.evolve(result, source=reading.file.name)
        if isinstance(result, ActorsResult)
        else result
    )


@overload
def read_actors(
    data: Any,  # noqa: ANN401
    *,
    columns: Mapping[str, str] | None = ...,
    errors: Literal["raise"] = ...,
    origin: str | None = ...,
) -> tuple[Actor, ...]: ...
@overload
def read_actors(
    data: Any,  # noqa: ANN401
    *,
    columns: Mapping[str, str] | None = ...,
    errors: Literal["quarantine"],
    origin: str | None = ...,
) -> ActorsResult: ...


def read_actors(
    data: Any,
    *,
    columns: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    origin: str | None = None,
) -> tuple[Actor, ...] | ActorsResult:
    """Read actors from a DataFrame (pandas, polars, pyarrow) or from records (dicts).

    The columns (or keys) are those of :func:`read_actors_csv`; attribute values
    keep their types (text, numbers, booleans). Rows are numbered from 0.

    Examples
    --------
    >>> actors = read_actors([{"id": "rf", "role": "firm"}, {"id": "ana", "tier": 2}])
    >>> [(a.id, a.role.value, dict(a.attributes)) for a in actors]
    [('rf', 'firm', {}), ('ana', 'user', {'tier': 2})]
    """
    checked = check_choice(errors, "errors", ("raise", "quarantine"))
    renames = check_mapping(columns, ACTOR_FIELDS, origin)
    header, rows = _table(data, origin)
    header = [renames.get(name, name) for name in header]
    if "id" not in header:
        raise ValidationError(
            f"the required column 'id' is absent; the data has {header} "
            "(map yours with columns={...})",
            column="id",
            source=origin,
        )
    if len(set(header)) != len(header):
        raise ValidationError(
            f"two columns are called the same after mapping: {header}",
            column="columns",
            source=origin,
        )
    collector = _Collector(
        header, header.index("id"), header.index("role") if "role" in header else None
    )
    for row, values in enumerate(rows):
        collector.add(values, row=row, line=None)
        _raise_first(collector, checked, origin)
    result = collector.result(checked)
    return attrs.evolve(result, source=origin) if isinstance(result, ActorsResult) else result


def _table(
    data: Any,  # noqa: ANN401
    origin: str | None,
) -> tuple[list[str], Iterator[Sequence[Any]]]:
    """Column names and rows of a DataFrame or of records."""
    if (
        isinstance(data, Iterable)
        and not isinstance(data, str | bytes | Mapping)
        and not (hasattr(data, "columns") and hasattr(data, "shape"))
    ):
        records = list(data)
        names: dict[str, None] = {}
        for row, record in enumerate(records):
            if not isinstance(record, Mapping):
                raise ValidationError(
                    "records must be mappings of column name to value",
                    row=row,
                    value=record,
                    source=origin,
                )
            names.update(dict.fromkeys(str(key) for key in record))
        header = list(names)
        return header, iter([[record.get(name) for name in header] for record in records])
    import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light

    try:
        table = nw.from_native(data, eager_only=True)
    except TypeError:
        raise ValidationError(
            f"cannot read a {type(data).__name__} as actors; pass an eager DataFrame or records",
            source=origin,
        ) from None
    header = [str(name) for name in table.columns]
    columns = [table.get_column(name).to_list() for name in table.columns]
    return header, iter(list(values) for values in zip(*columns, strict=True))
