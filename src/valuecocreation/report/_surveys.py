"""Sections from survey answers and a reliability report.

Condition means come from the survey scorer (:class:`~valuecocreation.scoring.survey.
LikertScorer`, the one :func:`~valuecocreation.assess` uses), group comparisons from
:func:`~valuecocreation.survey.compare_groups`, and verdicts from the reliability
report's own :attr:`~valuecocreation.measurement.ReliabilityReport.checks`.
"""

from __future__ import annotations

import math

from valuecocreation.evidence import Evidence
from valuecocreation.measurement import ReliabilityReport
from valuecocreation.report import _charts as charts
from valuecocreation.report._format import count, interval, number, p_value, signed
from valuecocreation.report._parts import Chart, Section, Table
from valuecocreation.scoring import ScoringInputs
from valuecocreation.scoring.survey import LikertScorer
from valuecocreation.survey import GroupComparison, SurveyResponses, compare_groups

__all__ = ["GROUPS", "reliability_section", "survey_section"]

GROUPS = ("group", "before", "after")
"""The respondent attribute and the two groups compared when the survey has them."""


def _conditions(responses: SurveyResponses) -> list[str]:
    found = (item.condition for item in responses.instrument.items)
    return [key for key in dict.fromkeys(found) if key is not None]


def _comparisons(responses: SurveyResponses, keys: list[str]) -> list[GroupComparison]:
    by, a, b = GROUPS
    if by not in responses.attributes:
        return []
    present = set(responses.attribute(by).tolist())
    if not {a, b} <= present:
        return []
    return [compare_groups(responses, by, a, b, condition=key) for key in keys]


def survey_section(responses: SurveyResponses) -> Section:
    """Condition means with intervals and, when the survey has groups, their comparison."""
    keys = _conditions(responses)
    inputs = ScoringInputs(Evidence.empty(), survey=responses)
    scorer = LikertScorer()
    scores = [scorer.score(inputs, key) for key in keys]
    means = Table(
        caption="Survey condition means",
        columns=("condition", "score", "interval", "mean on the scale", "respondents"),
        rows=[
            (s.condition, number(s.value), interval(s.interval), number(s.indicator), count(s.n))
            for s in scores
        ],
    )
    title = "Agreement per condition, rescaled to 0-1, with 95% intervals"
    chart_list = [
        Chart(
            key="survey",
            title=title,
            alt=f"Dots of {len(scores)} survey condition means on 0 to 1 with interval bars.",
            svg=charts.dot_interval(
                "survey",
                title,
                "survey means",
                [charts.Mark(s.condition, s.value, s.interval) for s in scores],
                reference=0.5,
            ),
            table=means,
        )
    ]
    text = [f"{count(len(responses))} respondents; the dashed line is the scale's midpoint."]
    compared = _comparisons(responses, keys)
    if compared:
        by, a, b = GROUPS
        widest = max(
            [abs(x) for c in compared if c.interval for x in c.interval if not math.isnan(x)]
            + [0.5]
        )
        span = math.ceil(widest * 2) / 2
        table = Table(
            caption=f"{b} against {a} ({by})",
            columns=(
                "condition",
                f"n {a}",
                f"n {b}",
                f"mean {a}",
                f"mean {b}",
                "difference",
                "interval",
                "p",
                "Hedges' g",
            ),
            rows=[
                (
                    c.key,
                    count(c.n_a),
                    count(c.n_b),
                    number(c.mean_a),
                    number(c.mean_b),
                    signed(c.difference),
                    interval(c.interval),
                    p_value(c.p_value),
                    number(c.hedges_g),
                )
                for c in compared
            ],
        )
        diff_title = f"Difference {b} minus {a}, in scale points, with Welch 95% intervals"
        chart_list.append(
            Chart(
                key="groups",
                title=diff_title,
                alt=f"Dots of the {b}-minus-{a} difference per condition; an interval "
                "crossing the dashed zero line is no clear change.",
                svg=charts.dot_interval(
                    "groups",
                    diff_title,
                    "group differences",
                    [charts.Mark(c.key, c.difference, c.interval) for c in compared],
                    scale=(-span, span),
                    reference=0.0,
                ),
                table=table,
            )
        )
        text.append(f"Groups compared: {b} against {a} by the attribute {by!r} (Welch's t).")
    return Section(key="survey", heading="Survey", text=text, charts=chart_list)


def _verdict(report: ReliabilityReport, name: str) -> str:
    checks = [c for c in report.checks if c.constructs == (name,)]
    failed = [c.metric for c in checks if c.passed is False]
    undefined = [c.metric for c in checks if c.passed is None]
    parts = []
    if failed:
        parts.append("below threshold: " + ", ".join(failed))
    if undefined:
        parts.append("undefined: " + ", ".join(undefined))
    return "; ".join(parts) or "meets every threshold"


def reliability_section(report: ReliabilityReport) -> Section:
    """Reliability per construct with its verdicts, and a chart of alpha against its threshold."""
    t = report.thresholds
    table = Table(
        caption="Reliability per construct",
        columns=("construct", "items", "alpha", "rho_A", "rho_C", "omega", "AVE", "verdict"),
        rows=[
            (
                c.name,
                count(len(c.items)),
                number(c.alpha),
                number(c.rho_a),
                number(c.rho_c),
                number(c.omega),
                number(c.ave),
                _verdict(report, c.name),
            )
            for c in report.constructs
        ],
    )
    htmt = [c for c in report.checks if c.metric == "htmt"]
    failing = [c for c in htmt if c.passed is False]
    title = f"Cronbach's alpha per construct (dashed: the {number(t.alpha)} threshold)"
    return Section(
        key="reliability",
        heading="Reliability",
        text=[
            (
                f"{count(report.n_respondents)} respondents. Thresholds: alpha, rho_A, rho_C and "
                f"omega at least {number(t.alpha)}, AVE at least {number(t.ave)}, HTMT below "
                f"{number(t.htmt)}; {len(failing)} of {len(htmt)} construct pairs fail HTMT."
            )
        ],
        charts=[
            Chart(
                key="reliability",
                title=title,
                alt=f"Dots of alpha for {len(report.constructs)} constructs against the "
                "threshold line.",
                svg=charts.dot_interval(
                    "reliability",
                    title,
                    "alpha per construct",
                    [charts.Mark(c.name, c.alpha) for c in report.constructs],
                    reference=t.alpha,
                ),
                table=table,
            )
        ],
        tables=[
            Table(
                caption="HTMT pairs above the threshold",
                columns=("constructs", "HTMT"),
                rows=[(" / ".join(c.constructs), number(c.value)) for c in failing],
            )
        ]
        if failing
        else [],
    )
