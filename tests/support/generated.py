"""Bake a template and run the generated project for real.

One helper for both templates (Django and Flask): the template tests, the
server and browser tests and the benchmarks all go through it, so that a
generated project is always installed and run the way its user would.

- `bake()` renders a template with cookiecutter into a folder of the caller's.
- `GeneratedProject.install()` makes `.venv` with uv on the Python the project
  declares (pyenv's interpreter: uv must not download one) and installs the
  project with its `dev` extra, from a shared uv cache.
- `GeneratedProject.run()` runs a command inside that venv and fails the test
  with the command's output when it fails.
- `postgres_database()` makes a fresh PostgreSQL database and drops it after.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"

# Captured at import, before the autouse fixture points HOME at a temp dir:
# every generated venv shares one uv cache, or each install would download anew.
UV_CACHE_DIR = Path(os.environ.get("UV_CACHE_DIR") or Path.home() / ".cache" / "uv")

POSTGRES_ADMIN_URL = os.environ.get("SCAFFOLD_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SCAFFOLD_TEST_REDIS", "redis://127.0.0.1:6379")

# Variables of ours or of the frameworks that must not leak into a generated project's run.
_SCRUBBED_PREFIXES = (
    "DJANGO_",
    "FLASK_",
    "PYTEST_",
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
)


#: Redis numbers of the Celery worker proofs, one per framework, so two workers on
#: one run never take each other's tasks; `redis_database()` never hands them out.
CELERY_REDIS_DATABASES = {"django": 14, "flask": 15}


def in_ci() -> bool:
    """True on a CI run, where a missing service is a failure, never a skip."""
    return bool(os.environ.get("CI"))


def template_dir(framework: str) -> Path:
    """The cookiecutter template folder of a framework ("django" or "flask")."""
    path = TEMPLATES / framework
    if not (path / "cookiecutter.json").is_file():
        raise FileNotFoundError(f"no template at {path}")
    return path


def template_defaults(framework: str) -> dict[str, Any]:
    """The template's cookiecutter.json, as data."""
    data: dict[str, Any] = json.loads((template_dir(framework) / "cookiecutter.json").read_text("utf-8"))
    return data


_COMPILED: dict[str, Any] = {}


def cookiecutter_compiled(framework: str) -> Any:
    """The compiled code of the framework's template that cookiecutter's renders share in this process."""
    from scaffold.render.compiled import memory_cache

    return _COMPILED.setdefault(framework, memory_cache())


@contextlib.contextmanager
def _compiled_once(framework: str) -> Iterator[None]:
    """Let cookiecutter's Jinja keep the template's compiled code for the next bake in this process.

    cookiecutter compiles every file of the template anew for each render, which was most of the
    fast tier's time. Jinja's bytecode cache is made for this: code is looked up by file and
    checked against the source's checksum, so the files written are the same. One cache per
    template: cookiecutter names files by their path inside the template, the same in both.
    """
    import cookiecutter.generate as generate

    cache = cookiecutter_compiled(framework)
    make_env = generate.create_env_with_context

    def with_cache(context: Any) -> Any:
        env = make_env(context)
        env.bytecode_cache = cache
        return env

    generate.create_env_with_context = with_cache
    try:
        yield
    finally:
        generate.create_env_with_context = make_env


def bake(framework: str, context: Mapping[str, Any], output_dir: Path, *, hooks: bool = False) -> GeneratedProject:
    """Render the framework's template with `context` over its defaults into `output_dir`.

    With `hooks`, cookiecutter runs the template's hook scripts, as direct use
    of the template does (tests of the hooks themselves). Without (faster: no
    subprocesses), the step they run after rendering, `template_hooks.finish`,
    runs in-process, as in `scaffold new`; nothing is refused then.
    """
    from cookiecutter.main import cookiecutter

    with _compiled_once(framework):
        project = cookiecutter(
            str(template_dir(framework)),
            no_input=True,
            extra_context=dict(context),
            output_dir=str(output_dir),
            default_config=True,
            accept_hooks=hooks,
        )
    if not hooks:
        from scaffold.render.hooks import finish

        finish(Path(project), {"_framework": framework})
    declared = template_defaults(framework)["python_version"]
    default = declared[0] if isinstance(declared, list) else declared
    return GeneratedProject(Path(project), str(context.get("python_version", default)))


