"""API URLs: /api/v1/... and the OpenAPI schema at /api/schema/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from {{ cookiecutter.project_slug }}.api import views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    path("v1/health", views.health, name="health"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
]
