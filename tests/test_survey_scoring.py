"""LikertScorer, and survey evidence in assess()."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.scoring import (
    DEFAULT_SCORERS,
    CompositeScorer,
    LikertScorer,
    ScoringInputs,
    get_scorer,
)
from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT, Instrument, Item, SurveyResponses
from valuecocreation.testing import check_scorer, sample_log

# These tests are about other things than declaring the firm; that warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


scipy_stats = pytest.importorskip("scipy.stats")


def answers(**columns):
    data = {"respondent": ["a", "b", "c", "d"]}
    data.update(columns)
    return SurveyResponses.from_wide(data, KIM_CHOI_2019_INSTRUMENT)


def attached(responses):
    return ScoringInputs(vcc.Evidence.empty(), survey=responses)


def test_score_by_hand_with_reverse_items():
    # accessibility_3 is reverse-coded: 6 - answer.
    responses = answers(accessibility_1=[5, 4, 2, None], accessibility_3=[1, 2, None, None])
    score = LikertScorer().score(attached(responses), "accessibility")
    # respondent means on 1-5: a (5 + 5) / 2 = 5, b (4 + 4) / 2 = 4, c 2; d answered nothing
    means = np.array([5.0, 4.0, 2.0])
    assert score.n == 3
    assert score.indicator == pytest.approx(means.mean())
    assert score.value == pytest.approx((means.mean() - 1) / 4)
    # Student's t interval of the rescaled respondent means, as scipy computes it.
    rescaled = (means - 1) / 4
    low, high = scipy_stats.t.interval(
        0.95, len(rescaled) - 1, loc=rescaled.mean(), scale=scipy_stats.sem(rescaled)
    )
    assert score.interval == pytest.approx((max(low, 0.0), min(high, 1.0)), rel=1e-12)
    assert score.scorer == "likert"
    assert score.target is None
    assert "1-5 scale" in score.meaning


def test_interval_at_other_levels_and_clipping():
    responses = answers(reward_1=[5, 5, 5, 4])
    for level in (0.8, 0.99):
        score = LikertScorer(confidence=level).score(attached(responses), "reward")
        rescaled = (np.array([5, 5, 5, 4.0]) - 1) / 4
        low, high = scipy_stats.t.interval(
            level, 3, loc=rescaled.mean(), scale=scipy_stats.sem(rescaled)
        )
        assert score.interval == pytest.approx((low, min(high, 1.0)), rel=1e-12)
        assert score.interval[1] == 1.0
        assert score.confidence == level


def test_one_respondent_has_no_interval_and_agreement_no_width():
    single = LikertScorer().score(attached(answers(reward_1=[4, None, None, None])), "reward")
    assert (single.value, single.n, single.interval) == (0.75, 1, None)
    same = LikertScorer().score(attached(answers(reward_1=[4, 4, 4, 4])), "reward")
    assert same.interval == (0.75, 0.75)


@pytest.mark.parametrize(
    ("inputs", "reason"),
    [
        (ScoringInputs(vcc.Evidence.empty()), "no survey responses among the scoring inputs"),
        (
            ScoringInputs(vcc.Evidence.empty(), survey=answers(content_1=[1, 2, 3, 4])),
            "no respondent answered any item of reward (reward_1, reward_2, reward_3)",
        ),
    ],
)
def test_missing_is_not_zero(inputs, reason):
    score = LikertScorer().score(inputs, "reward")
    assert math.isnan(score.value)
    assert reason in score.reason


def test_a_condition_without_items_is_nan():
    only = Instrument(
        name="one",
        version="1",
        citation="",
        scale=(1, 7),
        items=[Item(id="r", wording="w", condition="reward")],
    )
    responses = SurveyResponses.from_wide({"respondent": ["a"], "r": [7]}, only)
    score = LikertScorer().score(attached(responses), "awareness")
    assert score.reason == "instrument 'one' has no item for awareness"
    assert LikertScorer().score(attached(responses), "reward").value == 1.0


def test_items_on_different_scales_are_rescaled_one_by_one():
    mixed = Instrument(
        name="m",
        version="1",
        citation="",
        scale=(1, 5),
        items=[
            Item(id="a", wording="w", condition="reward"),
            Item(id="b", wording="w", condition="reward", scale=(0, 10)),
        ],
    )
    responses = SurveyResponses.from_wide(
        {"respondent": ["x", "y"], "a": [5, 1], "b": [5, 0]}, mixed
    )
    score = LikertScorer().score(attached(responses), "reward")
    assert score.value == pytest.approx((0.75 + 0.0) / 2)
    assert score.indicator == score.value
    assert "rescaled to 0-1" in score.meaning


def test_recoded_responses_score_the_same():
    responses = answers(service_1=[5, 4, 2, 1], service_3=[1, 2, 5, 4])
    plain = LikertScorer().score(attached(responses), "service")
    again = LikertScorer().score(attached(responses.recode()), "service")
    assert plain == again


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=30))
def test_scores_stay_in_range(values):
    responses = SurveyResponses.from_wide(
        {
            "respondent": [str(i) for i in range(len(values))],
            "content_1": values,
            "content_2": values[::-1],
        },
        KIM_CHOI_2019_INSTRUMENT,
    )
    score = LikertScorer().score(attached(responses), "content")
    if score.has_evidence:
        assert 0.0 <= score.value <= 1.0
        assert score.interval is None or score.interval[0] <= score.value <= score.interval[1]
    else:
        assert score.reason


def test_scorer_contract():
    check_scorer(LikertScorer())
    responses = answers(
        **{
            item.id: [1, 3, 5, None]
            for item in KIM_CHOI_2019_INSTRUMENT.items
            if item.condition is not None
        }
    )
    evidence = vcc.Evidence.from_log(sample_log(), actors={"firm": "firm"})
    check_scorer(
        LikertScorer(),
        evidence=[ScoringInputs(evidence, survey=responses), attached(responses)],
    )


def test_registered_and_validated():
    assert "likert" in vcc.scoring.available_scorers()
    assert get_scorer("likert", confidence=0.9) == LikertScorer(confidence=0.9)
    with pytest.raises(ValidationError):
        LikertScorer(confidence=1.0)


def test_scoring_inputs_check_the_survey():
    with pytest.raises(ValidationError, match="survey must be SurveyResponses"):
        ScoringInputs(vcc.Evidence.empty(), survey={"a": [1]})
    odd = Instrument(
        name="odd",
        version="1",
        citation="",
        scale=(1, 5),
        items=[Item(id="x", wording="w", condition="loyalty")],
    )
    responses = SurveyResponses.from_wide({"respondent": ["a"], "x": [3]}, odd)
    with pytest.raises(ValidationError, match="lacks: loyalty"):
        ScoringInputs(vcc.Evidence.empty(), survey=responses)


def test_assess_combines_events_and_survey():
    log = sample_log()
    three = Instrument(
        name="three",
        version="1",
        citation="",
        scale=(1, 5),
        items=[
            KIM_CHOI_2019_INSTRUMENT.item(item_id)
            for item_id in ("reward_1", "awareness_1", "content_1")
        ],
    )
    responses = SurveyResponses.from_wide(
        {"respondent": ["a", "b", "c", "d"], "reward_1": [5, 5, 4, 4], "awareness_1": [1, 1, 1, 1]},
        three,
    )
    plain = vcc.assess(log, actors={"firm": "firm"})
    both = vcc.assess(log, actors={"firm": "firm"}, survey=responses)
    reward = both.condition("reward")
    assert reward.scorer == f"composite({DEFAULT_SCORERS['reward'].name}, likert)"
    events, survey = reward.parts
    # The assessment adds findings to its top-level scores, not to a composite's parts.
    assert events == attrs.evolve(plain.condition("reward"), findings=())
    assert survey.value == pytest.approx(0.875)
    assert reward.value == pytest.approx((events.value + survey.value) / 2)
    # Conditions without survey items keep their event scorer alone.
    assert both.condition("interface") == plain.condition("interface")
    # A condition whose items nobody answered falls back to the events (renormalised).
    assert both.condition("content").value == plain.condition("content").value
    assert both.condition("content").parts[1].reason.startswith("no respondent answered")


def test_assess_keeps_chosen_scorers_and_scores_survey_only_data():
    responses = answers(reward_1=[5, 5, 4, 4])
    chosen = vcc.assess(
        sample_log(), actors={"firm": "firm"}, survey=responses, scorers={"reward": "participation"}
    )
    assert chosen.condition("reward").scorer == "participation"
    survey_only = vcc.assess(
        vcc.Evidence.empty(), survey=responses, scorers={"reward": LikertScorer()}
    )
    assert survey_only.condition("reward").value == pytest.approx(0.875)
    composite = CompositeScorer(parts=[(LikertScorer(), 1.0)])
    assert composite.score(attached(responses), "reward").value == pytest.approx(0.875)
