"""A template's project folder written out: what cookiecutter's `generate_files` writes, without cookiecutter.

Both templates stay cookiecutter templates (cookiecutter and pytest-cookies
render them directly). `scaffold new` writes the same files itself because
importing cookiecutter (arrow, rich, its prompts) and recompiling every file
and folder name as a template cost more than the rest of a render.
tests/test_tree.py renders combinations both ways and requires the same
files, bytes and modes.

What it supports is what docs/templates.md allows a template to use:
Jinja's own filters and tests plus the `_extensions` the template declares,
`_jinja2_env_vars`, `_copy_without_render` (fnmatch patterns on paths inside
the project folder), and a file name that renders empty to leave a file out.
cookiecutter's own default extensions (`jsonify`, `slugify`, `now`, ...) are
not loaded: a template that used one would fail here with Jinja's "no filter
named" error, and the equivalence test with it.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, BytecodeCache, Environment, StrictUndefined, Template, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["project_folder", "write_tree"]

# Template names for file and folder names, kept apart from the file paths they are made from.
_NAME_PREFIX = "name:"


def project_folder(template: Path) -> Path:
    """The template's one top-level folder whose name is a template (`{{cookiecutter.project_slug}}`)."""
    found = [path for path in template.iterdir() if path.is_dir() and "cookiecutter" in path.name and "{{" in path.name]
    if len(found) != 1:
        raise FileNotFoundError(f"{template}: expected one project folder named with {{{{cookiecutter...}}}}")
    return found[0]


class _Loader(BaseLoader):
    """File templates by their path inside the project folder; `name:<path>` for the path itself."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:  # noqa: ARG002
        if template.startswith(_NAME_PREFIX):
            return template[len(_NAME_PREFIX) :], None, lambda: True
        path = os.path.join(self.root, template)
        with open(path, encoding="utf-8") as handle:
            return handle.read(), path, lambda: True


def _environment(source_root: Path, values: Mapping[str, Any], cache: BytecodeCache | None) -> Environment:
    """The Jinja environment cookiecutter would build for `values`, sandboxed, loading from the project folder.

    cookiecutter's is `StrictUndefined`, `keep_trailing_newline`, the declared `_extensions` and
    `_jinja2_env_vars`; scaffold's extension sandboxes it (here it is a sandbox from the start).
    """
    options = dict(values.get("_jinja2_env_vars") or {})
    return SandboxedEnvironment(
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=[str(name) for name in values.get("_extensions") or ()],
        loader=_Loader(source_root),
        bytecode_cache=cache,
        # Templates never change while scaffold runs: no stat() of each file on every lookup.
        auto_reload=False,
        **options,
    )


class _Names:
    """Paths with their names rendered, each distinct name compiled once.

    cookiecutter renders a file's whole path as one template; rendering it name by name gives
    the same path (a name cannot hold a '/') and compiles the project folder's name once, not
    once for every file beneath it.
    """

    def __init__(self, env: Environment, context: Mapping[str, Any]) -> None:
        self._env = env
        self._context = context
        self._done: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        # Plain strings, not Path objects, here and below: see the PTH note in pyproject.toml.
        return os.sep.join(self._name(name) for name in path.split(os.sep))

    def _name(self, name: str) -> str:
        if "{" not in name:
            return name
        if name not in self._done:
            template: Template = self._env.get_template(_NAME_PREFIX + name)
            self._done[name] = template.render(self._context)
        return self._done[name]


def _copy_only(path: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)


def _line_ending(source: bytes) -> str | None:
    """The first line's ending, as cookiecutter detects it (None: the platform's)."""
    for index, byte in enumerate(source):
        if byte == 0x0A:
            return "\n"
        if byte == 0x0D:
            return "\r\n" if source[index + 1 : index + 2] == b"\n" else "\r"
    return None


def _is_binary(source: bytes) -> bool:
    if b"\0" in source:
        return True
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def write_tree(template: Path, values: Mapping[str, Any], output_dir: Path, cache: BytecodeCache | None = None) -> Path:
    """Write the project folder of `template` rendered with `values` (the `cookiecutter` context) into `output_dir`.

    Returns the project's folder. `output_dir` must not hold a folder of that name yet. Raises
    Jinja's `TemplateError` for a broken template or an undefined variable, `OSError` for the disk.
    """
    source_root = project_folder(template)
    env = _environment(source_root, values, cache)
    context = {"cookiecutter": values}
    names = _Names(env, context)
    patterns = [str(pattern) for pattern in values.get("_copy_without_render") or ()]
    project = output_dir / names(source_root.name)
    project.mkdir()
    source, out = str(source_root), str(project)
    for root, dirs, files in os.walk(source):
        relative_root = os.path.relpath(root, source)
        kept = []
        for folder in sorted(dirs):
            inside = os.path.normpath(os.path.join(relative_root, folder))
            if _copy_only(inside, patterns):
                shutil.copytree(os.path.join(source, inside), os.path.join(out, names(inside)))
            else:
                os.mkdir(os.path.join(out, names(inside)))
                kept.append(folder)
        dirs[:] = kept
        for name in sorted(files):
            inside = os.path.normpath(os.path.join(relative_root, name))
            _write_file(os.path.join(source, inside), os.path.join(out, names(inside)), inside, env, context, patterns)
    return project


def _write_file(
    source_path: str,
    target: str,
    inside: str,
    env: Environment,
    context: Mapping[str, Any],
    patterns: list[str],
) -> None:
    if os.path.isdir(target):
        return  # the name rendered empty: the file is left out
    with open(source_path, "rb") as handle:
        source = handle.read()
    if _copy_only(inside, patterns) or _is_binary(source) or not _has_jinja(source, env):
        with open(target, "wb") as handle:
            handle.write(source)
    else:
        try:
            rendered = env.get_template(inside.replace(os.sep, "/")).render(context)
        except UndefinedError as exc:
            raise UndefinedError(f"{inside}: {exc.message}") from exc
        with open(target, "w", encoding="utf-8", newline=_line_ending(source)) as text:
            text.write(rendered)
    shutil.copymode(source_path, target)


def _has_jinja(source: bytes, env: Environment) -> bool:
    # Without these markers Jinja gives a file back unchanged (keep_trailing_newline): copy it,
    # compile nothing. Line statements would be syntax without them, so then everything renders.
    if env.line_statement_prefix is not None or env.line_comment_prefix is not None:
        return True
    return b"{{" in source or b"{%" in source or b"{#" in source
