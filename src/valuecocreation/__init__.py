"""valuecocreation: the Kim & Choi (2019) value co-creation framework, computable.

The package turns the framework's four drivers and twelve conditions into data,
describes who co-creates value with typed domain objects, and holds millions of
interactions in a columnar, validated :class:`~valuecocreation.log.InteractionLog`.

>>> import valuecocreation as vcc
>>> [driver.key for driver in vcc.KIM_CHOI_2019.drivers]
['experience', 'satisfaction', 'expression', 'share']
>>> vcc.KIM_CHOI_2019.condition("reward").driver.key
'share'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from valuecocreation import errors
from valuecocreation._kim_choi import KIM_CHOI_2019
from valuecocreation.errors import ValidationError, ValueCocreationError, ValueCocreationWarning
from valuecocreation.framework import Condition, Driver, Framework, Party, ValueDirection
from valuecocreation.log import InteractionLog
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

try:
    __version__ = version("valuecocreation")
except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "KIM_CHOI_2019",
    "Actor",
    "Channel",
    "CoCreationType",
    "Condition",
    "Driver",
    "Framework",
    "Initiative",
    "Interaction",
    "InteractionKind",
    "InteractionLog",
    "LifecycleStage",
    "Party",
    "Role",
    "ValidationError",
    "ValueCocreationError",
    "ValueCocreationWarning",
    "ValueDirection",
    "__version__",
    "errors",
]
