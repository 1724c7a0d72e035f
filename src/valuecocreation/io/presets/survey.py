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

import os
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal

import attrs

from valuecocreation._core.csvfile import open_csv_file
from valuecocreation._core.csvrows import WIDTH_COLUMN, CsvRecord, records
from valuecocreation.errors import ValidationError
from valuecocreation.frameworks.kim_choi_2019 import KIM_CHOI_2019_INSTRUMENT
from valuecocreation.survey import Instrument, Rejects, SurveyResponses

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
        file = open_csv_file(
            path, encoding=self.encoding, delimiter=",", columns=None, fields=(), required=()
        )
        header = list(file.header)
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
        read = list(records(file))
        good = [record for record in read if record.problem is None]
        positions = {name: header.index(name) for name in wanted}
        columns = {
            wanted[name]: [self._answer(record.fields[at], name) for record in good]
            if name in self.questions
            else [record.fields[at] for record in good]
            for name, at in positions.items()
        }
        structural = next((record for record in read if record.problem is not None), None)
        try:
            responses = SurveyResponses.from_wide(
                columns,
                self.instrument,
                attributes=[a.lower() for a in self.attributes],
                errors=errors,
                source=source,
            )
        except ValidationError as error:
            bad = good[error.row] if error.row is not None else None
            if structural is not None and (bad is None or structural.row < bad.row):
                raise _structure_error(structural, header, source) from None
            raise ValidationError(
                error.reason,
                row=None if bad is None else bad.row,
                column=error.column,
                value=error.value,
                source=source,
                line=None if bad is None else bad.line,
            ) from None
        if structural is not None and errors == "raise":
            raise _structure_error(structural, header, source)
        return attrs.evolve(responses, rejects=_merged(responses.rejects, read, good, header))

    def _answer(self, cell: str, column: str) -> str:
        """A label as its scale point, as text; anything else as it is."""
        point = self.labels.get(cell.strip().lower())
        return cell if point is None else str(point)


def _structure_error(record: CsvRecord, header: list[str], source: str) -> ValidationError:
    """The error of a row the CSV front end found malformed."""
    at = record.at
    return ValidationError(
        record.problem or "",
        row=record.row,
        line=record.line,
        column=header[at] if at is not None and at < len(header) else WIDTH_COLUMN,
        value=record.fields[at] if at is not None else len(record.fields),
        source=source,
    )


def _merged(
    rejects: Rejects, read: list[CsvRecord], good: list[CsvRecord], header: list[str]
) -> Rejects:
    """The answers' rejects and the malformed rows, by position in the file, verbatim."""
    entries = {
        good[row].row: (good[row], column, reason)
        for row, column, reason in zip(rejects.rows, rejects.columns, rejects.reasons, strict=True)
    }
    for record in read:
        if record.problem is not None:
            error = _structure_error(record, header, "")
            assert error.column is not None
            entries[record.row] = (
                record,
                error.column,
                f"column {error.column!r}, value {error.value!r}: {record.problem}",
            )
    ordered = [entries[row] for row in sorted(entries)]
    return Rejects(
        source=rejects.source,
        header=tuple(header),
        rows_read=len(read),
        rows=[record.row for record, _, _ in ordered],
        lines=[record.line for record, _, _ in ordered],
        cells=[tuple(record.fields) for record, _, _ in ordered],
        columns=[column for _, column, _ in ordered],
        reasons=[reason for _, _, reason in ordered],
    )
