"""Reading interaction data: CSV, JSON Lines and DataFrames in, validated logs out.

* :func:`read_csv`, :func:`read_jsonl` and :func:`read_frame` read interactions
  into an :class:`~valuecocreation.log.InteractionLog`, with your column names
  (``columns=``), your event names (``kinds=``, added to
  :data:`DEFAULT_KIND_ALIASES`), ISO 8601 or epoch timestamps in any zone, and
  any text encoding.
* :func:`iter_csv` reads a file larger than memory chunk by chunk, as logs or as
  mergeable :class:`~valuecocreation.evidence.Evidence`.
* :func:`read_parquet`, :func:`read_arrow`, :func:`iter_parquet` and
  :func:`iter_arrow` read columnar files (Parquet, Arrow IPC) batch by batch, with
  the same translations as :func:`read_frame`.
* :func:`read_actors_csv` and :func:`read_actors` read actors and their roles;
  :func:`~valuecocreation.survey.read_survey_csv` (from :mod:`valuecocreation.survey`)
  reads survey answers.
* Bad rows raise :class:`~valuecocreation.errors.ValidationError` naming the file,
  line, column, value and reason, or with ``errors="quarantine"`` are set aside in
  a :class:`ReadResult` (or :class:`ActorsResult`), verbatim, with ``accepted +
  rejected == rows read``; ``rejects`` on every such result, survey answers
  included, is the one :class:`Rejects` record of the rows set aside.
* Every CSV reader of the package reads through one front end, with one set of
  rules for malformed records (see :doc:`/how-to/handle-bad-rows`);
  :func:`read_rows` hands its records (:class:`CsvRecord`) to adapters.
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
from valuecocreation.io._columnar import (
    ColumnarChunks,
    iter_arrow,
    iter_parquet,
    read_arrow,
    read_parquet,
)
from valuecocreation.io._csv import CsvChunks, iter_csv, read_csv
from valuecocreation.io._records import read_frame, read_jsonl
from valuecocreation.io._result import ReadResult, RejectedRow, Rejects, write_rejected
from valuecocreation.io._rows import CsvRecord, CsvRows, read_rows
from valuecocreation.io._writers import render, tidy_rows, write_result
from valuecocreation.survey import read_survey_csv

__all__ = [
    "ADAPTER_GROUP",
    "DEFAULT_KIND_ALIASES",
    "ActorsResult",
    "Adapter",
    "ColumnarChunks",
    "CsvChunks",
    "CsvRecord",
    "CsvRows",
    "KindTable",
    "ReadResult",
    "RejectedRow",
    "Rejects",
    "available_adapters",
    "get_adapter",
    "iter_arrow",
    "iter_csv",
    "iter_parquet",
    "normalise_kind",
    "read_actors",
    "read_actors_csv",
    "read_arrow",
    "read_csv",
    "read_frame",
    "read_jsonl",
    "read_parquet",
    "read_rows",
    "read_survey_csv",
    "render",
    "tidy_rows",
    "write_rejected",
    "write_result",
]

# Documented, pickled and shown in signatures under the public module's name.
for _public in (
    ActorsResult,
    Adapter,
    ColumnarChunks,
    CsvChunks,
    CsvRecord,
    CsvRows,
    KindTable,
    ReadResult,
    RejectedRow,
    Rejects,
):
    _public.__module__ = __name__
del _public

publish(globals(), __all__)
