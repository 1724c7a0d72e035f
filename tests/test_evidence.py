"""Tests of Evidence: hand-computed statistics, windows, segments, merging, errors."""

from __future__ import annotations

import itertools
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as vst

import valuecocreation as vcc
from valuecocreation import Actor, InteractionLog, Role, ValidationError
from valuecocreation._core.exact import exact_sums, to_float
from valuecocreation._core.factorize import TEXT_DTYPE
from valuecocreation._core.rows import distinct_rows, distinct_table
from valuecocreation._evidence.actors import actor_table
from valuecocreation.evidence import Evidence
from valuecocreation.mapping import ConditionMap, MapRule

FIRM = {"rf": "firm"}


def _log(*rows: tuple[Any, ...]) -> InteractionLog:
    records = []
    for row in rows:
        source, target, kind, when, *rest = row
        record = {"source": source, "target": target, "kind": kind, "timestamp": when}
        if rest:
            record["channel"] = rest[0]
        if len(rest) > 1:
            record["weight"] = rest[1]
        records.append(record)
    return InteractionLog.from_records(records)


LOG = _log(
    ("ana", "rf", "like", "2024-01-01T10:00", "fb", 2.0),
    ("ana", "rf", "like", "2024-01-02T10:00", "fb", 0.5),
    ("ben", "rf", "like", "2024-02-03T10:00", "yt", 1.0),
    ("ben", "rf", "view", "2024-02-03T11:00", None),
    ("cai", "rf", "visit", "2024-02-04T11:00", "web"),
    ("rf", "ana", "feature", "2024-02-05T12:00", "fb"),
    ("rf", "dee", "reward", "2024-02-06T12:00", "fb"),
    ("rf", "x", "post", "2024-01-01T09:00", "fb"),
    ("rf", "x", "post", "2024-01-08T09:00", "yt"),
)


def test_hand_computed_statistics() -> None:
    evidence = Evidence.from_log(LOG, actors=FIRM)
    assert evidence.events("content") == 3
    assert evidence.weight("content") == 3.5
    assert evidence.weight_sq("content") == 4.0 + 0.25 + 1.0
    actors = evidence.actors.tolist()
    assert [actors[c] for c in evidence.credited("content")] == ["ana", "ben"]
    # Active population: users who were a source (rf is the firm; dee only received).
    assert [actors[c] for c in evidence.population] == ["ana", "ben", "cai"]
    # Rewards are credited to their targets; dee was never active, so is no participant.
    assert [actors[c] for c in evidence.credited("reward")] == ["ana", "dee"]
    assert [actors[c] for c in evidence.participants("reward")] == ["ana"]
    assert evidence.n_participants("awareness") == 1
    days, channels = evidence.active_days("availability")
    assert [str(d) for d in days.astype("datetime64[D]")] == ["2024-01-01", "2024-01-08"]
    assert [evidence.channels.tolist()[c] for c in channels] == ["fb", "yt"]
    assert [evidence.channels.tolist()[c] for c in evidence.channels_seen] == ["fb", "web", "yt"]
    assert evidence.span == (
        np.datetime64("2024-01-01T09:00", "us"),
        np.datetime64("2024-02-06T12:00", "us"),
    )
    assert evidence.events("service") == 0
    assert not evidence.exchanges("service")["time"].size


def test_without_roles_no_firm_rule_matches() -> None:
    evidence = Evidence.from_log(LOG)
    assert evidence.events("reward") == 0
    assert evidence.events("availability") == 0
    # Without roles the firm account counts as a user, so it is active too.
    assert evidence.n_population == 4


def test_actor_objects_and_conflicting_roles() -> None:
    actors = [Actor(id="rf", role="firm"), Actor(id="ana", role="creator")]
    assert Evidence.from_log(LOG, actors=actors) == Evidence.from_log(LOG, actors=FIRM)
    with pytest.raises(ValidationError, match="two roles"):
        Evidence.from_log(LOG, actors=[Actor(id="rf", role="firm"), Actor(id="rf")])
    with pytest.raises(ValidationError, match="unknown role"):
        Evidence.from_log(LOG, actors={"rf": "boss"})


