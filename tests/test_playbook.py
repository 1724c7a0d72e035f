import dataclasses
import itertools
import json
import math
from pathlib import Path

import jsonschema
import numpy as np
import pytest

import valuecocreation as vcc
from valuecocreation.errors import ArgumentTypeError, UnknownKeyError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.playbook import (
    CultureProfile,
    Plan,
    Playbook,
    available_playbooks,
    default_playbook,
    get_playbook,
    load_culture,
    load_playbook,
    playbook_schema,
    recommend,
)

SEEDS = {
    "000_7025f0a0427fe64c.txt",
    "001_8e5891223b41b819.txt",
    "002_eb90b367ccdfaa20.txt",
    "003_be370a9f3dec96f8.txt",
    "004_349ffc66536a0077.txt",
}
NAMED_BY_THE_ISSUE = {
    "feedback_mechanisms",
    "social_engagement",
    "contests_challenges",
    "beta_early_access",
    "personalisation_toolkits",
    "ugc_campaigns",
    "co_design_workshops",
    "online_community",
    "lead_user_programme",
    "featuring_users",
    "content_cross_marketing",
    "freemium_access",
}


@pytest.fixture(scope="module")
def assessment():
    log = vcc.InteractionLog.from_records(
        [
            {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-01-05"},
            {"source": "ben", "target": "rf", "kind": "post", "timestamp": "2024-01-06"},
            {"source": "rf", "target": "ben", "kind": "feature", "timestamp": "2024-01-07"},
        ]
    )
    return vcc.assess(log, actors={"rf": "firm"})


def raw():
    return json.loads(json.dumps(default_playbook().to_dict()))


# ------------------------------------------------------------------ the knowledge file
def test_shipped_playbook_follows_its_schema():
    jsonschema.Draft202012Validator.check_schema(playbook_schema())
    jsonschema.validate(raw(), playbook_schema())


def test_every_fact_has_a_source_from_the_seeds():
    book = default_playbook()
    assert {p.key for p in book.practices} >= NAMED_BY_THE_ISSUE
    assert {c.key for c in book.challenges} == {
        "managing_expectations",
        "filtering_feedback",
        "sustaining_engagement",
        "integrating_processes",
        "measuring_intangibles",
    }
    for item in (*book.practices, *book.challenges):
        assert item.sources, item.key
        assert {s.seed for s in item.sources} <= SEEDS, item.key
        assert all(s.section.strip() for s in item.sources)


def test_every_challenge_is_raised_by_some_practice_and_has_a_mitigation():
    book = default_playbook()
    raised = {key for p in book.practices for key in p.challenges}
    assert raised == {c.key for c in book.challenges}
    assert all(c.mitigations for c in book.challenges)


def test_all_co_creation_types_and_culture_dimensions_are_used():
    book = default_playbook()
    assert {p.type for p in book.practices} == set(vcc.CoCreationType)
    dimensions = {a.dimension for p in book.practices for a in p.adaptations}
    assert dimensions == set(vcc.playbook.CULTURE_LEVELS)


def test_playbook_round_trips_through_plain_data():
    book = default_playbook()
    assert Playbook.from_dict(book.to_dict()) == book


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["practices"][1]["strengthens"].update(reward=5), "strengthens.reward"),
        (lambda d: d["practices"][2].update(sources=[]), "practices[2].sources"),
        (lambda d: d["practices"][3].update(type="co_selling"), "practices[3].type"),
        (lambda d: d["practices"][4].update(stages=["someday"]), "practices[4].stages[0]"),
        (lambda d: d["practices"][5].pop("measure"), "practices[5].measure"),
        (lambda d: d["challenges"][0].update(mitigations=[]), "challenges[0].mitigations"),
        (
            lambda d: d["practices"][6]["adaptations"].append(
                {"dimension": "context", "level": "medium", "advice": "x"}
            ),
            "level",
        ),
    ],
)
def test_bad_playbooks_are_rejected_by_the_code_and_the_schema(change, where):
    data = raw()
    change(data)
    with pytest.raises(ValidationError) as caught:
        Playbook.from_dict(data, source="mine.json")
    assert where in str(caught.value.column)
    assert caught.value.source == "mine.json"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, playbook_schema())


def test_the_code_also_checks_what_the_schema_cannot():
    data = raw()
    data["practices"][0]["strengthens"] = {"loyalty": 2}
    with pytest.raises(ValidationError) as caught:
        Playbook.from_dict(data)
    assert caught.value.column == "practices[0].strengthens.loyalty"
    data = raw()
    data["practices"][0]["challenges"] = ["boredom"]
    with pytest.raises(ValidationError, match="not a challenge"):
        Playbook.from_dict(data)
    data = raw()
    data["practices"].append(data["practices"][0])
    with pytest.raises(ValidationError, match="appears twice"):
        Playbook.from_dict(data)


