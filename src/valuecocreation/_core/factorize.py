"""Dictionary-encode a column of identifiers into integer codes and a sorted vocabulary.

This is the hot path of building a log: millions of ids become ``int`` codes into a
vocabulary of distinct ids. The vocabulary is canonical, whatever the input order
or the engine used: distinct non-empty texts, sorted. Identical data therefore
gives identical arrays, which makes logs comparable and concatenation associative.

pandas' hash table is used when pandas is installed; otherwise Python's dict
serves as the hash table. Either way each value is visited once in C and only the
distinct ids are checked and sorted. Both paths are tested against each other.

Two numpy 2.4 defects shape this module: the default (introsort) sort of
``StringDType`` arrays can crash the interpreter once it falls back to heapsort,
and ``searchsorted`` on ``StringDType`` can give wrong answers (numpy issue 31533).
Every sort of text here is therefore stable (``kind="stable"``), and look-ups use
``isin`` instead of ``searchsorted``. Short ASCII ids, the common case, avoid
sorting text at all: they are sorted as integers read from their bytes.
"""

from __future__ import annotations

import ctypes
import importlib.util
import math
from collections.abc import Sequence
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
from numpy.dtypes import StringDType

__all__ = [
    "MISSING",
    "TEXT_DTYPE",
    "Encoding",
    "as_array",
    "canonical",
    "encode_text",
    "factorize_text",
    "gather",
    "positions_in",
    "remap",
    "union_vocabularies",
    "unique_text",
    "why_not_id",
]

TEXT_DTYPE: Final = StringDType()
MISSING: Final = -1
"""The code of a missing value (``None``, NaN, or empty text)."""

Codes = npt.NDArray[np.int64]
Vocabulary = npt.NDArray[Any]
Words = npt.NDArray[np.uint64]

_MAX_EXACT_INT = 2**53  # a float this large may have lost digits of an integer id
_LOST_DIGITS = (
    "{value!r} is a float too large to hold an integer id exactly (digits may have been "
    "lost); read the column as text or integers"
)


def why_not_id(value: object) -> str | None:  # noqa: PLR0911 - one return per rule
    """Why ``value`` cannot be an identifier, or ``None`` if it can.

    Ids are text without NUL characters (and not only whitespace), integers, or
    finite floats. Anything else
    (booleans, dates, bytes, containers, arbitrary objects) would turn into a
    misleading id when written as text. NUL is refused because numpy's string type
    mishandles it before numpy 2.5, merging ids that differ after a NUL.

    >>> why_not_id("ana") is None, why_not_id(7) is None
    (True, True)
    >>> why_not_id(True)
    'True (bool) cannot be an identifier; ids are text or integers'
    """
    if isinstance(value, str):
        if "\x00" in value:
            return "an identifier must not contain NUL characters"
        if value.isspace():  # prints as nothing: two such actors could not be told apart
            return "an identifier must not be only whitespace"
        if not value.isascii() and not _encodes(value):
            return f"{value!r} is not valid Unicode text (it holds a lone surrogate)"
        return None
    if isinstance(value, bool | np.bool_):
        pass
    elif isinstance(value, int | np.integer):
        return None
    elif isinstance(value, float | np.floating):
        if not math.isfinite(value):
            return f"{value!r} is not a finite identifier"
        if abs(float(value)) >= _MAX_EXACT_INT:
            return _LOST_DIGITS.format(value=value)
        return None
    return f"{value!r} ({type(value).__name__}) cannot be an identifier; ids are text or integers"


class Encoding(NamedTuple):
    """A column as raw codes into the distinct texts found, in no particular order.

    Sorting happens later, in :func:`canonical`, once for all the columns that share
    a vocabulary (source and target share the actors): one sort instead of one per
    column plus a merge.
    """

    codes: npt.NDArray[np.intp]
    """One raw code per row; :data:`MISSING` where the value is missing."""
    uniques: Vocabulary
    """The distinct values as text (``StringDType``); may hold ``""`` or repeats."""

    def missing(self) -> npt.NDArray[np.bool_]:
        """Rows whose id is missing (``None``, NaN or empty text)."""
        empty = self.uniques == ""
        # A MISSING raw code hits the appended True.
        result: npt.NDArray[np.bool_] = (
            np.append(empty, True)[self.codes] if empty.any() else self.codes == MISSING
        )
        return result


