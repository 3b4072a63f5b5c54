"""Article URLs: /articles/<slug>/."""

from django.urls import path

from {{ cookiecutter.project_slug }}.articles.views import ArticleDetailView

app_name = "articles"

urlpatterns = [
    path("<slug:slug>/", ArticleDetailView.as_view(), name="detail"),
]
