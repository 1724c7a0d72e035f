"""Presets for threaded exports: a Q&A site's posts and a forum's comments.

Both exports say who wrote each entry and which entry it answers, by the parent's
id, not by person. A reply is an interaction with the *author of the parent*, so
the preset joins each row's parent id to the author of that parent in the same
file. Nothing is invented: a row whose parent is not in the file, or whose
parent has no known author (a deleted account), is an **orphan** and is
rejected with that reason (quarantined with ``errors="quarantine"``), never
read as an interaction with the parent's id as if it were a person.

:class:`QAPosts` reads a Q&A dump such as the Stack Exchange data dump's
``Posts`` table:

=================  ================  ===============================================
field              default column    content
=================  ================  ===============================================
``post_id``        ``Id``            the post's id
``post_type``      ``PostTypeId``    ``1`` or ``question``, ``2`` or ``answer``
``parent_id``      ``ParentId``      for an answer, the question's id
``author``         ``OwnerUserId``   the account that wrote it
``created_at``     ``CreationDate``  when
=================  ================  ===============================================

A question gives a ``post`` from its author to the site (``community``); an
answer a ``reply`` from its author to the question's author. Other post types
(wiki excerpts, moderator notes) give no interaction, and are counted as read.

:class:`ThreadedComments` reads a comments dump in the shape of Reddit's
(``author``, ``id``, ``parent_id``, ``link_id``, ``created_utc``): ids may carry
the type prefixes ``t1_`` (a comment) and ``t3_`` (a link, the thread's
submission). A comment on a comment is a ``reply`` to its author; a comment on
the submission a ``comment`` to the submission's author, known when the
submission's own row is in the file (a row without a parent is a submission and
gives a ``post`` to ``community``). Authors ``[deleted]`` and ``[removed]`` are
unknown.

The samples ``qa_posts.csv`` and ``threaded_comments.csv``
(:func:`~valuecocreation.io.presets.sample_path`) are small synthetic files in
these shapes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import ClassVar, Final, Literal, overload

import attrs
import numpy as np

from valuecocreation.io._options import Engine, Errors
from valuecocreation.io._result import ReadResult
from valuecocreation.io.presets._events import Events, Rows, header_of, read_rows
from valuecocreation.log import InteractionLog

__all__ = ["QAPosts", "ThreadedComments"]

_UNKNOWN_AUTHORS: Final = frozenset({"", "[deleted]", "[removed]"})
_QUESTION: Final = frozenset({"1", "question"})
_ANSWER: Final = frozenset({"2", "answer"})


def _defaults_for(
    path: str | os.PathLike[str],
    defaults: Mapping[str, str],
    columns: Mapping[str, str] | None,
    encoding: str,
    delimiter: str,
) -> dict[str, str]:
    """The default column names the file's header has, overridden by ``columns``."""
    header = header_of(path, encoding=encoding, delimiter=delimiter)
    given = dict(columns or {})
    taken = set(given.values())
    chosen = {
        name: field
        for name, field in defaults.items()
        if name in header and field not in taken and name not in given
    }
    chosen.update(given)
    return chosen


def _strip(value: str) -> str:
    """An id without Reddit's type prefix (``t1_``, ``t3_``...)."""
    return value[3:] if len(value) > 3 and value[0] == "t" and value[2] == "_" else value


def _authors(ids: list[str], authors: list[str]) -> dict[str, str]:
    """Each id's author (the first row with that id wins)."""
    found: dict[str, str] = {}
    for key, author in zip(ids, authors, strict=True):
        found.setdefault(key, author)
    return found


def _reply(
    events: Events,
    rows: Rows,
    at: int,
    *,
    parent: str,
    author_of: Mapping[str, str],
    parent_column: str,
    kind: str,
    when: str,
    author: str,
) -> None:
    """A reply to the parent's author, or the row refused as an orphan."""
    raw = rows.texts[rows.layout["parent_id"]][at]
    if parent not in author_of:
        events.refuse(
            at,
            f"orphan: the parent {raw!r} is not in the file, so its author is unknown",
            parent_column,
            raw,
        )
        return
    target = author_of[parent]
    if target.strip() in _UNKNOWN_AUTHORS:
        events.refuse(
            at, f"orphan: the author of the parent {raw!r} is unknown", parent_column, raw
        )
        return
    events.add(
        np.array([at], dtype=np.intp), source=[author], target=[target], kind=kind, timestamp=[when]
    )


