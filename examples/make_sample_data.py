"""Write examples/data/sample_interactions.csv: a small, synthetic interaction export.

The data are SYNTHETIC: a fictional music start-up ("recordfarm") with listeners
and musicians on Facebook, YouTube and its own app. Nothing here is a measurement
of any real company; the file only gives the quick start something to read.
Run ``python examples/make_sample_data.py`` to regenerate it; the seed is fixed, so
the output is identical every time.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

SEED = 20150101
EVENTS = 300
OUT = Path(__file__).parent / "data" / "sample_interactions.csv"

# (kind, who acts, share of events): listeners consume and share, musicians create,
# the firm answers, features and rewards.
KINDS = [
    ("view", "listener", 0.25),
    ("follow", "listener", 0.08),
    ("like", "listener", 0.15),
    ("comment", "listener", 0.08),
    ("share", "listener", 0.08),
    ("signup", "listener", 0.04),
    ("support_request", "listener", 0.03),
    ("post", "musician", 0.10),
    ("personalize", "musician", 0.04),
    ("vote", "listener", 0.05),
    ("support_response", "firm", 0.03),
    ("reply", "firm", 0.04),
    ("feature", "firm", 0.03),
]
CHANNELS = ["facebook", "youtube", "app"]


def main() -> None:
    rng = np.random.default_rng(SEED)
    listeners = [f"listener_{i:03d}" for i in range(60)]
    musicians = [f"musician_{i:02d}" for i in range(12)]
    shares = np.array([share for _, _, share in KINDS])
    picks = rng.choice(len(KINDS), size=EVENTS, p=shares / shares.sum())
    start = dt.datetime(2014, 9, 1, tzinfo=dt.UTC)
    offsets = np.sort(rng.integers(0, 16 * 30 * 24 * 3600, size=EVENTS))
    rows = []
    for pick, offset in zip(picks.tolist(), offsets.tolist(), strict=True):
        kind, actor, _ = KINDS[pick]
        if actor == "listener":
            source = listeners[int(rng.zipf(1.6)) % len(listeners)]
            target = "recordfarm" if rng.random() < 0.6 else str(rng.choice(musicians))
        elif actor == "musician":
            source, target = str(rng.choice(musicians)), "recordfarm"
        else:
            source = "recordfarm"
            target = str(rng.choice(listeners if kind != "feature" else musicians))
        channel = str(rng.choice(CHANNELS, p=[0.5, 0.3, 0.2]))
        when = start + dt.timedelta(seconds=offset)
        rows.append([source, target, kind, when.isoformat(), channel, "1.0"])
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "kind", "timestamp", "channel", "weight"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} synthetic events to {OUT}")


if __name__ == "__main__":
    main()
