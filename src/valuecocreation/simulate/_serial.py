"""What the simulation results share: converters for their fields and the JSON round trip.

A result is a frozen attrs class whose fields are numbers, text, numpy columns,
findings or other results; :class:`Serial` writes them as plain data (nan as
``null``, arrays as lists) with a ``schema_version`` and the result's ``kind``,
and reads them back through the same converters, so a round trip is lossless.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar, Self, cast

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.errors import ValidationError
from valuecocreation.findings import Finding

__all__ = [
    "SIMULATE_SCHEMA_VERSION",
    "Serial",
    "findings_tuple",
    "float_array",
    "float_pair",
    "float_value",
    "id_tuple",
    "int_array",
    "rebuild",
]

SIMULATE_SCHEMA_VERSION = 1
"""The version of the JSON form of every result of :mod:`valuecocreation.simulate`."""


def float_value(value: object) -> float:
    """A float; ``None`` (JSON's nan) becomes nan."""
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


def float_pair(value: object) -> tuple[float, float]:
    """Two floats, such as an interval's ends."""
    pair: tuple[object, object] = tuple(value)  # type: ignore[arg-type, assignment]
    low, high = pair
    return (float_value(low), float_value(high))


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.array(array, copy=True)
    array.flags.writeable = False
    return array


def float_array(value: object) -> npt.NDArray[np.float64]:
    """A read-only float64 column; ``None`` entries become nan."""
    if isinstance(value, np.ndarray):
        return _readonly(value.astype(np.float64))
    items = [float_value(item) for item in value]  # type: ignore[attr-defined]
    return _readonly(np.array(items, dtype=np.float64))


def int_array(value: object) -> npt.NDArray[np.int64]:
    """A read-only int64 column."""
    return _readonly(np.asarray(value, dtype=np.int64).reshape(-1))


def id_tuple(value: object) -> tuple[str | int, ...]:
    """Actor ids as a tuple (text or whole numbers, as JSON keeps them)."""
    return tuple(item if isinstance(item, str) else int(item) for item in value)  # type: ignore[attr-defined]


def findings_tuple(value: object) -> tuple[Finding, ...]:
    """Findings, from objects or their plain data."""
    return tuple(
        item if isinstance(item, Finding) else Finding.from_dict(item)
        for item in value  # type: ignore[attr-defined]
    )


def _plain(value: object) -> object:  # noqa: PLR0911 - one return per kind of value
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.ndarray):
        return [_plain(item) for item in value.tolist()]
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, np.integer):
        return int(value)
    return value


class Serial:
    """Mixin: ``to_dict``/``from_dict``/``to_json``/``from_json`` and equality by data.

    ``_NESTED`` names the fields that hold another result (read back with that
    class's ``from_dict``); every other field is read back through its converter.
    """

    _KIND: ClassVar[str] = ""
    _NESTED: ClassVar[Mapping[str, type[Serial]]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version`` and ``kind``; nan is ``None``."""
        data: dict[str, Any] = {"schema_version": SIMULATE_SCHEMA_VERSION, "kind": self._KIND}
        for field in attrs.fields(cast("Any", type(self))):
            data[field.name] = _plain(getattr(self, field.name))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            For another schema version or kind, or missing, unknown or malformed fields.
        """
        data = check_version(data, SIMULATE_SCHEMA_VERSION, cls._KIND)
        if data.get("kind") != cls._KIND:
            raise ValidationError(
                f"this is not a {cls._KIND} result", column="kind", value=data.get("kind")
            )
        with reading(cls._KIND):
            names = {field.name for field in attrs.fields(cast("Any", cls))}
            given = set(data) - {"schema_version", "kind"}
            if given != names:
                raise ValidationError(
                    f"a {cls._KIND} result needs exactly the fields {sorted(names)}",
                    value=sorted(given),
                )
            values = {
                name: (
                    cls._NESTED[name].from_dict(data[name]) if name in cls._NESTED else data[name]
                )
                for name in names
            }
            return cls(**values)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The result as strict JSON (no NaN literals); see :meth:`to_dict`."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> Self:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    def __reduce__(self) -> tuple[object, ...]:
        # Through the plain data: findings and read-only mappings do not pickle
        # themselves, and the plain form is the one a result promises to keep.
        return (rebuild, (type(self), self.to_dict()))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def rebuild(cls: type[Serial], data: Mapping[str, Any]) -> Serial:
    """A result of ``cls`` from its plain data (what unpickling calls)."""
    return cls.from_dict(data)
