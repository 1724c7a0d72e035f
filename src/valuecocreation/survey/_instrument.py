"""A questionnaire as data: :class:`Item` and :class:`Instrument`, read from JSON or TOML.

An instrument lists its items in order, each worded for respondents, tied to one
condition of a framework (or to none, for overall questions such as satisfaction,
likelihood to recommend and effort) and marked when it is reverse-coded. All
items share the instrument's response scale unless an item sets its own, as the
0-10 recommendation question does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, Literal, get_args

import attrs

from valuecocreation._core.files import atomic_write
from valuecocreation._core.serial import load_data_file
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import Framework, installed_part

__all__ = [
    "INSTRUMENT_SCHEMA_VERSION",
    "Instrument",
    "Item",
    "ItemKind",
    "default_instrument",
    "load_instrument",
    "save_instrument",
]

INSTRUMENT_SCHEMA_VERSION: Final = 1
ItemKind = Literal["likert", "satisfaction", "nps", "effort"]
"""What an item asks: agreement with a statement (``"likert"``), overall satisfaction,
likelihood to recommend on 0-10 (``"nps"``), or customer effort."""
_KINDS: Final[tuple[str, ...]] = get_args(ItemKind)
_NPS_SCALE: Final = (0.0, 10.0)
_ITEM_FIELDS: Final = frozenset({"id", "wording", "condition", "reverse", "kind", "scale", "note"})
_FIELDS: Final = frozenset(
    {"schema_version", "name", "version", "citation", "description", "scale", "items"}
)


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{attribute.name} must be text", column=attribute.name, value=value
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"{attribute.name} holds a lone surrogate, which no file can store",
            column=attribute.name,
            value=value,
        ) from None


def _check_filled(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_text(instance, attribute, value)
    if not str(value).strip():
        raise ValidationError(
            f"{attribute.name} must not be empty", column=attribute.name, value=value
        )


def _check_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    _check_filled(instance, attribute, value)
    if str(value) != str(value).strip() or not str(value).isprintable():
        raise ValidationError(
            "an item id must be printable text without surrounding spaces "
            "(it names a column of the responses)",
            column="id",
            value=value,
        )


def _check_condition(
    instance: object, attribute: attrs.Attribute[str | None], value: object
) -> None:
    if value is not None:
        _check_filled(instance, attribute, value)


def _check_flag(instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(
            f"{attribute.name} must be true or false", column=attribute.name, value=value
        )


def _check_kind(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _KINDS:
        raise ValidationError(
            f"unknown item kind; kinds are: {', '.join(_KINDS)}", column="kind", value=value
        )


def _to_scale(value: object) -> tuple[float, float]:
    """A (low, high) pair of finite numbers with low < high."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("a scale is a pair [low, high]", column="scale", value=value)
    ends = list(value)
    if len(ends) != 2 or any(
        isinstance(end, bool) or not isinstance(end, int | float) for end in ends
    ):
        raise ValidationError(
            "a scale is a pair of numbers [low, high]", column="scale", value=value
        )
    try:
        low, high = float(ends[0]), float(ends[1])
    except OverflowError:  # an integer beyond float64
        raise ValidationError("scale ends must be finite", column="scale", value=value) from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValidationError(
            "a scale needs finite ends with low < high", column="scale", value=value
        )
    return (low, high)


def _to_optional_scale(value: object) -> tuple[float, float] | None:
    return None if value is None else _to_scale(value)


