"""Invariants of valuecocreation.measurement, checked with Hypothesis."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from valuecocreation import measurement as m


@st.composite
def likert_answers(draw, missing=True):
    """Seeded 1..7 Likert answers of 2-3 constructs with a factor structure, some missing."""
    seed = draw(st.integers(0, 2**32 - 1))
    rows = draw(st.integers(30, 120))
    constructs = draw(st.integers(2, 3))
    per = draw(st.integers(3, 4))
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(rows, constructs))
    loadings = rng.uniform(0.4, 1.2, size=constructs * per)
    columns = [
        loadings[c * per + i] * factors[:, c] + rng.normal(size=rows)
        for c in range(constructs)
        for i in range(per)
    ]
    answers = np.clip(np.rint(np.column_stack(columns) + 4.0), 1, 7)
    if missing:
        answers[rng.random(answers.shape) < draw(st.sampled_from([0.0, 0.05, 0.15]))] = np.nan
    names = {f"c{c}": [f"item_{c * per + i}" for i in range(per)] for c in range(constructs)}
    return answers, names


def _usable(answers):
    # Drawn data can, rarely, hold an item without variance; those are rejected by design.
    present = ~np.isnan(answers)
    with np.errstate(invalid="ignore"):
        varies = np.nanmax(answers, axis=0) > np.nanmin(answers, axis=0)
    complete = present.all(axis=1)
    # Listwise deletion keeps the complete rows only: the items must vary there too.
    kept = answers[complete]
    varies_kept = len(kept) > 0 and bool((kept.max(axis=0) > kept.min(axis=0)).all())
    return varies.all() and varies_kept and complete.sum() >= 5


@given(likert_answers(), st.randoms(use_true_random=False))
def test_alpha_does_not_depend_on_item_order(case, random):
    answers, _ = case
    assume(_usable(answers))
    order = list(range(answers.shape[1]))
    random.shuffle(order)
    for missing in ("pairwise", "listwise"):
        a = m.cronbach_alpha(answers, ci=None, missing=missing)
        b = m.cronbach_alpha(answers[:, order], ci=None, missing=missing)
        assert b.alpha == pytest.approx(a.alpha, abs=1e-12)
        assert b.standardized_alpha == pytest.approx(a.standardized_alpha, abs=1e-12)
        assert b.n_respondents == a.n_respondents


@given(likert_answers(), st.floats(0.01, 100.0), st.floats(-50.0, 50.0))
def test_rescaling_an_item_leaves_standardized_statistics_unchanged(case, scale, shift):
    answers, constructs = case
    assume(_usable(answers))
    changed = answers.copy()
    changed[:, 0] = changed[:, 0] * scale + shift
    before = m.cronbach_alpha(answers, ci=None)
    after = m.cronbach_alpha(changed, ci=None)
    assert after.standardized_alpha == pytest.approx(before.standardized_alpha, abs=1e-9)
    np.testing.assert_allclose(
        m.htmt(changed, constructs).values, m.htmt(answers, constructs).values, atol=1e-9
    )
    np.testing.assert_allclose(
        m.one_factor_loadings(changed).loadings, m.one_factor_loadings(answers).loadings, atol=1e-7
    )


@given(likert_answers(missing=False))
def test_pairwise_equals_listwise_without_missing_answers(case):
    answers, constructs = case
    assume(_usable(answers))
    pairwise = m.reliability_report(answers, constructs, missing="pairwise")
    listwise = m.reliability_report(answers, constructs, missing="listwise")
    assert pairwise.to_dict() | {"missing": "x"} == listwise.to_dict() | {"missing": "x"}
    a = m.cronbach_alpha(answers, ci=None, missing="pairwise")
    b = m.cronbach_alpha(answers, ci=None, missing="listwise")
    assert (a.alpha, a.n_respondents) == (b.alpha, b.n_respondents)


@given(likert_answers())
def test_report_values_stay_in_their_ranges_and_round_trip(case):
    answers, constructs = case
    assume(_usable(answers))
    report = m.reliability_report(answers, constructs)
    for construct in report.constructs:
        assert construct.alpha <= 1.0 + 1e-12
        assert construct.standardized_alpha <= 1.0 + 1e-12
        assert 0.0 <= construct.ave <= 1.0
        assert 0.0 <= construct.rho_c <= 1.0
        assert all(-1.0 <= v <= 1.0 for v in construct.loadings)
        # rho_A with equal weights is the standardized alpha (Dijkstra & Henseler 2015)
        columns = [int(item.removeprefix("item_")) for item in construct.items]
        equal = m.rho_a(answers[:, columns], weights="equal")
        assert equal == pytest.approx(construct.standardized_alpha, abs=1e-10)
    values = report.htmt.values
    np.testing.assert_array_equal(values, values.T)
    assert np.all(values[~np.isnan(values)] >= 0.0)
    assert m.ReliabilityReport.from_json(report.to_json()) == report
    assert json.loads(report.to_json())["n_respondents"] == report.n_respondents


@given(likert_answers(missing=False))
def test_kmo_lies_in_the_unit_interval(case):
    answers, _ = case
    assume(_usable(answers))
    result = m.kmo(answers)
    assert 0.0 <= result.overall <= 1.0
    assert all(0.0 <= v <= 1.0 for v in result.per_item)
