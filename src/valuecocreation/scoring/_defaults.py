"""The default scorers of a framework, from its installed framework package.

A framework package (:class:`~valuecocreation.frameworks.FrameworkPackage`) gives
each condition a default scorer, and names the scorers that join a condition's
default when a value-flow graph or survey responses are given. Scoring sits below
the framework packages, so it finds them through the ``valuecocreation.frameworks``
entry points at call time and checks that what it finds are scorers.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from valuecocreation.errors import PluginWarning
from valuecocreation.framework import Framework, installed_part, resolve_framework
from valuecocreation.scoring._score import Scorer

if TYPE_CHECKING:
    from valuecocreation.survey._responses import SurveyResponses

__all__ = ["default_scorers", "graph_scorers", "source_scorers", "target_sources"]


def default_scorers(framework: Framework | str) -> Mapping[str, Scorer] | None:
    """The default scorer of each condition of ``framework``, by condition key.

    ``None`` when no installed framework package holds the framework (pass
    ``scorers=`` for every condition then).

    >>> default_scorers("kim_choi_2019")["reward"]
    ParticipationScorer(target=0.01, confidence=0.95)

    Raises
    ------
    UnknownKeyError
        For a framework name that is not installed.
    """
    return _scorers(framework, "scorers")


def graph_scorers(framework: Framework | str) -> Mapping[str, Scorer]:
    """The scorers that join a condition's default when a value-flow graph is given.

    Empty when the framework's package names none, or no package holds it.

    >>> sorted(graph_scorers("kim_choi_2019"))
    ['awareness', 'connectivity', 'interactivity', 'reward']
    """
    return _scorers(framework, "graph_scorers") or MappingProxyType({})


def target_sources(framework: Framework | str) -> Mapping[str, str]:
    """Why each default target of ``framework``'s scorers is what it is, by condition.

    >>> target_sources("kim_choi_2019")["reward"][:13]
    'Nielsen (2006'
    """
    found: Mapping[str, str] | None = installed_part(
        framework,
        "target_sources",
        Mapping,  # type: ignore[type-abstract]  # an isinstance check needs no concrete class
    )
    return MappingProxyType({}) if found is None else found


def source_scorers(
    framework: Framework | str,
    condition: str,
    *,
    graph: bool,
    survey: SurveyResponses | None,
) -> list[Scorer]:
    """The scorers that judge ``condition`` from a graph or survey, besides its default.

    The graph scorer of the condition joins when ``graph`` is true; the package's
    survey scorer joins when ``survey`` has items for the condition.
    :func:`~valuecocreation.assess` combines them with the default scorer, so a
    graph or survey adds evidence instead of replacing it.

    >>> source_scorers("kim_choi_2019", "reward", graph=True, survey=None)
    [RewardReachScorer(target=0.01, confidence=0.95)]
    >>> source_scorers("kim_choi_2019", "service", graph=True, survey=None)
    []
    """
    found: list[Scorer] = []
    if graph:
        by_graph = graph_scorers(framework).get(condition)
        if by_graph is not None:
            found.append(by_graph)
    if survey is not None and survey.items_for(condition):
        by_survey = installed_part(framework, "survey_scorer", Scorer)  # type: ignore[type-abstract]
        if by_survey is not None:
            found.append(by_survey)
    return found


def _scorers(framework: Framework | str, part: str) -> Mapping[str, Scorer] | None:
    found: Mapping[Any, Any] | None = installed_part(
        framework,
        part,
        Mapping,  # type: ignore[type-abstract]  # an isinstance check needs no concrete class
    )
    if found is None:
        return None
    if _CHECKED.get(id(found)) is found:  # seen before: a package's parts never change
        return found
    wrong = sorted(str(key) for key, value in found.items() if not isinstance(value, Scorer))
    if wrong:
        warnings.warn(
            f"the {part} of framework {resolve_framework(framework).name!r} are not all "
            f"scorers (conditions {', '.join(wrong)}); they are ignored",
            PluginWarning,
            stacklevel=3,
        )
        return None
    _CHECKED[id(found)] = found
    return found


# The scorer mappings already checked, by identity (they are kept here, so an id is
# never reused): checking a protocol on every scorer of every assessment costs more
# than the scoring of a small log.
_CHECKED: dict[int, Mapping[str, Scorer]] = {}
