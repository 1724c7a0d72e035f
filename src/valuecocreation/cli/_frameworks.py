"""The ``frameworks`` command: the installed framework packages."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from valuecocreation._core.serial import dumps
from valuecocreation.cli import _common as common
from valuecocreation.errors import UnknownKeyError
from valuecocreation.frameworks import FrameworkPackage, available_frameworks, get_package


def add(commands: Any, parent: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers
    """Register ``frameworks`` with the command line."""
    listing = commands.add_parser(
        "frameworks",
        help="list the installed frameworks (use one with --framework NAME)",
        parents=[parent],
    )
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument("-o", "--output", metavar="FILE", type=Path)
    listing.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    """Run ``frameworks`` with the parsed command line."""
    packages: list[FrameworkPackage] = []
    for name in available_frameworks():
        try:
            packages.append(get_package(name))
        except UnknownKeyError:  # a broken plugin: it has warned on stderr
            continue
    if args.format == "json":
        common.write(args, dumps({"frameworks": [_described(p) for p in packages]}, 2) + "\n")
        return
    lines = []
    for package in packages:
        lines.append(package.summary())
        if package.framework.citation:
            lines.append(f"  {package.framework.citation}")
    common.write(args, "\n".join(lines) + "\n")


def _described(package: FrameworkPackage) -> dict[str, Any]:
    framework = package.framework
    return {
        "name": framework.name,
        "version": framework.version,
        "citation": framework.citation,
        "drivers": [
            {"key": driver.key, "conditions": [c.key for c in framework.conditions_of(driver)]}
            for driver in framework.drivers
        ],
        "mapping": package.mapping.name,
        "scorers": {key: scorer.name for key, scorer in package.scorers.items()},
        "graph_scorers": {key: scorer.name for key, scorer in package.graph_scorers.items()},
        "survey_scorer": None if package.survey_scorer is None else package.survey_scorer.name,
        "instrument": None if package.instrument is None else package.instrument.name,
    }
