from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from valuecocreation.errors import ValidationError
from valuecocreation.framework import Party
from valuecocreation.model import (
    Actor,
    Channel,
    CoCreationType,
    Initiative,
    Interaction,
    InteractionKind,
    LifecycleStage,
    Role,
)

WHEN = dt.datetime(2015, 1, 5, 12, 30, tzinfo=dt.UTC)


def test_the_kind_vocabulary_covers_social_and_crm_exports():
    required = {
        "view",
        "visit",
        "follow",
        "like",
        "comment",
        "reply",
        "share",
        "mention",
        "referral",
        "post",
        "review",
        "rate",
        "vote",
        "customize",
        "personalize",
        "feedback",
        "idea",
        "support_request",
        "support_response",
        "feature",
        "reward",
        "purchase",
        "signup",
    }
    assert required <= {kind.value for kind in InteractionKind}


def test_every_kind_is_documented_and_coded_by_position():
    for position, kind in enumerate(InteractionKind):
        assert kind.code == position
        assert len(kind.description) > 15
    assert len({kind.description for kind in InteractionKind}) == len(InteractionKind)


def test_roles_map_to_framework_parties():
    assert Role.FIRM.party is Party.FIRMS
    assert Role.USER.party is Party.USERS
    assert Role.CREATOR.party is Party.USERS
    assert Role.PARTNER.party is Party.FIRMS
    assert Role.COMPETITOR.party is None


def test_interaction_normalises_kind_and_time():
    event = Interaction(
        source="ana", target="firm", kind="share", timestamp="2015-01-05T21:30:00+09:00"
    )
    assert event.kind is InteractionKind.SHARE
    assert event.timestamp == WHEN
    assert event.timestamp.tzinfo is dt.UTC
    assert event.weight == 1.0
    assert event.channel is None


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2015, 1, 5, 12, 30),  # naive means UTC
        WHEN,
        WHEN.astimezone(dt.timezone(dt.timedelta(hours=-5))),
        np.datetime64("2015-01-05T12:30:00.000000000"),
        "2015-01-05T12:30:00Z",
        "2015-01-05 12:30",
    ],
)
def test_every_timestamp_spelling_means_the_same_instant(moment):
    event = Interaction(source="a", target="b", kind="view", timestamp=moment)
    assert event.timestamp == WHEN


def test_a_date_is_midnight_utc():
    event = Interaction(source="a", target="b", kind="view", timestamp=dt.date(2015, 1, 5))
    assert event.timestamp == dt.datetime(2015, 1, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("kind", "retweet", "unknown kind 'retweet'; valid values are: view, visit"),
        ("source", "", "source must be non-empty text"),
        ("target", 7, "target must be non-empty text"),
        ("timestamp", "yesterday", "cannot read 'yesterday'"),
        ("timestamp", None, "timestamp is missing"),
        ("timestamp", np.datetime64("NaT"), "timestamp is missing"),
        ("timestamp", 1420460000, "must be a datetime"),
        ("weight", -1, "finite number >= 0"),
        ("weight", float("nan"), "finite number >= 0"),
        ("weight", float("inf"), "finite number >= 0"),
        ("weight", "heavy", "must be a number"),
        ("channel", "", "channel must be non-empty text"),
    ],
)
def test_bad_interactions_are_rejected_naming_the_field(field, value, match):
    fields = {"source": "a", "target": "b", "kind": "like", "timestamp": WHEN}
    fields[field] = value
    with pytest.raises(ValidationError, match=match) as caught:
        Interaction(**fields)
    assert caught.value.column == field


def test_interaction_to_dict_is_plain_data():
    event = Interaction(
        source="a", target="b", kind="rate", timestamp=WHEN, weight=4.5, channel="app"
    )
    assert event.to_dict() == {
        "source": "a",
        "target": "b",
        "kind": "rate",
        "timestamp": "2015-01-05T12:30:00+00:00",
        "channel": "app",
        "weight": 4.5,
    }


def test_actor_attributes_are_hashable_and_readable():
    ana = Actor(id="ana", role="creator", attributes={"country": "KR", "age": 24})
    assert ana.attributes == (("age", 24), ("country", "KR"))
    assert ana.attribute("country") == "KR"
    assert ana.attribute("language", "ko") == "ko"
    assert hash(ana) == hash(
        Actor(id="ana", role=Role.CREATOR, attributes=[("country", "KR"), ("age", 24)])
    )


def test_actor_rejects_bad_roles_and_attributes():
    with pytest.raises(ValidationError, match="unknown role 'fan'"):
        Actor(id="x", role="fan")
    with pytest.raises(ValidationError, match="attributes"):
        Actor(id="x", attributes={"tags": ["a", "b"]})
    with pytest.raises(ValidationError, match="id must be non-empty"):
        Actor(id="")


def test_channel_defaults_its_name_to_the_key():
    assert Channel(key="app", owned=True) == Channel(key="app", name="app", owned=True)
    with pytest.raises(ValidationError):
        Channel(key="")


def test_initiative_types_and_stages_follow_the_sources():
    assert {t.value for t in CoCreationType} == {
        "co_design",
        "co_development",
        "co_production",
        "co_consumption",
    }
    stages = [s.value for s in LifecycleStage]
    assert stages[0] == "concept"
    assert stages[-1] == "post_launch"
    beta = Initiative(
        key="beta",
        name="Beta",
        type="co_development",
        stage="testing",
        conditions="user_creativity",
        start=dt.date(2014, 9, 1),
        end=dt.date(2014, 12, 31),
    )
    assert beta.conditions == ("user_creativity",)
    assert beta.stage is LifecycleStage.TESTING


def test_initiative_rejects_bad_input():
    with pytest.raises(ValidationError, match="unknown type 'crowdsourcing'"):
        Initiative(key="x", name="X", type="crowdsourcing", stage="launch")
    with pytest.raises(ValidationError, match="unknown stage"):
        Initiative(key="x", name="X", type="co_design", stage="someday")
    with pytest.raises(ValidationError, match="ends"):
        Initiative(
            key="x",
            name="X",
            type="co_design",
            stage="design",
            start=dt.date(2015, 2, 1),
            end=dt.date(2015, 1, 1),
        )


def test_domain_objects_are_frozen():
    event = Interaction(source="a", target="b", kind="like", timestamp=WHEN)
    with pytest.raises(AttributeError):
        event.weight = 2.0  # type: ignore[misc]
