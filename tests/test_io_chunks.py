"""Reading chunk by chunk: the same evidence and assessment as the whole file, in flat memory."""

from __future__ import annotations

import functools
import gc
import math
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.evidence import Evidence
from valuecocreation.io import iter_csv, read_csv

KINDS = [
    "like",
    "Retweet",
    "comment",
    "view",
    "follow",
    "post",
    "support_request",
    "support_response",
    "rate",
    "share",
    "reply",
    "idea",
    "purchase",
]
CHANNELS = ["facebook", "youtube", "", "app"]


def export(
    path: Path,
    rows: int,
    *,
    seed: int = 7,
    actors: int = 300,
    bad_every: int = 0,
    kinds: list[str] = KINDS,
    days: int = 365,
) -> Path:
    """A seeded synthetic export; every ``bad_every``-th row has an unknown kind."""
    rng = np.random.default_rng(seed)
    users = rng.integers(0, actors, rows)
    firm_speaks = rng.random(rows) < 0.2
    drawn = rng.choice(kinds, rows)
    start = 1_420_070_400  # 2015-01-01
    seconds = np.sort(rng.integers(start, start + days * 86_400, rows))
    times = seconds.astype("datetime64[s]").astype(str)
    channels = rng.choice(CHANNELS, rows)
    weights = rng.integers(1, 6, rows)
    lines = ["who,whom,what,when,where,how_much"]
    for row in range(rows):
        user = f"user{users[row]}"
        source, target = ("recordfarm", user) if firm_speaks[row] else (user, "recordfarm")
        kind = "poke" if bad_every and row % bad_every == bad_every - 1 else drawn[row]
        lines.append(f"{source},{target},{kind},{times[row]}Z,{channels[row]},{weights[row]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MAPPING = {
    "who": "source",
    "whom": "target",
    "what": "kind",
    "when": "timestamp",
    "where": "channel",
    "how_much": "weight",
}
ACTORS = {"recordfarm": "firm"}


@pytest.mark.parametrize("engine", ["python", "pyarrow"])
@pytest.mark.parametrize(("period", "segment_by"), [(None, None), ("month", "channel")])
def test_merged_chunk_evidence_equals_the_whole_file(
    tmp_path: Path, engine: str, period: str | None, segment_by: str | None
) -> None:
    path = export(tmp_path / "events.csv", 5_000)
    whole = read_csv(path, columns=MAPPING, engine=engine)
    expected = Evidence.from_log(whole, actors=ACTORS, period=period, segment_by=segment_by)
    chunks = iter_csv(
        path,
        columns=MAPPING,
        engine=engine,
        chunk_rows=700,
        as_="evidence",
        actors=ACTORS,
        period=period,
        segment_by=segment_by,
    )
    merged = functools.reduce(Evidence.merge, chunks)
    assert merged == expected
    assert chunks.rows_read == chunks.accepted == 5_000
    if period is None:
        # The same scores; the log-only checks (issue 13) need the raw events.
        assert (
            vcc.assess(merged).to_dict()
            == vcc.assess(Evidence.from_log(whole, actors=ACTORS)).to_dict()
        )
        streamed, read = vcc.assess(merged), vcc.assess(whole, actors=ACTORS)
        assert [s.value for s in streamed.conditions] == [s.value for s in read.conditions]
        assert streamed.index == read.index or (
            math.isnan(streamed.index) and math.isnan(read.index)
        )
    else:
        assert vcc.assess_over(merged, period=period, segment_by=segment_by).to_dict() == (
            vcc.assess_over(whole, actors=ACTORS, period=period, segment_by=segment_by).to_dict()
        )


def test_chunks_are_the_same_whichever_engine_reads_them(tmp_path: Path) -> None:
    path = export(tmp_path / "events.csv", 3_000, bad_every=97)
    runs = {}
    for engine in ("python", "pyarrow"):
        chunks = iter_csv(path, columns=MAPPING, engine=engine, chunk_rows=512, errors="quarantine")
        logs = list(chunks)
        runs[engine] = (logs, chunks.rejected, chunks.rows_read, chunks.accepted)
    assert runs["python"] == runs["pyarrow"]
    logs, rejected, rows_read, accepted = runs["python"]
    assert [len(log) for log in logs][:3] == [507, 507, 507]  # 512 rows read, 5 of them bad
    assert rows_read == 3_000
    assert accepted + len(rejected) == 3_000
    assert InteractionLogConcat(logs) == read_csv(path, columns=MAPPING, errors="quarantine").log


def InteractionLogConcat(logs: list[vcc.InteractionLog]) -> vcc.InteractionLog:  # noqa: N802
    return vcc.InteractionLog.concat(logs)


def test_line_numbers_stay_those_of_the_whole_file(tmp_path: Path) -> None:
    path = export(tmp_path / "events.csv", 2_000, bad_every=1_500)
    for engine in ("python", "pyarrow"):
        chunks = iter_csv(path, columns=MAPPING, engine=engine, chunk_rows=300)
        seen: list[int] = []
        with pytest.raises(ValidationError, match="line 1501, column 'what', value 'poke'"):
            seen.extend(len(log) for log in chunks)
        assert seen == [300] * 4  # the chunks before the bad row were given out
        quarantined = iter_csv(
            path, columns=MAPPING, engine=engine, chunk_rows=300, errors="quarantine"
        )
        list(quarantined)
        assert [(row.line, row.row) for row in quarantined.rejected] == [(1501, 1499)]
        written = tmp_path / f"rejected-{engine}.csv"
        quarantined.write_rejected(written)
        assert written.read_text(encoding="utf-8").splitlines()[1].startswith("1501,1499,what,")


def test_iter_csv_checks_its_arguments(tmp_path: Path) -> None:
    path = export(tmp_path / "events.csv", 10)
    with pytest.raises(ValidationError, match="chunk_rows must be a whole number"):
        iter_csv(path, columns=MAPPING, chunk_rows=0)
    with pytest.raises(ValidationError, match="as_ must be one of"):
        iter_csv(path, columns=MAPPING, as_="frames")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="apply to as_='evidence'"):
        iter_csv(path, columns=MAPPING, actors=ACTORS)
    chunks = iter_csv(path, columns=MAPPING, chunk_rows=4)
    assert [len(log) for log in chunks] == [4, 4, 2]
    assert [len(log) for log in chunks] == [4, 4, 2]  # each iteration reads the file again
    assert "10 rows read" in repr(chunks)


def _peak(path: Path) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        chunks = iter_csv(
            path, columns=MAPPING, engine="python", chunk_rows=2_000, as_="evidence", actors=ACTORS
        )
        functools.reduce(Evidence.merge, chunks)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    # Support requests and responses are kept one by one in the evidence (to pair
    # them), so that part of the evidence does grow with them: left out here. The
    # evidence's sets (actors, active days per channel) are bounded by the actors
    # and the days, so both files cover the same month and the same actors.
    kinds = [kind for kind in KINDS if not kind.startswith("support")]
    small = _peak(export(tmp_path / "small.csv", 10_000, kinds=kinds, days=28))
    large = _peak(export(tmp_path / "large.csv", 40_000, kinds=kinds, days=28))
    assert large < 1.3 * small, (small, large)
