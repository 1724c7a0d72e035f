"""A scorer for survey answers: :class:`LikertScorer`.

It reads the :class:`~valuecocreation.survey.SurveyResponses` of its
:class:`~valuecocreation.scoring.ScoringInputs` (``vcc.assess(log, survey=responses)``
passes them) and scores each condition by the mean answer to its items, rescaled
to [0, 1].
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from valuecocreation._core.student import t_quantile
from valuecocreation.scoring._common import checked_inputs, level
from valuecocreation.scoring._inputs import ScoringInputs
from valuecocreation.scoring._score import ConditionScore

__all__ = ["LikertScorer"]


@attrs.frozen(kw_only=True)
class LikertScorer:
    """Mean agreement with a condition's survey items, rescaled to [0, 1].

    *Per respondent*: the mean of the answered items of the condition, each
    answer put on [0, 1] as ``(answer - low) / (high - low)`` of its item's scale
    after reverse-coded items are recoded (Cohen, Cohen, Aiken & West 1999,
    "percent of maximum possible", *Multivariate Behavioral Research* 34,
    315-346). *Score*: the mean over the respondents who answered at least one
    of the items (``n``). *Indicator*: the same mean on the items' own scale
    (the score itself when the items use different scales). *Interval*:
    Student's t interval of the mean of the respondent means, ``n - 1`` degrees
    of freedom (Student 1908, *Biometrika* 6, 1-25), clipped to [0, 1]; none
    for a single respondent.

    Without survey responses among the inputs, without an item for the condition in the
    instrument, or without any answer to those items, the score is nan with the
    reason.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT, SurveyResponses
    >>> answers = SurveyResponses.from_wide(
    ...     {"respondent": ["a", "b", "c"], "reward_1": [5, 4, 3], "reward_2": [5, 2, None]},
    ...     KIM_CHOI_2019_INSTRUMENT)
    >>> inputs = vcc.ScoringInputs(vcc.Evidence.empty(), survey=answers)
    >>> score = LikertScorer().score(inputs, "reward")
    >>> score.value, score.indicator, score.n  # respondent means 5, 3 and 3 on 1-5
    (0.6666666666666666, 3.6666666666666665, 3)
    >>> LikertScorer().score(inputs, "awareness").reason
    'no respondent answered any item of awareness (awareness_1, awareness_2, awareness_3)'
    """

    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"likert"``."""
        return "likert"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the survey responses of ``inputs``."""
        survey = checked_inputs(inputs).survey
        meaning = f"mean agreement with the {condition} survey items, rescaled to 0-1"
        if survey is None:
            return self._nan(condition, meaning, "no survey responses among the scoring inputs")
        items = survey.items_for(condition)
        if not items:
            return self._nan(
                condition,
                meaning,
                f"instrument {survey.instrument.name!r} has no item for {condition}",
            )
        means = survey.condition_means(condition)
        answered = means[~np.isnan(means)]
        n = len(answered)
        if n == 0:
            ids = ", ".join(item.id for item in items)
            return self._nan(
                condition, meaning, f"no respondent answered any item of {condition} ({ids})"
            )
        value = min(max(float(answered.mean()), 0.0), 1.0)
        scales = {survey.instrument.scale_of(item) for item in items}
        indicator = value
        if len(scales) == 1:
            low, high = scales.pop()
            indicator = low + value * (high - low)
            meaning = (
                f"mean agreement with the {condition} survey items on their {low:g}-{high:g} scale"
            )
        interval = None
        if n > 1:
            half = (
                t_quantile(0.5 + self.confidence / 2.0, n - 1)
                * float(answered.std(ddof=1))
                / math.sqrt(n)
            )
            interval = (min(max(value - half, 0.0), value), max(min(value + half, 1.0), value))
        return ConditionScore(
            condition=condition,
            value=value,
            indicator=indicator,
            meaning=meaning,
            n=n,
            interval=interval,
            confidence=self.confidence,
            scorer=self.name,
        )

    def _nan(self, condition: str, meaning: str, reason: str) -> ConditionScore:
        return ConditionScore(
            condition=condition,
            value=math.nan,
            indicator=math.nan,
            meaning=meaning,
            n=0,
            confidence=self.confidence,
            scorer=self.name,
            reason=reason,
        )
