"""What the ``plan``, ``channels`` and ``impact`` commands share: small tables in, results out."""

from __future__ import annotations

import argparse
import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from valuecocreation.cli import _common as common
from valuecocreation.errors import ValidationError


class _Result(Protocol):
    def summary(self) -> str: ...
    def to_json(self, *, indent: int | None = 2) -> str: ...
    def to_markdown(self) -> str: ...
    def rows(self) -> list[dict[str, Any]]: ...


def emit(args: argparse.Namespace, result: _Result) -> None:
    """Print or write ``result`` in the chosen ``--format``."""
    if args.format == "table":
        text = result.summary().rstrip("\n") + "\n"
    elif args.format == "json":
        text = result.to_json() + "\n"
    elif args.format == "md":
        text = result.to_markdown()
    else:
        rows = result.rows()
        buffer = io.StringIO()
        fields = list(dict.fromkeys(key for row in rows for key in row))
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
        text = buffer.getvalue()
    common.write(args, text)


def read_table(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a small CSV file with their line numbers; missing columns are an error."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in required if name not in header]
        if missing:
            raise ValidationError(
                f"the file needs the column(s) {', '.join(missing)}; it has {', '.join(header)}",
                source=str(path),
                line=1,
                column=missing[0],
            )
        return [(reader.line_num, dict(row)) for row in reader]


def number(path: Path, line: int, column: str, text: str | None) -> float:
    """``text`` as a finite number >= 0, or a ValidationError naming file, line and column."""
    try:
        value = float(text or "")
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ValidationError(
            "must be a finite number >= 0", source=str(path), line=line, column=column, value=text
        )
    return value
