"""Framework packages: the registry, resolution by name, a DART plugin installed for real."""

from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from tests import plugins

import valuecocreation as vcc
from valuecocreation import framework as registry
from valuecocreation.errors import (
    ArgumentTypeError,
    PluginWarning,
    UnknownKeyError,
    ValidationError,
)
from valuecocreation.frameworks import (
    FrameworkPackage,
    available_frameworks,
    get_framework,
    get_package,
)
from valuecocreation.frameworks.kim_choi_2019 import KIM_CHOI_2019_PACKAGE
from valuecocreation.mapping import ConditionMap, MapRule
from valuecocreation.scoring import (
    LikertScorer,
    ParticipationScorer,
    ReciprocityScorer,
)
from valuecocreation.testing import check_framework

# These tests are about other things than declaring the firm; that warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::valuecocreation.errors.FirmNotDeclaredWarning")


SRC = Path(vcc.__file__).resolve().parent


# ---------------------------------------------------------------- the built-in package
def test_kim_choi_is_registered_through_the_projects_own_entry_point() -> None:
    assert "kim_choi_2019" in available_frameworks()
    assert get_framework("kim_choi_2019") is vcc.KIM_CHOI_2019
    assert get_package("kim_choi_2019") is KIM_CHOI_2019_PACKAGE
    assert get_package(vcc.KIM_CHOI_2019) is KIM_CHOI_2019_PACKAGE
    check_framework("kim_choi_2019")


def test_the_old_names_still_import_and_are_the_packages_parts() -> None:
    from valuecocreation.mapping import KIM_CHOI_2019_MAP  # noqa: PLC0415
    from valuecocreation.scoring import (  # noqa: PLC0415
        DEFAULT_SCORERS,
        GRAPH_SCORERS,
        TARGET_SOURCES,
    )
    from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT  # noqa: PLC0415

    package = KIM_CHOI_2019_PACKAGE
    assert KIM_CHOI_2019_MAP is package.mapping is vcc.KIM_CHOI_2019_MAP
    assert KIM_CHOI_2019_INSTRUMENT is package.instrument is vcc.KIM_CHOI_2019_INSTRUMENT
    assert package.scorers == DEFAULT_SCORERS
    assert package.graph_scorers == GRAPH_SCORERS
    assert package.target_sources == TARGET_SOURCES
    assert len(KIM_CHOI_2019_INSTRUMENT) == 39  # still loaded from the bundled JSON
    with pytest.raises(AttributeError, match="KIM_CHOI_2020_MAP"):
        vcc.mapping.KIM_CHOI_2020_MAP  # noqa: B018


def test_an_unknown_name_lists_the_installed_frameworks() -> None:
    with pytest.raises(UnknownKeyError, match=r"unknown framework 'dart'.*kim_choi_2019"):
        get_framework("dart")
    with pytest.raises(UnknownKeyError, match="kim_choi_2019"):
        vcc.assess(vcc.testing.sample_log(), framework="dart")
    with pytest.raises(ArgumentTypeError, match="Framework or the name"):
        vcc.assess(vcc.testing.sample_log(), framework=3)  # type: ignore[arg-type]


def test_an_edited_copy_of_an_installed_framework_is_not_the_installed_one() -> None:
    renamed = attrs.evolve(vcc.KIM_CHOI_2019, version="2.0")
    log = vcc.testing.sample_log()
    with pytest.raises(ValidationError, match=r"holds kim_choi_2019 2\.0; pass mapping="):
        vcc.Evidence.from_log(log, framework=renamed)
    with pytest.raises(ValidationError, match="no scorer for condition 'accessibility'"):
        vcc.assess(log, framework=renamed, mapping=vcc.KIM_CHOI_2019_MAP)
    scorers = dict(KIM_CHOI_2019_PACKAGE.scorers)
    result = vcc.assess(log, framework=renamed, mapping=vcc.KIM_CHOI_2019_MAP, scorers=scorers)
    assert result.framework_version == "2.0"


def test_lower_layers_do_not_import_the_framework_packages() -> None:
    # Everything below the frameworks layer reaches a package through the entry
    # points at call time; a static import (even one for type checking) would
    # turn the layer order around.
    above = {"frameworks", "io", "plot", "testing.py", "datasets.py", "cli", "__init__.py"}
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        top = path.relative_to(SRC).parts[0]
        if top in above:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders.extend(
                f"{path.relative_to(SRC)}: {name}"
                for name in names
                if name.startswith("valuecocreation.frameworks")
            )
    assert offenders == []


