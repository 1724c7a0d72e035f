"""Example data shipped inside the package: the RecordFarm (synthetic) data set.

The data are SYNTHETIC. "RecordFarm (synthetic)" is a fictional music start-up whose
listeners and musicians interact with it on Facebook, YouTube and its own platform
from January 2015 to April 2016, with a before/after satisfaction survey. The
script ``examples/make_recordfarm.py`` drew them at random, with a fixed seed, so
that the aggregates Kim & Choi (2019) publish for the real RecordFarm case (users
gained, monthly active users, Facebook pages and followers, app ratings, the
satisfaction before and after content exposure) hold as ratios at 1/50 of the real
size. No row describes a real person or firm; :doc:`/explanation/recordfarm-data`
says what was calibrated and what was chosen.

:func:`load_recordfarm` reads the files into a :class:`Dataset` using only the
standard library and numpy; :func:`recordfarm_path` gives a file's path, for the
file readers and the command line.

Examples
--------
>>> import valuecocreation as vcc
>>> from valuecocreation.datasets import load_recordfarm
>>> data = load_recordfarm()
>>> data
<Dataset recordfarm (synthetic): 349358 interactions, 40403 actors, 1008 survey responses>
>>> result = vcc.assess(data.log, actors=data.actors)
>>> [score.condition for score in result.conditions if not score.has_evidence]
[]
>>> round(result.condition("interface").indicator, 2)  # mean app rating on 1-5
4.74
"""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from collections.abc import Mapping, Sequence
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.csvrows import text_records, width_reason
from valuecocreation.errors import UnknownKeyError, ValidationError, ValueCocreationError
from valuecocreation.frameworks.kim_choi_2019 import KIM_CHOI_2019_INSTRUMENT
from valuecocreation.log import InteractionLog
from valuecocreation.model import Actor, Initiative, Role
from valuecocreation.survey import SurveyResponses

__all__ = [
    "RECORDFARM_FILES",
    "ContestExample",
    "Dataset",
    "contest_example",
    "load_recordfarm",
    "recordfarm_path",
]

RECORDFARM_FILES: Final[tuple[str, ...]] = (
    "interactions.csv.gz",
    "actors.csv.gz",
    "survey.csv",
    "README.md",
)
"""The files of the RecordFarm (synthetic) data set, as :func:`recordfarm_path` knows them."""

_FOLDER: Final = ("data", "recordfarm")
_INTERACTION_COLUMNS: Final = ("source", "target", "kind", "timestamp", "channel", "weight")
_ACTOR_COLUMNS: Final = ("id", "role", "joined", "acquired_via", "country", "device")
_ACTOR_ATTRIBUTES: Final = ("joined", "acquired_via", "country", "device")
_SURVEY_ATTRIBUTES: Final = ("group", "country", "language")
_SURVEY_COLUMNS: Final = ("respondent", *_SURVEY_ATTRIBUTES, *KIM_CHOI_2019_INSTRUMENT.ids)
_STAMP_LENGTH: Final = len("2015-01-03T10:22:05Z")
_COMMA, _NEWLINE = ord(","), ord("\n")

