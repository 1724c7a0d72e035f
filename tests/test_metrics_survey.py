"""NPS, CSAT and CES (valuecocreation.metrics._survey).

Expected values are computed by hand from the published definitions; each test
says how. The Wald variance of the NPS is the formula of Rocks (2016), the one his
R package ``NPS`` implements as ``npvar`` (``(p + d) - (p - d)^2``, over ``n``).
"""

from __future__ import annotations

import json
import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuecocreation import metrics
from valuecocreation.errors import ValidationError
from valuecocreation.metrics import NpsSummary, ces, csat, nps, nps_summary

Z95 = NormalDist().inv_cdf(0.975)
# 5 promoters (10, 9, 10, 9, 9), 2 passives (8, 7), 3 detractors (6, 0, 3).
SCORES = [10, 9, 8, 7, 6, 0, 10, 9, 9, 3]

answers = st.lists(st.integers(min_value=0, max_value=10), max_size=60)


# ---------------------------------------------------------------------- NPS
def test_nps_by_hand():
    # 100 * (5 - 3) / 10
    assert nps(SCORES) == 20.0


def test_nps_boundaries_of_the_groups():
    # 6 is a detractor, 7 and 8 passives, 9 a promoter (Reichheld 2003).
    summary = nps_summary([6, 7, 8, 9])
    assert (summary.promoters, summary.passives, summary.detractors) == (1, 2, 1)
    assert summary.value == 0.0


def test_nps_leaves_out_missing_answers():
    # None and NaN are respondents who did not answer: n is 2, not 4.
    assert nps([10, None, float("nan"), 0]) == 0.0
    assert nps_summary([10, None, 9]).n == 2


def test_nps_reads_arrays_series_and_integral_floats():
    expected = nps(SCORES)
    assert nps(np.array(SCORES, dtype=np.int8)) == expected
    assert nps(np.array(SCORES, dtype=float)) == expected
    assert nps(pd.Series(SCORES)) == expected
    assert nps(pd.Series([*SCORES, None], dtype="Int64")) == expected


def test_nps_without_answers_is_nan():
    assert math.isnan(nps([]))
    assert math.isnan(nps([None, None]))
    summary = nps_summary([])
    assert summary.n == 0
    assert math.isnan(summary.value)
    assert all(math.isnan(bound) for bound in summary.interval)
    assert math.isnan(summary.standard_error)


def test_wald_interval_by_hand():
    # p = 0.5, d = 0.3: variance (0.5 + 0.3 - 0.2 ** 2) / 10 = 0.76 / 10.
    summary = nps_summary(SCORES, method="wald")
    half = Z95 * math.sqrt(0.76 / 10)
    assert summary.standard_error == pytest.approx(100 * math.sqrt(0.076), rel=1e-15)
    low, high = summary.interval
    assert low == pytest.approx(100 * (0.2 - half), rel=1e-14)
    assert high == pytest.approx(100 * (0.2 + half), rel=1e-14)


def test_adjusted_wald_interval_by_hand():
    # Lewis & Sauro (2021): promoters 5.75, detractors 3.75, n 13.
    p, d, n = 5.75 / 13, 3.75 / 13, 13
    centre = p - d
    half = Z95 * math.sqrt((p + d - centre**2) / n)
    low, high = nps_summary(SCORES).interval
    assert low == pytest.approx(100 * (centre - half), rel=1e-14)
    assert high == pytest.approx(100 * (centre + half), rel=1e-14)


def test_interval_at_another_confidence_level():
    z = NormalDist().inv_cdf(0.95)  # a 90 % interval
    low, high = nps_summary(SCORES, ci=0.90, method="wald").interval
    assert high - low == pytest.approx(2 * 100 * z * math.sqrt(0.076), rel=1e-14)


def test_intervals_are_clipped_to_the_scale():
    # All promoters: Wald has zero width; adjusted Wald reaches past 100 and is clipped.
    assert nps_summary([10] * 5, method="wald").interval == (100.0, 100.0)
    low, high = nps_summary([10] * 5).interval
    assert high == 100.0
    assert low < 100.0
    assert nps_summary([0] * 5).interval[0] == -100.0


