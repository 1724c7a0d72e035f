"""Business metrics of co-creation, each with its published definition.

Guides to co-creation for small firms measure its impact with a handful of
standard metrics: satisfaction and loyalty (CSAT, NPS), engagement, adoption,
retention, innovation and the return on investment. This module computes them,
with the definition and source of each in its docstring (see also
:doc:`/explanation/metrics`).

========================  =====================================================
survey answers            :func:`nps`, :func:`nps_summary` (:class:`NpsSummary`),
                          :func:`csat`, :func:`ces`
social-media counts       :func:`engagement_rate`, :func:`conversation_rate`,
                          :func:`amplification_rate`, :func:`applause_rate`
customers over time       :func:`retention_rate`, :func:`churn_rate`,
                          :func:`retention_between` (:class:`Retention`),
                          :func:`cohort_retention` (:class:`CohortRetention`)
outcomes                  :func:`adoption_rate`, :func:`innovation_funnel`
                          (:class:`InnovationFunnel`), :func:`roi`
========================  =====================================================

Conventions
    Shares and rates are fractions (0.25 is 25 %); the NPS is in points from -100
    to 100, as Reichheld defined it. Results are full-precision floats.
Missing is not zero
    A missing input (``None`` or NaN) is left out of survey metrics and gives NaN
    in its place in elementwise rates. A ratio whose denominator is zero (no
    respondents, no reach, no posts, no customers at the start, no cost) is NaN:
    there was nothing to take a share of. It never raises and is never 0.
Bad input is an error
    A rating off its scale or not a whole point, a non-integer NPS answer, a
    negative or infinite count, text where a number belongs, or counts that
    contradict each other (more retained customers than at the start) raise
    :class:`~valuecocreation.errors.ValidationError` naming the argument, the
    position and the value.
Arrays
    The rate functions are elementwise and broadcast like numpy: one value per
    post, feature or period in, one rate per element out.

Examples
--------
>>> from valuecocreation import metrics
>>> metrics.nps([10, 9, 9, 8, 6])  # 3 promoters, 1 detractor of 5
40.0
>>> metrics.csat([5, 4, 2, 5])
0.75
>>> metrics.engagement_rate([30, 12], reach=[600, 0]).tolist()
[0.05, nan]
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.metrics._business import adoption_rate, roi
from valuecocreation.metrics._cohorts import CohortPeriod, CohortRetention, cohort_retention
from valuecocreation.metrics._innovation import InnovationFunnel, innovation_funnel
from valuecocreation.metrics._retention import (
    Retention,
    churn_rate,
    retention_between,
    retention_rate,
)
from valuecocreation.metrics._social import (
    amplification_rate,
    applause_rate,
    conversation_rate,
    engagement_rate,
)
from valuecocreation.metrics._survey import NpsMethod, NpsSummary, ces, csat, nps, nps_summary
from valuecocreation.metrics._survey_summary import Estimate, SurveySummary, survey_summary

__all__ = [
    "CohortPeriod",
    "CohortRetention",
    "Estimate",
    "InnovationFunnel",
    "NpsMethod",
    "NpsSummary",
    "Retention",
    "SurveySummary",
    "adoption_rate",
    "amplification_rate",
    "applause_rate",
    "ces",
    "churn_rate",
    "cohort_retention",
    "conversation_rate",
    "csat",
    "engagement_rate",
    "innovation_funnel",
    "nps",
    "nps_summary",
    "retention_between",
    "retention_rate",
    "roi",
    "survey_summary",
]

publish(globals(), __all__)
