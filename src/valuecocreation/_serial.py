"""Shared pieces of the result objects' serialisation.

Results (scores, assessments, funnels) are identified by their plain-data form:
two are equal when their JSON is, which also makes nan equal nan, as a round trip
through JSON requires.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from valuecocreation.errors import ValidationError

__all__ = ["dumps", "equal_as_data", "loads"]


class _HasDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def equal_as_data(self: _HasDict, other: object) -> bool:
    """``__eq__`` for results: same type and the same JSON form."""
    if type(other) is not type(self):
        return NotImplemented  # type: ignore[no-any-return]  # let Python try the other side
    return json.dumps(self.to_dict()) == json.dumps(other.to_dict())


def dumps(data: dict[str, Any], indent: int | None) -> str:
    """Strict JSON (no NaN or Infinity literals)."""
    return json.dumps(data, indent=indent, allow_nan=False)


def loads(text: str) -> Any:  # noqa: ANN401 - whatever the JSON holds
    """Parse JSON text; bad text is a ValidationError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(f"not valid JSON: {error}") from None
