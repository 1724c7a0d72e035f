"""Generate the bundled RecordFarm (synthetic) example data set.

Everything this script writes is SYNTHETIC. "RecordFarm (synthetic)" is a fictional
music start-up modelled on the case of Kim & Choi (2019), "Value co-creation through
social media: a case study of a start-up company", JBEM 20(1), 1-19 (seed 000 of this
project). The paper publishes a handful of aggregate figures about the real company
and no event data. This script draws events at random so that those aggregates hold,
as ratios, in a data set 50 times smaller. No row describes a real person, account
or company.

Run ``python examples/make_recordfarm.py [OUT_DIR]``; the default OUT_DIR is
``src/valuecocreation/data/recordfarm``. It writes:

``interactions.csv.gz``
    Columns ``source,target,kind,timestamp,channel,weight``; one row per event,
    sorted by time; timestamps in ISO 8601 UTC (``2015-01-03T10:22:05Z``); channels
    ``facebook``, ``youtube`` and ``platform`` (the firm's own app and site); the
    weight is 1 except for ``rate`` events, whose weight is the star rating (1-5).
``actors.csv.gz``
    Columns ``id,role,joined,acquired_via,country,device``; the firm's seven accounts
    (role ``firm``), listeners (role ``user``) and musicians (role ``creator``, the
    library's role for users who supply content). ``joined`` is the date of a user's
    first event; ``acquired_via`` is where the user came from (Figure 2's sources).
``survey.csv``
    Columns ``respondent,group,country,language`` and then one per item of the
    bundled instrument ``KIM_CHOI_2019_INSTRUMENT``, in its order: three 1-5
    agreement items per condition (reverse-coded ones answered as asked, not
    recoded), ``overall_satisfaction`` (1-5), ``recommend`` (0-10) and ``effort``
    (1-7); an empty cell is a missing answer. A before/after survey of users of
    the data set, drawn from the latent-factor model below.
``README.md``
    What the files hold, their counts and the calibration table, with the values
    measured on the generated data.

One function makes each table (:func:`make_actors`, :func:`make_interactions`,
:func:`make_survey`); :func:`write_all` writes them. The survey is drawn last, so
changing it leaves the events and actors as they are. The seed is fixed and only
``Generator.random``, ``Generator.integers`` and ``Generator.permutation`` are
drawn from (every distribution is an inverse CDF on top of them; normal deviates
use ``statistics.NormalDist.inv_cdf``), so the same
numpy gives the same data on every platform; the test suite regenerates the files
and compares them with the bundled ones (the CSV text byte for byte; the gzip
container itself may differ between zlib builds). The script checks every target
below after generating and stops with an error if one fails.

Calibration targets
-------------------
Scale factor: 1/50 (``SCALE``). Each published count below is divided by 50; ratios
and ratings are kept as published. Section and figure numbers refer to seed 000.

=====  ===========================================================  ===============  =========
id     target (published figure -> value in the data)               source           tolerance
=====  ===========================================================  ===============  =========
T1     50,000 initial users attracted with content -> 1,000         section 3.2      +-2%
       distinct users by the end of the content phase (2015-03)
T2     300,000 active users gained by cross-marketing -> 6,000      section 3.2      +-2%
       monthly active users at the end of that phase (2015-09)
T3     1,000,000 monthly active users after about 18 months ->      section 3.1      +-5%
       20,000; the data stop at month 16, so the growth of the last
       three months, extrapolated to month 18 (2016-07), must give it
T4     5 Facebook pages, each with at least 450,000 followers -> 5  section 3.2      minimum
       firm page accounts with at least 9,000 distinct followers
T5     Facebook and YouTube the only third-party channels           section 3.2      exact
T6     a featured user exposed to more than 2,000,000 users ->      section 4.4      minimum
       a musician featured on one day by accounts that had 40,000
       followers or more between them at that moment
T7     app ratings 4.7 (Google Play) and 4.81 (iTunes) of 5 ->      section 4.3      +-0.01
       mean ``rate`` weight of Android and iOS raters
T8     user inflow by source (Facebook, YouTube, other social       Figure 2         +-0.01
       media, direct) at launch, 4, 8 and 12 months; the figure     (values chosen)
       prints no values: ``INFLOW_SHARES`` are our choice
T9     satisfied (4-5 of 5) before / after content exposure:        Figure 3         +-0.05 pp
       65.21% / 92.40%
T10    internal survey: 1,008 users, 14 countries, 3 languages      section 4.3      exact
=====  ===========================================================  ===============  =========

Choices of ours (not in the paper)
----------------------------------
- The window: 16 months from the founding (January 2015, section 3.2) to April 2016.
- The growth curve: 200 and 400 monthly active users in the first two months, the
  third month set so that T1 holds, then constant monthly growth to T2 and on to T3
  (``mau_schedule``); 65% of a month's active users come back the next month.
- T1 read as distinct users (acquired) by the end of March 2015, the content phase;
  T2 as monthly active users in September 2015, the end of cross-marketing; T3 as
  monthly active users. Active means: an actor of the user or creator role who is
  the source of at least one event that month. The phases' ends are our choice.
- T6 read as reach: the paper's two million matches five pages of 450,000 followers,
  so a feature's exposure is the follower count of the accounts that post it.
- The 14 countries and their shares, the languages (English, Korean and Chinese, as
  in section 4.3) per country, devices, the survey's 509/499 before/after split (the
  split of 1,008 closest to both published shares), every event rate in ``RATES``,
  the support answer times, the musician share and the page popularity.
- The survey's 91.3% "very satisfied" (section 4.3) is not a target: on one 1-5 item
  it cannot hold together with a before group that is 65.21% satisfied.
- The whole survey model below; the paper prints no item, loading or correlation.

The survey model
----------------
The answers come from a latent-factor model (``survey_answers``), the kind of
data a confirmatory factor analysis expects, so that reliability and validity
statistics have something to find:

- One standard-normal latent per condition, built from a general factor, one
  factor per driver and a part of its own, so that two conditions of the same
  driver correlate ``WITHIN_DRIVER`` (0.55) and conditions of different drivers
  ``ACROSS_DRIVERS`` (0.25). Personalization and customization also share a
  factor (both rest on the My Page function, section 4.3), which puts their
  correlation at 0.88: a pair that discriminant validity should question.
- Each condition item is ``loading * latent + sqrt(1 - loading**2) * noise``
  with loadings ``LOADINGS`` (0.85, 0.80, 0.72 for the first, second and third
  item); the reverse-coded items load ``REVERSE_LOADING`` (0.65), and
  ``awareness_3`` ("Until recently I had hardly heard of this brand") only 0.50,
  a weak item, as real questionnaires have. The response is cut into the points
  1-5 at ``LIKERT_CUTS``; a reverse-coded item is answered mirrored (6 minus the
  point), as a respondent who agrees with the condition disagrees with its
  negative wording.
- Overall satisfaction is ``0.85`` times the standardized mean of the three
  satisfaction-driver latents plus noise. The after-exposure group's latents of
  service, content and interface are shifted up by one amount: with a single cut
  between 3 and 4 for both groups, placed so that 332 of the 509 before
  respondents are satisfied, the shift is the one that puts 461 of the 499 after
  respondents above it (T9; 65.23% and 92.38%, the closest shares to 65.21% and
  92.40% at these group sizes). The other cuts are ``SATISFACTION_CUTS`` from it.
- Likelihood to recommend (0-10) rests on overall satisfaction, interactivity and
  connectivity; effort ("made it easy", 1-7) on interface and accessibility.
- Every answer but overall satisfaction is missing, completely at random, with
  probability ``MISSING`` (3%).
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import sys
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np

import valuecocreation as vcc
from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT

SEED = 20150101
SCALE = 50
MONTHS = 16
START = "2015-01"
OUT = Path(__file__).resolve().parents[1] / "src" / "valuecocreation" / "data" / "recordfarm"

# Published figures (seed 000) and their scaled values.
INITIAL_USERS = 50_000 // SCALE  # T1, by the end of month index 2 (2015-03)
CROSS_MARKETING_MAU = 300_000 // SCALE  # T2, in month index 8 (2015-09)
MAU_AT_18 = 1_000_000 // SCALE  # T3, at month index 18 (2016-07), extrapolated
PAGE_FOLLOWERS = 450_000 // SCALE  # T4
FEATURE_EXPOSURE = 2_000_000 // SCALE  # T6
RATINGS = {"android": 4.70, "ios": 4.81}  # T7
SATISFIED = {"before": 0.6521, "after": 0.9240}  # T9
RESPONDENTS = {"before": 509, "after": 499}  # T10: 1,008 in all

FIRST_MAU = (200, 400)  # chosen: the first two months
RETENTION = 0.65  # chosen: share of last month's active users active again
T1_MONTH, T2_MONTH, T3_MONTH = 2, 8, 18

# Figure 2 (no values printed; ours): months since launch -> inflow shares of
# facebook, youtube, other social media, direct. Linear in between.
SOURCES = ("facebook", "youtube", "other_social", "direct")
INFLOW_SHARES = {
    0: (0.70, 0.20, 0.05, 0.05),
    4: (0.60, 0.24, 0.08, 0.08),
    8: (0.48, 0.27, 0.11, 0.14),
    12: (0.38, 0.28, 0.13, 0.21),
    16: (0.30, 0.27, 0.14, 0.29),
}

FIRM = (
    "recordfarm",
    "recordfarm_fb1",
    "recordfarm_fb2",
    "recordfarm_fb3",
    "recordfarm_fb4",
    "recordfarm_fb5",
    "recordfarm_yt",
)
MAIN, YT = 0, 6
PAGES = np.arange(1, 6)
PAGE_POPULARITY = np.array([0.24, 0.21, 0.19, 0.18, 0.18])
# How many of the five pages a new user follows, by acquisition source.
PAGES_FOLLOWED = {
    "facebook": (0.0, 0.3, 0.25, 0.2, 0.15, 0.1),
    "youtube": (0.55, 0.3, 0.15, 0.0, 0.0, 0.0),
    "other_social": (0.7, 0.2, 0.1, 0.0, 0.0, 0.0),
    "direct": (0.8, 0.15, 0.05, 0.0, 0.0, 0.0),
}
SUBSCRIBES_YOUTUBE = {"facebook": 0.1, "youtube": 0.7, "other_social": 0.1, "direct": 0.1}
SIGNS_UP = {"facebook": 0.55, "youtube": 0.5, "other_social": 1.0, "direct": 1.0}
FACEBOOK_SHARE = {"facebook": 0.8, "youtube": 0.25, "other_social": 0.5, "direct": 0.5}
PLATFORM_SHARE = 0.5  # of a signed-up user's events on the platform
DOWNLOADS = 0.7  # signed-up users who install the app
RATES_APP = 0.12  # app users who rate it
FOLLOWS_PLATFORM = 0.25  # signed-up users who follow the firm on the platform
FOUNDING_MUSICIANS = 30
MUSICIAN_SHARE = (0.03, 0.03, 0.03, 0.05, 0.05, 0.08)  # of new users, by month; then 0.08

COUNTRIES = ("KR", "US", "CN", "JP", "TW", "ID", "TH", "VN", "PH", "MY", "SG", "HK", "GB", "CA")
COUNTRY_SHARES = (
    0.30,
    0.12,
    0.10,
    0.08,
    0.06,
    0.05,
    0.05,
    0.04,
    0.04,
    0.04,
    0.03,
    0.03,
    0.03,
    0.03,
)
LANGUAGES = ("en", "ko", "zh")
# Country -> shares of en, ko, zh among survey answers; others answer in English.
LANGUAGE_SHARES = {
    "KR": (0.1, 0.9, 0.0),
    "CN": (0.1, 0.0, 0.9),
    "TW": (0.1, 0.0, 0.9),
    "HK": (0.2, 0.0, 0.8),
    "SG": (0.6, 0.0, 0.4),
    "MY": (0.6, 0.0, 0.4),
}
DEVICES = ("android", "ios")
ANDROID_SHARE = 0.62
# Star distributions (1..5) whose means are the published ratings (T7).
STARS = {"android": (0.02, 0.01, 0.04, 0.11, 0.82), "ios": (0.01, 0.01, 0.02, 0.08, 0.88)}
# The survey's latent-factor model (all ours; see "The survey model" above).
# Each condition's latent: general factor + its driver's factor + its own part, so
# conditions of one driver correlate WITHIN_DRIVER, others ACROSS_DRIVERS.
ACROSS_DRIVERS, WITHIN_DRIVER = 0.25, 0.55
# Personalization and customization share the My Page factor (section 4.3).
SHARED_FACTOR = {"personalization": 0.33, "customization": 0.33}
# Standardized loadings of a condition's first, second and third item; the
# reverse-coded items load REVERSE_LOADING, and WEAK_ITEMS less still.
LOADINGS = (0.85, 0.80, 0.72)
REVERSE_LOADING = 0.65
WEAK_ITEMS = {"awareness_3": 0.50}
SHIFTED_DRIVER = "satisfaction"  # the after group's latents move up on its conditions
SATISFACTION_WEIGHT = 0.85  # of the satisfaction conditions' mean in overall satisfaction
# Cuts of a standard-normal response into the points of a 1-5, 0-10 and 1-7 item.
LIKERT_CUTS = (-1.75, -0.95, -0.15, 0.85)
SATISFACTION_CUTS = (-1.3, -0.65, 0.0, 1.0)  # added to the 3|4 cut (see make_survey)
RECOMMEND_CUTS = (-2.6, -2.25, -1.95, -1.65, -1.35, -1.0, -0.45, 0.15, 0.7, 1.35)
EFFORT_CUTS = (-2.1, -1.5, -0.9, -0.25, 0.45, 1.25)
MISSING = 0.03  # each answer but overall satisfaction is missing at random
SURVEY_ATTRIBUTES = ("respondent", "group", "country", "language")

# Events per active month (listener, musician) and where they happen: "any" uses the
# user's channel mix, "platform" needs a signed-up user.
RATES: dict[str, tuple[float, float, str]] = {
    "view": (0.3, 1.0, "any"),
    "like": (0.35, 0.5, "any"),
    "comment": (0.1, 0.3, "any"),
    "reply": (0.02, 0.35, "any"),
    "message": (0.015, 0.06, "any"),
    "share": (0.1, 0.4, "any"),
    "mention": (0.025, 0.1, "any"),
    "vote": (0.05, 0.05, "any"),
    "visit": (0.2, 0.5, "platform"),
    "follow": (0.05, 0.1, "platform"),
    "referral": (0.015, 0.03, "platform"),
    "review": (0.008, 0.0, "platform"),
    "feedback": (0.008, 0.03, "platform"),
    "idea": (0.004, 0.02, "platform"),
    "personalize": (0.025, 0.2, "platform"),
    "customize": (0.015, 0.08, "platform"),
    "support_request": (0.01, 0.02, "platform"),
    "purchase": (0.015, 0.01, "platform"),
    "post": (0.008, 1.1, "platform"),
}
KINDS = (
    "view",
    "visit",
    "download",
    "signup",
    "follow",
    "like",
    "comment",
    "reply",
    "message",
    "share",
    "mention",
    "referral",
    "post",
    "review",
    "rate",
    "vote",
    "customize",
    "personalize",
    "feedback",
    "idea",
    "support_request",
    "support_response",
    "feature",
    "reward",
    "purchase",
)
CHANNELS = ("facebook", "youtube", "platform")
FB, YOUTUBE, PLATFORM = 0, 1, 2
FIRM_POSTS_PER_DAY = {"page": 1.4, "youtube": 1.6 / 7, "main": 2.0}
ANSWERED_IN_A_DAY, ANSWERED_LATER = 0.88, 0.07  # the rest is never answered
FIRM_REPLIES = 0.35  # comments on firm accounts the firm answers
RECOMMENDATIONS = 0.03  # signed-up active users the firm messages each month
FEATURED_PER_WEEK = 5
HEADLINE_FROM = 6  # month index of the first monthly headline feature
CONTEST_WINNERS = 5
HOUR, DAY = 3_600, 86_400

Columns = dict[str, np.ndarray[Any, Any]]


# ---------------------------------------------------------------- sampling helpers
def allocate(total: int, shares: Any) -> np.ndarray[Any, Any]:  # noqa: ANN401
    """Integer counts summing to ``total`` in proportion to ``shares`` (largest remainder)."""
    weights = np.asarray(shares, dtype=float)
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def pick(rng: np.random.Generator, weights: Any, size: int) -> np.ndarray[Any, Any]:  # noqa: ANN401
    """Indices drawn with replacement in proportion to ``weights`` (inverse CDF)."""
    cumulative = np.cumsum(np.asarray(weights, dtype=float))
    drawn = np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")
    return np.minimum(drawn, len(cumulative) - 1)


def poisson(rng: np.random.Generator, mean: float, size: int) -> np.ndarray[Any, Any]:
    """Poisson counts by inverse CDF, so that only ``Generator.random`` is used."""
    pmf = [math.exp(-mean)]
    for k in range(1, 40):
        pmf.append(pmf[-1] * mean / k)
    drawn = np.searchsorted(np.cumsum(pmf), rng.random(size), side="right")
    return np.minimum(drawn, len(pmf) - 1)


def shuffled(rng: np.random.Generator, counts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Value ``i`` repeated ``counts[i]`` times, in random order."""
    return rng.permutation(np.repeat(np.arange(len(counts)), counts))


