"""Adapters: the social_export preset, and a third-party adapter installed as a plugin."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests import plugins

import valuecocreation as vcc
from valuecocreation.errors import PluginWarning, UnknownKeyError, ValidationError
from valuecocreation.io import Adapter, ReadResult, available_adapters, get_adapter
from valuecocreation.io import _adapters as registry
from valuecocreation.io.presets import DEFAULT_METRICS, SocialExport, sample_path
from valuecocreation.model import InteractionKind

SAMPLE = sample_path("social_export.csv")


def test_the_sample_export_becomes_posts_and_weighted_engagement() -> None:
    log = SocialExport().read(SAMPLE)
    kinds = log.kind_counts()
    # 8 posts; counts above zero only: 7 likes, 7 comments, 6 shares, 7 views.
    assert kinds == {
        InteractionKind.VIEW: 7,
        InteractionKind.LIKE: 7,
        InteractionKind.COMMENT: 7,
        InteractionKind.SHARE: 6,
        InteractionKind.POST: 8,
    }
    likes = log.filter(kind="like")
    assert likes.weights.tolist() == [120.0, 85.0, 210.0, 44.0, 1200.0, 19.0, 97.0]
    assert set(likes.column("source").tolist()) == {"audience"}
    assert log.filter(kind="post", source="mina_beats").column("target").tolist() == ["audience"]
    assert log.time_span[0].isoformat() == "2015-03-02T00:00:00+00:00"  # +09:00 to UTC
    assert log.channels.tolist() == ["facebook", "recordfarm_app", "youtube"]


def test_the_preset_is_assessable() -> None:
    result = vcc.assess(SocialExport().read(SAMPLE), actors={"recordfarm": "firm"})
    assert result.condition("content").has_evidence


def test_options_of_the_preset(tmp_path: Path) -> None:
    export = tmp_path / "page.csv"
    export.write_text(
        "Page,Created,Reactions,Link Clicks,Saves\nrf,2024-01-01,3,0,9\nrf,2024-01-02,,2,1\n",
        encoding="utf-8",
    )
    adapter = SocialExport(
        columns={"Page": "author", "Created": "posted_at"},
        channel="instagram",
        posts=False,
        audience="fans",
        ignore=["saves"],  # a count no metric matches must be skipped on purpose
    )
    log = adapter.read(export)
    assert [(e.kind.value, e.source, e.weight, e.channel) for e in log] == [
        ("like", "fans", 3.0, "instagram"),
        ("visit", "fans", 2.0, "instagram"),
    ]
    only_views = SocialExport(
        metrics={"Saves": "view"}, columns={"Page": "author", "Created": "posted_at"}
    )
    assert only_views.read(export).kind_counts() == {
        InteractionKind.VIEW: 2,
        InteractionKind.POST: 2,
    }
    no_counts = SocialExport(
        metrics={"shares": "share"}, posts=False, columns={"Page": "author", "Created": "posted_at"}
    )
    with pytest.raises(ValidationError, match=r"the columns \['Saves'\] hold counts"):
        SocialExport(columns={"Page": "author", "Created": "posted_at"}).read(export)
    with pytest.raises(ValidationError, match="no count column found"):
        no_counts.read(export)


def test_a_bad_row_is_set_aside_whole(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",210,", ",1.2K,")  # line 4: a count written for people
    text[5] = text[5].replace("2015-03-12T10:00:00+09:00", "soon")  # line 6: no time
    export = tmp_path / "export.csv"
    export.write_text("\n".join(text) + "\n", encoding="utf-8")
    for engine in ("python", "pyarrow"):
        result = SocialExport(engine=engine).read(export, errors="quarantine")
        assert isinstance(result, ReadResult)
        assert (result.rows_read, result.accepted, len(result.rejected)) == (8, 6, 2)
        assert [(row.line, row.column, row.value) for row in result.rejected] == [
            (4, "likes", "1.2K"),
            (6, "posted_at", "soon"),
        ]
        assert result.rejected[0].fields[0] == "p003"
        assert len(result.log.filter(kind="post")) == 6  # nothing kept of the bad rows
    with pytest.raises(
        ValidationError,
        match=r"line 4, column 'likes', value '1\.2K': a count "
        r"must be a whole number",
    ):
        SocialExport().read(export)


def test_the_preset_checks_its_options() -> None:
    with pytest.raises(ValidationError, match="names 'cheers', which is not a kind"):
        SocialExport(metrics={"claps": "cheers"})
    with pytest.raises(ValidationError, match="audience"):
        SocialExport(audience="")
    assert DEFAULT_METRICS["likes"] is InteractionKind.LIKE
    with pytest.raises(UnknownKeyError, match=r"valid sample keys are: .*social_export\.csv"):
        sample_path("survey.csv")


# ---------------------------------------------------------------------- the registry
def test_the_registry_lists_and_makes_the_built_ins() -> None:
    assert "social_export" in available_adapters()
    adapter = get_adapter("social_export", channel="facebook")
    assert isinstance(adapter, Adapter)
    assert isinstance(adapter, SocialExport)
    with pytest.raises(
        UnknownKeyError,
        match=r"unknown adapter 'myspace'; valid adapter keys "
        r"are: .*social_export",
    ):
        get_adapter("myspace")
    with pytest.raises(TypeError, match="audiense"):
        get_adapter("social_export", audiense="x")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    registry._reset()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for module in [m for m in sys.modules if m.startswith("vcc_adapter")]:
        del sys.modules[module]
    registry._reset()


PLUGIN = """
    import valuecocreation as vcc
    from valuecocreation.io import read_csv

    class TicketDump:
        \"\"\"A CRM's ticket export: one row per ticket, opened and answered.\"\"\"

        name = "ticket_dump"

        def __init__(self, firm="support"):
            self.firm = firm

        def read(self, path, *, errors="raise"):
            return read_csv(path, columns={"customer": "source", "opened": "timestamp"},
                            kinds={"ticket": "support_request"}, errors=errors)
