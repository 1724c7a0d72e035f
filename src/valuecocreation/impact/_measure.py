"""The estimate: windows, groups, per-actor outcomes, difference in differences, bootstrap."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, get_args

import numpy as np
import numpy.typing as npt

from valuecocreation.errors import ArgumentTypeError, ValidationError
from valuecocreation.findings import Finding, Severity
from valuecocreation.framework import DEFAULT_FRAMEWORK, Framework, Party
from valuecocreation.impact._result import ConditionImpact, Impact, Window
from valuecocreation.log import InteractionLog
from valuecocreation.mapping import ConditionMap, MapRule, resolve_mapping
from valuecocreation.model import Actor, AttributeValue, Initiative, Role

__all__ = ["Outcome", "SeedLike", "measure_impact"]

Outcome = Literal["participation", "events"]
_OUTCOMES: Final = get_args(Outcome)
_SECTION: Final = (
    "difference in differences: Card & Krueger (1994); Angrist & Pischke (2009), ch. 5"
)
_MIN_ACTORS: Final = 30
SeedLike = int | np.random.Generator | None


# ---------------------------------------------------------------------- windows and groups
def _to_time(value: object, name: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        try:
            return _to_time(dt.datetime.fromisoformat(value), name)
        except ValueError:
            pass
    raise ValidationError("must be a date or datetime", column=name, value=value)


def _window(value: object, name: str) -> Window:
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise ArgumentTypeError(f"{name} must be a (start, end) pair", column=name, value=value)
    start, end = _to_time(value[0], name), _to_time(value[1], name)
    if end <= start:
        raise ValidationError(f"{name} must end after it starts", column=name, value=value)
    return start, end


def _windows(initiative: Initiative, before: object, after: object) -> tuple[Window, Window]:
    if after is None:
        if initiative.start is None:
            raise ValidationError(
                "the initiative has no start date: pass after=(start, end)",
                column="after",
                source=f"Initiative {initiative.key!r}",
            )
        if initiative.end is None:
            raise ValidationError(
                "the initiative has no end date: pass after=(start, end)",
                column="after",
                source=f"Initiative {initiative.key!r}",
            )
        after_window = (
            _to_time(initiative.start, "start"),
            _to_time(initiative.end + dt.timedelta(days=1), "end"),
        )
    else:
        after_window = _window(after, "after")
    if before is None:
        length = after_window[1] - after_window[0]
        before_window = (after_window[0] - length, after_window[0])
    else:
        before_window = _window(before, "before")
    if before_window[1] > after_window[0]:
        raise ValidationError(
            "the before window must end by the time the after window starts", column="before"
        )
    return before_window, after_window


def _channel_list(value: str | Sequence[str] | None, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else tuple(value)
    if not all(isinstance(item, str) for item in items):
        raise ArgumentTypeError(f"{name} must be channel keys", column=name, value=value)
    return items


def _roles(log: InteractionLog, actors: object) -> npt.NDArray[np.bool_]:
    """Per actor code: True for actors on the users' side (users and creators)."""
    is_user = np.ones(len(log.actors), dtype=bool)
    if actors is None:
        return is_user
    if isinstance(actors, Mapping):
        pairs = [(str(key), Role(value)) for key, value in actors.items()]
    elif isinstance(actors, Iterable) and not isinstance(actors, str | bytes):
        items = list(actors)
        if not all(isinstance(a, Actor) for a in items):
            raise ArgumentTypeError(
                "actors must map ids to roles or be Actor objects", column="actors"
            )
        pairs = [(a.id, a.role) for a in items]
    else:
        raise ArgumentTypeError("actors must map ids to roles", column="actors", value=actors)
    index = {str(a): i for i, a in enumerate(log.actors)}
    for key, role in pairs:
        if key in index:
            is_user[index[key]] = role.party is Party.USERS
    return is_user


