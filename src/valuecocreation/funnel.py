"""The co-creation funnel: how far each actor gets along the value evolution.

Kim & Choi (2019), "Value co-creation through social media: a case study of a
start-up company", JBEM 20(1), 1-19, order their four drivers as a value evolution
(section 2 and Figure 1): a user first takes value in, by experiencing the
offering and being satisfied with it, and then gives value out, by expressing
themselves through it and sharing it with others. :func:`funnel` measures that
progression in an interaction log.

Who is in the funnel
    Every actor of the map's population roles (users and creators by default)
    that is the *source* of at least one interaction: the *active* actors, as in
    :class:`~valuecocreation.evidence.Evidence`. Firms are not in it unless the
    map's population says so.
Reaching a stage
    An actor *reaches* a driver when the condition map credits it with any
    condition of that driver (a rule crediting the target counts for the target,
    as a reward does). Its *stage* is the furthest driver it reached, by the
    framework's driver order; active actors credited with nothing are counted as
    ``none``, not dropped.
Counts
    ``furthest[d]``: actors whose stage is ``d``. ``reached[d]``: actors credited
    with ``d``, whatever else they reached. ``reached_at_least[d]``: actors whose
    stage is ``d`` or later. An actor may skip a driver (express without a
    recorded satisfaction), so ``reached`` need not shrink from stage to stage,
    while ``reached_at_least`` always does; conversions use ``reached_at_least``.
Conversion
    Into the first stage: ``reached_at_least[first] / actors``; into every later
    stage ``d``: ``reached_at_least[d] / reached_at_least[d - 1]``; nan when the
    denominator is 0. Every conversion lies in [0, 1].
Time to a stage
    From the actor's first interaction as a source (*first seen*) to the first
    interaction crediting it with the driver, in seconds; the median is over the
    actors that reached the driver (``reached[d]`` of them), nan when none did. A
    credit received before the actor first acts (a firm rewarding a user who has
    not acted yet) counts as reached when first seen: time 0.
Cohorts
    Actors are grouped by the calendar period (UTC) of their first-seen time; every
    count and median is given per cohort and in total.

Examples
--------
>>> import valuecocreation as vcc
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "rf", "kind": "view", "timestamp": "2024-01-01"},
...     {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-01-03"},
...     {"source": "ben", "target": "rf", "kind": "view", "timestamp": "2024-01-02"},
...     {"source": "ben", "target": "rf", "kind": "share", "timestamp": "2024-02-02"},
...     {"source": "cy", "target": "rf", "kind": "view", "timestamp": "2024-02-10"},
... ])
>>> from valuecocreation.funnel import funnel
>>> result = funnel(log, actors={"rf": "firm"})
>>> result.n_actors, result.furthest
(3, {'experience': 1, 'satisfaction': 1, 'expression': 0, 'share': 1})
>>> result.reached_at_least
{'experience': 3, 'satisfaction': 2, 'expression': 1, 'share': 1}
>>> result.median_time_to_stage["satisfaction"] / 86_400  # ana: two days
2.0
>>> [(row.cohort, row.actors) for row in result.cohorts]
[('2024-01-01', 2), ('2024-02-01', 1)]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal, get_args

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import TEXT_DTYPE
from valuecocreation._core.serial import (
    check_version,
    dumps,
    equal_as_data,
    ints,
    json_float,
    loads,
    reading,
)
from valuecocreation._evidence.actors import ROLES, ActorsLike, actor_table
from valuecocreation._evidence.matching import matches
from valuecocreation._evidence.windows import checked, windows
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap

__all__ = [
    "FUNNEL_SCHEMA_VERSION",
    "SMALL_FUNNEL",
    "Cohort",
    "Funnel",
    "FunnelActors",
    "FunnelRow",
    "funnel",
]

FUNNEL_SCHEMA_VERSION: Final = 2
_READABLE_VERSIONS: Final = (1, 2)
Cohort = Literal["day", "week", "month", "quarter"]
_COHORTS: Final[tuple[str, ...]] = get_args(Cohort)
_ALL: Final = "all"
_NONE: Final = "none"
_NEVER: Final = np.iinfo(np.int64).max  # "first time" of something that never happened
_US_PER_SECOND: Final = 1_000_000

Ints = npt.NDArray[np.int64]
#: Fewer active actors than this and the funnel says its shares rest on very few.
SMALL_FUNNEL: Final = 30
_SECTION: Final = "Kim & Choi (2019), section 2 and Figure 1 (value evolution)"


# ---------------------------------------------------------------------- results
def _floats(value: Iterable[float | None]) -> tuple[float, ...]:
    return tuple(math.nan if v is None else float(v) for v in value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else math.nan


@attrs.frozen(kw_only=True, eq=False)
class FunnelRow:
    """The funnel of one cohort (or of all actors): counts and median times per stage.

    The tuples follow the stages of the :class:`Funnel` that holds the row (the
    framework's drivers, in order). See the module notes for the definitions.
    """

    cohort: str
    """Start of the cohort's period as an ISO date, or ``"all"``."""
    actors: int
    """Active actors of the population roles first seen in the cohort."""
    none: int
    """Active actors credited with no driver at all."""
    furthest: tuple[int, ...] = attrs.field(converter=ints)
    """Actors whose furthest driver is the stage."""
    reached: tuple[int, ...] = attrs.field(converter=ints)
    """Actors credited with the stage's driver, whatever else they reached."""
    reached_at_least: tuple[int, ...] = attrs.field(converter=ints)
    """Actors whose furthest driver is the stage or a later one."""
    median_seconds: tuple[float, ...] = attrs.field(converter=_floats)
    """Median seconds from first seen to first reaching the stage; nan when nobody did."""

    def __attrs_post_init__(self) -> None:
        sizes = {
            len(self.furthest),
            len(self.reached),
            len(self.reached_at_least),
            len(self.median_seconds),
        }
        if len(sizes) != 1:
            raise ValidationError(
                "a funnel row needs one value per stage in every field",
                column="cohort",
                value=self.cohort,
            )
        if min(self.none, *self.furthest) < 0 or self.none + sum(self.furthest) != self.actors:
            raise ValidationError(
                "a funnel row's 'none' and 'furthest' counts must add up to its actors",
                column="actors",
                value=self.actors,
            )
        if any(
            at_least != sum(self.furthest[stage:])
            for stage, at_least in enumerate(self.reached_at_least)
        ):
            raise ValidationError(
                "reached_at_least must count the actors at each stage or a later one",
                column="reached_at_least",
                value=self.reached_at_least,
            )

    @property
    def conversion(self) -> tuple[float, ...]:
        """Share of the previous stage's ``reached_at_least`` (of ``actors`` for the first).

        This treats every stage as observable; :meth:`observed_conversion` does not.
        """
        return self.observed_conversion((True,) * len(self.reached_at_least))

    def observed_conversion(self, observable: Sequence[bool]) -> tuple[float, ...]:
        """Conversions where a stage no interaction in the data can credit is nan.

        An unobservable stage has no conversion (nan, never 100%); the next
        observable stage converts from the last observable one before it (or from
        all actors), since nobody can be seen passing through the hidden stage.
        """
        conversions = []
        previous = self.actors
        for at_least, seen in zip(self.reached_at_least, observable, strict=True):
            if not seen:
                conversions.append(math.nan)
                continue
            conversions.append(_ratio(at_least, previous))
            previous = at_least
        return tuple(conversions)

    def to_dict(
        self, stages: Sequence[str], observable: Sequence[bool] | None = None
    ) -> dict[str, Any]:
        """Plain, JSON-ready data; per-stage values keyed by the ``stages``."""
        seen = (True,) * len(stages) if observable is None else observable

        def keyed(values: Iterable[Any]) -> dict[str, Any]:
            return dict(zip(stages, values, strict=True))

        return {
            "cohort": self.cohort,
            "actors": self.actors,
            "none": self.none,
            "furthest": keyed(self.furthest),
            "reached": keyed(self.reached),
            "reached_at_least": keyed(self.reached_at_least),
            "conversion": keyed(json_float(c) for c in self.observed_conversion(seen)),
            "median_seconds": keyed(json_float(s) for s in self.median_seconds),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], stages: Sequence[str]) -> FunnelRow:
        """The inverse of :meth:`to_dict` (``conversion`` is recomputed, not read)."""

        def ordered(name: str) -> list[Any]:
            values = data[name]
            if set(values) != set(stages):
                raise ValidationError(
                    f"{name} must have one value per stage {list(stages)}",
                    column=name,
                    value=sorted(values),
                )
            return [values[stage] for stage in stages]

        return cls(
            cohort=data["cohort"],
            actors=data["actors"],
            none=data["none"],
            furthest=ordered("furthest"),
            reached=ordered("reached"),
            reached_at_least=ordered("reached_at_least"),
            median_seconds=ordered("median_seconds"),
        )

    def median_timedelta(self, position: int) -> dt.timedelta | None:
        """The median time to the stage at ``position`` as a timedelta, ``None`` if nobody."""
        seconds = self.median_seconds[position]
        return None if math.isnan(seconds) else dt.timedelta(seconds=seconds)


