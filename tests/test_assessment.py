"""Tests of assess(), assess_over() and the Assessment they return."""

from __future__ import annotations

import json
import math
from typing import Any

import jsonschema
import pytest

import valuecocreation as vcc
from valuecocreation import InteractionLog, Party, ValidationError
from valuecocreation.assessment import json_schema
from valuecocreation.errors import UnknownConditionError, UnknownDriverError
from valuecocreation.evidence import Evidence
from valuecocreation.framework import Condition, Driver, Framework
from valuecocreation.mapping import ConditionMap, MapRule
from valuecocreation.scoring import ParticipationScorer, RateScorer
from valuecocreation.testing import sample_log

FIRM = {"firm": "firm"}
RESULT = vcc.assess(sample_log(), actors=FIRM)


def test_drivers_average_their_scored_conditions() -> None:
    for driver in RESULT.drivers:
        values = [RESULT.condition(key).value for key in driver.conditions]
        assert driver.value == pytest.approx(sum(values) / len(values))
        assert driver.coverage == 1.0
    assert RESULT.index == pytest.approx(sum(d.value for d in RESULT.drivers) / 4)
    assert RESULT.index_coverage == 1.0


@pytest.mark.parametrize(
    ("aggregate", "combine"),
    [
        ("mean", lambda v: sum(v) / len(v)),
        ("geometric", lambda v: math.prod(v) ** (1 / len(v))),
        ("minimum", min),
    ],
)
def test_index_aggregates(aggregate: vcc.assessment.Aggregate, combine: object) -> None:
    result = vcc.assess(sample_log(), actors=FIRM, aggregate=aggregate)
    values = [d.value for d in result.drivers]
    assert result.index == pytest.approx(combine(values))  # type: ignore[operator]


def test_missing_drivers_are_reported_not_averaged_as_zero() -> None:
    log = InteractionLog.from_records(
        [
            {"source": "ana", "target": "firm", "kind": "post", "timestamp": "2024-01-01"},
            {"source": "ben", "target": "firm", "kind": "view", "timestamp": "2024-01-02"},
        ]
    )
    result = vcc.assess(log, actors=FIRM)
    experience, satisfaction = result.driver("experience"), result.driver("satisfaction")
    assert experience.coverage == pytest.approx(1 / 3)
    assert math.isnan(satisfaction.value)
    assert satisfaction.reason
    assert result.index_coverage == 0.5
    mean_of_two = (experience.value + result.driver("expression").value) / 2
    # Two events, 2 of 4 drivers, 2 of 12 conditions: too little for an index (issue 13).
    assert math.isnan(result.index)
    (undefined,) = vcc.findings.by_code(result.findings, "index_undefined")
    assert undefined.numbers["mean_of_scored"] == pytest.approx(mean_of_two)
    lenient = vcc.assess(log, actors=FIRM, minimum_drivers=1, minimum_conditions=1)
    assert lenient.index == pytest.approx(mean_of_two)


def test_value_balance_follows_the_directions() -> None:
    users, firms = RESULT.balance("users"), RESULT.balance(Party.FIRMS)
    experience, satisfaction, expression, share = (
        RESULT.driver(k).value for k in ("experience", "satisfaction", "expression", "share")
    )
    assert users.internalizing == ("experience", "satisfaction")
    assert users.internalized == pytest.approx((experience + satisfaction) / 2)
    assert users.externalized == pytest.approx((expression + share) / 2)
    assert firms.internalized == users.externalized
    assert firms.externalized == users.internalized
    assert users.net == pytest.approx(users.externalized - users.internalized)


def test_look_ups_fail_listing_valid_keys() -> None:
    with pytest.raises(UnknownConditionError, match="accessibility, availability"):
        RESULT.condition("delight")
    with pytest.raises(UnknownDriverError, match="experience, satisfaction"):
        RESULT.driver("joy")


def test_scorers_override_by_object_or_name() -> None:
    result = vcc.assess(
        sample_log(),
        actors=FIRM,
        scorers={"reward": ParticipationScorer(target=0.5), "content": "rate"},
    )
    assert result.condition("reward").value == 0.5  # 1 of 4 users featured
    assert result.condition("content").scorer == "rate"
    with pytest.raises(ValidationError, match="no condition 'delight'"):
        vcc.assess(sample_log(), scorers={"delight": RateScorer()})
    with pytest.raises(ValidationError, match="not a Scorer"):
        vcc.assess(sample_log(), scorers={"reward": object()})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="aggregate"):
        vcc.assess(sample_log(), aggregate="median")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="InteractionLog or an Evidence"):
        vcc.assess([])  # type: ignore[arg-type]


def test_a_user_framework_needs_its_map_and_scorers() -> None:
    dialogue = Driver(
        key="dialogue",
        name="Dialogue",
        directions={"users": "externalization", "firms": "internalization"},
    )
    framework = Framework(
        name="mini",
        version="2",
        drivers=(dialogue,),
        conditions=(Condition(key="forum", name="Forum", driver=dialogue),),
    )
    mapping = ConditionMap(name="mini-map", rules=(MapRule(kind="comment", condition="forum"),))
    log = InteractionLog.from_records(
        [
            {"source": "a", "target": "b", "kind": "comment", "timestamp": "2024-01-01"},
            {"source": "b", "target": "a", "kind": "like", "timestamp": "2024-01-01"},
        ]
    )
    with pytest.raises(ValidationError, match="no scorer for condition 'forum'"):
        vcc.assess(log, framework=framework, mapping=mapping)
    result = vcc.assess(
        log, framework=framework, mapping=mapping, scorers={"forum": ParticipationScorer()}
    )
    assert result.condition("forum").value == 0.5
    assert result.mapping == "mini-map"
    assert [b.party for b in result.value_balance] == [Party.USERS, Party.FIRMS]
    assert math.isnan(result.balance("users").internalized)
    with pytest.raises(ValidationError, match="evidence is for kim_choi_2019"):
        vcc.assess(
            Evidence.from_log(log), framework=framework, scorers={"forum": ParticipationScorer()}
        )


