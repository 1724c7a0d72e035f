"""Framework packages: a framework with its condition map, scorers and instrument.

A :class:`FrameworkPackage` is what makes a framework usable by name: packages
register one under the ``valuecocreation.frameworks`` entry-point group, and
``assess(log, framework="name")``, ``Evidence.from_log``, ``Funnel.from_log``,
``ValueFlowGraph.from_log``, the CSV readers and the command line's
``--framework`` find its map and scorers. This project registers Kim & Choi (2019)
in its own ``pyproject.toml`` the same way
(:mod:`valuecocreation.frameworks.kim_choi_2019`). A plugin that fails to load, is
not a framework package, or reuses an installed name warns
(:class:`~valuecocreation.errors.PluginWarning`) and is skipped.

>>> from valuecocreation.frameworks import available_frameworks, get_package
>>> "kim_choi_2019" in available_frameworks()
True
>>> sorted(get_package("kim_choi_2019").graph_scorers)
['awareness', 'connectivity', 'interactivity', 'reward']
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.framework import (
    DEFAULT_FRAMEWORK,
    FRAMEWORK_GROUP,
    available_frameworks,
    get_framework,
)
from valuecocreation.frameworks._package import FrameworkPackage
from valuecocreation.frameworks._registry import get_package

__all__ = [
    "DEFAULT_FRAMEWORK",
    "FRAMEWORK_GROUP",
    "FrameworkPackage",
    "available_frameworks",
    "get_framework",
    "get_package",
]

publish(globals(), __all__)