def month_bounds() -> np.ndarray[Any, Any]:
    """Start of each month (and the end of the last), seconds since 1970 UTC."""
    months = np.arange(np.datetime64(START, "M"), np.datetime64(START, "M") + MONTHS + 1)
    return months.astype("datetime64[s]").astype(np.int64)


def inflow_shares(month: int) -> np.ndarray[Any, Any]:
    """Figure 2 shares for users joining in ``month`` (linear between the chosen ticks)."""
    ticks = sorted(INFLOW_SHARES)
    values = np.array([INFLOW_SHARES[t] for t in ticks])
    return np.array([np.interp(month, ticks, values[:, j]) for j in range(len(SOURCES))])


# ---------------------------------------------------------------- growth
def mau_schedule() -> np.ndarray[Any, Any]:
    """Monthly active users by month index: the growth curve of T1-T3."""
    mau = np.zeros(MONTHS, dtype=np.int64)
    mau[:2] = FIRST_MAU
    back = [round(RETENTION * m) for m in FIRST_MAU]
    # Distinct users by month 2 = mau0 + (mau1 - back0) + (mau2 - back1) = T1.
    mau[T1_MONTH] = INITIAL_USERS - mau[0] - (mau[1] - back[0]) + back[1]
    # Constant growth from month 2 to T2, and from T2 to T3.
    phases = [
        (T1_MONTH, int(mau[T1_MONTH])),
        (T2_MONTH, CROSS_MARKETING_MAU),
        (T3_MONTH, MAU_AT_18),
    ]
    for month in range(T1_MONTH + 1, MONTHS):
        (start, low), (end, high) = phases[:2] if month <= T2_MONTH else phases[1:]
        mau[month] = round(low * (high / low) ** ((month - start) / (end - start)))
    return mau


