from __future__ import annotations

import json
import math

import pytest

import valuecocreation as vcc
from valuecocreation.diagnostics import Diagnosis, diagnose, holm
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Severity

FIRM = {"rf": "firm"}


def _log(rows: list[tuple[str, str, str, str]]) -> vcc.InteractionLog:
    return vcc.InteractionLog.from_records(
        {"source": s, "target": t, "kind": k, "timestamp": when} for s, t, k, when in rows
    )


@pytest.fixture(scope="module")
def recordfarm() -> tuple[vcc.Assessment, Diagnosis]:
    data = vcc.datasets.load_recordfarm()
    result = vcc.assess(data.log, actors=data.actors)
    return result, diagnose(result)


def test_bundled_data_names_a_weakest_condition_clear_of_the_strongest(recordfarm):
    _, diagnosis = recordfarm
    weakest = diagnosis.ranking[0]
    strongest = diagnosis.ranking[-1]
    assert diagnosis.weakest == ("customization",)
    assert weakest.interval[1] < strongest.interval[0]
    finding = diagnosis.by_code("weakest_condition")[0]
    assert finding.subject == "customization"
    assert finding.numbers["tied"] == 0
    assert "clearly below" in finding.message
    assert finding.section == "Kim & Choi (2019), section 2.3 and Figure 1"
    ranked = [item.value for item in diagnosis.ranking]
    assert ranked == sorted(ranked)


def test_every_finding_cites_a_section(recordfarm):
    _, diagnosis = recordfarm
    assert diagnosis.findings
    assert all(finding.section for finding in diagnosis.findings)


def test_overlapping_intervals_are_called_a_tie():
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(40)]
    rows += [(f"u{i}", "rf", "post", "2024-01-06") for i in range(3)]
    diagnosis = diagnose(vcc.assess(_log(rows), actors=FIRM))
    finding = diagnosis.by_code("weakest_condition")[0]
    assert finding.subject == "user_creativity"
    assert "tied with awareness" in finding.message
    assert finding.numbers["tied_with"] == "awareness"
    assert diagnosis.weakest == ("user_creativity", "awareness")


def test_conditions_on_too_few_observations_are_not_ranked():
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(5)]
    rows += [("u0", "rf", "post", "2024-01-06")]
    diagnosis = diagnose(vcc.assess(_log(rows), actors=FIRM))
    assert diagnosis.ranking == ()
    assert diagnosis.weakest == ()
    assert diagnosis.by_code("weakest_condition") == ()
    thin = {f.subject: f for f in diagnosis.by_code("not_ranked")}
    assert thin["awareness"].numbers == {"minimum": 30, "n": 5, "value": 1.0}
    # With a smaller minimum the same data can be ranked.
    assert diagnose(vcc.assess(_log(rows), actors=FIRM), minimum_n=5).ranking


def test_missing_evidence_says_which_data_would_give_it():
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(40)]
    diagnosis = diagnose(vcc.assess(_log(rows), actors=FIRM))
    missing = {f.subject: f for f in diagnosis.by_code("no_evidence")}
    assert "awareness" not in missing
    assert len(missing) == 11
    reward = missing["reward"].message
    assert "reward from firm accounts" in reward
    assert "a value-flow graph" in reward
    assert "survey answers to" in reward
    assert missing["reward"].severity is Severity.WARNING


def test_value_evolution_gap_of_users():
    rows = [(f"u{i}", "rf", kind, "2024-01-05") for i in range(40) for kind in ("view", "like")]
    rows += [("u0", "rf", "share", "2024-01-06")]
    diagnosis = diagnose(vcc.assess(_log(rows), actors=FIRM))
    gap = diagnosis.by_code("value_evolution_gap")[0]
    assert "users take in more value than they give out" in gap.message
    assert gap.numbers["internalized"] > gap.numbers["externalized"]


def test_graph_without_a_firm_gives_a_severe_balance_finding():
    log = _log([("a", "b", "share", "2024-01-05"), ("b", "a", "like", "2024-01-06")])
    graph = vcc.ValueFlowGraph.from_log(log)
    diagnosis = diagnose(vcc.assess(log), graph=graph)
    finding = diagnosis.by_code("balance_no_firm")[0]
    assert finding.severity is Severity.SEVERE
    assert diagnosis.findings[0].severity is Severity.SEVERE  # most serious first


