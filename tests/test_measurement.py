"""valuecocreation.measurement: hand-computed values, input rules, serialisation."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import scipy.stats

import valuecocreation as vcc
from valuecocreation import measurement as m
from valuecocreation.errors import MissingDependencyError, UnknownKeyError, ValidationError
from valuecocreation.measurement._input import read_items
from valuecocreation.measurement._moments import moments

# Three permutations of 1..4: every variance is 5/3; cov(x1, x2) = 1, cov(x1, x3) = 4/3,
# cov(x2, x3) = 0. By hand: sum of C = 5 + 2 * (1 + 4/3) = 29/3, so
# alpha = 3/2 * (1 - 5 / (29/3)) = 21/29, and with equal variances standardized alpha too.
PERMUTATIONS = np.array([[1, 2, 1], [2, 1, 3], [3, 4, 2], [4, 3, 4]], dtype=float)


def exact_data(corr, n=60, seed=0):
    """Data whose sample correlation matrix is exactly ``corr`` (up to rounding)."""
    corr = np.asarray(corr, dtype=float)
    z = np.random.default_rng(seed).normal(size=(n, len(corr)))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False))).T
    return z @ np.linalg.cholesky(corr).T


def one_factor_corr(loadings):
    loadings = np.asarray(loadings, dtype=float)
    corr = np.outer(loadings, loadings)
    np.fill_diagonal(corr, 1.0)
    return corr


# ---------------------------------------------------------------------- alpha by hand
def test_alpha_by_hand():
    result = m.cronbach_alpha(PERMUTATIONS, ci=None)
    assert result.alpha == pytest.approx(float(Fraction(21, 29)), abs=1e-15)
    assert result.standardized_alpha == pytest.approx(float(Fraction(21, 29)), abs=1e-15)
    assert result.ci is None
    assert result.confidence is None
    assert (result.n_respondents, result.n_items) == (4, 3)
    assert result.items == ("item_0", "item_1", "item_2")
    assert float(result) == result.alpha


def test_standardized_alpha_is_spearman_brown_of_mean_correlation():
    x = exact_data(one_factor_corr([0.9, 0.8, 0.7]))
    # off-diagonal correlations .72, .63, .56 -> mean 0.63666...
    mean_r = (0.72 + 0.63 + 0.56) / 3
    expected = 3 * mean_r / (1 + 2 * mean_r)
    result = m.cronbach_alpha(x * [1.0, 10.0, 0.1], ci=None)  # scales do not matter
    assert result.standardized_alpha == pytest.approx(expected, abs=1e-12)
    assert result.alpha != pytest.approx(expected, abs=1e-3)


def test_feldt_interval_is_the_f_quantile_formula():
    alpha, n, k = 0.8, 100, 5
    df1, df2 = n - 1, (n - 1) * (k - 1)
    expected = (
        1 - (1 - alpha) * scipy.stats.f.ppf(0.975, df1, df2),
        1 - (1 - alpha) * scipy.stats.f.ppf(0.025, df1, df2),
    )
    assert m.feldt_interval(alpha, n, k, 0.95) == pytest.approx(expected, abs=1e-14)
    low, high = m.feldt_interval(alpha, n, k, 0.99)
    assert low < expected[0]
    assert high > expected[1]


def test_interval_of_the_standardized_alpha():
    result = m.cronbach_alpha(PERMUTATIONS * [1, 3, 1], standardized=True)
    assert result.value == result.standardized_alpha != result.alpha
    assert result.ci == pytest.approx(m.feldt_interval(result.standardized_alpha, 4, 3, 0.95))


def test_pairwise_covariances_are_pandas_pairwise_ones():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 4)) + rng.normal(size=(200, 1))
    x[rng.random(x.shape) < 0.2] = np.nan
    frame = pd.DataFrame(x)
    cov, corr = frame.cov().to_numpy(), frame.corr().to_numpy()
    k = 4
    expected_raw = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    expected_std = k / (k - 1) * (1 - k / corr.sum())
    result = m.cronbach_alpha(x, ci=None)
    assert result.alpha == pytest.approx(expected_raw, abs=1e-12)
    assert result.standardized_alpha == pytest.approx(expected_std, abs=1e-12)
    assert result.n_respondents == int((~np.isnan(x)).any(axis=1).sum())


@pytest.mark.parametrize("missing", ["pairwise", "listwise"])
def test_moments_summed_over_many_row_blocks_equal_pandas(missing):
    # 3,000 rows of 30 items are summed in blocks of a few hundred rows.
    rng = np.random.default_rng(12)
    x = rng.normal(size=(3000, 30)) + rng.normal(size=(3000, 1)) + 50.0  # a large mean
    x[rng.random(x.shape) < 0.03] = np.nan
    frame = pd.DataFrame(x) if missing == "pairwise" else pd.DataFrame(x).dropna()
    stats = moments(read_items(x), missing)
    np.testing.assert_allclose(stats.cov, frame.cov().to_numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(stats.corr, frame.corr().to_numpy(), rtol=1e-10, atol=1e-12)
    expected_n = frame.notna().astype(int).T @ frame.notna().astype(int)
    np.testing.assert_array_equal(stats.pair_n, expected_n.to_numpy())


def test_pairwise_counts_only_rows_with_an_answer_and_listwise_counts_kept_rows():
    x = np.array([[1, 2, 3], [2, 3, 5], [np.nan] * 3, [3, 5, 4], [4, np.nan, 5], [5, 4, 6.0]])
    assert m.cronbach_alpha(x, ci=None).n_respondents == 5
    listwise = m.cronbach_alpha(x, ci=None, missing="listwise")
    assert listwise.n_respondents == 4
    kept = x[~np.isnan(x).any(axis=1)]
    assert listwise.alpha == pytest.approx(m.cronbach_alpha(kept, ci=None).alpha, abs=1e-14)


# ---------------------------------------------------------------------- item analysis by hand
def test_item_analysis_by_hand():
    result = m.item_analysis(PERMUTATIONS, items=["a", "b", "c"])
    # a vs b + c: cov = 1 + 4/3 = 7/3, var(b + c) = 10/3 -> r = 7 / sqrt(50)
    assert result.item_total[0] == pytest.approx(7 / math.sqrt(50), abs=1e-14)
    # without a: cov(b, c) = 0 -> alpha 0; without b: 2 * (1 - (10/3) / 6) = 8/9;
    # without c: 2 * (1 - (10/3) / (16/3)) = 3/4
    assert result.alpha_if_deleted == pytest.approx((0.0, 8 / 9, 0.75), abs=1e-14)
    assert result.standardized_alpha_if_deleted == pytest.approx((0.0, 8 / 9, 0.75), abs=1e-14)
    assert result.alpha == pytest.approx(21 / 29)
    assert result.items == ("a", "b", "c")


def test_item_total_without_missing_is_the_pearson_correlation_with_the_rest():
    rng = np.random.default_rng(4)
    x = rng.integers(1, 6, size=(80, 5)).astype(float) + rng.integers(0, 2, size=(80, 1))
    result = m.item_analysis(x)
    for i in range(5):
        rest = np.delete(x, i, axis=1).sum(axis=1)
        assert result.item_total[i] == pytest.approx(np.corrcoef(x[:, i], rest)[0, 1], abs=1e-12)
        assert result.alpha_if_deleted[i] == pytest.approx(
            m.cronbach_alpha(np.delete(x, i, axis=1), ci=None).alpha, abs=1e-12
        )


def test_alpha_if_deleted_of_two_items_is_nan():
    result = m.item_analysis(PERMUTATIONS[:, :2])
    assert all(math.isnan(v) for v in result.alpha_if_deleted)
    assert result.to_dict()["alpha_if_deleted"] == [None, None]
    assert m.ItemAnalysis.from_dict(json.loads(json.dumps(result.to_dict()))) == result


# ---------------------------------------------------------------------- loadings, rho_C, AVE, omega
def test_exact_one_factor_model_recovers_loadings_and_closed_forms():
    loadings = [0.9, 0.8, 0.7, 0.6]
    x = exact_data(one_factor_corr(loadings))
    solution = m.one_factor_loadings(x)
    np.testing.assert_allclose(solution.loadings, loadings, atol=1e-8)
    assert solution.converged
    assert not solution.heywood
    # rho_C = 3**2 / (9 + (0.19 + 0.36 + 0.51 + 0.64)) = 9 / 10.7
    assert m.composite_reliability(solution) == pytest.approx(9 / 10.7, abs=1e-8)
    assert m.average_variance_extracted(solution) == pytest.approx(
        (0.81 + 0.64 + 0.49 + 0.36) / 4, abs=1e-8
    )
    # the model fits exactly, so omega (observed total variance) equals rho_C
    assert m.mcdonald_omega(x) == pytest.approx(9 / 10.7, abs=1e-8)
    np.testing.assert_allclose(solution.uniquenesses, [0.19, 0.36, 0.51, 0.64], atol=1e-8)


def test_loadings_are_signed_to_a_positive_sum_and_two_items_give_root_r():
    x = exact_data([[1.0, 0.49], [0.49, 1.0]])
    solution = m.one_factor_loadings(-x)  # both items reflected: r is unchanged
    assert solution.loadings == pytest.approx((0.7, 0.7), abs=1e-8)


def test_heywood_case_is_capped_and_flagged():
    # lambda_1 ** 2 = r12 * r13 / r23 = 0.8 * 0.7 / 0.4 = 1.4 > 1
    corr = [[1.0, 0.8, 0.7], [0.8, 1.0, 0.4], [0.7, 0.4, 1.0]]
    solution = m.one_factor_loadings(exact_data(corr))
    assert solution.heywood
    assert solution.loadings[0] == 1.0
    assert all(abs(v) <= 1.0 for v in solution.loadings)
    report = m.reliability_report(exact_data(corr), {"c": ["item_0", "item_1", "item_2"]})
    assert report.construct("c").heywood
    assert "Heywood" in report.table()
    # one construct: nothing to discriminate it from
    assert {check.metric for check in report.checks} == {
        "alpha",
        "rho_a",
        "rho_c",
        "omega",
        "ave",
        "fornell_larcker",
    }
    assert report.fornell_larcker.passed == (None,)
    assert "HTMT" not in report.table()


@pytest.mark.parametrize("bad", [[], [0.5, 1.2], [0.5, float("nan")], [[0.5, 0.6]], ["a"]])
def test_reliabilities_reject_bad_loadings(bad):
    with pytest.raises(ValidationError, match="loading"):
        m.composite_reliability(bad)
    with pytest.raises(ValidationError, match="loading"):
        m.average_variance_extracted(bad)


# ---------------------------------------------------------------------- rho_A by hand
def rho_a_by_the_formula(corr, w):
    """Dijkstra & Henseler's rho_A written out with loops, as seminr does."""
    k = len(w)
    variance = sum(w[i] * corr[i][j] * w[j] for i in range(k) for j in range(k))
    w = [v / math.sqrt(variance) for v in w]
    wtw = sum(v * v for v in w)
    s_off = sum(w[i] * corr[i][j] * w[j] for i in range(k) for j in range(k) if i != j)
    a_off = sum(w[i] * w[i] * w[j] * w[j] for i in range(k) for j in range(k) if i != j)
    return wtw * wtw * s_off / a_off


