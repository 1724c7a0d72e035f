"""Properties of evidence and scores on random logs (Hypothesis).

Merge laws, chunked equals whole, scores in [0, 1] or nan, more evidence never
lowers a score, and lossless JSON round trips.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as vst

import valuecocreation as vcc
from valuecocreation import Interaction, InteractionLog, Role
from valuecocreation.evidence import Evidence
from valuecocreation.mapping import ConditionMap, MapRule
from valuecocreation.scoring import DEFAULT_SCORERS

# These tests are about other things than declaring the firm; that warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


SMALL_IDS = st.sampled_from(["ana", "ben", "cai", "rf", "é", "e\u0301", "u" * 20])
RECENT = st.datetimes(min_value=dt.datetime(2023, 12, 25), max_value=dt.datetime(2024, 3, 5))
WEIGHTS = st.one_of(st.just(1.0), st.floats(min_value=0.0, max_value=1e6))
ROLES = {"rf": "firm"}


def _interactions(max_size: int = 12) -> st.SearchStrategy[list[Interaction]]:
    return st.lists(
        st.builds(
            Interaction,
            source=SMALL_IDS,
            target=SMALL_IDS,
            kind=vst.interaction_kinds(),
            timestamp=RECENT,
            channel=st.sampled_from([None, "fb", "yt"]),
            weight=WEIGHTS,
        ),
        max_size=max_size,
    )


SPLITS = st.sampled_from(
    [(None, None), ("month", None), ("week", "channel"), ("day", None), ("quarter", "channel")]
)


def _evidence(records: list[Interaction], split: tuple[Any, Any]) -> Evidence:
    return Evidence.from_log(
        InteractionLog.from_records(records), actors=ROLES, period=split[0], segment_by=split[1]
    )


@given(_interactions(), st.data(), SPLITS)
def test_chunked_equals_whole(
    records: list[Interaction], data: st.DataObject, split: tuple[Any, Any]
) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(records)), max_size=3)))
    bounds = [0, *cuts, len(records)]
    chunks = [_evidence(records[a:b], split) for a, b in itertools.pairwise(bounds)]
    assert Evidence.merge(*chunks) == _evidence(records, split)


@given(_interactions(6), _interactions(6), _interactions(6), SPLITS)
def test_merge_is_associative_and_commutative(
    first: list[Interaction],
    second: list[Interaction],
    third: list[Interaction],
    split: tuple[Any, Any],
) -> None:
    a, b, c = (_evidence(r, split) for r in (first, second, third))
    assert Evidence.merge(Evidence.merge(a, b), c) == Evidence.merge(a, Evidence.merge(b, c))
    assert Evidence.merge(a, b) == Evidence.merge(b, a)
    empty = Evidence.empty(period=split[0], segment_by=split[1])
    assert Evidence.merge(empty, a) == a == Evidence.merge(a, empty)


@given(_interactions())
def test_scores_are_in_range_or_nan_with_reason(records: list[Interaction]) -> None:
    result = vcc.assess(InteractionLog.from_records(records), actors=ROLES)
    for score in result.conditions:
        assert math.isnan(score.value) or 0.0 <= score.value <= 1.0
        assert score.has_evidence or score.reason
        if score.interval is not None:
            assert 0.0 <= score.interval[0] <= score.value <= score.interval[1] <= 1.0
    for driver in result.drivers:
        assert math.isnan(driver.value) or 0.0 <= driver.value <= 1.0
    assert math.isnan(result.index) or 0.0 <= result.index <= 1.0


MONOTONE = [
    "accessibility",
    "awareness",
    "content",
    "user_creativity",
    "personalization",
    "customization",
    "interactivity",
    "connectivity",
]


@given(_interactions(), st.sampled_from(MONOTONE), st.data())
def test_more_evidence_never_lowers_a_score(
    records: list[Interaction], condition: str, data: st.DataObject
) -> None:
    """An active user doing one more mapped interaction cannot lower the condition's score."""
    log = InteractionLog.from_records(records)
    before = vcc.assess(log, actors=ROLES)
    active = [r.source for r in records if r.source != "rf"]
    if not active:
        return
    rule = data.draw(st.sampled_from(vcc.KIM_CHOI_2019_MAP.rules_for(condition)))
    if rule.credit != "source" or (rule.roles and vcc.Role.USER not in rule.roles):
        return
    extra = Interaction(
        source=data.draw(st.sampled_from(active)),
        target="rf",
        kind=rule.kind,
        timestamp=dt.datetime(2024, 1, 15),
        weight=data.draw(WEIGHTS),
    )
    after = vcc.assess(InteractionLog.from_records([*records, extra]), actors=ROLES)
    old, new = before.condition(condition).value, after.condition(condition).value
    assert math.isnan(old) or new >= old - 1e-12, (old, new)


