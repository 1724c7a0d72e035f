"""Seed selection by CELF: obvious answers, submodular gains, baselines, JSON, bad input."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from valuecocreation.errors import ArgumentTypeError, UnknownKeyError, ValidationError
from valuecocreation.simulate import SeedSelection, independent_cascade, select_seeds


def test_stars_are_chosen_hub_first():
    graph = nx.union(nx.star_graph(6), nx.star_graph(3), rename=("a", "b"))
    chosen = select_seeds(graph, 2, probability=1.0, runs=5, seed=1)
    assert chosen.seeds == ("a0", "b0")
    assert chosen.gains.tolist() == [7.0, 4.0]
    assert chosen.spread("celf").mean == 11.0
    assert chosen.spread("degree").mean == 11.0


@pytest.mark.parametrize("model", ["ic", "lt"])
def test_gains_never_grow_and_beat_random(model):
    probability = 0.15 if model == "ic" else "weighted"
    chosen = select_seeds(
        nx.karate_club_graph(), 4, model=model, probability=probability, runs=300, seed=3
    )
    assert np.all(np.diff(chosen.gains) <= 1e-12)  # submodular on the same samples
    assert len(set(chosen.seeds)) == 4
    assert {0, 33} <= set(chosen.seeds)  # the two hubs of the club
    assert chosen.spread("celf").mean > chosen.spread("random").mean
    assert chosen.evaluations >= 34
    assert chosen.findings[0].code == "greedy_guarantee"


def test_selection_matches_a_separate_estimate():
    graph = nx.karate_club_graph()
    chosen = select_seeds(graph, 2, probability=0.1, runs=2000, seed=5)
    check = independent_cascade(graph, list(chosen.seeds), 0.1, runs=20_000, seed=6)
    celf = chosen.spread("celf")
    assert abs(celf.mean - check.mean) < 4 * np.hypot(celf.standard_error, check.standard_error)
    assert chosen.gains.sum() == pytest.approx(check.mean, rel=0.05)


def test_same_seed_same_choice_and_json_round_trip():
    graph = nx.karate_club_graph()
    one = select_seeds(graph, 3, probability=0.1, runs=100, seed=8)
    assert one == select_seeds(graph, 3, probability=0.1, runs=100, seed=8)
    back = SeedSelection.from_json(one.to_json())
    assert back == one
    assert back.spread("random").seeds == one.spread("random").seeds
    with pytest.raises(UnknownKeyError):
        one.spread("pagerank")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"k": 0}, ValidationError),
        ({"k": 35}, ValidationError),
        ({"k": 2.0}, ArgumentTypeError),
        ({"model": "sir"}, ValidationError),
        ({"runs": 0}, ValidationError),
        ({"probability": -0.1}, ValidationError),
    ],
)
def test_bad_input_is_named(kwargs, error):
    arguments = {"k": 2, "probability": 0.1, "runs": 10, "seed": 1, **kwargs}
    with pytest.raises(error):
        select_seeds(nx.karate_club_graph(), arguments.pop("k"), **arguments)


def test_threshold_weights_over_one_are_reported():
    graph = nx.DiGraph([("a", "b"), ("c", "b")])
    chosen = select_seeds(graph, 1, model="lt", probability=[0.9, 0.9], runs=20, seed=1)
    assert [finding.code for finding in chosen.findings] == ["greedy_guarantee", "weights_over_one"]
    fine = select_seeds(graph, 1, model="lt", probability="weighted", runs=20, seed=1)
    assert [finding.code for finding in fine.findings] == ["greedy_guarantee"]
