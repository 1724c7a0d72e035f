"""The readers' keyword arguments, checked once, with an error naming the bad one."""

from __future__ import annotations

import datetime as dt
import importlib.util
import zoneinfo
from collections.abc import Mapping
from typing import Final, Literal, get_args

from valuecocreation._core.optional import require
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.io._aliases import KindTable
from valuecocreation.io._strptime import check_format, is_format
from valuecocreation.io._times import TimeMode
from valuecocreation.io._validate import Rules
from valuecocreation.model import InteractionKind

__all__ = [
    "Engine",
    "Errors",
    "check_choice",
    "check_constants",
    "check_count",
    "engine_of",
    "rules_of",
    "zone_of",
]

_FIELDS: Final = ("source", "target", "kind", "timestamp", "channel", "weight")

Errors = Literal["raise", "quarantine"]
"""What a reader does with a bad row: raise for the first, or set every one aside."""
Engine = Literal["auto", "python", "pyarrow"]
"""Which CSV parser to use; ``"auto"`` takes pyarrow when it is installed."""

KindsLike = Mapping[str, InteractionKind | str] | KindTable
"""More event-name aliases (added to the defaults), or a whole :class:`KindTable`."""


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else a :class:`ValidationError`."""
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(
            f"{name} must be one of {', '.join(map(repr, choices))}", column=name, value=value
        )
    return value


def check_count(value: object, name: str) -> int:
    """A whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            f"{name} must be a whole number of at least 1", column=name, value=value
        )
    return value


def zone_of(tz: object) -> dt.tzinfo | None:
    """The time zone naive timestamps are in: ``None`` (UTC), an IANA name or a tzinfo."""
    if tz is None or isinstance(tz, dt.tzinfo):
        return tz
    if not isinstance(tz, str):
        raise ArgumentTypeError(
            "tz must be an IANA time zone name (such as 'Asia/Seoul') or a datetime.tzinfo",
            column="tz",
            value=tz,
        )
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"unknown time zone {tz!r}; use an IANA name such as 'Europe/Paris'",
            column="tz",
            value=tz,
        ) from None


def rules_of(kinds: KindsLike | None, timestamp: object, tz: object) -> Rules:
    """The field rules from the readers' ``kinds``, ``timestamp`` and ``tz`` arguments."""
    table = kinds if isinstance(kinds, KindTable) else KindTable(kinds)
    if is_format(timestamp):
        mode = check_format(timestamp)  # type: ignore[arg-type]
    elif not isinstance(timestamp, str) or timestamp not in get_args(TimeMode):
        raise ValidationError(
            "timestamp must be one of 'auto', 'iso', 's', 'ms' or a strftime-style format "
            "such as '%m/%d/%Y %H:%M'",
            column="timestamp",
            value=timestamp,
        )
    else:
        mode = timestamp
    return Rules(kinds=table, timestamp=mode, zone=zone_of(tz))


def engine_of(engine: object) -> Literal["python", "pyarrow"]:
    """The engine to use; asking for pyarrow without it installed names the extra."""
    chosen = check_choice(engine, "engine", get_args(Engine))
    if chosen == "python":
        return "python"
    if chosen == "pyarrow":
        require("pyarrow.csv", extra="io", feature="engine='pyarrow'")
        return "pyarrow"
    return "pyarrow" if importlib.util.find_spec("pyarrow") is not None else "python"


def check_delimiter(delimiter: object) -> str:
    """One character that is neither a quote nor a line break."""
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise ValidationError(
            "delimiter must be one character other than a quote or a line break",
            column="delimiter",
            value=delimiter,
        )
    return delimiter


def check_constants(constants: Mapping[str, str] | None, name: str | None) -> dict[str, str]:
    """Constant fields, checked: each a field of the log, each value text."""
    if constants is None:
        return {}
    if not isinstance(constants, Mapping):
        raise ValidationError(
            "constants must map fields to one value each", column="constants", source=name
        )
    for field, value in constants.items():
        if field not in _FIELDS or not isinstance(value, str):
            raise ValidationError(
                f"a constant gives a field ({', '.join(_FIELDS)}) one text value, not "
                f"{field!r}={value!r}",
                column="constants",
                value=field,
                source=name,
            )
    return dict(constants)