def test_rho_a_by_hand():
    corr = one_factor_corr([0.9, 0.8, 0.7])
    x = exact_data(corr)
    # weights proportional to the loadings: rho_A = (l'l)**2 / (l'R l) = 1.94**2 / 4.3978
    assert m.rho_a(x, weights=[0.9, 0.8, 0.7]) == pytest.approx(1.94**2 / 4.3978, abs=1e-12)
    # equal weights: the standardized alpha, 3/2 * (1 - 3 / 6.82)
    assert m.rho_a(x, weights="equal") == pytest.approx(1.5 * (1 - 3 / 6.82), abs=1e-12)
    # any weights: the formula written out
    assert m.rho_a(x, weights=[1.0, -0.5, 2.0]) == pytest.approx(
        rho_a_by_the_formula(corr, [1.0, -0.5, 2.0]), abs=1e-12
    )
    # principal-component weights: the dominant eigenvector of R
    _, vectors = np.linalg.eigh(corr)
    assert m.rho_a(x) == pytest.approx(rho_a_by_the_formula(corr, vectors[:, -1]), abs=1e-12)


@pytest.mark.parametrize(
    "weights", ["loadings", [1.0, 2.0], [0.0, 0.0, 0.0], [1.0, np.inf, 1], [1.0, 0.0, 0.0]]
)
def test_rho_a_rejects_bad_weights(weights):
    with pytest.raises(ValidationError, match=r"weights|rho_A"):
        m.rho_a(PERMUTATIONS, weights=weights)


