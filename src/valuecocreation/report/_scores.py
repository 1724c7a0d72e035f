"""Sections from an assessment and a series: the headline, drivers and conditions, evolution.

Each function takes the result objects and returns :class:`Section` pieces; the
numbers are the objects' own, formatted by :mod:`._format`, never recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from valuecocreation.assessment import Assessment, AssessmentSeries
from valuecocreation.findings import Finding
from valuecocreation.framework import Framework, get_framework
from valuecocreation.report import _charts as charts
from valuecocreation.report._format import count, interval, is_missing, number, percent, signed
from valuecocreation.report._parts import Chart, Section, Table

__all__ = [
    "balance_section",
    "carried_findings",
    "conditions_section",
    "evolution_section",
    "headline",
]


@runtime_checkable
class _CarriesFindings(Protocol):
    findings: tuple[Finding, ...]


def carried_findings(result: object) -> tuple[Finding, ...]:
    """The findings a result carries, or none for a result from before findings existed."""
    return tuple(result.findings) if isinstance(result, _CarriesFindings) else ()


def _framework(assessment: Assessment) -> Framework:
    return get_framework(assessment.framework)


def headline(assessment: Assessment) -> Section:
    """The index in one sentence with its coverage and the whole result's findings."""
    drivers = len(assessment.drivers)
    covered = round(assessment.index_coverage * drivers)
    scored = sum(score.has_evidence for score in assessment.conditions)
    own = carried_findings(assessment)
    # The sentence carries each caveat's first clause; the findings below it say all.
    caveats = [f.message.split(": ", 1)[0] for f in own if f.severity.rank >= 1]
    # An assessment that judges its own index (index_provisional, index_undefined)
    # says it better; otherwise the coverage is said here.
    if covered < drivers and not any(f.code.startswith("index_") for f in own):
        caveats.insert(
            0,
            f"provisional: it averages {covered} of {drivers} drivers, the others have no evidence",
        )
    sentence = (
        f"Co-creation index {number(assessment.index)} ({assessment.aggregate} of {covered} of "
        f"{drivers} drivers; {scored} of {len(assessment.conditions)} conditions scored) from "
        f"{count(assessment.interactions)} interactions of {count(assessment.active_actors)} "
        f"active actors"
    )
    sentence += (" - " + "; ".join(caveats) + ".") if caveats else "."
    strongest = [d for d in assessment.drivers if not is_missing(d.value)]
    text = [sentence]
    if strongest:
        top = max(strongest, key=lambda d: d.value)
        low = min(strongest, key=lambda d: d.value)
        text.append(
            f"Strongest driver: {top.driver} ({number(top.value)}); weakest: {low.driver} "
            f"({number(low.value)})."
        )
    return Section(key="headline", heading="Headline", text=text, findings=own)


def conditions_section(assessment: Assessment) -> Section:
    """Drivers and conditions: a radar, a dot-and-interval chart, and their table."""
    framework = _framework(assessment)
    group = {d.key: i for i, d in enumerate(framework.drivers)}
    marks = [
        charts.Mark(
            score.condition,
            score.value,
            score.interval,
            group.get(framework.condition(score.condition).driver.key, 0),
        )
        for score in assessment.conditions
    ]
    missing = [m.label for m in marks if is_missing(m.value)]
    gap = f" No evidence for {', '.join(missing)}: drawn as missing." if missing else ""
    table = Table(
        caption="Condition scores",
        columns=("condition", "driver", "score", "interval", "indicator", "target", "n", "basis"),
        rows=[
            (
                score.condition,
                framework.condition(score.condition).driver.key,
                number(score.value),
                interval(score.interval),
                number(score.indicator, 4),
                number(score.target, 4),
                count(score.n),
                score.scorer if score.has_evidence else f"{score.scorer}: {score.reason}",
            )
            for score in assessment.conditions
        ],
    )
    radar_title = "Conditions on one radar (0 = none, 1 = the target met)"
    dots_title = "Condition scores with their confidence intervals"
    driver_table = Table(
        caption="Driver scores",
        columns=("driver", "score", "conditions scored"),
        rows=[(d.driver, number(d.value), percent(d.coverage, 0)) for d in assessment.drivers],
    )
    return Section(
        key="conditions",
        heading="Drivers and conditions",
        text=[
            "Each condition scores 0 to 1 against its target; the driver is the mean of "
            "its scored conditions." + gap
        ],
        findings=[f for d in assessment.drivers for f in carried_findings(d)]
        + [f for s in assessment.conditions for f in carried_findings(s)],
        charts=[
            Chart(
                key="radar",
                title=radar_title,
                alt=f"Radar of {len(marks)} condition scores, coloured by driver.{gap}",
                svg=charts.radar(
                    "radar",
                    radar_title,
                    "condition radar",
                    marks,
                    groups=[d.key for d in framework.drivers],
                ),
                table=table,
            ),
            Chart(
                key="conditions",
                title=dots_title,
                alt="Each condition's score as a dot, its interval as a bar." + gap,
                svg=charts.dot_interval("conditions", dots_title, "condition intervals", marks),
                table=table,
            ),
        ],
        tables=[driver_table],
    )


