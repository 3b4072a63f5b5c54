"""The article page."""

{% if cookiecutter.features.cache %}
from django.conf import settings
{% endif %}
from django.db.models import QuerySet
{% if cookiecutter.features.cache %}
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_page
{% endif %}
from django.views.generic import DetailView

from {{ cookiecutter.project_slug }}.articles.models import Article


{% if cookiecutter.features.cache %}
@method_decorator(cache_page(settings.CACHE_PAGE_SECONDS), name="dispatch")
{% endif %}
class ArticleDetailView(DetailView):
    """One published article; drafts are not found."""

    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        """Published articles, as of this request."""
        return Article.objects.published()
