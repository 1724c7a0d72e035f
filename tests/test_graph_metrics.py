"""The value-flow metrics: each agrees with networkx, or with a brute-force count."""

from __future__ import annotations

import math
import sys

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation import network
from valuecocreation.errors import MissingDependencyError, ValidationError
from valuecocreation.graph import _structure

_ROLES = ["user", "user", "creator", "firm", "partner", "competitor"]
_KINDS = ["like", "comment", "reply", "share", "feature", "reward", "view", "post"]


def random_graph(seed: int, n_actors: int, n_events: int) -> vcc.ValueFlowGraph:
    """A random log over a few actors and kinds, with random roles and weights."""
    rng = np.random.default_rng(seed)
    names = [f"a{i:03d}" for i in range(n_actors)]
    source = rng.integers(0, n_actors, n_events)
    target = rng.integers(0, n_actors, n_events)
    log = vcc.InteractionLog.from_columns(
        source=np.array(names)[source],
        target=np.array(names)[target],
        kind=rng.choice(_KINDS, n_events),
        timestamp=np.datetime64("2024-01-01")
        + rng.integers(0, 90, n_events).astype("timedelta64[D]"),
        weight=rng.integers(1, 4, n_events).astype(float),
    )
    roles = {name: str(rng.choice(_ROLES)) for name in log.actors.tolist()}
    return vcc.ValueFlowGraph.from_log(log, actors=roles)


graphs = st.builds(random_graph, st.integers(0, 2**32 - 1), st.integers(1, 25), st.integers(1, 80))


@settings(max_examples=60, deadline=None)
@given(graphs, st.integers(1, 3), st.sampled_from(["both", "out", "in"]))
def test_reach_agrees_with_networkx(graph, hops, direction):
    sparse = network.reach(graph, hops=hops, direction=direction, backend="sparse")
    assert sparse == network.reach(graph, hops=hops, direction=direction, backend="networkx")
    assert sparse.reached == sum(sparse.per_hop)
    assert sparse.audience_reached <= min(sparse.audience, sparse.reached)


@settings(max_examples=60, deadline=None)
@given(graphs)
def test_reciprocity_and_connectivity_agree_with_networkx(graph):
    g = graph.to_networkx()
    sparse = network.reciprocity(graph, backend="sparse")
    assert sparse == network.reciprocity(graph, backend="networkx")
    # networkx's own definition of the overall share (it has none for an empty graph).
    assert sparse.overall == pytest.approx(nx.overall_reciprocity(g), abs=1e-12)
    connected = network.connectivity(graph, backend="sparse")
    assert connected == network.connectivity(graph, backend="networkx")
    assert connected.density == pytest.approx(nx.density(g))
    assert connected.mean_degree == pytest.approx(
        sum(dict(g.degree()).values()) / g.number_of_nodes()
    )
    assert connected.components == nx.number_weakly_connected_components(g)
    assert connected.largest == max(len(c) for c in nx.weakly_connected_components(g))


@settings(max_examples=40, deadline=None)
@given(graphs)
def test_user_connectivity_and_conversation_reciprocity_agree_with_networkx(graph):
    g = graph.to_networkx()
    users = [n for n, r in g.nodes(data="role") if r in ("user", "creator")]
    sub = g.subgraph(users)
    among = network.connectivity(graph, among="users", backend="sparse")
    assert among == network.connectivity(graph, among="users", backend="networkx")
    assert among.users == len(users)
    if users:
        assert among.largest == max(len(c) for c in nx.weakly_connected_components(sub))
        assert among.density == pytest.approx(nx.density(sub))
    talk = ["comment", "reply"]
    ours = network.reciprocity(graph, kinds=talk, backend="sparse")
    assert ours == network.reciprocity(graph, kinds=talk, backend="networkx")
    chats = nx.DiGraph([(u, v) for u, v, d in g.edges(data=True) if set(talk) & set(d["kinds"])])
    if chats.number_of_edges():
        assert ours.overall == pytest.approx(nx.overall_reciprocity(chats))


