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

import itertools
import os
import warnings
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, Literal, overload

import attrs
import numpy as np

from valuecocreation._core.factorize import why_not_id
from valuecocreation.errors import UnmatchedColumnWarning, ValidationError
from valuecocreation.io._aliases import normalise_kind
from valuecocreation.io._csv import Reading
from valuecocreation.io._numbers import read_decimals
from valuecocreation.io._options import Engine, Errors
from valuecocreation.io._result import ReadResult, RejectedRow
from valuecocreation.io._text import StrColumn
from valuecocreation.io._validate import Chunk, validate
from valuecocreation.io.presets._columns import (
    auto_columns,
    column_key,
    looks_like_counts,
    population_name,
    role_of,
)
from valuecocreation.io.presets._events import header_of
from valuecocreation.log import InteractionLog
from valuecocreation.model import InteractionKind

__all__ = ["DEFAULT_METRICS", "POST_FIELDS", "VIDEO_METRICS", "SocialExport", "VideoAnalytics"]

POST_FIELDS: Final = (
    "post_id",
    "author",
    "posted_at",
    "channel",
    "post_month",
    "post_weekday",
    "post_hour",
)
"""The fields of a post row besides its counts.

A row needs an author (or the preset's ``page``) and a time: ``posted_at``, or
``post_month`` (and ``post_hour``) with the preset's ``year``."""

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
        "consumptions": InteractionKind.VISIT,
        "mentions": InteractionKind.MENTION,
        "new_followers": InteractionKind.FOLLOW,
        "subscribers_gained": InteractionKind.FOLLOW,
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


