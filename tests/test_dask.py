"""valuecocreation.dask: on a real distributed cluster and the threaded scheduler, the
results equal the single-machine results byte for byte."""

from __future__ import annotations

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.model import InteractionKind

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

KINDS = [kind.value for kind in InteractionKind]
CHANNELS = ["instagram", "forum", "app", None]


def _log(events: int, seed: int) -> vcc.InteractionLog:
    rng = np.random.default_rng(seed)
    actors = np.array([f"u{i}" for i in range(300)] + ["firm", "shop"], dtype=object)
    source = actors[np.minimum(rng.zipf(1.5, events) - 1, len(actors) - 1)]
    target = actors[rng.integers(0, len(actors), events)]
    days = rng.integers(0, 200, events).astype("timedelta64[D]")
    seconds = rng.integers(0, 86_400, events).astype("timedelta64[s]")
    return vcc.InteractionLog.from_columns(
        source=source,
        target=target,
        kind=np.array(KINDS, dtype=object)[rng.integers(0, len(KINDS), events)],
        timestamp=np.datetime64("2024-01-01T00:00:00") + days + seconds,
        channel=np.array(CHANNELS, dtype=object)[rng.integers(0, len(CHANNELS), events)],
        # Weights with many significant bits: sums in another order would differ.
        weight=rng.random(events) * 3.7,
    )


LOG = _log(6_000, seed=17)
ACTORS = {"firm": "firm", "shop": "firm", "u3": "creator"}
FRAME = LOG.to_frame("pandas")


@pytest.fixture(scope="module")
def cluster():
    """A real scheduler with two worker processes, one thread each."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=50,
        ) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture(params=["cluster", "threads"])
def run(request):
    """Call a valuecocreation.dask function on the cluster or the threaded scheduler."""
    if request.param == "threads":
        return lambda function, *args, **kwargs: function(*args, scheduler="threads", **kwargs)
    client = request.getfixturevalue("cluster")

    def on_cluster(function, *args, **kwargs):
        with client.as_current():
            return function(*args, **kwargs)

    return on_cluster


@pytest.mark.parametrize("npartitions", [1, 3, 8])
def test_assess_is_byte_identical(run, npartitions):
    frame = dd.from_pandas(FRAME, npartitions=npartitions)
    mine = run(vcc.dask.assess, frame, actors=ACTORS, split_every=2)
    assert mine.to_json() == vcc.assess(LOG, actors=ACTORS).to_json()


def test_evidence_equals_the_whole_logs(run):
    frame = dd.from_pandas(FRAME, npartitions=5)
    mine = run(vcc.dask.evidence, frame, actors=ACTORS, period="week")
    assert mine == vcc.Evidence.from_log(LOG, actors=ACTORS, period="week")


def test_assess_over_windows_and_segments_is_byte_identical(run):
    frame = dd.from_pandas(FRAME, npartitions=4)
    mine = run(vcc.dask.assess_over, frame, period="month", segment_by="channel", actors=ACTORS)
    whole = vcc.assess_over(LOG, period="month", segment_by="channel", actors=ACTORS)
    assert mine.to_dict()["items"]  # something to compare
    assert vcc.io.render(mine, "json") == vcc.io.render(whole, "json")


@pytest.mark.parametrize("cohort", ["week", None])
def test_funnel_is_byte_identical(run, cohort):
    frame = dd.from_pandas(FRAME, npartitions=6)
    mine = run(vcc.dask.funnel, frame, actors=ACTORS, cohort=cohort, split_every=3)
    whole = vcc.Funnel.from_log(LOG, actors=ACTORS, cohort=cohort)
    assert mine.to_json() == whole.to_json()


@pytest.mark.parametrize("period", ["day", "week", "month", "quarter"])
def test_cohort_retention_is_byte_identical(run, period):
    frame = dd.from_pandas(FRAME, npartitions=6)
    mine = run(vcc.dask.cohort_retention, frame, period=period, actors=ACTORS)
    whole = vcc.metrics.cohort_retention(LOG, period=period, actors=ACTORS)
    assert mine.to_json() == whole.to_json()


def test_many_csv_and_parquet_files(run, tmp_path):
    parts = np.array_split(np.arange(len(FRAME)), 4)
    for number, rows in enumerate(parts):
        piece = FRAME.iloc[rows]
        piece.to_csv(tmp_path / f"events-{number}.csv", index=False)
        piece.to_parquet(tmp_path / f"events-{number}.parquet", index=False)
    whole = vcc.assess(LOG, actors=ACTORS).to_json()
    from_csv = dd.read_csv(str(tmp_path / "events-*.csv"), dtype={"channel": "string"})
    assert run(vcc.dask.assess, from_csv, actors=ACTORS).to_json() == whole
    from_parquet = dd.read_parquet(str(tmp_path / "events-*.parquet"))
    assert run(vcc.dask.assess, from_parquet, actors=ACTORS).to_json() == whole


def test_a_bad_row_names_its_partition(run):
    bad = FRAME.copy()
    bad.loc[bad.index[4_500], "kind"] = "poke"
    frame = dd.from_pandas(bad, npartitions=4)
    with pytest.raises(ValidationError, match=r"partition 3.*unknown interaction kind 'poke'"):
        run(vcc.dask.assess, frame)


def test_no_events_is_the_empty_assessment():
    empty = vcc.InteractionLog.from_columns(source=[], target=[], kind=[], timestamp=[])
    frame = dd.from_pandas(empty.to_frame("pandas"), npartitions=1)
    assert vcc.dask.assess(frame, scheduler="sync").to_json() == vcc.assess(empty).to_json()


def test_wrong_input_is_reported():
    with pytest.raises(ArgumentTypeError, match=r"dask\.dataframe\.DataFrame"):
        vcc.dask.assess(FRAME)
    with pytest.raises(ValidationError, match="lacks the column"):
        vcc.dask.assess(dd.from_pandas(FRAME.drop(columns=["kind"]), npartitions=1))
    frame = dd.from_pandas(FRAME, npartitions=2)
    with pytest.raises(ValidationError, match="split_every"):
        vcc.dask.evidence(frame, split_every=1)
