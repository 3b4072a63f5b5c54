"""Start `scaffold serve` as its user would, on 127.0.0.1 and a free port, and stop it after.

`scaffold_serve()` runs the installed `scaffold serve --port N --no-open`
with its own HOME and TMPDIR (so a test can check that nothing is left in
either), waits until it answers, yields a `Server` (support.project_server) and
stops it with SIGTERM, failing the test if its log shows an error or a
traceback.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .generated import clean_env, in_ci
from .project_server import Server, _stop, _wait_until_ready, bad_log_lines, free_port

SCAFFOLD = Path(sys.executable).parent / "scaffold"


def require_serve_extra() -> None:
    """Skip the calling test module without the `serve` extra; on CI, where `.[test]` brings it, fail."""
    import pytest

    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        message = f'scaffold serve needs its extra ({exc.name} is missing): pip install -e ".[test]"'
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


@dataclass
class Served:
    """The running server and the folders it was given as HOME and TMPDIR."""

    server: Server
    home: Path
    tmp: Path

    def leftovers(self) -> list[str]:
        """Whatever the server left in its HOME or TMPDIR, but what scaffold keeps there on purpose.

        scaffold's private cache folder (`scaffold._tmpcache`: compiled templates, parsed rules)
        holds files named by hashes and versions, nothing from a request: its files are let be.
        """
        from scaffold._tmpcache import cache_folder

        cache = self.tmp / cache_folder().name
        return sorted(
            str(path)
            for folder in (self.home, self.tmp)
            for path in folder.rglob("*")
            if not (path == cache or (path.parent == cache and not path.name.startswith(".")))
        )


@contextlib.contextmanager
def scaffold_serve(work: Path, *, startup_timeout: float = 30) -> Iterator[Served]:
    """Run `scaffold serve --port N --no-open` until the block ends."""
    home, tmp = work / "serve-home", work / "serve-tmp"
    home.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    env = clean_env({"HOME": str(home), "TMPDIR": str(tmp)})
    for attempt in range(2):
        port = free_port()
        log_path = work / f"scaffold-serve-{port}.log"
        with log_path.open("wb") as log_file:
            proc = subprocess.Popen(  # noqa: S603 - our own command line
                [str(SCAFFOLD), "serve", "--port", str(port), "--no-open"],
                cwd=work,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server("127.0.0.1", port, log_path)
        try:
            ready = _wait_until_ready(proc, server, "/api/questions", startup_timeout)
            if not ready and attempt == 0 and "cannot listen" in server.log():
                continue
            if not ready:
                raise AssertionError(f"scaffold serve did not answer (exit {proc.poll()}):\n{server.log()}")
            yield Served(server, home, tmp)
        finally:
            _stop(proc)
        # uvicorn shuts down, then re-raises SIGTERM so the exit status says how it ended.
        assert proc.returncode in (0, -15), f"scaffold serve exited {proc.returncode} on SIGTERM:\n{server.log()}"
        bad = bad_log_lines(server.log())
        assert not bad, "scaffold serve logged errors:\n" + server.log()
        return
