"""Dictionary-encode a column of identifiers into integer codes and a sorted vocabulary.

This is the hot path of building a log: millions of ids become ``int`` codes into a
vocabulary of distinct ids. The vocabulary is canonical, whatever the input order
or the engine used: distinct non-empty texts, sorted. Identical data therefore
gives identical arrays, which makes logs comparable and concatenation associative.

pandas' hash table is used when pandas is installed (it is several times faster
than sorting millions of strings); otherwise numpy's sort-based ``unique`` gives the
same result. Both paths are tested against each other.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy.dtypes import StringDType

__all__ = ["MISSING", "TEXT_DTYPE", "factorize_text", "smallest_code_dtype", "union_vocabularies"]

TEXT_DTYPE: Final = StringDType()
MISSING: Final = -1
"""The code of a missing value (``None``, NaN, or empty text)."""

Codes = npt.NDArray[np.int64]
Vocabulary = npt.NDArray[Any]


def pandas_available() -> bool:
    """Whether the pandas fast path can be used (checked without importing pandas)."""
    return importlib.util.find_spec("pandas") is not None


def factorize_text(
    values: npt.ArrayLike | Sequence[Any], *, use_pandas: bool | None = None
) -> tuple[Codes, Vocabulary]:
    """Encode ``values`` as codes into a sorted vocabulary of distinct texts.

    Parameters
    ----------
    values
        One-dimensional ids: text, integers, or objects whose ``str`` is the id.
        Whole-number floats (an integer column with gaps, as pandas reads it) are
        written without the ``.0``.
    use_pandas
        Force the engine; ``None`` picks pandas when it is installed.

    Returns
    -------
    codes
        ``int64`` codes, :data:`MISSING` where the value is ``None``, NaN or ``""``.
    vocabulary
        Sorted distinct ids, as a numpy ``StringDType`` array.

    Raises
    ------
    TypeError
        When the values cannot be ids (booleans, timestamps, bytes, nested arrays).

    Examples
    --------
    >>> codes, vocabulary = factorize_text(["b", "a", None, "b", ""])
    >>> codes.tolist(), vocabulary.tolist()
    ([1, 0, -1, 1, -1], ['a', 'b'])
    """
    array = _as_1d(values)
    kind = array.dtype.kind
    if kind in "iu":
        uniques, codes = np.unique(array, return_inverse=True)
        return _canonical(codes, uniques.astype(TEXT_DTYPE))
    if kind == "f":
        return _factorize_floats(array)
    if kind in "UT":
        if use_pandas is None:
            use_pandas = pandas_available()
        if use_pandas and kind == "U":
            return _factorize_objects(array.astype(object), use_pandas=True)
        uniques, codes = np.unique(array.astype(TEXT_DTYPE), return_inverse=True)
        return _drop_empty(codes, uniques)
    if kind == "O":
        if use_pandas is None:
            use_pandas = pandas_available()
        return _factorize_objects(array, use_pandas=use_pandas)
    raise TypeError(f"identifiers must be text or integers, not {array.dtype}")


def union_vocabularies(*vocabularies: Vocabulary) -> tuple[Vocabulary, list[Codes]]:
    """Merge sorted vocabularies into one, with the remapping of each old code.

    >>> merged, (first, second) = union_vocabularies(
    ...     np.array(["b", "d"], dtype=TEXT_DTYPE), np.array(["a", "b"], dtype=TEXT_DTYPE))
    >>> merged.tolist(), first.tolist(), second.tolist()
    (['a', 'b', 'd'], [1, 2], [0, 1])
    """
    if not vocabularies:
        return np.array([], dtype=TEXT_DTYPE), []
    joined = np.concatenate([v.astype(TEXT_DTYPE) for v in vocabularies])
    merged, inverse = np.unique(joined, return_inverse=True)
    bounds = np.cumsum([0, *(len(v) for v in vocabularies)])
    return merged, [inverse[bounds[i] : bounds[i + 1]] for i in range(len(vocabularies))]


def remap(codes: npt.NDArray[np.integer[Any]], mapping: Codes) -> Codes:
    """Apply ``mapping`` (old code -> new code) to ``codes``, keeping MISSING as is."""
    extended: Codes = np.append(mapping, MISSING).astype(np.int64)
    result: Codes = extended[codes]
    return result


def smallest_code_dtype(size: int, *, signed: bool = True) -> np.dtype[Any]:
    """The narrowest integer dtype that can hold codes ``0 .. size - 1`` (and -1)."""
    for dtype in (np.int8, np.int16, np.int32, np.int64) if signed else (
        np.uint8, np.uint16, np.uint32, np.uint64
    ):
        if size <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    raise OverflowError(f"{size} codes do not fit a 64-bit integer")  # pragma: no cover


def _as_1d(values: npt.ArrayLike | Sequence[Any]) -> npt.NDArray[Any]:
    if isinstance(values, np.ndarray):
        array = values
    else:
        listed = list(values)  # type: ignore[arg-type]
        array = np.empty(len(listed), dtype=object)
        array[:] = listed  # keeps each element whole, even tuples or lists
    if array.ndim != 1:
        raise TypeError(f"identifiers must be one-dimensional, got shape {array.shape}")
    return array


def _factorize_objects(array: npt.NDArray[Any], *, use_pandas: bool) -> tuple[Codes, Vocabulary]:
    if use_pandas:
        import pandas as pd  # noqa: PLC0415 - optional accelerator, imported lazily

        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        _check_scalars(uniques)
        return _canonical(codes.astype(np.int64), _objects_to_text(uniques))
    missing = (array == None) | (array != array)  # noqa: E711, PLR0124 - elementwise None/NaN
    filled = array.copy()
    filled[missing] = ""
    _check_scalars(filled)
    uniques, codes = np.unique(_objects_to_text(filled), return_inverse=True)
    return _drop_empty(codes, uniques)


def _factorize_floats(array: npt.NDArray[Any]) -> tuple[Codes, Vocabulary]:
    missing = np.isnan(array)
    finite = array[~missing]
    if not np.isfinite(finite).all():
        raise TypeError("identifiers must not be infinite")
    whole = bool(np.all(finite == np.round(finite)))
    present = finite.astype(np.int64) if whole else finite
    uniques, inner = np.unique(present, return_inverse=True)
    codes = np.full(len(array), MISSING, dtype=np.int64)
    codes[~missing] = inner
    return _canonical(codes, uniques.astype(TEXT_DTYPE))


# Values whose text form would be a misleading id (a timestamp read from the wrong
# column, True, raw bytes, a nested container).
_NOT_IDS = (bool, np.bool_, bytes, list, tuple, dict, set, np.ndarray, dt.date, np.datetime64)


def _check_scalars(uniques: npt.NDArray[Any]) -> None:
    for value in uniques.tolist():  # distinct values only: small
        if isinstance(value, _NOT_IDS):
            raise TypeError(f"{value!r} ({type(value).__name__}) cannot be an identifier")


def _objects_to_text(uniques: npt.NDArray[Any]) -> Vocabulary:
    if uniques.dtype.kind == "O" and len(uniques):
        # Whole-number floats come from integer columns with gaps: "7.0" means "7".
        floats = np.array([isinstance(v, float) and v.is_integer() for v in uniques.tolist()])
        if floats.any():
            uniques = uniques.copy()
            uniques[floats] = [str(int(v)) for v in uniques[floats].tolist()]
    return uniques.astype(TEXT_DTYPE)


def _canonical(codes: Codes, text_uniques: Vocabulary) -> tuple[Codes, Vocabulary]:
    """Sort the vocabulary, merge entries that became equal as text, drop ``""``."""
    vocabulary, mapping = np.unique(text_uniques, return_inverse=True)
    return _drop_empty(remap(codes, mapping), vocabulary)


def _drop_empty(codes: Codes, vocabulary: Vocabulary) -> tuple[Codes, Vocabulary]:
    codes = codes.astype(np.int64, copy=False)
    if len(vocabulary) and vocabulary[0] == "":
        codes = codes - 1
        codes[codes < 0] = MISSING
        vocabulary = vocabulary[1:]
    return codes, vocabulary
