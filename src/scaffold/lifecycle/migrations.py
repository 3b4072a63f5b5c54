"""Alembic revisions in a project that exists: never edited, and a feature added later appended to its chain.

A Flask project's database is at the revision its last `flask db upgrade`
reached; Alembic takes every revision before that one as applied. So a
revision the project has is never changed (a table added to it would never
be made), and a feature added later gets a revision of its own at the end of
the project's chain, whatever order the template's own chain has (each
starter renders its features' revisions in one fixed order, which a project
built a feature at a time does not follow):

- a revision the template changes is kept as the project has it, and said so
  (a change of its `down_revision` alone, the template's order, is no change);
- a new revision is re-pointed to the project's current head (in the
  template's order when there are several), unless every table it creates is
  created already by a revision the project has (a project made before the
  features had revisions of their own);
- a revision the template drops goes, and the one after it is re-pointed to
  the one before, so the chain stays whole; the user is told how to move a
  database that was at it.

Django's migrations are per app and their graph is by name, so only the Flask
starter's `migrations/versions/` is looked at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold.lifecycle.merge import FileChange, Outcome
from scaffold.lifecycle.revisions import TABLE, Revision, is_revision, same_revision

__all__ = ["MigrationReport", "settle_revisions"]


@dataclass(frozen=True)
class MigrationReport:
    """The changes with the revisions settled, and what to tell the user."""

    changes: list[FileChange]
    notes: list[str]
    #: Revisions whose change was dropped: no conflict is entered for them either.
    untouched: frozenset[str] = frozenset()


def settle_revisions(root: Path, changes: Sequence[FileChange]) -> MigrationReport:
    """Keep the project's revisions as they are, append new ones to its chain, and mend it where one goes."""
    existing = {
        path.relative_to(root).as_posix(): Revision(path.relative_to(root).as_posix(), path.read_bytes())
        for path in root.glob("*/migrations/versions/*.py")
        if path.is_file() and not path.is_symlink()
    }
    if not existing:
        return MigrationReport(list(changes), [])
    notes: list[str] = []
    untouched: set[str] = set()
    kept = [c for c in changes if not is_revision(c.path) or c.kind is Outcome.DELETE or c.path not in existing]
    for change in changes:
        if change not in kept:
            untouched.add(change.path)
            ours = existing[change.path].content
            if change.content is None or same_revision(change.content, ours) != ours:
                notes.append(
                    f"{change.path}: kept as it is: a migration is never changed once the project has it "
                    "(your database may be past it)"
                )
    chain = {rev.id: rev for rev in existing.values() if rev.id}
    dropped = [c.path for c in kept if is_revision(c.path) and c.kind is Outcome.DELETE]
    mended = _mend(chain, dropped, notes)
    added = sorted((c for c in kept if is_revision(c.path) and c.kind is Outcome.ADD), key=lambda c: c.path)
    kept = [c for c in kept if c not in added]
    kept += _append(chain, added, notes)
    return MigrationReport(kept + mended, notes, frozenset(untouched))


def _append(chain: dict[str, Revision], added: list[FileChange], notes: list[str]) -> list[FileChange]:
    """The new revisions, each re-pointed to the chain's head in turn; those whose tables exist are left out."""
    created = {table for rev in chain.values() for table in TABLE.findall(rev.content)}
    placed = []
    for change in added:
        new = Revision(change.path, change.content or b"")
        tables = set(TABLE.findall(new.content))
        if tables and tables <= created:
            notes.append(f"{change.path}: not added: your migrations create its tables already")
            continue
        content = new.pointed_to(_head(chain))
        placed.append(FileChange(change.path, change.kind, content, change.mode))
        if new.id:
            chain[new.id] = Revision(change.path, content)
        created |= tables
    return placed


def _head(chain: dict[str, Revision]) -> str | None:
    """The revision no other one follows (the last of the template's order, should there be several)."""
    followed = {rev.down for rev in chain.values()}
    heads = sorted((rev.path, rev_id) for rev_id, rev in chain.items() if rev_id not in followed)
    return heads[-1][1] if heads else None


def _mend(chain: dict[str, Revision], dropped: list[str], notes: list[str]) -> list[FileChange]:
    """Take the dropped revisions out of `chain`, re-pointing each one's follower; return those changes."""
    changes: dict[str, FileChange] = {}
    for path in dropped:
        gone = next((rev_id for rev_id, rev in chain.items() if rev.path == path), None)
        if gone is None:
            continue
        before = chain.pop(gone).down
        # A revision that goes is not re-pointed either: two in a row (auth's 0002, then 0006 after
        # it) would otherwise leave the second re-written instead of removed.
        changes.pop(path, None)
        for rev_id, rev in list(chain.items()):
            if rev.down == gone:
                rev = Revision(rev.path, rev.pointed_to(before))
                chain[rev_id] = rev
                changes[rev.path] = FileChange(rev.path, Outcome.UPDATE, rev.content)
        package = path.split("/", 1)[0]
        notes.append(
            f"{path}: removed with its feature (its tables stay in your database); a database at revision "
            f"{gone} moves on with: flask --app {package} db stamp {_head(chain) or 'base'}"
        )
    return list(changes.values())
