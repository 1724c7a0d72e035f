"""Scorers by name, from the ``valuecocreation.scorers`` entry-point group.

The built-ins are registered by the project's own ``pyproject.toml``, exactly as
a third-party package registers its scorers; :func:`get_scorer` finds both. A
plugin that fails to load, or a name registered twice, gives a
:class:`~valuecocreation.errors.PluginWarning` and is skipped; it never breaks the
library.
"""

from __future__ import annotations

from typing import Any

from valuecocreation._core.plugins import PluginGroup
from valuecocreation.scoring._score import Scorer

__all__ = ["SCORER_GROUP", "available_scorers", "get_scorer"]

SCORER_GROUP = "valuecocreation.scorers"
_SCORERS = PluginGroup(SCORER_GROUP, "scorer")


def available_scorers() -> tuple[str, ...]:
    """The names of the installed scorers, sorted.

    >>> {"participation", "rate", "response"} <= set(available_scorers())
    True
    """
    return _SCORERS.names()


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
    return _SCORERS.make(name, Scorer, **parameters)  # type: ignore[type-abstract]


def _reset() -> None:
    """Forget the cached registry (after installing a plugin at run time, as tests do)."""
    _SCORERS.reset()
