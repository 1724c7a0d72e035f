"""Old public names kept importable after a rename, with a warning naming the new one.

A module that renamed a public name hands the old one on from its module
``__getattr__`` through :func:`renamed`, so that code written against the old
name keeps working while it is told, once per call site, what to write instead.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

__all__ = ["renamed"]


def renamed(module: str, name: str, names: Mapping[str, tuple[str, object]]) -> object:
    """The object an old name of ``module`` stands for, with a ``DeprecationWarning``.

    ``names`` maps each old name to its new name and the object. Any other name
    raises :class:`AttributeError`, as a module without ``__getattr__`` would.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     renamed("valuecocreation.log", "Backend", {"Backend": ("FrameBackend", int)})
    ...     print(caught[0].message)
    <class 'int'>
    valuecocreation.log.Backend is renamed valuecocreation.log.FrameBackend; the old name will go
    """
    if name not in names:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    new, value = names[name]
    warnings.warn(
        f"{module}.{name} is renamed {module}.{new}; the old name will go",
        DeprecationWarning,
        stacklevel=3,
    )
    return value
