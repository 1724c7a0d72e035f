"""Survey metrics: Net Promoter Score, customer satisfaction (top-2-box) and effort.

All three read one answer per respondent. A missing answer (``None`` or NaN) is
left out, so ``n`` counts the respondents who answered; with no answers at all the
metric is NaN. An answer that is not a whole point of the metric's scale is a
:class:`~valuecocreation.errors.ValidationError` naming its position.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist
from typing import Any, Final, Literal, get_args

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.serial import (
    check_version,
    dumps,
    equal_as_data,
    json_float,
    loads,
    reading,
)
from valuecocreation.errors import ValidationError
from valuecocreation.metrics._checks import as_ratings, check_confidence, check_scale, is_whole

__all__ = ["NPS_SCHEMA_VERSION", "NpsMethod", "NpsSummary", "ces", "csat", "nps", "nps_summary"]

NPS_SCHEMA_VERSION: Final = 1
NpsMethod = Literal["adjusted-wald", "wald"]
_METHODS: Final[tuple[str, ...]] = get_args(NpsMethod)
_NPS_SCALE: Final = (0, 10)
_PROMOTER: Final = 9  # 9 and 10 promote, 7 and 8 are passive (Reichheld 2003)
_PASSIVE: Final = 7
# Pseudo-counts of the adjusted Wald interval (Lewis & Sauro 2021): 3/4 of a
# respondent added to the promoters and to the detractors, 3 to the sample.
_ADD_EACH: Final = 0.75
_ADD_TOTAL: Final = 3.0


def _count(value: int) -> int:
    if is_whole(value) and value >= 0:
        return int(value)
    raise ValidationError(
        "a count of respondents must be a whole number of at least 0", value=value
    )


def _method(value: str) -> str:
    if value not in _METHODS:
        raise ValidationError(
            f"unknown interval method; methods are: {', '.join(_METHODS)}",
            column="method",
            value=value,
        )
    return str(value)


@attrs.frozen(kw_only=True, eq=False)
class NpsSummary:
    """A Net Promoter Score with its three groups and a confidence interval.

    Build it with :func:`nps_summary` from raw scores, or with
    :meth:`from_counts` from published group counts. The score, the shares and the
    interval are computed from the counts, so the object is exactly its counts,
    confidence level and method.

    Examples
    --------
    >>> from valuecocreation.metrics import NpsSummary
    >>> summary = NpsSummary.from_counts(promoters=60, passives=25, detractors=15)
    >>> summary.value, summary.n
    (45.0, 100)
    >>> NpsSummary.from_dict(summary.to_dict()) == summary
    True
    """

    promoters: int = attrs.field(converter=_count)
    """Respondents who answered 9 or 10."""
    passives: int = attrs.field(converter=_count)
    """Respondents who answered 7 or 8."""
    detractors: int = attrs.field(converter=_count)
    """Respondents who answered 0 to 6."""
    ci: float = attrs.field(default=0.95, converter=check_confidence)
    """The confidence level of :attr:`interval`."""
    method: NpsMethod = attrs.field(default="adjusted-wald", converter=_method)
    """How :attr:`interval` is computed: ``"adjusted-wald"`` or ``"wald"``."""

    @classmethod
    def from_counts(
        cls,
        *,
        promoters: int,
        passives: int,
        detractors: int,
        ci: float = 0.95,
        method: NpsMethod = "adjusted-wald",
    ) -> NpsSummary:
        """The summary of a survey known only by its group counts.

        >>> NpsSummary.from_counts(promoters=3, passives=0, detractors=1).value
        50.0
        """
        return cls(
            promoters=promoters, passives=passives, detractors=detractors, ci=ci, method=method
        )

    @property
    def n(self) -> int:
        """Respondents who answered."""
        return self.promoters + self.passives + self.detractors

    @property
    def value(self) -> float:
        """The score, ``100 * (promoters - detractors) / n``; NaN when nobody answered."""
        return 100.0 * (self.promoters - self.detractors) / self.n if self.n else math.nan

    @property
    def shares(self) -> dict[str, float]:
        """The share of each group among the respondents (NaN when nobody answered)."""
        n = self.n
        return {
            name: (count / n if n else math.nan)
            for name, count in (
                ("promoters", self.promoters),
                ("passives", self.passives),
                ("detractors", self.detractors),
            )
        }

    @property
    def standard_error(self) -> float:
        """The standard error of :attr:`value` in score points (Wald; NaN when ``n`` is 0).

        The score is the difference of two shares of one trinomial sample, whose
        variance is ``(p + d - (p - d) ** 2) / n`` for promoter share ``p`` and
        detractor share ``d`` (Rocks 2016, section 2).
        """
        return 100.0 * _standard_error(self.promoters, self.detractors, self.n)

    @property
    def interval(self) -> tuple[float, float]:
        """The confidence interval of the score in points, clipped to [-100, 100].

        ``"wald"``: the score plus and minus ``z`` standard errors. ``"adjusted-wald"``:
        the same after adding 3/4 of a respondent to the promoters and to the
        detractors and 3 to ``n``, which keeps the interval informative at small
        ``n`` and at the ends of the scale (Lewis & Sauro 2021, following Rocks 2016,
        who found adjusted Wald intervals among the best of the six methods he
        compared). NaN when nobody answered.
        """
        if not self.n:
            return (math.nan, math.nan)
        promoters, detractors, n = float(self.promoters), float(self.detractors), float(self.n)
        if self.method == "adjusted-wald":
            promoters, detractors, n = (
                promoters + _ADD_EACH,
                detractors + _ADD_EACH,
                n + _ADD_TOTAL,
            )
        centre = (promoters - detractors) / n
        half = NormalDist().inv_cdf(0.5 + self.ci / 2.0) * _standard_error(promoters, detractors, n)
        return (100.0 * max(-1.0, centre - half), 100.0 * min(1.0, centre + half))

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data with ``schema_version``.

        The score, ``n`` and the interval are included for readers; :meth:`from_dict`
        recomputes them from the counts instead of reading them.
        """
        low, high = self.interval
        return {
            "schema_version": NPS_SCHEMA_VERSION,
            "promoters": self.promoters,
            "passives": self.passives,
            "detractors": self.detractors,
            "n": self.n,
            "value": json_float(self.value),
            "ci": self.ci,
            "method": self.method,
            "interval": [json_float(low), json_float(high)],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NpsSummary:
        """The inverse of :meth:`to_dict`.

        Raises
        ------
        ValidationError
            For an unknown schema version or malformed data.
        """
        data = check_version(data, NPS_SCHEMA_VERSION, "NPS summary")
        with reading("NPS summary"):
            return cls(
                promoters=data["promoters"],
                passives=data["passives"],
                detractors=data["detractors"],
                ci=data["ci"],
                method=data["method"],
            )

    def to_json(self, *, indent: int | None = 2) -> str:
        """The summary as strict JSON; see :meth:`to_dict`."""
        return dumps(self.to_dict(), indent)

    @classmethod
    def from_json(cls, text: str) -> NpsSummary:
        """The inverse of :meth:`to_json`."""
        return cls.from_dict(loads(text))

    __eq__ = equal_as_data
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        low, high = self.interval
        return (
            f"<NpsSummary {self.value:.1f} (n={self.n}: {self.promoters} promoters, "
            f"{self.passives} passives, {self.detractors} detractors; "
            f"{self.ci:.0%} {self.method} interval {low:.1f} to {high:.1f})>"
        )


def _standard_error(promoters: float, detractors: float, n: float) -> float:
    if not n:
        return math.nan
    p, d = promoters / n, detractors / n
    # p + d >= (p - d)**2 always; max() guards the rounding of a zero variance.
    return math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)