# ---------------------------------------------------------------- a DART plugin
DART = '''
    """A DART-like framework (Prahalad & Ramaswamy 2004), packaged as a plugin."""

    import datetime as dt

    from valuecocreation import Condition, Driver, Framework
    from valuecocreation.frameworks import FrameworkPackage
    from valuecocreation.mapping import ConditionMap, MapRule
    from valuecocreation.scoring import (
        CoverageScorer, LikertScorer, ParticipationScorer, ReciprocityScorer,
    )
    from valuecocreation.survey import Instrument, Item

    DIALOGUE = Driver(key="dialogue", name="Dialogue")
    ACCESS = Driver(key="access", name="Access")
    RISK = Driver(key="risk", name="Risk-benefits")
    TRANSPARENCY = Driver(key="transparency", name="Transparency")

    FRAMEWORK = Framework(
        name="dart",
        version="0.1",
        drivers=(DIALOGUE, ACCESS, RISK, TRANSPARENCY),
        conditions=(
            Condition(key="conversation", name="Conversation", driver=DIALOGUE),
            Condition(key="tool_access", name="Tool access", driver=ACCESS),
            Condition(key="risk_review", name="Risk review", driver=RISK),
            Condition(key="open_information", name="Open information", driver=TRANSPARENCY),
        ),
        citation="Prahalad, C. K., & Ramaswamy, V. (2004). Co-creation experiences: The "
                 "next practice in value creation. Journal of Interactive Marketing, "
                 "18(3), 5-14.",
    )
    USERS = {"user", "creator"}
    MAP = ConditionMap(name="dart_default", rules=(
        MapRule(kind="comment", condition="conversation", roles=USERS),
        MapRule(kind="reply", condition="conversation", roles=USERS),
        MapRule(kind="download", condition="tool_access", roles=USERS),
        MapRule(kind="customize", condition="tool_access", roles=USERS),
        MapRule(kind="review", condition="risk_review", roles=USERS),
        MapRule(kind="post", condition="open_information", roles={"firm"}),
    ))
    INSTRUMENT = Instrument(name="dart_short", version="1", citation="test", scale=(1, 5),
                            items=[Item(id="talk", wording="The firm listens to me.",
                                        condition="conversation")])
    PACKAGE = FrameworkPackage(
        framework=FRAMEWORK,
        mapping=MAP,
        scorers={
            "conversation": ParticipationScorer(target=0.5),
            "tool_access": ParticipationScorer(target=0.5),
            "risk_review": ParticipationScorer(target=0.25),
            "open_information": CoverageScorer(period="week", target=1.0),
        },
        graph_scorers={"conversation": ReciprocityScorer(target=1.0)},
        survey_scorer=LikertScorer(),
        target_sources={"conversation": "half of active users in conversation (a test)"},
        instrument=INSTRUMENT,
    )
'''


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    registry._reset()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for module in [m for m in sys.modules if m.startswith("vcc_plugin")]:
        del sys.modules[module]
    registry._reset()


@pytest.fixture
def dart(site: Path) -> FrameworkPackage:
    plugins.install(
        site,
        "vcc_plugin_dart",
        """
        [valuecocreation.frameworks]
        dart = vcc_plugin_dart:PACKAGE
    """,
        {"vcc_plugin_dart": DART},
    )
    return get_package("dart")


ROWS = [
    ("ana", "rf", "comment", "2024-01-01"),
    ("rf", "ana", "reply", "2024-01-02"),
    ("ben", "rf", "download", "2024-01-03"),
    ("cai", "rf", "like", "2024-01-04"),
    ("dee", "rf", "review", "2024-01-05"),
    ("rf", "ben", "post", "2024-01-06"),
]


def _log() -> vcc.InteractionLog:
    return vcc.InteractionLog.from_records(
        {"source": s, "target": t, "kind": k, "timestamp": when} for s, t, k, when in ROWS
    )


ACTORS = {"rf": "firm"}


def test_a_plugin_framework_is_assessed_by_name(dart: FrameworkPackage) -> None:
    assert "dart" in available_frameworks()
    check_framework("dart")
    result = vcc.assess(_log(), framework="dart", actors=ACTORS)
    assert (result.framework, result.mapping) == ("dart", "dart_default")
    # Four active users; one each in conversation, tool access and risk review.
    conversation = result.condition("conversation")
    assert (conversation.indicator, conversation.value) == (0.25, 0.5)
    assert result.condition("risk_review").value == 1.0
    assert [d.driver for d in result.drivers] == ["dialogue", "access", "risk", "transparency"]
    explicit = vcc.assess(
        _log(),
        framework=dart.framework,
        mapping=dart.mapping,
        scorers=dict(dart.scorers),
        actors=ACTORS,
    )
    assert explicit == result
    # The installed Framework object finds its package as well as its name does.
    assert vcc.assess(_log(), framework=dart.framework, actors=ACTORS) == result


