"""The readers' options on the command line, and source profiles that hold them.

Every keyword of the Python readers has a flag (``--column source=user`` for
``columns={"user": "source"}``, ``--timestamp-format`` for
``timestamp="%m/%d/%Y %H:%M"``...), and a source profile (``--profile FILE.toml``)
holds the same settings under ``[read]`` so that a team writes them once; a flag
given on the command line wins over the profile. Errors raised while reading
are reworded to name the flags, not the keywords (:func:`cli_words`).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

import valuecocreation as vcc
from valuecocreation.errors import ValidationError

__all__ = ["ReadSettings", "cli_words", "read_events", "reader_options", "settings_of"]

_DELIMITERS: Final = {",": ",", ";": ";", "\\t": "\t", "\t": "\t", "tab": "\t", "|": "|"}
_COLUMNAR: Final = {".parquet": "parquet", ".pq": "parquet", ".arrow": "arrow",
                    ".feather": "arrow", ".ipc": "arrow"}  # fmt: skip
_PROFILE_KEYS: Final = frozenset(
    {"columns", "kinds", "set", "delimiter", "encoding", "no_header", "names", "timestamp",
     "timestamp_format", "tz", "adapter", "options"}
)  # fmt: skip


def reader_options(parser: argparse.ArgumentParser) -> None:
    """Add the reader flags (every one defaults to the profile's value, then the reader's)."""
    group = parser.add_argument_group("reading the export")
    group.add_argument(
        "--profile", metavar="FILE", type=Path, help="a source profile (TOML) with these settings"
    )
    group.add_argument(
        "--column",
        metavar="FIELD=HEADER",
        action="append",
        help="the column giving a field, such as source=user (repeat for each field)",
    )
    group.add_argument(
        "--kind",
        metavar="NAME=KIND",
        action="append",
        help="an event name of the export and the kind it means, such as Retweet=share",
    )
    group.add_argument(
        "--set",
        metavar="FIELD=VALUE",
        action="append",
        help="a field with one value for every row, such as kind=message",
    )
    group.add_argument(
        "--delimiter", metavar="SEP", help="the field separator: , ; \\t | or whitespace"
    )
    group.add_argument("--encoding", metavar="NAME", help="the text encoding, such as utf-16")
    group.add_argument(
        "--no-header", action="store_true", default=None, help="the file has no header line"
    )
    group.add_argument("--names", metavar="A,B,C", help="with --no-header: the columns' fields")
    group.add_argument(
        "--timestamp", choices=("auto", "iso", "s", "ms"), help="how timestamps are written"
    )
    group.add_argument(
        "--timestamp-format",
        metavar="FORMAT",
        help="a strftime format, such as '%%m/%%d/%%Y %%H:%%M'",
    )
    group.add_argument("--tz", metavar="ZONE", help="the time zone of naive times (IANA name)")
    group.add_argument(
        "--adapter", metavar="NAME", help="read with an installed adapter ('list' lists them)"
    )
    group.add_argument(
        "--option",
        metavar="KEY=VALUE",
        action="append",
        help="an option of the adapter, such as page=brand or ignore=Category,Paid",
    )


@attrs.frozen(kw_only=True)
class ReadSettings:
    """Every reader setting, from the profile and the flags."""

    columns: dict[str, str] = attrs.field(factory=dict)  # header -> field, as in Python
    kinds: dict[str, str] = attrs.field(factory=dict)
    constants: dict[str, str] = attrs.field(factory=dict)
    delimiter: str | None = None
    encoding: str | None = None
    no_header: bool = False
    names: tuple[str, ...] | None = None
    timestamp: str | None = None
    tz: str | None = None
    adapter: str | None = None
    options: dict[str, Any] = attrs.field(factory=dict)


def _pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise ValidationError(f"{flag} takes KEY=VALUE, not {value!r}", column=flag)
        found[key.strip()] = rest
    return found


def _option_value(text: str) -> Any:  # noqa: ANN401 - the adapter's option, typed from text
    """An adapter option from text: a whole number, true/false, a list (commas) or text."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if "," in text:
        return [part.strip() for part in text.split(",")]
    return text


_MAPPING_OPTIONS: Final = frozenset({"metrics"})  # options that map names to kinds


