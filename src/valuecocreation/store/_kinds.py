"""The result types a store can hold, and how each one names its framework and scores.

A store keeps any result with ``to_dict``/``from_dict``. Built-in kinds are listed
by dotted path and imported only when used, so the store does not load every
analysis module; other code adds its own with :func:`register_result_type`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from valuecocreation.errors import ArgumentTypeError, UnknownKeyError, ValidationError

__all__ = [
    "ResultType",
    "ScoreRow",
    "assessment_scores",
    "framework_of",
    "register_result_type",
    "registered_kinds",
    "result_type",
    "result_type_of",
]


class ScoreRow(NamedTuple):
    """One score of a saved result: where it applies, which score, its value and n."""

    window: str
    segment: str
    level: str
    key: str
    value: float | None
    n: int | None


def framework_of(data: Mapping[str, Any]) -> tuple[str, str, str]:
    """The framework name, its version and the map name a result's plain data records.

    Results carry ``{"framework": {"name", "version"}, "mapping": ...}``; a series
    carries them in its items (an empty series records none: ``("", "", "")``).

    >>> framework_of({"framework": {"name": "kim_choi_2019", "version": "1"}, "mapping": "m"})
    ('kim_choi_2019', '1', 'm')
    """
    if "framework" not in data and isinstance(data.get("items"), list):
        items = data["items"]
        return framework_of(items[0]) if items else ("", "", "")
    framework = data.get("framework")
    if isinstance(framework, Mapping):
        name, version = framework.get("name"), framework.get("version")
    else:
        name, version = framework, data.get("framework_version", "")
    mapping = data.get("mapping", "")
    if not isinstance(name, str) or not isinstance(version, str) or not isinstance(mapping, str):
        raise ValidationError(
            "a stored result must name its framework and version as text",
            column="framework",
            value=framework,
        )
    return name, version, mapping


def assessment_scores(data: Mapping[str, Any]) -> Iterator[ScoreRow]:
    """The scores of an assessment's (or every item of a series') plain data.

    Conditions and drivers by key, and the overall ``index`` (its n is the number
    of interactions).

    >>> rows = list(assessment_scores({"window": "all", "segment": "", "index": 0.5,
    ...     "interactions": 3, "conditions": [{"condition": "reward", "value": 0.2, "n": 3}],
    ...     "drivers": [{"driver": "share", "value": None}]}))
    >>> [(row.level, row.key, row.value) for row in rows]
    [('condition', 'reward', 0.2), ('driver', 'share', None), ('index', 'index', 0.5)]
    """
    if "items" in data and "conditions" not in data:
        for item in data["items"]:
            yield from assessment_scores(item)
        return
    window, segment = data["window"], data["segment"]
    for score in data["conditions"]:
        yield ScoreRow(window, segment, "condition", score["condition"], score["value"], score["n"])
    for score in data["drivers"]:
        yield ScoreRow(window, segment, "driver", score["driver"], score["value"], None)
    yield ScoreRow(window, segment, "index", "index", data["index"], data["interactions"])


def _no_scores(data: Mapping[str, Any]) -> Iterator[ScoreRow]:
    return iter(())


@attrs.frozen(kw_only=True)
class ResultType:
    """A kind of result a store holds: its name, its class and its scores.

    ``cls`` needs ``to_dict()`` and a ``from_dict(data)`` class method; ``scores``
    lists the scores of the plain data for :meth:`Store.history
    <valuecocreation.store.Store.history>` (none by default).
    """

    kind: str
    cls: type[Any]
    scores: Callable[[Mapping[str, Any]], Iterator[ScoreRow]] = _no_scores


# Built-in kinds by dotted path: imported on first use, and a module another part of
# the package adds later (diagnoses, plans) plugs in with one line here.
_BUILTIN: dict[str, tuple[str, Callable[[Mapping[str, Any]], Iterator[ScoreRow]]]] = {
    "assessment": ("valuecocreation.assessment:Assessment", assessment_scores),
    "series": ("valuecocreation.assessment:AssessmentSeries", assessment_scores),
    "funnel": ("valuecocreation.funnel:Funnel", _no_scores),
    "plan": ("valuecocreation.playbook:Plan", _no_scores),
}
_REGISTERED: dict[str, ResultType] = {}
_LOADED: dict[str, ResultType] = {}  # built-in kinds, once imported


def register_result_type(
    kind: str,
    cls: type[Any],
    *,
    scores: Callable[[Mapping[str, Any]], Iterator[ScoreRow]] | None = None,
) -> ResultType:
    """Let stores hold results of ``cls`` under the name ``kind``.

    Parameters
    ----------
    kind
        The name saved next to each result, such as ``"diagnosis"``.
    cls
        A class with ``to_dict()`` and a ``from_dict(data)`` class method.
    scores
        What :meth:`Store.history <valuecocreation.store.Store.history>` reads from
        the result's plain data; none when left out.

    Raises
    ------
    ArgumentTypeError
        For a class without ``to_dict`` and ``from_dict``.
    ValidationError
        For a kind that is built in or already registered for another class.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class Note:
    ...     text: str
    ...     def to_dict(self): return {"framework": {"name": "kim_choi_2019", "version": "1"},
    ...                                "mapping": "", "text": self.text}
    ...     @classmethod
    ...     def from_dict(cls, data): return cls(data["text"])
    >>> register_result_type("note", Note).kind
    'note'
    """
    if not (callable(getattr(cls, "to_dict", None)) and callable(getattr(cls, "from_dict", None))):
        raise ArgumentTypeError(
            "a stored result type needs to_dict() and from_dict()",
            value=getattr(cls, "__name__", cls),
        )
    known = _REGISTERED.get(kind)
    if kind in _BUILTIN or (known is not None and known.cls is not cls):
        raise ValidationError(
            "this result kind is taken; choose another name", column="kind", value=kind
        )
    entry = ResultType(kind=kind, cls=cls, scores=scores or _no_scores)
    _REGISTERED[kind] = entry
    return entry


def registered_kinds() -> tuple[str, ...]:
    """The kinds a store holds, built-in first.

    >>> registered_kinds()[:4]
    ('assessment', 'series', 'funnel', 'plan')
    """
    return (*_BUILTIN, *sorted(_REGISTERED))


def result_type(kind: str) -> ResultType:
    """The result type saved under ``kind``; UnknownKeyError listing the kinds otherwise."""
    if kind in _REGISTERED:
        return _REGISTERED[kind]
    if kind in _LOADED:
        return _LOADED[kind]
    if kind not in _BUILTIN:
        raise UnknownKeyError("result kind", kind, registered_kinds())
    path, scores = _BUILTIN[kind]
    module, name = path.split(":")
    entry = ResultType(kind=kind, cls=getattr(importlib.import_module(module), name), scores=scores)
    _LOADED[kind] = entry
    return entry


def result_type_of(result: object) -> ResultType:
    """The result type of ``result``'s exact class; ArgumentTypeError if none is registered."""
    for kind in registered_kinds():
        entry = result_type(kind)
        if type(result) is entry.cls:
            return entry
    raise ArgumentTypeError(
        "a store holds results of a registered kind "
        f"({', '.join(registered_kinds())}); see register_result_type()",
        value=type(result).__name__,
    )
