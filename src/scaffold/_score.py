"""Scoring: answers read as sets, rule totals, the winner, and the flip search.

The internals of `decision.py`, kept apart so each module stays small. Every
answer is read as a set of strings ({"api"} for a choice, {"true"} for a
yes/no, the chosen items for a list), the form `rules.Condition` tests.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping

from scaffold._flip import Change, possible_changes
from scaffold.answers import Answers
from scaffold.questions import NEED_KEYS, Value
from scaffold.rules import FRAMEWORKS, Rule, Rules

__all__ = ["as_set", "as_sets", "smallest_flip", "totals_of", "winner"]

_Sets = dict[str, frozenset[str]]


def as_sets(answers: Answers) -> _Sets:
    """Each need answer as a set of strings."""
    return {key: as_set(answers.get(key)) for key in NEED_KEYS}


def as_set(value: Value) -> frozenset[str]:
    """One answer as a set of strings: {"api"}, {"true"}, or the chosen items."""
    if isinstance(value, bool):
        return frozenset({"true" if value else "false"})
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


def totals_of(applied: list[Rule]) -> dict[str, float]:
    """Each framework's score: the weights of the applied rules that favour it."""
    return {name: math.fsum(rule.weight for rule in applied if rule.favours == name) for name in FRAMEWORKS}


def winner(totals: Mapping[str, float], tie_goes_to: str) -> str:
    """The higher score wins; equal scores go to `tie_goes_to` (the rules file's tie rule)."""
    if totals["django"] == totals["flask"]:
        return tie_goes_to
    return "django" if totals["django"] > totals["flask"] else "flask"


def smallest_flip(answers: Answers, rules: Rules, framework: str, limit: int) -> tuple[Change, ...]:
    """The fewest changes that make the other framework win; () if none within the limit.

    Among flips of the same size, the one the other framework wins by most is
    the most telling; a remaining tie goes to the first in `possible_changes` order.
    """
    other = "flask" if framework == "django" else "django"
    rescore = _Rescorer(rules, as_sets(answers))
    for size in range(1, limit + 1):
        best: tuple[Change, ...] = ()
        best_lead = -math.inf
        for combo in _combinations(answers, size):
            totals = rescore(combo)
            if winner(totals, rules.tie_goes_to) != other:
                continue
            lead = totals[other] - totals[framework]
            if lead > best_lead:
                best, best_lead = combo, lead
        if best:
            return best
    return ()


class _Rescorer:
    """Scores after some changes, re-testing only the rules that read a changed key.

    The flip search scores a few thousand combinations; most rules read keys
    a combination leaves alone, so this keeps `recommend` quick. Weights are
    quarter steps, so adding and subtracting them is exact.
    """

    def __init__(self, rules: Rules, sets: _Sets) -> None:
        self._rules = rules.rules
        self._sets = sets
        self._base = [rule.applies(sets) for rule in self._rules]
        self._totals = totals_of([r for r, on in zip(self._rules, self._base, strict=True) if on])
        self._readers: dict[str, list[int]] = {}
        for index, rule in enumerate(self._rules):
            for key in {c.key for c in rule.when + rule.unless}:
                self._readers.setdefault(key, []).append(index)

    def __call__(self, changes: tuple[Change, ...]) -> dict[str, float]:
        changed = _applied(self._sets, changes)
        totals = dict(self._totals)
        for index in sorted({i for c in changes for i in self._readers.get(c.key, [])}):
            rule = self._rules[index]
            now = rule.applies(changed)
            if now != self._base[index]:
                totals[rule.favours] += rule.weight if now else -rule.weight
        return totals


def _combinations(answers: Answers, size: int) -> Iterator[tuple[Change, ...]]:
    for combo in itertools.combinations(possible_changes(answers), size):
        # Two new values for one single-valued key is never a smallest change.
        keys = [change.key for change in combo if change.key != "features"]
        if len(keys) == len(set(keys)):
            yield combo


def _applied(sets: _Sets, changes: tuple[Change, ...]) -> _Sets:
    changed = dict(sets)
    for change in changes:
        if change.key == "features":
            op = changed[change.key].difference if change.removed else changed[change.key].union
            changed[change.key] = op({str(change.value)})
        else:
            changed[change.key] = as_set(change.value)
    return changed