def activity(rng: np.random.Generator) -> tuple[np.ndarray[Any, Any], ...]:
    """Who is active when: new users per month, and (user, month) pairs of activity."""
    mau = mau_schedule()
    new = np.zeros(MONTHS, dtype=np.int64)
    new[0] = mau[0]
    for month in range(1, MONTHS):
        new[month] = mau[month] - round(RETENTION * mau[month - 1])
    users = int(new.sum())
    joined = np.repeat(np.arange(MONTHS), new)
    # Heavy-tailed propensity to come back (Pareto, shape 1.5).
    propensity = (1.0 - rng.random(users)) ** (-1 / 1.5)
    pair_user, pair_month = [], []
    last = np.zeros(users, dtype=bool)
    first = 0
    for month in range(MONTHS):
        pool = first
        back = mau[month] - new[month]
        weight = propensity[:pool] * np.where(last[:pool], 4.0, 1.0)
        # Weighted sampling without replacement (Efraimidis & Spirakis 2006).
        keys = np.log1p(-rng.random(pool)) / weight
        returning = np.sort(np.argsort(-keys, kind="stable")[:back])
        current = np.concatenate([returning, np.arange(first, first + new[month])])
        pair_user.append(current)
        pair_month.append(np.full(len(current), month))
        last[:] = False
        last[current] = True
        first += new[month]
    return new, joined, np.concatenate(pair_user), np.concatenate(pair_month)


# ---------------------------------------------------------------- actors
def make_actors(rng: np.random.Generator) -> tuple[Columns, dict[str, Any]]:
    """The actor table and the hidden traits the event generator needs."""
    new, joined, pair_user, pair_month = activity(rng)
    users = len(joined)
    source = np.empty(users, dtype=np.int64)
    musician = np.zeros(users, dtype=bool)
    first = 0
    for month in range(MONTHS):
        count = int(new[month])
        source[first : first + count] = shuffled(rng, allocate(count, inflow_shares(month)))
        share = MUSICIAN_SHARE[month] if month < len(MUSICIAN_SHARE) else MUSICIAN_SHARE[-1]
        musician[first : first + count] = rng.random(count) < share
        first += count
    musician[:FOUNDING_MUSICIANS] = True
    country = pick(rng, COUNTRY_SHARES, users)
    device = (rng.random(users) >= ANDROID_SHARE).astype(np.int64)
    popularity = (1.0 - rng.random(users)) ** (-1 / 1.2)
    listener_no = np.cumsum(~musician) - 1
    musician_no = np.cumsum(musician) - 1
    ids = np.array(
        [
            f"musician_{n + 1:04d}" if m else f"listener_{n + 1:05d}"
            for m, n in zip(
                musician.tolist(),
                np.where(musician, musician_no, listener_no).tolist(),
                strict=True,
            )
        ]
    )
    traits = {
        "joined": joined,
        "source": source,
        "musician": musician,
        "popularity": popularity,
        "pair_user": pair_user,
        "pair_month": pair_month,
        "device": device,
        "country": country,
    }
    table = {
        "id": np.concatenate([np.array(FIRM), ids]),
        "role": np.array(
            ["firm"] * len(FIRM) + ["creator" if m else "user" for m in musician.tolist()]
        ),
        "acquired_via": np.array([""] * len(FIRM) + [SOURCES[s] for s in source.tolist()]),
        "country": np.array(["KR"] * len(FIRM) + [COUNTRIES[c] for c in country.tolist()]),
        "device": np.array([""] * len(FIRM) + [DEVICES[d] for d in device.tolist()]),
    }
    return table, traits


