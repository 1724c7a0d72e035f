"""Cascades on a graph: :func:`independent_cascade` and :func:`linear_threshold`.

Both take a :class:`~valuecocreation.graph.ValueFlowGraph` or any networkx graph,
run many seeded Monte Carlo runs at once (see ``_engine``) and return a
:class:`~valuecocreation.simulate.Cascade`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import numpy.typing as npt

from valuecocreation._core.intervals import z_value
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.simulate._engine import Outcome, run_cascades
from valuecocreation.simulate._network import (
    SpreadGraph,
    edge_values,
    seed_positions,
    spread_graph,
)
from valuecocreation.simulate._results import Cascade

__all__ = [
    "Seed",
    "check_runs",
    "independent_cascade",
    "linear_threshold",
    "make_rng",
    "run_model",
]

Seed = int | np.random.Generator | None
"""A seed for the random draws: an int, a numpy Generator (used as is) or None (fresh)."""

#: Fewer runs than this make the normal interval of the mean a rough guide only.
_FEW_RUNS = 30
_SECTION_IC = "Kempe, Kleinberg & Tardos (2003), section 2"


def make_rng(seed: object) -> np.random.Generator:
    """A numpy Generator from ``seed`` (int, Generator or None)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
        if int(seed) < 0:
            raise ValidationError("seed must not be negative", column="seed", value=seed)
        return np.random.default_rng(int(seed))
    raise ArgumentTypeError(
        "seed must be an int, a numpy Generator or None", column="seed", value=type(seed).__name__
    )


def check_runs(runs: object, name: str = "runs") -> int:
    """``runs`` as a whole number of at least 1, or a clear error."""
    if isinstance(runs, bool) or not isinstance(runs, numbers.Integral):
        raise ArgumentTypeError(
            f"{name} must be a whole number", column=name, value=type(runs).__name__
        )
    if runs < 1:
        raise ValidationError(f"{name} must be at least 1", column=name, value=runs)
    return int(runs)


def _check_max_steps(max_steps: object) -> int | None:
    if max_steps is None:
        return None
    return check_runs(max_steps, "max_steps")


def independent_cascade(
    graph: object,
    seeds: object,
    probability: object = 0.1,
    *,
    runs: int = 1000,
    seed: Seed = None,
    max_steps: int | None = None,
    direction: str | None = None,
    confidence: float = 0.95,
) -> Cascade:
    """Monte Carlo runs of the independent cascade model (Kempe, Kleinberg & Tardos 2003).

    The seeds are active at step 0. At each step, every actor activated in the
    previous step gets one chance to activate each inactive neighbour it can pass
    a share to, succeeding with the edge's probability; the run stops when a step
    activates nobody (or after ``max_steps`` steps). This is the model of ndlib's
    ``IndependentCascadesModel`` with every edge's threshold configured: there
    too each newly infected node tries each susceptible neighbour once, and the
    reached fraction counts the seeds.

    Parameters
    ----------
    graph
        A :class:`~valuecocreation.graph.ValueFlowGraph` or a networkx graph.
    seeds
        The actor id (or ids) active at the start.
    probability
        A number in [0, 1] for every edge; one number per edge of ``graph`` (in
        the order of ``graph.edges`` for networkx, of ``source_codes`` for a
        value-flow graph); or ``"weighted"``: an edge's weight over the total
        weight into the actor it points to, so ``1 / in-degree`` for unit weights
        (the weighted cascade of Kempe et al. 2003).
    runs
        How many runs (at least 1).
    seed
        Seeds the draws: an int, a numpy Generator or None. The same seed gives
        the same result on every platform.
    max_steps
        Stop every run after this many steps; ``None`` runs to the end.
    direction
        Which way a share travels along an edge ``u -> v``: ``"out"`` (u to v),
        ``"in"`` (v to u) or ``"both"``. The default is ``"in"`` for a value-flow
        graph, where an edge points from the actor who acted (viewed, followed,
        liked) to the one acted on, so a share of an actor's content travels to
        its audience; ``"out"`` for a directed networkx graph. An undirected
        graph spreads both ways.
    confidence
        The level of the interval of the mean and of the per-step range.

    Returns
    -------
    Cascade
        Reached counts per run, their mean with an interval, the per-step curve
        and how often each actor was activated.

    Raises
    ------
    ValidationError
        For seeds not in the graph, probabilities outside [0, 1], a per-edge
        array of the wrong length, or ``runs`` below 1.
    ArgumentTypeError
        For a graph, seed or runs of the wrong type.

    Examples
    --------
    >>> import networkx as nx
    >>> from valuecocreation.simulate import independent_cascade
    >>> path = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> cascade = independent_cascade(path, "a", 0.5, runs=4000, seed=1)
    >>> round(cascade.mean, 1)  # 1 + 0.5 + 0.25 expected
    1.7
    >>> round(cascade.frequency_of("c"), 1)  # 0.25 expected
    0.2
    >>> cascade == type(cascade).from_json(cascade.to_json())
    True
    """
    network = spread_graph(graph, direction)
    values = edge_values(network, probability, "probability")
    return run_model(
        network, seeds, values, "independent_cascade", runs, seed, max_steps, confidence
    )


