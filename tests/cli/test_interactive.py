"""The real interactive prompts, driven in a pseudo-terminal with pexpect.

These run the installed `scaffold` console script, type answers, move through
selects with the arrow keys and read what a person would see.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def scaffold_exe() -> str:
    found = shutil.which("scaffold", path=str(Path(sys.executable).parent))
    assert found, "the scaffold console script is installed with the package"
    return found


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor-position
    # request, and each prompt would wait for that answer to time out.
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(scaffold_exe(), list(args), cwd=str(cwd), env=env, encoding="utf-8", timeout=30)
    child.setwinsize(40, 120)
    return child


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    # questionary draws the prompt, then reads keys; give it the whole line at once.
    child.send(keys)


def screen_text(child: pexpect.spawn) -> str:
    return ANSI.sub("", child.before or "")


def test_recommend_interactive_microservice_in_existing_stack(tmp_path):
    child = spawn("recommend", cwd=tmp_path)
    answer(child, "What are you building?", DOWN * 4 + ENTER)  # fullstack -> microservice
    answer(child, "Whose data does it work on?", ENTER)  # own_database
    answer(child, "Who will work on it?", ENTER)  # small
    answer(child, "How big will the application get?", UP + ENTER)  # medium -> small
    answer(child, "How experienced is the team", ENTER)
    # time_to_market is skipped: it does not bear on a microservice (T2 is for full-featured apps).
    answer(child, "Does it slot into an existing stack", "y")
    answer(child, "Conventions or your own choices?", DOWN + ENTER)  # balanced -> own_choices
    answer(child, "Which batteries do you need?", ENTER)
    answer(child, "Which database?", UP + ENTER)  # sqlite -> none
    child.expect(pexpect.EOF)
    output = ANSI.sub("", child.before)
    child.close()
    assert child.exitstatus == 0, output
    assert "How soon must it ship?" not in output
    assert "Flask fits best" in output
    assert "T8" in output
    assert "What would change it:" in output


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    child = spawn("recommend", cwd=tmp_path)
    child.expect_exact("What are you building?")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    output = ANSI.sub("", child.before)
    child.close()
    assert child.exitstatus == 130
    assert "Interrupted" in output
    assert "Traceback" not in output


def create_it(child: pexpect.spawn) -> str:
    """Answer yes at "Create it?", wait for the end, and return what the session showed (exit 0 asserted)."""
    child.expect_exact("Create it?")
    summary = screen_text(child)
    child.send("y")
    child.expect(pexpect.EOF)
    output = summary + ANSI.sub("", child.before)
    child.close()
    assert child.exitstatus == 0, output
    return output


def walk_new(child: pexpect.spawn, *, name: str, framework_keys: str) -> str:
    # The default is offered, not pre-filled: typing replaces it (no ctrl-u needed).
    answer(child, "Project name:", name + ENTER)
    answer(child, "What are you building?", DOWN + ENTER)  # cms
    answer(child, "Whose data does it work on?", ENTER)  # own_database
    answer(child, "Who will work on it?", ENTER)
    answer(child, "How big will the application get?", ENTER)
    answer(child, "How experienced is the team", ENTER)
    answer(child, "How soon must it ship?", DOWN + ENTER)  # urgent
    answer(child, "Does it slot into an existing stack", "n")
    answer(child, "Conventions or your own choices?", ENTER)
    # admin (toggle), auth (skip), api (skip), rss (toggle), then accept
    answer(child, "Which batteries do you need?", SPACE + DOWN + DOWN + DOWN + SPACE + ENTER)
    answer(child, "Which database?", ENTER)
    child.expect_exact("fits best")
    answer(child, "Which framework?", framework_keys)
    answer(child, "Package name (slug):", ENTER)
    answer(child, "One-line description:", "A test site" + ENTER)
    answer(child, "Author name:", "Ada" + ENTER)
    answer(child, "Author e-mail:", "ada@example.com" + ENTER)
    answer(child, "Extras:", ENTER)
    answer(child, "Python version:", ENTER)
    return create_it(child)


@pytest.mark.parametrize(
    ("framework_keys", "expected", "overridden"),
    [(ENTER, "django", False), (DOWN + ENTER, "flask", True)],
    ids=["accept-django", "override-flask"],
)
def test_new_interactive_accept_and_override(tmp_path, framework_keys, expected, overridden):
    child = spawn("new", "-o", str(tmp_path / "out"), cwd=tmp_path)
    output = walk_new(child, name="News Room", framework_keys=framework_keys)
    project = tmp_path / "out" / "news_room"
    assert project.is_dir(), output
    record = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["framework"] == expected
    assert record["answers"]["features"] == ["admin", "rss"]
    assert record["answers"]["author_email"] == "ada@example.com"
    assert record["decision"]["framework"] == "django"
    marker = "manage.py" if expected == "django" else "wsgi.py"
    assert list(project.rglob(marker)), f"the {expected} starter was rendered"
    assert "About to create" in output
    assert "Next steps:" in output
    if overridden:
        # Going against strong reasons says what the Flask starter adds to cover them.
        assert "T3" in output
        assert "Flask-Admin" in output


def test_refused_derived_slug_is_asked_at_once_and_declining_is_no_error(tmp_path):
    # "Email" derives "email", which would shadow the standard library's module: say so
    # right after the name and ask the slug then, instead of failing after every question.
    # Every other answer is given, so only the name, the slug and "Create it?" are asked.
    given = {
        "kind": "api", "data_source": "own_database", "team": "small", "size": "small", "experience": "expert",
        "existing_stack": "false",
        "flexibility": "balanced", "features": "", "database": "sqlite", "description": "",
        "author_name": "", "extras": "ci", "python_version": "3.12",
    }  # fmt: skip
    sets = [arg for key, value in given.items() for arg in ("--set", f"{key}={value}")]
    child = spawn("new", "-o", str(tmp_path / "out"), "--framework", "flask", *sets, cwd=tmp_path)
    answer(child, "Project name:", "Email" + ENTER)
    child.expect_exact("cannot be used")
    answer(child, "Package name (slug):", ENTER)  # the suggestion
    early = screen_text(child)
    child.expect_exact("Create it?")
    summary = screen_text(child)
    child.send("n")
    child.expect(pexpect.EOF)
    rest = ANSI.sub("", child.before)
    child.close()
    assert "'email'" in early and "shadow" in early and "my_email" in early
    assert "project_slug" in summary and "my_email" in summary
    # time_to_market is not asked for an API, author_email not without an author: not shown.
    assert "time_to_market" not in summary
    assert "author_email" not in summary
    # Declining is a choice: exit 0, one plain line, nothing written.
    assert child.exitstatus == 0, summary + rest
    assert "Error" not in rest and "Traceback" not in rest
    assert [line for line in rest.splitlines() if line.strip() and "Create it?" not in line] == [
        "Not created: nothing was written."
    ]
    assert not (tmp_path / "out").exists()


def test_project_name_default_is_offered_enter_accepts_typing_replaces(tmp_path):
    # Enter alone takes "My Project"; typed text replaces the default rather than being appended
    # to it ("My ProjectHarbour News" was the bug). Both are checked in one run: the name, then
    # the package name, whose default follows the name.
    given = {
        "kind": "api", "data_source": "own_database", "team": "small", "size": "small", "experience": "expert",
        "existing_stack": "false", "flexibility": "balanced", "features": "", "database": "sqlite", "author_name": "",
        "extras": "ci", "python_version": "3.12", "framework": "flask",
    }  # fmt: skip
    sets = [arg for key, value in given.items() for arg in ("--set", f"{key}={value}")]
    child = spawn("new", "-o", str(tmp_path / "out"), *sets, cwd=tmp_path)
    child.expect_exact("Project name:")
    child.expect_exact("My Project")  # the default is shown
    child.send(ENTER)
    answer(child, "Package name (slug):", "harbour_news" + ENTER)
    answer(child, "One-line description:", ENTER)
    output = create_it(child)
    record = yaml.safe_load((tmp_path / "out" / "harbour_news" / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["project_name"] == "My Project"
    assert record["answers"]["project_slug"] == "harbour_news"
    assert "My Projectharbour" not in output and "my_projectharbour" not in output


class ScriptedAsker:
    """The part of an Asker settle_slug uses: records what it shows and asks, answering with the default."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.asked: list[tuple[str, object]] = []

    def ask(self, question, default):
        problem = question.validate(str(default)) if question.validate else None
        assert problem is None, f"the suggested default {default!r} is refused: {problem}"
        self.asked.append((question.key, default))
        return default

    def show(self, text):
        self.shown.append(text)