# ---------------------------------------------------------------- interactions
Array = np.ndarray[Any, Any]


class Events:
    """Columns of events under construction (actor codes: firm accounts first)."""

    def __init__(self) -> None:
        self.parts: list[tuple[Array, ...]] = []

    def add(
        self,
        kind: str,
        source: Any,  # noqa: ANN401
        target: Any,  # noqa: ANN401
        *,
        at: Any,  # noqa: ANN401
        on: Any,  # noqa: ANN401
        weight: Any = 1,  # noqa: ANN401
    ) -> None:
        """Events of ``kind`` from ``source`` to ``target`` at times ``at`` on channels ``on``."""
        size = len(at)
        self.parts.append(
            tuple(
                np.broadcast_to(np.asarray(v, dtype=np.int64), size).copy()
                for v in (source, target, np.full(size, KINDS.index(kind)), at, on, weight)
            )
        )

    def columns(self, end: int) -> Columns:
        """All events before ``end``, sorted by time (then source, target, kind)."""
        names = ("source", "target", "kind", "time", "channel", "weight")
        merged = {n: np.concatenate([p[i] for p in self.parts]) for i, n in enumerate(names)}
        keep = merged["time"] < end
        merged = {n: v[keep] for n, v in merged.items()}
        order = np.lexsort((merged["kind"], merged["target"], merged["source"], merged["time"]))
        return {n: v[order] for n, v in merged.items()}


class Activity:
    """The active (user, month) pairs and what events in them need to know.

    In every active month a user's first event happens at ``t0`` (in the first 80%
    of the month); what follows from it (a sign-up, follows) comes within half an
    hour, everything else later in the month.
    """

    def __init__(self, rng: np.random.Generator, traits: dict[str, Any]) -> None:
        self.rng, self.traits = rng, traits
        self.bounds = month_bounds()
        musician, source = traits["musician"], traits["source"]
        order = np.lexsort((traits["pair_month"], traits["pair_user"]))
        self.user, self.month = traits["pair_user"][order], traits["pair_month"][order]
        users, pairs = len(musician), len(self.user)
        starts = np.searchsorted(self.user, np.arange(users))
        rank = np.arange(pairs) - starts[self.user]
        # Signing up happens in the first active month or, for some users who came
        # from Facebook or YouTube, in a later one; musicians always sign up.
        signs = (rng.random(users) < np.array([SIGNS_UP[s] for s in SOURCES])[source]) | musician
        at_join = musician | (source >= 2) | (rng.random(users) < 0.5)
        active_months = np.diff(np.append(starts, pairs))
        signup_rank = np.where(at_join, 0, np.floor(rng.random(users) * active_months))
        signup_rank = np.where(signs, signup_rank, pairs).astype(np.int64)
        self.signed = rank >= signup_rank[self.user]
        self.signup = rank == signup_rank[self.user]
        self.first = rank == 0
        self.musician = musician[self.user]
        self.source = source[self.user]
        self.actor = self.user + len(FIRM)
        self.lo, self.hi = self.bounds[self.month], self.bounds[self.month + 1]
        self.t0 = self.lo + np.floor(rng.random(pairs) * 0.8 * (self.hi - self.lo)).astype(np.int64)
        self.facebook_share = np.array([FACEBOOK_SHARE[s] for s in SOURCES])[self.source]

    def __len__(self) -> int:
        return len(self.user)

    def channel(self, pairs: Array) -> Array:
        """A channel for each event: half on the platform once signed up, else social."""
        u = self.rng.random(len(pairs))
        signed = self.signed[pairs]
        social = np.where(signed, (u - PLATFORM_SHARE) / (1 - PLATFORM_SHARE), u)
        return np.where(
            signed & (u < PLATFORM_SHARE),
            PLATFORM,
            np.where(social < self.facebook_share[pairs], FB, YOUTUBE),
        )

    def later(self, pairs: Array) -> Array:
        """Times after the half hour that follows ``t0``, to the end of the month."""
        start = self.t0[pairs] + 1_800
        span = self.hi[pairs] - start
        return start + np.floor(self.rng.random(len(pairs)) * span).astype(np.int64)

    def soon(self, base: Array) -> Array:
        """Times within half an hour after ``base``."""
        return base + 1 + np.floor(self.rng.random(len(base)) * 1_799).astype(np.int64)

    def content_target(self, pairs: Array, channel: Array, to_musician: float = 0.5) -> Array:
        """A musician's content, or the firm account of the channel."""
        page = PAGES[pick(self.rng, PAGE_POPULARITY, len(pairs))]
        target = np.where(channel == FB, page, np.where(channel == YOUTUBE, YT, MAIN))
        wants = np.flatnonzero(
            self.rng.random(len(pairs)) < np.where(channel == PLATFORM, 0.85, to_musician)
        )
        target[wants] = pick_musicians(self.rng, self.traits, self.month[pairs[wants]])
        return np.where(target == self.actor[pairs], MAIN, target)


def pick_musicians(rng: np.random.Generator, traits: dict[str, Any], months: Array) -> Array:
    """Actor codes of musicians for events in ``months``, popular ones more often.

    Candidates joined in an earlier month; the founding musicians (on the prototype
    since 2014) are there from the start.
    """
    musician, joined = traits["musician"], traits["joined"]
    founding = np.arange(len(musician)) < FOUNDING_MUSICIANS
    result = np.empty(len(months), dtype=np.int64)
    draws = rng.random(len(months))
    for m in range(MONTHS):
        here = np.flatnonzero(months == m)
        candidates = np.flatnonzero(musician & ((joined < m) | founding))
        cumulative = np.cumsum(traits["popularity"][candidates])
        chosen = np.searchsorted(cumulative, draws[here] * cumulative[-1], side="right")
        result[here] = candidates[np.minimum(chosen, len(candidates) - 1)] + len(FIRM)
    return result


def pick_from_uniform(draws: Array, shares: Any) -> Array:  # noqa: ANN401
    """Inverse CDF of a discrete distribution on 0..len(shares)-1, for given uniforms."""
    cumulative = np.cumsum(shares)
    return np.minimum(np.searchsorted(cumulative, draws, side="right"), len(shares) - 1)


def add_arrivals(act: Activity, events: Events) -> None:
    """Each active month's first event: how the user came (first month), else a view or visit."""
    came = np.array([FB, YOUTUBE, PLATFORM, PLATFORM])[act.source]
    channel = np.where(act.first, came, act.channel(np.arange(len(act))))
    visits = np.flatnonzero(channel == PLATFORM)
    events.add("visit", act.actor[visits], MAIN, at=act.t0[visits], on=PLATFORM)
    views = np.flatnonzero(channel != PLATFORM)
    target = act.content_target(views, channel[views], 0.4)
    events.add("view", act.actor[views], target, at=act.t0[views], on=channel[views])


