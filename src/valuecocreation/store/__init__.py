"""Assessment history in an SQLite file: save results with a label, list, load, compare.

:class:`Store` keeps assessments, series, funnels, plans and any result type registered
with :func:`register_result_type` in one embedded SQLite file that needs no
server. Each saved result records its label, the framework and map versions, the
fingerprint of its input (:func:`fingerprint`) and the time; :meth:`Store.history`
returns one score across all saved runs as a :class:`ScoreHistory` table.

The file is schema-versioned (migrated forward when an older one is opened), in
WAL mode (readers in other processes never see half a save, and never block the
writer), and written in transactions (a crash mid-save loses that save only).
A file that is not a store, is damaged, or was written by a newer version is
refused with a :class:`~valuecocreation.errors.ValidationError` and left as it is.

>>> import tempfile, pathlib, valuecocreation as vcc
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "history.sqlite"
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "rf", "kind": "like", "timestamp": "2024-06-03"}])
>>> with vcc.store.Store(path) as store:
...     store.save(vcc.assess(log), label="june").kind
'assessment'
>>> folder.cleanup()
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.store._history import HISTORY_SCHEMA_VERSION, ScoreHistory
from valuecocreation.store._kinds import (
    ResultType,
    ScoreRow,
    register_result_type,
    registered_kinds,
)
from valuecocreation.store._schema import SCHEMA_VERSION
from valuecocreation.store._store import SavedRun, Store, fingerprint

__all__ = [
    "HISTORY_SCHEMA_VERSION",
    "SCHEMA_VERSION",
    "ResultType",
    "SavedRun",
    "ScoreHistory",
    "ScoreRow",
    "Store",
    "fingerprint",
    "register_result_type",
    "registered_kinds",
]

publish(globals(), __all__)
