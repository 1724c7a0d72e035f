"""Each situation of issue 13, on a small log that reproduces it, gives the honest result."""

from __future__ import annotations

import math
import warnings

import pytest

import valuecocreation as vcc
from valuecocreation.errors import FirmNotDeclaredWarning
from valuecocreation.findings import Severity, by_code
from valuecocreation.graph import reach, reward_reach


def _log(rows, channel=None, weight=None):
    return vcc.InteractionLog.from_records(
        {
            "source": s,
            "target": t,
            "kind": k,
            "timestamp": when,
            **({"channel": channel} if channel else {}),
            **({"weight": weight} if weight and k == "like" else {}),
        }
        for s, t, k, when in rows
    )


def _quiet_assess(log, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = vcc.assess(log, **kwargs)
    return result, caught


def test_a_message_network_is_true_by_construction_and_has_no_index():
    rows = [(f"u{i}", f"u{(i + 1) % 40}", "message", "2024-01-05") for i in range(40)]
    result, caught = _quiet_assess(_log(rows))
    interactivity = result.condition("interactivity")
    assert interactivity.value == 1.0
    (tautology,) = by_code(interactivity.findings, "true_by_construction")
    assert tautology.severity is Severity.SEVERE
    assert "message" in tautology.message
    assert math.isnan(result.index)
    assert by_code(result.findings, "index_undefined")[0].numbers["drivers"] == 1
    # No firm at all: the firms' balance is flagged, and nobody looks like a firm.
    assert by_code(result.findings, "balance_no_firm")
    assert by_code(result.findings, "firm_not_declared")[0].severity is Severity.WARNING
    assert not [w for w in caught if issubclass(w.category, FirmNotDeclaredWarning)]
    assert "severe [true_by_construction] interactivity" in result.summary()


def test_few_conditions_make_the_index_undefined_and_the_table_shows_targets():
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(40)]
    rows += [(f"u{i}", "rf", "like", "2024-01-05") for i in range(30)]
    rows += [(f"u{i}", "rf", "post", "2024-01-06") for i in range(4)]
    rows += [("rf", "u1", "feature", "2024-01-07")]
    result = vcc.assess(_log(rows), actors={"rf": "firm"})
    scored = sum(s.has_evidence for s in result.conditions)
    assert scored == 4
    assert math.isnan(result.index)
    (undefined,) = by_code(result.findings, "index_undefined")
    assert undefined.numbers["conditions"] == 4
    assert not math.isnan(undefined.numbers["mean_of_scored"])
    summary = result.summary()
    assert "target" in summary.splitlines()[summary.splitlines().index("") + 1]
    assert "index nan" in summary
    provisional = vcc.assess(_log(rows), actors={"rf": "firm"}, minimum_conditions=4)
    assert provisional.index == pytest.approx(undefined.numbers["mean_of_scored"])
    assert by_code(provisional.findings, "index_provisional")


def _firm_log():
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(39)]
    rows += [(f"u{i}", "rf", "post", "2024-01-06") for i in range(39)]
    rows += [("rf", f"u{i}", "post", "2024-01-06") for i in range(5)]
    rows += [("rf", "u1", "feature", "2024-01-07")]
    return _log(rows)


def test_leaving_out_the_firm_warns_and_names_the_account():
    with pytest.warns(FirmNotDeclaredWarning, match="look like the firm: rf"):
        result = vcc.assess(_firm_log())
    (finding,) = by_code(result.findings, "firm_not_declared")
    assert finding.severity is Severity.SEVERE
    assert finding.numbers["firm_like"] == "rf"
    reward = result.condition("reward")
    assert "the role filter leaves none: 1 feature event(s), none from a firm" in reward.reason
    availability = result.condition("availability")
    assert "44 post event(s), none from a firm" in availability.reason
    declared = vcc.assess(_firm_log(), actors={"rf": "firm"})
    assert not by_code(declared.findings, "firm_not_declared")
    assert declared.condition("reward").has_evidence


def test_small_population_aggregate_rows_pseudo_actors_and_one_channel():
    rows = [(f"u{i}", "rf", "like", "2024-01-05") for i in range(5)]
    rows += [("anonymous", "rf", "like", "2024-01-05")]
    result = vcc.assess(_log(rows, channel="facebook", weight=3.0), actors={"rf": "firm"})
    content = result.condition("content")
    assert by_code(content.findings, "population_small")[0].numbers == {"minimum": 30, "n": 6}
    assert by_code(content.findings, "aggregate_evidence")[0].numbers["weighted_events"] == 6
    (pseudo,) = by_code(result.findings, "pseudo_actor")
    assert "'anonymous' (1 events)" in pseudo.message
    assert by_code(result.findings, "one_channel")[0].numbers["channels"] == 1


def test_findings_round_trip_and_version_1_still_reads():
    with pytest.warns(FirmNotDeclaredWarning):
        result = vcc.assess(_firm_log())
    assert vcc.Assessment.from_json(result.to_json()) == result
    old = result.to_dict()
    old["schema_version"] = 1
    del old["findings"]
    for driver in old["drivers"]:
        del driver["findings"]
    for score in old["conditions"]:
        del score["findings"]
    back = vcc.Assessment.from_dict(old)
    assert back.findings == ()
    assert [s.value for s in back.conditions] == [s.value for s in result.conditions]


def test_reach_and_reward_reach_without_a_firm_are_undefined():
    graph = vcc.ValueFlowGraph.from_log(_log([("a", "b", "share", "2024-01-05")]))
    found = reach(graph)
    assert math.isnan(found.share)
    assert found.findings[0].code == "no_firm"
    assert type(found).from_dict(found.to_dict()) == found
    rewarded = reward_reach(graph)
    assert math.isnan(rewarded.share)
    assert rewarded.findings[0].severity is Severity.SEVERE
    with_firm = vcc.ValueFlowGraph.from_log(
        _log([("a", "rf", "view", "2024-01-05")]), actors={"rf": "firm"}
    )
    assert reach(with_firm).share == 1.0
    assert reach(with_firm).findings == ()
