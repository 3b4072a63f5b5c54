"""The covering array really has strength 3, and the front-door runners read projects' files right.

Fast: no project is rendered or run here; the runners' parsers are fed small inline fixtures.
"""

from __future__ import annotations

import itertools
import sys
import textwrap
from pathlib import Path

import pytest
from support.covering import (
    FACTORS,
    Row,
    covering_rows,
    default_rows,
    is_renderable,
    required_triples,
    triples_of,
    uncovered,
)
from support.front_door import (
    _LONG_RUNNING,
    DOCKER_MARK,
    SERVER_MARK,
    FrontDoorError,
    check_compose,
    image_python,
    parse_dockerfile,
    parse_env,
    parse_workflow,
    readme_blocks,
    readme_urls,
    rewrite_service_urls,
    run_readme,
    run_workflow,
    with_port,
)
from support.generated import GeneratedProject

# ------------------------------------------------------------------ the covering array


def test_every_combination_of_three_answer_values_is_in_some_row() -> None:
    rows = covering_rows()
    covered = {t for row in rows for t in triples_of(row.values())}
    assert required_triples() <= covered
    assert not uncovered(rows)


def test_coverage_is_checked_against_every_triple_of_three_factors() -> None:
    # Each pair of values of each three factors, minus what no renderable row can hold: the
    # required set is not trivially small.
    all_triples = sum(
        len(FACTORS[i][1]) * len(FACTORS[j][1]) * len(FACTORS[k][1])
        for i, j, k in itertools.combinations(range(len(FACTORS)), 3)
    )
    assert 0.9 * all_triples < len(required_triples()) < all_triples


def test_a_row_missing_from_the_array_leaves_triples_uncovered() -> None:
    # The check can fail: dropping rows loses coverage (each row carries some triple no other does).
    rows = covering_rows()
    assert uncovered(rows[1:])
    assert uncovered(rows[:-1])


def test_every_row_renders_as_itself_through_scaffolds_mapping() -> None:
    for row in covering_rows():
        assert is_renderable(row), row.id


@pytest.mark.parametrize(
    ("row", "why"),
    [
        (Row("flask", "fullstack", ("auth",), "none", ()), "Flask stores accounts: scaffold maps none to sqlite"),
        (Row("django", "fullstack", (), "none", ()), "Django always has a database"),
        (Row("flask", "api", (), "sqlite", ()), "a JSON service always has the api feature"),
    ],
)
def test_combinations_scaffold_refuses_are_not_required(row: Row, why: str) -> None:
    assert not is_renderable(row), why
    impossible = {t for t in triples_of(row.values()) if t not in required_triples()}
    assert impossible, why


def test_the_array_is_small() -> None:
    rows = covering_rows()
    assert len(rows) == len(set(rows))
    # The lower bound is framework x kind x database (30 renderable triples, one row each); each row
    # costs an install and a CI run in the slow tier, so the greedy result is held near it.
    assert 30 <= len(rows) <= 55


def test_default_rows_are_what_scaffold_new_no_input_makes() -> None:
    defaults = {(r.framework, r.kind): r for r in default_rows()}
    assert len(defaults) == 12
    assert defaults["flask", "api"].features == ("api",)
    assert defaults["django", "fullstack"] == Row("django", "fullstack", (), "sqlite", ("docker", "ci"))
    assert defaults["flask", "prototype"].extras == ()


def test_row_cli_args_name_every_answer() -> None:
    row = Row("flask", "cms", ("auth", "rss"), "postgresql", ("ci",))
    args = row.cli_args()
    assert args[:3] == ["--no-input", "--framework", "flask"]
    assert "features=auth,rss" in args and "database=postgresql" in args and "extras=ci" in args
    assert Row.from_values(row.values()) == row


# ------------------------------------------------------------------ the workflow runner's parsing


