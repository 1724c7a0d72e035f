"""The Kim & Choi (2019) framework as data.

Source: Kim, J., & Choi, H. (2019). Value co-creation through social media: a case
study of a start-up company. *Journal of Business Economics and Management*, 20(1),
1-19, Figure 1 and sections 2.1-2.4. Descriptions are our own summaries.
"""

from __future__ import annotations

from valuecocreation.framework import Condition, Driver, Framework

__all__ = ["KIM_CHOI_2019"]

_INTERNAL = "internalization"
_EXTERNAL = "externalization"

# Figure 1: users take value in through the first two drivers and give it out
# through the last two; firms do the mirror image.
_EXPERIENCE = Driver(
    key="experience",
    name="Experience",
    description=(
        "People can find, reach and try the offering first-hand; the entry stage "
        "of value evolution (section 2.1)."
    ),
    directions={"users": _INTERNAL, "firms": _EXTERNAL},
)
_SATISFACTION = Driver(
    key="satisfaction",
    name="Satisfaction",
    description=(
        "What people meet is enjoyable and meets their needs, giving them reasons "
        "to come back (section 2.2)."
    ),
    directions={"users": _INTERNAL, "firms": _EXTERNAL},
)
_EXPRESSION = Driver(
    key="expression",
    name="Expression",
    description=(
        "Users put something of their own in: they create, personalise and customise (section 2.3)."
    ),
    directions={"users": _EXTERNAL, "firms": _INTERNAL},
)
_SHARE = Driver(
    key="share",
    name="Share",
    description=(
        "Users pass value on to others through interaction, connection and "
        "recognition, beyond the firm's control (section 2.4)."
    ),
    directions={"users": _EXTERNAL, "firms": _INTERNAL},
)


def _condition(key: str, name: str, driver: Driver, description: str) -> Condition:
    return Condition(key=key, name=name, driver=driver, description=description)


KIM_CHOI_2019 = Framework(
    name="kim_choi_2019",
    version="1.0",
    citation=(
        "Kim, J., & Choi, H. (2019). Value co-creation through social media: a case "
        "study of a start-up company. Journal of Business Economics and Management, "
        "20(1), 1-19. https://doi.org/10.3846/jbem.2019.6262"
    ),
    description=(
        "Four drivers of value co-creation on social media, each made concrete by "
        "three conditions; users internalize value through the first two drivers and "
        "externalize it through the last two, while firms do the reverse."
    ),
    drivers=(_EXPERIENCE, _SATISFACTION, _EXPRESSION, _SHARE),
    conditions=(
        _condition(
            "accessibility",
            "Accessibility",
            _EXPERIENCE,
            "Trying the offering takes no special effort, skill or payment, and nothing "
            "technical stands in the way.",
        ),
        _condition(
            "availability",
            "Availability",
            _EXPERIENCE,
            "Details of the offering are present where prospective users already are, "
            "across channels and over time.",
        ),
        _condition(
            "awareness",
            "Awareness",
            _EXPERIENCE,
            "People come to know the brand and offering, typically through the firm's "
            "presence on social media rather than paid sales pushes.",
        ),
        _condition(
            "service",
            "Service",
            _SATISFACTION,
            "The firm helps users well, including detailed answers tailored to each "
            "user's question.",
        ),
        _condition(
            "content",
            "Content",
            _SATISFACTION,
            "The material the firm offers is useful or enjoyable enough to bring users "
            "back, usually free to consume.",
        ),
        _condition(
            "interface",
            "Interface",
            _SATISFACTION,
            "The surfaces users touch are pleasant and clearly beneficial to use.",
        ),
        _condition(
            "user_creativity",
            "User creativity",
            _EXPRESSION,
            "Users create their own content, contribute ideas and take part in "
            "developing new products.",
        ),
        _condition(
            "personalization",
            "Personalization",
            _EXPRESSION,
            "Users shape the offering to express their own personality and taste, for "
            "example their own page or profile.",
        ),
        _condition(
            "customization",
            "Customization",
            _EXPRESSION,
            "The firm provides easy tool kits and tailored offerings that users adjust "
            "to their needs.",
        ),
        _condition(
            "interactivity",
            "Interactivity",
            _SHARE,
            "Users and the firm exchange messages in both directions, and users interact "
            "with one another.",
        ),
        _condition(
            "connectivity",
            "Connectivity",
            _SHARE,
            "Users are easily linked to one another, so that what one shares can travel "
            "across networks and platforms.",
        ),
        _condition(
            "reward",
            "Reward",
            _SHARE,
            "Participation earns recognition, such as a user's work being featured to "
            "a large audience by the firm.",
        ),
    ),
)
