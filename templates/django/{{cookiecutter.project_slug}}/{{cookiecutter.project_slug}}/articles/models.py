"""The content model: an article with a title, a slug, a body and a publication time."""

from django.db import models
from django.urls import reverse
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    """Queries on articles."""

    def published(self) -> "ArticleQuerySet":
        """Articles whose publication time has come; later ones are drafts."""
        return self.filter(published_at__lte=timezone.now())


class Article(models.Model):
    """A piece of content, shown at /articles/<slug>/."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="The article's part of its URL.")
    body = models.TextField()
    published_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="A time in the future keeps it a draft."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ("-published_at",)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The article's page."""
        return reverse("articles:detail", kwargs={"slug": self.slug})
