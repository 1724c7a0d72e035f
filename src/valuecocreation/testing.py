"""Conformance kits for third-party plugins: scorers, adapters and framework packages.

Run it in your plugin's own tests. It scores every condition of a framework on
empty evidence and on a small built-in sample log (or on the evidence or
:class:`~valuecocreation.scoring.ScoringInputs` you pass) and checks what every
scorer must guarantee: the result is a
:class:`~valuecocreation.scoring.ConditionScore` for the right condition, its value
is in [0, 1] or nan with a reason, empty evidence gives nan (missing is not zero),
the same inputs give the same score, the score survives a JSON round trip, and
the inputs are left unchanged.

>>> from valuecocreation.scoring import RateScorer
>>> from valuecocreation.testing import check_scorer
>>> check_scorer(RateScorer(target=2.0))

:func:`check_adapter` does the same for adapters, on an export file of yours, and
:func:`check_framework` for framework packages, by name once installed:

>>> from valuecocreation.testing import check_framework
>>> check_framework("kim_choi_2019")
"""

from __future__ import annotations

import copy
import json
import math
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from valuecocreation.assessment import Assessment, assess
from valuecocreation.errors import UnknownKeyError, ValidationError
from valuecocreation.evidence import Evidence
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, available_frameworks
from valuecocreation.frameworks import FrameworkPackage, get_package
from valuecocreation.io import Adapter, ReadResult, RejectedRow
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap
from valuecocreation.scoring import ConditionScore, Scorer, ScoringInputs
from valuecocreation.survey import Instrument

__all__ = ["check_adapter", "check_framework", "check_scorer", "sample_log"]

_FIRM = "firm"


def sample_log() -> InteractionLog:
    """A small log touching every condition of the default map (firm id: ``"firm"``).

    >>> len(sample_log()), sample_log().time_span[0].date().isoformat()
    (36, '2024-01-01')
    """
    users = ["ana", "ben", "cai", "dee"]
    records: list[dict[str, object]] = []
    user_kinds = [
        "visit",
        "download",
        "signup",
        "view",
        "follow",
        "like",
        "purchase",
        "post",
        "idea",
        "feedback",
        "review",
        "vote",
        "personalize",
        "customize",
        "comment",
        "reply",
        "message",
        "share",
        "mention",
        "referral",
    ]
    for position, kind in enumerate(user_kinds):
        user = users[position % len(users)]
        records.append(
            {
                "source": user,
                "target": _FIRM,
                "kind": kind,
                "timestamp": f"2024-01-{1 + position:02d}T10:00:00",
                "channel": ("facebook", "youtube")[position % 2],
            }
        )
    for position, user in enumerate(users):
        day = 1 + 7 * position
        records.extend(
            [
                {
                    "source": user,
                    "target": _FIRM,
                    "kind": "rate",
                    "weight": 3.0 + position % 3,
                    "timestamp": f"2024-01-{day:02d}T09:00:00",
                },
                {
                    "source": user,
                    "target": _FIRM,
                    "kind": "support_request",
                    "timestamp": f"2024-01-{day:02d}T11:00:00",
                },
                {
                    "source": _FIRM,
                    "target": user,
                    "kind": "post",
                    "channel": "facebook",
                    "timestamp": f"2024-01-{day:02d}T12:00:00",
                },
            ]
        )
        if position % 2 == 0:
            records.append(
                {
                    "source": _FIRM,
                    "target": user,
                    "kind": "support_response",
                    "timestamp": f"2024-01-{day:02d}T15:00:00",
                }
            )
    records.append(
        {
            "source": _FIRM,
            "target": "ana",
            "kind": "feature",
            "timestamp": "2024-01-20T12:00:00",
            "channel": "youtube",
        }
    )
    records.append(
        {
            "source": _FIRM,
            "target": "ben",
            "kind": "reply",
            "timestamp": "2024-01-21T12:00:00",
            "channel": "youtube",
        }
    )
    return InteractionLog.from_records(records)


