"""A covering array of strength 3 over the answers that shape a generated project.

The answer space is framework x kind x each feature (on/off) x database x each
extra (on/off): 2 * 6 * 2^7 * 3 * 2^2 = 18,432 projects, far too many to run. A
covering array of strength 3 is a small set of rows in which every combination of
any three answer values appears in at least one row, so a bug that needs up to
three answers to show is met by some row.

Only combinations `scaffold new --no-input` can make count. scaffold's own mapping
(`scaffold.render.context.database_for` / `features_for`) changes some answers: Django has
no database "none" (it uses SQLite), Flask "none" with a feature that stores data
gets SQLite, kinds api and microservice always get the api feature. A row is
therefore a *fixed point* of that mapping: rendering it gives exactly the project
it names. A triple no such row can hold (Flask + none + auth) is not required.

Construction is greedy (in the spirit of AETG): the default project of each kind
and framework comes first (they run through every front-door runner anyway), then
each next row is the candidate covering the most triples still uncovered. Every
candidate is built around one uncovered triple, the rest filled value by value
with whatever covers the most; the random order is seeded, so the array is the
same on every run and every machine.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FRAMEWORKS = ("django", "flask")
KINDS = ("fullstack", "cms", "admin_tool", "api", "microservice", "prototype")
FEATURES = ("admin", "auth", "api", "rss", "sitemap", "cache", "tasks")
DATABASES = ("sqlite", "none", "postgresql")
EXTRAS = ("docker", "ci")

#: The factors of the array, in row order: each a name and its values.
FACTORS: tuple[tuple[str, tuple[object, ...]], ...] = (
    ("framework", FRAMEWORKS),
    ("kind", KINDS),
    *((feature, (False, True)) for feature in FEATURES),
    ("database", DATABASES),
    *((extra, (False, True)) for extra in EXTRAS),
)

STRENGTH = 3

#: Seed of the greedy construction's random choices: fixed, so the array is reproducible.
SEED = 3
#: Candidates scored for each row: more gives a smaller array, slower to build.
CANDIDATES = 40

# A row as the indices of its values in FACTORS, and a triple as three (factor, value index) pairs.
Values = tuple[int, ...]
Triple = tuple[tuple[int, int], tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Row:
    """One project of the array: the answers `scaffold new --no-input` is given."""

    framework: str
    kind: str
    features: tuple[str, ...]
    database: str
    extras: tuple[str, ...]

    @property
    def id(self) -> str:
        """A short readable name, unique in the array (the pytest id)."""
        features = "+".join(self.features) or "nofeatures"
        extras = "+".join(self.extras) or "noextras"
        return f"{self.framework}-{self.kind}-{features}-{self.database}-{extras}"

    def cli_args(self) -> list[str]:
        """The `scaffold new` options that make this project (a name is added by the caller)."""
        return [
            "--no-input",
            "--framework",
            self.framework,
            "--set",
            f"kind={self.kind}",
            "--set",
            f"features={','.join(self.features)}",
            "--set",
            f"database={self.database}",
            "--set",
            f"extras={','.join(self.extras)}",
        ]

    def values(self) -> Values:
        """The row as indices into FACTORS."""
        chosen = {
            "framework": self.framework,
            "kind": self.kind,
            "database": self.database,
            **{feature: feature in self.features for feature in FEATURES},
            **{extra: extra in self.extras for extra in EXTRAS},
        }
        return tuple(values.index(chosen[name]) for name, values in FACTORS)

    @classmethod
    def from_values(cls, values: Values) -> Row:
        """The row with these indices into FACTORS."""
        chosen = {name: options[i] for (name, options), i in zip(FACTORS, values, strict=True)}
        return cls(
            framework=str(chosen["framework"]),
            kind=str(chosen["kind"]),
            features=tuple(f for f in FEATURES if chosen[f]),
            database=str(chosen["database"]),
            extras=tuple(e for e in EXTRAS if chosen[e]),
        )


def is_renderable(row: Row) -> bool:
    """True when scaffold's mapping leaves the row as it is: rendering it gives this very project."""
    from scaffold.questionnaire.answers import Answers
    from scaffold.render.context import database_for, features_for

    answers = Answers(kind=row.kind, features=row.features, database=row.database, extras=row.extras)
    if database_for(answers, row.framework).database != row.database:
        return False
    return set(features_for(answers).features) == set(row.features)


