"""valuecocreation.store: saving, listing, loading, history, and the file's safety."""

from __future__ import annotations

import math
import sqlite3
import subprocess
import sys
import textwrap
import time

import attrs
import pytest

import valuecocreation as vcc
from valuecocreation.cli import main
from valuecocreation.errors import ArgumentTypeError, UnknownKeyError, ValidationError
from valuecocreation.store import ScoreRow, Store, fingerprint, register_result_type
from valuecocreation.store._schema import APPLICATION_ID, SCHEMA_VERSION, migrate

RECORDS = [
    {"source": "ana", "target": "rf", "kind": "reward", "timestamp": "2024-06-03"},
    {"source": "bo", "target": "rf", "kind": "like", "timestamp": "2024-06-04"},
    {"source": "rf", "target": "bo", "kind": "reply", "timestamp": "2024-07-04"},
    {"source": "cy", "target": "ana", "kind": "share", "timestamp": "2024-07-09"},
]
ACTORS = {"rf": "firm"}


@pytest.fixture
def log():
    return vcc.InteractionLog.from_records(RECORDS)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "history.sqlite") as opened:
        yield opened


def test_round_trip_of_every_built_in_kind(store, log):
    assessment = vcc.assess(log, actors=ACTORS)
    series = vcc.assess_over(log, period="month", actors=ACTORS)
    funnel = vcc.Funnel.from_log(log, actors=ACTORS)
    for label, result in (("a", assessment), ("s", series), ("f", funnel)):
        store.save(result, label=label, source=log)
    assert store.load(label="a") == assessment
    assert store.load(label="s") == series
    assert store.load(label="f") == funnel
    assert store.load() == funnel  # the latest
    runs = store.list()
    assert [(run.label, run.kind) for run in runs] == [
        ("a", "assessment"),
        ("s", "series"),
        ("f", "funnel"),
    ]
    assert {run.framework for run in runs} == {"kim_choi_2019"}
    assert {run.fingerprint for run in runs} == {fingerprint(log)}
    assert all(run.saved_at.endswith("+00:00") for run in runs)
    assert store.framework == "kim_choi_2019"


def test_plans_are_held_too(store, log):
    plan = vcc.playbook.recommend(vcc.assess(log, actors=ACTORS))
    saved = store.save(plan, label="plan")
    assert (saved.kind, saved.framework) == ("plan", "kim_choi_2019")
    assert store.load(label="plan") == plan


def test_fingerprint_tells_inputs_apart(tmp_path, log):
    other = vcc.InteractionLog.from_records(RECORDS[:3])
    assert fingerprint(log) == fingerprint(vcc.InteractionLog.from_records(RECORDS))
    assert fingerprint(log) != fingerprint(other)
    path = tmp_path / "events.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert fingerprint(path) == fingerprint(b"a,b\n1,2\n") == fingerprint(str(path))
    with pytest.raises(ValidationError, match="cannot read"):
        fingerprint(tmp_path / "missing.csv")
    with pytest.raises(ArgumentTypeError):
        fingerprint(3)  # type: ignore[arg-type]


def test_labels_are_unique_unless_replaced(store, log):
    first = vcc.assess(log)
    second = vcc.assess(vcc.InteractionLog.from_records(RECORDS[:2]))
    store.save(first, label="june")
    with pytest.raises(ValidationError, match="replace=True"):
        store.save(second, label="june")
    assert store.load(label="june") == first
    store.save(second, label="june", replace=True)
    assert store.load(label="june") == second
    assert len(store.list()) == 1
    assert len(store.history(score="reward")) == 1  # the replaced run's scores went with it
    with pytest.raises(ValidationError, match="non-empty"):
        store.save(first, label=" ")


def test_unknown_label_lists_the_saved_ones(store, log):
    with pytest.raises(ValidationError, match="no results yet"):
        store.load()
    store.save(vcc.assess(log), label="june")
    with pytest.raises(UnknownKeyError, match="june"):
        store.load(label="july")


def test_refuses_to_mix_frameworks(store, log):
    result = vcc.assess(log)
    store.save(result, label="kim-choi")
    other = attrs.evolve(result, framework="dart")
    with pytest.raises(ValidationError, match="framework 'kim_choi_2019', not 'dart'"):
        store.save(other, label="dart")
    assert [run.label for run in store.list()] == ["kim-choi"]


