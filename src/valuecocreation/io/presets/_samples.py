"""The sample files that document the presets' layouts, shipped with the package."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

from valuecocreation.errors import UnknownKeyError

__all__ = ["sample_path"]

_SAMPLES = (
    "edge_list.txt",
    "microblog_archive.csv",
    "post_report.csv",
    "qa_posts.csv",
    "social_export.csv",
    "survey_export.csv",
    "threaded_comments.csv",
    "video_analytics.csv",
)


def sample_path(name: str) -> Path:
    """The path of a bundled sample file, such as ``"social_export.csv"``.

    The samples are small synthetic exports of a fictional music start-up (not
    real data), one per preset.

    >>> sample_path("social_export.csv").name
    'social_export.csv'
    """
    if name not in _SAMPLES:
        raise UnknownKeyError("sample", name, _SAMPLES)
    with as_file(files("valuecocreation.io").joinpath("samples", name)) as path:
        return Path(path)