@given(_interactions(), SPLITS)
def test_assessment_json_round_trip(records: list[Interaction], split: tuple[Any, Any]) -> None:
    log = InteractionLog.from_records(records)
    result = vcc.assess(log, actors=ROLES, aggregate="geometric")
    assert vcc.Assessment.from_json(result.to_json()) == result
    if split[0] is not None:
        series = vcc.assess_over(log, actors=ROLES, period=split[0], segment_by=split[1])
        assert vcc.AssessmentSeries.from_dict(series.to_dict()) == series


def test_every_default_scorer_passes_the_conformance_kit() -> None:
    from valuecocreation.testing import check_scorer  # noqa: PLC0415

    for scorer in DEFAULT_SCORERS.values():
        check_scorer(scorer)


RULES = st.builds(
    MapRule,
    kind=vst.interaction_kinds(),
    condition=st.sampled_from(["content", "reward", "awareness"]),
    weight=st.sampled_from([0.5, 1.0, 3.0]),
    roles=st.sets(st.sampled_from(list(Role)), max_size=2),
    channels=st.sets(st.sampled_from(["fb", "yt"]), max_size=1),
    credit=st.sampled_from(["source", "target"]),
)


@given(
    _interactions(20),
    st.lists(RULES, max_size=6, unique_by=lambda r: r.scope),
    st.dictionaries(SMALL_IDS, st.sampled_from(list(Role)), max_size=3),
)
def test_evidence_matches_a_plain_python_reading_of_the_map(
    records: list[Interaction], rules: list[MapRule], roles: dict[str, Role]
) -> None:
    """Counts, weight sums and credited actors agree with a record-by-record reference."""
    mapping = ConditionMap(rules=tuple(rules))
    evidence = Evidence.from_log(
        InteractionLog.from_records(records), mapping=mapping, actors=roles
    )
    actors = evidence.actors.tolist()
    for condition in ("content", "reward", "awareness"):
        matched = [
            (record, rule)
            for record in records
            for rule in rules
            if rule.condition == condition
            and rule.kind == record.kind
            and (not rule.roles or roles.get(record.source, Role.USER) in rule.roles)
            and (not rule.channels or record.channel in rule.channels)
        ]
        assert evidence.events(condition) == len(matched)
        assert evidence.weight(condition) == math.fsum(r.weight * m.weight for r, m in matched)
        credited = {r.source if m.credit == "source" else r.target for r, m in matched}
        assert {actors[c] for c in evidence.credited(condition)} == credited


@given(_interactions(25), SPLITS, st.integers(1, 6))
def test_blocks_inside_from_log_do_not_change_the_evidence(
    records: list[Interaction], split: tuple[Any, Any], block: int
) -> None:
    """from_log works through the log in blocks; their size must not matter."""
    whole = _evidence(records, split)
    with pytest.MonkeyPatch.context() as patch:
        for module in ("blocks", "windows"):  # the pass over events, and over its windows
            patch.setattr(f"valuecocreation._evidence.{module}.BLOCK_ROWS", block)
        assert _evidence(records, split) == whole
