from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as vst

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.evidence import Evidence
from valuecocreation.framework import Condition, Driver, Framework
from valuecocreation.funnel import Funnel, FunnelRow, funnel
from valuecocreation.mapping import ConditionMap, MapRule

STAGES = ("experience", "satisfaction", "expression", "share")
DAY = 86_400.0
FIRM = {"rf": "firm"}


def _log(*events: tuple[str, str, str, str]) -> vcc.InteractionLog:
    return vcc.InteractionLog.from_records(
        {"source": s, "target": t, "kind": k, "timestamp": when} for s, t, k, when in events
    )


# Hand-computed: ana views, then likes two days later (satisfaction); ben views, then
# shares a month later (share, skipping satisfaction and expression); cy only views
# (experience); eve only rates (satisfaction, reached at once); dan is rewarded but
# never acts (not active, so not in the funnel); rf is the firm.
STORY = _log(
    ("ana", "rf", "view", "2024-01-01"),
    ("ana", "rf", "like", "2024-01-03"),
    ("ben", "rf", "view", "2024-01-02"),
    ("ben", "rf", "share", "2024-02-02"),
    ("cy", "rf", "view", "2024-02-10"),
    ("rf", "dan", "reward", "2024-02-10"),
    ("eve", "rf", "rate", "2024-03-10"),
    ("rf", "rf", "post", "2024-01-01"),
)


def test_story_counts_in_total():
    result = funnel(STORY, actors=FIRM)
    assert result.stages == STAGES
    assert result.n_actors == 4
    assert result.none == 0
    assert result.furthest == {"experience": 1, "satisfaction": 2, "expression": 0, "share": 1}
    assert result.reached == {"experience": 3, "satisfaction": 2, "expression": 0, "share": 1}
    assert result.reached_at_least == {
        "experience": 4,
        "satisfaction": 3,
        "expression": 1,
        "share": 1,
    }


def test_story_conversion_uses_at_least_counts():
    result = funnel(STORY, actors=FIRM)
    # Only the firm posts, and the map credits users' posts: no interaction can credit
    # expression, so it has no conversion (it used to show 1/3, all from ben skipping
    # it), and share converts from satisfaction, the last stage that can be seen.
    assert result.observable == (True, True, False, True)
    assert result.conversion == {
        "experience": 1.0,
        "satisfaction": 0.75,
        "expression": pytest.approx(math.nan, nan_ok=True),
        "share": pytest.approx(1 / 3),
    }
    assert result.total.conversion[2] == pytest.approx(1 / 3)  # the raw, all-observable rule


def test_story_medians():
    medians = funnel(STORY, actors=FIRM).median_time_to_stage
    assert medians["experience"] == 0.0
    assert medians["satisfaction"] == 1 * DAY  # ana 2 days, eve 0
    assert math.isnan(medians["expression"])
    assert medians["share"] == 31 * DAY  # ben: 2 January to 2 February
    assert funnel(STORY, actors=FIRM).total.median_timedelta(1) == dt.timedelta(days=1)
    assert funnel(STORY, actors=FIRM).total.median_timedelta(2) is None


def test_story_cohorts_by_month():
    result = funnel(STORY, actors=FIRM)
    assert [(row.cohort, row.actors) for row in result.cohorts] == [
        ("2024-01-01", 2),
        ("2024-02-01", 1),
        ("2024-03-01", 1),
    ]
    january = result.cohort_row("2024-01-01")
    assert january.furthest == (0, 1, 0, 1)
    assert january.reached == (2, 1, 0, 1)
    assert january.reached_at_least == (2, 2, 1, 1)
    assert january.conversion == (1.0, 1.0, 0.5, 1.0)
    assert january.median_seconds[1] == 2 * DAY
    march = result.cohort_row("2024-03-01")
    assert march.furthest == (0, 1, 0, 0)
    assert march.reached_at_least == (1, 1, 0, 0)
    assert math.isnan(march.conversion[3])  # nobody at expression to convert from
    with pytest.raises(ValidationError, match="no cohort"):
        result.cohort_row("2024-04-01")


def test_per_actor_stages():
    result = funnel(STORY, actors=FIRM)
    ids, stages = result.actor_stages()
    assert dict(zip(ids.tolist(), stages.tolist(), strict=True)) == {
        "ana": 1,
        "ben": 3,
        "cy": 0,
        "eve": 1,
    }
    assert result.actors is not None
    assert result.actors.first_seen.tolist() == [
        dt.datetime(2024, 1, 1),
        dt.datetime(2024, 1, 2),
        dt.datetime(2024, 2, 10),
        dt.datetime(2024, 3, 10),
    ]
    assert not stages.flags.writeable


