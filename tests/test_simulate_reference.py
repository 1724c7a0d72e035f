"""valuecocreation.simulate against established implementations and published values."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from valuecocreation.simulate import bass_cumulative, independent_cascade

# Reference values: ndlib 6.0.1 (with six installed), networkx 3.6.1, numpy 2.4.6.
# Call, per seed set: for each of 5,000 runs (np.random.seed(12345) once before them)
#   model = ndlib.models.epidemics.IndependentCascadesModel(nx.karate_club_graph())
#   cfg = ndlib.models.ModelConfig.Configuration()
#   for e in g.edges(): cfg.add_edge_configuration("threshold", e, p)   # every edge
#   cfg.add_model_initial_configuration("Infected", seeds); model.set_initial_status(cfg)
#   iterate until no node is infected; fraction = (infected + removed) / 34
# mean and standard error (sd / sqrt(5000)) of the fraction. (A plain Python loop of the
# same model, 100,000 runs, gives 0.3846 +- 0.0004 for seeds {0, 33} at p = 0.2.)
NDLIB = {
    ((0,), 0.1): (0.10098235294117647, 0.0009467299904195839),
    ((0, 33), 0.2): (0.3875176470588235, 0.001694223996690671),
}


@pytest.mark.parametrize(("seeds", "p"), list(NDLIB))
def test_karate_agrees_with_ndlib(seeds, p):
    reference, reference_error = NDLIB[seeds, p]
    cascade = independent_cascade(nx.karate_club_graph(), list(seeds), p, runs=20_000, seed=2019)
    error = math.hypot(reference_error, cascade.standard_error / 34)
    assert abs(cascade.mean_fraction - reference) < 3 * error


def test_cumulative_closed_form_known_value():
    # F(5; p = 0.03, q = 0.38), from the closed form of Bass (1969).
    assert float(bass_cumulative(0.03, 0.38, 5.0)) == pytest.approx(0.331198642491, abs=1e-12)
    assert float(bass_cumulative(0.03, 0.38, 0.0)) == 0.0
    assert float(bass_cumulative(0.03, 0.38, 1e3)) == pytest.approx(1.0)
