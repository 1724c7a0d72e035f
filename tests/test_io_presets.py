"""The presets for real export shapes: each sample, bad rows, orphans, no silent loss."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation.errors import UnmatchedColumnWarning, ValidationError
from valuecocreation.io import available_adapters, get_adapter
from valuecocreation.io._options import rules_of
from valuecocreation.io._whitespace import read_whitespace
from valuecocreation.io.presets import (
    EdgeList,
    MicroblogArchive,
    QAPosts,
    SocialExport,
    ThreadedComments,
    VideoAnalytics,
    sample_path,
)
from valuecocreation.model import InteractionKind

PRESETS = {
    "edge_list": ({}, "edge_list.txt"),
    "microblog_archive": ({}, "microblog_archive.csv"),
    "qa_posts": ({}, "qa_posts.csv"),
    "threaded_comments": ({}, "threaded_comments.csv"),
    "video_analytics": ({"page": "rf", "timestamp": "%b %d, %Y"}, "video_analytics.csv"),
    "social_export": (
        {"delimiter": ";", "page": "brand", "year": 2014, "ignore": ["Category", "Paid"]},
        "post_report.csv",
    ),
}


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_is_an_installed_adapter_and_reads_its_sample(name: str):
    options, sample = PRESETS[name]
    assert name in available_adapters()
    adapter = get_adapter(name, **options)
    assert isinstance(adapter, vcc.io.Adapter)
    result = adapter.read(sample_path(sample), errors="quarantine")
    assert result.accepted + len(result.rejected) == result.rows_read
    assert len(result.log) > 0
    assessment = vcc.assess(result.log)
    assert 0.0 <= assessment.index <= 1.0 or assessment.index != assessment.index


def test_qa_answers_go_to_the_question_author_and_orphans_are_quarantined():
    result = QAPosts().read(sample_path("qa_posts.csv"), errors="quarantine")
    replies = result.log.filter(kind="reply")
    assert sorted(zip(replies.column("source").tolist(), replies.column("target").tolist(),
                      strict=True)) == [("101", "102"), ("102", "101"), ("102", "104"),
                                        ("103", "101")]  # fmt: skip
    assert "999" not in result.log.actors.tolist()  # a post id is never an actor
    assert [(row.line, row.column, row.value) for row in result.rejected] == [
        (9, "ParentId", "999")
    ]
    with pytest.raises(ValidationError, match=r"line 9, column 'ParentId'.*orphan"):
        QAPosts().read(sample_path("qa_posts.csv"))


def test_threaded_comments_resolve_prefixed_parents():
    result = ThreadedComments().read(sample_path("threaded_comments.csv"), errors="quarantine")
    log = result.log
    pairs = {
        (event.source, event.target, event.kind.value) for event in log if event.kind != "post"
    }
    assert ("mina_beats", "recordfarm", "comment") in pairs  # t3_: the submission's author
    assert ("recordfarm", "mina_beats", "reply") in pairs  # t1_: the comment's author
    assert "[deleted]" not in log.actors.tolist()
    assert result.rows_read == 7
    assert len(result.rejected) == 3


def test_the_post_report_refuses_to_drop_count_columns_silently():
    path = sample_path("post_report.csv")
    options = {"delimiter": ";", "page": "brand", "year": 2014}
    with pytest.raises(ValidationError, match=r"\['Category', 'Paid'\] hold counts") as caught:
        SocialExport(**options).read(path)
    assert "likes" in str(caught.value)  # the known names are listed
    with pytest.warns(UnmatchedColumnWarning, match="Category"):
        log = SocialExport(**options, unmatched="warn").read(path)
    kinds = log.kind_counts()
    assert kinds[InteractionKind.LIKE] == 8  # singular "like" matched the known "likes"
    assert float(log.filter(kind="like").weights.sum()) == 88 + 40 + 210 + 73 + 51 + 125 + 96 + 62
    months = log.column("timestamp").astype("datetime64[M]").astype(str)
    assert sorted(set(months.tolist())) == ["2014-03", "2014-04", "2014-05"]
    with pytest.raises(ValidationError, match="no full timestamps; pass year"):
        SocialExport(delimiter=";", page="brand").read(path)
    with pytest.raises(ValidationError, match="page="):
        SocialExport(delimiter=";", year=2014, ignore=["Category", "Paid"]).read(path)


def test_metric_names_ignore_case_plurals_and_separators(tmp_path: Path):
    export = tmp_path / "export.csv"
    export.write_text(
        "author,posted_at,LIKE,Comment,link-click,Replies\nrf,2024-01-01,3,1,2,4\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log = SocialExport().read(export)
    assert {kind.value for kind in log.kind_counts()} == {"like", "comment", "visit", "post"}
    assert float(log.filter(kind="comment").weights.sum()) == 5.0  # Comment + Replies


def test_video_analytics_skips_the_totals_row():
    log = VideoAnalytics(page="rf", timestamp="%b %d, %Y").read(sample_path("video_analytics.csv"))
    assert len(log.filter(kind="post")) == 4
    assert float(log.filter(kind="follow").weights.sum()) == 74 + 19 + 61 + 18


def test_edge_list_blocks_equal_the_whole_file(tmp_path: Path):
    path = tmp_path / "edges.txt"
    lines = [f"{i % 13} {(i * 7) % 11}\t{1_400_000_000 + 60 * i}" for i in range(500)]
    lines[37] = "1 2"  # one field short
    path.write_text("% comment\n" + "\n".join(lines) + "\n", encoding="utf-8")
    whole = EdgeList().read(path, errors="quarantine")
    assert (whole.rows_read, len(whole.rejected)) == (500, 1)
    assert whole.rejected[0].line == 39
    rules = rules_of(None, "auto", None)
    from valuecocreation.io import _whitespace  # noqa: PLC0415

    table = _whitespace.open_whitespace(
        path, encoding="utf-8", names=("source", "target", "timestamp"), block_bytes=97
    )
    parts = list(table.chunks())
    assert len(parts) > 10
    assert sum(part.rows_read for part in parts) == 500
    again = read_whitespace(
        path,
        names=("source", "target", "timestamp"),
        columns=None,
        constants={"kind": "message"},
        rules=rules,
        encoding="utf-8",
        errors="quarantine",
    )
    assert again.log == whole.log
    assert [row.line for row in again.rejected] == [39]


def test_microblog_reposts_give_no_post():
    log = MicroblogArchive().read(sample_path("microblog_archive.csv"))
    shares = log.filter(kind="share")
    assert sorted(shares.column("target").tolist()) == ["jun_keys", "recordfarm", "recordfarm"]
    assert "mina_beats" not in log.filter(kind="post").column("source").tolist()[:1]


READERS = [
    lambda path: QAPosts().read(path, errors="quarantine"),
    lambda path: ThreadedComments().read(path, errors="quarantine"),
    lambda path: MicroblogArchive().read(path, errors="quarantine"),
    lambda path: EdgeList().read(path, errors="quarantine"),
    lambda path: SocialExport(unmatched="warn").read(path, errors="quarantine"),
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet='ab1 ,;\t\n"t_3[]%#-:0Z', max_size=120),
    st.sampled_from(range(len(READERS))),
)
def test_fuzzed_files_give_a_result_or_a_validation_error(tmp_path: Path, text: str, which: int):
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnmatchedColumnWarning)
            result = READERS[which](path)
    except ValidationError:
        return
    assert result.accepted + len(result.rejected) == result.rows_read


@pytest.mark.parametrize("engine", ["python", "pyarrow"])
def test_read_csv_constants_give_a_field_no_column_holds(tmp_path: Path, engine: str):
    path = tmp_path / "messages.csv"
    path.write_text("from,to,sent\nana,ben,2024-01-01\nben,,2024-01-02\n", encoding="utf-8")
    columns = {"from": "source", "to": "target", "sent": "timestamp"}
    result = vcc.io.read_csv(
        path, columns=columns, constants={"kind": "message"}, errors="quarantine", engine=engine
    )
    assert result.log.column("kind").tolist() == ["message"]
    assert result.rejected[0].fields == ("ben", "", "2024-01-02")  # verbatim, no constant
    with pytest.raises(ValidationError, match="both by the column"):
        vcc.io.read_csv(path, columns=columns, constants={"source": "x", "kind": "message"})
    chunks = vcc.io.iter_csv(path, columns=columns, constants={"kind": "message"},
                             errors="quarantine", chunk_rows=1)  # fmt: skip
    assert vcc.InteractionLog.concat(list(chunks)) == result.log
