"""Handing freed memory back to the operating system between chunks.

glibc's allocator keeps memory a program frees in its heap for reuse, and the
arrays of one chunk rarely fit the holes the previous chunk left: over a long
chunked read the resident set creeps up although nothing is kept. Asking the
allocator to trim its heap after each chunk keeps the resident set that of one
chunk. Elsewhere (macOS, Windows, musl) this is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

__all__ = ["release_freed_memory"]


@functools.cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


def release_freed_memory() -> None:
    """Return the C allocator's free memory to the system, where the allocator allows it.

    >>> release_freed_memory()
    """
    trim = _trim()
    if trim is not None:
        trim(0)