def test_rule_filters_by_channel_and_weights() -> None:
    mapping = ConditionMap(
        rules=(MapRule(kind="like", condition="content", channels={"fb"}, weight=3.0),)
    )
    evidence = Evidence.from_log(LOG, mapping=mapping)
    assert evidence.events("content") == 2
    assert evidence.weight("content") == 3.0 * 2.5


def test_monthly_windows_and_select() -> None:
    evidence = Evidence.from_log(LOG, actors=FIRM, period="month")
    assert evidence.window_labels == ("2024-01-01", "2024-02-01")
    january = evidence.select(window="2024-01-01")
    assert january.events("content") == 2
    assert january.n_population == 1
    february = evidence.select(window=1)
    assert february.events("content") == 1
    assert february.n_population == 2
    assert Evidence.merge(january, february) == evidence
    with pytest.raises(ValidationError, match="no window"):
        evidence.select(window="2023-12-01")


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("day", 7),
        ("week", ("2024-01-01", "2024-01-08", "2024-01-29", "2024-02-05")),
        ("quarter", ("2024-01-01",)),
    ],
)
def test_other_periods(period: Any, labels: Any) -> None:
    evidence = Evidence.from_log(LOG, actors=FIRM, period=period)
    if isinstance(labels, int):
        assert len(evidence.window_labels) == labels
    else:
        assert evidence.window_labels == labels


def test_segments_by_channel_and_attribute() -> None:
    by_channel = Evidence.from_log(LOG, actors=FIRM, segment_by="channel")
    assert by_channel.segments == ("", "fb", "web", "yt")
    assert by_channel.select(segment="fb").events("content") == 2
    assert by_channel.select(segment="").events("awareness") == 1
    actors = [
        Actor(id="rf", role="firm"),
        Actor(id="ana", attributes={"country": "KR"}),
        Actor(id="ben", attributes={"country": "US"}),
    ]
    by_country = Evidence.from_log(LOG, actors=actors, segment_by="country")
    assert by_country.segments == ("", "KR", "US")
    assert by_country.select(segment="KR").events("content") == 2
    with pytest.raises(ValidationError, match="no actor has the attribute 'age'"):
        Evidence.from_log(LOG, actors=actors, segment_by="age")
    with pytest.raises(ValidationError, match="no segment"):
        by_country.select(segment="FR")


def test_merge_identity_order_and_mismatch() -> None:
    whole = Evidence.from_log(LOG, actors=FIRM)
    parts = [Evidence.from_log(LOG[i : i + 2], actors=FIRM) for i in range(0, len(LOG), 2)]
    assert Evidence.merge(*parts) == whole
    assert Evidence.merge(*reversed(parts)) == whole
    assert (
        Evidence.merge(Evidence.empty(), whole) == whole == Evidence.merge(whole, Evidence.empty())
    )
    with pytest.raises(ValidationError, match="different period"):
        Evidence.merge(whole, Evidence.empty(period="month"))
    with pytest.raises(ValidationError, match="at least one"):
        Evidence.merge()


def test_separately_read_logs_merge_by_actor_id() -> None:
    # Two exports with disjoint vocabularies: codes differ, ids do not.
    first = _log(("zoe", "rf", "like", "2024-01-01"), ("ana", "rf", "like", "2024-01-02"))
    second = _log(("ana", "rf", "like", "2024-01-03"), ("bob", "rf", "view", "2024-01-04"))
    merged = Evidence.merge(Evidence.from_log(first), Evidence.from_log(second))
    assert merged == Evidence.from_log(InteractionLog.concat([first, second]))
    assert merged.n_participants("content") == 2  # ana counted once


def test_exact_weight_sums_make_merge_exact() -> None:
    weights = [0.1, 0.2, 0.3, 1e-300, 1e16, 1.0]
    rows = [("a", "b", "like", f"2024-01-0{i + 1}", None, w) for i, w in enumerate(weights)]
    log = _log(*rows)
    whole = Evidence.from_log(log)
    assert Evidence.merge(*(Evidence.from_log(log[i : i + 1]) for i in range(len(log)))) == whole
    import math  # noqa: PLC0415

    assert whole.weight("content") == math.fsum(weights)  # correctly rounded, as fsum


