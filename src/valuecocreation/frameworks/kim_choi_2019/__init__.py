"""Kim & Choi (2019): the framework, its default condition map, instrument and scorers.

:data:`KIM_CHOI_2019_PACKAGE` bundles them; the project's ``pyproject.toml``
registers it under the ``valuecocreation.frameworks`` entry-point group as
``kim_choi_2019``, as any third-party framework package is registered, and it is
the default wherever a framework is asked for.

Source: Kim, J., & Choi, H. (2019). Value co-creation through social media: a case
study of a start-up company. *Journal of Business Economics and Management*, 20(1),
1-19.

>>> from valuecocreation.frameworks.kim_choi_2019 import KIM_CHOI_2019_PACKAGE
>>> KIM_CHOI_2019_PACKAGE.framework.driver_keys
('experience', 'satisfaction', 'expression', 'share')
>>> KIM_CHOI_2019_PACKAGE.instrument.items_for("reward")[0].id
'reward_1'
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Final

from valuecocreation.frameworks import FrameworkPackage
from valuecocreation.frameworks.kim_choi_2019._framework import KIM_CHOI_2019
from valuecocreation.frameworks.kim_choi_2019._map import KIM_CHOI_2019_MAP
from valuecocreation.frameworks.kim_choi_2019._scorers import (
    DEFAULT_SCORERS,
    GRAPH_SCORERS,
    SURVEY_SCORER,
    TARGET_SOURCES,
)
from valuecocreation.survey import Instrument

__all__ = [
    "DEFAULT_SCORERS",
    "GRAPH_SCORERS",
    "INSTRUMENT_RESOURCE",
    "KIM_CHOI_2019",
    "KIM_CHOI_2019_INSTRUMENT",
    "KIM_CHOI_2019_MAP",
    "KIM_CHOI_2019_PACKAGE",
    "SURVEY_SCORER",
    "TARGET_SOURCES",
]

INSTRUMENT_RESOURCE: Final = "instrument.json"
"""The file of :data:`~valuecocreation.survey.KIM_CHOI_2019_INSTRUMENT`, package data here."""


def _bundled() -> Instrument:
    text = resources.files(__name__).joinpath(INSTRUMENT_RESOURCE).read_text("utf-8")
    return Instrument.from_dict(json.loads(text), source=f"{__name__}/{INSTRUMENT_RESOURCE}")


KIM_CHOI_2019_INSTRUMENT: Final[Instrument] = _bundled()
"""Three statements per condition of Kim & Choi (2019) on a 1-5 agreement scale, some
reverse-coded, plus overall satisfaction (1-5), likelihood to recommend (0-10) and
effort (1-7). Worded for this library from the paper's definitions; each item's
``note`` cites the section it rests on. Not yet validated on data: check its
reliability on yours."""

KIM_CHOI_2019_PACKAGE: Final = FrameworkPackage(
    framework=KIM_CHOI_2019,
    mapping=KIM_CHOI_2019_MAP,
    scorers=DEFAULT_SCORERS,
    graph_scorers=GRAPH_SCORERS,
    survey_scorer=SURVEY_SCORER,
    target_sources=TARGET_SOURCES,
    instrument=KIM_CHOI_2019_INSTRUMENT,
)
"""The framework package of Kim & Choi (2019).

It holds the framework, its default map, a default scorer per condition with the
source of each target, the graph scorers and the Likert scorer that join them, and
the bundled instrument."""
