from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuecocreation._core import factorize as _factorize
from valuecocreation._core.factorize import (
    MISSING,
    TEXT_DTYPE,
    factorize_text,
    union_vocabularies,
    unique_text,
)

ENGINES = [pytest.param(True, id="pandas"), pytest.param(False, id="numpy")]


def _decode(codes, vocabulary):
    return [None if c == MISSING else str(vocabulary[c]) for c in codes.tolist()]


@pytest.mark.parametrize("use_pandas", ENGINES)
def test_codes_point_into_a_sorted_vocabulary(use_pandas):
    values = np.array(["b", "a", None, "b", "", float("nan"), "c"], dtype=object)
    codes, vocabulary = factorize_text(values, use_pandas=use_pandas)
    assert vocabulary.dtype == TEXT_DTYPE
    assert vocabulary.tolist() == ["a", "b", "c"]
    assert codes.tolist() == [1, 0, MISSING, 1, MISSING, MISSING, 2]


@pytest.mark.parametrize("use_pandas", ENGINES)
def test_numbers_become_their_decimal_text(use_pandas):
    codes, vocabulary = factorize_text(np.array([10, 9, 10]), use_pandas=use_pandas)
    assert vocabulary.tolist() == ["10", "9"]  # text order, not numeric order
    assert _decode(codes, vocabulary) == ["10", "9", "10"]
    codes, vocabulary = factorize_text(np.array([7.0, np.nan, 8.0]), use_pandas=use_pandas)
    assert _decode(codes, vocabulary) == ["7", None, "8"]
    codes, vocabulary = factorize_text(np.array([7, "7", 7.0], dtype=object), use_pandas=use_pandas)
    assert vocabulary.tolist() == ["7"]
    assert codes.tolist() == [0, 0, 0]


@pytest.mark.parametrize("use_pandas", ENGINES)
@pytest.mark.parametrize("dtype", ["U", TEXT_DTYPE, object])
def test_every_text_dtype_gives_the_same_result(use_pandas, dtype):
    values = np.array(["x", "y", "x", "z"]).astype(dtype)
    codes, vocabulary = factorize_text(values, use_pandas=use_pandas)
    assert codes.tolist() == [0, 1, 0, 2]
    assert vocabulary.tolist() == ["x", "y", "z"]


@pytest.mark.parametrize(
    "bad",
    [
        [True, False],
        [b"raw"],
        [["nested"]],
        [dt.datetime(2015, 1, 1)],
        [dt.date(2015, 1, 1)],
        [np.datetime64("2015-01-01")],
        np.array(["2024-01-01"], dtype="datetime64[D]"),
    ],
)
def test_values_that_cannot_be_ids_are_refused(bad):
    with pytest.raises(TypeError):
        factorize_text(bad if isinstance(bad, np.ndarray) else np.array(bad, dtype=object))


def test_two_dimensional_input_is_refused():
    with pytest.raises(TypeError, match="one-dimensional"):
        factorize_text(np.array([["a", "b"]]))


NO_NUL = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=6)


@given(st.lists(st.one_of(st.none(), NO_NUL, st.integers(-50, 50)), max_size=40))
def test_both_engines_agree_and_decode_to_the_input(values):
    array = np.empty(len(values), dtype=object)
    array[:] = values
    fast = factorize_text(array, use_pandas=True)
    slow = factorize_text(array, use_pandas=False)
    assert fast[0].tolist() == slow[0].tolist()
    assert fast[1].tolist() == slow[1].tolist()
    expected = [None if v is None or v == "" else str(v) for v in values]
    assert _decode(*fast) == expected
    assert fast[1].tolist() == sorted(set(fast[1].tolist()))


def test_union_of_vocabularies_remaps_each():
    merged, (first, second) = union_vocabularies(
        np.array(["b", "d"], dtype=TEXT_DTYPE), np.array(["a", "b"], dtype=TEXT_DTYPE)
    )
    assert merged.tolist() == ["a", "b", "d"]
    assert first.tolist() == [1, 2]
    assert second.tolist() == [0, 1]
    assert union_vocabularies()[1] == []


def test_sorting_many_overlapping_texts_does_not_crash():
    # numpy 2.4's default sort of StringDType crashed the interpreter on this shape.
    ids = np.array([f"user_{i:07d}" for i in range(1000)], dtype=TEXT_DTYPE)
    merged, (first, second) = union_vocabularies(ids, ids)
    assert merged.tolist() == ids.tolist()
    assert first.tolist() == second.tolist() == list(range(1000))
    codes, vocabulary = factorize_text(np.concatenate([ids, ids[::-1]]), use_pandas=False)
    assert vocabulary.tolist() == ids.tolist()
    assert codes.tolist() == [*range(1000), *range(999, -1, -1)]


@given(st.lists(NO_NUL, max_size=60))
def test_unique_text_sorts_like_python(values):
    uniques, inverse = unique_text(np.array(values, dtype=TEXT_DTYPE))
    assert uniques.tolist() == sorted(set(values))
    assert [uniques[i] for i in inverse.tolist()] == values


ASCII_TEXT = st.text(st.characters(min_codepoint=1, max_codepoint=127), max_size=12)
SHARED_PREFIX = st.builds(
    lambda n, tail: f"user_{n:05d}{tail}",
    st.integers(0, 99_999),
    st.sampled_from(["", " ", "a", "\x01", "~", "\x7f"]),
)


