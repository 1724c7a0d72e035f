"""Quick start: the framework, and a log of (synthetic) interactions.

Run from the repository root after installing the package::

    python examples/quickstart.py

It prints the Kim & Choi (2019) drivers and conditions, reads the bundled
SYNTHETIC sample export (``examples/data/sample_interactions.csv``, made by
``examples/make_sample_data.py``) into an InteractionLog, summarises it, and
assesses it: a score for each condition and driver, the overall index and the
value balance (conditions without evidence say why they have no score).
"""

from __future__ import annotations

from pathlib import Path

import valuecocreation as vcc

DATA = Path(__file__).parent / "data" / "sample_interactions.csv"


def main() -> None:
    framework = vcc.KIM_CHOI_2019
    print(f"{framework.name} (version {framework.version})")
    print(framework.citation)
    print()
    for driver in framework.drivers:
        users = driver.direction(vcc.Party.USERS)
        firms = driver.direction(vcc.Party.FIRMS)
        keys = ", ".join(c.key for c in framework.conditions_of(driver))
        print(
            f"{driver.name:<13} users {users.value if users else '-':<16}"
            f"firms {firms.value if firms else '-':<16} {keys}"
        )
    print()

    log = vcc.io.read_csv(DATA)
    print(f"{DATA.name} (synthetic sample data)")
    print(log.summary())
    print()
    shares = log.filter(kind="share")
    print(
        f"{len(shares)} shares by {len(set(shares.column('source').tolist()))} actors; "
        f"events on youtube: {len(log.filter(channel='youtube'))}"
    )
    print()

    # The export does not say who is who: the firm's account and the musicians
    # (creators) are named here; everyone else is a user.
    roles = {"recordfarm": "firm"} | {
        actor: "creator" for actor in log.actors.tolist() if actor.startswith("musician_")
    }
    print(vcc.assess(log, actors=roles).summary())


if __name__ == "__main__":
    main()