@settings(max_examples=60, deadline=None)
@given(graphs, st.sampled_from(["weight", "count"]), st.booleans())
def test_pagerank_agrees_with_networkx(graph, weight, reverse):
    ours = network.pagerank(graph, weight=weight, reverse=reverse, tol=1e-10, max_iter=1000)
    g = graph.to_networkx()
    if reverse:
        g = g.reverse()
    # networkx's pagerank computed directly on the exported graph, as a user would.
    theirs = nx.pagerank(g, weight=weight, tol=1e-10, max_iter=1000)
    assert ours == pytest.approx([theirs[name] for name in graph.actors.tolist()], abs=1e-9)
    assert ours.sum() == pytest.approx(1.0)
    via = network.pagerank(
        graph, weight=weight, reverse=reverse, backend="networkx", tol=1e-10, max_iter=1000
    )
    assert ours == pytest.approx(via, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(graphs)
def test_value_balance_matches_a_count_over_networkx_edges(graph):
    flows = network.value_balance(graph)
    expected = {
        (actor, driver, which): 0.0
        for actor in graph.actors.tolist()
        for driver in graph.framework.driver_keys
        for which in ("internalization", "externalization")
    }
    for u, v, data in graph.to_networkx(multi=True).edges(data=True):
        for end, direction in ((u, data["source_direction"]), (v, data["target_direction"])):
            if direction is not None:
                expected[end, data["driver"], direction] += data["weight"]
    for actor in graph.actors.tolist():
        for driver, both in flows.actor(actor).items():
            assert both["internalized"] == pytest.approx(expected[actor, driver, "internalization"])
            assert both["externalized"] == pytest.approx(expected[actor, driver, "externalization"])


@settings(max_examples=40, deadline=None)
@given(graphs)
def test_reward_reach_matches_a_count_over_networkx_edges(graph):
    g = graph.to_networkx()
    user_side = {n for n, r in g.nodes(data="role") if r in ("user", "creator")}
    firm_side = {n for n, r in g.nodes(data="role") if r in ("firm", "partner")}
    active = {u for u, _ in g.edges()} & user_side
    rewarded = {
        v
        for u, v, d in g.edges(data=True)
        if u in firm_side and v in user_side and ({"reward", "feature"} & set(d["kinds"]))
    }
    result = network.reward_reach(graph)
    assert (result.active, result.rewarded) == (len(active), len(rewarded & active))
    assert result.rewarded_inactive == len(rewarded - active)
    if active and firm_side:
        assert result.share == len(rewarded & active) / len(active)
    else:  # nobody active, or no firm that could reward: undefined, not 0 (issue 13)
        assert math.isnan(result.share)
        assert bool(result.findings) == (not firm_side)


@settings(max_examples=25, deadline=None)
@given(graphs, st.integers(0, 10))
def test_communities_partition_every_actor_reproducibly(graph, seed):
    found = network.communities(graph, seed=seed)
    assert found == network.communities(graph, seed=seed)
    assert sum(found.sizes) == len(graph)
    assert list(found.sizes) == sorted(found.sizes, reverse=True)
    label = dict(zip(found.actors, found.membership, strict=True))
    g = graph.to_networkx()
    inside = sum(d["weight"] for u, v, d in g.edges(data=True) if label[u] == label[v])
    assert found.inside == pytest.approx(inside)
    assert found.inside + found.between == pytest.approx(float(graph.weights.sum()))


def test_advocates_rank_the_sharers():
    log = vcc.InteractionLog.from_records(
        [
            {"source": "hub", "target": f"f{i}", "kind": "share", "timestamp": "2024-01-01"}
            for i in range(5)
        ]
        + [
            {"source": "f0", "target": "f1", "kind": "share", "timestamp": "2024-01-02"},
            {"source": "x", "target": "hub", "kind": "like", "timestamp": "2024-01-02"},
        ]
    )
    found = network.advocates(vcc.ValueFlowGraph.from_log(log), top=5)
    assert [a.actor for a in found] == ["hub", "f0"]  # only actors who share
    assert (found[0].events, found[0].strength) == (5, 5.0)
    assert found[0].rank > found[1].rank
    assert network.Advocate.from_dict(found[0].to_dict()) == found[0]


def test_results_round_trip_through_plain_data():
    graph = random_graph(3, 12, 60)
    for result in (
        network.reach(graph, hops=2),
        network.reciprocity(graph),
        network.connectivity(graph),
        network.reward_reach(graph),
        network.communities(graph, seed=1),
    ):
        assert type(result).from_dict(result.to_dict()) == result
    with pytest.raises(ValidationError, match="exactly the fields"):
        network.Reach.from_dict({"hops": 1})


def test_an_empty_graph_gives_nan_not_zero():
    log = vcc.InteractionLog.from_columns(source=[], target=[], kind=[], timestamp=[])
    graph = vcc.ValueFlowGraph.from_log(log)
    assert math.isnan(network.reach(graph).share)
    assert math.isnan(network.reciprocity(graph).overall)
    assert math.isnan(network.connectivity(graph).share)
    assert math.isnan(network.reward_reach(graph).share)
    assert network.pagerank(graph).shape == (0,)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: network.reach(g, hops=0), "hops"),
        (lambda g: network.reach(g, direction="up"), "direction"),
        (lambda g: network.reach(g, sources=["nobody"]), "not in the graph"),
        (lambda g: network.reach(g, backend="gpu"), "unknown backend"),
        (lambda g: network.pagerank(g, alpha=1.0), "alpha"),
        (lambda g: network.pagerank(g, weight="size"), "weight"),
        (lambda g: network.pagerank(g, kinds=["telepathy"]), "unknown interaction kind"),
        (lambda g: network.pagerank(g, max_iter=1, tol=1e-15), "did not converge"),
        (lambda g: network.advocates(g, top=0), "top"),
        (lambda g: network.communities(g, seed=1, resolution=0), "resolution"),
        (lambda g: network.communities(g, seed="one"), "seed"),
        (lambda g: network.reciprocity("graph"), "ValueFlowGraph"),
        (lambda g: network.value_balance(g).actor("nobody"), "no actor"),
    ],
)
def test_bad_arguments_are_validation_errors(call, message):
    with pytest.raises(ValidationError, match=message):
        call(random_graph(5, 10, 40))


@settings(max_examples=30, deadline=None)
@given(graphs)
def test_reciprocity_without_scipy_gives_the_same_numbers(graph):
    with_scipy = network.reciprocity(graph)
    original = _structure.has_scipy
    _structure.has_scipy = lambda: False
    try:
        assert network.reciprocity(graph) == with_scipy
    finally:
        _structure.has_scipy = original


def test_without_scipy_components_fall_back_to_networkx(monkeypatch):
    graph = random_graph(11, 15, 50)
    expected = network.connectivity(graph)
    fresh = vcc.ValueFlowGraph.from_log(
        vcc.InteractionLog.from_records(
            [{"source": "a", "target": "b", "kind": "like", "timestamp": "2024-01-01"}]
        )
    )
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.sparse", None)
    monkeypatch.setitem(sys.modules, "scipy.sparse.csgraph", None)
    assert network.connectivity(graph, backend="auto") == expected
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[graph\]"):
        network.connectivity(fresh, backend="sparse")
