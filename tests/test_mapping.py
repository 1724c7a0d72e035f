"""Tests of the condition map: rules, validation, the default map, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import valuecocreation as vcc
from valuecocreation import InteractionKind, Role, ValidationError
from valuecocreation.framework import Condition, Driver, Framework
from valuecocreation.mapping import KIM_CHOI_2019_MAP, ConditionMap, MapRule, load_map


def test_every_kind_is_placed_and_every_condition_has_evidence() -> None:
    kinds = {rule.kind for rule in KIM_CHOI_2019_MAP.rules}
    assert kinds == set(InteractionKind)
    assert set(KIM_CHOI_2019_MAP.conditions) == set(vcc.KIM_CHOI_2019.condition_keys)


def test_every_default_rule_explains_itself_with_a_section() -> None:
    for rule in KIM_CHOI_2019_MAP.rules:
        assert any(char.isdigit() for char in rule.note) or "section" in rule.note, rule


def test_rule_converts_and_defaults() -> None:
    rule = MapRule(kind="reward", condition="reward", roles=["firm"], credit="target", weight=2)
    assert rule.kind is InteractionKind.REWARD
    assert rule.roles == frozenset({Role.FIRM})
    assert rule.weight == 2.0
    assert isinstance(rule.weight, float)
    assert MapRule(kind="like", condition="content").roles == frozenset()


@pytest.mark.parametrize(
    ("fields", "column"),
    [
        ({"kind": "retweet"}, "kind"),
        ({"kind": 3}, "kind"),
        ({"weight": 0.0}, "weight"),
        ({"weight": -1.0}, "weight"),
        ({"weight": float("nan")}, "weight"),
        ({"weight": True}, "weight"),
        ({"roles": ["boss"]}, "roles"),
        ({"channels": [""]}, "channels"),
        ({"credit": "both"}, "credit"),
        ({"condition": ""}, "condition"),
    ],
)
def test_bad_rules_are_rejected_naming_the_field(fields: dict[str, object], column: str) -> None:
    arguments: dict[str, object] = {"kind": "like", "condition": "content", **fields}
    with pytest.raises(ValidationError) as caught:
        MapRule(**arguments)  # type: ignore[arg-type]
    assert caught.value.column == column


def test_duplicate_scope_is_rejected() -> None:
    rule = MapRule(kind="like", condition="content")
    with pytest.raises(ValidationError, match="repeats the scope of rule 0") as caught:
        ConditionMap(rules=(rule, MapRule(kind="like", condition="content", weight=2.0)))
    assert caught.value.row == 1


def test_same_kind_for_two_conditions_or_roles_is_fine() -> None:
    mapping = ConditionMap(
        rules=(
            MapRule(kind="post", condition="availability", roles={"firm"}),
            MapRule(kind="post", condition="user_creativity", roles={"user"}),
        )
    )
    assert mapping.conditions == ("availability", "user_creativity")


def test_check_rejects_unknown_condition_listing_valid_ones() -> None:
    mapping = ConditionMap(rules=(MapRule(kind="like", condition="delight"),))
    with pytest.raises(
        ValidationError,
        match="no condition 'delight'; valid conditions are: accessibility, availability",
    ):
        mapping.check(vcc.KIM_CHOI_2019)


def test_check_against_a_user_framework() -> None:
    dialogue = Driver(key="dialogue", name="Dialogue")
    framework = Framework(
        name="dart",
        version="1",
        drivers=(dialogue,),
        conditions=(Condition(key="forum", name="Forum", driver=dialogue),),
    )
    mapping = ConditionMap(rules=(MapRule(kind="comment", condition="forum"),))
    assert mapping.check(framework) is mapping
    with pytest.raises(ValidationError):
        KIM_CHOI_2019_MAP.check(framework)


def test_extend_and_drop() -> None:
    smaller = KIM_CHOI_2019_MAP.drop(kind="like")
    assert InteractionKind.LIKE not in {rule.kind for rule in smaller.rules}
    assert len(smaller.rules) == len(KIM_CHOI_2019_MAP.rules) - 1
    only_firm_posts_gone = KIM_CHOI_2019_MAP.drop(kind="post", condition="availability")
    assert len(only_firm_posts_gone.rules_for("user_creativity")) == len(
        KIM_CHOI_2019_MAP.rules_for("user_creativity")
    )
    assert not only_firm_posts_gone.rules_for("availability")
    with pytest.raises(ValidationError):
        KIM_CHOI_2019_MAP.drop()
    with pytest.raises(ValidationError):
        KIM_CHOI_2019_MAP.extend(KIM_CHOI_2019_MAP.rules[0])


def test_dict_and_json_round_trip() -> None:
    data = json.loads(KIM_CHOI_2019_MAP.to_json())
    assert data["schema_version"] == 1
    assert ConditionMap.from_dict(data) == KIM_CHOI_2019_MAP


def test_empty_population_is_rejected() -> None:
    with pytest.raises(ValidationError, match="population"):
        ConditionMap(rules=(), population=())


TOML_MAP = """
name = "music"
population = ["user"]

[[rule]]
kind = "like"
condition = "content"
weight = 0.5

[[rule]]
kind = "feature"
condition = "reward"
roles = ["firm"]
credit = "target"
note = "featured on the home page"
"""


def test_load_toml_and_json(tmp_path: Path) -> None:
    toml_file = tmp_path / "map.toml"
    toml_file.write_text(TOML_MAP, encoding="utf-8")
    mapping = load_map(toml_file)
    assert mapping.name == "music"
    assert mapping.population == frozenset({Role.USER})
    assert mapping.rules[1].credit == "target"
    json_file = tmp_path / "map.json"
    json_file.write_text(mapping.to_json(), encoding="utf-8")
    assert load_map(json_file) == mapping


@pytest.mark.parametrize(
    ("text", "suffix", "message", "row", "column"),
    [
        ("not = [valid", ".toml", "not valid TOML", None, None),
        ("{", ".json", "not valid JSON", None, None),
        (
            '[[rule]]\nkind = "retweet"\ncondition = "content"\n',
            ".toml",
            "unknown interaction kind",
            0,
            "kind",
        ),
        ('[[rule]]\nkind = "like"\n', ".toml", "needs a 'condition'", 0, "condition"),
        (
            '[[rule]]\nkind = "like"\ncondition = "content"\ncolour = "red"\n',
            ".toml",
            "unknown rule field",
            0,
            "colour",
        ),
        ('name = "x"\n', ".toml", "needs a list of rules", None, "rules"),
        ('{"schema_version": 9, "rules": []}', ".json", "schema version", None, "schema_version"),
        ("rules = []", ".yaml", "must end in .json or .toml", None, None),
    ],
)
def test_bad_map_files_name_file_rule_and_field(  # noqa: PLR0917 - parametrized
    tmp_path: Path, text: str, suffix: str, message: str, row: int | None, column: str | None
) -> None:
    path = tmp_path / f"map{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=message) as caught:
        load_map(path)
    assert caught.value.source == str(path)
    assert (caught.value.row, caught.value.column) == (row, column)


def test_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        load_map(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("huge.json", '{"rules": ' + "7" * 5000 + "}", "4,300 digits"),
        ("huge.toml", "rules = " + "7" * 5000 + "\n", "4300 digits"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested more than 200 deep"),
        ("deep.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),
        ("nan.json", '{"rules": NaN}', "NaN is not a JSON number"),
    ],
)
def test_load_map_refuses_hostile_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    # Regression: ValueError escaped for integers of more than 4,300 digits.
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=message) as raised:
        load_map(path)
    assert raised.value.source == str(path)