def _mapping_value(text: str) -> dict[str, str]:
    """``NAME:KIND,NAME:KIND`` as a mapping (the ``metrics`` option of the presets)."""
    found = {}
    for part in text.split(","):
        name, sep, kind = part.rpartition(":")
        if not sep or not name.strip():
            raise ValidationError(
                f"--option metrics takes NAME:KIND,NAME:KIND, not {text!r}", column="--option"
            )
        found[name.strip()] = kind.strip()
    return found


def load_profile(path: Path) -> dict[str, Any]:
    """The ``[read]`` table of a source profile, checked."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"not valid TOML: {error}", source=str(path)) from None
    read = data.get("read", {})
    if not isinstance(read, dict):
        raise ValidationError("[read] must be a table", source=str(path), column="read")
    unknown = sorted(set(read) - _PROFILE_KEYS)
    if unknown:
        raise ValidationError(
            f"unknown settings {unknown}; a profile's [read] table takes "
            f"{', '.join(sorted(_PROFILE_KEYS))}",
            source=str(path),
            column=unknown[0],
        )
    for key in ("columns", "kinds", "set", "options"):
        if not isinstance(read.get(key, {}), dict):
            raise ValidationError(f"[read.{key}] must be a table", source=str(path), column=key)
    return read


def settings_of(args: argparse.Namespace) -> ReadSettings:
    """The settings of ``args``: the profile's, then the flags given."""
    profile = load_profile(args.profile) if getattr(args, "profile", None) else {}
    fields = dict(profile.get("columns", {}))  # field -> header, as the flag reads
    fields.update(_pairs(args.column, "--column"))
    kinds = dict(profile.get("kinds", {}))
    kinds.update(_pairs(args.kind, "--kind"))
    constants = {key: str(value) for key, value in profile.get("set", {}).items()}
    constants.update(_pairs(args.set, "--set"))
    options = dict(profile.get("options", {}))
    for key, text in _pairs(args.option, "--option").items():
        options[key] = _mapping_value(text) if key in _MAPPING_OPTIONS else _option_value(text)
    timestamp = args.timestamp_format or args.timestamp
    if args.timestamp_format and args.timestamp not in (None, "auto"):
        raise ValidationError(
            "give --timestamp or --timestamp-format, not both", column="--timestamp-format"
        )
    if timestamp is None:
        timestamp = profile.get("timestamp_format") or profile.get("timestamp")
    names_text = args.names if args.names is not None else profile.get("names")
    names = None
    if names_text is not None:
        listed = names_text.split(",") if isinstance(names_text, str) else list(names_text)
        names = tuple(name.strip() for name in listed)
    no_header = bool(args.no_header if args.no_header is not None else profile.get("no_header"))
    if names is not None and not no_header:
        raise ValidationError("--names needs --no-header", column="--names")
    delimiter = args.delimiter if args.delimiter is not None else profile.get("delimiter")
    return ReadSettings(
        columns={header: field for field, header in fields.items()},
        kinds=kinds,
        constants=constants,
        delimiter=_delimiter(delimiter),
        encoding=args.encoding or profile.get("encoding"),
        no_header=no_header,
        names=names,
        timestamp=timestamp,
        tz=args.tz or profile.get("tz"),
        adapter=args.adapter or profile.get("adapter"),
        options=options,
    )


def _delimiter(value: str | None) -> str | None:
    if value is None or value == "whitespace":
        return value
    if value not in _DELIMITERS:
        raise ValidationError(
            "--delimiter takes , ; \\t | or whitespace", column="--delimiter", value=value
        )
    return _DELIMITERS[value]


def columnar_kind(path: Path) -> str | None:
    """``"parquet"`` or ``"arrow"`` for a columnar file, by its name; ``None`` otherwise."""
    return _COLUMNAR.get(path.suffix.lower())


def list_adapters() -> None:
    """Print the installed adapters, one a line."""
    for name in vcc.io.available_adapters():
        print(name)


