"""The ``edge_list`` preset: a temporal network's edge list, as public data sets ship them.

Temporal networks (message, e-mail, reply and contact networks in KONECT, SNAP
and similar collections) come as plain text: one edge per line, ``src dst time``
separated by spaces or tabs, no header, sometimes a weight, and comment lines
starting with ``%`` or ``#``. Every edge is an interaction of one kind, which the
file does not say: give it (``kind="message"`` by default).

=============  =====================================================
column         content
=============  =====================================================
1: source      who acted (any id without spaces)
2: target      toward whom
3: timestamp   when: epoch seconds (or as ``timestamp=`` says)
4: weight      optional, with ``names=("source", "target", "timestamp", "weight")``
=============  =====================================================

Rows with another number of fields are bad input, rejected whole with their
line, never padded or cut. The sample ``edge_list.txt``
(:func:`~valuecocreation.io.presets.sample_path`) is a small synthetic file in this
shape.
"""

from __future__ import annotations

import os
from typing import ClassVar, Literal, overload

import attrs

from valuecocreation.io._options import Errors, rules_of
from valuecocreation.io._result import ReadResult
from valuecocreation.io._whitespace import read_whitespace
from valuecocreation.log import InteractionLog

__all__ = ["EdgeList"]


def _names(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(str(name) for name in value)  # type: ignore[attr-defined]


@attrs.frozen(kw_only=True)
class EdgeList:
    """Read a headerless, whitespace-separated edge list (see the module notes).

    Parameters
    ----------
    names
        The fields of the columns, in order; ``None`` when the first line is a
        header naming them.
    kind
        The kind of every edge.
    channel
        The channel of every edge, or ``None``.
    comments
        Characters that start a comment line.
    timestamp, tz, encoding
        As for :func:`~valuecocreation.io.read_csv`.

    Examples
    --------
    >>> from valuecocreation.io.presets import EdgeList, sample_path
    >>> log = EdgeList().read(sample_path("edge_list.txt"))
    >>> len(log), log.kind_counts()
    (12, {<InteractionKind.MESSAGE: 'message'>: 12})
    """

    name: ClassVar[str] = "edge_list"

    names: tuple[str, ...] | None = attrs.field(
        default=("source", "target", "timestamp"), converter=_names
    )
    kind: str = "message"
    channel: str | None = None
    comments: str = "#%"
    timestamp: str = "auto"
    tz: object = None
    encoding: str = "utf-8"

    @overload
    def read(
        self, path: str | os.PathLike[str], *, errors: Literal["raise"] = ...
    ) -> InteractionLog: ...
    @overload
    def read(
        self, path: str | os.PathLike[str], *, errors: Literal["quarantine"]
    ) -> ReadResult: ...

    def read(
        self, path: str | os.PathLike[str], *, errors: Errors = "raise"
    ) -> InteractionLog | ReadResult:
        """Read the edge list at ``path``: a log, or with ``errors="quarantine"`` a result."""
        constants = {"kind": self.kind}
        if self.channel is not None:
            constants["channel"] = self.channel
        return read_whitespace(
            os.fspath(path),
            names=self.names,
            columns=None,
            constants=constants,
            rules=rules_of(None, self.timestamp, self.tz),
            encoding=self.encoding,
            errors=errors,
            comments=self.comments,
        )
