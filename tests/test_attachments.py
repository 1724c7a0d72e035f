"""Graph and survey attachments on Evidence, and how assess() uses them."""

from __future__ import annotations

import pickle

import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.testing import sample_log


@pytest.fixture
def log():
    return sample_log()


def test_attach_shares_tables_and_keeps_the_original(log):
    evidence = vcc.Evidence.from_log(log)
    graph = vcc.ValueFlowGraph.from_log(log)
    answers = vcc.SurveyResponses.from_wide(
        {"respondent": ["a"], "reward_1": [4]}, vcc.KIM_CHOI_2019_INSTRUMENT
    )
    attached = evidence.attach(graph=graph, survey=answers)
    assert evidence.graph is None
    assert evidence.survey is None
    assert attached.graph is graph
    assert attached.survey is answers
    assert attached.events("content") == evidence.events("content")
    assert attached != evidence
    assert attached.attach() == attached  # nothing new keeps what is there
    assert attached.select().graph is graph  # narrowing keeps attachments


def test_attachments_survive_pickle(log):
    attached = vcc.Evidence.from_log(log).attach(graph=vcc.ValueFlowGraph.from_log(log))
    again = pickle.loads(pickle.dumps(attached))
    assert again == attached
    assert again.graph == attached.graph


def test_merge_keeps_agreeing_attachments_and_refuses_different_ones(log):
    half = len(log) // 2
    first = vcc.Evidence.from_log(log[:half])
    second = vcc.Evidence.from_log(log[half:])
    graph = vcc.ValueFlowGraph.from_log(log)
    whole = vcc.Evidence.merge(first.attach(graph=graph), second)
    assert whole.graph is graph
    assert vcc.Evidence.merge(first.attach(graph=graph), second.attach(graph=graph)).graph == graph
    assert whole == vcc.Evidence.from_log(log).attach(graph=graph)
    other = vcc.ValueFlowGraph.from_log(log[:half])
    with pytest.raises(ValidationError, match="different attached graphs"):
        vcc.Evidence.merge(first.attach(graph=graph), second.attach(graph=other))


def test_attach_checks_the_graph(log):
    evidence = vcc.Evidence.from_log(log)
    with pytest.raises(ValidationError, match="must be a ValueFlowGraph"):
        evidence.attach(graph=log)
    narrow = vcc.KIM_CHOI_2019_MAP.drop(kind="view")
    graph = vcc.ValueFlowGraph.from_log(log, mapping=narrow)
    with pytest.raises(ValidationError, match="another framework or condition map"):
        evidence.attach(graph=graph)


def test_assess_over_refuses_attached_sources(log):
    evidence = vcc.Evidence.from_log(log, period="month")
    attached = evidence.attach(graph=vcc.ValueFlowGraph.from_log(log))
    with pytest.raises(ValidationError, match="whole data"):
        vcc.assess_over(attached, period="month")
