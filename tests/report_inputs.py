"""Inputs shared by the report tests: the whole analysis of the bundled data, and a small log.

Import it as ``from tests import report_inputs``. The RecordFarm analysis takes
seconds, so it is built once per test session (``functools.cache``).
"""

from __future__ import annotations

import functools
from typing import Any

import valuecocreation as vcc
from valuecocreation.findings import Finding
from valuecocreation.report import Report, build_report

SMALL_EVENTS = [
    {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
    {"source": "bob", "target": "shop", "kind": "share", "timestamp": "2024-01-09"},
    {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-10"},
    {"source": "ana", "target": "shop", "kind": "review", "timestamp": "2024-02-02"},
    {"source": "cem", "target": "bob", "kind": "share", "timestamp": "2024-02-03"},
    {"source": "shop", "target": "cem", "kind": "reward", "timestamp": "2024-02-20"},
]
SMALL_ACTORS = {"shop": "firm"}


def small_log() -> vcc.InteractionLog:
    return vcc.InteractionLog.from_records(SMALL_EVENTS)


@functools.cache
def recordfarm() -> dict[str, Any]:
    """Every result of the bundled data, by the name ``build_report`` takes."""
    data = vcc.datasets.load_recordfarm()
    graph = vcc.ValueFlowGraph.from_log(data.log, actors=data.actors)
    survey = data.survey
    constructs = {}
    for condition in dict.fromkeys(item.condition for item in survey.instrument.items):
        items = [item.id for item in survey.items_for(condition)] if condition else []
        if len(items) >= 2:
            constructs[condition] = items
    return {
        "assessment": vcc.assess(data.log, actors=data.actors, graph=graph, survey=survey),
        "series": vcc.assess_over(data.log, period="month", actors=data.actors),
        "funnel": vcc.Funnel.from_log(data.log, actors=data.actors),
        "graph": graph,
        "survey": survey,
        "reliability": vcc.measurement.reliability_report(
            survey.scored(), constructs, items=[item.id for item in survey.instrument.items]
        ),
        "description": data.description,
    }


@functools.cache
def recordfarm_report() -> Report:
    return build_report(**recordfarm(), title="RecordFarm (synthetic)")


class Renderable:
    """A plain result that satisfies the report's Renderable protocol, as a plugin's would."""

    def __init__(
        self,
        name: str,
        findings: tuple[Finding, ...] | None = None,
        level: int = 1,
        extra: str = "",
    ):
        self.name = name
        self.level = level
        self.extra = extra
        if findings is not None:
            self.findings = findings

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name}

    def to_markdown(self) -> str:
        return (
            f"{'#' * self.level} {self.name}\n\n- first point\n- second <b>point</b>\n\n"
            f"{'#' * (self.level + 1)} Costs\n\n"
            "| step | cost |\n| --- | --- |\n| ask | 10 |\n"
            "\n```\n# not a heading\n```\n" + self.extra
        )
