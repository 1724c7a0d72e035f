"""Which interactions count as evidence for which condition: :class:`ConditionMap`.

A map is a list of :class:`MapRule` objects. A rule says that interactions of one
kind (optionally only on some channels, or only when performed by actors of some
roles) are evidence for one condition of a framework, with a weight, and which end
of the interaction is the actor the evidence is about (``credit``): the source who
acted, or the target who received it (a reward is about the user rewarded).

A framework package brings its default map (:func:`default_map`): the one for
Kim & Choi (2019), :data:`KIM_CHOI_2019_MAP`, places every interaction kind
deliberately; each rule carries a ``note`` with its reason, and the docs'
explanation page lists them all.

Maps are data: :meth:`ConditionMap.to_dict` and :meth:`ConditionMap.from_dict`
round-trip, and :func:`load_map` reads a JSON or TOML file. A map naming an
unknown interaction kind is rejected when built; one naming a condition the
framework lacks is rejected by :meth:`ConditionMap.check` (which
:func:`~valuecocreation.assess` calls).

Examples
--------
>>> import valuecocreation as vcc
>>> from valuecocreation.mapping import ConditionMap, MapRule
>>> mapping = ConditionMap(rules=(
...     MapRule(kind="like", condition="content"),
...     MapRule(kind="reward", condition="reward", roles={"firm"}, credit="target"),
... ))
>>> [rule.kind.value for rule in mapping.rules_for("content")]
['like']
>>> mapping.check(vcc.KIM_CHOI_2019) is mapping
True
>>> default_map("kim_choi_2019").name
'kim_choi_2019_default'
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, cast

import attrs

from valuecocreation._core.serial import load_data_file
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    installed_part,
    resolve_framework,
)
from valuecocreation.model import InteractionKind, Role

__all__ = [
    "KIM_CHOI_2019_MAP",
    "MAP_SCHEMA_VERSION",
    "ConditionMap",
    "Credit",
    "MapRule",
    "default_map",
    "load_map",
    "resolve_mapping",
]

MAP_SCHEMA_VERSION = 1
Credit = Literal["source", "target"]
_CREDITS: tuple[Credit, ...] = ("source", "target")
_RULE_FIELDS = frozenset({"kind", "condition", "weight", "roles", "channels", "credit", "note"})


def _to_kind(value: object) -> InteractionKind:
    if isinstance(value, InteractionKind):
        return value
    try:
        if isinstance(value, str):
            return InteractionKind(value)
    except ValueError:
        pass
    valid = ", ".join(kind.value for kind in InteractionKind)
    raise ValidationError(
        f"unknown interaction kind; valid kinds are: {valid}", column="kind", value=value
    )


def _to_roles(value: Iterable[Role | str]) -> frozenset[Role]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ArgumentTypeError("roles must be a list of role names", column="roles", value=value)
    roles = set()
    for role in value:
        try:
            roles.add(Role(role))
        except ValueError:
            valid = ", ".join(r.value for r in Role)
            raise ValidationError(
                f"unknown role; valid roles are: {valid}", column="roles", value=role
            ) from None
    return frozenset(roles)


def _to_channels(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(
            "channels must be a list of channel names", column="channels", value=value
        )
    channels = frozenset(v for v in value if isinstance(v, str))
    for channel in value:
        if not isinstance(channel, str) or not channel:
            raise ValidationError(
                "a channel must be non-empty text", column="channels", value=channel
            )
    return channels


def _to_weight(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentTypeError("a rule weight must be a number", column="weight", value=value)
    try:
        weight = float(value)
    except OverflowError:  # an integer beyond float64
        weight = math.inf
    if not (math.isfinite(weight) and weight > 0):
        raise ValidationError(
            "a rule weight must be finite and greater than 0", column="weight", value=value
        )
    return weight


def _check_condition(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value:
        raise ValidationError("a rule needs a condition key", column="condition", value=value)


def _check_credit(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _CREDITS:
        raise ValidationError("credit must be 'source' or 'target'", column="credit", value=value)


@attrs.frozen(kw_only=True)
class MapRule:
    """Interactions of one kind count as evidence for one condition.

    Parameters
    ----------
    kind
        The interaction kind (an :class:`~valuecocreation.model.InteractionKind` or its
        text).
    condition
        The key of the condition the interactions are evidence for.
    weight
        How much one interaction counts (multiplies the interaction's own weight);
        finite and greater than 0.
    roles
        Only interactions whose *source* has one of these roles; empty means any.
    channels
        Only interactions on one of these channels; empty means any channel,
        including interactions without one.
    credit
        Whose evidence it is: ``"source"`` (the actor who acted, the default) or
        ``"target"`` (the actor acted upon, as for a reward).
    note
        Why the rule exists; shown in the docs of a map.

    Examples
    --------
    >>> MapRule(kind="idea", condition="user_creativity", weight=2.0).weight
    2.0
    >>> MapRule(kind="retweet", condition="connectivity")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'kind', value 'retweet': unknown ...

    """

    kind: InteractionKind = attrs.field(converter=_to_kind)
    condition: str = attrs.field(validator=_check_condition)
    weight: float = attrs.field(default=1.0, converter=_to_weight)
    roles: frozenset[Role] = attrs.field(default=frozenset(), converter=_to_roles)
    channels: frozenset[str] = attrs.field(default=frozenset(), converter=_to_channels)
    credit: Credit = attrs.field(default="source", validator=_check_credit)
    note: str = attrs.field(default="")

    @note.validator
    def _check_note(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise ArgumentTypeError("a note must be text", column="note", value=value)

    @property
    def scope(self) -> tuple[InteractionKind, str, frozenset[Role], frozenset[str], Credit]:
        """What the rule matches; two rules of one map must not share it."""
        return (self.kind, self.condition, self.roles, self.channels, self.credit)

    def to_dict(self) -> dict[str, Any]:
        """The rule as plain data (sorted lists for the sets)."""
        return {
            "kind": self.kind.value,
            "condition": self.condition,
            "weight": float(self.weight),
            "roles": sorted(role.value for role in self.roles),
            "channels": sorted(self.channels),
            "credit": self.credit,
            "note": self.note,
        }


def _to_rules(value: Iterable[MapRule]) -> tuple[MapRule, ...]:
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(
            "rules must be a sequence of MapRule objects", column="rules", value=value
        )
    rules = tuple(value)
    seen: dict[object, int] = {}
    for index, rule in enumerate(rules):
        if not isinstance(rule, MapRule):
            raise ArgumentTypeError("a condition map holds MapRule objects", row=index, value=rule)
        if rule.scope in seen:
            raise ValidationError(
                f"rule {index} repeats the scope of rule {seen[rule.scope]} (same kind, "
                "condition, roles, channels and credit); merge them into one weight",
                row=index,
                column="kind",
                value=rule.kind.value,
            )
        seen[rule.scope] = index
    return rules


@attrs.frozen(kw_only=True)
class ConditionMap:
    """Rules that turn interactions into evidence for a framework's conditions.

    An interaction matching several rules counts for each of them; a rule's
    weight multiplies the interaction's weight.

    Parameters
    ----------
    rules
        The rules; no two may have the same kind, condition, roles, channels and
        credit.
    population
        The roles of the actors that shares are measured against: an actor of one
        of these roles who is the source of any interaction in a period is
        *active* in it. Users and creators by default.
    name
        A short name, recorded in assessments.
    """

    rules: tuple[MapRule, ...] = attrs.field(converter=_to_rules)
    population: frozenset[Role] = attrs.field(
        default=frozenset({Role.USER, Role.CREATOR}), converter=_to_roles
    )
    name: str = attrs.field(default="custom")

    @name.validator
    def _check_name(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str):
            raise ArgumentTypeError("a map's name must be text", column="name", value=value)

    def __attrs_post_init__(self) -> None:
        if not self.population:
            raise ValidationError(
                "the population needs at least one role", column="population", value=[]
            )

    @property
    def conditions(self) -> tuple[str, ...]:
        """The condition keys the rules name, in first-mention order."""
        return tuple(dict.fromkeys(rule.condition for rule in self.rules))

    def rules_for(self, condition: str) -> tuple[MapRule, ...]:
        """The rules giving evidence for ``condition`` (empty if none)."""
        return tuple(rule for rule in self.rules if rule.condition == condition)

    def check(self, framework: Framework) -> ConditionMap:
        """Return the map itself if every condition it names is in ``framework``.

        Raises
        ------
        ValidationError
            Naming the first rule with an unknown condition and the valid keys.
        """
        known = set(framework.condition_keys)
        for index, rule in enumerate(self.rules):
            if rule.condition not in known:
                raise ValidationError(
                    f"framework {framework.name!r} has no condition {rule.condition!r}; "
                    f"valid conditions are: {', '.join(framework.condition_keys)}",
                    row=index,
                    column="condition",
                    value=rule.condition,
                )
        return self

    def extend(self, *rules: MapRule) -> ConditionMap:
        """A copy with ``rules`` added (a rule with an existing scope is an error).

        >>> from valuecocreation.mapping import KIM_CHOI_2019_MAP, MapRule
        >>> bigger = KIM_CHOI_2019_MAP.extend(MapRule(kind="vote", condition="interactivity"))
        >>> len(bigger.rules) - len(KIM_CHOI_2019_MAP.rules)
        1
        """
        return attrs.evolve(self, rules=(*self.rules, *rules))

    def drop(
        self, *, kind: InteractionKind | str | None = None, condition: str | None = None
    ) -> ConditionMap:
        """A copy without the rules that match ``kind`` and ``condition`` (each if given)."""
        if kind is None and condition is None:
            raise ValidationError("drop() needs a kind, a condition or both")
        wanted = None if kind is None else _to_kind(kind)
        kept = tuple(
            rule
            for rule in self.rules
            if not (
                (wanted is None or rule.kind == wanted)
                and (condition is None or rule.condition == condition)
            )
        )
        return attrs.evolve(self, rules=kept)

    def to_dict(self) -> dict[str, Any]:
        """The map as plain data; :meth:`from_dict` gives it back."""
        return {
            "schema_version": MAP_SCHEMA_VERSION,
            "name": self.name,
            "population": sorted(role.value for role in self.population),
            "rules": [rule.to_dict() for rule in self.rules],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> ConditionMap:
        """Build a map from plain data (as written by :meth:`to_dict`, or by hand).

        ``schema_version`` may be left out; ``rules`` (or ``rule``, as TOML arrays of
        tables are naturally written) is a list of tables with the fields of
        :class:`MapRule`.

        Raises
        ------
        ValidationError
            Naming the rule (as ``row``) and field of the first problem.
        """
        if not isinstance(data, Mapping):
            raise ValidationError("a condition map must be a table", source=source, value=data)
        version = data.get("schema_version", MAP_SCHEMA_VERSION)
        if type(version) is not int or version != MAP_SCHEMA_VERSION:
            raise ValidationError(
                f"unsupported condition-map schema version; this version reads "
                f"{MAP_SCHEMA_VERSION}",
                column="schema_version",
                value=version,
                source=source,
            )
        unknown = set(data) - {"schema_version", "name", "population", "rules", "rule"}
        if unknown:
            raise ValidationError(
                f"unknown field(s) {sorted(unknown)}", source=source, column=sorted(unknown)[0]
            )
        if "rules" in data and "rule" in data:
            raise ValidationError(
                "give the rules once, as 'rules' or as 'rule', not both",
                column="rule",
                source=source,
            )
        raw_rules = data.get("rules", data.get("rule"))
        if not isinstance(raw_rules, list):
            raise ValidationError(
                "a condition map needs a list of rules",
                column="rules",
                value=raw_rules,
                source=source,
            )
        rules = [_rule_from_dict(raw, index, source) for index, raw in enumerate(raw_rules)]
        extra: dict[str, Any] = {}
        if "population" in data:
            extra["population"] = data["population"]
        if "name" in data:
            extra["name"] = data["name"]
        try:
            return cls(rules=tuple(rules), **extra)
        except ValidationError as error:
            raise _located(error, error.row, source) from None

    def to_json(self) -> str:
        """The map as JSON text."""
        return json.dumps(self.to_dict(), indent=2)


def _rule_from_dict(raw: object, index: int, source: str | None) -> MapRule:
    if not isinstance(raw, Mapping):
        raise ValidationError("a rule must be a table", row=index, value=raw, source=source)
    unknown = set(raw) - _RULE_FIELDS
    if unknown:
        raise ValidationError(
            f"unknown rule field(s) {sorted(unknown)}",
            row=index,
            column=sorted(unknown)[0],
            source=source,
        )
    for required in ("kind", "condition"):
        if required not in raw:
            raise ValidationError(
                f"a rule needs a {required!r}", row=index, column=required, source=source
            )
    try:
        return MapRule(**cast("dict[str, Any]", dict(raw)))
    except ValidationError as error:
        raise _located(error, index, source) from None
    except TypeError as error:  # for example a list where text was expected
        raise ValidationError(str(error), row=index, source=source) from None


def _located(error: ValidationError, row: int | None, source: str | None) -> ValidationError:
    return ValidationError(
        error.reason, row=row, column=error.column, value=error.value, source=source
    )


def load_map(path: str | Path) -> ConditionMap:
    """Read a condition map from a ``.json`` or ``.toml`` file.

    Check it against a framework with :meth:`ConditionMap.check` (``assess`` does).

    Raises
    ------
    ValidationError
        When the file cannot be parsed or describes an invalid map; the message
        names the file and the rule.
    """
    data, source = load_data_file(path, "map")
    return ConditionMap.from_dict(data, source=source)


# ---------------------------------------------------------------------- defaults
def default_map(framework: Framework | str) -> ConditionMap | None:
    """The default condition map of ``framework``'s installed package, if it has one.

    ``None`` for a framework that no installed package holds (pass a map of
    your own then).

    Raises
    ------
    UnknownKeyError
        For a framework name that is not installed.
    """
    return installed_part(framework, "mapping", ConditionMap)


def resolve_mapping(
    framework: Framework | str, mapping: ConditionMap | None
) -> tuple[Framework, ConditionMap]:
    """The framework, by name or itself, and ``mapping`` or its default, checked together.

    What every function that turns interactions into evidence does with its
    ``framework=`` and ``mapping=`` arguments.

    >>> fw, rules = resolve_mapping("kim_choi_2019", None)
    >>> fw.name, rules.name
    ('kim_choi_2019', 'kim_choi_2019_default')

    Raises
    ------
    ArgumentTypeError
        When ``framework`` or ``mapping`` has the wrong type.
    UnknownKeyError
        For a framework name that is not installed.
    ValidationError
        When ``mapping`` is ``None`` and the framework has no installed default
        map, or the map names a condition the framework lacks.
    """
    chosen = resolve_framework(framework)
    if mapping is None:
        mapping = default_map(chosen)
        if mapping is None:
            raise ValidationError(
                "no default condition map: no installed framework package holds "
                f"{chosen.name} {chosen.version}; pass mapping=",
                column="mapping",
            )
    if not isinstance(mapping, ConditionMap):
        raise ArgumentTypeError(
            f"mapping must be a ConditionMap, not {type(mapping).__name__}",
            column="mapping",
            value=type(mapping).__name__,
        )
    return chosen, mapping.check(chosen)


KIM_CHOI_2019_MAP: ConditionMap
"""The default condition map of :data:`~valuecocreation.KIM_CHOI_2019`, named
``"kim_choi_2019_default"``.

It places every :class:`~valuecocreation.model.InteractionKind` in at least one
rule, and each rule's ``note`` gives its reason with the sections of Kim & Choi
(2019) it rests on; the explanation page on scoring lists them all. The
population is users and creators. It belongs to the Kim & Choi framework package
(:mod:`valuecocreation.frameworks.kim_choi_2019`) and is looked up from it when
first asked for; it is also ``valuecocreation.KIM_CHOI_2019_MAP``."""


def __getattr__(name: str) -> ConditionMap:
    # The default map belongs to the Kim & Choi framework package, which sits above
    # this module; it is looked up through the entry points when first asked for.
    if name == "KIM_CHOI_2019_MAP":
        found = default_map(DEFAULT_FRAMEWORK)
        if found is not None:
            return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
