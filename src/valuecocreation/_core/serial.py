"""Shared pieces of the result objects' serialisation.

Results (scores, assessments, funnels) are identified by their plain-data form:
two are equal when their JSON is, which also makes nan equal nan, as a round trip
through JSON requires.

Text from outside is untrusted: :func:`parse_json` bounds what parsing it can
cost (integers of at most :data:`MAX_INT_DIGITS` digits, whatever
``sys.set_int_max_str_digits`` says; nesting at most :data:`MAX_DEPTH`
deep; no ``NaN`` or ``Infinity`` literals, which strict JSON does not have), and
:func:`check_finite` and :func:`from_json_float` stop non-finite or mistyped
numbers at the door of ``from_dict``, naming the field, rather than in a later
``to_json``.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, Protocol

from valuecocreation.errors import ValidationError

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "check_finite",
    "check_version",
    "dumps",
    "equal_as_data",
    "from_json_float",
    "ints",
    "json_float",
    "load_data_file",
    "loads",
    "parse_json",
    "reading",
]

MAX_INT_DIGITS: Final = 4300
"""The most digits an integer of untrusted JSON or TOML may have (Python's default)."""
MAX_DEPTH: Final = 200
"""The deepest nesting of arrays and objects untrusted JSON may have."""
_ESCAPE: Final = re.compile(rb"\\.", re.DOTALL)


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
    """Parse untrusted JSON text (see :func:`parse_json`); bad text is a ValidationError."""
    return parse_json(text)


def _bounded_int(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_INT_DIGITS:
        raise _Refused(f"an integer of more than {MAX_INT_DIGITS:,} digits")
    return int(text)


def _no_constant(name: str) -> float:
    raise _Refused(f"{name} is not a JSON number")


class _Refused(Exception):  # noqa: N818 - raised through json's hooks, then reworded
    """A number the bounded parser refuses."""


def parse_json(
    text: str | bytes, *, source: str | None = None, constants: bool = False, where: bool = True
) -> Any:  # noqa: ANN401 - whatever the JSON holds
    """Parse untrusted JSON in bounded time and stack: bad text is a ValidationError.

    Integers longer than :data:`MAX_INT_DIGITS` digits, nesting deeper than
    :data:`MAX_DEPTH` and (unless ``constants``) the literals ``NaN``,
    ``Infinity`` and ``-Infinity`` are refused, with the reason in the message.
    ``where=False`` leaves the position of a syntax error out of the message (for
    one line of JSON Lines, whose line the caller gives).

    Examples
    --------
    >>> parse_json('{"a": [1, 2.5, null]}')
    {'a': [1, 2.5, None]}
    >>> parse_json('{"a": NaN}')
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: not valid JSON: NaN is not a JSON number
    >>> parse_json("[" * 1000 + "]" * 1000)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: not valid JSON: nested more than 200 deep
    """
    if isinstance(text, bytes):
        openers = text.count(b"[") + text.count(b"{")
    else:
        openers = text.count("[") + text.count("{")
    if openers > MAX_DEPTH and nesting_depth(text) > MAX_DEPTH:
        raise ValidationError(f"not valid JSON: nested more than {MAX_DEPTH} deep", source=source)
    try:
        return json.loads(
            text,
            parse_int=_bounded_int,
            parse_constant=None if constants else _no_constant,
        )
    except _Refused as error:
        raise ValidationError(f"not valid JSON: {error}", source=source) from None
    except json.JSONDecodeError as error:
        reason = str(error) if where else error.msg
        raise ValidationError(f"not valid JSON: {reason}", source=source) from None
    except (RecursionError, ValueError) as error:
        raise ValidationError(f"not valid JSON: {error}", source=source) from None


def nesting_depth(text: str | bytes) -> int:
    r"""The deepest nesting of ``[`` and ``{`` outside strings, without recursion.

    >>> nesting_depth('{"a": [[1], "[[[", "\\"]}'), nesting_depth("7")
    (3, 0)
    """
    import numpy as np  # noqa: PLC0415 - a vectorised scan; numpy is a core dependency

    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    data = _ESCAPE.sub(b"", data)  # in JSON a backslash escapes one character, in strings
    codes = np.frombuffer(data, dtype=np.uint8)
    quote = codes == ord('"')
    inside = (np.cumsum(quote) - quote) % 2 == 1
    step = (codes == ord("[")).astype(np.int64) + (codes == ord("{"))
    step -= (codes == ord("]")).astype(np.int64) + (codes == ord("}"))
    step[inside | quote] = 0
    return int(np.cumsum(step).max(initial=0))


def json_float(value: float) -> float | None:
    """A float for JSON: nan (no value) becomes ``None``."""
    return None if math.isnan(value) else value


def from_json_float(value: object, field: str) -> float:
    """The inverse of :func:`json_float`: ``None`` is nan.

    Anything but a finite number or ``None`` is a ValidationError naming ``field``.
    """
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            f"{field} must be a number or null, not {type(value).__name__}",
            column=field,
            value=value,
        )
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(
            f"{field} must be finite (null for no value)", column=field, value=value
        )
    return number


def check_finite(data: object, what: str, path: str = "") -> None:
    """Refuse plain data holding a non-finite float (``NaN``, ``Infinity``) anywhere.

    The message names the field by its path, ``drivers[2].value``.

    >>> check_finite({"a": [1.0, float("inf")]}, "assessment")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'a[1]', value inf: ...
    """
    stack: list[tuple[str, object]] = [(path, data)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                raise ValidationError(
                    f"malformed {what}: {where or 'the value'} must be a finite number "
                    "(null for no value)",
                    column=where or None,
                    value=item,
                )
        elif isinstance(item, Mapping):
            stack.extend(
                (f"{where}.{key}" if where else str(key), value) for key, value in item.items()
            )
        elif isinstance(item, list | tuple):
            stack.extend((f"{where}[{index}]", value) for index, value in enumerate(item))


def check_version(data: object, expected: int, what: str) -> Mapping[str, Any]:
    """``data`` as a mapping, if its ``schema_version`` is ``expected``; else a ValidationError.

    The data is also checked to hold no non-finite number (:func:`check_finite`):
    every result's ``from_dict`` starts here, so none accepts ``NaN`` or
    ``Infinity`` that its ``to_json`` could not write back.
    """
    version = data.get("schema_version") if isinstance(data, Mapping) else None
    if version != expected or not isinstance(data, Mapping) or isinstance(version, bool):
        raise ValidationError(
            f"unsupported {what} schema version; this version reads {expected}",
            column="schema_version",
            value=version if isinstance(data, Mapping) else data,
        )
    check_finite(data, what)
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
    if suffix == ".json":
        return parse_json(text, source=source), source
    try:
        if suffix == ".toml":
            return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"not valid TOML: {error}", source=source) from None
    except (RecursionError, ValueError) as error:  # deep nesting, an integer too long
        raise ValidationError(f"not valid TOML: {error}", source=source) from None
    article = "an" if what[0] in "aeiou" else "a"
    raise ValidationError(f"{article} {what} file must end in .json or .toml", source=source)
