"""Who gives value to whom: the value-flow graph, :class:`ValueFlowGraph`, and its metrics.

The graph has one node per actor of a log and one directed edge per (source,
target) pair that interacted, aggregated over all their events: the number of
events and the sum of their weights, the same per interaction kind, and the same
per condition of the framework (an event that the condition map's rules match to
condition ``c`` counts for ``c`` on its source -> target edge). For each driver with
evidence on an edge, the edge also tells which way value moves for each end,
internalization or externalization, from the role of the actor at that end.

The graph is built from columns, never from events one by one: the (source,
target) pairs are packed into one integer, sorted, and summed by runs, so a log
of millions of events gives its graph without a Python object per event. The
aggregated tables stay columnar inside; :meth:`ValueFlowGraph.to_networkx` turns
them into a ``networkx`` graph, :meth:`ValueFlowGraph.to_node_link` into JSON-ready
data, and :meth:`ValueFlowGraph.write_graphml` into a GraphML file, and each has
a reader that gives the same graph back.

The metrics are free functions that take the graph first (and a ``seed`` where the
method is random), in the manner of networkx's algorithms: :func:`reach`,
:func:`reciprocity`, :func:`connectivity`, :func:`pagerank`, :func:`advocates`,
:func:`communities`, :func:`value_balance` and :func:`reward_reach`. Each computes on
the graph's own columns with numpy (and ``scipy.sparse`` for connected components,
from the ``graph`` extra), so a graph of a million actors never has to become a
networkx graph; ``backend="networkx"`` computes the same numbers through
:meth:`ValueFlowGraph.to_networkx` instead. :func:`summarise` condenses a large graph
into one node per role (or per role and attribute).

Examples
--------
>>> import valuecocreation as vcc
>>> log = vcc.InteractionLog.from_records([
...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"},
...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-06",
...      "weight": 2.0},
...     {"source": "shop", "target": "ana", "kind": "reply", "timestamp": "2024-01-07"},
... ])
>>> from valuecocreation.graph import ValueFlowGraph, reciprocity
>>> graph = ValueFlowGraph.from_log(log, actors={"shop": "firm"})
>>> graph
<ValueFlowGraph kim_choi_2019 1.0: 2 actors, 2 edges, 3 events>
>>> g = graph.to_networkx()
>>> g.edges["ana", "shop"]["count"], g.edges["ana", "shop"]["weight"]
(2, 3.0)
>>> g.edges["ana", "shop"]["directions"]
{'satisfaction': {'source': 'internalization', 'target': 'externalization'}}
>>> ValueFlowGraph.from_networkx(g) == graph
True
>>> reciprocity(graph).firm_user
1.0
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation._core.renamed import renamed
from valuecocreation.graph._balance import RewardReach, ValueFlows, reward_reach, value_balance
from valuecocreation.graph._common import NETWORKX_UP_TO, GraphBackend
from valuecocreation.graph._communities import Communities, communities
from valuecocreation.graph._rank import Advocate, advocates, pagerank
from valuecocreation.graph._reach import Reach, reach
from valuecocreation.graph._structure import (
    Connectivity,
    Reciprocity,
    connectivity,
    reciprocity,
)
from valuecocreation.graph._summary import summarise
from valuecocreation.graph._value_flow import ValueFlowGraph

__all__ = [
    "NETWORKX_UP_TO",
    "Advocate",
    "Communities",
    "Connectivity",
    "GraphBackend",
    "Reach",
    "Reciprocity",
    "RewardReach",
    "ValueFlowGraph",
    "ValueFlows",
    "advocates",
    "communities",
    "connectivity",
    "pagerank",
    "reach",
    "reciprocity",
    "reward_reach",
    "summarise",
    "value_balance",
]

publish(globals(), __all__)


def __getattr__(name: str) -> object:
    # ``Backend`` was this module's name for GraphBackend; tables a log is written
    # to are valuecocreation.log.FrameBackend, so that one name means one thing.
    return renamed(__name__, name, {"Backend": ("GraphBackend", GraphBackend)})