def check_scorer(
    scorer: Scorer,
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    evidence: Iterable[Evidence | ScoringInputs] | None = None,
    conditions: Iterable[str] | None = None,
) -> None:
    """Check that ``scorer`` keeps the scorer contract; raise ``AssertionError`` if not.

    Parameters
    ----------
    scorer
        The scorer under test.
    framework, mapping
        Whose conditions to score (a framework or the name of an installed one),
        and the map; ``None`` takes the default map of the framework's package.
    evidence
        What to score besides the empty evidence: :class:`~valuecocreation.scoring.ScoringInputs`
        (to hand a graph or survey responses to the scorer too) or bare evidence,
        which is wrapped in them; the evidence of :func:`sample_log` (with
        ``"firm"`` as the firm) when ``None``.
    conditions
        The conditions to score; all the framework's when ``None``.

    Raises
    ------
    AssertionError
        Naming the condition and the broken rule.
    """
    _require(isinstance(scorer, Scorer), f"{scorer!r} lacks a name or a score() method")
    name = scorer.name
    _require(isinstance(name, str) and bool(name), "the scorer's name must be non-empty text")
    empty = ScoringInputs(Evidence.empty(framework=framework, mapping=mapping))
    keys = tuple(empty.evidence.conditions if conditions is None else conditions)
    cases = [
        case if isinstance(case, ScoringInputs) else ScoringInputs(case)
        for case in (
            evidence
            if evidence is not None
            else [
                Evidence.from_log(
                    sample_log(), framework=framework, mapping=mapping, actors={_FIRM: "firm"}
                )
            ]
        )
    ]
    for key in keys:
        score = _scored(scorer, empty, key)
        _require(
            not score.has_evidence,
            f"{key}: empty evidence must give nan (missing is not zero), got {score.value}",
        )
        for case in cases:
            before = pickle.dumps(case)
            witness = copy.deepcopy(case)
            first = _scored(scorer, case, key)
            second = _scored(scorer, case, key)
            _require(
                first.to_dict() == second.to_dict(),
                f"{key}: the same inputs gave two different scores",
            )
            _require(
                pickle.dumps(case) == before and case == witness,
                f"{key}: score() changed the inputs it was given",
            )


def check_adapter(adapter: Adapter, path: str | os.PathLike[str]) -> None:
    """Check that ``adapter`` keeps the adapter contract on the export at ``path``.

    The contract: ``read(path, errors="quarantine")`` returns a
    :class:`~valuecocreation.io.ReadResult` whose rows add up (``accepted + rejected
    == rows read``) and whose rejected rows each give a reason; reading twice gives
    the same result; ``read(path)`` returns the same log when no row is bad and
    otherwise raises :class:`~valuecocreation.errors.ValidationError` for the first
    rejected row (its line and row); and the file is left unchanged. Pass an export
    with a bad row or two to check both modes.

    Raises
    ------
    AssertionError
        Naming the broken rule.

    Examples
    --------
    >>> from valuecocreation.io import get_adapter
    >>> from valuecocreation.io.presets import sample_path
    >>> check_adapter(get_adapter("social_export"), sample_path("social_export.csv"))
    """
    _require(isinstance(adapter, Adapter), f"{adapter!r} lacks a name or a read() method")
    _require(
        isinstance(adapter.name, str) and bool(adapter.name),
        "the adapter's name must be non-empty text",
    )
    before = Path(path).read_bytes()
    result = adapter.read(path, errors="quarantine")
    _require(
        isinstance(result, ReadResult),
        f"read(errors='quarantine') returned {type(result).__name__}, not a ReadResult",
    )
    assert isinstance(result, ReadResult)  # for the type checker
    _require(
        result.accepted >= 0 and result.accepted + len(result.rejected) == result.rows_read,
        "accepted and rejected rows do not add up to the rows read",
    )
    for row in result.rejected:
        _require(
            isinstance(row, RejectedRow) and bool(row.reason),
            f"a rejected row must be a RejectedRow with a reason, not {row!r}",
        )
    _require(
        adapter.read(path, errors="quarantine") == result,
        "reading the same file twice gave two different results",
    )
    try:
        log = adapter.read(path)
    except ValidationError as error:
        _require(bool(result.rejected), f"read() raised for a file without bad rows: {error}")
        first = result.rejected[0]
        _require(
            (error.line, error.row) == (first.line, first.row),
            f"read() raised for line {error.line}, row {error.row}; the first rejected "
            f"row is line {first.line}, row {first.row}",
        )
    else:
        _require(not result.rejected, "read() accepted a file in which quarantine found bad rows")
        _require(
            isinstance(log, InteractionLog) and log == result.log,
            "read() and read(errors='quarantine') gave different logs",
        )
    _require(Path(path).read_bytes() == before, "read() changed the file it read")


