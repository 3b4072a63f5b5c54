"""The decision engine: Django or Flask, from the needs, by the rules file.

Pure: no I/O, no printing, no randomness, so the same answers always give
the same recommendation. Each rule that applies adds its weight to the
framework it favours (see `rules.toml`); the higher score wins.

Tie rule: equal scores go to the rules file's `tie_goes_to`, Django in the
packaged file. When the needs pull equally, guessing wrong costs more one
way: an unused Django battery costs footprint (T14, mild), while a Flask app
that later needs the batteries must assemble them, "much more effort" (T13).

Scoring lives here (answers read as sets, totals, the winner, and a quick
re-scoring after a few changed answers); `flip.py` searches those changes
and words them, asking this module only how far the other framework leads.

`answers.framework` (the user's override) is not read here: `recommend`
says what the needs call for; `chosen_framework` applies the override.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.decide.flip import Change, describe_flip, find_flips, no_flip
from scaffold.decide.rules import FRAMEWORKS, Condition, Rule, Rules, load_rules
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.questions import NEED_KEYS, Kind, Value, by_key

__all__ = [
    "MAX_FLIP_CHANGES",
    "STRONG_WEIGHT",
    "Reason",
    "Recommendation",
    "chosen_framework",
    "margin_label",
    "other_framework",
    "override_notes",
    "recommend",
]

#: The flip search looks at every combination of up to this many changed answers.
MAX_FLIP_CHANGES = 3
#: Reasons this heavy (the file's "strong" and "strongest" steps) earn a note on override.
STRONG_WEIGHT = 2.0
# A margin under one moderate rule (1.0) could be undone by a single small
# need; one of at least the heaviest rule (3.0) cannot be undone by any one.
_TOSS_UP_BELOW = 1.0
_CLEAR_FROM = 3.0


@dataclass(frozen=True)
class Reason:
    """A rule that applied: its claim, the side it took, its weight and sentences."""

    claim: str
    favours: str
    weight: float
    because: str
    rule_id: str
    if_overridden: str


@dataclass(frozen=True)
class Recommendation:
    """What the needs call for, why, and what would change it.

    `flip` is always a sentence: the smallest change of answers a person can
    act on that makes the other framework win (see `flip.py`), or a sentence
    saying none of up to `MAX_FLIP_CHANGES` changes does; `flip_changes` is
    that change (empty when there is none). `alternatives` are up to two more
    such sentences, other ways to the other framework, and
    `alternative_changes` their changes.
    """

    framework: str
    scores: Mapping[str, float]
    margin: float
    reasons: tuple[Reason, ...]
    flip: str
    flip_changes: tuple[Change, ...]
    alternatives: tuple[str, ...] = ()
    alternative_changes: tuple[tuple[Change, ...], ...] = ()

    @property
    def other(self) -> str:
        """The framework not recommended."""
        return other_framework(self.framework)

    @property
    def tied(self) -> bool:
        """Whether the scores were equal and the tie rule made the pick."""
        return self.scores["django"] == self.scores["flask"]

    def margin_label(self) -> str:
        """How clear the margin is, in words: see `margin_label`."""
        return margin_label(self.margin)

    def to_json_dict(self) -> dict[str, Any]:
        """The `scaffold recommend --json` object of interface.md, exactly."""
        return {
            "framework": self.framework,
            "scores": {name: _rounded(self.scores[name]) for name in FRAMEWORKS},
            "margin": _rounded(self.margin),
            "reasons": [
                {
                    "claim": r.claim,
                    "favours": r.favours,
                    "weight": _rounded(r.weight),
                    "because": r.because,
                }
                for r in self.reasons
            ],
            "flip": self.flip,
            "alternatives": list(self.alternatives),
        }


def recommend(answers: Answers, rules: Rules | None = None) -> Recommendation:
    """Recommend Django or Flask for the needs in `answers`.

    Args:
        answers: The validated answers; only the need keys are read.
        rules: The rules to apply; the packaged rules file when None.

    Returns:
        The framework, both scores, the margin, the reasons (heaviest first,
        then in file order), the flip and its alternatives.
    """
    rules = rules if rules is not None else load_rules()
    sets = _as_sets(answers)
    applied = [rule for rule in rules.rules if rule.applies(sets)]
    totals = _totals(applied)
    framework = _winner(totals, rules.tie_goes_to)
    # sorted() is stable, so rules of equal weight keep their file order.
    reasons = tuple(
        Reason(r.claim, r.favours, r.weight, r.because, r.id, r.if_overridden)
        for r in sorted(applied, key=lambda rule: -rule.weight)
    )
    other = other_framework(framework)
    rescorer = _Rescorer(rules, answers, framework)
    flips = find_flips(answers, rescorer, MAX_FLIP_CHANGES, moves=rescorer.moves)
    changes = flips.best
    flip = describe_flip(changes, other) if changes else no_flip(other, MAX_FLIP_CHANGES)
    return Recommendation(
        framework=framework,
        scores=totals,
        margin=abs(totals["django"] - totals["flask"]),
        reasons=reasons,
        flip=flip,
        flip_changes=changes,
        alternatives=tuple(describe_flip(combo, other) for combo in flips.alternatives),
        alternative_changes=flips.alternatives,
    )


def margin_label(margin: float) -> str:
    """How clear a margin is: "a toss-up" under 1.0, "narrow" under 3.0, else "clear".

    Under 1.0 (one moderate rule), one small need changed could swap the pick.
    From 3.0 (the heaviest single rule) up, no single need can.
    """
    if margin < _TOSS_UP_BELOW:
        return "a toss-up"
    if margin < _CLEAR_FROM:
        return "narrow"
    return "clear"


def other_framework(framework: str) -> str:
    """The framework that is not `framework`."""
    return FRAMEWORKS[1 - FRAMEWORKS.index(framework)]


def chosen_framework(answers: Answers, recommendation: Recommendation) -> str:
    """The framework to generate: the user's override if any, else the recommendation."""
    return answers.framework if answers.framework in FRAMEWORKS else recommendation.framework


