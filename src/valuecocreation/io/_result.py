"""What an interaction reader returns when it quarantines bad rows: :class:`ReadResult`.

Nothing is lost: every row read is either in the log or among the rejected rows,
kept verbatim with its line and the reason, and ``accepted + rejected == rows
read`` is checked when the result is made. The rejected rows, their record and
their writing are the package's one quarantine shape
(:mod:`valuecocreation._core.quarantine`).
"""

from __future__ import annotations

import attrs

from valuecocreation._core.quarantine import (
    Quarantined,
    RejectedRow,
    Rejects,
    rejected_rows,
    texts,
    write_rejected,
)
from valuecocreation.errors import ValidationError
from valuecocreation.log import InteractionLog

__all__ = ["ReadResult", "RejectedRow", "Rejects", "rejected_rows", "texts", "write_rejected"]


def _check_accounting(instance: ReadResult, attribute: attrs.Attribute[int], value: int) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (len(instance.rejected) <= value)
    ):
        raise ValidationError(
            f"{len(instance.rejected)} rejected rows cannot be among {value!r} rows read",
            column="rows_read",
            value=value,
        )


@attrs.frozen(kw_only=True, eq=False)
class ReadResult(Quarantined):
    """A log read with ``errors="quarantine"``: the good rows, and the rejected ones.

    Nothing is lost: every row read is accepted or rejected, and rejected rows are
    kept verbatim with their line and reason.

    Parameters
    ----------
    log
        The interactions of the accepted rows: one per row for the interaction
        readers (so ``len(log) == accepted``); an adapter may make several of one
        row, or none.
    rejected
        The rejected rows, in file order.
    rows_read
        The rows read: every record of the file but the header and blank lines.
        ``accepted + len(rejected) == rows_read``.
    header
        The file's column names, for writing the rejected rows back out.
    source
        The file the rows came from.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> result = ReadResult(log=vcc.InteractionLog(), rejected=(), rows_read=0,
    ...                     header=("source", "target", "kind", "timestamp"))
    >>> result.accepted, result.clean
    (0, True)
    """

    log: InteractionLog
    rejected: tuple[RejectedRow, ...] = attrs.field(converter=rejected_rows)
    rows_read: int = attrs.field(validator=_check_accounting)
    header: tuple[str, ...] = attrs.field(converter=texts, default=())
    source: str | None = None

    def __repr__(self) -> str:
        return (
            f"<ReadResult: {self.rows_read:,} rows read, {self.accepted:,} accepted, "
            f"{len(self.rejected):,} rejected>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReadResult):
            return NotImplemented
        return (
            self.log == other.log
            and self.rejected == other.rejected
            and self.rows_read == other.rows_read
            and self.header == other.header
            and self.source == other.source
        )

    __hash__ = None  # type: ignore[assignment]
