"""The store's file: recognising it, opening it safely, and migrating it forward.

A store is an SQLite database whose header carries this package's
``application_id`` and whose ``user_version`` is its schema version. A file is
first read as plain bytes (is it SQLite at all?), then looked at through a
read-only connection (whose is it, which schema, is every page intact?): a file
that is not SQLite, SQLite of another application, a newer schema or a damaged
store is refused before anything opens it for writing, so it is never modified.
Our own files are then migrated forward one step at a time, each step in its own
transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from valuecocreation.errors import ValidationError
from valuecocreation.store._kinds import result_type

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "connect", "migrate"]

#: "VCCS" in ASCII: marks a file as a valuecocreation store.
APPLICATION_ID = 0x56434353
_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
_BUSY_MS = 30_000  # how long a writer waits for another writer before giving up


def _script(connection: sqlite3.Connection, script: str) -> None:
    """Run ``script`` statement by statement, inside the caller's transaction.

    (``executescript`` would commit the transaction first on Python 3.11.)
    """
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def _v1(connection: sqlite3.Connection) -> None:
    """Version 1: one row per saved result, its plain data as JSON."""
    _script(
        connection,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            framework TEXT NOT NULL,
            framework_version TEXT NOT NULL,
            mapping TEXT NOT NULL,
            fingerprint TEXT,
            saved_at TEXT NOT NULL,
            data TEXT NOT NULL
        ) STRICT;
        """,
    )


def _v2(connection: sqlite3.Connection) -> None:
    """Version 2: every score of every run in a table of its own, for history queries.

    Earlier runs are filled in from their saved data.
    """
    _script(
        connection,
        """
        CREATE TABLE scores (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            window TEXT NOT NULL,
            segment TEXT NOT NULL,
            level TEXT NOT NULL,
            key TEXT NOT NULL,
            value REAL,
            n INTEGER,
            PRIMARY KEY (run_id, window, segment, level, key)
        ) STRICT;
        CREATE INDEX scores_by_key ON scores (key, run_id);
        """,
    )
    for run_id, kind, data in connection.execute("SELECT id, kind, data FROM runs").fetchall():
        insert_scores(connection, run_id, result_type(kind).scores(json.loads(data)))


def insert_scores(connection: sqlite3.Connection, run_id: int, rows: object) -> None:
    """Add the score rows of run ``run_id``."""
    connection.executemany(
        "INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((run_id, *row) for row in rows),  # type: ignore[attr-defined]
    )


#: Step ``i`` turns a file of schema version ``i`` into one of version ``i + 1``.
_STEPS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(_STEPS)


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` holds an SQLite database; ``False`` for a missing or empty file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise ValidationError(f"cannot read the store: {error}", source=str(path)) from None
    if not header:
        return False
    if len(header) < _HEADER or not header.startswith(_MAGIC):
        raise ValidationError(
            "not a valuecocreation store (not an SQLite database); the file was left as it is",
            source=str(path),
        )
    return True


def _inspect(path: Path) -> None:
    """Refuse a foreign, newer or damaged database, looking through a read-only connection.

    The header bytes of the file alone are not enough: in WAL mode the newest
    application id and schema version may still be in the ``-wal`` file.
    """
    try:
        reader = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=_BUSY_MS / 1000
        )
    except sqlite3.Error as error:
        raise ValidationError(f"cannot open the store: {error}", source=str(path)) from None
    try:
        application_id = reader.execute("PRAGMA application_id").fetchone()[0]
        version = reader.execute("PRAGMA user_version").fetchone()[0]
        tables = reader.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        problems = [row[0] for row in reader.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        raise ValidationError(
            f"the store is damaged ({error}); the file was left as it is", source=str(path)
        ) from None
    finally:
        reader.close()
    if application_id != APPLICATION_ID and (application_id != 0 or tables or version):
        raise ValidationError(
            "an SQLite database of another application, not a valuecocreation store; "
            "the file was left as it is",
            source=str(path),
            column="application_id",
            value=application_id,
        )
    if version > SCHEMA_VERSION:
        raise ValidationError(
            f"a store of schema version {version}, written by a newer valuecocreation; "
            f"this version reads up to {SCHEMA_VERSION}; the file was left as it is",
            source=str(path),
            column="schema_version",
            value=version,
        )
    if problems != ["ok"]:
        raise ValidationError(
            f"the store is damaged ({'; '.join(problems[:3])}); the file was left as it is",
            source=str(path),
        )


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the store at ``path``, created or migrated to the current schema.

    Raises
    ------
    ValidationError
        For a file that is not a store (another SQLite database, or not SQLite),
        a store of a newer schema, or a damaged one; the file is left untouched.
    """
    if _is_sqlite(path):
        _inspect(path)
    # isolation_level=None: transactions are begun and ended explicitly.
    try:
        connection = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise ValidationError(f"cannot open the store: {error}", source=str(path)) from None
    try:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def migrate(connection: sqlite3.Connection, *, to: int = SCHEMA_VERSION) -> int:
    """Bring the store forward to schema version ``to``, one step per transaction.

    Returns the version the store is at. A second process migrating at the same time
    waits for the first and then finds nothing left to do.
    """
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version >= to:
                connection.execute("COMMIT")
                return int(version)
            if version == 0:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _STEPS[version](connection)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