"""


def test_an_installed_adapter_is_found_and_used(site: Path, tmp_path: Path) -> None:
    plugins.install(
        site,
        "vcc_adapter_tickets",
        """
        [valuecocreation.adapters]
        ticket_dump = vcc_adapter_tickets:TicketDump
    """,
        {"vcc_adapter_tickets": PLUGIN},
    )
    assert {"social_export", "ticket_dump"} <= set(available_adapters())
    adapter = get_adapter("ticket_dump", firm="helpdesk")
    assert isinstance(adapter, Adapter)
    export = tmp_path / "tickets.csv"
    export.write_text(
        "customer,target,kind,opened\nana,helpdesk,Ticket,2024-01-01\n", encoding="utf-8"
    )
    assert adapter.read(export).column("kind").tolist() == ["support_request"]


def test_duplicate_broken_and_unfit_adapters(site: Path) -> None:
    plugins.install(
        site,
        "vcc_adapter_odd",
        """
        [valuecocreation.adapters]
        social_export = vcc_adapter_odd:Impostor
        broken = vcc_adapter_odd_missing:Nothing
        unfit = vcc_adapter_odd:Impostor
    """,
        {"vcc_adapter_odd": "class Impostor:\n    name = 'impostor'\n"},
    )
    with pytest.warns(PluginWarning, match="registered twice"):
        names = available_adapters()
    assert {"broken", "unfit"} <= set(names)
    assert isinstance(get_adapter("social_export"), SocialExport)  # the built-in kept its name
    with pytest.warns(PluginWarning, match="failed to load"), pytest.raises(UnknownKeyError):
        get_adapter("broken")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match="not an Adapter"):
            get_adapter("unfit")


# ---------------------------------------------------------------------- the conformance kit
def test_check_adapter_passes_the_preset_on_good_and_bad_files(tmp_path: Path) -> None:
    from valuecocreation.testing import check_adapter  # noqa: PLC0415

    check_adapter(SocialExport(), SAMPLE)
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace(",210,", ",lots,"), encoding="utf-8")
    check_adapter(SocialExport(), bad)


class _Sloppy:
    """Drops bad rows silently: what the contract forbids."""

    name = "sloppy"

    def read(self, path: object, *, errors: str = "raise") -> object:
        result = SocialExport().read(path, errors="quarantine")  # type: ignore[arg-type]
        if errors == "raise":
            return result.log
        return result


def test_check_adapter_catches_a_broken_contract(tmp_path: Path) -> None:
    from valuecocreation.testing import check_adapter  # noqa: PLC0415

    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace(",210,", ",lots,"), encoding="utf-8")
    with pytest.raises(AssertionError, match="read\\(\\) accepted a file in which quarantine"):
        check_adapter(_Sloppy(), bad)  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="lacks a name or a read"):
        check_adapter(object(), bad)  # type: ignore[arg-type]


def test_a_row_one_field_short_is_a_bad_row(tmp_path: Path) -> None:
    """The rule of every CSV reader: a short row is rejected, never padded."""
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    text[2] = text[2].rsplit(",", 1)[0]  # line 3 loses its last field
    export = tmp_path / "export.csv"
    export.write_text("\n".join(text) + "\n", encoding="utf-8")
    width = len(text[0].split(","))
    for engine in ("python", "pyarrow"):
        result = SocialExport(engine=engine).read(export, errors="quarantine")
        assert isinstance(result, ReadResult)
        assert [(row.line, row.row, row.reason) for row in result.rejected] == [
            (3, 1, f"the row has {width - 1} fields where the header has {width}")
        ]
        assert result.rejects.accepted + len(result.rejects) == result.rows_read == 8
