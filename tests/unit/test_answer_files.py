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
