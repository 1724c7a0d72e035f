"""Public objects name the public module a user imports them from."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
from types import ModuleType

import pytest

import valuecocreation
from valuecocreation._core.public import publish


def _public_modules() -> list[ModuleType]:
    names = ["valuecocreation"] + [
        info.name
        for info in pkgutil.walk_packages(valuecocreation.__path__, "valuecocreation.")
        if not any(part.startswith("_") for part in info.name.split(".")[1:])
    ]
    return [importlib.import_module(name) for name in names]


def _private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


@pytest.mark.parametrize("module", _public_modules(), ids=lambda module: module.__name__)
def test_exported_classes_and_functions_report_a_public_module(module: ModuleType) -> None:
    private = [
        f"{name} ({obj.__module__})"
        for name in getattr(module, "__all__", [])
        if (isinstance(obj := getattr(module, name), type) or callable(obj))
        and _private(getattr(obj, "__module__", "") or "")
    ]
    assert not private


def test_pickles_and_reprs_name_the_public_module() -> None:
    from valuecocreation.datasets import load_recordfarm  # noqa: PLC0415

    survey = load_recordfarm().survey
    data = pickle.dumps(survey)
    assert b"valuecocreation.survey" in data
    assert b"_responses" not in data
    assert repr(type(survey)) == "<class 'valuecocreation.survey.SurveyResponses'>"
    assert pickle.loads(data) == survey


def test_publish_keeps_the_first_public_name_and_the_method_doctests() -> None:
    class Thing:
        def example(self) -> int:
            """>>> 1 + 1
            2
            """
            return 2

    Thing.__module__ = "valuecocreation.graph._hidden"
    first: dict[str, object] = {"__name__": "valuecocreation.graph", "Thing": Thing}
    publish(first, ["Thing", "missing_lazily_provided"])
    assert Thing.__module__ == "valuecocreation.graph"
    assert first["__test__"] == {"Thing.example": Thing.example}
    publish({"__name__": "valuecocreation.network", "Thing": Thing}, ["Thing"])
    assert Thing.__module__ == "valuecocreation.graph"
