"""One report of reliability and validity per construct, flagged against conventional thresholds."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.errors import ArgumentTypeError, UnknownKeyError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.measurement._alpha import alpha_of
from valuecocreation.measurement._common import floats, strs, to_json
from valuecocreation.measurement._factor import omega_of, one_factor
from valuecocreation.measurement._input import Missing, check_missing, read_constructs
from valuecocreation.measurement._moments import moments, respondents
from valuecocreation.measurement._rho_a import principal_weights, rho_a_of
from valuecocreation.measurement._validity import (
    ConstructMatrix,
    FornellLarcker,
    fornell_larcker_of,
    htmt_matrix,
)

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "Check",
    "ConstructReliability",
    "ReliabilityReport",
    "Thresholds",
    "reliability_report",
]

REPORT_SCHEMA_VERSION: Final = 2
_READABLE: Final = (1, 2)  # version 1 had no item-total correlations and no findings
Rule = Literal[">=", ">", "<"]


def _level(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 < value <= 1.0:
        raise ValidationError(
            f"the {attribute.name} threshold must be a number in (0, 1]",
            column=attribute.name,
            value=value,
        )


@attrs.frozen(kw_only=True)
class Thresholds:
    """The conventional cut-offs a :class:`ReliabilityReport` checks values against.

    Defaults: alpha, rho_A, rho_C and omega at least 0.70 (Nunnally 1978; Hair et
    al. 2022), AVE at least 0.50 (Fornell & Larcker 1981), HTMT below 0.85
    (Henseler, Ringle & Sarstedt 2015; pass ``htmt=0.90`` for their liberal
    cut-off, meant for conceptually close constructs).
    """

    alpha: float = attrs.field(default=0.70, validator=_level)
    rho_a: float = attrs.field(default=0.70, validator=_level)
    rho_c: float = attrs.field(default=0.70, validator=_level)
    omega: float = attrs.field(default=0.70, validator=_level)
    ave: float = attrs.field(default=0.50, validator=_level)
    htmt: float = attrs.field(default=0.85, validator=_level)

    def to_dict(self) -> dict[str, float]:
        """Plain, JSON-ready data."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thresholds:
        """The inverse of :meth:`to_dict`."""
        with reading("thresholds"):
            return cls(**data)


def _passed(value: bool | None) -> bool | None:
    return None if value is None else bool(value)


@attrs.frozen(kw_only=True, eq=False)
class Check:
    """One value compared with its threshold: ``value rule threshold`` is ``passed``.

    ``passed`` is ``None`` when the value is nan: an undefined statistic is
    neither a pass nor a failure.
    """

    metric: str
    """``alpha``, ``rho_a``, ``rho_c``, ``omega``, ``ave``, ``htmt`` or ``fornell_larcker``."""
    constructs: tuple[str, ...] = attrs.field(converter=strs)
    value: float = attrs.field(converter=float)
    threshold: float = attrs.field(converter=float)
    rule: Rule

    @property
    def passed(self) -> bool | None:
        """Whether the value meets the threshold; ``None`` when either is nan."""
        if math.isnan(self.value) or math.isnan(self.threshold):
            return None
        if self.rule == ">=":
            return self.value >= self.threshold
        if self.rule == ">":
            return self.value > self.threshold
        return self.value < self.threshold

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (``passed`` included)."""
        return {
            "metric": self.metric,
            "constructs": list(self.constructs),
            "value": to_json(self.value),
            "threshold": to_json(self.threshold),
            "rule": self.rule,
            "passed": self.passed,
        }

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class ConstructReliability:
    """Internal-consistency reliability and convergent validity of one construct."""

    name: str
    items: tuple[str, ...] = attrs.field(converter=strs)
    alpha: float = attrs.field(converter=float)
    standardized_alpha: float = attrs.field(converter=float)
    rho_a: float = attrs.field(converter=float)
    """Dijkstra-Henseler rho_A with principal-component weights."""
    rho_c: float = attrs.field(converter=float)
    omega: float = attrs.field(converter=float)
    ave: float = attrs.field(converter=float)
    loadings: tuple[float, ...] = attrs.field(converter=floats)
    """One-factor standardized (minres) loadings, in the order of ``items``."""
    heywood: bool = False
    converged: bool = True
    n_respondents: int
    item_total: tuple[float, ...] = attrs.field(default=(), converter=floats)
    """Corrected item-total correlations (each item with the sum of the others)."""
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    """What the values cannot carry, such as items that look reverse-coded."""

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (full-precision floats)."""
        return {
            "name": self.name,
            "items": list(self.items),
            "alpha": self.alpha,
            "standardized_alpha": self.standardized_alpha,
            "rho_a": self.rho_a,
            "rho_c": self.rho_c,
            "omega": self.omega,
            "ave": self.ave,
            "loadings": list(self.loadings),
            "heywood": self.heywood,
            "converged": self.converged,
            "n_respondents": self.n_respondents,
            "item_total": [to_json(value) for value in self.item_total],
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConstructReliability:
        """The inverse of :meth:`to_dict`."""
        with reading("construct reliability"):
            fields = dict(data)
            fields["item_total"] = [
                math.nan if value is None else value for value in fields.get("item_total", ())
            ]
            fields["findings"] = [Finding.from_dict(f) for f in fields.get("findings", ())]
            return cls(**fields)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]


