"""Framework packages by name or by framework, from the entry-point registry."""

from __future__ import annotations

from valuecocreation.errors import UnknownKeyError
from valuecocreation.framework import (
    Framework,
    available_frameworks,
    installed_plugin,
    resolve_framework,
)
from valuecocreation.frameworks._package import FrameworkPackage

__all__ = ["get_package"]


def get_package(framework: Framework | str) -> FrameworkPackage:
    """The installed framework package of ``framework`` (a name or a Framework).

    >>> get_package("kim_choi_2019").mapping.name
    'kim_choi_2019_default'

    Raises
    ------
    ArgumentTypeError
        When ``framework`` is neither a name nor a Framework.
    UnknownKeyError
        When no installed package holds it (the message lists the installed
        frameworks); also when the plugin of that name is broken (which warns).
    """
    chosen = resolve_framework(framework)
    plugin = installed_plugin(chosen)
    if isinstance(plugin, FrameworkPackage):
        return plugin
    names = available_frameworks()
    if plugin is None:
        raise UnknownKeyError("framework", chosen.name, names)
    raise UnknownKeyError("framework package", chosen.name, names)
