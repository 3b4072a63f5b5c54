"""URLs of the site's own pages."""

from django.urls import path

from {{ cookiecutter.project_slug }}.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
]
