"""Beyond one machine: evidence, assessments, funnels and retention from a Dask DataFrame.

Every function here takes a Dask DataFrame with the columns of
:meth:`InteractionLog.to_frame <valuecocreation.log.InteractionLog.to_frame>`
(``source``, ``target``, ``kind``, ``timestamp``, ``channel``, ``weight``; the last
two optional) - built by ``dask.dataframe.read_csv``, ``read_json(lines=True)``,
``read_parquet`` over many files, or ``from_pandas`` - and gives the same result,
byte for byte in its JSON, as the single-machine function on the whole log.

How: each partition is read into an :class:`~valuecocreation.log.InteractionLog`
(validated as any log is) on a worker and condensed there; only the condensed
form travels, and the merges run as a tree (``split_every`` parts per merge) on the
workers too.

* :func:`evidence`, :func:`assess` and :func:`assess_over` condense each partition
  to :class:`~valuecocreation.evidence.Evidence`, a monoid whose merge is exact
  (weight sums are kept as exact integers, distinct actors as sorted sets), so the
  order and grouping of the merges cannot change a bit of the result.
* :func:`funnel` and :func:`cohort_retention` depend only on the earliest time of
  each kind of event (the funnel: when each actor first acted and first reached
  each stage; retention: on which days each actor was active). Each partition is
  condensed to its distinct events (source, target, kind, channel, weight, and for
  retention the UTC day) with the earliest timestamp of each; merging keeps the
  earlier of two, which is exact and order-free, and the single-machine function
  then runs on the condensed log.

The functions compute on the scheduler Dask would use anyway (a ``distributed``
client if one is active, else the threaded scheduler), or on ``scheduler=``. They
need the ``dask`` extra: ``pip install 'valuecocreation[dask]'``.

Examples
--------
>>> import pandas as pd
>>> import dask.dataframe as dd
>>> import valuecocreation as vcc
>>> from valuecocreation.testing import sample_log
>>> log = sample_log()
>>> frame = dd.from_pandas(log.to_frame("pandas"), npartitions=3)
>>> result = vcc.dask.assess(frame, actors={"firm": "firm"})
>>> result.to_json() == vcc.assess(log, actors={"firm": "firm"}).to_json()
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from valuecocreation._core.optional import require
from valuecocreation.assessment import Assessment, AssessmentSeries
from valuecocreation.assessment import assess as assess_evidence
from valuecocreation.assessment import assess_over as assess_evidence_over
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.evidence import ActorsLike, Evidence, Period
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, resolve_framework
from valuecocreation.funnel import Cohort, Funnel
from valuecocreation.funnel import funnel as funnel_of_log
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap
from valuecocreation.metrics import CohortPeriod, CohortRetention
from valuecocreation.metrics import cohort_retention as retention_of_log
from valuecocreation.model import Role
from valuecocreation.scoring import Scorer
from valuecocreation.survey import SurveyResponses

__all__ = [
    "assess",
    "assess_over",
    "cohort_retention",
    "evidence",
    "funnel",
]

#: The columns a partition is condensed by for the funnel (retention adds the day).
_EVENT_KEY = ("source", "target", "kind", "channel", "weight")
_DAY = "day"


def _dask() -> Any:  # noqa: ANN401 - dask is untyped here
    require("dask.dataframe", extra="dask", feature="valuecocreation.dask")
    import dask  # noqa: PLC0415 - the optional extra

    return dask


def _partitions(frame: Any) -> list[Any]:  # noqa: ANN401 - a Dask DataFrame
    """The partitions of ``frame`` as delayed pandas frames."""
    dd = require("dask.dataframe", extra="dask", feature="valuecocreation.dask")
    if not isinstance(frame, dd.DataFrame):
        raise ArgumentTypeError(
            "valuecocreation.dask takes a dask.dataframe.DataFrame "
            "(dd.read_csv, dd.read_parquet, dd.from_pandas, ...)",
            value=type(frame).__name__,
        )
    missing = [name for name in ("source", "target", "kind", "timestamp") if name not in frame]
    if missing:
        raise ValidationError(
            f"the frame lacks the column(s) {', '.join(missing)}; it needs the columns of "
            "InteractionLog.to_frame()",
            column=missing[0],
        )
    return list(frame.to_delayed())


def _log_of(part: Any, number: int) -> InteractionLog:  # noqa: ANN401 - a pandas frame
    return InteractionLog.from_frame(part, origin=f"partition {number}")


def _tree(
    leaves: list[Any],
    merge: Callable[..., Any],
    split_every: int,
    identity: Any,  # noqa: ANN401
) -> Any:  # noqa: ANN401 - a Delayed
    """Merge ``leaves`` (Delayed) ``split_every`` at a time, level by level, into one."""
    dask = _dask()
    if split_every < 2:
        raise ValidationError("split_every must be at least 2", column="split_every")
    level = leaves or [dask.delayed(identity, pure=True, traverse=False)]
    depth = 0
    while len(level) > 1:
        depth += 1
        level = [
            dask.delayed(merge, pure=True)(*level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    return level[0]


def _compute(value: Any, scheduler: str | None) -> Any:  # noqa: ANN401
    (result,) = _dask().compute(value, scheduler=scheduler)
    return result


# ---------------------------------------------------------------------- evidence
def _partition_evidence(
    part: Any,  # noqa: ANN401 - a pandas frame
    number: int,
    options: dict[str, Any],
) -> Evidence:
    return Evidence.from_log(_log_of(part, number), **options)


def _merge_evidence(*parts: Evidence) -> Evidence:
    return Evidence.merge(*parts)


def evidence(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    actors: ActorsLike | None = None,
    period: Period | None = None,
    segment_by: str | None = None,
    split_every: int = 8,
    scheduler: str | None = None,
) -> Evidence:
    """The evidence of the events in ``frame``, computed per partition and tree-merged.

    Equal to :meth:`Evidence.from_log <valuecocreation.evidence.Evidence.from_log>`
    of the whole log (``==``), whatever the partitioning.

    Parameters
    ----------
    frame
        A Dask DataFrame with the columns of
        :meth:`InteractionLog.to_frame <valuecocreation.log.InteractionLog.to_frame>`.
    framework, mapping, actors, period, segment_by
        As for :meth:`Evidence.from_log <valuecocreation.evidence.Evidence.from_log>`.
    split_every
        How many partial evidences one task merges (at least 2).
    scheduler
        A Dask scheduler name (``"threads"``, ``"processes"``, ``"sync"``); the
        active ``distributed`` client or Dask's default when ``None``.

    Raises
    ------
    ArgumentTypeError
        For ``frame`` that is not a Dask DataFrame.
    ValidationError
        For a missing column, or a bad row (the message names the partition).
    MissingDependencyError
        Without the ``dask`` extra.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> frame = dd.from_pandas(sample_log().to_frame("pandas"), npartitions=4)
    >>> vcc.dask.evidence(frame) == vcc.Evidence.from_log(sample_log())
    True
    """
    dask = _dask()
    framework = resolve_framework(framework)
    options = dask.delayed(
        {
            "framework": framework,
            "mapping": mapping,
            "actors": actors,
            "period": period,
            "segment_by": segment_by,
        },
        pure=True,
        traverse=False,
    )
    leaves = [
        dask.delayed(_partition_evidence, pure=True)(part, number, options)
        for number, part in enumerate(_partitions(frame))
    ]
    empty = Evidence.empty(
        framework=framework, mapping=mapping, period=period, segment_by=segment_by
    )
    result: Evidence = _compute(_tree(leaves, _merge_evidence, split_every, empty), scheduler)
    return result


def assess(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    scorers: dict[str, Scorer | str] | None = None,
    actors: ActorsLike | None = None,
    aggregate: str = "mean",
    graph: ValueFlowGraph | None = None,
    survey: SurveyResponses | None = None,
    split_every: int = 8,
    scheduler: str | None = None,
) -> Assessment:
    """:func:`valuecocreation.assess` of the events in a Dask DataFrame.

    The evidence is computed with :func:`evidence` (see there for ``frame``,
    ``split_every`` and ``scheduler``), then scored on the client; the other
    arguments are those of :func:`valuecocreation.assess`. The result's JSON is
    byte-identical to the single-machine assessment of the whole log.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> frame = dd.from_pandas(sample_log().to_frame("pandas"), npartitions=2)
    >>> vcc.dask.assess(frame, scheduler="threads") == vcc.assess(sample_log())
    True
    """
    found = evidence(
        frame,
        framework=framework,
        mapping=mapping,
        actors=actors,
        split_every=split_every,
        scheduler=scheduler,
    )
    return assess_evidence(
        found,
        framework=framework,
        scorers=scorers,
        aggregate=aggregate,  # type: ignore[arg-type]
        graph=graph,
        survey=survey,
    )


def assess_over(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    *,
    period: Period | None = "month",
    segment_by: str | None = None,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    scorers: dict[str, Scorer | str] | None = None,
    actors: ActorsLike | None = None,
    aggregate: str = "mean",
    split_every: int = 8,
    scheduler: str | None = None,
) -> AssessmentSeries:
    """:func:`valuecocreation.assess_over` of the events in a Dask DataFrame.

    See :func:`evidence` for ``frame``, ``split_every`` and ``scheduler``.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> frame = dd.from_pandas(sample_log().to_frame("pandas"), npartitions=2)
    >>> series = vcc.dask.assess_over(frame, period="week")
    >>> series == vcc.assess_over(sample_log(), period="week")
    True
    """
    found = evidence(
        frame,
        framework=framework,
        mapping=mapping,
        actors=actors,
        period=period,
        segment_by=segment_by,
        split_every=split_every,
        scheduler=scheduler,
    )
    return assess_evidence_over(
        found,
        period=period,
        segment_by=segment_by,
        framework=framework,
        scorers=scorers,
        aggregate=aggregate,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------- earliest events
def _earliest(part: Any, by_day: bool) -> Any:  # noqa: ANN401 - pandas frames
    """The distinct events of ``part`` (a normalised frame), each with its earliest time."""
    keys = [*_EVENT_KEY, _DAY] if by_day else list(_EVENT_KEY)
    grouped = part.groupby(keys, dropna=False, sort=False, observed=True)["timestamp"]
    return grouped.min().reset_index()


def _partition_earliest(part: Any, number: int, by_day: bool) -> Any:  # noqa: ANN401
    frame = _log_of(part, number).to_frame("pandas")
    if by_day:
        frame[_DAY] = frame["timestamp"].dt.floor("D")
    return _earliest(frame, by_day)


def _merge_earliest(*parts: Any) -> Any:  # noqa: ANN401 - pandas frames
    pd = require("pandas", extra="dask", feature="valuecocreation.dask")
    return _earliest(pd.concat(parts, ignore_index=True), _DAY in parts[0])


def _condensed_log(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    by_day: bool,
    split_every: int,
    scheduler: str | None,
) -> InteractionLog:
    dask = _dask()
    leaves = [
        dask.delayed(_partition_earliest, pure=True)(part, number, by_day)
        for number, part in enumerate(_partitions(frame))
    ]
    empty = InteractionLog.from_columns(source=[], target=[], kind=[], timestamp=[])
    merged = _compute(
        _tree(leaves, _merge_earliest, split_every, empty.to_frame("pandas")), scheduler
    )
    merged = merged.drop(columns=[_DAY], errors="ignore")
    return InteractionLog.from_frame(merged)


def funnel(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    actors: ActorsLike | None = None,
    cohort: Cohort | None = "month",
    split_every: int = 8,
    scheduler: str | None = None,
) -> Funnel:
    """The co-creation funnel (:func:`valuecocreation.funnel.funnel`) of a Dask DataFrame.

    Each partition is condensed to its distinct events with their earliest time
    (see the module notes), which is all the funnel depends on. See
    :func:`evidence` for ``frame``, ``split_every`` and ``scheduler``.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> frame = dd.from_pandas(sample_log().to_frame("pandas"), npartitions=3)
    >>> vcc.dask.funnel(frame) == vcc.Funnel.from_log(sample_log())
    True
    """
    log = _condensed_log(frame, False, split_every, scheduler)
    return funnel_of_log(log, framework=framework, mapping=mapping, actors=actors, cohort=cohort)


def cohort_retention(
    frame: Any,  # noqa: ANN401 - a Dask DataFrame
    *,
    period: CohortPeriod = "month",
    actors: ActorsLike | None = None,
    population: Sequence[Role | str] = (Role.USER, Role.CREATOR),
    split_every: int = 8,
    scheduler: str | None = None,
) -> CohortRetention:
    """Cohort retention (:func:`valuecocreation.metrics.cohort_retention`) of a Dask DataFrame.

    Each partition is condensed to its distinct events per UTC day with their
    earliest time: days nest in every period (week, month, quarter), so activity
    per period and first appearance are kept exactly. See :func:`evidence` for
    ``frame``, ``split_every`` and ``scheduler``.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> frame = dd.from_pandas(sample_log().to_frame("pandas"), npartitions=3)
    >>> mine = vcc.dask.cohort_retention(frame, period="week")
    >>> mine.to_dict() == vcc.metrics.cohort_retention(sample_log(), period="week").to_dict()
    True
    """
    log = _condensed_log(frame, True, split_every, scheduler)
    return retention_of_log(log, period=period, actors=actors, population=population)
