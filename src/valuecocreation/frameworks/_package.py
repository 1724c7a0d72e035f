"""A framework with everything needed to assess it: :class:`FrameworkPackage`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import Framework
from valuecocreation.mapping import ConditionMap
from valuecocreation.scoring import Scorer
from valuecocreation.survey import Instrument

__all__ = ["FrameworkPackage"]


def _read_only(value: object) -> object:
    """A read-only copy of a mapping; anything else is left for the checks to refuse."""
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


def _is_a(kind: type, what: str) -> Any:  # noqa: ANN401 - an attrs validator
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise ArgumentTypeError(
                f"{attribute.name} must be {what}, not {type(value).__name__}",
                column=attribute.name,
                value=type(value).__name__,
                source="FrameworkPackage",
            )

    return check


def _mapping_of(kind: type, what: str) -> Any:  # noqa: ANN401 - an attrs validator
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        _is_a(Mapping, f"a mapping from condition key to {what}")(instance, attribute, value)
        assert isinstance(value, Mapping)  # for the type checker: checked just above
        for key, item in value.items():
            if not isinstance(item, kind):
                raise ArgumentTypeError(
                    f"{attribute.name}[{key!r}] must be {what}, not {type(item).__name__}",
                    column=attribute.name,
                    value=type(item).__name__,
                    source="FrameworkPackage",
                )

    return check


@attrs.frozen(kw_only=True, unsafe_hash=False)
class FrameworkPackage:
    """A framework with its condition map, default scorers and (optionally) instrument.

    This is what a package registers under the ``valuecocreation.frameworks``
    entry-point group, under the framework's own name; then
    ``assess(log, framework="name")`` and every other function with a
    ``framework=`` argument find the map and scorers by that name, and so does
    ``--framework name`` on the command line.
    :data:`~valuecocreation.frameworks.kim_choi_2019.KIM_CHOI_2019_PACKAGE` is
    registered the same way by this project. The package is checked as a whole
    when built, and every problem is reported at once;
    :func:`valuecocreation.testing.check_framework` checks the rest of the
    contract (scorers on empty evidence, round trips, the registration).

    A package holds code (scorers), so it has no ``to_dict``: its data parts
    (framework, map, instrument) each round-trip on their own.

    Parameters
    ----------
    framework
        The framework.
    mapping
        Its default condition map: which interactions count for which condition.
        It may name only the framework's conditions.
    scorers
        The default scorer of every condition, by condition key.
    graph_scorers
        Scorers that join a condition's default when a value-flow graph is given
        (``assess(..., graph=...)``), by condition key; conditions left out have
        none.
    survey_scorer
        The scorer that joins the default of every condition that given survey
        responses have items for (``assess(..., survey=...)``); ``None`` for none.
    target_sources
        Why each default scorer's target is what it is (a published norm, or a
        convention), by condition key; shown in docs and reports.
    instrument
        A questionnaire whose items name only the framework's conditions, if the
        framework has one.

    Examples
    --------
    >>> from valuecocreation import Condition, Driver, Framework
    >>> from valuecocreation.mapping import ConditionMap, MapRule
    >>> from valuecocreation.scoring import ParticipationScorer
    >>> talk = Driver(key="dialogue", name="Dialogue")
    >>> tiny = Framework(name="tiny", version="1", drivers=(talk,),
    ...                  conditions=(Condition(key="replies", name="Replies", driver=talk),))
    >>> package = FrameworkPackage(
    ...     framework=tiny,
    ...     mapping=ConditionMap(name="tiny_map",
    ...                          rules=(MapRule(kind="reply", condition="replies"),)),
    ...     scorers={"replies": ParticipationScorer(target=0.1)},
    ... )
    >>> package.name, sorted(package.scorers)
    ('tiny', ['replies'])
    >>> FrameworkPackage(framework=tiny, mapping=package.mapping, scorers={})
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: FrameworkPackage 'tiny': no default scorer for ...
    """

    __module__ = "valuecocreation.frameworks"  # its public home, as the docs show it

    framework: Framework = attrs.field(validator=_is_a(Framework, "a Framework"))
    mapping: ConditionMap = attrs.field(validator=_is_a(ConditionMap, "a ConditionMap"))
    scorers: Mapping[str, Scorer] = attrs.field(
        converter=_read_only, validator=_mapping_of(Scorer, "a Scorer")
    )
    graph_scorers: Mapping[str, Scorer] = attrs.field(
        factory=dict, converter=_read_only, validator=_mapping_of(Scorer, "a Scorer")
    )
    survey_scorer: Scorer | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(_is_a(Scorer, "a Scorer or None")),
    )
    target_sources: Mapping[str, str] = attrs.field(
        factory=dict, converter=_read_only, validator=_mapping_of(str, "text")
    )
    instrument: Instrument | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(_is_a(Instrument, "an Instrument or None")),
    )

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValidationError("; ".join(problems), source=f"FrameworkPackage {self.name!r}")

    @property
    def name(self) -> str:
        """The framework's name, which is the name the package is registered under."""
        return self.framework.name

    def summary(self) -> str:
        r"""One line on what the package holds.

        >>> from valuecocreation.frameworks import get_package
        >>> print(get_package("kim_choi_2019").summary().replace("; ", ";\n"))
        kim_choi_2019 1.0: 4 drivers, 12 conditions;
        map kim_choi_2019_default (28 rules);
        12 default scorers, 4 graph scorers, a survey scorer;
        instrument kim_choi_2019_vcc (39 items)
        """
        fw = self.framework
        parts = [
            f"{fw.name} {fw.version}: {len(fw.drivers)} drivers, {len(fw.conditions)} conditions",
            f"map {self.mapping.name} ({len(self.mapping.rules)} rules)",
            f"{len(self.scorers)} default scorers, {len(self.graph_scorers)} graph scorers, "
            + ("a survey scorer" if self.survey_scorer is not None else "no survey scorer"),
            (
                f"instrument {self.instrument.name} ({len(self.instrument)} items)"
                if self.instrument is not None
                else "no instrument"
            ),
        ]
        return "; ".join(parts)


def _problems(package: FrameworkPackage) -> list[str]:
    framework = package.framework
    keys = framework.condition_keys
    problems = [
        f"no default scorer for condition {key!r}" for key in keys if key not in package.scorers
    ]
    for part in ("scorers", "graph_scorers", "target_sources"):
        problems.extend(
            f"{part} names {key!r}, which is not a condition of the framework"
            for key in getattr(package, part)
            if key not in keys
        )
    for part, data in (("mapping", package.mapping), ("instrument", package.instrument)):
        if data is None:
            continue
        try:
            data.check(framework)
        except ValidationError as error:
            problems.append(f"the {part}: {error}")
    return problems
