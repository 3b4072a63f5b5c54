"""The shipped migrations build the schema the models describe, and undo it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import inspect, text

from {{ cookiecutter.project_slug }}.extensions import db


@pytest.fixture
def empty_database(app: Flask) -> Iterator[Flask]:
    """The test database with no tables at all, not even Alembic's."""
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    yield app
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _run(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["db", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_upgrade_makes_the_models_tables(empty_database: Flask, runner: FlaskCliRunner) -> None:
    _run(runner, "upgrade")
    with empty_database.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert tables == set(db.metadata.tables) | {"alembic_version"}


def test_no_model_change_lacks_a_migration(empty_database: Flask, runner: FlaskCliRunner) -> None:
    _run(runner, "upgrade")
    _run(runner, "check")


def test_downgrade_removes_everything(empty_database: Flask, runner: FlaskCliRunner) -> None:
    _run(runner, "upgrade")
    _run(runner, "downgrade", "base")
    with empty_database.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert tables <= {"alembic_version"}
