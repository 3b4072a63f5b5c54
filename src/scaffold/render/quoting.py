"""One literal that means the same text in Python, TOML and YAML.

The templates write what a user typed (project_name, description, author)
into settings, pyproject.toml and YAML files, and `.scaffold.yml` records the
answers: a double-quoted string with these escapes is valid, with the same
value, in all three, whatever the text holds (quotes, backslashes, control
characters, any Unicode).
"""

from __future__ import annotations

__all__ = ["quoted"]

_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


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