def test_medians_odd_and_even_groups():
    start = dt.datetime(2024, 5, 6)
    events = []
    for index, hours in enumerate([1, 2, 10, 30]):
        events.append((f"u{index}", "rf", "view", start.isoformat()))
        events.append((f"u{index}", "rf", "like", (start + dt.timedelta(hours=hours)).isoformat()))
    four = funnel(_log(*events), actors=FIRM, cohort=None)
    assert four.median_time_to_stage["satisfaction"] == (2 + 10) / 2 * 3600
    three = funnel(_log(*events[:6]), actors=FIRM, cohort=None)
    assert three.median_time_to_stage["satisfaction"] == 2 * 3600


def test_week_cohorts_start_on_monday():
    log = _log(
        ("a", "rf", "view", "2024-01-07T23:59"),  # a Sunday
        ("b", "rf", "view", "2024-01-08T00:00"),  # the next Monday
        ("c", "rf", "view", "2024-01-01T00:00"),
    )  # a Monday
    result = funnel(log, actors=FIRM, cohort="week")
    assert [(row.cohort, row.actors) for row in result.cohorts] == [
        ("2024-01-01", 2),
        ("2024-01-08", 1),
    ]


def test_quarter_and_day_cohorts():
    log = _log(
        ("a", "rf", "view", "2024-05-15"),
        ("b", "rf", "view", "2024-03-31"),
        ("b", "rf", "view", "2024-04-02"),
    )
    assert [r.cohort for r in funnel(log, cohort="quarter").cohorts] == ["2024-01-01", "2024-04-01"]
    assert [r.cohort for r in funnel(log, cohort="day").cohorts] == ["2024-03-31", "2024-05-15"]


def test_one_cohort_equals_total():
    result = funnel(STORY, actors=FIRM, cohort=None)
    assert result.cohort is None
    assert len(result.cohorts) == 1
    only = result.cohorts[0]
    assert only.cohort == "all"
    assert only.to_dict(result.stages) == result.total.to_dict(result.stages)


def test_cohort_is_first_seen_not_stage_time():
    log = _log(("a", "rf", "view", "2024-01-31"), ("a", "rf", "share", "2024-03-01"))
    result = funnel(log, actors=FIRM)
    assert [r.cohort for r in result.cohorts] == ["2024-01-01"]
    assert result.cohorts[0].furthest == (0, 0, 0, 1)


def test_empty_log():
    result = funnel(vcc.InteractionLog())
    assert result.n_actors == 0
    assert result.cohorts == ()
    assert result.reached_at_least == dict.fromkeys(STAGES, 0)
    assert all(math.isnan(v) for v in result.conversion.values())
    assert all(math.isnan(v) for v in result.median_time_to_stage.values())
    assert "NaN" not in result.to_json()
    assert Funnel.from_json(result.to_json()) == result
    assert "0 active actors" in result.summary()


def test_actors_without_mapped_interactions_are_reported_as_none():
    # A user cannot feature or reward (firm-only rules): active, but credited with nothing.
    log = _log(("ana", "ben", "feature", "2024-01-01"), ("cy", "rf", "view", "2024-01-02"))
    result = funnel(log, actors=FIRM)
    assert result.n_actors == 2
    assert result.none == 1
    assert result.furthest == {"experience": 1, "satisfaction": 0, "expression": 0, "share": 0}
    ids, stages = result.actor_stages()
    assert dict(zip(ids.tolist(), stages.tolist(), strict=True)) == {"ana": -1, "cy": 0}
    assert "none" in result.summary()


def test_firms_are_not_in_the_funnel():
    log = _log(
        ("rf", "ana", "reply", "2024-01-01"),
        ("rf", "rf", "post", "2024-01-01"),
        ("ana", "rf", "view", "2024-01-03"),
    )
    result = funnel(log, actors=FIRM)
    assert result.actor_stages()[0].tolist() == ["ana"]
    # The firm's reply credits ana with interactivity before she first acted: time 0.
    assert result.furthest["share"] == 1
    assert result.median_time_to_stage["share"] == 0.0
    # Without the roles, rf is a user and is in the funnel (availability needs a firm).
    assert funnel(log).n_actors == 2