def test_workflow_jobs_env_services_and_steps(tmp_path: Path) -> None:
    path = tmp_path / "ci.yml"
    path.write_text(
        textwrap.dedent(
            """
            on: [push]
            env:
              TOP: "1"
            jobs:
              test:
                services:
                  postgres:
                    image: postgres:17
                    ports: ["5432:5432"]
                env:
                  DATABASE_URL: postgres://postgres:postgres@localhost:5432/postgres
                steps:
                  - uses: actions/checkout@v6
                  - uses: actions/setup-python@v6
                    with: {python-version: "3.13"}
                  - name: Check
                    run: python manage.py check
                    env: {ALLOWED_HOSTS: example.com, FLAG: true}
            """
        ),
        "utf-8",
    )
    (job,) = parse_workflow(path)
    assert job.env == {"TOP": "1", "DATABASE_URL": "postgres://postgres:postgres@localhost:5432/postgres"}
    assert job.services == {"postgres": [5432]}
    assert [s.name for s in job.steps] == ["actions/checkout@v6", "actions/setup-python@v6", "Check"]
    assert job.steps[1].with_ == {"python-version": "3.13"}
    assert job.steps[2].env == {"ALLOWED_HOSTS": "example.com", "FLAG": "true"}


def test_workflow_expressions_are_refused_not_run_half_understood(tmp_path: Path) -> None:
    path = tmp_path / "ci.yml"
    path.write_text("jobs:\n  t:\n    env: {KEY: '${{ secrets.KEY }}'}\n    steps: []\n", "utf-8")
    with pytest.raises(FrontDoorError, match="secrets.KEY"):
        parse_workflow(path)


def test_service_urls_are_pointed_at_the_tests_own_database_and_redis_number() -> None:
    env = {
        "DATABASE_URL": "postgres://postgres:postgres@localhost:5432/postgres",
        "TEST_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        "REDIS_URL": "redis://localhost:6379/0",
        "ALLOWED_HOSTS": "example.com",
        "EMAIL_URL": "smtp://example.com:25",
    }
    own = {"postgres": "postgresql://root@127.0.0.1:5432/scaffold_abc", "redis": "redis://127.0.0.1:6379/7"}
    out = rewrite_service_urls(env, own)
    assert out["DATABASE_URL"] == "postgres://postgres:postgres@localhost:5432/scaffold_abc"
    assert out["TEST_DATABASE_URL"] == "postgresql+psycopg://postgres@127.0.0.1:5432/scaffold_abc"
    assert out["REDIS_URL"] == "redis://localhost:6379/7"
    assert out["ALLOWED_HOSTS"] == "example.com"
    assert out["EMAIL_URL"] == "smtp://example.com:25"


# ------------------------------------------------------------------ the Dockerfile runner's parsing


DOCKERFILE = """\
# syntax comment
FROM python:3.13-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 \\
    PATH="/venv/bin:$PATH"
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml ./
RUN pip install -e .
RUN SECRET_KEY=x \\
    python manage.py collectstatic --no-input

FROM python:3.13-slim
ENV DJANGO_SETTINGS_MODULE config.settings.production
RUN useradd app
"""


