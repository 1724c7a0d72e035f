"""Where playbooks come from: the shipped file, a user's file, or a plugin.

The built-in playbook is registered under the entry-point group
``valuecocreation.playbooks`` in this package's own ``pyproject.toml``, so
:func:`get_playbook` finds it exactly as it finds a third party's. A plugin
registers either a :class:`~valuecocreation.playbook.Playbook` or a function of no
arguments that returns one.
"""

from __future__ import annotations

import functools
import json
import os
from importlib import resources
from typing import Any

from valuecocreation._core.plugins import PluginGroup
from valuecocreation._core.serial import load_data_file
from valuecocreation.errors import ValidationError
from valuecocreation.playbook._knowledge import PLAYBOOK_SCHEMA_VERSION, Playbook

__all__ = [
    "DEFAULT_PLAYBOOK",
    "PLAYBOOK_SCHEMA_RESOURCE",
    "available_playbooks",
    "default_playbook",
    "get_playbook",
    "load_playbook",
    "playbook_schema",
    "refresh_playbooks",
]

DEFAULT_PLAYBOOK = "kim_choi_2019_practices"
PLAYBOOK_SCHEMA_RESOURCE = f"schemas/playbook-{PLAYBOOK_SCHEMA_VERSION}.schema.json"
"""The JSON Schema of a playbook file, inside the package (see :func:`playbook_schema`)."""

_PLAYBOOKS = PluginGroup("valuecocreation.playbooks", "playbook")


@functools.cache
def default_playbook() -> Playbook:
    """The shipped playbook of practices from the source documents (read once).

    >>> len(default_playbook().practices), len(default_playbook().challenges)
    (12, 5)
    """
    text = resources.files("valuecocreation.playbook").joinpath("practices.json").read_text("utf-8")
    return Playbook.from_dict(json.loads(text), source="practices.json")


def load_playbook(path: str | os.PathLike[str]) -> Playbook:
    """Read and check a playbook from a JSON or TOML file; errors name the file and field.

    >>> import json, pathlib, tempfile
    >>> data = default_playbook().to_dict()
    >>> data["practices"][0]["strengthens"] = {"loyalty": 2}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.json"
    >>> _ = path.write_text(json.dumps(data))
    >>> load_playbook(path)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: ...column 'practices[0].strengthens.loyalty'...
    """
    data, source = load_data_file(path, "playbook")
    return Playbook.from_dict(data, source=source)


def available_playbooks() -> tuple[str, ...]:
    """The names of the installed playbooks (entry-point group ``valuecocreation.playbooks``)."""
    return _PLAYBOOKS.names()


def get_playbook(name: str = DEFAULT_PLAYBOOK) -> Playbook:
    """The installed playbook called ``name``; an unknown name lists the installed ones.

    >>> get_playbook().name
    'kim_choi_2019_practices'
    """
    loaded = _PLAYBOOKS.load(name)
    made = loaded() if callable(loaded) and not isinstance(loaded, Playbook) else loaded
    if not isinstance(made, Playbook):
        raise ValidationError(
            f"the playbook plugin {name!r} gave {type(made).__name__}, not a Playbook",
            source="valuecocreation.playbooks",
        )
    return made


def refresh_playbooks() -> None:
    """Forget the playbook plugins found so far (after installing one at run time)."""
    _PLAYBOOKS.reset()


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema a playbook file follows (the loader checks the same rules in code)."""
    text = resources.files("valuecocreation").joinpath(PLAYBOOK_SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
