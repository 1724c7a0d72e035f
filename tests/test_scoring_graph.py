"""Graph scorers: the scorer contract, hand-checked values, and assess(graph=...)."""

from __future__ import annotations

import math

import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.scoring import (
    GRAPH_SCORERS,
    GiantComponentScorer,
    ReachScorer,
    ReciprocityScorer,
    RewardReachScorer,
    ScoringInputs,
    get_scorer,
)
from valuecocreation.testing import check_scorer, sample_log

# These tests are about other things than declaring the firm; that warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


FIRM = {"firm": "firm"}


def with_graph(log=None):
    log = sample_log() if log is None else log
    return ScoringInputs(
        vcc.Evidence.from_log(log, actors=FIRM), graph=vcc.ValueFlowGraph.from_log(log, actors=FIRM)
    )


@pytest.mark.parametrize(
    "scorer",
    [ReciprocityScorer(), GiantComponentScorer(), ReachScorer(hops=2), RewardReachScorer()],
)
def test_graph_scorers_keep_the_contract(scorer):
    check_scorer(scorer, evidence=[with_graph(), vcc.Evidence.from_log(sample_log())])


@pytest.mark.parametrize("name", ["reciprocity", "giant_component", "reach", "reward_reach"])
def test_graph_scorers_are_registered(name):
    assert get_scorer(name).name == name


def test_without_a_graph_the_score_is_nan_with_a_reason():
    evidence = vcc.Evidence.from_log(sample_log(), actors=FIRM)
    for condition, scorer in GRAPH_SCORERS.items():
        score = scorer.score(ScoringInputs(evidence), condition)
        assert math.isnan(score.value)
        assert "no value-flow graph" in score.reason


def test_values_counted_by_hand():
    log = vcc.InteractionLog.from_records(
        [
            {"source": "ana", "target": "rf", "kind": "comment", "timestamp": "2024-01-01"},
            {"source": "rf", "target": "ana", "kind": "reply", "timestamp": "2024-01-02"},
            {"source": "ben", "target": "rf", "kind": "comment", "timestamp": "2024-01-02"},
            {"source": "ben", "target": "cy", "kind": "share", "timestamp": "2024-01-03"},
            {"source": "rf", "target": "ben", "kind": "feature", "timestamp": "2024-01-04"},
            {"source": "dee", "target": "eve", "kind": "like", "timestamp": "2024-01-04"},
        ]
    )
    evidence = ScoringInputs(
        vcc.Evidence.from_log(log, actors={"rf": "firm"}),
        graph=vcc.ValueFlowGraph.from_log(log, actors={"rf": "firm"}),
    )
    # Conversation edges ana->rf, rf->ana, ben->rf: two of three answered in kind.
    assert ReciprocityScorer().score(evidence, "interactivity").indicator == 2 / 3
    # Users-only webs: {ben, cy}, {dee, eve}, {ana}: the largest holds 2 of 5 users.
    giant = GiantComponentScorer(target=0.5).score(evidence, "connectivity")
    assert (giant.indicator, giant.value) == (0.4, 0.8)
    # One hop from rf: ana and ben, of five users.
    assert ReachScorer().score(evidence, "awareness").indicator == 0.4
    # Active users (sources): ana, ben, dee; ben was featured.
    assert RewardReachScorer(target=1.0).score(evidence, "reward").indicator == 1 / 3


def test_assess_combines_event_and_graph_evidence():
    log = sample_log()
    graph = vcc.ValueFlowGraph.from_log(log, actors=FIRM)
    plain = vcc.assess(log, actors=FIRM)
    both = vcc.assess(log, actors=FIRM, graph=graph)
    for key in GRAPH_SCORERS:
        combined = both.condition(key)
        assert combined.scorer.startswith("composite(")
        parts = [p for p in combined.parts if p.has_evidence]
        if parts:
            assert combined.value == pytest.approx(sum(p.value for p in parts) / len(parts))
        assert plain.condition(key).value in [p.value for p in combined.parts] or math.isnan(
            plain.condition(key).value
        )
    for key in set(vcc.KIM_CHOI_2019.condition_keys) - set(GRAPH_SCORERS):
        assert both.condition(key) == plain.condition(key)
    # An explicit scorer wins over the combination.
    chosen = vcc.assess(log, actors=FIRM, graph=graph, scorers={"reward": "reward_reach"})
    assert chosen.condition("reward").scorer == "reward_reach"
    assert vcc.Assessment.from_json(both.to_json()) == both


def test_assess_refuses_a_graph_of_another_map():
    log = sample_log()
    graph = vcc.ValueFlowGraph.from_log(log, mapping=vcc.KIM_CHOI_2019_MAP.drop(kind="view"))
    with pytest.raises(ValidationError, match="another framework or condition map"):
        vcc.assess(log, graph=graph)


def test_reach_scorer_checks_hops():
    with pytest.raises(ValidationError, match="hops"):
        ReachScorer(hops=0)
