"""The results of cascades and seed selection: ``Cascade``, ``Spread``, ``SeedSelection``."""

from __future__ import annotations

import math
from typing import ClassVar

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation.errors import UnknownKeyError
from valuecocreation.findings import Finding
from valuecocreation.simulate._serial import (
    Serial,
    findings_tuple,
    float_array,
    float_pair,
    float_value,
    id_tuple,
    int_array,
)

__all__ = ["Cascade", "SeedSelection", "Spread"]


@attrs.frozen(kw_only=True, eq=False)
class Cascade(Serial):
    """The runs of a cascade model from a set of seeds.

    ``reached`` holds, per run, how many actors were active when the cascade
    stopped, the seeds included (Kempe, Kleinberg & Tardos 2003 call its
    expectation the influence of the seed set). ``mean`` is its average and
    ``mean_fraction`` that average over the graph's actors; ``interval`` is the
    normal-approximation interval of the mean at ``confidence`` (a Monte Carlo
    interval: more runs make it narrower, not the cascade less random).

    ``curve`` is the mean number of active actors after each step (step 0: the
    seeds), and ``curve_low``/``curve_high`` the central ``confidence`` range of
    the runs at each step. ``activated`` lists the actors active in at least one
    run, and ``frequency`` the share of runs in which each of them was.
    """

    _KIND: ClassVar[str] = "cascade"

    model: str
    direction: str
    n_actors: int
    seeds: tuple[str | int, ...] = attrs.field(converter=id_tuple)
    runs: int
    max_steps: int | None
    confidence: float = attrs.field(converter=float_value)
    reached: npt.NDArray[np.int64] = attrs.field(converter=int_array)
    mean: float = attrs.field(converter=float_value)
    mean_fraction: float = attrs.field(converter=float_value)
    standard_error: float = attrs.field(converter=float_value)
    interval: tuple[float, float] = attrs.field(converter=float_pair)
    curve: npt.NDArray[np.float64] = attrs.field(converter=float_array)
    curve_low: npt.NDArray[np.float64] = attrs.field(converter=float_array)
    curve_high: npt.NDArray[np.float64] = attrs.field(converter=float_array)
    activated: tuple[str | int, ...] = attrs.field(converter=id_tuple)
    frequency: npt.NDArray[np.float64] = attrs.field(converter=float_array)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=findings_tuple)

    @property
    def fraction_interval(self) -> tuple[float, float]:
        """:attr:`interval` as fractions of the graph's actors."""
        low, high = self.interval
        return (
            (low / self.n_actors, high / self.n_actors) if self.n_actors else (math.nan, math.nan)
        )

    def frequency_of(self, actor: str | int) -> float:
        """The share of runs in which ``actor`` was active (0.0 if it never was)."""
        try:
            return float(self.frequency[self.activated.index(actor)])
        except ValueError:
            return 0.0

    def __repr__(self) -> str:
        low, high = self.interval
        return (
            f"<Cascade {self.model} from {len(self.seeds)} seed(s), {self.runs} runs: "
            f"mean reach {self.mean:.4g} of {self.n_actors} ({low:.4g} to {high:.4g})>"
        )


@attrs.frozen(kw_only=True, eq=False)
class Spread(Serial):
    """The expected reach of one seed set, estimated from fresh runs."""

    _KIND: ClassVar[str] = "spread"

    strategy: str
    seeds: tuple[str | int, ...] = attrs.field(converter=id_tuple)
    runs: int
    mean: float = attrs.field(converter=float_value)
    mean_fraction: float = attrs.field(converter=float_value)
    standard_error: float = attrs.field(converter=float_value)
    interval: tuple[float, float] = attrs.field(converter=float_pair)

    @classmethod
    def of(cls, strategy: str, cascade: Cascade) -> Spread:
        """The summary of ``cascade`` under the name ``strategy``."""
        return cls(
            strategy=strategy,
            seeds=cascade.seeds,
            runs=cascade.runs,
            mean=cascade.mean,
            mean_fraction=cascade.mean_fraction,
            standard_error=cascade.standard_error,
            interval=cascade.interval,
        )


def _spreads(value: object) -> tuple[Spread, ...]:
    return tuple(
        item if isinstance(item, Spread) else Spread.from_dict(item)
        for item in value  # type: ignore[attr-defined]
    )


@attrs.frozen(kw_only=True, eq=False)
class SeedSelection(Serial):
    """Which actors to feature so that a cascade reaches the most, by CELF lazy greedy.

    ``seeds`` are in the order chosen and ``gains`` the estimated marginal gain of
    each when it was chosen (on the ``runs`` live-edge samples the selection used).
    ``spreads`` compares, on fresh runs, the chosen set (``"celf"``) with the ``k``
    actors of highest out-degree (``"degree"``) and ``k`` drawn at random
    (``"random"``).
    """

    _KIND: ClassVar[str] = "seed_selection"

    model: str
    direction: str
    k: int
    runs: int
    seeds: tuple[str | int, ...] = attrs.field(converter=id_tuple)
    gains: npt.NDArray[np.float64] = attrs.field(converter=float_array)
    evaluations: int
    spreads: tuple[Spread, ...] = attrs.field(converter=_spreads)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=findings_tuple)

    def spread(self, strategy: str) -> Spread:
        """The spread of ``strategy``: ``"celf"``, ``"degree"`` or ``"random"``."""
        for item in self.spreads:
            if item.strategy == strategy:
                return item
        raise UnknownKeyError("strategy", strategy, [item.strategy for item in self.spreads])

    def __repr__(self) -> str:
        parts = ", ".join(f"{item.strategy} {item.mean:.4g}" for item in self.spreads)
        return f"<SeedSelection k={self.k} {self.model}: {parts}>"
