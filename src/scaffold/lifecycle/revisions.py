"""Reading and re-pointing Alembic revision files (the Flask starter's `migrations/versions/*.py`), as text.

Only the lines Alembic reads for the graph (`revision = "..."`, `down_revision = ...`)
and the docstring's `Revises:` line are looked at or changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TABLE", "Revision", "is_revision", "same_revision"]

_REVISION = re.compile(rb'(?m)^revision = "([^"]+)"')
_DOWN = re.compile(rb"(?m)^down_revision = (None|\"[^\"]*\")")
_REVISES = re.compile(rb"(?m)^Revises:[^\r\n]*")
TABLE = re.compile(rb'op\.create_table\(\s*"([^"]+)"')


def is_revision(path: str) -> bool:
    """Whether `path` is an Alembic revision of the Flask starter (`<package>/migrations/versions/*.py`)."""
    parts = path.split("/")
    return len(parts) >= 3 and parts[-3:-1] == ["migrations", "versions"] and parts[-1].endswith(".py")


def same_revision(mine: bytes, base: bytes) -> bytes:
    """`mine` with `base`'s `down_revision` and `Revises:`: a re-pointed revision compares equal to the base's."""
    down, revises = _DOWN.search(base), _REVISES.search(base)
    if down is not None:
        mine = _DOWN.sub(lambda _m: down.group(0), mine, count=1)
    if revises is not None:
        mine = _REVISES.sub(lambda _m: revises.group(0), mine, count=1)
    return mine


@dataclass
class Revision:
    """One revision file: its path in the project and its bytes."""

    path: str
    content: bytes

    @property
    def id(self) -> str | None:
        """Its revision id."""
        found = _REVISION.search(self.content)
        return found.group(1).decode() if found else None

    @property
    def down(self) -> str | None:
        """The revision it follows (None for a first one)."""
        found = _DOWN.search(self.content)
        return found.group(1).strip(b'"').decode() if found and found.group(1) != b"None" else None

    def pointed_to(self, down: str | None) -> bytes:
        """Its content following `down` instead."""
        value = b"None" if down is None else f'"{down}"'.encode()
        content = _DOWN.sub(b"down_revision = " + value, self.content, count=1)
        return _REVISES.sub(b"Revises: " + (down or "").encode(), content, count=1)
