"""From diagnosis to action: a playbook of co-creation practices and :func:`recommend`.

The knowledge is data (``practices.json``, checked against rules written down in
``schemas/playbook-1.schema.json``): co-creation practices, each with the
conditions it strengthens (an ordinal strength), its co-creation type (seed 003),
the life-cycle stages it fits (seed 004), cost and staff hours, prerequisites, the
challenges it tends to raise (seed 002) with their mitigations, how its effect is
measured, how it adapts to a culture (seed 002) and the sources of every fact.

:func:`recommend` turns an assessment or a diagnosis into a :class:`Plan`.
Custom playbooks load from a file (:func:`load_playbook`) or from the entry-point
group ``valuecocreation.playbooks`` (:func:`get_playbook`).

Examples
--------
>>> from valuecocreation.playbook import default_playbook
>>> practice = default_playbook().practice("online_community")
>>> practice.type.value, [s.value for s in practice.stages]
('co_consumption', ['launch', 'post_launch'])
>>> practice.prerequisites[0].condition
'connectivity'
>>> sorted({source.seed[:3] for p in default_playbook().practices for source in p.sources})
['000', '001', '002', '003', '004']
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.playbook._culture import CultureProfile, load_culture
from valuecocreation.playbook._knowledge import (
    CULTURE_LEVELS,
    METRICS,
    PLAYBOOK_SCHEMA_VERSION,
    Adaptation,
    Challenge,
    Measure,
    Mitigation,
    Playbook,
    Practice,
    Prerequisite,
    Source,
)
from valuecocreation.playbook._loader import (
    DEFAULT_PLAYBOOK,
    PLAYBOOK_SCHEMA_RESOURCE,
    available_playbooks,
    default_playbook,
    get_playbook,
    load_playbook,
    playbook_schema,
    refresh_playbooks,
)
from valuecocreation.playbook._plan import (
    PLAN_SCHEMA_VERSION,
    Deferral,
    Gap,
    Plan,
    PlannedPractice,
)
from valuecocreation.playbook._recommend import DiagnosisLike, recommend

__all__ = [
    "CULTURE_LEVELS",
    "DEFAULT_PLAYBOOK",
    "METRICS",
    "PLAN_SCHEMA_VERSION",
    "PLAYBOOK_SCHEMA_RESOURCE",
    "PLAYBOOK_SCHEMA_VERSION",
    "Adaptation",
    "Challenge",
    "CultureProfile",
    "Deferral",
    "DiagnosisLike",
    "Gap",
    "Measure",
    "Mitigation",
    "Plan",
    "PlannedPractice",
    "Playbook",
    "Practice",
    "Prerequisite",
    "Source",
    "available_playbooks",
    "default_playbook",
    "get_playbook",
    "load_culture",
    "load_playbook",
    "playbook_schema",
    "recommend",
    "refresh_playbooks",
]

publish(globals(), __all__)
