"""The metrics of the value-flow graph under their earlier name.

The metrics live in :mod:`valuecocreation.graph`, beside the graph they measure;
this module hands the same functions and result types on, so code written as
``from valuecocreation import network`` keeps working.

>>> from valuecocreation import graph, network
>>> network.reach is graph.reach
True
"""

from __future__ import annotations

from valuecocreation._core.renamed import renamed
from valuecocreation.graph import (
    NETWORKX_UP_TO,
    Advocate,
    Communities,
    Connectivity,
    GraphBackend,
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
    "Communities",
    "Connectivity",
    "GraphBackend",
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


def __getattr__(name: str) -> object:
    # ``Backend`` was this module's name for GraphBackend; tables a log is written
    # to are valuecocreation.log.FrameBackend, so that one name means one thing.
    return renamed(__name__, name, {"Backend": ("GraphBackend", GraphBackend)})
