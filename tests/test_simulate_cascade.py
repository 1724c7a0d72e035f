"""Cascades: agreement with ndlib, exact small cases, seeding, directions, bad input, JSON."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.simulate import Cascade, independent_cascade, linear_threshold


def test_path_matches_the_exact_probabilities():
    path = nx.DiGraph([("a", "b"), ("b", "c")])
    cascade = independent_cascade(path, "a", 0.3, runs=40_000, seed=5)
    assert cascade.frequency_of("a") == 1.0
    assert cascade.frequency_of("b") == pytest.approx(0.3, abs=0.01)
    assert cascade.frequency_of("c") == pytest.approx(0.09, abs=0.006)
    # step curve: seeds at step 0, then b, then c
    assert cascade.curve[0] == 1.0
    assert cascade.curve[-1] == pytest.approx(cascade.mean)


def test_probability_one_and_zero_are_exact():
    graph = nx.path_graph(6)
    assert independent_cascade(graph, 0, 1.0, runs=5, seed=1).reached.tolist() == [6] * 5
    assert independent_cascade(graph, 0, 0.0, runs=5, seed=1).reached.tolist() == [1] * 5
    full = independent_cascade(graph, 0, 1.0, runs=3, seed=1, max_steps=2)
    assert full.reached.tolist() == [3] * 3
    assert [finding.code for finding in full.findings] == ["few_runs", "cascade_truncated"]


def test_per_edge_probabilities_follow_edge_order():
    graph = nx.DiGraph([("a", "b"), ("a", "c")])
    cascade = independent_cascade(graph, "a", [1.0, 0.0], runs=50, seed=1)
    assert cascade.frequency_of("b") == 1.0
    assert cascade.frequency_of("c") == 0.0


def test_weighted_rule_is_one_over_in_degree():
    graph = nx.DiGraph([("a", "c"), ("b", "c"), ("x", "c"), ("a", "d")])
    cascade = independent_cascade(graph, "a", "weighted", runs=30_000, seed=3)
    assert cascade.frequency_of("c") == pytest.approx(1 / 3, abs=0.01)
    assert cascade.frequency_of("d") == 1.0


def test_same_seed_same_result_and_generators_accepted():
    graph = nx.karate_club_graph()
    one = independent_cascade(graph, 0, 0.2, runs=300, seed=11)
    two = independent_cascade(graph, 0, 0.2, runs=300, seed=11)
    assert one == two
    assert np.array_equal(one.reached, two.reached)
    three = independent_cascade(graph, 0, 0.2, runs=300, seed=np.random.default_rng(11))
    assert np.array_equal(one.reached, three.reached)
    assert independent_cascade(graph, 0, 0.2, runs=300, seed=12) != one


def test_linear_threshold_exact_small_case():
    # b listens to a and z with half weight each; c listens to b only.
    graph = nx.DiGraph([("a", "b"), ("z", "b"), ("b", "c")])
    cascade = linear_threshold(graph, "a", runs=40_000, seed=9)
    assert cascade.frequency_of("b") == pytest.approx(0.5, abs=0.01)
    assert cascade.frequency_of("c") == pytest.approx(0.5, abs=0.01)
    both = linear_threshold(graph, ["a", "z"], runs=100, seed=9)
    assert both.reached.tolist() == [4] * 100


def test_value_flow_graph_spreads_to_the_audience_by_default():
    log = vcc.InteractionLog.from_records(
        [
            {"source": "fan", "target": "band", "kind": "follow", "timestamp": "2024-01-01"},
            {"source": "band", "target": "shop", "kind": "view", "timestamp": "2024-01-02"},
        ]
    )
    graph = vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"})
    into = independent_cascade(graph, "band", 1.0, runs=3, seed=1)
    assert into.direction == "in"
    assert set(into.activated) == {"band", "fan"}
    out = independent_cascade(graph, "band", 1.0, runs=3, seed=1, direction="out")
    assert set(out.activated) == {"band", "shop"}
    both = independent_cascade(graph, "band", 1.0, runs=3, seed=1, direction="both")
    assert both.mean_fraction == 1.0


def test_round_trip_through_json():
    cascade = independent_cascade(nx.karate_club_graph(), [0, 33], 0.2, runs=50, seed=4)
    back = Cascade.from_json(cascade.to_json())
    assert back == cascade
    assert np.array_equal(back.reached, cascade.reached)
    assert back.seeds == (0, 33)
    with pytest.raises(ValidationError):
        Cascade.from_dict({**cascade.to_dict(), "kind": "spread"})
    with pytest.raises(ValidationError):
        Cascade.from_dict({**cascade.to_dict(), "schema_version": 99})


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"seeds": "nobody"}, ValidationError),
        ({"seeds": []}, ValidationError),
        ({"probability": 1.5}, ValidationError),
        ({"probability": [0.1, 0.2]}, ValidationError),
        ({"probability": "uniform"}, ValidationError),
        ({"probability": True}, ArgumentTypeError),
        ({"runs": 0}, ValidationError),
        ({"runs": 2.5}, ArgumentTypeError),
        ({"seed": "abc"}, ArgumentTypeError),
        ({"max_steps": 0}, ValidationError),
        ({"direction": "in"}, ValidationError),  # undirected graphs spread both ways
    ],
)
def test_bad_input_is_named(kwargs, error):
    arguments = {"seeds": 0, "probability": 0.1, "runs": 10, "seed": 1, **kwargs}
    seeds = arguments.pop("seeds")
    probability = arguments.pop("probability")
    with pytest.raises(error):
        independent_cascade(nx.karate_club_graph(), seeds, probability, **arguments)


def test_bad_graphs_are_refused():
    with pytest.raises(ArgumentTypeError):
        independent_cascade([("a", "b")], "a")
    with pytest.raises(ArgumentTypeError):
        independent_cascade(nx.Graph([((1, 2), (3, 4))]), (1, 2))
    with pytest.raises(ValidationError):
        independent_cascade(nx.Graph([("a", "b", {"weight": -1})]), "a", "weighted")


def test_long_rows_sampled_by_count_keep_each_edge_independent():
    # 500 leaves: long enough for the count-and-position sampling of a row.
    star = nx.star_graph(500, create_using=nx.DiGraph)
    probability = np.where(np.arange(500) % 2 == 0, 0.01, 0.2)
    cascade = independent_cascade(star, 0, probability, runs=8000, seed=12)
    assert cascade.mean == pytest.approx(1 + 250 * 0.01 + 250 * 0.2, abs=4 * cascade.standard_error)
    frequency = dict(zip(cascade.activated, cascade.frequency, strict=True))
    low = np.mean([frequency.get(leaf, 0.0) for leaf in range(1, 501, 2)])
    high = np.mean([frequency.get(leaf, 0.0) for leaf in range(2, 501, 2)])
    assert low == pytest.approx(0.01, abs=0.001)
    assert high == pytest.approx(0.2, abs=0.003)
    spread = cascade.reached - 1
    assert spread.var() == pytest.approx(250 * (0.01 * 0.99 + 0.2 * 0.8), rel=0.1)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 25),
    density=st.floats(0.05, 0.6),
    p=st.floats(0.0, 1.0),
    graph_seed=st.integers(0, 10_000),
    model=st.sampled_from(["ic", "lt"]),
)
def test_invariants_on_random_graphs(n, density, p, graph_seed, model):
    graph = nx.gnp_random_graph(n, density, seed=graph_seed, directed=True)
    run = independent_cascade if model == "ic" else linear_threshold
    cascade = run(graph, [0], p, runs=20, seed=graph_seed)
    assert np.all(cascade.reached >= 1)
    assert np.all(cascade.reached <= n)
    assert cascade.frequency_of(0) == 1.0
    assert np.all(np.diff(cascade.curve) >= 0)
    # nobody outside the seed's reachable set is ever activated
    assert set(cascade.activated) <= nx.descendants(graph, 0) | {0}
    assert Cascade.from_json(cascade.to_json()) == cascade


def test_results_pickle_through_their_plain_data():
    import pickle  # noqa: PLC0415

    cascade = independent_cascade(nx.karate_club_graph(), 0, 0.1, runs=10, seed=1)
    assert cascade.findings  # a finding travels too
    back = pickle.loads(pickle.dumps(cascade))
    assert back == cascade
    assert type(back).__module__ == "valuecocreation.simulate"
