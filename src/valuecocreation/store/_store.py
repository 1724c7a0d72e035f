"""``Store``: assessments and other results saved with a label in an SQLite file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import attrs

from valuecocreation.errors import ArgumentTypeError, UnknownKeyError, ValidationError
from valuecocreation.log import InteractionLog
from valuecocreation.store._history import ScoreHistory, comparability
from valuecocreation.store._kinds import framework_of, result_type, result_type_of
from valuecocreation.store._schema import connect, insert_scores

__all__ = ["SavedRun", "Store", "fingerprint"]

_READ_BYTES = 1 << 20
Level = Literal["condition", "driver", "index"]
_LEVELS = ("condition", "driver", "index")


def fingerprint(data: InteractionLog | str | os.PathLike[str] | bytes) -> str:
    """A SHA-256 fingerprint of an input: a file's bytes, a log's columns, or raw bytes.

    Two runs on the same input have the same fingerprint, so a history can tell a
    change of the data from a change of the scores.

    Examples
    --------
    >>> fingerprint(b"source,target" + bytes([10]))[:15]
    'sha256:78b18885'
    """
    digest = hashlib.sha256()
    if isinstance(data, InteractionLog):
        for vocabulary in (data.actors, data.channels):
            digest.update(json.dumps(vocabulary.tolist()).encode())
        for column in (
            data.source_codes.astype("<i8"),
            data.target_codes.astype("<i8"),
            data.kind_codes,
            data.timestamps.astype("<i8"),
            data.channel_codes.astype("<i8"),
            data.weights.astype("<f8"),
        ):
            digest.update(column.tobytes())
    elif isinstance(data, bytes):
        digest.update(data)
    elif isinstance(data, str | os.PathLike):
        try:
            with Path(data).open("rb") as handle:
                while block := handle.read(_READ_BYTES):
                    digest.update(block)
        except OSError as error:
            raise ValidationError(f"cannot read the input: {error}", source=str(data)) from None
    else:
        raise ArgumentTypeError(
            "fingerprint() takes an InteractionLog, a path or bytes", value=type(data).__name__
        )
    return f"sha256:{digest.hexdigest()}"


@attrs.frozen(kw_only=True)
class SavedRun:
    """What a store knows of one saved result, without loading it."""

    label: str
    kind: str
    framework: str
    framework_version: str
    mapping: str
    fingerprint: str | None
    saved_at: str
    """When it was saved, ISO 8601 in UTC."""

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return attrs.asdict(self)


class Store:
    """Results saved with a label in an SQLite file: the history of assessments.

    A store holds assessments, series, funnels, plans and any result type registered with
    :func:`~valuecocreation.store.register_result_type`, each with its label, the
    framework and map versions, the input's fingerprint and the time it was saved.
    One store holds one framework: saving a result of another is refused rather than
    mixed into its history.

    The file is created when missing. It is in SQLite's WAL mode, so readers in
    other processes see whole saves only and never block the one writer; every save
    is one transaction, so a crash loses at most the save under way. A file that is
    not a store, or a damaged one, is refused with a
    :class:`~valuecocreation.errors.ValidationError` and left as it is.

    Parameters
    ----------
    path
        The SQLite file.

    Examples
    --------
    >>> import tempfile, pathlib, valuecocreation as vcc
    >>> folder = tempfile.TemporaryDirectory()
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "rf", "kind": "reward", "timestamp": "2024-06-03"}])
    >>> with Store(pathlib.Path(folder.name) / "history.sqlite") as store:
    ...     _ = store.save(vcc.assess(log), label="2024-06", source=log)
    ...     _ = store.save(vcc.assess(log), label="2024-07")
    ...     [run.label for run in store.list()]
    ...     store.load(label="2024-06") == vcc.assess(log)
    ...     store.history(score="reward").label
    ['2024-06', '2024-07']
    True
    ('2024-06', '2024-07')
    >>> folder.cleanup()
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = Path(path)
        self._connection: sqlite3.Connection | None = connect(self._path)

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return self._path

    @property
    def framework(self) -> str | None:
        """The framework of the results held; ``None`` while the store is empty."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'framework'").fetchone()
        return None if row is None else str(row[0])

    # ------------------------------------------------------------------ life cycle
    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self._path)!r})"

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValidationError("the store is closed", source=str(self._path))
        return self._connection

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # ------------------------------------------------------------------ writing
    def save(
        self,
        result: object,
        *,
        label: str,
        source: InteractionLog | str | os.PathLike[str] | bytes | None = None,
        replace: bool = False,
    ) -> SavedRun:
        """Save ``result`` under ``label``; the record of what was saved.

        Parameters
        ----------
        result
            An assessment, series, funnel or other registered result.
        label
            The name to load it by, such as ``"2024-06"``; unique in the store.
        source
            The input the result was computed from (a log, a file or bytes), for the
            fingerprint; ``None`` records no fingerprint.
        replace
            Replace an earlier result of the same label instead of refusing.

        Raises
        ------
        ValidationError
            For an empty label, a label already taken (without ``replace``), or a
            result of another framework than the store holds.
        ArgumentTypeError
            For a result of a type no store holds.
        """
        entry = result_type_of(result)
        if not isinstance(label, str) or not label.strip():
            raise ValidationError("a label must be non-empty text", column="label", value=label)
        data: dict[str, Any] = result.to_dict()  # type: ignore[attr-defined]  # registered types have it
        framework, version, mapping = framework_of(data)
        text = json.dumps(data, allow_nan=False, separators=(",", ":"))
        print_ = None if source is None else fingerprint(source)
        saved_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        with self._writing() as db:
            held = db.execute("SELECT value FROM meta WHERE key = 'framework'").fetchone()
            if held is None and framework:
                db.execute("INSERT INTO meta VALUES ('framework', ?)", (framework,))
            elif held is not None and framework and held[0] != framework:
                raise ValidationError(
                    f"this store holds results of framework {held[0]!r}, not {framework!r}; "
                    "save them in a store of their own",
                    source=str(self._path),
                    column="framework",
                    value=framework,
                )
            taken = db.execute("SELECT id FROM runs WHERE label = ?", (label,)).fetchone()
            if taken is not None:
                if not replace:
                    raise ValidationError(
                        "a result of this label is saved already; pass replace=True to replace it",
                        source=str(self._path),
                        column="label",
                        value=label,
                    )
                db.execute("DELETE FROM runs WHERE id = ?", (taken[0],))
            cursor = db.execute(
                "INSERT INTO runs (label, kind, framework, framework_version, mapping, "
                "fingerprint, saved_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (label, entry.kind, framework, version, mapping, print_, saved_at, text),
            )
            assert cursor.lastrowid is not None  # an INSERT always sets it
            insert_scores(db, cursor.lastrowid, entry.scores(data))
        return SavedRun(
            label=label,
            kind=entry.kind,
            framework=framework,
            framework_version=version,
            mapping=mapping,
            fingerprint=print_,
            saved_at=saved_at,
        )

    # ------------------------------------------------------------------ reading
    def list(self) -> tuple[SavedRun, ...]:
        """Every saved result, in the order saved."""
        rows = self._db.execute(
            "SELECT label, kind, framework, framework_version, mapping, fingerprint, saved_at "
            "FROM runs ORDER BY id"
        ).fetchall()
        return tuple(
            SavedRun(
                label=row[0],
                kind=row[1],
                framework=row[2],
                framework_version=row[3],
                mapping=row[4],
                fingerprint=row[5],
                saved_at=row[6],
            )
            for row in rows
        )

    def load(self, *, label: str | None = None) -> Any:  # noqa: ANN401 - whichever kind was saved
        """The result saved under ``label``, or the latest one when ``label`` is ``None``.

        Raises
        ------
        UnknownKeyError
            For a label not in the store (the message lists those that are).
        ValidationError
            When the store is empty, or the saved data no longer reads.
        """
        if label is None:
            row = self._db.execute(
                "SELECT kind, data FROM runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                raise ValidationError("the store holds no results yet", source=str(self._path))
        else:
            row = self._db.execute(
                "SELECT kind, data FROM runs WHERE label = ?", (label,)
            ).fetchone()
            if row is None:
                raise UnknownKeyError("label", label, [run.label for run in self.list()])
        kind, text = row
        return result_type(kind).cls.from_dict(json.loads(text))

    def history(
        self,
        *,
        score: str = "index",
        window: str | None = None,
        segment: str | None = None,
    ) -> ScoreHistory:
        """The value of one score in every saved run that has it, as a table.

        Parameters
        ----------
        score
            A condition key (``"reward"``), a driver key (``"share"``) or
            ``"index"``; write ``"condition:KEY"`` or ``"driver:KEY"`` where a
            framework uses one key for both.
        window, segment
            Only rows of this window (an ISO date label, ``"all"`` for whole
            assessments) or segment.

        Raises
        ------
        UnknownKeyError
            For a score no saved run has (the message lists those that exist).
        ValidationError
            For a key that names both a condition and a driver.
        """
        level, _, key = score.rpartition(":")
        if level and level not in _LEVELS:
            raise ValidationError(
                f"a score is KEY, condition:KEY or driver:KEY, not {level}:", value=score
            )
        where = ["s.key = ?"]
        parameters: list[str] = [key]
        for column, value in (("s.level", level), ("s.window", window), ("s.segment", segment)):
            if value:
                where.append(f"{column} = ?")
                parameters.append(value)
        rows = self._db.execute(
            "SELECT r.label, r.saved_at, r.kind, s.window, s.segment, s.value, s.n, "
            "r.framework_version, r.mapping, r.fingerprint, s.level FROM scores s "
            f"JOIN runs r ON r.id = s.run_id WHERE {' AND '.join(where)} "
            "ORDER BY r.id, s.segment, s.window",
            parameters,
        ).fetchall()
        levels = sorted({row[10] for row in rows})
        if len(levels) > 1:
            raise ValidationError(
                f"{key!r} names a {' and a '.join(levels)}; ask for "
                + " or ".join(f"{name}:{key}" for name in levels),
                column="score",
                value=score,
            )
        if not rows and not (window or segment):
            known = [r[0] for r in self._db.execute("SELECT DISTINCT key FROM scores ORDER BY key")]
            raise UnknownKeyError("score", score, known)
        columns = list(zip(*rows, strict=True)) if rows else [()] * 11
        return ScoreHistory(
            framework=self.framework or "",
            level=levels[0] if levels else (level or ""),
            score=key,
            label=columns[0],
            saved_at=columns[1],
            kind=columns[2],
            window=columns[3],
            segment=columns[4],
            value=columns[5],
            n=columns[6],
            framework_version=columns[7],
            mapping=columns[8],
            fingerprint=columns[9],
            findings=comparability(key, columns[7], columns[8]),
        )