def _nps_counts(scores: npt.ArrayLike) -> tuple[int, int, int]:
    answered = as_ratings(scores, "scores", _NPS_SCALE)
    promoters = int(np.count_nonzero(answered >= _PROMOTER))
    passives = int(np.count_nonzero((answered >= _PASSIVE) & (answered < _PROMOTER)))
    return promoters, passives, len(answered) - promoters - passives


def nps(scores: npt.ArrayLike) -> float:
    """The Net Promoter Score of 0-10 likelihood-to-recommend answers, in [-100, 100].

    Reichheld (2003) asks "How likely is it that you would recommend [the
    company] to a friend or colleague?" on a 0 to 10 scale and counts answers of 9
    or 10 as *promoters*, 7 or 8 as *passives* and 0 to 6 as *detractors*. The
    score is the percentage of promoters minus the percentage of detractors:
    ``100 * (promoters - detractors) / n``.

    Parameters
    ----------
    scores
        One answer per respondent, whole numbers from 0 to 10; ``None`` or NaN for
        a respondent who did not answer (left out of ``n``).

    Returns
    -------
    float
        The score in [-100, 100]; NaN when nobody answered. For the group counts
        and a confidence interval use :func:`nps_summary`.

    Raises
    ------
    ValidationError
        For an answer that is not a whole number from 0 to 10, naming its position.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business
    Review*, 81(12), 46-54.

    Examples
    --------
    >>> from valuecocreation.metrics import nps
    >>> nps([10, 9, 8, 7, 6, 0, 10, 9, 9, 3])  # 5 promoters, 3 detractors of 10
    20.0
    >>> nps([10, 10])
    100.0
    >>> nps([9, 11])
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: row 1, column 'scores', value 11: a rating must be ...
    """
    promoters, passives, detractors = _nps_counts(scores)
    n = promoters + passives + detractors
    return 100.0 * (promoters - detractors) / n if n else math.nan


