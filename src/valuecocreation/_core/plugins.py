"""Plugins by name, from an entry-point group: one loader for scorers, adapters and the rest.

The package registers its own built-ins in its ``pyproject.toml``, exactly as a
third-party package registers its plugins, so one loader finds both and is tested
end to end. A plugin that fails to load, or a name registered twice, gives a
:class:`~valuecocreation.errors.PluginWarning` and is skipped; it never breaks the
library. An unknown name is answered with the names that are installed.
"""

from __future__ import annotations

import warnings
from importlib.metadata import EntryPoint, entry_points
from typing import Any, TypeVar

from valuecocreation.errors import PluginWarning, UnknownKeyError

__all__ = ["PluginGroup"]

_OWN_DISTRIBUTION = "valuecocreation"
T = TypeVar("T")


class PluginGroup:
    """The plugins registered under one entry-point ``group``, found once and cached.

    Parameters
    ----------
    group
        The entry-point group, such as ``"valuecocreation.scorers"``.
    what
        What a plugin of the group is, in one word, for messages (``"scorer"``).

    Examples
    --------
    >>> scorers = PluginGroup("valuecocreation.scorers", "scorer")
    >>> "rate" in scorers.names()
    True
    >>> scorers.load("magic")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.UnknownKeyError: unknown scorer 'magic'; valid scorer keys are: ...
    """

    def __init__(self, group: str, what: str) -> None:
        self.group = group
        self.what = what
        self._found: dict[str, EntryPoint] | None = None
        # Loaded objects, by name: looked up on every call that resolves a default
        # (each assessment asks for its framework's parts). Failures are not kept,
        # so a broken plugin warns every time it is asked for.
        self._loaded: dict[str, object] = {}

    def entry_points(self) -> dict[str, EntryPoint]:
        """The entry points by name; this package's own come first and cannot be shadowed."""
        if self._found is None:
            found: dict[str, EntryPoint] = {}
            points = sorted(entry_points(group=self.group), key=lambda p: not _is_own(p))
            for point in points:
                kept = found.get(point.name)
                if kept is None:
                    found[point.name] = point
                elif kept.value != point.value:
                    warnings.warn(
                        f"{self.what} {point.name!r} is registered twice ({kept.value} and "
                        f"{point.value}); keeping {kept.value}",
                        PluginWarning,
                        stacklevel=4,
                    )
            self._found = found
        return self._found

    def names(self) -> tuple[str, ...]:
        """The names of the installed plugins, sorted."""
        return tuple(sorted(self.entry_points()))

    def load(self, name: str) -> object:
        """The object registered as ``name`` (a class or a factory, as the plugin says).

        Raises
        ------
        UnknownKeyError
            When no installed plugin has that name, or its plugin fails to load (the
            message lists the names that work; a failed load also warns).
        """
        if name in self._loaded:
            return self._loaded[name]
        point = self.entry_points().get(name)
        if point is None:
            raise UnknownKeyError(self.what, name, self.names())
        try:
            loaded = self._loaded[name] = point.load()
        except Exception as error:  # a broken plugin must not crash the caller
            warnings.warn(
                f"{self.what} plugin {name!r} ({point.value}) failed to load: {error!r}",
                PluginWarning,
                stacklevel=3,
            )
            raise UnknownKeyError(self.what, name, self.names()) from error
        return loaded

    def make(self, name: str, kind: type[T], **parameters: Any) -> T:  # noqa: ANN401
        """Call the factory registered as ``name`` with ``parameters``; check its result.

        ``kind`` is the runtime-checkable protocol the result must follow (``Scorer``,
        ``Adapter``). Bad ``parameters`` are the caller's mistake: their error
        propagates unchanged.

        Raises
        ------
        UnknownKeyError
            As :meth:`load`.
        TypeError
            When the plugin registered something that cannot be called, or its
            result does not follow ``kind``.
        """
        factory = self.load(name)
        if not callable(factory):
            raise TypeError(
                f"the {self.what} plugin {name!r} registered {factory!r}, which "
                f"cannot make {_article(self.what)} {self.what}"
            )
        made = factory(**parameters)
        if not isinstance(made, kind):
            raise TypeError(
                f"the {self.what} plugin {name!r} made {made!r}, which is not "
                f"{_article(kind.__name__)} {kind.__name__}"
            )
        return made

    def reset(self) -> None:
        """Forget what was found (after installing a plugin at run time, as tests do)."""
        self._found = None
        self._loaded = {}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _is_own(point: EntryPoint) -> bool:
    return point.dist is not None and point.dist.name == _OWN_DISTRIBUTION
