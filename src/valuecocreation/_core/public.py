"""Give public objects the name of the public module they are imported from.

Implementation modules are private (``survey/_responses.py``); users import from
the public module (``valuecocreation.survey``). Setting ``__module__`` to the
public name makes reprs, error messages, pickles and the API docs name the place a
user imports from, and lets the implementation move without breaking pickles.

Doctest finds a class or function by its ``__module__``, so their examples run in
the public module's namespace (an example imports what it uses). Methods keep the
private module's name, so the finder would skip them in both modules; ``publish``
lists them in the public module's ``__test__`` so their examples still run.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

__all__ = ["publish"]


def _is_private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def publish(namespace: MutableMapping[str, Any], names: Iterable[str]) -> None:
    """Set ``__module__`` of the classes and functions ``names`` to the namespace's module.

    Only objects defined in a private module are renamed, and only once: an object
    that two public modules export keeps the first public name it was given.
    Classes also get an entry in the namespace's ``__test__`` mapping, so that
    doctest finds the examples of their methods under the public module.
    """
    public = namespace["__name__"]
    tests: dict[str, Any] = namespace.setdefault("__test__", {})
    for name in names:
        if name not in namespace:  # provided lazily by the module's __getattr__
            continue
        obj = namespace[name]
        module = getattr(obj, "__module__", None)
        if not isinstance(obj, type) and not callable(obj):
            continue
        if not isinstance(module, str) or not _is_private(module):
            continue
        try:
            obj.__module__ = public
        except (AttributeError, TypeError):  # builtins and C types keep theirs
            continue
        if isinstance(obj, type):
            for attribute, member in vars(obj).items():
                # Methods, static and class methods; properties doctest finds anyway.
                function = getattr(member, "__func__", member)
                if callable(function) and ">>>" in (getattr(function, "__doc__", None) or ""):
                    tests[f"{name}.{attribute}"] = function