@attrs.frozen(kw_only=True)
class Item:
    """One question of an instrument.

    Parameters
    ----------
    id
        The item's identifier, also the name of its column in wide responses.
    wording
        The question or statement as respondents read it.
    condition
        The key of the framework condition the item measures, or ``None`` for an
        overall question.
    reverse
        Whether agreement means *less* of the condition; such items are recoded
        as ``low + high - answer`` before scoring.
    kind
        What the item asks (see :data:`ItemKind`).
    scale
        The item's own (low, high) response scale, or ``None`` for the
        instrument's. A ``"nps"`` item must set ``(0, 10)``.
    note
        Where the item comes from, for example the section of a paper.

    Examples
    --------
    >>> item = Item(id="reward_1", wording="Active users get recognized.",
    ...             condition="reward", note="Kim & Choi (2019), section 4.4")
    >>> item.reverse, item.kind
    (False, 'likert')
    >>> Item(id="nps", wording="Would you recommend us?", kind="nps")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'scale': an NPS item needs the scale (0, 10)
    """

    id: str = attrs.field(validator=_check_id)
    wording: str = attrs.field(validator=_check_filled)
    condition: str | None = attrs.field(default=None, validator=_check_condition)
    reverse: bool = attrs.field(default=False, validator=_check_flag)
    kind: ItemKind = attrs.field(default="likert", validator=_check_kind)
    scale: tuple[float, float] | None = attrs.field(default=None, converter=_to_optional_scale)
    note: str = attrs.field(default="", validator=_check_text)

    def __attrs_post_init__(self) -> None:
        if self.kind == "nps" and self.scale != _NPS_SCALE:
            raise ValidationError(
                "an NPS item needs the scale (0, 10)", column="scale", value=self.scale
            )

    def to_dict(self) -> dict[str, Any]:
        """The item as plain data; fields at their default are left out."""
        data: dict[str, Any] = {"id": self.id, "wording": self.wording}
        if self.condition is not None:
            data["condition"] = self.condition
        if self.reverse:
            data["reverse"] = True
        if self.kind != "likert":
            data["kind"] = self.kind
        if self.scale is not None:
            data["scale"] = list(self.scale)
        if self.note:
            data["note"] = self.note
        return data


def _to_items(value: object) -> tuple[Item, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ArgumentTypeError(
            "items must be a sequence of Item objects", column="items", value=type(value).__name__
        )
    items = tuple(value)
    if not items:
        raise ValidationError("an instrument needs at least one item", column="items")
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, Item):
            raise ArgumentTypeError(
                "an instrument holds Item objects",
                row=index,
                column="items",
                value=type(item).__name__,
            )
        if item.id in seen:
            raise ValidationError(
                f"item id {item.id!r} is used twice (items {seen[item.id]} and {index})",
                row=index,
                column="id",
                value=item.id,
            )
        seen[item.id] = index
    return items


