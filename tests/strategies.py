"""Hypothesis strategies shared by the property tests.

Valid-data strategies (``actor_ids``, ``interaction_kinds``, ``timestamps``,
``channels``, ``weights``, ``interactions``, ``interaction_lists``,
``interaction_logs``) only produce values every constructor must accept, and keep
sizes small so that property tests stay fast. ``junk`` and ``junk_columns`` produce
arbitrary values for fuzzing the validating constructors.

Import it as ``from tests import strategies``: with ``--import-mode=importlib``
pytest registers the ``tests`` package of the rootdir, so no ``__init__.py`` or
``sys.path`` change is needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from valuecocreation.log import InteractionLog
from valuecocreation.model import Interaction, InteractionKind

__all__ = [
    "FIRST_MOMENT",
    "LAST_MOMENT",
    "actor_ids",
    "as_utc",
    "channel_names",
    "channels",
    "fixed_offsets",
    "interaction_kinds",
    "interaction_lists",
    "interaction_logs",
    "interactions",
    "junk",
    "junk_columns",
    "junk_scalars",
    "kind_criteria",
    "kind_values",
    "naive_utc_datetimes",
    "record_dicts",
    "timestamps",
    "weights",
]

FIRST_MOMENT = dt.datetime(1, 1, 1)
"""The earliest timestamp a log holds (naive, meaning UTC)."""
LAST_MOMENT = dt.datetime(9999, 12, 31, 23, 59, 59, 999_999)
"""The latest timestamp a log holds (naive, meaning UTC)."""

# A few ids that collide often, so that filters and vocabularies see repeats;
# they include unicode look-alikes (composed and decomposed e-acute, sharp s),
# whitespace-only ids, which are valid (only "" is missing), and ids longer than
# 15 UTF-8 bytes, which numpy's StringDType stores out of line (UUIDs, handles).
_COMMON_IDS = (
    "ana",
    "ben",
    "firm",
    "Ana",
    "é",
    "e\u0301",
    "ß",
    "ss",
    " a",
    "7",
    "日本",
    "3f0c8d2e-5b7a-4c1e-9f3a-0d6b2e8c7a41",
    "@recordfarm_official",
)


@functools.cache
def _text(exclude: str, max_size: int) -> st.SearchStrategy[str]:
    # NUL is never valid in an id (numpy < 2.5 mangles it), so it is always excluded.
    alphabet = st.characters(codec="utf-8", exclude_characters=exclude + "\x00")
    # Nor is text that is only whitespace (it would print as nothing).
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda t: not t.isspace())


@functools.cache
def actor_ids(*, exclude: str = "") -> st.SearchStrategy[str]:
    """Valid actor ids: non-empty text, unicode included (no surrogates).

    ``exclude`` lists characters never to use, for backends that cannot carry
    every character.
    """
    common = [i for i in _COMMON_IDS if not set(i) & set(exclude)]
    return st.one_of(st.sampled_from(common), _text(exclude, 6))


@functools.cache
def channel_names(*, exclude: str = "") -> st.SearchStrategy[str]:
    """Valid channel names: non-empty text, with a few common ones."""
    common = st.sampled_from(
        ("facebook", "youtube", "tiktok", "app", "Facebook", "instagram_stories_kr")
    )
    return st.one_of(common, _text(exclude, 5))


@functools.cache
def channels(*, exclude: str = "") -> st.SearchStrategy[str | None]:
    """A channel name or ``None`` (the export does not say)."""
    return st.one_of(st.none(), channel_names(exclude=exclude))


@functools.cache
def interaction_kinds() -> st.SearchStrategy[InteractionKind]:
    """Members of :class:`InteractionKind`."""
    return st.sampled_from(InteractionKind)


@functools.cache
def kind_values() -> st.SearchStrategy[InteractionKind | str]:
    """An interaction kind as a member or as its text value."""
    return st.one_of(interaction_kinds(), interaction_kinds().map(str))


@functools.cache
def kind_criteria() -> st.SearchStrategy[InteractionKind | str | list[InteractionKind | str]]:
    """A ``kind=`` argument of ``filter``: one kind (member or value) or several."""
    return st.one_of(kind_values(), st.lists(kind_values(), max_size=3))


@functools.cache
def naive_utc_datetimes(
    min_value: dt.datetime = FIRST_MOMENT, max_value: dt.datetime = LAST_MOMENT
) -> st.SearchStrategy[dt.datetime]:
    """Naive datetimes (meaning UTC) at microsecond precision, years 1 to 9999."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.none())


