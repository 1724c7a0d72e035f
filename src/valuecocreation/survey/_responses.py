"""Survey answers as a respondents x items matrix: :class:`SurveyResponses`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Self

import attrs
import numpy as np
import numpy.typing as npt

from valuecocreation._core.quarantine import Rejects
from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.survey import _input
from valuecocreation.survey._input import DEFAULT_MISSING, Errors
from valuecocreation.survey._instrument import Instrument, Item

__all__ = ["SurveyResponses"]

Floats = npt.NDArray[np.float64]
# Text arrays hold numpy.str_; spelled Any because autodoc prints hints as reST, where
# a trailing underscore ("str_") is a hyperlink reference.
Texts = npt.NDArray[Any]


def _check_instrument(
    instance: object, attribute: attrs.Attribute[Instrument], value: object
) -> None:
    if not isinstance(value, Instrument):
        raise ArgumentTypeError(
            "instrument must be an Instrument", column="instrument", value=type(value).__name__
        )


def _to_texts(value: object) -> Texts:
    try:
        array = np.asarray(value, dtype=np.str_)
    except (TypeError, ValueError):
        raise ValidationError(
            "respondent ids must be text", column="respondents", value=type(value).__name__
        ) from None
    if array.ndim != 1:
        raise ValidationError("respondent ids must be one-dimensional", column="respondents")
    return _frozen(array.copy())


def _to_values(value: object) -> Floats:
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            "values must be numbers (nan for a missing answer)",
            column="values",
            value=type(value).__name__,
        ) from None
    if array.ndim != 2:
        raise ValidationError(
            "values must be a respondents x items matrix", column="values", value=array.shape
        )
    return _frozen(array)


def _to_attributes(value: Mapping[str, Any]) -> dict[str, Texts]:
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            "attributes must map names to columns", column="attributes", value=type(value).__name__
        )
    found: dict[str, Texts] = {}
    for name, column in value.items():
        if not isinstance(name, str) or not name:
            raise ValidationError(
                "attribute names must be non-empty text", column="attributes", value=name
            )
        try:
            array = np.asarray(column, dtype=np.str_)
        except (TypeError, ValueError):
            raise ValidationError("attribute values must be text", column=name) from None
        if array.ndim != 1:
            raise ValidationError("an attribute must be one-dimensional", column=name)
        found[name] = _frozen(array.copy())
    return found


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.setflags(write=False)
    return array


def _no_rejects(instance: SurveyResponses) -> Rejects:
    return Rejects(rows_read=len(instance.respondents))


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SurveyResponses:
    """Answers of respondents to the items of an instrument, as a numeric matrix.

    Build it with :meth:`from_wide`, :meth:`from_long` or :meth:`read_csv`, which
    check every value; the constructor takes the finished columns and checks
    them too.

    Parameters
    ----------
    instrument
        The questionnaire answered; column ``j`` of ``values`` is its item ``j``.
    respondents
        One id per respondent (row), unique.
    values
        ``float64``, respondents x items; ``nan`` is a missing answer. Every other
        value lies within its item's scale.
    attributes
        Columns of text describing respondents, such as ``group`` (``"before"`` or
        ``"after"`` exposure), ``country`` or ``language``; ``""`` when unknown.
    recoded
        Whether the reverse-coded items in ``values`` are recoded already
        (``low + high - answer``). Use :meth:`recode` rather than setting it.
    rejects
        The rows set aside while reading with ``errors="quarantine"`` (empty
        otherwise); it describes the reading, so selections keep it.

    Examples
    --------
    >>> from valuecocreation.survey import Instrument, Item
    >>> instrument = Instrument(name="mini", version="1", citation="", scale=(1, 5), items=[
    ...     Item(id="rw1", wording="My work gets seen.", condition="reward"),
    ...     Item(id="rw2", wording="Nobody notices my posts.", condition="reward", reverse=True)])
    >>> answers = SurveyResponses.from_wide(
    ...     {"respondent": ["a", "b", "c"], "group": ["before", "after", "after"],
    ...      "rw1": [2, 4, 5], "rw2": [4, 2, None]}, instrument, attributes=["group"])
    >>> answers
    <SurveyResponses: 3 respondents x 2 items of mini 1, 1 of 6 answers missing, attributes: group>
    >>> answers.scored()[:, 1].tolist()  # rw2 reverse-coded: 6 - answer
    [2.0, 4.0, nan]
    >>> answers.condition_means("reward").tolist()  # rescaled to [0, 1]
    [0.25, 0.75, 1.0]
    >>> len(answers.where(group="after"))
    2
    """

    instrument: Instrument = attrs.field(validator=_check_instrument)
    respondents: Texts = attrs.field(converter=_to_texts)
    values: Floats = attrs.field(converter=_to_values)
    _attributes: dict[str, Texts] = attrs.field(
        alias="attributes", factory=dict, converter=_to_attributes
    )
    recoded: bool = attrs.field(default=False)
    rejects: Rejects = attrs.field(default=attrs.Factory(_no_rejects, takes_self=True))

    def __attrs_post_init__(self) -> None:
        n, width = len(self.respondents), len(self.instrument)
        if self.values.shape != (n, width):
            raise ValidationError(
                f"values must be {n} respondents x {width} items",
                column="values",
                value=self.values.shape,
            )
        if not isinstance(self.recoded, bool):
            raise ArgumentTypeError(
                "recoded must be true or false", column="recoded", value=self.recoded
            )
        if not isinstance(self.rejects, Rejects):
            raise ArgumentTypeError(
                "rejects must be a Rejects record",
                column="rejects",
                value=type(self.rejects).__name__,
            )
        if n and (np.strings.strip(self.respondents) == "").any():
            row = int(np.flatnonzero(np.strings.strip(self.respondents) == "")[0])
            raise ValidationError(
                "the respondent id is missing",
                row=row,
                column="respondents",
                value=str(self.respondents[row]),
            )
        repeated = _input.later_duplicates(self.respondents, np.ones(n, dtype=bool))
        if repeated.any():
            row = int(np.flatnonzero(repeated)[0])
            raise ValidationError(
                "an earlier row has the same respondent id",
                row=row,
                column="respondents",
                value=str(self.respondents[row]),
            )
        for index, item in enumerate(self.instrument.items):
            low, high = self.instrument.scale_of(item)
            answers = self.values[:, index]
            outside = ~np.isnan(answers) & ~((answers >= low) & (answers <= high))
            if outside.any():
                row = int(np.flatnonzero(outside)[0])
                raise ValidationError(
                    f"outside the scale {low:g}-{high:g} of item {item.id!r}",
                    row=row,
                    column=item.id,
                    value=float(answers[row]),
                )
        for name, texts in self.attributes.items():
            if len(texts) != n:
                raise ValidationError(
                    f"attribute {name!r} has {len(texts)} values for {n} respondents", column=name
                )

    @property
    def attributes(self) -> Mapping[str, Texts]:
        """The attribute columns by name (read-only)."""
        return MappingProxyType(self._attributes)

    # ------------------------------------------------------------ building
    @classmethod
    def from_wide(
        cls,
        data: object,
        instrument: Instrument,
        *,
        respondent: str = "respondent",
        attributes: Sequence[str] = (),
        ignore: Sequence[str] = (),
        missing: Iterable[str] = DEFAULT_MISSING,
        recoded: bool = False,
        errors: Errors = "raise",
        source: str | None = None,
    ) -> Self:
        """Responses from a table with one row per respondent and one column per item.

        Parameters
        ----------
        data
            A mapping of column names to sequences, or an eager pandas, polars or
            pyarrow table (through narwhals).
        instrument
            The questionnaire; every column but ``respondent``, ``attributes``
            and ``ignore`` must be one of its item ids. Items without a column
            are missing for everyone.
        respondent
            The column of respondent ids (text or whole numbers, kept as text).
        attributes
            Columns describing respondents, kept as text.
        ignore
            Columns to leave out.
        missing
            Texts that mean "no answer" (besides ``None`` and nan).
        recoded
            Whether reverse-coded items are recoded already in ``data``.
        errors
            ``"raise"``: the earliest bad row raises. ``"quarantine"``: bad rows
            are left out and listed in ``rejects``.
        source
            A name for the data, used in messages.

        Raises
        ------
        ValidationError
            For an unknown column, or (with ``errors="raise"``) the first row with a
            value that is not a number, outside its item's scale, a missing or
            repeated respondent id; the message names row, column, value and reason.
        """
        table = _input.table_from_data(data, source=source)
        parsed = _input.wide(
            table,
            instrument,
            respondent=respondent,
            attributes=attributes,
            ignore=ignore,
            missing=missing,
            errors=errors,
        )
        return cls._from_parsed(parsed, instrument, recoded)

    @classmethod
    def from_long(
        cls,
        data: object,
        instrument: Instrument,
        *,
        respondent: str = "respondent",
        item: str = "item",
        value: str = "value",
        attributes: Sequence[str] = (),
        ignore: Sequence[str] = (),
        missing: Iterable[str] = DEFAULT_MISSING,
        recoded: bool = False,
        errors: Errors = "raise",
        source: str | None = None,
    ) -> Self:
        """Responses from a table with one row per answer: respondent, item, value.

        Respondents come in the order of their first row; an attribute of a
        respondent is the first non-empty value its rows give. Besides the checks
        of :meth:`from_wide`, an unknown item, a second answer to the same item
        by the same respondent and an attribute value that contradicts an earlier
        row are bad rows.

        Examples
        --------
        >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT
        >>> answers = SurveyResponses.from_long(
        ...     {"respondent": ["a", "a", "b"], "item": ["reward_1", "reward_2", "reward_1"],
        ...      "value": [4, 5, 2]}, KIM_CHOI_2019_INSTRUMENT)
        >>> answers.respondents.tolist(), answers.column("reward_1").tolist()
        (['a', 'b'], [4.0, 2.0])
        """
        table = _input.table_from_data(data, source=source)
        parsed = _input.long(
            table,
            instrument,
            respondent=respondent,
            item=item,
            value=value,
            attributes=attributes,
            ignore=ignore,
            missing=missing,
            errors=errors,
        )
        return cls._from_parsed(parsed, instrument, recoded)

    @classmethod
    def read_csv(
        cls,
        path: str | Path,
        instrument: Instrument,
        *,
        layout: Literal["wide", "long"] = "wide",
        respondent: str = "respondent",
        item: str = "item",
        value: str = "value",
        attributes: Sequence[str] = (),
        ignore: Sequence[str] = (),
        missing: Iterable[str] = DEFAULT_MISSING,
        recoded: bool = False,
        errors: Errors = "raise",
        encoding: str = "utf-8-sig",
        delimiter: str = ",",
    ) -> Self:
        r"""Responses from a CSV file with a header row, wide or long.

        Cells are read with the standard library's ``csv`` module; surrounding spaces
        of ids, attributes and numbers are dropped; blank lines are skipped and
        not counted. Line numbers in messages and in ``rejects`` count the
        header as line 1.

        Raises
        ------
        ValidationError
            When the file cannot be read, decoded or parsed as CSV, has an unknown
            or repeated column, or (with ``errors="raise"``) for its first bad row,
            naming the file, line, row, column, value and reason.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "answers.csv"
        >>> _ = path.write_text("respondent,reward_1\nr1,4\nr2,9\nr3,\n")
        >>> SurveyResponses.read_csv(path, KIM_CHOI_2019_INSTRUMENT)
        Traceback (most recent call last):
        ...
        valuecocreation.errors.ValidationError: ...line 3, row 1, column 'reward_1', value '9'...
        >>> kept = SurveyResponses.read_csv(path, KIM_CHOI_2019_INSTRUMENT, errors="quarantine")
        >>> len(kept), kept.rejects.lines, kept.rejects.cells
        (2, (3,), (('r2', '9'),))
        """
        if layout not in ("wide", "long"):
            raise ValidationError("layout must be 'wide' or 'long'", column="layout", value=layout)
        table = _input.table_from_csv(path, encoding=encoding, delimiter=delimiter)
        if layout == "wide":
            parsed = _input.wide(
                table,
                instrument,
                respondent=respondent,
                attributes=attributes,
                ignore=ignore,
                missing=missing,
                errors=errors,
            )
        else:
            parsed = _input.long(
                table,
                instrument,
                respondent=respondent,
                item=item,
                value=value,
                attributes=attributes,
                ignore=ignore,
                missing=missing,
                errors=errors,
            )
        return cls._from_parsed(parsed, instrument, recoded)

    @classmethod
    def _from_parsed(cls, parsed: _input.Parsed, instrument: Instrument, recoded: bool) -> Self:
        return cls(
            instrument=instrument,
            respondents=parsed.respondents,
            values=parsed.values,
            attributes=parsed.attributes,
            recoded=recoded,
            rejects=parsed.rejects,
        )

    # ------------------------------------------------------------ reverse coding
    def recode(self) -> Self:
        """These responses with every reverse-coded item recoded: ``low + high - answer``.

        Recoding happens once: the result says so (``recoded``), and recoding
        it again is an error rather than a silent undo.

        Raises
        ------
        ValidationError
            If the responses are recoded already.
        """
        if self.recoded:
            raise ValidationError(
                "the reverse-coded items are recoded already; recoding twice would undo it",
                column="recoded",
                value=True,
            )
        return attrs.evolve(self, values=self._flipped(), recoded=True)

    def scored(self) -> Floats:
        """The answers ready for scoring: reverse-coded items recoded (exactly once)."""
        return self.values if self.recoded else _frozen(self._flipped())

    @property
    def raw(self) -> Floats:
        """The answers as respondents gave them (reverse-coded items not recoded)."""
        return _frozen(self._flipped()) if self.recoded else self.values

    def _flipped(self) -> Floats:
        values = self.values.copy()
        for index, item in enumerate(self.instrument.items):
            if item.reverse:
                low, high = self.instrument.scale_of(item)
                values[:, index] = low + high - values[:, index]
        return values

    # ------------------------------------------------------------ looking up
    def __len__(self) -> int:
        return len(self.respondents)

    def column(self, item_id: str, *, scored: bool = True) -> Floats:
        """The answers to one item, recoded if it is reverse-coded (unless ``scored=False``).

        Raises
        ------
        ValidationError
            When the instrument has no such item.
        """
        values = self.scored() if scored else self.raw
        return values[:, self.instrument.index(item_id)]

    def items_for(self, condition: str) -> tuple[Item, ...]:
        """The instrument's items measuring ``condition`` (empty if none)."""
        return self.instrument.items_for(condition)

    def attribute(self, name: str) -> Texts:
        """One attribute column.

        Raises
        ------
        ValidationError
            When the responses have no such attribute; the message lists them.
        """
        if name not in self.attributes:
            raise ValidationError(
                f"no respondent attribute {name!r}; attributes are: "
                f"{', '.join(self.attributes) or '(none)'}",
                column=name,
            )
        return self.attributes[name]

    def where(self, **selection: str | Iterable[str]) -> Self:
        """The respondents whose attributes have the given values.

        Each keyword names an attribute and gives one value or a collection of
        accepted values; respondents must match all of them.

        Raises
        ------
        ValidationError
            For an unknown attribute.

        Examples
        --------
        >>> from valuecocreation.survey import KIM_CHOI_2019_INSTRUMENT
        >>> answers = SurveyResponses.from_wide(
        ...     {"respondent": [1, 2, 3], "country": ["KR", "US", "CN"], "reward_1": [5, 4, 3]},
        ...     KIM_CHOI_2019_INSTRUMENT, attributes=["country"])
        >>> answers.where(country=["KR", "CN"]).respondents.tolist()
        ['1', '3']
        """
        keep = np.ones(len(self), dtype=bool)
        for name, wanted in selection.items():
            accepted = [wanted] if isinstance(wanted, str) else list(wanted)
            keep &= np.isin(self.attribute(name), np.array(accepted, dtype=np.str_))
        return self._rows(keep)

    def _rows(self, keep: npt.NDArray[np.bool_]) -> Self:
        return attrs.evolve(
            self,
            respondents=self.respondents[keep],
            values=self.values[keep],
            attributes={name: column[keep] for name, column in self.attributes.items()},
        )

    def condition_means(self, condition: str, *, rescaled: bool = True) -> Floats:
        """Each respondent's mean over the answered items of ``condition``.

        Reverse-coded items are recoded first. With ``rescaled=True`` each answer
        is first put on [0, 1] as ``(answer - low) / (high - low)`` of its item's
        scale (the "percent of maximum possible" of Cohen, Cohen, Aiken & West
        1999, divided by 100), so items on different scales can be averaged.
        Respondents who answered none of the items get nan.

        Raises
        ------
        ValidationError
            When no item measures ``condition``, or (with ``rescaled=False``) its
            items are on different scales.
        """
        items = self.items_for(condition)
        if not items:
            raise ValidationError(
                f"instrument {self.instrument.name!r} has no item for {condition!r}",
                column="condition",
                value=condition,
            )
        scales = [self.instrument.scale_of(item) for item in items]
        if not rescaled and len(set(scales)) > 1:
            raise ValidationError(
                f"the items of {condition!r} are on different scales; use rescaled=True",
                column="condition",
                value=condition,
            )
        block = self.scored()[:, [self.instrument.index(item.id) for item in items]]
        if rescaled:
            lows = np.array([low for low, _ in scales])
            highs = np.array([high for _, high in scales])
            block = (block - lows) / (highs - lows)
        return _row_means(block)

    @property
    def missing_share(self) -> float:
        """The share of missing answers in the matrix (nan when it is empty)."""
        return float(np.isnan(self.values).mean()) if self.values.size else float("nan")

    # ------------------------------------------------------------ output
    def to_frame(
        self, backend: Literal["pandas", "polars", "pyarrow"] = "pandas", *, scored: bool = False
    ) -> Any:  # noqa: ANN401 - the backend's table type
        """A wide table: respondent, attributes, then one column per item.

        Values are as given (``scored=False``) or ready for scoring. Needs the
        backend's library (``pip install 'valuecocreation[frames]'``).

        Raises
        ------
        ValidationError
            For an unknown backend.
        MissingDependencyError
            When the backend's library is not installed.
        """
        import narwhals.stable.v2 as nw  # noqa: PLC0415 - keeps `import valuecocreation` light

        from valuecocreation._core.optional import require  # noqa: PLC0415

        if backend not in ("pandas", "polars", "pyarrow"):
            raise ValidationError(
                "unknown backend; use pandas, polars or pyarrow", column="backend", value=backend
            )
        require(backend, extra="frames", feature=f"to_frame({backend!r})")
        values = self.scored() if scored else self.raw
        data: dict[str, Any] = {"respondent": self.respondents.tolist()}
        data.update({name: column.tolist() for name, column in self.attributes.items()})
        data.update(
            {
                item.id: values[:, index]
                for index, item in enumerate(self.instrument.items)
                if item.id not in data
            }
        )
        return nw.from_dict(data, backend=backend).to_native()

    # ------------------------------------------------------------ identity
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return (
            self.instrument == other.instrument
            and self.recoded == other.recoded
            and np.array_equal(self.respondents, other.respondents)
            and np.array_equal(self.values, other.values, equal_nan=True)
            and self.attributes.keys() == other.attributes.keys()
            and all(
                np.array_equal(column, other.attributes[name])
                for name, column in self.attributes.items()
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        missing = int(np.isnan(self.values).sum())
        names = ", ".join(self.attributes) or "none"
        recoded = ", recoded" if self.recoded else ""
        return (
            f"<SurveyResponses: {len(self)} respondents x {len(self.instrument)} items of "
            f"{self.instrument.name} {self.instrument.version}, {missing} of "
            f"{self.values.size} answers missing{recoded}, attributes: {names}>"
        )


def _row_means(block: Floats) -> Floats:
    """Row means over the non-missing cells; nan for rows with none."""
    answered = ~np.isnan(block)
    counts = answered.sum(axis=1)
    sums = np.where(answered, block, 0.0).sum(axis=1)
    means = np.full(len(block), np.nan)
    np.divide(sums, counts, out=means, where=counts > 0)
    return means
