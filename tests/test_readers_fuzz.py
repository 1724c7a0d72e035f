"""Fuzzing the readers: only ValidationError may escape, and the CSV readers agree.

Condition maps come from files users write by hand; assessments and funnels come
back from JSON that may have been edited. Whatever they hold, reading them either
works or raises ValidationError naming the problem. Every CSV reader (events with
either engine and in chunks, actors, survey answers, the survey-tool preset) reads
through the one CSV front end: given the same file, they count the same rows and
find the same malformed ones.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import readers

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


# ---------------------------------------------------------------- one CSV front end
CSV_CELLS = st.sampled_from(
    ["", "a", "b", "rf", "like", "x y", '"q"', '"a,b"', '"two\nlines"', '"open', 'in"side', "é"]
)
CSV_LINES = st.lists(st.lists(CSV_CELLS, max_size=6).map(",".join), max_size=8)
CSV_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
EVENTS = {"a": "source", "b": "target", "c": "kind", "d": "timestamp"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=CSV_LINES,
    end=CSV_ENDS,
    last_end=st.booleans(),
    noise=st.sampled_from([b"", b"\xff,b,c,d", b"\xc3", b'x,"y']),
)
def test_every_csv_reader_agrees_on_the_bad_input_rules(
    lines: list[str], end: str, last_end: bool, noise: bytes
) -> None:
    """The same file gives every reader the same rows, lines and malformed rows."""
    text = "a,b,c,d" + end + end.join(lines) + (end if lines and last_end else "")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.csv"
        path.write_bytes(text.encode("utf-8") + noise)
        readers.assert_agree(readers.every_reader(path, ["a", "b", "c", "d"], EVENTS))


def test_every_csv_reader_sets_aside_the_same_malformed_rows(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(
        b"a,b,c,d\n"
        b"r1,rf,like,2024-01-01\n"  # row 0
        b"r2,rf\n"  # row 1: two fields short
        b"\n"  # blank: not a row
        b",,,\n"  # every field empty: not a row
        b"r3,rf,like,2024-01-01,extra\n"  # row 2: one field too many
        b"r4,\xff,like,2024-01-01\n"  # row 3: not UTF-8
        b'r5,"rf\nrf",like,2024-01-01\n'  # row 4: a quoted line break, fine
        b'r6,rf,like,"2024'  # row 5: the file ends inside a quote
    )
    expected = [
        (1, 3, ("r2", "rf")),
        (2, 6, ("r3", "rf", "like", "2024-01-01", "extra")),
        (3, 7, ("r4", "\udcff", "like", "2024-01-01")),
        (5, 10, ("r6", "rf", "like", "2024")),
    ]
    found = readers.every_reader(path, ["a", "b", "c", "d"], EVENTS)
    for reader, rejects in found.items():
        assert rejects.rows_read == 6, reader
        assert readers.malformed(rejects) == expected, reader


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