def test_summary_from_counts_equals_summary_from_scores():
    from_scores = nps_summary(SCORES)
    from_counts = NpsSummary.from_counts(promoters=5, passives=2, detractors=3)
    assert from_scores == from_counts
    assert from_counts.shares == {"promoters": 0.5, "passives": 0.2, "detractors": 0.3}


def test_summary_round_trips_through_json():
    summary = nps_summary(SCORES, ci=0.9, method="wald")
    data = json.loads(summary.to_json())
    assert data["value"] == 20.0
    assert data["n"] == 10
    assert NpsSummary.from_dict(data) == summary
    assert NpsSummary.from_json(summary.to_json()) == summary
    empty = nps_summary([])
    assert json.loads(empty.to_json())["interval"] == [None, None]
    assert NpsSummary.from_json(empty.to_json()) == empty


def test_summary_repr_names_the_groups():
    assert repr(nps_summary(SCORES)).startswith(
        "<NpsSummary 20.0 (n=10: 5 promoters, 2 passives, 3 detractors; 95% adjusted-wald"
    )


@given(answers)
def test_nps_lies_in_its_range(scores):
    value = nps(scores)
    assert math.isnan(value) == (not scores)
    if scores:
        assert -100.0 <= value <= 100.0


@given(st.integers(min_value=1, max_value=200))
def test_nps_of_all_tens_is_100_and_of_all_zeros_is_minus_100(n):
    assert nps([10] * n) == 100.0
    assert nps([0] * n) == -100.0


@given(
    answers, st.sampled_from(["wald", "adjusted-wald"]), st.floats(min_value=0.5, max_value=0.999)
)
def test_interval_is_ordered_inside_the_scale(scores, method, ci):
    summary = nps_summary(scores, method=method, ci=ci)
    low, high = summary.interval
    if not scores:
        assert math.isnan(low)
        assert math.isnan(high)
        return
    assert -100.0 <= low <= high <= 100.0
    if method == "wald":
        assert low <= summary.value <= high


@given(answers, answers)
def test_nps_is_a_weighted_mean_of_group_scores(first, second):
    # The NPS is the mean of +100 (promoter), 0 and -100 (detractor) per respondent.
    both = first + second
    expected = (
        np.mean([100 if s >= 9 else 0 if s >= 7 else -100 for s in both]) if both else math.nan
    )
    assert nps(both) == pytest.approx(expected, rel=1e-12, nan_ok=True)


# ---------------------------------------------------------------------- CSAT and CES
def test_csat_top_two_box_by_hand():
    # 4 and 5 of 1-5: 3 of the 5 answers (the None is left out).
    assert csat([5, 4, 4, 3, 1, None]) == 0.6


def test_csat_other_scales_and_boxes():
    # 1-7, top 2 (6 and 7): 2 of 4.  Top 3 of 1-5 (3, 4, 5): 4 of 5.
    assert csat([7, 6, 5, 2], scale=(1, 7)) == 0.5
    assert csat([5, 4, 4, 3, 1], top=3) == 0.8
    assert csat([1, 1, 2], top=1) == 0.0


def test_recordfarm_satisfaction_shares_read_back():
    # Kim & Choi (2019), Figure 3: 65.21 % before, 92.40 % after; 10,000 synthetic
    # answers per group with exactly those shares of 4s and 5s.
    before = [5] * 3_000 + [4] * 3_521 + [3] * 3_479
    after = [5] * 6_000 + [4] * 3_240 + [2] * 760
    assert csat(before) == 0.6521
    assert csat(after) == 0.924


def test_ces_mean_by_hand():
    assert ces([7, 6, 6, 5, None]) == 6.0
    assert ces([1, 2], scale=(1, 5)) == 1.5
    assert math.isnan(ces([]))
    assert math.isnan(csat([None]))


