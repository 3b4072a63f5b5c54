"""Merge fidelity on real projects under real git: links, line endings, git's index, renames, modes, kinds.

Each test copies one generated Django project (admin, committed) and changes it as a user
would before `scaffold add/remove/update/check` runs on it. Renders cost ~0.4 s; no installs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support.git_projects import GIT_ENV, commit_all, generate, git, scaffold, snapshot

from scaffold.lifecycle.gitwork import register_unmerged, unmerged
from scaffold.lifecycle.merge import Outcome, merge


@pytest.fixture(scope="session")
def django_admin_api(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Django project with the admin and the API, generated and committed; copy before use."""
    return generate(tmp_path_factory.mktemp("admin_api"), "--framework", "django", "--set", "features=admin,api")


@pytest.fixture(scope="session")
def django_admin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Django project with the admin, generated and committed; copy before use."""
    return generate(tmp_path_factory.mktemp("admin"), "--framework", "django", "--set", "features=admin")


def _copy(project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "work" / project.name
    shutil.copytree(project, copy, symlinks=True)
    return copy


@pytest.fixture
def project(django_admin: Path, tmp_path: Path) -> Path:
    return _copy(django_admin, tmp_path)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _link_outside(project: Path, relative: str, outside: Path) -> None:
    """Move the project's folder `relative` to `outside` and leave a link to it in its place, committed."""
    shutil.move(str(project / relative), str(outside))
    (project / relative).symlink_to(outside, target_is_directory=True)
    commit_all(project, f"{relative} lives elsewhere")


# Links.


def test_add_refuses_a_folder_linked_outside_the_project_and_changes_nothing(project, tmp_path):
    outside = tmp_path / "outside-templates"
    _link_outside(project, f"{project.name}/templates", outside)
    before, outside_before = snapshot(project), _files(outside)
    result = scaffold("add", "api", project=project)
    assert result.exit_code == 2, result.output
    assert f"{project.name}/templates is a link to {outside}, outside {project}" in result.output
    assert "nothing was changed" in result.output
    assert len(result.output.strip().splitlines()) <= 2
    assert snapshot(project) == before
    assert _files(outside) == outside_before, "nothing written outside the project"


def test_remove_refuses_to_delete_through_a_link_outside_the_project(django_admin_api, tmp_path):
    project = _copy(django_admin_api, tmp_path)
    outside = tmp_path / "outside-static"
    _link_outside(project, f"{project.name}/static", outside)
    outside_before = _files(outside)
    assert any(name.startswith("api/") for name in outside_before)
    result = scaffold("remove", "api", project=project)
    assert result.exit_code == 2, result.output
    assert f"{project.name}/static is a link to {outside}" in result.output
    assert _files(outside) == outside_before, "nothing deleted outside the project"


def test_a_file_the_user_made_a_link_is_left_alone_and_is_a_conflict(project, tmp_path):
    outside = tmp_path / "shared-urls.py"
    outside.write_text("# shared elsewhere\n", "utf-8")
    urls = project / "config" / "urls.py"
    urls.unlink()
    urls.symlink_to(outside)
    commit_all(project, "urls.py is shared")
    result = scaffold("add", "api", project=project)
    assert result.exit_code == 3, result.output
    assert "config/urls.py: you made it a link" in result.output
    assert urls.is_symlink() and urls.resolve() == outside
    assert outside.read_text("utf-8") == "# shared elsewhere\n"
    assert "UU config/urls.py" in git(project, "status", "--porcelain").splitlines()


# Line endings.


def _autocrlf_checkout(project: Path) -> None:
    """The project as Git for Windows checks it out: core.autocrlf=true, every text file CRLF."""
    git(project, "config", "core.autocrlf", "true")
    for path in project.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(project).parts:
            path.unlink()
    git(project, "checkout", "--", ".")
    assert (project / "README.md").read_bytes().count(b"\r\n") > 3
    assert git(project, "status", "--porcelain") == ""


def test_a_crlf_checkout_merges_cleanly_and_keeps_its_line_endings(project):
    _autocrlf_checkout(project)
    result = scaffold("add", "api", project=project)
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output
    urls = (project / "config" / "urls.py").read_bytes()
    assert b"api" in urls and b"\r\n" in urls and urls.count(b"\n") == urls.count(b"\r\n"), "written back as CRLF"
    added = next((project / project.name / "api").glob("*.py")).read_bytes()
    assert b"\r\n" in added and added.count(b"\n") == added.count(b"\r\n"), "a new file as git checks it out"
    # git sees the content change only: no line of a file changed its ending.
    numstat = git(project, "diff", "--numstat").splitlines()
    assert numstat and all(int(line.split()[1]) < 30 for line in numstat if line.split()[1].isdigit())
    commit_all(project, "Add the API")
    removed = scaffold("remove", "admin", project=project)
    assert removed.exit_code == 0, removed.output
    assert "you changed it" not in removed.output, "template removals are not skipped"
    assert not (project / project.name / "articles" / "admin.py").exists()


