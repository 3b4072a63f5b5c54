"""Run a generated project's own processes as production would: gunicorn, and a Celery worker.

`gunicorn()` starts the project's own gunicorn (from its venv) on 127.0.0.1
and a free port, waits until it answers, yields a `Server` to make requests
with, then stops it and fails the test if anything was logged at ERROR or a
traceback was printed. `celery()` (and `celery_worker()`) does the same for
the project's own celery command, waiting for a line of its log. Every wait
is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .generated import GeneratedProject, clean_env

# Lines a healthy server never logs: gunicorn's "[ERROR]", the logging
# module's "ERROR:" or " ERROR " level names, Python tracebacks, and an
# access-log line with a 5xx status (an app may log its 500s nowhere).
_BAD_LOG_LINE = re.compile(r"\[ERROR\]|\bERROR\b|\bCRITICAL\b|Traceback \(most recent call last\)|\" 5\d\d (?:\d+|-) ")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Response:
    """What came back for one request: status, headers (lower-case names) and body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    #: Every Set-Cookie header (the mapping above keeps only one).
    set_cookies: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        """The media type, without parameters ("text/html")."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class Server:
    """A running server: where it listens and what it logged."""

    host: str
    port: int
    log_path: Path
    default_headers: dict[str, str] = field(default_factory=dict)
    #: The client's own address, e.g. ("127.0.0.2", 0) to be a second client (all of 127/8 is local).
    source_address: tuple[str, int] | None = None

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://{self.host}:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 15,
    ) -> Response:
        """One HTTP request; redirects are returned, not followed."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout, source_address=self.source_address)
        try:
            conn.request(method, path, body=body, headers={**self.default_headers, **(headers or {})})
            raw = conn.getresponse()
            data = raw.read()
            cookies = tuple(raw.headers.get_all("Set-Cookie") or ())
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, cookies)
        finally:
            conn.close()

    def get(self, path: str, *, headers: Mapping[str, str] | None = None) -> Response:
        """GET `path`."""
        return self.request("GET", path, headers=headers)

    def log(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""


def bad_log_lines(log: str) -> list[str]:
    """The lines of a server log that show an error or a traceback."""
    return [line for line in log.splitlines() if _BAD_LOG_LINE.search(line)]


@contextlib.contextmanager
def gunicorn(
    project: GeneratedProject,
    app: str,
    *,
    env: Mapping[str, str],
    log_dir: Path,
    ready_path: str = "/",
    ready_headers: Mapping[str, str] | None = None,
    startup_timeout: float = 60,
    workers: int = 2,
    check_log: bool = True,
) -> Iterator[Server]:
    """Run `gunicorn APP` from the project's venv until the block ends.

    Fails the test if the server never answers `ready_path` within
    `startup_timeout` seconds, or (with `check_log`) if its log shows an error
    or a traceback. A test that makes errors on purpose (a service down)
    turns `check_log` off and reads `server.log()` itself.
    """
    exe = project.bin / "gunicorn"
    if not exe.exists():
        raise AssertionError(f"gunicorn is not installed in the generated venv {project.venv}")
    log_dir.mkdir(parents=True, exist_ok=True)
    full_env = _venv_env(project, env)
    # Two tries: another process may take the free port between finding and binding it.
    for attempt in range(2):
        port = free_port()
        log_path = log_dir / f"gunicorn-{port}.log"
        cmd = [
            str(exe),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--timeout", "30",
            "--graceful-timeout", "5",
            "--access-logfile", "-",
            "--error-logfile", "-",
            "--log-level", "info",
            "--capture-output",
            app,
        ]  # fmt: skip
        with log_path.open("wb") as log_file:
            proc = subprocess.Popen(  # noqa: S603 - our own command line
                cmd,
                cwd=project.path,
                env=full_env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server("127.0.0.1", port, log_path, dict(ready_headers or {}))
        try:
            ready = _wait_until_ready(proc, server, ready_path, startup_timeout)
            if not ready and attempt == 0 and "Address already in use" in server.log():
                continue
            if not ready:
                raise AssertionError(
                    f"gunicorn {app} did not answer {ready_path} within {startup_timeout:.0f} s "
                    f"(exit code {proc.poll()}); its log ({log_path}):\n{server.log()[-20000:]}"
                )
            print(f"gunicorn {app} on {server.base_url}, log: {log_path}")  # noqa: T201 - shown with -s/-rA
            yield server
        finally:
            _stop(proc)
        bad = bad_log_lines(server.log()) if check_log else []
        if bad:
            raise AssertionError(
                f"gunicorn {app} logged errors ({log_path}):\n"
                + "\n".join(bad)
                + f"\n--- full log ---\n{server.log()[-20000:]}"
            )
        return


@contextlib.contextmanager
def celery(
    project: GeneratedProject, args: list[str], *, env: Mapping[str, str], log: Path, ready: str
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `celery ARGS` from the project's venv until `ready` shows in its log; SIGTERM it after.

    Fails the test if it dies or never gets ready, if it does not exit 0 on
    SIGTERM (Celery's warm shutdown), or if its log shows an error.
    """
    with log.open("wb") as output:
        proc = subprocess.Popen(  # noqa: S603 - the project's own celery
            [str(project.bin / "celery"), *args],
            cwd=project.path,
            env=_venv_env(project, env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_log(log, lambda text: ready in text, what=f"celery {' '.join(args)} to get ready", proc=proc)
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    text = log.read_text("utf-8", errors="replace")
    assert proc.returncode == 0, f"celery {' '.join(args)} exited {proc.returncode}:\n{text}"
    assert not bad_log_lines(text), text


def wait_for_log(
    log: Path,
    found: Callable[[str], bool],
    *,
    what: str,
    proc: subprocess.Popen[bytes] | None = None,
    timeout: float = 90,
) -> None:
    """Wait until `found(text of log)`; fail naming `what`, with the log, on timeout or if `proc` dies."""
    deadline = time.monotonic() + timeout
    while not found(log.read_text("utf-8", errors="replace")):
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            raise AssertionError(f"waited in vain for {what}:\n{log.read_text('utf-8', errors='replace')}")
        time.sleep(0.2)


def celery_worker(
    project: GeneratedProject, app: str, *, env: Mapping[str, str], log: Path
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """`celery -A APP worker --loglevel INFO`, as the README prints it, once it says it is ready."""
    return celery(project, ["-A", app, "worker", "--loglevel", "INFO"], env=env, log=log, ready=" ready.")


def _venv_env(project: GeneratedProject, env: Mapping[str, str]) -> dict[str, str]:
    """A clean environment with `env` and the project's venv first on PATH, as if activated."""
    full_env = clean_env(env)
    full_env["VIRTUAL_ENV"] = str(project.venv)
    full_env["PATH"] = f"{project.bin}{os.pathsep}{full_env.get('PATH', '')}"
    return full_env


def _wait_until_ready(proc: subprocess.Popen[bytes], server: Server, path: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError, http.client.HTTPException):
            server.request("GET", path, timeout=5)
            return True
        time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (gunicorn stops gracefully), then SIGKILL if it hangs."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
