"""The culture a plan is made for, as the user states it: :class:`CultureProfile`.

The dimensions are the five seed 002 names (Advanced: Cross-Cultural Business
Aspects). A profile holds levels the user states for their own market; no
country scores are shipped, because the sources give none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import attrs

from valuecocreation._core.serial import load_data_file
from valuecocreation.errors import ValidationError
from valuecocreation.playbook._knowledge import CULTURE_LEVELS

__all__ = ["CultureProfile", "load_culture"]


def _level(dimension: str) -> Any:  # noqa: ANN401 - an attrs validator
    allowed = CULTURE_LEVELS[dimension]

    def check(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
        if value is not None and value not in allowed:
            raise ValidationError(
                f"{dimension} must be one of {', '.join(allowed)} (or left unstated)",
                column=dimension,
                value=value,
            )

    return check


@attrs.frozen(kw_only=True)
class CultureProfile:
    """The levels of the cultural dimensions in the market a plan is for; ``None`` is unstated.

    Parameters
    ----------
    individualism
        ``"individualist"`` or ``"collectivist"``.
    context
        ``"high"`` or ``"low"`` context communication.
    power_distance
        ``"high"`` or ``"low"``.
    time_orientation
        ``"long"`` or ``"short"``.
    technology_adoption
        ``"high"`` or ``"low"``.

    Examples
    --------
    >>> culture = CultureProfile(power_distance="high", individualism="collectivist")
    >>> culture.levels()
    {'individualism': 'collectivist', 'power_distance': 'high'}
    >>> CultureProfile.from_dict(culture.to_dict()) == culture
    True
    >>> CultureProfile(context="medium")
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'context', value 'medium': context must be ...
    """

    individualism: str | None = attrs.field(default=None, validator=_level("individualism"))
    context: str | None = attrs.field(default=None, validator=_level("context"))
    power_distance: str | None = attrs.field(default=None, validator=_level("power_distance"))
    time_orientation: str | None = attrs.field(default=None, validator=_level("time_orientation"))
    technology_adoption: str | None = attrs.field(
        default=None, validator=_level("technology_adoption")
    )

    def levels(self) -> dict[str, str]:
        """The stated dimensions and their levels."""
        return {name: value for name, value in self.to_dict().items() if value is not None}

    def to_dict(self) -> dict[str, str | None]:
        """Plain data: every dimension, ``None`` where unstated."""
        return {name: getattr(self, name) for name in CULTURE_LEVELS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> CultureProfile:
        """The inverse of :meth:`to_dict`; unknown dimensions are a ValidationError."""
        if not isinstance(data, Mapping):
            raise ValidationError("a culture profile must be a table", source=source)
        unknown = sorted(set(data) - set(CULTURE_LEVELS))
        if unknown:
            raise ValidationError(
                f"unknown cultural dimension; use {', '.join(CULTURE_LEVELS)}",
                column=unknown[0],
                source=source,
            )
        try:
            return cls(**{name: data.get(name) for name in CULTURE_LEVELS})
        except ValidationError as error:
            raise ValidationError(
                error.reason, column=error.column, value=error.value, source=source
            ) from None


def load_culture(path: str | os.PathLike[str]) -> CultureProfile:
    """Read a :class:`CultureProfile` from a JSON or TOML file of dimension levels."""
    data, source = load_data_file(path, "culture profile")
    return CultureProfile.from_dict(data, source=source)
