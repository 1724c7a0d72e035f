"""Scorers: from evidence for a condition to a :class:`ConditionScore`.

A scorer is any object with a ``name`` and a ``score(inputs, condition)`` method
(the :class:`Scorer` protocol), where ``inputs`` is a :class:`ScoringInputs`: the
event evidence, and a value-flow graph and survey responses when there are some.
The built-ins live in :mod:`valuecocreation.scoring.builtin`. A framework package gives each of its
conditions a default scorer (:func:`default_scorers`; for Kim & Choi (2019) also
:data:`DEFAULT_SCORERS`), and names the graph and survey scorers that join them
when a value-flow graph or survey responses are given (:func:`source_scorers`;
:data:`GRAPH_SCORERS`); plugins register more scorers under the
``valuecocreation.scorers`` entry-point group and are found by :func:`get_scorer`.

>>> from valuecocreation.scoring import Scorer, get_scorer
>>> isinstance(get_scorer("rate", target=3.0), Scorer)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valuecocreation._core.intervals import (
    normal_interval,
    poisson_interval,
    t_interval,
    wilson_interval,
)
from valuecocreation._core.public import publish
from valuecocreation.framework import DEFAULT_FRAMEWORK
from valuecocreation.scoring._defaults import (
    default_scorers,
    graph_scorers,
    source_scorers,
    target_sources,
)
from valuecocreation.scoring._inputs import ScoringInputs
from valuecocreation.scoring._registry import SCORER_GROUP, available_scorers, get_scorer
from valuecocreation.scoring._score import ConditionScore, Scorer
from valuecocreation.scoring.builtin import (
    CompositeScorer,
    CoverageScorer,
    ParticipationScorer,
    RateScorer,
    RatingScorer,
    ResponseScorer,
)
from valuecocreation.scoring.graph import (
    GiantComponentScorer,
    ReachScorer,
    ReciprocityScorer,
    RewardReachScorer,
)
from valuecocreation.scoring.survey import LikertScorer

__all__ = [
    "DEFAULT_SCORERS",
    "GRAPH_SCORERS",
    "SCORER_GROUP",
    "TARGET_SOURCES",
    "CompositeScorer",
    "ConditionScore",
    "CoverageScorer",
    "GiantComponentScorer",
    "LikertScorer",
    "ParticipationScorer",
    "RateScorer",
    "RatingScorer",
    "ReachScorer",
    "ReciprocityScorer",
    "ResponseScorer",
    "RewardReachScorer",
    "Scorer",
    "ScoringInputs",
    "available_scorers",
    "default_scorers",
    "get_scorer",
    "graph_scorers",
    "normal_interval",
    "poisson_interval",
    "source_scorers",
    "t_interval",
    "target_sources",
    "wilson_interval",
]


DEFAULT_SCORERS: Mapping[str, Scorer]
GRAPH_SCORERS: Mapping[str, Scorer]
TARGET_SOURCES: Mapping[str, str]


def __getattr__(name: str) -> Mapping[str, Any]:
    # The Kim & Choi defaults belong to its framework package, which sits above
    # scoring; they are looked up through the entry points when asked for.
    found: Mapping[str, Any] | None = None
    if name == "DEFAULT_SCORERS":
        found = default_scorers(DEFAULT_FRAMEWORK)
    elif name == "GRAPH_SCORERS":
        found = graph_scorers(DEFAULT_FRAMEWORK)
    elif name == "TARGET_SOURCES":
        found = target_sources(DEFAULT_FRAMEWORK)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return found


publish(globals(), __all__)
