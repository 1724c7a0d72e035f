"""What-if scenarios: the links' arithmetic, common random numbers, both models, JSON, bad input."""

from __future__ import annotations

import networkx as nx
import pytest

import valuecocreation as vcc
from valuecocreation.datasets import load_recordfarm
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.simulate import (
    CascadeScenario,
    GrowthScenario,
    Link,
    Scenario,
    TwoSidedModel,
    scenario,
)


@pytest.fixture(scope="module")
def assessment():
    data = load_recordfarm()
    return vcc.assess(data.log, actors=data.actors)


@pytest.fixture
def cascade_model():
    return CascadeScenario(graph=nx.karate_club_graph(), probability=0.1, featured=3)


def test_link_arithmetic():
    now, after = {"a": 0.4, "b": 0.6}, {"a": 0.6, "b": 0.6}
    assert Link(parameter="x", conditions=("a", "b")).factor(now, after) == pytest.approx(1.2)
    complement = Link(parameter="x", conditions="a", rule="complement")
    assert complement.factor(now, after) == pytest.approx(0.4 / 0.6)
    with pytest.raises(ValidationError):
        Link(parameter="x", conditions="a").factor({"a": 0.0}, {"a": 0.5})
    with pytest.raises(ValidationError):
        Link(parameter="x", conditions="a", rule="log")


def test_reward_scales_the_featured_actors(assessment, cascade_model):
    reward = assessment.condition("reward").value
    result = scenario(assessment, {"reward": 0.2}, cascade_model, runs=400, seed=2)
    assert result.parameters_after["featured"] == pytest.approx(3 * (reward + 0.2) / reward)
    assert result.parameters_after["probability"] == result.parameters_before["probability"]
    assert result.difference > 0
    assert result.difference_interval[0] <= result.difference <= result.difference_interval[1]
    assert result.findings[0].code == "conditional_projection"
    assert Scenario.from_json(result.to_json()) == result


def test_no_change_is_no_difference(assessment, cascade_model):
    result = scenario(assessment, {}, cascade_model, runs=200, seed=5)
    assert result.difference == 0.0
    assert result.baseline == result.projected


def test_a_replaced_link_is_used(assessment, cascade_model):
    link = Link(parameter="probability", conditions=("reward",))
    result = scenario(assessment, {"reward": 0.1}, cascade_model, links=[link], runs=200, seed=5)
    assert result.parameters_after["featured"] == 3.0
    assert result.parameters_after["probability"] > 0.1
    assert result.links == (link.to_dict(),)


def test_growth_scenario_satisfaction_lowers_churn(assessment):
    model = TwoSidedModel(
        demand_market=5000,
        supply_market=500,
        demand_innovation=0.02,
        supply_innovation=0.02,
        demand_imitation=0.3,
        supply_imitation=0.2,
        demand_cross=0.2,
        supply_cross=0.2,
        demand_churn=0.1,
    )
    growth = GrowthScenario(model=model, horizon=12)
    result = scenario(assessment, {"content": 0.1, "service": 0.1}, growth, runs=200, seed=1)
    assert result.parameters_after["demand_churn"] < 0.1
    assert result.difference > 0


def test_bad_input(assessment, cascade_model):
    with pytest.raises(ValidationError):
        scenario(assessment, {"loyalty": 0.1}, cascade_model, runs=10)
    with pytest.raises(ArgumentTypeError):
        scenario(assessment, [("reward", 0.1)], cascade_model, runs=10)
    with pytest.raises(ArgumentTypeError):
        scenario(assessment, {"reward": "more"}, cascade_model, runs=10)
    with pytest.raises(ArgumentTypeError):
        scenario("assessment", {"reward": 0.1}, cascade_model, runs=10)
    with pytest.raises(ArgumentTypeError):
        scenario(assessment, {"reward": 0.1}, object(), runs=10)
    bad_link = Link(parameter="budget", conditions=("reward",))
    with pytest.raises(ValidationError):
        scenario(assessment, {"reward": 0.1}, cascade_model, links=[bad_link], runs=10)
