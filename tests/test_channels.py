import itertools
import math

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.channels import PEW_2018_USAGE, ChannelPlan, plan_channels
from valuecocreation.errors import ArgumentTypeError, ValidationError


def independent_reach(chosen, segments, usage):
    return math.fsum(
        size * (1 - math.prod(1 - usage[c].get(s, 0.0) for c in chosen))
        for s, size in segments.items()
    )


def random_instance(rng, channels, segments=3):
    names = [f"c{i}" for i in range(channels)]
    seg = {f"s{k}": float(rng.integers(10, 1000)) for k in range(segments)}
    usage = {c: {s: float(rng.random()) for s in seg} for c in names}
    costs = {c: (float(rng.integers(1, 6)), float(rng.integers(0, 10))) for c in names}
    return seg, usage, costs


def brute_force(segments, usage, costs, budget, hours=math.inf):
    best = (0.0, ())
    names = sorted(costs)
    for k in range(len(names) + 1):
        for subset in itertools.combinations(names, k):
            if sum(costs[c][0] for c in subset) > budget + 1e-9:
                continue
            if sum(costs[c][1] for c in subset) > hours + 1e-9:
                continue
            value = independent_reach(subset, segments, usage)
            if value > best[0] + 1e-9:
                best = (value, subset)
    return best


@pytest.mark.parametrize("case", range(30))
def test_exact_plan_equals_brute_force(case):
    rng = np.random.default_rng(case)
    segments, usage, costs = random_instance(rng, int(rng.integers(1, 9)))
    budget = float(rng.integers(0, 15))
    hours = None if case % 2 else float(rng.integers(0, 30))
    plan = plan_channels(segments=segments, usage=usage, costs=costs, budget=budget, hours=hours)
    value, _ = brute_force(segments, usage, costs, budget, math.inf if hours is None else hours)
    assert plan.method == "exact"
    assert plan.reach == pytest.approx(value, rel=1e-12, abs=1e-9)
    assert plan.reach == pytest.approx(independent_reach(plan.channels, segments, usage))
    assert plan.cost <= budget
    assert sum(plan.reach_by_segment.values()) == pytest.approx(plan.reach)
    for channel in plan.channels:
        rest = [c for c in plan.channels if c != channel]
        lost = plan.reach - independent_reach(rest, segments, usage)
        assert plan.marginal[channel] == pytest.approx(lost, abs=1e-9)
        assert sum(plan.marginal_by_segment[channel].values()) == pytest.approx(lost, abs=1e-9)


def test_plans_are_deterministic_on_ties():
    usage = {"a": {"s": 0.5}, "b": {"s": 0.5}, "c": {"s": 0.5}}
    plans = [
        plan_channels(segments={"s": 100}, usage=usage, costs=dict.fromkeys("abc", 1), budget=1)
        for _ in range(3)
    ]
    assert {p.channels for p in plans} == {("a",)}


@pytest.mark.parametrize("case", range(10))
def test_greedy_beyond_the_limit_keeps_its_bound(case):
    rng = np.random.default_rng(100 + case)
    segments, usage, costs = random_instance(rng, 9)
    money = {c: v[0] for c, v in costs.items()}
    budget = float(rng.integers(2, 12))
    plan = plan_channels(segments=segments, usage=usage, costs=money, budget=budget, exact_limit=4)
    value, _ = brute_force(segments, usage, {c: (m, 0.0) for c, m in money.items()}, budget)
    assert plan.method == "greedy"
    assert plan.bound == pytest.approx((1 - 1 / math.e) / 2)  # unequal costs
    assert plan.reach >= plan.bound * value - 1e-9
    assert plan.cost <= budget
    assert any(f.code == "greedy_choice" for f in plan.findings)


def test_greedy_with_equal_costs_has_the_cardinality_bound():
    rng = np.random.default_rng(7)
    segments, usage, _ = random_instance(rng, 8)
    plan = plan_channels(
        segments=segments, usage=usage, costs=dict.fromkeys(usage, 1), budget=3, exact_limit=2
    )
    assert plan.bound == pytest.approx(1 - 1 / math.e)
    assert len(plan.channels) == 3


