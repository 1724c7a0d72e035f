"""Pictures of the value-flow graph: what is drawn, in which colour, and the summaries.

Expected values are worked out independently of the drawing code: dominant drivers
and edge weights from the edges' own ``conditions`` in ``to_networkx()``, node
strengths from networkx's weighted degree, and summaries by summing the edges of
the original graph one by one in Python.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections import defaultdict

import attrs
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation import plot
from valuecocreation.errors import MissingDependencyError, ValidationError
from valuecocreation.testing import sample_log

mpl_colors = pytest.importorskip("matplotlib.colors")
from matplotlib.figure import Figure  # noqa: E402 - after the importorskip

_ROLES = ["user", "user", "creator", "firm", "partner", "competitor"]
_KINDS = ["like", "comment", "reply", "share", "feature", "reward", "view", "post", "message"]


def random_graph(
    seed: int, n_actors: int, n_events: int, *, segments: bool = False
) -> vcc.ValueFlowGraph:
    """A random log over a few actors and kinds, with random roles, weights and countries."""
    rng = np.random.default_rng(seed)
    names = np.array([f"a{i:03d}" for i in range(n_actors)])
    log = vcc.InteractionLog.from_columns(
        source=names[rng.integers(0, n_actors, n_events)],
        target=names[rng.integers(0, n_actors, n_events)],
        kind=rng.choice(_KINDS, n_events),
        timestamp=np.datetime64("2024-01-01")
        + rng.integers(0, 90, n_events).astype("timedelta64[D]"),
        weight=rng.integers(0, 4, n_events).astype(float),
    )
    actors = []
    for name in log.actors.tolist():
        country = rng.choice(["KR", "US", None])
        actors.append(
            vcc.Actor(
                id=name,
                role=str(rng.choice(_ROLES)),
                attributes={} if not segments or country is None else {"country": str(country)},
            )
        )
    return vcc.ValueFlowGraph.from_log(log, actors=actors)


def small_graph() -> vcc.ValueFlowGraph:
    """Known edges: a like (satisfaction), a share outweighing a like, a partner message."""
    log = vcc.InteractionLog.from_records(
        [
            {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
            {"source": "ben", "target": "ana", "kind": "like", "timestamp": "2024-01-06"},
            {
                "source": "ben",
                "target": "ana",
                "kind": "share",
                "timestamp": "2024-01-07",
                "weight": 3.0,
            },
            {"source": "label", "target": "shop", "kind": "message", "timestamp": "2024-01-08"},
            {
                "source": "shop",
                "target": "cai",
                "kind": "feature",
                "timestamp": "2024-01-09",
                "weight": 4.0,
            },
        ]
    )
    return vcc.ValueFlowGraph.from_log(
        log, actors={"shop": "firm", "label": "partner", "cai": "creator"}
    )


def collections(ax):
    return {c.get_gid(): c for c in ax.collections}


def rgb(colour):
    return mpl_colors.to_rgb(colour)


def test_one_collection_per_role_and_driver_with_every_node_and_edge():
    graph = small_graph()
    ax = plot.value_flow(graph)
    found = collections(ax)
    assert set(found) == {
        "nodes:firm",
        "nodes:user",
        "nodes:creator",
        "nodes:partner",
        "edges:satisfaction",
        "edges:share",
        "edges:none",
        "arrowheads",
    }
    assert sum(len(c.get_offsets()) for gid, c in found.items() if gid.startswith("nodes:")) == len(
        graph
    )
    assert (
        sum(len(c.get_segments()) for gid, c in found.items() if gid.startswith("edges:"))
        == graph.n_edges
    )
    assert len(found["arrowheads"].get_paths()) == graph.n_edges
    assert len(found["nodes:user"].get_offsets()) == 2  # ana and ben
    # Every node is drawn where it is, and the picture shows all of it.
    x0, x1 = ax.get_xlim()
    for c in found.values():
        for segment in c.get_segments() if hasattr(c, "get_segments") else []:
            assert np.all((segment[:, 0] >= x0) & (segment[:, 0] <= x1))


def test_colours_follow_the_palettes():
    graph = small_graph()
    found = collections(plot.value_flow(graph))
    for role in ("firm", "user", "creator", "partner"):
        faces = found[f"nodes:{role}"].get_facecolors()
        assert all(tuple(face[:3]) == rgb(plot.ROLE_COLOURS[vcc.Role(role)]) for face in faces)
    palette = plot.driver_colours(graph.framework)
    for key in ("satisfaction", "share"):
        assert tuple(found[f"edges:{key}"].get_colors()[0][:3]) == rgb(palette[key])
    assert tuple(found["edges:none"].get_colors()[0][:3]) == rgb(plot.NO_CONDITION_COLOUR)
    # ben -> ana: like (satisfaction, weight 1) and share (share, weight 3): share wins;
    # shop -> cai: a feature is a reward, the share driver too.
    assert len(found["edges:share"].get_segments()) == 2
    assert len(found["edges:satisfaction"].get_segments()) == 1
    assert len(found["edges:none"].get_segments()) == 1  # the partner's message
    arrow_colours = {tuple(face[:3]) for face in found["arrowheads"].get_facecolors()}
    assert arrow_colours == {
        rgb(palette["satisfaction"]),
        rgb(palette["share"]),
        rgb(plot.NO_CONDITION_COLOUR),
    }


def test_the_palettes_are_fixed_and_distinct():
    assert set(plot.ROLE_COLOURS) == set(vcc.Role)
    assert len(set(plot.ROLE_COLOURS.values())) == len(vcc.Role)
    palette = plot.driver_colours(vcc.KIM_CHOI_2019)
    assert list(palette) == list(vcc.KIM_CHOI_2019.driver_keys)
    everything = [*palette.values(), *plot.ROLE_COLOURS.values(), plot.NO_CONDITION_COLOUR]
    assert len({colour.upper() for colour in everything}) == len(everything)


def test_a_framework_with_many_drivers_gets_as_many_colours():
    drivers = [vcc.Driver(key=f"d{i}", name=f"D{i}") for i in range(12)]
    framework = vcc.Framework(
        name="many",
        version="1",
        drivers=drivers,
        conditions=[
            vcc.Condition(key=f"c{i}", name=f"C{i}", driver=d) for i, d in enumerate(drivers)
        ],
    )
    palette = plot.driver_colours(framework)
    assert list(palette) == [d.key for d in drivers]
    assert len(set(palette.values())) == 12
    assert all(mpl_colors.is_color_like(colour) for colour in palette.values())
    with pytest.raises(ValidationError):
        plot.driver_colours("kim_choi_2019")


def test_sizes_and_widths_follow_strength_and_weight():
    graph = random_graph(3, 15, 60)
    g = graph.to_networkx()
    ax = plot.value_flow(graph, layout="circular")
    found = collections(ax)
    strength = dict(g.degree(weight="weight"))  # in + out, a self-loop counted twice
    top = max(strength.values())
    for role in {r.value for r in graph.roles}:
        members = [n for n, r in g.nodes(data="role") if r == role]
        expected = sorted(40 + 560 * math.sqrt(strength[n] / top) for n in members)
        assert sorted(found[f"nodes:{role}"].get_sizes()) == pytest.approx(expected)
    w_max = max(w for _, _, w in g.edges(data="weight"))
    expected_widths = sorted(0.6 + 3.4 * math.sqrt(w / w_max) for _, _, w in g.edges(data="weight"))
    drawn = sorted(
        w for gid, c in found.items() if gid.startswith("edges:") for w in c.get_linewidths()
    )
    assert drawn == pytest.approx(expected_widths)


def dominant(framework, conditions):
    """The driver with most condition weight (ties: earlier driver; no weight: count)."""
    if not conditions:
        return "none"
    totals = defaultdict(lambda: [0.0, 0])
    for key, cell in conditions.items():
        driver = framework.condition(key).driver.key
        totals[driver][0] += cell["weight"]
        totals[driver][1] += cell["count"]
    order = framework.driver_keys
    use = 0 if max(total[0] for total in totals.values()) > 0 else 1
    return max(order, key=lambda d: (totals[d][use] if d in totals else -1, -order.index(d)))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 12), st.integers(0, 40))
def test_each_edge_gets_the_colour_of_its_dominant_driver(seed, n_actors, n_events):
    graph = random_graph(seed, n_actors, n_events)
    expected = defaultdict(int)
    for _, _, conditions in graph.to_networkx().edges(data="conditions"):
        expected[dominant(graph.framework, conditions)] += 1
    found = collections(plot.value_flow(graph, layout="circular", labels=False))
    drawn = {
        gid.removeprefix("edges:"): len(c.get_segments())
        for gid, c in found.items()
        if gid.startswith("edges:")
    }
    assert drawn == dict(expected)


def brute_force_summary(graph, by):
    """Group names and summed edges, one original edge at a time."""
    g = graph.to_networkx()
    group = {}
    for name, data in g.nodes(data=True):
        if by == "role":
            group[name] = data["role"]
        else:
            group[name] = f"{data['role']}: {data.get(by, '(none)')}"
    edges = defaultdict(
        lambda: {
            "count": 0,
            "weight": 0.0,
            "kinds": defaultdict(float),
            "conditions": defaultdict(float),
        }
    )
    for s, t, data in g.edges(data=True):
        edge = edges[group[s], group[t]]
        edge["count"] += data["count"]
        edge["weight"] += data["weight"]
        for kind, cell in data["kinds"].items():
            edge["kinds"][kind] += cell["weight"]
        for key, cell in data["conditions"].items():
            edge["conditions"][key] += cell["weight"]
    return group, edges


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 30),
    st.integers(0, 80),
    st.sampled_from(["role", "country"]),
)
def test_summaries_add_up_the_edges_they_stand_for(seed, n_actors, n_events, by):
    graph = random_graph(seed, n_actors, n_events, segments=True)
    if by == "country" and not any(
        "country" in data for _, data in graph.to_networkx().nodes(data=True)
    ):
        with pytest.raises(ValidationError, match="country"):
            plot.summarise(graph, by=by)
        return
    summary = plot.summarise(graph, by=by)
    group, expected = brute_force_summary(graph, by)
    s = summary.to_networkx()
    assert sorted(s.nodes) == sorted(set(group.values()))
    assert {n: d["n_actors"] for n, d in s.nodes(data=True)} == {
        name: list(group.values()).count(name) for name in set(group.values())
    }
    assert set(s.edges) == set(expected)
    for (a, b), edge in expected.items():
        data = s.edges[a, b]
        # Weights are whole numbers here, so every sum is exact.
        assert (data["count"], data["weight"]) == (edge["count"], edge["weight"])
        assert {k: c["weight"] for k, c in data["kinds"].items()} == edge["kinds"]
        assert {k: c["weight"] for k, c in data["conditions"].items()} == edge["conditions"]
    assert summary.weights.sum() == graph.weights.sum()
    assert summary.counts.sum() == graph.counts.sum()
    # The summary is a graph like any other: it survives its own round trip.
    assert vcc.ValueFlowGraph.from_networkx(s) == summary


def test_large_graphs_are_summarised_and_the_title_says_so():
    graph = random_graph(5, 60, 300, segments=True)
    ax = plot.value_flow(graph, max_nodes=59)
    assert ax.get_title().startswith("Value flow summarised by role: 60 actors in ")
    found = collections(ax)
    roles = {r.value for r in graph.roles}
    assert {gid for gid in found if gid.startswith("nodes:")} == {f"nodes:{r}" for r in roles}
    assert all(len(found[f"nodes:{r}"].get_offsets()) == 1 for r in roles)
    summary = plot.summarise(graph)
    assert (
        sum(len(c.get_segments()) for gid, c in found.items() if gid.startswith("edges:"))
        == summary.n_edges
    )
    # Labels name each group and its size.
    texts = sorted(text.get_text() for text in ax.texts)
    assert texts == sorted(
        f"{name}\n{n:,} actor{'' if n == 1 else 's'}"
        for name, n in summary.to_networkx().nodes(data="n_actors")
    )
    by_country = plot.value_flow(graph, max_nodes=10, summarise_by="country")
    assert "by role and country" in by_country.get_title()
    title = plot.value_flow(graph).get_title()
    assert title == f"Value flow: 60 actors, {graph.n_edges} edges"


def node_positions(ax):
    return {
        gid: c.get_offsets().copy()
        for gid, c in collections(ax).items()
        if gid.startswith("nodes:")
    }


def test_the_same_seed_gives_the_same_picture():
    graph = random_graph(11, 25, 80)
    first = node_positions(plot.value_flow(graph, seed=4))
    assert all(
        np.array_equal(first[k], v)
        for k, v in node_positions(plot.value_flow(graph, seed=4)).items()
    )
    other = node_positions(plot.value_flow(graph, seed=5))
    assert not all(np.array_equal(first[k], v) for k, v in other.items())
    generated = [
        node_positions(plot.value_flow(graph, seed=np.random.default_rng(9))) for _ in range(2)
    ]
    assert all(np.array_equal(generated[0][k], v) for k, v in generated[1].items())


@pytest.mark.parametrize("layout", ["spring", "kamada_kawai", "circular", "shell"])
def test_every_layout_draws_every_node(layout):
    graph = small_graph()
    found = collections(plot.value_flow(graph, layout=layout))
    points = np.concatenate(
        [c.get_offsets() for gid, c in found.items() if gid.startswith("nodes:")]
    )
    assert len(points) == len(graph)
    assert len({tuple(p) for p in points.round(9)}) == len(graph)  # nobody on top of another


def test_the_shell_layout_puts_the_firm_in_the_middle():
    found = collections(plot.value_flow(small_graph(), layout="shell"))
    assert list(np.asarray(found["nodes:firm"].get_offsets())[0]) == pytest.approx([0.0, 0.0])


def test_an_empty_graph_is_a_note_not_an_error():
    empty = vcc.ValueFlowGraph.from_log(vcc.InteractionLog.from_records([]))
    ax = plot.value_flow(empty)
    assert [text.get_text() for text in ax.texts] == ["no interactions"]
    assert len(ax.collections) == 0
    lonely = nx.DiGraph()
    lonely.add_node("solo", role="user")
    ax = plot.value_flow(vcc.ValueFlowGraph.from_networkx(lonely))
    assert "no interactions" in [text.get_text() for text in ax.texts]
    assert len(collections(ax)["nodes:user"].get_offsets()) == 1


def test_a_single_actor_with_a_self_loop():
    log = vcc.InteractionLog.from_records(
        [{"source": "ana", "target": "ana", "kind": "post", "timestamp": "2024-01-05"}]
    )
    graph = vcc.ValueFlowGraph.from_log(log)
    found = collections(plot.value_flow(graph))
    (loop,) = found["edges:expression"].get_segments()
    node = found["nodes:user"].get_offsets()[0]
    # A closed loop that starts and ends at the node and leaves it.
    assert loop[0] == pytest.approx(node)
    assert loop[-1] == pytest.approx(node)
    assert np.linalg.norm(loop - node, axis=1).max() > 0
    assert len(found["arrowheads"].get_paths()) == 1


def test_self_loops_among_other_edges():
    log = vcc.InteractionLog.from_records(
        [
            {"source": a, "target": b, "kind": "share", "timestamp": "2024-01-05"}
            for a, b in [("ana", "ana"), ("ana", "ben"), ("ben", "ben"), ("ben", "ana")]
        ]
    )
    found = collections(plot.value_flow(vcc.ValueFlowGraph.from_log(log)))
    segments = found["edges:share"].get_segments()
    assert len(segments) == 4
    assert sum(np.allclose(s[0], s[-1]) for s in segments) == 2


def test_labels():
    graph = small_graph()
    assert sorted(t.get_text() for t in plot.value_flow(graph).texts) == sorted(
        graph.actors.tolist()
    )
    assert len(plot.value_flow(graph, labels=False).texts) == 0
    many = random_graph(1, 40, 120)
    assert len(plot.value_flow(many, layout="circular").texts) == 0
    assert len(plot.value_flow(many, layout="circular", labels=True).texts) == len(many)


def test_it_draws_into_a_given_axes():
    figure = Figure()
    ax = figure.add_subplot()
    assert plot.value_flow(small_graph(), ax=ax) is ax
    assert len(figure.axes) == 1


def test_new_figures_belong_to_nobody():
    # Not registered with pyplot: nothing to close, no "too many figures" warning
    # (pytest turns warnings into errors), however many pictures are drawn.
    graph = small_graph()
    for _ in range(25):
        ax = plot.value_flow(graph, layout="circular")
        assert ax.figure.canvas.manager is None


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("layout", "grid"),
        ("layout", ["spring"]),
        ("seed", "seven"),
        ("seed", True),
        ("seed", 1.5),
        ("seed", -1),
        ("seed", 2**32),
        ("max_nodes", 0),
        ("max_nodes", True),
        ("max_nodes", 2.5),
        ("summarise_by", "country"),
        ("summarise_by", ""),
        ("summarise_by", 3),
        ("summarise_by", "n_actors"),
        ("labels", "yes"),
        ("labels", 1),
        ("ax", "axes"),
    ],
)
def test_bad_arguments_are_validation_errors(argument, value):
    with pytest.raises(ValidationError) as error:
        plot.value_flow(small_graph(), **{argument: value})
    assert error.value.column == argument


def test_only_value_flow_graphs_are_drawn():
    with pytest.raises(ValidationError, match="ValueFlowGraph"):
        plot.value_flow(nx.DiGraph())
    with pytest.raises(ValidationError, match="ValueFlowGraph"):
        plot.summarise({"nodes": []})


def test_without_matplotlib_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[plot\]") as error:
        plot.value_flow(small_graph())
    assert (error.value.module, error.value.extra) == ("matplotlib", "plot")


def test_without_scipy_kamada_kawai_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(MissingDependencyError, match="kamada_kawai") as error:
        plot.value_flow(small_graph(), layout="kamada_kawai")
    assert (error.value.module, error.value.extra) == ("scipy", "plot")
    # The small spring layout needs no scipy.
    plot.value_flow(small_graph())


def test_importing_the_package_or_drawing_leaves_pyplot_alone():
    code = (
        "import sys, valuecocreation as vcc\n"
        "print('matplotlib' in sys.modules)\n"
        "from valuecocreation.testing import sample_log\n"
        "vcc.plot.value_flow(vcc.ValueFlowGraph.from_log(sample_log()))\n"
        "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True", "False"]


# ---------------------------------------------------------------------- radar
def lines(ax):
    return {line.get_gid(): line for line in ax.lines}


def sample_assessment():
    return vcc.assess(sample_log(), actors={"firm": "firm"})


def test_radar_draws_every_condition_and_driver_in_its_colour():
    assessment = sample_assessment()
    ax = plot.radar(assessment)
    keys = vcc.KIM_CHOI_2019.condition_keys
    drawn = lines(ax)
    scores = drawn["conditions"].get_ydata()
    assert list(scores) == [assessment.condition(k).value for k in (*keys, keys[0])]
    angles = drawn["conditions"].get_xdata()
    assert np.diff(angles) == pytest.approx(np.full(12, 2 * np.pi / 12))
    palette = plot.driver_colours(vcc.KIM_CHOI_2019)
    for driver in assessment.drivers:
        arc = drawn[f"driver:{driver.driver}"]
        assert set(arc.get_ydata()) == {driver.value}
        assert rgb(arc.get_color()) == rgb(palette[driver.driver])
    sectors = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    assert {gid: tuple(p.get_facecolor()[:3]) for gid, p in sectors.items()} == {
        f"sector:{key}": rgb(colour) for key, colour in palette.items()
    }
    assert [t.get_text() for t in ax.get_xticklabels()] == [k.replace("_", " ") for k in keys]
    assert ax.get_title() == f"Co-creation index {assessment.index:.2f}, coverage 100%"


def test_radar_shows_missing_evidence_as_missing_not_zero():
    log = vcc.InteractionLog.from_records(
        [
            {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-01-05"},
            {"source": "rf", "target": "ana", "kind": "feature", "timestamp": "2024-01-06"},
        ]
    )
    assessment = vcc.assess(log, actors={"rf": "firm"})
    ax = plot.radar(assessment)
    keys = vcc.KIM_CHOI_2019.condition_keys
    scores = lines(ax)["conditions"].get_ydata()[:12]
    missing = [math.isnan(assessment.condition(k).value) for k in keys]
    assert any(missing)
    assert list(np.isnan(scores)) == missing
    assert not any(score == 0 for score in scores)
    arcs = {gid for gid in lines(ax) if gid.startswith("driver:")}
    assert arcs == {f"driver:{d.driver}" for d in assessment.drivers if not math.isnan(d.value)}
    for label, gap in zip(ax.get_xticklabels(), missing, strict=True):
        assert label.get_text().endswith("(no evidence)") == gap
        if gap:
            assert rgb(label.get_color()) == rgb(plot.NO_CONDITION_COLOUR)
    assert "coverage 50%" in ax.get_title()


def test_radar_names_the_window_and_segment():
    assessment = attrs.evolve(sample_assessment(), window="2024-01", segment="KR")
    assert plot.radar(assessment).get_title().endswith(", 2024-01, KR")


def test_radar_draws_into_a_given_polar_axes_and_only_there():
    figure = Figure()
    ax = figure.add_subplot(projection="polar")
    assert plot.radar(sample_assessment(), ax=ax) is ax
    with pytest.raises(ValidationError, match="polar") as error:
        plot.radar(sample_assessment(), ax=figure.add_subplot())
    assert error.value.column == "ax"
    with pytest.raises(ValidationError, match="Assessment"):
        plot.radar(small_graph())


def test_radar_without_matplotlib_names_the_extra(monkeypatch):
    assessment = sample_assessment()
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[plot\]"):
        plot.radar(assessment)