def nps_summary(
    scores: npt.ArrayLike, *, ci: float = 0.95, method: NpsMethod = "adjusted-wald"
) -> NpsSummary:
    """The Net Promoter Score with its group counts and a confidence interval.

    The score is that of :func:`nps`. The interval rests on the variance of the
    difference of two shares of one trinomial sample (promoters, passives,
    detractors), ``(p + d - (p - d) ** 2) / n`` (Rocks 2016, section 2); see
    :attr:`NpsSummary.interval` for the two methods.

    Parameters
    ----------
    scores
        As for :func:`nps`.
    ci
        The confidence level, between 0 and 1.
    method
        ``"adjusted-wald"`` (default; recommended by Rocks 2016) or ``"wald"``.

    Returns
    -------
    NpsSummary
        Counts, score, shares, standard error and interval.

    Raises
    ------
    ValidationError
        For a bad answer (see :func:`nps`), confidence level or method.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The
    American Statistician*, 70(4), 365-372. https://doi.org/10.1080/00031305.2016.1158124

    Lewis, J. R., & Sauro, J. (2021, January 19). Evaluating NPS confidence
    intervals with real-world data. MeasuringU.
    https://measuringu.com/nps-three-confidence-intervals/

    Examples
    --------
    >>> from valuecocreation.metrics import nps_summary
    >>> summary = nps_summary([10, 9, 8, 7, 6, 0, 10, 9, 9, 3], method="wald")
    >>> summary.promoters, summary.passives, summary.detractors
    (5, 2, 3)
    >>> [round(bound, 2) for bound in summary.interval]  # 20 +- 1.96 * 100 * sqrt(0.76 / 10)
    [-34.03, 74.03]
    """
    promoters, passives, detractors = _nps_counts(scores)
    return NpsSummary(
        promoters=promoters, passives=passives, detractors=detractors, ci=ci, method=method
    )