# ----------------------------------------------------------------- HTMT, Fornell-Larcker by hand
CORR_AB = np.array(
    [[1.0, 0.6, 0.3, 0.2], [0.6, 1.0, 0.25, 0.15], [0.3, 0.25, 1.0, 0.5], [0.2, 0.15, 0.5, 1.0]]
)
AB = {"A": ["item_0", "item_1"], "B": ["item_2", "item_3"]}


def test_htmt_and_htmt2_by_hand():
    x = exact_data(CORR_AB)
    mono = math.sqrt(0.6 * 0.5)
    result = m.htmt(x, AB)
    assert result.get("A", "B") == pytest.approx((0.3 + 0.2 + 0.25 + 0.15) / 4 / mono, abs=1e-12)
    assert result.get("A", "A") == 1.0
    geometric = (0.3 * 0.2 * 0.25 * 0.15) ** 0.25
    assert m.htmt2(x, AB).get("A", "B") == pytest.approx(geometric / mono, abs=1e-12)
    assert result.pairs() == [("A", "B", result.get("A", "B"))]
    with pytest.raises(UnknownKeyError, match="valid construct keys are: A, B"):
        result.get("A", "C")


def test_htmt_with_signed_correlations():
    plain = m.htmt(exact_data(CORR_AB), AB).get("A", "B")
    reversed_b = exact_data(CORR_AB) * [1, 1, -1, -1]  # B scored the other way round
    assert m.htmt(reversed_b, AB).get("A", "B") == pytest.approx(plain, abs=1e-12)
    assert m.htmt(reversed_b, AB, absolute=False).get("A", "B") == pytest.approx(-plain, abs=1e-12)
    assert math.isnan(m.htmt2(reversed_b, AB, absolute=False).get("A", "B"))  # no geometric mean
    # One item of B reverse-coded and not recoded: B's own mean correlation is negative.
    one_reversed = exact_data(CORR_AB) * [1, 1, -1, 1]
    assert math.isnan(m.htmt(one_reversed, AB, absolute=False).get("A", "B"))
    assert m.htmt(one_reversed, AB).get("A", "B") == pytest.approx(plain, abs=1e-12)


