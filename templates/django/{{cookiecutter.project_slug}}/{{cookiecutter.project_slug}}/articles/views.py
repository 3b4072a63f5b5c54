{% set f = cookiecutter.features %}
"""The article page."""

{% if f.cache %}
from django.conf import settings
{% endif %}
from django.db.models import QuerySet
{% if f.cache %}
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_page
{% endif %}
{% if f.cache and (f.auth or f.admin) %}
from django.views.decorators.vary import vary_on_cookie
{% endif %}
from django.views.generic import DetailView

from {{ cookiecutter.project_slug }}.articles.models import Article


{% if f.cache and (f.auth or f.admin) %}
# Cached per session cookie: the page shows who is logged in.
@method_decorator([cache_page(settings.CACHE_PAGE_SECONDS), vary_on_cookie], name="dispatch")
{% elif f.cache %}
@method_decorator(cache_page(settings.CACHE_PAGE_SECONDS), name="dispatch")
{% endif %}
class ArticleDetailView(DetailView):
    """One published article; drafts are not found."""

    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        """Published articles, as of this request."""
        return Article.objects.published()