def test_history_of_a_condition_a_driver_and_the_index(store, log):
    june = vcc.assess(vcc.InteractionLog.from_records(RECORDS[:2]), actors=ACTORS)
    both = vcc.assess(log, actors=ACTORS)
    store.save(june, label="june")
    store.save(both, label="june+july")
    reward = store.history(score="reward")
    assert reward.level == "condition"
    assert reward.label == ("june", "june+july")
    assert reward.value == (june.condition("reward").value, both.condition("reward").value)
    assert reward.n == (june.condition("reward").n, both.condition("reward").n)
    assert reward.window == ("all", "all")
    share = store.history(score="share")
    assert share.level == "driver"
    assert share.value[1] == both.driver("share").value
    index = store.history(score="index")
    assert index.n == (2, 4)
    assert ScoreHistoryRoundTrip.check(reward)


class ScoreHistoryRoundTrip:
    @staticmethod
    def check(history):
        back = type(history).from_json(history.to_json())
        return back == history and back.rows() == history.rows()


def test_history_keeps_nan_where_a_run_had_no_evidence(store, log):
    store.save(vcc.assess(log), label="all")
    history = store.history(score="availability")
    assert math.isnan(history.value[0])
    assert ScoreHistoryRoundTrip.check(history)
    assert "nan" in history.summary()


def test_history_of_a_series_has_a_row_per_window(store, log):
    store.save(vcc.assess_over(log, period="month", actors=ACTORS), label="monthly")
    history = store.history(score="reward")
    assert history.window == ("2024-06-01", "2024-07-01")
    only = store.history(score="reward", window="2024-07-01")
    assert only.window == ("2024-07-01",)


def test_history_says_when_definitions_changed(store, log):
    result = vcc.assess(log)
    store.save(result, label="v1")
    store.save(attrs.evolve(result, framework_version="9.9"), label="v2")
    history = store.history(score="reward")
    assert [f.code for f in history.findings] == ["history_framework_version_changed"]
    assert history.framework_version[1] == "9.9"


def test_history_of_an_unknown_score_lists_the_known(store, log):
    store.save(vcc.assess(log), label="all")
    with pytest.raises(UnknownKeyError, match="reward"):
        store.history(score="rewards")
    with pytest.raises(ValidationError, match="KEY"):
        store.history(score="stage:reward")
    frame = store.history(score="condition:reward").to_frame("pandas")
    assert list(frame["label"]) == ["all"]


@attrs.frozen
class _Twice:
    """A result whose framework uses one key for a condition and a driver."""

    value: float

    def to_dict(self):
        return {
            "framework": {"name": "kim_choi_2019", "version": "1"},
            "mapping": "m",
            "value": self.value,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(data["value"])


def _twice_scores(data):
    yield ScoreRow("all", "", "condition", "share", data["value"], 1)
    yield ScoreRow("all", "", "driver", "share", data["value"], None)


def test_registered_result_types_plug_in(store):
    register_result_type("twice", _Twice, scores=_twice_scores)
    store.save(_Twice(0.25), label="t")
    assert store.load(label="t") == _Twice(0.25)
    with pytest.raises(ValidationError, match="condition:share or driver:share"):
        store.history(score="share")
    assert store.history(score="driver:share").value == (0.25,)
    with pytest.raises(ValidationError, match="taken"):
        register_result_type("assessment", _Twice)
    with pytest.raises(ArgumentTypeError):
        register_result_type("nothing", int)
    with pytest.raises(ArgumentTypeError, match="registered kind"):
        store.save(object(), label="x")  # type: ignore[arg-type]


def test_closed_store_says_so(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    store.close()
    store.close()
    with pytest.raises(ValidationError, match="closed"):
        store.list()


# ---------------------------------------------------------------------- the file
def _unchanged(path, action):
    before = path.read_bytes(), path.stat().st_mtime_ns
    action()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are my notes, not a database\n" * 10)

    def open_it():
        with pytest.raises(ValidationError, match="not an SQLite database"):
            Store(path)

    _unchanged(path, open_it)


def test_another_applications_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE songs (title TEXT)")
        other.execute("INSERT INTO songs VALUES ('x')")
    other.close()

    def open_it():
        with pytest.raises(ValidationError, match="another application"):
            Store(path)

    _unchanged(path, open_it)
    assert not (tmp_path / "other.sqlite-wal").exists()


def test_a_store_of_a_newer_schema_is_refused_and_left_alone(tmp_path, log):
    path = tmp_path / "new.sqlite"
    with Store(path) as store:
        store.save(vcc.assess(log), label="x")
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()

    def open_it():
        with pytest.raises(ValidationError, match="newer valuecocreation"):
            Store(path)

    _unchanged(path, open_it)


def test_a_damaged_store_is_refused_and_left_alone(tmp_path, log):
    path = tmp_path / "damaged.sqlite"
    with Store(path) as store:
        for month in range(40):
            store.save(vcc.assess(log), label=f"m{month}")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 4 * page] = b"\xff" * (2 * page)  # overwrite two pages of the tables
    path.write_bytes(bytes(data))

    def open_it():
        with pytest.raises(ValidationError, match="damaged"):
            Store(path)

    _unchanged(path, open_it)


def test_an_empty_file_becomes_a_store(tmp_path, log):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with Store(path) as store:
        store.save(vcc.assess(log), label="x")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_version_1_store_is_migrated_forward(tmp_path, log):
    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, to=1) == 1
    result = vcc.assess(log)
    db.execute(
        "INSERT INTO runs (label, kind, framework, framework_version, mapping, fingerprint, "
        "saved_at, data) VALUES ('old', 'assessment', 'kim_choi_2019', ?, ?, NULL, "
        "'2024-01-01T00:00:00+00:00', ?)",
        (result.framework_version, result.mapping, result.to_json()),
    )
    db.close()
    with Store(path) as store:
        assert store.load(label="old") == result
        assert store.history(score="reward").value == (result.condition("reward").value,)
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    check.close()


