"""Compiled templates kept between runs: reused, keyed by what shapes them, only in a private folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from scaffold import compiled
from scaffold.answers import complete
from scaffold.context import template_context
from scaffold.render import render, template_dir


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A system temporary folder of the test's own, and no cache object left from other tests."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    compiled.compiled_templates.cache_clear()
    yield root
    compiled.compiled_templates.cache_clear()


def _render(out: Path, framework: str = "flask") -> dict[str, bytes]:
    answers = complete({"framework": framework, "features": ("admin", "auth", "api")})
    with template_dir(framework) as template:
        project = render(
            template=template,
            context=template_context(answers, framework),
            output_dir=out,
            overwrite=False,
            extra_files={},
        ).path
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and path.name != ".env"
    }


def test_compiled_templates_are_kept_in_a_private_folder_and_reused(temp_root: Path, tmp_path: Path) -> None:
    first = _render(tmp_path / "first")
    folder = compiled.cache_folder()
    assert folder.parent == temp_root
    kept = sorted(folder.iterdir())
    assert kept, "nothing was kept for the next run"
    assert folder.stat().st_mode & 0o777 == 0o700
    compiled.compiled_templates.cache_clear()  # as a new process would start
    stamps = {path: path.stat().st_mtime_ns for path in kept}
    assert _render(tmp_path / "second") == first
    assert {path: path.stat().st_mtime_ns for path in kept} == stamps, "the second run compiled again"


def test_a_damaged_cache_file_is_compiled_again(temp_root: Path, tmp_path: Path) -> None:  # noqa: ARG001
    first = _render(tmp_path / "first")
    for path in compiled.cache_folder().iterdir():
        path.write_bytes(b"not compiled code")
    compiled.compiled_templates.cache_clear()
    assert _render(tmp_path / "second") == first


def test_each_template_and_its_options_get_their_own_entries(temp_root: Path, tmp_path: Path) -> None:  # noqa: ARG001
    _render(tmp_path / "flask", "flask")
    after_flask = set(compiled.cache_folder().iterdir())
    _render(tmp_path / "django", "django")
    assert set(compiled.cache_folder().iterdir()) > after_flask
    with template_dir("django") as template:
        one = compiled.compiled_templates(template, "options A")
        other = compiled.compiled_templates(template, "options B")
    assert one.get_cache_key("README.md") != other.get_cache_key("README.md")


@pytest.mark.parametrize("make", ["open to others", "symlink"])
def test_a_folder_others_could_write_is_never_read(temp_root: Path, tmp_path: Path, make: str) -> None:
    folder = compiled.cache_folder()
    if make == "open to others":
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)
    else:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.symlink_to(elsewhere)
    before = sorted(folder.iterdir())
    assert _render(tmp_path / "out")  # renders, compiling in memory
    assert sorted(folder.iterdir()) == before, "compiled code was written where others can reach it"
    with template_dir("flask") as template:
        assert not isinstance(compiled.compiled_templates(template, "x"), compiled.FileSystemBytecodeCache)
