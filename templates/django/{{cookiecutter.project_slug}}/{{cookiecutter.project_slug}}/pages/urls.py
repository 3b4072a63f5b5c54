{% set flags = cookiecutter._flags %}
"""URLs of the site's own pages."""

from django.urls import path

from {{ cookiecutter.project_slug }}.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
{% if not flags.is_service %}
    path("favicon.ico", views.favicon, name="favicon"),
{% endif %}
{% if not flags.is_service %}
    path("robots.txt", views.robots_txt, name="robots"),
{% endif %}
]
