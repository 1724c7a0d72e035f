"""Survey responses on the command line: which column is what, and a clear error when none fits."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import Literal

import valuecocreation as vcc
from valuecocreation.errors import ValidationError

__all__ = ["read_responses", "survey_options"]


def survey_options(parser: argparse.ArgumentParser, *, prefix: str = "") -> None:
    """``--respondent``, ``--ignore`` and ``--attributes`` (with ``prefix``: ``--survey-...``)."""
    parser.add_argument(
        f"--{prefix}respondent",
        metavar="COLUMN",
        help="the column of respondent ids (default respondent); '' for R's row names",
    )
    parser.add_argument(
        f"--{prefix}ignore",
        metavar="COLUMN",
        action="append",
        default=[],
        help="a column not to read (repeat; --ignore '' for R's unnamed row-name column)",
    )
    parser.add_argument(
        f"--{prefix}attributes",
        metavar="A,B,C",
        help="the columns describing respondents (default: every column that is no item)",
    )


def _header(path: Path) -> tuple[str, ...]:
    header: tuple[str, ...] = vcc.io.read_rows(path, encoding="utf-8-sig").header
    return header


def read_responses(
    path: Path,
    instrument: vcc.survey.Instrument,
    args: argparse.Namespace,
    *,
    prefix: str = "",
) -> vcc.SurveyResponses:
    """The responses at ``path`` as the survey flags say.

    Raises
    ------
    ValidationError
        When no column is an item of the instrument (listing its items and the
        file's closest columns), or as :func:`valuecocreation.survey.read_survey_csv` does.
    """
    respondent = getattr(args, f"{prefix}respondent", None)
    ignore = list(getattr(args, f"{prefix}ignore", []) or [])
    attributes_text = getattr(args, f"{prefix}attributes", None)
    header = _header(path)
    items = [item.id for item in instrument.items]
    if respondent is None:
        respondent = "respondent" if "respondent" in header else ""
        if respondent == "" and "" not in header:
            respondent = "respondent"  # the reader names it missing
    if not set(items) & set(header):
        closest = {
            name: match[0]
            for name in header
            if (match := difflib.get_close_matches(name, items, n=1, cutoff=0.5))
        }
        hint = (
            "; closest columns: "
            + ", ".join(f"{name!r} (~ {item})" for name, item in closest.items())
            if closest
            else ""
        )
        raise ValidationError(
            f"no column is an item of the instrument {instrument.name!r}; its items are "
            f"{', '.join(items)}; the file has {list(header)}{hint}",
            source=str(path),
            line=1,
        )
    if attributes_text is not None:
        attributes = [name.strip() for name in attributes_text.split(",") if name.strip()]
    else:
        attributes = [
            name
            for name in header
            if name not in items and name != respondent and name not in ignore
        ]
    errors: Literal["raise", "quarantine"] = args.errors
    return vcc.survey.read_survey_csv(
        path,
        instrument,
        respondent=respondent,
        attributes=attributes,
        ignore=ignore,
        errors=errors,
    )
