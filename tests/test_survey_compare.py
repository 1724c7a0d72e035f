"""compare_groups against scipy, statsmodels (pasted values) and hand computations."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuecocreation.errors import ValidationError
from valuecocreation.survey import (
    KIM_CHOI_2019_INSTRUMENT,
    GroupComparison,
    SurveyResponses,
    compare_groups,
)
from valuecocreation.survey._compare import effect_sizes, newcombe_interval, welch

scipy_stats = pytest.importorskip("scipy.stats")

BEFORE = [3, 4, 2, 4, 3, 5, 2, 3, 4, 3, 2, 4]
AFTER = [5, 4, 5, 3, 5, 4, 4, 5, 5, 4]


def survey(before=BEFORE, after=AFTER, item="overall_satisfaction", **more):
    n = len(before) + len(after)
    data = {
        "respondent": [f"r{i}" for i in range(n)],
        "group": ["before"] * len(before) + ["after"] * len(after),
        item: list(before) + list(after),
    }
    data.update(more)
    return SurveyResponses.from_wide(data, KIM_CHOI_2019_INSTRUMENT, attributes=["group"])


def test_welch_matches_scipy():
    result = compare_groups(survey(), item="overall_satisfaction")
    reference = scipy_stats.ttest_ind(AFTER, BEFORE, equal_var=False)
    assert result.t == pytest.approx(reference.statistic, rel=1e-12)
    assert result.df == pytest.approx(reference.df, rel=1e-12)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-9)
    low, high = reference.confidence_interval(0.95)
    assert result.interval == pytest.approx((low, high), rel=1e-9)
    assert result.difference == pytest.approx(np.mean(AFTER) - np.mean(BEFORE))
    assert (result.n_a, result.n_b) == (12, 10)
    assert result.sd_a == pytest.approx(np.std(BEFORE, ddof=1))
    assert result.reason == ""


@given(
    st.lists(st.integers(1, 5), min_size=2, max_size=40),
    st.lists(st.integers(1, 5), min_size=2, max_size=40),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_welch_matches_scipy_on_any_groups(before, after, level):
    difference, interval, df, t, p_value = welch(
        np.array(before, float), np.array(after, float), level
    )
    assert difference == pytest.approx(np.mean(after) - np.mean(before), abs=1e-12)
    if np.var(before) == 0 and np.var(after) == 0:
        assert interval is None
        assert math.isnan(p_value)
        return
    with warnings.catch_warnings():  # scipy warns of lost precision for near-equal groups
        warnings.simplefilter("ignore", RuntimeWarning)
        reference = scipy_stats.ttest_ind(after, before, equal_var=False)
    assert t == pytest.approx(reference.statistic, rel=1e-9, abs=1e-12)
    assert p_value == pytest.approx(reference.pvalue, rel=1e-8, abs=1e-14)
    assert interval == pytest.approx(
        tuple(reference.confidence_interval(level)), rel=1e-8, abs=1e-12
    )
    assert df == pytest.approx(reference.df, rel=1e-9)


def test_effect_sizes_by_hand():
    # before: n 12, mean 39/12 = 3.25, sum of squares 10.25; after: n 10, mean 4.4, ss 4.4.
    before, after = np.array(BEFORE, float), np.array(AFTER, float)
    assert before.mean() == 3.25
    assert ((before - before.mean()) ** 2).sum() == pytest.approx(10.25)
    assert ((after - after.mean()) ** 2).sum() == pytest.approx(4.4)
    pooled = math.sqrt((10.25 + 4.4) / 20)
    d = (4.4 - 3.25) / pooled
    # Hedges' exact J(20) = Gamma(10) / (sqrt(10) Gamma(9.5)) = 0.96194...; the usual
    # approximation 1 - 3 / (4 * 20 - 1) = 0.962025 agrees to 1e-4.
    j = math.gamma(10) / (math.sqrt(10) * math.gamma(9.5))
    assert j == pytest.approx(0.96194, abs=1e-5)
    assert j == pytest.approx(1 - 3 / (4 * 20 - 1), abs=1e-4)
    cohen, hedges = effect_sizes(before, after)
    assert cohen == pytest.approx(d, rel=1e-12)
    # statsmodels 0.15.0 effectsize_smd(after.mean(), after.std(ddof=1), 10, before.mean(),
    # before.std(ddof=1), 12)[0], which applies the approximate correction:
    assert cohen * (1 - 3 / (4 * 20 - 1)) == pytest.approx(1.2926487389101924, rel=1e-12)
    assert hedges == pytest.approx(d * j, rel=1e-12)
    result = compare_groups(survey(), item="overall_satisfaction")
    assert (result.cohen_d, result.hedges_g) == (cohen, hedges)


# statsmodels 0.15.0: confint_proportions_2indep(count1, nobs1, count2, nobs2,
# method="newcomb", compare="diff"); the first two rows are also examples (a) and (b) of
# Newcombe (1998), Table II, method 10: 0.0524 to 0.3339 and 0.1705 to 0.8090.
NEWCOMBE = [
    ((56, 70, 48, 80), (0.05243147240236498, 0.33387265403690614)),
    ((9, 10, 3, 10), (0.1705227239345029, 0.809017973535488)),
    ((6, 7, 2, 7), (0.05822792748231209, 0.8062496375242278)),
    ((5, 56, 0, 29), (-0.038137147903536936, 0.19256001385511165)),
    ((0, 10, 0, 20), (-0.1611251580528194, 0.27753279986288926)),
    ((0, 10, 0, 10), (-0.27753279986288926, 0.27753279986288926)),
    ((10, 10, 0, 20), (0.6790860371419145, 1.0)),
    ((10, 10, 0, 10), (0.6075093504305241, 1.0)),
]


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE)
def test_newcombe_matches_statsmodels(counts, expected):
    assert newcombe_interval(*counts, 0.95) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_top_box_shares():
    # Top two boxes (4 or 5): before 5 of 12, after 9 of 10.
    result = compare_groups(survey(), item="overall_satisfaction", top_box=4)
    assert (result.share_a, result.share_b) == (5 / 12, 0.9)
    assert result.share_difference == pytest.approx(0.9 - 5 / 12)
    assert result.share_interval == newcombe_interval(9, 10, 5, 12, 0.95)
    assert result.top_box == 4.0


def test_conditions_compare_respondent_means():
    # accessibility_3 is reverse-coded: 6 - answer.
    data = survey(
        before=[4, 2, 5],
        after=[5, 5, 4],
        item="accessibility_1",
        accessibility_3=[2, 4, None, 1, 1, 2],
    )
    result = compare_groups(data, condition="accessibility")
    # before: (4 + 4) / 2 = 4, (2 + 2) / 2 = 2, 5; after: 5, 5, (4 + 4) / 2 = 4
    reference = scipy_stats.ttest_ind([5, 5, 4], [4, 2, 5], equal_var=False)
    assert result.difference == pytest.approx(1.0)
    assert result.t == pytest.approx(reference.statistic, rel=1e-12)
    assert (result.measure, result.key, result.scale) == ("condition", "accessibility", (1.0, 5.0))
    rescaled = compare_groups(data, condition="accessibility", rescaled=True, top_box=0.75)
    assert rescaled.difference == pytest.approx(0.25)
    assert rescaled.scale == (0.0, 1.0)
    assert (rescaled.share_a, rescaled.share_b) == (pytest.approx(2 / 3), 1.0)


def test_other_attributes_and_missing_answers():
    data = survey(before=[4, None, 5, 3], after=[2, 3, None, None])
    result = compare_groups(data, "group", "after", "before", item="overall_satisfaction")
    assert (result.a, result.b, result.n_a, result.n_b) == ("after", "before", 2, 3)
    assert result.difference == pytest.approx(4.0 - 2.5)


def test_what_cannot_be_computed_is_nan_with_a_reason():
    few = compare_groups(survey(before=[4], after=[3, 5]), item="overall_satisfaction", top_box=4)
    assert few.difference == 0.0
    assert few.interval is None
    assert math.isnan(few.t)
    assert math.isnan(few.sd_a)
    assert "fewer than two" in few.reason
    assert few.share_interval is not None
    flat = compare_groups(survey(before=[4, 4], after=[4, 4]), item="overall_satisfaction")
    assert math.isnan(flat.p_value)
    assert math.isnan(flat.cohen_d)
    assert "no variation" in flat.reason
    empty = compare_groups(
        survey(before=[None, None], after=[3, 4]), item="overall_satisfaction", top_box=4
    )
    assert math.isnan(empty.difference)
    assert empty.n_a == 0
    assert empty.share_interval is None
    assert math.isnan(empty.share_a)
    assert "no respondent with a value" in empty.reason


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({}, "exactly one"),
        ({"item": "overall_satisfaction", "condition": "reward"}, "exactly one"),
        (
            {"item": "overall_satisfaction", "b": "later"},
            "no respondent has group = 'later'; values are: before, after",
        ),
        ({"item": "overall_satisfaction", "by": "country"}, "no respondent attribute"),
        ({"item": "nothing"}, "no item 'nothing'"),
        ({"condition": "loyalty"}, "no item for 'loyalty'"),
        ({"item": "overall_satisfaction", "top_box": 6}, "within the scale 1-5"),
        ({"item": "overall_satisfaction", "top_box": True}, "within the scale"),
        ({"item": "overall_satisfaction", "confidence": 1.5}, "confidence"),
    ],
)
def test_bad_requests(options, match):
    with pytest.raises(ValidationError, match=match):
        compare_groups(survey(), **options)


def test_round_trip():
    for result in (
        compare_groups(survey(), item="overall_satisfaction", top_box=4),
        compare_groups(survey(before=[4], after=[3]), item="overall_satisfaction"),
    ):
        data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
        assert GroupComparison.from_dict(data) == result
    with pytest.raises(ValidationError, match="malformed group comparison"):
        GroupComparison.from_dict({"measure": "item"})