def _text_array(value: Iterable[str] | npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.array(list(value) if not isinstance(value, np.ndarray) else value, dtype=TEXT_DTYPE)
    array.flags.writeable = False
    return array


def _stage_array(value: Iterable[int] | npt.NDArray[Any]) -> npt.NDArray[np.int16]:
    array = np.array(value, dtype=np.int16)
    array.flags.writeable = False
    return array


def _time_array(value: Iterable[str] | npt.NDArray[Any]) -> npt.NDArray[np.datetime64]:
    array = np.array(value, dtype="datetime64[us]")
    array.flags.writeable = False
    return array


@attrs.frozen(kw_only=True, eq=False)
class FunnelActors:
    """One row per active actor of the funnel, as read-only columns sorted by id.

    ``stage`` is the position of the actor's furthest driver among the funnel's
    stages, ``-1`` for none; ``first_seen`` its first interaction as a source
    (``datetime64[us]``, UTC).
    """

    ids: npt.NDArray[Any] = attrs.field(converter=_text_array)
    stage: npt.NDArray[np.int16] = attrs.field(converter=_stage_array)
    first_seen: npt.NDArray[np.datetime64] = attrs.field(converter=_time_array)

    def __attrs_post_init__(self) -> None:
        if not len(self.ids) == len(self.stage) == len(self.first_seen):
            raise ValidationError(
                "the actor columns must have equal lengths", column="actors", value=len(self.ids)
            )

    def __len__(self) -> int:
        return len(self.ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FunnelActors):
            return NotImplemented
        return (
            self.ids.tolist() == other.ids.tolist()
            and np.array_equal(self.stage, other.stage)
            and np.array_equal(self.first_seen, other.first_seen)
        )

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, list[Any]]:
        """Columns as lists: ``id``, ``stage`` and ``first_seen`` (ISO text, microseconds)."""
        return {
            "id": self.ids.tolist(),
            "stage": self.stage.tolist(),
            "first_seen": np.datetime_as_string(self.first_seen, unit="us").tolist(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FunnelActors:
        """The inverse of :meth:`to_dict`."""
        return cls(ids=data["id"], stage=data["stage"], first_seen=data["first_seen"])


def _rows(value: Iterable[FunnelRow]) -> tuple[FunnelRow, ...]:
    return tuple(value)


def _bools(value: Iterable[bool]) -> tuple[bool, ...]:
    return tuple(bool(v) for v in value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class Funnel:
    """The co-creation funnel of a log (see the module notes).

    Build it with :meth:`Funnel.from_log` or :func:`funnel`.

    :attr:`total` is the funnel of all active actors, :attr:`cohorts` the funnel of
    each first-seen period, in time order. The dictionaries :attr:`furthest`,
    :attr:`reached`, :attr:`reached_at_least`, :attr:`conversion` and
    :attr:`median_time_to_stage` read the total, keyed by stage.

    A stage is :attr:`observable` when at least one interaction in the data can
    credit an actor with it (a kind the map maps to one of its conditions, from a
    source of a role and on a channel the rule accepts). An unobservable stage has
    no conversion (nan, never 100%), and a ``stage_unobservable`` finding in
    :attr:`findings` says why and names the filter that emptied it.
    """

    framework: str
    framework_version: str
    mapping: str
    cohort: str | None
    """The cohort period (``"day"``, ``"week"``, ``"month"``, ``"quarter"``) or ``None``."""
    stages: tuple[str, ...] = attrs.field(converter=_strs)
    """The driver keys in value-evolution order."""
    total: FunnelRow
    cohorts: tuple[FunnelRow, ...] = attrs.field(converter=_rows)
    actors: FunnelActors | None = None
    """The per-actor table, or ``None`` when it was left out of the serialised form."""
    observable: tuple[bool, ...] = attrs.field(
        default=attrs.Factory(lambda self: (True,) * len(self.stages), takes_self=True),
        converter=_bools,
    )
    """For each stage, whether any interaction in the data can credit it (all true if unknown)."""
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    """What the funnel cannot carry, such as unobservable stages or too few actors."""

    @classmethod
    def from_log(
        cls,
        log: InteractionLog,
        *,
        framework: Framework | str = DEFAULT_FRAMEWORK,
        mapping: ConditionMap | None = None,
        actors: ActorsLike | None = None,
        cohort: Cohort | None = "month",
    ) -> Funnel:
        """The funnel of ``log``; the same as :func:`funnel` (see there).

        >>> import valuecocreation as vcc
        >>> log = vcc.InteractionLog.from_records([
        ...     {"source": "ana", "target": "rf", "kind": "view", "timestamp": "2024-03-04"}])
        >>> vcc.Funnel.from_log(log).furthest["experience"]
        1
        """
        return funnel(log, framework=framework, mapping=mapping, actors=actors, cohort=cohort)

    def __attrs_post_init__(self) -> None:
        if len(self.observable) != len(self.stages):
            raise ValidationError(
                "observable needs one flag per stage", column="observable", value=self.observable
            )
        if self.cohort is not None and self.cohort not in _COHORTS:
            raise ValidationError(
                f"unknown cohort period; periods are: {', '.join(_COHORTS)}",
                column="cohort",
                value=self.cohort,
            )
        for row in (self.total, *self.cohorts):
            if len(row.furthest) != len(self.stages):
                raise ValidationError(
                    f"cohort {row.cohort!r} has {len(row.furthest)} stages, not {len(self.stages)}",
                    column="stages",
                    value=row.cohort,
                )
        if sum(row.actors for row in self.cohorts) != self.total.actors:
            raise ValidationError(
                "the cohorts' actors must add up to the total",
                column="cohorts",
                value=self.total.actors,
            )
        if self.actors is not None and len(self.actors) != self.total.actors:
            raise ValidationError(
                "the actor table must have one row per active actor",
                column="actors",
                value=len(self.actors),
            )

    # ------------------------------------------------------------------ reading
    def _keyed(self, values: Iterable[Any]) -> dict[str, Any]:
        return dict(zip(self.stages, values, strict=True))

    @property
    def n_actors(self) -> int:
        """How many active actors of the population roles the funnel holds."""
        return self.total.actors

    @property
    def none(self) -> int:
        """How many active actors reached no driver."""
        return self.total.none

    @property
    def furthest(self) -> dict[str, int]:
        """Actors whose furthest driver is each stage (the rest are :attr:`none`)."""
        return self._keyed(self.total.furthest)

    @property
    def reached(self) -> dict[str, int]:
        """Actors credited with each stage's driver, in any order."""
        return self._keyed(self.total.reached)

    @property
    def reached_at_least(self) -> dict[str, int]:
        """Actors whose furthest driver is each stage or a later one (never increasing)."""
        return self._keyed(self.total.reached_at_least)

    @property
    def conversion(self) -> dict[str, float]:
        """Conversion into each stage, from ``reached_at_least`` (see the module notes).

        nan for a stage that is not :attr:`observable`.
        """
        return self._keyed(self.total.observed_conversion(self.observable))

    @property
    def median_time_to_stage(self) -> dict[str, float]:
        """Median seconds from first seen to first reaching each stage; nan when nobody did."""
        return self._keyed(self.total.median_seconds)

    def cohort_row(self, label: str) -> FunnelRow:
        """The row of the cohort starting on ``label`` (an ISO date, or ``"all"``).

        Raises
        ------
        ValidationError
            Listing the cohorts there are.
        """
        for row in self.cohorts:
            if row.cohort == label:
                return row
        raise ValidationError(
            f"no cohort {label!r}; cohorts are: {[row.cohort for row in self.cohorts]}",
            column="cohort",
            value=label,
        )

    def actor_stages(self) -> tuple[npt.NDArray[Any], npt.NDArray[np.int16]]:
        """Actor ids (sorted) and the position of each one's furthest stage (-1: none).

        Raises
        ------
        ValidationError
            When the funnel was read from data written without its actor table.
        """
        if self.actors is None:
            raise ValidationError(
                "this funnel was serialised without its actor table "
                "(to_dict(actors=False)); rebuild it with funnel()",
                column="actors",
            )
        return self.actors.ids, self.actors.stage

    # ------------------------------------------------------------------ serialising
    def to_dict(self, *, actors: bool = True) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version`` (nan becomes ``None``).

        ``actors=False`` leaves out the per-actor table (one entry per active actor),
        for a small summary; the result then reads back with ``actors`` ``None``.
        """
        return {
            "schema_version": FUNNEL_SCHEMA_VERSION,
            "framework": {"name": self.framework, "version": self.framework_version},
            "mapping": self.mapping,
            "cohort": self.cohort,
            "stages": list(self.stages),
            "observable": dict(zip(self.stages, self.observable, strict=True)),
            "total": self.total.to_dict(self.stages, self.observable),
            "cohorts": [row.to_dict(self.stages, self.observable) for row in self.cohorts],
            "actors": (self.actors.to_dict() if actors and self.actors is not None else None),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Funnel:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When ``schema_version`` is not one this version reads, or a field is
            missing or malformed.
        """
        version = data.get("schema_version") if isinstance(data, Mapping) else None
        if version not in _READABLE_VERSIONS:  # version 1 had no observable, no findings
            check_version(data, FUNNEL_SCHEMA_VERSION, "funnel")
        with reading("funnel"):
            stages = tuple(data["stages"])
            table = data.get("actors")
            seen = data.get("observable")
            return cls(
                framework=data["framework"]["name"],
                framework_version=data["framework"]["version"],
                mapping=data["mapping"],
                cohort=data["cohort"],
                stages=stages,
                total=FunnelRow.from_dict(data["total"], stages),
                cohorts=[FunnelRow.from_dict(row, stages) for row in data["cohorts"]],
                actors=None if table is None else FunnelActors.from_dict(table),
                observable=[True] * len(stages) if seen is None else [seen[k] for k in stages],
                findings=[Finding.from_dict(f) for f in data.get("findings", ())],
            )

    def to_json(self, *, indent: int | None = 2, actors: bool = True) -> str:
        """The funnel as strict JSON (no NaN literals); see :meth:`to_dict`."""
        return dumps(self.to_dict(actors=actors), indent)

    @classmethod
    def from_json(cls, text: str) -> Funnel:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        by = "" if self.cohort is None else f", {len(self.cohorts)} {self.cohort} cohort(s)"
        counts = ", ".join(
            f"{stage} {n}"
            for stage, n in zip(self.stages, self.total.reached_at_least, strict=True)
        )
        return (
            f"<Funnel {self.framework} {self.framework_version}: {self.n_actors} active "
            f"actors{by}; at least: {counts}; none {self.none}>"
        )

    def summary(self) -> str:
        """A plain-text table of the funnel, then one line per cohort.

        >>> import valuecocreation as vcc
        >>> log = vcc.InteractionLog.from_records([
        ...     {"source": "a", "target": "f", "kind": "view", "timestamp": "2024-01-01"},
        ...     {"source": "a", "target": "f", "kind": "post", "timestamp": "2024-01-02"},
        ... ])
        >>> from valuecocreation.funnel import funnel
        >>> print(funnel(log).summary())  # doctest: +ELLIPSIS
        Funnel of kim_choi_2019 1.0 (map kim_choi_2019_default): 1 active actors, cohorts by month
        stage           reached  at least  furthest  conversion  median time
        experience            1         1         0        1.00  0:00:00
        satisfaction          0         1         0         n/a  -  (not observable)
        expression            1         1         1        1.00  1 day, 0:00:00
        share                 0         0         0         n/a  -  (not observable)
        none                                      0
        <BLANKLINE>
        reached at least, per cohort of first interaction:
        cohort        actors  experience satisfaction expression share none
        2024-01-01         1           1            1          1     0    0
        <BLANKLINE>
        findings:
          warning [stage_unobservable] satisfaction: no interaction in the data can credit ...
          warning [stage_unobservable] share: no interaction in the data can credit share: ...
          warning [population_small] the funnel holds 1 active actors, fewer than 30: ...
        """
        by = "one cohort" if self.cohort is None else f"cohorts by {self.cohort}"
        lines = [
            (
                f"Funnel of {self.framework} {self.framework_version} (map {self.mapping}): "
                f"{self.n_actors} active actors, {by}"
            ),
            (
                f"{'stage':<14}{'reached':>9}{'at least':>10}{'furthest':>10}{'conversion':>12}"
                f"  median time"
            ),
        ]
        total = self.total
        conversion = total.observed_conversion(self.observable)
        for position, stage in enumerate(self.stages):
            hidden = "" if self.observable[position] else "  (not observable)"
            lines.append(
                f"{stage:<14}{total.reached[position]:>9}"
                f"{total.reached_at_least[position]:>10}{total.furthest[position]:>10}"
                f"{_fmt(conversion[position]):>12}  "
                f"{_fmt_time(total.median_timedelta(position))}{hidden}"
            )
        lines.extend(
            [
                f"{_NONE:<14}{'':>9}{'':>10}{total.none:>10}",
                "",
                "reached at least, per cohort of first interaction:",
            ]
        )
        header = f"{'cohort':<12}{'actors':>8}  " + " ".join(self.stages) + f" {_NONE}"
        lines.append(header)
        for row in self.cohorts:
            cells = [
                f"{n:>{len(stage)}}"
                for stage, n in zip(self.stages, row.reached_at_least, strict=True)
            ]
            lines.append(
                f"{row.cohort:<12}{row.actors:>8}  "
                + " ".join(cells)
                + f" {row.none:>{len(_NONE)}}"
            )
        if self.findings:
            lines.extend(["", "findings:"])
            lines.extend(f"  {finding.line()}" for finding in self.findings)
        return "\n".join(lines)


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def _fmt_time(value: dt.timedelta | None) -> str:
    return "-" if value is None else str(value)


# ---------------------------------------------------------------------- computing
def funnel(
    log: InteractionLog,
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    actors: ActorsLike | None = None,
    cohort: Cohort | None = "month",
) -> Funnel:
    """The co-creation funnel of ``log``: how far each active actor got, per cohort.

    Parameters
    ----------
    log
        The interactions.
    framework
        Whose drivers are the stages, in their value-evolution order: a
        :class:`~valuecocreation.framework.Framework`, or the name of an installed
        framework package (Kim & Choi 2019 by default).
    mapping
        Which interactions credit which actor with which condition; the default
        map of the framework's installed package when ``None``.
    actors
        Roles of actors (unlisted actors are users), as for
        :meth:`Evidence.from_log <valuecocreation.evidence.Evidence.from_log>`.
    cohort
        Group actors by the calendar period (UTC) of their first interaction:
        ``"day"``, ``"week"`` (starting Monday), ``"month"`` or ``"quarter"``;
        ``None`` for one cohort, ``"all"``.

    Returns
    -------
    Funnel
        Counts, conversions and median times in total and per cohort, and the
        stage of every active actor.

    Raises
    ------
    ValidationError
        For an unknown cohort period, or a map naming an unknown condition.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "rf", "kind": "comment", "timestamp": "2024-03-04"},
    ...     {"source": "rf", "target": "ana", "kind": "reward", "timestamp": "2024-03-05"},
    ...     {"source": "ben", "target": "rf", "kind": "purchase", "timestamp": "2024-03-06"},
    ... ])
    >>> from valuecocreation.funnel import funnel
    >>> result = funnel(log, actors={"rf": "firm"}, cohort="week")
    >>> ids, stages = result.actor_stages()
    >>> [(name, result.stages[s]) for name, s in zip(ids.tolist(), stages.tolist())]
    [('ana', 'share'), ('ben', 'satisfaction')]
    >>> result.conversion["satisfaction"]  # both reached at least satisfaction
    1.0
    >>> funnel(log, cohort="year")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'cohort', value 'year': unknown cohort ...
    """
    if cohort is not None and cohort not in _COHORTS:
        raise ValidationError(
            f"unknown cohort period; periods are: {', '.join(_COHORTS)}",
            column="cohort",
            value=cohort,
        )
    if not isinstance(log, InteractionLog):
        raise ArgumentTypeError("funnel() takes an InteractionLog", value=type(log).__name__)
    framework, mapping = checked(framework, mapping, None, None)
    stages = framework.driver_keys
    n_stages = len(stages)
    roles, _ = actor_table(log.actors, actors)
    source = log.source_codes.astype(np.int64)
    target = log.target_codes.astype(np.int64)
    times = log.timestamps.view(np.int64)
    channel = log.channel_codes.astype(np.int64)

    # Active actors: population-role sources, with their first-seen time.
    in_population = np.zeros(len(ROLES), dtype=bool)
    in_population[[ROLES.index(r) for r in mapping.population]] = True
    from_population = in_population[roles[source]]  # a lookup: faster than np.isin
    first_seen = np.full(len(log.actors), _NEVER, dtype=np.int64)
    np.minimum.at(first_seen, source[from_population], times[from_population])
    active_codes = np.flatnonzero(first_seen != _NEVER)
    position = np.full(len(log.actors), -1, dtype=np.int64)
    position[active_codes] = np.arange(len(active_codes))
    first = first_seen[active_codes]

    # First time each active actor was credited with each driver.
    rows, condition, credited, _ = matches(
        log, mapping, framework.condition_keys, roles, source, target, channel
    )
    driver_of = np.array([stages.index(c.driver.key) for c in framework.conditions], dtype=np.int64)
    who = position[credited]
    keep = who >= 0
    flat = np.full(len(active_codes) * n_stages, _NEVER, dtype=np.int64)
    np.minimum.at(flat, who[keep] * n_stages + driver_of[condition[keep]], times[rows[keep]])
    reached_at = flat.reshape(len(active_codes), n_stages)
    reached = reached_at != _NEVER
    # Furthest stage: the highest driver position reached, -1 for none.
    stage = np.where(
        reached.any(axis=1), n_stages - 1 - np.argmax(reached[:, ::-1], axis=1), -1
    ).astype(np.int64)
    # Credits received before first acting count as reached when first seen.
    # (Unreached cells get 0, never _NEVER - first, which could overflow.)
    waited = np.maximum(np.where(reached, reached_at, first[:, None]) - first[:, None], 0)

    starts, cohort_of = windows(first, cohort)
    labels = (
        [_ALL] * len(starts)
        if cohort is None
        else [str(day) for day in starts.astype("datetime64[D]").tolist()]
    )
    cohort_rows = _group_rows(labels, cohort_of, stage, reached, waited)
    total = _group_rows([_ALL], np.zeros(len(first), dtype=np.int64), stage, reached, waited)[0]
    observable = np.zeros(n_stages, dtype=bool)
    observable[np.unique(driver_of[condition])] = True
    findings = _stage_findings(log, framework, mapping, observable)
    if 0 < total.actors < SMALL_FUNNEL:
        findings.append(
            Finding(
                code="population_small",
                severity=Severity.WARNING,
                message=(
                    f"the funnel holds {total.actors} active actors, fewer than "
                    f"{SMALL_FUNNEL}: its conversions are shares of very few"
                ),
                numbers={"n": total.actors, "minimum": SMALL_FUNNEL},
                section=_SECTION,
            )
        )
    return Funnel(
        framework=framework.name,
        framework_version=framework.version,
        mapping=mapping.name,
        cohort=cohort,
        stages=stages,
        total=total,
        cohorts=cohort_rows,
        actors=FunnelActors(
            ids=log.actors[active_codes], stage=stage, first_seen=first.astype("datetime64[us]")
        ),
        observable=observable.tolist(),
        findings=findings,
    )


def _stage_findings(
    log: InteractionLog,
    framework: Framework,
    mapping: ConditionMap,
    observable: npt.NDArray[np.bool_],
) -> list[Finding]:
    """Why each unobservable stage is so: its kinds are absent, or a filter drops them all."""
    present = {kind for kind, count in log.kind_counts().items() if count}
    findings = []
    for position, driver in enumerate(framework.drivers):
        if observable[position]:
            continue
        rules = [
            rule
            for condition in framework.conditions_of(driver.key)
            for rule in mapping.rules_for(condition.key)
        ]
        kinds = sorted({rule.kind.value for rule in rules})
        there = [rule for rule in rules if rule.kind in present]
        if there:
            filters = sorted(
                {"role" for rule in there if rule.roles}
                | {"channel" for rule in there if rule.channels}
            )
            why = (
                f"kinds {', '.join(sorted({r.kind.value for r in there}))} occur, but the "
                f"{' and '.join(filters) or 'rule'} filter of the map leaves none of them "
                "(is the firm declared?)"
            )
        else:
            why = f"none of its kinds ({', '.join(kinds) or 'no rule'}) occurs in the data"
        findings.append(
            Finding(
                code="stage_unobservable",
                severity=Severity.WARNING,
                message=(
                    f"no interaction in the data can credit {driver.key}: {why}; its "
                    "conversion is undefined, not 100%"
                ),
                subject=driver.key,
                numbers={"kinds_present": len(there), "kinds_mapped": len(kinds)},
                section=_SECTION,
            )
        )
    return findings


def _group_rows(
    labels: Sequence[str], group: Ints, stage: Ints, reached: npt.NDArray[np.bool_], waited: Ints
) -> list[FunnelRow]:
    """One row per group (``group`` holds each actor's position in ``labels``)."""
    n_groups, n_stages = len(labels), reached.shape[1]
    furthest = np.bincount(
        group * (n_stages + 1) + stage + 1, minlength=n_groups * (n_stages + 1)
    ).reshape(n_groups, n_stages + 1)
    # at least d = furthest d or later: a cumulative sum from the last stage back.
    at_least = np.cumsum(furthest[:, :0:-1], axis=1)[:, ::-1]
    counts = np.zeros((n_groups, n_stages), dtype=np.int64)
    medians = np.full((n_groups, n_stages), math.nan)
    for driver in range(n_stages):
        did = reached[:, driver]
        counts[:, driver] = np.bincount(group[did], minlength=n_groups)
        medians[:, driver] = _group_medians(group[did], waited[did, driver], n_groups)
    return [
        FunnelRow(
            cohort=label,
            actors=int(furthest[g].sum()),
            none=int(furthest[g, 0]),
            furthest=furthest[g, 1:].tolist(),
            reached=counts[g].tolist(),
            reached_at_least=at_least[g].tolist(),
            median_seconds=(medians[g] / _US_PER_SECOND).tolist(),
        )
        for g, label in enumerate(labels)
    ]


def _group_medians(group: Ints, values: Ints, n_groups: int) -> npt.NDArray[np.float64]:
    """The median of ``values`` in each group (nan for an empty group), by one sort."""
    order = np.lexsort((values, group))
    ordered = values[order]
    counts = np.bincount(group, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    medians = np.full(n_groups, math.nan)
    some = counts > 0
    low = ordered[starts[some] + (counts[some] - 1) // 2]
    high = ordered[starts[some] + counts[some] // 2]
    medians[some] = (low + high) / 2  # the int64 sum is exact for any two durations
    return medians
