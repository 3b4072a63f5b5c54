{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
"""{{ cookiecutter.project_slug }}: the application factory.

`flask --app {{ cookiecutter.project_slug }} run` finds `create_app` here and calls it with no
arguments; tests call it with a mapping of settings that win over the rest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.cli import load_dotenv

from . import config, errors, health, request_log, security
from .extensions import init_extensions


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build and configure the application.

    Settings come, lowest first, from `config.defaults()`, the environment
    (see `config.from_environment()` and Flask's `FLASK_`-prefixed variables)
    and `overrides`.

    Args:
        overrides: settings that win over everything else (tests pass these).

    Returns:
        The configured Flask application.
    """
    if os.environ.get("FLASK_RUN_FROM_CLI"):
        # `flask --app ... --help` builds the app before Flask's CLI has loaded
        # .env (its eager options run first); load it now, as Flask would a
        # moment later. Variables already set in the environment win.
        load_dotenv()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.defaults(app))
    app.config.from_mapping(config.from_environment())
    app.config.from_prefixed_env()
    if overrides:
        app.config.from_mapping(overrides)
    config.finalise(app)

    # In this order: requests are timed from the start, health checks answered
    # before the HTTPS redirect and the host check.
    request_log.init_app(app)
    health.init_app(app)
    init_extensions(app)
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """Attach one blueprint per concern; imported here so each import sees a configured app."""
    from . import main

    app.register_blueprint(main.bp)
{% if f.auth %}

    from . import auth

{% if not cookiecutter._flags.is_service %}
    app.register_blueprint(auth.bp)
{% endif %}
    auth.init_app(app)
{% endif %}
{% if f.admin %}

    from . import admin

    admin.init_app(app)
{% endif %}
{% if f.api %}

    from . import api

    api.init_app(app)
{% endif %}
{% if cookiecutter._flags.has_feeds %}

    from . import feeds

    app.register_blueprint(feeds.bp)
{% endif %}