def test_huge_weights_square_exactly_to_infinity() -> None:
    log = _log(("a", "b", "like", "2024-01-01", None, 1e200))
    evidence = Evidence.from_log(log)
    assert evidence.weight("content") == 1e200
    assert evidence.weight_sq("content") == float("inf")


def test_empty_log_and_unknown_arguments() -> None:
    empty = Evidence.from_log(InteractionLog())
    assert empty.is_empty
    assert empty == Evidence.empty()
    assert empty.events("content") == 0
    assert empty.span is None
    with pytest.raises(ValidationError, match="unknown period"):
        Evidence.from_log(LOG, period="year")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="has no condition 'delight'"):
        Evidence.from_log(LOG).events("delight")
    framework = vcc.Framework(
        name="other",
        version="1",
        drivers=vcc.KIM_CHOI_2019.drivers,
        conditions=vcc.KIM_CHOI_2019.conditions,
    )
    with pytest.raises(ValidationError, match="no default condition map"):
        Evidence.from_log(LOG, framework=framework)
    with pytest.raises(TypeError):
        Evidence()


def test_pickle_and_read_only() -> None:
    evidence = Evidence.from_log(LOG, actors=FIRM, period="week", segment_by="channel")
    assert pickle.loads(pickle.dumps(evidence)) == evidence
    with pytest.raises(ValueError, match="read-only"):
        evidence.actors[0] = "zz"
    assert "Evidence kim_choi_2019" in repr(evidence)


def test_exchanges_keep_responses_outside_a_window() -> None:
    log = _log(
        ("ana", "rf", "support_request", "2024-01-31T23:00"),
        ("rf", "ana", "support_response", "2024-02-01T01:00"),
    )
    evidence = Evidence.from_log(log, actors=FIRM, period="month")
    january = evidence.select(window="2024-01-01").exchanges("service")
    assert january["response"].tolist() == [False, True]
    february = evidence.select(window="2024-02-01").exchanges("service")
    assert february["response"].tolist() == [True]


def test_distinct_rows_bitmap_and_sort_paths_agree() -> None:
    rng = np.random.default_rng(7)
    first, second = rng.integers(0, 50, 500), rng.integers(0, 40, 500)
    small = distinct_rows([first, second], [50, 40])
    large = distinct_rows([first, second], [50, 40 << 30])  # too big for a bitmap
    expected = sorted(set(zip(first.tolist(), second.tolist(), strict=True)))
    for result in (small, large):
        assert list(zip(*(c.tolist() for c in result), strict=True)) == expected
    assert [c.tolist() for c in distinct_table([np.array([-5, 3, -5])])] == [[-5, 3]]


def test_exact_sums_against_fsum() -> None:
    import math  # noqa: PLC0415

    rng = np.random.default_rng(11)
    values = rng.lognormal(0.0, 4.0, 2000)
    groups = rng.integers(0, 3, 2000)
    sums = to_float(exact_sums(values, groups, 3))
    for group in range(3):
        assert sums[group] == math.fsum(values[groups == group].tolist())


@given(
    st.lists(vst.actor_ids(), max_size=12),
    st.dictionaries(vst.actor_ids(), st.sampled_from(list(Role)), max_size=8),
)
def test_roles_line_up_with_actor_codes(ids: list[str], roles: dict[str, Role]) -> None:
    vocabulary = (
        np.unique(np.array(ids, dtype=TEXT_DTYPE)) if ids else np.array([], dtype=TEXT_DTYPE)
    )
    vocabulary = vocabulary[vocabulary != ""]
    codes, _ = actor_table(vocabulary, roles)
    expected = [roles.get(name, Role.USER) for name in vocabulary.tolist()]
    assert [list(Role)[code] for code in codes.tolist()] == expected


def test_interactions_are_counted_once_whatever_they_map_to() -> None:
    evidence = Evidence.from_log(LOG, actors=FIRM)
    assert evidence.n_interactions == len(LOG)
    assert vcc.assess(LOG, actors=FIRM).interactions == len(LOG)
    unmapped = _log(("a", "b", "like", "2024-01-01"))
    mapping = ConditionMap(rules=(MapRule(kind="view", condition="awareness"),))
    assert Evidence.from_log(unmapped, mapping=mapping).n_interactions == 1


