"""The ``social_export`` preset: a post report with engagement counts, as interactions.

Social platforms export their analytics as one row per post: who posted it and
when, on which channel, and how many likes, comments, shares and views it got.
The export does not say *who* engaged, nor when, only how often. The preset turns
each row into:

* one ``post`` interaction from the author to the audience (``posts=True``);
* for each engagement count above zero, **one** interaction of the count's kind
  from the audience to the author, with **weight = the count**, at the post's
  time.

Why one weighted interaction and not as many interactions as the count: the
export knows a total, not individual events; a count of 10,000 views as 10,000
identical rows would invent 10,000 events with the same made-up actor and time,
and make a year of exports hundreds of millions of rows. The weighted
interaction says exactly what is known, and the rate scorers, which work on
weighted sums, see the same totals. What the data cannot show stays unshown:
the audience is one pseudo-actor (``audience``), so distinct-actor measures do
not pretend to count engaged people, and all engagement is dated at the post.

A count of 0 gives no interaction; an empty count cell means the platform did not
report it, and gives none either (it is not read as 0 engagements, nor as bad
input). A count that is not a whole number at least 0 (``1.2K``, ``-3``, ``12.5``)
makes the row bad input. Rows go through the interaction readers' validation
(ids, timestamps, channels), and with ``errors="quarantine"`` a bad row is set
aside whole: none of its interactions is kept.

Columns of the export (rename yours with ``columns=``):

==============  ========  ======================================================
column          required  content
==============  ========  ======================================================
``author``      yes       the account that posted (the firm's page, or a user)
``posted_at``   yes       when: ISO 8601 or epoch time, as ``timestamp=`` says
``channel``     no        where; or give one ``channel=`` for the whole export
``post_id``     no        not read, kept in rejected rows
counts          no        any column named in ``metrics`` (see
                          :data:`DEFAULT_METRICS`), matched ignoring case
other           no        not read (post text, links...), kept in rejected rows
==============  ========  ======================================================

The file ``social_export.csv`` (:func:`~valuecocreation.io.presets.sample_path`)
is a small synthetic example of a fictional music start-up.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, Literal, overload

import attrs
import numpy as np

from valuecocreation._core.factorize import why_not_id
from valuecocreation.errors import ValidationError
from valuecocreation.io._aliases import normalise_kind
from valuecocreation.io._csv import Reading
from valuecocreation.io._numbers import read_decimals
from valuecocreation.io._options import Engine, Errors
from valuecocreation.io._result import ReadResult, RejectedRow
from valuecocreation.io._text import StrColumn
from valuecocreation.io._validate import Chunk, validate
from valuecocreation.log import InteractionLog
from valuecocreation.model import InteractionKind

__all__ = ["DEFAULT_METRICS", "POST_FIELDS", "SocialExport"]

POST_FIELDS: Final = ("post_id", "author", "posted_at", "channel")
"""The fields of a post row besides its counts; ``author`` and ``posted_at`` are required."""

DEFAULT_METRICS: Mapping[str, InteractionKind] = MappingProxyType(
    {
        "likes": InteractionKind.LIKE,
        "reactions": InteractionKind.LIKE,
        "favorites": InteractionKind.LIKE,
        "comments": InteractionKind.COMMENT,
        "replies": InteractionKind.COMMENT,
        "shares": InteractionKind.SHARE,
        "retweets": InteractionKind.SHARE,
        "reposts": InteractionKind.SHARE,
        "views": InteractionKind.VIEW,
        "impressions": InteractionKind.VIEW,
        "plays": InteractionKind.VIEW,
        "video_views": InteractionKind.VIEW,
        "clicks": InteractionKind.VISIT,
        "link_clicks": InteractionKind.VISIT,
        "mentions": InteractionKind.MENTION,
        "new_followers": InteractionKind.FOLLOW,
    }
)
"""Count columns the preset knows (names compared as
:func:`~valuecocreation.io.normalise_kind` does), and the kind each one counts.
An export with both ``views`` and ``impressions`` gets both counted as views: pass
``metrics=`` to keep one."""

_COUNT_REASON: Final = "a count must be a whole number at least 0 (or empty if not reported)"
_FIELDS: Final = ("source", "target", "kind", "timestamp", "channel", "weight")


def _metrics(value: Mapping[str, InteractionKind | str]) -> Mapping[str, InteractionKind]:
    if not isinstance(value, Mapping) or not value:
        raise ValidationError(
            "metrics must map count column names to kinds", column="metrics", value=value
        )
    checked = {}
    for name, kind in value.items():
        try:
            checked[normalise_kind(str(name))] = InteractionKind(kind)
        except ValueError:
            raise ValidationError(
                f"the metric {name!r} names {kind!r}, which is not a kind",
                column="metrics",
                value=kind,
            ) from None
    return MappingProxyType(checked)


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "channel":
        return
    why = why_not_id(value) if isinstance(value, str) and value else "must be non-empty text"
    if why is not None:
        raise ValidationError(f"{attribute.name} {why}", column=attribute.name, value=value)


@attrs.frozen(kw_only=True, eq=False)
class SocialExport:
    """Read a social platform's post report into interactions (see the module notes).

    Parameters
    ----------
    columns
        Your column names for ``author``, ``posted_at``, ``channel`` and
        ``post_id``, such as ``{"page_name": "author", "created_time": "posted_at"}``.
    metrics
        Count columns and the kind each counts; :data:`DEFAULT_METRICS` by default.
    audience
        The id of the pseudo-actor standing for everyone who engaged.
    channel
        The channel of every post, for an export without a channel column.
    posts
        Whether each post row also gives a ``post`` interaction from its author.
    timestamp, tz, encoding, delimiter, engine
        As for :func:`~valuecocreation.io.read_csv`.

    Examples
    --------
    >>> from valuecocreation.io.presets import SocialExport, sample_path
    >>> log = SocialExport().read(sample_path("social_export.csv"))
    >>> log.kind_counts()[InteractionKind.POST], float(log.filter(kind="view").weights.sum())
    (8, 21910.0)
    """

    name: ClassVar[str] = "social_export"

    columns: Mapping[str, str] | None = None
    metrics: Mapping[str, InteractionKind] = attrs.field(
        default=DEFAULT_METRICS, converter=_metrics
    )
    audience: str = attrs.field(default="audience", validator=_check_id)
    channel: str | None = attrs.field(default=None, validator=_check_id)
    posts: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
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
        """Read the export at ``path``: a log, or with ``errors="quarantine"`` a result.

        Raises
        ------
        ValidationError
            For the first bad row (with ``errors="raise"``), and for a file without
            the required columns or without any count column when ``posts`` is
            false.
        """
        reading = Reading(
            path,
            columns=self.columns,
            kinds=None,
            timestamp=self.timestamp,
            tz=self.tz,
            encoding=self.encoding,
            delimiter=self.delimiter,
            errors=errors,
            engine=self.engine,
            fields=POST_FIELDS,
            required=("author", "posted_at"),
        )
        file = reading.file
        used = set(file.layout.values())
        metrics = [
            (position, self.metrics[normalise_kind(name)])
            for position, name in enumerate(file.header)
            if position not in used and normalise_kind(name) in self.metrics
        ]
        if not metrics and not self.posts:
            raise ValidationError(
                f"no count column found; the header has {list(file.header)} and the known "
                f"counts are {sorted(self.metrics)} (pass metrics={{...}})",
                source=file.name,
                line=1,
                column="metrics",
            )
        logs, rejected, rows_read = [], [], 0
        for chunk in reading.pieces(whole=False):
            log, bad = self._chunk(reading, chunk, metrics)
            if reading.errors == "raise" and bad:
                raise bad[0].error(file.name)
            logs.append(log)
            rejected.extend(bad)
            rows_read += chunk.rows_read
        log = InteractionLog.concat(logs) if logs else InteractionLog()
        if reading.errors == "raise":
            return log
        return ReadResult(
            log=log, rejected=rejected, rows_read=rows_read, header=file.header, source=file.name
        )

    def _chunk(
        self, reading: Reading, chunk: Chunk, metrics: list[tuple[int, InteractionKind]]
    ) -> tuple[InteractionLog, list[RejectedRow]]:
        """The interactions of a chunk's good rows, and its bad rows (whole)."""
        file = reading.file
        texts = [column.strings() for column in chunk.columns]  # type: ignore[union-attr]
        bad_count: dict[int, int] = {}  # post position -> the count column at fault
        counts = []
        for position, _ in metrics:
            values, wrong = _counts(chunk.columns[position])
            counts.append(values)
            for at in np.flatnonzero(wrong).tolist():
                bad_count.setdefault(at, position)
        events = self._events(
            chunk, file.layout, texts, metrics=metrics, counts=counts, skip=set(bad_count)
        )
        header = self._event_header(file.layout, file.header)
        layout = {field: index for index, field in enumerate(_FIELDS)}
        _, event_bad = validate(events, layout, header, reading.rules)
        at_fault: dict[int, RejectedRow] = {}
        for row in event_bad:
            at_fault.setdefault(row.row, row)
        position_of = {int(row): at for at, row in enumerate(chunk.rows.tolist())}
        rejected = list(chunk.bad)
        for at, column in bad_count.items():
            rejected.append(
                _post_row(
                    chunk,
                    texts,
                    at,
                    reason=_COUNT_REASON,
                    column=file.header[column],
                    value=texts[column][at],
                )
            )
        for number, event in at_fault.items():
            at = position_of[number]
            if at not in bad_count:
                rejected.append(
                    _post_row(
                        chunk,
                        texts,
                        at,
                        reason=event.reason,
                        column=event.column,
                        value=event.value,
                    )
                )
        rejected.sort(key=lambda row: row.row)
        dropped = {row.row for row in rejected}
        keep = np.array([int(row) not in dropped for row in events.rows.tolist()], dtype=bool)
        kept = _take(events, keep)
        log, _ = validate(kept, layout, header, reading.rules)
        assert log is not None
        return log, rejected

    def _events(
        self,
        chunk: Chunk,
        layout: Mapping[str, int],
        texts: list[list[str]],
        *,
        metrics: list[tuple[int, InteractionKind]],
        counts: list[Any],
        skip: set[int],
    ) -> Chunk:
        """The interactions of the posts, each carrying its post's row and line."""
        author, when = texts[layout["author"]], texts[layout["posted_at"]]
        channel = texts[layout["channel"]] if "channel" in layout else None
        columns: list[list[str]] = [[] for _ in _FIELDS]
        owner: list[int] = []

        def add(source: str, target: str, kind: str, at: int, weight: str) -> None:
            for column, value in zip(
                columns,
                (
                    source,
                    target,
                    kind,
                    when[at],
                    channel[at] if channel is not None else self.channel or "",
                    weight,
                ),
                strict=True,
            ):
                column.append(value)
            owner.append(at)

        for at in range(len(chunk.rows)):
            if at in skip:
                continue
            if self.posts:
                add(author[at], self.audience, InteractionKind.POST.value, at, "1")
            for (_, kind), values in zip(metrics, counts, strict=True):
                if values[at] > 0:
                    add(self.audience, author[at], kind.value, at, str(values[at]))
        posts = np.array(owner, dtype=np.intp)
        return Chunk(
            columns=[StrColumn(column) for column in columns],
            rows=chunk.rows[posts],
            lines=chunk.lines[posts],
            bad=[],
            rows_read=len(owner),
        )

    @staticmethod
    def _event_header(layout: Mapping[str, int], header: tuple[str, ...]) -> tuple[str, ...]:
        author, when = header[layout["author"]], header[layout["posted_at"]]
        channel = header[layout["channel"]] if "channel" in layout else "channel"
        return (author, author, "kind", when, channel, "weight")


