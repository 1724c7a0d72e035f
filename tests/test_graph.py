from __future__ import annotations

import json
import math
import pickle
import sys
from collections import Counter
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import strategies as vst

import valuecocreation as vcc
from valuecocreation import network
from valuecocreation._core import sorting as _sorting
from valuecocreation.errors import ValidationError
from valuecocreation.graph import ValueFlowGraph, _rank
from valuecocreation.graph import _value_flow as graph_module
from valuecocreation.io._writers import render
from valuecocreation.log import InteractionLog
from valuecocreation.testing import sample_log

INT = "internalization"
EXT = "externalization"


def _log(*events: tuple[str, str, str, float]) -> vcc.InteractionLog:
    return vcc.InteractionLog.from_records(
        {"source": s, "target": t, "kind": k, "weight": w, "timestamp": "2024-01-01"}
        for s, t, k, w in events
    )


# Hand-computed under the default map with shop as the firm:
# ana -> shop: like 1 + like 2 (content), share 1 (connectivity)
# shop -> ana: reply 1 (firm reply: interactivity), view 1 (a firm's view counts for nothing)
# ben -> ana: comment 0.5 (interactivity)
STORY = _log(
    ("ana", "shop", "like", 1.0),
    ("ana", "shop", "like", 2.0),
    ("shop", "ana", "reply", 1.0),
    ("ana", "shop", "share", 1.0),
    ("shop", "ana", "view", 1.0),
    ("ben", "ana", "comment", 0.5),
)
FIRM = {"shop": "firm"}


@pytest.fixture
def graph() -> ValueFlowGraph:
    return ValueFlowGraph.from_log(STORY, actors=FIRM)


def test_nodes_and_size(graph: ValueFlowGraph) -> None:
    assert len(graph) == 3
    assert graph.n_edges == 3
    assert graph.actors.tolist() == ["ana", "ben", "shop"]
    assert graph.roles == (vcc.Role.USER, vcc.Role.USER, vcc.Role.FIRM)
    assert repr(graph) == "<ValueFlowGraph kim_choi_2019 1.0: 3 actors, 3 edges, 6 events>"
    g = graph.to_networkx()
    assert dict(g.nodes(data=True)) == {
        "ana": {"role": "user"},
        "ben": {"role": "user"},
        "shop": {"role": "firm"},
    }
    assert g.graph == {
        "framework": "kim_choi_2019",
        "framework_version": "1.0",
        "mapping": "kim_choi_2019_default",
    }


def test_columns_are_sorted_by_source_then_target(graph: ValueFlowGraph) -> None:
    assert graph.source_codes.tolist() == [0, 1, 2]
    assert graph.target_codes.tolist() == [2, 0, 0]
    assert graph.counts.tolist() == [3, 1, 2]
    assert graph.weights.tolist() == [4.0, 0.5, 2.0]
    kinds = graph.kind_table
    assert kinds["edge"].tolist() == [0, 0, 1, 2, 2]
    assert [
        vcc.InteractionKind(list(vcc.InteractionKind)[k]).value for k in kinds["kind"].tolist()
    ] == ["like", "share", "comment", "view", "reply"]
    assert graph.condition_table["count"].tolist() == [2, 1, 1, 1]
    with pytest.raises(ValueError, match="read-only"):
        graph.counts[0] = 7


def test_user_to_firm_edge(graph: ValueFlowGraph) -> None:
    edge = graph.to_networkx().edges["ana", "shop"]
    assert edge == {
        "count": 3,
        "weight": 4.0,
        "kinds": {"like": {"count": 2, "weight": 3.0}, "share": {"count": 1, "weight": 1.0}},
        "conditions": {
            "content": {"count": 2, "weight": 3.0},
            "connectivity": {"count": 1, "weight": 1.0},
        },
        "directions": {
            "satisfaction": {"source": INT, "target": EXT},
            "share": {"source": EXT, "target": INT},
        },
    }


def test_firm_to_user_edge(graph: ValueFlowGraph) -> None:
    edge = graph.to_networkx().edges["shop", "ana"]
    assert edge == {
        "count": 2,
        "weight": 2.0,
        "kinds": {"view": {"count": 1, "weight": 1.0}, "reply": {"count": 1, "weight": 1.0}},
        "conditions": {"interactivity": {"count": 1, "weight": 1.0}},
        "directions": {"share": {"source": INT, "target": EXT}},
    }