def test_fornell_larcker_by_hand():
    corr = np.eye(6)
    corr[:3, :3] = one_factor_corr([0.9, 0.8, 0.7])
    corr[3:, 3:] = one_factor_corr([0.8, 0.8, 0.8])
    corr[:3, 3:] = 0.1
    corr[3:, :3] = 0.1
    x = exact_data(corr)
    constructs = {"A": ["item_0", "item_1", "item_2"], "B": ["item_3", "item_4", "item_5"]}
    result = m.fornell_larcker(x, constructs)
    assert result.sqrt_ave == pytest.approx((math.sqrt((0.81 + 0.64 + 0.49) / 3), 0.8), abs=1e-8)
    # composites of standardized items: 0.9 / sqrt((3 + 2 * 1.91) * (3 + 2 * 1.92))
    expected = 0.9 / math.sqrt(6.82 * 6.84)
    assert result.correlations.get("A", "B") == pytest.approx(expected, abs=1e-12)
    assert result.largest_correlation == pytest.approx((expected, expected))
    assert result.passed == (True, True)
    assert m.FornellLarcker.from_dict(json.loads(json.dumps(result.to_dict()))) == result


# ---------------------------------------------------------------------- KMO and Bartlett by hand
def test_kmo_of_two_items_is_one_half_and_bartlett_has_a_closed_form():
    x = exact_data([[1.0, 0.6], [0.6, 1.0]], n=50)
    # with two items the partial correlation equals r, so KMO = r**2 / (2 r**2)
    result = m.kmo(x)
    assert result.overall == pytest.approx(0.5, abs=1e-12)
    assert result.per_item == pytest.approx((0.5, 0.5), abs=1e-12)
    test = m.bartlett_sphericity(x)
    chi2 = -(50 - 1 - 9 / 6) * math.log(1 - 0.36)
    assert test.chi2 == pytest.approx(chi2, abs=1e-10)
    assert test.df == 1
    assert test.p_value == pytest.approx(scipy.stats.chi2.sf(chi2, 1), rel=1e-10)