def override_notes(recommendation: Recommendation, chosen: str) -> tuple[str, ...]:
    """What the user gives up by choosing against the recommendation, and how it is covered.

    Args:
        recommendation: The recommendation the user overrides.
        chosen: The framework the user chose.

    Returns:
        One note per strong reason (weight >= `STRONG_WEIGHT`) for the framework
        not chosen, as "T3: <because> <what the chosen starter adds>"; empty when
        the user keeps the recommendation.
    """
    if chosen == recommendation.framework:
        return ()
    return tuple(
        f"{r.claim}: {r.because} {r.if_overridden}"
        for r in recommendation.reasons
        if r.favours != chosen and r.weight >= STRONG_WEIGHT
    )


def _rounded(number: float) -> float:
    # Weights are quarter steps, so two decimals lose nothing; +0.0 turns -0.0 into 0.0.
    return round(number, 2) + 0.0


# --- Scoring: answers read as sets, rule totals, the winner ---------------------------

_Sets = dict[str, frozenset[str]]


def _as_sets(answers: Answers) -> _Sets:
    """Each need answer as a set of strings, the form `rules.Condition` tests."""
    return {key: _as_set(answers.get(key)) for key in NEED_KEYS}


def _as_set(value: Value) -> frozenset[str]:
    """One answer as a set of strings: {"api"}, {"true"}, or the chosen items."""
    if isinstance(value, bool):
        return frozenset({"true" if value else "false"})
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def _totals(applied: list[Rule]) -> dict[str, float]:
    """Each framework's score: the weights of the applied rules that favour it."""
    return {name: math.fsum(rule.weight for rule in applied if rule.favours == name) for name in FRAMEWORKS}


def _winner(totals: Mapping[str, float], tie_goes_to: str) -> str:
    """The higher score wins; equal scores go to `tie_goes_to` (the rules file's tie rule)."""
    if totals["django"] == totals["flask"]:
        return tie_goes_to
    return "django" if totals["django"] > totals["flask"] else "flask"


def _domain(key: str) -> tuple[str, ...]:
    """The strings an answer to `key` is read as (see `_as_set`)."""
    question = by_key(key)
    return ("true", "false") if question.kind is Kind.CONFIRM else question.values