def test_every_entry_point_resolves_the_plugin_by_name(
    dart: FrameworkPackage, tmp_path: Path
) -> None:
    log = _log()
    evidence = vcc.Evidence.from_log(log, framework="dart", actors=ACTORS)
    assert evidence.conditions == dart.framework.condition_keys
    assert evidence.mapping == dart.mapping
    assert vcc.Evidence.empty(framework="dart").conditions == evidence.conditions
    graph = vcc.ValueFlowGraph.from_log(log, framework="dart", actors=ACTORS)
    assert graph.framework is dart.framework
    funnel = vcc.Funnel.from_log(log, framework="dart", actors=ACTORS, cohort=None)
    assert funnel.stages == ("dialogue", "access", "risk", "transparency")
    series = vcc.assess_over(log, framework="dart", actors=ACTORS, period="month")
    assert [item.framework for item in series] == ["dart"]
    path = tmp_path / "events.csv"
    lines = ["source,target,kind,timestamp", *(",".join(row) for row in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chunks = vcc.io.iter_csv(path, chunk_rows=2, as_="evidence", framework="dart", actors=ACTORS)
    assert functools.reduce(vcc.Evidence.merge, chunks) == evidence
    # With a graph, the package's graph scorer joins the conversation default.
    with_graph = vcc.assess(log, framework="dart", actors=ACTORS, graph=graph)
    assert with_graph.condition("conversation").scorer == "composite(participation, reciprocity)"
    assert with_graph.condition("tool_access").scorer == "participation"


def test_a_plugin_without_a_survey_item_keeps_its_default(dart: FrameworkPackage) -> None:
    answers = vcc.SurveyResponses.from_wide(
        {"respondent": ["ana", "ben"], "talk": [5, 4]}, dart.instrument
    )
    result = vcc.assess(_log(), framework="dart", actors=ACTORS, survey=answers)
    assert result.condition("conversation").scorer == "composite(participation, likert)"
    assert result.condition("risk_review").scorer == "participation"  # no item for it


def test_broken_unfit_and_duplicate_framework_plugins_warn_and_never_crash(site: Path) -> None:
    plugins.install(
        site,
        "vcc_plugin_odd",
        """
        [valuecocreation.frameworks]
        kim_choi_2019 = vcc_plugin_odd:IMPOSTOR
        broken = vcc_plugin_odd_missing:PACKAGE
        bare = vcc_plugin_odd:BARE
        misnamed = vcc_plugin_odd:IMPOSTOR
    """,
        {
            "vcc_plugin_odd": """
            import attrs
            import valuecocreation as vcc
            from valuecocreation.frameworks.kim_choi_2019 import KIM_CHOI_2019_PACKAGE

            BARE = vcc.KIM_CHOI_2019  # a framework, not a package
            IMPOSTOR = attrs.evolve(KIM_CHOI_2019_PACKAGE)
        """
        },
    )
    with pytest.warns(PluginWarning, match="registered twice"):
        names = available_frameworks()
    assert {"bare", "broken", "kim_choi_2019", "misnamed"} <= set(names)
    assert get_package("kim_choi_2019") is KIM_CHOI_2019_PACKAGE  # the built-in kept its name
    with pytest.warns(PluginWarning, match="failed to load"), pytest.raises(UnknownKeyError):
        get_framework("broken")
    with (
        pytest.warns(PluginWarning, match="not a framework package"),
        pytest.raises(UnknownKeyError),
    ):
        get_framework("bare")
    with (
        pytest.warns(PluginWarning, match="'misnamed' holds framework 'kim_choi_2019'"),
        pytest.raises(UnknownKeyError),
    ):
        get_package("misnamed")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the default path meets none of them
        sample = vcc.testing.sample_log()
    assert vcc.assess(sample, actors={"firm": "firm"}).framework == "kim_choi_2019"


def test_check_framework_names_the_broken_rule(dart: FrameworkPackage) -> None:
    class Eager:
        """Scores 0 where there is no evidence: missing must not be zero."""

        name = "eager"

        def score(self, inputs: object, condition: str) -> vcc.ConditionScore:
            return vcc.ConditionScore(condition=condition, value=0.0, indicator=0.0, meaning="x")

    eager = attrs.evolve(dart, scorers={**dart.scorers, "risk_review": Eager()})
    with pytest.raises(AssertionError, match="installed as 'dart' is not this one"):
        check_framework(eager)
    renamed = attrs.evolve(eager, framework=attrs.evolve(dart.framework, name="dart_eager"))
    with pytest.raises(AssertionError, match="risk_review: empty evidence must give nan"):
        check_framework(renamed)
    with pytest.raises(AssertionError, match="no framework package is installed as 'dort'"):
        check_framework("dort")


# ---------------------------------------------------------------- the package type
def _tiny(**changes: object) -> FrameworkPackage:
    talk = vcc.Driver(key="dialogue", name="Dialogue")
    framework = vcc.Framework(
        name="tiny",
        version="1",
        drivers=(talk,),
        conditions=(vcc.Condition(key="replies", name="Replies", driver=talk),),
    )
    fields: dict[str, object] = {
        "framework": framework,
        "mapping": ConditionMap(rules=(MapRule(kind="reply", condition="replies"),)),
        "scorers": {"replies": ParticipationScorer()},
    }
    return FrameworkPackage(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_package_reports_every_problem_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        _tiny(
            scorers={"reply": ParticipationScorer()},
            graph_scorers={"forum": ReciprocityScorer()},
            mapping=ConditionMap(rules=(MapRule(kind="like", condition="likes"),)),
            instrument=vcc.Instrument(
                name="i",
                version="1",
                citation="a test",
                scale=(1, 5),
                items=[vcc.Item(id="q", wording="?", condition="loyalty")],
            ),
        )
    reason = caught.value.reason
    for part in (
        "no default scorer for condition 'replies'",
        "scorers names 'reply'",
        "graph_scorers names 'forum'",
        "the mapping: ",
        "no condition 'likes'",
        "the instrument: ",
        "'loyalty'",
    ):
        assert part in reason
    assert caught.value.source == "FrameworkPackage 'tiny'"


def test_a_package_part_of_the_wrong_type_is_an_argument_type_error() -> None:
    with pytest.raises(ArgumentTypeError, match="mapping must be a ConditionMap, not dict"):
        _tiny(mapping={})
    with pytest.raises(TypeError, match=r"scorers\['replies'\] must be a Scorer, not str"):
        _tiny(scorers={"replies": "participation"})
    with pytest.raises(ArgumentTypeError, match="survey_scorer"):
        _tiny(survey_scorer="likert")
    package = _tiny(survey_scorer=LikertScorer())
    assert package.summary().startswith("tiny 1: 1 drivers, 1 conditions; map custom (1 rules)")
    with pytest.raises(TypeError, match="unhashable"):
        hash(package)


# ---------------------------------------------------------------- the command line
def _cli(*args: str | Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "valuecocreation", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )


def test_the_command_line_lists_and_uses_installed_frameworks(
    dart: FrameworkPackage, site: Path
) -> None:
    listed = _cli("frameworks", site=site)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("dart 0.1: 4 drivers, 4 conditions; map dart_default")
    assert any(line.startswith("kim_choi_2019 1.0") for line in lines)
    events = site / "events.csv"
    events.write_text(
        "source,target,kind,timestamp\nana,rf,comment,2024-01-01\nben,rf,download,2024-01-02\n",
        encoding="utf-8",
    )
    done = _cli("assess", events, "--framework", "dart", "--format", "json", "-q", site=site)
    assert done.returncode == 0, done.stderr
    result = vcc.Assessment.from_json(done.stdout)
    # The command streams evidence (the log-only checks of issue 13 are not made on it).
    streamed = vcc.Evidence.from_log(vcc.io.read_csv(events), framework="dart")
    assert result == vcc.assess(streamed, framework="dart")
    unknown = _cli("funnel", events, "--framework", "dort", site=site)
    assert unknown.returncode == 2
    assert "no framework 'dort' is installed; installed: dart, kim_choi_2019" in unknown.stderr
    answers = site / "answers.csv"
    answers.write_text("respondent,talk\nana,5\nben,4\n", encoding="utf-8")
    surveyed = _cli(
        "assess",
        events,
        "--survey",
        answers,
        "--framework",
        "dart",
        "--format",
        "json",
        "-q",
        site=site,
    )  # the survey is read with the framework's own instrument
    assert surveyed.returncode == 0, surveyed.stderr
    scorer = vcc.Assessment.from_json(surveyed.stdout).condition("conversation").scorer
    assert scorer == "composite(participation, likert)"


def test_frameworks_json_describes_each_package() -> None:
    done = _cli("frameworks", "--format", "json")
    assert done.returncode == 0, done.stderr
    described = vcc._core.serial.loads(done.stdout)["frameworks"]
    kim_choi = next(item for item in described if item["name"] == "kim_choi_2019")
    assert kim_choi["mapping"] == "kim_choi_2019_default"
    assert kim_choi["scorers"]["reward"] == "participation"
    assert kim_choi["survey_scorer"] == "likert"
    assert [d["key"] for d in kim_choi["drivers"]] == list(vcc.KIM_CHOI_2019.driver_keys)
