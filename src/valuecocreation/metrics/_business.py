"""Business outcomes of co-creation: adoption, and return on investment.

Adoption measures the uptake of what was co-created; the return on investment
weighs an initiative's gain against its cost.

Both broadcast like numpy (one value per product, feature or initiative) and
return a Python float when every input is a scalar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ValidationError
from valuecocreation.metrics._checks import (
    FloatArray,
    as_numbers,
    ratio,
    reject,
    scalar_or_array,
)

if TYPE_CHECKING:
    # The array overloads spell numpy's types in full, a name bound for type checkers
    # only: Sphinx then shows "numpy.typing.ArrayLike" instead of expanding the alias.
    import numpy.typing  # noqa: TC004 - a false positive: only annotations use it

__all__ = ["adoption_rate", "roi"]


@overload
def adoption_rate(adopters: float, eligible: float) -> float: ...
@overload
def adoption_rate(
    adopters: numpy.typing.ArrayLike,
    eligible: numpy.typing.ArrayLike,
) -> numpy.typing.NDArray[numpy.float64]: ...
def adoption_rate(adopters: npt.ArrayLike, eligible: npt.ArrayLike) -> float | FloatArray:
    """The share of eligible customers who adopted a product, feature or service.

    ``adopters / eligible``. Seed guides on co-creation for small firms track it for
    offerings developed with customers: a higher share suggests their input made
    the offering more relevant. Rogers (2003) calls the *speed* of adoption the rate
    of adoption; the share computed here is the cumulative adoption at the time of
    measurement, and its change between measurements is that speed.

    Parameters
    ----------
    adopters
        Customers who used the offering (at least once, or by your definition).
    eligible
        Customers who could have: those it was offered to.

    Returns
    -------
    float or numpy.ndarray
        The share in [0, 1]; NaN where nobody was eligible or a count is missing.

    Raises
    ------
    ValidationError
        For negative or fractional counts, or more adopters than eligible customers.

    References
    ----------
    Rogers, E. M. (2003). *Diffusion of Innovations* (5th ed.). Free Press.

    Examples
    --------
    >>> from valuecocreation.metrics import adoption_rate
    >>> adoption_rate(120, 480)
    0.25
    >>> adoption_rate([120, 0], [480, 0]).tolist()  # per feature
    [0.25, nan]
    >>> adoption_rate(500, 480)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'adopters', value 500.0: more adopters than ...
    """
    used = as_numbers(adopters, "adopters", nonnegative=True, whole=True)
    could = as_numbers(eligible, "eligible", nonnegative=True, whole=True)
    used, could = np.broadcast_arrays(used, could)
    with np.errstate(invalid="ignore"):
        too_many = used > could
    reject(too_many, "adopters", "more adopters than eligible customers", used)
    return scalar_or_array(ratio(used, could))  # type: ignore[no-any-return]


@overload
def roi(
    *,
    cost: float,
    gain: float | None = None,
    revenue: float | None = None,
    margin: float | None = None,
) -> float: ...
@overload
def roi(
    *,
    cost: numpy.typing.ArrayLike,
    gain: numpy.typing.ArrayLike | None = None,
    revenue: numpy.typing.ArrayLike | None = None,
    margin: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def roi(
    *,
    cost: npt.ArrayLike,
    gain: npt.ArrayLike | None = None,
    revenue: npt.ArrayLike | None = None,
    margin: npt.ArrayLike | None = None,
) -> float | FloatArray:
    """Return on investment of an initiative: ``(gain - cost) / cost``.

    ``gain`` is what the initiative returned, in money, before its cost is taken
    off: the incremental profit it brought. When what you know is the revenue
    attributable to the initiative, pass ``revenue`` and the contribution
    ``margin`` instead; the gain is then ``revenue * margin``, and the result is
    the return on marketing investment of Farris et al. (2010, chapter 10),
    ``(incremental revenue * contribution margin - spending) / spending``. The
    margin has no default: revenue is not profit, and a margin of 1 would
    overstate the return (pass ``margin=1`` only if the revenue really is all
    profit).

    Parameters
    ----------
    cost
        What the initiative cost (spending, staff time, prizes), at least 0.
    gain
        The incremental profit it returned; may be negative.
    revenue
        Instead of ``gain``: the incremental revenue attributable to it.
    margin
        The contribution margin of that revenue, from 0 to 1; required with
        ``revenue``, refused with ``gain``.

    Returns
    -------
    float or numpy.ndarray
        The return per unit of cost (0.5 is 50 %; -1 is everything lost); NaN where
        the cost is 0 (a return on nothing is undefined) or a value is missing.

    Raises
    ------
    ValidationError
        For a negative or infinite cost, an infinite gain or revenue, a margin
        outside [0, 1], not exactly one of ``gain`` and ``revenue``, ``revenue``
        without ``margin``, or ``margin`` with ``gain``.

    References
    ----------
    Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010).
    *Marketing Metrics: The Definitive Guide to Measuring Marketing Performance*
    (2nd ed.). Pearson/FT Press.

    Examples
    --------
    >>> from valuecocreation.metrics import roi
    >>> roi(cost=2_000, gain=3_000)
    0.5
    >>> roi(cost=2_000, revenue=10_000, margin=0.3)  # (10,000 * 0.3 - 2,000) / 2,000
    0.5
    >>> roi(cost=[1_000, 0], gain=[800, 100]).tolist()
    [-0.2, nan]
    >>> roi(cost=2_000, revenue=10_000)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'margin': revenue is not profit: pass ...
    """
    if (gain is None) == (revenue is None):
        raise ValidationError("give exactly one of gain and revenue", column="gain/revenue")
    spent = as_numbers(cost, "cost", nonnegative=True)
    if gain is not None:
        if margin is not None:
            raise ValidationError(
                "a margin applies to revenue; gain is already profit", column="margin"
            )
        returned = as_numbers(gain, "gain")
    elif margin is None:
        raise ValidationError(
            "revenue is not profit: pass margin= (the contribution margin, 0 to 1), "
            "or gain= with the incremental profit",
            column="margin",
        )
    else:
        share = as_numbers(margin, "margin", nonnegative=True)
        with np.errstate(invalid="ignore"):
            above = share > 1
        reject(above, "margin", "a margin must be from 0 to 1", share)
        returned = as_numbers(revenue, "revenue") * share
    return scalar_or_array(ratio(returned - spent, spent))  # type: ignore[no-any-return]