def _constructs(value: Iterable[ConstructReliability]) -> tuple[ConstructReliability, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class ReliabilityReport:
    """Reliability and discriminant validity of a measurement model, with threshold checks.

    Build it with :func:`reliability_report`. :attr:`checks` compares every
    value with ``thresholds``; :meth:`table` (and ``str(report)``) prints it
    all as plain text. Values are full-precision floats; only the table rounds.
    """

    constructs: tuple[ConstructReliability, ...] = attrs.field(converter=_constructs)
    htmt: ConstructMatrix
    htmt2: ConstructMatrix
    fornell_larcker: FornellLarcker
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    n_respondents: int
    """Respondents the item correlations rest on (see :func:`reliability_report`)."""
    missing: Missing

    def construct(self, name: str) -> ConstructReliability:
        """The results of the construct ``name``.

        Raises
        ------
        UnknownKeyError
            Listing the constructs of the report.
        """
        for construct in self.constructs:
            if construct.name == name:
                return construct
        raise UnknownKeyError("construct", name, [c.name for c in self.constructs])

    @property
    def checks(self) -> tuple[Check, ...]:
        """Each value against its threshold, per construct, then HTMT, then Fornell-Larcker."""
        t = self.thresholds
        out = []
        for c in self.constructs:
            for metric, value, threshold in (
                ("alpha", c.alpha, t.alpha),
                ("rho_a", c.rho_a, t.rho_a),
                ("rho_c", c.rho_c, t.rho_c),
                ("omega", c.omega, t.omega),
                ("ave", c.ave, t.ave),
            ):
                out.append(
                    Check(
                        metric=metric,
                        constructs=(c.name,),
                        value=value,
                        threshold=threshold,
                        rule=">=",
                    )
                )
        out.extend(
            Check(metric="htmt", constructs=(a, b), value=value, threshold=t.htmt, rule="<")
            for a, b, value in self.htmt.pairs()
        )
        fl = self.fornell_larcker
        out.extend(
            Check(
                metric="fornell_larcker",
                constructs=(name,),
                value=root,
                threshold=largest,
                rule=">",
            )
            for name, root, largest in zip(
                fl.constructs, fl.sqrt_ave, fl.largest_correlation, strict=True
            )
        )
        return tuple(out)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings of every construct, in construct order."""
        return tuple(finding for c in self.constructs for finding in c.findings)

    @property
    def failed(self) -> tuple[Check, ...]:
        """The checks whose value misses its threshold."""
        return tuple(check for check in self.checks if check.passed is False)

    # ------------------------------------------------------------------ serialising
    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``; ``checks`` are recomputed on load."""
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "n_respondents": self.n_respondents,
            "missing": self.missing,
            "thresholds": self.thresholds.to_dict(),
            "constructs": [c.to_dict() for c in self.constructs],
            "htmt": self.htmt.to_dict(),
            "htmt2": self.htmt2.to_dict(),
            "fornell_larcker": self.fornell_larcker.to_dict(),
            "checks": [check.to_dict() for check in self.checks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReliabilityReport:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When ``schema_version`` is not one this version reads, or a field is
            missing or malformed.
        """
        version = data.get("schema_version") if isinstance(data, Mapping) else None
        if version not in _READABLE:
            check_version(data, REPORT_SCHEMA_VERSION, "reliability report")
        with reading("reliability report"):
            return cls(
                constructs=[ConstructReliability.from_dict(c) for c in data["constructs"]],
                htmt=ConstructMatrix.from_dict(data["htmt"]),
                htmt2=ConstructMatrix.from_dict(data["htmt2"]),
                fornell_larcker=FornellLarcker.from_dict(data["fornell_larcker"]),
                thresholds=Thresholds.from_dict(data["thresholds"]),
                n_respondents=data["n_respondents"],
                missing=data["missing"],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text (strict JSON: no NaN literals)."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> ReliabilityReport:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ reading
    def __repr__(self) -> str:
        return (
            f"<ReliabilityReport: {len(self.constructs)} constructs, "
            f"{self.n_respondents} respondents, {len(self.failed)} checks failed>"
        )

    def __str__(self) -> str:
        return self.table()

    def table(self) -> str:
        """The report as a plain-text table; ``*`` marks a value that misses its threshold."""
        return _render(self)


def reliability_report(
    data: Any,  # noqa: ANN401 - a 2-D array-like or an eager DataFrame
    constructs: Mapping[str, Sequence[str]],
    *,
    items: Sequence[str] | None = None,
    missing: Missing = "pairwise",
    thresholds: Thresholds | Mapping[str, float] | None = None,
) -> ReliabilityReport:
    """Reliability, convergent and discriminant validity of every construct, in one report.

    Per construct: Cronbach's alpha (raw and standardized), rho_A (principal
    component weights), composite reliability rho_C, McDonald's omega total and
    AVE, all from one item correlation (and covariance) matrix; for the model:
    HTMT, HTMT2 and the Fornell-Larcker criterion. Each value is checked against
    :class:`Thresholds` (conventional ones by default).

    All statistics come from one pass over the data: the covariance and
    correlation matrix of every item the constructs name. With
    ``missing="listwise"`` that means only the respondents who answered *every*
    item of *every* construct, the same sample throughout the report;
    ``"pairwise"`` uses, for each pair of items, everyone who answered both, and a
    construct's ``n_respondents`` counts those who answered any of its items.

    Parameters
    ----------
    data
        Responses: rows are respondents, columns items (see
        :func:`~valuecocreation.measurement.cronbach_alpha`). Table columns that
        no construct names are ignored.
    constructs
        Each construct's name and its items (at least two each, no item in two).
    items
        Names for an array's columns (default ``item_0``, ``item_1``...).
    missing
        ``"pairwise"`` (default) or ``"listwise"``.
    thresholds
        A :class:`Thresholds`, or a mapping of some of its fields
        (``{"htmt": 0.90}``); the defaults otherwise.

    Raises
    ------
    ValidationError
        As :func:`~valuecocreation.measurement.htmt`, and for bad thresholds.

    Examples
    --------
    >>> import numpy as np
    >>> from valuecocreation.measurement import reliability_report
    >>> rng = np.random.default_rng(5)
    >>> a, b = rng.normal(size=(2, 500))
    >>> columns = {f"a{i}": a + rng.normal(scale=0.6, size=500) for i in range(3)}
    >>> columns |= {f"b{i}": 0.3 * a + b + rng.normal(scale=1.3, size=500) for i in range(3)}
    >>> report = reliability_report(np.column_stack(list(columns.values())),
    ...                             {"A": ["a0", "a1", "a2"], "B": ["b0", "b1", "b2"]},
    ...                             items=list(columns))
    >>> round(report.construct("A").alpha, 3), round(report.htmt.get("A", "B"), 3)
    (0.892, 0.294)
    >>> [(check.metric, check.constructs) for check in report.failed][-1]
    ('ave', ('B',))
    >>> print(report.table())
    Reliability and validity: 2 constructs, 500 respondents (missing: pairwise)
    <BLANKLINE>
    construct  items   alpha  std alpha   rho_A   rho_C   omega     AVE
    A              3   0.892      0.893   0.893   0.893   0.893   0.735
    B              3  0.675*      0.675  0.675*  0.675*  0.675*  0.409*
    * below its threshold: alpha 0.7, rho_A 0.7, rho_C 0.7, omega 0.7, AVE 0.5
    <BLANKLINE>
    HTMT (* at or above 0.85)
           A
    B  0.294
    <BLANKLINE>
    HTMT2 (geometric means)
           A
    B  0.292
    <BLANKLINE>
    Fornell-Larcker (sqrt(AVE) above every |construct correlation|)
    construct  sqrt(AVE)  largest |r|  passed
    A              0.857        0.228     yes
    B              0.640        0.228     yes
    """
    policy = check_missing(missing)
    limits = _thresholds(thresholds)
    matrix, checked = read_constructs(data, constructs, items)
    stats = moments(matrix, policy)
    present = ~np.isnan(matrix.values)
    blocks = {name: matrix.index(names) for name, names in checked.items()}
    results = []
    for name, names in checked.items():
        index = np.asarray(blocks[name])
        grid = np.ix_(index, index)
        cov, corr = stats.cov[grid], np.ascontiguousarray(stats.corr[grid])
        loadings, _, converged, heywood = one_factor(corr)
        item_total = _item_total(cov)
        common = float(loadings.sum()) ** 2
        results.append(
            ConstructReliability(
                name=name,
                items=names,
                alpha=alpha_of(cov, name),
                standardized_alpha=alpha_of(corr, name),
                rho_a=rho_a_of(corr, principal_weights(corr)),
                rho_c=common / (common + float((1.0 - loadings * loadings).sum())),
                omega=omega_of(loadings, corr),
                ave=float((loadings * loadings).mean()),
                loadings=loadings.tolist(),
                heywood=heywood,
                converged=converged,
                n_respondents=respondents(matrix, present, names, policy),
                item_total=item_total.tolist(),
                findings=_reverse_coding(name, names, item_total, loadings),
            )
        )
    return ReliabilityReport(
        constructs=results,
        htmt=ConstructMatrix(
            constructs=list(blocks),
            values=htmt_matrix(stats.corr, blocks, geometric=False, absolute=True),
        ),
        htmt2=ConstructMatrix(
            constructs=list(blocks),
            values=htmt_matrix(stats.corr, blocks, geometric=True, absolute=True),
        ),
        fornell_larcker=fornell_larcker_of(stats.corr, blocks, [r.ave for r in results]),
        thresholds=limits,
        n_respondents=stats.n_respondents,
        missing=policy,
    )


def _item_total(cov: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Corrected item-total correlations from a covariance block (as item_analysis)."""
    row = cov.sum(axis=1)
    diagonal = np.diag(cov)
    rest_variance = cov.sum() - 2.0 * row + diagonal
    with np.errstate(invalid="ignore", divide="ignore"):
        result: npt.NDArray[np.float64] = (row - diagonal) / np.sqrt(diagonal * rest_variance)
    return result


def _reverse_coding(
    name: str,
    items: Sequence[str],
    item_total: npt.NDArray[np.float64],
    loadings: npt.NDArray[np.float64],
) -> list[Finding]:
    """A negative item-total correlation or loading: an item probably not reverse-coded."""
    suspects = [
        item
        for item, r, loading in zip(items, item_total.tolist(), loadings.tolist(), strict=True)
        if r < 0.0 or loading < 0.0
    ]
    if not suspects:
        return []
    lowest = float(np.nanmin(item_total)) if np.isfinite(item_total).any() else math.nan
    return [
        Finding(
            code="reverse_coding_suspected",
            severity=Severity.SEVERE,
            message=(
                f"{', '.join(suspects)} of {name} run against the other items (lowest "
                f"corrected item-total correlation {lowest:.2f}): a negatively worded item "
                "that was not reverse-coded? Its alpha, rho_C, omega and AVE do not measure "
                "one construct until it is recoded"
            ),
            subject=name,
            numbers={"lowest_item_total": lowest, "suspects": len(suspects)},
            section="Cronbach (1951), Psychometrika 16, 297-334: items of one scale correlate",
        )
    ]


def _thresholds(value: Thresholds | Mapping[str, float] | None) -> Thresholds:
    if value is None:
        return Thresholds()
    if isinstance(value, Thresholds):
        return value
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - set(attrs.fields_dict(Thresholds)))
        if unknown:
            raise ValidationError(
                f"unknown thresholds {unknown}; known: {list(attrs.fields_dict(Thresholds))}",
                column="thresholds",
                value=unknown,
            )
        return Thresholds(**value)
    raise ArgumentTypeError(
        "thresholds must be a Thresholds or a mapping of its fields",
        column="thresholds",
        value=value,
    )


# The plain-text table.

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


def _render(report: ReliabilityReport) -> str:
    """The text of :meth:`ReliabilityReport.table` (rounded for reading; the data are not)."""
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
