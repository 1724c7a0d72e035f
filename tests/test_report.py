"""The report: sections from each input, numbers as the objects hold them, bytes that repeat."""

from __future__ import annotations

import math
import os
import re
import sys
import xml.etree.ElementTree as ET

import attrs
import html5lib
import pytest
from markdown_it import MarkdownIt
from tests import report_inputs as inputs

import valuecocreation as vcc
from valuecocreation.cli import main
from valuecocreation.errors import ArgumentTypeError, MissingDependencyError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.report import InputFile, Report, build_report
from valuecocreation.report import _charts as charts
from valuecocreation.report._format import count, interval, number, percent, signed


def small_assessment() -> vcc.Assessment:
    return vcc.assess(inputs.small_log(), actors=inputs.SMALL_ACTORS)


# ---------------------------------------------------------------- sections follow inputs
def test_only_the_sections_of_the_given_inputs_appear():
    report = build_report(assessment=small_assessment())
    assert [s.key for s in report.sections] == ["headline", "conditions", "balance", "provenance"]
    full = inputs.recordfarm_report()
    assert [s.key for s in full.sections] == [
        "headline",
        "conditions",
        "evolution",
        "funnel",
        "graph",
        "balance",
        "survey",
        "reliability",
        "provenance",
    ]


def test_the_headline_says_the_coverage_in_the_same_sentence_as_the_index():
    assessment = small_assessment()
    sentence = build_report(assessment=assessment).section("headline").text[0]
    covered = round(assessment.index_coverage * len(assessment.drivers))
    assert sentence.startswith(f"Co-creation index {number(assessment.index)} (")
    assert f"mean of {covered} of 4 drivers" in sentence
    # The assessment's own verdict on its index, or the report's, in the same sentence.
    assert " - the index is " in sentence or f"provisional: it averages {covered}" in sentence
    full = inputs.recordfarm_report().section("headline").text[0]
    assert "provisional" not in full
    assert "4 of 4 drivers" in full


def test_a_missing_condition_is_drawn_as_missing_never_as_zero():
    assessment = small_assessment()
    section = build_report(assessment=assessment).section("conditions")
    missing = [s.condition for s in assessment.conditions if math.isnan(s.value)]
    assert missing  # the small log leaves conditions without evidence
    table = section.charts[0].table
    for key in missing:
        row = table.rows[table.column("condition").index(key)]
        assert row[table.columns.index("score")] == "n/a"
        assert f"{key} (n/a)" in section.charts[0].svg  # the radar's spoke label
    dots = section.charts[1].svg
    assert dots.count("n/a: no evidence") == len(missing)
    # One dot per scored condition: nothing is drawn at 0 for the missing ones.
    assert dots.count('r="5" fill="#') == len(assessment.conditions) - len(missing)


# ---------------------------------------------------------------- numbers are the objects'
def test_condition_cells_are_the_assessments_numbers_formatted_once():
    assessment = inputs.recordfarm()["assessment"]
    table = inputs.recordfarm_report().section("conditions").charts[0].table
    for row, score in zip(table.rows, assessment.conditions, strict=True):
        cells = dict(zip(table.columns, row, strict=True))
        assert cells["condition"] == score.condition
        assert cells["score"] == number(score.value)
        assert cells["interval"] == interval(score.interval)
        assert cells["indicator"] == number(score.indicator, 4)
        assert cells["n"] == count(score.n)
    drivers = inputs.recordfarm_report().section("conditions").tables[0]
    assert drivers.column("score") == tuple(number(d.value) for d in assessment.drivers)
    balance = inputs.recordfarm_report().section("balance").charts[0].table
    assert balance.column("net") == tuple(signed(b.net) for b in assessment.value_balance)


def test_series_funnel_and_graph_cells_are_their_objects_numbers():
    found = inputs.recordfarm()
    report = inputs.recordfarm_report()
    evolution = report.section("evolution").charts[0].table
    reward = [row for row in evolution.rows if row[1] == "reward"]
    assert [row[2] for row in reward] == [
        number(item.condition("reward").value) for item in found["series"].items
    ]
    funnel = found["funnel"]
    stages = report.section("funnel").charts[0].table
    assert stages.column("reached at least") == tuple(
        count(funnel.reached_at_least[s]) for s in funnel.stages
    )
    assert stages.column("conversion") == tuple(
        percent(funnel.conversion[s]) for s in funnel.stages
    )
    graph = found["graph"]
    metrics = dict(report.section("graph").tables[0].rows[i][:2] for i in range(8))
    assert metrics["reach (1 hop of the firm)"] == percent(vcc.graph.reach(graph).share)
    assert metrics["reciprocity, firm-user"] == percent(vcc.graph.reciprocity(graph).firm_user)
    leaders = report.section("graph").tables[1]
    assert leaders.column("actor") == tuple(a.actor for a in vcc.graph.advocates(graph, top=10))


