"""The library versions a benchmark ran with, printed next to its ratios."""

from __future__ import annotations

import importlib.metadata
import os
import platform

LIBRARIES = (
    "numpy",
    "pandas",
    "polars",
    "pyarrow",
    "scipy",
    "dask",
    "distributed",
    "valuecocreation",
)


def versions_line() -> str:
    """One line: python, the libraries (or "absent"), the CPUs and the load average."""
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"python {platform.python_version()}, {', '.join(found)}; "
        f"{os.cpu_count()} CPUs, load average {load:.2f}"
    )
