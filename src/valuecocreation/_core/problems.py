"""Collect every problem of a columnar input, then report the first one.

Validation of a column is vectorised: it yields the positions of all bad rows at
once. Gathering them before raising lets the error name the *first* bad row of
the input (whichever column it is in) and say how many more there are; the same
records let readers quarantine bad rows instead of raising, keeping what they set
aside in a :class:`~valuecocreation._core.quarantine.Rejects` record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ValidationError

__all__ = ["ColumnProblem", "raise_first"]


@attrs.frozen
class ColumnProblem:
    """Rows of one column that break one rule.

    Parameters
    ----------
    column
        The column's name.
    reason
        Why these rows are rejected.
    rows
        Sorted zero-based positions of the offending rows (never empty).
    """

    column: str
    reason: str
    rows: npt.NDArray[np.intp] = attrs.field(eq=False)

    @classmethod
    def where(cls, mask: npt.NDArray[np.bool_], column: str, reason: str) -> ColumnProblem | None:
        """A problem for the rows where ``mask`` is true, or ``None`` if there are none."""
        rows = np.flatnonzero(mask)
        return cls(column, reason, rows) if len(rows) else None


def raise_first(
    problems: Sequence[ColumnProblem | None],
    value_at: Callable[[str, int], Any],
    *,
    source: str | None = None,
) -> None:
    """Raise :class:`ValidationError` for the earliest bad row, if there is one.

    Parameters
    ----------
    problems
        What validation found; ``None`` entries (nothing found) are skipped.
    value_at
        Returns the offending input value for a column and row, for the message.
    source
        Where the input came from, for the message.
    """
    found = [p for p in problems if p is not None and len(p.rows)]
    if not found:
        return
    first = min(found, key=lambda p: int(p.rows[0]))
    row = int(first.rows[0])
    total = sum(len(p.rows) for p in found)
    raise ValidationError(
        first.reason,
        row=row,
        column=first.column,
        value=value_at(first.column, row),
        source=source,
        more=total - 1,
    )
