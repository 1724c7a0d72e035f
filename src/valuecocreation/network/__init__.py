"""Metrics of the value-flow graph: reach, reciprocity, connectivity, advocates and more.

Free functions that take a :class:`~valuecocreation.graph.ValueFlowGraph` first
(and a ``seed`` where the method is random), in the manner of networkx's
algorithms. Each computes on the graph's own columns with numpy (and
``scipy.sparse`` for connected components, from the ``graph`` extra), so a graph
of a million actors never has to become a networkx graph; ``backend="networkx"``
computes the same numbers through :meth:`~valuecocreation.graph.ValueFlowGraph.to_networkx`
instead, and the tests hold the two to agreement.

Examples
--------
>>> import valuecocreation as vcc
>>> from valuecocreation import network
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "shop", "kind": "comment", "timestamp": "2024-01-05"},
...     {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-06"},
... ])
>>> graph = vcc.ValueFlowGraph.from_log(log, actors={"shop": "firm"})
>>> network.reciprocity(graph).firm_user, network.reach(graph).share
(1.0, 1.0)
"""

from __future__ import annotations

from valuecocreation.network._balance import RewardReach, ValueFlows, reward_reach, value_balance
from valuecocreation.network._common import NETWORKX_UP_TO, Backend
from valuecocreation.network._communities import Communities, communities
from valuecocreation.network._rank import Advocate, advocates, pagerank
from valuecocreation.network._reach import Reach, reach
from valuecocreation.network._structure import (
    Connectivity,
    Reciprocity,
    connectivity,
    reciprocity,
)

__all__ = [
    "NETWORKX_UP_TO",
    "Advocate",
    "Backend",
    "Communities",
    "Connectivity",
    "Reach",
    "Reciprocity",
    "RewardReach",
    "ValueFlows",
    "advocates",
    "communities",
    "connectivity",
    "pagerank",
    "reach",
    "reciprocity",
    "reward_reach",
    "value_balance",
]
