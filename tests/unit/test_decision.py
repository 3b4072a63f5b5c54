"""The decision engine, checked the way a user would: verdicts, reasons, flips, JSON."""

from __future__ import annotations

import functools
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scaffold.decide.engine import (
    MAX_FLIP_CHANGES,
    STRONG_WEIGHT,
    chosen_framework,
    margin_label,
    override_notes,
    recommend,
)
from scaffold.decide.flip import changed_values
from scaffold.decide.rules import load_rules
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.gather import complete
from scaffold.questionnaire.questions import NEED_KEYS, Kind, Value, by_key


def needs(**given: Value) -> Answers:
    """Answers as the CLI builds them: what the user gave, defaults for the rest."""
    return complete(given)


RULES = load_rules()


@functools.cache
def scores(answers: Answers) -> dict[str, float]:
    """Both scores, computed here from the rules alone: an oracle apart from the engine's own scoring.

    Memoised (callers only read the result): the property and brute-force tests ask about the same
    profiles many times over, and the oracle is deliberately plain rather than fast.
    """
    sets = {}
    for key in NEED_KEYS:
        value = answers.get(key)
        if isinstance(value, bool):
            sets[key] = frozenset({str(value).lower()})
        else:
            sets[key] = frozenset(value) if isinstance(value, tuple) else frozenset({value})
    totals = {"django": 0.0, "flask": 0.0}
    for rule in RULES.rules:
        if rule.applies(sets):
            totals[rule.favours] += rule.weight
    return totals


def lead(answers: Answers) -> float:
    """Django's lead: positive when Django is ahead."""
    totals = scores(answers)
    return totals["django"] - totals["flask"]


# Each profile quotes the sentence of the seed article it is derived from.
PROFILES = [
    # "Django was created at Lawrence Journal-World newspaper" ... "content management
    # systems" ... "RSS feeds, ..., site maps, page cache, etc. are also generated".
    ("newspaper-cms", dict(kind="cms", features=("admin", "rss", "sitemap", "cache")), "django"),
    # "Developers needed a more flexible framework to fit into the existing stack and
    # solve part of the puzzle with ease." / "Flask is best used for developing microservices".
    ("microservice-in-stack", dict(kind="microservice", existing_stack=True), "flask"),
    # "Developers use Flask to achieve specific tasks like microservices behind mobile,
    # web, and desktop apps." / "Twilio ... uses Flask for its backend APIs."
    ("mobile-api", dict(kind="api", size="small", flexibility="own_choices"), "flask"),
    # "Speed development and reduced time to market makes Django a framework of choice
    # for enterprises." / "Scalability also means ease of adding more developers".
    ("enterprise", dict(team="large", size="large", time_to_market="urgent"), "django"),
    # "Flask is much easier to learn." / "arguably the best in ... small applications"
    (
        "beginner-prototype",
        dict(kind="prototype", team="solo", size="small", experience="beginner"),
        "flask",
    ),
    # "It might become cumbersome to put together a full-stack application that provides
    # an admin interface, front end, RSS feeds and page caching, etc. in Flask."
    (
        "beginner-batteries",
        dict(experience="beginner", features=("admin", "auth", "rss")),
        "django",
    ),
    # "many successful ... high-traffic websites, administrative tools, social networks
    # ... are built using Django" (a social network: large, with accounts).
    ("social-network", dict(size="large", team="large", features=("auth", "cache")), "django"),
    # "The lightweight Flask is arguably the best in SOA, microservices, and small
    # applications" / "doesn't enforce on you what extensions ... you should choose".
    ("small-own-choices", dict(size="small", flexibility="own_choices"), "flask"),
    # "Django auto generates an admin interface based on the model of your web application."
    ("admin-tool", dict(kind="admin_tool", features=("admin", "auth")), "django"),
    # "scalable open APIs are built using Django" / "Django ... gives you consistent
    # application performance and scalability if you stick to the Django prescription".
    (
        "open-api-large-team",
        dict(kind="api", team="large", size="large", flexibility="conventions"),
        "django",
    ),
    # "Airbnb for example has used Flask to build an admin library for the Airflow
    # project." / "The key reason for higher Flask penetration is its easy fitment in the
    # existing development stack."
    (
        "airflow-admin-library",
        dict(
            kind="admin_tool",
            features=("admin",),
            existing_stack=True,
            flexibility="own_choices",
            size="small",
        ),
        "flask",
    ),
    # "Django is a full-stack framework and provides almost everything out of the box to
    # create a full-featured web application."
    ("full-stack-defaults", dict(), "django"),
    # "Flask is a microframework with a small core and is used mainly for microservices"
    ("stateless-microservice", dict(kind="microservice", database="none"), "flask"),
    # "A small core with additional extensions can be used to build a full-stack
    # application like what you can do with Django though it would take much more effort"
    (
        "full-stack-own-choices",
        dict(flexibility="own_choices", features=("admin", "auth", "rss", "sitemap", "cache")),
        "django",
    ),
    # "Many developers choose Flask only to solve part of the puzzle rather than building
    # the entire full stack with Flask." (experts, an API beside their stack)
    ("expert-api-in-stack", dict(kind="api", experience="expert", existing_stack=True), "flask"),
]


