"""`scaffold new` without a prompt: the real templates, errors, safety and reproducibility."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from scaffold.cli import cli

PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('id -un').read() }}"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def new(runner: CliRunner, out: Path, *args: str):
    return runner.invoke(cli, ["new", "--no-input", "-o", str(out), *args], catch_exceptions=False)


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>")
        for p in sorted(folder.rglob("*"))
        if ".venv" not in p.parts
    }


def test_defaults_render_the_recommended_starter_with_its_record(runner, tmp_path, _isolated_home):
    result = new(runner, tmp_path)
    assert result.exit_code == 0, result.output
    project = tmp_path / "my_project"
    record = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["project_name"] == "My Project"
    framework = record["answers"]["framework"]
    assert framework in ("django", "flask")
    assert record["decision"]["framework"] == framework
    assert record["scaffold_version"]
    assert (project / ("manage.py" if framework == "django" else "my_project/wsgi.py")).is_file()
    assert "Next steps:" in result.output
    # Nothing but the project, nowhere else: no replay file, no staging folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_project"]
    assert not any(_isolated_home.rglob("*")), "nothing is written to the home folder"


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_framework_override_and_features(runner, tmp_path, framework):
    result = new(
        runner,
        tmp_path,
        "--framework",
        framework,
        "--set",
        "features=admin,auth,api,rss,sitemap,cache,tasks",
        "--set",
        "project_name=Shop",
    )
    assert result.exit_code == 0, result.output
    # Like the database note: what the project needs to run, said before it is made.
    assert "Redis: the tasks feature needs a Redis server: the project reads REDIS_URL" in result.output
    module = "config" if framework == "django" else "shop.celery_app"
    assert f"celery -A {module} worker --loglevel INFO" in result.output
    assert f"celery -A {module} worker --loglevel INFO" in (tmp_path / "shop" / "README.md").read_text("utf-8")
    record = yaml.safe_load((tmp_path / "shop" / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["framework"] == framework
    text = "\n".join(p.read_text("utf-8", "replace") for p in (tmp_path / "shop").rglob("*.py"))
    markers = {
        "django": ["rest_framework", "syndication", "sitemaps", "celery"],
        "flask": ["flask_admin", "flask_login", "feedgen", "celery"],
    }
    for marker in markers[framework]:
        assert marker in text


def test_flask_without_a_database_gets_sqlite_for_features_that_store_data(runner, tmp_path):
    result = new(runner, tmp_path, "--framework", "flask", "--set", "database=none", "--set", "features=auth")
    assert result.exit_code == 0, result.output
    assert "the auth feature stores data: using SQLite" in result.output
    assert "Redis:" not in result.output
    record = yaml.safe_load((tmp_path / "my_project" / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["database"] == "none"


def test_a_microservice_gets_the_api_and_is_told_so(runner, tmp_path):
    result = new(runner, tmp_path, "--framework", "flask", "--set", "kind=microservice")
    assert result.exit_code == 0, result.output
    assert "Features: kind microservice is a JSON API: adding the api feature." in result.output
    package = tmp_path / "my_project" / "my_project"
    assert (package / "api.py").is_file()
    assert not (package / "templates").exists() and not (package / "static").exists()


def test_override_against_strong_reasons_says_what_covers_them(runner, tmp_path):
    result = new(runner, tmp_path, "--set", "kind=cms", "--set", "features=admin,rss,sitemap", "--framework", "flask")
    assert result.exit_code == 0, result.output
    assert "T3" in result.output
    assert "Flask-Admin" in result.output


def test_framework_key_in_answers_file(runner, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"framework": "flask", "project_name": "Api Thing"}), "utf-8")
    result = new(runner, tmp_path / "out", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "api_thing" / "api_thing" / "wsgi.py").is_file()


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_replay_from_the_record_is_byte_identical(runner, tmp_path, framework):
    first = tmp_path / "first"
    result = new(
        runner, first, "--framework", framework, "--set", "features=auth,rss", "--set", f"description={PAYLOAD}"
    )
    assert result.exit_code == 0, result.output
    project = first / "my_project"
    second = tmp_path / "second"
    result = new(runner, second, "--answers", str(project / ".scaffold.yml"))
    assert result.exit_code == 0, result.output
    a, b = tree(project), tree(second / "my_project")
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    # Secrets aside: each project makes its own key.
    assert different == [".env"]
    assert a[".env"] != b[".env"]


@pytest.mark.parametrize(
    "text",
    [
        PAYLOAD,
        "{% raw %}x{% endraw %}",
        "quotes \" ' and \\ backslash",
        "<script>alert(1)</script>",
        "Ünïcödé ☃",
        "x" * 10_000,
    ],
    ids=["jinja-payload", "raw-block", "quotes", "script", "non-ascii", "10k-chars"],
)
@pytest.mark.parametrize("framework", ["django", "flask"])
def test_hostile_descriptions_render_literally(runner, tmp_path, text, framework):
    result = new(runner, tmp_path, "--set", f"description={text}", "--framework", framework)
    assert result.exit_code == 0, result.output
    project = tmp_path / "my_project"
    record = yaml.safe_load((project / ".scaffold.yml").read_text("utf-8"))
    assert record["answers"]["description"] == text
    # Had the payload been evaluated, pyproject would hold the output of `id -un`.
    pyproject = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["description"] == text


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("project_slug=../evil", "is a path"),
        ("project_slug=/tmp/x", "is a path"),
        ("project_slug=class", "keyword"),
        ("project_slug=django", "shadow"),
        ("project_slug=flask", "shadow"),
        ("project_slug=test", "shadow"),
        ("project_name=", "empty"),
        ("project_name=../evil", "looks like a path"),
        ("project_name=Class", "keyword"),
        ("project_name=Flask", "shadow"),
    ],
)
def test_bad_names_are_refused_with_exit_2(runner, tmp_path, assignment, message):
    result = runner.invoke(cli, ["new", "--no-input", "-o", str(tmp_path / "out"), "--set", assignment])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()
    assert not Path("/tmp/x/.scaffold.yml").exists()


def test_existing_target_exits_2_untouched_then_overwrite_keeps_user_files(runner, tmp_path):
    project = tmp_path / "my_project"
    project.mkdir()
    (project / "notes.txt").write_text("mine", "utf-8")
    (project / "README.md").write_text("old readme", "utf-8")
    before = tree(tmp_path)
    result = runner.invoke(cli, ["new", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--overwrite" in result.stderr
    assert tree(tmp_path) == before
    result = new(runner, tmp_path, "--overwrite")
    assert result.exit_code == 0, result.output
    assert (project / "notes.txt").read_text("utf-8") == "mine"
    assert (project / "README.md").read_text("utf-8") != "old readme"
    assert "Replaced 1 existing file(s): README.md" in result.output


def test_overwrite_keeps_the_users_env_and_names_the_keys_it_would_add(runner, tmp_path):
    # The user's own settings and secrets survive `new --overwrite`, as they survive `update`:
    # .env is the machine's, not the template's. The keys the new render needs are named instead.
    project = tmp_path / "my_project"
    project.mkdir()
    mine = "# mine\nMY_OWN_KEY=precious\nDATABASE_URL=postgresql:///mine\n"
    (project / ".env").write_text(mine, "utf-8")
    (project / ".env").chmod(0o600)
    result = new(runner, tmp_path, "--overwrite", "--framework", "flask")
    assert result.exit_code == 0, result.output
    assert (project / ".env").read_text("utf-8") == mine
    assert "Replaced" not in result.output or ".env" not in result.output.partition("Replaced")[2].splitlines()[0]
    assert "kept your .env" in result.output
    assert "SECRET_KEY" in result.output  # the new render sets it; the user's .env lacks it
    assert "MY_OWN_KEY" not in result.output
    # A folder without a .env still gets a fresh one.
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", "utf-8")
    result = new(runner, tmp_path, "--overwrite", "--set", "project_slug=other")
    assert result.exit_code == 0, result.output
    assert "SECRET_KEY=" in (other / ".env").read_text("utf-8")
    assert "kept your .env" not in result.output


_INTERRUPTIBLE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import scaffold.render.generate as tree

    marker = Path(sys.argv[1])
    original = tree._write_file
    count = 0

    def slow_write_file(*args, **kwargs):
        global count
        count += 1
        if count == 5:
            marker.write_text("rendering")
            time.sleep(60)
        return original(*args, **kwargs)

    tree._write_file = slow_write_file
    from scaffold.cli import main
    main(sys.argv[2:])
    """
)


