{%- set f = cookiecutter.features -%}
{%- set content = f.admin or f.rss or f.sitemap or f.api -%}
"""The initial schema{% if not (f.auth or content) %}: no tables yet, a base for the first migration{% endif %}.

Revision ID: 0001
Revises:
Create Date: the project's generation
"""
{%- if f.auth or content %}

import sqlalchemy as sa
from alembic import op
{%- endif %}

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
{%- if not (f.auth or content) %}
    pass
{%- endif %}
{%- if f.auth %}
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_account_email", "user_account", ["email"], unique=True)
{%- endif %}
{%- if content %}
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_article_slug", "article", ["slug"], unique=True)
    op.create_index("ix_article_published_at", "article", ["published_at"], unique=False)
{%- endif %}


def downgrade() -> None:
{%- if not (f.auth or content) %}
    pass
{%- endif %}
{%- if content %}
    op.drop_index("ix_article_published_at", table_name="article")
    op.drop_index("ix_article_slug", table_name="article")
    op.drop_table("article")
{%- endif %}
{%- if f.auth %}
    op.drop_index("ix_user_account_email", table_name="user_account")
    op.drop_table("user_account")
{%- endif %}