@pytest.mark.parametrize(("given", "expected"), [p[1:] for p in PROFILES], ids=[p[0] for p in PROFILES])
def test_article_profiles(given: dict[str, Value], expected: str) -> None:
    rec = recommend(needs(**given))
    assert rec.framework == expected
    # A real win, not the tie rule: each profile is clear-cut enough to decide on its own.
    assert rec.scores[expected] > rec.scores[rec.other]
    assert any(reason.favours == expected for reason in rec.reasons)


@pytest.mark.parametrize("battery", ["admin", "auth", "rss", "sitemap", "cache"])
def test_beginners_lean_to_flask_unless_they_need_batteries(battery: str) -> None:
    # T10: "Flask is much easier to learn", unless the batteries of T3/T4/T13 are needed.
    claims = {r.claim for r in recommend(needs(experience="beginner")).reasons}
    assert "T10" in claims
    with_battery = recommend(needs(experience="beginner", features=(battery,)))
    assert "T10" not in {r.claim for r in with_battery.reasons}
    assert "T10" not in {r.claim for r in recommend(needs(experience="expert")).reasons}


def test_clear_cut_cases_are_called_clear() -> None:
    assert recommend(needs(**PROFILES[0][1])).margin_label() == "clear"  # newspaper CMS
    assert recommend(needs(**PROFILES[1][1])).margin_label() == "clear"  # microservice in stack


def test_margin_label_thresholds() -> None:
    assert [margin_label(m) for m in (0.0, 0.5, 0.75, 1.0, 2.75, 3.0, 10.0)] == [
        "a toss-up", "a toss-up", "a toss-up", "narrow", "narrow", "clear", "clear"
    ]  # fmt: skip


def test_tie_goes_to_django_with_the_packaged_rules() -> None:
    # Full stack (T1, 1.5 for Django) against a small app (T11, 1.0) with no
    # database (T14, 0.5) for Flask: 1.5 each.
    rec = recommend(needs(size="small", database="none"))
    assert rec.scores == {"django": 1.5, "flask": 1.5}
    assert (rec.framework, rec.margin, rec.margin_label()) == ("django", 0.0, "a toss-up")
    assert rec.tied and not recommend(needs()).tied


@pytest.mark.parametrize("tie_goes_to", ["django", "flask"])
def test_tie_follows_the_files_tie_rule(tmp_path: Path, tie_goes_to: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        f'schema_version = 1\ntie_goes_to = "{tie_goes_to}"\n'
        + _rule("a", "django", 'kind = "fullstack"')
        + _rule("b", "flask", 'size = "small"'),
        encoding="utf-8",
    )
    rec = recommend(needs(size="small"), load_rules(path))
    assert rec.scores == {"django": 1.0, "flask": 1.0}
    assert rec.framework == tie_goes_to
    # From a tie, one change is enough to make the other side win outright.
    assert len(rec.flip_changes) == 1


