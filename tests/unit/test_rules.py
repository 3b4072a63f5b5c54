"""The rules file: it loads, every rule is grounded in a claim, and a broken file says where."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from scaffold.decide.engine import recommend
from scaffold.decide.rules import CLAIM_IDS, MAX_WEIGHT, Rules, load_rules
from scaffold.errors import RulesFileError
from scaffold.questionnaire.answers import Answers
from scaffold.questionnaire.questions import NEED_KEYS, by_key

PACKAGED = resources.files("scaffold").joinpath("decide", "rules.toml")

# Claims that are deliberately not rules. T16 says neither framework wins on
# raw scalability or performance: it is honoured by having no rule about
# traffic at all (and no traffic question).
NOT_RULES = {"T16"}

# The claims tradeoffs.md marks as mild: Flask closes the gap with one
# extension (T5, T6) or the difference is only footprint (T14).
MILD_CLAIMS = {"T5", "T6", "T14"}


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


def test_packaged_rules_load_and_are_cached(rules: Rules) -> None:
    assert rules.rules
    assert rules.schema_version == 1
    assert load_rules() is rules


def test_every_rule_cites_an_existing_claim(rules: Rules) -> None:
    assert tuple(f"T{n}" for n in range(1, 17)) == CLAIM_IDS
    for rule in rules.rules:
        assert rule.claim in CLAIM_IDS, rule.id


def test_every_condition_names_real_need_keys_and_values(rules: Rules) -> None:
    for rule in rules.rules:
        for condition in rule.when + rule.unless:
            assert condition.key in NEED_KEYS, rule.id
            allowed = set(by_key(condition.key).values) or {"true", "false"}
            assert condition.values <= allowed, rule.id


def test_every_claim_bearing_on_a_need_is_applied(rules: Rules) -> None:
    used = {rule.claim for rule in rules.rules}
    assert used == set(CLAIM_IDS) - NOT_RULES


def test_t16_traffic_alone_never_decides(rules: Rules) -> None:
    assert "T16" not in {rule.claim for rule in rules.rules}
    assert not any("traffic" in key for key in NEED_KEYS)
    header = PACKAGED.read_text(encoding="utf-8")
    assert re.search(r"T16 .*\n.*No rule reads traffic", header)


def test_ids_are_unique_and_stable_looking(rules: Rules) -> None:
    ids = [rule.id for rule in rules.rules]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id) for rule_id in ids)


def test_no_single_claim_dominates(rules: Rules) -> None:
    heaviest = max(rule.weight for rule in rules.rules)
    assert heaviest <= MAX_WEIGHT <= 2 * 1.5  # never more than two clear reasons together
    for rule in rules.rules:
        if rule.claim in MILD_CLAIMS:
            assert rule.weight <= 0.5, rule.id


def test_sentences_speak_to_the_user_and_name_the_other_starter(rules: Rules) -> None:
    for rule in rules.rules:
        assert rule.because.endswith(".") and rule.because[0].isupper(), rule.id
        other = "Flask" if rule.favours == "django" else "Django"
        assert f"The {other} starter" in rule.if_overridden, rule.id


def test_tie_rule_is_documented_in_the_file(rules: Rules) -> None:
    assert rules.tie_goes_to == "django"
    text = PACKAGED.read_text(encoding="utf-8")
    assert 'tie_goes_to = "django"' in text
    assert "# Ties" in text


def test_loading_the_packaged_file_by_path_gives_the_same_rules(rules: Rules, tmp_path: Path) -> None:
    copy = tmp_path / "rules.toml"
    copy.write_text(PACKAGED.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_rules(copy).rules == rules.rules


GOOD_RULE = """
[[rule]]
id = "admin-needed"
claim = "T3"
favours = "django"
weight = 3.0
when = { features = { has = "admin" } }
because = "You need an admin interface."
if_overridden = "The Flask starter adds Flask-Admin."
"""
HEAD = 'schema_version = 1\ntie_goes_to = "django"\n'


def test_a_minimal_custom_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(HEAD + GOOD_RULE, encoding="utf-8")
    (rule,) = load_rules(path).rules
    assert (rule.id, rule.claim, rule.favours, rule.weight) == ("admin-needed", "T3", "django", 3.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(HEAD + GOOD_RULE.replace("weight = 3.0", "weight = "), "not valid TOML", id="syntax"),
        pytest.param(HEAD + GOOD_RULE.replace('"T3"', '"T17"'), "'admin-needed': claim 'T17'", id="claim"),
        pytest.param(
            HEAD + GOOD_RULE.replace("{ features", '{ traffic = "high", features'),
            "'admin-needed': when: 'traffic' is not a need key",
            id="unknown-key",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('has = "admin"', 'has = "admn"'),
            "'admin-needed': when: features: 'admn' is not one of",
            id="unknown-value",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('{ features = { has = "admin" } }', '{ kind = "blog" }'),
            "kind: 'blog' is not one of fullstack",
            id="unknown-choice",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('because = "You need an admin interface."\n', ""),
            "'admin-needed': missing field 'because'",
            id="missing-field",
        ),
        pytest.param(HEAD + GOOD_RULE + GOOD_RULE, "'admin-needed': duplicate id", id="duplicate"),
        pytest.param(
            HEAD + GOOD_RULE.replace("weight", "source = 'x'\nweight"),
            "'admin-needed': unknown field 'source'",
            id="unknown-field",
        ),
        pytest.param(HEAD + GOOD_RULE.replace("3.0", "3.5"), "weight must be", id="too-heavy"),
        pytest.param(HEAD + GOOD_RULE.replace("3.0", "0"), "weight must be", id="zero-weight"),
        pytest.param(HEAD + GOOD_RULE.replace("3.0", "0.3"), "quarter steps", id="odd-weight"),
        pytest.param(HEAD + GOOD_RULE.replace("3.0", '"3"'), "weight must be", id="text-weight"),
        pytest.param(HEAD + GOOD_RULE.replace('"django"', '"pyramid"'), "favours", id="favours"),
        pytest.param(
            HEAD + GOOD_RULE.replace("{ has =", "{ contains ="),
            "expected { has = ... }",
            id="list-op",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('{ has = "admin" }', '{ count_of = ["admin"], at_least = 2 }'),
            "at_least must be a whole number from 1 to 1",
            id="count",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('{ features = { has = "admin" } }', "{ existing_stack = 1 }"),
            "existing_stack: expected true or false",
            id="bool",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('when = { features = { has = "admin" } }', "when = {}"),
            "at least one answer key",
            id="empty-when",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('when = { features = { has = "admin" } }', "when = []"),
            "'admin-needed': when: expected a table or a non-empty array of tables",
            id="empty-array",
        ),
        pytest.param(
            HEAD + GOOD_RULE.replace('{ features = { has = "admin" } }', '[{ kind = "api" }, { tream = "large" }]'),
            "'admin-needed': when[2]: 'tream' is not a need key",
            id="array-names-the-table",
        ),
        pytest.param(HEAD.replace('"django"', '"both"') + GOOD_RULE, "tie_goes_to", id="tie"),
        pytest.param(HEAD.replace("1", "2") + GOOD_RULE, "schema_version 2", id="schema"),
        pytest.param(HEAD, "missing field 'rule'", id="no-rules"),
    ],
)
def test_malformed_rules_file_names_the_file_and_the_problem(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesFileError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_missing_rules_file_is_a_rules_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(RulesFileError, match="no such rules file"):
        load_rules(path)


def test_rules_errors_are_scaffold_errors_with_an_exit_code() -> None:
    # A broken packaged file is a bug in scaffold: exit 1, not a usage error.
    assert RulesFileError.exit_code == 1


def test_the_condition_language_means_what_the_header_says(tmp_path: Path) -> None:
    def rule(rule_id: str, when: str, unless: str = "") -> str:
        extra = f"unless = {{ {unless} }}\n" if unless else ""
        return (
            f'[[rule]]\nid = "{rule_id}"\nclaim = "T1"\nfavours = "django"\nweight = 1.0\n'
            f'when = {{ {when} }}\n{extra}because = "B."\nif_overridden = "The Flask starter."\n'
        )

    path = tmp_path / "rules.toml"
    path.write_text(
        HEAD
        + rule("equals", 'kind = "api"')
        + rule("any-of", 'kind = ["api", "microservice"]')
        + rule("yes-no", "existing_stack = false")
        + rule("has", 'features = { has = "rss" }')
        + rule("has-any", 'features = { has_any = ["admin", "rss"] }')
        + rule("has-none", 'features = { has_none = ["admin", "auth"] }')
        + rule("count", 'features = { count_of = ["rss", "cache", "auth"], at_least = 2 }')
        + rule("and", 'kind = "api", size = "small"')
        + rule("unless", 'kind = "api"', unless='features = { has = "cache" }')
        + rule("when-any", "", unless="").replace(
            "when = {  }", 'when = [{ kind = "cms" }, { size = "small", data_source = "none" }]'
        )
        + rule("unless-any", 'kind = ["api", "cms"]').replace(
            "because", 'unless = [{ existing_stack = true }, { features = { has = "rss" } }]\nbecause'
        ),
        encoding="utf-8",
    )
    rules = load_rules(path)

    def applied(answers: Answers) -> set[str]:
        return {reason.rule_id for reason in recommend(answers, rules).reasons}

    assert applied(Answers(kind="api", features=("rss", "cache"))) == {
        "equals", "any-of", "yes-no", "has", "has-any", "has-none", "count"
    }  # fmt: skip
    assert applied(Answers(kind="microservice", existing_stack=True, features=("admin",))) == {
        "any-of", "has-any"
    }  # fmt: skip
    assert applied(Answers(kind="api", size="small", features=("auth",))) == {
        "equals", "any-of", "yes-no", "and", "unless", "unless-any"
    }  # fmt: skip
    # An array of tables holds when any of them holds; each table still needs all its keys.
    assert "when-any" in applied(Answers(kind="cms"))
    assert "when-any" in applied(Answers(kind="api", size="small", data_source="none"))
    assert "when-any" not in applied(Answers(kind="api", size="small"))
    assert "unless-any" in applied(Answers(kind="cms"))
    assert "unless-any" not in applied(Answers(kind="cms", existing_stack=True))
    assert "unless-any" not in applied(Answers(kind="cms", features=("rss",)))


def _kept_rules() -> Path:
    from scaffold._tmpcache import cache_folder
    from scaffold._version import __version__

    return cache_folder() / f"rules-{__version__}.marshal"


def test_parsed_rules_are_kept_between_runs_and_reparsed_when_the_file_differs(own_tmpdir: Path) -> None:
    import marshal

    from scaffold.decide import rules as rules_module

    first = load_rules()
    kept = _kept_rules()
    assert kept.is_file(), "the parsed rules were not kept for the next run"
    written = kept.stat().st_mtime_ns
    rules_module._packaged_rules.cache_clear()  # as a new process would start
    assert load_rules() == first
    assert kept.stat().st_mtime_ns == written, "the second run parsed and wrote again"
    # Kept data parsed from other bytes (an older rules.toml) is never used, nor damaged data.
    for stale in (marshal.dumps((b"tie_goes_to = 'flask'", {"tie_goes_to": "flask"})), b"\x00damaged"):
        kept.write_bytes(stale)
        rules_module._packaged_rules.cache_clear()
        assert load_rules() == first
        assert marshal.loads(kept.read_bytes())[0] == PACKAGED.read_bytes(), "the fresh parse was not kept"


def test_rules_are_not_kept_where_others_could_write(own_tmpdir: Path) -> None:
    from scaffold._tmpcache import cache_folder

    cache_folder().mkdir(mode=0o777)
    cache_folder().chmod(0o777)
    assert load_rules().rules
    assert not _kept_rules().exists()


DECISION_DOC = Path(__file__).parents[2] / "docs" / "decision.md"


def test_docs_give_every_rule_with_its_claim_side_and_weight(rules: Rules) -> None:
    text = DECISION_DOC.read_text("utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (T\d+ \| \w+ \| [\d.]+) \|", text, flags=re.MULTILINE))
    expected = {rule.id: f"{rule.claim} | {rule.favours.capitalize()} | {rule.weight}" for rule in rules.rules}
    assert rows == expected


def test_the_worked_examples_are_what_scaffold_recommend_prints() -> None:
    import shlex

    from click.testing import CliRunner

    from scaffold.cli import cli

    example = re.compile(r"^```\n\$ scaffold (recommend[^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
    blocks = example.findall(DECISION_DOC.read_text("utf-8"))
    assert len(blocks) >= 5
    for command, shown in blocks:
        result = CliRunner().invoke(cli, shlex.split(command))
        assert result.exit_code == 0, result.output
        assert result.output == shown, command
