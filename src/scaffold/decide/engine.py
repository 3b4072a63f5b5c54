"""The decision engine: Django or Flask, from the needs, by the rules file.

Pure: no I/O, no printing, no randomness, so the same answers always give
the same recommendation. Each rule that applies adds its weight to the
framework it favours (see `data/rules.toml`); the higher score wins.

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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scaffold.decide.flip import Change, changed_values, describe_flip, no_flip, smallest_flip
from scaffold.decide.rules import FRAMEWORKS, Rule, Rules, load_rules
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.questions import NEED_KEYS, Value

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

    `flip` is always a sentence: the smallest change of answers that makes
    the other framework win, or a sentence saying none of up to
    `MAX_FLIP_CHANGES` changes does; `flip_changes` is that change (empty
    when there is none).
    """

    framework: str
    scores: Mapping[str, float]
    margin: float
    reasons: tuple[Reason, ...]
    flip: str
    flip_changes: tuple[Change, ...]

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
        }


def recommend(answers: Answers, rules: Rules | None = None) -> Recommendation:
    """Recommend Django or Flask for the needs in `answers`.

    Args:
        answers: The validated answers; only the need keys are read.
        rules: The rules to apply; the packaged rules file when None.

    Returns:
        The framework, both scores, the margin, the reasons (heaviest first,
        then in file order) and the flip.
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
    changes = smallest_flip(answers, _Rescorer(rules, answers, framework), MAX_FLIP_CHANGES)
    flip = describe_flip(changes, other) if changes else no_flip(other, MAX_FLIP_CHANGES)
    return Recommendation(
        framework=framework,
        scores=totals,
        margin=abs(totals["django"] - totals["flask"]),
        reasons=reasons,
        flip=flip,
        flip_changes=changes,
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


class _Rescorer:
    """The other framework's lead after some changes (`flip.Lead`), re-testing only the rules they touch.

    The flip search scores a few thousand combinations; most rules read keys
    a combination leaves alone, so this keeps `recommend` quick. Weights are
    quarter steps, so adding and subtracting them is exact.
    """

    def __init__(self, rules: Rules, answers: Answers, framework: str) -> None:
        self._rules = rules.rules
        self._tie_goes_to = rules.tie_goes_to
        self._answers = answers
        self._framework = framework
        self._other = other_framework(framework)
        self._sets = _as_sets(answers)
        self._base = [rule.applies(self._sets) for rule in self._rules]
        self._totals = _totals([r for r, on in zip(self._rules, self._base, strict=True) if on])
        self._readers: dict[str, list[int]] = {}
        for index, rule in enumerate(self._rules):
            for key in {c.key for c in rule.when + rule.unless}:
                self._readers.setdefault(key, []).append(index)

    def __call__(self, changes: tuple[Change, ...]) -> float | None:
        after = changed_values(self._answers, changes)
        changed = {**self._sets, **{key: _as_set(value) for key, value in after.items()}}
        totals = dict(self._totals)
        for index in sorted({i for key in after for i in self._readers.get(key, [])}):
            rule = self._rules[index]
            now = rule.applies(changed)
            if now != self._base[index]:
                totals[rule.favours] += rule.weight if now else -rule.weight
        if _winner(totals, self._tie_goes_to) != self._other:
            return None
        return totals[self._other] - totals[self._framework]
