"""Two groups of respondents compared: :func:`compare_groups` and :class:`GroupComparison`.

For one item or one condition, the comparison reports the difference of means
with Welch's confidence interval and test, the standardized effect size (Cohen's
*d* and Hedges' *g*) and, for a top-box threshold, the difference of the shares of
respondents at or above it with Newcombe's hybrid score interval. Everything is
computed with numpy and the standard library (the t distribution by
:mod:`valuecocreation._core.student`); the tests check it against scipy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.intervals import wilson_interval
from valuecocreation._core.serial import equal_as_data, reading
from valuecocreation._core.student import t_quantile, t_sf
from valuecocreation.errors import ValidationError

if TYPE_CHECKING:
    from valuecocreation.survey._responses import SurveyResponses

__all__ = ["GroupComparison", "compare_groups"]

_FLOATS: Final = (
    "mean_a",
    "mean_b",
    "sd_a",
    "sd_b",
    "difference",
    "df",
    "t",
    "p_value",
    "cohen_d",
    "hedges_g",
    "share_a",
    "share_b",
    "share_difference",
)


def _to_pair(value: Any) -> tuple[float, float] | None:  # noqa: ANN401
    return None if value is None else (float(value[0]), float(value[1]))


def _json(value: float) -> float | None:
    return None if math.isnan(value) else value


@attrs.frozen(kw_only=True, eq=False)
class GroupComparison:
    """Group ``b`` against group ``a`` on one item or condition.

    Differences are ``b`` minus ``a``: positive when ``b`` scores higher (for
    ``a="before"``, ``b="after"``, the change). Statistics that cannot be
    computed are nan, and ``reason`` says why.

    Parameters
    ----------
    measure
        ``"item"`` or ``"condition"``.
    key
        The item id or condition key compared.
    by, a, b
        The attribute that splits respondents, and the values of the two groups.
    scale
        The (low, high) scale of the compared values (a condition's respondent
        means are on its items' scale, or on [0, 1] when rescaled).
    n_a, n_b
        Respondents of each group with a value.
    mean_a, mean_b, sd_a, sd_b
        Group means and sample standard deviations (``ddof=1``).
    difference
        ``mean_b - mean_a``.
    interval
        Welch's confidence interval of ``difference``.
    df, t, p_value
        Welch's degrees of freedom, t statistic and two-sided p value.
    cohen_d, hedges_g
        The difference over the pooled standard deviation, and that times
        Hedges' small-sample correction.
    top_box
        The threshold of the top box (values at or above it), or ``None``.
    share_a, share_b, share_difference, share_interval
        Shares of each group in the top box, their difference and its Newcombe
        hybrid score interval; nan and ``None`` without a threshold.
    confidence
        The level of both intervals.
    reason
        Why some statistics are nan; empty when none is.
    """

    measure: str
    key: str
    by: str
    a: str
    b: str
    scale: tuple[float, float] = attrs.field(converter=_to_pair)
    n_a: int
    n_b: int
    mean_a: float = attrs.field(converter=float)
    mean_b: float = attrs.field(converter=float)
    sd_a: float = attrs.field(converter=float)
    sd_b: float = attrs.field(converter=float)
    difference: float = attrs.field(converter=float)
    interval: tuple[float, float] | None = attrs.field(converter=_to_pair)
    df: float = attrs.field(converter=float)
    t: float = attrs.field(converter=float)
    p_value: float = attrs.field(converter=float)
    cohen_d: float = attrs.field(converter=float)
    hedges_g: float = attrs.field(converter=float)
    top_box: float | None = attrs.field(default=None, converter=attrs.converters.optional(float))
    share_a: float = attrs.field(default=math.nan, converter=float)
    share_b: float = attrs.field(default=math.nan, converter=float)
    share_difference: float = attrs.field(default=math.nan, converter=float)
    share_interval: tuple[float, float] | None = attrs.field(default=None, converter=_to_pair)
    confidence: float = attrs.field(default=0.95, converter=float)
    reason: str = ""

    __eq__ = equal_as_data  # through the JSON form, so that nan equals nan
    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (nan becomes ``None``); :meth:`from_dict` reads it back."""
        data = attrs.asdict(self, recurse=False)
        for name in _FLOATS:
            data[name] = _json(data[name])
        for name in ("scale", "interval", "share_interval"):
            data[name] = None if data[name] is None else list(data[name])
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupComparison:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            When a field is missing, unknown or malformed.
        """
        with reading("group comparison"):
            fields = dict(data)
            for name in _FLOATS:
                fields[name] = math.nan if fields[name] is None else fields[name]
            return cls(**fields)


def welch(
    first: npt.NDArray[np.float64], second: npt.NDArray[np.float64], confidence: float
) -> tuple[float, tuple[float, float] | None, float, float, float]:
    """Welch's test of ``mean(second) - mean(first)``: difference, interval, df, t, p.

    Welch (1947, Biometrika 34, 28-35) with the Welch-Satterthwaite degrees of
    freedom (Satterthwaite 1946); the same as
    ``scipy.stats.ttest_ind(second, first, equal_var=False)``. Needs two values
    in each group and some variation.
    """
    difference = float(second.mean() - first.mean()) if len(first) and len(second) else math.nan
    if len(first) < 2 or len(second) < 2:
        return difference, None, math.nan, math.nan, math.nan
    part_a = float(first.var(ddof=1)) / len(first)
    part_b = float(second.var(ddof=1)) / len(second)
    error = math.sqrt(part_a + part_b)
    if error == 0.0:
        return difference, None, math.nan, math.nan, math.nan
    df = (part_a + part_b) ** 2 / (part_a**2 / (len(first) - 1) + part_b**2 / (len(second) - 1))
    t = difference / error
    p_value = min(1.0, 2.0 * t_sf(abs(t), df))
    half = t_quantile(0.5 + confidence / 2.0, df) * error
    return difference, (difference - half, difference + half), df, t, p_value


def effect_sizes(
    first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]
) -> tuple[float, float]:
    """Cohen's *d* and Hedges' *g* of ``second`` against ``first``.

    *d* is the difference of means over the pooled standard deviation
    ``sqrt(((n1 - 1) s1**2 + (n2 - 1) s2**2) / (n1 + n2 - 2))`` (Cohen 1988,
    *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed., section
    2.5). *g* multiplies it by Hedges' exact correction
    ``J(m) = Gamma(m / 2) / (sqrt(m / 2) Gamma((m - 1) / 2))`` with
    ``m = n1 + n2 - 2`` (Hedges 1981, *Journal of Educational Statistics* 6,
    107-128; Hedges & Olkin 1985, p. 104), which removes the small-sample bias
    of *d*.
    """
    m = len(first) + len(second) - 2
    if len(first) < 1 or len(second) < 1 or m < 1:
        return math.nan, math.nan
    squares = ((len(first) - 1) * float(first.var(ddof=1)) if len(first) > 1 else 0.0) + (
        (len(second) - 1) * float(second.var(ddof=1)) if len(second) > 1 else 0.0
    )
    pooled = math.sqrt(squares / m)
    if pooled == 0.0:
        return math.nan, math.nan
    d = float(second.mean() - first.mean()) / pooled
    if m < 2:
        return d, math.nan
    correction = math.exp(math.lgamma(m / 2.0) - math.lgamma((m - 1) / 2.0)) / math.sqrt(m / 2.0)
    return d, d * correction


def newcombe_interval(
    hits_b: int, n_b: int, hits_a: int, n_a: int, confidence: float
) -> tuple[float, float]:
    """Newcombe's hybrid score interval of ``hits_b / n_b - hits_a / n_a``.

    Method 10 of Newcombe (1998, *Statistics in Medicine* 17, 873-890): each
    share's Wilson (1927) score interval, combined as
    ``d - sqrt((p_b - l_b)**2 + (u_a - p_a)**2)`` to
    ``d + sqrt((u_b - p_b)**2 + (p_a - l_a)**2)``.

    >>> [round(bound, 4) for bound in newcombe_interval(56, 70, 48, 80, 0.95)]
    [0.0524, 0.3339]
    """
    share_b, share_a = hits_b / n_b, hits_a / n_a
    low_b, high_b = wilson_interval(hits_b, n_b, confidence)
    low_a, high_a = wilson_interval(hits_a, n_a, confidence)
    difference = share_b - share_a
    return (
        max(-1.0, difference - math.hypot(share_b - low_b, high_a - share_a)),
        min(1.0, difference + math.hypot(high_b - share_b, share_a - low_a)),
    )


def compare_groups(
    responses: SurveyResponses,
    by: str = "group",
    a: str = "before",
    b: str = "after",
    *,
    condition: str | None = None,
    item: str | None = None,
    top_box: float | None = None,
    rescaled: bool = False,
    confidence: float = 0.95,
) -> GroupComparison:
    """Compare two groups of respondents on one item or one condition.

    Parameters
    ----------
    responses
        The survey responses.
    by
        The respondent attribute that names the groups.
    a, b
        The two values of ``by`` to compare; differences are ``b`` minus ``a``.
    condition, item
        What to compare (exactly one): a condition, by each respondent's mean of
        its items (reverse-coded items recoded; see
        :meth:`~valuecocreation.survey.SurveyResponses.condition_means`), or one
        item's answers (recoded if reverse-coded).
    top_box
        Count values at or above this as the top box, for example 4 on a 1-5
        scale for the top two boxes; ``None`` skips the shares.
    rescaled
        Compare condition means rescaled to [0, 1] (needed when its items are on
        different scales).
    confidence
        The level of the intervals.

    Raises
    ------
    ValidationError
        For both or neither of ``condition`` and ``item``, an unknown attribute,
        a group no respondent is in, a ``top_box`` outside the scale, or a
        confidence outside (0, 1).

    Examples
    --------
    >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT, SurveyResponses
    >>> answers = SurveyResponses.from_wide(
    ...     {"respondent": list("abcdefgh"), "group": ["before"] * 4 + ["after"] * 4,
    ...      "overall_satisfaction": [3, 4, 2, 4, 5, 4, 5, 3]},
    ...     KIM_CHOI_2019_INSTRUMENT, attributes=["group"])
    >>> result = compare_groups(answers, item="overall_satisfaction", top_box=4)
    >>> result.difference, result.share_a, result.share_b
    (1.0, 0.5, 0.75)
    >>> round(result.p_value, 4)  # scipy.stats.ttest_ind(after, before, equal_var=False)
    0.1901
    """
    if (condition is None) == (item is None):
        raise ValidationError(
            "compare one condition or one item: give exactly one",
            column="condition",
            value=(condition, item),
        )
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not (0.0 < confidence < 1.0)
    ):
        raise ValidationError(
            "confidence must be between 0 and 1", column="confidence", value=confidence
        )
    groups = responses.attribute(by)
    for label in (a, b):
        if not (groups == label).any():
            present = ", ".join(dict.fromkeys(groups.tolist())) or "(none)"
            raise ValidationError(
                f"no respondent has {by} = {label!r}; values are: {present}", column=by, value=label
            )
    if item is not None:
        values = responses.column(item)
        scale = responses.instrument.scale_of(item)
        measure, key = "item", item
    else:
        condition = str(condition)  # exactly one of the two is given
        values = responses.condition_means(condition, rescaled=rescaled)
        items = responses.items_for(condition)
        scale = (0.0, 1.0) if rescaled else responses.instrument.scale_of(items[0])
        measure, key = "condition", condition
    if top_box is not None and (
        isinstance(top_box, bool)
        or not isinstance(top_box, int | float)
        or not scale[0] <= top_box <= scale[1]
    ):
        raise ValidationError(
            f"top_box must be a number within the scale {scale[0]:g}-{scale[1]:g}",
            column="top_box",
            value=top_box,
        )
    first = values[(groups == a) & ~np.isnan(values)]
    second = values[(groups == b) & ~np.isnan(values)]
    difference, interval, df, t, p_value = welch(first, second, confidence)
    d, g = effect_sizes(first, second)
    shares: dict[str, Any] = {}
    if top_box is not None:
        shares = _shares(first, second, float(top_box), confidence)
    return GroupComparison(
        measure=measure,
        key=key,
        by=by,
        a=a,
        b=b,
        scale=scale,
        n_a=len(first),
        n_b=len(second),
        mean_a=_mean(first),
        mean_b=_mean(second),
        sd_a=_sd(first),
        sd_b=_sd(second),
        difference=difference,
        interval=interval,
        df=df,
        t=t,
        p_value=p_value,
        cohen_d=d,
        hedges_g=g,
        top_box=top_box,
        confidence=confidence,
        reason=_reason(first, second),
        **shares,
    )


def _shares(
    first: npt.NDArray[np.float64],
    second: npt.NDArray[np.float64],
    top_box: float,
    confidence: float,
) -> dict[str, Any]:
    if not len(first) or not len(second):
        return {}
    hits_a, hits_b = int((first >= top_box).sum()), int((second >= top_box).sum())
    share_a, share_b = hits_a / len(first), hits_b / len(second)
    return {
        "share_a": share_a,
        "share_b": share_b,
        "share_difference": share_b - share_a,
        "share_interval": newcombe_interval(hits_b, len(second), hits_a, len(first), confidence),
    }


def _mean(values: npt.NDArray[np.float64]) -> float:
    return float(values.mean()) if len(values) else math.nan


def _sd(values: npt.NDArray[np.float64]) -> float:
    return float(values.std(ddof=1)) if len(values) > 1 else math.nan


def _reason(first: npt.NDArray[np.float64], second: npt.NDArray[np.float64]) -> str:
    if not len(first) or not len(second):
        return "a group has no respondent with a value"
    if len(first) < 2 or len(second) < 2:
        return "a group has fewer than two respondents with a value: no spread, no test"
    if first.var() == 0.0 and second.var() == 0.0:
        return "no variation within either group: no test or effect size"
    return ""
