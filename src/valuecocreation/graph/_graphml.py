"""Writing GraphML that reads back as written: XML 1.0's limits on text, checked.

XML 1.0 cannot carry most C0 control characters (all but tab, line feed and
carriage return), U+FFFE, U+FFFF or lone surrogates, even escaped: a file holding
one is not XML, and no reader accepts it. An id or attribute value holding one is
therefore refused before anything is written, naming the node or edge and the
attribute. A carriage return is legal but an XML reader turns a literal one into
a line feed, so it is written as the character reference ``&#13;``, which
survives.
"""

from __future__ import annotations

import io
import os
import re
from typing import Any, Final

import networkx as nx

from valuecocreation._core.files import atomic_write
from valuecocreation.errors import ValidationError

__all__ = ["write_graphml_file", "xml_problem"]

_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_problem(text: str) -> str | None:
    r"""Why ``text`` cannot be carried by XML 1.0, or ``None`` if it can.

    >>> xml_problem("a\tb\r\nc"), xml_problem("bell\x07")
    (None, 'it holds U+0007, which XML 1.0 cannot carry')
    """
    found = _NOT_XML.search(text)
    if found is None:
        return None
    return f"it holds U+{ord(found.group()):04X}, which XML 1.0 cannot carry"


def _check(value: Any, where: str) -> None:  # noqa: ANN401 - any attribute value
    if isinstance(value, str):
        problem = xml_problem(value)
        if problem is not None:
            raise ValidationError(
                f"cannot write GraphML: {where}: {problem}", column=where, value=value
            )


def write_graphml_file(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Check ``graph``'s text, then write it as GraphML to ``path`` atomically."""
    for key, value in graph.graph.items():
        _check(key, "a graph attribute name")
        _check(value, f"graph attribute {key!r}")
    for node, data in graph.nodes(data=True):
        _check(str(node), "a node id")
        for key, value in data.items():
            _check(key, f"an attribute name of node {node!r}")
            _check(value, f"attribute {key!r} of node {node!r}")
    for source, target, data in graph.edges(data=True):
        for key, value in data.items():
            _check(key, f"an attribute name of edge {source!r} -> {target!r}")
            _check(value, f"attribute {key!r} of edge {source!r} -> {target!r}")
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    # The writer leaves carriage returns literal (a reader would read them as line
    # feeds); none of its own markup holds one, so every one is data.
    content = buffer.getvalue().replace(b"\r", b"&#13;")
    with atomic_write(path, binary=True) as handle:
        handle.write(content)