def _rule_credits(
    log: InteractionLog, rule: MapRule, roles: Mapping[str, Role] | None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Event positions a rule matches, and the actor each credits."""
    mask = log.kind_codes == rule.kind.code
    if rule.channels:
        wanted = [i for i, c in enumerate(log.channels) if str(c) in rule.channels]
        mask &= np.isin(log.channel_codes, wanted)
    if rule.roles:
        listed = roles or {}
        allowed = np.array(
            [listed.get(str(a), Role.USER) in rule.roles for a in log.actors], dtype=bool
        )
        if len(allowed):
            mask &= allowed[log.source_codes]
    events = np.flatnonzero(mask)
    ends = log.source_codes if rule.credit == "source" else log.target_codes
    return events, ends[events].astype(np.int64)


def _role_map(actors: object) -> Mapping[str, Role] | None:
    if isinstance(actors, Mapping):
        return {str(k): Role(v) for k, v in actors.items()}
    if isinstance(actors, Iterable) and not isinstance(actors, str | bytes):
        return {a.id: a.role for a in actors if isinstance(a, Actor)}
    return None


class _Groups:
    """Who is treated and who is the control: by channel, by segment, or no control."""

    def __init__(
        self,
        log: InteractionLog,
        initiative: Initiative,
        *,
        control: object,
        actors: object,
        window_of: npt.NDArray[np.int8],
        is_user: npt.NDArray[np.bool_],
    ) -> None:
        self.log, self.window_of, self.is_user = log, window_of, is_user
        code_of = {str(c): i for i, c in enumerate(log.channels)}
        treated = initiative.channels
        if isinstance(control, Mapping):
            self.by = "segment"
            in_control = self._segment(control, actors)
            self.control = tuple(f"{k}={v}" for k, v in sorted(control.items()))
            self.missing = [c for c in treated if c not in code_of]
            mask = self._channels(treated, code_of) if treated else np.ones(len(log), bool)
            seen = self.population(mask)
            self.masks = {"treated": mask, "control": mask}
            self.members = {
                "treated": seen[~in_control[seen]],
                "control": seen[in_control[seen]],
            }
            return
        channels = _channel_list(control, "control")  # type: ignore[arg-type]
        if set(channels) & set(treated):
            raise ValidationError(
                "the control shares channels with the initiative", column="control", value=control
            )
        self.by = "channel" if channels else "none"
        self.control = channels
        self.missing = [c for c in (*treated, *channels) if c not in code_of]
        control_mask = self._channels(channels, code_of)
        treated_mask = self._channels(treated, code_of) if treated else ~control_mask
        self.masks = {"treated": treated_mask, "control": control_mask}
        self.members = {name: self.population(mask) for name, mask in self.masks.items()}

    def _channels(
        self, channels: Sequence[str], code_of: Mapping[str, int]
    ) -> npt.NDArray[np.bool_]:
        return np.isin(self.log.channel_codes, [code_of[c] for c in channels if c in code_of])

    def _segment(self, control: Mapping[object, object], actors: object) -> npt.NDArray[np.bool_]:
        listed = (
            list(actors)
            if isinstance(actors, Iterable) and not isinstance(actors, Mapping | str | bytes)
            else []
        )
        if not listed or not all(isinstance(a, Actor) for a in listed):
            raise ValidationError(
                "a segment control needs actors as Actor objects with attributes",
                column="actors",
            )
        index = {str(a): i for i, a in enumerate(self.log.actors)}
        flags = np.zeros(len(self.log.actors), dtype=bool)
        for actor in listed:
            if actor.id in index and all(actor.attribute(str(k)) == v for k, v in control.items()):
                flags[index[actor.id]] = True
        return flags

    def population(self, group: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        """The users seen (either end) in a group's events in either window."""
        seen = group & (self.window_of >= 0)
        codes = np.union1d(self.log.source_codes[seen], self.log.target_codes[seen])
        users: npt.NDArray[np.int64] = codes.astype(np.int64)[self.is_user[codes]]
        return users


# ---------------------------------------------------------------------- estimation
class _Group:
    """One group's actors and their outcome in each window."""

    def __init__(self, before: npt.NDArray[np.float64], after: npt.NDArray[np.float64]) -> None:
        self.before, self.after = before, after
        self.change = after - before

    @property
    def size(self) -> int:
        return len(self.change)

    def means(self) -> tuple[float, float]:
        if not self.size:
            return math.nan, math.nan
        return float(self.before.mean()), float(self.after.mean())

    def resampled_change(self, rng: np.random.Generator, resamples: int) -> npt.NDArray[np.float64]:
        """Mean change over actors, once per bootstrap resample."""
        out = np.empty(resamples)
        step = max(1, 2_000_000 // max(self.size, 1))  # keep the index matrix small
        for start in range(0, resamples, step):
            count = min(step, resamples - start)
            picks = rng.integers(0, self.size, size=(count, self.size))
            out[start : start + count] = self.change[picks].mean(axis=1)
        return out


def _percentile(values: npt.NDArray[np.float64], confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)


def _rng(seed: SeedLike) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise ArgumentTypeError("seed must be an int, a numpy Generator or None", column="seed")


def _check_arguments(
    log: object, initiative: object, outcome: object, resamples: object, confidence: float
) -> None:
    if not isinstance(log, InteractionLog):
        raise ArgumentTypeError("log must be an InteractionLog", column="log", value=log)
    if not isinstance(initiative, Initiative):
        raise ArgumentTypeError(
            "initiative must be an Initiative", column="initiative", value=initiative
        )
    if outcome not in _OUTCOMES:
        raise ValidationError(
            f"outcome must be one of {', '.join(_OUTCOMES)}", column="outcome", value=outcome
        )
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 10:
        raise ValidationError("resamples must be an integer >= 10", column="resamples")
    if not 0 < confidence < 1:
        raise ValidationError("confidence must be in (0, 1)", column="confidence")


def _outcomes(
    log: InteractionLog,
    matched: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
    *,
    groups_mask: Mapping[str, npt.NDArray[np.bool_]],
    members: Mapping[str, npt.NDArray[np.int64]],
    window_of: npt.NDArray[np.int8],
    outcome: str,
) -> dict[str, _Group]:
    """Each group's outcome per member and window, from the events the rules credit."""
    counts = {name: np.zeros((2, len(log.actors))) for name in groups_mask}
    if matched:
        events = np.concatenate([m[0] for m in matched])
        credited = np.concatenate([m[1] for m in matched])
        # one event counts once per credited actor, however many rules match it
        pairs = np.unique(np.stack([events, credited]), axis=1)
        events, credited = pairs[0], pairs[1]
        for name, mask in groups_mask.items():
            keep = mask[events] & (window_of[events] >= 0)
            np.add.at(counts[name], (window_of[events[keep]], credited[keep]), 1.0)
    groups = {}
    for name, table in counts.items():
        values = table[:, members[name]]
        if outcome == "participation":
            values = (values > 0).astype(np.float64)
        groups[name] = _Group(values[0], values[1])
    return groups


def measure_impact(
    log: InteractionLog,
    initiative: Initiative,
    *,
    control: str | Sequence[str] | Mapping[str, AttributeValue] | None = None,
    before: tuple[object, object] | None = None,
    after: tuple[object, object] | None = None,
    actors: Mapping[str, Role | str] | Iterable[Actor] | None = None,
    seed: SeedLike = None,
    outcome: Outcome = "participation",
    framework: Framework | str = DEFAULT_FRAMEWORK,
    mapping: ConditionMap | None = None,
    resamples: int = 1000,
    confidence: float = 0.95,
) -> Impact:
    """Measure the change in each condition an initiative targets, against a control.

    Parameters
    ----------
    log
        The interactions.
    initiative
        What was run: its ``conditions`` are measured; its ``channels`` (all
        channels but the control's when empty) form the treated group; its
        ``start`` and ``end`` dates give the after window when ``after`` is not given.
    control
        What the initiative did not touch: channel key(s), or a segment as a
        mapping of actor attributes (``{"country": "JP"}``; then ``actors`` must be
        :class:`~valuecocreation.model.Actor` objects, and the treated group is the
        other actors on the initiative's channels). Without one, only the raw
        before/after change is measured, with a finding.
    before, after
        ``(start, end)`` windows, end exclusive; by default ``after`` is the
        initiative's run (its end day included) and ``before`` the same length
        immediately before it.
    actors
        Roles of the actors (as for :func:`~valuecocreation.assess`): firm-side
        actors are left out of the groups.
    seed
        Seed of the bootstrap (int, numpy Generator, or None).
    outcome
        ``"participation"`` (credited at least once: a share of actors) or
        ``"events"`` (credited interactions per actor).
    framework, mapping
        Which interactions count for which condition (the framework's default map).
    resamples, confidence
        The bootstrap's number of resamples and the interval's coverage.

    Returns
    -------
    Impact
    """
    _check_arguments(log, initiative, outcome, resamples, confidence)
    chosen, rules = resolve_mapping(framework, mapping)
    if not initiative.conditions:
        raise ValidationError("the initiative names no condition to measure", column="conditions")
    for key in initiative.conditions:
        chosen.condition(key)  # an unknown key lists the valid ones
    before_window, after_window = _windows(initiative, before, after)
    rng = _rng(seed)

    times = log.timestamps
    window_of = np.full(len(log), -1, dtype=np.int8)
    for index, (start, end) in enumerate((before_window, after_window)):
        lo = np.datetime64(start.replace(tzinfo=None), "us")
        hi = np.datetime64(end.replace(tzinfo=None), "us")
        window_of[(times >= lo) & (times < hi)] = index
    is_user = _roles(log, actors)
    role_map = _role_map(actors)
    groups = _Groups(
        log, initiative, control=control, actors=actors, window_of=window_of, is_user=is_user
    )
    results = []
    for key in initiative.conditions:
        outcomes = _outcomes(
            log,
            [_rule_credits(log, rule, role_map) for rule in rules.rules_for(key)],
            groups_mask=groups.masks,
            members=groups.members,
            window_of=window_of,
            outcome=outcome,
        )
        results.append(
            _estimate(
                key,
                outcomes["treated"],
                outcomes["control"] if groups.by != "none" else None,
                rng=rng,
                resamples=resamples,
                confidence=confidence,
            )
        )
    findings = _impact_findings(results, groups.control, groups.missing, outcome)
    return Impact(
        initiative=initiative,
        before=before_window,
        after=after_window,
        treated=initiative.channels,
        control=groups.control,
        control_by=groups.by,
        outcome=outcome,
        resamples=resamples,
        confidence=confidence,
        seed=seed if isinstance(seed, int) else None,
        conditions=results,
        findings=findings,
    )


def _estimate(
    key: str,
    treated: _Group,
    control: _Group | None,
    *,
    rng: np.random.Generator,
    resamples: int,
    confidence: float,
) -> ConditionImpact:
    t_before, t_after = treated.means()
    c_before, c_after = (math.nan, math.nan) if control is None else control.means()
    method = "before_after" if control is None else "difference_in_differences"
    if not treated.size or (control is not None and not control.size):
        estimate, interval = math.nan, (math.nan, math.nan)
    else:
        draws = treated.resampled_change(rng, resamples)
        estimate = t_after - t_before
        if control is not None:
            draws = draws - control.resampled_change(rng, resamples)
            estimate -= c_after - c_before
        interval = _percentile(draws, confidence)
    return ConditionImpact(
        condition=key,
        method=method,
        treated_before=t_before,
        treated_after=t_after,
        control_before=c_before,
        control_after=c_after,
        treated_actors=treated.size,
        control_actors=0 if control is None else control.size,
        estimate=estimate,
        interval=interval,
    )


def _impact_findings(
    results: Sequence[ConditionImpact],
    control: Sequence[str],
    missing: Sequence[str],
    outcome: str,
) -> tuple[Finding, ...]:
    found = []
    if not control:
        found.append(
            Finding(
                code="no_control",
                severity=Severity.WARNING,
                message=(
                    "no control group: the change is the raw before/after difference and "
                    "may be a trend, a season or another initiative rather than this one's effect"
                ),
                section=_SECTION,
            )
        )
    if missing:
        found.append(
            Finding(
                code="channel_not_in_log",
                severity=Severity.WARNING,
                message=f"no interaction of the log is on {', '.join(missing)}",
                numbers={"channels": len(missing)},
            )
        )
    for item in results:
        for group, size in (("treated", item.treated_actors), ("control", item.control_actors)):
            if group == "control" and not control:
                continue
            if size == 0:
                found.append(
                    Finding(
                        code="group_empty",
                        severity=Severity.SEVERE,
                        message=f"the {group} group has no actors in either window: no estimate",
                        subject=item.condition,
                    )
                )
            elif size < _MIN_ACTORS:
                found.append(
                    Finding(
                        code="group_small",
                        severity=Severity.WARNING,
                        message=(
                            f"the {group} group has {size} actors, fewer than {_MIN_ACTORS}: "
                            "the bootstrap interval is rough"
                        ),
                        subject=item.condition,
                        numbers={"n": size, "minimum": _MIN_ACTORS},
                    )
                )
    found.append(
        Finding(
            code="parallel_trends_assumed",
            severity=Severity.INFO,
            message=(
                f"the estimate ({outcome} per actor) is causal only if treated and control "
                "would have changed alike without the initiative"
            )
            if control
            else f"the change is measured as {outcome} per actor",
            section=_SECTION,
        )
    )
    return tuple(found)
