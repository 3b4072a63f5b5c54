{%- set f = cookiecutter.features -%}
{%- set db = cookiecutter._flags.has_database -%}
"""The Flask extensions, made once here and bound to each app in `init_extensions`.

Blueprints import the objects from this module, never from each other, so
there are no import cycles and tests can build as many apps as they like.
"""

from __future__ import annotations
{%- if db %}

from pathlib import Path
{%- endif %}

from flask import Flask
{%- if f.cache %}
from flask_caching import Cache
{%- endif %}
{%- if f.auth %}
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
{%- endif %}
{%- if db %}
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
{%- endif %}
{%- if f.auth %}
from flask_wtf.csrf import CSRFProtect
{%- endif %}
{%- if db %}
from sqlalchemy.orm import DeclarativeBase
{%- endif %}
{%- if db %}


class Base(DeclarativeBase):
    """Base class of every model (SQLAlchemy 2 typed declarative style)."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
# Migrations ship inside the package, so they are found wherever the app is installed.
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
{%- elif f.auth or f.cache %}
{% endif %}
{%- if f.auth %}
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
# Counts failed log-ins and reset requests (see auth.py); its storage is
# RATELIMIT_STORAGE_URI: this process's memory, or Redis when REDIS_URL is set.
limiter = Limiter(key_func=get_remote_address)
{%- endif %}
{%- if f.cache %}
cache = Cache()
{%- endif %}


def init_extensions(app: Flask) -> None:
    """Bind every extension to `app`."""
{%- if db %}
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
{%- endif %}
{%- if f.auth %}
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
{%- endif %}
{%- if f.cache %}
    cache.init_app(app)
{%- endif %}
{%- if not (db or f.auth or f.cache) %}
    # No extension is needed yet: bind them here as the project grows.
{%- endif %}