def test_bartlett_pairwise_uses_the_smallest_pair_count():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(100, 3)) + rng.normal(size=(100, 1))
    x[:10, 0] = np.nan
    x[90:, 1] = np.nan
    x[40:50, 2] = np.nan
    assert m.bartlett_sphericity(x).n == 80  # every pair has 80 rows in common
    assert m.bartlett_sphericity(x, missing="listwise").n == 70
    assert m.kmo(x).n_respondents == 100


def test_singular_correlation_matrix_is_rejected():
    x = exact_data(CORR_AB)
    collinear = np.column_stack([x, x[:, 0] + x[:, 1]])
    with pytest.raises(ValidationError, match="singular or not positive definite"):
        m.kmo(collinear)
    with pytest.raises(ValidationError, match="singular or not positive definite"):
        m.bartlett_sphericity(collinear)


# ---------------------------------------------------------------------- the report
def report_data():
    rng = np.random.default_rng(11)
    a, b, c = rng.normal(size=(3, 400))
    columns = {f"a{i}": a + rng.normal(scale=0.5, size=400) for i in range(3)}
    columns |= {f"b{i}": 0.95 * a + 0.3 * b + rng.normal(scale=0.5, size=400) for i in range(3)}
    columns |= {f"c{i}": c + rng.normal(scale=2.0, size=400) for i in range(3)}
    frame = pd.DataFrame(columns)
    frame.iloc[::7, 1] = np.nan
    frame["respondent"] = [f"r{i}" for i in range(400)]  # a text column the report ignores
    return frame


CONSTRUCTS = {"A": ["a0", "a1", "a2"], "B": ["b0", "b1", "b2"], "C": ["c0", "c1", "c2"]}


def test_report_agrees_with_the_single_functions():
    frame = report_data()
    report = m.reliability_report(frame, CONSTRUCTS)
    for name, items in CONSTRUCTS.items():
        c = report.construct(name)
        alpha = m.cronbach_alpha(frame, items=items, ci=None)
        assert c.alpha == pytest.approx(alpha.alpha, abs=1e-12)
        assert c.standardized_alpha == pytest.approx(alpha.standardized_alpha, abs=1e-12)
        assert c.rho_a == pytest.approx(m.rho_a(frame, items=items), abs=1e-12)
        solution = m.one_factor_loadings(frame, items=items)
        assert c.loadings == pytest.approx(solution.loadings, abs=1e-12)
        assert c.rho_c == pytest.approx(m.composite_reliability(solution), abs=1e-12)
        assert c.ave == pytest.approx(m.average_variance_extracted(solution), abs=1e-12)
        assert c.omega == pytest.approx(m.mcdonald_omega(frame, items=items), abs=1e-12)
        assert c.n_respondents == alpha.n_respondents == 400
    np.testing.assert_allclose(report.htmt.values, m.htmt(frame, CONSTRUCTS).values)
    np.testing.assert_allclose(report.htmt2.values, m.htmt2(frame, CONSTRUCTS).values)
    assert report.fornell_larcker == m.fornell_larcker(frame, CONSTRUCTS)
    assert report.n_respondents == 400


def test_report_flags_values_against_thresholds():
    report = m.reliability_report(report_data(), CONSTRUCTS)
    failed = {(check.metric, check.constructs) for check in report.failed}
    # A and B measure nearly the same thing; C's items are mostly noise.
    assert ("htmt", ("A", "B")) in failed
    assert {("alpha", ("C",)), ("ave", ("C",)), ("rho_c", ("C",))} <= failed
    assert not any(
        "A" in constructs and metric in {"alpha", "ave"} for metric, constructs in failed
    )
    htmt_ab = next(c for c in report.checks if c.metric == "htmt" and c.constructs == ("A", "B"))
    assert (htmt_ab.threshold, htmt_ab.rule, htmt_ab.passed) == (0.85, "<", False)
    ave_c = next(c for c in report.checks if c.metric == "ave" and c.constructs == ("C",))
    assert ave_c.value == report.construct("C").ave
    assert ave_c.threshold == 0.5
    table = report.table()
    assert str(report) == table
    assert "HTMT (* at or above 0.85)" in table
    assert f"{report.htmt.get('A', 'B'):.3f}*" in table
    assert repr(report).startswith("<ReliabilityReport: 3 constructs, 400 respondents")