def default_rows() -> list[Row]:
    """What `scaffold new --no-input --framework F --set kind=K` makes, for every kind and framework."""
    from scaffold.questionnaire.gather import complete

    rows = []
    for framework, kind in itertools.product(FRAMEWORKS, KINDS):
        answers = complete({"kind": kind, "framework": framework})
        from scaffold.render.context import database_for, features_for

        rows.append(
            Row(
                framework=framework,
                kind=kind,
                features=tuple(f for f in FEATURES if f in features_for(answers).features),
                database=database_for(answers, framework).database,
                extras=tuple(e for e in EXTRAS if e in answers.extras),
            )
        )
    return rows


def triples_of(values: Values) -> Iterator[Triple]:
    """Every combination of three factor values in a row."""
    for i, j, k in itertools.combinations(range(len(values)), STRENGTH):
        yield ((i, values[i]), (j, values[j]), (k, values[k]))


@functools.cache
def renderable_values() -> tuple[Values, ...]:
    """Every renderable row of the whole answer space, as indices."""
    space = itertools.product(*(range(len(values)) for _, values in FACTORS))
    return tuple(v for v in space if is_renderable(Row.from_values(v)))


@functools.cache
def required_triples() -> frozenset[Triple]:
    """The triples some renderable row holds: those the array must cover."""
    return frozenset(t for values in renderable_values() for t in triples_of(values))


def uncovered(rows: Iterable[Row]) -> set[Triple]:
    """The required triples none of `rows` holds (empty for a covering array)."""
    missing = set(required_triples())
    for row in rows:
        missing.difference_update(triples_of(row.values()))
    return missing


@functools.cache
def _masks() -> tuple[tuple[int, ...], ...]:
    """For each factor value, a bit set of the renderable rows holding it (bit n: row n of the pool).

    A partial row can be completed into a renderable one exactly when the AND of its values'
    sets is not empty: one integer AND per check, where scanning the pool took seconds.
    """
    pool = renderable_values()
    masks = [[0] * len(values) for _, values in FACTORS]
    for n, values in enumerate(pool):
        for factor, option in enumerate(values):
            masks[factor][option] |= 1 << n
    return tuple(tuple(m) for m in masks)


def _candidate(rng: random.Random, missing: set[Triple], seed: Triple) -> Values | None:
    """A renderable row holding `seed`, its other values picked to cover the most of `missing`."""
    masks = _masks()
    fixed = dict(seed)
    holding = functools.reduce(lambda a, b: a & b, (masks[f][i] for f, i in fixed.items()))
    if not holding:
        return None
    # Fill factor by factor in random order; each value must leave some renderable row possible.
    order = [f for f in range(len(FACTORS)) if f not in fixed]
    rng.shuffle(order)
    for factor in order:
        best: tuple[int, int, int] | None = None
        options = list(range(len(FACTORS[factor][1])))
        rng.shuffle(options)
        for option in options:
            still = holding & masks[factor][option]
            if not still:
                continue
            gain = sum(
                1
                for (f1, i1), (f2, i2) in itertools.combinations(fixed.items(), 2)
                if tuple(sorted(((f1, i1), (f2, i2), (factor, option)))) in missing
            )
            if best is None or gain > best[0]:
                best = (gain, option, still)
        assert best is not None  # some renderable row holds `fixed`, so one of its values fits
        fixed[factor] = best[1]
        holding = best[2]
    return tuple(fixed[f] for f in range(len(FACTORS)))


@functools.cache
def covering_rows() -> tuple[Row, ...]:
    """The covering array: greedy rows until every required triple is covered."""
    rng = random.Random(SEED)
    rows: list[Row] = []
    missing = set(required_triples())
    while missing:
        ordered = sorted(missing)
        best: tuple[int, Values] | None = None
        for seed in rng.sample(ordered, min(CANDIDATES, len(ordered))):
            values = _candidate(rng, missing, seed)
            if values is None:
                continue
            gain = sum(1 for t in triples_of(values) if t in missing)
            if best is None or gain > best[0]:
                best = (gain, values)
        assert best is not None and best[0] > 0, "a required triple that no renderable row holds"
        rows.append(Row.from_values(best[1]))
        missing.difference_update(triples_of(best[1]))
    return tuple(rows)


if __name__ == "__main__":
    # `python tests/support/covering.py`: print the array, one row a line.
    for number, row in enumerate(covering_rows(), 1):
        print(f"{number:3d} {row.id}")
