"""Alembic's environment: run migrations against the Flask app's database.

Flask-Migrate runs this for `flask --app {{ cookiecutter.project_slug }} db ...`; the URL and
the models' metadata come from the app, so there is one source of truth.
"""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from {{ cookiecutter.project_slug }} import models  # noqa: F401  (imported so every model is in the metadata)

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    # Only when nothing set logging up already (pytest, for one, has).
    fileConfig(config.config_file_name, disable_existing_loggers=False)

db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def run_migrations_offline() -> None:
    """Write the SQL to stdout instead of running it (`flask db upgrade --sql`)."""
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a connection of the app's engine."""
    with db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # Batch mode lets ALTER TABLE work on SQLite too.
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