def test_user_to_user_edge(graph: ValueFlowGraph) -> None:
    edge = graph.to_networkx().edges["ben", "ana"]
    assert edge["conditions"] == {"interactivity": {"count": 1, "weight": 0.5}}
    assert edge["directions"] == {"share": {"source": EXT, "target": EXT}}


def test_without_actors_everyone_is_a_user() -> None:
    g = ValueFlowGraph.from_log(STORY).to_networkx()
    assert {role for _, role in g.nodes(data="role")} == {"user"}
    # shop's view and reply now count as a user's (awareness, interactivity).
    assert g.edges["shop", "ana"]["directions"] == {
        "experience": {"source": INT, "target": INT},
        "share": {"source": EXT, "target": EXT},
    }


def test_role_without_party_has_no_direction() -> None:
    log = _log(("rival", "ana", "like", 1.0), ("ana", "rival", "like", 1.0))
    mapping = vcc.ConditionMap(rules=(vcc.MapRule(kind="like", condition="content"),))
    g = ValueFlowGraph.from_log(log, actors={"rival": "competitor"}, mapping=mapping).to_networkx()
    assert g.edges["rival", "ana"]["directions"] == {
        "satisfaction": {"source": None, "target": INT}
    }
    assert g.edges["ana", "rival"]["directions"] == {
        "satisfaction": {"source": INT, "target": None}
    }


def test_rule_weights_scale_condition_weights_only() -> None:
    mapping = vcc.ConditionMap(rules=(vcc.MapRule(kind="like", condition="content", weight=2.0),))
    edge = ValueFlowGraph.from_log(STORY, mapping=mapping).to_networkx().edges["ana", "shop"]
    assert edge["weight"] == 4.0
    assert edge["conditions"] == {"content": {"count": 2, "weight": 6.0}}


def test_actor_objects_give_node_attributes() -> None:
    actors = [
        vcc.Actor(id="shop", role="firm", attributes={"country": "KR", "staff": 3}),
        vcc.Actor(id="ana", attributes={"premium": True}),
        vcc.Actor(id="zed", attributes={"country": "US"}),
    ]  # not in the log
    graph = ValueFlowGraph.from_log(STORY, actors=actors)
    g = graph.to_networkx()
    assert dict(g.nodes(data=True)) == {
        "ana": {"role": "user", "premium": True},
        "ben": {"role": "user"},
        "shop": {"role": "firm", "country": "KR", "staff": 3},
    }
    assert ValueFlowGraph.from_networkx(g) == graph
    assert graph != ValueFlowGraph.from_log(STORY, actors=FIRM)


