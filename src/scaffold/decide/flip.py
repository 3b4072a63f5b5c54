"""The flip: the smallest change of answers a person can act on that makes the other framework win, in words.

A change is one need answered differently; for `features`, one feature added
or removed counts as one change, so "without the admin interface and user
accounts" is two changes, as a user would count them. Only answers the flow
would ask are proposed: a change to a question that the other answers make
moot (time to market for an API) is no change a user could make.

Not every need is as easy to change. The search runs in tiers (`TIERS`) and
stops at the first that has a flip: first the needs a user can change without
changing what they build (the batteries, size, team, time to market,
conventions or own choices, whose data it is); then the other needs but the
kind (an existing stack, the team's experience, the database); a different
kind of project only when nothing else flips it. "If it were a microservice"
is no advice to someone building a forum.

Within a tier the fewest changes win. Among flips of one size, whose data it
is comes last (it is the hardest of these to change), then the flip the other
framework wins by most (the most telling), then `_possible_changes` order.
Up to two alternatives follow: other flips of that tier that need no more than
one change more, each about another set of needs than those shown before it,
and each minimal (no part of it flips on its own: "without the admin and the RSS feed"
is no alternative to "without the admin").

The search is given how the scores move (`Lead`), so it knows nothing of the
rules; `engine.recommend` supplies that from its scoring.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.questions import NEED_KEYS, Kind, Value, by_key

__all__ = [
    "ADJUSTABLE_KEYS",
    "TIERS",
    "Change",
    "Flips",
    "Lead",
    "Moves",
    "changed_values",
    "describe_flip",
    "find_flips",
    "no_flip",
    "smallest_flip",
]

#: How far the other framework leads after some changes, or None when it would not win.
Lead = Callable[[tuple["Change", ...]], float | None]
#: Whether one change could move a score at all (see `find_flips`).
Moves = Callable[["Change"], bool]

#: The needs a user can change without changing what they build (issue 21).
ADJUSTABLE_KEYS: tuple[str, ...] = ("features", "size", "team", "time_to_market", "flexibility", "data_source")
#: The keys each tier of the search may change, in the order they are tried.
TIERS: tuple[tuple[str, ...], ...] = (
    ADJUSTABLE_KEYS,
    tuple(key for key in NEED_KEYS if key != "kind"),
    NEED_KEYS,
)
#: Changed last among flips of one size: what the app works on is the hardest of the adjustable needs to change.
_LAST_RESORT = frozenset({"data_source"})
#: How many alternatives a verdict shows.
ALTERNATIVES = 2

_FEATURE_ORDER = by_key("features").values


@dataclass(frozen=True)
class Change:
    """One need answered differently: `key` gets `value`; for features, one added or removed."""

    key: str
    value: str | bool
    removed: bool = False

    @property
    def target(self) -> tuple[str, str]:
        """What the change is about: the key, or for features the feature too."""
        return (self.key, str(self.value)) if self.key == "features" else (self.key, "")


@dataclass(frozen=True)
class Flips:
    """The flip to show first (`best`, empty when none) and up to `ALTERNATIVES` other ones."""

    best: tuple[Change, ...]
    alternatives: tuple[tuple[Change, ...], ...]


def find_flips(
    answers: Answers, lead: Lead, limit: int, alternatives: int = ALTERNATIVES, moves: Moves | None = None
) -> Flips:
    """The flip and its alternatives, from the first tier of `TIERS` that has one within `limit` changes.

    `moves` may leave out changes that move no score: any flip needing one also flips
    without it, so it is never minimal, and the result is the same, found sooner.
    """
    possible = tuple(change for change in _possible_changes(answers) if moves is None or moves(change))
    conditional = tuple(by_key(change.key).when is not None for change in possible)
    values = answers.as_dict()
    # Combinations are tuples of indices into `possible`: cheap to hash, and in the
    # same order in every tier, so a later tier finds the earlier tiers' scores here.
    memo: dict[tuple[int, ...], float | None] = {}
    for keys in TIERS:
        tier = tuple(index for index, change in enumerate(possible) if change.key in keys)
        found: list[tuple[int, ...]] = []
        flipping: set[tuple[int, ...]] = set()
        for size in range(1, limit + 1):
            if found and size > len(found[0]) + 1:
                break  # alternatives need at most one change more than the flip
            ranked: list[tuple[int, float, tuple[int, ...]]] = []
            for combo in itertools.combinations(tier, size):
                changes = tuple(possible[index] for index in combo)
                if not _askable(answers, values, changes, any(conditional[index] for index in combo)):
                    continue
                if combo not in memo:
                    memo[combo] = lead(changes)
                ahead = memo[combo]
                if ahead is None:
                    continue
                flipping.add(combo)
                if size == 1 or not _has_flipping_part(combo, flipping):
                    last = sum(change.key in _LAST_RESORT for change in changes)
                    ranked.append((last, -ahead, combo))
            ranked.sort()
            found.extend(combo for _, _, combo in ranked)
        if found:
            flips = [tuple(possible[index] for index in combo) for combo in found]
            return Flips(flips[0], _distinct(flips, alternatives))
    return Flips((), ())


def smallest_flip(answers: Answers, lead: Lead, limit: int) -> tuple[Change, ...]:
    """The flip `find_flips` shows first; () if none within `limit` changes."""
    return find_flips(answers, lead, limit, alternatives=0).best


def _has_flipping_part(combo: tuple[int, ...], flipping: set[tuple[int, ...]]) -> bool:
    # Parts keep their order (combinations of a sorted tuple), as `flipping` holds them.
    return any(part in flipping for size in range(1, len(combo)) for part in itertools.combinations(combo, size))


def _distinct(found: list[tuple[Change, ...]], wanted: int) -> tuple[tuple[Change, ...], ...]:
    """Up to `wanted` flips after the first, each about needs no flip before it was about."""
    shown = [frozenset(change.target for change in found[0])]
    chosen: list[tuple[Change, ...]] = []
    for combo in found[1:]:
        if len(chosen) == wanted:
            break
        targets = frozenset(change.target for change in combo)
        if targets not in shown:
            shown.append(targets)
            chosen.append(combo)
    return tuple(chosen)


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


def _askable(answers: Answers, values: dict[str, Value], combo: tuple[Change, ...], conditional: bool) -> bool:
    """Whether a user could make these changes: one new value per key, each to a question the flow would ask."""
    # Two new values for one single-valued key is never a smallest change.
    keys = [change.key for change in combo if change.key != "features"]
    if len(keys) != len(set(keys)):
        return False
    if not conditional:
        return True
    changed = {**values, **changed_values(answers, combo)}
    return all(by_key(change.key).applies(changed) for change in combo)


# What each answer reads as after "if": "If it were a microservice, ..."
_IF: dict[str, dict[str | bool, str]] = {
    "data_source": {
        "own_database": "it kept its data in a database of its own",
        "another_system": "its data lived in another system",
        "none": "it stored no data",
    },
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
