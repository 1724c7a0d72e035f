"""Writing output files safely: whole or not at all, and never over an input.

Every writer of the package (results, rejected rows, graphs, instruments) and
every output of the command line goes through :func:`atomic_write`: the content
is written to a temporary file in the target's folder, flushed to disk, and
renamed over the target in one step (:func:`os.replace`). An interrupt or an
error while writing leaves the previous file as it was and no temporary file
behind; a symbolic link at the target is replaced, not followed. A target that
exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a pipe) cannot
be replaced and is written to directly.
:func:`check_outputs` adds what the command line promises: an output that
exists is only overwritten with ``--force``, and never when it is one of the
command's inputs.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from valuecocreation.errors import ValidationError

__all__ = ["atomic_write", "check_outputs"]


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    *,
    binary: bool = False,
    encoding: str = "utf-8",
    errors: str = "strict",
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """A file to write ``path``'s new content to; ``path`` gets it only if all goes well.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write("first")
    >>> try:
    ...     with atomic_write(target) as handle:
    ...         _ = handle.write("half of the sec")
    ...         raise KeyboardInterrupt
    ... except KeyboardInterrupt:
    ...     pass
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('first', ['out.txt'])
    """
    target = Path(path)
    if _special(target):
        mode = "wb" if binary else "w"
        extra = {} if binary else {"encoding": encoding, "errors": errors, "newline": newline}
        with target.open(mode, **extra) as stream:  # type: ignore[call-overload]
            yield stream
        return
    folder = target.parent
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        os.chmod(temporary, _new_file_mode())
        if binary:
            handle: IO[Any] = os.fdopen(descriptor, "wb")
        else:
            handle = os.fdopen(descriptor, "w", encoding=encoding, errors=errors, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file (a device or a pipe)."""
    try:
        status = path.stat()
    except OSError:
        return False
    return not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode)


def _new_file_mode() -> int:
    """The mode ``open`` gives a new file (0o666 less the umask), not mkstemp's 0o600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_outputs(
    outputs: Iterable[tuple[str, Path | None]],
    inputs: Iterable[Path | None],
    *,
    force: bool,
) -> None:
    r"""Refuse outputs that would overwrite an input, each other, or (without force) a file.

    ``outputs`` pairs each output path with the option that names it, for the
    message.

    Raises
    ------
    ValidationError
        Naming the option and the path.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> events = pathlib.Path(tempfile.mkdtemp(), "events.csv")
    >>> _ = events.write_text("source,target,kind,timestamp\n")
    >>> check_outputs([("-o", events)], [events], force=True)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: ...: the output would overwrite an input ...
    """
    sources = [_identity(path) for path in inputs if path is not None]
    seen: dict[tuple[object, ...], str] = {}
    for option, path in outputs:
        if path is None:
            continue
        identity = _identity(path)
        if identity in sources:
            raise ValidationError(
                "the output would overwrite an input of the command; write it elsewhere",
                column=option,
                source=str(path),
            )
        if identity in seen:
            raise ValidationError(
                f"{option} and {seen[identity]} name the same file", column=option, source=str(path)
            )
        seen[identity] = option
        if not force and (path.exists() or path.is_symlink()) and not _special(path):
            raise ValidationError(
                "the file exists; pass --force to replace it",
                column=option,
                source=str(path),
            )


def _identity(path: Path) -> tuple[object, ...]:
    """What makes two paths the same file: device and inode if it exists, else the path."""
    try:
        status = path.stat()  # follows links: a link to the input is the input
    except OSError:
        return ("path", os.path.abspath(path))
    return ("file", status.st_dev, status.st_ino)