def test_assessing_merged_chunks_equals_assessing_the_whole() -> None:
    log = sample_log()
    chunks = [Evidence.from_log(log[i : i + 7], actors=FIRM) for i in range(0, len(log), 7)]
    assert vcc.assess(Evidence.merge(*chunks)) == vcc.assess(log, actors=FIRM)
    with pytest.raises(ValidationError, match="assess_over"):
        vcc.assess(Evidence.from_log(log, period="month"))


def test_json_is_strict_schema_valid_and_lossless() -> None:
    text = RESULT.to_json()
    assert "NaN" not in text
    data = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.validate(data, json_schema())
    empty = vcc.assess(InteractionLog())
    jsonschema.validate(empty.to_dict(), json_schema())
    assert vcc.Assessment.from_json(empty.to_json()) == empty
    assert vcc.Assessment.from_dict(data) == RESULT
    assert data["framework"] == {"name": "kim_choi_2019", "version": "1.0"}


@pytest.mark.parametrize("bad", [{"schema_version": 2}, {}, {"schema_version": 1}])
def test_bad_json_is_a_validation_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        vcc.Assessment.from_dict(bad)
    with pytest.raises(ValidationError, match="not valid JSON"):
        vcc.Assessment.from_json("{")


def test_repr_and_summary_are_readable() -> None:
    assert repr(RESULT).startswith("<Assessment kim_choi_2019 1.0: index 0.")
    summary = RESULT.summary()
    assert "experience" in summary
    assert "  accessibility" in summary
    assert "value balance of users" in summary
    empty = vcc.assess(InteractionLog()).summary()
    assert "no interaction in the data was mapped to reward" in empty


def test_assess_over_months_and_channels() -> None:
    log = InteractionLog.from_records(
        [
            {
                "source": "ana",
                "target": "firm",
                "kind": "post",
                "timestamp": "2024-01-05",
                "channel": "fb",
            },
            {
                "source": "ben",
                "target": "firm",
                "kind": "view",
                "timestamp": "2024-01-06",
                "channel": "fb",
            },
            {
                "source": "ana",
                "target": "firm",
                "kind": "view",
                "timestamp": "2024-02-05",
                "channel": "yt",
            },
            {
                "source": "ben",
                "target": "firm",
                "kind": "post",
                "timestamp": "2024-02-06",
                "channel": "fb",
            },
            {
                "source": "cai",
                "target": "firm",
                "kind": "post",
                "timestamp": "2024-02-07",
                "channel": "fb",
            },
        ]
    )
    series = vcc.assess_over(log, actors=FIRM, period="month")
    assert [item.window for item in series] == ["2024-01-01", "2024-02-01"]
    january, february = series.items
    assert january.condition("awareness").value == 0.5
    assert february.condition("awareness").value == pytest.approx(1 / 3)
    (change,) = series.changes()
    assert change["awareness"] == pytest.approx(1 / 3 - 0.5)
    assert change["window"] == "2024-02-01"
    assert series.get("2024-02-01") == february
    by_channel = vcc.assess_over(log, actors=FIRM, period="month", segment_by="channel")
    assert [(i.segment, i.window) for i in by_channel] == [
        ("fb", "2024-01-01"),
        ("fb", "2024-02-01"),
        ("yt", "2024-01-01"),
        ("yt", "2024-02-01"),
    ]
    assert by_channel.get("2024-02-01", "yt").condition("awareness").value == 1.0
    assert [row["segment"] for row in by_channel.changes()] == ["fb", "yt"]
    assert vcc.AssessmentSeries.from_dict(by_channel.to_dict()) == by_channel
    with pytest.raises(ValidationError, match="no assessment for window"):
        series.get("2023-01-01")
    monthly = Evidence.from_log(log, actors=FIRM, period="month")
    assert vcc.assess_over(monthly, period="month") == series
    with pytest.raises(ValidationError, match="split by period='month'"):
        vcc.assess_over(monthly, period="week")


# ---------------------------------------------------------------------- hostile JSON
HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"schema_version": ' + HUGE + "}", "more than 4,300 digits"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 200 deep"),
        ('{"schema_version": NaN}', "NaN is not a JSON number"),
    ],
)
def test_untrusted_json_is_refused_in_bounded_time(text: str, message: str) -> None:
    # Regression: ValueError (integer string conversion) and RecursionError escaped.
    with pytest.raises(ValidationError, match=message):
        vcc.Assessment.from_json(text)


@pytest.mark.parametrize(
    ("path", "bad", "field"),
    [
        (("index",), math.inf, "index"),
        (("index",), "0.5", "index"),
        (("index",), True, "index"),
        (("drivers", 0, "value"), math.nan, "drivers[0].value"),
        (("conditions", 1, "indicator"), -math.inf, "conditions[1].indicator"),
    ],
)
def test_from_dict_refuses_non_finite_and_mistyped_numbers(
    path: tuple[Any, ...], bad: object, field: str
) -> None:
    # Regression: NaN, Infinity and wrong types were accepted, then to_json failed.
    data = vcc.assess(sample_log(), actors={"firm": "firm"}).to_dict()
    where: Any = data
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = bad
    with pytest.raises(ValidationError) as raised:
        vcc.Assessment.from_dict(data)
    assert raised.value.column in (field, path[-1])
