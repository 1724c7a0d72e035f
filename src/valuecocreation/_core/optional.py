"""Optional dependencies: imported only when a feature needs them, with a clear error.

The core needs only attrs, networkx, numpy, typing-extensions and narwhals. Features
built on scipy, pandas, matplotlib and the like ask for their library here, so that a
missing one is reported with the extra that installs it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from valuecocreation.errors import MissingDependencyError

__all__ = ["require"]


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import ``module`` for ``feature``, or explain which extra installs it.

    Parameters
    ----------
    module
        The module to import, such as ``"scipy.sparse"``.
    extra
        The project extra that installs it, such as ``"graph"``.
    feature
        What needs it, in a few words, for the message.

    Raises
    ------
    MissingDependencyError
        If the module cannot be imported; the message names the extra.

    Examples
    --------
    >>> require("json", extra="core", feature="reading JSON").__name__
    'json'
    >>> require("no_such_module_xyz", extra="graph", feature="sparse PageRank")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.MissingDependencyError: sparse PageRank needs no_such_module_xyz: ...
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".", 1)[0]
        raise MissingDependencyError(
            f"{feature} needs {top}: pip install 'valuecocreation[{extra}]'",
            module=top,
            extra=extra,
        ) from None