@functools.cache
def fixed_offsets() -> st.SearchStrategy[dt.tzinfo]:
    """Fixed UTC offsets strictly between -24 and +24 hours, to the minute."""
    return st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
    )


def _express(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    if zone is None:
        return moment
    try:
        return moment.replace(tzinfo=dt.UTC).astimezone(zone)
    except (OverflowError, ValueError):  # the local time leaves years 1 to 9999
        return moment


@functools.cache
def timestamps(
    min_value: dt.datetime = FIRST_MOMENT, max_value: dt.datetime = LAST_MOMENT
) -> st.SearchStrategy[dt.datetime]:
    """A timestamp as users pass it: naive (UTC) or aware in any time zone.

    The instant is drawn in UTC and then expressed in the chosen zone, so that
    its UTC value always lies in years 1 to 9999 (the range a log can hold).
    When the zone's local time would leave :class:`datetime.datetime`'s range,
    the naive UTC value is used instead.
    """
    zones = st.one_of(st.none(), st.just(dt.UTC), fixed_offsets(), st.timezones())
    return st.builds(_express, naive_utc_datetimes(min_value, max_value), zones)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The aware UTC datetime a log stores for ``moment`` (naive means UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


@functools.cache
def weights() -> st.SearchStrategy[float]:
    """Valid weights: finite floats >= 0 (subnormals included)."""
    return st.one_of(
        st.sampled_from((0.0, 1.0, 5.0)),
        st.floats(min_value=0.0, allow_nan=False, allow_infinity=False),
    )


@functools.cache
def interactions(
    *,
    ids: st.SearchStrategy[str] | None = None,
    channel: st.SearchStrategy[str | None] | None = None,
    when: st.SearchStrategy[dt.datetime] | None = None,
) -> st.SearchStrategy[Interaction]:
    """One valid :class:`Interaction`; each field's strategy can be replaced."""
    ids = actor_ids() if ids is None else ids
    return st.builds(
        Interaction,
        source=ids,
        target=ids,
        kind=interaction_kinds(),
        timestamp=timestamps() if when is None else when,
        channel=channels() if channel is None else channel,
        weight=weights(),
    )


def interaction_lists(
    *, min_size: int = 0, max_size: int = 8, **fields: st.SearchStrategy[Any]
) -> st.SearchStrategy[list[Interaction]]:
    """Short lists of valid interactions (``fields`` go to :func:`interactions`)."""
    return st.lists(interactions(**fields), min_size=min_size, max_size=max_size)


def interaction_logs(
    *, min_size: int = 0, max_size: int = 8, **fields: st.SearchStrategy[Any]
) -> st.SearchStrategy[InteractionLog]:
    """Logs built from :func:`interaction_lists`."""
    return interaction_lists(min_size=min_size, max_size=max_size, **fields).map(
        InteractionLog.from_records
    )


def _record(
    when: dt.datetime, as_text: bool, fields: dict[str, Any], dropped: frozenset[str]
) -> dict[str, Any]:
    record = {**fields, "timestamp": when.isoformat() if as_text else when}
    return {k: v for k, v in record.items() if k not in dropped}


@functools.cache
def record_dicts() -> st.SearchStrategy[dict[str, Any]]:
    """One valid record as a plain dict, in any accepted representation.

    ``kind`` is a member or its value; ``timestamp`` a naive or aware datetime or
    its ISO 8601 text; ``weight`` a float or an int; the optional keys
    ``channel`` and ``weight`` are sometimes left out.
    """
    fields = st.fixed_dictionaries(
        {
            "source": actor_ids(),
            "target": actor_ids(),
            "kind": kind_values(),
            "channel": channels(),
            "weight": st.one_of(weights(), st.integers(min_value=0, max_value=10)),
        }
    )
    return st.builds(
        _record,
        timestamps(),
        st.booleans(),
        fields,
        st.frozensets(st.sampled_from(("channel", "weight"))),
    )


# ---------------------------------------------------------------------- fuzzing
def _object_array(values: list[Any]) -> np.ndarray:
    # np.array(values, dtype=object) would try to broadcast nested lists.
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


@functools.cache
def junk_scalars() -> st.SearchStrategy[Any]:
    """Scalars of every type an export might contain, valid or not."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),  # unbounded: includes ints too large for int64 and float
        st.floats(),  # nan, inf, -inf, -0.0, negatives, subnormals
        st.text(max_size=5),
        st.binary(max_size=4),
        st.complex_numbers(max_magnitude=1e3),
        st.datetimes(timezones=st.one_of(st.none(), st.timezones(), fixed_offsets())),
        st.dates(),
        st.timedeltas(),
        interaction_kinds(),
        st.sampled_from(
            (
                "like",
                "LIKE",
                " like",
                "retweet",
                "",
                " ",
                "nan",
                "NaN",
                "NaT",
                "None",
                "inf",
                "-1",
                "1e400",
                "2024-01-01",
                "2024-01-01T10:00:00+09:00",
                "2024-13-01",
                "0000-01-01",
                "10000-01-01",
                "2024-01-01T00:00:00Z",
            )
        ),
        st.sampled_from(
            (
                math.nan,
                math.inf,
                -math.inf,
                -0.0,
                2**63,
                -(2**63) - 1,
                10**400,
                1e300,
                np.float64("nan"),
                np.float32(1.5),
                np.int64(7),
                np.uint64(2**64 - 1),
                np.bool_(True),
                np.str_("np"),
                np.bytes_(b"np"),
                np.datetime64("NaT"),
                np.datetime64("2024-01-01"),
                np.datetime64("-3000-01-01"),
                np.datetime64(2**62, "s"),
                np.timedelta64(1, "D"),
                pd.NA,
                pd.NaT,
                pd.Timestamp("2024-01-01", tz="Asia/Seoul"),
                object(),
                Ellipsis,
                frozenset({1}),
            )
        ),
    )


@functools.cache
def junk() -> st.SearchStrategy[Any]:
    """Junk scalars and small nested containers of them (lists, tuples, dicts, sets)."""
    return st.recursive(
        junk_scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.tuples(inner, inner),
            st.dictionaries(st.text(max_size=3), inner, max_size=2),
            st.builds(_object_array, st.lists(inner, max_size=3)),
        ),
        max_leaves=4,
    )


_ARRAY_DTYPES = st.one_of(
    hnp.integer_dtypes(),
    hnp.unsigned_integer_dtypes(),
    hnp.floating_dtypes(),
    hnp.boolean_dtypes(),
    hnp.complex_number_dtypes(),
    hnp.datetime64_dtypes(),
    hnp.timedelta64_dtypes(),
    hnp.unicode_string_dtypes(max_len=4),
    hnp.byte_string_dtypes(max_len=4),
)


def _valid_values(name: str) -> st.SearchStrategy[Any]:
    return {
        "source": actor_ids(),
        "target": actor_ids(),
        "kind": kind_values(),
        "timestamp": st.one_of(timestamps(), timestamps().map(dt.datetime.isoformat)),
        "channel": channels(),
        "weight": weights(),
    }[name]


@functools.cache
def junk_columns(name: str, length: int) -> st.SearchStrategy[Any]:
    """A column ``name`` of ``length`` entries mixing valid values with junk.

    Either a list (each entry valid or junk) or a one-dimensional numpy array of
    any dtype with arbitrary contents.
    """
    entries = st.one_of(_valid_values(name), junk())
    return st.one_of(
        st.lists(entries, min_size=length, max_size=length),
        hnp.arrays(_ARRAY_DTYPES, length),
    )