Columns = Mapping[str, npt.NDArray[Any]]


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Dataset:
    """An example data set: an interaction log, its actors and a survey.

    Parameters
    ----------
    name
        Short name of the data set, such as ``"recordfarm"``.
    log
        The interactions.
    actors
        Role of every actor by id, in the form
        :func:`~valuecocreation.assessment.assess` takes as ``actors``.
    actor_table
        One read-only numpy array per column of the actor file (ids, roles and
        attributes such as ``country``), row for row; empty text where an attribute
        does not apply (a firm account has no device).
    survey
        The survey answers to
        :data:`~valuecocreation.survey.KIM_CHOI_2019_INSTRUMENT`, as
        :class:`~valuecocreation.survey.SurveyResponses` with the respondent
        attributes ``group``, ``country`` and ``language``; reverse-coded items
        hold the answers as given (``recoded`` is false).
    description
        What the data are, in a paragraph; says that they are synthetic.
    """

    name: str
    log: InteractionLog
    actors: Mapping[str, Role]
    actor_table: Columns
    survey: SurveyResponses
    description: str

    def __repr__(self) -> str:
        return (
            f"<Dataset {self.name} (synthetic): {len(self.log)} interactions, "
            f"{len(self.actors)} actors, {len(self.survey)} survey responses>"
        )

    def actor_objects(self) -> tuple[Actor, ...]:
        """The actors as :class:`~valuecocreation.model.Actor` objects, with attributes.

        Pass them as ``actors`` to split evidence by an actor attribute, at the
        cost of one object per actor. Empty values are left out, so the firm's
        accounts, which have no device, form the segment ``""``.

        Examples
        --------
        >>> import valuecocreation as vcc
        >>> data = load_recordfarm()
        >>> series = vcc.assess_over(data.log, period=None, segment_by="device",
        ...                          actors=data.actor_objects())
        >>> sorted({item.segment for item in series})
        ['', 'android', 'ios']
        """
        table = self.actor_table
        names = [name for name in table if name not in {"id", "role"}]
        values = [table[name].astype(str).tolist() for name in names]
        return tuple(
            Actor(
                id=actor_id,
                role=role,
                attributes={n: v[row] for n, v in zip(names, values, strict=True) if v[row]},
            )
            for row, (actor_id, role) in enumerate(
                zip(table["id"].tolist(), table["role"].tolist(), strict=True)
            )
        )


def _resource(name: str) -> Traversable:
    if name not in RECORDFARM_FILES:
        raise UnknownKeyError("file", name, RECORDFARM_FILES)
    return resources.files("valuecocreation").joinpath(*_FOLDER, name)


def recordfarm_path(name: str) -> Path:
    """The path of one file of the RecordFarm (synthetic) data set.

    Parameters
    ----------
    name
        One of :data:`RECORDFARM_FILES`.

    Raises
    ------
    UnknownKeyError
        For any other name; the message lists the files.
    ValueCocreationError
        When the package is imported from a zip archive, where files have no path
        (:func:`load_recordfarm` still works there).

    Examples
    --------
    >>> recordfarm_path("survey.csv").read_text(encoding="utf-8").split(",")[:5]
    ['respondent', 'group', 'country', 'language', 'accessibility_1']
    >>> recordfarm_path("events.csv")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.UnknownKeyError: unknown file 'events.csv'; valid file keys are: ...
    """
    resource = _resource(name)
    if not isinstance(resource, Path):
        raise ValueCocreationError(
            f"{name} is inside an archive and has no file-system path; use "
            "load_recordfarm(), or importlib.resources to read it"
        )
    return resource