def read_events(args: argparse.Namespace, path: Path, *, errors: str) -> Any:  # noqa: ANN401
    """The export at ``path`` read as the settings say: a log, or with quarantine a result."""
    from valuecocreation import io  # noqa: PLC0415 - readers load only when reading
    from valuecocreation.io._options import rules_of  # noqa: PLC0415
    from valuecocreation.io._whitespace import read_whitespace  # noqa: PLC0415

    settings = settings_of(args)
    common: dict[str, Any] = {}
    if settings.columns:
        common["columns"] = settings.columns
    if settings.timestamp is not None:
        common["timestamp"] = settings.timestamp
    if settings.tz is not None:
        common["tz"] = settings.tz
    if settings.adapter is not None:
        return _adapter(settings, common).read(path, errors=errors)
    kinds = settings.kinds or None
    if settings.delimiter == "whitespace":
        return read_whitespace(
            path,
            names=settings.names if settings.no_header else None,
            columns=settings.columns or None,
            constants=settings.constants or None,
            rules=rules_of(kinds, settings.timestamp or "auto", settings.tz),
            encoding=settings.encoding or "utf-8",
            errors=errors,
        )
    if settings.no_header:
        raise ValidationError(
            "--no-header works with --delimiter whitespace or an --adapter; a CSV file "
            "needs a header naming its columns",
            column="--no-header",
        )
    columnar = columnar_kind(path)
    if columnar is not None:
        if settings.constants:
            raise ValidationError(
                "--set works with text files; a Parquet or Arrow file's table can hold the "
                "column itself",
                column="--set",
            )
        reader: Callable[..., Any] = io.read_parquet if columnar == "parquet" else io.read_arrow
        return reader(path, kinds=kinds, errors=errors, **common)
    read_csv: Callable[..., Any] = io.read_csv
    return read_csv(
        path,
        kinds=kinds,
        encoding=settings.encoding or "utf-8",
        delimiter=settings.delimiter or ",",
        errors=errors,
        constants=settings.constants or None,
        **common,
    )


def _adapter(settings: ReadSettings, common: Mapping[str, Any]) -> Any:  # noqa: ANN401
    """The adapter the settings name, given the reader settings it was given."""
    from valuecocreation import io  # noqa: PLC0415

    parameters = dict(settings.options)
    parameters.update(common)
    if settings.delimiter is not None:
        parameters["delimiter"] = settings.delimiter
    if settings.encoding is not None:
        parameters["encoding"] = settings.encoding
    if settings.names is not None:
        parameters["names"] = settings.names
    parameters.update(settings.constants)
    if settings.kinds:
        parameters["kinds"] = settings.kinds
    try:
        return io.get_adapter(settings.adapter or "", **parameters)
    except TypeError as error:
        raise ValidationError(
            f"the adapter {settings.adapter!r} does not take one of the settings given "
            f"({', '.join(sorted(parameters))}): {error}",
            column="--option",
        ) from None


_WORDS: Final = (
    (re.compile(r"columns=\{\.\.\.\}"), "--column FIELD=HEADER"),
    (re.compile(r"kinds=\{\.\.\.\}"), "--kind NAME=KIND"),
    (re.compile(r"constants=\{\.\.\.\}"), "--set FIELD=VALUE"),
    (re.compile(r"names=\(\.\.\.\)"), "--no-header --names A,B,C"),
    (re.compile(r"metrics=\{\.\.\.\}"), "--option metrics=NAME:KIND,NAME:KIND"),
    (re.compile(r"ignore=\[\.\.\.\]"), "--option ignore=NAME,NAME"),
    (re.compile(r"timestamp='(%[^']*)'"), r"--timestamp-format '\1'"),
    (re.compile(r"timestamp='\.\.\.'"), "--timestamp-format '...'"),
    (re.compile(r"timestamp='s' or 'ms'"), "--timestamp s or --timestamp ms"),
    (re.compile(r"(?<![-\w])(year|page|names)=\.\.\."), r"--option \1=..."),
    (re.compile(r"delimiter='([^']*)'"), r"--delimiter '\1'"),
    (re.compile(r"encoding='([^']*)'"), r"--encoding \1"),
    (re.compile(r"pass the file's encoding"), "pass --encoding"),
    (re.compile(r"errors='quarantine'"), "--errors quarantine"),
)


def cli_words(message: str) -> str:
    """A reader's message with each keyword it suggests replaced by the flag that sets it.

    >>> cli_words("required columns ['source'] are absent (map your column names with "
    ...           "columns={...})")
    "required columns ['source'] are absent (map your column names with --column FIELD=HEADER)"
    >>> cli_words("it reads as '%m/%d/%Y': pass timestamp='%m/%d/%Y'")
    "it reads as '%m/%d/%Y': pass --timestamp-format '%m/%d/%Y'"
    """
    for pattern, replacement in _WORDS:
        message = pattern.sub(replacement, message)
    return message


def print_error(error: BaseException) -> None:
    """Print an error as the command line words it."""
    print(f"valuecocreation: error: {cli_words(str(error))}", file=sys.stderr)
