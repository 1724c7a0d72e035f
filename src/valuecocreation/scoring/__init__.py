"""Scorers: from evidence for a condition to a :class:`ConditionScore`.

A scorer is any object with a ``name`` and a ``score(evidence, condition)`` method
(the :class:`Scorer` protocol). The built-ins live in
:mod:`valuecocreation.scoring.builtin`; :data:`DEFAULT_SCORERS` assigns one to each
condition of Kim & Choi (2019), and :data:`GRAPH_SCORERS` the graph scorers of
:mod:`valuecocreation.scoring.graph` that join them when a value-flow graph is
attached; plugins register more under the
``valuecocreation.scorers`` entry-point group and are found by :func:`get_scorer`.

>>> from valuecocreation.scoring import Scorer, get_scorer
>>> isinstance(get_scorer("rate", target=3.0), Scorer)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from valuecocreation._core.intervals import normal_interval, wilson_interval
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

if TYPE_CHECKING:
    from valuecocreation.frameworks.kim_choi_2019._scorers import (
        DEFAULT_SCORERS,
        GRAPH_SCORERS,
        TARGET_SOURCES,
    )

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
    "available_scorers",
    "get_scorer",
    "normal_interval",
    "wilson_interval",
]


_FROM_KIM_CHOI = ("DEFAULT_SCORERS", "GRAPH_SCORERS", "TARGET_SOURCES")


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the defaults of one framework package
    # The Kim & Choi defaults belong to its framework package, which sits above
    # scoring; they are looked up when asked for, so scoring never imports it.
    if name in _FROM_KIM_CHOI:
        from valuecocreation.frameworks.kim_choi_2019 import _scorers  # noqa: PLC0415

        return getattr(_scorers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
