"""Fixtures shared by every test module."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME (and XDG dirs) at a temp folder: no test may write to the real home.

    cookiecutter writes replay files under ~ and reads ~/.cookiecutterrc; this
    keeps both away from the developer's machine.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("COOKIECUTTER_CONFIG", raising=False)
    return home


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make folders read-only for the test, even for root (chattr +i), and writable again after."""
    frozen: list[Path] = []

    def freeze(folder: Path) -> None:
        # chmod does not stop root, which CI runs as; the immutable flag does.
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode != 0:
            if os.geteuid() == 0:
                pytest.skip("cannot make a folder read-only for root here (chattr +i refused)")
            folder.chmod(0o555)
        frozen.append(folder)

    yield freeze
    for folder in frozen:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
        folder.chmod(0o755)


@pytest.fixture
def own_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A system temporary folder of the test's own, and nothing scaffold keeps per process carried in or out.

    scaffold keeps compiled templates and parsed rules in its folder there (scaffold._tmpcache),
    and one cache object of each per process: cleared before and after, as a new process starts.
    """
    import tempfile

    from scaffold.decide import rules
    from scaffold.render import compiled

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    compiled._cache_for.cache_clear()
    rules._packaged_rules.cache_clear()
    yield root
    compiled._cache_for.cache_clear()
    rules._packaged_rules.cache_clear()