def test_dockerfile_stages_and_continued_lines() -> None:
    build, final = parse_dockerfile(DOCKERFILE)
    assert (build.image, build.name, final.name) == ("python:3.13-slim", "build", None)
    assert [i.keyword for i in build.instructions] == ["ENV", "WORKDIR", "RUN", "COPY", "RUN", "RUN"]
    collect = build.instructions[-1]
    assert collect.argument == "SECRET_KEY=x python manage.py collectstatic --no-input"
    assert collect.line == 9
    assert parse_env(final.instructions[0].argument) == {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    assert parse_env(build.instructions[0].argument) == {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/venv/bin:$PATH"}


def test_image_python_reads_the_base_images_version() -> None:
    assert image_python("python:3.12-slim") == "3.12"
    assert image_python("python:3.13") == "3.13"
    with pytest.raises(FrontDoorError):
        image_python("ubuntu:24.04")


def test_compose_variables_need_a_value_or_a_message_naming_the_env_key(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SECRET_KEY=abc\nEMPTY=\n", "utf-8")
    compose = tmp_path / "compose.yaml"
    compose.write_text(
        "x:\n  A: ${SECRET_KEY}\n  B: ${PORT:-8000}\n  C: ${EMAIL_URL:?set EMAIL_URL in .env}\n  D: $$HOME\n",
        "utf-8",
    )
    assert check_compose(tmp_path) == ["SECRET_KEY", "PORT", "EMAIL_URL"]
    compose.write_text("x:\n  A: ${EMPTY}\n", "utf-8")
    with pytest.raises(FrontDoorError, match="EMPTY"):
        check_compose(tmp_path)
    compose.write_text("x:\n  A: ${EMAIL_URL:?required}\n", "utf-8")
    with pytest.raises(FrontDoorError, match="EMAIL_URL"):
        check_compose(tmp_path)


# ------------------------------------------------------------------ the README runner's parsing


README = f"""\
# Project

```bash
python3.13 -m venv .venv
pip install -e ".[dev]"
```

```python
print("not shell")
```

{SERVER_MARK}
```bash
python manage.py runserver
```

{DOCKER_MARK}

```sh
docker compose up --build
```

```console
$ pytest
3 passed
```

## URLs

| URL | what |
|-----|------|
| `/` | home page |
| `/articles/<slug>/` | an article |
| `/accounts/login/`, `/accounts/logout/` (POST) | accounts |

## After
| `/not-a-url-row/` | not in the URL section |
"""


def test_readme_blocks_in_order_with_their_marks() -> None:
    blocks = readme_blocks(README)
    assert [b.mark for b in blocks] == [None, SERVER_MARK, DOCKER_MARK, None]
    assert blocks[0].script == 'python3.13 -m venv .venv\npip install -e ".[dev]"\n'
    assert blocks[0].line == 3
    assert blocks[3].script == "pytest\n"  # console: only the `$ ` lines


def test_readme_url_table_fixed_urls_only() -> None:
    assert readme_urls(README) == ["/", "/accounts/login/", "/accounts/logout/"]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("python manage.py runserver\n", "python manage.py runserver 127.0.0.1:4321\n"),
        ("python manage.py runserver 0:8000\n", "python manage.py runserver 127.0.0.1:4321\n"),
        ("flask --app site run --debug\n", "flask --app site run --debug --port 4321\n"),
        ("gunicorn config.wsgi --bind 0.0.0.0:8000\n", "gunicorn config.wsgi --bind 0.0.0.0:4321\n"),
        ("migrate\ngunicorn 'site.wsgi:app'\n", "migrate\ngunicorn 'site.wsgi:app' --bind 127.0.0.1:4321\n"),
    ],
)
def test_a_server_block_changes_only_its_port(script: str, expected: str) -> None:
    assert with_port(script, 4321) == expected


def test_unmarked_long_running_blocks_are_recognised() -> None:
    assert _LONG_RUNNING.search("celery -A config worker --loglevel INFO")
    assert _LONG_RUNNING.search("flask --app x run --debug")
    assert not _LONG_RUNNING.search("celery -A config call x.tasks.clear_expired")
    assert not _LONG_RUNNING.search("flask --app x db upgrade")


# ------------------------------------------------------------------ the runners fail, naming what failed


def _project_with_workflow(tmp_path: Path, steps: str) -> Path:
    folder = tmp_path / "project" / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "ci.yml").write_text(
        "jobs:\n  test:\n    env:\n      JOB_LEVEL: job\n    steps:\n"
        + textwrap.indent(textwrap.dedent(steps), "      "),
        "utf-8",
    )
    return tmp_path / "project"


def test_workflow_steps_run_in_order_with_their_env(tmp_path: Path) -> None:
    project = _project_with_workflow(
        tmp_path,
        """\
        - uses: actions/checkout@v6
        - name: First
          run: echo "$JOB_LEVEL-$STEP_LEVEL" > out.txt
          env: {STEP_LEVEL: step}
        - name: Second
          run: |
            test "$(cat out.txt)" = job-step
            test -z "${DEBUG:-}" && test "$CI" = true
        """,
    )
    assert run_workflow(project, {}, tmp_path) == ["actions/checkout@v6", "First", "Second"]


def test_a_red_workflow_step_fails_naming_the_step_and_its_output(tmp_path: Path) -> None:
    project = _project_with_workflow(
        tmp_path,
        """\
        - name: Fine
          run: "true"
        - name: Boom
          run: |
            echo the cause is here
            false
            echo never
        """,
    )
    with pytest.raises(FrontDoorError, match=r"step 'Boom' \(exit 1\)[\s\S]*the cause is here") as caught:
        run_workflow(project, {}, tmp_path)
    assert "never" not in str(caught.value)


