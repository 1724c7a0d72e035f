"""Roles and attributes of the actors a log mentions, by actor code."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.model import Actor, Role

__all__ = ["ROLES", "ActorsLike", "actor_table", "listed_roles"]

ActorsLike = Mapping[str, Role | str] | Iterable[Actor]
"""The roles of actors, as a mapping from actor id to role or as
:class:`~valuecocreation.model.Actor` objects (which also carry attributes). Actors
the log mentions but this does not list are users."""

ROLES: Final = tuple(Role)
"""Every role, in declaration order: a role's index here is its code."""
_FEW_ACTORS: Final = 4096  # up to this many listed actors, binary search beats a dict


def actor_table(
    vocabulary: npt.NDArray[Any], actors: ActorsLike | None
) -> tuple[npt.NDArray[np.uint8], dict[str, Any]]:
    """Role code per actor code (users by default), and attributes by actor id.

    A role's code is its index in :data:`ROLES`.

    >>> vocabulary = np.array(["ana", "shop"])
    >>> roles, attributes = actor_table(vocabulary, {"shop": "firm"})
    >>> [ROLES[code].value for code in roles], attributes
    (['user', 'firm'], {})
    """
    roles = np.full(len(vocabulary), ROLES.index(Role.USER), dtype=np.uint8)
    if actors is None:
        return roles, {}
    given, attributes = listed_roles(actors)
    if len(given) <= _FEW_ACTORS:
        # The vocabulary is sorted in code-point order, as Python compares text, so a
        # binary search finds each listed id (numpy's own searchsorted is unreliable
        # for its string type, see the _factorize module notes).
        for actor_id, role in given.items():
            code = bisect.bisect_left(vocabulary, actor_id)
            if code < len(vocabulary) and vocabulary[code] == actor_id:
                roles[code] = ROLES.index(role)
    else:
        index = {name: code for code, name in enumerate(vocabulary.tolist())}
        for actor_id, role in given.items():
            found = index.get(actor_id)
            if found is not None:
                roles[found] = ROLES.index(role)
    return roles, attributes


def listed_roles(actors: ActorsLike) -> tuple[dict[str, Role], dict[str, Any]]:
    """Roles by actor id and attributes by actor id, checked.

    >>> listed_roles({"shop": "firm"})
    ({'shop': <Role.FIRM: 'firm'>}, {})

    Raises
    ------
    ValidationError
        For an unknown role, or an actor listed twice with two roles.
    ArgumentTypeError
        For ``actors`` that is neither a mapping nor Actor objects.
    """
    given: dict[str, Role] = {}
    attributes: dict[str, Any] = {}
    if isinstance(actors, Mapping):
        for actor_id, role in actors.items():
            try:
                given[str(actor_id)] = Role(role)
            except ValueError:
                raise ValidationError(
                    f"unknown role; valid roles are: {', '.join(r.value for r in Role)}",
                    column="role",
                    value=role,
                ) from None
        return given, attributes
    if not isinstance(actors, Iterable):
        raise ArgumentTypeError(
            "actors must be a mapping of id to role, or Actor objects",
            column="actors",
            value=actors,
        )
    for row, actor in enumerate(actors):
        if not isinstance(actor, Actor):
            raise ArgumentTypeError(
                "actors must be Actor objects or a mapping of roles", row=row, value=actor
            )
        if actor.id in given and given[actor.id] != actor.role:
            raise ValidationError(
                f"actor {actor.id!r} is listed with two roles",
                row=row,
                column="role",
                value=actor.role.value,
            )
        given[actor.id] = actor.role
        attributes[actor.id] = dict(actor.attributes)
    return given, attributes
