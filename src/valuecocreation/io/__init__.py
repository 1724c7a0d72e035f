"""Reading interaction data: CSV, JSON Lines and DataFrames in, validated logs out.

* :func:`read_csv`, :func:`read_jsonl` and :func:`read_frame` read interactions
  into an :class:`~valuecocreation.log.InteractionLog`, with your column names
  (``columns=``), your event names (``kinds=``, added to
  :data:`DEFAULT_KIND_ALIASES`), ISO 8601 or epoch timestamps in any zone, and
  any text encoding.
* :func:`iter_csv` reads a file larger than memory chunk by chunk, as logs or as
  mergeable :class:`~valuecocreation.evidence.Evidence`.
* :func:`read_actors_csv` and :func:`read_actors` read actors and their roles.
* Bad rows raise :class:`~valuecocreation.errors.ValidationError` naming the file,
  line, column, value and reason, or with ``errors="quarantine"`` are set aside in
  a :class:`ReadResult`, verbatim, with ``accepted + rejected == rows read``.
* :func:`write_result` writes results out: JSON, tidy CSV (one row per score,
  see :func:`tidy_rows`) or Markdown, and graphs as node-link JSON or GraphML.
* Adapters (:class:`Adapter`, :func:`get_adapter`) read whole export shapes, such
  as a social platform's post report (:mod:`valuecocreation.io.presets`), and
  third parties can add their own under the ``valuecocreation.adapters``
  entry-point group.

CSV files are parsed by pyarrow when it is installed (the ``io`` extra) and by
the standard library's ``csv`` module otherwise; both give identical results.

>>> import valuecocreation as vcc
>>> vcc.io.DEFAULT_KIND_ALIASES["retweet"]
<InteractionKind.SHARE: 'share'>
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.io._actors import ActorsResult, read_actors, read_actors_csv
from valuecocreation.io._adapters import ADAPTER_GROUP, Adapter, available_adapters, get_adapter
from valuecocreation.io._aliases import DEFAULT_KIND_ALIASES, KindTable, normalise_kind
from valuecocreation.io._csv import CsvChunks, iter_csv, read_csv
from valuecocreation.io._records import read_frame, read_jsonl
from valuecocreation.io._result import ReadResult, RejectedRow, write_rejected
from valuecocreation.io._writers import render, tidy_rows, write_result

__all__ = [
    "ADAPTER_GROUP",
    "DEFAULT_KIND_ALIASES",
    "ActorsResult",
    "Adapter",
    "CsvChunks",
    "KindTable",
    "ReadResult",
    "RejectedRow",
    "available_adapters",
    "get_adapter",
    "iter_csv",
    "normalise_kind",
    "read_actors",
    "read_actors_csv",
    "read_csv",
    "read_frame",
    "read_jsonl",
    "render",
    "tidy_rows",
    "write_rejected",
    "write_result",
]

# Documented, pickled and shown in signatures under the public module's name.
for _public in (ActorsResult, Adapter, CsvChunks, KindTable, ReadResult, RejectedRow):
    _public.__module__ = __name__
del _public

publish(globals(), __all__)
