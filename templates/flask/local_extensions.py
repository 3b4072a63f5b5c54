"""Jinja filters that escape what a user typed for the file it lands in.

cookiecutter loads them through `_extensions` in cookiecutter.json. Free
text (project_name, description, author) may hold quotes, backslashes,
`<script>` or any Unicode; each filter makes it inert in one language:

- `quoted`: a double-quoted string literal that is valid, with the same
  value, in Python, TOML (basic string) and YAML (double-quoted scalar).
- `markdown`: text for a Markdown line, every ASCII punctuation mark
  backslash-escaped (CommonMark allows that for all of them), so `<script>`,
  `*` or `#` show as typed and nothing becomes markup.

HTML is escaped at run time: the generated app reads the name from its
config and Jinja's autoescape escapes it in every page.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from jinja2.ext import Extension

_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def _escape_char(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if char == " " or char.isprintable():
        return char
    # \uXXXX and \UXXXXXXXX mean the same in Python, TOML and YAML.
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def quoted(value: object) -> str:
    """Return `value` as a double-quoted literal for Python, TOML or YAML."""
    return '"' + "".join(_escape_char(char) for char in str(value)) + '"'


def markdown(value: object) -> str:
    """Return `value` as literal Markdown text on one line."""
    one_line = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


class EscapeExtension(Extension):
    """Adds the `quoted` and `markdown` filters to cookiecutter's Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["quoted"] = quoted
        environment.filters["markdown"] = markdown
