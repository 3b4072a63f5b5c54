"""The flip: the smallest change of answers that makes the other framework win, in words.

A change is one need answered differently; for `features`, one feature added
or removed counts as one change, so "without the admin interface and user
accounts" is two changes, as a user would count them. Only answers the flow
would ask are proposed: a change to a question that the other answers make
moot (time to market for an API) is no change a user could make.

The search is given how the scores move (`Lead`), so it knows nothing of the
rules; `decision.recommend` supplies that from its scoring.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.questions import NEED_KEYS, Kind, Value, by_key

__all__ = ["Change", "Lead", "changed_values", "describe_flip", "no_flip", "smallest_flip"]

#: How far the other framework leads after some changes, or None when it would not win.
Lead = Callable[[tuple["Change", ...]], float | None]


_FEATURE_ORDER = by_key("features").values


@dataclass(frozen=True)
class Change:
    """One need answered differently: `key` gets `value`; for features, one added or removed."""

    key: str
    value: str | bool
    removed: bool = False


def smallest_flip(answers: Answers, lead: Lead, limit: int) -> tuple[Change, ...]:
    """The fewest changes that make the other framework win; () if none within `limit`.

    Among flips of the same size, the one the other framework wins by most is
    the most telling; a remaining tie goes to the first in `_possible_changes`
    order.
    """
    for size in range(1, limit + 1):
        best: tuple[Change, ...] = ()
        best_lead = -math.inf
        for combo in _combinations(answers, size):
            ahead = lead(combo)
            if ahead is not None and ahead > best_lead:
                best, best_lead = combo, ahead
        if best:
            return best
    return ()


def changed_values(answers: Answers, changes: Iterable[Change]) -> dict[str, Value]:
    """The new value of each key `changes` touch (features kept in question order, as answers.py does)."""
    values: dict[str, Value] = {}
    for change in changes:
        if change.key == "features":
            current = values.get("features", answers.features)
            chosen = set(current) if isinstance(current, tuple) else set()
            if change.removed:
                chosen.discard(str(change.value))
            else:
                chosen.add(str(change.value))
            values["features"] = tuple(v for v in _FEATURE_ORDER if v in chosen)
        else:
            values[change.key] = change.value
    return values


def _possible_changes(answers: Answers) -> tuple[Change, ...]:
    """Every single change of a need answer, features first, then in question order.

    The order breaks ties between equally good flips. Features come first:
    a battery asked for is the need a user most readily reconsiders ("without
    the admin interface"), while what is being built rarely changes.
    """
    changes: list[Change] = []
    for key in sorted(NEED_KEYS, key=lambda k: k != "features"):
        question = by_key(key)
        current = answers.get(key)
        if question.kind is Kind.CONFIRM:
            changes.append(Change(key, not current))
        elif question.kind is Kind.MULTI:
            chosen = current if isinstance(current, tuple) else ()
            changes.extend(Change(key, value, value in chosen) for value in question.values)
        else:
            changes.extend(Change(key, value) for value in question.values if value != current)
    return tuple(changes)


def _combinations(answers: Answers, size: int) -> Iterator[tuple[Change, ...]]:
    values = answers.as_dict()
    for combo in itertools.combinations(_possible_changes(answers), size):
        # Two new values for one single-valued key is never a smallest change.
        keys = [change.key for change in combo if change.key != "features"]
        if len(keys) == len(set(keys)) and _all_asked(answers, values, combo):
            yield combo


def _all_asked(answers: Answers, values: dict[str, Value], combo: tuple[Change, ...]) -> bool:
    """Whether the flow would ask every changed question, once the changes are made."""
    conditional = [question for question in map(by_key, (c.key for c in combo)) if question.when is not None]
    if not conditional:
        return True
    changed = {**values, **changed_values(answers, combo)}
    return all(question.applies(changed) for question in conditional)


# What each answer reads as after "if": "If it were a microservice, ..."
_IF: dict[str, dict[str | bool, str]] = {
    "kind": {
        "fullstack": "it were a full-stack web application",
        "cms": "it were a content site",
        "admin_tool": "it were an administrative tool",
        "api": "it were an API back end",
        "microservice": "it were a microservice",
        "prototype": "it were a prototype",
    },
    "team": {
        "solo": "you worked on it alone",
        "small": "a small team worked on it",
        "large": "a large team worked on it",
    },
    "size": {
        "small": "the application stayed small",
        "medium": "the application were medium-sized",
        "large": "the application grew large",
    },
    "experience": {
        "beginner": "the team were beginners",
        "intermediate": "the team had some experience",
        "expert": "the team were experts",
    },
    "time_to_market": {
        "relaxed": "there were no rush",
        "normal": "the schedule were normal",
        "urgent": "it had to ship as soon as possible",
    },
    "existing_stack": {
        True: "it slotted into an existing stack",
        False: "it stood alone rather than slotting into an existing stack",
    },
    "flexibility": {
        "conventions": "you followed the framework's conventions",
        "balanced": "you balanced conventions and your own choices",
        "own_choices": "you chose every component yourself",
    },
    "database": {
        "none": "it needed no database",
        "sqlite": "it used SQLite",
        "postgresql": "it used PostgreSQL",
    },
}

# A feature as named after "without" (the one asked for) and after "with".
_FEATURE: dict[str, tuple[str, str]] = {
    "admin": ("the admin interface", "an admin interface"),
    "auth": ("user accounts", "user accounts"),
    "api": ("the JSON API", "a JSON API"),
    "rss": ("the RSS feed", "an RSS feed"),
    "sitemap": ("the sitemap", "a sitemap"),
    "cache": ("the page cache", "a page cache"),
    "tasks": ("background jobs", "background jobs"),
}


def describe_flip(changes: Iterable[Change], other: str) -> str:
    """One sentence: "Without the admin interface, Flask would be picked."."""
    without: list[str] = []
    with_: list[str] = []
    if_: list[str] = []
    for change in changes:
        if change.key == "features" and change.removed:
            without.append(_FEATURE[str(change.value)][0])
        elif change.key == "features":
            with_.append(_FEATURE[str(change.value)][1])
        else:
            if_.append(_IF[change.key][change.value])
    parts = [f"{word} {_join(items)}" for word, items in (("without", without), ("with", with_), ("if", if_)) if items]
    # Groups are separated by ", and" so that the "and" inside a group still reads clearly.
    text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return f"{text[:1].upper()}{text[1:]}, {other.capitalize()} would be picked."


def no_flip(other: str, limit: int) -> str:
    """The flip sentence when no change of up to `limit` answers makes `other` win."""
    return f"No change of up to {limit} answers would make {other.capitalize()} the pick."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