def linear_threshold(
    graph: object,
    seeds: object,
    weights: object = "weighted",
    *,
    runs: int = 1000,
    seed: Seed = None,
    max_steps: int | None = None,
    direction: str | None = None,
    confidence: float = 0.95,
) -> Cascade:
    """Monte Carlo runs of the linear threshold model (Kempe, Kleinberg & Tardos 2003).

    Each actor draws a threshold uniformly from [0, 1] in each run; it turns
    active at the first step at which the summed weights of the edges from its
    active neighbours reach the threshold. The seeds are active at step 0.

    Parameters
    ----------
    graph, seeds, runs, seed, max_steps, direction, confidence
        As for :func:`independent_cascade`.
    weights
        The influence of each edge, in [0, 1]: a number, one per edge, or
        ``"weighted"`` (the default): an edge's weight over the total weight into
        the actor it points to, so the weights into every actor sum to 1, as the
        model asks (where they sum to more, an actor reached by all its
        neighbours always turns active).

    Returns
    -------
    Cascade
        As for :func:`independent_cascade`.

    Raises
    ------
    ValidationError, ArgumentTypeError
        As for :func:`independent_cascade`.

    Examples
    --------
    >>> import networkx as nx
    >>> from valuecocreation.simulate import linear_threshold
    >>> g = nx.DiGraph([("a", "c"), ("b", "c")])  # c listens to a and b equally
    >>> cascade = linear_threshold(g, "a", runs=4000, seed=1)
    >>> round(cascade.frequency_of("c"), 1)
    0.5
    """
    network = spread_graph(graph, direction)
    values = edge_values(network, weights, "weights")
    return run_model(network, seeds, values, "linear_threshold", runs, seed, max_steps, confidence)


def run_model(  # noqa: PLR0917 - the models and seed selection share it
    network: SpreadGraph,
    seeds: object,
    values: npt.NDArray[np.float64],
    model: str,
    runs: object,
    seed: object,
    max_steps: object,
    confidence: float,
) -> Cascade:
    """Check the run arguments, run ``model`` on ``network`` and summarise the runs."""
    start = seed_positions(network, seeds)
    count = check_runs(runs)
    steps = _check_max_steps(max_steps)
    z = z_value(confidence)
    outcome = run_cascades(
        network,
        start,
        values,
        model="ic" if model == "independent_cascade" else "lt",
        runs=count,
        rng=make_rng(seed),
        max_steps=steps,
    )
    return summarise(network, start, outcome, model, count, steps, confidence, z)


def summarise(  # noqa: PLR0917 - one internal call site
    network: SpreadGraph,
    start: npt.NDArray[np.int64],
    outcome: Outcome,
    model: str,
    runs: int,
    max_steps: int | None,
    confidence: float,
    z: float,
) -> Cascade:
    """The :class:`Cascade` of an engine outcome."""
    reached = outcome.reached.astype(np.float64)
    mean = float(reached.mean())
    error = float(reached.std(ddof=1) / math.sqrt(runs)) if runs > 1 else math.nan
    half = z * error
    tail = (1.0 - confidence) / 2.0
    curve = outcome.steps.astype(np.float64)
    activated = np.flatnonzero(outcome.activations)
    findings = []
    if runs < _FEW_RUNS:
        findings.append(
            Finding(
                code="few_runs",
                severity=Severity.WARNING,
                message=f"{runs} runs make the interval of the mean a rough guide only",
                numbers={"runs": runs, "minimum": _FEW_RUNS},
            )
        )
    if outcome.truncated:
        findings.append(
            Finding(
                code="cascade_truncated",
                severity=Severity.INFO,
                message=(
                    f"{outcome.truncated} of {runs} runs could still spread when max_steps "
                    "stopped them; the reach is a lower bound of the full cascade"
                ),
                numbers={"runs": outcome.truncated, "max_steps": max_steps},
            )
        )
    return Cascade(
        model=model,
        direction=network.direction,
        n_actors=network.n,
        seeds=[network.ids[i] for i in start.tolist()],
        runs=runs,
        max_steps=max_steps,
        confidence=confidence,
        reached=outcome.reached,
        mean=mean,
        mean_fraction=mean / network.n,
        standard_error=error,
        interval=(mean - half, mean + half) if runs > 1 else (math.nan, math.nan),
        curve=curve.mean(axis=0),
        curve_low=np.quantile(curve, tail, axis=0),
        curve_high=np.quantile(curve, 1.0 - tail, axis=0),
        activated=[network.ids[i] for i in activated.tolist()],
        frequency=outcome.activations[activated] / runs,
        findings=findings,
    )
