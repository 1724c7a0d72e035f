"""Shared pieces of the result objects' serialisation.

Results (scores, assessments, funnels) are identified by their plain-data form:
two are equal when their JSON is, which also makes nan equal nan, as a round trip
through JSON requires.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from valuecocreation.errors import ValidationError

__all__ = [
    "check_version",
    "dumps",
    "equal_as_data",
    "ints",
    "load_data_file",
    "loads",
    "reading",
]


class _HasDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def equal_as_data(self: _HasDict, other: object) -> bool:
    """``__eq__`` for results: same type and the same JSON form."""
    if type(other) is not type(self):
        return NotImplemented  # type: ignore[no-any-return]  # let Python try the other side
    return json.dumps(self.to_dict()) == json.dumps(other.to_dict())


def dumps(data: dict[str, Any], indent: int | None) -> str:
    """Strict JSON (no NaN or Infinity literals)."""
    return json.dumps(data, indent=indent, allow_nan=False)


def loads(text: str) -> Any:  # noqa: ANN401 - whatever the JSON holds
    """Parse JSON text; bad text is a ValidationError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(f"not valid JSON: {error}") from None


def check_version(data: object, expected: int, what: str) -> Mapping[str, Any]:
    """``data`` as a mapping, if its ``schema_version`` is ``expected``; else a ValidationError."""
    version = data.get("schema_version") if isinstance(data, Mapping) else None
    if version != expected or not isinstance(data, Mapping):
        raise ValidationError(
            f"unsupported {what} schema version; this version reads {expected}",
            column="schema_version",
            value=version if isinstance(data, Mapping) else data,
        )
    return data


def ints(value: Iterable[object]) -> tuple[int, ...]:
    """A tuple of Python ints from plain data or an integer array (JSON has no numpy types)."""
    return tuple(int(item) for item in value)  # type: ignore[call-overload]


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Turn what malformed plain data makes Python raise into a ValidationError."""
    try:
        yield
    except ValidationError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        raise ValidationError(f"malformed {what}: {error!r}") from None


def load_data_file(path: str | os.PathLike[str], what: str) -> tuple[Any, str]:
    """The parsed content of a ``.json`` or ``.toml`` file, and its name for messages.

    Unreadable files, other suffixes, bad syntax and absurd nesting are
    ValidationErrors naming the file; ``what`` ("map", "instrument") says what
    the file should hold.
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(f"cannot read the {what}: {error}", source=source) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text), source
        if suffix == ".toml":
            return tomllib.loads(text), source
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(f"not valid {suffix[1:].upper()}: {error}", source=source) from None
    except RecursionError:
        raise ValidationError(f"nested too deeply to be a {what}", source=source) from None
    article = "an" if what[0] in "aeiou" else "a"
    raise ValidationError(f"{article} {what} file must end in .json or .toml", source=source)
