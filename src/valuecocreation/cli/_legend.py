"""The words under every table the command line prints: what the columns mean, what next.

The same words are in the command-line reference of the docs (a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

ASSESSMENT: Final = (
    "legend:",
    "  score      0 to 1: how fully the condition is met; 1 means the indicator reached its target",
    "  indicator  the measured quantity (a share, a rate, a mean rating); target: the value that",
    "             earns a full score, so score = min(indicator / target, 1)",
    "  n          actors (or requests, ratings, cells) the indicator rests on",
    "  interval   95% confidence interval of the score; nan means no evidence, never 0",
    "  scorer     how the score was computed; composite(a, b) is the mean of a and b over the",
    "             parts with evidence (participation: share of active users; rate: events per",
    "             active user; likert: survey mean; reach, reciprocity: from the value-flow graph)",
)
FUNNEL: Final = (
    "legend:",
    "  reached     actors credited with the stage; at least: actors at the stage or a later one",
    "  conversion  at least / at least of the previous observable stage; n/a: not observable",
    "              (no interaction in the data can credit the stage), never 100%",
)
DIAGNOSIS: Final = (
    "legend:",
    "  ranking  conditions with enough evidence, weakest first; tied: intervals overlap, so",
    "           the order between them is not established",
    "  finding  severity [code] subject: sentence; severe means the number should not be used",
)

NEXT_ASSESS: Final = (
    "next: valuecocreation diagnose EVENTS --actors ACTORS (what is weakest, what is missing); "
    'docs: "How far to trust a score" (explanation/trust)'
)
NEXT_FUNNEL: Final = (
    "next: valuecocreation diagnose EVENTS --actors ACTORS; docs: "
    '"Measure the co-creation funnel" (how-to/funnel)'
)
NEXT_DIAGNOSE: Final = 'next: docs "Read a diagnosis" (how-to/read-a-diagnosis)'


def block(lines: Iterable[str], next_line: str) -> str:
    """The legend lines and the next step, as one block of text."""
    return "\n".join([*lines, next_line])
