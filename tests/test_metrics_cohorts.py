"""Cohort retention from an interaction log (valuecocreation.metrics._cohorts).

Checked three ways: small logs computed by hand (each test says how), random logs
against a plain-Python reference that walks the events one by one, and a synthetic
million-event log against a pandas groupby of the same definition.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import strategies as vst

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.metrics import CohortRetention, cohort_retention

PERIODS = ("day", "week", "month", "quarter")


def _log(*events: tuple[str, str, str, str]) -> vcc.InteractionLog:
    return vcc.InteractionLog.from_records(
        {"source": s, "target": t, "kind": k, "timestamp": when} for s, t, k, when in events
    )


# Hand-computed monthly story.  January cohort: ana (Jan, Mar), ben (Jan, Feb, Mar).
# February cohort: cy (Feb only), dan (Feb, Apr).  April cohort: eve.  The firm rf acts
# in May, so the log covers January to May; fay is only a target and never active.
STORY = _log(
    ("ana", "rf", "view", "2024-01-03"),
    ("ana", "rf", "like", "2024-01-20"),
    ("ana", "rf", "share", "2024-03-09"),
    ("ben", "rf", "view", "2024-01-31T23:59:59"),
    ("ben", "rf", "view", "2024-02-01T00:00:00"),
    ("ben", "rf", "comment", "2024-03-15"),
    ("cy", "rf", "view", "2024-02-10"),
    ("dan", "rf", "view", "2024-02-28"),
    ("dan", "fay", "share", "2024-04-01"),
    ("eve", "rf", "view", "2024-04-30"),
    ("rf", "ana", "reward", "2024-05-02"),
)
FIRM = {"rf": "firm"}


def test_story_by_month():
    table = cohort_retention(STORY, actors=FIRM)
    assert table.cohorts == ("2024-01-01", "2024-02-01", "2024-04-01")
    # Columns: months since joining, 0 to 4 (January to May).
    assert table.counts.tolist() == [
        [2, 1, 2, 0, 0],  # Jan: both; Feb: ben; Mar: ana and ben; Apr, May: nobody
        [2, 0, 1, 0, 0],  # Feb: cy and dan; Mar: nobody; Apr: dan; May: nobody
        [1, 0, 0, 0, 0],  # Apr: eve; May: nobody
    ]
    assert table.observed == (5, 4, 2)
    assert table.sizes.tolist() == [2, 2, 1]
    assert table.n_users == 5
    shares = table.shares
    assert shares[0].tolist() == [1.0, 0.5, 1.0, 0.0, 0.0]
    assert shares[1, :4].tolist() == [1.0, 0.0, 0.5, 0.0]
    assert np.isnan(shares[1, 4])
    assert np.isnan(shares[2, 2:]).all()
    # Pooled: month 1 over Jan, Feb and Apr cohorts (1 + 0 + 0) / 5; month 2 over
    # Jan and Feb (2 + 1) / 4; month 4 over Jan only.
    assert table.pooled.tolist() == [1.0, 0.2, 0.75, 0.0, 0.0]


def test_story_without_roles_counts_the_firm_as_a_user():
    # Without actors=, rf is a user first seen in May: a fourth cohort.
    table = cohort_retention(STORY)
    assert table.cohorts[-1] == "2024-05-01"
    assert table.n_users == 6


def test_story_by_quarter_and_week():
    quarters = cohort_retention(STORY, period="quarter", actors=FIRM)
    # Q1: ana, ben, cy, dan; Q2: eve.  In Q2 dan and eve (and nobody else) act.
    assert quarters.cohorts == ("2024-01-01", "2024-04-01")
    assert quarters.counts.tolist() == [[4, 1], [1, 0]]
    weeks = cohort_retention(STORY, period="week", actors=FIRM)
    # 2024-01-01 is a Monday; ben's 23:59:59 on Wed 31 Jan and 00:00 on Thu 1 Feb
    # fall in the same week (starting Mon 29 Jan).
    assert weeks.cohorts[0] == "2024-01-01"
    assert "2024-01-29" in weeks.cohorts
    assert weeks.n_users == 5
    ben_week = weeks.cohorts.index("2024-01-29")
    assert weeks.sizes[ben_week] == 1


def test_population_decides_who_is_counted():
    creators = cohort_retention(
        STORY, actors={"rf": "firm", "eve": "creator"}, population=["creator"]
    )
    assert creators.cohorts == ("2024-04-01",)
    assert creators.counts.tolist() == [[1, 0]]
    firms = cohort_retention(STORY, actors=FIRM, population=("firm",))
    assert firms.n_users == 1


def test_empty_logs_and_populations():
    empty = cohort_retention(vcc.InteractionLog.from_records([]))
    assert empty.cohorts == ()
    assert empty.counts.shape == (0, 0)
    assert empty.n_users == 0
    assert empty.pooled.tolist() == []
    assert "(no active users)" in str(empty)
    only_firm = cohort_retention(_log(("rf", "ana", "reward", "2024-01-01")), actors=FIRM)
    assert only_firm.n_users == 0
    assert CohortRetention.from_json(empty.to_json()) == empty


def test_round_trip_keeps_the_triangle():
    table = cohort_retention(STORY, actors=FIRM)
    data = json.loads(table.to_json())
    assert data["cohorts"][2] == {"cohort": "2024-04-01", "counts": [1, 0]}
    assert CohortRetention.from_dict(data) == table
    assert CohortRetention.from_json(table.to_json()).counts.tolist() == table.counts.tolist()


def test_table_text():
    table = cohort_retention(STORY, actors=FIRM)
    assert str(table).splitlines() == [
        "5 users in 3 cohorts by month; share of cohort active per month since joining",
        "cohort        users       0       1       2       3       4",
        "2024-01-01        2   1.000   0.500   1.000   0.000   0.000",
        "2024-02-01        2   1.000   0.000   0.500   0.000",
        "2024-04-01        1   1.000   0.000",
    ]
    assert (
        table.table("counts").splitlines()[3]
        == "2024-02-01        2       2       0       1       0"
    )
    assert repr(table) == "<CohortRetention by month: 5 users in 3 cohorts over 5 periods>"
    with pytest.raises(ValidationError, match="'shares' or 'counts'"):
        table.table("percent")  # type: ignore[arg-type]


def test_bad_arguments():
    with pytest.raises(ValidationError, match="unknown period"):
        cohort_retention(STORY, period="year")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="takes an InteractionLog"):
        cohort_retention([("ana", "rf")])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown role"):
        cohort_retention(STORY, population=["customer"])
    with pytest.raises(ValidationError, match="at least one role"):
        cohort_retention(STORY, population=[])
    with pytest.raises(ValidationError, match="unknown role"):
        cohort_retention(STORY, actors={"rf": "boss"})


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"period": "year"}, "unknown period"),
        ({"counts": [[2, 1]]}, "one column per period"),
        ({"cohorts": ["2024-02-01", "2024-01-01"]}, "time order"),
        ({"observed": [2, 0]}, "at least its first period"),
        ({"counts": [[2, 3], [1, 0]]}, "between 0 and its size"),
        ({"counts": [[2, 1], [1, 1]]}, "be 0 where unobserved"),
        ({"counts": [[0, 0], [1, 0]]}, "at least 1"),
    ],
)
def test_the_table_checks_itself(fields, reason):
    good = {
        "period": "month",
        "cohorts": ["2024-01-01", "2024-02-01"],
        "counts": [[2, 1], [1, 0]],
        "observed": [2, 1],
    }
    CohortRetention(**good)
    with pytest.raises(ValidationError, match=reason):
        CohortRetention(**{**good, **fields})


def test_bad_serialised_tables():
    data = cohort_retention(STORY, actors=FIRM).to_dict()
    with pytest.raises(ValidationError, match="schema version"):
        CohortRetention.from_dict({**data, "schema_version": 2})
    with pytest.raises(ValidationError, match="malformed cohort retention"):
        CohortRetention.from_dict({**data, "cohorts": [{"cohort": "2024-01-01"}]})


# ---------------------------------------------------------------------- properties
def _index(moment: dt.datetime, period: str) -> int:
    day = moment.astimezone(dt.UTC).date()
    if period == "day":
        return day.toordinal()
    if period == "week":
        return (day.toordinal() - day.weekday() - 1) // 7  # Mondays have ordinal 7k + 1
    if period == "month":
        return day.year * 12 + day.month - 1
    return day.year * 4 + (day.month - 1) // 3


def _start(index: int, period: str) -> str:
    if period == "day":
        return dt.date.fromordinal(index).isoformat()
    if period == "week":
        return dt.date.fromordinal(index * 7 + 1).isoformat()
    if period == "month":
        return dt.date(index // 12, index % 12 + 1, 1).isoformat()
    return dt.date(index // 4, index % 4 * 3 + 1, 1).isoformat()


def _reference(log: vcc.InteractionLog, period: str, firms: set[str]) -> CohortRetention:
    """The definition, event by event in plain Python."""
    events = list(log)
    active: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.source not in firms:
            active[event.source].add(_index(event.timestamp, period))
    if not active:
        return CohortRetention(period=period, cohorts=[], counts=[], observed=[])
    last = max(_index(event.timestamp, period) for event in events)
    first = {user: min(periods) for user, periods in active.items()}
    cohorts = sorted(set(first.values()))
    counts = np.zeros((len(cohorts), last - cohorts[0] + 1), dtype=np.int64)
    for user, periods in active.items():
        for when in periods:
            counts[cohorts.index(first[user]), when - first[user]] += 1
    return CohortRetention(
        period=period,
        cohorts=[_start(c, period) for c in cohorts],
        counts=counts,
        observed=[last - c + 1 for c in cohorts],
    )


def _same(table: CohortRetention, other: CohortRetention) -> bool:
    # Field by field: faster than comparing the JSON forms of wide tables.
    return (table.period, table.cohorts, table.observed) == (
        other.period,
        other.cohorts,
        other.observed,
    ) and np.array_equal(table.counts, other.counts)


RECENT = vst.timestamps(dt.datetime(2019, 1, 1), dt.datetime(2025, 12, 31))


@given(vst.interaction_logs(max_size=25, when=RECENT), st.sampled_from(PERIODS), st.data())
def test_matches_the_event_by_event_reference(log, period, data):
    firms = set(
        data.draw(st.lists(st.sampled_from(log.actors.tolist()), max_size=2)) if len(log) else []
    )
    table = cohort_retention(log, period=period, actors=dict.fromkeys(firms, "firm"))
    assert _same(table, _reference(log, period, firms))


@given(vst.interaction_logs(max_size=25, when=RECENT), st.sampled_from(PERIODS))
def test_totals_and_shares(log, period):
    table = cohort_retention(log, period=period)
    # Every active user is in exactly one cohort, active in its first period.
    assert table.n_users == len(set(log.column("source").tolist()))
    shares = table.shares
    observed = table.is_observed
    assert np.array_equal(np.isnan(shares), ~observed)
    assert ((shares[observed] >= 0) & (shares[observed] <= 1)).all()
    assert (shares[:, 0] == 1).all() if table.cohorts else shares.shape == (0, 0)
    assert ((table.pooled >= 0) & (table.pooled <= 1)).all()
    assert CohortRetention.from_json(table.to_json()) == table


@given(vst.interaction_logs(max_size=20, when=RECENT), st.randoms(use_true_random=False))
def test_event_order_does_not_matter(log, random):
    order = list(range(len(log)))
    random.shuffle(order)
    assert cohort_retention(log[np.array(order, dtype=np.intp)]) == cohort_retention(log)


def test_dates_before_1970():
    # Year 5: negative period numbers.  1 January of year 5 was a Saturday and 3
    # January a Monday (proleptic Gregorian), so by week they are in different weeks.
    log = _log(
        ("a", "f", "view", "0005-01-01"),
        ("a", "f", "view", "0005-01-03"),
        ("b", "f", "view", "0005-01-03"),
        ("f", "a", "reward", "0005-03-01"),
    )
    by_day = cohort_retention(log, period="day", actors={"f": "firm"})
    assert by_day.cohorts == ("0005-01-01", "0005-01-03")
    assert by_day.counts[:, :3].tolist() == [[1, 0, 1], [1, 0, 0]]
    assert by_day.observed == (60, 58)
    by_week = cohort_retention(log, period="week", actors={"f": "firm"})
    assert by_week.cohorts == ("0004-12-27", "0005-01-03")
    assert by_week.counts[:, :2].tolist() == [[1, 1], [1, 0]]


@given(vst.interaction_logs(max_size=10), st.sampled_from(("month", "quarter")))
def test_matches_the_reference_over_any_years(log, period):
    assert _same(cohort_retention(log, period=period), _reference(log, period, set()))


def test_sorting_path_equals_bitmap_path(monkeypatch):
    from valuecocreation.metrics import _cohorts  # noqa: PLC0415 - patched below

    bitmap = cohort_retention(STORY, period="day", actors=FIRM)
    monkeypatch.setattr(_cohorts, "_BITMAP_CELLS", 0)
    assert cohort_retention(STORY, period="day", actors=FIRM) == bitmap


# ---------------------------------------------------------------------- a million events
def _synthetic(n: int, users: int, seed: int) -> tuple[vcc.InteractionLog, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    # Users join at random times and stay active for a random number of days.
    joined = rng.integers(0, 540, users)
    stays = rng.exponential(120.0, users).astype(np.int64)
    source = rng.integers(1, users, n)
    day = np.minimum(joined[source] + rng.integers(0, stays[source] + 1), 729)
    micros = (
        np.datetime64("2023-01-01", "us").astype(np.int64)
        + day * 86_400_000_000
        + rng.integers(0, 86_400_000_000, n)
    )
    times = micros.astype("datetime64[us]")
    log = vcc.InteractionLog.from_columns(
        source=source, target=np.zeros(n, dtype=np.int64), kind=np.full(n, "view"), timestamp=times
    )
    return log, pd.DataFrame({"user": source, "time": pd.to_datetime(times)})


def _pandas_reference(events: pd.DataFrame, last: pd.Timestamp) -> np.ndarray:
    """The same table by pandas: month numbers, first month per user, a crosstab."""
    month = events["time"].dt.year * 12 + events["time"].dt.month - 1
    active = pd.DataFrame({"user": events["user"], "month": month}).drop_duplicates()
    first = active.groupby("user")["month"].transform("min")
    table = pd.crosstab(first, active["month"] - first)
    width = last.year * 12 + last.month - 1 - int(first.min()) + 1
    return table.reindex(columns=range(width), fill_value=0).to_numpy()


def test_a_million_events_give_pandas_counts():
    # Timing lives in benchmarks/cohorts.py; here only the numbers are checked.
    log, events = _synthetic(1_000_000, 40_000, seed=7)
    table = cohort_retention(log, actors={"0": "firm"})
    assert table.n_users == events["user"].nunique()
    assert np.array_equal(table.counts, _pandas_reference(events, events["time"].max()))
    by_day = cohort_retention(log, period="day", actors={"0": "firm"})
    assert by_day.n_users == table.n_users


def test_importing_metrics_leaves_pandas_and_scipy_alone():
    code = (
        "import sys, valuecocreation.metrics; "
        "print(sorted(m for m in ('pandas', 'scipy', 'polars', 'pyarrow') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_nan_free_counts_are_exact_integers():
    table = cohort_retention(STORY, actors=FIRM)
    assert table.counts.dtype == np.int64
    assert not table.counts.flags.writeable
    assert all(isinstance(n, int) for n in json.loads(table.to_json())["cohorts"][0]["counts"])
    assert math.isnan(table.shares[2, 3])


@pytest.mark.parametrize("counts", [[[2.0, 1.0]], [[2, 1.5]], [[2, "1"]], [[True, 1]], [2, 1]])
def test_counts_must_be_a_table_of_integers(counts):
    with pytest.raises(ValidationError, match="table of whole numbers"):
        CohortRetention(
            period="month",
            cohorts=["2024-01-01"],
            counts=np.array(counts, dtype=object) if counts != [2, 1] else counts,
            observed=[2],
        )
