"""Two-sided growth: reduces to Bass, chicken and egg, seeding, stochastic runs, the fit, JSON."""

from __future__ import annotations

import numpy as np
import pytest

from valuecocreation.errors import ValidationError
from valuecocreation.simulate import (
    Growth,
    Intervention,
    TwoSidedFit,
    TwoSidedModel,
    bass_cumulative,
    fit_two_sided,
    two_sided_growth,
)


def test_without_cross_effects_each_side_is_a_bass_curve():
    model = TwoSidedModel(
        demand_market=1000,
        supply_market=50,
        demand_innovation=0.03,
        demand_imitation=0.38,
        supply_innovation=0.1,
        supply_imitation=0.2,
    )
    path = two_sided_growth(model, 10)
    assert path.demand == pytest.approx(1000 * bass_cumulative(0.03, 0.38, path.t), rel=1e-6)
    assert path.supply == pytest.approx(50 * bass_cumulative(0.1, 0.2, path.t), rel=1e-6)
    assert path.findings[0].code == "conditional_projection"


def test_chicken_and_egg_needs_a_seed_and_cross_effects_carry_it():
    model = TwoSidedModel(demand_market=1000, supply_market=100, demand_cross=1.0, supply_cross=1.0)
    assert two_sided_growth(model, 12).total[-1] == 0.0
    seeded = two_sided_growth(
        model, 12, interventions=[Intervention(side="demand", start=2, members=20)]
    )
    assert seeded.demand[2] == 20.0
    assert seeded.supply[2] == 0.0
    assert seeded.supply[-1] > 50  # listeners drew creators in, who drew more listeners
    later = two_sided_growth(
        model, 12, interventions=[Intervention(side="demand", start=4, members=20)]
    )
    assert later.total[-1] < seeded.total[-1]


def test_a_campaign_raises_innovation_while_it_runs():
    model = TwoSidedModel(demand_market=1000, supply_market=100, demand_imitation=0.2)
    campaign = Intervention(side="demand", start=1, end=3, innovation=0.1)
    path = two_sided_growth(model, 6, interventions=[campaign])
    assert path.demand[1] == 0.0
    # two units of Bass with p = 0.1 and q = 0.2, from an empty side
    assert path.demand[3] == pytest.approx(1000 * float(bass_cumulative(0.1, 0.2, 2.0)), rel=1e-6)
    assert path.demand[6] > path.demand[3]


def test_stochastic_runs_centre_on_the_ode_and_are_seeded():
    model = TwoSidedModel(
        demand_market=5000,
        supply_market=500,
        demand_innovation=0.02,
        supply_innovation=0.02,
        demand_imitation=0.3,
        supply_imitation=0.3,
        demand_cross=0.2,
        supply_cross=0.2,
    )
    ode = two_sided_growth(model, 12)
    runs = two_sided_growth(model, 12, runs=400, seed=3, steps_per_unit=50)
    assert runs.demand[-1] == pytest.approx(ode.demand[-1], rel=0.03)
    assert np.all(runs.demand_low <= runs.demand)
    assert np.all(runs.demand <= runs.demand_high)
    assert runs == two_sided_growth(model, 12, runs=400, seed=3, steps_per_unit=50)
    assert Growth.from_json(runs.to_json()) == runs
    assert Growth.from_json(ode.to_json()) == ode


def test_fit_recovers_a_known_model_and_round_trips():
    truth = TwoSidedModel(
        demand_market=8000,
        supply_market=600,
        demand_innovation=0.01,
        supply_innovation=0.03,
        demand_imitation=0.25,
        supply_imitation=0.15,
        demand_cross=0.3,
        supply_cross=0.2,
    )
    seeding = [Intervention(side="demand", start=0, members=100)]
    path = two_sided_growth(truth, 30, interventions=seeding, steps_per_unit=10)
    fit = fit_two_sided(path.t[1:], path.demand[1:], path.supply[1:], interventions=seeding)
    assert fit.fitted_demand == pytest.approx(path.demand[1:], rel=1e-3, abs=1.0)
    assert fit.model.demand_market == pytest.approx(8000, rel=0.02)
    assert fit.model.supply_market == pytest.approx(600, rel=0.02)
    assert TwoSidedFit.from_json(fit.to_json()) == fit


@pytest.mark.parametrize(
    "kwargs",
    [
        {"t": np.arange(1.0, 6.0)},  # too short
        {"t": np.arange(0.5, 16.0)},  # not whole
        {"demand": -np.ones(15)},
        {"supply": np.ones(3)},
    ],
)
def test_bad_fit_input(kwargs):
    arguments = {"t": np.arange(1.0, 16.0), "demand": np.ones(15), "supply": np.ones(15)}
    arguments.update(kwargs)
    with pytest.raises(ValidationError):
        fit_two_sided(arguments["t"], arguments["demand"], arguments["supply"])


def test_bad_parameters():
    with pytest.raises(ValidationError):
        TwoSidedModel(demand_market=0, supply_market=1)
    with pytest.raises(ValidationError):
        TwoSidedModel(demand_market=10, supply_market=1, demand_cross=-1)
    with pytest.raises(ValidationError):
        Intervention(side="both", start=0)
    with pytest.raises(ValidationError):
        Intervention(side="demand", start=3, end=2)
    with pytest.raises(ValidationError):
        two_sided_growth(TwoSidedModel(demand_market=1, supply_market=1), 0)