@attrs.frozen(kw_only=True)
class Instrument:
    """A questionnaire: items in order and the response scale they share.

    Parameters
    ----------
    name
        A short name, for example ``"kim_choi_2019_vcc"``.
    version
        The instrument's version; responses record which one they answer.
    citation
        Where the instrument comes from.
    scale
        The (low, high) ends of the response scale shared by the items that do
        not set their own, such as ``(1, 5)`` or ``(1, 7)``.
    items
        The items, with unique ids.
    description
        What the instrument is for, in a sentence or two.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> short = Instrument(name="short", version="1", citation="ours", scale=(1, 5), items=[
    ...     Item(id="rw1", wording="My work gets seen.", condition="reward"),
    ...     Item(id="rw2", wording="Nobody notices what I post.", condition="reward",
    ...          reverse=True),
    ...     Item(id="nps", wording="Would you recommend us?", kind="nps", scale=(0, 10))])
    >>> [item.id for item in short.items_for("reward")], short.scale_of("nps")
    (['rw1', 'rw2'], (0.0, 10.0))
    >>> short.check(vcc.KIM_CHOI_2019) is short
    True
    >>> Instrument.from_dict(short.to_dict()) == short
    True
    """

    name: str = attrs.field(validator=_check_filled)
    version: str = attrs.field(validator=_check_filled)
    citation: str = attrs.field(validator=_check_text)
    scale: tuple[float, float] = attrs.field(converter=_to_scale)
    items: tuple[Item, ...] = attrs.field(converter=_to_items)
    description: str = attrs.field(default="", validator=_check_text)
    _index: dict[str, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {item.id: i for i, item in enumerate(self.items)})

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> tuple[str, ...]:
        """The item ids, in order."""
        return tuple(item.id for item in self.items)

    @property
    def conditions(self) -> tuple[str, ...]:
        """The condition keys the items measure, in first-mention order."""
        return tuple(
            dict.fromkeys(item.condition for item in self.items if item.condition is not None)
        )

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``.

        Raises
        ------
        ValidationError
            When the instrument has no such item; the message lists the ids.
        """
        return self.items[self.index(item_id)]

    def index(self, item_id: str) -> int:
        """The position of item ``item_id`` (also its column in the responses).

        Raises
        ------
        ValidationError
            When the instrument has no such item; the message lists the ids.
        """
        position = self._index.get(item_id) if isinstance(item_id, str) else None
        if position is None:
            raise ValidationError(
                f"instrument {self.name!r} has no item {item_id!r}; its items "
                f"are: {', '.join(self.ids)}",
                column="item",
                value=item_id,
            )
        return position

    def items_for(self, condition: str) -> tuple[Item, ...]:
        """The items measuring ``condition`` (empty if none)."""
        return tuple(item for item in self.items if item.condition == condition)

    def scale_of(self, item: Item | str) -> tuple[float, float]:
        """The (low, high) scale of ``item``: its own, else the instrument's."""
        found = item if isinstance(item, Item) else self.item(item)
        return self.scale if found.scale is None else found.scale

    def check(self, framework: Framework, *, complete: bool = False) -> Instrument:
        """Return the instrument itself if every condition it names is in ``framework``.

        With ``complete=True`` every condition of the framework must also have at
        least one item.

        Raises
        ------
        ValidationError
            Naming the first item with an unknown condition and the valid keys, or
            the conditions without items.
        """
        known = framework.condition_keys
        for index, item in enumerate(self.items):
            if item.condition is not None and item.condition not in known:
                raise ValidationError(
                    f"framework {framework.name!r} has no condition {item.condition!r}; valid "
                    f"conditions are: {', '.join(known)}",
                    row=index,
                    column="condition",
                    value=item.condition,
                )
        missing = [key for key in known if not self.items_for(key)]
        if complete and missing:
            raise ValidationError(
                f"no item measures {', '.join(missing)}", column="condition", value=missing[0]
            )
        return self

    def to_dict(self) -> dict[str, Any]:
        """The instrument as plain data; :meth:`from_dict` gives it back."""
        data: dict[str, Any] = {
            "schema_version": INSTRUMENT_SCHEMA_VERSION,
            "name": self.name,
            "version": self.version,
            "citation": self.citation,
        }
        if self.description:
            data["description"] = self.description
        data["scale"] = list(self.scale)
        data["items"] = [item.to_dict() for item in self.items]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Instrument:
        """Build an instrument from plain data (as :meth:`to_dict` writes, or by hand).

        ``schema_version`` may be left out; ``items`` is a list of tables with the
        fields of :class:`Item`.

        Raises
        ------
        ValidationError
            Naming the item (as ``row``) and field of the first problem.
        """
        if not isinstance(data, Mapping):
            raise ValidationError(
                "an instrument must be a table", source=source, value=type(data).__name__
            )
        version = data.get("schema_version", INSTRUMENT_SCHEMA_VERSION)
        if type(version) is not int or version != INSTRUMENT_SCHEMA_VERSION:
            raise ValidationError(
                f"unsupported instrument schema version; this version reads "
                f"{INSTRUMENT_SCHEMA_VERSION}",
                column="schema_version",
                value=version,
                source=source,
            )
        unknown = sorted(str(key) for key in set(data) - _FIELDS)
        if unknown:
            raise ValidationError(f"unknown field(s) {unknown}", column=unknown[0], source=source)
        for required in ("name", "version", "scale", "items"):
            if required not in data:
                raise ValidationError(
                    f"an instrument needs {required!r}", column=required, source=source
                )
        raw_items = data["items"]
        if not isinstance(raw_items, list):
            raise ValidationError(
                "items must be a list of tables",
                column="items",
                value=type(raw_items).__name__,
                source=source,
            )
        items = [_item_from_dict(raw, index, source) for index, raw in enumerate(raw_items)]
        try:
            return cls(
                name=data["name"],
                version=data["version"],
                citation=data.get("citation", ""),
                scale=data["scale"],
                items=items,
                description=data.get("description", ""),
            )
        except ValidationError as error:
            raise ValidationError(
                error.reason, row=error.row, column=error.column, value=error.value, source=source
            ) from None

    def to_json(self, *, indent: int | None = 2) -> str:
        """The instrument as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_toml(self) -> str:
        """The instrument as TOML text (written here: the standard library only reads TOML)."""
        data = self.to_dict()
        items = data.pop("items")
        lines = [f"{key} = {_toml_value(value)}" for key, value in data.items()]
        for item in items:
            lines.extend(["", "[[items]]"])
            lines.extend(f"{key} = {_toml_value(value)}" for key, value in item.items())
        return "\n".join(lines) + "\n"


def _item_from_dict(raw: object, index: int, source: str | None) -> Item:
    if not isinstance(raw, Mapping):
        raise ValidationError(
            "an item must be a table",
            row=index,
            column="items",
            value=type(raw).__name__,
            source=source,
        )
    unknown = sorted(str(key) for key in set(raw) - _ITEM_FIELDS)
    if unknown:
        raise ValidationError(
            f"unknown item field(s) {unknown}", row=index, column=unknown[0], source=source
        )
    for required in ("id", "wording"):
        if required not in raw:
            raise ValidationError(
                f"an item needs {required!r}", row=index, column=required, source=source
            )
    try:
        return Item(**{str(key): value for key, value in raw.items()})
    except ValidationError as error:
        raise ValidationError(
            error.reason, row=index, column=error.column, value=error.value, source=source
        ) from None


def default_instrument(framework: Framework | str) -> Instrument | None:
    """The instrument of ``framework``'s installed package; ``None`` if it has none.

    >>> len(default_instrument("kim_choi_2019"))
    39

    Raises
    ------
    UnknownKeyError
        For a framework name that is not installed.
    """
    return installed_part(framework, "instrument", Instrument)


def _toml_value(value: object) -> str:
    """A TOML literal for the plain values an instrument holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(part) for part in value) + "]"
    raise ValidationError("no TOML form for this value", value=value)  # pragma: no cover