def test_load_playbook_from_json_and_toml(tmp_path):
    path = tmp_path / "book.json"
    path.write_text(json.dumps(raw()))
    assert load_playbook(path) == default_playbook()
    toml = tmp_path / "book.toml"
    toml.write_text('schema_version = 1\nname = "x"\npractices = []\n')
    with pytest.raises(ValidationError, match="at least one practice") as caught:
        load_playbook(toml)
    assert caught.value.source == str(toml)


def test_playbooks_come_from_the_entry_point_group():
    assert "kim_choi_2019_practices" in available_playbooks()
    assert get_playbook("kim_choi_2019_practices") is default_playbook()
    with pytest.raises(UnknownKeyError, match="kim_choi_2019_practices"):
        get_playbook("nope")


def test_culture_profile(tmp_path):
    path = tmp_path / "culture.toml"
    path.write_text('power_distance = "high"\ncontext = "low"\n')
    assert load_culture(path).levels() == {"context": "low", "power_distance": "high"}
    path.write_text('humour = "dry"\n')
    with pytest.raises(ValidationError, match="unknown cultural dimension"):
        load_culture(path)


# ------------------------------------------------------------------ recommend
def coverage_of(plan_or_keys, gaps, book):
    keys = plan_or_keys
    return math.fsum(
        g.weight
        * max((book.practice(k).strengthens.get(g.condition, 0) / 3 for k in keys), default=0.0)
        for g in gaps
    )


def random_playbook(rng, size):
    data = raw()
    conditions = vcc.KIM_CHOI_2019.condition_keys
    practices = []
    for i in range(size):
        base = dict(data["practices"][i % len(data["practices"])])
        chosen = rng.choice(len(conditions), size=rng.integers(1, 4), replace=False)
        base.update(
            key=f"p{i}",
            strengthens={conditions[c]: int(rng.integers(1, 4)) for c in chosen},
            cost=float(rng.integers(0, 5)),
            staff_hours=float(rng.integers(0, 20)),
            prerequisites=[],
        )
        practices.append(base)
    data["practices"] = practices
    return Playbook.from_dict(data)


@pytest.mark.parametrize("case", range(25))
def test_recommend_finds_the_exact_optimum(assessment, case):
    rng = np.random.default_rng(case)
    book = random_playbook(rng, int(rng.integers(3, 10)))
    budget = float(rng.integers(0, 10))
    hours = None if case % 3 == 0 else float(rng.integers(0, 40))
    top = None if case % 4 else int(rng.integers(1, 4))
    plan = recommend(assessment, budget=budget, staff_hours=hours, playbook=book, top=top)
    best_value, best_cost = -1.0, math.inf
    for k in range(len(book.practices) + 1):
        if top is not None and k > top:
            break
        for subset in itertools.combinations(book.practices, k):
            cost = sum(p.cost for p in subset)
            spent = sum(p.staff_hours for p in subset)
            if cost > budget or (hours is not None and spent > hours):
                continue
            value = coverage_of([p.key for p in subset], plan.gaps, book)
            if value > best_value + 1e-9 or (abs(value - best_value) <= 1e-9 and cost < best_cost):
                best_value, best_cost = value, cost
    assert plan.coverage == pytest.approx(best_value, abs=1e-9)
    assert plan.cost == pytest.approx(best_cost)
    assert plan.cost <= budget
    assert coverage_of([p.key for p in plan.practices], plan.gaps, book) == pytest.approx(
        plan.coverage
    )


def test_recommend_is_deterministic_and_breaks_ties_by_cost(assessment):
    data = raw()
    twin = dict(data["practices"][0], key="dear_twin", cost=3)
    data["practices"] = [twin, data["practices"][0]]
    book = Playbook.from_dict(data)
    plans = [recommend(assessment, budget=3, playbook=book, top=1) for _ in range(3)]
    assert plans[0] == plans[1] == plans[2]
    assert [p.key for p in plans[0].practices] == ["feedback_mechanisms"]


def test_weak_prerequisites_defer_with_the_reason(assessment):
    plan = recommend(assessment)
    deferred = {d.key: d for d in plan.deferred}
    assert "online_community" not in [p.key for p in plan.practices]
    community = deferred["online_community"]
    assert community.condition == "connectivity"
    assert "connectivity" in community.reason
    assert "strengthen it first" in community.reason or "measure it first" in community.reason


