"""API views, version 1."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from {{ cookiecutter.project_slug }}.api.serializers import ArticleSerializer
from {{ cookiecutter.project_slug }}.articles.models import Article


@extend_schema(
    responses=inline_serializer("Health", fields={"status": serializers.CharField()}),
)
@api_view(["GET"])
def health(request: Request) -> Response:
    """Say the API is up: for load balancers and uptime checks."""
    return Response({"status": "ok"})


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first; one article by its slug."""

    serializer_class = ArticleSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Article]:
        """Only published articles; drafts stay out of the API."""
        return Article.objects.published()
