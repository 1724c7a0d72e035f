"""The default condition map for Kim & Choi (2019): every interaction kind, placed.

Section numbers in the notes refer to Kim & Choi (2019), "Value co-creation through
social media: a case study of a start-up company", JBEM 20(1), 1-19: section 2
defines the drivers and conditions, section 4 shows them in the RecordFarm case.
Each note says in our words why the kind is evidence for the condition.
"""

from __future__ import annotations

from valuecocreation.mapping import ConditionMap, Credit, MapRule
from valuecocreation.model import Role

_USERS = frozenset({Role.USER, Role.CREATOR})
_FIRM = frozenset({Role.FIRM})


def _by_users(kind: str, condition: str, note: str) -> MapRule:
    return MapRule(kind=kind, condition=condition, roles=_USERS, note=note)


def _by_firm(kind: str, condition: str, note: str, *, credit: Credit = "source") -> MapRule:
    return MapRule(kind=kind, condition=condition, roles=_FIRM, credit=credit, note=note)


KIM_CHOI_2019_MAP = ConditionMap(
    name="kim_choi_2019_default",
    rules=(
        # Experience
        _by_users(
            "visit",
            "accessibility",
            "A user reaching the offering's own pages has met no barrier to trying it "
            "(2.1: experiencing a service first-hand without technical difficulty).",
        ),
        _by_users(
            "download",
            "accessibility",
            "Getting the app or a file is a first-hand try of the offering (2.1, 4.1).",
        ),
        _by_users(
            "signup",
            "accessibility",
            "Joining is the step from looking to using (4.1: the beta was easy to "
            "approach in its early stage).",
        ),
        _by_firm(
            "post",
            "availability",
            "Firm content on a channel keeps the offering's details where prospective "
            "users are, over time and places (2.1; 4.1: RecordFarm's Facebook and "
            "YouTube pages).",
        ),
        _by_users(
            "view",
            "awareness",
            "Seeing the firm's material is how people come to know the brand on social "
            "media (2.1: platforms used for brand awareness rather than sales).",
        ),
        _by_users(
            "follow",
            "awareness",
            "Following a page shows that a user knows the brand and wants to hear "
            "from it (4.1: showcasing services to potential customers).",
        ),
        # Satisfaction
        _by_users(
            "support_request",
            "service",
            "Users asking for help open the exchanges service is judged on (4.2).",
        ),
        _by_firm(
            "support_response",
            "service",
            "The firm's answers close them; section 4.2 stresses detailed answers "
            "tailored to each user.",
        ),
        _by_users(
            "like",
            "content",
            "Liking is the plainest sign that content was enjoyable (2.2: enjoyment "
            "gives users reasons to return).",
        ),
        _by_users(
            "purchase",
            "content",
            "Paying for the premium tier of a freemium offer shows the content is "
            "worth more than the free part (4.2).",
        ),
        _by_users(
            "rate",
            "interface",
            "Star ratings judge the surfaces users touch; section 4.3 reports app-store "
            "ratings of 4.7 and 4.81 out of 5. The interaction's weight is the rating.",
        ),
        # Expression
        _by_users(
            "post",
            "user_creativity",
            "A user's own upload is user-created media content (2.3; 4.1: early "
            "content came from musicians who were users).",
        ),
        _by_users(
            "idea",
            "user_creativity",
            "Suggesting new ideas is named in section 2.3 as co-creation by users.",
        ),
        _by_users(
            "feedback",
            "user_creativity",
            "Feedback on the offering contributes to developing products (2.3).",
        ),
        _by_users(
            "review",
            "user_creativity",
            "A written review is content the user creates about the offering (2.3).",
        ),
        _by_users(
            "vote",
            "user_creativity",
            "Voting on each other's music is one of the creative, user-driven "
            "activities of section 4.3.",
        ),
        _by_users(
            "personalize",
            "personalization",
            "Shaping one's page or profile to one's taste (4.3: the 'My Page' function).",
        ),
        _by_users(
            "customize",
            "customization",
            "Using the firm's tool kits to adjust the offering (2.3: easy tool kits; 4.3).",
        ),
        # Share
        _by_users(
            "comment",
            "interactivity",
            "Discussing content with the firm and other users (2.4, 4.3, 4.4).",
        ),
        _by_users(
            "reply",
            "interactivity",
            "Answering someone else is interaction among peers or with the firm (4.4).",
        ),
        _by_users(
            "message",
            "interactivity",
            "Direct messages are two-way exchange (4.2: constant dialogue).",
        ),
        _by_firm(
            "reply",
            "interactivity",
            "The firm answering a user is the other direction of the exchange (2.4; "
            "4.2: constant dialogue with users); credited to the user answered.",
            credit="target",
        ),
        _by_firm(
            "message",
            "interactivity",
            "A message from the firm reaches a user in person (4.2); credited to that user.",
            credit="target",
        ),
        _by_users(
            "share",
            "connectivity",
            "Passing content on is how it travels across networks beyond the firm's "
            "control (2.4, 4.4).",
        ),
        _by_users(
            "mention",
            "connectivity",
            "Naming another account links people and brings them into the conversation (4.4).",
        ),
        _by_users(
            "referral",
            "connectivity",
            "Referrals in online communities improve user acquisition (2.4, citing "
            "Trusov, Bucklin & Pauwels 2009).",
        ),
        _by_firm(
            "feature",
            "reward",
            "Featuring a user's work to a large audience is the reward of section 4.4 "
            "(exposure to more than two million users); credited to the user featured.",
            credit="target",
        ),
        _by_firm(
            "reward",
            "reward",
            "Any other recognition or prize from the firm (4.4: recognition as a motive "
            "to take part); credited to the user rewarded.",
            credit="target",
        ),
    ),
)
"""The default :class:`~valuecocreation.mapping.ConditionMap` for Kim & Choi (2019)."""