def _assert_same_as_string_sort(values):
    text = np.array(values, dtype=TEXT_DTYPE)
    words, word_codes = unique_text(text)
    strings, string_codes = _factorize._unique_strings(text)
    assert words.dtype == TEXT_DTYPE
    assert words.tolist() == strings.tolist() == sorted(set(values))
    assert word_codes.tolist() == string_codes.tolist()


@given(st.lists(st.one_of(ASCII_TEXT, SHARED_PREFIX), max_size=60))
def test_ascii_ids_sort_as_integers_like_the_string_sort(values):
    assert _factorize._ascii_words(np.array(values, dtype=TEXT_DTYPE)) is not None or not values
    _assert_same_as_string_sort(values)


@pytest.mark.parametrize(
    "values",
    [
        ["b", "a ", "a", "a\x01", "", "A", "~", "\x7f", "a b", "ab"],  # spaces, controls, prefixes
        ["user_001", "user_010", "user_001", "user_100"],  # a shared prefix and a fixed width
        ["x" * 64, "x" * 63, "x" * 63 + "y", "x" * 64],  # the longest text that takes integers
        ["same", "same", "same"],
        ["", ""],
        ["only"],
    ],
)
def test_integer_sort_edge_cases(values):
    assert _factorize._ascii_words(np.array(values, dtype=TEXT_DTYPE)) is not None
    _assert_same_as_string_sort(values)


def test_varying_bytes_are_found_across_chunks(monkeypatch):
    monkeypatch.setattr(_factorize, "_CHUNK_ROWS", 3)
    values = ["ab1", "ab1", "ab1", "ab1", "ab1", "ab1", "ab2", "ab1", "xb1", "ab"]
    _assert_same_as_string_sort(values)  # the differing rows are in the third chunk
    assert _factorize._ascii_words(np.array(values, dtype=TEXT_DTYPE))[1].shape == (10, 1)


@pytest.mark.parametrize(
    "values",
    [
        ["x" * 65, "x", "y"],  # too long: the padded copy would cost too much memory
        ["café", "cafe", "caf", "zoë", "\U0001f600", "é"],  # not ASCII
    ],
)
def test_other_text_takes_the_string_sort(values):
    assert _factorize._ascii_words(np.array(values, dtype=TEXT_DTYPE)) is None
    uniques, inverse = unique_text(np.array(values, dtype=TEXT_DTYPE))
    assert uniques.tolist() == sorted(set(values))
    assert [uniques[i] for i in inverse.tolist()] == values


@pytest.mark.parametrize("use_pandas", ENGINES)
@pytest.mark.parametrize(
    "bad", ["a\x00b", "\ud800", 2.0**60, float("inf"), object(), dt.date(2015, 1, 1)]
)
def test_both_engines_refuse_values_that_cannot_be_ids(use_pandas, bad):
    with pytest.raises(TypeError):
        factorize_text(np.array(["ok", bad], dtype=object), use_pandas=use_pandas)


# ---------------------------------------------------------------------- shared objects
def _pooled(rows: int, pool: list[object], seed: int = 5) -> np.ndarray:
    """``rows`` references into ``pool``: the same few objects many times."""
    objects = np.empty(len(pool), dtype=object)
    objects[:] = pool
    return objects[np.random.default_rng(seed).integers(0, len(pool), rows)]


def test_shared_objects_encode_as_their_values():
    # Equal texts in different objects ("bb" built twice), None and NaN among them.
    pool = ["a", "".join(["b", "b"]), "bb", None, float("nan"), "c", "", "dé"]
    assert pool[1] == pool[2]
    assert pool[1] is not pool[2]
    values = _pooled(100_000, pool)
    assert _factorize._shared_objects(values) is not None  # the fast path is taken
    codes, vocabulary = factorize_text(values, use_pandas=True)
    expected_codes, expected_vocabulary = factorize_text(values, use_pandas=False)
    assert vocabulary.tolist() == expected_vocabulary.tolist() == ["a", "bb", "c", "dé"]
    assert codes.tolist() == expected_codes.tolist()


def test_objects_of_their_own_take_the_value_path():
    values = np.array([f"id{i % 5000}" for i in range(100_000)], dtype=object)
    assert _factorize._shared_objects(values) is None  # every row its own str object
    codes, vocabulary = factorize_text(values, use_pandas=True)
    assert len(vocabulary) == 5000
    assert (vocabulary[codes] == values.astype(vocabulary.dtype)).all()


@pytest.mark.parametrize("bad", [True, b"bytes", "nul\x00"])
def test_shared_objects_that_cannot_be_ids_are_refused(bad):
    values = _pooled(100_000, ["a", "b", bad])
    with pytest.raises(TypeError):
        factorize_text(values, use_pandas=True)


def test_shared_whole_floats_are_written_as_integers():
    values = _pooled(100_000, ["7", 7.0, 8, None])
    codes, vocabulary = factorize_text(values, use_pandas=True)
    assert vocabulary.tolist() == ["7", "8"]
    assert codes.tolist() == factorize_text(values, use_pandas=False)[0].tolist()
