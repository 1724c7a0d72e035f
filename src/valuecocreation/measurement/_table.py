"""The plain-text table of a reliability report (rounded for reading; the data are not)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from valuecocreation.measurement._report import ReliabilityReport
    from valuecocreation.measurement._validity import ConstructMatrix

__all__ = ["render"]

_MARK = "*"


def _number(value: float, failed: bool | None = False) -> str:
    text = "nan" if math.isnan(value) else f"{value:.3f}"
    return text + (_MARK if failed else "")


def _grid(rows: list[list[str]], right_from: int = 1) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(widths[i]) if i < right_from else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _matrix_lines(matrix: ConstructMatrix, threshold: float | None) -> list[str]:
    names = matrix.constructs
    rows = [["", *names[:-1]]]
    for i in range(1, len(names)):
        row = [names[i]]
        for j in range(len(names) - 1):
            if j >= i:
                row.append("")
                continue
            value = float(matrix.values[i, j])
            failed = threshold is not None and not math.isnan(value) and value >= threshold
            row.append(_number(value, failed))
        rows.append(row)
    return _grid(rows)


def render(report: ReliabilityReport) -> str:
    """The text of :meth:`ReliabilityReport.table`."""
    t = report.thresholds
    title = (
        f"Reliability and validity: {len(report.constructs)} constructs, "
        f"{report.n_respondents} respondents (missing: {report.missing})"
    )
    lines = [title, ""]
    rows = [["construct", "items", "alpha", "std alpha", "rho_A", "rho_C", "omega", "AVE"]]
    notes = []
    for c in report.constructs:
        rows.append(
            [
                c.name,
                str(len(c.items)),
                _number(c.alpha, c.alpha < t.alpha),
                _number(c.standardized_alpha),
                _number(c.rho_a, c.rho_a < t.rho_a),
                _number(c.rho_c, c.rho_c < t.rho_c),
                _number(c.omega, c.omega < t.omega),
                _number(c.ave, c.ave < t.ave),
            ]
        )
        if c.heywood:
            notes.append(
                f"{c.name}: Heywood case (a loading reached 1); read rho_C, omega and AVE with care"
            )
        if not c.converged:
            notes.append(f"{c.name}: the one-factor solution did not converge")
        notes.extend(finding.line() for finding in c.findings)
    lines += _grid(rows)
    lines.append(
        f"{_MARK} below its threshold: alpha {t.alpha:g}, rho_A {t.rho_a:g}, "
        f"rho_C {t.rho_c:g}, omega {t.omega:g}, AVE {t.ave:g}"
    )
    lines += notes
    if len(report.constructs) > 1:
        lines += ["", f"HTMT ({_MARK} at or above {t.htmt:g})"]
        lines += _matrix_lines(report.htmt, t.htmt)
        lines += ["", "HTMT2 (geometric means)"]
        lines += _matrix_lines(report.htmt2, None)
        fl = report.fornell_larcker
        lines += ["", "Fornell-Larcker (sqrt(AVE) above every |construct correlation|)"]
        fl_rows = [["construct", "sqrt(AVE)", "largest |r|", "passed"]]
        for name, root, largest, passed in zip(
            fl.constructs, fl.sqrt_ave, fl.largest_correlation, fl.passed, strict=True
        ):
            fl_rows.append(
                [
                    name,
                    _number(root),
                    _number(largest),
                    "n/a" if passed is None else ("yes" if passed else "no"),
                ]
            )
        lines += _grid(fl_rows)
    return "\n".join(lines)
