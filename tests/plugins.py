"""Installing a throw-away distribution for plugin tests, laid out as pip lays it out.

Import it as ``from tests import plugins`` (see ``tests/strategies.py`` for why that
works without an ``__init__.py``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path


def install(site: Path, name: str, entry_points: str, modules: dict[str, str]) -> None:
    """Write ``modules`` and a ``name-1.0.dist-info`` folder with ``entry_points`` into ``site``.

    ``site`` must be on ``sys.path`` for ``importlib.metadata`` to find the
    distribution; sources and entry points are dedented first.
    """
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), encoding="utf-8")
