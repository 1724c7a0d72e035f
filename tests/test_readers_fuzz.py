"""Fuzzing the readers of this layer: only ValidationError may escape.

Condition maps come from files users write by hand; assessments and funnels come
back from JSON that may have been edited. Whatever they hold, reading them either
works or raises ValidationError naming the problem.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import valuecocreation as vcc
from valuecocreation.errors import ValidationError
from valuecocreation.mapping import ConditionMap, load_map
from valuecocreation.scoring import ConditionScore
from valuecocreation.testing import sample_log

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["like", "content", "firm", "target", "user", "reward", "source"]),
)
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
RULE_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "kind": SCALARS,
        "condition": SCALARS,
        "weight": SCALARS,
        "roles": JSONISH,
        "channels": JSONISH,
        "credit": SCALARS,
        "note": SCALARS,
        "colour": SCALARS,
    },
)
MAPS = st.fixed_dictionaries(
    {},
    optional={
        "schema_version": SCALARS,
        "name": SCALARS,
        "population": JSONISH,
        "rules": st.one_of(JSONISH, st.lists(RULE_FIELDS, max_size=4)),
        "rule": st.lists(RULE_FIELDS, max_size=3),
    },
)


def _only_validation_errors(read: Any, data: Any) -> None:
    with contextlib.suppress(ValidationError):
        read(data)


@settings(max_examples=300)
@given(st.one_of(MAPS, JSONISH))
def test_condition_maps_from_any_data(data: Any) -> None:
    _only_validation_errors(ConditionMap.from_dict, data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(st.binary(max_size=200), MAPS.map(lambda d: json.dumps(d).encode())),
    suffix=st.sampled_from([".json", ".toml"]),
)
def test_map_files_of_any_bytes(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"map{suffix}"
    path.write_bytes(content)
    _only_validation_errors(load_map, path)


ASSESSMENT = vcc.assess(sample_log(), actors={"firm": "firm"}).to_dict()


def _mutations(data: Any) -> st.SearchStrategy[Any]:
    """``data`` with one value somewhere replaced by junk, or a key dropped."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(data, ())

    def apply(path: tuple[Any, ...], junk: Any, drop: bool) -> Any:
        copy = json.loads(json.dumps(data))
        if not path:
            return junk
        node = copy
        for step in path[:-1]:
            node = node[step]
        if drop and isinstance(node, dict):
            del node[path[-1]]
        else:
            node[path[-1]] = junk
        return copy

    return st.builds(apply, st.sampled_from(paths), JSONISH, st.booleans())


@settings(max_examples=400)
@given(_mutations(ASSESSMENT))
def test_assessments_from_edited_json(data: Any) -> None:
    _only_validation_errors(vcc.Assessment.from_dict, data)


@settings(max_examples=300)
@given(_mutations(ASSESSMENT["conditions"][4]))
def test_condition_scores_from_edited_json(data: Any) -> None:
    _only_validation_errors(ConditionScore.from_dict, data)


FUNNEL = vcc.Funnel.from_log(sample_log(), actors={"firm": "firm"}).to_dict()


@settings(max_examples=400)
@given(_mutations(FUNNEL))
def test_funnels_from_edited_json(data: Any) -> None:
    _only_validation_errors(vcc.Funnel.from_dict, data)


# ---------------------------------------------------------------------- hostile numbers
def _huge_integer(digits: int, negative: bool) -> str:
    return ("-" if negative else "") + "9" * digits


HUGE_NUMBERS = st.one_of(
    st.builds(_huge_integer, st.integers(4000, 20_000), st.booleans()),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999999", "-0.0e-99999"]),
)


def _nested(depth: int, brackets: str, core: str) -> str:
    opening, closing = brackets
    return (
        opening * depth + core + closing * depth
        if opening == "["
        else ('{"a": ' * depth + core + "}" * depth)
    )


DEEP = st.builds(
    _nested, st.integers(100, 60_000), st.sampled_from(["[]", "{}"]), st.sampled_from(["1", "[]"])
)


@st.composite
def hostile_json(draw: st.DrawFn) -> str:
    """A document with a huge number or deep nesting where a field would be."""
    payload = draw(st.one_of(HUGE_NUMBERS, DEEP))
    key = draw(st.sampled_from(["schema_version", "index", "rules", "items", "drivers", "x"]))
    if draw(st.booleans()):
        return payload
    return (
        json.dumps({"schema_version": 1, "framework": "kim_choi_2019"})[:-1]
        + f', "{key}": {payload}}}'
    )


def _readers() -> list[Any]:
    return [
        vcc.Assessment.from_json,
        vcc.Funnel.from_json,
        vcc.measurement.ReliabilityReport.from_json,
        vcc.metrics.NpsSummary.from_json,
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=hostile_json(), suffix=st.sampled_from([".json", ".toml"]))
def test_loaders_refuse_huge_numbers_and_deep_nesting(
    tmp_path: Path, text: str, suffix: str
) -> None:
    for read in _readers():
        with contextlib.suppress(ValidationError):
            read(text)
    if suffix == ".toml":  # the same payloads as TOML values
        text = "x = " + text.replace(": ", " = ").replace('{"a" = ', "[").replace("}", "]")
    path = tmp_path / f"file{suffix}"
    path.write_text(text, encoding="utf-8")
    for load in (load_map, vcc.survey.load_instrument):
        with contextlib.suppress(ValidationError):
            load(path)
