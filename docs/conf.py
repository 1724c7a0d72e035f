"""Sphinx configuration for the valuecocreation documentation.

Build (must stay warning-free)::

    sphinx-build -W -n --keep-going -b html docs docs/_build/html

Pages are MyST Markdown. Every code example in them is a doctest that pytest runs
(``--doctest-glob=*.md``), so this file holds configuration only and no doctests.
"""

from __future__ import annotations

import functools
import os
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

# -- Project ------------------------------------------------------------------
project = "valuecocreation"
author = "The valuecocreation developers"
copyright = "The valuecocreation developers"

try:
    release = _distribution_version("valuecocreation")
except PackageNotFoundError:  # building from a tree where the package is not installed
    release = "0+unknown"
version = ".".join(release.split(".")[:2])

# -- General ------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
nitpicky = True  # the same as -n: every cross-reference must resolve

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc and napoleon -------------------------------------------------------
autodoc_default_options = {
    "member-order": "bysource",
    "show-inheritance": True,
}
autodoc_typehints = "signature"
# Show defaults as written ("KIM_CHOI_2019"), not as the repr of the object they name.
autodoc_preserve_defaults = True
autoclass_content = "class"

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_param = True
napoleon_preprocess_types = False

# -- Cross-references to other projects -----------------------------------------
# intersphinx needs the network at build time (it downloads objects.inv files), and
# the machines that build these docs for CI are offline. An inventory that cannot be
# fetched is a warning, which -W turns into a failed build. So intersphinx is opt-in:
# set VALUECOCREATION_DOCS_INTERSPHINX=1 where the network is available (Read the
# Docs) to get links into the Python, NumPy, networkx and attrs docs. Offline, the
# external names that type hints mention are listed in nitpick_ignore_regex below,
# so that -n stays strict about our own references and silent about theirs.
if os.environ.get("VALUECOCREATION_DOCS_INTERSPHINX") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "networkx": ("https://networkx.org/documentation/stable", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
    }
    intersphinx_timeout = 30

# External names that appear in signatures and type hints. Offline they cannot
# resolve; online, intersphinx resolves most of them and these patterns are inert.
nitpick_ignore_regex = [
    # The standard library and typing constructs.
    (r"py:.*", r"(datetime|dt)\.(datetime|date|timedelta|tzinfo)"),
    (r"py:.*", r"(typing\.)?(Any|Literal|Self|Final|overload)"),
    (r"py:.*", r"(collections\.abc\.)?(Iterable|Iterator|Mapping|Sequence|Callable)"),
    (r"py:.*", r"enum\.(Enum|StrEnum)"),
    (r"py:.*", r"(json|pathlib|importlib|io|os|functools|itertools)(\..*)?"),
    (r"py:class", r"(int|float|str|bool|bytes|object|tuple|list|dict|set|type|None)"),
    (r"py:exc", r"(Exception|KeyError|ValueError|TypeError|IndexError|UserWarning)"),
    (r"py:class", r"(Exception|KeyError|ValueError|TypeError|IndexError|UserWarning)"),
    # NumPy and its typing helpers.
    (r"py:.*", r"(numpy|np)\..*"),
    (r"py:.*", r"(numpy\.typing|npt)\..*"),
    # attrs (validators take an attrs.Attribute).
    (r"py:.*", r"attr(s)?\..*"),
    # Optional DataFrame backends named in prose and hints.
    (r"py:.*", r"(pandas|polars|pyarrow|narwhals)\..*"),
    # The period alias as a string annotation (from __future__ import annotations)
    # renders unqualified in attrs-made signatures; it is documented in the evidence
    # reference as valuecocreation.evidence.Period.
    (r"py:class", r"Period"),
    # Array aliases of private modules (Floats, Texts, Ints) that attrs-made
    # signatures show unqualified once a class reports its public module.
    (r"py:class", r"(Floats|Texts|Ints)"),
    # The private base of the network results (to_dict/from_dict), shown as a base.
    (r"py:class", r"valuecocreation\.graph\._common\.Result"),
    # The private base of the simulation results (to_dict/from_dict/to_json/from_json).
    (r"py:class", r"valuecocreation\.simulate\._serial\.Serial"),
    (r"py:class", r"valuecocreation\._core\.quarantine\.Quarantined"),
    # The type variable of valuecocreation.framework.installed_part's signature.
    (r"py:class", r"valuecocreation\.framework\.T"),
    # matplotlib, for the plot module (its Axes is imported for type checking only).
    (r"py:.*", r"(matplotlib\..*|Axes)"),
]