def canonical(*encodings: Encoding) -> tuple[Vocabulary, list[Codes]]:
    """The sorted vocabulary shared by ``encodings``, and each one's raw-code map.

    Each map sends a raw code to its position in the vocabulary, or to
    :data:`MISSING` for empty text; apply it with :func:`gather`.
    """
    joined = (
        np.concatenate([e.uniques for e in encodings])
        if encodings
        else np.array([], dtype=TEXT_DTYPE)
    )
    vocabulary, inverse = unique_text(joined)
    if len(vocabulary) and vocabulary[0] == "":
        inverse = inverse - 1  # the empty text was position 0; it becomes MISSING
        vocabulary = vocabulary[1:]
    bounds = np.cumsum([0, *(len(e.uniques) for e in encodings)])
    return vocabulary, [inverse[bounds[i] : bounds[i + 1]] for i in range(len(encodings))]


def gather(
    codes: npt.NDArray[np.integer[Any]], mapping: Codes, dtype: npt.DTypeLike = np.int64
) -> npt.NDArray[Any]:
    """``mapping[codes]`` in ``dtype``, with :data:`MISSING` codes staying MISSING."""
    table = np.append(mapping, MISSING).astype(dtype)  # a MISSING code hits the last slot
    result: npt.NDArray[Any] = table[codes]
    return result


def pandas_available() -> bool:
    """Whether the pandas fast path can be used (checked without importing pandas)."""
    return importlib.util.find_spec("pandas") is not None


def encode_text(
    values: npt.ArrayLike | Sequence[Any], *, use_pandas: bool | None = None
) -> Encoding:
    """Encode ``values`` as raw codes into their distinct texts (see :class:`Encoding`).

    Parameters
    ----------
    values
        One-dimensional ids: text, integers, or objects whose ``str`` is the id.
        Whole-number floats (an integer column with gaps, as pandas reads it) are
        written without the ``.0``.
    use_pandas
        Force the engine; ``None`` picks pandas when it is installed.

    Raises
    ------
    TypeError
        When a value cannot be an id (see :func:`why_not_id`).
    """
    array = _as_1d(values)
    kind = array.dtype.kind
    if use_pandas is None:
        use_pandas = pandas_available()
    if kind in "iu":
        uniques, codes = np.unique(array, return_inverse=True)
        return Encoding(codes, uniques.astype(TEXT_DTYPE))
    if kind == "f":
        return _encode_floats(array)
    if kind in "UTO":
        return _encode_objects(array.astype(object, copy=False), use_pandas=use_pandas)
    raise TypeError(f"identifiers must be text or integers, not {array.dtype}")


def factorize_text(
    values: npt.ArrayLike | Sequence[Any], *, use_pandas: bool | None = None
) -> tuple[Codes, Vocabulary]:
    """Codes (``int64``, :data:`MISSING` where missing) and the sorted vocabulary.

    Examples
    --------
    >>> codes, vocabulary = factorize_text(["b", "a", None, "b", ""])
    >>> codes.tolist(), vocabulary.tolist()
    ([1, 0, -1, 1, -1], ['a', 'b'])
    """
    encoding = encode_text(values, use_pandas=use_pandas)
    vocabulary, (mapping,) = canonical(encoding)
    return gather(encoding.codes, mapping), vocabulary


