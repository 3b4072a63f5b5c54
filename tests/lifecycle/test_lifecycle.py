"""`scaffold add/remove/update/check` on real projects under real git (the fast part).

Renders cost ~0.4 s each, so the fast tier holds one merge with user edits
and the refusals (which stop before rendering) on copies of a single project,
plus the merge table and the atomic apply on small folders. The rest (every
feature, both frameworks, the projects' own test suites, conflicts, dry runs,
SIGINT in a real update, an upgrade between two built wheels) is in
test_lifecycle_projects.py and test_lifecycle_upgrade.py, marked slow.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from support.git_projects import (
    assert_user_edits_kept,
    commit_all,
    edit_as_user,
    generate,
    git,
    scaffold,
    snapshot,
)

from scaffold.errors import InvalidAnswerError
from scaffold.lifecycle import apply as apply_module
from scaffold.lifecycle.apply import apply_changes
from scaffold.lifecycle.merge import FileChange, Outcome, merge
from scaffold.questionnaire.answers import resolve
from scaffold.render.pipeline import plan, render_plan
from scaffold.render.transaction import Journal


@pytest.fixture(scope="session")
def django_admin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Django project with the admin, generated, committed and edited as a user would; copy before use."""
    project = generate(tmp_path_factory.mktemp("django_admin"), "--framework", "django", "--set", "features=admin")
    edit_as_user(project, "django")
    return project


@pytest.fixture
def project(django_admin: Path, tmp_path: Path) -> Path:
    copy = tmp_path / django_admin.name
    shutil.copytree(django_admin, copy, symlinks=True)
    return copy


def test_add_merges_the_feature_and_keeps_every_user_edit(project):
    before = git(project, "rev-parse", "HEAD")
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 0, result.output
    assert "Updated" in result.output
    assert_user_edits_kept(project, "django")
    assert (project / project.name / "users" / "forms.py").is_file()
    record = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["features"] == ["admin", "auth"]
    assert git(project, "rev-parse", "HEAD") == before, "scaffold never commits for the user"
    # Again: nothing left to do, exit 0, nothing written.
    commit_all(project, "Add auth")
    again = snapshot(project)
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 0, result.output
    assert "already in the project" in result.output
    assert snapshot(project) == again


def _refused(project: Path, *args: str) -> str:
    before = snapshot(project)
    result = scaffold(*args, project=project)
    assert result.exit_code == 2, result.output
    assert snapshot(project) == before
    return result.output


def test_a_dirty_tree_is_refused_unless_allowed(project):
    (project / "notes.txt").write_text("work in progress\n", "utf-8")
    output = _refused(project, "add", "auth")
    assert "uncommitted changes (notes.txt)" in output and "--allow-dirty" in output


def test_a_folder_outside_git_is_refused(project):
    shutil.rmtree(project / ".git")
    files = {path: data for path, data in snapshot_without_git(project).items()}
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 2, result.output
    assert "not a git repository" in result.output
    assert snapshot_without_git(project) == files


def snapshot_without_git(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file()}


def test_a_folder_that_is_no_scaffold_project_is_refused(tmp_path):
    result = scaffold("update", project=tmp_path)
    assert result.exit_code == 2
    assert "not a scaffold project (no .scaffold.yml)" in result.output


def test_a_change_of_framework_is_refused_as_a_new_project(project):
    output = _refused(project, "update", "--set", "framework=flask")
    assert "makes a new project, not an update" in output


def test_an_unknown_feature_is_refused_with_the_closest_one(project):
    output = _refused(project, "add", "authh")
    assert "'authh' is not one of" in output and "did you mean auth?" in output


def test_check_on_a_project_of_this_version_is_up_to_date(project):
    result = scaffold("check", "--json", project=project)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["recorded_version"] == report["installed_version"]
    assert report == {**report, "update_available": False, "files": []}


def test_a_slug_reserved_after_the_project_was_made_is_kept(tmp_path):
    # A project named `environ` before scaffold reserved the name (the settings library the Django
    # starter imports): `new` refuses the name now, but the existing project still checks, takes
    # features and updates; renaming a package is the user's call.
    values = resolve([("an earlier release", {"project_name": "Environ", "framework": "django"})], recorded=True)
    assert values["project_name"] == "Environ"
    recorded = resolve([("an earlier release", {"project_slug": "environ"})], recorded=True)
    with pytest.raises(InvalidAnswerError, match="would shadow"):
        resolve([("--set", {"project_slug": "environ"})])
    project = render_plan(plan({**values, **recorded}), tmp_path).path
    commit_all(project, "Generated by an earlier scaffold")
    assert scaffold("check", project=project).exit_code == 0
    added = scaffold("add", "rss", project=project)
    assert added.exit_code == 0, added.output
    answers = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))["answers"]
    assert (answers["project_slug"], answers["features"]) == ("environ", ["rss"])
    assert (project / "environ" / "articles" / "feeds.py").is_file()
    # Its form is still checked: a recorded slug that is a path is refused whoever wrote it.
    with pytest.raises(InvalidAnswerError, match="is a path"):
        resolve([(".scaffold.yml", {"project_slug": "../environ"})], recorded=True)


