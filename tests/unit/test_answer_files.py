"""Answers files in YAML, JSON and TOML, and their errors naming the file."""

from __future__ import annotations

import pytest

from scaffold.errors import AnswersFileError
from scaffold.questionnaire.answer_files import load_answers_file


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.yml", "kind: api\nfeatures: [admin, auth]\n"),
        ("a.yaml", "kind: api\nfeatures:\n  - admin\n  - auth\n"),
        ("a.json", '{"kind": "api", "features": ["admin", "auth"]}'),
        ("a.toml", 'kind = "api"\nfeatures = ["admin", "auth"]\n'),
    ],
)
def test_each_format_gives_the_same_answers(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load_answers_file(path) == {"kind": "api", "features": ["admin", "auth"]}


def test_empty_yaml_is_no_answers(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("", encoding="utf-8")
    assert load_answers_file(path) == {}


def test_a_scaffold_record_gives_its_answers(tmp_path):
    path = tmp_path / ".scaffold.yml"
    path.write_text("scaffold_version: 0.1.0\nanswers:\n  kind: cms\ndecision:\n  framework: django\n", "utf-8")
    assert load_answers_file(path) == {"kind": "cms"}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.yml", "kind: [api\n", "invalid YAML at line"),
        ("a.json", '{"kind": }', "invalid JSON at line 1, column 10"),
        ("a.toml", "kind = \n", "invalid TOML"),
        ("a.yml", "- api\n", "expected a mapping of answer keys to values, got list"),
        ("a.txt", "kind: api", "unknown answers file type '.txt'; use .yml, .yaml, .json or .toml"),
        ("a.yml", "scaffold_version: 1\nanswers: 3\n", "a scaffold record must hold an 'answers' mapping"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersFileError) as info:
        load_answers_file(path)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)
    assert info.value.exit_code == 2


def test_missing_file(tmp_path):
    with pytest.raises(AnswersFileError, match="no such answers file"):
        load_answers_file(tmp_path / "missing.yml")


def test_binary_file(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(AnswersFileError, match="cannot be read"):
        load_answers_file(path)


# Hostile files (issue 20): each is refused quickly, in one or two lines, naming the file and what is wrong.

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]"
        for n in range(8)
    ]
    + ["kind: *i"]
)


def refused(path) -> str:
    import time

    start = time.monotonic()
    with pytest.raises(AnswersFileError) as caught:
        load_answers_file(path)
    assert time.monotonic() - start < 5, "refused at once, not after expanding the file"
    message = caught.value.message
    assert str(path) in message
    assert len(message.splitlines()) <= 2, message
    return message


@pytest.mark.parametrize("name", ["a.yml", ".scaffold.yml"])
def test_yaml_aliases_are_refused(tmp_path, name):
    path = tmp_path / name
    text = (
        BILLION_LAUGHS
        if name == "a.yml"
        else "scaffold_version: 0.1.0\nanswers:\n  " + BILLION_LAUGHS.replace("\n", "\n  ")
    )
    path.write_text(text, "utf-8")
    assert "alias" in refused(path)


def test_a_file_over_one_mib_is_refused_unparsed(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"description": "' + "x" * (1024 * 1024) + '"}', "utf-8")
    assert "1 MiB" in refused(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.json", '{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("a.yml", "kind: " + "[" * 100_000 + "]" * 100_000),
        ("a.yml", "".join(f"{'  ' * n}k{n}:\n" for n in range(200))),
        ("a.toml", "kind = " + "[" * 100_000 + "]" * 100_000),
        ("a.json", '{"kind": ' + "[" * 500 + "]" * 500 + "}"),
    ],
    ids=["json-100k", "yaml-100k", "yaml-block-200", "toml-100k", "json-500"],
)
def test_deep_nesting_is_refused_without_recursion_error(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    assert "nest" in refused(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.json", '{"description": "a\\ud800b"}'),
        ("a.yml", 'description: "a\\ud800b"\n'),
        (".scaffold.yml", 'scaffold_version: 0.1.0\nanswers:\n  description: "a\\udfffb"\n'),
    ],
)
def test_text_that_is_not_valid_unicode_names_the_key(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    message = refused(path)
    assert "description" in message and "Unicode" in message
    message.encode("utf-8")  # the message itself can be printed


def test_a_lone_surrogate_in_a_key_is_refused_and_printable(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"kin\\ud800d": "api"}', "utf-8")
    message = refused(path)
    assert "Unicode" in message
    message.encode("utf-8")


def test_a_corrupt_record_is_one_or_two_lines(tmp_path):
    path = tmp_path / ".scaffold.yml"
    path.write_text("scaffold_version: 0.1.0\nanswers:\n  kind: cms\n  - broken\n   : [\n", "utf-8")
    assert "invalid YAML" in refused(path)


def test_read_mapping_gives_a_whole_record_safely(tmp_path):
    from scaffold.questionnaire.answer_files import read_mapping

    path = tmp_path / ".scaffold.yml"
    path.write_text("scaffold_version: 0.1.0\nanswers:\n  kind: cms\ndecision:\n  framework: django\n", "utf-8")
    assert read_mapping(path) == {
        "scaffold_version": "0.1.0",
        "answers": {"kind": "cms"},
        "decision": {"framework": "django"},
    }
    path.write_text(BILLION_LAUGHS, "utf-8")
    with pytest.raises(AnswersFileError, match="alias"):
        read_mapping(path)
