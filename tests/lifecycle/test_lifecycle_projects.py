"""`scaffold add/remove/update` on real projects of both frameworks, whose own test suites then pass (slow).

Each project is generated, committed, then edited and committed as a user
would (a new module, a line appended to .gitignore, a changed stylesheet).
Every feature the `features` question offers is added one at a time, then
removed one at a time; after each step the merge must be clean and every user
edit still there, and the project's own tests and ruff must pass in its venv
(after every addition, and after every other removal and the last).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.generated import GeneratedProject, clean_env, uv_bin
from support.git_projects import (
    assert_user_edits_kept,
    commit_all,
    edit_as_user,
    generate,
    scaffold,
    snapshot,
)

from scaffold._tmpcache import cache_folder
from scaffold.lifecycle import commands as run_module
from scaffold.questionnaire.questions import by_key
from scaffold.render.transaction import Journal

pytestmark = pytest.mark.slow

FEATURES = by_key("features").values
PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"


def _refused(project: Path, *args: str) -> str:
    before = snapshot(project)
    result = scaffold(*args, project=project)
    assert result.exit_code == 2, result.output
    assert snapshot(project) == before
    return result.output


def _no_markers(project: Path) -> None:
    for path in project.rglob("*"):
        if path.is_file() and not {".git", ".venv"} & set(path.relative_to(project).parts):
            assert b"<<<<<<< " not in path.read_bytes(), f"conflict markers in {path}"


def _tests_pass(project: Path) -> None:
    recorded = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))["answers"]["python_version"]
    generated = GeneratedProject(project, str(recorded))
    if generated.venv.exists():
        # Same venv, the project's new dependencies added (what a user runs after an update).
        generated.run(uv_bin(), "pip", "install", "--quiet", "--python", str(generated.bin / "python"), "-e", ".[dev]")
    else:
        generated.install()
    result = generated.run("pytest", "-q", "-p", "no:cacheprovider")
    assert " passed" in result.stdout
    generated.run("ruff", "check", ".")


def _step(project: Path, framework: str, command: str, feature: str, *, run_tests: bool = True) -> None:
    result = scaffold(command, feature, project=project)
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output
    _no_markers(project)
    assert_user_edits_kept(project, framework)
    features = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))["answers"]["features"]
    assert (feature in features) == (command == "add")
    if run_tests:
        _tests_pass(project)
    commit_all(project, f"scaffold {command} {feature}")


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_adding_then_removing_every_feature_keeps_user_edits_and_the_tests_pass(tmp_path, framework):
    project = generate(tmp_path, "--framework", framework)
    edit_as_user(project, framework)
    for feature in FEATURES:
        _step(project, framework, "add", feature)
    # The suite runs after every other removal and the last: each run costs seconds.
    for number, feature in enumerate(FEATURES, start=1):
        _step(project, framework, "remove", feature, run_tests=number % 2 == 0 or number == len(FEATURES))


@pytest.fixture
def django_admin(tmp_path: Path) -> Path:
    project = generate(tmp_path, "--framework", "django", "--set", "features=admin")
    edit_as_user(project, "django")
    return project


def test_overlapping_edits_conflict_with_markers_exit_3_and_the_record_moves_on(django_admin):
    project = django_admin
    # The user rewrote the README line that lists the admin; adding auth rewrites its neighbourhood too.
    readme = project / "README.md"
    text = readme.read_text("utf-8")
    line = "- the Django admin, for users and articles\n"
    assert line in text
    readme.write_text(text.replace(line, "- our admin, our way\n"), "utf-8")
    commit_all(project, "Our README")
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 3, result.output
    assert "README.md" in result.output
    merged = readme.read_text("utf-8")
    assert "<<<<<<< yours\n" in merged and "\n=======\n" in merged and ">>>>>>> scaffold " in merged
    assert "- our admin, our way" in merged
    record = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["features"] == ["admin", "auth"]
    assert_user_edits_kept(project, "django")


def test_dry_run_prints_a_unified_diff_and_changes_nothing(django_admin):
    before = snapshot(django_admin)
    result = scaffold("remove", "admin", "--dry-run", project=django_admin)
    assert result.exit_code == 0, result.output
    assert "--- a/.scaffold.yml\n+++ b/.scaffold.yml\n" in result.output
    assert "--- a/config/urls.py\n+++ b/config/urls.py\n" in result.output
    assert "dry run: nothing was changed" in result.output
    assert snapshot(django_admin) == before


def test_a_jinja_payload_in_the_record_stays_literal(tmp_path):
    project = generate(tmp_path, "--framework", "django", "--set", f"description={PAYLOAD}")
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 0, result.output
    settings = (project / "config" / "settings" / "base.py").read_text("utf-8")
    assert f"SITE_DESCRIPTION = {json.dumps(PAYLOAD)}" in settings
    assert "uid=" not in settings + result.output


def test_a_changed_decision_is_reported_and_the_framework_kept(django_admin):
    needs = ["kind=microservice", "existing_stack=true", "flexibility=own_choices", "size=small"]
    args = [item for need in needs for item in ("--set", need)]
    result = scaffold("update", *args, project=django_admin)
    assert result.exit_code == 0, result.output
    assert "Flask fits best" in result.output
    assert "The project stays Django" in result.output
    record = yaml.safe_load((django_admin / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["framework"] == "django"
    assert record["answers"]["kind"] == "microservice"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("kindd", "api", "kindd: unknown key"),
        ("project_slug", "../../escape", "project_slug"),
    ],
)
def test_a_hostile_record_is_refused(django_admin, key, value, message):
    record = django_admin / ".scaffold.yml"
    data = yaml.safe_load(record.read_text("utf-8"))
    data["answers"][key] = value
    record.write_text(yaml.safe_dump(data), "utf-8")
    commit_all(django_admin, "Tampered record")
    assert message in _refused(django_admin, "update")


@pytest.mark.parametrize("when", ["while merging", "while applying"])
def test_sigint_in_the_middle_of_an_update_leaves_the_project_as_before(django_admin, monkeypatch, when):
    before = snapshot(django_admin)
    if when == "while merging":
        real_merge = run_module.merge

        def merge_then_interrupt(*args, **kwargs):
            result = real_merge(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, after the renders
            return result

        monkeypatch.setattr(run_module, "merge", merge_then_interrupt)
    else:
        real_put = Journal.put
        placed = []

        def put_then_interrupt(self, relative, source):
            real_put(self, relative, source)
            placed.append(relative)
            if len(placed) == 3:
                os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, with three files already in place

        monkeypatch.setattr(Journal, "put", put_then_interrupt)
    result = scaffold("add", "auth", "api", project=django_admin)
    assert result.exit_code == 130, result.output
    assert "Interrupted" in result.output
    assert snapshot(django_admin) == before


def test_ctrl_c_to_a_real_update_process_mid_replay_leaves_the_project_as_before(django_admin, tmp_path):
    """A real `scaffold update` process gets SIGINT while it installs the release its record names.

    The index it installs from is a socket of the test's that accepts and never
    answers: the connection is the proof that the update is under way.
    """
    record = django_admin / ".scaffold.yml"
    text = record.read_text("utf-8")
    record.write_text(re.sub(r"(?m)^scaffold_version: .*$", "scaffold_version: 0.0.9", text), "utf-8")
    commit_all(django_admin, "A project from an older release")
    before = snapshot(django_admin)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with socket.create_server(("127.0.0.1", 0)) as index:
        index.settimeout(300)  # a safety net against a hang, not a measurement
        url = f"http://127.0.0.1:{index.getsockname()[1]}/simple"
        env = clean_env({"UV_INDEX_URL": url, "PIP_INDEX_URL": url, "TMPDIR": str(scratch)})
        env["PATH"] = f"{Path(uv_bin()).parent}{os.pathsep}{env['PATH']}"
        process = subprocess.Popen(
            [sys.executable, "-m", "scaffold", "update", "-C", str(django_admin)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        connection, _ = index.accept()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=300)
        connection.close()
    assert process.returncode == 130, out + err
    assert "Interrupted" in err
    assert snapshot(django_admin) == before
    # Only scaffold's own cache folder (scaffold._tmpcache: parsed rules, compiled templates) stays.
    left = [path.name for path in scratch.iterdir() if path.name != cache_folder().name]
    assert left == [], "the throwaway environment is gone"


def test_a_flask_feature_added_later_gets_its_own_revision_and_upgrade_makes_its_tables(tmp_path):
    import sqlite3

    project = generate(tmp_path, "--framework", "flask", "--set", "database=sqlite", "--set", "features=admin")
    slug = project.name
    versions = project / slug / "migrations" / "versions"
    before = {path.name: path.read_bytes() for path in versions.glob("*.py")}
    python = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))["answers"]["python_version"]
    generated = GeneratedProject(project, str(python))
    generated.install()
    generated.run("flask", "--app", slug, "db", "upgrade")
    (database,) = (project / "instance").glob("*.sqlite")

    def tables() -> set[str]:
        with sqlite3.connect(database) as connection:
            return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    assert "article" in tables() and "user_account" not in tables()
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 0, result.output
    after = {path.name: path.read_bytes() for path in versions.glob("*.py")}
    assert {name: after[name] for name in before} == before, "no migration the project has is edited"
    # Accounts come in two revisions (the user table, then its address confirmation), appended in
    # that order after the project's last revision.
    assert set(after) - set(before) == {"0002_user_accounts.py", "0006_email_confirmation.py"}
    assert b'down_revision = "0003"' in after["0002_user_accounts.py"], "appended after the project's last revision"
    assert b'down_revision = "0002"' in after["0006_email_confirmation.py"]
    assert "flask --app" in result.output and "db upgrade" in result.output
    generated.run(uv_bin(), "pip", "install", "--quiet", "--python", str(generated.bin / "python"), "-e", ".[dev]")
    generated.run("flask", "--app", slug, "db", "upgrade")
    assert {"article", "user_account"} <= tables(), "the database made before the add has the new table"
    # The project's own suite, its migration tests (upgrade, `db check`, downgrade) among them.
    assert " passed" in generated.run("pytest", "-q", "-p", "no:cacheprovider").stdout