# The merge and the apply on small folders: no render needed.


def _tree(folder: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, "utf-8")
    return folder


def test_the_merge_decides_each_case_of_its_table(tmp_path):
    base = _tree(
        tmp_path / "base",
        {
            "same": "1\n",
            "dropped": "x\n",
            "dropped_changed": "x\n",
            "deleted": "a\n",
            "both": "a\nb\nc\nd\ne\n",
            "clash": "a\n",
            "upd": "a\n",
            ".env": "S=1\n",
        },
    )
    theirs = _tree(
        tmp_path / "theirs",
        {
            "same": "1\n",
            "new": "n\n",
            "deleted": "b\n",
            "both": "a\nB\nc\nd\ne\n",
            "clash": "theirs\n",
            "upd": "b\n",
            ".env": "S=2\nNEW=1\n",
        },
    )
    ours = _tree(
        tmp_path / "ours",
        {
            "same": "mine\n",
            "dropped": "x\n",
            "dropped_changed": "mine\n",
            "both": "a\nb\nc\nd\nE\n",
            "clash": "ours\n",
            "upd": "a\n",
            ".env": "S=0\n",
        },
    )
    result = merge(base, theirs, ours, labels=("yours", "old", "new"))
    kinds = {change.path: change.kind for change in result.changes}
    assert kinds == {
        "new": Outcome.ADD,
        "dropped": Outcome.DELETE,
        "both": Outcome.MERGE,
        "clash": Outcome.CONFLICT,
        "upd": Outcome.UPDATE,
    }
    contents = {change.path: change.content for change in result.changes}
    assert contents["both"] == b"a\nB\nc\nd\nE\n"
    assert contents["clash"] == b"<<<<<<< yours\nours\n=======\ntheirs\n>>>>>>> new\n"
    assert result.conflicts == ["clash"]
    assert any(note.startswith("dropped_changed:") for note in result.kept)
    assert any(note.startswith("deleted: you deleted it") for note in result.kept)


def test_a_failure_part_way_through_the_apply_puts_everything_back(tmp_path, monkeypatch):
    root = _tree(tmp_path / "p", {"a": "a\n", "pkg/b": "b\n", "c": "c\n"})
    before = snapshot_without_git(root)
    changes = [
        FileChange("a", Outcome.UPDATE, b"A\n"),
        FileChange("pkg/b", Outcome.DELETE, None),
        FileChange("n/new", Outcome.ADD, b"n"),
        FileChange("c", Outcome.UPDATE, b"C\n"),
    ]
    real = Journal.put
    calls = []

    def failing_put(self, relative, source):
        calls.append(relative)
        if relative == "c":
            raise OSError(28, "No space left on device", str(root / relative))
        real(self, relative, source)

    monkeypatch.setattr(Journal, "put", failing_put)
    with pytest.raises(apply_module.ScaffoldError, match="nothing was changed"):
        apply_changes(root, changes, staging_parent=tmp_path)
    assert calls == ["a", "n/new", "c"]
    assert snapshot_without_git(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["a", "c", "pkg"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("scaffold-update-")] == []


def test_sigint_during_the_apply_is_held_then_everything_is_put_back(tmp_path, monkeypatch):
    root = _tree(tmp_path / "p", {"a": "a\n", "b": "b\n"})
    before = snapshot_without_git(root)
    real = Journal.put

    def put_then_interrupt(self, relative, source):
        real(self, relative, source)
        if relative == "a":
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, half-way through

    monkeypatch.setattr(Journal, "put", put_then_interrupt)
    changes = [FileChange("a", Outcome.UPDATE, b"A\n"), FileChange("b", Outcome.UPDATE, b"B\n")]
    with pytest.raises(KeyboardInterrupt):
        apply_changes(root, changes, staging_parent=tmp_path)
    assert snapshot_without_git(root) == before


def test_a_restore_that_fails_during_the_apply_keeps_the_original_and_says_where(tmp_path, read_only, monkeypatch):
    # The apply fails part-way and putting a replaced file back fails too (the project became
    # read-only meanwhile). The same journal as `new --overwrite`: the original outlives the
    # staging folder, the error says where it is, and never claims that nothing was changed.
    from scaffold.errors import RestoreError

    root = _tree(tmp_path / "p", {"a": "mine\n", "b": "b\n"})
    real = Journal.put

    def put_then_freeze(self, relative, source):
        real(self, relative, source)
        read_only(root)  # "b" cannot be written now, nor "a" put back

    monkeypatch.setattr(Journal, "put", put_then_freeze)
    changes = [FileChange("a", Outcome.UPDATE, b"A\n"), FileChange("b", Outcome.UPDATE, b"B\n")]
    with pytest.raises(RestoreError) as info:
        apply_changes(root, changes, staging_parent=tmp_path)
    message = str(info.value)
    assert "could not be put back: a." in message and "nothing was changed" not in message
    kept = Path(next(part for part in message.split() if "scaffold-backup" in part).rstrip(";."))
    assert kept.parent == tmp_path
    assert (kept / "a").read_text("utf-8") == "mine\n"
    assert info.value.exit_code == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("scaffold-update-")] == []


