"""The value-flow graph itself: :class:`ValueFlowGraph`, built from a log's columns."""

from __future__ import annotations

import bisect
import functools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final, NamedTuple, Self, final

import networkx as nx
import numpy as np
import numpy.typing as npt

from valuecocreation._core.factorize import TEXT_DTYPE
from valuecocreation._core.sorting import grouped, stable_order
from valuecocreation._evidence.actors import ROLES, ActorsLike, actor_table
from valuecocreation._evidence.matching import Block, block_matches, matches
from valuecocreation._evidence.windows import checked
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework
from valuecocreation.graph._graphml import write_graphml_file
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap
from valuecocreation.model import InteractionKind, Role

__all__ = ["ValueFlowGraph"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Table = tuple[Ints, Ints, Ints, Floats]  # (edge, kind or condition, count, weight) columns

_KINDS: Final = tuple(InteractionKind)
_KIND_NAMES: Final = tuple(kind.value for kind in _KINDS)
_EDGE_FIELDS: Final = ("count", "weight", "kinds", "conditions")
_SCALARS: Final = (str, int, float, bool)


@final
class ValueFlowGraph:
    """The value-flow graph of an interaction log (see the module notes).

    Build it with :meth:`from_log`; use it through :meth:`to_networkx`. Two graphs
    are equal when they have the same actors, roles, attributes and aggregated
    edges, for the same framework and condition map. ``len(graph)`` is the number
    of actors (nodes); :attr:`n_edges` the number of (source, target) edges.

    The aggregated tables are available as read-only numpy columns: :attr:`actors`,
    :attr:`roles`, :attr:`source_codes`, :attr:`target_codes`, :attr:`counts`,
    :attr:`weights`, :attr:`kind_table` and :attr:`condition_table`.
    """

    __slots__ = (
        "_actors",
        "_attributes",
        "_condition_data",
        "_count",
        "_kind_data",
        "_memo",
        "_pending",
        "_roles",
        "_source",
        "_target",
        "_weight",
        "framework",
        "mapping",
    )

    framework: Framework
    """The framework whose conditions and value directions the graph uses."""
    mapping: ConditionMap
    """The condition map that decided which events count for which condition."""
    _actors: npt.NDArray[Any]
    _roles: npt.NDArray[np.uint8]
    _attributes: dict[str, dict[str, Any]]
    _source: Ints
    _target: Ints
    _count: Ints
    _weight: Floats
    _kind_data: Table | None
    _condition_data: Table | None

    def __init__(self) -> None:
        raise TypeError("build a ValueFlowGraph with ValueFlowGraph.from_log or from_networkx")

    # ------------------------------------------------------------------ building
    @classmethod
    def from_log(
        cls,
        log: InteractionLog,
        *,
        actors: ActorsLike | None = None,
        mapping: ConditionMap | None = None,
        framework: Framework | str = DEFAULT_FRAMEWORK,
    ) -> Self:
        """The value-flow graph of ``log``.

        Parameters
        ----------
        log
            The interactions.
        actors
            Roles (and attributes) of actors, as for
            :meth:`Evidence.from_log <valuecocreation.evidence.Evidence.from_log>`:
            a mapping from actor id to role, or
            :class:`~valuecocreation.model.Actor` objects, whose attributes become
            node attributes. Actors the log mentions but this does not list are
            users; listed actors the log does not mention are left out.
        mapping
            Which interactions count for which condition; the default map of the
            framework's installed package when ``None``.
        framework
            Whose conditions and value directions the graph uses: a
            :class:`~valuecocreation.framework.Framework`, or the name of an
            installed framework package (Kim & Choi 2019 by default).

        Raises
        ------
        ValidationError
            For something other than an :class:`~valuecocreation.log.InteractionLog`,
            a map naming an unknown condition, bad ``actors``, an actor
            attribute called ``"role"`` or ``"id"`` (names the graph uses), or weights
            whose sum on an edge is too large for float64.
        """
        if not isinstance(log, InteractionLog):
            raise ArgumentTypeError(
                "ValueFlowGraph.from_log needs an InteractionLog", value=type(log).__name__
            )
        framework, mapping = checked(framework, mapping, None, None)
        roles, listed = actor_table(log.actors, actors)
        attributes = {
            name: values for name, values in listed.items() if values and _present(log.actors, name)
        }
        _check_attribute_names(attributes)
        # One integer per (source, target) pair; sorted runs of it are the edges.
        width = max(len(log.actors), 1)
        pair_key = np.multiply(log.source_codes, width, dtype=np.int64)
        pair_key += log.target_codes
        edges = _edge_runs(pair_key, log.weights)
        source, target = edges.pairs // width, edges.pairs % width
        _check_finite(log.actors, source, target, (edges.weight, None))
        graph = cls.__new__(cls)
        graph._fill(
            framework=framework,
            mapping=mapping,
            actors=np.asarray(log.actors),
            roles=roles,
            attributes=attributes,
            source=source,
            target=target,
            count=edges.events,
            weight=edges.weight,
            kind=None,
            condition=None,
        )
        if _by_kind_and_role(mapping) and not _near_overflow(edges.weight):
            # The per-kind and per-condition tables wait until something needs them:
            # reach, reciprocity, components and PageRank do not. Under such a map
            # their sums cannot overflow where the edges' did not, so waiting hides
            # no error. Only the log's columns are kept (not copied) until then: the
            # events' order by edge is sorted again if the tables are asked for,
            # rather than held (8 bytes per event) for a question that may not come.
            del edges
            graph._pending = functools.partial(
                _tables_later, log, mapping, framework.condition_keys, roles, source, target
            )
        else:
            graph._kind_data, graph._condition_data = _tables(
                log, mapping, framework.condition_keys, roles, edges, source, target
            )
        return graph

    def _fill(
        self,
        *,
        framework: Framework,
        mapping: ConditionMap,
        actors: npt.NDArray[Any],
        roles: npt.NDArray[np.uint8],
        attributes: dict[str, dict[str, Any]],
        source: Ints,
        target: Ints,
        count: Ints,
        weight: Floats,
        kind: tuple[Ints, Ints, Ints, Floats] | None,
        condition: tuple[Ints, Ints, Ints, Floats] | None,
    ) -> None:
        for column in (
            actors,
            roles,
            source,
            target,
            count,
            weight,
            *(kind or ()),
            *(condition or ()),
        ):
            column.flags.writeable = False
        self.framework = framework
        self.mapping = mapping
        self._actors = actors
        self._roles = roles
        self._attributes = attributes
        self._source, self._target, self._count, self._weight = source, target, count, weight
        self._kind_data = kind
        self._condition_data = condition
        self._pending: Callable[[], tuple[Table, Table]] | None = None
        self._memo: dict[str, Any] = {}  # derived structures (adjacency), built once

    @property
    def _kind(self) -> Table:
        return self._tables()[0]

    @property
    def _condition(self) -> Table:
        return self._tables()[1]

    def _tables(self) -> tuple[Table, Table]:
        """The per-kind and per-condition tables, aggregated now if they were waiting."""
        kind_data, condition_data = self._kind_data, self._condition_data
        if kind_data is not None and condition_data is not None:
            return kind_data, condition_data
        pending = self._pending
        if pending is None:  # another thread built them meanwhile
            assert self._kind_data is not None
            assert self._condition_data is not None
            return self._kind_data, self._condition_data
        kind, condition = pending()  # two threads may both build: the same result
        for column in (*kind, *condition):
            column.flags.writeable = False
        self._kind_data, self._condition_data = kind, condition
        self._pending = None
        return kind, condition

    def __getstate__(self) -> dict[str, Any]:
        self._tables()  # a pickle holds the tables, not the log they would come from
        return {
            name: getattr(self, name)
            for name in self.__slots__
            if name not in ("_pending", "_memo")
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            for column in value if isinstance(value, tuple) else (value,):
                if isinstance(column, np.ndarray):
                    column.flags.writeable = False  # unpickled arrays come back writeable
            setattr(self, name, value)
        self._pending = None
        self._memo = {}

    # ------------------------------------------------------------------ columns
    @property
    def actors(self) -> npt.NDArray[Any]:
        """The actor ids (the nodes), sorted; edges refer to them by position."""
        return self._actors

    @property
    def roles(self) -> tuple[Role, ...]:
        """The role of each actor, in the order of :attr:`actors`."""
        return tuple(ROLES[code] for code in self._roles.tolist())

    @property
    def source_codes(self) -> Ints:
        """The source of each edge, as a position in :attr:`actors`."""
        return self._source

    @property
    def target_codes(self) -> Ints:
        """The target of each edge, as a position in :attr:`actors`."""
        return self._target

    @property
    def counts(self) -> Ints:
        """The number of events of each edge."""
        return self._count

    @property
    def weights(self) -> Floats:
        """The sum of the weights of each edge's events."""
        return self._weight

    @property
    def kind_table(self) -> dict[str, npt.NDArray[Any]]:
        """One row per (edge, interaction kind) with events, as columns.

        Columns: ``edge`` (position of the edge), ``kind`` (position in
        :class:`~valuecocreation.model.InteractionKind`), ``count`` and ``weight``.
        """
        return dict(zip(("edge", "kind", "count", "weight"), self._kind, strict=True))

    @property
    def condition_table(self) -> dict[str, npt.NDArray[Any]]:
        """One row per (edge, condition) with evidence, as columns.

        Columns: ``edge``, ``condition`` (position in the framework's
        ``condition_keys``), ``count`` (matches of the map's rules) and ``weight``
        (their weights times the rules' weights).
        """
        return dict(zip(("edge", "condition", "count", "weight"), self._condition, strict=True))

    @property
    def n_edges(self) -> int:
        """The number of (source, target) edges."""
        return len(self._source)

    def __len__(self) -> int:
        return len(self._actors)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(
            self.framework.name == other.framework.name
            and self.framework.version == other.framework.version
            and self.mapping == other.mapping
            and self._actors.tolist() == other._actors.tolist()
            and np.array_equal(self._roles, other._roles)
            and self._attributes == other._attributes
            and all(
                np.array_equal(a, b)
                for a, b in zip(
                    (
                        self._source,
                        self._target,
                        self._count,
                        self._weight,
                        *self._kind,
                        *self._condition,
                    ),
                    (
                        other._source,
                        other._target,
                        other._count,
                        other._weight,
                        *other._kind,
                        *other._condition,
                    ),
                    strict=True,
                )
            )
        )

    __hash__ = None  # type: ignore[assignment]  # equal by content, and not immutable-hashed

    def __repr__(self) -> str:
        return (
            f"<ValueFlowGraph {self.framework.name} {self.framework.version}: "
            f"{len(self):,} actors, {self.n_edges:,} edges, "
            f"{int(self._count.sum()):,} events>"
        )

    # ------------------------------------------------------------------ networkx
    def to_networkx(self, *, multi: bool = False) -> Any:  # noqa: ANN401 - networkx is untyped
        """The graph as a ``networkx.DiGraph`` (or ``MultiDiGraph`` with ``multi=True``).

        Nodes are actor ids, with the attributes:

        - ``role``: the actor's role, as text (``"user"``, ``"firm"`` ...);
        - the actor's own attributes, by name, when ``actors`` were
          :class:`~valuecocreation.model.Actor` objects.

        The graph attributes ``framework``, ``framework_version`` and ``mapping``
        name the framework and condition map.

        With ``multi=False``, one edge per (source, target) pair, with:

        - ``count``: the number of events from source to target (int);
        - ``weight``: the sum of their weights (float);
        - ``kinds``: ``{kind: {"count": int, "weight": float}}`` per interaction kind
          with events, in the order of :class:`~valuecocreation.model.InteractionKind`;
        - ``conditions``: ``{condition: {"count": int, "weight": float}}`` per
          condition with evidence on the edge: the map's rule matches of the edge's
          events, and the sum of their weights times the rules' weights;
        - ``directions``: ``{driver: {"source": str | None, "target": str | None}}``
          per driver with a condition on the edge: the value direction
          (``"internalization"`` or ``"externalization"``) of each end at that
          driver, from its role's party; ``None`` for a role with no party (a
          competitor) or a party the driver states no direction for.

        With ``multi=True``, one edge per (source, target, condition) with evidence,
        keyed by the condition key (events that count for no condition are left
        out), with:

        - ``count`` and ``weight``: as for the condition in ``conditions`` above;
        - ``driver``: the key of the condition's driver;
        - ``source_direction`` and ``target_direction``: as in ``directions`` above.
        """
        graph = nx.MultiDiGraph() if multi else nx.DiGraph()
        graph.graph.update(
            framework=self.framework.name,
            framework_version=self.framework.version,
            mapping=self.mapping.name,
        )
        ids = self._actors.tolist()
        for name, role in zip(ids, self._roles.tolist(), strict=True):
            graph.add_node(name, role=ROLES[role].value, **self._attributes.get(name, {}))
        directions = self._direction_table()
        conditions = self.framework.condition_keys
        driver_of = [self.framework.condition(key).driver.key for key in conditions]
        source, target = self._source.tolist(), self._target.tolist()
        edge, condition, count, weight = (column.tolist() for column in self._condition)
        if multi:
            for e, c, n, w in zip(edge, condition, count, weight, strict=True):
                s_dir, t_dir = (
                    directions[c][self._roles[source[e]]],
                    directions[c][self._roles[target[e]]],
                )
                graph.add_edge(
                    ids[source[e]],
                    ids[target[e]],
                    key=conditions[c],
                    count=n,
                    weight=w,
                    driver=driver_of[c],
                    source_direction=s_dir,
                    target_direction=t_dir,
                )
            return graph
        edges = [
            {"count": n, "weight": w, "kinds": {}, "conditions": {}, "directions": {}}
            for n, w in zip(self._count.tolist(), self._weight.tolist(), strict=True)
        ]
        for e, k, n, w in zip(*(column.tolist() for column in self._kind), strict=True):
            edges[e]["kinds"][_KINDS[k].value] = {"count": n, "weight": w}
        for e, c, n, w in zip(edge, condition, count, weight, strict=True):
            edges[e]["conditions"][conditions[c]] = {"count": n, "weight": w}
            edges[e]["directions"][driver_of[c]] = {
                "source": directions[c][self._roles[source[e]]],
                "target": directions[c][self._roles[target[e]]],
            }
        graph.add_edges_from(
            (ids[s], ids[t], data) for s, t, data in zip(source, target, edges, strict=True)
        )
        return graph

    def _direction_table(self) -> list[list[str | None]]:
        """Value direction (text or None) per condition position and role position."""
        table = []
        for key in self.framework.condition_keys:
            driver = self.framework.condition(key).driver
            row = []
            for role in ROLES:
                direction = None if role.party is None else driver.direction(role.party)
                row.append(None if direction is None else direction.value)
            table.append(row)
        return table

    @classmethod
    def from_networkx(
        cls,
        graph: Any,  # noqa: ANN401 - networkx is untyped
        *,
        framework: Framework | str = DEFAULT_FRAMEWORK,
        mapping: ConditionMap | None = None,
    ) -> Self:
        """The graph :meth:`to_networkx` (with ``multi=False``) gave, back.

        ``from_networkx(graph.to_networkx()) == graph`` for the same framework and
        map. Nodes need a ``role``; their other attributes are kept as the actor's
        attributes. Edges need ``count``, ``weight``, ``kinds`` and ``conditions``;
        ``directions`` follow from the roles and the framework, so they are not read.

        Raises
        ------
        ValidationError
            For something other than a ``networkx.DiGraph``, a node id that is not
            text, a missing or unknown role, an attribute that is not text, a
            number or a boolean, a missing or malformed edge attribute, an unknown
            kind or condition, or a graph made for another framework or map.
        """
        if not isinstance(graph, nx.DiGraph) or graph.is_multigraph():
            raise ArgumentTypeError(
                "from_networkx needs a networkx.DiGraph from to_networkx",
                value=type(graph).__name__,
            )
        framework, mapping = checked(framework, mapping, None, None)
        _check_made_for(graph.graph, framework, mapping)
        names = sorted(_node_id(node) for node in graph.nodes)
        position = {name: code for code, name in enumerate(names)}
        roles = np.zeros(len(names), dtype=np.uint8)
        attributes: dict[str, dict[str, Any]] = {}
        for name in names:
            roles[position[name]], found = _node_data(name, graph.nodes[name])
            if found:
                attributes[name] = found
        edges = sorted((position[s], position[t], data) for s, t, data in graph.edges(data=True))
        conditions = framework.condition_keys
        kind_rows: list[tuple[int, int, int, float]] = []
        condition_rows: list[tuple[int, int, int, float]] = []
        count, weight = [], []
        for e, (s, t, data) in enumerate(edges):
            where = f"edge {names[s]!r} -> {names[t]!r}"
            missing = [field for field in _EDGE_FIELDS if field not in data]
            if missing:
                raise ValidationError(f"{where} lacks {', '.join(missing)}", column=missing[0])
            count.append(_count(data["count"], where, "count"))
            weight.append(_weight(data["weight"], where, "weight"))
            kind_rows.extend(
                (e, _KIND_NAMES.index(kind), n, w)
                for kind, n, w in _cells(data["kinds"], where, "kinds", _KIND_NAMES)
            )
            condition_rows.extend(
                (e, conditions.index(key), n, w)
                for key, n, w in _cells(data["conditions"], where, "conditions", conditions)
            )
        result = cls.__new__(cls)
        result._fill(
            framework=framework,
            mapping=mapping,
            actors=np.array(names, dtype=TEXT_DTYPE),
            roles=roles,
            attributes=attributes,
            source=np.array([s for s, _, _ in edges], dtype=np.int64),
            target=np.array([t for _, t, _ in edges], dtype=np.int64),
            count=np.array(count, dtype=np.int64),
            weight=np.array(weight, dtype=np.float64),
            kind=_table(sorted(kind_rows)),
            condition=_table(sorted(condition_rows)),
        )
        return result

    # ------------------------------------------------------------------ exports
    def to_node_link(self) -> dict[str, Any]:
        """The graph as node-link data, ready for :func:`json.dumps`.

        It is ``networkx.node_link_data(self.to_networkx(), edges="edges")``: a
        dictionary with ``nodes`` (each with ``id`` and the node attributes),
        ``edges`` (each with ``source``, ``target`` and the edge attributes) and
        ``graph`` (framework and map names). See :meth:`to_networkx` for the
        attributes.
        """
        data: dict[str, Any] = nx.node_link_data(self.to_networkx(), edges="edges")
        return data

    @classmethod
    def from_node_link(
        cls,
        data: Mapping[str, Any],
        *,
        framework: Framework | str = DEFAULT_FRAMEWORK,
        mapping: ConditionMap | None = None,
    ) -> Self:
        """The graph :meth:`to_node_link` gave, back (also after a JSON round trip).

        Raises
        ------
        ValidationError
            For data that is not node-link data of a value-flow graph.
        """
        if not isinstance(data, Mapping):
            raise ArgumentTypeError(
                "node-link data must be a dictionary", value=type(data).__name__
            )
        try:
            graph = nx.node_link_graph(dict(data), directed=True, multigraph=False, edges="edges")
        except (KeyError, TypeError, ValueError, AttributeError, nx.NetworkXError) as error:
            raise ValidationError(f"not node-link data of a graph: {error!r}") from None
        return cls.from_networkx(graph, framework=framework, mapping=mapping)

    def write_graphml(self, path: str | Path) -> None:
        """Write the graph to a GraphML file at ``path``.

        GraphML holds only scalar attributes, so the nested edge attributes of
        :meth:`to_networkx` are flattened to keys with dots: ``kind.like.count``,
        ``kind.like.weight``, ``condition.content.count``,
        ``condition.content.weight``, ``direction.share.source`` and
        ``direction.share.target`` (an empty text where the direction is
        ``None``). :meth:`read_graphml` rebuilds them. The file is written whole or
        not at all; a carriage return in text is written as ``&#13;`` so that it
        reads back as one.

        Raises
        ------
        ValidationError
            When an id or attribute holds a character XML 1.0 cannot carry (a C0
            control other than tab, line feed and carriage return, U+FFFE, U+FFFF
            or a lone surrogate), naming it.
        """
        graph = self.to_networkx()
        for _, _, data in graph.edges(data=True):
            flat = _flatten(data)
            data.clear()
            data.update(flat)
        write_graphml_file(graph, path)

    @classmethod
    def read_graphml(
        cls,
        path: str | Path,
        *,
        framework: Framework | str = DEFAULT_FRAMEWORK,
        mapping: ConditionMap | None = None,
    ) -> Self:
        """The graph :meth:`write_graphml` wrote to ``path``, back.

        Raises
        ------
        ValidationError
            For a file that is not GraphML of a value-flow graph.
        OSError
            When the file cannot be opened.
        """
        try:
            graph = nx.read_graphml(str(path))
        except (ET.ParseError, nx.NetworkXError, KeyError, TypeError, ValueError) as error:
            raise ValidationError(f"not readable GraphML: {error}", source=str(path)) from None
        if not isinstance(graph, nx.DiGraph) or graph.is_multigraph():
            raise ValidationError(
                "the GraphML is not a directed graph without parallel edges", source=str(path)
            )
        for _, _, data in graph.edges(data=True):
            nested = _nested(data)
            data.clear()
            data.update(nested)
        return cls.from_networkx(graph, framework=framework, mapping=mapping)


# ---------------------------------------------------------------------- helpers
class _Edges(NamedTuple):
    """The events grouped by (source, target) pair, and the order that grouped them."""

    pairs: Ints  # the pair key of each edge, ascending
    events: Ints
    weight: Floats
    order: Ints  # the events in (pair, row) order
    new_pair: npt.NDArray[np.bool_]  # per event in that order, whether it starts an edge

    @property
    def edge_sorted(self) -> Ints:
        """Per event in (pair, row) order, its edge."""
        edge: Ints = np.cumsum(self.new_pair, dtype=np.int64)
        edge -= 1
        return edge


def _edge_runs(pair_key: Ints, weights: Floats) -> _Edges:
    """One sort of the pair keys (consumed); each run is an edge, its weights summed."""
    if not len(pair_key):
        empty = np.array([], dtype=np.int64)
        return _Edges(empty, empty, np.array([], dtype=np.float64), empty, np.array([], dtype=bool))
    order, ordered = stable_order(pair_key, consume=True)
    new_pair = np.empty(len(order), dtype=bool)
    new_pair[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_pair[1:])
    starts = np.flatnonzero(new_pair)
    with np.errstate(over="ignore"):  # from_log reports an overflow, naming the edge
        weight = np.add.reduceat(weights[order], starts)
    events = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=events[:-1])
    events[-1] = len(order) - starts[-1]
    return _Edges(
        pairs=ordered[starts], events=events, weight=weight, order=order, new_pair=new_pair
    )


def _present(vocabulary: npt.NDArray[Any], name: str) -> bool:
    """Whether ``name`` is in the sorted ``vocabulary`` (bisect: StringDType-safe)."""
    at = bisect.bisect_left(vocabulary, name)
    return at < len(vocabulary) and vocabulary[at] == name


def _tables_later(  # noqa: PLR0917
    log: InteractionLog,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    roles: npt.NDArray[np.uint8],
    source: Ints,
    target: Ints,
) -> tuple[Table, Table]:
    """:func:`_tables`, grouping the events by edge again first (as from_log did)."""
    width = max(len(log.actors), 1)
    pair_key = np.multiply(log.source_codes, width, dtype=np.int64)
    pair_key += log.target_codes
    edges = _edge_runs(pair_key, log.weights)
    return _tables(log, mapping, conditions, roles, edges, source, target)


def _tables(  # noqa: PLR0917
    log: InteractionLog,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    roles: npt.NDArray[np.uint8],
    edges: _Edges,
    source: Ints,
    target: Ints,
) -> tuple[Table, Table]:
    """The (edge, kind) and (edge, condition) tables of ``log``'s edges.

    Within each edge the events are in row order, so keys of (edge, kind) are
    sorted but for short stretches, which a stable merge sort orders in about
    linear time.
    """
    edge_sorted = edges.edge_sorted
    kind_keys = edge_sorted * len(_KINDS) + log.kind_codes[edges.order]
    cells, cell_events, cell_weight, _ = grouped(
        kind_keys, log.weights[edges.order], nearly_sorted=True
    )
    cell_edge, cell_kind = cells // len(_KINDS), cells % len(_KINDS)
    if _by_kind_and_role(mapping) and not _near_overflow(edges.weight):
        # A cell matches a rule as each of its events would (kind and source role).
        block = Block(
            start=0,
            kind=cell_kind.astype(np.uint8),
            source=source[cell_edge],
            target=target[cell_edge],
            channel=np.zeros(0, dtype=np.int64),
            weights=cell_weight,
            times=np.zeros(0, dtype=np.int64),
            channel_names=np.array([], dtype=object),
            roles=roles,
        )
        rows, condition, _, value = block_matches(block, mapping, conditions)
        matched_edge, matched_events = cell_edge[rows], cell_events[rows]
    else:
        rows, condition, _, value = matches(
            log, mapping, conditions, roles, log.source_codes, log.target_codes, log.channel_codes
        )
        edge_of = np.empty(len(log), dtype=np.int64)
        edge_of[edges.order] = edge_sorted
        matched_edge, matched_events = edge_of[rows], np.ones(len(rows), dtype=np.int64)
    keys = matched_edge * len(conditions) + condition
    found, _, found_weight, group = grouped(keys, value, nearly_sorted=True)
    found_events = np.bincount(group, weights=matched_events, minlength=len(found)).astype(np.int64)
    _check_finite(
        log.actors,
        source,
        target,
        (cell_weight, cell_edge),
        (found_weight, found // len(conditions)),
    )
    return (
        (cell_edge, cell_kind, cell_events, cell_weight),
        (found // len(conditions), found % len(conditions), found_events, found_weight),
    )


def _near_overflow(weights: Floats) -> bool:
    """Whether an edge's weight is within a factor of four of float64's largest.

    Sums in another order can round past the largest there, so the tables are
    built at once, where from_log itself reports an overflow.
    """
    return bool(len(weights)) and float(weights.max()) > float(np.finfo(np.float64).max) / 4


def _by_kind_and_role(mapping: ConditionMap) -> bool:
    """Whether every rule is decided by kind and source role alone, at weight <= 1.

    Then an (edge, kind) cell matches a rule as each of its events would, and the
    rule's value on the cell, its weight sum times the rule weight, cannot
    overflow where the sum did not (weights are never negative).
    """
    return all(not rule.channels and rule.weight <= 1.0 for rule in mapping.rules)


def _check_finite(
    ids: npt.NDArray[Any], source: Ints, target: Ints, *sums: tuple[Floats, Ints | None]
) -> None:
    """A weight sum too large for float64 is bad input; name its edge.

    Each sum comes with the edge of each of its entries, or ``None`` when its
    entries are the edges themselves.
    """
    for total, edge in sums:
        bad = np.flatnonzero(~np.isfinite(total))
        if len(bad):
            at = int(bad[0] if edge is None else edge[bad[0]])
            raise ValidationError(
                f"the weights of the edge {str(ids[int(source[at])])!r} -> "
                f"{str(ids[int(target[at])])!r} add up to more than float64 holds",
                column="weight",
            )


def _table(rows: list[tuple[int, int, int, float]]) -> tuple[Ints, Ints, Ints, Floats]:
    columns = list(zip(*rows, strict=True)) or [(), (), (), ()]
    return (
        np.array(columns[0], dtype=np.int64),
        np.array(columns[1], dtype=np.int64),
        np.array(columns[2], dtype=np.int64),
        np.array(columns[3], dtype=np.float64),
    )


_RESERVED = ("role", "id")  # the node's role, and its id in node-link data


def _check_attribute_names(attributes: dict[str, dict[str, Any]]) -> None:
    for name, found in attributes.items():
        for reserved in _RESERVED:
            if reserved in found:
                raise ValidationError(
                    f"actor {name!r} has an attribute called {reserved!r}, a name the graph "
                    "uses itself (the node's role, or its id in node-link data); rename it",
                    column="attributes",
                    value=reserved,
                )


def _check_made_for(data: Mapping[str, Any], framework: Framework, mapping: ConditionMap) -> None:
    if not isinstance(data, Mapping):
        raise ValidationError(
            "the graph's attributes must be a mapping", column="graph", value=type(data).__name__
        )
    for field, expected in (
        ("framework", framework.name),
        ("framework_version", framework.version),
        ("mapping", mapping.name),
    ):
        if field in data and data[field] != expected:
            raise ValidationError(
                f"the graph was made with {field} {data[field]!r}, not {expected!r}; pass "
                "the framework and mapping it was made with",
                column=field,
                value=data[field],
            )


def _node_id(node: object) -> str:
    if not isinstance(node, str):
        raise ValidationError("node ids must be actor ids (text)", column="id", value=node)
    return node


def _node_data(name: str, data: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """The role position and the other attributes of one node, checked."""
    if "role" not in data:
        raise ValidationError(f"node {name!r} has no role", column="role")
    try:
        role = Role(data["role"])
    except ValueError:
        raise ValidationError(
            f"node {name!r} has an unknown role; valid roles are: "
            f"{', '.join(r.value for r in Role)}",
            column="role",
            value=data["role"],
        ) from None
    found = {key: value for key, value in data.items() if key != "role"}
    for key, value in found.items():
        if not isinstance(key, str) or not isinstance(value, _SCALARS):
            raise ValidationError(
                f"node {name!r}: attributes must be text, numbers or booleans",
                column=str(key),
                value=value,
            )
    return ROLES.index(role), dict(sorted(found.items()))


def _count(value: object, where: str, column: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 0 <= value < 2**63:
        raise ValidationError(
            f"{where}: {column} must be a whole number from 0 below 2**63",
            column=column,
            value=value,
        )
    return int(value)


def _weight(value: object, where: str, column: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ValidationError(f"{where}: {column} must be a number", column=column, value=value)
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not (np.isfinite(number) and number >= 0):
        raise ValidationError(
            f"{where}: {column} must be a finite number >= 0", column=column, value=value
        )
    return number


def _cells(
    value: object, where: str, column: str, known: tuple[str, ...]
) -> list[tuple[str, int, float]]:
    """The (key, count, weight) entries of a ``kinds`` or ``conditions`` attribute."""
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"{where}: {column} must map keys to count and weight", column=column, value=value
        )
    cells = []
    for key, cell in value.items():
        if key not in known:
            raise ValidationError(f"{where}: unknown key in {column}", column=column, value=key)
        if not isinstance(cell, Mapping) or "count" not in cell or "weight" not in cell:
            raise ValidationError(
                f"{where}: {column}[{key!r}] needs count and weight", column=column, value=cell
            )
        cells.append(
            (
                key,
                _count(cell["count"], where, f"{column}.{key}.count"),
                _weight(cell["weight"], where, f"{column}.{key}.weight"),
            )
        )
    return cells


_FLAT: Final = {"kinds": "kind", "conditions": "condition", "directions": "direction"}
_NESTED: Final = {flat: nested for nested, flat in _FLAT.items()}


def _flatten(data: Mapping[str, Any]) -> dict[str, Any]:
    """Nested edge attributes -> scalar ones with dotted keys (None -> "")."""
    flat = {"count": data["count"], "weight": data["weight"]}
    for nested, prefix in _FLAT.items():
        for key, cell in data[nested].items():
            for field, value in cell.items():
                flat[f"{prefix}.{key}.{field}"] = "" if value is None else value
    return flat


def _nested(data: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted scalar edge attributes -> the nested ones of :meth:`to_networkx`."""
    nested: dict[str, Any] = {name: {} for name in _FLAT}
    for key, value in data.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] in _NESTED:
            cell = nested[_NESTED[parts[0]]].setdefault(parts[1], {})
            cell[parts[2]] = None if value == "" and parts[0] == "direction" else value
        else:
            nested[key] = value
    return nested