def test_the_flip_never_proposes_a_question_the_flow_would_skip(tmp_path: Path) -> None:
    # Time to market is not asked for an API (T2 is about full-featured apps), so
    # "if it had to ship as soon as possible" is no change an API's author can make,
    # even where a rules file lets it weigh.
    path = tmp_path / "rules.toml"
    path.write_text(
        'schema_version = 1\ntie_goes_to = "django"\n'
        + _rule("a", "flask", 'kind = "api"')
        + _rule("b", "django", 'time_to_market = "urgent"').replace("weight = 1.0", "weight = 3.0"),
        encoding="utf-8",
    )
    rec = recommend(needs(kind="api"), load_rules(path))
    assert rec.framework == "flask"
    assert rec.flip_changes
    assert "time_to_market" not in {change.key for change in rec.flip_changes}
    assert rec.flip == "If it were a full-stack web application, Django would be picked."


def _rule(rule_id: str, favours: str, when: str) -> str:
    other = "Flask" if favours == "django" else "Django"
    return (
        f'[[rule]]\nid = "{rule_id}"\nclaim = "T1"\nfavours = "{favours}"\nweight = 1.0\n'
        f'when = {{ {when} }}\nbecause = "Because."\nif_overridden = "The {other} starter."\n'
    )


def test_same_answers_same_output() -> None:
    answers = needs(kind="cms", features=("admin", "rss"), team="large")
    first, second = (
        recommend(answers),
        recommend(needs(kind="cms", features=("rss", "admin"), team="large")),
    )
    assert first == second
    assert json.dumps(first.to_json_dict()) == json.dumps(second.to_json_dict())


def test_the_framework_override_does_not_change_the_recommendation() -> None:
    auto = recommend(needs(kind="cms"))
    forced = recommend(needs(kind="cms", framework="flask"))
    assert auto == forced
    assert chosen_framework(needs(kind="cms"), auto) == "django"
    assert chosen_framework(needs(kind="cms", framework="flask"), forced) == "flask"


def test_reasons_sorted_by_weight_then_file_order() -> None:
    rec = recommend(needs(kind="cms", features=("admin", "auth", "rss", "sitemap", "cache")))
    order = {rule.id: index for index, rule in enumerate(load_rules().rules)}
    keys = [(-r.weight, order[r.rule_id]) for r in rec.reasons]
    assert keys == sorted(keys)
    assert rec.reasons[0].claim == "T3"
    assert sum(r.weight for r in rec.reasons if r.favours == "django") == rec.scores["django"]


def test_json_matches_the_interface_contract() -> None:
    rec = recommend(needs(kind="cms", features=("admin", "auth")))
    data = json.loads(json.dumps(rec.to_json_dict()))
    assert list(data) == ["framework", "scores", "margin", "reasons", "flip"]
    assert data["framework"] in {"django", "flask"}
    assert list(data["scores"]) == ["django", "flask"]
    assert all(isinstance(v, float) for v in data["scores"].values())
    assert isinstance(data["margin"], float)
    assert data["margin"] == abs(data["scores"]["django"] - data["scores"]["flask"])
    assert data["reasons"], "a CMS with an admin has reasons"
    for reason in data["reasons"]:
        assert list(reason) == ["claim", "favours", "weight", "because"]
        assert reason["claim"] in {f"T{n}" for n in range(1, 17)}
        assert reason["favours"] in {"django", "flask"}
        assert isinstance(reason["weight"], float)
        assert isinstance(reason["because"], str) and reason["because"]
    weights = [r["weight"] for r in data["reasons"]]
    assert weights == sorted(weights, reverse=True)
    assert isinstance(data["flip"], str) and data["flip"].endswith(".")


