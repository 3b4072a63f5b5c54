"""The Jinja environment both templates render in: escaping filters, derived flags, a sandbox.

Both `cookiecutter.json` files load `TemplateExtension` through `_extensions`,
so rendering with `scaffold new` and with cookiecutter directly (pytest-cookies)
is the same. It does three things:

- Filters that escape what a user typed for the file it lands in. Free text
  (project_name, description, author) may hold quotes, backslashes,
  `<script>` or any Unicode; each filter makes it inert in one language:
  `quoted` gives a double-quoted literal that is valid, with the same value,
  in Python, TOML (basic string) and YAML (double-quoted scalar); `markdown`
  gives Markdown text on one line, every ASCII punctuation mark
  backslash-escaped (CommonMark allows that for all of them). HTML is escaped
  at run time by the generated app's own autoescaping.
- `cookiecutter._flags`: the derived flags of `scaffold.render.context.FLAGS`.
  `scaffold new` passes them; used directly, cookiecutter has only the
  template's declared placeholders (null), so every template source is
  rendered with the flags derived from its choices first.
- The project folder's name: both templates name their project and package
  folders `{{cookiecutter.project_slug}}`, and cookiecutter joins what that
  renders to onto `-o`, so a slug such as `../../escaped` (cookiecutter
  takes any value; its hooks refuse it, but hooks can be turned off) would
  make folders outside. That exact name is rendered through the
  `folder_name` filter, which refuses anything but one plain path component,
  so no template file changes. (Whether it is a good package name is the
  hooks' and scaffold's question, with a better message.)
- A sandbox: cookiecutter renders every variable it is given as Jinja, so a
  value such as `{{ cycler.__init__.__globals__.os.system(...) }}` would run.
  In Jinja's sandbox, Python internals are out of reach and it fails instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment
from jinja2.exceptions import SecurityError
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

from scaffold.render.context import derived_flags
from scaffold.render.quoting import quoted

__all__ = ["TemplateExtension", "folder_name", "markdown", "quoted", "with_flags"]

_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# Rebinds the template's `cookiecutter` to one with its flags derived; outputs nothing.
_PRELUDE = "{% set cookiecutter = cookiecutter | with_flags %}"
# The templates' project and package folder names, as written (with and without spaces), and what
# makes a folder name unsafe: a separator (either OS's), a drive colon, a control character.
_SLUG_FOLDER = re.compile(r"\{\{\s*cookiecutter\.project_slug\s*\}\}")
_UNSAFE_FOLDER = re.compile(r"[/\\:\x00-\x1f\x7f]")


def folder_name(value: object) -> str:
    """Return `value` if it names one folder right inside the output folder; raise otherwise.

    Raises:
        SecurityError: `value` is empty, `.` or `..`, or holds a path separator, a colon or a control character.
    """
    text = str(value)
    if text.strip() in ("", ".", "..") or _UNSAFE_FOLDER.search(text):
        raise SecurityError(
            f"project_slug {text!r} is not a safe folder name: use lowercase letters, digits and _ "
            "(a Python package name, such as 'my_project')"
        )
    return text


def markdown(value: object) -> str:
    """Return `value` as literal Markdown text on one line."""
    one_line = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def with_flags(context: object) -> object:
    """The cookiecutter context with its `_flags` derived, unless they are there already.

    A partial context (cookiecutter renders variable defaults while it still
    collects the choices) is returned as it is.
    """
    if not isinstance(context, Mapping) or not isinstance(context.get("_flags"), Mapping):
        return context
    if None not in context["_flags"].values() or not {"features", "extras", "database"} <= set(context):
        return context
    return {**context, "_flags": derived_flags(context)}


class TemplateExtension(Extension):
    """Adds the filters, derives the flags before every template, and sandboxes the environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["quoted"] = quoted
        environment.filters["markdown"] = markdown
        environment.filters["with_flags"] = with_flags
        environment.filters["folder_name"] = folder_name
        _sandbox(environment)

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:  # noqa: ARG002 (Jinja API)
        """Prefix a template that uses the flags with the rebinding of `cookiecutter` (it renders to nothing).

        Only those: every file name is compiled as a template too, and compiling is most of a render's time.
        A folder name that is the project slug alone passes `folder_name` (see the module's docstring).
        """
        if _SLUG_FOLDER.fullmatch(source):
            return "{{ cookiecutter.project_slug | folder_name }}"
        return _PRELUDE + source if "_flags" in source else source


class _Verbatim:
    """A template without Jinja syntax: renders to its source, with nothing compiled."""

    def __init__(self, source: str) -> None:
        self.source = source

    def render(self, *args: object, **kwargs: object) -> str:  # noqa: ARG002 (Template.render's signature)
        return self.source


def _from_string(self: Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
    # cookiecutter compiles every file and folder name as a template, most of
    # which hold no Jinja at all; compiling them was a third of a render's time.
    plain = isinstance(source, str) and not {"{", "\n", "\r"} & set(source)
    if plain and self.line_statement_prefix is None and self.line_comment_prefix is None:
        return _Verbatim(source)
    return SandboxedEnvironment.from_string(self, source, *args, **kwargs)


def _sandbox(environment: Environment) -> None:
    # cookiecutter builds its own Environment subclass; give this instance the
    # sandbox's checks (attribute access, calls) while keeping that class.
    if isinstance(environment, SandboxedEnvironment):
        return
    original: Any = type(environment)
    environment.__class__ = type(
        f"Sandboxed{original.__name__}", (SandboxedEnvironment, original), {"from_string": _from_string}
    )
    sandboxed: Any = environment
    sandboxed.binop_table = SandboxedEnvironment.default_binop_table.copy()
    sandboxed.unop_table = SandboxedEnvironment.default_unop_table.copy()
