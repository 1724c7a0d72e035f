"""Value co-creation frameworks as data: drivers, conditions and value directions.

A :class:`Framework` is an ordered tuple of :class:`Driver` objects (the order is the
value evolution: a user meets the drivers one after another) and the
:class:`Condition` objects that make each driver measurable. Nothing downstream
hard-codes the Kim & Choi drivers: scorers, assessments and reports take a
framework as an argument, so a user can define another one (for example
Prahalad & Ramaswamy's DART model) and use it everywhere.

Frameworks are also plugins: a package registers a
:class:`~valuecocreation.frameworks.FrameworkPackage` (the framework with its
condition map, scorers and instrument) under the ``valuecocreation.frameworks``
entry-point group, and :func:`get_framework` finds it by name. This package
registers :data:`~valuecocreation.KIM_CHOI_2019`, the framework of Kim & Choi
(2019), Figure 1, the same way, as ``"kim_choi_2019"``; it is the default
wherever a framework is asked for.

Examples
--------
>>> from valuecocreation.framework import Driver, Condition, Framework
>>> dialogue = Driver(key="dialogue", name="Dialogue")
>>> fw = Framework(
...     name="mini",
...     version="1",
...     drivers=(dialogue,),
...     conditions=(Condition(key="forum", name="Forum", driver=dialogue),),
... )
>>> fw.condition("forum").driver.key
'dialogue'
>>> from valuecocreation.framework import available_frameworks, get_framework
>>> "kim_choi_2019" in available_frameworks()
True
>>> get_framework("kim_choi_2019").driver_keys
('experience', 'satisfaction', 'expression', 'share')
"""

from __future__ import annotations

import enum
import re
import warnings
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

from valuecocreation._core.plugins import PluginGroup
from valuecocreation.errors import (
    ArgumentTypeError,
    PluginWarning,
    UnknownConditionError,
    UnknownDriverError,
    UnknownKeyError,
    ValidationError,
)

__all__ = [
    "DEFAULT_FRAMEWORK",
    "FRAMEWORK_GROUP",
    "Condition",
    "Driver",
    "Framework",
    "Party",
    "ValueDirection",
    "available_frameworks",
    "get_framework",
    "installed_part",
    "installed_plugin",
    "resolve_framework",
]

FRAMEWORK_SCHEMA_VERSION = 1
_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")


class ValueDirection(enum.Enum):
    """Which way value moves for a party at a driver (Kim & Choi 2019, Figure 1).

    *Internalization* is taking value in (finding, trying, enjoying an offering);
    *externalization* is giving value out (creating, customising, sharing).
    """

    INTERNALIZATION = "internalization"
    EXTERNALIZATION = "externalization"

    @property
    def opposite(self) -> ValueDirection:
        """The other direction, that is, what the counter-party does at the same driver.

        >>> ValueDirection.INTERNALIZATION.opposite
        <ValueDirection.EXTERNALIZATION: 'externalization'>
        """
        if self is ValueDirection.INTERNALIZATION:
            return ValueDirection.EXTERNALIZATION
        return ValueDirection.INTERNALIZATION


class Party(enum.Enum):
    """The two sides a co-creation framework speaks about.

    Actors have richer roles (see :class:`valuecocreation.model.Role`); each role
    maps to at most one party, which decides the value direction that applies.
    """

    USERS = "users"
    FIRMS = "firms"


T = TypeVar("T")


def _check_key(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _check_text(instance, attribute, value)
    if not _KEY_PATTERN.match(value):
        raise ValidationError(
            "a key must be snake_case text: a lower-case letter, then lower-case letters, "
            "digits or underscores",
            column=attribute.name,
            value=value,
            source=type(instance).__name__,
        )


def _check_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{attribute.name} must be text, not {type(value).__name__}",
            column=attribute.name,
            value=value,
            source=type(instance).__name__,
        )


def _check_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _check_text(instance, attribute, value)
    if not value.strip():
        raise ValidationError(
            f"{attribute.name} must not be empty",
            column=attribute.name,
            source=type(instance).__name__,
        )


DirectionsLike = (
    Mapping[str, str]
    | Mapping[Party, ValueDirection]
    | Iterable[tuple[Party | str, ValueDirection | str]]
)
"""What :class:`Driver` accepts for ``directions``: a mapping or pairs."""