def test_env_is_never_merged_and_new_variables_are_listed_with_what_to_put_in_them(tmp_path):
    from scaffold.render.envfile import missing_variables

    ours = _tree(tmp_path / "ours", {".env": "SECRET_KEY=mine\n"})
    rendered = _tree(
        tmp_path / "theirs",
        {
            ".env": "SECRET_KEY=fresh\nDEBUG=true\nAPI_TOKEN=abc\nWORKERS=4\n",
            ".env.example": "# Local settings only: show tracebacks.\nDEBUG=true\n\nWORKERS=\n",
        },
    )
    assert missing_variables(ours, rendered) == [
        "DEBUG: Local settings only: show tracebacks.",
        'API_TOKEN: a secret of its own: python -c "import secrets; print(secrets.token_urlsafe(50))"',
        "WORKERS: for example WORKERS=4",
    ]


def test_an_older_scaffold_than_the_project_s_is_refused(project):
    record = project / ".scaffold.yml"
    record.write_text(record.read_text("utf-8").replace('scaffold_version: "', 'scaffold_version: "99.'), "utf-8")
    commit_all(project, "A project from the future")
    before = snapshot(project)
    for args in (["update"], ["check"]):
        result = scaffold(*args, project=project)
        assert result.exit_code == 2, result.output
        assert "install the newer one first" in result.output
    assert snapshot(project) == before


def _git_objects(project: Path) -> list[str]:
    return sorted(
        str(path.relative_to(project)) for path in (project / ".git" / "objects").rglob("*") if path.is_file()
    )


def test_adding_tasks_says_that_redis_is_needed_as_new_does(project):
    objects = _git_objects(project)
    dry = scaffold("add", "tasks", "--dry-run", project=project)
    assert dry.exit_code == 0, dry.output
    # The dry run wrote nothing into .git either: not even the blobs it hashed to learn line endings.
    assert _git_objects(project) == objects
    assert dry.output.count("Redis: the tasks feature needs a Redis server") == 1
    result = scaffold("add", "tasks", project=project)
    assert result.exit_code == 0, result.output
    assert "Redis: the tasks feature needs a Redis server: the project reads REDIS_URL" in result.output
    commit_all(project, "Add tasks")
    # Said once, when it becomes true: not again on a later change that keeps tasks.
    later = scaffold("add", "rss", project=project)
    assert later.exit_code == 0, later.output
    assert "Redis" not in later.output


def test_ctrl_c_after_the_changes_are_written_says_so(project, monkeypatch):
    from scaffold.lifecycle import report

    real = report.summary

    def summary_then_interrupt(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, with the merge already in place
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "summary", summary_then_interrupt)
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 130, result.output
    assert "nothing was written" not in result.output
    assert f"Interrupted after {project} was written in full; review it (git status)" in result.output
    assert (project / project.name / "users" / "forms.py").is_file()


def test_a_record_from_before_data_source_updates_and_checks_with_its_default(project):
    # Projects recorded before the data_source question (issue 21) have no such answer: they
    # read as the default, own_database, so nothing is behind and nothing is to do.
    record = project / ".scaffold.yml"
    lines = record.read_text("utf-8").splitlines(keepends=True)
    older = [line for line in lines if not line.strip().startswith("data_source:")]
    assert len(older) == len(lines) - 1, "the record holds the answer once"
    record.write_text("".join(older), "utf-8")
    commit_all(project, "A record written before data_source")
    check = scaffold("check", "--json", project=project)
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["files"] == []
    result = scaffold("update", project=project)
    assert result.exit_code == 0, result.output
    assert "Nothing to do" in result.output
    # Answered later: recorded, and the new verdict reported (the admin is no reason over
    # another system's data), the framework kept.
    answered = scaffold("update", "--set", "data_source=another_system", project=project)
    assert answered.exit_code == 0, answered.output
    assert "Flask fits best" in answered.output and "The project stays Django" in answered.output
    answers = yaml.safe_load(record.read_text("utf-8"))["answers"]
    assert answers["data_source"] == "another_system"
    assert_user_edits_kept(project, "django")
