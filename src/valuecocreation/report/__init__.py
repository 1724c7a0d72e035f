"""One report from the whole analysis: a self-contained HTML file, and Markdown.

:func:`build_report` takes whichever results there are (an assessment, a series,
a funnel, a value-flow graph, survey answers, a reliability report, a diagnosis,
a plan, simulations) and composes a :class:`Report` with one section per result:
a headline that carries its findings, drivers and conditions (a radar and a
dot-and-interval chart), value evolution (small multiples), the funnel, the
value-flow graph, the value balance, the survey, and data and provenance.

:meth:`Report.write_html` writes one file a browser shows without a network
request or a script: inline CSS (with a print stylesheet) and inline SVG charts,
each with a title, alt text and the table of its numbers, in Okabe & Ito's
colour-blind-safe palette. :meth:`Report.write_markdown` writes Markdown with the
charts as SVG files beside it. The same results give the same bytes.

The templates need Jinja2 and markdown-it-py: ``pip install 'valuecocreation[report]'``.
Diagnoses, plans and simulations enter through the :class:`Renderable` protocol
(``to_dict()`` and ``to_markdown()``), so results of new analyses appear as
sections without a change here.

Examples
--------
>>> import valuecocreation as vcc
>>> from valuecocreation.report import build_report
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "shop", "kind": "share", "timestamp": "2024-01-05"},
...     {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-07"},
... ])
>>> report = build_report(assessment=vcc.assess(log, actors={"shop": "firm"}),
...                       title="Shop, January")
>>> report
<Report 'Shop, January': headline, conditions, balance, provenance>
>>> print(report.section("headline").text[0])
Co-creation index n/a (mean of 1 of 4 drivers; 2 of 12 conditions scored) from 2
interactions of 1 active actors - the index is nan.
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.report._build import REPORT_SCHEMA_VERSION, Report, build_report
from valuecocreation.report._charts import PALETTE
from valuecocreation.report._given import DiagnosisLike, InputFile, Renderable
from valuecocreation.report._parts import Chart, Section, Table

__all__ = [
    "PALETTE",
    "REPORT_SCHEMA_VERSION",
    "Chart",
    "DiagnosisLike",
    "InputFile",
    "Renderable",
    "Report",
    "Section",
    "Table",
    "build_report",
]
publish(globals(), __all__)
