{% set f = cookiecutter.features %}
{% set content = f.admin or f.api or f.rss or f.sitemap %}
"""Fixtures shared by every app's tests."""
{% if content or f.cache %}

{% if content and f.cache %}
from collections.abc import Callable, Iterator
from typing import Any

{% elif content %}
from collections.abc import Callable
from typing import Any

{% else %}
from collections.abc import Iterator

{% endif %}
import pytest
{% if f.cache %}
from django.core.cache import cache
{% endif %}
{% if content %}

from {{ cookiecutter.project_slug }}.articles.models import Article
{% endif %}
{% endif %}
{% if f.cache %}


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start each test with an empty cache, so no test sees a page cached by another."""
    cache.clear()
    yield
    cache.clear()
{% endif %}
{% if content %}


@pytest.fixture
def make_article(db: None) -> Callable[..., Article]:
    """Make articles: published now, with a unique slug, unless told otherwise."""
    made = 0

    def make(**fields: Any) -> Article:
        nonlocal made
        made += 1
        fields.setdefault("title", f"Article {made}")
        fields.setdefault("slug", f"article-{made}")
        fields.setdefault("body", f"The body of article {made}.")
        return Article.objects.create(**fields)

    return make
{% endif %}