def test_flip_sentences_read_as_a_user_would_say_them() -> None:
    assert recommend(needs(kind="api", features=("admin",))).flip == (
        "Without the admin interface, Flask would be picked."
    )
    assert recommend(needs()).flip == "If it were a microservice, Flask would be picked."
    assert recommend(needs(kind="microservice", existing_stack=True)).flip == (
        "With an admin interface, and if it were a content site, Django would be picked."
    )


def test_flip_sentence_groups_several_changes() -> None:
    rec = recommend(needs(kind="cms", features=("admin", "auth", "rss")))
    assert rec.flip_changes and rec.flip.startswith("Without the admin interface")
    assert rec.flip.endswith(", Flask would be picked.")


def test_no_flip_within_the_limit_is_said_plainly() -> None:
    everything = ("admin", "auth", "rss", "sitemap", "cache")
    answers = needs(kind="cms", team="large", size="large", features=everything)
    rec = recommend(answers)
    assert rec.flip_changes == ()
    assert rec.flip == f"No change of up to {MAX_FLIP_CHANGES} answers would make Flask the pick."
    layers = _layers(answers, MAX_FLIP_CHANGES)
    assert not any(_pick(other) == "flask" for layer in layers for other in layer)


def test_override_notes_name_strong_needs_and_what_the_starter_adds() -> None:
    rec = recommend(needs(kind="cms", features=("admin", "rss")))
    notes = override_notes(rec, "flask")
    assert notes[0].startswith("T3: You need an admin interface")
    assert "Flask-Admin" in notes[0]
    assert any(note.startswith("T7: ") for note in notes)
    # Only strong reasons: the RSS feed (1.0) is covered without a note.
    strong = [r for r in rec.reasons if r.weight >= STRONG_WEIGHT]
    assert notes == tuple(f"{r.claim}: {r.because} {r.if_overridden}" for r in strong)
    assert not any("RSS" in note for note in notes)
    assert override_notes(rec, "django") == ()


def test_override_against_flask_names_what_the_django_starter_does() -> None:
    rec = recommend(needs(kind="microservice", existing_stack=True))
    notes = override_notes(rec, "django")
    assert [note[:3] for note in notes] == ["T8:", "T1:"]
    assert all("The Django starter" in note for note in notes)


