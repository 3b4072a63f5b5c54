"""Compare a starter zip from `scaffold serve` with the folder `scaffold new --no-input` writes.

Both sides become one mapping, path under `<project_slug>/` to (mode, bytes)
with folders as (mode, None), so a test can assert they are equal. The
`.env` differs by design: each render makes its own secret. `secret_free`
masks the secret's value (after checking it is there and long), so the rest
of that file is still compared byte for byte.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from pathlib import Path

Tree = dict[str, tuple[int, bytes | None]]

_SECRET = re.compile(rb"^(SECRET_KEY=)(\S{40,})$", re.MULTILINE)


def folder_tree(project: Path) -> Tree:
    """Every folder and file under `project`, named `<project name>/<relative path>` (folders end in /)."""
    top = project.name
    tree: Tree = {f"{top}/": (0o755, None)}
    for path in sorted(project.rglob("*")):
        relative = f"{top}/{path.relative_to(project).as_posix()}"
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir():
            tree[relative + "/"] = (mode, None)
        else:
            tree[relative] = (mode, path.read_bytes())
    return tree


def zip_tree(data: bytes) -> Tree:
    """Every entry of a zip, with the Unix mode its external attributes carry."""
    tree: Tree = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for info in archive.infolist():
            mode = stat.S_IMODE(info.external_attr >> 16)
            tree[info.filename] = (mode, None) if info.is_dir() else (mode, archive.read(info))
    return tree


def secret_of(tree: Tree, project_slug: str) -> bytes:
    """The SECRET_KEY value of the project's `.env`."""
    data = tree[f"{project_slug}/.env"][1]
    assert data is not None
    match = _SECRET.search(data)
    assert match, f"no SECRET_KEY of 40+ characters in {project_slug}/.env"
    return match.group(2)


def secret_free(tree: Tree, project_slug: str) -> Tree:
    """The tree with the `.env` secret's value replaced by a marker; everything else untouched."""
    secret_of(tree, project_slug)
    masked = dict(tree)
    mode, data = masked[f"{project_slug}/.env"]
    assert data is not None
    masked[f"{project_slug}/.env"] = (mode, _SECRET.sub(rb"\1<secret>", data))
    return masked


def assert_same_project(served: Tree, written: Tree, project_slug: str) -> None:
    """The served zip holds exactly the CLI's files, bytes and modes; only the secret is its own."""
    assert sorted(served) == sorted(written)
    assert secret_free(served, project_slug) == secret_free(written, project_slug)
    assert secret_of(served, project_slug) != secret_of(written, project_slug)
