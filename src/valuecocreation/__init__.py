"""valuecocreation: the Kim & Choi (2019) value co-creation framework, computable.

The package turns the framework's four drivers and twelve conditions into data,
describes who co-creates value with typed domain objects, and holds millions of
interactions in a columnar, validated :class:`~valuecocreation.log.InteractionLog`,
and scores them: :func:`assess` maps interactions to the conditions
(:mod:`~valuecocreation.mapping`), condenses them into mergeable
:mod:`~valuecocreation.evidence`, and applies pluggable
:mod:`~valuecocreation.scoring` scorers. Other frameworks plug in as
:mod:`~valuecocreation.frameworks` packages and are then used by name.

>>> import valuecocreation as vcc
>>> [driver.key for driver in vcc.KIM_CHOI_2019.drivers]
['experience', 'satisfaction', 'expression', 'share']
>>> vcc.KIM_CHOI_2019.condition("reward").driver.key
'share'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from valuecocreation import (
    channels,
    dask,
    datasets,
    diagnostics,
    errors,
    evidence,
    findings,
    frameworks,
    impact,
    io,
    mapping,
    measurement,
    metrics,
    network,
    playbook,
    plot,
    report,
    scoring,
    simulate,
    store,
    survey,
)
from valuecocreation.assessment import (
    Assessment,
    AssessmentSeries,
    DriverScore,
    ValueBalance,
    assess,
    assess_over,
)
from valuecocreation.errors import ValidationError, ValueCocreationError, ValueCocreationWarning
from valuecocreation.evidence import Evidence
from valuecocreation.framework import Condition, Driver, Framework, Party, ValueDirection
from valuecocreation.frameworks import FrameworkPackage, available_frameworks, get_framework
from valuecocreation.frameworks.kim_choi_2019 import (
    KIM_CHOI_2019,
    KIM_CHOI_2019_INSTRUMENT,
    KIM_CHOI_2019_MAP,
)
from valuecocreation.funnel import Funnel
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap, MapRule
from valuecocreation.model import (
    Actor,
    Channel,
    CoCreationType,
    Initiative,
    Interaction,
    InteractionKind,
    LifecycleStage,
    Role,
)
from valuecocreation.scoring import ConditionScore, Scorer, ScoringInputs
from valuecocreation.survey import Instrument, Item, SurveyResponses

try:
    __version__ = version("valuecocreation")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "KIM_CHOI_2019",
    "KIM_CHOI_2019_INSTRUMENT",
    "KIM_CHOI_2019_MAP",
    "Actor",
    "Assessment",
    "AssessmentSeries",
    "Channel",
    "CoCreationType",
    "Condition",
    "ConditionMap",
    "ConditionScore",
    "Driver",
    "DriverScore",
    "Evidence",
    "Framework",
    "FrameworkPackage",
    "Funnel",
    "Initiative",
    "Instrument",
    "Interaction",
    "InteractionKind",
    "InteractionLog",
    "Item",
    "LifecycleStage",
    "MapRule",
    "Party",
    "Role",
    "Scorer",
    "ScoringInputs",
    "SurveyResponses",
    "ValidationError",
    "ValueBalance",
    "ValueCocreationError",
    "ValueCocreationWarning",
    "ValueDirection",
    "ValueFlowGraph",
    "__version__",
    "assess",
    "assess_over",
    "available_frameworks",
    "channels",
    "dask",
    "datasets",
    "diagnostics",
    "errors",
    "evidence",
    "findings",
    "frameworks",
    "get_framework",
    "impact",
    "io",
    "mapping",
    "measurement",
    "metrics",
    "network",
    "playbook",
    "plot",
    "report",
    "scoring",
    "simulate",
    "store",
    "survey",
]