def _overlaps(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    # Without both intervals the change cannot be said to exceed its uncertainty.
    if a is None or b is None:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def evolution_section(series: AssessmentSeries) -> Section:
    """Small multiples of every condition over the windows; changes beyond both intervals ringed."""
    segments = sorted({item.segment for item in series.items})
    shown = segments[0] if segments else ""
    items: Sequence[Assessment] = [item for item in series.items if item.segment == shown]
    text = [
        (
            f"{len(items)} windows ({series.period or 'all'}). A ringed point changed by more "
            "than its uncertainty: its interval and the previous window's do not overlap."
        )
    ]
    if len(segments) > 1:
        text.append(f"Segment shown: {shown or '(none)'} of {len(segments)} segments.")
    if not items:
        return Section(key="evolution", heading="Value evolution", text=text)
    framework = _framework(items[0])
    panels, rows = [], []
    for driver in framework.drivers:
        for condition in framework.conditions_of(driver):
            marks, flags = [], []
            previous = None
            for item in items:
                score = item.condition(condition.key)
                marks.append(charts.Mark(item.window, score.value, score.interval))
                flagged = (
                    previous is not None
                    and not is_missing(score.value)
                    and not is_missing(previous.value)
                    and not _overlaps(score.interval, previous.interval)
                )
                change = _change(score.value, previous.value if previous else None)
                rows.append(
                    (
                        item.window,
                        condition.key,
                        number(score.value),
                        interval(score.interval),
                        signed(change),
                        "yes" if flagged else "no",
                    )
                )
                flags.append(flagged)
                previous = score
            panels.append(
                charts.Panel(f"{driver.key}: {condition.key}", tuple(marks), tuple(flags))
            )
    table = Table(
        caption="Condition scores per window",
        columns=("window", "condition", "score", "interval", "change", "beyond uncertainty"),
        rows=rows,
    )
    title = "Every condition over the windows, one row of panels per driver"
    beyond = sum(row[-1] == "yes" for row in rows)
    return Section(
        key="evolution",
        heading="Value evolution",
        text=text,
        charts=[
            Chart(
                key="evolution",
                title=title,
                alt=f"{len(panels)} small line charts of condition scores over {len(items)} "
                f"windows with interval bars; {beyond} changes exceed their uncertainty.",
                svg=charts.small_multiples("evolution", title, "evolution", panels),
                table=table,
            )
        ],
    )


def _change(value: float, previous: float | None) -> float | None:
    """``value - previous``; ``None`` for the first window (there is no change to show)."""
    return None if previous is None else value - previous


def balance_section(assessment: Assessment) -> Section:
    """The value balance of users and firms: what each side internalizes and externalizes."""
    groups = [(b.party.value, b.internalized, b.externalized) for b in assessment.value_balance]
    table = Table(
        caption="Value balance",
        columns=("party", "internalized", "externalized", "net", "internalizing", "externalizing"),
        rows=[
            (
                b.party.value,
                number(b.internalized),
                number(b.externalized),
                signed(b.net),
                ", ".join(b.internalizing),
                ", ".join(b.externalizing),
            )
            for b in assessment.value_balance
        ],
    )
    title = "Value internalized and externalized, per party"
    return Section(
        key="balance",
        heading="Value balance of users and firms",
        text=[
            (
                "Users take value in through experience and satisfaction and give it out "
                "through expression and share; firms do the mirror (Kim & Choi 2019, Figure 1)."
            )
        ],
        charts=[
            Chart(
                key="balance",
                title=title,
                alt="Two bars per party: internalized and externalized value on 0 to 1.",
                svg=charts.paired_bars(
                    "balance", title, "balance", groups, ("internalized", "externalized")
                ),
                table=table,
            )
        ],
    )
