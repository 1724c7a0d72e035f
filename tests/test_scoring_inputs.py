"""ScoringInputs: evidence with its graph and survey, and Evidence a pure monoid."""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import warnings

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as vst

import valuecocreation as vcc
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.scoring import ParticipationScorer, ScoringInputs
from valuecocreation.testing import sample_log

FIRM = {"firm": "firm"}
ANSWERS = vcc.SurveyResponses.from_wide(
    {"respondent": ["a", "b", "c"], "reward_1": [4, 5, 2], "content_1": [3, None, 1]},
    vcc.KIM_CHOI_2019_INSTRUMENT,
)


@pytest.fixture
def log():
    return sample_log()


def test_inputs_hold_evidence_graph_and_survey_side_by_side(log):
    evidence = vcc.Evidence.from_log(log)
    graph = vcc.ValueFlowGraph.from_log(log)
    inputs = ScoringInputs(evidence, graph=graph, survey=ANSWERS)
    assert inputs.evidence is evidence
    assert inputs.graph is graph
    assert inputs.survey is ANSWERS
    assert inputs.evidence.events("content") == evidence.events("content")
    assert inputs != ScoringInputs(evidence)
    assert ScoringInputs(evidence) == ScoringInputs(vcc.Evidence.from_log(log))
    narrowed = attrs.evolve(inputs, evidence=evidence.select())  # the graph stays
    assert narrowed.graph is graph
    assert vcc.ScoringInputs is ScoringInputs
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        inputs.graph = None  # type: ignore[misc]


def test_evidence_carries_no_attachments(log):
    evidence = vcc.Evidence.from_log(log)
    assert not hasattr(evidence, "attach")
    assert not hasattr(evidence, "graph")
    assert not hasattr(evidence, "survey")


def test_inputs_survive_pickle(log):
    inputs = ScoringInputs(vcc.Evidence.from_log(log), graph=vcc.ValueFlowGraph.from_log(log))
    again = pickle.loads(pickle.dumps(inputs))
    assert again == inputs
    assert again.graph == inputs.graph


def test_parts_merge_whatever_the_whole_is_scored_with(log):
    half = len(log) // 2
    first = vcc.Evidence.from_log(log[:half], actors=FIRM)
    second = vcc.Evidence.from_log(log[half:], actors=FIRM)
    graph = vcc.ValueFlowGraph.from_log(log, actors=FIRM)
    whole = vcc.Evidence.merge(first, second)
    assert whole == vcc.Evidence.from_log(log, actors=FIRM)
    assert vcc.assess(whole, graph=graph) == vcc.assess(log, actors=FIRM, graph=graph)


def test_inputs_check_the_graph(log):
    evidence = vcc.Evidence.from_log(log)
    with pytest.raises(ValidationError, match="must be a ValueFlowGraph"):
        ScoringInputs(evidence, graph=log)
    narrow = vcc.KIM_CHOI_2019_MAP.drop(kind="view")
    graph = vcc.ValueFlowGraph.from_log(log, mapping=narrow)
    with pytest.raises(ValidationError, match="another framework or condition map"):
        ScoringInputs(evidence, graph=graph)
    with pytest.raises(ArgumentTypeError, match="evidence must be an Evidence"):
        ScoringInputs(log)


def test_assess_over_scores_windows_from_events_only(log):
    evidence = vcc.Evidence.from_log(log, period="month")
    series = vcc.assess_over(evidence, period="month")
    assert [item.window for item in series] == list(evidence.window_labels)
    with pytest.raises(TypeError, match="graph"):
        vcc.assess_over(evidence, period="month", graph=vcc.ValueFlowGraph.from_log(log))  # type: ignore[call-arg]


def test_scorers_refuse_bare_evidence_and_say_how_to_wrap_it(log):
    evidence = vcc.Evidence.from_log(log)
    with pytest.raises(ArgumentTypeError, match=r"pass ScoringInputs\(evidence\)"):
        ParticipationScorer().score(evidence, "reward")  # type: ignore[arg-type]


_RECORDS = st.lists(
    st.builds(
        vcc.Interaction,
        source=st.sampled_from(["ana", "ben", "cai", "firm"]),
        target=st.sampled_from(["ana", "ben", "firm", "dee"]),
        kind=vst.interaction_kinds(),
        timestamp=st.datetimes(
            min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2024, 3, 1)
        ),
        channel=st.sampled_from([None, "fb", "yt"]),
    ),
    max_size=16,
)


@given(_RECORDS, st.data(), st.booleans(), st.booleans())
def test_merged_parts_assess_as_the_concatenated_log(
    records: list[vcc.Interaction], data: st.DataObject, with_graph: bool, with_survey: bool
) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(records)), max_size=3)))
    bounds = [0, *cuts, len(records)]
    parts = [
        vcc.Evidence.from_log(vcc.InteractionLog.from_records(records[a:b]), actors=FIRM)
        for a, b in itertools.pairwise(bounds)
    ]
    whole = vcc.InteractionLog.from_records(records)
    graph = vcc.ValueFlowGraph.from_log(whole, actors=FIRM) if with_graph else None
    survey = ANSWERS if with_survey else None
    merged = vcc.Evidence.merge(*parts)
    streamed = vcc.assess(merged, graph=graph, survey=survey)
    assert streamed == vcc.assess(
        vcc.Evidence.from_log(whole, actors=FIRM), graph=graph, survey=survey
    )
    # Assessing the log itself adds the checks that read the raw events (issue 13);
    # the scores are the same.
    with warnings.catch_warnings():  # drawn logs may lack the firm the actors name
        warnings.simplefilter("ignore", vcc.errors.FirmNotDeclaredWarning)
        read = vcc.assess(whole, actors=FIRM, graph=graph, survey=survey)
    assert [s.to_dict()["value"] for s in streamed.conditions] == [
        s.to_dict()["value"] for s in read.conditions
    ]
