"""Social-media rates: engagement rate, and Kaushik's conversation, amplification, applause.

Every function here is elementwise and broadcasts like numpy: pass one number per
argument for one account or period, or arrays for one value per post. The result
is a Python float when every input is a scalar, else a float array. Counts must be
finite and not negative; a missing count (``None`` or NaN) gives NaN in its place,
and so does a zero denominator (nothing was reached, shown or posted, so there is
nothing to take a rate of).

Averages over posts
    The mean of per-post rates weighs every post equally; the rate of the summed
    counts weighs posts by their denominator (a post seen by many counts more).
    Both are in use (Hootsuite's average engagement rate is the former): compute
    per-post rates and take their mean, or pass the sums, and say which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

import numpy.typing as npt

from valuecocreation.metrics._checks import (
    FloatArray,
    as_numbers,
    only_one,
    ratio,
    scalar_or_array,
)

if TYPE_CHECKING:
    # The array overloads spell numpy's types in full, a name bound for type checkers
    # only: Sphinx then shows "numpy.typing.ArrayLike" instead of expanding the alias.
    import numpy.typing

__all__ = ["amplification_rate", "applause_rate", "conversation_rate", "engagement_rate"]


@overload
def engagement_rate(
    engagements: float,
    *,
    reach: float | None = None,
    impressions: float | None = None,
    followers: float | None = None,
) -> float: ...
@overload
def engagement_rate(
    engagements: numpy.typing.ArrayLike,
    *,
    reach: numpy.typing.ArrayLike | None = None,
    impressions: numpy.typing.ArrayLike | None = None,
    followers: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def engagement_rate(
    engagements: npt.ArrayLike,
    *,
    reach: npt.ArrayLike | None = None,
    impressions: npt.ArrayLike | None = None,
    followers: npt.ArrayLike | None = None,
) -> float | FloatArray:
    """Engagements divided by the audience: by reach, by impressions or by followers.

    *Engagements* are the interactions a post earned (reactions, comments, shares,
    saves, and clicks where the platform counts them); say which you counted. The
    denominator decides what the rate means (Hootsuite 2019 lists these variants):

    ``reach``
        Unique accounts that saw the post (*engagement rate by reach*, ERR): of the
        people who saw it, how many engaged. The usual choice when the platform
        reports reach, and the fairest across accounts whose posts reach
        non-followers or only part of their followers (algorithmic feeds, shares).
    ``impressions``
        Times the post was shown, counting repeat views: engagement per view. Suits
        paid posts, which are bought by the impression.
    ``followers``
        The account's followers when the post went out: engagement relative to
        audience size, computable from public counts alone, so the one to use for
        competitors' accounts; it ignores that most followers never see a post and
        that non-followers do.

    Parameters
    ----------
    engagements
        Engagements, per post or in total.
    reach, impressions, followers
        Exactly one: the denominator, broadcast against ``engagements``.

    Returns
    -------
    float or numpy.ndarray
        Engagements per unit of the denominator: a share (0.05 is 5 %), which can
        exceed 1 when people engage more than once. NaN where the denominator is 0
        or a count is missing.

    Raises
    ------
    ValidationError
        When not exactly one denominator is given, or a count is negative,
        infinite or not a number.

    References
    ----------
    Hootsuite (2019). All the different ways to calculate engagement rate.
    Hootsuite blog. https://blog.hootsuite.com/calculate-engagement-rate/

    Examples
    --------
    >>> from valuecocreation.metrics import engagement_rate
    >>> engagement_rate(50, reach=1_000)
    0.05
    >>> engagement_rate([50, 30, 0], impressions=[2_000, 600, 0]).tolist()  # per post
    [0.025, 0.05, nan]
    >>> engagement_rate(50, reach=1_000, followers=4_000)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'reach/impressions/followers': give exactly ...
    """
    name = only_one(reach=reach, impressions=impressions, followers=followers)
    denominator = {"reach": reach, "impressions": impressions, "followers": followers}[name]
    counts = as_numbers(engagements, "engagements", nonnegative=True)
    audience = as_numbers(denominator, name, nonnegative=True)
    return scalar_or_array(ratio(counts, audience))  # type: ignore[no-any-return]


def _per_post(
    count: npt.ArrayLike, count_name: str, posts: npt.ArrayLike, followers: npt.ArrayLike | None
) -> float | FloatArray:
    counts = as_numbers(count, count_name, nonnegative=True)
    per_post = ratio(counts, as_numbers(posts, "posts", nonnegative=True))
    if followers is not None:
        per_post = ratio(per_post, as_numbers(followers, "followers", nonnegative=True))
    return scalar_or_array(per_post)  # type: ignore[no-any-return]


@overload
def conversation_rate(
    comments: float, posts: float, *, followers: float | None = None
) -> float: ...
@overload
def conversation_rate(
    comments: numpy.typing.ArrayLike,
    posts: numpy.typing.ArrayLike,
    *,
    followers: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def conversation_rate(
    comments: npt.ArrayLike, posts: npt.ArrayLike, *, followers: npt.ArrayLike | None = None
) -> float | FloatArray:
    """Audience comments (or replies) per post (Kaushik 2011).

    Kaushik (2011) proposes four social-media metrics that count what the audience
    does after a post instead of how big the audience is. The first, the
    *conversation rate*, is the number of comments (replies on Twitter/X) the
    audience wrote, per post the account published; comments by the account itself
    do not count.

    Parameters
    ----------
    comments
        Audience comments or replies.
    posts
        Posts (tweets, videos) published in the same period; ``1`` per post for
        per-post rates.
    followers
        If given, also divide by the followers, for comparing accounts of different
        size (the "relative" rates of social analytics tools, often quoted per
        1,000 followers: multiply by 1,000). Not part of Kaushik's definition.

    Returns
    -------
    float or numpy.ndarray
        Comments per post (per follower, with ``followers``); NaN where a
        denominator is 0 or a count is missing.

    Raises
    ------
    ValidationError
        For a negative, infinite or non-numeric count.

    References
    ----------
    Kaushik, A. (2011, October 10). Best social media metrics: conversation,
    amplification, applause, economic value. *Occam's Razor*.
    https://www.kaushik.net/avinash/best-social-media-metrics-conversation-amplification-applause-economic-value/

    Examples
    --------
    >>> from valuecocreation.metrics import conversation_rate
    >>> conversation_rate(45, 15)  # 45 comments on 15 posts
    3.0
    >>> conversation_rate(45, 15, followers=1_500) * 1_000  # per 1,000 followers
    2.0
    """
    return _per_post(comments, "comments", posts, followers)


@overload
def amplification_rate(shares: float, posts: float, *, followers: float | None = None) -> float: ...
@overload
def amplification_rate(
    shares: numpy.typing.ArrayLike,
    posts: numpy.typing.ArrayLike,
    *,
    followers: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def amplification_rate(
    shares: npt.ArrayLike, posts: npt.ArrayLike, *, followers: npt.ArrayLike | None = None
) -> float | FloatArray:
    """Shares (retweets, reposts) per post (Kaushik 2011).

    The *amplification rate* of Kaushik (2011) counts how often the audience
    passed a post on to their own networks: shares on Facebook, retweets on
    Twitter/X, share clicks on a blog or video, per post published.

    Parameters
    ----------
    shares
        Shares, retweets or reposts by the audience.
    posts
        Posts published in the same period; ``1`` per post for per-post rates.
    followers
        If given, also divide by the followers (see :func:`conversation_rate`).

    Returns
    -------
    float or numpy.ndarray
        Shares per post (per follower, with ``followers``); NaN where a
        denominator is 0 or a count is missing.

    Raises
    ------
    ValidationError
        For a negative, infinite or non-numeric count.

    References
    ----------
    Kaushik (2011); see :func:`conversation_rate`.

    Examples
    --------
    >>> from valuecocreation.metrics import amplification_rate
    >>> amplification_rate([12, 0, 3], 1).tolist()  # three posts
    [12.0, 0.0, 3.0]
    >>> amplification_rate(15, 0)  # nothing posted: no rate, not zero
    nan
    """
    return _per_post(shares, "shares", posts, followers)


@overload
def applause_rate(likes: float, posts: float, *, followers: float | None = None) -> float: ...
@overload
def applause_rate(
    likes: numpy.typing.ArrayLike,
    posts: numpy.typing.ArrayLike,
    *,
    followers: numpy.typing.ArrayLike | None = None,
) -> numpy.typing.NDArray[numpy.float64]: ...
def applause_rate(
    likes: npt.ArrayLike, posts: npt.ArrayLike, *, followers: npt.ArrayLike | None = None
) -> float | FloatArray:
    """Likes (favourites, +1s) per post (Kaushik 2011).

    The *applause rate* of Kaushik (2011) counts the audience's approvals: likes
    on Facebook, YouTube or Instagram, favourites on Twitter/X, per post published.

    Parameters
    ----------
    likes
        Likes, favourites or similar approvals by the audience.
    posts
        Posts published in the same period; ``1`` per post for per-post rates.
    followers
        If given, also divide by the followers (see :func:`conversation_rate`).

    Returns
    -------
    float or numpy.ndarray
        Likes per post (per follower, with ``followers``); NaN where a denominator
        is 0 or a count is missing.

    Raises
    ------
    ValidationError
        For a negative, infinite or non-numeric count.

    References
    ----------
    Kaushik (2011); see :func:`conversation_rate`.

    Examples
    --------
    >>> from valuecocreation.metrics import applause_rate
    >>> applause_rate(300, 12)
    25.0
    >>> applause_rate(-1, 12)
    Traceback (most recent call last):
    ...
    valuecocreation.errors.ValidationError: column 'likes', value -1: likes must not be negative
    """
    return _per_post(likes, "likes", posts, followers)
