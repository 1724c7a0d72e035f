from __future__ import annotations

import pickle

import pytest

import valuecocreation as vcc
from valuecocreation._core.optional import require
from valuecocreation.errors import (
    ArgumentTypeError,
    MissingDependencyError,
    UnknownConditionError,
    UnknownDriverError,
    UnknownKeyError,
    ValidationError,
    ValueCocreationError,
)
from valuecocreation.io.presets import sample_path


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
        ArgumentTypeError("log must be an InteractionLog", column="log", value="list", line=4),
        UnknownConditionError("loyalty", ("reward", "content")),
        UnknownDriverError("fun", ("share",)),
    ],
)
def test_errors_survive_pickling(error):
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert str(clone) == str(error)


def test_a_wrong_type_is_a_type_error_and_still_a_validation_error():
    assert issubclass(ArgumentTypeError, TypeError)
    assert issubclass(ArgumentTypeError, ValidationError)
    assert issubclass(ArgumentTypeError, ValueCocreationError)


SOCIAL_EXPORT = sample_path("social_export.csv")


def _radar_of_a_dict():
    pytest.importorskip("matplotlib")
    vcc.plot.radar({})


@pytest.mark.parametrize(
    ("call", "column"),
    [
        (lambda: vcc.assess("events.csv"), None),
        (lambda: vcc.Evidence.from_log([]), None),
        (lambda: vcc.Funnel.from_log({}), None),
        (lambda: vcc.ValueFlowGraph.from_log(None), None),
        (lambda: vcc.InteractionLog.concat([vcc.InteractionLog(), "x"]), None),
        (
            lambda: vcc.InteractionLog.from_columns(
                source="a", target=["b"], kind=["like"], timestamp=["2024-01-01"]
            ),
            "source",
        ),
        (lambda: vcc.MapRule(kind="like", condition="content", weight="2"), "weight"),
        (lambda: vcc.ConditionMap(rules=[vcc.Driver(key="x", name="X")]), None),
        (lambda: vcc.Driver(key=3, name="X"), "key"),
        (lambda: vcc.scoring.RateScorer(target="1"), "target"),
        (lambda: vcc.scoring.ResponseScorer(limit=24), "limit"),
        (lambda: vcc.io.read_csv(SOCIAL_EXPORT, columns=["user"]), "columns"),
        (lambda: vcc.measurement.cronbach_alpha([[1, 2], [2, 3]], items="ab"), "items"),
        (lambda: vcc.metrics.retention_between(5, ["a"]), "previous"),
        (lambda: vcc.survey.SurveyResponses.from_wide({"respondent": ["a"]}, "vcc"), "instrument"),
        (lambda: vcc.assess(vcc.InteractionLog(), scorers={"reward": 1}), "scorers"),
        (lambda: vcc.scoring.wilson_interval(1.5, 3), "successes"),
        (lambda: vcc.scoring.normal_interval(0.5, 0.1, confidence="95%"), "confidence"),
        (_radar_of_a_dict, "assessment"),
    ],
)
def test_wrong_argument_types_raise_argument_type_errors(call, column):
    with pytest.raises(TypeError) as caught:
        call()
    assert isinstance(caught.value, ArgumentTypeError), repr(caught.value)
    assert caught.value.column == column


def test_a_wrong_value_of_the_right_type_stays_a_validation_error():
    for call in (
        lambda: vcc.scoring.RateScorer(target=-1.0),
        lambda: vcc.scoring.ResponseScorer(limit=-__import__("datetime").timedelta(hours=1)),
        lambda: vcc.scoring.wilson_interval(4, 3),
        lambda: vcc.scoring.normal_interval(0.5, 0.1, confidence=1.5),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert not isinstance(caught.value, TypeError)


def test_the_interval_helpers_raise_the_packages_errors():
    with pytest.raises(ValidationError, match="between 0 and 1") as caught:
        vcc.scoring.wilson_interval(1, 2, confidence=0.0)
    assert caught.value.column == "confidence"
    with pytest.raises(ValidationError, match="0 <= successes <= trials and trials > 0"):
        vcc.scoring.wilson_interval(0, 0)


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