def test_report_thresholds_can_be_changed():
    frame = report_data()
    lenient = m.reliability_report(
        frame,
        CONSTRUCTS,
        thresholds={
            "htmt": 1.0,
            "alpha": 0.1,
            "rho_c": 0.1,
            "ave": 0.1,
            "rho_a": 0.1,
            "omega": 0.1,
        },
    )
    assert all(check.metric == "fornell_larcker" for check in lenient.failed)
    assert (
        m.reliability_report(frame, CONSTRUCTS, thresholds=m.Thresholds(htmt=0.90)).thresholds.htmt
        == 0.90
    )
    with pytest.raises(ValidationError, match="unknown thresholds"):
        m.reliability_report(frame, CONSTRUCTS, thresholds={"cr": 0.7})
    with pytest.raises(ValidationError, match="htmt threshold"):
        m.Thresholds(htmt=1.5)
    with pytest.raises(ValidationError, match="thresholds must be"):
        m.reliability_report(frame, CONSTRUCTS, thresholds=0.7)


def test_report_listwise_uses_one_sample_throughout():
    frame = report_data()
    report = m.reliability_report(frame, CONSTRUCTS, missing="listwise")
    complete = frame.dropna()
    assert report.n_respondents == len(complete) == 342
    assert all(c.n_respondents == 342 for c in report.constructs)
    assert report.construct("A").alpha == pytest.approx(
        m.cronbach_alpha(complete, items=CONSTRUCTS["A"], ci=None).alpha, abs=1e-12
    )


def test_check_of_a_nan_value_is_neither_passed_nor_failed():
    check = m.Check(metric="htmt", constructs=("A", "B"), value=math.nan, threshold=0.85, rule="<")
    assert check.passed is None
    assert check.to_dict()["value"] is None


def test_report_round_trips_through_json_losslessly():
    report = m.reliability_report(report_data(), CONSTRUCTS, thresholds={"htmt": 0.9})
    text = report.to_json()
    assert "NaN" not in text
    again = m.ReliabilityReport.from_json(text)
    assert again == report
    assert again.construct("B").rho_a == report.construct("B").rho_a  # full precision
    assert again.checks == report.checks
    data = json.loads(text)
    assert data["schema_version"] == m.REPORT_SCHEMA_VERSION
    assert data["checks"][0] == {
        "metric": "alpha",
        "constructs": ["A"],
        "value": report.construct("A").alpha,
        "threshold": 0.7,
        "rule": ">=",
        "passed": True,
    }
    with pytest.raises(ValidationError, match="schema version"):
        m.ReliabilityReport.from_dict({**data, "schema_version": 99})
    with pytest.raises(ValidationError, match="malformed reliability report"):
        m.ReliabilityReport.from_dict({k: v for k, v in data.items() if k != "htmt"})
    with pytest.raises(UnknownKeyError):
        report.construct("D")


@pytest.mark.parametrize(
    "result",
    [
        m.cronbach_alpha(PERMUTATIONS),
        m.cronbach_alpha(PERMUTATIONS, ci=None),
        m.item_analysis(PERMUTATIONS),
        m.one_factor_loadings(PERMUTATIONS),
        m.kmo(exact_data(CORR_AB)),
        m.bartlett_sphericity(exact_data(CORR_AB)),
        m.htmt(exact_data(CORR_AB), AB),
    ],
    ids=lambda result: type(result).__name__,
)
def test_results_round_trip_through_json(result):
    text = json.dumps(result.to_dict(), allow_nan=False)
    assert type(result).from_dict(json.loads(text)) == result


# ---------------------------------------------------------------------- input: frames and arrays
def test_every_frame_backend_gives_the_numpy_result():
    x = report_data().drop(columns="respondent")
    expected = m.reliability_report(x.to_numpy(), CONSTRUCTS, items=list(x.columns))
    polars_frame = pl.from_pandas(x)
    arrow_table = pa.Table.from_pandas(x, preserve_index=False)
    for frame in (x, polars_frame, arrow_table):
        assert m.reliability_report(frame, CONSTRUCTS) == expected
    nullable = x.astype("Float64")  # pandas' nullable dtype: missing is <NA>, not nan
    assert m.reliability_report(nullable, CONSTRUCTS) == expected


