"""Adapters: "read my platform's export" as a plugin.

An adapter turns one shape of export (a social platform's post report, a CRM's
ticket dump...) into an :class:`~valuecocreation.log.InteractionLog`. It is any
object with a ``name`` and a ``read(path, *, errors=...)`` method (the
:class:`Adapter` protocol). Adapters are registered under the entry-point group
``valuecocreation.adapters`` and loaded by the same loader as scorers
(:class:`~valuecocreation._core.plugins.PluginGroup`); the built-in presets are
registered by this package's own ``pyproject.toml``, so :func:`get_adapter` finds
them and third-party ones alike.
"""

from __future__ import annotations

import os
from typing import Any, Protocol, runtime_checkable

from valuecocreation._core.plugins import PluginGroup
from valuecocreation.io._options import Errors
from valuecocreation.io._result import ReadResult
from valuecocreation.log import InteractionLog

__all__ = ["ADAPTER_GROUP", "Adapter", "available_adapters", "get_adapter"]

ADAPTER_GROUP = "valuecocreation.adapters"
"""The entry-point group adapters are registered under."""
_ADAPTERS = PluginGroup(ADAPTER_GROUP, "adapter")


@runtime_checkable
class Adapter(Protocol):
    """Reads one shape of export into an interaction log.

    An adapter has a ``name`` and a ``read`` method. ``read(path)`` returns an
    :class:`~valuecocreation.log.InteractionLog` and raises
    :class:`~valuecocreation.errors.ValidationError` for the first bad row;
    ``read(path, errors="quarantine")`` returns a
    :class:`~valuecocreation.io.ReadResult` whose rejected rows keep their lines and
    reasons, with ``accepted + rejected == rows read``. Options (column names, the
    firm's account...) belong to the adapter's constructor, which
    :func:`get_adapter` calls with the keyword arguments it is given.

    Examples
    --------
    >>> from valuecocreation.io import Adapter, get_adapter
    >>> isinstance(get_adapter("social_export"), Adapter)
    True
    """

    @property
    def name(self) -> str:
        """A short name, as registered."""
        ...

    def read(
        self, path: str | os.PathLike[str], *, errors: Errors = "raise"
    ) -> InteractionLog | ReadResult:
        """Read the export at ``path``."""
        ...


def available_adapters() -> tuple[str, ...]:
    """The names of the installed adapters, sorted.

    >>> "social_export" in available_adapters()
    True
    """
    return _ADAPTERS.names()


def get_adapter(name: str, **parameters: Any) -> Adapter:  # noqa: ANN401
    """Make the adapter registered as ``name``, passing ``parameters`` to its factory.

    >>> get_adapter("social_export", channel="facebook").channel
    'facebook'

    Raises
    ------
    UnknownKeyError
        When no installed adapter has that name, or its plugin fails to load (the
        message lists the names that work; a failed load also warns).
    ValidationError, TypeError
        When ``parameters`` do not suit the adapter.
    """
    return _ADAPTERS.make(name, Adapter, **parameters)  # type: ignore[type-abstract]


def _reset() -> None:
    """Forget the installed adapters (after installing one at run time, as tests do)."""
    _ADAPTERS.reset()