# ---------------------------------------------------------------------- processes
_WRITER = textwrap.dedent(
    """
    import sys
    import valuecocreation as vcc
    from valuecocreation.store import Store

    records = [
        {"source": f"u{i % 97}", "target": "rf", "kind": kind, "timestamp": f"2024-{m:02d}-03"}
        for i, kind in enumerate(["reward", "like", "share", "comment"] * 50)
        for m in range(1, 13)
    ]
    series = vcc.assess_over(vcc.InteractionLog.from_records(records), period="month")
    with Store(sys.argv[1]) as store:
        for n in range(int(sys.argv[2])):
            store.save(series, label=f"run-{n}")
            print(n, flush=True)
    """
)


def _writer(path, saves):
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(saves)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_writer_killed_mid_save_loses_only_that_save(tmp_path):
    path = tmp_path / "killed.sqlite"
    with _writer(path, 10_000) as writer:
        assert writer.stdout is not None
        acknowledged = [writer.stdout.readline() for _ in range(5)]
        writer.kill()  # SIGKILL: no cleanup, most likely in the middle of a transaction
    assert all(line.strip() for line in acknowledged)
    with Store(path) as store:
        runs = store.list()
        assert len(runs) >= 5
        assert [run.label for run in runs] == [f"run-{n}" for n in range(len(runs))]
        first = store.load(label="run-0")
        assert store.load() == first  # the last whole save reads back equal
        assert len(store.history(score="reward")) == 12 * len(runs)
        store.save(first, label="after")  # and the store is writable again
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_readers_see_whole_saves_while_another_process_writes(tmp_path):
    path = tmp_path / "shared.sqlite"
    Store(path).close()
    seen = set()
    with _writer(path, 30) as writer, Store(path) as reader:
        deadline = time.monotonic() + 120
        while writer.poll() is None and time.monotonic() < deadline:
            runs = reader.list()
            if runs:
                latest = reader.load()
                assert len(latest) == 12
                history = reader.history(score="reward")
                assert len(history) % 12 == 0
                assert len(history) >= 12 * len(runs)  # never half a save
            seen.add(len(runs))
        writer.wait(timeout=120)
    assert writer.returncode == 0
    with Store(path) as done:
        assert len(done.list()) == 30
    assert len(seen) > 1  # the reader did read while the writer wrote


# ---------------------------------------------------------------------- command line
def test_command_line_saves_and_reads_history(tmp_path, capsys):
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\n"
        + "".join(f"{r['source']},{r['target']},{r['kind']},{r['timestamp']}\n" for r in RECORDS),
        encoding="utf-8",
    )
    history = tmp_path / "history.sqlite"
    assert main(["assess", str(events), "--store", str(history), "--label", "june", "-q"]) == 0
    assert main(["funnel", str(events), "--store", str(history), "--label", "f", "-q"]) == 0
    assert main(["assess", str(events), "--window", "month", "--store", str(history), "-q"]) == 0
    capsys.readouterr()
    assert main(["history", str(history), "--score", "reward", "--format", "json"]) == 0
    table = vcc.store.ScoreHistory.from_json(capsys.readouterr().out)
    assert table.label[0] == "june"
    assert table.window == ("all", "2024-06-01", "2024-07-01")
    assert set(table.fingerprint) == {fingerprint(events)}
    assert main(["history", str(history), "--runs"]) == 0
    assert "funnel" in capsys.readouterr().out
    assert main(["history", str(history), "--score", "reward", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("label,saved_at,kind")
    assert main(["history", str(history), "--score", "nope"]) == 1
    assert "reward" in capsys.readouterr().err
    assert main(["history", str(tmp_path / "missing.sqlite")]) == 1
