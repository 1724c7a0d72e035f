"""The ``microblog_archive`` preset: a microblog's posts, replies, reposts, quotes and mentions.

An account archive or a collected sample of a microblog (one row per post) says,
for each post, who wrote it and when, and whom it answers, reposts, quotes or
mentions, by account name. Every one of those is an interaction between people:

=====================  ===============================  ==============================
field                  also found as                    gives
=====================  ===============================  ==============================
``post_id``            ``id``, ``tweet_id``             (not read)
``author``             ``user``, ``screen_name``,       who acted (required)
                       ``username``
``created_at``         ``timestamp``, ``date``          when (required)
``in_reply_to_user``   ``in_reply_to_screen_name``      a ``reply`` to that account
``reposted_user``      ``retweeted_user``,              a ``share`` of that account's
                       ``retweeted_screen_name``        post (and no ``post``)
``quoted_user``        ``quoted_screen_name``           a ``share`` of that account's
                                                        post, besides the ``post``
``mentions``           ``user_mentions``                a ``mention`` of each account
                                                        (separated by spaces, commas
                                                        or semicolons; ``@`` dropped)
=====================  ===============================  ==============================

A post that neither replies to nor reposts another gives a ``post`` from its
author to ``audience`` (everyone who may read it); a reply gives the ``reply``
only. Mentions of the replied-to account and of the author are not counted
again; a repost's mentions are the original's, and are not counted. The sample
``microblog_archive.csv`` (:func:`~valuecocreation.io.presets.sample_path`) is a
small synthetic file in this shape.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import ClassVar, Final, Literal, overload

import attrs
import numpy as np

from valuecocreation.io._options import Engine, Errors
from valuecocreation.io._result import ReadResult
from valuecocreation.io.presets._columns import auto_columns
from valuecocreation.io.presets._events import Events, header_of, read_rows
from valuecocreation.log import InteractionLog

__all__ = ["MicroblogArchive"]

_FIELDS: Final = (
    "post_id",
    "author",
    "created_at",
    "in_reply_to_user",
    "reposted_user",
    "quoted_user",
    "mentions",
)
_ALIASES: Final = {
    "id": "post_id",
    "tweet_id": "post_id",
    "user": "author",
    "screen_name": "author",
    "username": "author",
    "user_screen_name": "author",
    "timestamp": "created_at",
    "date": "created_at",
    "in_reply_to_screen_name": "in_reply_to_user",
    "retweeted_user": "reposted_user",
    "retweeted_screen_name": "reposted_user",
    "quoted_screen_name": "quoted_user",
    "user_mentions": "mentions",
}
_SEPARATORS: Final = re.compile(r"[\s,;]+")


def _accounts(text: str) -> list[str]:
    return [name.lstrip("@") for name in _SEPARATORS.split(text.strip()) if name.lstrip("@")]


@attrs.frozen(kw_only=True)
class MicroblogArchive:
    """Read a microblog archive into interactions between accounts (see the module notes).

    Parameters
    ----------
    columns
        Your column names for the fields, added to the names the preset knows.
    audience
        The id of the pseudo-actor that original posts are addressed to.
    channel
        The channel of every interaction (the platform's name), or ``None``.
    timestamp, tz, encoding, delimiter, engine
        As for :func:`~valuecocreation.io.read_csv`.

    Examples
    --------
    >>> from valuecocreation.io.presets import MicroblogArchive, sample_path
    >>> log = MicroblogArchive(channel="microblog").read(sample_path("microblog_archive.csv"))
    >>> sorted((kind.value, count) for kind, count in log.kind_counts().items())
    [('mention', 4), ('post', 4), ('reply', 2), ('share', 3)]
    """

    name: ClassVar[str] = "microblog_archive"

    columns: Mapping[str, str] | None = None
    audience: str = "audience"
    channel: str | None = None
    timestamp: str = "auto"
    tz: object = None
    encoding: str = "utf-8"
    delimiter: str = ","
    engine: Engine = "auto"

    @overload
    def read(
        self, path: str | os.PathLike[str], *, errors: Literal["raise"] = ...
    ) -> InteractionLog: ...
    @overload
    def read(
        self, path: str | os.PathLike[str], *, errors: Literal["quarantine"]
    ) -> ReadResult: ...

    def read(
        self, path: str | os.PathLike[str], *, errors: Errors = "raise"
    ) -> InteractionLog | ReadResult:
        """Read the archive at ``path``: a log, or with ``errors="quarantine"`` a result."""
        header = header_of(path, encoding=self.encoding, delimiter=self.delimiter)
        rows = read_rows(
            path,
            fields=_FIELDS,
            required=("author", "created_at"),
            columns=auto_columns(header, _FIELDS, self.columns, aliases=_ALIASES),
            timestamp=self.timestamp,
            tz=self.tz,
            encoding=self.encoding,
            delimiter=self.delimiter,
            engine=self.engine,
            errors=errors,
        )
        authors, whens = rows.required("author"), rows.required("created_at")
        blank = [""] * len(rows)
        replies = rows.column("in_reply_to_user") or blank
        reposts = rows.column("reposted_user") or blank
        quotes = rows.column("quoted_user") or blank
        mentions = rows.column("mentions") or blank

        def target(field: str) -> str:
            return rows.name_of(field, field)

        events = Events(
            rows,
            (
                target("author"),
                target("in_reply_to_user"),
                "kind",
                target("created_at"),
                "channel",
                "weight",
            ),
            channel=self.channel or "",
        )
        at_list: list[int] = []
        sources: list[str] = []
        targets: list[str] = []
        kinds: list[str] = []
        for at, author in enumerate(authors):
            reply, repost, quote = replies[at].strip(), reposts[at].strip(), quotes[at].strip()
            given: list[tuple[str, str]] = []
            if repost:
                given.append((repost.lstrip("@"), "share"))
            else:
                given.append((reply.lstrip("@"), "reply") if reply else (self.audience, "post"))
                if quote:
                    given.append((quote.lstrip("@"), "share"))
                skip = {author.strip(), reply.lstrip("@")}
                given.extend(
                    (name, "mention")
                    for name in dict.fromkeys(_accounts(mentions[at]))
                    if name not in skip
                )
            for whom, kind in given:
                at_list.append(at)
                sources.append(author)
                targets.append(whom)
                kinds.append(kind)
        events.add(
            np.array(at_list, dtype=np.intp),
            source=sources,
            target=targets,
            kind=kinds,
            timestamp=[whens[at] for at in at_list],
        )
        return events.finish(errors)
