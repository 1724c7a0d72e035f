"""The default scorer of each Kim & Choi (2019) condition, and where its target comes from."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from valuecocreation.scoring._score import Scorer
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

__all__ = ["DEFAULT_SCORERS", "GRAPH_SCORERS", "SURVEY_SCORER", "TARGET_SOURCES"]

# Nielsen's participation-inequality rule (90-9-1): in online communities about 1% of
# users contribute most content and 9% contribute now and then, so about 10% contribute
# at all (J. Nielsen, "Participation Inequality", Nielsen Norman Group, 2006).
_CONTRIBUTOR_SHARE = 0.10
_HEAVY_CONTRIBUTOR_SHARE = 0.01

DEFAULT_SCORERS: MappingProxyType[str, Scorer] = MappingProxyType(
    {
        "accessibility": ParticipationScorer(target=1.0),
        "availability": CoverageScorer(period="week", target=1.0),
        "awareness": ParticipationScorer(target=1.0),
        "service": ResponseScorer(limit=dt.timedelta(hours=24), target=1.0),
        "content": CompositeScorer(
            parts=[(ParticipationScorer(target=0.5), 1.0), (RateScorer(target=1.0), 1.0)]
        ),
        "interface": RatingScorer(low=1.0, high=5.0),
        "user_creativity": ParticipationScorer(target=_CONTRIBUTOR_SHARE),
        "personalization": ParticipationScorer(target=_CONTRIBUTOR_SHARE),
        "customization": ParticipationScorer(target=_CONTRIBUTOR_SHARE),
        "interactivity": ParticipationScorer(target=_CONTRIBUTOR_SHARE),
        "connectivity": ParticipationScorer(target=_CONTRIBUTOR_SHARE),
        "reward": ParticipationScorer(target=_HEAVY_CONTRIBUTOR_SHARE),
    }
)
"""The scorer used for each condition of ``KIM_CHOI_2019`` unless the caller picks another."""

TARGET_SOURCES: MappingProxyType[str, str] = MappingProxyType(
    {
        "accessibility": "no norm: the share of active users who reached the offering itself",
        "availability": "no norm: firm content in every week on every channel in use",
        "awareness": "no norm: the share of active users who viewed or followed the firm",
        "service": "convention of this library: an answer within a day; set your service level",
        "content": "convention of this library: half of active users liking or buying, and one "
        "weighted engagement per active user",
        "interface": "rescaled 1-5 star scale, as the app-store ratings of Kim & Choi (2019), 4.3",
        "user_creativity": "Nielsen (2006) participation inequality: about 10% of users contribute",
        "personalization": "Nielsen (2006) participation inequality: about 10% of users contribute",
        "customization": "Nielsen (2006) participation inequality: about 10% of users contribute",
        "interactivity": "Nielsen (2006) participation inequality: about 10% of users contribute",
        "connectivity": "Nielsen (2006) participation inequality: about 10% of users contribute",
        "reward": "Nielsen (2006): the 1% of heavy contributors are the users a firm can feature",
    }
)
"""Why each default target is what it is (shown in the docs and the summary)."""

GRAPH_SCORERS: MappingProxyType[str, Scorer] = MappingProxyType(
    {
        "awareness": ReachScorer(hops=1, target=1.0),
        "interactivity": ReciprocityScorer(target=1.0),
        # The giant component is a share of users linked to one another, not a share of
        # contributors: no published norm says how large it should be, so full marks
        # need every user in one web (Nielsen's 10% was a different quantity).
        "connectivity": GiantComponentScorer(target=1.0),
        "reward": RewardReachScorer(target=_HEAVY_CONTRIBUTOR_SHARE),
    }
)
"""The scorer that judges a condition from a given value-flow graph, by condition.

Targets: every user in contact with the firm (awareness) and every firm-user
conversation answered in kind (interactivity) are this library's conventions; the
reward target is Nielsen's (2006) 1%, as for its event scorer. Connectivity's giant
component asks for every user in one web of users: it measures how users are linked,
not how many contribute, so Nielsen's 10% of contributors does not apply to it."""


SURVEY_SCORER: Scorer = LikertScorer()
"""The scorer that joins a condition's default when survey responses have items for it."""