def test_plan_carries_why_culture_challenges_and_initiatives(assessment):
    plan = recommend(
        assessment, budget=4, culture=CultureProfile(power_distance="high"), stage="post_launch"
    )
    assert plan.practices
    for practice in plan.practices:
        assert practice.why
        assert practice.initiative.stage is vcc.LifecycleStage.POST_LAUNCH
        assert set(practice.initiative.conditions) == set(practice.covers)
        assert all(c.mitigations for c in practice.challenges)
        assert set(practice.watch.indicators) <= set(vcc.KIM_CHOI_2019.condition_keys)
    feedback = plan.practice("feedback_mechanisms")
    assert [a.dimension for a in feedback.adaptations] == ["power_distance"]
    assert plan.initiatives == tuple(p.initiative for p in plan.practices)
    assert any(f.code == "advice_not_estimate" for f in plan.findings)


def test_stage_filters_practices(assessment):
    plan = recommend(assessment, stage="concept")
    book = default_playbook()
    for practice in plan.practices:
        assert vcc.LifecycleStage.CONCEPT in book.practice(practice.key).stages


def test_plan_round_trips_and_renders(assessment):
    plan = recommend(
        assessment, budget=3, staff_hours=30, culture={"individualism": "collectivist"}
    )
    assert Plan.from_json(plan.to_json()) == plan
    assert Plan.from_dict(json.loads(plan.to_json())).to_dict() == plan.to_dict()
    markdown = plan.to_markdown()
    assert "| practice | cost |" in markdown
    assert all(p.name in markdown for p in plan.practices)
    assert "total" in plan.summary()
    with pytest.raises(ValidationError):
        Plan.from_dict({"schema_version": 99})


@dataclasses.dataclass(frozen=True)
class FakeDiagnosis:
    findings: tuple
    assessment: object


def test_a_diagnosis_names_the_gaps_through_its_findings(assessment):
    diagnosis = FakeDiagnosis(
        findings=(
            Finding(
                code="weakest_condition",
                severity=Severity.WARNING,
                message="content is the weakest condition",
                subject="content",
            ),
            Finding(
                code="strong",
                severity=Severity.INFO,
                message="reward is fully covered",
                subject="reward",
            ),
            Finding(code="note", severity=Severity.INFO, message="about the log"),
        ),
        assessment=assessment,
    )
    assert isinstance(diagnosis, vcc.playbook.DiagnosisLike)
    plan = recommend(diagnosis)
    # reward scores 1, so it is no gap although a finding names it
    assert [g.condition for g in plan.gaps] == ["content"]
    assert plan.gaps[0].size == pytest.approx(0.25)
    assert plan.gaps[0].findings == ("weakest_condition",)
    assert plan.practices
    assert all(set(p.covers) == {"content"} for p in plan.practices)
    assert any("weakest_condition" in line for p in plan.practices for line in p.why)


def test_a_diagnosis_without_scores_gives_unknown_gaps():
    diagnosis = FakeDiagnosis(
        findings=(Finding(code="gap", severity=Severity.WARNING, message="m", subject="reward"),),
        assessment=None,
    )
    plan = recommend(diagnosis)
    assert math.isnan(plan.gaps[0].size)
    assert plan.gaps[0].weight == 0.5
    codes = {f.code for f in plan.findings}
    assert {"gap_size_unknown", "no_scores"} <= codes
    assert "featuring_users" in {d.key for d in plan.deferred}


def test_bad_arguments(assessment):
    with pytest.raises(ArgumentTypeError):
        recommend(42)
    with pytest.raises(ArgumentTypeError):
        recommend(assessment, budget="5")
    with pytest.raises(ValidationError):
        recommend(assessment, budget=-1)
    with pytest.raises(ValidationError):
        recommend(assessment, top=0)
    with pytest.raises(ValidationError):
        recommend(assessment, stage="someday")
    with pytest.raises(ValidationError):
        recommend(assessment, culture={"context": "medium"})
    with pytest.raises(ArgumentTypeError):
        recommend(assessment, playbook=3)


def test_playbook_from_a_path(assessment, tmp_path):
    path = tmp_path / "book.json"
    path.write_text(json.dumps(raw()))
    assert recommend(assessment, playbook=Path(path)) == recommend(assessment)


@pytest.mark.parametrize("case", range(5))
def test_more_budget_or_hours_never_covers_less(assessment, case):
    book = random_playbook(np.random.default_rng(200 + case), 8)
    coverages = [
        recommend(assessment, budget=b, staff_hours=h, playbook=book).coverage
        for b, h in itertools.product(range(0, 12, 2), (0, 10, 40))
    ]
    grid = np.array(coverages).reshape(6, 3)
    assert (np.diff(grid, axis=0) >= -1e-12).all()
    assert (np.diff(grid, axis=1) >= -1e-12).all()
