"""Which channels to run with a small budget: :func:`plan_channels`.

Given audience segments (name and size), the share of each segment that uses each
channel, each channel's cost (money, and optionally staff hours) and a budget,
:func:`plan_channels` chooses the channels that maximise the expected number of
distinct people reached. Two overlap models are available:

``independent`` (the default)
    Within a segment, using one channel says nothing about using another, so a set
    of channels ``S`` reaches ``size * (1 - prod(1 - share_c for c in S))`` people.
observed co-usage
    Pass ``co_usage=log``: the log's own actors, and the set of channels each was
    seen on, stand in for the segment. A set reaches the segment's size times the
    share of its actors seen on at least one channel of the set.

Expected reach is monotone and submodular in the set of channels. Up to
``exact_limit`` (25) channels the optimum is found exactly by depth-first branch and
bound, started from the greedy set: a branch is cut when an upper bound on what the
remaining affordable channels could add cannot beat the best set found. The bound
is the smaller of the fractional knapsack of their marginal gains (valid by
submodularity) and, under independence, the sum over segments of each segment's
own fractional-knapsack bound, which stays tight as reach nears saturation. Beyond
the limit, a greedy choice by reach per cost is returned with its guarantee: at
least ``1 - 1/e`` of the optimum when every channel costs
the same (Nemhauser, Wolsey & Fisher 1978), at least ``(1 - 1/e) / 2`` under a
budget with unequal costs when the better of the greedy set and the best single
channel is kept (Khuller, Moss & Naor 1999), and no stated bound when staff hours
constrain too.

Example data
------------
:data:`PEW_2018_USAGE` holds only figures that can be cited: the shares of US
adults using each platform in January 2018, and of 18-24 and 25-29 year olds where
seed 000 and the same survey give them (Smith & Anderson 2018, Pew Research Center,
"Social Media Use in 2018"; quoted in seed 000, section 2.1).

Examples
--------
The seed's argument (section 2.1): a start-up targeting under-25s that can afford
one channel should pick by its segment's usage. Snapchat reaches 78% of 18-24 year
olds but 54% of 25-29 year olds:

>>> from valuecocreation.channels import PEW_2018_USAGE, plan_channels
>>> usage = {c: PEW_2018_USAGE[c] for c in ("snapchat", "instagram", "twitter")}
>>> young = plan_channels(segments={"18-24": 1000}, usage=usage,
...                       costs={"snapchat": 1, "instagram": 1, "twitter": 1}, budget=1)
>>> young.channels, young.reach
(('snapchat',), 780.0)
>>> older = plan_channels(segments={"25-29": 1000}, usage={"snapchat": usage["snapchat"]},
...                       costs={"snapchat": 1}, budget=1)
>>> older.reach
540.0
>>> two = plan_channels(segments={"18-24": 1000}, usage=usage,
...                     costs={"snapchat": 1, "instagram": 1, "twitter": 1}, budget=2)
>>> two.channels, round(two.reach, 1), round(two.marginal["instagram"], 1)
(('instagram', 'snapchat'), 936.2, 156.2)
"""

from __future__ import annotations

import abc
import math
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.knapsack import fractional_knapsack
from valuecocreation._core.serial import check_version, dumps, equal_as_data, loads, reading
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.log import InteractionLog

__all__ = [
    "CHANNEL_PLAN_SCHEMA_VERSION",
    "PEW_2018_SOURCE",
    "PEW_2018_USAGE",
    "ChannelPlan",
    "plan_channels",
]

CHANNEL_PLAN_SCHEMA_VERSION: Final = 1
PEW_2018_SOURCE: Final = (
    "Smith, A., & Anderson, M. (2018). Social Media Use in 2018. Pew Research Center "
    "(survey of US adults, January 2018); Snapchat by age as quoted in seed 000, section 2.1"
)
#: Share of each segment using each platform; only the figures the survey publishes.
PEW_2018_USAGE: Final[Mapping[str, Mapping[str, float]]] = MappingProxyType(
    {
        "youtube": MappingProxyType({"us_adults": 0.73, "18-24": 0.94}),
        "facebook": MappingProxyType({"us_adults": 0.68}),
        "instagram": MappingProxyType({"us_adults": 0.35, "18-24": 0.71}),
        "pinterest": MappingProxyType({"us_adults": 0.29}),
        "snapchat": MappingProxyType({"us_adults": 0.27, "18-24": 0.78, "25-29": 0.54}),
        "linkedin": MappingProxyType({"us_adults": 0.25}),
        "twitter": MappingProxyType({"us_adults": 0.24, "18-24": 0.45}),
        "whatsapp": MappingProxyType({"us_adults": 0.22}),
    }
)
Method = Literal["exact", "greedy"]
_EPS = 1e-9


