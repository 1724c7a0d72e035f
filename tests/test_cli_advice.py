"""The plan, channels and impact commands, through the real parser (main)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from valuecocreation.channels import ChannelPlan
from valuecocreation.cli import main
from valuecocreation.datasets import contest_example
from valuecocreation.impact import Impact, measure_impact
from valuecocreation.playbook import Plan

# These commands run without --actors on purpose; the warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "sample_interactions.csv"


def write_log(log, path):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "kind", "timestamp", "channel"])
        for event in log:
            writer.writerow(
                [
                    event.source,
                    event.target,
                    event.kind.value,
                    event.timestamp.isoformat(),
                    event.channel or "",
                ]
            )


def test_plan_prints_a_table_and_writes_json(tmp_path, capsys):
    culture = tmp_path / "culture.toml"
    culture.write_text('power_distance = "high"\n')
    assert (
        main(
            [
                "plan",
                str(SAMPLE),
                "--budget",
                "3",
                "--hours",
                "30",
                "--culture",
                str(culture),
                "--stage",
                "post_launch",
            ]
        )
        == 0
    )
    assert "coverage" in capsys.readouterr().out
    target = tmp_path / "plan.json"
    assert (
        main(["-q", "plan", str(SAMPLE), "--budget", "3", "--format", "json", "-o", str(target)])
        == 0
    )
    plan = Plan.from_json(target.read_text("utf-8"))
    assert plan.budget == 3
    assert plan.cost <= 3


def test_plan_bad_culture_exits_1(tmp_path, capsys):
    culture = tmp_path / "culture.toml"
    culture.write_text('context = "medium"\n')
    assert main(["plan", str(SAMPLE), "--culture", str(culture)]) == 1
    assert "culture.toml" in capsys.readouterr().err


def test_channels_from_csv_files(tmp_path, capsys):
    (tmp_path / "segments.csv").write_text("segment,size\n18-24,1000\n")
    (tmp_path / "usage.csv").write_text(
        "channel,segment,share\nsnapchat,18-24,0.78\ninstagram,18-24,0.71\n"
    )
    (tmp_path / "costs.csv").write_text("channel,cost,hours\nsnapchat,1,5\ninstagram,1,5\n")
    args = [
        "channels",
        str(tmp_path / "segments.csv"),
        "--usage",
        str(tmp_path / "usage.csv"),
        "--costs",
        str(tmp_path / "costs.csv"),
        "--budget",
        "1",
    ]
    assert main([*args, "--format", "json"]) == 0
    plan = ChannelPlan.from_json(capsys.readouterr().out)
    assert plan.channels == ("snapchat",)
    assert plan.reach == pytest.approx(780.0)
    assert main([*args, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "channel,segment,marginal_reach"


def test_channels_bad_row_names_file_line_and_column(tmp_path, capsys):
    (tmp_path / "segments.csv").write_text("segment,size\nyoung,many\n")
    (tmp_path / "costs.csv").write_text("channel,cost\nx,1\n")
    code = main(
        [
            "channels",
            str(tmp_path / "segments.csv"),
            "--costs",
            str(tmp_path / "costs.csv"),
            "--usage",
            str(tmp_path / "costs.csv"),
            "--budget",
            "1",
        ]
    )
    error = capsys.readouterr().err
    assert code == 1
    assert "segments.csv" in error
    assert "line 2" in error
    assert "size" in error


def test_impact_from_files_equals_the_library(tmp_path, capsys):
    example = contest_example(seed=8, actors_per_group=60)
    events = tmp_path / "events.csv"
    write_log(example.log, events)
    initiative = tmp_path / "contest.json"
    initiative.write_text(json.dumps(example.initiative.to_dict()))
    assert (
        main(
            [
                "impact",
                str(events),
                "--initiative",
                str(initiative),
                "--control",
                "youtube",
                "--seed",
                "4",
                "--format",
                "json",
            ]
        )
        == 0
    )
    result = Impact.from_json(capsys.readouterr().out)
    expected = measure_impact(example.log, example.initiative, control="youtube", seed=4)
    assert result.condition("user_creativity").estimate == pytest.approx(
        expected.condition("user_creativity").estimate
    )
    assert result.conditions == expected.conditions
    assert main(["impact", str(events), "--initiative", str(initiative), "--format", "md"]) == 0
    assert "no_control" in capsys.readouterr().out


def test_impact_against_a_segment_of_the_actors_file(tmp_path, capsys):
    example = contest_example(seed=9, actors_per_group=40)
    events = tmp_path / "events.csv"
    write_log(example.log, events)
    actors = tmp_path / "actors.csv"
    lines = ["id,role,country"] + [
        f"{a},{'firm' if a == 'studio' else 'user'},{'JP' if a.startswith('yt') else 'KR'}"
        for a in map(str, example.log.actors)
    ]
    actors.write_text("\n".join(lines) + "\n")
    initiative = tmp_path / "contest.toml"
    initiative.write_text(
        'key = "c"\nname = "Contest"\ntype = "co_production"\nstage = "launch"\n'
        'conditions = ["user_creativity"]\nstart = "2024-03-31"\nend = "2024-04-29"\n'
    )
    assert (
        main(
            [
                "impact",
                str(events),
                "--actors",
                str(actors),
                "--initiative",
                str(initiative),
                "--control-segment",
                "country=JP",
                "--format",
                "json",
            ]
        )
        == 0
    )
    result = Impact.from_json(capsys.readouterr().out)
    assert result.control_by == "segment"
    assert result.condition("user_creativity").treated_actors == 40
    assert (
        main(
            ["impact", str(events), "--initiative", str(initiative), "--control-segment", "country"]
        )
        == 1
    )
    assert "NAME=VALUE" in capsys.readouterr().err