@attrs.frozen(kw_only=True)
class QAPosts:
    """Read a Q&A site's posts, answers resolved to the author they answer (module notes).

    Parameters
    ----------
    columns
        Your column names for the fields, added to the defaults (``Id``,
        ``PostTypeId``, ``ParentId``, ``OwnerUserId``, ``CreationDate``).
    community
        The id of the site, the target of questions.
    channel
        The channel of every interaction (the site's name), or ``None``.
    timestamp, tz, encoding, delimiter, engine
        As for :func:`~valuecocreation.io.read_csv`.

    Examples
    --------
    >>> from valuecocreation.io.presets import QAPosts, sample_path
    >>> result = QAPosts().read(sample_path("qa_posts.csv"), errors="quarantine")
    >>> result.log.kind_counts()
    {<InteractionKind.REPLY: 'reply'>: 4, <InteractionKind.POST: 'post'>: 3}
    >>> [(row.line, row.reason[:40]) for row in result.rejected]
    [(9, "orphan: the parent '999' is not in the f")]
    """

    name: ClassVar[str] = "qa_posts"
    DEFAULT_COLUMNS: ClassVar[Mapping[str, str]] = {
        "Id": "post_id",
        "PostTypeId": "post_type",
        "ParentId": "parent_id",
        "OwnerUserId": "author",
        "CreationDate": "created_at",
    }

    columns: Mapping[str, str] | None = None
    community: str = "community"
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
        """Read the posts at ``path``: a log, or with ``errors="quarantine"`` a result."""
        rows = read_rows(
            path,
            fields=("post_id", "post_type", "parent_id", "author", "created_at"),
            required=("post_id", "post_type", "author", "created_at"),
            columns=_defaults_for(
                path, self.DEFAULT_COLUMNS, self.columns, self.encoding, self.delimiter
            ),
            timestamp=self.timestamp,
            tz=self.tz,
            encoding=self.encoding,
            delimiter=self.delimiter,
            engine=self.engine,
            errors=errors,
        )
        ids, authors = rows.required("post_id"), rows.required("author")
        types, whens = rows.required("post_type"), rows.required("created_at")
        parents = rows.column("parent_id") or [""] * len(rows)
        author_of = _authors([key.strip() for key in ids], authors)
        events = Events(
            rows,
            (
                rows.name_of("author", "author"),
                rows.name_of("parent_id", "parent_id"),
                "kind",
                rows.name_of("created_at", "created_at"),
                "channel",
                "weight",
            ),
            channel=self.channel or "",
        )
        parent_column = rows.name_of("parent_id", "parent_id")
        questions = []
        for at, post_type in enumerate(types):
            kind = post_type.strip().casefold()
            if kind in _QUESTION:
                questions.append(at)
            elif kind in _ANSWER:
                _reply(
                    events,
                    rows,
                    at,
                    parent=parents[at].strip(),
                    author_of=author_of,
                    parent_column=parent_column,
                    kind="reply",
                    when=whens[at],
                    author=authors[at],
                )
        at_questions = np.array(questions, dtype=np.intp)
        events.add(
            at_questions,
            source=[authors[at] for at in questions],
            target=self.community,
            kind="post",
            timestamp=[whens[at] for at in questions],
        )
        return events.finish(errors)


@attrs.frozen(kw_only=True)
class ThreadedComments:
    """Read a threaded comments dump, each comment resolved to its parent's author.

    Parameters
    ----------
    columns
        Your column names for ``comment_id``, ``author``, ``parent_id``,
        ``link_id`` and ``created_at``, added to the defaults (``id``, ``author``,
        ``parent_id``, ``link_id``, ``created_utc``).
    community, channel, timestamp, tz, encoding, delimiter, engine
        As for :class:`QAPosts`.

    Examples
    --------
    >>> from valuecocreation.io.presets import ThreadedComments, sample_path
    >>> result = ThreadedComments().read(sample_path("threaded_comments.csv"),
    ...                                  errors="quarantine")
    >>> sorted(kind.value for kind in result.log.kind_counts())
    ['comment', 'post', 'reply']
    >>> for row in result.rejected:
    ...     print(row.line, row.reason)
    6 the author '[deleted]' is unknown
    7 orphan: the author of the parent 't1_c4' is unknown
    8 orphan: the parent 't3_zz9' is not in the file, so its author is unknown
    """

    name: ClassVar[str] = "threaded_comments"
    DEFAULT_COLUMNS: ClassVar[Mapping[str, str]] = {
        "id": "comment_id",
        "author": "author",
        "parent_id": "parent_id",
        "link_id": "link_id",
        "created_utc": "created_at",
    }

    columns: Mapping[str, str] | None = None
    community: str = "community"
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
        """Read the comments at ``path``: a log, or with ``errors="quarantine"`` a result."""
        rows = read_rows(
            path,
            fields=("comment_id", "author", "parent_id", "link_id", "created_at"),
            required=("comment_id", "author", "parent_id", "created_at"),
            columns=_defaults_for(
                path, self.DEFAULT_COLUMNS, self.columns, self.encoding, self.delimiter
            ),
            timestamp=self.timestamp,
            tz=self.tz,
            encoding=self.encoding,
            delimiter=self.delimiter,
            engine=self.engine,
            errors=errors,
        )
        ids, authors = rows.required("comment_id"), rows.required("author")
        parents, whens = rows.required("parent_id"), rows.required("created_at")
        author_of = _authors([_strip(key.strip()) for key in ids], authors)
        author_column = rows.name_of("author", "author")
        events = Events(
            rows,
            (
                author_column,
                rows.name_of("parent_id", "parent_id"),
                "kind",
                rows.name_of("created_at", "created_at"),
                "channel",
                "weight",
            ),
            channel=self.channel or "",
        )
        parent_column = rows.name_of("parent_id", "parent_id")
        submissions = []
        for at, raw in enumerate(parents):
            author = authors[at]
            if author.strip() in _UNKNOWN_AUTHORS:
                events.refuse(at, f"the author {author!r} is unknown", author_column, author)
                continue
            parent = raw.strip()
            if not parent:
                submissions.append(at)
                continue
            _reply(
                events,
                rows,
                at,
                parent=_strip(parent),
                author_of=author_of,
                parent_column=parent_column,
                kind="comment" if parent.startswith("t3_") else "reply",
                when=whens[at],
                author=author,
            )
        events.add(
            np.array(submissions, dtype=np.intp),
            source=[authors[at] for at in submissions],
            target=self.community,
            kind="post",
            timestamp=[whens[at] for at in submissions],
        )
        return events.finish(errors)
