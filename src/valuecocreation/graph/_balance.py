"""Value balance per actor and role, and the reach of the firm's rewards."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np

from valuecocreation.errors import ValidationError
from valuecocreation.findings import Finding
from valuecocreation.framework import ValueDirection
from valuecocreation.graph._common import (
    Floats,
    Result,
    check_graph,
    findings_field,
    firm_mask,
    kind_weights,
    no_firm,
    share,
    user_mask,
)
from valuecocreation.graph._value_flow import ValueFlowGraph
from valuecocreation.model import InteractionKind

__all__ = ["RewardReach", "ValueFlows", "reward_reach", "value_balance"]

_DIRECTIONS = (ValueDirection.INTERNALIZATION.value, ValueDirection.EXTERNALIZATION.value)


@attrs.frozen(kw_only=True, eq=False)
class ValueFlows:
    """Value internalized (received) and externalized (contributed) per actor and driver.

    ``internalized[i, d]`` is the condition weight, on edges touching actor
    ``actors[i]``, of the conditions of driver ``drivers[d]`` at which the actor's
    role internalizes value; ``externalized`` likewise. Both are read-only
    arrays; :meth:`per_role` sums them by role and :meth:`actor` picks one row.
    """

    actors: tuple[str, ...]
    roles: tuple[str, ...]
    drivers: tuple[str, ...]
    internalized: Floats = attrs.field(eq=False)
    externalized: Floats = attrs.field(eq=False)

    def actor(self, actor: str) -> dict[str, dict[str, float]]:
        """``{driver: {"internalized": x, "externalized": y}}`` for one actor id."""
        try:
            row = self.actors.index(actor)
        except ValueError:
            raise ValidationError(
                f"no actor {actor!r} in the graph", column="actor", value=actor
            ) from None
        return {
            driver: {
                "internalized": float(self.internalized[row, d]),
                "externalized": float(self.externalized[row, d]),
            }
            for d, driver in enumerate(self.drivers)
        }

    def per_role(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{role: {driver: {"internalized": x, "externalized": y}}}``, summed over actors."""
        roles = np.array(self.roles, dtype=object)
        return {
            role: {
                driver: {
                    "internalized": float(self.internalized[roles == role, d].sum()),
                    "externalized": float(self.externalized[roles == role, d].sum()),
                }
                for d, driver in enumerate(self.drivers)
            }
            for role in sorted(set(self.roles))
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (the arrays as nested lists)."""
        return {
            "actors": list(self.actors),
            "roles": list(self.roles),
            "drivers": list(self.drivers),
            "internalized": self.internalized.tolist(),
            "externalized": self.externalized.tolist(),
        }

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


def value_balance(graph: ValueFlowGraph) -> ValueFlows:
    """Value each actor takes in and gives out, per driver, from the graph's edges.

    Kim & Choi (2019, Figure 1) state for each driver which party internalizes
    and which externalizes value: users internalize experience and
    satisfaction and externalize expression and share; firms the mirror. An
    edge carrying condition weight ``w`` for a condition of driver ``d`` adds
    ``w`` to each end's internalized or externalized total at ``d``, as that
    end's role dictates (the ``directions`` of
    :meth:`~valuecocreation.graph.ValueFlowGraph.to_networkx`);
    roles with no party (competitors) get neither.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
    ...     {"source": "ana", "target": "shop", "kind": "share", "timestamp": "2024-01-06"},
    ... ])
    >>> flows = value_balance(vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"}))
    >>> flows.actor("ana")["satisfaction"]
    {'internalized': 1.0, 'externalized': 0.0}
    >>> flows.per_role()["firm"]["share"]
    {'internalized': 1.0, 'externalized': 0.0}
    """
    graph = check_graph(graph)
    framework = graph.framework
    drivers = framework.driver_keys
    driver_of = np.array(
        [drivers.index(framework.condition(key).driver.key) for key in framework.condition_keys],
        dtype=np.int64,
    )
    # Direction per (condition, role): 0 internalizes, 1 externalizes, -1 neither.
    table = np.array(
        [
            [_DIRECTIONS.index(d) if d is not None else -1 for d in row]
            for row in graph._direction_table()
        ],
        dtype=np.int64,
    )
    edge, condition, _, weight = graph._condition
    n, width = len(graph), len(drivers)
    totals = np.zeros((2, n * width))
    for end in (graph.source_codes[edge], graph.target_codes[edge]):
        direction = table[condition, graph._roles[end]]
        cell = end * width + driver_of[condition]
        for which in (0, 1):
            chosen = direction == which
            totals[which] += np.bincount(cell[chosen], weights=weight[chosen], minlength=n * width)
    internalized, externalized = (totals[i].reshape(n, width) for i in (0, 1))
    for array in (internalized, externalized):
        array.flags.writeable = False
    return ValueFlows(
        actors=tuple(graph.actors.tolist()),
        roles=tuple(role.value for role in graph.roles),
        drivers=drivers,
        internalized=internalized,
        externalized=externalized,
    )


@attrs.frozen(kw_only=True, eq=False)
class RewardReach(Result):
    """Active users who received a reward or feature from the firm's side.

    ``share`` is ``rewarded / active`` (nan without active users, and nan
    with a ``no_firm`` finding when the graph has no firm-side actor: nobody
    could have rewarded); ``rewarded_inactive`` counts rewarded users who never
    acted themselves, which the share leaves out.
    """

    _FLOATS = ("share",)

    share: float
    rewarded: int
    active: int
    rewarded_inactive: int
    findings: tuple[Finding, ...] = findings_field()


_REWARDS = (InteractionKind.REWARD.value, InteractionKind.FEATURE.value)


def reward_reach(graph: ValueFlowGraph) -> RewardReach:
    """The share of active users the firm rewarded or featured (the reward condition).

    Kim & Choi (2019, section 4.4) describe RecordFarm featuring musicians to
    millions of users as the reward of sharing. An active user is a user-side
    actor (user or creator) that is the source of at least one interaction; it
    is rewarded when a firm-side actor (firm or partner) is the source of a
    ``reward`` or ``feature`` interaction with it as target.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> log = vcc.InteractionLog.from_records([
    ...     {"source": "ana", "target": "rf", "kind": "post", "timestamp": "2024-01-05"},
    ...     {"source": "ben", "target": "rf", "kind": "post", "timestamp": "2024-01-05"},
    ...     {"source": "rf", "target": "ana", "kind": "feature", "timestamp": "2024-01-06"},
    ... ])
    >>> reward_reach(vcc.ValueFlowGraph.from_log(log, actors={"rf": "firm"})).share
    0.5
    """
    graph = check_graph(graph)
    users, firms = user_mask(graph), firm_mask(graph)
    source, target = graph.source_codes, graph.target_codes
    active = np.zeros(len(graph), dtype=bool)
    active[source] = True
    active &= users
    rewarding = (kind_weights(graph, list(_REWARDS), "count") > 0) & firms[source]
    rewarded = np.zeros(len(graph), dtype=bool)
    rewarded[target[rewarding]] = True
    rewarded &= users
    n_active, n_rewarded = int(active.sum()), int((rewarded & active).sum())
    undefined = not firms.any()
    return RewardReach(
        share=math.nan if undefined else share(n_rewarded, n_active),
        rewarded=n_rewarded,
        active=n_active,
        rewarded_inactive=int((rewarded & ~active).sum()),
        findings=(no_firm("reward reach", "Kim & Choi (2019), section 2.4 (reward)"),)
        if undefined
        else (),
    )
