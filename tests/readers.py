"""Every CSV reader of the package, for the tests that hold them to one set of rules.

Import it as ``from tests import readers`` (see ``tests/strategies.py``).
:func:`every_reader` reads one file with each reader that can quarantine (events
with both engines and in chunks, actors, survey answers, the survey-tool preset),
taking the file's first column as the events' source, the actor id and the
respondent, and :func:`malformed` picks out of a rejects record the rows the CSV
front end found malformed (the wrong number of fields, an unclosed quote, bytes the
encoding cannot decode), which every reader must report alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import valuecocreation as vcc
from valuecocreation.io.presets import SurveyExport

FRONT_END_REASONS = (
    "fields where the header has",
    "the file ends inside a quoted field",
    "bytes that are not valid",
)
INSTRUMENT = vcc.survey.Instrument(
    name="fuzz",
    version="1",
    citation="",
    scale=(1, 5),
    items=[vcc.survey.Item(id="q", wording="w", condition="reward")],
)


def malformed(rejects: Any) -> list[tuple[int, int | None, tuple[str, ...]]]:
    """Row, line and fields of the rows set aside for their structure, in row order."""
    return [
        (row.row, row.line, row.fields)
        for row in rejects.rejected
        if any(text in row.reason for text in FRONT_END_REASONS)
    ]


def every_reader(
    path: Path, header: Sequence[str], events: dict[str, str] | None = None
) -> dict[str, Any]:
    """The rejects record of each CSV reader for the file at ``path``.

    ``header`` is the file's header (distinct, non-empty names); ``events`` maps
    its columns to the interaction fields, if they are not named so already.
    """
    first, *others = header
    chunks = vcc.io.iter_csv(path, columns=events, errors="quarantine", chunk_rows=2)
    for _ in chunks:
        pass
    return {
        "events, python": vcc.io.read_csv(
            path, columns=events, errors="quarantine", engine="python"
        ).rejects,
        "events, pyarrow": vcc.io.read_csv(
            path, columns=events, errors="quarantine", engine="pyarrow"
        ).rejects,
        "events, chunked": chunks.rejects,
        "actors": vcc.io.read_actors_csv(path, columns={first: "id"}, errors="quarantine").rejects,
        "survey": vcc.survey.read_survey_csv(
            path, INSTRUMENT, respondent=first, attributes=others, errors="quarantine"
        ).rejects,
        "survey export": SurveyExport(
            questions={}, respondent=first, attributes=others, instrument=INSTRUMENT
        )
        .read(path, errors="quarantine")
        .rejects,
    }


def assert_agree(found: dict[str, Any]) -> None:
    """Every reader counted the same rows and set aside the same malformed ones."""
    reference = found["events, python"]
    for reader, rejects in found.items():
        assert rejects.rows_read == reference.rows_read, reader
        assert rejects.accepted + len(rejects) == rejects.rows_read, reader
        assert malformed(rejects) == malformed(reference), reader