def csat(ratings: npt.ArrayLike, *, scale: tuple[int, int] = (1, 5), top: int = 2) -> float:
    """Customer satisfaction as the top-box share: answers in the scale's ``top`` points.

    With the usual 1-5 satisfaction question and ``top=2`` this is the share of
    respondents who answered 4 ("satisfied") or 5 ("very satisfied"), the
    *top-2-box* convention that Morgan & Rego (2006) compare with average
    satisfaction and the NPS as predictors of firm performance. (The American
    Customer Satisfaction Index of Fornell et al. 1996 is a different, model-based
    0-100 index and is not what this computes.)

    Parameters
    ----------
    ratings
        One answer per respondent, whole points of ``scale``; ``None`` or NaN for
        no answer (left out).
    scale
        The lowest and highest point of the rating scale.
    top
        How many of the highest points count as satisfied: at least 1 and fewer
        than the scale has.

    Returns
    -------
    float
        The share of answers in the top box, in [0, 1]; NaN when nobody answered.

    Raises
    ------
    ValidationError
        For an answer off the scale or not a whole point, a malformed scale, or a
        ``top`` the scale cannot hold.

    References
    ----------
    Morgan, N. A., & Rego, L. L. (2006). The value of different customer
    satisfaction and loyalty metrics in predicting business performance.
    *Marketing Science*, 25(5), 426-439.

    Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E. (1996).
    The American Customer Satisfaction Index: nature, purpose, and findings.
    *Journal of Marketing*, 60(4), 7-18.

    Examples
    --------
    >>> from valuecocreation.metrics import csat
    >>> csat([5, 4, 4, 3, 1, None])  # 3 of the 5 who answered gave 4 or 5
    0.6
    >>> csat([7, 6, 5, 2], scale=(1, 7), top=1)
    0.25
    >>> csat([5, 6])
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: row 1, column 'ratings', value 6: a rating must be ...
    """
    low, high = check_scale(scale)
    points = high - low + 1
    if not (is_whole(top) and 1 <= top < points):
        raise ValidationError(
            f"top must be a whole number from 1 to {points - 1} for the scale {low} to {high}",
            column="top",
            value=top,
        )
    answered = as_ratings(ratings, "ratings", (low, high))
    if not len(answered):
        return math.nan
    return int(np.count_nonzero(answered > high - top)) / len(answered)


def ces(ratings: npt.ArrayLike, *, scale: tuple[int, int] = (1, 7)) -> float:
    """The Customer Effort Score: the mean answer to the effort question.

    Dixon, Freeman & Toman (2010) asked "How much effort did you personally have
    to put forth to handle your request?" on a 1-5 scale (higher: more effort);
    the later CES 2.0 asks for agreement with "The company made it easy for me to
    handle my issue" on a 1-7 scale (higher: less effort; Dixon, Toman & DeLisi
    2013). Both report the mean, so which end is good depends on the wording: say
    which you used.

    Parameters
    ----------
    ratings
        One answer per respondent, whole points of ``scale``; ``None`` or NaN for
        no answer (left out).
    scale
        The lowest and highest point; ``(1, 7)`` for CES 2.0, ``(1, 5)`` for the
        original question.

    Returns
    -------
    float
        The mean answer, within the scale; NaN when nobody answered.

    Raises
    ------
    ValidationError
        For an answer off the scale or not a whole point, or a malformed scale.

    References
    ----------
    Dixon, M., Freeman, K., & Toman, N. (2010). Stop trying to delight your
    customers. *Harvard Business Review*, 88(7/8), 116-122.

    Dixon, M., Toman, N., & DeLisi, R. (2013). *The Effortless Experience*.
    Portfolio/Penguin.

    Examples
    --------
    >>> from valuecocreation.metrics import ces
    >>> ces([7, 6, 6, 5, float("nan")])  # (7 + 6 + 6 + 5) / 4
    6.0
    >>> ces([2, 3], scale=(1, 5))
    2.5
    """
    answered = as_ratings(ratings, "ratings", check_scale(scale))
    return float(answered.mean()) if len(answered) else math.nan
