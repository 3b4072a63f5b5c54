{%- set f = cookiecutter.features -%}
{%- set content = f.admin or f.rss or f.sitemap or f.api -%}
"""The database models (SQLAlchemy 2 typed declarative mapping).

Change or add a model, then make a migration for it and apply it:
`flask --app {{ cookiecutter.project_slug }} db migrate -m "what changed"` and
`flask --app {{ cookiecutter.project_slug }} db upgrade`.
"""

from __future__ import annotations
{%- if f.auth or content %}

from datetime import UTC, datetime

{% if f.auth %}from flask_login import UserMixin
{% endif %}from sqlalchemy import DateTime, String{% if content %}, Text, select{% endif %}
from sqlalchemy.orm import Mapped, mapped_column
{%- if f.auth %}
from werkzeug.security import check_password_hash, generate_password_hash
{%- endif %}

from .extensions import db


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """`moment` with its timezone: SQLite hands back naive datetimes, stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
{%- else %}

# Models subclass db.Model (see Flask-SQLAlchemy's "Models and Tables" docs);
# none is needed yet. Re-exported so `from .models import db` keeps working.
from .extensions import db as db
{%- endif %}
{%- if f.auth %}


class User(UserMixin, db.Model):
    """Someone who can log in; `is_admin` opens the admin site{% if not f.admin %} (once there is one){% endif %}."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def set_password(self, password: str) -> None:
        """Store a salted hash of `password` (werkzeug's scrypt), never the password itself."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"
{%- endif %}
{%- if content %}


class Article(db.Model):
    """A piece of content, shown at /articles/<slug>/ once published.

    An article is public once `published_at` is set and not in the future.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    @classmethod
    def published(cls, limit: int | None = None) -> list[Article]:
        """Public articles, newest first (at most `limit` of them)."""
        query = (
            select(cls)
            .where(cls.published_at.is_not(None), cls.published_at <= utcnow())
            .order_by(cls.published_at.desc())
            .limit(limit)
        )
        return list(db.session.scalars(query))

    @classmethod
    def get_published(cls, slug: str) -> Article | None:
        """The public article with this slug, or None."""
        query = select(cls).where(
            cls.slug == slug, cls.published_at.is_not(None), cls.published_at <= utcnow()
        )
        return db.session.scalars(query).first()

    def __repr__(self) -> str:
        return f"<Article {self.slug}>"
{%- endif %}