def test_nulls_of_every_backend_are_missing_answers():
    expected = m.cronbach_alpha(
        np.array([[1.0, 2, 2], [np.nan, 1, 2], [3, np.nan, 4], [4, 3, 5], [2, 2, np.nan]]), ci=None
    )
    columns = {
        "item_0": [1, None, 3, 4, 2],
        "item_1": [2, 1, None, 3, 2],
        "item_2": [2, 2, 4, 5, None],
    }
    for frame in (pl.DataFrame(columns), pa.table(columns), pd.DataFrame(columns).astype("Int64")):
        assert m.cronbach_alpha(frame, ci=None) == expected


def test_integer_boolean_and_object_arrays_are_read_as_numbers():
    ints = PERMUTATIONS.astype(int)
    assert m.cronbach_alpha(ints, ci=None) == m.cronbach_alpha(PERMUTATIONS, ci=None)
    objects = np.array([[1, 2.0, None], [2, 1, 3], [3, 4, 2], [4, 3, 4]], dtype=object)
    with_none = m.cronbach_alpha(objects, ci=None)
    assert with_none.n_respondents == 4
    flags = np.array(
        [[True, True, False], [False, True, False], [True, False, True], [False, False, True]]
    )
    assert m.cronbach_alpha(flags, ci=None).n_items == 3
    assert m.cronbach_alpha(pd.DataFrame(flags), ci=None).alpha == pytest.approx(
        m.cronbach_alpha(flags, ci=None).alpha
    )


def test_items_select_frame_columns_and_name_array_columns():
    frame = pd.DataFrame(PERMUTATIONS, columns=["a", "b", "c"]).assign(note="x")
    assert m.cronbach_alpha(frame, items=["c", "a"], ci=None).items == ("c", "a")
    assert m.cronbach_alpha(PERMUTATIONS, items=["p", "q", "r"], ci=None).items == ("p", "q", "r")
    numbered = pd.DataFrame(PERMUTATIONS)  # integer column labels become text
    assert m.cronbach_alpha(numbered, items=["0", "2"], ci=None).items == ("0", "2")


@pytest.mark.parametrize(
    ("data", "kwargs", "match", "column"),
    [
        ([1, 2, 3], {}, "must be 2-D", None),
        (np.zeros((2, 2, 2)), {}, "must be 2-D", None),
        (PERMUTATIONS[:, :1], {}, "at least 2 items", "items"),
        (PERMUTATIONS[:1], {}, "at least 2 respondents", None),
        (np.array([["a", "b"], ["c", "d"]]), {}, "must be numbers", "item_0"),
        (np.array([[1, 2], [2, "x"], [3, 1]], dtype=object), {}, "must be a number", "item_1"),
        (np.array([[1.0, 2], [2, np.inf], [3, 1]]), {}, "infinite", "item_1"),
        (PERMUTATIONS * [1, 0, 1], {}, "does not vary", "item_1"),
        (PERMUTATIONS, {"items": ["a", "b"]}, "names 2 columns but the array has 3", "items"),
        (PERMUTATIONS, {"items": ["a", "a", "b"]}, "named twice", "a"),
        (PERMUTATIONS, {"items": "abc"}, "sequence of item names", "items"),
        (PERMUTATIONS, {"missing": "drop"}, "missing must be one of", "missing"),
        (PERMUTATIONS, {"ci": 1.5}, "confidence level", "ci"),
        (PERMUTATIONS, {"ci": True}, "confidence level", "ci"),
        (pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}), {}, "not numeric", "b"),
        (
            pd.DataFrame({"a": [1, 2, 3], "b": [1, 3, 2]}),
            {"items": ["a", "c"]},
            "not a column of the frame",
            "c",
        ),
        (
            pl.DataFrame({"a": [1.0, 2, 3], "b": [1.0, None, None]}),
            {},
            "fewer than 2 respondents",
            "b",
        ),
        (
            np.array([[1.0, np.nan], [2, np.nan], [np.nan, 1], [np.nan, 2]]),
            {},
            "fewer than 2 respondents in common",
            "item_0",
        ),
        (
            np.array([[1.0, 2, 3], [2, 3, np.nan], [3, np.nan, 5]]),
            {"missing": "listwise"},
            "only 1 respondent answered every item",
            None,
        ),
        (
            np.array([[1.0, 1], [2, 1], [3, 1], [np.nan, 5]]),
            {},
            "does not vary among the respondents who also answered",
            "item_1",
        ),
        ([[1, 2], [2, 1], [1, 2]], {}, "no variance", None),
    ],
)
def test_bad_input_is_a_validation_error_that_says_where(data, kwargs, match, column):
    with pytest.raises(ValidationError, match=match) as caught:
        m.cronbach_alpha(data, **kwargs)
    assert caught.value.column == column


