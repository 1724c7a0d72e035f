from __future__ import annotations

import json

import pytest

import valuecocreation as vcc
from valuecocreation.errors import UnknownConditionError, UnknownDriverError, ValidationError
from valuecocreation.framework import Condition, Driver, Framework, Party, ValueDirection

FW = vcc.KIM_CHOI_2019

# Figure 1 of Kim & Choi (2019), transcribed by hand: the expected values are the
# paper's, not read back from the code under test.
FIGURE_1 = {
    "experience": ("accessibility", "availability", "awareness"),
    "satisfaction": ("service", "content", "interface"),
    "expression": ("user_creativity", "personalization", "customization"),
    "share": ("interactivity", "connectivity", "reward"),
}


def test_drivers_are_in_value_evolution_order():
    assert FW.driver_keys == ("experience", "satisfaction", "expression", "share")
    assert len(FW.drivers) == 4
    assert all(isinstance(d, Driver) for d in FW.drivers)


def test_twelve_conditions_each_in_the_driver_of_figure_1():
    assert len(FW.conditions) == 12
    for driver, keys in FIGURE_1.items():
        assert tuple(c.key for c in FW.conditions_of(driver)) == keys
        for key in keys:
            assert FW.condition(key).driver.key == driver


def test_condition_driver_is_the_driver_object():
    assert FW.condition("reward").driver is FW.driver("share")


@pytest.mark.parametrize(
    ("driver", "users", "firms"),
    [
        ("experience", "internalization", "externalization"),
        ("satisfaction", "internalization", "externalization"),
        ("expression", "externalization", "internalization"),
        ("share", "externalization", "internalization"),
    ],
)
def test_value_directions_mirror_between_users_and_firms(driver, users, firms):
    d = FW.driver(driver)
    assert d.direction(Party.USERS) is ValueDirection(users)
    assert d.direction("firms") is ValueDirection(firms)
    assert d.direction(Party.USERS).opposite is d.direction(Party.FIRMS)


def test_every_element_is_described_and_the_paper_cited():
    assert "Journal of Business Economics and Management" in FW.citation
    assert "10.3846/jbem.2019.6262" in FW.citation
    for item in (*FW.drivers, *FW.conditions):
        assert len(item.description) > 20


def test_unknown_keys_list_the_valid_ones():
    with pytest.raises(UnknownConditionError) as caught:
        FW.condition("loyalty")
    assert caught.value.valid == FW.condition_keys
    assert "user_creativity" in str(caught.value)
    with pytest.raises(UnknownDriverError, match="experience, satisfaction"):
        FW.driver("fun")
    with pytest.raises(KeyError):
        FW.conditions_of("fun")


def test_conditions_of_accepts_a_driver_object():
    share = FW.driver("share")
    assert FW.conditions_of(share) == FW.conditions_of("share")


def test_objects_are_frozen_and_hashable():
    with pytest.raises(AttributeError):
        FW.name = "other"  # type: ignore[misc]
    assert hash(FW) == hash(Framework.from_dict(FW.to_dict()))
    assert {FW.condition("reward"), FW.condition("reward")} == {FW.condition("reward")}


def test_round_trip_through_json_is_lossless():
    text = json.dumps(FW.to_dict())
    again = Framework.from_dict(json.loads(text))
    assert again == FW
    assert again.to_dict() == FW.to_dict()


def _dart(**overrides):
    dialogue = Driver(key="dialogue", name="Dialogue")
    access = Driver(key="access", name="Access")
    fields = {
        "name": "dart",
        "version": "1",
        "drivers": (dialogue, access),
        "conditions": (
            Condition(key="forum", name="Forum", driver=dialogue),
            Condition(key="free_trial", name="Free trial", driver=access),
        ),
    }
    fields.update(overrides)
    return Framework(**fields)


def test_a_user_framework_works_like_the_builtin_one():
    dart = _dart()
    assert dart.condition("free_trial").driver.key == "access"
    assert dart.driver("dialogue").direction(Party.USERS) is None
    assert Framework.from_dict(dart.to_dict()) == dart


def test_invalid_framework_reports_every_problem_at_once():
    dialogue = Driver(key="dialogue", name="Dialogue")
    lonely = Driver(key="risk", name="Risk")
    stranger = Driver(key="elsewhere", name="Elsewhere")
    with pytest.raises(ValidationError) as caught:
        _dart(
            drivers=(dialogue, dialogue, lonely),
            conditions=(
                Condition(key="forum", name="Forum", driver=dialogue),
                Condition(key="forum", name="Forum again", driver=dialogue),
                Condition(key="x", name="X", driver=stranger),
            ),
        )
    message = str(caught.value)
    assert "duplicate driver key 'dialogue'" in message
    assert "duplicate condition key 'forum'" in message
    assert "condition 'x' belongs to driver 'elsewhere'" in message
    assert "driver 'risk' has no conditions" in message


def test_a_framework_needs_drivers_of_the_right_type():
    with pytest.raises(ValidationError, match="at least one driver"):
        _dart(drivers=(), conditions=())
    with pytest.raises(ValidationError, match="is not a Driver"):
        _dart(drivers=("dialogue",))


@pytest.mark.parametrize("key", ["User Creativity", "1st", "", "with-dash", "Ünï"])
def test_keys_must_be_snake_case(key):
    with pytest.raises(ValidationError, match="snake_case") as caught:
        Driver(key=key, name="X")
    assert caught.value.column == "key"


def test_names_must_not_be_blank():
    with pytest.raises(ValidationError, match="must not be empty"):
        Driver(key="x", name="  ")


def test_directions_accept_enums_or_text_and_reject_nonsense():
    a = Driver(key="x", name="X", directions={Party.USERS: ValueDirection.INTERNALIZATION})
    b = Driver(key="x", name="X", directions=[("users", "internalization")])
    assert a == b
    with pytest.raises(ValidationError, match="parties are"):
        Driver(key="x", name="X", directions={"customers": "internalization"})


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d.update(schema_version=99), "schema version"),
        (lambda d: d.pop("drivers"), "missing field 'drivers'"),
        (lambda d: d["conditions"][0].update(driver="nowhere"), "unknown driver 'nowhere'"),
        (lambda d: d.update(drivers=5), "malformed"),
    ],
)
def test_from_dict_rejects_broken_input(mutate, match):
    data = json.loads(json.dumps(FW.to_dict()))
    mutate(data)
    with pytest.raises(ValidationError, match=match):
        Framework.from_dict(data)