def test_survey_and_reliability_cells_are_their_objects_numbers():
    found = inputs.recordfarm()
    report = inputs.recordfarm_report()
    compared = report.section("survey").charts[1].table
    reward = vcc.survey.compare_groups(found["survey"], condition="reward")
    row = dict(
        zip(
            compared.columns,
            compared.rows[compared.column("condition").index("reward")],
            strict=True,
        )
    )
    assert row["difference"] == signed(reward.difference)
    assert row["interval"] == interval(reward.interval)
    means = report.section("survey").charts[0].table
    for score in found["assessment"].conditions:
        (likert,) = [part for part in score.parts if part.scorer == "likert"]
        row = means.rows[means.column("condition").index(score.condition)]
        # The same numbers the assessment's survey evidence holds, formatted once.
        assert row[1:3] == (number(likert.value), interval(likert.interval))
    reliability = report.section("reliability").charts[0].table
    assert reliability.column("alpha") == tuple(
        number(c.alpha) for c in found["reliability"].constructs
    )


def test_every_chart_has_a_title_alt_text_and_its_numbers_table():
    for section in inputs.recordfarm_report().sections:
        for chart in section.charts:
            assert chart.title
            assert chart.alt
            assert chart.table.rows
            assert f'<title id="{chart.key}-title">' in chart.svg
            assert f'aria-labelledby="{chart.key}-title {chart.key}-desc"' in chart.svg


# ---------------------------------------------------------------- results that render themselves
def test_a_renderable_result_becomes_a_section_with_its_findings():
    finding = Finding(
        code="gap", severity=Severity.WARNING, message="reward lags", subject="reward"
    )
    report = build_report(
        diagnosis=inputs.Renderable("Diagnosis of June", findings=(finding,)),
        plan=inputs.Renderable("Plan"),
        simulations={"cascade": inputs.Renderable("Cascade")},
    )
    assert [s.key for s in report.sections] == ["diagnosis", "plan", "simulations", "provenance"]
    assert report.section("diagnosis").findings == (finding,)
    assert report.section("plan").findings == ()
    assert report.section("diagnosis").markdown.startswith("### Diagnosis of June")
    page = report.html()
    assert "<h3>Diagnosis of June</h3>" in page
    assert "<td>ask</td>" in page
    assert "&lt;b&gt;point&lt;/b&gt;" in page  # a result's raw HTML is shown, never run
    assert "reward lags" in page


def test_a_result_without_the_protocol_is_a_type_error():
    with pytest.raises(ArgumentTypeError, match="plan must have to_dict"):
        build_report(plan=object())  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="assessment must be a Assessment"):
        build_report(assessment="report.json")  # type: ignore[arg-type]


# ---------------------------------------------------------------- files
def test_the_same_inputs_give_byte_identical_files(tmp_path):
    first = build_report(**inputs.recordfarm(), title="RecordFarm (synthetic)")
    assert first.html() == inputs.recordfarm_report().html()
    a = first.write_html(tmp_path / "a.html").read_bytes()
    b = inputs.recordfarm_report().write_html(tmp_path / "b.html").read_bytes()
    assert a == b


def test_writing_is_atomic_and_leaves_a_shareable_file(tmp_path):
    target = tmp_path / "report.html"
    build_report(assessment=small_assessment()).write(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o644


def test_the_html_is_valid_self_contained_and_names_no_remote_resource():
    page = inputs.recordfarm_report().html()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page)
    assert not parser.errors
    assert tree.find("head/meta[@http-equiv='Content-Security-Policy']") is not None
    for marker in ("<script", "src=", "@import", "<link "):
        assert marker not in page, marker
    assert not re.findall(r"url\((?!#)", page)  # only references inside the page
    assert "http://" not in page
    assert "https://" not in page