def test_observed_co_usage_counts_actors_once():
    # a and b use both x and y; c only y; d only z
    log = vcc.InteractionLog.from_columns(
        source=["a", "a", "b", "b", "c", "d"],
        target=["f"] * 6,
        kind=["view"] * 6,
        timestamp=["2024-01-01"] * 6,
        channel=["x", "y", "x", "y", "y", "z"],
    )
    plan = plan_channels(
        segments={"all": 400}, costs={"x": 1, "y": 1, "z": 1}, budget=2, co_usage=log
    )
    # y reaches a, b, c (3 of 4 active actors); with z, everyone
    assert plan.channels == ("y", "z")
    assert plan.reach == pytest.approx(400.0)
    assert plan.marginal == {"y": pytest.approx(300.0), "z": pytest.approx(100.0)}
    assert plan.overlap == "observed"
    segmented = plan_channels(
        segments={"young": 100, "old": 100},
        costs={"x": 1, "y": 1, "z": 1},
        budget=1,
        co_usage=log,
        actor_segments={"a": "young", "b": "young", "c": "old", "d": "old"},
    )
    assert segmented.channels == ("y",)
    assert segmented.reach_by_segment == {"old": 50.0, "young": 100.0}


def test_pew_figures_are_only_the_cited_ones():
    assert PEW_2018_USAGE["snapchat"] == {"us_adults": 0.27, "18-24": 0.78, "25-29": 0.54}
    assert PEW_2018_USAGE["youtube"]["18-24"] == 0.94
    assert sorted(PEW_2018_USAGE) == sorted(
        [
            "youtube",
            "facebook",
            "instagram",
            "pinterest",
            "snapchat",
            "linkedin",
            "twitter",
            "whatsapp",
        ]
    )


def test_one_channel_for_under_25s_uses_the_segment_usage():
    plan = plan_channels(
        segments={"18-24": 1000},
        usage=PEW_2018_USAGE,
        costs=dict.fromkeys(PEW_2018_USAGE, 1),
        budget=1,
    )
    assert plan.channels == ("youtube",)
    assert plan.reach == pytest.approx(940.0)
    assert any(f.code == "usage_unknown" for f in plan.findings)


def test_round_trip_and_views():
    plan = plan_channels(
        segments={"us_adults": 1000},
        usage=PEW_2018_USAGE,
        costs={"youtube": (2, 10), "facebook": (1, 5)},
        budget=3,
        hours=20,
    )
    assert ChannelPlan.from_json(plan.to_json()) == plan
    assert "youtube" in plan.summary()
    assert "| youtube |" in plan.to_markdown()
    assert plan.share == pytest.approx(plan.reach / 1000)


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"segments": {"s": -1}}, ValidationError),
        ({"segments": {}}, ValidationError),
        ({"segments": ["s"]}, ArgumentTypeError),
        ({"costs": {"x": "cheap"}}, ArgumentTypeError),
        ({"costs": {}}, ValidationError),
        ({"budget": float("nan")}, ValidationError),
        ({"usage": {"x": {"s": 1.5}}}, ValidationError),
        ({"usage": None}, ValidationError),
        ({"co_usage": "log.csv"}, ArgumentTypeError),
    ],
)
def test_bad_input(arguments, error):
    base = {"segments": {"s": 10}, "usage": {"x": {"s": 0.5}}, "costs": {"x": 1}, "budget": 1}
    with pytest.raises(error):
        plan_channels(**(base | arguments))


def test_shares_of_one_and_zero_costs_are_exact():
    usage = {"a": {"s": 1.0}, "b": {"s": 0.5}, "free": {"s": 0.2}}
    for budget in (0, 1, 2, 3):
        plan = plan_channels(
            segments={"s": 10}, usage=usage, costs={"a": 2, "b": 1, "free": 0}, budget=budget
        )
        value, _ = brute_force({"s": 10}, usage, {"a": (2, 0), "b": (1, 0), "free": (0, 0)}, budget)
        assert plan.reach == pytest.approx(value)
        assert "free" in plan.channels or plan.reach == pytest.approx(10.0)


def test_25_channels_are_solved_exactly():
    rng = np.random.default_rng(3)
    segments, usage, costs = random_instance(rng, 25, segments=4)
    money = {c: v[0] for c, v in costs.items()}
    plan = plan_channels(segments=segments, usage=usage, costs=money, budget=30)
    assert plan.method == "exact"
    greedy = plan_channels(segments=segments, usage=usage, costs=money, budget=30, exact_limit=1)
    assert plan.reach >= greedy.reach - 1e-9
    assert plan.cost <= 30


@pytest.mark.parametrize("case", range(5))
def test_more_budget_never_reaches_fewer(case):
    rng = np.random.default_rng(50 + case)
    segments, usage, costs = random_instance(rng, 7)
    money = {c: v[0] for c, v in costs.items()}
    reaches = [
        plan_channels(segments=segments, usage=usage, costs=money, budget=b).reach
        for b in range(12)
    ]
    assert all(a <= b + 1e-9 for a, b in itertools.pairwise(reaches))