def test_a_pipe_that_fails_fails_the_step_as_on_github(tmp_path: Path) -> None:
    project = _project_with_workflow(tmp_path, "- name: Piped\n  run: false | cat\n")
    with pytest.raises(FrontDoorError, match="Piped"):
        run_workflow(project, {}, tmp_path)


def test_an_action_without_a_local_equivalent_is_refused(tmp_path: Path) -> None:
    project = _project_with_workflow(tmp_path, "- uses: docker/build-push-action@v6\n")
    with pytest.raises(FrontDoorError, match="docker/build-push-action"):
        run_workflow(project, {}, tmp_path)


def _readme_project(tmp_path: Path, readme: str) -> GeneratedProject:
    path = tmp_path / "project"
    path.mkdir()
    (path / "README.md").write_text(readme, "utf-8")
    return GeneratedProject(path, f"{sys.version_info[0]}.{sys.version_info[1]}")


def test_readme_blocks_run_in_order_each_in_a_fresh_shell(tmp_path: Path) -> None:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    project = _readme_project(
        tmp_path,
        f"```bash\nexport ONLY_HERE=1\npython{version} -c 'print(1)' > made.txt\n```\n\n"
        '```console\n$ test -f made.txt\n$ test -z "${ONLY_HERE:-}"\nprinted output, not run\n```\n',
    )
    assert run_readme(project, tmp_path / "work", {}) == [1, 6]


def test_a_red_readme_block_fails_naming_its_line(tmp_path: Path) -> None:
    project = _readme_project(tmp_path, "# T\n\n```sh\necho ok\n```\n\n```bash\necho why; exit 4\n```\n")
    with pytest.raises(FrontDoorError, match=r"README line 7[\s\S]*exit 4[\s\S]*why"):
        run_readme(project, tmp_path / "work", {})


def test_an_unmarked_server_block_fails_at_once(tmp_path: Path) -> None:
    project = _readme_project(tmp_path, "```bash\npython manage.py runserver\n```\n")
    with pytest.raises(FrontDoorError, match="must be marked"):
        run_readme(project, tmp_path / "work", {})


def test_docker_blocks_are_checked_not_run(tmp_path: Path) -> None:
    project = _readme_project(tmp_path, f"{DOCKER_MARK}\n```bash\ndocker compose up --build\n```\n")
    with pytest.raises(FrontDoorError, match="no compose.yaml"):
        run_readme(project, tmp_path / "work", {})
    (project.path / "compose.yaml").write_text("services: {}\n", "utf-8")
    assert run_readme(project, tmp_path / "work", {}) == []


def test_a_url_table_with_no_server_block_to_serve_it_fails(tmp_path: Path) -> None:
    project = _readme_project(tmp_path, "```sh\ntrue\n```\n\n## URLs\n\n| URL | what |\n|--|--|\n| `/` | home |\n")
    with pytest.raises(FrontDoorError, match="no `<!-- scaffold:server -->` block"):
        run_readme(project, tmp_path / "work", {})


def test_known_red_steps_are_skipped_by_name_and_a_stale_name_is_an_error(tmp_path: Path) -> None:
    project = _project_with_workflow(tmp_path, "- name: Red\n  run: 'false'\n- name: Green\n  run: 'true'\n")
    assert run_workflow(project, {}, tmp_path, skip={"Red"}) == ["Green"]
    with pytest.raises(FrontDoorError, match="Gone"):
        run_workflow(project, {}, tmp_path, skip={"Gone"})


def test_a_docker_command_continued_over_lines_is_one_command(tmp_path: Path) -> None:
    project = _readme_project(
        tmp_path, f"{DOCKER_MARK}\n```bash\ndocker build -t x .\ndocker run --rm \\\n  -e A=1 \\\n  x\n```\n"
    )
    (project.path / "Dockerfile").write_text("FROM python:3.13-slim\n", "utf-8")
    assert run_readme(project, tmp_path / "work", {}) == []
