"""How articles look in the API."""

from rest_framework import serializers

from {{ cookiecutter.project_slug }}.articles.models import Article


class ArticleSerializer(serializers.ModelSerializer):
    """An article, with the address of its page on the site."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Article
        fields = ("title", "slug", "body", "published_at", "url")
