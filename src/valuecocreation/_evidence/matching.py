"""Which events a condition map's rules match, and which actor each match credits.

The one rule engine of the library: evidence, the value-flow graph and the funnel
all find their matches here, so a map means the same thing to each of them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from valuecocreation._evidence.actors import ROLES
from valuecocreation.errors import ValidationError
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap, MapRule
from valuecocreation.model import InteractionKind

__all__ = ["Block", "Matches", "block_matches", "matches"]

Ints = npt.NDArray[np.int64]
Matches = tuple[Ints, Ints, Ints, npt.NDArray[np.float64]]
"""Event rows, condition position, credited actor code, weighted value: one per match."""


def matches(  # noqa: PLR0917 - the log's columns, prepared once by the caller
    log: InteractionLog,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    roles: npt.NDArray[np.uint8],
    source: npt.NDArray[np.integer[Any]],
    target: npt.NDArray[np.integer[Any]],
    channel: npt.NDArray[np.integer[Any]],
) -> Matches:
    """Every (event, rule) match of a whole log: rows, condition, credited actor, value.

    >>> from valuecocreation import KIM_CHOI_2019, KIM_CHOI_2019_MAP, InteractionLog
    >>> log = InteractionLog.from_records([
    ...     {"source": "ana", "target": "shop", "kind": "like", "timestamp": "2024-01-05"}])
    >>> roles = np.full(len(log.actors), ROLES.index(ROLES[1]), dtype=np.uint8)
    >>> rows, condition, credited, value = matches(
    ...     log, KIM_CHOI_2019_MAP, KIM_CHOI_2019.condition_keys, roles,
    ...     log.source_codes, log.target_codes, log.channel_codes)
    >>> rows.tolist(), [KIM_CHOI_2019.condition_keys[c] for c in condition], value.tolist()
    ([0], ['content'], [1.0])
    """
    block = Block(
        start=0,
        kind=log.kind_codes,
        source=source,
        target=target,
        channel=channel,
        weights=log.weights,
        times=log.timestamps.view(np.int64),
        channel_names=log.channels,
        roles=roles,
    )
    return block_matches(block, mapping, conditions)


class Block(NamedTuple):
    """A run of consecutive events, as views of the log's columns."""

    start: int  # position of the first event in the log, for error messages
    kind: npt.NDArray[np.uint8]
    source: npt.NDArray[np.integer[Any]]
    target: npt.NDArray[np.integer[Any]]
    channel: npt.NDArray[np.integer[Any]]
    weights: npt.NDArray[np.float64]
    times: Ints
    channel_names: npt.NDArray[Any]
    roles: npt.NDArray[np.uint8]  # role index per actor code, for the whole log


def block_matches(
    block: Block,
    mapping: ConditionMap,
    conditions: tuple[str, ...],
    source_role: npt.NDArray[np.uint8] | None = None,
) -> Matches:
    """Every (event, rule) match: event rows, condition, credited actor, weighted value.

    Rules without a channel filter are applied through look-up tables indexed by
    (kind, role of the source): one gather per *layer* of rules that do not
    overlap, instead of one pass per rule. Rules with a channel filter, rarer,
    are applied one by one.
    """
    n_roles = len(ROLES)
    parts: list[Matches] = []
    key = None
    for layer in _layers([rule for rule in mapping.rules if not rule.channels]):
        if key is None:  # (kind, source role) of every event, as one small integer
            if source_role is None:
                source_role = block.roles[block.source]
            key = block.kind.astype(np.int16) * n_roles + source_role
        table = np.full(len(InteractionKind) * n_roles, -1, dtype=np.int16)
        for position, rule in enumerate(layer):
            for role in rule.roles or ROLES:
                table[rule.kind.code * n_roles + ROLES.index(role)] = position
        hit = table[key]
        rows = np.flatnonzero(hit >= 0)
        which = hit[rows]
        condition = np.array([conditions.index(r.condition) for r in layer], np.int64)[which]
        credited = block.source[rows].astype(np.int64)
        if any(r.credit == "target" for r in layer):  # few rows, as a rule: fix them up
            to_target = np.flatnonzero(np.array([r.credit == "target" for r in layer])[which])
            credited[to_target] = block.target[rows[to_target]]
        if all(r.weight == 1.0 for r in layer):  # the usual map: no product, no overflow
            value = block.weights[rows]
        else:
            value = _weighted(block, rows, np.array([r.weight for r in layer])[which], layer, which)
        parts.append((rows, condition, credited, value))
    parts.extend(
        _channel_rule_matches(block, rule, conditions) for rule in mapping.rules if rule.channels
    )
    if not parts:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, np.array([], dtype=np.float64)
    if len(parts) == 1:
        return parts[0]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
    )


def _layers(rules: list[MapRule]) -> list[list[MapRule]]:
    """Group rules so that no two in a group match the same (kind, source role)."""
    layers: list[tuple[list[MapRule], set[tuple[int, int]]]] = []
    for rule in rules:
        cells = {(rule.kind.code, ROLES.index(role)) for role in (rule.roles or ROLES)}
        free = next((layer for layer in layers if not cells & layer[1]), None)
        if free is None:
            layers.append(([rule], cells))
        else:
            free[0].append(rule)
            free[1].update(cells)
    return [layer for layer, _ in layers]


def _channel_rule_matches(block: Block, rule: MapRule, conditions: tuple[str, ...]) -> Matches:
    """The matches of one rule with a channel filter."""
    mask = block.kind == rule.kind.code
    if rule.roles:
        allowed_role = np.zeros(len(ROLES), dtype=bool)
        allowed_role[[ROLES.index(r) for r in rule.roles]] = True
        mask &= allowed_role[block.roles[block.source]]
    names = block.channel_names.tolist()
    allowed_channel = np.zeros(len(names) + 1, dtype=bool)  # the last slot: no channel
    allowed_channel[[code for code, name in enumerate(names) if name in rule.channels]] = True
    mask &= allowed_channel[block.channel]
    rows = np.flatnonzero(mask)
    credited = (block.source if rule.credit == "source" else block.target)[rows]
    value = _weighted(
        block, rows, np.full(len(rows), rule.weight), [rule], np.zeros(len(rows), dtype=np.int64)
    )
    return (
        rows,
        np.full(len(rows), conditions.index(rule.condition), np.int64),
        credited.astype(np.int64),
        value,
    )


def _weighted(
    block: Block,
    rows: Ints,
    weight: npt.NDArray[np.float64],
    rules: list[MapRule],
    which: npt.NDArray[np.integer[Any]],
) -> npt.NDArray[np.float64]:
    """Interaction weight times rule weight; an overflow is bad input, named by row."""
    with np.errstate(over="ignore"):
        value: npt.NDArray[np.float64] = block.weights[rows] * weight
    bad = np.flatnonzero(~np.isfinite(value))
    if len(bad):
        rule = rules[int(which[bad[0]])]
        row = int(rows[bad[0]])
        raise ValidationError(
            f"weight times the rule weight {rule.weight:g} ({rule.kind.value} -> "
            f"{rule.condition}) is too large for float64",
            row=block.start + row,
            column="weight",
            value=float(block.weights[row]),
        )
    return value
