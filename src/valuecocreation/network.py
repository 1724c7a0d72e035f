"""The metrics of the value-flow graph under their earlier name.

The metrics live in :mod:`valuecocreation.graph`, beside the graph they measure;
this module hands the same functions and result types on, so code written as
``from valuecocreation import network`` keeps working.

>>> from valuecocreation import graph, network
>>> network.reach is graph.reach
True
"""

from __future__ import annotations

from valuecocreation.graph import (
    NETWORKX_UP_TO,
    Advocate,
    Backend,
    Communities,
    Connectivity,
    Reach,
    Reciprocity,
    RewardReach,
    ValueFlows,
    advocates,
    communities,
    connectivity,
    pagerank,
    reach,
    reciprocity,
    reward_reach,
    value_balance,
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