def _toml_string(text: str) -> str:
    """A TOML basic string: backslash, quote and control characters escaped."""
    parts = ['"']
    for char in text:
        if char in '"\\':
            parts.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            parts.append(f"\\u{ord(char):04X}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)


def load_instrument(path: str | Path) -> Instrument:
    """Read an instrument from a ``.json`` or ``.toml`` file.

    Raises
    ------
    ValidationError
        When the file cannot be read or parsed, or describes an invalid
        instrument; the message names the file, the item (as ``row``) and field.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> save_instrument(KIM_CHOI_2019_INSTRUMENT, folder / "vcc.toml")
    >>> load_instrument(folder / "vcc.toml") == KIM_CHOI_2019_INSTRUMENT
    True
    """
    data, source = load_data_file(path, "instrument")
    return Instrument.from_dict(data, source=source)


def save_instrument(instrument: Instrument, path: str | Path) -> None:
    """Write ``instrument`` to a ``.json`` or ``.toml`` file (UTF-8).

    Raises
    ------
    ValidationError
        For another suffix.
    OSError
        When the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = instrument.to_json() + "\n"
    elif suffix == ".toml":
        text = instrument.to_toml()
    else:
        raise ValidationError("an instrument file must end in .json or .toml", source=str(path))
    with atomic_write(path) as handle:
        handle.write(text)