def test_multi_form(graph: ValueFlowGraph) -> None:
    g = graph.to_networkx(multi=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert sorted(g.edges(keys=True)) == [
        ("ana", "shop", "connectivity"),
        ("ana", "shop", "content"),
        ("ben", "ana", "interactivity"),
        ("shop", "ana", "interactivity"),
    ]
    assert g.edges["ana", "shop", "content"] == {
        "count": 2,
        "weight": 3.0,
        "driver": "satisfaction",
        "source_direction": INT,
        "target_direction": EXT,
    }
    assert g.edges["shop", "ana", "interactivity"] == {
        "count": 1,
        "weight": 1.0,
        "driver": "share",
        "source_direction": INT,
        "target_direction": EXT,
    }
    assert g.nodes["shop"] == {"role": "firm"}


def test_networkx_round_trip(graph: ValueFlowGraph) -> None:
    g = graph.to_networkx()
    assert isinstance(g, nx.DiGraph)
    assert not g.is_multigraph()
    assert ValueFlowGraph.from_networkx(g) == graph


def test_node_link_round_trip_through_json(graph: ValueFlowGraph) -> None:
    data = json.loads(json.dumps(graph.to_node_link()))
    assert {node["id"] for node in data["nodes"]} == {"ana", "ben", "shop"}
    assert len(data["edges"]) == 3
    assert ValueFlowGraph.from_node_link(data) == graph


def test_graphml_round_trip(graph: ValueFlowGraph, tmp_path) -> None:
    actors = [
        vcc.Actor(id="shop", role="firm", attributes={"country": "KR", "staff": 3}),
        vcc.Actor(id="rival", role="competitor"),
    ]
    log = vcc.InteractionLog.concat([STORY, _log(("rival", "ana", "like", 1.5))])
    for original in (graph, ValueFlowGraph.from_log(log, actors=actors)):
        path = tmp_path / "graph.graphml"
        original.write_graphml(path)
        text = path.read_text(encoding="utf-8")
        assert "kind.like.count" in text
        assert "condition.content.weight" in text
        assert "direction.share.source" in text
        assert ValueFlowGraph.read_graphml(path) == original


def test_empty_log() -> None:
    graph = ValueFlowGraph.from_log(vcc.InteractionLog())
    assert len(graph) == 0
    assert graph.n_edges == 0
    g = graph.to_networkx()
    assert g.number_of_nodes() == 0
    assert ValueFlowGraph.from_networkx(g) == graph
    assert ValueFlowGraph.from_node_link(json.loads(json.dumps(graph.to_node_link()))) == graph
    assert graph.to_networkx(multi=True).number_of_edges() == 0


def test_equality() -> None:
    first = ValueFlowGraph.from_log(STORY, actors=FIRM)
    assert first == ValueFlowGraph.from_log(STORY, actors=FIRM)
    assert first != ValueFlowGraph.from_log(STORY[:5], actors=FIRM)
    assert first != ValueFlowGraph.from_log(STORY)
    assert first != "graph"
    with pytest.raises(TypeError):
        hash(first)
    with pytest.raises(TypeError):
        ValueFlowGraph()


def test_bad_input() -> None:
    with pytest.raises(ValidationError, match="needs an InteractionLog"):
        ValueFlowGraph.from_log([{"source": "a"}])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'role'"):
        ValueFlowGraph.from_log(STORY, actors=[vcc.Actor(id="ana", attributes={"role": "x"})])
    with pytest.raises(ValidationError, match="'id'"):  # node-link data would overwrite it
        ValueFlowGraph.from_log(STORY, actors=[vcc.Actor(id="ana", attributes={"id": 7})])
    with pytest.raises(ValidationError, match="DiGraph"):
        ValueFlowGraph.from_networkx(nx.Graph())
    with pytest.raises(ValidationError, match="DiGraph"):
        ValueFlowGraph.from_networkx(nx.MultiDiGraph())


def test_from_networkx_missing_or_bad_attributes(graph: ValueFlowGraph) -> None:
    g = graph.to_networkx()
    del g.nodes["ana"]["role"]
    with pytest.raises(ValidationError, match="no role"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    g.nodes["ana"]["role"] = "king"
    with pytest.raises(ValidationError, match="unknown role"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    del g.edges["ana", "shop"]["kinds"]
    with pytest.raises(ValidationError, match="lacks kinds"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    g.edges["ana", "shop"]["count"] = "3"
    with pytest.raises(ValidationError, match="whole number"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    g.edges["ana", "shop"]["conditions"]["fun"] = {"count": 1, "weight": 1.0}
    with pytest.raises(ValidationError, match="unknown key in conditions"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    g.edges["ana", "shop"]["kinds"]["like"] = {"count": 1}
    with pytest.raises(ValidationError, match="needs count and weight"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    g.add_edge(1, "ana")
    with pytest.raises(ValidationError, match="text"):
        ValueFlowGraph.from_networkx(g)
    g = graph.to_networkx()
    g.graph["mapping"] = "another"
    with pytest.raises(ValidationError, match="made with mapping"):
        ValueFlowGraph.from_networkx(g)


def test_bad_node_link_and_graphml(tmp_path) -> None:
    with pytest.raises(ValidationError, match="dictionary"):
        ValueFlowGraph.from_node_link([])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="node-link"):
        ValueFlowGraph.from_node_link({"nodes": [{"id": "a"}], "edges": [{"source": "a"}]})
    path = tmp_path / "bad.graphml"
    path.write_text("<graphml><graph", encoding="utf-8")
    with pytest.raises(ValidationError, match="GraphML"):
        ValueFlowGraph.read_graphml(path)
    path.write_text("not xml at all", encoding="utf-8")
    with pytest.raises(ValidationError, match="GraphML"):
        ValueFlowGraph.read_graphml(path)


def test_weight_sums_too_large_are_bad_input() -> None:
    log = _log(("ana", "shop", "like", 1e308), ("ana", "shop", "view", 1e308))
    with pytest.raises(ValidationError, match="'ana' -> 'shop' add up"):
        ValueFlowGraph.from_log(log)


@given(vst.interaction_logs(max_size=30))
def test_edge_counts_match_a_plain_count(log: vcc.InteractionLog) -> None:
    try:
        graph = ValueFlowGraph.from_log(log)
    except ValidationError:  # only when some edge's weights overflow float64
        assert sum(map(Fraction, log.weights.tolist())) > 1e307
        return
    assert int(graph.counts.sum()) == len(log)
    ids = graph.actors.tolist()
    found = {
        (ids[s], ids[t]): n
        for s, t, n in zip(
            graph.source_codes.tolist(),
            graph.target_codes.tolist(),
            graph.counts.tolist(),
            strict=True,
        )
    }
    assert found == Counter((event.source, event.target) for event in log)
    kinds = graph.kind_table
    assert np.array_equal(
        np.bincount(kinds["edge"], weights=kinds["count"], minlength=graph.n_edges), graph.counts
    )
    assert ValueFlowGraph.from_networkx(graph.to_networkx()) == graph


# ---------------------------------------------------------------------- lazy tables
def _random_log(seed: int, n_events: int) -> InteractionLog:
    rng = np.random.default_rng(seed)
    names = np.array([f"a{i}" for i in range(12)])
    kinds = np.array(["like", "comment", "reply", "share", "view", "feature", "post"])
    return InteractionLog.from_columns(
        source=names[rng.integers(0, 12, n_events)],
        target=names[rng.integers(0, 12, n_events)],
        kind=kinds[rng.integers(0, len(kinds), n_events)],
        timestamp=np.datetime64("2024-01-01")
        + rng.integers(0, 60, n_events).astype("timedelta64[D]"),
        channel=np.array(["fb", "yt"])[rng.integers(0, 2, n_events)],
        weight=rng.random(n_events) * 3,
    )


@pytest.mark.parametrize("seed", range(8))
def test_cell_and_event_condition_tables_agree(seed, monkeypatch):
    log = _random_log(seed, 300)
    actors = {"a0": "firm", "a1": "partner", "a2": "creator"}
    lazy = ValueFlowGraph.from_log(log, actors=actors)
    monkeypatch.setattr(graph_module, "_by_kind_and_role", lambda mapping: False)
    eager = ValueFlowGraph.from_log(log, actors=actors)
    for name in ("edge", "condition", "count"):
        assert np.array_equal(lazy.condition_table[name], eager.condition_table[name])
    np.testing.assert_allclose(
        lazy.condition_table["weight"], eager.condition_table["weight"], rtol=1e-12
    )
    assert lazy.kind_table["count"].tolist() == eager.kind_table["count"].tolist()


def test_waiting_tables_are_built_for_equality_and_pickles():
    log = _random_log(3, 200)
    first = ValueFlowGraph.from_log(log)
    second = ValueFlowGraph.from_log(log)
    assert first._pending is not None
    again = pickle.loads(pickle.dumps(first))
    assert first._pending is None  # pickling built the tables
    assert again == second == first
    assert again._pending is None


def test_a_map_with_channel_rules_builds_its_tables_at_once():
    log = _random_log(4, 100)
    rule = vcc.MapRule(kind="vote", condition="interactivity", channels=("fb",))
    log = InteractionLog.concat(
        [
            log,
            InteractionLog.from_columns(
                source=["a1", "a2", "a3"],
                target=["a0", "a0", "a0"],
                kind=["vote"] * 3,
                timestamp=["2024-03-01"] * 3,
                channel=["fb", "yt", "fb"],
            ),
        ]
    )
    graph = ValueFlowGraph.from_log(log, mapping=vcc.KIM_CHOI_2019_MAP.extend(rule))
    assert graph._pending is None
    g = graph.to_networkx()
    # Only the two votes on fb count for interactivity; the yt one counts for nothing.
    assert g.edges["a1", "a0"]["kinds"]["vote"]["count"] >= 1
    votes = {(u, v): d["kinds"].get("vote", {}).get("count", 0) for u, v, d in g.edges(data=True)}
    assert votes[("a2", "a0")] >= 1
    interactivity = vcc.KIM_CHOI_2019.condition_keys.index("interactivity")
    table = graph.condition_table
    total = int(table["count"][table["condition"] == interactivity].sum())
    plain = ValueFlowGraph.from_log(log)
    plain_total = int(
        plain.condition_table["count"][plain.condition_table["condition"] == interactivity].sum()
    )
    assert total - plain_total == 2


def test_the_two_thread_sort_equals_a_plain_sort(monkeypatch):
    monkeypatch.setattr(_sorting, "_PARALLEL_FROM", 8)
    keys = np.random.default_rng(1).integers(0, 50, 1001)
    order, ordered = _sorting.stable_order(keys)
    assert order.tolist() == np.argsort(keys, kind="stable").tolist()
    assert ordered.tolist() == sorted(keys.tolist())


# ------------------------------------------ defects a review found, one test each
BIG = 1e308


def records(*rows):
    return vcc.InteractionLog.from_records(
        [
            {"source": s, "target": t, "kind": k, "timestamp": "2024-01-01", "weight": w}
            for s, t, k, w in rows
        ]
    )


def test_pagerank_with_out_weights_past_float64_is_that_of_equal_weights():
    huge = vcc.ValueFlowGraph.from_log(records(("a", "b", "like", BIG), ("a", "c", "like", BIG)))
    small = vcc.ValueFlowGraph.from_log(records(("a", "b", "like", 1.0), ("a", "c", "like", 1.0)))
    expected = network.pagerank(small)
    assert network.pagerank(huge) == pytest.approx(expected)
    assert network.pagerank(huge, backend="networkx") == pytest.approx(expected)
    assert network.pagerank(huge).sum() == pytest.approx(1.0)


def test_advocates_whose_share_weights_overflow_are_bad_input():
    graph = vcc.ValueFlowGraph.from_log(records(("a", "b", "share", BIG), ("a", "c", "share", BIG)))
    with pytest.raises(ValidationError, match="add up to more than float64"):
        network.advocates(graph)


def test_unpickled_graphs_and_evidence_stay_read_only():
    log = sample_log()
    graph = pickle.loads(pickle.dumps(vcc.ValueFlowGraph.from_log(log)))
    evidence = pickle.loads(pickle.dumps(vcc.Evidence.from_log(log)))
    columns = (
        graph.weights,
        graph.source_codes,
        graph.kind_table["count"],
        evidence._tables.events,
    )
    for column in columns:
        with pytest.raises(ValueError, match="read-only"):
            column[0] = 99


def test_tables_built_by_another_thread_meanwhile_are_returned():
    graph = vcc.ValueFlowGraph.from_log(sample_log())
    tables = graph._pending()
    graph._kind_data, graph._condition_data = None, None
    graph._pending = None
    # The state a second thread sees when the first finished between its two reads.
    object.__setattr__(graph, "_kind_data", tables[0])
    object.__setattr__(graph, "_condition_data", tables[1])
    assert graph._tables() == tables


def test_sums_near_float64_max_build_their_tables_at_once():
    log = records(
        ("u", "f", "like", 6e291),
        ("u", "f", "purchase", 1.7976931348623157e308),
        ("u", "f", "like", 6e291),
    )
    graph = vcc.ValueFlowGraph.from_log(log, actors={"f": "firm"})
    assert graph._pending is None
    assert pickle.loads(pickle.dumps(graph)) == graph


def test_communities_of_weightless_edges_have_no_modularity():
    graph = vcc.ValueFlowGraph.from_log(records(("a", "b", "view", 0.0)))
    found = network.communities(graph, seed=1)
    assert math.isnan(found.modularity)
    assert math.isnan(found.inside_share)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: network.pagerank(g, alpha="0.85"), "alpha"),
        (lambda g: network.pagerank(g, alpha=None), "alpha"),
        (lambda g: network.pagerank(g, tol=None), "tol"),
        (lambda g: network.pagerank(g, max_iter="10"), "max_iter"),
        (lambda g: network.pagerank(g, max_iter=2.5), "max_iter"),
        (lambda g: network.pagerank(g, kinds=5), "kinds"),
        (lambda g: network.reciprocity(g, kinds=5), "kinds"),
        (lambda g: network.communities(g, seed=1).members("0"), "no community"),
    ],
)
def test_bad_arguments_are_validation_errors(call, message):
    with pytest.raises(ValidationError, match=message):
        call(vcc.ValueFlowGraph.from_log(sample_log()))


def test_a_single_kind_is_not_split_into_letters():
    graph = vcc.ValueFlowGraph.from_log(sample_log())
    assert (
        network.pagerank(graph, kinds="share").tolist()
        == network.pagerank(graph, kinds=["share"]).tolist()
    )
    assert network.reciprocity(graph, kinds="comment") == network.reciprocity(
        graph, kinds=["comment"]
    )


def test_huge_hops_stop_at_the_number_of_actors():
    graph = vcc.ValueFlowGraph.from_log(sample_log(), actors={"firm": "firm"})
    far = network.reach(graph, hops=10**12)
    assert far.reached == network.reach(graph, hops=len(graph)).reached
    assert len(far.per_hop) <= len(graph)
    assert network.reach(graph, hops=2**70).reached == far.reached


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(graph=None),
        lambda d: d["edges"][0].update(count=10**30),
        lambda d: d["edges"][0].update(weight=float("nan")),
        lambda d: d["edges"][0].update(weight=-1.0),
        lambda d: d["edges"][0].update(weight=float("inf")),
    ],
)
def test_malformed_node_link_data_is_bad_input(change):
    data = vcc.ValueFlowGraph.from_log(sample_log()).to_node_link()
    change(data)
    with pytest.raises(ValidationError):
        vcc.ValueFlowGraph.from_node_link(data)


def test_markdown_cells_keep_one_line():
    log = vcc.InteractionLog.from_columns(
        source=["a", "b"],
        target=["f", "f"],
        kind=["like", "like"],
        timestamp=["2024-01-01", "2024-01-02"],
        channel=["two\nlines", "plain"],
    )
    series = vcc.assess_over(log, period=None, segment_by="channel")
    text = render(series, "md")
    assert "two<br>lines" in text
    assert len(text.splitlines()) == 2 + len(series.items) * 17


def test_cell_and_event_paths_differ_at_most_in_rounding(monkeypatch):
    log = records(("u", "f", "like", 0.1), ("u", "f", "purchase", 0.2), ("u", "f", "like", 0.3))
    lazy = vcc.ValueFlowGraph.from_log(log).condition_table["weight"]
    monkeypatch.setattr(graph_module, "_by_kind_and_role", lambda mapping: False)
    eager = vcc.ValueFlowGraph.from_log(log).condition_table["weight"]
    np.testing.assert_allclose(lazy, eager, rtol=1e-15)
    assert nx.__version__  # networkx is the reference the other tests use
    assert sys.float_info.max > 1e308


def test_pagerank_without_scipy_is_the_same(monkeypatch):
    graph = vcc.ValueFlowGraph.from_log(sample_log())
    with_scipy = network.pagerank(graph, tol=1e-12, max_iter=500)
    monkeypatch.setattr(_rank, "has_scipy", lambda: False)
    assert network.pagerank(graph, tol=1e-12, max_iter=500) == pytest.approx(with_scipy, abs=1e-12)


def test_the_old_backend_name_is_graph_backend_with_a_warning():
    from valuecocreation import graph, network  # noqa: PLC0415

    for module in (graph, network):
        with pytest.warns(DeprecationWarning, match=r"\.Backend is renamed .*\.GraphBackend"):
            assert module.Backend is graph.GraphBackend
    assert graph.GraphBackend is not vcc.log.FrameBackend


# ---------------------------------------------------------------------- GraphML text
_CODE_POINTS = st.characters(codec=None, categories=None)  # every class, surrogates too


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(_CODE_POINTS, min_size=1, max_size=6))
def test_graphml_round_trips_any_text_or_refuses_it(tmp_path_factory, name: str) -> None:
    # Regression: ids with characters XML 1.0 cannot carry were written, then the
    # file could not be read; "a\rb" came back as "a\nb".
    from valuecocreation.graph._graphml import xml_problem  # noqa: PLC0415

    try:
        log = InteractionLog.from_columns(
            source=[name, "firm"],
            target=["firm", name],
            kind=["like", "share"],
            timestamp=["2024-01-01", "2024-01-02"],
        )
    except ValidationError:
        return  # not an id the log takes (NUL, blank...): nothing to write
    graph = ValueFlowGraph.from_log(log, actors={"firm": "firm"})
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    if xml_problem(name) is not None:
        with pytest.raises(ValidationError, match=r"XML 1\.0 cannot carry"):
            graph.write_graphml(path)
        assert not path.exists()
        return
    graph.write_graphml(path)
    back = ValueFlowGraph.read_graphml(path)
    assert sorted(back.to_networkx().nodes) == sorted(graph.to_networkx().nodes)
    assert back == graph


def test_a_carriage_return_in_an_id_survives_graphml(tmp_path) -> None:
    log = InteractionLog.from_columns(
        source=["a\rb", "c\r\nd"],
        target=["firm", "firm"],
        kind=["like", "like"],
        timestamp=["2024-01-01", "2024-01-01"],
    )
    graph = ValueFlowGraph.from_log(log, actors={"firm": "firm"})
    graph.write_graphml(tmp_path / "g.graphml")
    back = ValueFlowGraph.read_graphml(tmp_path / "g.graphml")
    assert sorted(back.to_networkx().nodes) == ["a\rb", "c\r\nd", "firm"]
