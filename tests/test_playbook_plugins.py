"""Playbooks from the entry-point group, installed for real into a throw-away site."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests import plugins

import valuecocreation as vcc
from valuecocreation.errors import PluginWarning, UnknownKeyError, ValidationError
from valuecocreation.playbook import (
    available_playbooks,
    get_playbook,
    recommend,
    refresh_playbooks,
)

SMALL = """
import valuecocreation as vcc
from valuecocreation.playbook import Playbook, default_playbook

def small():
    data = default_playbook().to_dict()
    data["name"] = "one_practice"
    data["practices"] = [p for p in data["practices"] if p["key"] == "featuring_users"]
    return Playbook.from_dict(data)

NOT_A_PLAYBOOK = 42
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    refresh_playbooks()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for module in [m for m in sys.modules if m.startswith("vcc_plugin")]:
        del sys.modules[module]
    refresh_playbooks()


def test_an_installed_playbook_is_found_and_used(site: Path) -> None:
    plugins.install(
        site,
        "vcc_plugin_small_book",
        """
        [valuecocreation.playbooks]
        one_practice = vcc_plugin_small_book:small
        odd = vcc_plugin_small_book:NOT_A_PLAYBOOK
        broken = vcc_plugin_missing_module:small
        """,
        {"vcc_plugin_small_book": SMALL},
    )
    assert {"one_practice", "kim_choi_2019_practices"} <= set(available_playbooks())
    book = get_playbook("one_practice")
    assert [p.key for p in book.practices] == ["featuring_users"]
    log = vcc.InteractionLog.from_records(
        [{"source": "ana", "target": "rf", "kind": "view", "timestamp": "2024-01-05"}]
    )
    plan = recommend(vcc.assess(log, actors={"rf": "firm"}), playbook="one_practice")
    assert plan.playbook == "one_practice"
    with pytest.raises(ValidationError, match="not a Playbook"):
        get_playbook("odd")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        with pytest.raises(UnknownKeyError):
            get_playbook("broken")
