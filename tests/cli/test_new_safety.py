"""`scaffold new` where it meets the user's folder: Ctrl-C after the commit, and links in `--overwrite`."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from scaffold.cli import cli
from scaffold.render import pipeline


def new(out: Path, *args: str):
    return CliRunner().invoke(cli, ["new", "--no-input", "-o", str(out), *args], catch_exceptions=False)


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"<other>")
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("overwrite", [False, True], ids=["new folder", "--overwrite"])
def test_ctrl_c_just_after_the_project_is_in_place_says_it_was_written(tmp_path, monkeypatch, overwrite):
    # The narrow window: a real SIGINT one step after the last rename. The message must not
    # claim that nothing was written, and must name the project.
    if overwrite:
        assert new(tmp_path).exit_code == 0
    real = pipeline.move_into_place

    def move_then_interrupt(*args, **kwargs):
        replaced = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return replaced

    monkeypatch.setattr(pipeline, "move_into_place", move_then_interrupt)
    result = new(tmp_path, *(["--overwrite"] if overwrite else []))
    assert result.exit_code == 130, result.output
    project = tmp_path / "my_project"
    assert (project / ".scaffold.yml").is_file()
    assert "nothing was written" not in result.stderr
    assert f"Interrupted after {project} was written in full" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_project"], "no staging folder is left"


def test_ctrl_c_while_files_move_over_an_existing_folder_undoes_them_and_says_nothing_was_written(
    tmp_path, monkeypatch
):
    from scaffold.render.transaction import Journal

    assert new(tmp_path).exit_code == 0
    (tmp_path / "my_project" / "README.md").write_text("ours\n", "utf-8")
    before = tree(tmp_path)
    real = Journal.put
    placed: list[str] = []

    def put_then_interrupt(self, relative, source):
        real(self, relative, source)
        placed.append(relative)
        if len(placed) == 2:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(Journal, "put", put_then_interrupt)
    result = new(tmp_path, "--overwrite")
    assert result.exit_code == 130, result.output
    assert result.stderr.strip() == "Error: Interrupted: nothing was written."
    assert tree(tmp_path) == before


@pytest.mark.parametrize("framework", ["django", "flask"])
@pytest.mark.parametrize("given", [{"project_name": "../../escaped"}, {"project_slug": "../escaped"}])
def test_the_templates_used_directly_without_hooks_make_no_folder_outside_o(tmp_path, framework, given):
    from cookiecutter.main import cookiecutter
    from jinja2.exceptions import SecurityError

    from scaffold.render.pipeline import template_dir

    inside = tmp_path / "a" / "b"
    inside.mkdir(parents=True)
    with template_dir(framework) as template, pytest.raises(SecurityError, match="not a safe folder name"):
        cookiecutter(
            str(template), no_input=True, accept_hooks=False, output_dir=str(inside / "out"), extra_context=given
        )
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["a", "a/b"]


@pytest.mark.parametrize("link", ["folder", "file"])
def test_overwrite_refuses_a_link_to_outside_the_folder_and_changes_nothing(tmp_path, link):
    out = tmp_path / "out"
    assert new(out, "--framework", "flask").exit_code == 0
    project = out / "my_project"
    outside = tmp_path / "outside"
    if link == "folder":
        # The tests folder lives elsewhere: --overwrite would write conftest.py there.
        (project / "tests").rename(outside)
        (project / "tests").symlink_to(outside, target_is_directory=True)
        shown = "tests"
    else:
        outside.write_text("README elsewhere\n", "utf-8")
        (project / "README.md").unlink()
        (project / "README.md").symlink_to(outside)
        shown = "README.md"
    before, outside_before = tree(tmp_path), tree(outside) if outside.is_dir() else outside.read_bytes()
    result = new(out, "--framework", "flask", "--overwrite")
    assert result.exit_code == 2, result.output
    assert f"{shown} is a link to {outside}, outside {project}" in result.stderr
    assert "nothing was changed" in result.stderr
    assert tree(tmp_path) == before
    assert (tree(outside) if outside.is_dir() else outside.read_bytes()) == outside_before