def _to_directions(value: DirectionsLike) -> tuple[tuple[Party, ValueDirection], ...]:
    """Normalise value directions to a hashable tuple ordered like :class:`Party`."""
    pairs: Iterable[tuple[Any, Any]] = value.items() if isinstance(value, Mapping) else value
    found: dict[Party, ValueDirection] = {}
    for party, direction in pairs:
        try:
            key = Party(party)
            found[key] = ValueDirection(direction)
        except ValueError as error:
            raise ValidationError(
                f"{error}; parties are {[p.value for p in Party]} and directions are "
                f"{[d.value for d in ValueDirection]}",
                column="directions",
                value=(party, direction),
                source="Driver",
            ) from None
    return tuple((party, found[party]) for party in Party if party in found)


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Driver:
    """A driver of value co-creation: one stage of the value evolution.

    Parameters
    ----------
    key
        Stable snake_case identifier, for example ``"share"``.
    name
        Human-readable name.
    description
        What the driver means, in a sentence or two.
    directions
        The value direction for each party at this driver; a mapping such as
        ``{"users": "internalization", "firms": "externalization"}``. A party left
        out has no stated direction (:meth:`direction` returns ``None``).

    Examples
    --------
    >>> share = Driver(key="share", name="Share",
    ...                directions={"users": "externalization", "firms": "internalization"})
    >>> share.direction(Party.FIRMS)
    <ValueDirection.INTERNALIZATION: 'internalization'>
    """

    key: str = attrs.field(validator=_check_key)
    name: str = attrs.field(validator=_check_name)
    description: str = attrs.field(default="", validator=_check_text)
    directions: tuple[tuple[Party, ValueDirection], ...] = attrs.field(
        default=(), converter=_to_directions
    )

    def direction(self, party: Party | str) -> ValueDirection | None:
        """The value direction of ``party`` at this driver, or ``None`` if not stated."""
        wanted = Party(party)
        for stated, direction in self.directions:
            if stated is wanted:
                return direction
        return None


@attrs.frozen(kw_only=True)
class Condition:
    """A condition that makes a driver measurable.

    Parameters
    ----------
    key
        Stable snake_case identifier, unique within its framework, for example
        ``"user_creativity"``.
    name
        Human-readable name.
    driver
        The driver this condition belongs to.
    description
        What the condition means and what evidence shows it.
    """

    key: str = attrs.field(validator=_check_key)
    name: str = attrs.field(validator=_check_name)
    driver: Driver = attrs.field(validator=attrs.validators.instance_of(Driver))
    description: str = attrs.field(default="", validator=_check_text)