def _counts(column: Any) -> tuple[Any, Any]:  # noqa: ANN401 - a text column
    """Whole counts (-1 where not reported) and where a cell is not a count."""
    values = np.full(len(column), -1, dtype=np.int64)
    wrong = np.zeros(len(column), dtype=bool)
    for start, piece in column.pieces():
        found = read_decimals(piece)
        stop = start + len(found.fast)
        whole = found.fast & (found.fraction == 0) & ~found.negative
        values[start:stop] = np.where(whole, found.mantissa, -1)
        wrong[start:stop] = ~whole & ~found.blank
    return values, wrong


def _post_row(
    chunk: Chunk,
    texts: list[list[str]],
    at: int,
    *,
    reason: str,
    column: str | None,
    value: str | None,
) -> RejectedRow:
    return RejectedRow(
        line=int(chunk.lines[at]),
        row=int(chunk.rows[at]),
        fields=tuple(column_texts[at] for column_texts in texts),
        reason=reason,
        column=column,
        value=value,
    )


def _take(events: Chunk, keep: Any) -> Chunk:  # noqa: ANN401 - a boolean mask
    positions = np.flatnonzero(keep)
    columns = [StrColumn(column.texts(positions)) for column in events.columns]
    return Chunk(
        columns=columns,
        rows=events.rows[positions],
        lines=events.lines[positions],
        bad=[],
        rows_read=len(positions),
    )