def load_recordfarm() -> Dataset:
    """Load the RecordFarm (synthetic) data set bundled with the package.

    Reads the three data files (about half a second) with the standard library and
    numpy; no DataFrame library is needed.

    Returns
    -------
    Dataset
        ``log`` (events from January 2015 to April 2016 on the channels
        ``facebook``, ``youtube`` and ``platform``), ``actors`` (roles: ``firm``
        for the seven firm accounts, ``user`` for listeners, ``creator`` for
        musicians), ``actor_table`` (adds ``joined``, ``acquired_via``,
        ``country``, ``device``) and ``survey`` (answers of 1,008 users to every
        item of :data:`~valuecocreation.survey.KIM_CHOI_2019_INSTRUMENT`, with
        the attributes ``group``, ``before`` or ``after`` content exposure,
        ``country`` and ``language``).

    Raises
    ------
    ValidationError
        If a bundled file is damaged, naming the file, row and column.

    Examples
    --------
    >>> data = load_recordfarm()
    >>> data.log.channels.tolist()
    ['facebook', 'platform', 'youtube']
    >>> [data.actors[key].value for key in ("recordfarm", "recordfarm_fb1", "musician_0001")]
    ['firm', 'firm', 'creator']
    >>> data.survey
    <SurveyResponses: 1008 respondents x 39 items of kim_choi_2019_vcc 1.0,
     1179 of 39312 answers missing, attributes: group, country, language>
    >>> satisfied = data.survey.column("overall_satisfaction") >= 4
    >>> before = data.survey.attribute("group") == "before"
    >>> print(f"{satisfied[before].mean():.2%} {satisfied[~before].mean():.2%}")
    65.23% 92.38%
    """
    log = _read_log("interactions.csv.gz")
    table = _read_actors("actors.csv.gz")
    survey = _read_survey("survey.csv")
    roles = {role.value: role for role in Role}
    actors = MappingProxyType(
        dict(zip(table["id"].tolist(), (roles[r] for r in table["role"].tolist()), strict=True))
    )
    start, end = (stamp.date().isoformat() for stamp in log.time_span or ())
    description = (
        f"RecordFarm (synthetic): SYNTHETIC interactions of a fictional music start-up with "
        f"its listeners and musicians on Facebook, YouTube and its own platform, {start} to "
        f"{end} ({len(log):,} events, {len(actors):,} actors), and a before/after "
        f"survey ({len(survey):,} respondents, {len(survey.instrument)} items). Drawn at random by "
        f"examples/make_recordfarm.py so that the aggregates Kim & Choi (2019) publish for "
        f"the RecordFarm case hold as ratios at 1/50 scale; not a measurement of any real "
        f"firm or person. See recordfarm_path('README.md')."
    )
    return Dataset(
        name="recordfarm",
        log=log,
        actors=actors,
        actor_table=table,
        survey=survey,
        description=description,
    )


# ---------------------------------------------------------------- reading
def _read_table(name: str, expected: Sequence[str]) -> dict[str, list[str]]:
    """The columns of a bundled CSV file as lists of text, checked for shape.

    ``expected`` names the columns the header must have, in order. Fields are split
    without a csv parser when no field is quoted and no line is blank (the generator
    writes none), which is several times faster; otherwise the CSV front end reads
    them, by the rules every reader follows. Any bad row raises: the bundled files
    are written by a script, so one is damage, not data to quarantine. Rows in
    errors count from 0 at the first row after the header.
    """
    data = _resource(name).read_bytes()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise ValidationError(f"not a readable gzip file: {error}", source=name) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"not UTF-8 text: {error.reason} at byte {error.start}", source=name
        ) from None
    header, _, body = text.partition("\n")
    columns = header.split(",")
    width = len(columns)
    if tuple(columns) != tuple(expected):
        raise ValidationError(f"the header must be {','.join(expected)}", value=header, source=name)
    if body and not body.endswith("\n"):  # the generator ends every line: the file was cut
        raise ValidationError(
            f"a row must have {width} fields: the file ends without a line break, cut short",
            row=body.count("\n"),
            source=name,
        )
    if '"' in body or "\r" in body or body.startswith("\n") or "\n\n" in body:
        # Quotes, blank lines or other line ends: the CSV front end's rules decide.
        rows: list[list[str]] = []
        for record in text_records(body, width=width, first_line=2, name=name):
            if record.problem is not None:
                raise ValidationError(
                    f"a row must have {width} fields: {record.problem}",
                    row=record.row,
                    source=name,
                )
            rows.append(record.fields)
        fields = [field for row in rows for field in row]
    else:
        bad = _misshapen_line(body.encode("utf-8"), width)
        if bad is not None:
            raise ValidationError(
                f"a row must have {width} fields: {width_reason(bad[1], width)}",
                row=bad[0],
                source=name,
            )
        fields = body.replace("\n", ",").split(",")[:-1] if body else []
    return {column: fields[at::width] for at, column in enumerate(columns)}


