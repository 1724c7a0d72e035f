import datetime as dt
import json
import math

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.datasets import contest_example
from valuecocreation.errors import ArgumentTypeError, UnknownConditionError, ValidationError
from valuecocreation.impact import Impact, load_initiative, measure_impact

# Reference: statsmodels 0.15.0 (pandas 3.1.2), the per-actor panel of
# contest_example(seed=S) (one row per listener and window: y = posted at least once,
# treated = on facebook, after = on or after 2024-03-31), fitted with
#   statsmodels.formula.api.ols("y ~ treated * after", data=panel).fit().params["treated:after"]
STATSMODELS_DID = {0: 0.21000000000000388, 11: 0.15000000000000757}


@pytest.mark.parametrize(("seed", "expected"), sorted(STATSMODELS_DID.items()))
def test_estimate_equals_the_ols_interaction_term(seed, expected):
    example = contest_example(seed=seed)
    result = measure_impact(
        example.log, example.initiative, control=example.control, actors=example.actors, seed=1
    )
    effect = result.condition("user_creativity")
    assert effect.method == "difference_in_differences"
    assert effect.estimate == pytest.approx(expected, abs=1e-12)
    assert effect.treated_actors == effect.control_actors == 400


def test_estimate_equals_least_squares_on_an_unbalanced_design():
    # Treated and control of different sizes, outcome events per actor.
    example = contest_example(seed=5, actors_per_group=60)
    log = example.log.filter(source=[a for a in example.log.actors if not a.startswith("yt0000")])
    result = measure_impact(
        log, example.initiative, control="youtube", outcome="events", actors=example.actors, seed=2
    )
    frame = log.to_frame("pandas")
    frame["after"] = (frame["timestamp"] >= "2024-03-31").astype(float)
    frame["post"] = (frame["kind"] == "post").astype(float)
    panel = frame.groupby(["source", "after"]).agg(y=("post", "sum"), ch=("channel", "first"))
    panel = panel.reset_index()
    treated = (panel["ch"] == "facebook").to_numpy(float)
    after = panel["after"].to_numpy(float)
    design = np.column_stack([np.ones(len(panel)), treated, after, treated * after])
    coefficients, *_ = np.linalg.lstsq(design, panel["y"].to_numpy(float), rcond=None)
    effect = result.condition("user_creativity")
    assert effect.control_actors < effect.treated_actors
    assert effect.estimate == pytest.approx(coefficients[3], abs=1e-9)


def test_planted_effect_is_recovered_in_at_least_93_percent_of_200_runs():
    hits = 0
    for run in range(200):
        example = contest_example(seed=1000 + run)
        result = measure_impact(
            example.log,
            example.initiative,
            control=example.control,
            actors=example.actors,
            seed=run,
        )
        low, high = result.condition("user_creativity").interval
        hits += low <= example.true_effect <= high
    print(f"planted effect inside the 95% interval in {hits} of 200 runs")  # noqa: T201
    assert hits / 200 >= 0.93


def test_without_a_control_the_raw_change_comes_with_a_finding():
    example = contest_example(seed=2)
    result = measure_impact(example.log, example.initiative, actors=example.actors, seed=0)
    effect = result.condition("user_creativity")
    assert effect.method == "before_after"
    assert effect.estimate == pytest.approx(effect.treated_after - effect.treated_before)
    assert math.isnan(effect.control_before)
    assert "no_control" in {f.code for f in result.findings}
    # the raw change carries the common trend too
    assert effect.estimate > example.true_effect - 0.1


def test_the_bootstrap_is_seeded():
    example = contest_example(seed=4, actors_per_group=80)
    runs = [
        measure_impact(example.log, example.initiative, control="youtube", seed=s)
        for s in (9, 9, 10)
    ]
    assert runs[0] == runs[1]
    assert (
        runs[0].condition("user_creativity").interval
        != runs[2].condition("user_creativity").interval
    )


def test_firm_accounts_are_left_out():
    example = contest_example(seed=4, actors_per_group=50)
    with_firm = measure_impact(example.log, example.initiative, control="youtube", seed=1)
    without = measure_impact(
        example.log, example.initiative, control="youtube", actors=example.actors, seed=1
    )
    assert with_firm.condition("user_creativity").treated_actors == 51
    assert without.condition("user_creativity").treated_actors == 50