def test_sigint_while_rendering_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "existing.txt").write_text("keep", "utf-8")
    before = tree(out)
    marker = tmp_path / "marker"
    script = tmp_path / "interruptible.py"
    script.write_text(_INTERRUPTIBLE, "utf-8")
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, str(script), str(marker), "new", "--no-input", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    for _ in range(600):  # wait (bounded) until it is part-way through the files
        if marker.exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    assert marker.exists(), process.communicate()
    assert any(p.name.startswith(".scaffold-") for p in out.iterdir()), "it was caught mid-render"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.strip() == "Error: Interrupted: nothing was written."
    assert tree(out) == before


def test_template_error_mid_render_through_new_leaves_nothing(runner, tmp_path, monkeypatch):
    import scaffold.render.generate as writer

    original = writer._write_file
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(writer, "_write_file", failing)
    (tmp_path / "keep.txt").write_text("x", "utf-8")
    before = tree(tmp_path)
    result = runner.invoke(cli, ["new", "--no-input", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "nothing was written" in result.stderr
    assert tree(tmp_path) == before


def test_rendering_needs_no_network(tmp_path):
    # In a network namespace of its own there is no network at all, not even loopback.
    if subprocess.run(["unshare", "--net", "true"], capture_output=True, check=False).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("unshare --net is needed to prove rendering is offline")
        pytest.skip("unshare --net is not permitted here")
    for framework in ("django", "flask"):
        result = subprocess.run(
            ["unshare", "--net", sys.executable, "-m", "scaffold", "new", "--no-input", "--framework", framework],
            cwd=tmp_path,
            env={**os.environ, "HOME": str(tmp_path / "home")},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        project = tmp_path / "my_project"
        # The whole project, offline: its record names the framework, and its own secret is in .env.
        assert f"framework: {json.dumps(framework)}" in (project / ".scaffold.yml").read_text("utf-8")
        assert "SECRET_KEY=" in (project / ".env").read_text("utf-8")
        assert (project / "pyproject.toml").is_file() and (project / "README.md").is_file()
        assert f"Created my_project ({framework.capitalize()})." in result.stdout  # -o defaults to the working folder
        shutil.rmtree(project)


def test_read_only_output_folder_through_new(runner, tmp_path, read_only):
    out = tmp_path / "out"
    out.mkdir()
    (out / "existing.txt").write_text("x", "utf-8")
    read_only(out)
    before = tree(out)
    result = runner.invoke(cli, ["new", "--no-input", "-o", str(out)])
    assert result.exit_code == 1
    assert "cannot write in" in result.stderr
    assert "choose another --output-dir" in result.stderr
    assert tree(out) == before


def test_plan_renders_what_new_no_input_writes(tmp_path):
    """`render.pipeline.plan` + `render_plan` (update and serve) give the bytes `scaffold new --no-input` gives."""
    from scaffold.questionnaire.answers import resolve
    from scaffold.render.pipeline import plan, render_plan

    given = {"project_name": "Same Bytes", "kind": "api", "features": ["api", "cache"]}
    settled = plan(resolve([("test", given)]))
    via_plan = render_plan(settled, tmp_path / "plan").path
    args = ["new", "--no-input", "-o", str(tmp_path / "cli")]
    for key, value in given.items():
        args += ["--set", f"{key}={','.join(value) if isinstance(value, list) else value}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    via_cli = tmp_path / "cli" / settled.answers.project_slug

    def files(root):
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.name != ".env"
        }

    assert files(via_plan) == files(via_cli)
    assert settled.framework == settled.answers.framework


def test_a_restore_that_fails_keeps_the_backup_and_says_where(tmp_path, read_only, monkeypatch):
    # Writing over a project fails part-way, and putting the user's replaced file back
    # fails too (the folder became read-only meanwhile): the original must survive the
    # staging folder's removal, and the error must say where it is.
    from scaffold.errors import RestoreError
    from scaffold.render import transaction

    target = tmp_path / "my_project"
    target.mkdir()
    (target / "a.txt").write_text("mine", "utf-8")
    staging = tmp_path / ".scaffold-staging"
    project = staging / "my_project"
    project.mkdir(parents=True)
    (project / "a.txt").write_text("rendered a", "utf-8")
    (project / "b.txt").write_text("rendered b", "utf-8")
    put = transaction.Journal.put

    def put_then_freeze(journal, relative, source):
        put(journal, relative, source)
        read_only(target)  # b.txt cannot be written now, nor a.txt put back

    monkeypatch.setattr(transaction.Journal, "put", put_then_freeze)
    with pytest.raises(RestoreError) as info:
        transaction.move_into_place(project, target, staging)
    shutil.rmtree(staging)  # as the renderer does after any failure
    message = str(info.value)
    assert "a.txt" in message and "could not be put back" in message
    kept = next(part for part in message.split() if "scaffold-backup" in part).rstrip(";.")
    assert Path(kept).parent == tmp_path
    assert (Path(kept) / "a.txt").read_text("utf-8") == "mine"
    assert info.value.exit_code == 1