def test_markdown_renders_and_its_images_are_svg_files(tmp_path):
    report = inputs.recordfarm_report()
    path = report.write_markdown(tmp_path / "report.md")
    text = path.read_text("utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) >= len(report.sections) + 1
    assert any(t.type == "table_open" for t in tokens)
    charts = [c for s in report.sections for c in s.charts]
    for chart in charts:
        assert f"](report_images/{chart.key}.svg)" in text
        root = ET.parse(tmp_path / "report_images" / f"{chart.key}.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert [float(v) for v in root.get("viewBox", "").split()][2:] > [0, 0]


def test_a_report_round_trips_through_json():
    report = inputs.recordfarm_report()
    assert Report.from_json(report.to_json()) == report
    assert Report.from_dict(report.to_dict()).html() == report.html()
    with pytest.raises(ValidationError, match="schema version"):
        Report.from_dict({**report.to_dict(), "schema_version": 99})


def test_provenance_names_inputs_quarantine_parameters_and_versions():
    report = build_report(
        assessment=small_assessment(),
        description="Invented data.",
        inputs=[
            InputFile(
                name="events.csv", rows_read=7, rows_accepted=6, first_reasons=["row 3: bad kind"]
            )
        ],
        parameters={"window": "month"},
    )
    section = report.section("provenance")
    assert section.text == ("Invented data.",)
    files, settings, versions = section.tables
    assert files.rows == (("events.csv", "7", "6", "1", "row 3: bad kind"),)
    assert dict(settings.rows)["framework"] == "kim_choi_2019 1.0"
    assert dict(versions.rows)["valuecocreation"] == vcc.__version__


def test_without_jinja2_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[report\]"):
        build_report(assessment=small_assessment()).html()


# ---------------------------------------------------------------- the command line
def test_the_report_command_runs_the_whole_analysis(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\n"
        + "".join(
            f"{e['source']},{e['target']},{e['kind']},{e['timestamp']}\n"
            for e in inputs.SMALL_EVENTS
        )
        + "ana,shop,nonsense,2024-03-01\n",
        encoding="utf-8",
    )
    actors = tmp_path / "actors.csv"
    actors.write_text("id,role\nshop,firm\n", encoding="utf-8")
    out = tmp_path / "out.html"
    code = main(
        [
            "report",
            str(events),
            "--actors",
            str(actors),
            "--errors",
            "quarantine",
            "-q",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    page = out.read_text("utf-8")
    for heading in ("Headline", "Value evolution", "Co-creation funnel", "Value-flow graph"):
        assert f">{heading}</h2>" in page
    assert "<td>events.csv</td><td>7</td><td>6</td><td>1</td><td>line 8, kind: " in page
    md = tmp_path / "out.md"
    assert (
        main(
            [
                "report",
                str(events),
                "--actors",
                str(actors),
                "--errors",
                "quarantine",
                "-q",
                "-o",
                str(md),
                "--window",
                "none",
            ]
        )
        == 0
    )
    assert "## Value evolution" not in md.read_text("utf-8")
    assert (tmp_path / "out_images" / "radar.svg").exists()


# ---------------------------------------------------------------- charts on their own
def test_a_change_is_marked_only_where_both_intervals_exclude_each_other():
    series = inputs.recordfarm()["series"]
    table = inputs.recordfarm_report().section("evolution").charts[0].table
    marked = {(row[0], row[1]) for row in table.rows if row[-1] == "yes"}
    expected = set()
    for before, after in zip(series.items, series.items[1:], strict=False):
        for score in after.conditions:
            old = before.condition(score.condition)
            if (
                score.interval
                and old.interval
                and (score.interval[0] > old.interval[1] or old.interval[0] > score.interval[1])
            ):
                expected.add((after.window, score.condition))
    assert marked == expected
    assert marked  # the bundled data have such changes


def test_an_unobservable_stage_is_outlined_not_drawn_as_a_bar():
    svg = charts.stage_bars(
        "f", "t", "a", ["experience", "share"], [10, 0], [1.0, math.nan], [True, False]
    )
    assert "not observable in these data" in svg
    assert svg.count('height="22" fill="#') == 1  # one filled bar, for the observable stage


def test_a_radar_without_any_value_draws_no_outline():
    marks = [charts.Mark(f"c{i}", math.nan) for i in range(4)]
    svg = charts.radar("r", "t", "a", marks)
    assert 'stroke-width="2"' not in svg  # no outline segment
    assert svg.count("(n/a)") == 4


def test_the_report_command_adds_the_survey_and_its_reliability(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\n"
        + "".join(
            f"{e['source']},{e['target']},{e['kind']},{e['timestamp']}\n"
            for e in inputs.SMALL_EVENTS
        ),
        encoding="utf-8",
    )
    survey = vcc.datasets.recordfarm_path("survey.csv")
    out = tmp_path / "out.html"
    actors = tmp_path / "actors.csv"
    actors.write_text("id,role\nshop,firm\n", encoding="utf-8")
    command = ["report", str(events), "--actors", str(actors), "--survey", str(survey)]
    assert main([*command, "-q", "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    assert ">Survey</h2>" in page
    assert ">Reliability</h2>" in page
    assert "<td>survey.csv</td><td>1,008</td><td>1,008</td><td>0</td>" in page


def test_the_report_command_takes_a_condition_map(tmp_path):
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\n"
        + "".join(
            f"{e['source']},{e['target']},{e['kind']},{e['timestamp']}\n"
            for e in inputs.SMALL_EVENTS
        ),
        encoding="utf-8",
    )
    only_likes = vcc.ConditionMap(
        name="likes_only", rules=[vcc.MapRule(kind="like", condition="content")]
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(only_likes.to_json(), encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["report", str(events), "--map", str(mapping), "-q", "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    assert "<td>condition map</td><td>likes_only</td>" in page
    assert "<td>map file</td><td>map.json</td>" in page


def test_a_missing_output_folder_is_said_before_the_analysis_runs(tmp_path, capsys):
    target = tmp_path / "nowhere" / "report.html"
    assert main(["report", str(tmp_path / "events.csv"), "-o", str(target)]) == 1
    assert "no folder" in capsys.readouterr().err  # not "no such file events.csv"
    with pytest.raises(FileNotFoundError, match="no folder"):
        build_report(assessment=small_assessment()).write_html(target)


def test_a_results_headings_sit_under_its_section_and_findings_are_not_repeated():
    stated = Finding(code="gap", severity=Severity.WARNING, message="reward lags")
    other = Finding(code="trend", severity=Severity.INFO, message="share rises")
    diagnosis = inputs.Renderable(
        "Diagnosis", findings=(stated, other), level=2, extra="\n- **warning** `gap`: reward lags\n"
    )
    section = build_report(diagnosis=diagnosis).section("diagnosis")
    assert section.markdown.startswith("### Diagnosis\n")
    assert "\n#### Costs\n" in section.markdown
    assert "\n# not a heading\n" in section.markdown  # code blocks keep their lines
    assert section.findings == (other,)  # its Markdown already states the other one


@attrs.frozen(kw_only=True, eq=False)
class _JudgedAssessment(vcc.Assessment):
    # An assessment that carries findings, as assessments do once the evidence-quality
    # checks judge them (a field of Assessment itself there; this stands in for it).
    findings: tuple[Finding, ...] = ()


def test_the_headline_carries_the_assessments_findings_in_its_sentence():
    plain = small_assessment()
    fields = {field.name: getattr(plain, field.name) for field in attrs.fields(vcc.Assessment)}
    fields["findings"] = (
        Finding(
            code="index_provisional",
            severity=Severity.WARNING,
            message="the index is provisional: 2 of 4 drivers are scored",
        ),
        Finding(code="firm_not_declared", severity=Severity.SEVERE, message="no firm declared"),
        Finding(code="one_channel", severity=Severity.INFO, message="one channel only"),
    )
    judged = _JudgedAssessment(**fields)
    section = build_report(assessment=judged).section("headline")
    sentence = section.text[0]
    assert sentence.endswith(" - the index is provisional; no firm declared.")
    assert "it averages" not in sentence  # the assessment's own judgement of its index wins
    assert "one channel" not in sentence  # information, listed below the sentence
    assert section.findings == fields["findings"]


def test_a_plan_from_the_playbook_is_a_section_of_the_report(tmp_path):
    assessment = small_assessment()
    plan = vcc.playbook.recommend(assessment, budget=5)
    section = build_report(assessment=assessment, plan=plan).section("plan")
    assert section.markdown.startswith("### Co-creation plan")
    assert all(f"`{f.code}`" not in section.markdown for f in section.findings)
    events = tmp_path / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\n"
        + "".join(
            f"{e['source']},{e['target']},{e['kind']},{e['timestamp']}\n"
            for e in inputs.SMALL_EVENTS
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.md"
    actors = tmp_path / "actors.csv"
    actors.write_text("id,role\nshop,firm\n", encoding="utf-8")
    command = ["report", str(events), "--actors", str(actors), "--budget", "5"]
    assert main([*command, "-q", "-o", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "\n## Plan\n" in text
    assert "| plan budget | 5.0 |" in text


def test_simulations_appear_as_the_tables_of_their_plain_data():
    graph = vcc.ValueFlowGraph.from_log(inputs.small_log(), actors=inputs.SMALL_ACTORS)
    cascade = vcc.simulate.independent_cascade(graph, ["shop"], 0.5, runs=200, seed=7)
    report = build_report(graph=graph, simulations={"Sharing from the shop": cascade})
    markdown = report.section("simulations").markdown
    assert markdown.startswith("### Sharing from the shop\n")
    assert f"| mean | {number(cascade.mean, 4)} |" in markdown
    assert "| reached | 200 values |" in markdown  # one per run: summarised, not listed
    assert "<h3>Sharing from the shop</h3>" in report.html()


def test_the_report_replaces_an_existing_file_only_with_force(tmp_path, capsys):
    existing = tmp_path / "demo.html"
    existing.write_text("keep me", encoding="utf-8")
    assert main(["demo", "-q", "-o", str(tmp_path / "summary.txt"), "--report", str(existing)]) == 1
    assert "--report" in capsys.readouterr().err
    assert existing.read_text("utf-8") == "keep me"