def test_windows_default_to_the_initiative_and_the_same_length_before():
    example = contest_example(seed=4, actors_per_group=20)
    result = measure_impact(example.log, example.initiative, control="youtube", seed=1)
    assert result.after == (
        dt.datetime(2024, 3, 31, tzinfo=dt.UTC),
        dt.datetime(2024, 4, 30, tzinfo=dt.UTC),
    )
    assert result.before[0] == dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert "group_small" in {f.code for f in result.findings}


def test_round_trip_and_views(tmp_path):
    example = contest_example(seed=6, actors_per_group=40)
    result = measure_impact(example.log, example.initiative, control="youtube", seed=3)
    assert Impact.from_json(result.to_json()) == result
    assert "user_creativity" in result.summary()
    assert "| user_creativity |" in result.to_markdown()
    path = tmp_path / "contest.json"
    path.write_text(json.dumps(example.initiative.to_dict()))
    assert load_initiative(path) == example.initiative


def test_an_empty_group_is_nan_with_a_severe_finding():
    example = contest_example(seed=6, actors_per_group=20)
    result = measure_impact(example.log, example.initiative, control="tiktok", seed=3)
    effect = result.condition("user_creativity")
    assert math.isnan(effect.estimate)
    assert math.isnan(effect.interval[0])
    codes = {f.code for f in result.findings}
    assert {"group_empty", "channel_not_in_log"} <= codes
    assert Impact.from_json(result.to_json()) == result


def test_bad_input():
    example = contest_example(seed=6, actors_per_group=10)
    log, contest = example.log, example.initiative
    undated = vcc.Initiative(
        key="x", name="x", type="co_design", stage="concept", conditions=("reward",)
    )
    with pytest.raises(ValidationError, match="no start date"):
        measure_impact(log, undated)
    with pytest.raises(ValidationError, match="shares channels"):
        measure_impact(log, contest, control="facebook")
    with pytest.raises(UnknownConditionError):
        measure_impact(
            log,
            vcc.Initiative(
                key="x", name="x", type="co_design", stage="concept", conditions=("loyalty",)
            ),
            after=("2024-03-31", "2024-04-30"),
        )
    with pytest.raises(ValidationError, match="names no condition"):
        measure_impact(
            log,
            vcc.Initiative(key="x", name="x", type="co_design", stage="concept"),
            after=("2024-03-31", "2024-04-30"),
        )
    with pytest.raises(ValidationError, match="end after"):
        measure_impact(log, contest, after=("2024-04-30", "2024-03-31"))
    with pytest.raises(ArgumentTypeError):
        measure_impact("events.csv", contest)
    with pytest.raises(ArgumentTypeError):
        measure_impact(log, contest, seed="seven")
    with pytest.raises(ValidationError):
        measure_impact(log, contest, outcome="vibes")


def test_a_segment_can_be_the_control():
    example = contest_example(seed=12, actors_per_group=150)
    # The same log, told by actor attribute instead of channel: youtube listeners are "JP".
    actors = [
        vcc.Actor(
            id=str(a),
            role="firm" if a == "studio" else "user",
            attributes={"country": "JP" if str(a).startswith("yt") else "KR"},
        )
        for a in example.log.actors
    ]
    contest = vcc.Initiative(
        key="c",
        name="Contest",
        type="co_production",
        stage="launch",
        conditions=("user_creativity",),
        start=dt.date(2024, 3, 31),
        end=dt.date(2024, 4, 29),
    )
    by_segment = measure_impact(
        example.log, contest, control={"country": "JP"}, actors=actors, seed=3
    )
    by_channel = measure_impact(
        example.log, example.initiative, control="youtube", actors=example.actors, seed=3
    )
    assert by_segment.control_by == "segment"
    assert by_segment.control == ("country=JP",)
    ours, theirs = by_segment.condition("user_creativity"), by_channel.condition("user_creativity")
    assert ours.estimate == pytest.approx(theirs.estimate)
    assert ours.treated_actors == theirs.treated_actors == 150
    assert Impact.from_json(by_segment.to_json()) == by_segment
    with pytest.raises(ValidationError, match="Actor objects"):
        measure_impact(example.log, contest, control={"country": "JP"}, seed=3)
