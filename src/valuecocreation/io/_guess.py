"""A starting source profile for an export: what its first lines suggest, and what they do not.

:func:`guess_profile` reads the start of a file and guesses the settings the
readers need: the encoding (byte-order marks, then whether the bytes are UTF-8),
the delimiter (the one that splits every line into the same number of fields,
or runs of whitespace), whether the first line is a header, which column gives
which field (by name), the timestamp format (by :func:`guess_formats`, which
never chooses between day-first and month-first), and an adapter when the
header has a known export's shape. Everything it cannot tell is said in
``notes``, never filled in silently; the result is a starting point to check.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from valuecocreation.errors import ValidationError
from valuecocreation.io._strptime import guess_formats
from valuecocreation.io.presets._columns import column_key, looks_like_counts, role_of
from valuecocreation.io.presets.social import DEFAULT_METRICS

__all__ = ["ProfileGuess", "guess_profile", "profile_toml"]

_SAMPLE_BYTES: Final = 1 << 16
_SAMPLE_LINES: Final = 50
_CANDIDATES: Final = (",", ";", "\t", "|")
_FIELD_NAMES: Final = {
    "source": ("source", "src", "user", "user_id", "userid", "author", "from", "sender", "actor",
               "member", "customer", "account", "screen_name", "username", "owner"),
    "target": ("target", "dst", "destination", "page", "to", "recipient", "receiver", "object",
               "brand", "item", "post_author"),
    "kind": ("kind", "action", "event", "event_type", "type", "interaction", "activity", "verb"),
    "timestamp": ("timestamp", "time", "date", "datetime", "created_at", "created", "ts", "when",
                  "created_time", "event_time", "occurred_at", "creation_date"),
    "channel": ("channel", "platform", "network", "source_platform", "medium", "site"),
    "weight": ("weight", "count", "value", "amount", "quantity"),
}  # fmt: skip
_ISO: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$"
)
_NUMBER: Final = re.compile(r"^-?\d+(\.\d+)?$")


@attrs.frozen(kw_only=True)
class ProfileGuess:
    """The settings guessed for a file (the keys of a profile's ``[read]`` table) and notes."""

    source: str
    read: dict[str, Any]
    notes: tuple[str, ...]


def _encoding(head: bytes) -> tuple[str, list[str]]:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", []
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", []
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sample's end
            return "cp1252", ["the bytes are not UTF-8; guessed cp1252 (Windows): check it"]
    return "utf-8", []


def _delimiter(lines: Sequence[str]) -> str | None:
    """The candidate splitting every line into the same number (>= 2) of fields."""
    best, most = None, 1
    for candidate in _CANDIDATES:
        counts = {len(row) for row in csv.reader(lines, delimiter=candidate)}
        if len(counts) == 1 and (width := counts.pop()) > most:
            best, most = candidate, width
    if best is None:
        counts = {len(line.split()) for line in lines if line.strip()}
        if len(counts) == 1 and counts.pop() >= 2:
            return "whitespace"
    return best


def _looks_like_data(fields: Sequence[str]) -> bool:
    return all(_NUMBER.match(field.strip()) or _ISO.match(field.strip()) for field in fields)


def guess_profile(path: str | os.PathLike[str]) -> ProfileGuess:
    r"""Guess the reader settings of ``path`` from its first lines (see the module notes).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name, "export.csv")
    >>> _ = path.write_text("user;page;action;time\nana;brand;like;03/15/2024 14:22\n")
    >>> guess = guess_profile(path)
    >>> guess.read["delimiter"], guess.read["timestamp_format"]
    (';', '%m/%d/%Y %H:%M')
    >>> guess.read["columns"]
    {'source': 'user', 'target': 'page', 'kind': 'action', 'timestamp': 'time'}
    >>> folder.cleanup()
    """
    where = Path(path)
    try:
        with where.open("rb") as stream:
            head = stream.read(_SAMPLE_BYTES)
    except OSError as error:
        raise ValidationError(f"cannot read the file: {error}", source=str(path)) from None
    encoding, notes = _encoding(head)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    lines = [
        line
        for line in io.StringIO(text).read().splitlines()
        if line.strip() and not line.lstrip().startswith(("%", "#"))  # comment lines
    ]
    if len(head) == _SAMPLE_BYTES and lines:
        lines = lines[:-1]  # the last line of the sample may be cut
    lines = lines[:_SAMPLE_LINES]
    if not lines:
        raise ValidationError("the file is empty", source=str(path))
    read: dict[str, Any] = {}
    if encoding != "utf-8":
        read["encoding"] = encoding
    delimiter = _delimiter(lines)
    if delimiter is None:
        notes.append("no delimiter splits every line alike; set delimiter by hand")
        delimiter = ","
    if delimiter != ",":
        read["delimiter"] = delimiter
    rows = (
        [line.split() for line in lines]
        if delimiter == "whitespace"
        else list(csv.reader(lines, delimiter=delimiter))
    )
    header, data = rows[0], rows[1:]
    if _looks_like_data(header):
        read["no_header"] = True
        data = rows
        header = ["source", "target", "timestamp", "weight"][: len(rows[0])]
        if len(rows[0]) > 4:
            header += [f"column_{i}" for i in range(5, len(rows[0]) + 1)]
        read["names"] = header
        notes.append(
            f"the first line is data, not a header; guessed the columns are {header}: check them"
        )
    adapter = _adapter(header, data, read, notes)
    if adapter is None:
        _fields(header, data, read, notes)
    return ProfileGuess(source=str(path), read=read, notes=tuple(notes))


def _column_values(data: Sequence[Sequence[str]], at: int) -> list[str]:
    return [row[at] for row in data if at < len(row)]


def _fields(
    header: Sequence[str], data: Sequence[Sequence[str]], read: dict[str, Any], notes: list[str]
) -> None:
    """Which column gives which field, by name; the timestamp format from the values."""
    columns: dict[str, str] = {}
    keys = [column_key(name) for name in header]
    for field, names in _FIELD_NAMES.items():
        wanted = [column_key(name) for name in names]
        found = next((h for h, k in zip(header, keys, strict=True) if k in wanted), None)
        if found is not None and found not in columns.values():
            columns[field] = found
    renamed = {field: name for field, name in columns.items() if name != field}
    if read.get("no_header"):
        renamed = {}
    if renamed:
        read["columns"] = renamed
    notes.extend(
        f"no column looks like {field}: map one with [read.columns] {field} = "
        f'"HEADER" (--column {field}=HEADER), or give every row one value with '
        f'[read.set] {field} = "..." (--set {field}=...)'
        for field in ("source", "target", "kind", "timestamp")
        if field not in columns
    )
    if "timestamp" in columns:
        values = _column_values(data, list(header).index(columns["timestamp"]))
        _timestamp(values, read, notes)


def _timestamp(values: Sequence[str], read: dict[str, Any], notes: list[str]) -> None:
    sample = [value.strip() for value in values if value.strip()]
    if not sample or all(_ISO.match(v) or _NUMBER.match(v) for v in sample):
        return  # ISO 8601 or epoch numbers: timestamp = "auto" reads them
    guess = guess_formats(sample)
    if guess.format is not None:
        read["timestamp_format"] = guess.format
    elif guess.ambiguous:
        notes.append(
            f"the timestamps could be day-first or month-first ({' or '.join(guess.formats[:2])}):"
            " set timestamp_format to the one the export uses"
        )
    else:
        notes.append(f"no known format reads the timestamps (such as {sample[0]!r})")


def _adapter(
    header: Sequence[str], data: Sequence[Sequence[str]], read: dict[str, Any], notes: list[str]
) -> str | None:
    """An installed preset when the header has its shape."""
    keys = {column_key(name) for name in header}
    name = None
    if {"posttypeid", "parentid"} <= keys:
        name = "qa_posts"
    elif {"parentid", "linkid"} <= keys:
        name = "threaded_comments"
    elif {"inreplytoscreenname", "retweetedscreenname"} & keys:
        name = "microblog_archive"
    else:
        metrics = [h for h in header if role_of(h, DEFAULT_METRICS) == "metric"]
        if len(metrics) >= 2:
            name = "social_export"
            _post_report(header, data, read, notes)
    if name is not None:
        read["adapter"] = name
        notes.append(f"the header has the shape of the {name} preset's exports")
    return name


def _post_report(
    header: Sequence[str], data: Sequence[Sequence[str]], read: dict[str, Any], notes: list[str]
) -> None:
    options: dict[str, Any] = {}
    keys = [column_key(name) for name in header]
    if "author" not in keys and "page" not in keys:
        options["page"] = "page"
        notes.append("no author column: set options.page to the page's account")
    if "postedat" not in keys and "month" in keys:
        notes.append(
            "no full timestamps, only the month (and hour): set options.year; every post is "
            "dated the first of its month, so only monthly windows mean something"
        )
    unmatched = [
        name
        for at, name in enumerate(header)
        if role_of(name, DEFAULT_METRICS) is None
        and column_key(name) not in {"month", "weekday", "hour", "postid", "author", "channel"}
        and looks_like_counts(_column_values(data, at))
    ]
    if unmatched:
        options["ignore"] = unmatched
        notes.append(
            f"the columns {unmatched} hold numbers no rule knows: they are ignored here; map "
            "any that counts events in options.metrics instead"
        )
    if options:
        read["options"] = options


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def profile_toml(guess: ProfileGuess) -> str:
    """The guess as a source profile (TOML), its notes as comments.

    >>> print(profile_toml(ProfileGuess(source="x.csv", read={"delimiter": ";",
    ...       "columns": {"source": "user"}}, notes=("check it",))))
    # Source profile for x.csv, written by `valuecocreation profile init`.
    # Use it with --profile; flags given on the command line win over it.
    # Check every guess:
    # - check it
    <BLANKLINE>
    [read]
    delimiter = ";"
    <BLANKLINE>
    [read.columns]
    source = "user"
    <BLANKLINE>
    """
    lines = [
        (
            f"# Source profile for {Path(guess.source).name}, "
            "written by `valuecocreation profile init`."
        ),
        "# Use it with --profile; flags given on the command line win over it.",
    ]
    if guess.notes:
        lines.append("# Check every guess:")
        lines.extend(f"# - {note}" for note in guess.notes)
    lines += ["", "[read]"]
    tables = {key: value for key, value in guess.read.items() if isinstance(value, dict)}
    for key, value in guess.read.items():
        if key not in tables:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, table in tables.items():
        lines += ["", f"[read.{key}]"]
        lines.extend(f"{_toml_key(name)} = {_toml_value(value)}" for name, value in table.items())
    return "\n".join(lines) + "\n"


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_value(name)