def add_onboarding(rng: np.random.Generator, act: Activity, events: Events) -> None:
    """Signing up, installing and rating the app (T7), following the firm on the platform."""
    sign = np.flatnonzero(act.signup)
    t_sign = act.soon(act.t0[sign])
    events.add("signup", act.actor[sign], MAIN, at=t_sign, on=PLATFORM)
    follows = rng.random(len(sign)) < FOLLOWS_PLATFORM
    events.add("follow", act.actor[sign[follows]], MAIN, at=act.soon(t_sign[follows]), on=PLATFORM)
    installs = rng.random(len(sign)) < DOWNLOADS
    installers, t_install = sign[installs], t_sign[installs] + 60
    t_install += np.floor(rng.random(len(installers)) * HOUR).astype(np.int64)
    events.add("download", act.actor[installers], MAIN, at=t_install, on=PLATFORM)
    rates = rng.random(len(installers)) < RATES_APP
    raters, t_rate = installers[rates], t_install[rates]
    t_rate += np.floor(rng.random(len(raters)) * (act.hi[raters] - t_rate)).astype(np.int64)
    # Exact star counts per device, so the means are the published ratings.
    stars = np.zeros(len(raters), dtype=np.int64)
    for code, device in enumerate(DEVICES):
        mine = np.flatnonzero(act.traits["device"][act.user[raters]] == code)
        stars[mine] = 1 + shuffled(rng, allocate(len(mine), STARS[device]))
    events.add("rate", act.actor[raters], MAIN, at=t_rate, on=PLATFORM, weight=stars)


def add_social_follows(rng: np.random.Generator, act: Activity, events: Events) -> None:
    """Following some of the five Facebook pages (T4) and the YouTube channel on arrival."""
    joins = np.flatnonzero(act.first)
    how_many = np.zeros(len(joins), dtype=np.int64)
    draws = rng.random(len(joins))
    for code, name in enumerate(SOURCES):
        mine = act.source[joins] == code
        how_many[mine] = pick_from_uniform(draws[mine], PAGES_FOLLOWED[name])
    # Which pages: weighted sampling without replacement (Efraimidis & Spirakis 2006).
    keys = np.log1p(-rng.random((len(joins), len(PAGES)))) / PAGE_POPULARITY
    ranked = np.argsort(-keys, axis=1, kind="stable")
    for slot in range(len(PAGES)):
        who = np.flatnonzero(how_many > slot)
        pairs = joins[who]
        events.add(
            "follow", act.actor[pairs], PAGES[ranked[who, slot]], at=act.soon(act.t0[pairs]), on=FB
        )
    chance = np.array([SUBSCRIBES_YOUTUBE[s] for s in SOURCES])[act.source[joins]]
    subscribers = joins[rng.random(len(joins)) < chance]
    events.add("follow", act.actor[subscribers], YT, at=act.soon(act.t0[subscribers]), on=YOUTUBE)


def add_routine(
    rng: np.random.Generator, act: Activity, events: Events
) -> dict[str, tuple[Array, ...]]:
    """Everything else users do in an active month, at the rates of ``RATES``."""
    made: dict[str, tuple[Array, ...]] = {}
    for kind, (listener_rate, musician_rate, where) in RATES.items():
        count = np.zeros(len(act), dtype=np.int64)
        count[~act.musician] = poisson(rng, listener_rate, int((~act.musician).sum()))
        count[act.musician] = poisson(rng, musician_rate, int(act.musician.sum()))
        if where == "platform":
            count[~act.signed] = 0
        pairs = np.repeat(np.arange(len(act)), count)
        time = act.later(pairs)
        if where == "any":
            channel = act.channel(pairs)
            if kind == "vote":  # contests run on the platform and Facebook (4.3)
                channel = np.where(channel == YOUTUBE, FB, channel)
            to_musician = 0.9 if kind in {"message", "reply"} else 0.5
            target = act.content_target(pairs, channel, to_musician)
        elif kind == "post":  # musicians also upload to the YouTube channel
            channel = np.where(
                act.musician[pairs] & (rng.random(len(pairs)) < 0.2), YOUTUBE, PLATFORM
            )
            target = np.where(channel == YOUTUBE, YT, MAIN)
        else:
            channel = np.full(len(pairs), PLATFORM)
            target = (
                act.content_target(pairs, channel)
                if kind == "follow"
                else np.full(len(pairs), MAIN)
            )
        if kind == "reply":  # musicians answer listeners active that month
            for m in range(MONTHS):
                here = np.flatnonzero(act.musician[pairs] & (act.month[pairs] == m))
                fans = np.flatnonzero((act.month == m) & ~act.musician)
                target[here] = act.actor[fans[rng.integers(0, len(fans), len(here))]]
        events.add(kind, act.actor[pairs], target, at=time, on=channel)
        made[kind] = (act.actor[pairs], target, time, channel)
    return made


def make_interactions(rng: np.random.Generator, traits: dict[str, Any]) -> Columns:
    """Every event of the 16 months, as integer columns (see :class:`Events`)."""
    act = Activity(rng, traits)
    events = Events()
    add_arrivals(act, events)
    add_onboarding(rng, act, events)
    add_social_follows(rng, act, events)
    made = add_routine(rng, act, events)
    add_firm_posts(rng, act, events)
    add_firm_answers(rng, act, events, made)
    add_rewards(rng, act, events)
    return events.columns(int(act.bounds[-1]))


FIRM_ACCOUNTS = [(int(page), FB, FIRM_POSTS_PER_DAY["page"]) for page in PAGES] + [
    (YT, YOUTUBE, FIRM_POSTS_PER_DAY["youtube"]),
    (MAIN, PLATFORM, FIRM_POSTS_PER_DAY["main"]),
]


