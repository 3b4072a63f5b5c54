{% set f = cookiecutter.features %}
{% set db = cookiecutter._flags.has_database %}
{# Flask-Limiter counts failed log-ins: at the account doors (auth), or at the admin's HTTP Basic door. #}
{% set limited = f.auth or f.admin %}
"""The Flask extensions, made once here and bound to each app in `init_extensions`.

Blueprints import the objects from this module, never from each other, so
there are no import cycles and tests can build as many apps as they like.
"""

from __future__ import annotations
{% if db %}

from pathlib import Path
from typing import TYPE_CHECKING
{% endif %}

{% if f.tasks %}from celery import Celery, Task
{% endif %}from flask import Flask
{% if f.cache %}
from flask_caching import Cache
{% endif %}
{% if limited %}
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
{% endif %}
{% if f.auth %}
from flask_login import LoginManager
from flask_mail import Mail
{% endif %}
{% if db %}
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
{% endif %}
{% if f.auth %}
from flask_wtf.csrf import CSRFProtect
{% endif %}
{% if db %}
from sqlalchemy.orm import DeclarativeBase
{% endif %}
{% if db %}


class Base(DeclarativeBase):
    """Base class of every model (SQLAlchemy 2 typed declarative style)."""


db = SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    # What type checkers see of db.Model, which Flask-SQLAlchemy makes at run time from Base.
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
# Migrations ship inside the package, so they are found wherever the app is installed.
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
{% elif f.auth or f.cache %}

{% endif %}
{% if f.auth %}
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
{% endif %}
{% if limited %}
# Counts {% if f.auth %}failed log-ins and reset requests (see auth.py){% else %}failed log-ins at the admin site (see admin.py){% endif %}; its storage is
# RATELIMIT_STORAGE_URI: this process's memory, or Redis when REDIS_URL is set.
limiter = Limiter(key_func=get_remote_address)
{% endif %}
{% if f.cache %}
cache = Cache()
{% endif %}


def init_extensions(app: Flask) -> None:
    """Bind every extension to `app`."""
{% if db %}
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
{% endif %}
{% if f.auth %}
    login_manager.init_app(app)
    csrf.init_app(app)
{% endif %}
{% if limited %}
    limiter.init_app(app)
{% endif %}
{% if f.cache %}
    cache.init_app(app)
{% endif %}
{% if f.tasks %}
    celery_init_app(app)
{% endif %}
{% if not (db or f.auth or f.cache or f.tasks) %}
    # No extension is needed yet: bind them here as the project grows.
{% endif %}
{% if f.tasks %}


def celery_init_app(app: Flask) -> Celery:
    """Make the Celery app of `app` from `app.config["CELERY"]` (Flask's Celery pattern).

    Every task runs inside `app`'s application context, so it can use `db`
    and `current_app` as a view does. The Celery app becomes the default one,
    so `@shared_task` functions run on it, and is kept in `app.extensions["celery"]`.
    """

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask, include=[f"{app.import_name}.tasks"])
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
{% endif %}