# git's index.


def test_a_conflict_is_unmerged_in_git_s_index_and_offered_again_until_resolved(project):
    readme = project / "README.md"
    text = readme.read_text("utf-8")
    line = "- the Django admin, for users and articles\n"
    readme.write_text(text.replace(line, "- our admin, our way\n"), "utf-8")
    commit_all(project, "Our README")
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 3, result.output
    assert "UU README.md" in git(project, "status", "--porcelain").splitlines()
    stages = {line.split()[2] for line in git(project, "ls-files", "-u", "--", "README.md").splitlines()}
    assert stages == {"1", "2", "3"}
    refused = subprocess.run(
        ["git", "-C", str(project), "commit", "-m", "markers"], capture_output=True, text=True, env=GIT_ENV
    )
    assert refused.returncode != 0 and "unmerged" in refused.stdout + refused.stderr
    for args in (["check"], ["update", "--allow-dirty"], ["add", "rss", "--allow-dirty"]):
        again = scaffold(*args, project=project)
        assert again.exit_code == 3, again.output
        assert "README.md" in again.output and "unresolved" in again.output
    readme.write_text(text.replace(line, "- our admin, our way\n"), "utf-8")
    git(project, "add", "README.md")
    assert scaffold("check", project=project).exit_code == 0


def test_merge_by_hand_cases_are_conflicts_in_the_index(tmp_path):
    # The project is a folder of a larger repository: the index speaks in paths from its top.
    repo = tmp_path / "repo"
    base, theirs, ours = tmp_path / "base", tmp_path / "theirs", repo / "app"
    for folder, blob in ((base, b"\x00base"), (theirs, b"\x00theirs"), (ours, b"\x00ours")):
        folder.mkdir(parents=True)
        (folder / "logo.bin").write_bytes(blob)
    (base / "docs").write_text("a\n", "utf-8")
    (theirs / "docs").write_text("b\n", "utf-8")
    (ours / "docs").mkdir()
    (ours / "docs" / "index.md").write_text("ours\n", "utf-8")
    commit_all(repo, "ours")
    result = merge(base, theirs, ours, labels=("yours", "old", "new"))
    assert result.changes == []
    assert result.conflicts == ["docs", "logo.bin"]
    assert any(note.startswith("logo.bin: both you and the new render changed it") for note in result.by_hand)
    assert any(note.startswith("docs: a folder in your project") for note in result.by_hand)
    register_unmerged(ours, result.unmerged)
    assert unmerged(ours) == ["docs", "logo.bin"]
    status = git(repo, "status", "--porcelain").splitlines()
    # docs: the base's and the template's file, and none of the user's (theirs is a folder).
    assert "UU app/logo.bin" in status and "DU app/docs" in status
    assert git(repo, "show", ":3:app/logo.bin").encode() == b"\x00theirs"
    assert git(repo, "show", ":2:app/logo.bin").encode() == b"\x00ours"


# Modes and renames.


def test_a_mode_change_of_the_template_is_applied_unless_the_user_changed_the_mode(tmp_path):
    base, theirs, ours = (tmp_path / name for name in ("base", "theirs", "ours"))
    for folder in (base, theirs, ours):
        folder.mkdir()
        for name in ("run.sh", "mine.sh"):
            (folder / name).write_text("echo hi\n", "utf-8")
            (folder / name).chmod(0o644)
    (theirs / "run.sh").chmod(0o755)
    (theirs / "mine.sh").chmod(0o755)
    (ours / "mine.sh").chmod(0o700)  # the user made it executable already, their way
    result = merge(base, theirs, ours, labels=("yours", "old", "new"))
    assert [(c.path, c.kind, c.mode) for c in result.changes] == [("run.sh", Outcome.MODE, 0o755)]


def test_check_lists_a_mode_change(tmp_path):
    from scaffold.lifecycle.commands import _moved

    base, theirs = tmp_path / "base", tmp_path / "theirs"
    for folder in (base, theirs):
        folder.mkdir()
        (folder / "run.sh").write_text("echo hi\n", "utf-8")
    (theirs / "run.sh").chmod(0o755)
    assert _moved(base, theirs) == {"run.sh": "mode +x"}