def test_credited_target_who_never_acts_is_not_counted():
    log = _log(("rf", "ana", "feature", "2024-01-01"), ("ben", "rf", "view", "2024-01-01"))
    result = funnel(log, actors=FIRM)
    assert result.actor_stages()[0].tolist() == ["ben"]
    assert result.reached["share"] == 0


def test_custom_map_and_population():
    mapping = ConditionMap(
        name="likes_only",
        rules=(
            MapRule(kind="like", condition="content"),
            MapRule(kind="share", condition="reward", credit="target"),
        ),
        population={"user"},
    )
    log = _log(
        ("ana", "ben", "like", "2024-01-01"),
        ("ben", "ana", "share", "2024-01-02"),
        ("cat", "ben", "view", "2024-01-02"),
    )
    result = funnel(log, mapping=mapping, actors={"cat": "creator"})
    assert result.mapping == "likes_only"
    ids, stages = result.actor_stages()
    # cat is a creator, outside this population; ben's share credits ana with reward.
    assert dict(zip(ids.tolist(), stages.tolist(), strict=True)) == {"ana": 3, "ben": -1}
    assert result.reached == {"experience": 0, "satisfaction": 1, "expression": 0, "share": 1}


def test_custom_framework():
    talk, buy = Driver(key="talk", name="Talk"), Driver(key="buy", name="Buy")
    framework = Framework(
        name="mini",
        version="2",
        drivers=(talk, buy),
        conditions=(
            Condition(key="chat", name="Chat", driver=talk),
            Condition(key="order", name="Order", driver=buy),
        ),
    )
    mapping = ConditionMap(
        rules=(
            MapRule(kind="message", condition="chat"),
            MapRule(kind="purchase", condition="order"),
        )
    )
    log = _log(
        ("a", "f", "message", "2024-01-01"),
        ("a", "f", "purchase", "2024-01-02"),
        ("b", "f", "message", "2024-01-01"),
    )
    result = funnel(log, framework=framework, mapping=mapping, actors={"f": "firm"})
    assert result.stages == ("talk", "buy")
    assert result.framework == "mini"
    assert result.reached_at_least == {"talk": 2, "buy": 1}
    assert result.conversion == {"talk": 1.0, "buy": 0.5}
    assert Funnel.from_json(result.to_json()) == result
    with pytest.raises(ValidationError, match="no default condition map"):
        funnel(log, framework=framework)


def test_round_trip_json():
    result = funnel(STORY, actors=FIRM)
    text = result.to_json()
    assert "NaN" not in text
    data = json.loads(text)
    assert data["schema_version"] == 2
    assert data["framework"] == {"name": "kim_choi_2019", "version": "1.0"}
    assert data["total"]["median_seconds"]["expression"] is None
    back = Funnel.from_json(text)
    assert back == result
    assert back.to_dict() == result.to_dict()
    assert back.actors == result.actors
    assert Funnel.from_dict(result.to_dict()) == result


def test_summary_without_actor_table():
    result = funnel(STORY, actors=FIRM)
    small = Funnel.from_json(result.to_json(actors=False))
    assert small.actors is None
    assert small.total.to_dict(STAGES) == result.total.to_dict(STAGES)
    assert small != result
    with pytest.raises(ValidationError, match="without its actor table"):
        small.actor_stages()


def test_repr_and_summary():
    result = funnel(STORY, actors=FIRM)
    assert repr(result).startswith("<Funnel kim_choi_2019 1.0: 4 active actors, 3 month")
    text = result.summary()
    assert "satisfaction          2         3         2        0.75  1 day, 0:00:00" in text
    assert "2024-01-01         2           2            2          1     1    0" in text


def test_errors():
    with pytest.raises(ValidationError, match="unknown cohort period"):
        funnel(STORY, cohort="year")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="takes an InteractionLog"):
        funnel([])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="schema version"):
        Funnel.from_dict({"schema_version": 99})
    with pytest.raises(ValidationError, match="not valid JSON"):
        Funnel.from_json("{")
    data = funnel(STORY, actors=FIRM).to_dict()
    del data["total"]
    with pytest.raises(ValidationError, match="malformed funnel"):
        Funnel.from_dict(data)
    data = funnel(STORY, actors=FIRM).to_dict()
    data["total"]["none"] = 5
    with pytest.raises(ValidationError, match="add up"):
        Funnel.from_dict(data)
    data = funnel(STORY, actors=FIRM).to_dict()
    data["total"]["reached_at_least"]["share"] = 2
    with pytest.raises(ValidationError, match="or a later one"):
        Funnel.from_dict(data)
    data = funnel(STORY, actors=FIRM).to_dict()
    data["cohort"] = "year"
    with pytest.raises(ValidationError, match="unknown cohort period"):
        Funnel.from_dict(data)
    data = funnel(STORY, actors=FIRM).to_dict()
    data["cohorts"].pop()
    with pytest.raises(ValidationError, match="add up to the total"):
        Funnel.from_dict(data)
    data = funnel(STORY, actors=FIRM).to_dict()
    data["actors"]["id"].pop()
    with pytest.raises(ValidationError, match="equal lengths"):
        Funnel.from_dict(data)
    data = funnel(STORY, actors=FIRM).to_dict()
    del data["cohorts"][0]["reached"]["share"]
    with pytest.raises(ValidationError, match="one value per stage"):
        Funnel.from_dict(data)
    with pytest.raises(ValidationError, match="one value per stage"):
        FunnelRow(
            cohort="all",
            actors=0,
            none=0,
            furthest=(0,),
            reached=(),
            reached_at_least=(0,),
            median_seconds=(math.nan,),
        )