def interpreter(version: str) -> str:
    """Path of an installed CPython `version` ("3.12"), found as `scaffold new --setup` finds it."""
    from scaffold.questionnaire.pythons import find_python

    found = find_python(version)
    if found is None:
        raise LookupError(f"no Python {version} installed (looked on PATH and in pyenv)")
    return found


def uv_bin() -> str:
    """The uv executable: the one the test extra installs, else one on PATH."""
    with contextlib.suppress(ImportError, FileNotFoundError):
        from uv import find_uv_bin

        return find_uv_bin()
    found = shutil.which("uv")
    if not found:
        raise LookupError("uv is not installed: pip install -e '.[test]' brings it")
    return found


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a generated project runs in: ours, less what would leak into it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_PREFIXES)}
    env["UV_CACHE_DIR"] = str(UV_CACHE_DIR)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    if extra:
        env.update(extra)
    return env


@dataclass
class GeneratedProject:
    """A rendered project on disk, and the venv it runs in once installed."""

    path: Path
    python_version: str

    @property
    def venv(self) -> Path:
        """The project's own `.venv`, as its README makes it."""
        return self.path / ".venv"

    @property
    def bin(self) -> Path:
        """The venv's scripts folder."""
        return self.venv / "bin"

    def install(self, *, extra: str = "dev") -> None:
        """Make `.venv` on the declared Python and install the project with its extra."""
        uv = uv_bin()
        self._check([uv, "venv", "--quiet", "--python", interpreter(self.python_version), str(self.venv)], None)
        self._check(
            [uv, "pip", "install", "--quiet", "--python", str(self.bin / "python"), "-e", f".[{extra}]"],
            None,
        )

    def run(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        timeout: float = 600,
    ) -> subprocess.CompletedProcess[str]:
        """Run a command in the project folder with its venv first on PATH.

        `args[0]` is looked up in the venv first ("pytest", "python", "flask").
        With `check`, a non-zero exit fails the test and shows the output.
        """
        cmd = list(args)
        local = self.bin / cmd[0]
        if local.exists():
            cmd[0] = str(local)
        full_env = clean_env(env)
        full_env["VIRTUAL_ENV"] = str(self.venv)
        full_env["PATH"] = f"{self.bin}{os.pathsep}{full_env.get('PATH', '')}"
        # A temp folder of its own: the project's pytest otherwise shares /tmp/pytest-of-<user> with
        # every other run on the machine (xdist workers, other suites), and its clean-up of old
        # folders there can fail on a folder another run is still using ("Directory not empty").
        private_tmp = tempfile.mkdtemp(prefix="scaffold-project-tmp-")
        full_env["TMPDIR"] = private_tmp
        try:
            result = subprocess.run(
                cmd, cwd=self.path, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
            )
        finally:
            shutil.rmtree(private_tmp, ignore_errors=True)
        if check and result.returncode != 0:
            raise AssertionError(_describe(cmd, result))
        return result

    def _check(self, cmd: Sequence[str], env: Mapping[str, str] | None) -> None:
        result = subprocess.run(
            list(cmd), cwd=self.path, env=clean_env(env), capture_output=True, text=True, check=False, timeout=900
        )
        if result.returncode != 0:
            raise AssertionError(_describe(cmd, result))


def _describe(cmd: Sequence[str], result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"command failed with exit {result.returncode}: {' '.join(cmd)}\n"
        f"--- stdout ---\n{result.stdout[-20000:]}\n--- stderr ---\n{result.stderr[-20000:]}"
    )


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; yields its URL and drops it after.

    The generated project's test runner makes its own `test_...` database from
    this one (Django) or uses it directly (Flask). Where PostgreSQL is not
    reachable the test is skipped, except on CI where that is a failure.
    """
    import psycopg
    import pytest

    name = f"scaffold_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if in_ci():
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # Django's runner makes test_<name> next to it; drop that too if a run died.
            admin.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


@contextlib.contextmanager
def redis_database() -> Iterator[str]:
    """A Redis URL on a database number of its own, flushed before and after."""
    import pytest
    import redis

    client = redis.Redis.from_url(f"{REDIS_URL}/0")
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if in_ci():
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    # Databases 1-13: pick by worker so parallel tests never share one (14 and 15: CELERY_REDIS_DATABASES).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    number = 1 + int(worker) % 13
    url = f"{REDIS_URL}/{number}"
    db = redis.Redis.from_url(url)
    db.flushdb()
    try:
        yield url
    finally:
        db.flushdb()
        db.close()
        client.close()


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (made if missing): one holder at a time across xdist workers and runs."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
