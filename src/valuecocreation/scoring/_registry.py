"""Scorers by name, from the ``valuecocreation.scorers`` entry-point group.

The built-ins are registered by the project's own ``pyproject.toml``, exactly as
a third-party package registers its scorers; :func:`get_scorer` finds both. A
plugin that fails to load, or a name registered twice, gives a
:class:`~valuecocreation.errors.PluginWarning` and is skipped; it never breaks the
library.
"""

from __future__ import annotations

import functools
import warnings
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from valuecocreation.errors import PluginWarning, UnknownKeyError
from valuecocreation.scoring._score import Scorer

__all__ = ["SCORER_GROUP", "available_scorers", "get_scorer"]

SCORER_GROUP = "valuecocreation.scorers"


@functools.cache
def _registry() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    # This package's own registrations come first, so a plugin cannot shadow a built-in.
    points = sorted(entry_points(group=SCORER_GROUP), key=lambda p: not _is_own(p))
    for point in points:
        kept = found.get(point.name)
        if kept is None:
            found[point.name] = point
        elif kept.value != point.value:
            warnings.warn(
                f"scorer {point.name!r} is registered twice ({kept.value} and {point.value}); "
                f"keeping {kept.value}", PluginWarning, stacklevel=3)
    return found


def _is_own(point: EntryPoint) -> bool:
    return point.dist is not None and point.dist.name == "valuecocreation"


def available_scorers() -> tuple[str, ...]:
    """The names of the installed scorers, sorted.

    >>> {"participation", "rate", "response"} <= set(available_scorers())
    True
    """
    return tuple(sorted(_registry()))


def get_scorer(name: str, **parameters: Any) -> Scorer:  # noqa: ANN401
    """Make the scorer registered as ``name``, passing ``parameters`` to its factory.

    >>> get_scorer("participation", target=0.1)
    ParticipationScorer(target=0.1, confidence=0.95)

    Raises
    ------
    UnknownKeyError
        When no installed scorer has that name, or its plugin fails to load (the
        message lists the names that work; a failed load also warns).
    ValidationError, TypeError
        When ``parameters`` do not suit the scorer.
    """
    point = _registry().get(name)
    if point is None:
        raise UnknownKeyError("scorer", name, available_scorers())
    try:
        factory = point.load()
    except Exception as error:  # a broken plugin must not crash the caller
        warnings.warn(f"scorer plugin {name!r} ({point.value}) failed to load: {error!r}",
                      PluginWarning, stacklevel=2)
        raise UnknownKeyError("scorer", name, available_scorers()) from error
    # Bad parameters are the caller's mistake: their error propagates unchanged.
    scorer = factory(**parameters)
    if not isinstance(scorer, Scorer):
        raise TypeError(f"the scorer plugin {name!r} made {scorer!r}, which is not a Scorer")
    return scorer


def _reset() -> None:
    """Forget the cached registry (after installing a plugin at run time, as tests do)."""
    _registry.cache_clear()