def add_firm_posts(rng: np.random.Generator, act: Activity, events: Events) -> None:
    """The firm spreading musicians' content on every account, daily (availability, 4.1)."""
    days = int((act.bounds[-1] - act.bounds[0]) // DAY)
    day_start = act.bounds[0] + np.arange(days) * DAY
    for account, channel, per_day in FIRM_ACCOUNTS:
        time = np.repeat(day_start, poisson(rng, per_day, days))
        time += 8 * HOUR + np.floor(rng.random(len(time)) * 12 * HOUR).astype(np.int64)
        month = np.searchsorted(act.bounds, time, side="right") - 1
        musicians = pick_musicians(rng, act.traits, month)
        events.add("post", account, musicians, at=time, on=channel)


def add_firm_answers(
    rng: np.random.Generator, act: Activity, events: Events, made: dict[str, tuple[Array, ...]]
) -> None:
    """Support answers (service), replies to comments and recommendations (4.2)."""
    asker, _, asked, _ = made["support_request"]
    u = rng.random(len(asked))
    delay = np.where(
        u < ANSWERED_IN_A_DAY,
        900 + np.floor(rng.random(len(asked)) * 22 * HOUR),
        26 * HOUR + np.floor(rng.random(len(asked)) * 70 * HOUR),
    )
    answered = u < ANSWERED_IN_A_DAY + ANSWERED_LATER
    events.add("support_response", MAIN, asker[answered], at=(asked + delay)[answered], on=PLATFORM)

    commenter, target, time, channel = made["comment"]
    on_firm = np.flatnonzero((target < len(FIRM)) & (rng.random(len(target)) < FIRM_REPLIES))
    delay = 1_800 + np.floor(rng.random(len(on_firm)) * 12 * HOUR)
    events.add(
        "reply", target[on_firm], commenter[on_firm], at=time[on_firm] + delay, on=channel[on_firm]
    )

    for m in range(MONTHS):
        active = act.actor[(act.month == m) & act.signed]
        chosen = active[rng.random(len(active)) < RECOMMENDATIONS]
        span = act.bounds[m + 1] - act.bounds[m]
        time = act.bounds[m] + np.floor(rng.random(len(chosen)) * span)
        events.add("message", MAIN, chosen, at=time, on=PLATFORM)


def add_rewards(rng: np.random.Generator, act: Activity, events: Events) -> None:
    """Features (T6) and contest prizes: the reward condition (4.4)."""
    bounds, popularity = act.bounds, act.traits["popularity"]
    # Weekly: musicians active that month featured on the platform's main page.
    for week in range(int(bounds[0]), int(bounds[-1]), 7 * DAY):
        m = int(np.searchsorted(bounds, week, side="right") - 1)
        active = np.unique(act.user[(act.month == m) & act.musician])
        keys = np.log1p(-rng.random(len(active))) / popularity[active]
        chosen = active[np.argsort(-keys, kind="stable")[:FEATURED_PER_WEEK]]
        time = week + 2 * DAY + np.floor(rng.random(len(chosen)) * DAY)
        events.add("feature", MAIN, chosen + len(FIRM), at=time, on=PLATFORM)
    so_far = events.columns(int(bounds[-1]))
    actors = len(FIRM) + len(act.traits["musician"])
    is_musician = np.concatenate([np.zeros(len(FIRM), bool), act.traits["musician"]])
    # Monthly headline: last month's most liked musician not yet headlined, featured on
    # every account on the 15th.
    likes = so_far["kind"] == KINDS.index("like")
    headlined = np.zeros(actors, dtype=bool)
    for m in range(HEADLINE_FROM, MONTHS):
        then = likes & (so_far["time"] >= bounds[m - 1]) & (so_far["time"] < bounds[m])
        received = np.bincount(so_far["target"][then], minlength=actors)
        star = int(np.argmax(received * (is_musician & ~headlined)))
        headlined[star] = True
        time = bounds[m] + 14 * DAY + 12 * HOUR
        for account, channel, _ in FIRM_ACCOUNTS:
            events.add("feature", account, star, at=[time], on=channel)
    # Monthly contest: the musicians with the most votes that month win a prize.
    votes = so_far["kind"] == KINDS.index("vote")
    for m in range(MONTHS):
        then = votes & (so_far["time"] >= bounds[m]) & (so_far["time"] < bounds[m + 1])
        received = np.bincount(so_far["target"][then], minlength=actors) * is_musician
        winners = np.argsort(-received, kind="stable")[:CONTEST_WINNERS]
        winners = winners[received[winners] > 0]
        time = np.full(len(winners), bounds[m + 1] - 12 * HOUR)
        events.add("reward", MAIN, winners, at=time, on=PLATFORM)


# ---------------------------------------------------------------- survey
def normal(rng: np.random.Generator, size: int | tuple[int, ...]) -> np.ndarray[Any, Any]:
    """Standard normal deviates by inverse CDF of ``Generator.integers`` in (0, 1)."""
    inverse = NormalDist().inv_cdf
    uniform = rng.integers(1, 2**53, size=size) / 2**53
    return np.array([inverse(u) for u in uniform.ravel().tolist()]).reshape(uniform.shape)


def discretise(values: np.ndarray[Any, Any], cuts: Any, low: int) -> np.ndarray[Any, Any]:  # noqa: ANN401
    """The scale point of each value: ``low`` below the first cut, one more per cut passed."""
    return low + np.searchsorted(np.asarray(cuts, dtype=float), values, side="right")


def condition_latents(rng: np.random.Generator, size: int) -> dict[str, np.ndarray[Any, Any]]:
    """One standard-normal latent per condition, correlated as the model says."""
    framework = vcc.KIM_CHOI_2019
    general = normal(rng, size)
    driver = {d.key: normal(rng, size) for d in framework.drivers}
    shared = normal(rng, size)
    latents = {}
    for condition in framework.conditions:
        own = 1.0 - WITHIN_DRIVER - SHARED_FACTOR.get(condition.key, 0.0)
        value = (
            math.sqrt(ACROSS_DRIVERS) * general
            + math.sqrt(WITHIN_DRIVER - ACROSS_DRIVERS) * driver[condition.driver.key]
            + math.sqrt(own) * normal(rng, size)
        )
        if condition.key in SHARED_FACTOR:
            value = value + math.sqrt(SHARED_FACTOR[condition.key]) * shared
        latents[condition.key] = value
    return latents


def loading(item: Any) -> float:  # noqa: ANN401
    """The standardized loading of a condition item on its condition's latent."""
    if item.id in WEAK_ITEMS:
        return WEAK_ITEMS[item.id]
    return REVERSE_LOADING if item.reverse else LOADINGS[int(item.id.rsplit("_", 1)[1]) - 1]


def make_survey(rng: np.random.Generator, actors: Columns) -> tuple[Columns, float]:
    """The before/after survey (T9, T10) of 1,008 users, answering the bundled instrument,
    and the after group's shift on the satisfaction latents (in standard deviations)."""
    users = np.flatnonzero(actors["role"] != "firm")
    total = sum(RESPONDENTS.values())
    chosen = users[rng.permutation(len(users))[:total]]
    group = np.repeat(np.array(list(RESPONDENTS)), list(RESPONDENTS.values()))
    country = actors["country"][chosen]
    draws = rng.random(total)
    language = np.array(
        [
            LANGUAGES[
                int(pick_from_uniform(np.array([d]), LANGUAGE_SHARES.get(c, (1.0, 0.0, 0.0)))[0])
            ]
            for c, d in zip(country.tolist(), draws.tolist(), strict=True)
        ]
    )
    answers, shift = survey_answers(rng, group == "after")
    order = np.argsort(chosen, kind="stable")
    return {
        "respondent": actors["id"][chosen][order],
        "group": group[order],
        "country": country[order],
        "language": language[order],
        **{item: values[order] for item, values in answers.items()},
    }, shift


def survey_answers(
    rng: np.random.Generator, after: np.ndarray[Any, Any]
) -> tuple[dict[str, np.ndarray[Any, Any]], float]:
    """Every item's answers as text ("" when missing), in instrument order, and the
    after group's shift on the satisfaction latents."""
    size = len(after)
    latents = condition_latents(rng, size)
    shifted = [c.key for c in vcc.KIM_CHOI_2019.conditions_of(SHIFTED_DRIVER)]
    # Overall satisfaction rests on the mean of the shifted conditions' latents.
    mean = sum(latents[key] for key in shifted) / len(shifted)
    spread = math.sqrt((1 + (len(shifted) - 1) * WITHIN_DRIVER) / len(shifted))
    weight = SATISFACTION_WEIGHT
    satisfaction = weight * mean / spread + math.sqrt(1 - weight**2) * normal(rng, size)
    # One cut between 3 and 4 for both groups, halfway between the before group's
    # 332nd and 333rd highest values; the after group's shift moves exactly its 461
    # highest above it (T9).
    ranked = {
        name: np.sort(satisfaction[after == (name == "after")], kind="stable")[::-1]
        for name in RESPONDENTS
    }
    count = {name: round(SATISFIED[name] * size) for name, size in RESPONDENTS.items()}
    cut = (ranked["before"][count["before"] - 1] + ranked["before"][count["before"]]) / 2
    gap = cut - (ranked["after"][count["after"] - 1] + ranked["after"][count["after"]]) / 2
    shift = gap * spread / weight  # in standard deviations of each shifted latent
    for key in shifted:
        latents[key] = np.where(after, latents[key] + shift, latents[key])
    satisfaction = np.where(after, satisfaction + gap, satisfaction)
    recommend = (
        0.7 * satisfaction
        + 0.3 * latents["connectivity"]
        + 0.3 * latents["interactivity"]
        + math.sqrt(1 - 0.7**2 - 0.3**2 - 0.3**2) * normal(rng, size)
    )
    effort = (
        0.5 * latents["interface"]
        + 0.4 * latents["accessibility"]
        + math.sqrt(1 - 0.5**2 - 0.4**2) * normal(rng, size)
    )
    points = {}
    for item in KIM_CHOI_2019_INSTRUMENT.items:
        if item.condition is not None:
            lam = loading(item)
            response = lam * latents[item.condition] + math.sqrt(1 - lam**2) * normal(rng, size)
            point = discretise(response, LIKERT_CUTS, 1)
            points[item.id] = 6 - point if item.reverse else point
        elif item.kind == "satisfaction":
            points[item.id] = discretise(satisfaction - cut, SATISFACTION_CUTS, 1)
        elif item.kind == "nps":
            points[item.id] = discretise(recommend, RECOMMEND_CUTS, 0)
        else:
            points[item.id] = discretise(effort, EFFORT_CUTS, 1)
    answers = {}
    for name, values in points.items():
        text = values.astype(str)
        if name != "overall_satisfaction":
            text[rng.random(size) < MISSING] = ""
        answers[name] = text
    return answers, float(shift)


# ---------------------------------------------------------------- writing
def write_csv(path: Path, columns: Columns, *, compress: bool) -> None:
    """Write ``columns`` as CSV; gzip with a fixed header so the bytes are reproducible."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerows(zip(*(c.tolist() for c in columns.values()), strict=True))
    data = text.getvalue().encode("utf-8")
    if compress:
        buffer = io.BytesIO()
        with gzip.GzipFile(
            filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=6
        ) as handle:
            handle.write(data)
        data = buffer.getvalue()
    path.write_bytes(data)


def text_columns(events: Columns, actors: Columns) -> Columns:
    """The interaction columns as the CSV holds them."""
    stamps = np.datetime_as_string(events["time"].astype("datetime64[s]"), unit="s")
    return {
        "source": actors["id"][events["source"]],
        "target": actors["id"][events["target"]],
        "kind": np.array(KINDS)[events["kind"]],
        "timestamp": np.char.add(stamps, "Z"),
        "channel": np.array(CHANNELS)[events["channel"]],
        "weight": events["weight"],
    }


def joined_dates(events: Columns, actors: Columns) -> np.ndarray[Any, Any]:
    """Date of each actor's first event as a source (firm accounts: the founding day)."""
    first = np.full(len(actors["id"]), np.iinfo(np.int64).max)
    np.minimum.at(first, events["source"], events["time"])
    first[: len(FIRM)] = month_bounds()[0]
    return np.datetime_as_string(first.astype("datetime64[s]"), unit="D")


def exposure(events: Columns) -> tuple[int, int]:
    """The widest single feature (T6): the featured user's code and the summed follower
    counts, at that moment, of the accounts that featured them that day."""
    follow = events["kind"] == KINDS.index("follow")
    pairs = np.stack([events["source"][follow], events["target"][follow]])
    # First time each (follower, account) pair occurs.
    _, first = np.unique(pairs, axis=1, return_index=True)
    account, since = pairs[1][first], events["time"][follow][first]
    reach: dict[tuple[int, int], int] = {}
    for row in np.flatnonzero(events["kind"] == KINDS.index("feature")).tolist():
        time = int(events["time"][row])
        followers = np.count_nonzero((account == events["source"][row]) & (since < time))
        key = (int(events["target"][row]), time // DAY)
        reach[key] = reach.get(key, 0) + int(followers)
    (star, _), widest = max(reach.items(), key=lambda item: item[1])
    return star, widest


def measure(events: Columns, actors: Columns, survey: Columns) -> dict[str, Any]:
    """The calibration values as they came out, for the README."""
    bounds = month_bounds()
    people = events["source"] >= len(FIRM)
    month_of = np.searchsorted(bounds, events["time"], side="right") - 1
    mau = [len(np.unique(events["source"][people & (month_of == m)])) for m in range(MONTHS)]
    by_t1 = len(np.unique(events["source"][people & (month_of <= T1_MONTH)]))
    follows = events["kind"] == KINDS.index("follow")
    followers = [len(np.unique(events["source"][follows & (events["target"] == p)])) for p in PAGES]
    rate = events["kind"] == KINDS.index("rate")
    device = actors["device"][events["source"][rate]]
    ratings = {d: float(events["weight"][rate][device == d].mean()) for d in DEVICES}
    overall = survey["overall_satisfaction"].astype(np.int64)
    satisfied = {g: float(np.mean(overall[survey["group"] == g] >= 4)) for g in RESPONDENTS}
    star, reach = exposure(events)
    return {
        "events": len(events["time"]),
        "actors": len(actors["id"]),
        "roles": {r: int((actors["role"] == r).sum()) for r in ("firm", "user", "creator")},
        "mau": mau,
        "by_t1": by_t1,
        "at_18": mau[-1] * (mau[-1] / mau[-4]) ** ((T3_MONTH - MONTHS + 1) / 3),
        "followers": followers,
        "ratings": ratings,
        "satisfied": satisfied,
        "featured": str(actors["id"][star]),
        "reach": reach,
        "respondents": len(survey["respondent"]),
        "countries": len(np.unique(survey["country"])),
        "languages": len(np.unique(survey["language"])),
        "groups": {g: int((survey["group"] == g).sum()) for g in RESPONDENTS},
        "items": [name for name in survey if name not in SURVEY_ATTRIBUTES],
        "missing": float(
            np.mean([survey[name] == "" for name in survey if name not in SURVEY_ATTRIBUTES])
        ),
    }


def readme(stats: dict[str, Any]) -> str:
    """The data folder's README, with the counts and measured calibration values."""
    roles, mau = stats["roles"], stats["mau"]
    files = [
        (
            "interactions.csv.gz",
            stats["events"],
            (
                "source, target, kind, timestamp (ISO 8601, UTC), channel (facebook, youtube, "
                "platform), weight (the stars of `rate`, else 1)"
            ),
        ),
        (
            "actors.csv.gz",
            stats["actors"],
            (
                "id, role (firm, user, creator), joined (date of the first event; firm accounts: "
                "2015-01-01), acquired_via (facebook, youtube, other_social, direct), country, "
                "device (android, ios)"
            ),
        ),
        (
            "survey.csv",
            stats["respondents"],
            (
                "respondent (a user id), group (before, after), country, language (en, ko, zh), "
                f"then the {len(stats['items'])} items of the bundled instrument "
                "`KIM_CHOI_2019_INSTRUMENT` in its order (empty: no answer)"
            ),
        ),
    ]
    followers, ratings, satisfied = stats["followers"], stats["ratings"], stats["satisfied"]
    targets = [
        ("users attracted by content by 2015-03", "50,000 (3.2)", f"{stats['by_t1']:,}"),
        ("monthly active users, 2015-09", "300,000 (3.2)", f"{mau[T2_MONTH]:,}"),
        (
            "monthly active users after 18 months",
            "1,000,000 (3.1)",
            f"{stats['at_18']:,.0f} (growth of the last three months, extrapolated)",
        ),
        (
            "Facebook pages, followers of each",
            "5, at least 450,000 (3.2)",
            f"5, {min(followers):,} to {max(followers):,}",
        ),
        (
            "exposure of a featured user",
            "more than 2,000,000 (4.4)",
            (
                f"{stats['reach']:,} followers of the accounts featuring `{stats['featured']}` "
                "on one day"
            ),
        ),
        (
            "mean app rating, Android / iOS",
            "4.7 / 4.81 (4.3)",
            f"{ratings['android']:.3f} / {ratings['ios']:.3f}",
        ),
        (
            "satisfied (4-5 of 5), before / after",
            "65.21% / 92.40% (Figure 3)",
            f"{satisfied['before']:.2%} / {satisfied['after']:.2%}",
        ),
        (
            "survey: respondents, countries, languages",
            "1,008, 14, 3 (4.3)",
            f"{stats['respondents']:,}, {stats['countries']}, {stats['languages']}",
        ),
    ]
    inflow = "\n".join(
        f"| {t} | " + " | ".join(f"{v:.0%}" for v in INFLOW_SHARES[t]) + " |"
        for t in sorted(INFLOW_SHARES)
    )
    file_rows = "\n".join(f"| `{name}` | {rows:,} | {columns} |" for name, rows, columns in files)
    target_rows = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in targets)
    paired = WITHIN_DRIVER + SHARED_FACTOR["personalization"]
    loadings = ", ".join(f"{x:.2f}" for x in LOADINGS)
    weak = ", ".join(f"`{k}` {v:.2f}" for k, v in WEAK_ITEMS.items())
    groups = stats["groups"]
    return f"""# RecordFarm (synthetic): bundled example data

**These data are SYNTHETIC.** "RecordFarm (synthetic)" is a fictional music start-up.
The events, actors and survey answers were drawn at random by
`examples/make_recordfarm.py` (seed {SEED}) so that the aggregates published for the
real RecordFarm case (Kim & Choi 2019, JBEM 20(1), 1-19) hold as ratios at 1/{SCALE}
of the real size. No row describes a real person, account or company, and nothing
here is a measurement of the real firm.

Load the data with `valuecocreation.datasets.load_recordfarm()`; get a file's path
with `valuecocreation.datasets.recordfarm_path(name)`.

## Files

| file | rows | columns |
|---|---|---|
{file_rows}

Actors: {roles["firm"]} firm accounts (`recordfarm` on the platform, five Facebook
pages `recordfarm_fb1` to `recordfarm_fb5`, the YouTube channel `recordfarm_yt`),
{roles["user"]:,} listeners (role `user`) and {roles["creator"]:,} musicians (role
`creator`). The window is January 2015 to April 2016 (16 months).

## Calibration

Counts are the published figure divided by {SCALE}; ratios and ratings are kept.
Section and figure numbers refer to Kim & Choi (2019).

| target | published | in these data |
|---|---|---|
{target_rows}

Monthly active users (users and musicians with at least one event), January 2015
to April 2016: {", ".join(f"{m:,}" for m in mau)}.

## Chosen by us, not published

The user inflow of Figure 2 (share of new users by source; the figure prints no
values, so these are ours; linear in between):

| months since launch | facebook | youtube | other social media | direct |
|---|---|---|---|---|
{inflow}

Also ours: the growth curve between the published points, every event rate, the
countries, languages and devices, and the 509/499 before/after split of the survey.
The module docstring of `examples/make_recordfarm.py` lists every target with its
source and tolerance.

## The survey model (ours)

The paper publishes two shares of one satisfaction question; the answers to the
other items are drawn from a latent-factor model of our own:

- one standard-normal latent per condition; conditions of one driver correlate
  {WITHIN_DRIVER:.2f}, of different drivers {ACROSS_DRIVERS:.2f}, personalization and customization
  {paired:.2f} (a shared My Page factor);
- condition items load {loadings} (first, second, third item) on their
  condition's latent, reverse-coded items {REVERSE_LOADING:.2f}, {weak};
  responses are cut into 1-5, and reverse-coded items are answered mirrored (the
  file holds them as answered, not recoded);
- the after group ({groups["after"]} respondents, against {groups["before"]} before) is shifted up
  by {stats["shift"]:.3f} standard deviations on the latents of service, content and
  interface, the shift that gives the published satisfied shares with one cut
  between 3 and 4;
- likelihood to recommend (0-10) follows satisfaction, interactivity and
  connectivity; effort (1-7, "made it easy") interface and accessibility;
- {stats["missing"]:.2%} of the answers are missing, completely at random (none of
  `overall_satisfaction`).
"""


def check(stats: dict[str, Any]) -> list[str]:
    """The calibration targets the generated data miss (see the module docstring)."""
    misses = []
    mau = stats["mau"]
    if abs(stats["by_t1"] / INITIAL_USERS - 1) > 0.02:
        misses.append(f"T1: {stats['by_t1']} users by 2015-03")
    if abs(mau[T2_MONTH] / CROSS_MARKETING_MAU - 1) > 0.02:
        misses.append(f"T2: {mau[T2_MONTH]} active users in 2015-09")
    if abs(stats["at_18"] / MAU_AT_18 - 1) > 0.05:
        misses.append(f"T3: {stats['at_18']:.0f} active users extrapolated to month 18")
    if min(stats["followers"]) < PAGE_FOLLOWERS:
        misses.append(f"T4: a page has {min(stats['followers'])} followers")
    if stats["reach"] < FEATURE_EXPOSURE:
        misses.append(f"T6: the widest feature reached {stats['reach']}")
    misses += [
        f"T7: {device} ratings average {stats['ratings'][device]:.3f}"
        for device, rating in RATINGS.items()
        if abs(stats["ratings"][device] - rating) > 0.01
    ]
    misses += [
        f"T9: {group} satisfied {stats['satisfied'][group]:.4f}"
        for group, share in SATISFIED.items()
        if abs(stats["satisfied"][group] - share) > 0.0005
    ]
    if (stats["respondents"], stats["countries"], stats["languages"]) != (1_008, 14, 3):
        misses.append("T10: the survey's size, countries or languages")
    if stats["items"] != list(KIM_CHOI_2019_INSTRUMENT.ids):
        misses.append("the survey's columns are not the instrument's items")
    return misses


def write_all(out: Path) -> dict[str, Any]:
    """Generate every table and write the four files to ``out``; return the measured values."""
    rng = np.random.default_rng(SEED)
    actors, traits = make_actors(rng)
    events = make_interactions(rng, traits)
    survey, shift = make_survey(rng, actors)
    actors["joined"] = joined_dates(events, actors)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "interactions.csv.gz", text_columns(events, actors), compress=True)
    order = ("id", "role", "joined", "acquired_via", "country", "device")
    write_csv(out / "actors.csv.gz", {name: actors[name] for name in order}, compress=True)
    write_csv(out / "survey.csv", survey, compress=False)
    stats = measure(events, actors, survey) | {"shift": shift}
    (out / "README.md").write_text(readme(stats), encoding="utf-8", newline="\n")
    return stats


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    stats = write_all(out)
    misses = check(stats)
    if misses:
        raise SystemExit("calibration targets missed: " + "; ".join(misses))
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(
        f"wrote {stats['events']:,} synthetic events, {stats['actors']:,} actors and "
        f"{stats['respondents']:,} survey answers to {out} ({size / 1e6:.2f} MB)"
    )


if __name__ == "__main__":
    main(sys.argv)