@pytest.mark.parametrize(
    ("constructs", "match", "column"),
    [
        ({"A": ["a0", "a1", "a2"], "B": ["b0"]}, "at least 2 items", "B"),
        ({"A": ["a0", "a1"], "B": ["a1", "b0"]}, "belongs to both 'A' and 'B'", "a1"),
        ({"A": ["a0", "a1"], "B": ["b0", "zz"]}, "not a column of the frame", "zz"),
        ({}, "constructs must map", "constructs"),
        ({"A": "a0"}, "sequence of item names", "items"),
        ({1: ["a0", "a1"]}, "construct name must be text", "constructs"),
    ],
)
def test_bad_constructs_are_validation_errors(constructs, match, column):
    frame = report_data()
    for function in (m.reliability_report, m.htmt, m.htmt2, m.fornell_larcker):
        with pytest.raises(ValidationError, match=match) as caught:
            function(frame, constructs)
        assert caught.value.column == column


def test_report_names_the_construct_whose_alpha_is_undefined():
    x = exact_data(CORR_AB)
    opposite = np.column_stack([x, -x[:, 0]])  # item_4 is item_0 reversed
    with pytest.raises(ValidationError, match="alpha is undefined") as caught:
        m.reliability_report(opposite, {"A": ["item_1", "item_2"], "Z": ["item_0", "item_4"]})
    assert caught.value.column == "Z"


def test_unknown_item_of_an_array_is_named():
    with pytest.raises(ValidationError, match="names item 'q9', which is not in the data"):
        m.htmt(PERMUTATIONS, {"A": ["item_0", "item_1"], "B": ["item_2", "q9"]})


def test_non_table_object_is_a_validation_error():
    with pytest.raises(ValidationError, match="2-D"):
        m.cronbach_alpha(object())
    with pytest.raises(ValidationError, match="2-D"):
        m.cronbach_alpha(pd.Series([1.0, 2.0, 3.0]))
    with pytest.raises(ValidationError, match="collect it first"):
        m.cronbach_alpha(pl.DataFrame({"a": [1.0, 2, 3], "b": [2.0, 1, 3]}).lazy())
    with pytest.raises(ValidationError, match="cannot read the table"):
        m.cronbach_alpha(pd.DataFrame([[1.0, 2], [2, 1], [3, 3]], columns=["a", "a"]))
    with pytest.raises(ValidationError, match="inhomogeneous"):
        m.cronbach_alpha([[1, 2], [3]])


# ---------------------------------------------------------------------- optional scipy
def test_point_estimates_need_no_scipy_and_intervals_name_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.stats", None)
    assert m.cronbach_alpha(PERMUTATIONS, ci=None).alpha == pytest.approx(21 / 29)
    m.reliability_report(report_data(), CONSTRUCTS)
    m.kmo(exact_data(CORR_AB))
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[stats\]") as caught:
        m.cronbach_alpha(PERMUTATIONS)
    assert caught.value.extra == "stats"
    with pytest.raises(MissingDependencyError, match="Bartlett"):
        m.bartlett_sphericity(exact_data(CORR_AB))


def test_importing_the_package_imports_neither_scipy_nor_pandas():
    code = (
        "import sys, valuecocreation as vcc; vcc.measurement.cronbach_alpha; "
        "print(sorted(m for m in ('scipy', 'pandas', 'polars', 'pyarrow') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert "measurement" in vcc.__all__
