"""Scorers: from evidence for a condition to a :class:`ConditionScore`.

A scorer is any object with a ``name`` and a ``score(evidence, condition)`` method
(the :class:`Scorer` protocol). The built-ins live in
:mod:`valuecocreation.scoring.builtin`; :data:`DEFAULT_SCORERS` assigns one to each
condition of Kim & Choi (2019); plugins register more under the
``valuecocreation.scorers`` entry-point group and are found by :func:`get_scorer`.

>>> from valuecocreation.scoring import Scorer, get_scorer
>>> isinstance(get_scorer("rate", target=3.0), Scorer)
True
"""

from __future__ import annotations

from valuecocreation.scoring._defaults import DEFAULT_SCORERS, TARGET_SOURCES
from valuecocreation.scoring._intervals import normal_interval, wilson_interval
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
from valuecocreation.scoring.survey import LikertScorer

__all__ = [
    "DEFAULT_SCORERS",
    "SCORER_GROUP",
    "TARGET_SOURCES",
    "CompositeScorer",
    "ConditionScore",
    "CoverageScorer",
    "LikertScorer",
    "ParticipationScorer",
    "RateScorer",
    "RatingScorer",
    "ResponseScorer",
    "Scorer",
    "available_scorers",
    "get_scorer",
    "normal_interval",
    "wilson_interval",
]