def test_rule_weight_overflow_names_the_row() -> None:
    log = _log(
        ("a", "b", "view", "2024-01-01", None, 1.0), ("a", "b", "like", "2024-01-01", None, 1e308)
    )
    mapping = ConditionMap(rules=(MapRule(kind="like", condition="content", weight=10.0),))
    with pytest.raises(ValidationError, match="too large for float64") as caught:
        Evidence.from_log(log, mapping=mapping)
    assert caught.value.row == 1


def test_many_listed_actors_take_the_dictionary_path(monkeypatch: pytest.MonkeyPatch) -> None:
    few = Evidence.from_log(LOG, actors=FIRM)
    monkeypatch.setattr("valuecocreation._evidence.actors._FEW_ACTORS", 0)
    assert Evidence.from_log(LOG, actors=FIRM) == few


def test_row_sets_agree_with_and_without_a_bitmap(monkeypatch: pytest.MonkeyPatch) -> None:
    from valuecocreation._core import rows as _rows  # noqa: PLC0415

    rng = np.random.default_rng(3)
    columns = [0, rng.integers(0, 50, 300), rng.integers(0, 7, 300)]
    with_bitmap = _rows.RowSet([1, 50, 7])
    with_bitmap.add(columns)
    monkeypatch.setattr(_rows, "_BITMAP_LIMIT", 0)
    without = _rows.RowSet([1, 50, 7])
    without.add(columns)
    assert [c.tolist() for c in with_bitmap.finish()] == [c.tolist() for c in without.finish()]
    assert sorted(set(zip(columns[1].tolist(), columns[2].tolist(), strict=True))) == list(
        zip(*(c.tolist() for c in without.finish()[1:]), strict=True)
    )


def test_a_lone_firm_is_not_an_active_user() -> None:
    # One actor in the vocabulary makes every key column constant; no row must
    # appear from nowhere (found by Hypothesis).
    lone = _log(("rf", "rf", "view", "2024-01-01"))
    assert Evidence.from_log(lone, actors=FIRM).n_population == 0
    both = _log(("ana", "ana", "view", "2024-01-01"), ("rf", "rf", "view", "2024-01-01"))
    halves = [Evidence.from_log(both[i : i + 1], actors=FIRM) for i in range(2)]
    assert Evidence.merge(*halves) == Evidence.from_log(both, actors=FIRM)


def test_state_pickled_by_earlier_versions_loads() -> None:
    # Earlier versions pickled one entry per table, and "_graph" and "_survey".
    evidence = Evidence.from_log(LOG, actors=FIRM)
    state = {**evidence.__getstate__(), "_graph": None, "_survey": None}
    again = Evidence.__new__(Evidence)
    again.__setstate__(state)
    assert again == evidence
    assert again.n_participants("content") == evidence.n_participants("content")


# ---------------------------------------------------------------------- many parts at once
@given(
    log=vst.interaction_logs(min_size=1, max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=30), max_size=6),
    period=st.sampled_from([None, "week"]),
)
def test_merging_many_parts_at_once_equals_folding_them(log, cuts, period) -> None:
    bounds = sorted({0, len(log), *(min(c, len(log)) for c in cuts)})
    actors = {str(log.actors[0]): "firm"}
    parts = [
        Evidence.from_log(log[a:b], actors=actors, period=period)
        for a, b in itertools.pairwise(bounds)
    ]
    whole = Evidence.from_log(log, actors=actors, period=period)
    folded = parts[0]
    for part in parts[1:]:
        folded = Evidence.merge(folded, part)
    assert Evidence.merge(*parts) == folded == whole
    assert Evidence.merge(*reversed(parts), Evidence.empty(period=period)) == whole
    for batch in (1, 2, 5):
        assert Evidence.merge_stream(iter(parts), batch=batch) == whole


def test_merge_stream_needs_parts_and_a_batch() -> None:
    with pytest.raises(ValidationError, match="at least one"):
        Evidence.merge_stream([])
    with pytest.raises(ValidationError, match="batch"):
        Evidence.merge_stream([Evidence.empty()], batch=0)
