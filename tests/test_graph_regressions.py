"""Defects a review of the graph layer found, each pinned by the case that showed it."""

from __future__ import annotations

import math
import pickle
import sys

import networkx as nx
import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation import network
from valuecocreation.errors import ValidationError
from valuecocreation.graph import _rank
from valuecocreation.graph import _value_flow as graph_module
from valuecocreation.io._writers import render
from valuecocreation.testing import sample_log

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
