"""A generic survey-tool export: one row per response, one column per question.

Survey tools (form builders, panel platforms) export a CSV with a response id, some
bookkeeping columns (submission time, e-mail, duration), the respondent's
attributes, and one column per question headed by the question's text, often
with answers as labels ("Strongly agree") rather than numbers.
:class:`SurveyExport` reads such a file into
:class:`~valuecocreation.survey.SurveyResponses`: you say which question is which
item of the instrument, and agreement labels become scale points.

The layout, with a sample in ``valuecocreation/io/samples/survey_export.csv``
(synthetic): ``Response ID``, ``Submitted at``, ``Group``, ``Country``, then one
column per question.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import attrs

from valuecocreation.errors import ValidationError
from valuecocreation.frameworks.kim_choi_2019 import KIM_CHOI_2019_INSTRUMENT
from valuecocreation.survey import Instrument, SurveyResponses

__all__ = ["AGREEMENT_LABELS", "SurveyExport"]

AGREEMENT_LABELS: Mapping[str, int] = MappingProxyType(
    {
        "strongly disagree": 1,
        "disagree": 2,
        "neither agree nor disagree": 3,
        "neutral": 3,
        "agree": 4,
        "strongly agree": 5,
        "very dissatisfied": 1,
        "dissatisfied": 2,
        "neither satisfied nor dissatisfied": 3,
        "satisfied": 4,
        "very satisfied": 5,
    }
)
"""Five-point answer labels and their scale points (Likert 1932), compared ignoring
case and surrounding blanks; numbers are read as they are."""


def _questions(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({str(key): str(item) for key, item in dict(value).items()})


def _labels(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(
        {str(key).strip().lower(): int(point) for key, point in dict(value).items()}
    )


@attrs.frozen(kw_only=True)
class SurveyExport:
    """Reads a survey tool's CSV export into survey responses.

    Parameters
    ----------
    questions
        Column header (the question's text, or its code) -> item id of the
        instrument. Columns not named here, the respondent column and
        ``attributes`` are left out (bookkeeping such as timestamps or e-mails).
    respondent
        The column of response ids.
    attributes
        Columns describing respondents, kept as text under lower-case names
        (``"Group"`` becomes ``group``).
    labels
        Answer label -> scale point; :data:`AGREEMENT_LABELS` by default.
    instrument
        The questionnaire the questions belong to.
    encoding
        The file's text encoding.

    Examples
    --------
    >>> from valuecocreation.io.presets import sample_path
    >>> export = SurveyExport(questions={
    ...     "How satisfied are you with RecordFarm overall?": "overall_satisfaction",
    ...     "How likely are you to recommend RecordFarm to a friend? (0-10)": "recommend",
    ...     "The app is easy to use": "interface_1"}, attributes=["Group", "Country"])
    >>> answers = export.read(sample_path("survey_export.csv"), errors="quarantine")
    >>> len(answers), len(answers.rejects), answers.rejects.lines
    (5, 1, (6,))
    >>> answers.column("interface_1").tolist()
    [5.0, 4.0, 2.0, 4.0, 3.0]
    >>> answers.attribute("group").tolist()
    ['before', 'before', 'after', 'after', 'after']
    """

    questions: Mapping[str, str] = attrs.field(converter=_questions)
    respondent: str = "Response ID"
    attributes: Sequence[str] = attrs.field(default=(), converter=tuple)
    labels: Mapping[str, int] = attrs.field(default=AGREEMENT_LABELS, converter=_labels)
    instrument: Instrument = KIM_CHOI_2019_INSTRUMENT
    encoding: str = "utf-8-sig"

    @property
    def name(self) -> str:
        """``"survey_export"``."""
        return "survey_export"

    def read(
        self, path: str | os.PathLike[str], *, errors: Literal["raise", "quarantine"] = "raise"
    ) -> SurveyResponses:
        """Read the export at ``path``.

        Raises
        ------
        ValidationError
            For a missing column, or (with ``errors="raise"``) the first bad answer,
            naming the file, line, column and value.
        """
        source = str(path)
        header, rows, lines = self._rows(Path(path))
        wanted = {
            self.respondent: "respondent",
            **{name: name.lower() for name in self.attributes},
            **self.questions,
        }
        absent = [name for name in wanted if name not in header]
        if absent:
            raise ValidationError(
                f"columns {absent} are not in the export; it has {header}",
                column=absent[0],
                source=source,
                line=1,
            )
        positions = {name: header.index(name) for name in wanted}
        columns = {
            wanted[name]: [self._answer(row[at], name) for row in rows]
            if name in self.questions
            else [row[at] for row in rows]
            for name, at in positions.items()
        }
        try:
            responses = SurveyResponses.from_wide(
                columns,
                self.instrument,
                attributes=[a.lower() for a in self.attributes],
                errors=errors,
                source=source,
            )
        except ValidationError as error:
            row = error.row
            raise ValidationError(
                error.reason,
                row=row,
                column=error.column,
                value=error.value,
                source=source,
                line=None if row is None else lines[row],
            ) from None
        rejects = attrs.evolve(responses.rejects, lines=[lines[r] for r in responses.rejects.rows])
        return attrs.evolve(responses, rejects=rejects)

    def _rows(self, path: Path) -> tuple[list[str], list[list[str]], list[int]]:
        """Header, rows padded to the header's width, and each row's first line."""
        try:
            with path.open(encoding=self.encoding, newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, [])
                rows: list[list[str]] = []
                lines: list[int] = []
                start = reader.line_num + 1
                for row in reader:
                    if len(row) > len(header):  # its extra fields would be lost
                        raise ValidationError(
                            f"the row has {len(row)} fields, the header {len(header)}",
                            source=str(path),
                            line=start,
                            row=len(rows),
                        )
                    rows.append(row + [""] * (len(header) - len(row)))
                    lines.append(start)
                    start = reader.line_num + 1
        except UnicodeDecodeError as error:
            raise ValidationError(
                f"the file is not {self.encoding} text: {error.reason}", source=str(path)
            ) from None
        except csv.Error as error:
            raise ValidationError(
                f"cannot read the file as CSV: {error}", source=str(path)
            ) from None
        if not header:
            raise ValidationError("the export is empty", source=str(path))
        return header, rows, lines

    def _answer(self, cell: str, column: str) -> str:
        """A label as its scale point, as text; anything else as it is."""
        point = self.labels.get(cell.strip().lower())
        return cell if point is None else str(point)
