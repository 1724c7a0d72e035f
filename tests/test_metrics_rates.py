"""Engagement and Kaushik rates, retention and churn, adoption, ROI and the innovation
funnel. Expected values are hand computations of the cited definitions (each test
says which); a zero denominator must give NaN, never 0 or an error.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuecocreation.errors import ValidationError
from valuecocreation.metrics import (
    InnovationFunnel,
    Retention,
    adoption_rate,
    amplification_rate,
    applause_rate,
    churn_rate,
    conversation_rate,
    engagement_rate,
    innovation_funnel,
    retention_between,
    retention_rate,
    roi,
)

counts = st.integers(min_value=0, max_value=10**9)


# ---------------------------------------------------------------------- engagement
def test_engagement_rate_by_each_denominator_by_hand():
    # 50 engagements: over 1,000 reached, 2,500 impressions, 4,000 followers.
    assert engagement_rate(50, reach=1_000) == 0.05
    assert engagement_rate(50, impressions=2_500) == 0.02
    assert engagement_rate(50, followers=4_000) == 0.0125


def test_engagement_rate_per_post_broadcasts():
    # Three posts against one follower count; then per-post reach.
    rates = engagement_rate(np.array([40, 10, 0]), followers=2_000)
    assert isinstance(rates, np.ndarray)
    assert rates.tolist() == [0.02, 0.005, 0.0]
    assert engagement_rate([40, 10], reach=[800, 100]).tolist() == [0.05, 0.1]
    assert engagement_rate(pd.Series([40, 10]), reach=pd.Series([800, 100])).tolist() == [0.05, 0.1]


def test_scalars_give_python_floats():
    for value in (
        engagement_rate(1, reach=4),
        conversation_rate(3, 2),
        retention_rate(start=4, retained=3),
        adoption_rate(1, 2),
        roi(cost=1, gain=2),
    ):
        assert type(value) is float


def test_zero_denominators_and_missing_counts_give_nan():
    assert math.isnan(engagement_rate(0, reach=0))
    assert math.isnan(engagement_rate(5, impressions=0))
    assert math.isnan(engagement_rate(None, reach=10))
    assert math.isnan(engagement_rate(5, followers=float("nan")))
    rates = engagement_rate([5, 5, 5], reach=[10, 0, None])
    assert rates[0] == 0.5
    assert np.isnan(rates[1:]).all()


def test_engagement_rate_needs_exactly_one_denominator():
    with pytest.raises(
        ValidationError, match="give exactly one of reach, impressions, followers; got none"
    ):
        engagement_rate(5)
    with pytest.raises(ValidationError, match="got reach, impressions"):
        engagement_rate(5, reach=10, impressions=20)


@pytest.mark.parametrize(
    ("call", "column", "reason"),
    [
        (lambda: engagement_rate(-1, reach=10), "engagements", "must not be negative"),
        (lambda: engagement_rate([1, 2], reach=[10, -3]), "reach", "must not be negative"),
        (lambda: engagement_rate(1, impressions=math.inf), "impressions", "must be finite"),
        (lambda: engagement_rate("ten", reach=10), "engagements", "not a number"),
        (lambda: conversation_rate(1, -1), "posts", "must not be negative"),
        (lambda: amplification_rate([1, True], 1), "shares", "not a number"),
        (lambda: applause_rate(1, 1, followers=-5), "followers", "must not be negative"),
    ],
)
def test_bad_counts_are_errors(call, column, reason):
    with pytest.raises(ValidationError, match=reason) as caught:
        call()
    assert caught.value.column == column


@given(counts, counts)
def test_engagement_rate_is_a_nonnegative_ratio_or_nan(engagements, reach):
    rate = engagement_rate(engagements, reach=reach)
    if reach == 0:
        assert math.isnan(rate)
    else:
        assert rate == engagements / reach


# ---------------------------------------------------------------------- Kaushik
def test_kaushik_rates_by_hand():
    # Kaushik (2011): per post.  45 comments, 9 shares and 300 likes on 15 posts.
    assert conversation_rate(45, 15) == 3.0
    assert amplification_rate(9, 15) == 0.6
    assert applause_rate(300, 15) == 20.0


def test_kaushik_rates_per_follower():
    # 45 comments / 15 posts / 1,500 followers = 0.002 per follower.
    assert conversation_rate(45, 15, followers=1_500) == pytest.approx(0.002, rel=1e-15)
    assert math.isnan(applause_rate(10, 2, followers=0))


def test_kaushik_rates_per_post_and_without_posts():
    assert amplification_rate([12, 0, 3], 1).tolist() == [12.0, 0.0, 3.0]
    assert math.isnan(conversation_rate(4, 0))
    assert conversation_rate(0, 4) == 0.0  # posts without comments: a real 0


# ---------------------------------------------------------------------- retention
def test_retention_from_counts_by_hand():
    # (210 - 50) / 200 = 0.8; churn = 40 / 200.
    assert retention_rate(start=200, end=210, new=50) == 0.8
    assert churn_rate(start=200, end=210, new=50) == 0.2
    assert retention_rate(start=200, retained=150) == 0.75
    assert churn_rate(start=200, retained=150) == 0.25


def test_retention_series_and_empty_start():
    rates = retention_rate(start=[100, 80, 0], retained=[80, 40, 0])
    assert rates[:2].tolist() == [0.8, 0.5]
    assert math.isnan(rates[2])
    assert math.isnan(churn_rate(start=0, end=5, new=5))


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"start": 10, "retained": 11}, "more customers retained than there were at the start"),
        ({"start": 10, "end": 5, "new": 6}, "more new customers than customers at the end"),
        ({"start": 10, "end": 25, "new": 5}, "more customers at the end who are not new"),
        ({"start": -1, "retained": 0}, "start must not be negative"),
        ({"start": 10.5, "retained": 1}, "start must be whole numbers"),
        ({"start": 10}, "give retained, or both end and new"),
        ({"start": 10, "end": 10}, "give retained, or both end and new"),
        ({"start": 10, "retained": 5, "new": 1}, "either retained, or end and new"),
    ],
)
def test_bad_retention_counts(kwargs, reason):
    with pytest.raises(ValidationError, match=reason):
        retention_rate(**kwargs)
    with pytest.raises(ValidationError, match=reason):
        churn_rate(**kwargs)


@given(st.data())
def test_retention_and_churn_are_complements_in_unit_interval(data):
    start = data.draw(st.integers(min_value=0, max_value=10**6))
    retained = data.draw(st.integers(min_value=0, max_value=start))
    keep = retention_rate(start=start, retained=retained)
    lose = churn_rate(start=start, retained=retained)
    if start == 0:
        assert math.isnan(keep)
        assert math.isnan(lose)
    else:
        assert 0.0 <= keep <= 1.0
        assert keep + lose == pytest.approx(1.0, abs=1e-15)


def test_retention_between_sets_by_hand():
    # ana, ben, cy, dan before; ben, cy, dan, eve, fay after: 3 kept, 1 lost, 2 new.
    kept = retention_between(["ana", "ben", "cy", "dan", "ben"], {"ben", "cy", "dan", "eve", "fay"})
    assert (kept.start, kept.retained, kept.end, kept.lost, kept.new) == (4, 3, 5, 1, 2)
    assert kept.rate == 0.75
    assert kept.churn == 0.25


def test_retention_between_integer_arrays_matches_sets():
    rng = np.random.default_rng(5)
    before = rng.integers(0, 5_000, 20_000)
    after = rng.integers(2_000, 7_000, 20_000)
    fast = retention_between(before, after)
    slow = retention_between(before.tolist(), after.tolist())
    assert fast == slow
    assert fast.retained == len(set(before.tolist()) & set(after.tolist()))
    text = retention_between(before.astype(str), after.astype(str))
    assert text == slow


def test_retention_between_empty_periods():
    nobody = retention_between([], ["ana"])
    assert math.isnan(nobody.rate)
    assert math.isnan(nobody.churn)
    assert nobody.new == 1
    assert retention_between(np.array([], dtype=np.int64), np.array([1, 2])).end == 2


@given(st.sets(st.integers(0, 30)), st.sets(st.integers(0, 30)))
def test_retention_between_is_in_unit_interval(before, after):
    kept = retention_between(before, after)
    assert kept.retained == len(before & after)
    if before:
        assert 0.0 <= kept.rate <= 1.0
        assert kept.rate + kept.churn == pytest.approx(1.0, abs=1e-15)
    else:
        assert math.isnan(kept.rate)


def test_retention_between_bad_ids():
    with pytest.raises(ValidationError, match="a customer id is missing") as caught:
        retention_between(["ana", None], ["ana"])
    assert caught.value.row == 1
    with pytest.raises(ValidationError, match="missing"):
        retention_between([1.0, math.nan], [1.0])
    with pytest.raises(ValidationError, match="hashable"):
        retention_between([["ana"]], ["ana"])
    with pytest.raises(ValidationError, match="collection of customer ids"):
        retention_between("ana", ["ana"])
    with pytest.raises(ValidationError, match="collection of customer ids"):
        retention_between(5, ["ana"])


def test_retention_result_round_trips_and_checks_itself():
    kept = Retention(start=4, retained=3, end=5)
    assert json.loads(kept.to_json())["rate"] == 0.75
    assert Retention.from_json(kept.to_json()) == kept
    assert json.loads(Retention(start=0, retained=0, end=2).to_json())["rate"] is None
    with pytest.raises(ValidationError, match="more customers retained"):
        Retention(start=2, retained=3, end=5)
    with pytest.raises(ValidationError, match="whole number"):
        Retention(start=-2, retained=0, end=5)
    with pytest.raises(ValidationError, match="malformed retention"):
        Retention.from_dict({"schema_version": 1, "start": 1})


# ---------------------------------------------------------------------- adoption and ROI
def test_adoption_rate_by_hand():
    # 120 of 480 eligible customers.
    assert adoption_rate(120, 480) == 0.25
    rates = adoption_rate([120, 0, 3], [480, 0, 3])
    assert rates[0] == 0.25
    assert math.isnan(rates[1])
    assert rates[2] == 1.0


def test_adoption_rate_rejects_impossible_counts():
    with pytest.raises(ValidationError, match="more adopters than eligible") as caught:
        adoption_rate([1, 5], [2, 4])
    assert caught.value.row == 1
    with pytest.raises(ValidationError, match="whole numbers"):
        adoption_rate(1.5, 4)


@given(st.data())
def test_adoption_rate_in_unit_interval(data):
    eligible = data.draw(st.integers(min_value=1, max_value=10**6))
    adopters = data.draw(st.integers(min_value=0, max_value=eligible))
    assert 0.0 <= adoption_rate(adopters, eligible) <= 1.0


def test_roi_by_hand():
    # (3,000 - 2,000) / 2,000; (10,000 * 0.3 - 2,000) / 2,000; (800 - 1,000) / 1,000.
    assert roi(cost=2_000, gain=3_000) == 0.5
    assert roi(cost=2_000, revenue=10_000, margin=0.3) == 0.5
    assert roi(cost=1_000, gain=800) == -0.2
    assert roi(cost=1_000, revenue=1_500, margin=1.0) == 0.5  # revenue all profit, if said
    assert roi(cost=500, gain=-100) == -1.2  # a loss beyond the cost
    assert math.isnan(roi(cost=0, gain=100))
    per_initiative = roi(cost=[100, 200], revenue=[300, 300], margin=[0.5, 1.0])
    assert per_initiative.tolist() == [0.5, 0.5]


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"cost": 100}, "exactly one of gain and revenue"),
        ({"cost": 100, "gain": 1, "revenue": 1}, "exactly one of gain and revenue"),
        ({"cost": -1, "gain": 1}, "cost must not be negative"),
        ({"cost": 1, "gain": math.inf}, "gain must be finite"),
        ({"cost": 1, "revenue": 10, "margin": 1.5}, "a margin must be from 0 to 1"),
        ({"cost": 1, "revenue": 10, "margin": -0.1}, "margin must not be negative"),
        ({"cost": 1, "revenue": 10}, "revenue is not profit: pass margin="),
        ({"cost": 1, "gain": 10, "margin": 0.5}, "gain is already profit"),
    ],
)
def test_bad_roi_input(kwargs, reason):
    with pytest.raises(ValidationError, match=reason):
        roi(**kwargs)


# ---------------------------------------------------------------------- innovation funnel
def test_innovation_funnel_by_hand():
    # Implemented after 30, 10 and 2 days; median 10, mean 14.  Two never implemented.
    ideas = innovation_funnel(
        submitted=["2024-01-01", "2024-01-05", "2024-02-01", "2024-03-01", "2024-03-02"],
        implemented=["2024-01-31", None, "2024-02-11", "2024-03-03", ""],
    )
    assert (ideas.submitted, ideas.implemented, ideas.pending) == (5, 3, 2)
    assert ideas.share_implemented == 0.6
    assert ideas.median_days == 10.0
    assert ideas.mean_days == 14.0


def test_innovation_funnel_keeps_time_of_day_and_reads_datetimes():
    # 36 hours and 12 hours: median and mean 1 day.
    ideas = innovation_funnel(
        submitted=[dt.datetime(2024, 1, 1, 0, 0), np.datetime64("2024-01-02T12:00")],
        implemented=[dt.datetime(2024, 1, 2, 12, 0), np.datetime64("2024-01-03T00:00")],
    )
    assert ideas.median_days == 1.0
    assert ideas.mean_days == 1.0


def test_innovation_funnel_without_implementations_or_ideas():
    ideas = innovation_funnel(["2024-01-01"], [None])
    assert ideas.implemented == 0
    assert math.isnan(ideas.median_days)
    assert math.isnan(ideas.mean_days)
    assert ideas.share_implemented == 0.0
    nothing = innovation_funnel([], [])
    assert math.isnan(nothing.share_implemented)
    assert json.loads(nothing.to_json())["share_implemented"] is None
    assert InnovationFunnel.from_json(nothing.to_json()) == nothing


def test_innovation_funnel_round_trip():
    ideas = innovation_funnel(
        ["2024-01-01", "2024-01-02T06:00"], ["2024-01-04T03:17:00.000123", None]
    )
    assert InnovationFunnel.from_dict(json.loads(ideas.to_json())) == ideas
    assert ideas.median_days == (3 * 86_400 + 3 * 3_600 + 17 * 60 + 0.000123) / 86_400


@pytest.mark.parametrize(
    ("submitted", "implemented", "row", "column", "reason"),
    [
        (["2024-02-01"], ["2024-01-01"], 0, "implemented", "before it was submitted"),
        (["2024-01-01", None], [None, None], 1, "submitted", "timestamp is missing"),
        (["2024-01-01", "soon"], [None, None], 1, "submitted", "cannot read"),
        (["2024-01-01"], ["later"], 0, "implemented", "cannot read"),
    ],
)
def test_bad_ideas_name_the_row(submitted, implemented, row, column, reason):
    with pytest.raises(ValidationError, match=reason) as caught:
        innovation_funnel(submitted, implemented)
    assert (caught.value.row, caught.value.column) == (row, column)


def test_innovation_funnel_columns_must_match():
    with pytest.raises(ValidationError, match="differ in length"):
        innovation_funnel(["2024-01-01"], [])
    with pytest.raises(ValidationError, match="sequence of timestamps"):
        innovation_funnel("2024-01-01", ["2024-01-02"])


def test_innovation_funnel_result_checks_itself():
    with pytest.raises(ValidationError, match="more ideas implemented than submitted"):
        InnovationFunnel(submitted=1, implemented=2, median_days=1.0, mean_days=1.0)
    with pytest.raises(ValidationError, match="NaN exactly when no idea"):
        InnovationFunnel(submitted=2, implemented=0, median_days=1.0, mean_days=1.0)
    with pytest.raises(ValidationError, match="number of days"):
        InnovationFunnel(submitted=2, implemented=1, median_days=-1.0, mean_days=1.0)


def test_errors_name_a_row_only_for_arrays():
    with pytest.raises(ValidationError) as single:
        engagement_rate(-1, reach=10)
    assert single.value.row is None
    assert str(single.value) == "column 'engagements', value -1: engagements must not be negative"
    with pytest.raises(ValidationError) as many:
        engagement_rate([1, -1, -2], reach=10)
    assert (many.value.row, many.value.more) == (1, 1)
    with pytest.raises(ValidationError) as broadcast:
        adoption_rate([[1, 5], [3, 3]], [4, 4])
    assert broadcast.value.row == 1  # the flat position of the first bad element