@given(
    st.lists(st.integers(min_value=1, max_value=5), max_size=40),
    st.integers(min_value=1, max_value=4),
)
def test_csat_is_a_share_and_grows_with_the_box(ratings, top):
    value = csat(ratings, top=top)
    if not ratings:
        assert math.isnan(value)
        return
    assert 0.0 <= value <= 1.0
    if top < 4:
        assert csat(ratings, top=top + 1) >= value


@given(st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=40))
def test_ces_lies_within_the_scale(ratings):
    assert 1.0 <= ces(ratings) <= 7.0


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("scores", "row", "value", "reason"),
    [
        ([9, 11], 1, 11, "a rating must be a point of the scale 0 to 10"),
        ([9, -1], 1, -1, "a rating must be a point of the scale 0 to 10"),
        ([9, 8.5], 1, 8.5, "scores must be whole numbers"),
        ([9, "10"], 1, "10", "not a number"),
        ([9, True], 1, True, "not a number"),
        ([9, float("inf")], 1, math.inf, "scores must be finite"),
    ],
)
def test_bad_nps_answers_name_row_and_value(scores, row, value, reason):
    with pytest.raises(ValidationError, match=reason) as caught:
        nps(scores)
    assert caught.value.row == row
    assert caught.value.column == "scores"
    assert caught.value.value == value


def test_nps_rejects_a_table():
    with pytest.raises(ValidationError, match="one-dimensional"):
        nps([[9, 10], [1, 2]])
    with pytest.raises(ValidationError, match="number or an array"):
        nps([[9, 10], [1]])


def test_csat_rejects_off_scale_and_fractional_ratings():
    with pytest.raises(ValidationError, match="scale 1 to 5") as caught:
        csat([5, 0])
    assert caught.value.row == 1
    with pytest.raises(ValidationError, match="whole numbers"):
        csat([4.5])
    with pytest.raises(ValidationError, match="scale 1 to 7"):
        ces([8])


@pytest.mark.parametrize("scale", [(5, 1), (1,), (1.0, 5.0), "15", (True, 5), (3, 3)])
def test_bad_scales(scale):
    with pytest.raises(ValidationError, match="a scale is two whole numbers"):
        csat([3], scale=scale)
    with pytest.raises(ValidationError, match="a scale is two whole numbers"):
        ces([3], scale=scale)


@pytest.mark.parametrize("top", [0, 5, -1, 2.0, True])
def test_bad_top_box(top):
    with pytest.raises(ValidationError, match="top must be a whole number from 1 to 4"):
        csat([3], top=top)


@pytest.mark.parametrize("ci", [0, 1, 1.5, -0.1, "0.95", True, math.nan])
def test_bad_confidence_levels(ci):
    with pytest.raises(ValidationError, match="confidence level"):
        nps_summary(SCORES, ci=ci)


def test_bad_method_and_counts():
    with pytest.raises(ValidationError, match="unknown interval method"):
        nps_summary(SCORES, method="bootstrap")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="count of respondents"):
        NpsSummary.from_counts(promoters=-1, passives=0, detractors=0)
    with pytest.raises(ValidationError, match="count of respondents"):
        NpsSummary.from_counts(promoters=1.5, passives=0, detractors=0)  # type: ignore[arg-type]


def test_bad_serialised_summaries():
    data = nps_summary(SCORES).to_dict()
    with pytest.raises(ValidationError, match="schema version"):
        NpsSummary.from_dict({**data, "schema_version": 99})
    with pytest.raises(ValidationError, match="malformed NPS summary"):
        NpsSummary.from_dict({key: v for key, v in data.items() if key != "promoters"})
    with pytest.raises(ValidationError, match="not valid JSON"):
        NpsSummary.from_json("{")


def test_the_package_exports_the_module():
    import valuecocreation as vcc  # noqa: PLC0415 - the attribute is what is tested

    assert vcc.metrics is metrics
    assert "metrics" in vcc.__all__
    assert set(metrics.__all__) <= set(dir(metrics))
