"""A real Celery worker runs each starter's task, on the real Redis and PostgreSQL.

For each framework, the project with every feature (shared with the other
proofs) is migrated on a fresh PostgreSQL database; its worker is started
exactly as its README prints it, on a Redis database number of its own
(`CELERY_REDIS_DATABASES`); the sample task is called by name with `celery
call`, its result read back with `celery result`, and the worker is stopped
with SIGTERM (Celery's warm shutdown). Beat is started as printed too, and
must come up and stop cleanly; started again with a schedule file saying the
daily run was missed, it sends the task and the worker runs it. Django's task
gets an expired session to delete each time, so the result shows it did its
work.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.generated import CELERY_REDIS_DATABASES, REDIS_URL
from support.project_server import celery, celery_worker, wait_for_log
from support.shared_projects import ALL_FEATURES, SLUG, celery_module, migrate, shared_project

pytestmark = pytest.mark.slow

TASK = f"{SLUG}.tasks.clear_expired"

_EXPIRED_SESSION = """
from datetime import timedelta
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
store = SessionStore()
store["proof"] = True
store.create()
Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(days=1))
"""

_SESSIONS_LEFT = "from django.contrib.sessions.models import Session; print(Session.objects.count())"


@contextlib.contextmanager
def redis_for(framework: str) -> Iterator[str]:
    """This framework's own Redis database, emptied before and after (no other test uses it)."""
    import redis

    url = f"{REDIS_URL}/{CELERY_REDIS_DATABASES[framework]}"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_a_real_worker_runs_the_project_task(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from support.generated import postgres_database

    project = shared_project(tmp_path_factory, f"{framework}-all-features", framework, ALL_FEATURES)
    module = celery_module(framework)
    with postgres_database() as database_url, redis_for(framework) as redis_url:
        env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url}
        migrate(framework, project, env)
        if framework == "django":
            project.run("python", "manage.py", "shell", "-c", _EXPIRED_SESSION, env=env)
        worker_log = tmp_path / "worker.log"
        with celery_worker(project, module, env=env, log=worker_log):
            task_id = project.run("celery", "-A", module, "call", TASK, env=env).stdout.strip()
            result = project.run("celery", "-A", module, "result", task_id, env=env, timeout=120)
            # Django's task deleted the expired session; Flask's project has no expiring rows yet.
            assert result.stdout.strip() == ("1" if framework == "django" else "0")
            assert f"Task {TASK}[{task_id}] succeeded" in worker_log.read_text("utf-8")
            if framework == "django":
                # The shell may print a line of its own first (Django 6 lists what it imported).
                left = project.run("python", "manage.py", "shell", "-c", _SESSIONS_LEFT, env=env).stdout
                assert left.split()[-1] == "0"

            # Beat as the README prints it. Ready once the scheduler has opened its schedule file:
            # beat logs "Ticking" (at DEBUG) only after that. Stopped earlier, SIGTERM lands inside
            # the import of the schedule's dbm module and beat dies on the half-imported module.
            schedule = tmp_path / "celerybeat-schedule"
            beat_args = ["-A", module, "beat", "--loglevel", "DEBUG", "--schedule", str(schedule)]
            with celery(
                project, beat_args, env=env, log=tmp_path / "beat.log", ready="beat: Ticking with max interval"
            ):
                pass
            # The daily run was missed (beat was down at 03:00 two nights ago): started again, beat
            # sends it at once, and the worker runs it. This proves the schedule reaches the worker.
            project.run("python", "-c", _MISSED_DAILY_RUN, str(schedule), env=env)
            if framework == "django":
                project.run("python", "manage.py", "shell", "-c", _EXPIRED_SESSION, env=env)
            sent = "Sending due task clear-expired"
            with celery(project, beat_args, env=env, log=tmp_path / "beat-again.log", ready=sent):
                wait_for_log(worker_log, _ran_twice, what="the worker to run the task a second time")
        if framework == "django":
            left = project.run("python", "manage.py", "shell", "-c", _SESSIONS_LEFT, env=env).stdout
            assert left.split()[-1] == "0", "the scheduled run did not clear the expired session"


def _ran_twice(worker_log: str) -> bool:
    runs = [line for line in worker_log.splitlines() if f"Task {TASK}[" in line and "succeeded" in line]
    return len(runs) >= 2


# Celery keeps each entry's last run in the schedule file (a shelve); run in the project's venv.
_MISSED_DAILY_RUN = """
import shelve, sys
from datetime import timedelta
with shelve.open(sys.argv[1], writeback=True) as schedule:
    entry = schedule["entries"]["clear-expired"]
    entry.last_run_at = entry.last_run_at - timedelta(days=2)
"""