class _Rescorer:
    """The other framework's lead after some changes (`flip.Lead`), re-testing only the rules they touch.

    The flip search scores a few thousand combinations, so this is built for
    speed: each answer is a bit mask over its key's values (a choice sets one
    bit, features one per item), each condition a mask and a count, and each
    rule's verdict is kept per answer to the keys it reads (the combinations
    show the same few again and again). Only the rules reading a changed key
    are looked at, and none when even all of them turning could not flip the
    pick (`_rules_touching`); `moves` tells the search which changes no rule
    can see. Weights are quarter steps, so adding and subtracting them is
    exact.
    """

    def __init__(self, rules: Rules, answers: Answers, framework: str) -> None:
        self._rules = rules.rules
        self._tie_goes_to = rules.tie_goes_to
        self._framework = framework
        self._other = other_framework(framework)
        sets = _as_sets(answers)
        self._base = [rule.applies(sets) for rule in self._rules]
        self._totals = _totals([r for r, on in zip(self._rules, self._base, strict=True) if on])
        self._position = {key: index for index, key in enumerate(NEED_KEYS)}
        self._bits = {key: {value: 1 << n for n, value in enumerate(_domain(key))} for key in NEED_KEYS}
        self._state = [self._mask(key, sets[key]) for key in NEED_KEYS]
        # Each rule's sides as (key position, mask, at least, at most) tables, and the positions it reads.
        self._sides = [
            tuple(self._compiled(table) for table in tables)
            for rule in self._rules
            for tables in (rule.when_any, rule.unless_any)
        ]
        self._reads = [tuple(sorted({self._position[c.key] for c in rule.when + rule.unless})) for rule in self._rules]
        # itemgetter reads a rule's answers in C: the search asks it some forty thousand times.
        self._seen = [operator.itemgetter(*reads) for reads in self._reads]
        self._verdicts: list[dict[object, bool]] = [{} for _ in self._rules]
        self._behind = self._totals[framework] - self._totals[self._other]
        # What each rule adds to the other framework's lead when it switches on.
        self._swing = [rule.weight if rule.favours == self._other else -rule.weight for rule in self._rules]
        self._touching: dict[frozenset[int], tuple[int, ...] | None] = {}
        # Per key, the bits some condition tells apart: two values no mask separates read the same.
        self._telling: dict[str, list[int]] = {}
        for rule in self._rules:
            for condition in rule.when + rule.unless:
                self._telling.setdefault(condition.key, []).append(self._mask(condition.key, condition.values))

    def moves(self, change: Change) -> bool:
        """Whether some rule can tell the changed answer from the current one.

        Features no rule names (api, tasks), or a value read like the current one (PostgreSQL
        for SQLite), move no score: a flip needing one is never the smallest, so the search
        leaves them out.
        """
        bits = self._bits[change.key]
        new = bits[_text(change.value)]
        if change.key == "features":
            return any(mask & new for mask in self._telling.get(change.key, []))
        old = self._state[self._position[change.key]]
        return any(bool(mask & new) != bool(mask & old) for mask in self._telling.get(change.key, []))

    def _rules_touching(self, positions: frozenset[int]) -> tuple[int, ...] | None:
        """The rules reading these answers; None when even all of them turning could not flip the pick.

        Far from a flip, that spares scoring most combinations of these keys.
        """
        touching = tuple(index for index, reads in enumerate(self._reads) if positions.intersection(reads))
        # The most the other framework could gain: every rule that could switch its way does.
        reach = math.fsum(
            self._rules[index].weight
            for index in touching
            if (self._rules[index].favours == self._other) != self._base[index]
        )
        if reach < self._behind or (reach == self._behind and self._tie_goes_to != self._other):
            return None
        return touching

    def _mask(self, key: str, values: frozenset[str]) -> int:
        bits = self._bits[key]
        return sum(bits[value] for value in values)

    def _compiled(self, table: tuple[Condition, ...]) -> tuple[tuple[int, int, int, int], ...]:
        return tuple((self._position[c.key], self._mask(c.key, c.values), c.at_least, _at_most(c)) for c in table)

    def _applies(self, index: int, state: list[int]) -> bool:
        seen = self._seen[index](state)
        verdict = self._verdicts[index].get(seen)
        if verdict is None:
            when, unless = self._sides[2 * index], self._sides[2 * index + 1]
            verdict = _any_table(when, state) and not _any_table(unless, state)
            self._verdicts[index][seen] = verdict
        return verdict

    def __call__(self, changes: tuple[Change, ...]) -> float | None:
        state = self._state.copy()
        for change in changes:
            position = self._position[change.key]
            bit = self._bits[change.key][_text(change.value)]
            if change.key == "features":
                state[position] = state[position] & ~bit if change.removed else state[position] | bit
            else:
                state[position] = bit
        positions = frozenset(self._position[change.key] for change in changes)
        if positions not in self._touching:
            self._touching[positions] = self._rules_touching(positions)
        touching = self._touching[positions]
        if touching is None:
            return None
        ahead = -self._behind
        for index in touching:
            now = self._applies(index, state)
            if now != self._base[index]:
                ahead += self._swing[index] if now else -self._swing[index]
        if ahead > 0 or (ahead == 0 and self._tie_goes_to == self._other):
            return ahead
        return None


def _text(value: str | bool) -> str:
    """A changed value as `_as_set` reads it: yes/no as "true"/"false"."""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _at_most(condition: Condition) -> int:
    return len(condition.values) if condition.at_most is None else condition.at_most


def _any_table(tables: tuple[tuple[tuple[int, int, int, int], ...], ...], state: list[int]) -> bool:
    """Whether any table holds: every (position, mask, at least, at most) in it counts right."""
    for table in tables:
        for position, mask, at_least, at_most in table:
            if not at_least <= (state[position] & mask).bit_count() <= at_most:
                break
        else:
            return True
    return False
