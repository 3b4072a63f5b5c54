"""Every PostgreSQL combination, migrated and tested against a real, fresh database.

For each framework: PostgreSQL with nothing else, and PostgreSQL with every
feature (that one shared with the server and browser proofs). A fresh
database is made per test and dropped after; the project's migrations run
on it the way its README says, then its own test suite runs against it.
With the cache feature the suite runs once more with REDIS_URL on a Redis
database of its own.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.generated import postgres_database, redis_database
from support.shared_projects import ALL_FEATURES, MINIMAL_POSTGRES, migrate, own_tests_env, shared_project

pytestmark = pytest.mark.slow

COMBINATIONS = [
    pytest.param("django", "minimal-postgres", MINIMAL_POSTGRES, id="django-postgres"),
    pytest.param("django", "all-features", ALL_FEATURES, id="django-postgres-all-features"),
    pytest.param("flask", "minimal-postgres", MINIMAL_POSTGRES, id="flask-postgres"),
    pytest.param("flask", "all-features", ALL_FEATURES, id="flask-postgres-all-features"),
]


@pytest.mark.parametrize(("framework", "name", "context"), COMBINATIONS)
def test_migrate_and_own_tests_on_postgres(
    framework: str, name: str, context: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = shared_project(tmp_path_factory, f"{framework}-{name}", framework, context)
    with postgres_database() as database_url:
        env = {"DATABASE_URL": database_url}
        migrate(framework, project, env)
        _assert_tables(database_url)
        result = project.run("pytest", "-p", "no:cacheprovider", "-q", env=own_tests_env(framework, database_url))
        assert " passed" in result.stdout, result.stdout
        if context["features"]["cache"]:
            with redis_database() as redis_url:
                cached = project.run(
                    "pytest", "-p", "no:cacheprovider", "-q",
                    # Flask's Redis test reads TEST_REDIS_URL (never the app's REDIS_URL).
                    env={**own_tests_env(framework, database_url), "REDIS_URL": redis_url, "TEST_REDIS_URL": redis_url},
                )  # fmt: skip
                assert " passed" in cached.stdout, cached.stdout


def _assert_tables(database_url: str) -> None:
    """The migrations made tables in the fresh database (they did not go to SQLite)."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        tables = {
            row[0]
            for row in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        }
    assert tables, f"no tables in {database_url} after the migrations"
