"""The diagnosis: what is weakest and how sure we are, what is missing, what moved.

:func:`diagnose` reads an :class:`~valuecocreation.assessment.Assessment` (and, when given,
its series of windows, its funnel and its value-flow graph) and returns a
:class:`Diagnosis` of ranked :class:`~valuecocreation.findings.Finding` objects,
each citing the section of the framework it rests on:

``weakest_condition`` / ``strongest_condition``
    Among the conditions with at least ``minimum_n`` observations and an
    interval; when the weakest's interval overlaps another's they are *tied*.
``not_ranked``
    A score resting on too little evidence to be ranked.
``no_evidence``
    A condition without evidence, with the data that would give it.
``value_evolution_gap``, ``balance_gap``, ``balance_no_firm``
    Value taken in but not given out (or the reverse), by the assessment's
    value balance, and by the graph's flows between users and firms.
``funnel_bottleneck``
    The observable funnel stage with the lowest conversion.
``trend``, ``trend_untested``
    Changes between consecutive windows that exceed their uncertainty: a Wald
    test on the interval half-widths, with Holm's control of the family-wise
    error rate (see :func:`holm`).

Examples
--------
>>> import valuecocreation as vcc
>>> data = vcc.datasets.load_recordfarm()
>>> result = vcc.assess(data.log, actors=data.actors)
>>> diagnosis = vcc.diagnostics.diagnose(result)
>>> diagnosis.weakest
('customization',)
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.diagnostics._diagnose import (
    BALANCE_GAP,
    EVOLUTION_GAP,
    MINIMUM_N,
    diagnose,
)
from valuecocreation.diagnostics._result import (
    DIAGNOSIS_SCHEMA_VERSION,
    Diagnosis,
    RankedCondition,
)
from valuecocreation.diagnostics._trends import Change, holm

__all__ = [
    "BALANCE_GAP",
    "DIAGNOSIS_SCHEMA_VERSION",
    "EVOLUTION_GAP",
    "MINIMUM_N",
    "Change",
    "Diagnosis",
    "RankedCondition",
    "diagnose",
    "holm",
]

publish(globals(), __all__)
