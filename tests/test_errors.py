from __future__ import annotations

import pickle

import pytest

import valuecocreation as vcc
from valuecocreation._core.optional import require
from valuecocreation.errors import (
    MissingDependencyError,
    UnknownConditionError,
    UnknownDriverError,
    UnknownKeyError,
    ValidationError,
    ValueCocreationError,
)


def test_every_error_shares_the_package_base_and_a_builtin():
    assert issubclass(ValidationError, ValueCocreationError)
    assert issubclass(ValidationError, ValueError)
    assert issubclass(UnknownConditionError, ValueCocreationError)
    assert issubclass(UnknownConditionError, KeyError)
    assert issubclass(UnknownDriverError, UnknownKeyError)
    assert issubclass(vcc.ValueCocreationWarning, UserWarning)


def test_validation_error_message_names_where_and_why():
    error = ValidationError(
        "weight is negative", row=4, column="weight", value=-2.5, source="events.csv", more=2
    )
    assert str(error) == (
        "events.csv, row 4, column 'weight', value -2.5: weight is negative "
        "(2 more problems in the same input)"
    )
    assert (error.row, error.column, error.value, error.source, error.more) == (
        4,
        "weight",
        -2.5,
        "events.csv",
        2,
    )


def test_validation_error_without_location_is_just_the_reason():
    assert str(ValidationError("empty input")) == "empty input"


def test_long_values_are_shortened_in_the_message():
    error = ValidationError("bad", value="x" * 500)
    assert len(str(error)) < 120
    assert error.value == "x" * 500


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("bad", row=1, column="kind", value="retweet", source="f.csv", more=3),
        UnknownConditionError("loyalty", ("reward", "content")),
        UnknownDriverError("fun", ("share",)),
    ],
)
def test_errors_survive_pickling(error):
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert str(clone) == str(error)


def test_unknown_key_lists_valid_keys():
    error = UnknownConditionError("loyalty", ("reward", "content"))
    assert str(error) == "unknown condition 'loyalty'; valid condition keys are: reward, content"
    assert error.key == "loyalty"
    assert error.valid == ("reward", "content")


def test_missing_dependency_names_the_extra_and_pickles():
    with pytest.raises(MissingDependencyError, match=r"valuecocreation\[graph\]") as info:
        require("no_such_module_xyz.sub", extra="graph", feature="sparse PageRank")
    assert isinstance(info.value, ImportError)
    assert (info.value.module, info.value.extra) == ("no_such_module_xyz", "graph")
    again = pickle.loads(pickle.dumps(info.value))
    assert (str(again), again.module, again.extra) == (
        str(info.value),
        "no_such_module_xyz",
        "graph",
    )