def unique_text(text: Vocabulary) -> tuple[Vocabulary, Codes]:
    """Sorted distinct values of a text array and, per element, its position among them.

    Like ``numpy.unique(text, return_inverse=True)``, but always with a stable sort
    (see the module notes). The texts are ids (see :func:`why_not_id`), so they hold
    no NUL. Short ASCII text, the usual ids, is sorted as integers instead (see
    :func:`_ascii_words`), which is several times faster.
    """
    text = text.astype(TEXT_DTYPE, copy=False)
    packed = _ascii_words(text)
    return _unique_strings(text) if packed is None else _unique_words(*packed)


def _unique_strings(text: Vocabulary) -> tuple[Vocabulary, Codes]:
    """:func:`unique_text` by a stable sort of the ``StringDType`` array itself."""
    order = np.argsort(text, kind="stable")
    ordered = text[order]
    starts = np.ones(len(ordered), dtype=bool)
    if len(ordered) > 1:
        starts[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(text), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return text[order[starts]], inverse


_MAX_BYTES: Final = 64
_WORD_BYTES: Final = 8
_CHUNK_ROWS: Final = 1 << 16
"""Text longer than this is sorted as text: its padded copy would cost too much memory."""


def _ascii_words(text: Vocabulary) -> tuple[npt.NDArray[np.bytes_], Words] | None:
    """``text`` as NUL-padded bytes and as rows of integer sort keys, or None.

    ASCII text padded with NUL to a common width sorts bytewise as Python sorts
    ``str`` (codepoint order, a prefix first). ``text`` must hold no NUL, which the
    padding would swallow and numpy miscounts; ids cannot hold NUL, and all this
    module sorts are ids. A byte position where all texts agree (a common prefix
    such as "user_", or a fixed separator) decides neither order nor equality, so
    only the varying positions are kept, packed eight to a big-endian ``uint64``
    word: the rows of words sort as the texts do. Empty input, non-ASCII text, or
    text longer than :data:`_MAX_BYTES` gives None, which leaves it to the string sort.
    """
    if not len(text):
        return None
    lengths = np.strings.str_len(text)
    width = int(lengths.max())
    if width > _MAX_BYTES:
        return None
    try:
        padded = text.astype(f"S{max(width, 1)}")
    except UnicodeEncodeError:
        return None
    grid = padded.view(np.uint8).reshape(len(padded), -1)
    differs = np.zeros(grid.shape[1], dtype=bool)
    for start in range(0, len(grid), _CHUNK_ROWS):  # in chunks: no grid-sized temporary
        differs |= (grid[start : start + _CHUNK_ROWS] != grid[0]).any(axis=0)
    varying = np.flatnonzero(differs)
    # Byte i goes to word i // 8, most significant first: placed in little-endian
    # order, the words can be read as native uint64 without a byte-swapping copy.
    place = np.arange(len(varying))
    place += _WORD_BYTES - 1 - 2 * (place % _WORD_BYTES)
    packed = np.zeros((len(padded), -(-len(varying) // _WORD_BYTES) * _WORD_BYTES), dtype=np.uint8)
    packed[:, place] = grid[:, varying]
    keys: Words = packed.view("<u8")
    return padded, keys


def _unique_words(padded: npt.NDArray[np.bytes_], keys: Words) -> tuple[Vocabulary, Codes]:
    """:func:`unique_text` of ``padded``, sorted by its rows of integer ``keys``."""
    if not keys.shape[1]:  # all texts are equal
        return padded[:1].astype(TEXT_DTYPE), np.zeros(len(padded), dtype=np.int64)
    # Integer sorts have neither numpy defect. lexsort takes the primary key last.
    columns = [keys[:, i] for i in range(keys.shape[1])]
    order = (
        np.argsort(columns[0], kind="stable") if len(columns) == 1 else np.lexsort(columns[::-1])
    )
    starts = np.zeros(len(order), dtype=bool)
    starts[0] = True
    for column in columns:
        ordered = column[order]
        starts[1:] |= ordered[1:] != ordered[:-1]
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return padded[order[starts]].astype(TEXT_DTYPE), inverse


def union_vocabularies(*vocabularies: Vocabulary) -> tuple[Vocabulary, list[Codes]]:
    """Merge sorted vocabularies into one, with the remapping of each old code.

    >>> merged, (first, second) = union_vocabularies(
    ...     np.array(["b", "d"], dtype=TEXT_DTYPE), np.array(["a", "b"], dtype=TEXT_DTYPE))
    >>> merged.tolist(), first.tolist(), second.tolist()
    (['a', 'b', 'd'], [1, 2], [0, 1])
    """
    if not vocabularies:
        return np.array([], dtype=TEXT_DTYPE), []
    # Concatenated sorted runs: the stable sort (timsort-like) merges them cheaply.
    merged, inverse = unique_text(np.concatenate([v.astype(TEXT_DTYPE) for v in vocabularies]))
    bounds = np.cumsum([0, *(len(v) for v in vocabularies)])
    return merged, [inverse[bounds[i] : bounds[i + 1]] for i in range(len(vocabularies))]


def positions_in(vocabulary: Vocabulary, values: Sequence[str]) -> Codes:
    """Positions in ``vocabulary`` of those ``values`` it contains, in vocabulary order."""
    # Values numpy would mangle (see why_not_id) cannot be in a vocabulary anyway.
    wanted = np.array([v for v in values if why_not_id(v) is None], dtype=TEXT_DTYPE)
    if not len(wanted) or not len(vocabulary):
        return np.array([], dtype=np.int64)
    return np.flatnonzero(np.isin(vocabulary, wanted)).astype(np.int64)


def remap(codes: npt.NDArray[np.integer[Any]], mapping: Codes) -> Codes:
    """Apply ``mapping`` (old code -> new code) to ``codes``, keeping MISSING as is."""
    extended: Codes = np.append(mapping, MISSING).astype(np.int64)
    result: Codes = extended[codes]
    return result


def as_array(values: npt.ArrayLike | Sequence[Any]) -> npt.NDArray[Any]:
    """``values`` as a numpy array; a plain sequence becomes a 1-D ``object`` array.

    Unlike ``numpy.asarray``, nested elements (tuples, lists) stay whole instead of
    adding dimensions, so that each row can be validated and reported by itself.
    """
    if isinstance(values, np.ndarray):
        return values
    listed = list(values)  # type: ignore[arg-type]
    array = np.empty(len(listed), dtype=object)
    array[:] = listed
    return array


def _as_1d(values: npt.ArrayLike | Sequence[Any]) -> npt.NDArray[Any]:
    array = as_array(values)
    if array.ndim != 1:
        raise TypeError(f"identifiers must be one-dimensional, got shape {array.shape}")
    return array


_SHARED_FROM: Final = 1 << 15  # rows from which shared objects are looked for
_SAMPLE: Final = 1 << 16  # rows sampled (evenly spaced) to see whether objects are shared


def _shared_objects(array: npt.NDArray[Any]) -> tuple[Codes, npt.NDArray[Any]] | None:
    """Rows as codes into their distinct *objects*, when many rows share one object.

    Columns built from a pool (``pool[index]``, a categorical's values, repeated
    literals) hold the same few ``str`` objects many times. Their addresses are
    plain integers, which pandas factorizes several times faster than it hashes
    text; the few distinct objects are then encoded by value. ``None`` when a
    sample shows most rows hold objects of their own (as a text parser makes).
    """
    n = len(array)
    if n < _SHARED_FROM or not array.flags.c_contiguous:
        return None
    # The object array's cells are pointers; read them as integers, without touching
    # the objects (the array keeps them alive while the view is used).
    pointer = ctypes.cast(array.ctypes.data, ctypes.POINTER(ctypes.c_size_t))
    addresses = np.ctypeslib.as_array(pointer, shape=(n,))
    sample = addresses[:: max(n // _SAMPLE, 1)]
    if 4 * len(np.unique(sample)) > 3 * len(sample):  # mostly objects of their own
        return None
    import pandas as pd  # noqa: PLC0415 - only on the pandas path

    codes, distinct = pd.factorize(addresses)
    if len(distinct) * 2 > n:  # not worth it after all: the value path it is
        return None
    holder = np.empty(len(distinct), dtype=np.intp)
    holder[codes] = np.arange(n, dtype=np.intp)  # any row holding the object will do
    return codes, array[holder]


def _encode_objects(array: npt.NDArray[Any], *, use_pandas: bool) -> Encoding:
    shared = _shared_objects(array) if use_pandas else None
    if shared is not None:
        by_object, objects = shared
        inner = _encode_objects(objects, use_pandas=True)
        # Equal texts in different objects get one code from the value encoding.
        return Encoding(inner.codes[by_object], inner.uniques)
    if use_pandas:
        import pandas as pd  # noqa: PLC0415 - optional accelerator, imported lazily

        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        if _check_ids(uniques):
            return Encoding(codes, uniques.astype(TEXT_DTYPE))
        # The hash table merges look-alikes such as 1, 1.0 and True, so a column that
        # is not all text has every value checked (a rarer, slower path).
        _check_ids(array)
        return Encoding(codes, _whole_floats_as_ints(uniques).astype(TEXT_DTYPE))
    # Without pandas, Python's dict is the hash table: it runs in C over the column.
    listed = array.tolist()
    if set(map(type, listed)) - {str}:
        _check_ids(np.array([v for v in listed if not _is_missing(v)], dtype=object))
    distinct = list(dict.fromkeys(listed))
    position = dict(zip(distinct, range(len(distinct)), strict=True))
    codes = np.fromiter(map(position.__getitem__, listed), dtype=np.intp, count=len(listed))
    uniques = np.empty(len(distinct), dtype=object)
    uniques[:] = distinct
    _check_ids(uniques[[not _is_missing(v) for v in distinct]])
    # Missing values become empty text, which canonical() turns into MISSING.
    uniques[[_is_missing(v) for v in distinct]] = ""
    return Encoding(codes, _whole_floats_as_ints(uniques).astype(TEXT_DTYPE))


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # noqa: PLR0124


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_ids(values: npt.NDArray[Any]) -> bool:
    """Raise TypeError for the first value that cannot be an id; say if all were text."""
    listed = values.tolist()
    all_text = set(map(type, listed)) <= {str}
    if all_text:
        # Two C-speed scans of the joined text clear the usual case.
        joined = "".join(listed)
        if "\x00" not in joined and (joined.isascii() or _encodes(joined)):
            return True
    for value in listed:
        reason = None if _is_missing(value) else why_not_id(value)
        if reason is not None:
            raise TypeError(reason)
    return all_text


def _encode_floats(array: npt.NDArray[Any]) -> Encoding:
    missing = np.isnan(array)
    finite = array[~missing].astype(np.float64)  # float16 cannot even hold 2**53
    if not np.isfinite(finite).all():
        raise TypeError("identifiers must be finite")
    too_large = np.abs(finite) >= _MAX_EXACT_INT
    if too_large.any():
        raise TypeError(_LOST_DIGITS.format(value=float(finite[too_large][0])))
    whole = bool(np.all(finite == np.round(finite)))
    uniques, inner = np.unique(finite.astype(np.int64) if whole else finite, return_inverse=True)
    codes = np.full(len(array), MISSING, dtype=np.intp)
    codes[~missing] = inner
    return Encoding(codes, uniques.astype(TEXT_DTYPE))


def _whole_floats_as_ints(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    # Whole-number floats come from integer columns with gaps: "7.0" means "7".
    listed = values.tolist()
    if not any(_whole(v) for v in listed):
        return values
    fixed = np.empty(len(listed), dtype=object)
    fixed[:] = [int(v) if _whole(v) else v for v in listed]
    return fixed


def _whole(value: object) -> bool:
    return isinstance(value, float) and value.is_integer()