def test_an_existing_target_is_reported_with_the_name_and_a_free_slug_suggested(tmp_path):
    from scaffold.questionnaire.gather import settle_slug

    (tmp_path / "news_room").mkdir()
    (tmp_path / "news_room" / "notes.txt").write_text("mine", "utf-8")
    (tmp_path / "my_news_room").mkdir()  # empty: free to use
    asker = ScriptedAsker()
    values = {"project_name": "News Room"}
    settle_slug(values, asker, output_dir=tmp_path, overwrite=False)
    assert "exists and is not empty" in asker.shown[0]
    assert asker.asked == [("project_slug", "my_news_room")]
    assert values["project_slug"] == "my_news_room"
    # With --overwrite the folder is the user's explicit target: nothing to ask.
    quiet = ScriptedAsker()
    settle_slug({"project_name": "News Room"}, quiet, output_dir=tmp_path, overwrite=True)
    assert quiet.asked == [] and quiet.shown == []


@pytest.mark.parametrize(
    ("name", "suggested"),
    [("Test", "my_test"), ("Site", "my_site"), ("App", "my_app"), ("Class", "my_class"), ("3D", "my_3d")],
)
def test_refused_derived_slugs_get_a_usable_suggestion(tmp_path, name, suggested):
    from scaffold.questionnaire.gather import settle_slug

    asker = ScriptedAsker()
    values = {"project_name": name}
    settle_slug(values, asker, output_dir=tmp_path, overwrite=False)
    assert values["project_slug"] == suggested
    assert name.lower() in asker.shown[0]