def _check_number(value: object, where: str, *, share: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ArgumentTypeError(
            f"{where} must be a number, not {type(value).__name__}", column=where, value=value
        )
    number = float(value)
    if not math.isfinite(number) or number < 0 or (share and number > 1):
        bounds = "a share in [0, 1]" if share else "a finite number >= 0"
        raise ValidationError(f"{where} must be {bounds}", column=where, value=value)
    return number


def _mapping(value: object, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            f"{name} must be a mapping, not {type(value).__name__}", column=name, value=value
        )
    return value


class _Reach(abc.ABC):
    """Expected reach of channel sets: per segment, vectorised over the segments."""

    def __init__(self, sizes: npt.NDArray[np.float64]) -> None:
        self.sizes = sizes

    @abc.abstractmethod
    def by_segment(self, chosen: Sequence[int]) -> npt.NDArray[np.float64]:
        """Expected people reached in each segment by the channels at ``chosen``."""

    def total(self, chosen: Sequence[int]) -> float:
        return float(self.by_segment(chosen).sum())

    def gains(self, chosen: Sequence[int], candidates: Sequence[int]) -> npt.NDArray[np.float64]:
        """The reach each candidate would add to ``chosen``."""
        value = self.total(chosen)
        return np.array([self.total([*chosen, j]) - value for j in candidates])

    def bound(
        self,
        chosen: Sequence[int],
        rest: Sequence[int],
        limits: Sequence[tuple[list[float], float]],
    ) -> float:
        """An upper bound on what any affordable subset of ``rest`` adds to ``chosen``.

        By submodularity, the added reach is at most the sum of the members' marginal
        gains, so at most the fractional knapsack of those gains under each limit;
        and never more than the audience not yet reached.
        """
        gains = self.gains(chosen, rest)
        bounds = [
            fractional_knapsack(gains.tolist(), [weights[j] for j in rest], left)
            for weights, left in limits
        ]
        return min([*bounds, float(self.sizes.sum()) - self.total(chosen)])


class _Independent(_Reach):
    def __init__(self, sizes: npt.NDArray[np.float64], shares: npt.NDArray[np.float64]) -> None:
        super().__init__(sizes)
        self.miss = 1.0 - shares  # channels x segments

    def by_segment(self, chosen: Sequence[int]) -> npt.NDArray[np.float64]:
        missed = np.prod(self.miss[list(chosen)], axis=0) if chosen else np.ones_like(self.sizes)
        reached: npt.NDArray[np.float64] = self.sizes * (1.0 - missed)
        return reached

    def bound(
        self,
        chosen: Sequence[int],
        rest: Sequence[int],
        limits: Sequence[tuple[list[float], float]],
    ) -> float:
        """Also bound each segment alone, which is tight when reach nears saturation.

        With ``w = -log(1 - share)``, a set adds ``left * (1 - exp(-sum of w))`` in
        a segment, so the fractional knapsack of the ``w`` bounds it there.
        """
        general = super().bound(chosen, rest, limits)
        missed = np.prod(self.miss[list(chosen)], axis=0) if chosen else np.ones_like(self.sizes)
        with np.errstate(divide="ignore"):
            strength = -np.log(self.miss[list(rest)])  # rest x segments; inf where share is 1
        per_segment = 0.0
        for k in range(len(self.sizes)):
            column = strength[:, k]
            best = min(
                fractional_knapsack(column.tolist(), [weights[j] for j in rest], left)
                for weights, left in limits
            )
            per_segment += float(self.sizes[k] * missed[k] * -math.expm1(-best))
        return min(general, per_segment)

    def gains(self, chosen: Sequence[int], candidates: Sequence[int]) -> npt.NDArray[np.float64]:
        missed = np.prod(self.miss[list(chosen)], axis=0) if chosen else np.ones_like(self.sizes)
        added: npt.NDArray[np.float64] = (
            (self.sizes * missed) * (1.0 - self.miss[list(candidates)])
        ).sum(axis=1)
        return added


class _Observed(_Reach):
    def __init__(self, sizes: npt.NDArray[np.float64], seen: list[npt.NDArray[np.bool_]]) -> None:
        super().__init__(sizes)
        self.seen = seen  # per segment: actors x channels

    def by_segment(self, chosen: Sequence[int]) -> npt.NDArray[np.float64]:
        shares = np.array(
            [
                float(m[:, list(chosen)].any(axis=1).mean()) if chosen and len(m) else 0.0
                for m in self.seen
            ],
            dtype=np.float64,
        )
        reached: npt.NDArray[np.float64] = self.sizes * shares
        return reached


def _exact(
    reach: _Reach, costs: list[float], hours: list[float], budget: float, hour_limit: float
) -> tuple[int, ...]:
    """The optimum by branch and bound; ties go to the cheaper set, then the earlier names.

    Channels are searched best value per cost first, starting from the greedy set,
    and a branch is cut when even the fractional knapsack of the remaining channels'
    marginal gains (an upper bound, by submodularity) cannot beat the best set found.
    """
    n = len(costs)
    single = reach.gains((), list(range(n)))
    order = sorted(
        range(n), key=lambda j: (-(single[j] / costs[j]) if costs[j] > 0 else -math.inf, j)
    )
    best: list[Any] = [0.0, 0.0, 0.0, ()]

    def better(value: float, cost: float, spent: float, chosen: tuple[int, ...]) -> bool:
        if not math.isclose(value, best[0], rel_tol=1e-12, abs_tol=1e-9):
            return bool(value > best[0])
        return bool((cost, spent, len(chosen), chosen) < (best[1], best[2], len(best[3]), best[3]))

    def offer(chosen: tuple[int, ...], value: float, cost: float, spent: float) -> None:
        named = tuple(sorted(chosen))
        if better(value, cost, spent, named):
            best[:] = [value, cost, spent, named]

    start = _greedy(reach, costs, hours, budget, hour_limit)
    offer(
        start,
        reach.total(start),
        math.fsum(costs[j] for j in start),
        math.fsum(hours[j] for j in start),
    )

    def visit(i: int, chosen: tuple[int, ...], value: float, cost: float, spent: float) -> None:
        offer(chosen, value, cost, spent)
        if i == n:
            return
        rest = [
            order[k]
            for k in range(i, n)
            if cost + costs[order[k]] <= budget + _EPS
            and spent + hours[order[k]] <= hour_limit + _EPS
        ]
        if not rest:
            return
        bound = reach.bound(chosen, rest, [(costs, budget - cost), (hours, hour_limit - spent)])
        if value + bound < best[0] - 1e-9:
            return
        j = order[i]
        if cost + costs[j] <= budget + _EPS and spent + hours[j] <= hour_limit + _EPS:
            with_j = (*chosen, j)
            visit(i + 1, with_j, reach.total(with_j), cost + costs[j], spent + hours[j])
        visit(i + 1, chosen, value, cost, spent)

    visit(0, (), 0.0, 0.0, 0.0)
    return tuple(best[3])


def _greedy(
    reach: _Reach, costs: list[float], hours: list[float], budget: float, hour_limit: float
) -> tuple[int, ...]:
    chosen: list[int] = []
    value, cost, spent = 0.0, 0.0, 0.0
    left = set(range(len(costs)))
    while True:
        options = []
        for j in sorted(left):
            if cost + costs[j] > budget + _EPS or spent + hours[j] > hour_limit + _EPS:
                continue
            gain = reach.total([*chosen, j]) - value
            ratio = math.inf if costs[j] == 0 else gain / costs[j]
            options.append((-ratio, -gain, j))
        if not options or -min(options)[1] <= 0:
            break
        _, _, j = min(options)
        chosen.append(j)
        left.discard(j)
        value, cost, spent = reach.total(chosen), cost + costs[j], spent + hours[j]
    singles = [
        (reach.total([j]), -j)
        for j in range(len(costs))
        if costs[j] <= budget + _EPS and hours[j] <= hour_limit + _EPS
    ]
    if singles:
        single_value, minus_j = max(singles)
        if single_value > value + 1e-9:
            return (-minus_j,)
    return tuple(sorted(chosen))


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


def _floats(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({key: float(item) for key, item in value.items()})


def _nested(value: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    return MappingProxyType({key: _floats(item) for key, item in value.items()})


@attrs.frozen(kw_only=True, eq=False)
class ChannelPlan:
    """The channels chosen, the expected reach, and what each channel adds.

    Attributes
    ----------
    channels
        The chosen channel keys, sorted.
    reach, reach_by_segment
        Expected distinct people reached, in total and per segment.
    marginal, marginal_by_segment
        For each chosen channel, the reach lost if it were dropped (total and per segment).
    method
        ``"exact"`` or ``"greedy"``; ``bound`` is the greedy guarantee (a share of
        the optimum), 1 for exact, nan when none can be stated.
    """

    channels: tuple[str, ...] = attrs.field(converter=_strs)
    reach: float = attrs.field(converter=float)
    reach_by_segment: Mapping[str, float] = attrs.field(converter=_floats)
    marginal: Mapping[str, float] = attrs.field(converter=_floats)
    marginal_by_segment: Mapping[str, Mapping[str, float]] = attrs.field(converter=_nested)
    audience: float = attrs.field(converter=float)
    cost: float = attrs.field(converter=float)
    staff_hours: float = attrs.field(converter=float)
    budget: float = attrs.field(converter=float)
    hours: float | None
    overlap: str
    method: str
    bound: float = attrs.field(converter=float)
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)

    @property
    def share(self) -> float:
        """The reach as a share of the whole audience (nan when the audience is empty)."""
        return self.reach / self.audience if self.audience > 0 else math.nan

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``."""
        return {
            "schema_version": CHANNEL_PLAN_SCHEMA_VERSION,
            "channels": list(self.channels),
            "reach": self.reach,
            "reach_by_segment": dict(self.reach_by_segment),
            "marginal": dict(self.marginal),
            "marginal_by_segment": {k: dict(v) for k, v in self.marginal_by_segment.items()},
            "audience": self.audience,
            "cost": self.cost,
            "staff_hours": self.staff_hours,
            "budget": self.budget,
            "hours": self.hours,
            "overlap": self.overlap,
            "method": self.method,
            "bound": None if math.isnan(self.bound) else self.bound,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChannelPlan:
        """The inverse of :meth:`to_dict`; malformed data is a ValidationError."""
        data = check_version(data, CHANNEL_PLAN_SCHEMA_VERSION, "channel plan")
        with reading("channel plan"):
            fields = dict(data)
            del fields["schema_version"]
            fields["bound"] = math.nan if data["bound"] is None else data["bound"]
            fields["findings"] = [Finding.from_dict(f) for f in data["findings"]]
            return cls(**fields)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Strict JSON text."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> ChannelPlan:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def rows(self) -> list[dict[str, Any]]:
        """One row per chosen channel and segment: the marginal reach there."""
        return [
            {"channel": c, "segment": s, "marginal_reach": value}
            for c in self.channels
            for s, value in self.marginal_by_segment[c].items()
        ]

    def summary(self) -> str:
        """A text table: each chosen channel's marginal reach, then the totals."""
        lines = [f"{'channel':<16} {'marginal reach':>15}"]
        lines += [f"{c:<16} {self.marginal[c]:>15.1f}" for c in self.channels]
        lines.append(
            f"reach {self.reach:.1f} of {self.audience:g} ({self.share:.1%}); cost "
            f"{self.cost:g} of {self.budget:g}; {self.method} ({self.overlap})"
        )
        lines += [f.line() for f in self.findings]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table of the chosen channels and the totals."""
        out = ["| channel | marginal reach |", "|---|---:|"]
        out += [f"| {c} | {self.marginal[c]:.1f} |" for c in self.channels]
        out += ["", f"Reach {self.reach:.1f} of {self.audience:g}; method {self.method}."]
        out += [f"- {f.line()}" for f in self.findings]
        return "\n".join(out) + "\n"


def _observed_seen(
    log: InteractionLog,
    names: Sequence[str],
    segment_names: Sequence[str],
    actor_segments: Mapping[str, str] | None,
) -> tuple[list[npt.NDArray[np.bool_]], list[Finding]]:
    """Per segment, which channels (of ``names``) each of its actors was seen on."""
    findings = []
    wanted = {c: j for j, c in enumerate(names)}
    present = np.array([wanted.get(str(c), -1) for c in log.channels], dtype=np.int64)
    codes = log.channel_codes
    column = np.where(codes >= 0, present[np.maximum(codes, 0)], -1)
    keep = column >= 0
    seen = np.zeros((len(log.actors), len(names)), dtype=bool)
    seen[log.source_codes[keep], column[keep]] = True
    active = np.zeros(len(log.actors), dtype=bool)
    active[log.source_codes] = True
    missing = [c for c in names if c not in set(map(str, log.channels))]
    if missing:
        findings.append(
            Finding(
                code="channel_not_in_log",
                severity=Severity.WARNING,
                message=f"no actor of the log was seen on {', '.join(missing)}: its reach is 0",
                numbers={"channels": len(missing)},
            )
        )
    if actor_segments is None:
        rows = seen[active]
        findings.append(
            Finding(
                code="one_usage_pattern",
                severity=Severity.INFO,
                message=(
                    f"without actor segments, the co-usage of all {int(active.sum())} active "
                    "actors stands in for every segment"
                ),
            )
        )
        return [rows for _ in segment_names], findings
    labels = np.array([actor_segments.get(str(a), "") for a in log.actors], dtype=object)
    result = []
    for name in segment_names:
        rows = seen[active & (labels == name)]
        if not len(rows):
            findings.append(
                Finding(
                    code="segment_not_in_log",
                    severity=Severity.WARNING,
                    message=f"no active actor of the log belongs to segment {name}: its reach is 0",
                    subject=name,
                )
            )
        result.append(rows)
    return result, findings


def _costs(costs: Mapping[str, Any]) -> tuple[list[str], list[float], list[float]]:
    names = sorted(_mapping(costs, "costs"))
    if not names:
        raise ValidationError("costs must name at least one channel", column="costs")
    money, staff = [], []
    for name in names:
        raw = costs[name]
        pair = raw if isinstance(raw, tuple | list) else (raw, 0.0)
        if len(pair) != 2:
            raise ValidationError(
                "a cost is a number or (cost, hours)", column=f"costs[{name!r}]", value=raw
            )
        money.append(_check_number(pair[0], f"costs[{name!r}]"))
        staff.append(_check_number(pair[1], f"costs[{name!r}] hours"))
    return names, money, staff


def _independent(
    usage: Mapping[str, Mapping[str, float]] | None,
    names: Sequence[str],
    segment_names: Sequence[str],
    sizes: npt.NDArray[np.float64],
) -> tuple[_Reach, list[Finding]]:
    if usage is None:
        raise ValidationError("usage is needed unless co_usage gives a log", column="usage")
    usage = _mapping(usage, "usage")
    shares = np.zeros((len(names), len(segment_names)))
    unknown = []
    for j, name in enumerate(names):
        row = _mapping(usage.get(name, {}), f"usage[{name!r}]")
        for k, segment in enumerate(segment_names):
            if segment in row:
                where = f"usage[{name!r}][{segment!r}]"
                shares[j, k] = _check_number(row[segment], where, share=True)
            else:
                unknown.append(f"{name}/{segment}")
    findings = []
    if unknown:
        findings.append(
            Finding(
                code="usage_unknown",
                severity=Severity.WARNING,
                message=(
                    f"no usage share for {', '.join(unknown)}: counted as 0, so the "
                    "reach there is a lower bound"
                ),
                numbers={"pairs": len(unknown)},
            )
        )
    return _Independent(sizes, shares), findings


def _greedy_bound(money: Sequence[float], *, two_limits: bool) -> float:
    if two_limits:
        return math.nan
    if len(set(money)) == 1:
        return 1 - 1 / math.e  # a cardinality limit: Nemhauser, Wolsey & Fisher (1978)
    return (1 - 1 / math.e) / 2  # a budget: Khuller, Moss & Naor (1999)


def _greedy_finding(bound: float, channels: int, limit: int) -> Finding:
    guarantee = (
        "greedy choice has no stated guarantee under two limits"
        if math.isnan(bound)
        else f"greedy choice reaches at least {bound:.3f} of the optimum"
    )
    return Finding(
        code="greedy_choice",
        severity=Severity.WARNING,
        message=f"{channels} channels exceed the exact limit of {limit}: the {guarantee}",
        numbers={"bound": bound, "channels": channels},
    )


def plan_channels(
    *,
    segments: Mapping[str, float],
    usage: Mapping[str, Mapping[str, float]] | None = None,
    costs: Mapping[str, float | tuple[float, float]],
    budget: float,
    hours: float | None = None,
    co_usage: InteractionLog | None = None,
    actor_segments: Mapping[str, str] | None = None,
    exact_limit: int = 25,
) -> ChannelPlan:
    """Choose the channels that maximise expected unique reach within a budget.

    Parameters
    ----------
    segments
        Segment name to its size (people).
    usage
        Channel to segment to the share of the segment using it; a segment missing
        for a channel is a share of 0 (with a finding). Needed unless ``co_usage``.
    costs
        Channel to its cost, or to ``(cost, staff_hours)``; only these channels are
        considered.
    budget, hours
        Limits on the total cost and (if given) staff hours.
    co_usage
        A log whose actors' channels replace the independence model (see the module).
    actor_segments
        With ``co_usage``: actor id to segment name; actors in no segment are left out.
    exact_limit
        Up to this many channels, solve exactly; beyond, greedily with a bound.

    Returns
    -------
    ChannelPlan

    Examples
    --------
    >>> plan = plan_channels(segments={"a": 100, "b": 100},
    ...                      usage={"x": {"a": 0.5}, "y": {"b": 0.5}, "z": {"a": 0.6, "b": 0.1}},
    ...                      costs={"x": 1, "y": 1, "z": 1}, budget=2)
    >>> plan.channels, round(plan.reach, 6), round(plan.marginal_by_segment["y"]["b"], 6)
    (('y', 'z'), 115.0, 45.0)
    >>> [f.code for f in plan.findings]
    ['usage_unknown']
    """
    sizes = {
        name: _check_number(size, f"segments[{name!r}]")
        for name, size in _mapping(segments, "segments").items()
    }
    if not sizes:
        raise ValidationError("segments must name at least one segment", column="segments")
    names, money, staff = _costs(costs)
    budget_limit = _check_number(budget, "budget")
    hour_limit = math.inf if hours is None else _check_number(hours, "hours")
    segment_names = sorted(sizes)
    size_array = np.array([sizes[s] for s in segment_names])
    findings: list[Finding] = []
    reach: _Reach
    if co_usage is not None:
        if not isinstance(co_usage, InteractionLog):
            raise ArgumentTypeError(
                "co_usage must be an InteractionLog", column="co_usage", value=co_usage
            )
        seen, notes = _observed_seen(co_usage, names, segment_names, actor_segments)
        findings += notes
        reach, overlap = _Observed(size_array, seen), "observed"
    else:
        reach, notes = _independent(usage, names, segment_names, size_array)
        findings += notes
        overlap = "independent"
    if len(names) <= exact_limit:
        chosen, method, bound = _exact(reach, money, staff, budget_limit, hour_limit), "exact", 1.0
    else:
        chosen, method = _greedy(reach, money, staff, budget_limit, hour_limit), "greedy"
        bound = _greedy_bound(money, two_limits=hours is not None)
        findings.append(_greedy_finding(bound, len(names), exact_limit))
    by_segment = reach.by_segment(chosen)
    total = float(by_segment.sum())
    marginal_segments = {}
    for j in chosen:
        without = reach.by_segment([i for i in chosen if i != j])
        marginal_segments[names[j]] = dict(
            zip(segment_names, (by_segment - without).tolist(), strict=True)
        )
    return ChannelPlan(
        channels=[names[j] for j in chosen],
        reach=total,
        reach_by_segment=dict(zip(segment_names, by_segment.tolist(), strict=True)),
        marginal={c: math.fsum(v.values()) for c, v in marginal_segments.items()},
        marginal_by_segment=marginal_segments,
        audience=float(size_array.sum()),
        cost=math.fsum(money[j] for j in chosen),
        staff_hours=math.fsum(staff[j] for j in chosen),
        budget=budget_limit,
        hours=None if hours is None else hour_limit,
        overlap=overlap,
        method=method,
        bound=bound,
        findings=findings,
    )
