"""The import-layer contract: the package's layers, checked on every import statement.

Every module of ``valuecocreation`` belongs to a layer, named by the first part of its
dotted path below the package (``valuecocreation.graph._reach`` is in ``graph``).
A module may import modules of its own layer or of lower ones, never of a higher one;
the imports between modules form no cycle; and no module imports another module's
private (``_underscore``) names, so a helper that two modules need has a home of its own.

Imports are read from the source with :mod:`ast`, all of them: at module level, inside
functions (lazy imports) and under ``TYPE_CHECKING``, since each of them is a dependency
a reader of the code has to follow. docs/explanation/architecture.md explains the layers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "valuecocreation"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: Lowest first. A name is the first component of a module's path below the package;
#: ``__init__`` is the package's own facade module.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(names.split())
    for names in (
        "errors _core",
        "framework findings typing",
        "model",
        "log survey",
        "mapping",
        "_evidence evidence",
        "graph",
        "scoring",
        "assessment funnel _assessment_checks",
        "measurement metrics diagnostics impact playbook channels simulate",
        "frameworks",
        "io plot report store dask network",
        "datasets testing",
        "__init__",
        "cli __main__",
    )
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def _layer(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str) -> Iterator[tuple[int, str, str | None]]:
    """(line, imported module, imported name or None) for each import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            for alias in node.names:
                # ``from package import submodule`` imports the submodule.
                if f"{target}.{alias.name}" in MODULES:
                    yield node.lineno, f"{target}.{alias.name}", None
                else:
                    yield node.lineno, target, alias.name


def _internal(name: str) -> str | None:
    """The package module ``name`` refers to (the longest known prefix), if any."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in MODULES}
    for module in MODULES:
        for _, target, _ in _imports(module):
            internal = _internal(target)
            if internal is not None and internal != module:
                edges[module].add(internal)
    return edges


def test_every_module_has_a_layer() -> None:
    unknown = sorted({_layer(module) for module in MODULES} - RANK.keys())
    assert not unknown, f"add these to LAYERS (and to architecture.md): {unknown}"


def test_no_module_imports_a_higher_layer() -> None:
    wrong = []
    for module, path in MODULES.items():
        for line, target, _ in _imports(module):
            internal = _internal(target)
            if internal is None:
                continue
            mine, theirs = _layer(module), _layer(internal)
            if RANK[theirs] > RANK[mine]:
                wrong.append(f"{path.relative_to(SOURCE)}:{line} ({mine}) -> {internal}")
    assert not wrong, "imports of a higher layer:\n" + "\n".join(wrong)


def test_no_module_imports_another_modules_private_names() -> None:
    wrong = []
    for module, path in MODULES.items():
        for line, target, name in _imports(module):
            internal = _internal(target)
            if internal is None or name is None or internal == module:
                continue
            if name.startswith("_") and not name.startswith("__"):
                wrong.append(f"{path.relative_to(SOURCE)}:{line} {internal}.{name}")
    assert not wrong, "private names imported across modules:\n" + "\n".join(wrong)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_imports_form_no_cycle() -> None:
    cycles = _cycles(_edges())
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_a_thousand_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 1000, f"{module} has {lines} lines; split it by idea"