@attrs.frozen(kw_only=True)
class Framework:
    """A value co-creation framework: ordered drivers and their conditions.

    The order of :attr:`drivers` is the order of value evolution. On construction
    the framework is checked as a whole, and every problem is reported at once:
    keys must be unique, every condition must belong to one of the framework's
    drivers, and every driver needs at least one condition.

    Parameters
    ----------
    name
        Short identifier of the framework, carried into serialised results.
    version
        Version of this framework definition, carried into serialised results.
    drivers
        The drivers, in value-evolution order.
    conditions
        The conditions; each names one of ``drivers``.
    citation
        The published source the framework rests on.
    description
        A sentence or two on what the framework is for.
    """

    name: str = attrs.field(validator=_check_name)
    version: str = attrs.field(validator=_check_name)
    drivers: tuple[Driver, ...] = attrs.field(converter=_to_tuple)
    conditions: tuple[Condition, ...] = attrs.field(converter=_to_tuple)
    citation: str = attrs.field(default="", validator=_check_text)
    description: str = attrs.field(default="", validator=_check_text)

    def __attrs_post_init__(self) -> None:
        problems = _framework_problems(self.drivers, self.conditions)
        if problems:
            raise ValidationError("; ".join(problems), source=f"Framework {self.name!r}")

    # -- look-ups --------------------------------------------------------------
    @property
    def driver_keys(self) -> tuple[str, ...]:
        """The driver keys in value-evolution order."""
        return tuple(driver.key for driver in self.drivers)

    @property
    def condition_keys(self) -> tuple[str, ...]:
        """The condition keys in the order given."""
        return tuple(condition.key for condition in self.conditions)

    def driver(self, key: str) -> Driver:
        """The driver with ``key``.

        Raises
        ------
        UnknownDriverError
            If there is none; the message lists the valid keys.
        """
        for driver in self.drivers:
            if driver.key == key:
                return driver
        raise UnknownDriverError(key, self.driver_keys)

    def condition(self, key: str) -> Condition:
        """The condition with ``key``.

        Raises
        ------
        UnknownConditionError
            If there is none; the message lists the valid keys.
        """
        for condition in self.conditions:
            if condition.key == key:
                return condition
        raise UnknownConditionError(key, self.condition_keys)

    def conditions_of(self, driver: Driver | str) -> tuple[Condition, ...]:
        """The conditions that belong to ``driver`` (a :class:`Driver` or its key)."""
        found = self.driver(driver.key if isinstance(driver, Driver) else driver)
        return tuple(c for c in self.conditions if c.driver == found)

    # -- serialisation ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description of the framework; :meth:`from_dict` reverses it."""
        return {
            "schema_version": FRAMEWORK_SCHEMA_VERSION,
            "name": self.name,
            "version": self.version,
            "citation": self.citation,
            "description": self.description,
            "drivers": [
                {
                    "key": d.key,
                    "name": d.name,
                    "description": d.description,
                    "directions": {party.value: dir_.value for party, dir_ in d.directions},
                }
                for d in self.drivers
            ],
            "conditions": [
                {"key": c.key, "name": c.name, "driver": c.driver.key, "description": c.description}
                for c in self.conditions
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Framework:
        """Rebuild a framework from :meth:`to_dict` output (for example loaded JSON).

        Raises
        ------
        ValidationError
            If a field is missing, the schema version is unknown, or the framework
            it describes is invalid.
        """
        version = data.get("schema_version")
        if version != FRAMEWORK_SCHEMA_VERSION:
            raise ValidationError(
                f"unsupported framework schema version {version!r}; "
                f"this release reads version {FRAMEWORK_SCHEMA_VERSION}",
                column="schema_version",
            )
        try:
            drivers = {
                d["key"]: Driver(
                    key=d["key"],
                    name=d["name"],
                    description=d.get("description", ""),
                    directions=d.get("directions", {}),
                )
                for d in data["drivers"]
            }
            conditions = []
            for c in data["conditions"]:
                if c["driver"] not in drivers:
                    raise UnknownDriverError(c["driver"], tuple(drivers))
                conditions.append(
                    Condition(
                        key=c["key"],
                        name=c["name"],
                        driver=drivers[c["driver"]],
                        description=c.get("description", ""),
                    )
                )
            return cls(
                name=data["name"],
                version=data["version"],
                drivers=tuple(drivers.values()),
                conditions=tuple(conditions),
                citation=data.get("citation", ""),
                description=data.get("description", ""),
            )
        except KeyError as error:
            if isinstance(error, UnknownDriverError):
                raise ValidationError(str(error), column="driver") from None
            raise ValidationError(
                f"missing field {error.args[0]!r}", column=str(error.args[0])
            ) from None
        except TypeError as error:
            raise ValidationError(f"malformed framework description: {error}") from None


def _framework_problems(
    drivers: tuple[Driver, ...], conditions: tuple[Condition, ...]
) -> list[str]:
    problems: list[str] = []
    if not drivers:
        problems.append("a framework needs at least one driver")
    problems.extend(f"{item!r} is not a Driver" for item in drivers if not isinstance(item, Driver))
    problems.extend(
        f"{item!r} is not a Condition" for item in conditions if not isinstance(item, Condition)
    )
    if problems:
        return problems
    problems.extend(f"duplicate driver key {key!r}" for key in _duplicates(d.key for d in drivers))
    problems.extend(
        f"duplicate condition key {key!r}" for key in _duplicates(c.key for c in conditions)
    )
    problems.extend(
        f"condition {condition.key!r} belongs to driver {condition.driver.key!r}, "
        "which is not one of the framework's drivers"
        for condition in conditions
        if condition.driver not in drivers
    )
    problems.extend(
        f"driver {driver.key!r} has no conditions"
        for driver in drivers
        if not any(c.driver == driver for c in conditions)
    )
    return problems


def _duplicates(keys: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for key in keys:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return repeated


# ---------------------------------------------------------------------- registry
FRAMEWORK_GROUP: Final = "valuecocreation.frameworks"
"""The entry-point group under which packages register framework packages."""

DEFAULT_FRAMEWORK: Final = "kim_choi_2019"
"""The name of the framework used wherever none is given, Kim & Choi (2019)."""

_PACKAGES = PluginGroup(FRAMEWORK_GROUP, "framework")


def available_frameworks() -> tuple[str, ...]:
    """The names of the installed frameworks, sorted.

    >>> "kim_choi_2019" in available_frameworks()
    True
    """
    return _PACKAGES.names()


def get_framework(name: str) -> Framework:
    """The framework of the installed framework package registered as ``name``.

    >>> len(get_framework("kim_choi_2019").conditions)
    12
    >>> get_framework("dart")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.UnknownKeyError: unknown framework 'dart'; valid framework keys are: ...

    Raises
    ------
    ArgumentTypeError
        When ``name`` is not text.
    UnknownKeyError
        When no installed package registers that name, or its plugin is broken (the
        message lists the installed names; a broken plugin also warns).
    """
    if not isinstance(name, str):
        raise ArgumentTypeError(
            f"a framework name must be text, not {type(name).__name__}",
            column="framework",
            value=name,
        )
    return _plugin(name)[1]


def resolve_framework(framework: Framework | str) -> Framework:
    """``framework`` itself, or the installed framework of that name.

    What every function with a ``framework=`` argument does with it first.

    >>> resolve_framework("kim_choi_2019") is get_framework("kim_choi_2019")
    True

    Raises
    ------
    ArgumentTypeError
        When ``framework`` is neither a :class:`Framework` nor text.
    UnknownKeyError
        As :func:`get_framework`.
    """
    if isinstance(framework, Framework):
        return framework
    if isinstance(framework, str):
        return get_framework(framework)
    raise ArgumentTypeError(
        f"framework must be a Framework or the name of an installed one, "
        f"not {type(framework).__name__}",
        column="framework",
        value=type(framework).__name__,
    )


def installed_plugin(framework: Framework | str) -> object | None:
    """What the installed package of ``framework`` registered: its framework package.

    ``framework`` is a name, or a :class:`Framework`: then the plugin registered
    under the framework's name counts if it holds this very framework (an edited
    copy with the same name is not the installed one). Prefer
    :func:`valuecocreation.frameworks.get_package`, which checks the type; this
    function serves the layers below framework packages.

    Returns
    -------
    The registered object; ``None`` when no installed package holds the framework.

    Raises
    ------
    UnknownKeyError
        For a name that no installed package registers.
    """
    if isinstance(framework, Framework):
        if framework.name not in _PACKAGES.entry_points():
            return None
        try:
            plugin, found = _plugin(framework.name)
        except UnknownKeyError:  # a broken plugin of that name, which has warned
            return None
        return plugin if found == framework else None
    return _plugin(resolve_framework(framework).name)[0]


def installed_part(framework: Framework | str, part: str, kind: type[T]) -> T | None:
    """The ``part`` of the installed framework package that holds ``framework``.

    A framework package (see :class:`~valuecocreation.frameworks.FrameworkPackage`)
    bundles a framework with its condition map, scorers and instrument. The layers
    of this library below it (maps, surveys, scoring) find their defaults here, at
    call time, each checking that the part is of the type it owns (``kind``), so
    that none of them imports a framework package. ``framework`` is found as by
    :func:`installed_plugin`.

    Returns
    -------
    The part; ``None`` when no installed package holds the framework or its
    package leaves the part out. A part of the wrong type warns
    (:class:`~valuecocreation.errors.PluginWarning`) and gives ``None``.

    Raises
    ------
    UnknownKeyError
        For a name that no installed package registers.

    Examples
    --------
    >>> from valuecocreation.mapping import ConditionMap
    >>> installed_part("kim_choi_2019", "mapping", ConditionMap).name
    'kim_choi_2019_default'
    """
    plugin = installed_plugin(framework)
    value = getattr(plugin, part, None)
    if value is None or isinstance(value, kind):
        return value
    warnings.warn(
        f"the {part} in the package of framework {resolve_framework(framework).name!r} "
        f"is a {type(value).__name__}, not a {kind.__name__}; it is ignored",
        PluginWarning,
        stacklevel=3,
    )
    return None


def _plugin(name: str) -> tuple[object, Framework]:
    """The object registered as ``name`` and its framework, which must be named ``name``."""
    plugin = _PACKAGES.load(name)
    framework = getattr(plugin, "framework", None)
    if isinstance(framework, Framework) and framework.name == name:
        return plugin, framework
    problem = (
        f"registered a {type(plugin).__name__}, which is not a framework package"
        if not isinstance(framework, Framework)
        else f"holds framework {framework.name!r}: a package is registered under the "
        "name of its framework"
    )
    warnings.warn(
        f"framework plugin {name!r} {problem}; it is skipped", PluginWarning, stacklevel=4
    )
    raise UnknownKeyError("framework", name, available_frameworks())


def _reset() -> None:
    """Forget the installed frameworks found (after installing one at run time, as tests do)."""
    _PACKAGES.reset()
