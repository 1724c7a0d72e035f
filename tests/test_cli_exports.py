"""Real export shapes straight from the raw file on the command line, with flags or a profile."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.cli import main
from valuecocreation.io.presets import sample_path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assessed(out: str) -> vcc.Assessment:
    return vcc.Assessment.from_json(out)


def test_semicolon_post_report_with_singular_metrics_and_a_month_hour_split(capsys):
    path = sample_path("post_report.csv")
    flags = ["--adapter", "social_export", "--delimiter", ";", "--option", "page=brand"]
    code, _, err = run(capsys, "assess", path, *flags)
    assert code == 1
    assert "--option year=..." in err  # the flag, not the keyword year=
    code, _, err = run(capsys, "assess", path, *flags, "--option", "year=2014")
    assert code == 1
    assert "['Category', 'Paid'] hold counts" in err
    assert "--option ignore=NAME,NAME" in err
    code, out, _ = run(
        capsys, "assess", path, *flags, "--option", "year=2014",
        "--option", "ignore=Category,Paid", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert assessed(out).interactions == 47  # 8 posts and 39 weighted engagement counts


def test_headerless_whitespace_edge_list_with_a_constant_kind(capsys, tmp_path: Path):
    edges = tmp_path / "out.txt"
    edges.write_text("% sym unweighted\n1 2 1082040961\n2 3  1082155839\n3\t1 1082414391\n")
    code, out, _ = run(
        capsys, "assess", edges, "--delimiter", "whitespace", "--no-header",
        "--names", "source,target,timestamp", "--set", "kind=message", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert assessed(out).interactions == 3
    code, _, err = run(capsys, "assess", edges, "--delimiter", "whitespace", "--no-header",
                       "--names", "source,target,timestamp")  # fmt: skip
    assert code == 1
    assert "--set" in err  # how to give the missing kind


def test_qa_posts_with_parent_ids(capsys, tmp_path: Path):
    rejected = tmp_path / "orphans.csv"
    code, out, err = run(
        capsys, "assess", sample_path("qa_posts.csv"), "--adapter", "qa_posts",
        "--errors", "quarantine", "--rejected", rejected, "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert assessed(out).interactions == 7
    assert "1 rejected" in err
    assert "orphan" in rejected.read_text(encoding="utf-8")


def test_utf16_spreadsheet_export_with_us_times(capsys, tmp_path: Path):
    export = tmp_path / "export.csv"
    export.write_text(
        "user,page,action,time,platform\n"
        "ana,brand,like,03/15/2024 14:22,facebook\n"
        "ben,brand,Retweet,3/16/2024 9:05,twitter\n",
        encoding="utf-16",
    )
    code, _, err = run(capsys, "assess", export)
    assert code == 1
    assert "--encoding utf-16" in err
    columns = ["--column", "source=user", "--column", "target=page", "--column", "kind=action",
               "--column", "timestamp=time", "--column", "channel=platform"]  # fmt: skip
    code, _, err = run(capsys, "assess", export, "--encoding", "utf-16", *columns)
    assert code == 1
    assert "--timestamp-format '%m/%d/%Y %H:%M'" in err
    code, out, _ = run(
        capsys, "assess", export, "--encoding", "utf-16", *columns,
        "--timestamp-format", "%m/%d/%Y %H:%M", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert assessed(out).interactions == 2


def test_a_profile_written_by_profile_init_reads_the_export(capsys, tmp_path: Path):
    export = tmp_path / "export.csv"
    export.write_text(
        "user;page;action;time\nana;brand;like;03/15/2024 14:22\nben;brand;share;03/16/2024 9:05\n",
        encoding="utf-16",
    )
    profile = tmp_path / "profile.toml"
    code, _, err = run(capsys, "profile", "init", export, "-o", profile)
    assert code == 0
    text = profile.read_text(encoding="utf-8")
    assert 'encoding = "utf-16"' in text
    assert 'timestamp_format = "%m/%d/%Y %H:%M"' in text
    code, out, _ = run(capsys, "assess", export, "--profile", profile, "--format", "json")
    assert code == 0
    assert assessed(out).interactions == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[read]\ndelimeter = ';'\n", encoding="utf-8")
    code, _, err = run(capsys, "assess", export, "--profile", bad)
    assert code == 1
    assert "unknown settings ['delimeter']" in err


def test_profile_init_reports_day_first_against_month_first(capsys, tmp_path: Path):
    export = tmp_path / "export.csv"
    export.write_text("user,page,action,time\nana,brand,like,03/04/2024\n", encoding="utf-8")
    code, out, _ = run(capsys, "profile", "init", export)
    assert code == 0
    assert "day-first or month-first" in out
    assert "timestamp_format" not in out.split("[read]")[1]


def test_parquet_on_the_command_line(capsys, tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({"u": ["a", "b"], "p": ["f", "f"], "k": ["retweet", "like"],
                             "t": [1_704_067_200, 1_704_153_600]}), path)  # fmt: skip
    columns = ["source=u", "target=p", "kind=k", "timestamp=t"]
    flags = [part for column in columns for part in ("--column", column)]
    code, out, _ = run(capsys, "assess", path, *flags, "--format", "json")
    assert code == 0
    assert assessed(out).interactions == 2


def test_adapter_list(capsys):
    code, out, _ = run(capsys, "assess", "--adapter", "list")
    assert code == 0
    assert {"edge_list", "qa_posts", "social_export"} <= set(out.split())


def r_survey(path: Path, *, rows: int = 30) -> None:
    """A survey as R's write.csv writes it: a quoted, unnamed row-name column first."""
    instrument = vcc.survey.KIM_CHOI_2019_INSTRUMENT
    rng = np.random.default_rng(3)
    header = ['""', '"id"'] + [f'"{item.id}"' for item in instrument.items]
    lines = [",".join(header)]
    for row in range(rows):
        level = rng.integers(2, 5)
        values = []
        for item in instrument.items:
            low, high = instrument.scale_of(item.id)
            value = rng.integers(low, high + 1) if high - low > 6 else level + rng.integers(0, 2)
            values.append(str(int(min(max(value, low), high))) if rng.random() > 0.05 else "NA")
        lines.append(",".join([f'"{row + 1}"', f'"r{row:03d}"', *values]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_r_write_csv_survey_export(capsys, tmp_path: Path):
    path = tmp_path / "survey.csv"
    r_survey(path)
    code, out, _ = run(capsys, "survey", path, "--respondent", "id", "--ignore", "")
    assert code == 0
    assert out.index("driver / condition") < out.index("NPS") < out.index("Reliability")
    code, out, _ = run(capsys, "survey", path, "--respondent", "id", "--ignore", "",
                       "--format", "json")  # fmt: skip
    data = json.loads(out)
    summary = vcc.metrics.SurveySummary.from_dict(data["summary"])
    assert summary.respondents == 30
    assert {score.name for score in summary.scores} == {"NPS", "CSAT", "CES"}
    assert "reliability" in data


def test_survey_whose_columns_match_no_item_lists_them(capsys, tmp_path: Path):
    path = tmp_path / "survey.csv"
    path.write_text("id,accesibility1,Q2\nr1,4,5\n", encoding="utf-8")
    code, _, err = run(capsys, "survey", path, "--respondent", "id")
    assert code == 1
    assert "accessibility_1" in err  # the instrument's items
    assert "'accesibility1' (~ accessibility_1)" in err  # the closest column


def test_set_gives_a_csv_export_its_missing_kind(capsys, tmp_path: Path):
    path = tmp_path / "messages.csv"
    path.write_text("from,to,sent\nana,ben,2024-01-01\nben,ana,2024-01-02\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "assess", path, "--column", "source=from", "--column", "target=to",
        "--column", "timestamp=sent", "--set", "kind=message", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert assessed(out).interactions == 2
