"""Did an initiative move its conditions? :func:`measure_impact`.

For every condition an :class:`~valuecocreation.model.Initiative` targets, the
outcome of each actor in a window is whether the actor was credited with at least
one interaction the condition map counts for that condition (``outcome=
"participation"``), or how many (``outcome="events"``). The actors are the users
(and creators) seen on the group's channels in the window before or the window
after; each has one outcome per window.

With a ``control`` (channels the initiative did not touch), the estimate is the
difference in differences of the mean outcome (Card & Krueger 1994; Angrist &
Pischke 2009, ch. 5):

    (treated after - treated before) - (control after - control before)

which equals the interaction coefficient of an OLS regression of the outcome on
treated, after and treated x after. The interval is a percentile bootstrap that
resamples actors with replacement within each group (so an actor's two windows
stay together), seeded for reproducibility. Without a control, the estimate is
the raw before/after change of the treated group, with a finding that it may be a
trend rather than an effect.

Examples
--------
>>> from valuecocreation.datasets import contest_example
>>> from valuecocreation.impact import measure_impact
>>> example = contest_example(seed=1)
>>> result = measure_impact(example.log, example.initiative, control=example.control, seed=7)
>>> effect = result.condition("user_creativity")
>>> effect.method
'difference_in_differences'
>>> low, high = effect.interval
>>> low < example.true_effect < high
True
>>> type(result).from_json(result.to_json()) == result
True
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.impact._measure import Outcome, measure_impact
from valuecocreation.impact._result import (
    IMPACT_SCHEMA_VERSION,
    ConditionImpact,
    Impact,
    load_initiative,
)

__all__ = [
    "IMPACT_SCHEMA_VERSION",
    "ConditionImpact",
    "Impact",
    "Outcome",
    "load_initiative",
    "measure_impact",
]

publish(globals(), __all__)