# -- HTML -----------------------------------------------------------------------
html_theme = "furo"
html_title = f"valuecocreation {release}"
html_static_path: list[str] = []
# The bundled data's report, written by _write_report below and published as
# recordfarm-report.html at the root of the built site.
_REPORT_FOLDER = os.path.join(os.path.dirname(__file__), "_generated", "report")
os.makedirs(_REPORT_FOLDER, exist_ok=True)
html_extra_path = [_REPORT_FOLDER]


# -- Shorter signatures -----------------------------------------------------------
# numpy.typing.ArrayLike is a union of seven private numpy types; autodoc would
# print all of them in every InteractionLog.from_columns parameter. Put the alias's
# public name back. The expansion is computed from the installed numpy, so this
# keeps working when numpy changes the alias. (autodoc_type_aliases would be the
# usual tool, but Sphinx 9 renders aliases inside a union as "TypeAliasForwardRef".)
# Imports stay inside the functions: pytest imports this file (--doctest-modules),
# and the test environment need not have Sphinx installed.
@functools.cache
def _array_like_expansion() -> str:
    import numpy.typing as npt  # noqa: PLC0415 - see above
    from sphinx.util.typing import stringify_annotation  # noqa: PLC0415 - see above

    return stringify_annotation(npt.ArrayLike, "smart")


def _shorten_array_like(  # noqa: PLR0917 - the signature of Sphinx's event
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    if signature:
        signature = signature.replace(_array_like_expansion(), "~numpy.typing.ArrayLike")
    return signature, return_annotation


# -- Doctest blocks without a trailing blank line ------------------------------------
# In Markdown, a doctest's expected output runs until a blank line, so every example
# ends with one before the closing fence (otherwise the fence itself would be
# expected output). Drop that blank line from the rendered page.
def _strip_trailing_blank_lines(app: Sphinx, doctree: nodes.document) -> None:
    from docutils import nodes  # noqa: PLC0415 - see above

    for block in doctree.findall(nodes.literal_block):
        text = block.astext()
        if text.startswith(">>>") and text != text.rstrip():
            block.rawsource = text.rstrip()
            block.children = [nodes.Text(block.rawsource)]


# -- Pictures drawn by the pages' own examples ---------------------------------------
# The images of a page are not committed: before reading the sources, the build runs
# the page's doctests (the code pytest checks) and saves the figure of the named
# Axes into _generated/, where the page's image directives point. So a picture
# always shows what the page's code draws with the installed version.
_PICTURES = {
    "how-to/plot-a-value-flow.md": {
        "ax": "value-flow.png",
        "summary": "value-flow-summary.png",
        "chart": "assessment-radar.png",
    },
    "tutorials/recordfarm-case.md": {
        "inflow_ax": "recordfarm-inflow.png",
        "reach_ax": "recordfarm-reach.png",
        "adoption_ax": "recordfarm-adoption.png",
    },
}
_GENERATED = "_generated"


def _draw_pictures(app: Sphinx) -> None:
    import contextlib  # noqa: PLC0415 - see above
    import doctest  # noqa: PLC0415 - see above
    import io  # noqa: PLC0415 - see above
    from pathlib import Path  # noqa: PLC0415 - see above

    source = Path(app.srcdir)
    (source / _GENERATED).mkdir(exist_ok=True)
    for page, pictures in _PICTURES.items():
        text = (source / page).read_text(encoding="utf-8")
        namespace: dict[str, object] = {"__name__": f"docs:{page}"}
        # What the examples print is checked by the doctests; the build stays quiet.
        with contextlib.redirect_stdout(io.StringIO()):
            for example in doctest.DocTestParser().get_examples(text, page):
                exec(compile(example.source, f"{page}:{example.lineno + 1}", "exec"), namespace)
        for name, file in pictures.items():
            axes: Any = namespace[name]
            axes.figure.savefig(source / _GENERATED / file, dpi=110)


# -- The bundled data's report --------------------------------------------------------
# Written by the command a reader would run, so the docs show what it gives with the
# installed version.
def _write_report(app: Sphinx) -> None:
    from valuecocreation.cli import main  # noqa: PLC0415 - see above

    target = os.path.join(_REPORT_FOLDER, "recordfarm-report.html")
    code = main(["demo", "--quiet", "--force", "-o", os.devnull, "--report", target])
    if code != 0:
        raise RuntimeError(f"valuecocreation demo --report exited {code}")


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-signature", _shorten_array_like)
    app.connect("doctree-read", _strip_trailing_blank_lines)
    app.connect("builder-inited", _draw_pictures)
    app.connect("builder-inited", _write_report)
