"""The domain model: who takes part, through which channels, doing what.

These are small, frozen, validated objects for the edges of a program: building a
handful of interactions by hand, describing actors and channels, or reading one
event back out of an :class:`~valuecocreation.log.InteractionLog`. Bulk data never
lives in them; the log keeps events as numpy columns.

Examples
--------
>>> import datetime as dt
>>> from valuecocreation.model import Interaction, InteractionKind
>>> event = Interaction(source="ana", target="recordfarm", kind="share",
...                     timestamp=dt.datetime(2015, 3, 1, 12, 0), channel="facebook")
>>> event.kind is InteractionKind.SHARE
True
>>> event.timestamp.isoformat()
'2015-03-01T12:00:00+00:00'
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from valuecocreation._core.factorize import why_not_id
from valuecocreation._core.times import to_utc_datetime
from valuecocreation.errors import ValidationError
from valuecocreation.framework import Party

__all__ = [
    "Actor",
    "AttributeValue",
    "Channel",
    "CoCreationType",
    "Initiative",
    "Interaction",
    "InteractionKind",
    "LifecycleStage",
    "Role",
]

AttributeValue = str | int | float | bool
"""The value types an actor attribute may take (kept hashable)."""


class Role(enum.StrEnum):
    """The part an actor plays in co-creation.

    Each role maps to one of the framework's parties (or none), which decides the
    value direction that applies to the actor at each driver.
    """

    FIRM = "firm"
    """The focal firm and its staff accounts."""
    USER = "user"
    """A consumer or member of the audience."""
    CREATOR = "creator"
    """A user who supplies content to others, such as a musician uploading tracks."""
    PARTNER = "partner"
    """Another organisation working with the focal firm (label, reseller, agency)."""
    COMPETITOR = "competitor"
    """A rival organisation; the framework states no value direction for it."""

    @property
    def party(self) -> Party | None:
        """The framework party the role belongs to, or ``None``.

        Creators are users who happen to supply content (the musicians of the
        RecordFarm case are users of the platform); partners act on the firms' side.

        >>> Role.CREATOR.party
        <Party.USERS: 'users'>
        """
        return _ROLE_PARTY[self]


_ROLE_PARTY: dict[Role, Party | None] = {
    Role.FIRM: Party.FIRMS,
    Role.USER: Party.USERS,
    Role.CREATOR: Party.USERS,
    Role.PARTNER: Party.FIRMS,
    Role.COMPETITOR: None,
}


class InteractionKind(enum.StrEnum):
    """What happened in one interaction, as found in social-media and CRM exports.

    The vocabulary is fixed and ordered: the log stores a kind as its position in
    this enum. Platform-specific names (``retweet``, ``reaction``) are aliases a
    reader maps onto these. See :attr:`description` for each kind's meaning.

    >>> InteractionKind("support_request").description
    'asks the other party for help: a ticket, a question to support, a complaint'
    """

    VIEW = "view"
    VISIT = "visit"
    DOWNLOAD = "download"
    SIGNUP = "signup"
    FOLLOW = "follow"
    LIKE = "like"
    COMMENT = "comment"
    REPLY = "reply"
    MESSAGE = "message"
    SHARE = "share"
    MENTION = "mention"
    REFERRAL = "referral"
    POST = "post"
    REVIEW = "review"
    RATE = "rate"
    VOTE = "vote"
    CUSTOMIZE = "customize"
    PERSONALIZE = "personalize"
    FEEDBACK = "feedback"
    IDEA = "idea"
    SUPPORT_REQUEST = "support_request"
    SUPPORT_RESPONSE = "support_response"
    FEATURE = "feature"
    REWARD = "reward"
    PURCHASE = "purchase"

    @property
    def description(self) -> str:
        """What the source did to the target, in a sentence."""
        return _KIND_DESCRIPTIONS[self]

    @property
    def code(self) -> int:
        """The position of this kind in the vocabulary, which is how a log stores it."""
        return _KIND_CODES[self]


_KIND_DESCRIPTIONS: dict[InteractionKind, str] = {
    InteractionKind.VIEW: "sees a piece of the target's content (an impression, a play, a watch)",
    InteractionKind.VISIT: "comes to the target's page, profile, site or app",
    InteractionKind.DOWNLOAD: "installs or downloads the target's app, file or track",
    InteractionKind.SIGNUP: "creates an account with, or registers for, the target's service",
    InteractionKind.FOLLOW: "subscribes to the target (follow, page like, channel subscription)",
    InteractionKind.LIKE: "gives a one-click reaction to the target's content (like, love, upvote)",
    InteractionKind.COMMENT: "writes a public comment on the target's content",
    InteractionKind.REPLY: "answers a comment or message the target wrote",
    InteractionKind.MESSAGE: "sends the target a private or direct message",
    InteractionKind.SHARE: "passes the target's content on to their own audience (share, repost)",
    InteractionKind.MENTION: "names or tags the target in their own content",
    InteractionKind.REFERRAL: "brings a new person to the target (invite, referral link)",
    InteractionKind.POST: "publishes their own content addressed to the target (post, upload)",
    InteractionKind.REVIEW: "writes a review of the target's offering",
    InteractionKind.RATE: "gives the target's offering a rating; the weight holds the rating",
    InteractionKind.VOTE: "votes on the target's content, poll or contest entry",
    InteractionKind.CUSTOMIZE: "adjusts the target's offering or toolkit to their needs",
    InteractionKind.PERSONALIZE: "shapes a page, profile or feed of the target to their own taste",
    InteractionKind.FEEDBACK: "tells the target what works or does not (survey answer, bug report)",
    InteractionKind.IDEA: "proposes a new idea, feature or product to the target",
    InteractionKind.SUPPORT_REQUEST: (
        "asks the other party for help: a ticket, a question to support, a complaint"
    ),
    InteractionKind.SUPPORT_RESPONSE: "answers a request for help from the target",
    InteractionKind.FEATURE: "showcases the target's content to a wider audience",
    InteractionKind.REWARD: "grants the target a prize, badge, credit or other recognition",
    InteractionKind.PURCHASE: "buys or subscribes to a paid offering of the target",
}
_KIND_CODES: dict[InteractionKind, int] = {kind: code for code, kind in enumerate(InteractionKind)}


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value:
        reason = f"{attribute.name} must be non-empty text"
    elif (problem := why_not_id(value)) is not None:
        reason = f"{attribute.name}: {problem}"
    else:
        return
    raise ValidationError(
        reason, column=attribute.name, value=value, source=type(instance).__name__
    )


def _check_optional_id(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None:
        _check_id(instance, attribute, value)  # type: ignore[arg-type]


def _enum_converter(enum_type: type[enum.Enum], field: str) -> Any:  # noqa: ANN401
    def convert(value: object) -> enum.Enum:
        try:
            return enum_type(value)
        except ValueError:
            valid = ", ".join(member.value for member in enum_type)
            raise ValidationError(
                f"unknown {field} {value!r}; valid values are: {valid}",
                column=field,
                value=value,
            ) from None

    return convert


_kind_converter = _enum_converter(InteractionKind, "kind")
_role_converter = _enum_converter(Role, "role")


def _to_kind(value: InteractionKind | str) -> InteractionKind:
    result: InteractionKind = _kind_converter(value)
    return result


def _to_role(value: Role | str) -> Role:
    result: Role = _role_converter(value)
    return result


def _to_timestamp(value: object) -> dt.datetime:
    try:
        return to_utc_datetime(value)
    except ValueError as error:
        raise ValidationError(str(error), column="timestamp", value=value) from None


def _to_weight(value: float) -> float:
    try:
        weight = float(value)
    except (TypeError, ValueError):
        raise ValidationError("weight must be a number", column="weight", value=value) from None
    if not math.isfinite(weight) or weight < 0:
        raise ValidationError("weight must be a finite number >= 0", column="weight", value=value)
    return weight


def _to_attributes(
    value: Mapping[str, AttributeValue] | Iterable[tuple[str, AttributeValue]],
) -> tuple[tuple[str, AttributeValue], ...]:
    pairs = dict(value.items() if isinstance(value, Mapping) else value)
    for key, item in pairs.items():
        if not isinstance(key, str) or not isinstance(item, str | int | float | bool):
            raise ValidationError(
                "actor attributes map text names to text, numbers or booleans",
                column="attributes",
                value=(key, item),
            )
    return tuple(sorted(pairs.items()))


@attrs.frozen(kw_only=True)
class Actor:
    """Someone who takes part in co-creation: the firm, a user, a creator, a partner.

    Parameters
    ----------
    id
        The actor's identifier, as it appears in interaction logs.
    role
        What part the actor plays (a :class:`Role` or its value).
    attributes
        Descriptive facts used for segmenting, such as ``{"country": "KR"}``.
        Stored as sorted pairs so that actors stay hashable.

    Examples
    --------
    >>> ana = Actor(id="ana", role="creator", attributes={"country": "KR"})
    >>> ana.role.party.value, ana.attribute("country")
    ('users', 'KR')
    """

    id: str = attrs.field(validator=_check_id)
    role: Role = attrs.field(default=Role.USER, converter=_to_role)
    attributes: tuple[tuple[str, AttributeValue], ...] = attrs.field(
        default=(), converter=_to_attributes
    )

    def attribute(self, name: str, default: AttributeValue | None = None) -> AttributeValue | None:
        """The value of attribute ``name``, or ``default`` when the actor has none."""
        return dict(self.attributes).get(name, default)


@attrs.frozen(kw_only=True)
class Channel:
    """A place where interactions happen: a social platform, the firm's own app.

    Parameters
    ----------
    key
        The channel's identifier, as it appears in interaction logs (``"youtube"``).
    name
        Human-readable name; defaults to the key.
    owned
        True for channels the firm runs itself (its website or app), False for
        third-party platforms.

    Examples
    --------
    >>> Channel(key="youtube").name
    'youtube'
    """

    key: str = attrs.field(validator=_check_id)
    name: str = attrs.field(
        default=attrs.Factory(lambda self: self.key, takes_self=True), validator=_check_id
    )
    owned: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))


@attrs.frozen(kw_only=True)
class Interaction:
    """One event: ``source`` did ``kind`` to ``target`` at ``timestamp``.

    Parameters
    ----------
    source
        The acting actor's id.
    target
        The id of the actor acted upon (for content, its owner).
    kind
        What happened: an :class:`InteractionKind` or its value, such as ``"share"``.
    timestamp
        When it happened. Naive datetimes and text are read as UTC; aware ones are
        converted to UTC. Stored to the microsecond.
    channel
        Where it happened, or ``None`` when the export does not say.
    weight
        How much it counts, finite and at least 0 (1 by default; the rating for
        ``rate``).
    """

    source: str = attrs.field(validator=_check_id)
    target: str = attrs.field(validator=_check_id)
    kind: InteractionKind = attrs.field(converter=_to_kind)
    timestamp: dt.datetime = attrs.field(converter=_to_timestamp)
    channel: str | None = attrs.field(default=None, validator=_check_optional_id)
    weight: float = attrs.field(default=1.0, converter=_to_weight)

    def to_dict(self) -> dict[str, Any]:
        """The interaction as plain values (timestamp as ISO 8601 text in UTC)."""
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind.value,
            "timestamp": self.timestamp.isoformat(),
            "channel": self.channel,
            "weight": self.weight,
        }


class CoCreationType(enum.Enum):
    """The kind of joint work an initiative asks of customers (seed 003)."""

    CO_DESIGN = "co_design"
    CO_DEVELOPMENT = "co_development"
    CO_PRODUCTION = "co_production"
    CO_CONSUMPTION = "co_consumption"


class LifecycleStage(enum.Enum):
    """Where in the product life cycle customers take part, from concept to after launch.

    Customers can join at every stage from the first concept to after the launch
    (seed 004); ``testing`` covers beta and early-access programmes (seed 002).
    """

    CONCEPT = "concept"
    DESIGN = "design"
    DEVELOPMENT = "development"
    TESTING = "testing"
    LAUNCH = "launch"
    POST_LAUNCH = "post_launch"


_type_converter = _enum_converter(CoCreationType, "type")
_stage_converter = _enum_converter(LifecycleStage, "stage")


def _to_type(value: CoCreationType | str) -> CoCreationType:
    result: CoCreationType = _type_converter(value)
    return result


def _to_stage(value: LifecycleStage | str) -> LifecycleStage:
    result: LifecycleStage = _stage_converter(value)
    return result


def _to_date(value: object, field: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError("must be a date (YYYY-MM-DD)", column=field, value=value)


def _text_list(value: object, field: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError("must be a list of keys", column=field, value=value)
    return list(value)


def _to_keys(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True)
class Initiative:
    """A co-creation activity a firm runs: a contest, a beta programme, a feedback board.

    Parameters
    ----------
    key
        Identifier of the initiative.
    name
        Human-readable name.
    type
        The type of co-creation (:class:`CoCreationType` or its value).
    stage
        The life-cycle stage it belongs to (:class:`LifecycleStage` or its value).
    conditions
        Keys of the framework conditions the initiative is meant to strengthen.
    channels
        Keys of the channels it runs on.
    start, end
        Optional dates; ``end`` may not precede ``start``.
    description
        What the initiative does.

    Examples
    --------
    >>> contest = Initiative(key="cover_contest", name="Cover contest",
    ...                      type="co_production", stage="post_launch",
    ...                      conditions=("user_creativity", "reward"))
    >>> contest.type.value, contest.stage.value
    ('co_production', 'post_launch')
    """

    key: str = attrs.field(validator=_check_id)
    name: str = attrs.field(validator=_check_id)
    type: CoCreationType = attrs.field(converter=_to_type)
    stage: LifecycleStage = attrs.field(converter=_to_stage)
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_to_keys)
    channels: tuple[str, ...] = attrs.field(default=(), converter=_to_keys)
    start: dt.date | None = attrs.field(default=None)
    end: dt.date | None = attrs.field(default=None)
    description: str = attrs.field(default="")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (dates as ISO 8601 text); :meth:`from_dict` reads it back.

        >>> contest = Initiative(key="c", name="Contest", type="co_production",
        ...                      stage="launch", start=dt.date(2024, 3, 1))
        >>> Initiative.from_dict(contest.to_dict()) == contest
        True
        """
        return {
            "key": self.key,
            "name": self.name,
            "type": self.type.value,
            "stage": self.stage.value,
            "conditions": list(self.conditions),
            "channels": list(self.channels),
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "description": self.description,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Initiative:
        """The inverse of :meth:`to_dict`; bad fields are a ValidationError naming them."""
        if not isinstance(data, Mapping):
            raise ValidationError("an initiative must be a table", source=source)
        for required in ("key", "name", "type", "stage"):
            if required not in data:
                raise ValidationError("is required", column=required, source=source)
        try:
            return cls(
                key=data["key"],
                name=data["name"],
                type=data["type"],
                stage=data["stage"],
                conditions=_text_list(data.get("conditions", ()), "conditions"),
                channels=_text_list(data.get("channels", ()), "channels"),
                start=_to_date(data.get("start"), "start"),
                end=_to_date(data.get("end"), "end"),
                description=str(data.get("description", "")),
            )
        except ValidationError as error:
            raise ValidationError(
                error.reason, column=error.column, value=error.value, source=source
            ) from None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError(
                f"initiative ends ({self.end}) before it starts ({self.start})",
                column="end",
                value=self.end,
                source=f"Initiative {self.key!r}",
            )