# ---------------------------------------------------------------------- properties
_ROLES = st.dictionaries(
    st.sampled_from(["ana", "ben", "firm", "7"]),
    st.sampled_from(["user", "creator", "firm", "partner"]),
    max_size=3,
)


@given(
    log=vst.interaction_logs(max_size=12),
    roles=_ROLES,
    cohort=st.sampled_from([None, "month", "quarter"]),
)
def test_funnel_invariants(log, roles, cohort):
    result = funnel(log, actors=roles, cohort=cohort)
    # Weights play no part in the funnel (and huge ones trouble Evidence's sums).
    unweighted = vcc.InteractionLog.from_columns(
        **{name: log.column(name) for name in ("source", "target", "kind", "timestamp", "channel")}
    )
    assert funnel(unweighted, actors=roles, cohort=cohort) == result
    evidence = Evidence.from_log(unweighted, actors=roles)
    total = result.total
    # Every active population actor is in the funnel exactly once.
    assert result.n_actors == evidence.n_population
    assert total.none + sum(total.furthest) == total.actors
    ids, stages = result.actor_stages()
    assert ids.tolist() == evidence.actors[evidence.population].tolist()
    assert np.bincount(stages + 1, minlength=5).tolist() == [total.none, *total.furthest]
    # Reached per driver agrees with the evidence's participants of its conditions.
    for position, driver in enumerate(STAGES):
        keys = [c.key for c in vcc.KIM_CHOI_2019.conditions_of(driver)]
        participants = set().union(*(evidence.participants(k).tolist() for k in keys))
        assert total.reached[position] == len(participants)
    at_least = total.reached_at_least
    for position in range(4):
        assert at_least[position] == sum(total.furthest[position:])
        assert total.furthest[position] <= total.reached[position] <= at_least[position]
        if position:
            assert at_least[position] <= at_least[position - 1]
        median = total.median_seconds[position]
        assert math.isnan(median) == (total.reached[position] == 0)
        assert math.isnan(median) or median >= 0
    assert total.reached[-1] == total.furthest[-1] == at_least[-1]
    assert all(math.isnan(c) or 0 <= c <= 1 for c in total.conversion)
    # Cohorts partition the actors.
    for field in ("actors", "none"):
        assert sum(getattr(row, field) for row in result.cohorts) == getattr(total, field)
    for field in ("furthest", "reached", "reached_at_least"):
        summed = np.zeros(4, dtype=np.int64)
        for row in result.cohorts:
            summed += getattr(row, field)
        assert summed.tolist() == list(getattr(total, field))
    assert Funnel.from_json(result.to_json()) == result


@given(log=vst.interaction_logs(max_size=10), cut=st.integers(0, 10))
def test_more_events_never_lower_the_funnel(log, cut):
    before = funnel(log[:cut], cohort=None).total
    after = funnel(log, cohort=None).total
    assert after.actors >= before.actors
    for position in range(4):
        assert after.reached_at_least[position] >= before.reached_at_least[position]
        assert after.reached[position] >= before.reached[position]


def test_funnel_json_refuses_huge_numbers_deep_nesting_and_nan() -> None:
    # Regression: ValueError and RecursionError escaped from Funnel.from_json.
    for text, message in [
        ('{"schema_version": ' + "1" * 5000 + "}", "4,300 digits"),
        ('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested more than"),
        ('{"schema_version": Infinity}', "Infinity is not a JSON number"),
    ]:
        with pytest.raises(ValidationError, match=message):
            Funnel.from_json(text)
