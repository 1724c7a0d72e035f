"""What a scorer is given: :class:`ScoringInputs`, evidence and its companions."""

from __future__ import annotations

import attrs

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.evidence import Evidence
from valuecocreation.graph import ValueFlowGraph
from valuecocreation.survey import SurveyResponses

__all__ = ["ScoringInputs"]


def _check_evidence(instance: object, attribute: attrs.Attribute[Evidence], value: object) -> None:
    if not isinstance(value, Evidence):
        raise ArgumentTypeError(
            "evidence must be an Evidence (from Evidence.from_log or Evidence.merge)",
            column="evidence",
            value=type(value).__name__,
        )


def _check_graph(
    instance: ScoringInputs, attribute: attrs.Attribute[ValueFlowGraph | None], value: object
) -> None:
    if value is None:
        return
    if not isinstance(value, ValueFlowGraph):
        raise ArgumentTypeError(
            "graph must be a ValueFlowGraph", column="graph", value=type(value).__name__
        )
    evidence = instance.evidence
    if (value.framework.name, value.framework.version) != (
        evidence.framework_name,
        evidence.framework_version,
    ) or value.mapping != evidence.mapping:
        raise ValidationError(
            "the graph was built for another framework or condition map than the evidence",
            column="graph",
            value=value.mapping.name,
        )


def _check_survey(
    instance: ScoringInputs, attribute: attrs.Attribute[SurveyResponses | None], value: object
) -> None:
    if value is None:
        return
    if not isinstance(value, SurveyResponses):
        raise ArgumentTypeError(
            "survey must be SurveyResponses", column="survey", value=type(value).__name__
        )
    evidence = instance.evidence
    unknown = [key for key in value.instrument.conditions if key not in evidence.conditions]
    if unknown:
        raise ValidationError(
            f"the survey's instrument names conditions the framework "
            f"{evidence.framework_name!r} lacks: {', '.join(unknown)}",
            column="survey",
            value=unknown[0],
        )


@attrs.frozen
class ScoringInputs:
    """Everything a :class:`~valuecocreation.scoring.Scorer` judges a condition on.

    The event statistics, and, when the caller has them, a value-flow graph and
    survey responses of the same data. The graph and the survey describe the whole
    data rather than a chunk of it, so they travel next to the evidence, never
    inside it: evidence of chunks merges unconditionally, and the inputs are put
    together once, for the whole.

    Parameters
    ----------
    evidence
        The event statistics (:class:`~valuecocreation.evidence.Evidence`).
    graph
        A :class:`~valuecocreation.graph.ValueFlowGraph` built with the evidence's
        framework and condition map, or ``None``.
    survey
        :class:`~valuecocreation.survey.SurveyResponses` whose instrument names
        only conditions of the evidence's framework, or ``None``.

    Raises
    ------
    ArgumentTypeError
        For an argument of the wrong type.
    ValidationError
        For a graph of another framework or map, or a survey naming conditions
        the framework lacks.

    Examples
    --------
    >>> import valuecocreation as vcc
    >>> from valuecocreation.testing import sample_log
    >>> log = sample_log()
    >>> inputs = ScoringInputs(vcc.Evidence.from_log(log), graph=vcc.ValueFlowGraph.from_log(log))
    >>> inputs.graph.n_edges > 0, inputs.survey is None
    (True, True)
    """

    evidence: Evidence = attrs.field(validator=_check_evidence)
    graph: ValueFlowGraph | None = attrs.field(default=None, kw_only=True, validator=_check_graph)
    survey: SurveyResponses | None = attrs.field(
        default=None, kw_only=True, validator=_check_survey
    )