def test_engine_imports_stay_light() -> None:
    # `scaffold --help` must stay fast: the engine never pulls in the heavy libraries.
    code = (
        "import sys, scaffold.decide.engine; "
        "heavy = {'cookiecutter', 'questionary', 'click', 'jinja2'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- Properties over a large systematic sample of need profiles ---------------------

FEATURES = by_key("features").values
SINGLE_KEYS = [key for key in NEED_KEYS if key != "features"]


def _domain(key: str) -> tuple[Value, ...]:
    question = by_key(key)
    return (False, True) if question.kind is Kind.CONFIRM else question.values


FEATURE_SETS = [
    tuple(f for f in FEATURES if f in chosen)
    for n in range(len(FEATURES) + 1)
    for chosen in itertools.combinations(FEATURES, n)
]


def _profiles() -> Iterator[Answers]:
    """Every combination of the single-valued needs (8748), each with one of the 64
    feature sets in turn, plus every feature set for every kind, experience and
    flexibility: about 12,000 profiles, every value of every key many times over."""
    combos = itertools.product(*(_domain(key) for key in SINGLE_KEYS))
    for index, values in enumerate(combos):
        yield Answers(**dict(zip(SINGLE_KEYS, values, strict=True)), features=FEATURE_SETS[index % 64])
    for kind, experience, flexibility, features in itertools.product(
        _domain("kind"), _domain("experience"), _domain("flexibility"), FEATURE_SETS
    ):
        yield Answers(kind=kind, experience=experience, flexibility=flexibility, features=features)


PROFILE_SAMPLE = list(_profiles())


def _with_feature(answers: Answers, feature: str) -> Answers:
    return answers.replace(features=tuple(f for f in FEATURES if f in {*answers.features, feature}))


@pytest.mark.parametrize("feature", ["admin", "auth", "rss", "sitemap", "cache"])
def test_adding_a_battery_never_lowers_djangos_lead(feature: str) -> None:
    for answers in PROFILE_SAMPLE:
        if feature not in answers.features:
            assert lead(_with_feature(answers, feature)) >= lead(answers), answers


def test_background_jobs_leave_the_decision_where_it_was() -> None:
    # The article says nothing about background jobs: `tasks` moves no score (rules.toml says so).
    for answers in PROFILE_SAMPLE:
        if "tasks" not in answers.features:
            assert scores(_with_feature(answers, "tasks")) == scores(answers), answers


@pytest.mark.parametrize(
    ("key", "value"),
    [("existing_stack", True), ("flexibility", "own_choices"), ("kind", "microservice")],
)
def test_flask_leaning_needs_never_raise_djangos_lead(key: str, value: Value) -> None:
    # Against every other value of the key: existing_stack false, conventions or
    # balanced, and every other kind of project.
    for answers in PROFILE_SAMPLE:
        if answers.get(key) != value:
            assert lead(answers.replace(**{key: value})) <= lead(answers), answers


def test_the_sample_covers_ties_and_both_verdicts() -> None:
    leads = {lead(answers) for answers in PROFILE_SAMPLE}
    assert min(leads) < 0 < max(leads) and 0 in leads


# --- The flip, checked by brute force ------------------------------------------------


def _needs_of(answers: Answers) -> dict[str, Value]:
    return {key: answers.get(key) for key in NEED_KEYS}


def _one_change_away(answers: Answers) -> Iterator[Answers]:
    for key in SINGLE_KEYS:
        for value in _domain(key):
            if value != answers.get(key):
                yield answers.replace(**{key: value})
    for feature in FEATURES:
        chosen = set(answers.features) ^ {feature}
        yield answers.replace(features=tuple(f for f in FEATURES if f in chosen))


def _layers(answers: Answers, depth: int) -> list[set[Answers]]:
    """Profiles at exactly 1, 2, ... `depth` changes from `answers` (breadth-first)."""
    seen = {answers}
    layers: list[set[Answers]] = []
    frontier = {answers}
    for _ in range(depth):
        frontier = {n for a in frontier for n in _one_change_away(a)} - seen
        seen |= frontier
        layers.append(frontier)
    return layers


def _pick(answers: Answers) -> str:
    totals = scores(answers)
    return "flask" if totals["flask"] > totals["django"] else "django"


FLIP_SAMPLE = PROFILE_SAMPLE[:: len(PROFILE_SAMPLE) // 60] + [needs(**p[1]) for p in PROFILES]


@pytest.mark.parametrize("answers", FLIP_SAMPLE, ids=lambda a: "-".join(map(str, _needs_of(a).values())))
def test_flip_is_the_smallest_change_that_makes_the_other_framework_win(answers: Answers) -> None:
    rec = recommend(answers)
    changes = rec.flip_changes
    layers = _layers(answers, max(len(changes) - 1, 0) if changes else MAX_FLIP_CHANGES)
    assert not any(_pick(a) == rec.other for layer in layers for a in layer)
    if changes:
        flipped = answers.replace(**changed_values(answers, changes))
        assert recommend(flipped).framework == rec.other
        # Every change is to a question the flow would ask, given the changed answers.
        assert all(by_key(change.key).applies(flipped.as_dict()) for change in changes)
        assert rec.flip.endswith(f", {rec.other.capitalize()} would be picked.")
        # The changes are all real: the flipped answers are that many changes away.
        assert flipped in _layers(answers, len(changes))[-1]
