"""The command line through click's CliRunner and as a real process: output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold._version import DISTRIBUTION, __version__
from scaffold.cli import cli

SCHEMA_KEYS = {"framework", "scores", "margin", "reasons", "flip", "alternatives"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, stdin: str | None = None):
    return runner.invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"{DISTRIBUTION} {__version__}"


def test_help_lists_the_commands(runner):
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("new", "recommend", "questions", "serve"):
        assert command in result.output


def test_help_reads_well(runner):
    # A raw docstring once printed click's \\b marker literally and ran the list together.
    output = run(runner, "--help").output
    assert "\\b" not in output
    commands = output.split("Commands:\n", 1)[1].splitlines()
    assert not any(line.endswith("...") for line in commands), "no summary cut short"
    names = [line.split()[0] for line in commands if line.strip()]
    assert names[:3] == ["new", "recommend", "questions"], "in the order of a first session"
    assert all(len(line.split(maxsplit=1)) == 2 for line in commands if line.strip()), "each with its summary"


def test_help_imports_neither_cookiecutter_nor_questionary_nor_the_web_stack():
    # What keeps `scaffold --help` fast (bench/cli_startup.py measures it).
    code = (
        "import sys\n"
        "from scaffold.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('cookiecutter', 'questionary', 'prompt_toolkit', 'yaml', 'jinja2',\n"
        "                     'starlette', 'uvicorn', 'anyio', 'scaffold.serve') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY=\n" in out


def test_python_dash_m_is_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "scaffold", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"{DISTRIBUTION} {__version__}"


def test_questions_json_is_the_full_schema(runner):
    result = run(runner, "questions", "--json")
    assert result.exit_code == 0
    schema = json.loads(result.output)["questions"]
    by_key = {entry["key"]: entry for entry in schema}
    assert by_key["kind"]["choices"][0] == {"value": "fullstack", "title": "A full-stack web application"}
    assert by_key["features"]["kind"] == "multi"
    assert by_key["features"]["default"] == []
    assert by_key["extras"]["default"] == ["docker", "ci"]
    assert by_key["extras"]["default_note"] == "docker, ci; none for kind prototype"
    assert by_key["existing_stack"]["default"] is False
    assert by_key["project_slug"]["default"] == "derived from project_name"
    assert by_key["author_email"]["asked"] != "always"
    assert all(entry["help"] for entry in schema)


def test_questions_text(runner):
    result = run(runner, "questions")
    assert result.exit_code == 0
    assert "features  [multi]  default: (none)" in result.output


def test_recommend_json_prints_one_object(runner, tmp_path):
    answers = tmp_path / "answers.yml"
    answers.write_text("kind: cms\nfeatures: [admin, rss, sitemap]\n", "utf-8")
    result = run(runner, "recommend", "--no-input", "--answers", str(answers), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= SCHEMA_KEYS
    assert data["framework"] == "django"
    assert set(data["scores"]) == {"django", "flask"}
    for reason in data["reasons"]:
        assert {"claim", "favours", "weight", "because"} <= set(reason)


def test_recommend_is_deterministic(runner):
    args = ("recommend", "--no-input", "--json", "--set", "kind=api", "--set", "features=auth")
    assert run(runner, *args).stdout == run(runner, *args).stdout


def test_recommend_text_verdict(runner):
    result = run(runner, "recommend", "--no-input", "--set", "kind=microservice", "--set", "existing_stack=true")
    assert result.exit_code == 0
    assert "Flask" in result.output
    assert "T8" in result.output


def test_set_wins_over_answers_file(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text('{"kind": "cms", "features": ["admin", "rss", "sitemap", "auth"]}', "utf-8")
    from_file = json.loads(run(runner, "recommend", "--no-input", "--json", "--answers", str(answers)).stdout)
    overridden = json.loads(
        run(
            runner,
            *("recommend", "--no-input", "--json", "--answers", str(answers)),
            *("--set", "kind=microservice", "--set", "features=", "--set", "existing_stack=yes"),
        ).stdout
    )
    assert from_file["framework"] == "django"
    assert overridden["framework"] == "flask"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--set", "kindd=api"), "--set: kindd: unknown key; did you mean kind?"),
        (("--set", "kind=mirco"), "--set: kind: 'mirco' is not one of"),
        (("--set", "features=admin,rsss"), "did you mean rss?"),
        (("--set", "kind"), "--set kind: expected KEY=VALUE"),
        (("--answers", "missing.yml"), "missing.yml: no such answers file"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(runner, args, message):
    result = runner.invoke(cli, ["recommend", "--no-input", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_bad_answers_file_names_the_file(runner, tmp_path):
    answers = tmp_path / "bad.toml"
    answers.write_text("kind = [", "utf-8")
    result = runner.invoke(cli, ["recommend", "--no-input", "--answers", str(answers)])
    assert result.exit_code == 2
    assert f"{answers}: invalid TOML" in result.stderr


def test_unknown_option_is_a_usage_error(runner):
    result = runner.invoke(cli, ["recommend", "--colour"])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["recommend"], ["new"]])
def test_no_tty_without_no_input_fails_at_once(command, tmp_path):
    # stdin is a pipe: scaffold must not prompt (questionary would read the pipe as keys).
    # The timeout only guards against a hang; it is not a speed assertion.
    result = subprocess.run(
        [sys.executable, "-m", "scaffold", *command, "-o", str(tmp_path)]
        if command == ["new"]
        else [sys.executable, "-m", "scaffold", *command],
        input="fullstack\n",
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "stdin is not a terminal" in result.stderr
    assert "--no-input" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bug_is_one_line_without_debug_and_a_traceback_with_it(runner, monkeypatch):
    from scaffold import commands

    def broken(**_kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(commands, "recommend", broken)
    result = runner.invoke(cli, ["recommend", "--no-input"])
    assert result.exit_code == 1
    assert "scaffold hit a bug: ZeroDivisionError: boom" in result.stderr
    assert "--debug" in result.stderr
    result = runner.invoke(cli, ["--debug", "recommend", "--no-input"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_keyboard_interrupt_exits_130(runner, monkeypatch):
    from scaffold import commands

    def interrupted(**_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "recommend", interrupted)
    result = runner.invoke(cli, ["recommend", "--no-input"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "Error: Interrupted: nothing was written."


@pytest.mark.parametrize("name", ["Email", "Test", "Site", "App"])
def test_recommend_never_uses_a_slug_so_any_valid_name_is_fine(runner, name):
    # The slug derived from these names would be refused, but recommend renders nothing.
    result = runner.invoke(cli, ["recommend", "--no-input", "--json", "--set", f"project_name={name}"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)) == SCHEMA_KEYS


def test_new_without_input_refuses_a_derived_slug_naming_the_fix(runner, tmp_path):
    result = runner.invoke(cli, ["new", "--no-input", "-o", str(tmp_path), "--set", "project_name=Email"])
    assert result.exit_code == 2
    assert "'email' would shadow" in result.stderr
    assert "--set project_slug=" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _quick_start_commands() -> list[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```bash\n")[1:]
    return [block.split("```", 1)[0].strip() for block in blocks]


def test_readme_quick_start_leaves_the_project_outside_the_clone(tmp_path):
    # Rendered inside scaffold's own clone, `git status` and `pre-commit install`
    # would act on scaffold's repository, not on the new project.
    start, test = _quick_start_commands()
    install, sep, create = start.rpartition(" && ")
    assert install == "python3 -m venv .venv && . .venv/bin/activate && pip install ."
    assert sep and create.startswith("scaffold new")
    assert test.endswith('pip install -e ".[test]" && pytest -n auto --dist worksteal')
    # .ci/run runs that same test command.
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text("utf-8")
    assert "\npytest -n auto --dist worksteal || status=$?\n" in ci
    clone = tmp_path / "scaffold"
    clone.mkdir()
    scaffold_bin = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{scaffold_bin}{os.pathsep}{os.environ['PATH']}"}
    # The same command, answering nothing: where does the project land?
    command = create.replace("scaffold new", "scaffold new --no-input")
    done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "my_project" / ".scaffold.yml").is_file()
    assert list(clone.iterdir()) == []


def test_a_closed_pipe_is_no_bug(tmp_path):
    # `scaffold questions --json | head -c 10`: the reader leaves early; scaffold says nothing.
    # The read end is closed before the interpreter has even started, so the first write fails.
    with subprocess.Popen(
        [sys.executable, "-m", "scaffold", "questions", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
    assert stderr == ""
    assert proc.returncode == 141