def _misshapen_line(body: bytes, width: int) -> tuple[int, int] | None:
    """The first line without ``width - 1`` commas and its number of fields, else None.

    ``body`` ends with a line break, and holds no quote and no blank line.
    """
    buffer = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero(buffer == _NEWLINE)
    commas = np.searchsorted(np.flatnonzero(buffer == _COMMA), ends)
    per_line = np.diff(commas, prepend=0)
    wrong = np.flatnonzero(per_line != width - 1)
    return (int(wrong[0]), int(per_line[wrong[0]]) + 1) if len(wrong) else None


def _read_log(name: str) -> InteractionLog:
    columns = _read_table(name, _INTERACTION_COLUMNS)
    stamps: Any = _utc_seconds(columns["timestamp"])
    if stamps is None:
        stamps = columns["timestamp"]  # the log's own parser names a bad row
    weights: Any = columns["weight"]
    try:
        weights = np.array(weights, dtype=np.float64)
    except ValueError:
        weights = columns["weight"]
    return InteractionLog.from_columns(
        source=columns["source"],
        target=columns["target"],
        kind=columns["kind"],
        timestamp=stamps,
        channel=columns["channel"],
        weight=weights,
        origin=name,
    )


def _utc_seconds(stamps: list[str]) -> npt.NDArray[np.datetime64] | None:
    """Whole-second UTC stamps (``2015-01-03T10:22:05Z``) parsed in one numpy pass.

    ``None`` unless every stamp has exactly that form: numpy cannot be trusted with
    other ones (it warns about offsets), so they go through the log's parser.
    """
    width = _STAMP_LENGTH + 1  # one more character shows a longer stamp
    chars = np.array(stamps, dtype=f"U{width}").view(np.uint32).reshape(-1, width)
    if not (np.all(chars[:, -2] == ord("Z")) and not chars[:, -1].any()):
        return None
    text = chars[:, : _STAMP_LENGTH - 1].copy().view(f"U{_STAMP_LENGTH - 1}").ravel()
    try:
        return text.astype("datetime64[s]")
    except ValueError:
        return None


def _read_actors(name: str) -> Columns:
    columns = _read_table(name, _ACTOR_COLUMNS)
    valid = {role.value for role in Role}
    for row, role in enumerate(columns["role"]):
        if role not in valid:
            raise ValidationError(
                f"unknown role; valid roles are: {', '.join(sorted(valid))}",
                row=row,
                column="role",
                value=role,
                source=name,
            )
    table = {column: _readonly(np.array(values)) for column, values in columns.items()}
    try:
        table["joined"] = _readonly(np.array(columns["joined"], dtype="datetime64[D]"))
    except ValueError:
        raise ValidationError(
            "joined must be dates (YYYY-MM-DD)", column="joined", source=name
        ) from None
    return MappingProxyType(table)


def _read_survey(name: str) -> SurveyResponses:
    """The survey as responses to the bundled instrument.

    Every answer is checked on its item's scale (1-5; 0-10 for ``recommend``, 1-7
    for ``effort``) and must be a whole point.
    """
    # Text arrays rather than lists: each distinct text is then read once per column.
    columns = {
        column: np.array(values, dtype=np.str_)
        for column, values in _read_table(name, _SURVEY_COLUMNS).items()
    }
    survey = SurveyResponses.from_wide(
        columns, KIM_CHOI_2019_INSTRUMENT, attributes=_SURVEY_ATTRIBUTES, source=name
    )
    fractional = ~np.isnan(survey.values) & (survey.values != np.floor(survey.values))
    if fractional.any():
        row, item = (int(at[0]) for at in np.nonzero(fractional))
        column = KIM_CHOI_2019_INSTRUMENT.items[item].id
        raise ValidationError(
            "answers must be whole scale points",
            row=row,
            column=column,
            value=str(columns[column][row]),
            source=name,
        )
    return survey