def _names(value: object) -> tuple[str, ...]:
    """Column names: one name, or several."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(name) for name in value)  # type: ignore[attr-defined]


def _check_year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValidationError(
            "year must be a whole number, such as 2014", column="year", value=value
        )


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name in ("channel", "page"):
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
    FIELD_ALIASES: ClassVar[Mapping[str, str]] = {"created_time": "posted_at", "page": "author"}
    """Other header names of the fields (compared as metric names are)."""
    TOTAL_ROWS: ClassVar[frozenset[str]] = frozenset()
    """Post ids that mark a row of totals over the other rows, which gives no interaction."""

    columns: Mapping[str, str] | None = None
    metrics: Mapping[str, InteractionKind] = attrs.field(
        default=DEFAULT_METRICS, converter=_metrics
    )
    audience: str = attrs.field(default="audience", validator=_check_id)
    channel: str | None = attrs.field(default=None, validator=_check_id)
    posts: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    page: str | None = attrs.field(default=None, validator=_check_id)
    year: int | None = attrs.field(default=None, validator=_check_year)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_names)
    unmatched: Literal["error", "warn"] = attrs.field(
        default="error", validator=attrs.validators.in_(("error", "warn"))
    )
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
            columns=self._columns(path),
            kinds=None,
            timestamp=self.timestamp,
            tz=self.tz,
            encoding=self.encoding,
            delimiter=self.delimiter,
            errors=errors,
            engine=self.engine,
            fields=POST_FIELDS,
            required=(),
        )
        file = reading.file
        self._check_fields(file.layout, file)
        used = set(file.layout.values())
        metric_of = {column_key(name): kind for name, kind in self.metrics.items()}
        metrics = [
            (position, metric_of[column_key(name)])
            for position, name in enumerate(file.header)
            if position not in used and column_key(name) in metric_of
        ]
        if not metrics and not self.posts:
            raise ValidationError(
                f"no count column found; the header has {list(file.header)} and the known "
                f"counts are {sorted(self.metrics)} (pass metrics={{...}})",
                source=file.name,
                line=1,
                column="metrics",
            )
        pieces: Iterator[Chunk] = reading.pieces(whole=False)
        leading = []  # up to the first chunk with rows, whose values tell counts from text
        for chunk in pieces:
            leading.append(chunk)
            if len(chunk.rows):
                self._check_unmatched(file, chunk, used | {p for p, _ in metrics})
                break
        pieces = itertools.chain(leading, pieces)
        logs, rejected, rows_read = [], [], 0
        for chunk in pieces:
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

    def _columns(self, path: str | os.PathLike[str]) -> dict[str, str]:
        """The caller's ``columns``, and the fields the header spells another way."""
        header = header_of(path, encoding=self.encoding, delimiter=self.delimiter)
        return auto_columns(header, POST_FIELDS, self.columns, aliases=self.FIELD_ALIASES)

    def _check_fields(self, layout: Mapping[str, int], file: Any) -> None:  # noqa: ANN401
        """An author and a time for every post, from columns or the preset's options."""
        if "author" not in layout and self.page is None:
            raise ValidationError(
                f"no author column; the header has {list(file.header)} (map one with "
                "columns={...}, or name the page every post is from with page=...)",
                source=file.name,
                line=1,
                column="author",
            )
        if "posted_at" in layout:
            return
        if "post_month" not in layout:
            raise ValidationError(
                f"no time column; the header has {list(file.header)} (map posted_at with "
                "columns={...}, or the post_month and post_hour columns and give year=...)",
                source=file.name,
                line=1,
                column="posted_at",
            )
        if self.year is None:
            raise ValidationError(
                "the export has post_month but no full timestamps; pass year=... (each post "
                "is dated the first of its month, so only monthly windows are meaningful)",
                source=file.name,
                line=1,
                column="year",
            )

    def _check_unmatched(self, file: Any, chunk: Chunk, used: set[int]) -> None:  # noqa: ANN401
        """Refuse, or warn about, count columns the preset would otherwise not read."""
        ignored = {column_key(name) for name in self.ignore}
        unmatched = []
        for position, name in enumerate(file.header):
            if position in used or column_key(name) in ignored:
                continue
            if role_of(name, [*self.metrics, *DEFAULT_METRICS]) is not None:
                continue  # a population, a total, a breakdown or a measure: known
            if looks_like_counts(chunk.columns[position].strings()):  # type: ignore[union-attr]
                unmatched.append(name)
        if not unmatched:
            return
        message = (
            f"the columns {unmatched} hold counts but match no known metric; known metrics "
            f"are {sorted(self.metrics)} (compared ignoring case, plurals and separators): "
            "map them with metrics={...} or skip them with ignore=[...]"
        )
        if self.unmatched == "error":
            raise ValidationError(message, source=file.name, line=1, column=unmatched[0])
        warnings.warn(
            f"{file.name}: {message}; they are not read", UnmatchedColumnWarning, stacklevel=4
        )

    def describe(self, path: str | os.PathLike[str]) -> dict[str, str]:
        """What the preset makes of each column of ``path``: a field, a metric's kind, a role.

        >>> from valuecocreation.io.presets import SocialExport, sample_path
        >>> described = SocialExport(delimiter=";").describe(sample_path("post_report.csv"))
        >>> described["Lifetime Post Total Reach"]
        'population (reach): the people a share is measured against, not events'
        """
        reading = Reading(
            path,
            columns=self._columns(path),
            kinds=None,
            timestamp="auto",
            tz=None,
            encoding=self.encoding,
            delimiter=self.delimiter,
            errors="raise",
            engine="python",
            fields=POST_FIELDS,
            required=(),
        )
        field_at = {position: field for field, position in reading.file.layout.items()}
        metric_of = {column_key(name): kind for name, kind in self.metrics.items()}
        ignored = {column_key(name) for name in self.ignore}
        described = {}
        for position, name in enumerate(reading.file.header):
            key = column_key(name)
            if position in field_at:
                described[name] = f"field {field_at[position]}"
            elif key in metric_of:
                described[name] = f"metric: {metric_of[key].value} events, weighted by the count"
            elif key in ignored:
                described[name] = "ignored (ignore=...)"
            else:
                role = role_of(name, [*self.metrics, *DEFAULT_METRICS])
                described[name] = _ROLE_TEXT.get(role, "not read") if role else "not read"
                if role == "population":
                    described[name] = described[name].format(population_name(name))
        return described

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
        rows = len(chunk.rows)
        author = texts[layout["author"]] if "author" in layout else [self.page or ""] * rows
        when = texts[layout["posted_at"]] if "posted_at" in layout else self._dates(texts, layout)
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

        post_ids = texts[layout["post_id"]] if "post_id" in layout else None
        for at in range(len(chunk.rows)):
            if at in skip or (
                post_ids is not None and post_ids[at].strip().casefold() in self.TOTAL_ROWS
            ):
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

    def _dates(self, texts: list[list[str]], layout: Mapping[str, int]) -> list[str]:
        """Timestamps from the month and hour of each post: the first of its month."""
        months = texts[layout["post_month"]]
        hours = texts[layout["post_hour"]] if "post_hour" in layout else ["0"] * len(months)
        return [
            f"{self.year:04d}-{_two(month)}-01T{_two(hour)}:00:00"
            for month, hour in zip(months, hours, strict=True)
        ]

    @staticmethod
    def _event_header(layout: Mapping[str, int], header: tuple[str, ...]) -> tuple[str, ...]:
        author = header[layout["author"]] if "author" in layout else "author"
        time_field = "posted_at" if "posted_at" in layout else "post_month"
        when = header[layout[time_field]] if time_field in layout else "posted_at"
        channel = header[layout["channel"]] if "channel" in layout else "channel"
        return (author, author, "kind", when, channel, "weight")