def test_users_sharing_only_among_themselves_is_a_balance_gap():
    rows = [(f"u{i}", f"u{i + 1}", "share", "2024-01-05") for i in range(30)]
    rows += [("u0", "rf", "view", "2024-01-05")]
    log = _log(rows)
    graph = vcc.ValueFlowGraph.from_log(log, actors=FIRM)
    diagnosis = diagnose(vcc.assess(log, actors=FIRM), graph=graph)
    gaps = {f.subject: f for f in diagnosis.by_code("balance_gap")}
    assert "share" in gaps
    assert gaps["share"].numbers["taken"] == 0.0
    assert "users externalize share" in gaps["share"].message


def test_funnel_bottleneck_skips_unobservable_stages():
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(40)]
    rows += [(f"u{i}", "rf", "like", "2024-01-06") for i in range(20)]
    rows += [(f"u{i}", "rf", "share", "2024-01-07") for i in range(2)]
    log = _log(rows)
    result = vcc.funnel.funnel(log, actors=FIRM)
    assert result.observable == (True, True, False, True)
    assert math.isnan(result.conversion["expression"])
    diagnosis = diagnose(vcc.assess(log, actors=FIRM), funnel=result)
    bottleneck = diagnosis.by_code("funnel_bottleneck")[0]
    assert bottleneck.subject == "share"
    assert bottleneck.numbers["conversion"] == pytest.approx(2 / 20)
    assert diagnosis.by_code("stage_unobservable")[0].subject == "expression"


def _windows(january: int, february: int) -> vcc.AssessmentSeries:
    rows = [(f"u{i}", "rf", "view", "2024-01-05") for i in range(200)]
    rows += [(f"u{i}", "rf", "post", "2024-01-06") for i in range(january)]
    rows += [(f"u{i}", "rf", "view", "2024-02-05") for i in range(200)]
    rows += [(f"u{i}", "rf", "post", "2024-02-06") for i in range(february)]
    return vcc.assess_over(_log(rows), actors=FIRM, period="month")


def test_a_change_beyond_its_uncertainty_is_a_trend():
    series = _windows(january=19, february=2)
    diagnosis = diagnose(series.items[-1], series=series)
    trend = diagnosis.by_code("trend")[0]
    assert trend.subject == "user_creativity"
    assert trend.severity is Severity.WARNING
    assert trend.numbers["change"] < 0
    assert trend.numbers["p_value"] < 0.05 / trend.numbers["tested"]
    assert "Holm" in trend.message


def test_a_wiggle_is_not_a_trend():
    series = _windows(january=10, february=12)
    assert diagnose(series.items[-1], series=series).by_code("trend") == ()


def test_holm_matches_statsmodels():
    # statsmodels 0.15.0: multipletests(p, 0.05, method="holm")[0].tolist()
    assert holm([0.01, 0.04, 0.03, 0.005], 0.05) == [True, False, False, True]
    assert holm([0.001, 0.012, 0.013, 0.04, 0.2, 0.0125], 0.05) == [
        True,
        False,
        False,
        False,
        False,
        False,
    ]


def test_round_trip_and_renderings(recordfarm):
    _, diagnosis = recordfarm
    text = diagnosis.to_json()
    assert json.loads(text)["schema_version"] == 1
    assert Diagnosis.from_json(text) == diagnosis
    assert Diagnosis.from_dict(diagnosis.to_dict()) == diagnosis
    table = diagnosis.summary()
    assert "rank  condition" in table
    assert "warning [weakest_condition] customization" in table
    markdown = diagnosis.to_markdown()
    assert "| rank | condition |" in markdown
    assert "`weakest_condition`" in markdown
    assert "weakest customization" in repr(diagnosis)


def test_bad_arguments():
    result = vcc.assess(_log([("a", "rf", "view", "2024-01-05")]), actors=FIRM)
    with pytest.raises(ArgumentTypeError, match="assessment must be"):
        diagnose("not an assessment")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="funnel must be"):
        diagnose(result, funnel=result)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="minimum_n"):
        diagnose(result, minimum_n=0)
    with pytest.raises(ValidationError, match="alpha"):
        diagnose(result, alpha=1.5)
    with pytest.raises(ValidationError, match="schema version"):
        Diagnosis.from_dict({"schema_version": 99})


def test_a_diagnosis_feeds_the_playbook(recordfarm):
    result, diagnosis = recordfarm
    assert diagnosis.assessment == result
    plan = vcc.playbook.recommend(diagnosis, budget=5_000)
    assert plan.practices
    assert Diagnosis.from_json(diagnosis.to_json()).assessment == result
