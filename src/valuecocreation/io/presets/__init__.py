"""Built-in adapters for export shapes users commonly have.

Each preset is an :class:`~valuecocreation.io.Adapter` registered under the
``valuecocreation.adapters`` entry-point group by this package, and documented with
a small sample file in ``valuecocreation/io/samples/``.

=================  ===========================================================
``social_export``  :class:`~valuecocreation.io.presets.social.SocialExport`: one row per
                   post with engagement counts (likes, comments, shares, views)
=================  ===========================================================

:class:`~valuecocreation.io.presets.survey.SurveyExport` reads a survey tool's export
(one row per response, one column per question, answers as labels) into
:class:`~valuecocreation.survey.SurveyResponses`; it is a preset, not an adapter,
because adapters give interaction logs.

>>> from valuecocreation.io import available_adapters
>>> "social_export" in available_adapters()
True
"""

from __future__ import annotations

from valuecocreation._core.public import publish
from valuecocreation.io.presets._samples import sample_path
from valuecocreation.io.presets.edges import EdgeList
from valuecocreation.io.presets.microblog import MicroblogArchive
from valuecocreation.io.presets.social import DEFAULT_METRICS, SocialExport, VideoAnalytics
from valuecocreation.io.presets.survey import AGREEMENT_LABELS, SurveyExport
from valuecocreation.io.presets.threads import QAPosts, ThreadedComments

__all__ = [
    "AGREEMENT_LABELS",
    "DEFAULT_METRICS",
    "EdgeList",
    "MicroblogArchive",
    "QAPosts",
    "SocialExport",
    "SurveyExport",
    "ThreadedComments",
    "VideoAnalytics",
    "sample_path",
]

publish(globals(), __all__)
