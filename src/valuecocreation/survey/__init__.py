"""Questionnaires and their answers: instruments, responses, group comparisons.

Researchers measure co-creation with questionnaires as well as with behaviour;
Kim & Choi (2019) report a satisfaction survey of 1,008 users and a before/after
comparison (section 4.3 and Figure 3). This module gives that side its data:

- :class:`Item` and :class:`Instrument`: a questionnaire as validated data, read
  from and written to JSON or TOML (:func:`load_instrument`,
  :func:`save_instrument`); a framework package may bring one
  (:func:`default_instrument`), as Kim & Choi's does:
  :data:`KIM_CHOI_2019_INSTRUMENT` has three items per condition of the framework.
- :class:`SurveyResponses`: respondents x items as a ``float64`` matrix with nan
  for missing answers and columns of respondent attributes, built from wide or
  long tables or CSV files (:func:`read_csv`), with bad rows raised or
  quarantined (:class:`~valuecocreation.io.Rejects`), and reverse-coded items recoded exactly once.
- :func:`compare_groups`: two groups of respondents on one item or condition.

:class:`~valuecocreation.scoring.survey.LikertScorer` turns responses into
condition scores, and ``vcc.assess(log, survey=responses)`` combines them with the
evidence of events.

Examples
--------
>>> import valuecocreation as vcc
>>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT, SurveyResponses
>>> len(KIM_CHOI_2019_INSTRUMENT), KIM_CHOI_2019_INSTRUMENT.scale
(39, (1.0, 5.0))
>>> [item.id for item in KIM_CHOI_2019_INSTRUMENT.items_for("reward")]
['reward_1', 'reward_2', 'reward_3']
>>> answers = SurveyResponses.from_wide(
...     {"respondent": ["ana", "ben"], "reward_1": [5, 3], "reward_2": [4, None]},
...     KIM_CHOI_2019_INSTRUMENT)
>>> answers.condition_means("reward").tolist()
[0.875, 0.5]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from valuecocreation._core.public import publish
from valuecocreation._core.quarantine import Rejects
from valuecocreation.framework import DEFAULT_FRAMEWORK
from valuecocreation.survey._compare import GroupComparison, compare_groups
from valuecocreation.survey._input import DEFAULT_MISSING, Errors
from valuecocreation.survey._instrument import (
    INSTRUMENT_SCHEMA_VERSION,
    Instrument,
    Item,
    ItemKind,
    default_instrument,
    load_instrument,
    save_instrument,
)
from valuecocreation.survey._responses import SurveyResponses

__all__ = [
    "DEFAULT_MISSING",
    "INSTRUMENT_SCHEMA_VERSION",
    "KIM_CHOI_2019_INSTRUMENT",
    "Errors",
    "GroupComparison",
    "Instrument",
    "Item",
    "ItemKind",
    "Rejects",
    "SurveyResponses",
    "compare_groups",
    "default_instrument",
    "load_instrument",
    "read_csv",
    "read_survey_csv",
    "save_instrument",
]


KIM_CHOI_2019_INSTRUMENT: Instrument
"""The questionnaire of Kim & Choi (2019)'s framework package (see the reference)."""


def __getattr__(name: str) -> Instrument:
    # The bundled instrument belongs to the Kim & Choi framework package, which sits
    # above this module; it is looked up through the entry points when asked for.
    if name == "KIM_CHOI_2019_INSTRUMENT":
        found = default_instrument(DEFAULT_FRAMEWORK)
        if found is not None:
            return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_survey_csv(
    path: str | Path,
    instrument: Instrument,
    *,
    layout: Literal["wide", "long"] = "wide",
    respondent: str = "respondent",
    item: str = "item",
    value: str = "value",
    attributes: Sequence[str] = (),
    ignore: Sequence[str] = (),
    missing: Iterable[str] = DEFAULT_MISSING,
    recoded: bool = False,
    errors: Errors = "raise",
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> SurveyResponses:
    r"""Read survey responses from a CSV file: see :meth:`SurveyResponses.read_csv`.

    The file goes through the package's one CSV front end, with the bad-row rules
    of every reader (see :doc:`/how-to/handle-bad-rows`). Also importable as
    ``valuecocreation.io.read_survey_csv``, beside the other file readers, and
    under its earlier name ``read_csv`` (:func:`read_csv`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
    >>> _ = path.write_text("respondent,group,recommend\nr1,after,10\nr2,before,x\n")
    >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT
    >>> answers = read_survey_csv(path, KIM_CHOI_2019_INSTRUMENT, attributes=["group"],
    ...                           errors="quarantine")
    >>> answers.column("recommend").tolist(), answers.rejects.reasons
    ([10.0], ("column 'recommend', value 'x': not a number",))
    """
    return SurveyResponses.read_csv(
        path,
        instrument,
        layout=layout,
        respondent=respondent,
        item=item,
        value=value,
        attributes=attributes,
        ignore=ignore,
        missing=missing,
        recoded=recoded,
        errors=errors,
        encoding=encoding,
        delimiter=delimiter,
    )


read_csv = read_survey_csv
"""The earlier name of :func:`read_survey_csv`, kept as an alias: ``valuecocreation.io``
has its own ``read_csv``, for interactions."""

publish(globals(), __all__)
