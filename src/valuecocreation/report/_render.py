"""Lay a report out as HTML or Markdown with the Jinja2 templates of this package.

Jinja2 (and markdown-it-py, for the sections that results write in Markdown) come
with the ``report`` extra and load only here. HTML is autoescaped; the charts' SVG
is built by :mod:`._charts` from escaped text and inserted as is.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from valuecocreation._core.files import atomic_write
from valuecocreation._core.optional import require

__all__ = ["render_html", "render_markdown", "write_atomically"]

_FEATURE = "writing a report"


def _environment(*, html: bool) -> Any:  # noqa: ANN401 - jinja2 is an optional import
    jinja2 = require("jinja2", extra="report", feature=_FEATURE)
    folder = resources.files("valuecocreation.report") / "templates"

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cell"] = _cell
    if html:
        environment.filters["markdown"] = _markdown_to_html()
    return environment


def _cell(text: str) -> str:
    # A Markdown table cell: a pipe or a line break would end it.
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_to_html() -> Any:  # noqa: ANN401 - a filter function
    markdown_it = require("markdown_it", extra="report", feature=_FEATURE)
    # Raw HTML in a result's Markdown is shown as text, never run.
    parser = markdown_it.MarkdownIt("commonmark", {"html": False}).enable("table")

    def convert(text: str) -> Any:  # noqa: ANN401 - a markupsafe.Markup
        return _markup(parser.render(text))

    return convert


def _markup(text: str) -> Any:  # noqa: ANN401 - a markupsafe.Markup
    markupsafe = require("markupsafe", extra="report", feature=_FEATURE)
    return markupsafe.Markup(text)


def render_html(context: dict[str, Any]) -> str:
    """The report as one self-contained HTML document."""
    return str(_environment(html=True).get_template("report.html.j2").render(**context))


def render_markdown(context: dict[str, Any]) -> str:
    """The report as Markdown; charts are images in ``context["images"]``."""
    return str(_environment(html=False).get_template("report.md.j2").render(**context))


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, through the package's atomic writer.

    A reader never sees half a report, and an interrupted write leaves the previous
    file as it was.
    """
    if not path.parent.is_dir():  # say so by the folder's name, not a temporary file's
        raise FileNotFoundError(f"no folder {str(path.parent)!r} to write {path.name} into")
    with atomic_write(path, newline="\n") as stream:
        stream.write(text)
