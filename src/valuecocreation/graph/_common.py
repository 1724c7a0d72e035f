"""What every value-flow metric shares: parties per actor, backends and result plumbing."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal, Self, cast, get_args

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.optional import require
from valuecocreation._core.serial import equal_as_data, reading
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import Party
from valuecocreation.graph._value_flow import ValueFlowGraph
from valuecocreation.model import InteractionKind, Role

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

GraphBackend = Literal["auto", "sparse", "networkx"]
"""Where a metric is computed: ``"sparse"`` on the graph's own columns (numpy, and
scipy.sparse for components), ``"networkx"`` through :meth:`ValueFlowGraph.to_networkx`,
or ``"auto"``: the sparse path whenever it can run."""

NETWORKX_UP_TO: Final = 100_000
"""Actors up to which handing a graph to networkx is practical (see the how-to guide)."""

_ROLES: Final = tuple(Role)
_USER_ROLES: Final = np.array([role.party is Party.USERS for role in _ROLES])
_FIRM_ROLES: Final = np.array([role.party is Party.FIRMS for role in _ROLES])


def check_graph(graph: object) -> ValueFlowGraph:
    """``graph`` itself, or a clear error when it is not a ValueFlowGraph."""
    if not isinstance(graph, ValueFlowGraph):
        raise ValidationError(
            "the metrics take a ValueFlowGraph (build one with ValueFlowGraph.from_log)",
            column="graph",
            value=type(graph).__name__,
        )
    return graph


def check_backend(backend: object) -> GraphBackend:
    """``backend`` itself, or a clear error naming the valid ones."""
    if backend not in get_args(GraphBackend):
        raise ValidationError(
            f"unknown backend {backend!r}; use one of {get_args(GraphBackend)}",
            column="backend",
            value=backend,
        )
    return backend  # type: ignore[return-value]


def user_mask(graph: ValueFlowGraph) -> Bools:
    """Which actors belong to the users' party (users and creators)."""
    return _USER_ROLES[graph._roles]


def firm_mask(graph: ValueFlowGraph) -> Bools:
    """Which actors belong to the firms' party (firms and partners)."""
    return _FIRM_ROLES[graph._roles]


def kind_codes(kinds: object) -> list[int]:
    """Positions in :class:`InteractionKind` of ``kinds`` (names or members)."""
    if isinstance(kinds, str | InteractionKind):
        kinds = [kinds]
    if isinstance(kinds, Iterable) and not isinstance(kinds, Mapping | bytes):
        kinds = list(kinds)
    if not isinstance(kinds, list) or not kinds:
        raise ValidationError(
            "kinds must be one or more interaction kinds", column="kinds", value=kinds
        )
    members = list(InteractionKind)
    codes = []
    for kind in kinds:
        try:
            codes.append(members.index(InteractionKind(kind)))
        except ValueError:
            raise ValidationError(
                f"unknown interaction kind {kind!r}; kinds are: "
                f"{', '.join(k.value for k in members)}",
                column="kinds",
                value=kind,
            ) from None
    return sorted(set(codes))


def kind_weights(graph: ValueFlowGraph, kinds: object, weight: str) -> Floats:
    """Per edge, the weight (or event count) of its events of ``kinds``."""
    column = check_weight(weight)
    edge, kind, count, total = graph._kind
    chosen = np.isin(kind, kind_codes(kinds))
    values = (total if column == "weight" else count)[chosen].astype(np.float64)
    return np.asarray(
        np.bincount(edge[chosen], weights=values, minlength=graph.n_edges), dtype=np.float64
    )


def check_weight(weight: object) -> str:
    """``"weight"`` or ``"count"``, or a clear error."""
    if weight not in ("weight", "count"):
        raise ValidationError(
            "weight must be 'weight' (sum of event weights) or 'count' (number of events)",
            column="weight",
            value=weight,
        )
    return str(weight)


def actor_positions(graph: ValueFlowGraph, ids: object, column: str) -> Ints:
    """Positions in ``graph.actors`` of the actor ids ``ids``; unknown ids are an error."""
    if isinstance(ids, str):
        ids = [ids]
    try:
        wanted = [str(name) for name in ids]  # type: ignore[attr-defined]
    except TypeError:
        raise ArgumentTypeError(f"{column} must be actor ids", column=column, value=ids) from None
    index = {name: position for position, name in enumerate(graph.actors.tolist())}
    unknown = [name for name in wanted if name not in index]
    if unknown:
        raise ValidationError(
            f"{len(unknown)} {column} not in the graph, such as {unknown[0]!r}",
            column=column,
            value=unknown[0],
        )
    return np.array(sorted({index[name] for name in wanted}), dtype=np.int64)


def has_scipy() -> bool:
    """Whether scipy.sparse (the ``graph`` extra) can be imported."""
    try:
        require("scipy.sparse", extra="graph", feature="sparse graph metrics")
    except ImportError:
        return False
    return True


def adjacency(graph: ValueFlowGraph) -> Any:  # noqa: ANN401 - scipy is untyped here
    """The graph as a ``scipy.sparse`` CSR array whose data are edge positions plus one.

    The edges are sorted by (source, target) already, so the CSR arrays are
    written directly, without the sort a COO conversion would do; the array is
    kept on the graph for the next metric.
    """
    if "csr" not in graph._memo:
        sparse = require("scipy.sparse", extra="graph", feature="the sparse adjacency")
        n = len(graph)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(graph.source_codes, minlength=n), out=indptr[1:])
        graph._memo["csr"] = sparse.csr_array(
            # float64 data, which scipy.sparse.csgraph uses as it is, without a copy.
            (np.arange(1, graph.n_edges + 1, dtype=np.float64), graph.target_codes, indptr),
            shape=(n, n),
        )
    return graph._memo["csr"]


def share(part: float, whole: float) -> float:
    """``part / whole``, or nan when there is no whole (missing is not zero)."""
    return part / whole if whole else math.nan


def findings_field() -> Any:  # noqa: ANN401 - an attrs field
    """The ``findings`` field of a metric result: a tuple, empty by default."""
    return attrs.field(default=(), converter=tuple, kw_only=True)


def no_firm(quantity: str, section: str) -> Finding:
    """The finding of a firm-side quantity on a graph whose firm is not declared."""
    return Finding(
        code="no_firm",
        severity=Severity.SEVERE,
        message=(
            f"{quantity} is undefined: no actor of the graph is a firm or partner; "
            "declare the firm's accounts (actors=, --actors)"
        ),
        subject=quantity,
        numbers={"firm_actors": 0},
        section=section,
    )


def _to_json(value: Any) -> Any:  # noqa: ANN401
    if isinstance(value, Finding):
        return value.to_dict()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    return value


class Result:
    """Mixin: JSON-ready ``to_dict``, strict ``from_dict``, equality by data."""

    _FLOATS: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (nan becomes ``None``)."""
        return {
            field.name: _to_json(getattr(self, field.name))
            for field in attrs.fields(cast("Any", type(self)))
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When a field is missing, unknown or malformed.
        """
        with reading(cls.__name__):
            names = {field.name for field in attrs.fields(cast("Any", cls))}
            # Results written before findings were added read with none.
            given = set(data) | ({"findings"} & names)
            if given != names:
                raise ValidationError(
                    f"{cls.__name__} needs exactly the fields {sorted(names)}", value=sorted(data)
                )
            values: dict[str, Any] = {
                key: (math.nan if value is None and key in cls._FLOATS else value)
                for key, value in data.items()
            }
            if "findings" in values:
                values["findings"] = tuple(Finding.from_dict(item) for item in data["findings"])
            return cls(**values)

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]
