"""Compiled templates kept between runs: reused, keyed by what shapes them, only in a private folder."""

from __future__ import annotations

import json
import marshal
import os
import time
from pathlib import Path

import pytest
from jinja2 import BytecodeCache

from scaffold import _tmpcache as tmpcache
from scaffold.questionnaire.gather import complete
from scaffold.render import compiled
from scaffold.render.context import template_context
from scaffold.render.generate import write_tree
from scaffold.render.pipeline import render, template_dir


def _small_template(root: Path, options: dict[str, bool]) -> Path:
    """A template of three files, one of them optional, with the given Jinja whitespace options."""
    template = root / "template"
    project = template / "{{cookiecutter.project_slug}}"
    project.mkdir(parents=True)
    (template / "cookiecutter.json").write_text(json.dumps({"project_slug": "demo", "_jinja2_env_vars": options}))
    (project / "README.md").write_text(
        "{% if cookiecutter.project_slug %}\n# {{ cookiecutter.project_slug }}\n{% endif %}\n"
    )
    (project / "plain.txt").write_text("no template here\n")
    (project / "{% if cookiecutter.project_slug == 'x' %}only_x.txt{% endif %}").write_text(
        "{{ cookiecutter.project_slug }}\n"
    )
    return template


def _write(template: Path, out: Path) -> dict[str, bytes]:
    values = {**json.loads((template / "cookiecutter.json").read_text()), "project_slug": "demo"}
    cache = compiled.compiled_templates(template, values)
    out.mkdir(parents=True)
    project = write_tree(template, values, out, cache)
    cache.save()
    return {str(path.relative_to(project)): path.read_bytes() for path in sorted(project.rglob("*"))}


def _entries() -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in tmpcache.cache_folder().iterdir()}


def test_scaffold_new_keeps_compiled_templates_in_a_private_folder_and_reuses_them(
    own_tmpdir: Path, tmp_path: Path
) -> None:
    def render_flask(out: Path) -> dict[str, bytes]:
        answers = complete({"framework": "flask", "features": ("admin", "auth", "api")})
        with template_dir("flask") as template:
            project = render(
                template=template,
                context=template_context(answers, "flask"),
                output_dir=out,
                overwrite=False,
                extra_files={},
            ).path
        return {
            str(p.relative_to(project)): p.read_bytes() for p in project.rglob("*") if p.is_file() and p.name != ".env"
        }

    first = render_flask(tmp_path / "first")
    assert tmpcache.cache_folder().parent == own_tmpdir
    assert tmpcache.cache_folder().stat().st_mode & 0o777 == 0o700
    kept = _entries()
    assert kept, "nothing was kept for the next run"
    compiled._cache_for.cache_clear()  # as a new process would start
    assert render_flask(tmp_path / "second") == first
    assert _entries() == kept, "the second run compiled again"


def test_a_damaged_cache_file_is_compiled_again(own_tmpdir: Path, tmp_path: Path) -> None:  # noqa: ARG001
    template = _small_template(tmp_path, {"trim_blocks": True})
    first = _write(template, tmp_path / "first")
    assert first == {"README.md": b"# demo\n", "plain.txt": b"no template here\n"}
    for path in tmpcache.cache_folder().iterdir():
        path.write_bytes(b"not compiled code")
    compiled._cache_for.cache_clear()
    assert _write(template, tmp_path / "second") == first


def test_a_damaged_entry_is_compiled_again(own_tmpdir: Path, tmp_path: Path) -> None:  # noqa: ARG001
    # A bundle that loads but holds code that is not Jinja's (or for other sources) is not trusted.
    template = _small_template(tmp_path, {"trim_blocks": True})
    first = _write(template, tmp_path / "first")
    (bundle,) = tmpcache.cache_folder().iterdir()
    entries = marshal.loads(bundle.read_bytes())
    assert "README.md" in entries
    bundle.write_bytes(marshal.dumps({name: b"not compiled code" for name in entries}))
    compiled._cache_for.cache_clear()
    assert _write(template, tmp_path / "second") == first


