"""Platform event names and the interaction kinds they mean, as plain text.

The alias table lives here, below the domain model, so that both the log's own
:meth:`~valuecocreation.log.InteractionLog.from_frame` and the readers of
:mod:`valuecocreation.io` translate event names by one table and one rule
(:func:`normalise_kind`); :class:`valuecocreation.io.KindTable` builds on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import encode_text

__all__ = ["ALIASES", "kind_name", "normalise_kind", "translate_kinds"]

_SEPARATORS: Final = re.compile(r"[\s\-]+")

ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "view": ("impression", "play", "watch", "stream", "listen", "read", "video_view"),
        "visit": ("page_view", "pageview", "profile_visit", "session", "app_open"),
        "download": ("install", "app_install"),
        "signup": ("sign_up", "register", "registration"),
        "follow": ("subscribe", "page_like", "fan"),
        "like": (
            "reaction",
            "react",
            "heart",
            "love",
            "upvote",
            "favorite",
            "favourite",
            "fav",
            "thumbs_up",
            "clap",
        ),
        "comment": ("commented",),
        "message": ("dm", "direct_message", "private_message", "pm", "chat"),
        "share": (
            "retweet",
            "repost",
            "reshare",
            "regram",
            "reblog",
            "boost",
            "quote",
            "forward",
        ),
        "mention": ("tag", "tagged", "at_mention"),
        "referral": ("invite", "refer"),
        "post": ("upload", "publish", "tweet", "ugc"),
        "review": ("testimonial",),
        "rate": ("rating", "star", "stars"),
        "vote": ("poll_vote",),
        "customize": ("customise", "configure"),
        "personalize": ("personalise",),
        "feedback": ("survey_response", "bug_report"),
        "idea": ("suggestion", "proposal", "feature_request"),
        "support_request": ("ticket", "support_ticket", "complaint", "help_request"),
        "support_response": ("ticket_reply", "support_reply"),
        "feature": ("showcase", "spotlight", "featured"),
        "reward": ("prize", "badge", "award"),
        "purchase": ("buy", "order", "checkout", "transaction"),
    }
)
"""Event names by the value of the kind each one means (names normalised)."""

_KIND_OF: Final = MappingProxyType(
    {alias: kind for kind, aliases in ALIASES.items() for alias in aliases}
)


def normalise_kind(name: str) -> str:
    """The form in which event names are compared.

    Lower case, without surrounding blanks, and runs of spaces or hyphens as one
    underscore.

    >>> normalise_kind("  Thumbs Up "), normalise_kind("page-view"), normalise_kind("DM")
    ('thumbs_up', 'page_view', 'dm')
    """
    return _SEPARATORS.sub("_", name.strip()).casefold()


def kind_name(name: str, kinds: frozenset[str]) -> str | None:
    """The kind ``name`` means: its own if it is one of ``kinds``, else its alias's.

    >>> kind_name("Re-Tweet", frozenset({"share"})), kind_name("Retweet", frozenset({"share"}))
    (None, 'share')
    """
    normal = normalise_kind(name)
    if normal in kinds:
        return normal
    return _KIND_OF.get(normal)


def translate_kinds(values: npt.NDArray[Any], kinds: frozenset[str]) -> npt.NDArray[Any]:
    """A kind column with every known event name replaced by its kind's name.

    Text that is neither a kind nor an alias, and values that are not text, stay
    as they are (the log's rule then reports them).

    >>> translate_kinds(np.array(["Retweet", "like", "poke"], dtype=object),
    ...                 frozenset({"like", "share"})).tolist()
    ['share', 'like', 'poke']
    """
    if values.dtype.kind not in "OUT":
        return values
    try:
        encoding = encode_text(values)
    except TypeError:
        return values  # a value no kind can be: the log's rule words it
    names = encoding.uniques.tolist()
    translated = [kind_name(str(name), kinds) or name for name in names]
    if translated == names:
        return values
    table = np.array([*translated, None], dtype=object)  # the last: missing values
    codes = np.where(encoding.codes < 0, len(translated), encoding.codes)
    result: npt.NDArray[Any] = table[codes]
    return result