@attrs.frozen(kw_only=True)
class ContestExample:
    """A small SYNTHETIC log with a contest whose true effect is known.

    Attributes
    ----------
    log
        The interactions: every listener views the studio's page once in each
        window, and posts with a probability that has a planted effect.
    initiative
        The contest: ``user_creativity``, on ``facebook``, for 30 days.
    control
        The channel the contest did not touch (``youtube``).
    actors
        The roles: ``studio`` is the firm, everyone else a user.
    true_effect
        The planted difference in differences of the share of listeners posting.
    """

    log: InteractionLog
    initiative: Initiative
    control: str
    actors: Mapping[str, Role]
    true_effect: float
    description: str


def contest_example(
    seed: int = 0,
    *,
    actors_per_group: int = 400,
    effect: float = 0.15,
    trend: float = 0.05,
) -> ContestExample:
    """A SYNTHETIC contest with a planted effect, to check that measuring recovers it.

    ``actors_per_group`` listeners follow the studio on Facebook (where the contest
    runs) and as many on YouTube (the control). In the 30 days before the contest,
    a Facebook listener posts with probability 0.30 and a YouTube listener with
    0.25; during the contest both rise by ``trend`` (a season shared by both) and
    Facebook listeners by ``effect`` more. So the true difference in differences of
    the share of listeners posting is ``effect``. No row describes a real person.
    The default bundled data set is untouched by this generator.

    Examples
    --------
    >>> example = contest_example(seed=3)
    >>> len(example.log), example.true_effect, example.control
    (2133, 0.15, 'youtube')
    >>> example.initiative.conditions, example.initiative.channels
    (('user_creativity',), ('facebook',))
    """
    if not 0 <= 0.30 + trend + effect <= 1 or not 0 <= 0.25 + trend <= 1:
        raise ValidationError(
            "effect and trend must keep every probability in [0, 1]", column="effect"
        )
    if isinstance(actors_per_group, bool) or not isinstance(actors_per_group, int):
        raise ValidationError("actors_per_group must be an integer", column="actors_per_group")
    if actors_per_group < 1:
        raise ValidationError("actors_per_group must be at least 1", column="actors_per_group")
    rng = np.random.default_rng(seed)
    n = actors_per_group
    start = np.datetime64("2024-03-01T00:00", "s")
    contest_start = start + np.timedelta64(30, "D")
    window = np.timedelta64(30 * 86_400, "s")
    ids = np.array([f"fb{i:05d}" for i in range(n)] + [f"yt{i:05d}" for i in range(n)])
    channel = np.array(["facebook"] * n + ["youtube"] * n)
    treated = channel == "facebook"
    sources, kinds, stamps, channels = [], [], [], []
    for after in (False, True):
        begin = contest_start if after else start
        offsets = rng.integers(0, window.astype(np.int64), size=(2, 2 * n))
        chance = np.where(treated, 0.30, 0.25) + (trend + effect * treated) * after
        posts = rng.random(2 * n) < chance
        sources += [ids, ids[posts]]
        kinds += [np.full(2 * n, "view"), np.full(int(posts.sum()), "post")]
        stamps += [begin + offsets[0], begin + offsets[1][posts]]
        channels += [channel, channel[posts]]
    source = np.concatenate(sources)
    log = InteractionLog.from_columns(
        source=source,
        target=np.full(len(source), "studio"),
        kind=np.concatenate(kinds),
        timestamp=np.concatenate(stamps),
        channel=np.concatenate(channels),
    )
    contest = Initiative(
        key="cover_contest",
        name="Cover contest",
        type="co_production",
        stage="post_launch",
        conditions=("user_creativity",),
        channels=("facebook",),
        start=dt.date(2024, 3, 31),
        end=dt.date(2024, 4, 29),
        description="Listeners post covers; the best are featured (synthetic example).",
    )
    return ContestExample(
        log=log,
        initiative=contest,
        control="youtube",
        actors=MappingProxyType({"studio": Role.FIRM}),
        true_effect=effect,
        description=(
            "SYNTHETIC: a studio runs a 30-day cover contest on Facebook; YouTube listeners "
            f"are the control. Planted effect {effect:g} on the share of listeners posting, "
            f"common trend {trend:g}; drawn with seed {seed}."
        ),
    )
