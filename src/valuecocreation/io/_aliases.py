"""Platform event names as interaction kinds: the default alias table and its lookup.

Exports name events in their platform's words ("retweet", "reaction", "upvote").
Readers translate them with an alias table: :data:`DEFAULT_KIND_ALIASES` plus
whatever the caller adds. Names are compared after :func:`normalise_kind`, which
ignores case, surrounding blanks, and spaces or hyphens written for underscores
(``"Thumbs Up"`` is ``"thumbs_up"``). The rule is small on purpose: a name either
matches or is reported, never guessed.

The kinds themselves always match their own name, and an alias can never take a
kind's own name, so ``"reply"`` stays a reply and is never turned into a comment.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from valuecocreation._core.kinds import ALIASES, normalise_kind
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.model import InteractionKind

__all__ = ["DEFAULT_KIND_ALIASES", "KindTable", "normalise_kind"]

_DEFAULTS: dict[InteractionKind, tuple[str, ...]] = {
    InteractionKind(kind): aliases for kind, aliases in ALIASES.items()
}

DEFAULT_KIND_ALIASES: Mapping[str, InteractionKind] = MappingProxyType(
    {alias: kind for kind, aliases in _DEFAULTS.items() for alias in aliases}
)
"""Platform event names every reader understands, and the kind each one means.

Keys are normalised (see :func:`normalise_kind`). Add your own with the readers'
``kinds`` argument; your entries take precedence over these.
"""


class KindTable:
    """The lookup from event names to kinds a reader uses: kinds, defaults, and extras.

    Parameters
    ----------
    extra
        More aliases, from event name to a kind (an
        :class:`~valuecocreation.model.InteractionKind` or its value); they take
        precedence over :data:`DEFAULT_KIND_ALIASES`.
    defaults
        Whether to include :data:`DEFAULT_KIND_ALIASES`.

    Raises
    ------
    ValidationError
        For an alias to something that is not a kind, an alias that is empty, or
        an alias that is itself the name of another kind.

    Examples
    --------
    >>> table = KindTable({"Boost Post": "feature"})
    >>> table.lookup("Retweet"), table.lookup("boost post"), table.lookup("poke")
    (<InteractionKind.SHARE: 'share'>, <InteractionKind.FEATURE: 'feature'>, None)
    """

    __slots__ = ("_names",)

    def __init__(
        self, extra: Mapping[str, InteractionKind | str] | None = None, *, defaults: bool = True
    ) -> None:
        names: dict[str, InteractionKind] = dict(DEFAULT_KIND_ALIASES) if defaults else {}
        if extra is not None:
            if not isinstance(extra, Mapping):
                raise ArgumentTypeError(
                    "kinds must be a mapping from event name to kind", column="kinds", value=extra
                )
            for alias, kind in extra.items():
                names[self._checked(alias, kind)] = _kind(alias, kind)
        names.update({kind.value: kind for kind in InteractionKind})
        self._names = names

    @staticmethod
    def _checked(alias: object, kind: object) -> str:
        if not isinstance(alias, str) or not normalise_kind(alias):
            raise ValidationError(
                "an event name must be non-empty text", column="kinds", value=alias
            )
        name = normalise_kind(alias)
        own = {k.value for k in InteractionKind}
        if name in own and name != str(kind):
            raise ValidationError(
                f"{alias!r} is the name of a kind and cannot mean another",
                column="kinds",
                value=alias,
            )
        return name

    def lookup(self, name: str) -> InteractionKind | None:
        """The kind ``name`` means, or ``None`` when it is unknown."""
        return self._names.get(normalise_kind(name))

    def as_dict(self) -> dict[str, InteractionKind]:
        """Every name the table knows (normalised), including the kinds' own."""
        return dict(self._names)


def _kind(alias: str, kind: object) -> InteractionKind:
    try:
        if not isinstance(kind, str):
            raise ValueError(kind)
        return InteractionKind(kind)
    except ValueError:
        raise ValidationError(
            f"the alias {alias!r} names {kind!r}, which is not a kind; kinds are: "
            + ", ".join(k.value for k in InteractionKind),
            column="kinds",
            value=kind,
        ) from None
