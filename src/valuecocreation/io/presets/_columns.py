"""What each column of an aggregate report is: a count of events, a population, or neither.

A post report or a video analytics export has one row per post and many numeric
columns. Reading one honestly means deciding, for every column, what it holds:

``metric``
    a count of events of one kind (likes, comments, shares, views): read as one
    weighted interaction per post;
``population``
    a count of distinct people (reach, engaged users, followers): never read as
    events, it is the population a share can be measured against;
``people``
    another count of distinct people (consumers, people who liked the page and
    engaged): a subset, neither events nor the population;
``total``
    a sum of other count columns (total interactions): counting it too would count
    the same engagement twice;
``breakdown``
    a count restricted to a subset (impressions *by* people who like the page):
    also counted already;
``measure``
    a duration, rate, share or amount (watch time, click-through rate, revenue):
    not a count of events.

Names are compared by :func:`column_key`: case, separators, the words
``lifetime``/``post``/``total`` in front and plurals do not matter. A column that
is none of these and holds whole numbers is **unmatched**: the presets refuse to
ignore it silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal

from valuecocreation._core.kinds import normalise_kind

__all__ = ["Role", "auto_columns", "column_key", "looks_like_counts", "role_of"]

Role = Literal["metric", "population", "people", "total", "breakdown", "measure"]

_LEADING: Final = frozenset({"lifetime", "post", "total", "video", "daily"})
_WORDS: Final = re.compile(r"[a-z0-9]+")
_POPULATION: Final = {
    "reach": "reach",
    "uniquereach": "reach",
    "engageduser": "engaged_users",
    "uniqueengageduser": "engaged_users",
    "follower": "followers",
    "fan": "followers",
    "pagetotallike": "followers",
    "pagefan": "followers",
    "subscriber": "followers",
    "audiencesize": "followers",
}
_TOTALS: Final = frozenset({"interaction", "engagement", "totalengagement", "action", "count"})
_BREAKDOWN_WORDS: Final = frozenset({"by", "from", "among", "per", "via"})
_PEOPLE_WORDS: Final = frozenset({"people", "user", "consumer", "viewer", "unique"})
_MEASURE_WORDS: Final = frozenset(
    {"time", "duration", "rate", "percent", "percentage", "ctr", "revenue", "cost", "spend",
     "average", "avg", "minute", "second", "hour", "usd", "eur", "ratio", "score"}
)  # fmt: skip


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _words(name: str) -> list[str]:
    words = [_singular(word) for word in _WORDS.findall(normalise_kind(name))]
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    return words


def column_key(name: str) -> str:
    """The form in which column names are compared.

    >>> column_key("Lifetime Post Total Reach"), column_key("like"), column_key("Link-Clicks")
    ('reach', 'like', 'linkclick')
    """
    return "".join(_words(name))


def role_of(name: str, metrics: Iterable[str]) -> Role | None:
    """What the column ``name`` holds, or ``None`` when the name says nothing known.

    ``metrics`` are the names of the count columns in use (any spelling).

    >>> known = ["likes", "comments", "impressions"]
    >>> [role_of(name, known) for name in ("Like", "Lifetime Engaged Users",
    ...  "Lifetime Post Impressions by people who have liked your Page",
    ...  "Total Interactions", "Watch time (hours)", "Category")]
    ['metric', 'population', 'breakdown', 'total', 'measure', None]
    """
    key = column_key(name)
    words = set(_words(name))
    rules: list[tuple[bool, Role]] = [
        (key in {column_key(metric) for metric in metrics}, "metric"),
        (key in _POPULATION, "population"),
        (bool(_BREAKDOWN_WORDS & words), "breakdown"),
        (bool(_MEASURE_WORDS & words), "measure"),
        (bool(_PEOPLE_WORDS & words), "people"),
        (key in _TOTALS, "total"),
    ]
    return next((role for matched, role in rules if matched), None)


def population_name(name: str) -> str | None:
    """Which population a column counts (``reach``, ``engaged_users``, ``followers``)."""
    return _POPULATION.get(column_key(name))


def looks_like_counts(values: Sequence[str]) -> bool:
    """Whether a column's non-blank text is all whole numbers (and there is some)."""
    seen = False
    for value in values:
        text = value.strip().replace(",", "")
        if not text:
            continue
        if not text.isdigit():
            return False
        seen = True
    return seen


def auto_columns(
    header: Sequence[str],
    fields: Sequence[str],
    given: Mapping[str, str] | None,
    *,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Columns of ``header`` whose name is a field's in another spelling, then ``given``.

    >>> auto_columns(["Post Month", "like", "Page"], ["post_month", "author"], {"Page": "author"})
    {'Page': 'author', 'Post Month': 'post_month'}
    """
    chosen = dict(given or {})
    taken = set(chosen.values())
    by_key = {column_key(field): field for field in fields}
    by_key.update({column_key(alias): field for alias, field in (aliases or {}).items()})
    for name in header:
        field = by_key.get(column_key(name))
        if field is not None and field not in taken and name not in chosen and name != field:
            chosen[name] = field
            taken.add(field)
    return chosen
