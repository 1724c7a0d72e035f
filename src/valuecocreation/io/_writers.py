"""Results out: JSON, tidy CSV (one row per score) and Markdown.

Assessments, series of them, funnels and reliability reports each have a tidy
form: a list of flat rows with the same columns, one row per number a reader
would look up (a condition's score, a driver's, the index, a funnel stage, a
construct's reliability). CSV writes those rows; Markdown writes them as tables;
JSON writes the lossless ``to_dict`` form, which reads back with ``from_dict``.
Value-flow graphs go to node-link JSON or GraphML.

Text in CSV and Markdown cells comes from the data (segment values from actor
attributes or channel names, cohort labels, ids), so it is written the way
spreadsheet-safe CSV writers write it (OWASP's advice on CSV injection): a text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets
a leading ``'``, so that a spreadsheet shows it as text instead of running it as a
formula. Numbers are written as numbers (``-0.5`` stays as it is). JSON is not
escaped: it is data, read back exactly. Markdown cells also escape ``|``, ``<``,
``>`` and ``&``, so that text cannot end a cell or become HTML.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Literal, get_args

from valuecocreation._core.files import atomic_write
from valuecocreation._core.serial import dumps
from valuecocreation.assessment import Assessment, AssessmentSeries
from valuecocreation.errors import ValidationError
from valuecocreation.funnel import Funnel
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.measurement import ReliabilityReport

__all__ = ["Format", "Result", "render", "tidy_rows", "write_result"]

Result = Assessment | AssessmentSeries | Funnel | ReliabilityReport | ValueFlowGraph
Format = Literal["json", "csv", "md", "graphml"]
"""The formats :func:`write_result` writes (``graphml`` for graphs only)."""

ASSESSMENT_COLUMNS = (
    "window",
    "segment",
    "level",
    "driver",
    "condition",
    "value",
    "interval_low",
    "interval_high",
    "indicator",
    "target",
    "n",
    "coverage",
    "scorer",
    "reason",
)
FUNNEL_COLUMNS = (
    "cohort",
    "stage",
    "position",
    "furthest",
    "reached",
    "reached_at_least",
    "conversion",
    "median_seconds",
)
REPORT_COLUMNS = (
    "construct",
    "items",
    "n_respondents",
    "alpha",
    "standardized_alpha",
    "rho_a",
    "rho_c",
    "omega",
    "ave",
    "failed_checks",
)


def tidy_rows(result: object) -> list[dict[str, Any]]:
    """The tidy rows of ``result``, every row with the same keys (nan stays nan).

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> rows = tidy_rows(vcc.assess(sample_log(), actors={"firm": "firm"}))
    >>> len(rows), rows[0]["level"], rows[-1]["level"]
    (17, 'index', 'condition')
    >>> [row["condition"] for row in rows if row["level"] == "condition"][:3]
    ['accessibility', 'availability', 'awareness']
    """
    if isinstance(result, Assessment):
        return _assessment_rows(result)
    if isinstance(result, AssessmentSeries):
        return [row for item in result.items for row in _assessment_rows(item)]
    if isinstance(result, Funnel):
        return _funnel_rows(result)
    if isinstance(result, ReliabilityReport):
        return _report_rows(result)
    raise ValidationError(
        f"no tidy form for a {type(result).__name__}; pass an Assessment, AssessmentSeries, "
        "Funnel or ReliabilityReport",
        value=type(result).__name__,
    )


def _assessment_rows(result: Assessment) -> list[dict[str, Any]]:
    def row(**values: Any) -> dict[str, Any]:  # noqa: ANN401
        base = dict.fromkeys(ASSESSMENT_COLUMNS, "")
        base.update(window=result.window, segment=result.segment, **values)
        return base

    rows = [
        row(
            level="index",
            value=result.index,
            coverage=result.index_coverage,
            scorer=result.aggregate,
        )
    ]
    driver_of = {}
    for driver in result.drivers:
        rows.append(
            row(
                level="driver",
                driver=driver.driver,
                value=driver.value,
                coverage=driver.coverage,
                reason=driver.reason,
            )
        )
        driver_of.update(dict.fromkeys(driver.conditions, driver.driver))
    for score in result.conditions:
        low, high = score.interval if score.interval is not None else (math.nan, math.nan)
        rows.append(
            row(
                level="condition",
                driver=driver_of.get(score.condition, ""),
                condition=score.condition,
                value=score.value,
                interval_low=low,
                interval_high=high,
                indicator=score.indicator,
                target=math.nan if score.target is None else score.target,
                n=score.n,
                scorer=score.scorer,
                reason=score.reason,
            )
        )
    return rows


def _funnel_rows(result: Funnel) -> list[dict[str, Any]]:
    rows = []
    for line in (result.total, *result.cohorts):
        for position, stage in enumerate(result.stages):
            rows.append(
                {
                    "cohort": line.cohort,
                    "stage": stage,
                    "position": position + 1,
                    "furthest": line.furthest[position],
                    "reached": line.reached[position],
                    "reached_at_least": line.reached_at_least[position],
                    "conversion": line.conversion[position],
                    "median_seconds": line.median_seconds[position],
                }
            )
    return rows


def _report_rows(result: ReliabilityReport) -> list[dict[str, Any]]:
    failed: dict[str, list[str]] = {}
    for check in result.failed:
        for name in check.constructs:
            failed.setdefault(name, []).append(check.metric)
    return [
        {
            "construct": c.name,
            "items": " ".join(c.items),
            "n_respondents": c.n_respondents,
            "alpha": c.alpha,
            "standardized_alpha": c.standardized_alpha,
            "rho_a": c.rho_a,
            "rho_c": c.rho_c,
            "omega": c.omega,
            "ave": c.ave,
            "failed_checks": " ".join(failed.get(c.name, [])),
        }
        for c in result.constructs
    ]


def render(result: object, fmt: Format) -> str:
    """``result`` as text in ``fmt``: ``"json"``, ``"csv"`` or ``"md"``.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> text = render(vcc.assess(sample_log(), actors={"firm": "firm"}), "csv")
    >>> text.splitlines()[0]
    'window,segment,level,driver,condition,value,interval_low,interval_high,indicator,target,n,coverage,scorer,reason'
    >>> print(render(vcc.assess(sample_log(), actors={"firm": "firm"}), "md").splitlines()[2])
    | all | | index | | | 0.8072916666666667 | | | | | | 1.0 | mean | |
    """
    if fmt == "json":
        if isinstance(result, ValueFlowGraph):
            return dumps(result.to_node_link(), indent=2)
        to_dict = getattr(result, "to_dict", None)
        if not isinstance(result, Result) or to_dict is None:
            raise ValidationError(
                f"cannot write a {type(result).__name__} as JSON", value=type(result).__name__
            )
        return dumps(to_dict(), indent=2)
    if fmt == "csv":
        rows = tidy_rows(result)
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(_columns(result, rows)), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
        return buffer.getvalue()
    if fmt == "md":
        rows = tidy_rows(result)
        columns = _columns(result, rows)
        lines = [_md_line(columns), "|" + "---|" * len(columns)]
        lines += [_md_line([_cell(row[c]) for c in columns]) for row in rows]
        return "\n".join(lines) + "\n"
    raise ValidationError(
        f"unknown format {fmt!r}; use one of json, csv, md", column="format", value=fmt
    )


def _columns(result: object, rows: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    if isinstance(result, Assessment | AssessmentSeries):
        return ASSESSMENT_COLUMNS
    if isinstance(result, Funnel):
        return FUNNEL_COLUMNS
    return REPORT_COLUMNS if not rows else tuple(rows[0])


def _md_line(cells: Sequence[str]) -> str:
    """One Markdown table row; ``|`` in a cell is escaped and line breaks become ``<br>``."""
    return "|" + "|".join(f" {_md_text(c)} " if c else " " for c in cells) + "|"


def _md_text(cell: str) -> str:
    escaped = cell.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("|", "\\|")
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """One cell: floats in full precision (``repr``), nan as ``nan``, empty stays empty.

    Text that a spreadsheet would run as a formula gets a leading ``'``:

    >>> print(_cell("=1+1"), _cell("@SUM(A1)"), _cell(-0.5), _cell("-x"), _cell("shop"))
    '=1+1 '@SUM(A1) -0.5 '-x shop
    """
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)


def write_result(
    result: object,
    path: str | os.PathLike[str],
    fmt: Format | None = None,
) -> Path:
    """Write ``result`` to ``path`` in ``fmt`` (from the file's suffix when ``None``).

    Suffixes: ``.json``, ``.csv``, ``.md``, and ``.graphml`` for a graph.

    Raises
    ------
    ValidationError
        For an unknown format or suffix, or a result the format cannot hold.

    Examples
    --------
    >>> import tempfile, pathlib, valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> result = vcc.assess(sample_log(), actors={"firm": "firm"})
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> written = write_result(result, folder / "result.json")
    >>> vcc.Assessment.from_json(written.read_text("utf-8")) == result
    True
    """
    target = Path(path)
    chosen = fmt or target.suffix.lstrip(".").lower()
    if chosen not in get_args(Format):
        raise ValidationError(
            f"cannot tell the format from {target.name!r}; use a .json, "
            ".csv, .md or .graphml name, or pass fmt=",
            column="format",
            value=chosen,
            source=str(target),
        )
    if chosen == "graphml":
        if not isinstance(result, ValueFlowGraph):
            raise ValidationError(
                "only a ValueFlowGraph can be written as GraphML",
                column="format",
                value=type(result).__name__,
            )
        result.write_graphml(target)
        return target
    text = render(result, chosen)  # type: ignore[arg-type]
    with atomic_write(target) as handle:
        handle.write(text)
    return target