def _two(text: str) -> str:
    """A month or hour as two digits; anything else as it is (the timestamp rule rejects it)."""
    stripped = text.strip()
    return stripped.zfill(2) if stripped.isdigit() and len(stripped) <= 2 else stripped


_ROLE_TEXT: Final = {
    "population": "population ({}): the people a share is measured against, not events",
    "people": "a count of people (a subset), not events: not read",
    "total": "a total of other counts: not read (it would count them twice)",
    "breakdown": "a breakdown of another count: not read (it would count it twice)",
    "measure": "a duration, rate or amount, not a count of events: not read",
}


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


VIDEO_METRICS: Mapping[str, InteractionKind] = MappingProxyType(
    {
        "views": InteractionKind.VIEW,
        "likes": InteractionKind.LIKE,
        "comments_added": InteractionKind.COMMENT,
        "comments": InteractionKind.COMMENT,
        "shares": InteractionKind.SHARE,
        "subscribers_gained": InteractionKind.FOLLOW,
        "subscribers": InteractionKind.FOLLOW,
    }
)
"""Count columns of a per-video analytics export, and the kind each one counts."""


@attrs.frozen(kw_only=True, eq=False)
class VideoAnalytics(SocialExport):
    """Read a platform's per-video analytics export (one row per video), as ``social_export``.

    The shape of a video platform's "table data" export: ``Content`` (the video's
    id), ``Video title``, ``Video publish time``, then counts (``Views``,
    ``Likes``, ``Comments added``, ``Shares``, ``Subscribers`` gained) and
    measures that are not counts of events (``Watch time (hours)``, ``Average
    view duration``, ``Impressions click-through rate (%)``), which are not read.
    ``Impressions`` (thumbnails shown, not views) are not read either, unless
    ``ignore=()`` and ``metrics=`` say otherwise.
    The export names no author: give the channel's account as ``page``. Its first
    row is often the ``Total`` of the others, which gives no interaction (it
    would count every video twice). ``Subscribers`` is the net number gained, so a
    video that lost subscribers has a negative count: that row is bad input, not
    a count of events. Publish times such as ``Mar 15, 2024`` need
    ``timestamp="%b %d, %Y"``. Options are those of
    :class:`~valuecocreation.io.presets.social.SocialExport`; the sample is
    ``video_analytics.csv``.

    Examples
    --------
    >>> from valuecocreation.io.presets import VideoAnalytics, sample_path
    >>> log = VideoAnalytics(page="recordfarm", timestamp="%b %d, %Y").read(
    ...     sample_path("video_analytics.csv"))
    >>> len(log.filter(kind="post")), float(log.filter(kind="view").weights.sum())
    (4, 20265.0)
    """

    name: ClassVar[str] = "video_analytics"
    FIELD_ALIASES: ClassVar[Mapping[str, str]] = {
        "content": "post_id",
        "video": "post_id",
        "video_publish_time": "posted_at",
        "publish_time": "posted_at",
        "published_at": "posted_at",
    }
    TOTAL_ROWS: ClassVar[frozenset[str]] = frozenset({"total"})

    metrics: Mapping[str, InteractionKind] = attrs.field(default=VIDEO_METRICS, converter=_metrics)
    ignore: tuple[str, ...] = attrs.field(default=("impressions",), converter=_names)