def test_a_renamed_file_gets_the_template_s_change(project):
    (project / "docs").mkdir()
    git(project, "mv", "README.md", "docs/README.md")
    commit_all(project, "The README moves")
    result = scaffold("add", "auth", project=project)
    assert result.exit_code == 0, result.output
    assert "you deleted it" not in result.output
    assert not (project / "README.md").exists()
    assert "docs/README.md" in result.output
    assert "users" in (project / "docs" / "README.md").read_text("utf-8").lower()


# Features a kind implies.


def test_a_microservice_records_the_api_it_brings_and_add_remove_respect_it(tmp_path):
    project = generate(tmp_path, "--framework", "flask", "--set", "kind=microservice")
    record = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["features"] == ["api"]
    added = scaffold("add", "api", project=project)
    assert added.exit_code == 0, added.output
    assert "api is already in the project" in added.output
    before = snapshot(project)
    removed = scaffold("remove", "api", project=project)
    assert removed.exit_code == 2, removed.output
    assert "kind microservice" in removed.output and len(removed.output.strip().splitlines()) <= 2
    assert snapshot(project) == before


# check and errors.


def test_check_exits_3_when_the_recorded_version_cannot_be_had(project, tmp_path, monkeypatch):
    closed = "http://127.0.0.1:9/simple"
    for name in ("UV_INDEX_URL", "PIP_INDEX_URL"):
        monkeypatch.setenv(name, closed)
    monkeypatch.setenv("UV_OFFLINE", "1")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    record = project / ".scaffold.yml"
    text = record.read_text("utf-8")
    version = yaml.safe_load(text)["scaffold_version"]
    record.write_text(text.replace(f'scaffold_version: "{version}"', 'scaffold_version: "0.0.1"'), "utf-8")
    commit_all(project, "An older release made it")
    result = scaffold("check", "--find-links", str(tmp_path), project=project)
    assert result.exit_code == 3, result.output
    assert "Behind: scaffold 0.0.1 (recorded)" in result.output
    assert "cannot be listed" in result.output


def test_a_corrupt_record_is_refused_in_one_or_two_lines(project):
    (project / ".scaffold.yml").write_text("answers: [unclosed\n  kind: : :\n", "utf-8")
    commit_all(project, "Broken record")
    for command in ("check", "update"):
        result = scaffold(command, project=project)
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) <= 2, result.output
        assert "restore it from git" in result.output


# The day-30 flow: dependencies.

REINSTALL_NOTE = 'reinstall the project in its environment: pip install -e ".[dev]"'


def test_a_change_of_dependencies_ends_with_the_reinstall_command_and_only_then(project):
    described = scaffold("update", "--set", "description=Our harbour news", project=project)
    assert described.exit_code == 0, described.output
    assert "pyproject.toml" in described.output and "reinstall" not in described.output
    commit_all(project, "New description")
    result = scaffold("add", "tasks", project=project)
    assert result.exit_code == 0, result.output
    changed = next(line for line in result.output.splitlines() if line.startswith("The dependencies changed ("))
    # celery, and whatever else the tasks feature brings (its type stubs in the dev extra).
    assert changed.startswith("The dependencies changed (+celery[redis]>=5.5") and changed.endswith(REINSTALL_NOTE)
    assert "bring your database up to date" not in result.output, "tasks adds no migration"


def test_remove_keeps_a_dependency_a_kept_file_still_imports(project):
    assert scaffold("add", "tasks", project=project).exit_code == 0
    commit_all(project, "Add tasks")
    tasks = project / project.name / "users" / "tasks.py"
    with tasks.open("a", encoding="utf-8") as source:
        source.write('\n\n@shared_task\ndef our_own_job() -> None:\n    """Ours."""\n')
    assert b"import" in tasks.read_bytes() and b"celery" in tasks.read_bytes()
    commit_all(project, "Our own job")
    result = scaffold("remove", "tasks", project=project)
    assert result.exit_code == 0, result.output
    assert tasks.is_file(), "the changed file is kept"
    relative = tasks.relative_to(project).as_posix()
    assert f"Kept celery[redis]>=5.5 in pyproject.toml: {relative} still imports celery" in result.output
    assert '"celery[redis]>=5.5"' in (project / "pyproject.toml").read_text("utf-8")
    # Only what nothing kept imports may go (the dev extra's celery type stubs): celery itself stays.
    assert "-celery[redis]" not in result.output


# Alembic revisions of a project that exists (the Flask starter's migrations/versions).


def _revision(number: str, down: str | None, table: str | None = None) -> bytes:
    body = f'    op.create_table("{table}")\n' if table else "    pass\n"
    pointer = "None" if down is None else f'"{down}"'
    return (
        f'"""Revision {number}.\n\nRevision ID: {number}\nRevises: {down or ""}\n"""\n\n'
        f'revision = "{number}"\ndown_revision = {pointer}\n\n\ndef upgrade() -> None:\n{body}'
    ).encode()


