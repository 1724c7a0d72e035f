"""The exceptions and warnings raised by valuecocreation.

Every exception the package raises on purpose derives from
:class:`ValueCocreationError`, so ``except vcc.errors.ValueCocreationError`` catches
them all. Each subclass also inherits the built-in exception a Python programmer
would expect (``KeyError`` for an unknown key, ``ValueError`` for bad data), so
code written against the built-ins keeps working.

Examples
--------
>>> import valuecocreation as vcc
>>> try:
...     vcc.KIM_CHOI_2019.condition("loyalty")
... except vcc.errors.UnknownConditionError as error:
...     print(error.key, len(error.valid))
loyalty 12
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ArgumentTypeError",
    "FirmNotDeclaredWarning",
    "IdentityWarning",
    "MissingDependencyError",
    "PluginWarning",
    "TimestampWarning",
    "UnknownConditionError",
    "UnknownDriverError",
    "UnknownKeyError",
    "UnmatchedColumnWarning",
    "ValidationError",
    "ValueCocreationError",
    "ValueCocreationWarning",
]


class ValueCocreationError(Exception):
    """Base class of every exception that valuecocreation raises on purpose."""


class ValueCocreationWarning(UserWarning):
    """Base class of every warning that valuecocreation issues."""


class FirmNotDeclaredWarning(ValueCocreationWarning):
    """An assessment of data where firm-side rules exist but no actor is declared a firm.

    Every account then counts as a user: the firm's own activity inflates user
    shares, and conditions credited from the firm's side cannot be matched. The
    message names the accounts that look like the firm; pass ``actors=``.
    """


class PluginWarning(ValueCocreationWarning):
    """A plugin (scorer, adapter, framework) failed to load or clashes with another."""


class UnmatchedColumnWarning(ValueCocreationWarning):
    """A column that looks like data was not read, because no rule matched its name."""


class TimestampWarning(ValueCocreationWarning):
    """Epoch numbers whose unit the ``auto`` rule may have guessed wrong.

    ``timestamp="auto"`` reads numbers below 1e11 as seconds and larger ones as
    milliseconds, so milliseconds before 1973-03-03 read as seconds, after the
    year 2100. A reader warns when a column mixes both units or holds seconds
    after 2100; pass ``timestamp="s"`` or ``"ms"`` to say which.
    """


class IdentityWarning(ValueCocreationWarning):
    """Distinct ids that print the same: they differ only in Unicode normalisation.

    Ids are compared exactly, as written (``"café"`` composed and ``"cafe\u0301"``
    decomposed are two actors); a reader warns when a column holds both forms.
    """


class ValidationError(ValueCocreationError, ValueError):
    """Input that breaks a documented rule.

    The message names where the problem is and why; the same facts are kept as
    attributes so that programs can act on them without parsing text.

    Parameters
    ----------
    reason
        Why the value is rejected, in words a user can act on.
    row
        Zero-based position of the offending record in its input, if any.
    line
        One-based physical line of a file where the offending record starts (the
        header is line 1), if the input is a file.
    column
        Name of the offending column or field, if any.
    value
        The offending value itself (kept as given, for reports).
    source
        The file or object the input came from, if known.
    more
        How many further problems of the same input were found but not reported
        in this message.

    Examples
    --------
    >>> error = ValidationError("weight is negative", row=3, column="weight", value=-1.0)
    >>> print(error)
    row 3, column 'weight', value -1.0: weight is negative
    >>> error.row, error.column
    (3, 'weight')
    >>> print(ValidationError("unknown interaction kind 'poke'", row=5, line=7, column="kind",
    ...                       value="poke", source="events.csv"))
    events.csv, line 7, column 'kind', value 'poke': unknown interaction kind 'poke'
    """

    def __init__(
        self,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        source: str | None = None,
        more: int = 0,
        line: int | None = None,
    ) -> None:
        self.reason = reason
        self.row = row
        self.line = line
        self.column = column
        self.value = value
        self.source = source
        self.more = more
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.source is not None:
            where.append(f"{self.source}")
        if self.line is not None:  # a file's line is what its reader looks for
            where.append(f"line {self.line}")
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {_short_repr(self.value)}")
        text = f"{', '.join(where)}: {self.reason}" if where else self.reason
        if self.more:
            noun = "problem" if self.more == 1 else "problems"
            text += f" ({self.more} more {noun} in the same input)"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments need help to survive pickling (multiprocessing);
        # the class travels too, so that subclasses come back as themselves.
        return (
            _rebuild_validation_error,
            (
                type(self),
                self.reason,
                self.row,
                self.column,
                self.value,
                self.source,
                self.more,
                self.line,
            ),
        )


class ArgumentTypeError(ValidationError, TypeError):
    """An argument of the wrong type: a list where a mapping is needed, text for a log.

    It is a :class:`TypeError`, as Python's own functions raise for a wrong type,
    and a :class:`ValidationError` (with ``column`` naming the argument and
    ``value`` what was given), so ``except ValidationError`` catches it as before.
    A wrong *value* of the right type (a negative weight, an unknown period) stays a
    plain :class:`ValidationError`.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> try:
    ...     vcc.assess([("ana", "rf", "like")])
    ... except TypeError as error:
    ...     print(type(error).__name__, isinstance(error, vcc.ValidationError))
    ...     print(error)
    ArgumentTypeError True
    value 'list': assess() takes an InteractionLog or an Evidence
    """


def _rebuild_validation_error(  # noqa: PLR0917 - positional for pickle
    cls: type[ValidationError],
    reason: str,
    row: int | None,
    column: str | None,
    value: object,
    source: str | None,
    more: int,
    line: int | None,
) -> ValidationError:
    return cls(reason, row=row, column=column, value=value, source=source, more=more, line=line)


class UnknownKeyError(ValueCocreationError, KeyError):
    """A look-up by key found nothing; the message lists the valid keys.

    Parameters
    ----------
    what
        What kind of thing was looked up, for example ``"condition"``.
    key
        The key that was not found.
    valid
        The keys that would have been found.
    """

    def __init__(self, what: str, key: object, valid: Sequence[str]) -> None:
        self.what = what
        self.key = key
        self.valid = tuple(valid)
        super().__init__(key)

    def __str__(self) -> str:
        return f"unknown {self.what} {self.key!r}; valid {self.what} keys are: " + ", ".join(
            self.valid
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.what, self.key, self.valid))


class UnknownDriverError(UnknownKeyError):
    """No driver of the framework has the requested key."""

    def __init__(self, key: object, valid: Sequence[str]) -> None:
        super().__init__("driver", key, valid)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.key, self.valid))


class UnknownConditionError(UnknownKeyError):
    """No condition of the framework has the requested key."""

    def __init__(self, key: object, valid: Sequence[str]) -> None:
        super().__init__("condition", key, valid)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.key, self.valid))


class MissingDependencyError(ValueCocreationError, ImportError):
    """A feature needs an optional library that is not installed.

    ``module`` is the library to install and ``extra`` the project extra that
    installs it (``pip install 'valuecocreation[extra]'``).

    Examples
    --------
    >>> error = MissingDependencyError("plots need matplotlib", module="matplotlib",
    ...                                extra="plot")
    >>> isinstance(error, ImportError), error.extra
    (True, 'plot')
    """

    def __init__(self, message: str, *, module: str, extra: str) -> None:
        super().__init__(message, name=module)
        self.module = module
        self.extra = extra

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_missing, (str(self), self.module, self.extra))


def _rebuild_missing(message: str, module: str, extra: str) -> MissingDependencyError:
    return MissingDependencyError(message, module=module, extra=extra)


def _short_repr(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
