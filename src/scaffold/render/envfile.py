"""`.env` is never overwritten: the variables a new render needs are listed instead, with what to put in them.

Each render writes a fresh secret into `.env`, so a merge would always
"change" it, and a replacement would lose the machine's own settings. The
project keeps its `.env`; any variable the new render's `.env` sets that the
project's lacks is named, with the comment `.env.example` gives it (the
templates document every variable there), else a hint.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["missing_variables"]

_ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=")
_SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "KEY")
_MAKE_SECRET = 'a secret of its own: python -c "import secrets; print(secrets.token_urlsafe(50))"'


def missing_variables(project: Path, rendered: Path) -> list[str]:
    """One line per variable the `rendered` project's `.env` sets and `project/.env` does not."""
    needed = _assignments(rendered / ".env")
    have = _assignments(project / ".env")
    documented = _documentation(rendered / ".env.example")
    lines = []
    for key, value in needed.items():
        if key in have:
            continue
        if key in documented:
            hint = documented[key]
        elif any(word in key.upper() for word in _SECRET_WORDS):
            hint = _MAKE_SECRET
        else:
            hint = f"for example {key}={value}"
        lines.append(f"{key}: {hint}")
    return lines


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _assignments(path: Path) -> dict[str, str]:
    found = {}
    for line in _lines(path):
        text = line.strip()
        if text and not text.startswith("#") and "=" in text:
            key, _, value = text.removeprefix("export ").partition("=")
            found[key.strip()] = value.strip()
    return found


def _documentation(example: Path) -> dict[str, str]:
    """Each variable of `.env.example` (set or commented out) with the comment block just above it."""
    docs: dict[str, str] = {}
    comment: list[str] = []
    for line in _lines(example):
        text = line.strip()
        assignment = _ASSIGNMENT.match(text.lstrip("#").strip())
        if assignment:
            if comment:
                docs.setdefault(assignment.group(1), " ".join(comment))
            comment = []
        elif text.startswith("#"):
            comment.append(text.lstrip("#").strip())
        else:
            comment = []
    return docs
