"""Simulation and what-if: cascades, seed selection, Bass diffusion and two-sided growth.

The models here project: they say what follows *if* the stated model holds, not
what will happen. Every result keeps the model, its parameters and the number of
Monte Carlo runs next to its numbers, and round-trips through JSON.

* :func:`independent_cascade` and :func:`linear_threshold`: how far a share
  travels from a set of seeds (Kempe, Kleinberg & Tardos 2003), on a
  :class:`~valuecocreation.graph.ValueFlowGraph` or any networkx graph.
* :func:`select_seeds`: which actors to feature (the reward practice) to reach
  the most, by CELF lazy greedy (Leskovec et al. 2007), against top-degree and
  random choices.
* :func:`bass_cumulative`, :func:`bass_adoption` and :func:`fit_bass`: the Bass
  (1969) diffusion model and its least-squares fit (Srinivasan & Mason 1986).
* :func:`two_sided_growth` and :func:`fit_two_sided`: listeners and creators
  who draw each other in (cross-side network effects), with seeding and
  campaigns, as equations or seeded stochastic runs.
* :func:`scenario`: what a change of condition scores would do to a model's
  outcome, through stated, replaceable :class:`Link` assumptions.

Examples
--------
>>> import networkx as nx
>>> from valuecocreation import simulate
>>> karate = nx.karate_club_graph()
>>> cascade = simulate.independent_cascade(karate, 0, 0.1, runs=2000, seed=7)
>>> 0.08 < cascade.mean_fraction < 0.12
True
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.simulate._bass import BassFit, bass_adoption, bass_cumulative, fit_bass
from valuecocreation.simulate._cascade import Seed, independent_cascade, linear_threshold
from valuecocreation.simulate._network import Direction
from valuecocreation.simulate._results import Cascade, SeedSelection, Spread
from valuecocreation.simulate._scenario import (
    CASCADE_LINKS,
    GROWTH_LINKS,
    CascadeScenario,
    GrowthScenario,
    Link,
    Scenario,
    ScenarioModel,
    scenario,
)
from valuecocreation.simulate._seeds import select_seeds
from valuecocreation.simulate._serial import SIMULATE_SCHEMA_VERSION
from valuecocreation.simulate._two_sided import (
    Growth,
    Intervention,
    TwoSidedModel,
    two_sided_growth,
)
from valuecocreation.simulate._two_sided_fit import TwoSidedFit, fit_two_sided

__all__ = [
    "CASCADE_LINKS",
    "GROWTH_LINKS",
    "SIMULATE_SCHEMA_VERSION",
    "BassFit",
    "Cascade",
    "CascadeScenario",
    "Direction",
    "Growth",
    "GrowthScenario",
    "Intervention",
    "Link",
    "Scenario",
    "ScenarioModel",
    "Seed",
    "SeedSelection",
    "Spread",
    "TwoSidedFit",
    "TwoSidedModel",
    "bass_adoption",
    "bass_cumulative",
    "fit_bass",
    "fit_two_sided",
    "independent_cascade",
    "linear_threshold",
    "scenario",
    "select_seeds",
    "two_sided_growth",
]

publish(globals(), __all__)