def test_one_file_per_template_holds_what_every_run_compiled(own_tmpdir: Path, tmp_path: Path) -> None:  # noqa: ARG001
    # Two runs that compile different files (different answers, or two processes at once) both count.
    template = _small_template(tmp_path, {"trim_blocks": True})
    values = json.loads((template / "cookiecutter.json").read_text())
    for slug in ("demo", "x"):
        cache = compiled.compiled_templates(template, values)
        out = tmp_path / f"out-{slug}"
        out.mkdir()
        write_tree(template, {**values, "project_slug": slug}, out, cache)
        cache.save()
        compiled._cache_for.cache_clear()
    (bundle,) = tmpcache.cache_folder().iterdir()
    names = set(marshal.loads(bundle.read_bytes()))
    optional = "{% if cookiecutter.project_slug == 'x' %}only_x.txt{% endif %}"
    assert {"README.md", f"name:{optional}"} <= names
    assert optional in names, "the file only the second run rendered was not kept"


def test_compiled_code_no_run_used_for_a_month_is_removed(own_tmpdir: Path, tmp_path: Path) -> None:  # noqa: ARG001
    folder = tmpcache.cache_folder()
    folder.mkdir(mode=0o700)
    stale, recent = folder / ("0" * 64 + ".jinja"), folder / ("1" * 64 + ".jinja")
    for path in (stale, recent):
        path.write_bytes(marshal.dumps({}))
    month_ago = time.time() - tmpcache.UNUSED_FOR - 3600
    os.utime(stale, (month_ago, month_ago))
    _write(_small_template(tmp_path, {"trim_blocks": True}), tmp_path / "out")
    left = sorted(path.name for path in folder.iterdir())
    assert stale.name not in left
    assert recent.name in left
    assert len(left) == 2, left


def test_code_compiled_with_other_options_is_never_reused(own_tmpdir: Path, tmp_path: Path) -> None:  # noqa: ARG001
    # The same sources at the same path, compiled without trim_blocks, must not be read back.
    trimmed = _write(_small_template(tmp_path / "a", {"trim_blocks": True}), tmp_path / "out-a")
    (tmp_path / "a").rename(tmp_path / "b")
    kept = len(_entries())
    untrimmed = _write(_small_template(tmp_path / "a", {"trim_blocks": False}), tmp_path / "out-b")
    assert untrimmed["README.md"] == b"\n# demo\n\n"
    assert trimmed["README.md"] == b"# demo\n"
    assert len(_entries()) > kept


@pytest.mark.parametrize("make", ["open to others", "symlink"])
def test_a_folder_others_could_write_is_never_used(own_tmpdir: Path, tmp_path: Path, make: str) -> None:  # noqa: ARG001
    folder = tmpcache.cache_folder()
    if make == "open to others":
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)
    else:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.symlink_to(elsewhere)
    template = _small_template(tmp_path, {"trim_blocks": True})
    assert _write(template, tmp_path / "out")["README.md"] == b"# demo\n"  # compiled in memory
    assert sorted(folder.iterdir()) == [], "compiled code was written where others can reach it"
    cache: BytecodeCache = compiled.compiled_templates(template, {})
    assert not isinstance(cache, compiled._Bundle)


def test_each_python_keeps_its_own_bundle(own_tmpdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ARG001
    # Two venvs of one checkout (two Pythons, one template path) must not rewrite each other's bundle.
    import sys

    template = _small_template(tmp_path, {"trim_blocks": True})
    _write(template, tmp_path / "first")
    monkeypatch.setattr(sys.implementation, "cache_tag", "cpython-399")
    compiled._cache_for.cache_clear()
    _write(template, tmp_path / "second")
    assert len(_entries()) == 2


def test_a_bundle_read_by_a_run_is_marked_used_and_kept(own_tmpdir: Path, tmp_path: Path) -> None:  # noqa: ARG001
    template = _small_template(tmp_path / "a", {"trim_blocks": True})
    _write(template, tmp_path / "first")
    (bundle,) = tmpcache.cache_folder().iterdir()
    month_ago = time.time() - tmpcache.UNUSED_FOR - 3600
    os.utime(bundle, (month_ago, month_ago))
    compiled._cache_for.cache_clear()
    _write(template, tmp_path / "second")  # reads the bundle, compiles nothing
    # Another template's first render writes its bundle and removes what no run used.
    _write(_small_template(tmp_path / "b", {"trim_blocks": False}), tmp_path / "third")
    assert bundle.exists(), "a bundle in use was removed"
    assert len(_entries()) == 2
