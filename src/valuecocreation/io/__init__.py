"""Reading interaction data: CSV, JSON Lines and DataFrames in, validated logs out.

Draft facade; completed below.
"""

from __future__ import annotations

from valuecocreation.io._aliases import DEFAULT_KIND_ALIASES, KindTable, normalise_kind
from valuecocreation.io._csv import CsvChunks, iter_csv, read_csv
from valuecocreation.io._result import ReadResult, RejectedRow, write_rejected

__all__ = [
    "DEFAULT_KIND_ALIASES",
    "CsvChunks",
    "KindTable",
    "ReadResult",
    "RejectedRow",
    "iter_csv",
    "normalise_kind",
    "read_csv",
    "write_rejected",
]
from valuecocreation.io._records import read_frame, read_jsonl  # noqa: E402
from valuecocreation.io._actors import ActorsResult, read_actors, read_actors_csv  # noqa: E402
from valuecocreation.io._adapters import (  # noqa: E402
    ADAPTER_GROUP,
    Adapter,
    available_adapters,
    get_adapter,
)
