"""Hostile answers through the real console script: refused with exit 2 in one or two lines, printed escaped.

These run `python -m scaffold` in a subprocess with UTF-8 pipes, as a terminal
would receive the output: a lone surrogate that cannot be encoded, or an ANSI
escape that would reach the terminal, shows up here as it would there.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

ESC = "\x1b"


def scaffold(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "scaffold", *args], cwd=cwd, capture_output=True, env=env, timeout=60, check=False
    )


def refusal(result: subprocess.CompletedProcess[bytes]) -> str:
    """The stderr of a refusal: exit 2, one or two lines, no bug, no escape character, valid UTF-8."""
    stderr = result.stderr.decode("utf-8")  # raises if scaffold printed bytes that are not UTF-8
    assert result.returncode == 2, stderr
    assert "hit a bug" not in stderr and "Traceback" not in stderr, stderr
    assert ESC not in stderr and ESC not in result.stdout.decode("utf-8"), repr(stderr)
    assert 1 <= len(stderr.strip().splitlines()) <= 2, stderr
    return stderr


def test_a_lone_surrogate_in_an_answers_file_names_the_key(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text('{"project_name": "a\\ud800b"}', "utf-8")
    stderr = refusal(scaffold("new", "--no-input", "--answers", str(answers), "-o", "out", cwd=tmp_path))
    assert "project_name" in stderr and "Unicode" in stderr
    assert not (tmp_path / "out").exists()


def test_a_lone_surrogate_from_the_command_line_names_the_key(tmp_path):
    # Bytes that are not UTF-8 in argv reach Python as lone surrogates (surrogateescape).
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "scaffold", "new", "--no-input", "-o", "out", b"--set", b"description=a\xffb"],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    stderr = refusal(result)
    assert "description" in stderr and "Unicode" in stderr


@pytest.mark.parametrize("key", ["project_name", "description", "author_name"])
def test_control_characters_are_refused_naming_the_key_and_printed_escaped(tmp_path, key):
    answers = tmp_path / "answers.yml"
    answers.write_text(f'{key}: "Shop\\e[2J\\e[31mRed"\n', "utf-8")
    stderr = refusal(scaffold("new", "--no-input", "--answers", str(answers), "-o", "out", cwd=tmp_path))
    assert key in stderr and "control character" in stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--set", f"{ESC}[2Jkind=api"),  # an unknown key
        ("--set", f"kind=api{ESC}[31m"),  # a value that is no choice
        ("--set", f"features=admin,{ESC}[31m"),
        ("--set", f"python_version=3.1{ESC}[31m"),
        ("--set", f"author_email=a{ESC}[31m@b"),
    ],
)
def test_answers_in_messages_are_printed_escaped(tmp_path, args):
    stderr = refusal(scaffold("recommend", "--no-input", *args, cwd=tmp_path))
    assert "\\x1b" in stderr or "control character" in stderr


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    answers = tmp_path / "answers.yml"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]" for n in range(8)]
    answers.write_text("\n".join([*lines, "kind: *i"]), "utf-8")
    start = time.monotonic()
    stderr = refusal(scaffold("recommend", "--no-input", "--answers", str(answers), cwd=tmp_path))
    assert time.monotonic() - start < 10
    assert "alias" in stderr


def test_deep_json_is_refused_without_a_recursion_error(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text('{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    stderr = refusal(scaffold("recommend", "--no-input", "--answers", str(answers), cwd=tmp_path))
    assert "nested" in stderr


def test_a_huge_value_is_not_printed_whole(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"kind": ["x"] * 100_000}), "utf-8")
    stderr = refusal(scaffold("recommend", "--no-input", "--answers", str(answers), cwd=tmp_path))
    assert len(stderr) < 1000, stderr[:300]


def test_the_printed_cd_is_shell_quoted(tmp_path):
    out = tmp_path / "my $(touch pwned) dir"
    result = scaffold("new", "--no-input", "--set", "framework=flask", "-o", str(out), cwd=tmp_path)
    stdout = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode()
    line = next(line.strip() for line in stdout.splitlines() if line.strip().startswith("cd "))
    assert shlex.split(line) == ["cd", str(out / "my_project")]
    # The line, run by a shell, goes there and runs nothing else.
    probe = subprocess.run(["sh", "-c", f"{line} && pwd"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert probe.stdout.strip() == str(out / "my_project")
    assert not (tmp_path / "pwned").exists()


def _record(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / ".scaffold.yml").write_text(text, "utf-8")
    return folder


ALIAS_RECORD = "\n".join(
    ["scaffold_version: 0.1.0", "x:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"  {chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]" for n in range(8)]
    + ["answers:", "  kind: *i"]
)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('scaffold_version: 0.1.0\nanswers:\n  description: "a\\ud800b"\n', "description"),
        (ALIAS_RECORD, "alias"),
    ],
    ids=["surrogate", "aliases"],
)
def test_a_hostile_record_is_refused_by_check_in_one_or_two_lines(tmp_path, text, fragment):
    project = _record(tmp_path / "project", text)
    stderr = refusal(scaffold("check", "-C", str(project), cwd=tmp_path))
    assert fragment in stderr


@pytest.mark.parametrize(
    "text",
    [
        "scaffold_version: 0.1.0\nanswers:\n  kind: cms\n  - broken\n",
        "scaffold_version: 0.1.0\nanswers:\n  kind: " + "[" * 100_000 + "]" * 100_000 + "\n",
    ],
    ids=["corrupt", "deep"],
)
def test_a_corrupt_or_deep_record_is_one_or_two_lines(tmp_path, text):
    project = _record(tmp_path / "project", text)
    refusal(scaffold("check", "-C", str(project), cwd=tmp_path))
