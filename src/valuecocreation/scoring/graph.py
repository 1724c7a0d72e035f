"""Scorers that judge a condition from the value-flow graph of their inputs.

Each reads the ``graph`` of its :class:`~valuecocreation.scoring.ScoringInputs`
(pass ``graph=`` to :func:`~valuecocreation.assess`, or build the inputs yourself),
computes one metric of :mod:`valuecocreation.graph`, and scores it as a share
against a target with a Wilson interval, like
:class:`~valuecocreation.scoring.builtin.ParticipationScorer`. Without a graph, or
with nothing in the graph to count, the score is nan with the reason.

>>> import valuecocreation as vcc
>>> from valuecocreation.scoring import ScoringInputs
>>> from valuecocreation.testing import sample_log
>>> log = sample_log()
>>> firm = {"firm": "firm"}
>>> evidence = vcc.Evidence.from_log(log, actors=firm)
>>> scorer = ReciprocityScorer()
>>> scorer.score(ScoringInputs(evidence), "interactivity").reason
'no value-flow graph among the scoring inputs'
>>> graph = vcc.ValueFlowGraph.from_log(log, actors=firm)
>>> score = scorer.score(ScoringInputs(evidence, graph=graph), "interactivity")
>>> score.n, score.value  # four firm-user conversations, none answered in kind
(4, 0.0)
"""

from __future__ import annotations

import attrs

from valuecocreation.errors import ValidationError
from valuecocreation.graph import connectivity, reach, reciprocity, reward_reach
from valuecocreation.mapping import ConditionMap
from valuecocreation.scoring._common import checked_inputs, level, no_evidence, positive, share
from valuecocreation.scoring._inputs import ScoringInputs
from valuecocreation.scoring._score import ConditionScore

__all__ = ["GiantComponentScorer", "ReachScorer", "ReciprocityScorer", "RewardReachScorer"]

_NO_GRAPH = "no value-flow graph among the scoring inputs"


def _whole(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            "hops must be a whole number of at least 1", column=attribute.name, value=value
        )


def _kinds(mapping: ConditionMap, condition: str) -> list[str]:
    """The interaction kinds the condition map sends to ``condition``."""
    return sorted({rule.kind.value for rule in mapping.rules_for(condition)})


@attrs.frozen(kw_only=True)
class ReciprocityScorer:
    """Share of firm-user conversation edges answered in kind, against a target.

    *Indicator*: among edges between a firm-side and a user-side actor that carry
    the condition's interaction kinds (those the condition map sends to it:
    comments, replies and messages for interactivity), the share whose reverse
    edge carries them too (:func:`valuecocreation.graph.reciprocity`).
    *Score*: ``min(indicator / target, 1)``; Wilson interval over edges.
    """

    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"reciprocity"``."""
        return "reciprocity"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the graph of ``inputs``."""
        meaning = f"share of firm-user {condition} edges that are answered in kind"
        inputs = checked_inputs(inputs)
        graph, kinds = inputs.graph, _kinds(inputs.evidence.mapping, condition)
        if graph is None or not kinds:
            reason = _NO_GRAPH if graph is None else f"the map has no rule for {condition}"
            return no_evidence(self.name, condition, meaning, reason, target=self.target)
        found = reciprocity(graph, kinds=kinds)
        if not found.firm_user_edges:
            return no_evidence(
                self.name,
                condition,
                meaning,
                f"no firm-user edge carries {', '.join(kinds)}",
                target=self.target,
            )
        return share(
            condition,
            found.firm_user_reciprocated,
            found.firm_user_edges,
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )


@attrs.frozen(kw_only=True)
class GiantComponentScorer:
    """Share of users linked into the largest web of users, against a target.

    *Indicator*: the share of user-side actors in the largest weakly connected
    component of the users-only graph
    (:func:`valuecocreation.graph.connectivity` with ``among="users"``): users
    linked to one another, not only through the firm. *Score*:
    ``min(indicator / target, 1)``; Wilson interval over users. The default
    target is 1.0, every user in one web: no published norm says how large the
    giant component of a brand community should be, and Nielsen's (2006) 10% of
    contributors, which the event scorer of connectivity uses, counts another
    quantity (who contributes, not who is linked).
    """

    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"giant_component"``."""
        return "giant_component"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the graph of ``inputs``."""
        meaning = "share of users in the largest connected web of users"
        graph = checked_inputs(inputs).graph
        if graph is None:
            return no_evidence(self.name, condition, meaning, _NO_GRAPH, target=self.target)
        found = connectivity(graph, among="users")
        if not found.users:
            return no_evidence(
                self.name, condition, meaning, "the graph has no users", target=self.target
            )
        return share(
            condition,
            found.users_in_largest,
            found.users,
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )


@attrs.frozen(kw_only=True)
class ReachScorer:
    """Share of the graph's users within ``hops`` hops of a firm, against a target.

    *Indicator*: :func:`valuecocreation.graph.reach` from every firm-side actor,
    in both directions, over the user-side actors of the graph (awareness: users
    who came into contact with the firm). *Score*: ``min(indicator / target, 1)``;
    Wilson interval over users.
    """

    hops: int = attrs.field(default=1, validator=_whole)
    target: float = attrs.field(default=1.0, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"reach"``."""
        return "reach"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the graph of ``inputs``."""
        meaning = f"share of users within {self.hops} hop(s) of the firm"
        graph = checked_inputs(inputs).graph
        if graph is None:
            return no_evidence(self.name, condition, meaning, _NO_GRAPH, target=self.target)
        found = reach(graph, hops=self.hops)
        if not found.sources or not found.audience:
            reason = "the graph has no firm" if not found.sources else "the graph has no users"
            return no_evidence(
                self.name, condition, meaning, reason, target=self.target, n=found.audience
            )
        return share(
            condition,
            found.audience_reached,
            found.audience,
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )


@attrs.frozen(kw_only=True)
class RewardReachScorer:
    """Share of active users the firm rewarded or featured, against a target.

    *Indicator*: :func:`valuecocreation.graph.reward_reach`. *Score*:
    ``min(indicator / target, 1)``; Wilson interval over active users. The
    default target, 1%, is the heavy-contributor share of Nielsen's (2006)
    participation inequality: the users a firm can feature.
    """

    target: float = attrs.field(default=0.01, validator=positive)
    confidence: float = attrs.field(default=0.95, validator=level)

    @property
    def name(self) -> str:
        """``"reward_reach"``."""
        return "reward_reach"

    def score(self, inputs: ScoringInputs, condition: str) -> ConditionScore:
        """Score ``condition`` on the graph of ``inputs``."""
        meaning = "share of active users rewarded or featured by the firm"
        graph = checked_inputs(inputs).graph
        if graph is None:
            return no_evidence(self.name, condition, meaning, _NO_GRAPH, target=self.target)
        found = reward_reach(graph)
        if found.findings:  # no firm-side actor: nobody could have rewarded anyone
            return no_evidence(
                self.name,
                condition,
                meaning,
                "the graph has no firm-side actor, so nobody could reward",
                target=self.target,
            )
        if not found.active:
            return no_evidence(
                self.name, condition, meaning, "the graph has no active user", target=self.target
            )
        return share(
            condition,
            found.rewarded,
            found.active,
            meaning=meaning,
            target=self.target,
            confidence=self.confidence,
            scorer=self.name,
        )