def check_framework(
    package: FrameworkPackage | str,
    *,
    evidence: Iterable[Evidence | ScoringInputs] | None = None,
) -> None:
    """Check that a framework package keeps its contract; raise ``AssertionError`` if not.

    Run it in your framework plugin's own tests, by name once the plugin is
    installed (that also checks the entry point). The contract:

    - a name loads, through the ``valuecocreation.frameworks`` entry points, a
      :class:`~valuecocreation.frameworks.FrameworkPackage`; and a package whose
      framework's name is installed is the installed one (not shadowed by
      another, nor stale);
    - the framework, the map and the instrument survive a strict JSON round trip
      (``to_dict``, :func:`json.dumps` without nan, ``from_dict``) unchanged;
    - the map and the instrument name only the framework's conditions;
    - the default, graph and survey scorers (a package has a default for every
      condition) each keep the scorer contract of :func:`check_scorer` for their
      conditions, on empty evidence and on ``evidence`` if given;
    - assessing the empty evidence with the package gives nan for every condition
      and driver, each with a reason, and an assessment that round-trips.

    Parameters
    ----------
    package
        The package, or the name it is registered under.
    evidence
        Evidence of the package's framework and map to score besides the empty
        evidence (for example of a small log of yours).

    Raises
    ------
    AssertionError
        Naming the part and the broken rule.
    """
    if isinstance(package, str):
        try:
            package = get_package(package)
        except UnknownKeyError as error:
            raise AssertionError(
                f"no framework package is installed as {package!r}: {error}"
            ) from None
    _require(
        isinstance(package, FrameworkPackage),
        f"{package!r} is not a FrameworkPackage",
    )
    framework, mapping = package.framework, package.mapping
    if framework.name in available_frameworks():
        try:
            installed = get_package(framework.name)
        except UnknownKeyError as error:
            raise AssertionError(
                f"the installed {framework.name!r} does not load: {error}"
            ) from None
        _require(
            installed == package,
            f"the package installed as {framework.name!r} is not this one",
        )
    _round_trips("framework", framework, Framework.from_dict)
    _round_trips("map", mapping, ConditionMap.from_dict)
    _checks_against("map", mapping, framework)
    if package.instrument is not None:
        _round_trips("instrument", package.instrument, Instrument.from_dict)
        _checks_against("instrument", package.instrument, framework)
    cases = list(evidence or ())
    keys = framework.condition_keys
    for key in keys:  # FrameworkPackage saw to it that every condition has a default
        scorers = [package.scorers[key], package.graph_scorers.get(key), package.survey_scorer]
        for scorer in scorers:
            if scorer is not None:
                check_scorer(
                    scorer, framework=framework, mapping=mapping, evidence=cases, conditions=[key]
                )
    result = assess(
        Evidence.empty(framework=framework, mapping=mapping),
        framework=framework,
        scorers=dict(package.scorers),
    )
    for what, value, reason in [
        *((score.condition, score.value, score.reason) for score in result.conditions),
        *((f"driver {score.driver}", score.value, score.reason) for score in result.drivers),
    ]:
        _require(
            math.isnan(value) and bool(reason),
            f"{what}: assessing no evidence gave {value}, not nan with a reason",
        )
    _require(
        Assessment.from_json(result.to_json()) == result,
        "the assessment of no evidence does not survive a JSON round trip",
    )


def _round_trips(what: str, value: object, read: Any) -> None:  # noqa: ANN401
    try:
        text = json.dumps(value.to_dict(), allow_nan=False)  # type: ignore[attr-defined]
    except (TypeError, ValueError) as error:
        raise AssertionError(f"the {what} does not serialise to strict JSON: {error}") from None
    _require(read(json.loads(text)) == value, f"the {what} does not survive a JSON round trip")


def _checks_against(what: str, value: ConditionMap | Instrument, framework: Framework) -> None:
    try:
        value.check(framework)
    except ValidationError as error:
        raise AssertionError(f"the {what} does not fit the framework: {error}") from None


def _scored(scorer: Scorer, inputs: ScoringInputs, key: str) -> ConditionScore:
    score = scorer.score(inputs, key)
    _require(
        isinstance(score, ConditionScore),
        f"{key}: score() returned {type(score).__name__}, not a ConditionScore",
    )
    _require(score.condition == key, f"{key}: the score is for {score.condition!r}")
    _require(
        math.isnan(score.value) or 0.0 <= score.value <= 1.0,
        f"{key}: value {score.value} is outside [0, 1]",
    )
    _require(score.has_evidence or bool(score.reason), f"{key}: a nan score needs a reason")
    try:
        text = json.dumps(score.to_dict(), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise AssertionError(f"{key}: the score does not serialise to JSON: {error}") from None
    _require(
        ConditionScore.from_dict(json.loads(text)) == score,
        f"{key}: the score does not survive a JSON round trip",
    )
    return score


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)