def _versions(root: Path, revisions: dict[str, bytes]) -> None:
    folder = root / "pkg" / "migrations" / "versions"
    folder.mkdir(parents=True)
    for name, content in revisions.items():
        (folder / name).write_bytes(content)


V = "pkg/migrations/versions/"


def test_a_revision_added_later_follows_the_project_s_last_and_none_it_has_is_edited(tmp_path):
    from scaffold.lifecycle.merge import FileChange
    from scaffold.lifecycle.migrations import settle_revisions

    # The project has articles (0003 after 0001); auth comes later, which the template puts before 0003.
    _versions(
        tmp_path, {"0001_initial.py": _revision("0001", None), "0003_articles.py": _revision("0003", "0001", "article")}
    )
    changes = [
        FileChange(V + "0002_user_accounts.py", Outcome.ADD, _revision("0002", "0001", "user_account")),
        FileChange(V + "0003_articles.py", Outcome.UPDATE, _revision("0003", "0002", "article")),
        FileChange(V + "0001_initial.py", Outcome.UPDATE, _revision("0001", None, "user_account")),
    ]
    settled = settle_revisions(tmp_path, changes)
    assert [c.path for c in settled.changes] == [V + "0002_user_accounts.py"]
    assert b'down_revision = "0003"' in settled.changes[0].content and b"Revises: 0003" in settled.changes[0].content
    assert settled.untouched == {V + "0003_articles.py", V + "0001_initial.py"}
    # Only the real edit is told; the template's own order (0003 after 0002) is no change of the user's.
    (note,) = settled.notes
    assert note.startswith(f"{V}0001_initial.py: kept as it is: a migration is never changed once the project has it")


def test_a_dropped_revision_leaves_the_chain_whole_and_existing_tables_are_not_made_twice(tmp_path):
    from scaffold.lifecycle.merge import FileChange
    from scaffold.lifecycle.migrations import settle_revisions

    _versions(
        tmp_path,
        {
            "0001_initial.py": _revision("0001", None, "user_account"),  # made before features had revisions
            "0003_articles.py": _revision("0003", "0001", "article"),
            "0004_api_tokens.py": _revision("0004", "0003", "api_token"),
        },
    )
    changes = [
        FileChange(V + "0002_user_accounts.py", Outcome.ADD, _revision("0002", "0001", "user_account")),
        FileChange(V + "0003_articles.py", Outcome.DELETE, None),
    ]
    settled = settle_revisions(tmp_path, changes)
    kinds = {c.path: c.kind for c in settled.changes}
    assert kinds == {V + "0003_articles.py": Outcome.DELETE, V + "0004_api_tokens.py": Outcome.UPDATE}
    follower = next(c for c in settled.changes if c.kind is Outcome.UPDATE)
    assert b'down_revision = "0001"' in follower.content
    assert any("not added: your migrations create its tables already" in note for note in settled.notes)
    assert any("flask --app pkg db stamp 0004" in note for note in settled.notes)


def test_two_dropped_revisions_in_a_row_both_go_and_the_follower_is_re_pointed_past_them(tmp_path):
    from scaffold.lifecycle.merge import FileChange
    from scaffold.lifecycle.migrations import settle_revisions

    # A project that took auth (0002, then 0006 after it) and the API later (0004 after 0006) drops auth.
    _versions(
        tmp_path,
        {
            "0001_initial.py": _revision("0001", None),
            "0003_articles.py": _revision("0003", "0001", "article"),
            "0002_user_accounts.py": _revision("0002", "0003", "user_account"),
            "0006_email_confirmation.py": _revision("0006", "0002"),
            "0004_api_tokens.py": _revision("0004", "0006", "api_token"),
        },
    )
    for order in (
        ["0002_user_accounts.py", "0006_email_confirmation.py"],
        ["0006_email_confirmation.py", "0002_user_accounts.py"],
    ):
        changes = [FileChange(V + name, Outcome.DELETE, None) for name in order]
        settled = settle_revisions(tmp_path, changes)
        kinds = {c.path: c.kind for c in settled.changes}
        assert kinds == {
            V + "0002_user_accounts.py": Outcome.DELETE,
            V + "0006_email_confirmation.py": Outcome.DELETE,
            V + "0004_api_tokens.py": Outcome.UPDATE,
        }, order
        follower = next(c for c in settled.changes if c.kind is Outcome.UPDATE)
        assert b'down_revision = "0003"' in follower.content, order
