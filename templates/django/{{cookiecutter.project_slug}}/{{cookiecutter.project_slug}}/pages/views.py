{% set f = cookiecutter.features %}
{% set content = cookiecutter._flags.has_content %}
"""The site's own pages."""

{% if f.cache %}
from django.conf import settings
{% endif %}
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
{% if f.cache %}
from django.views.decorators.cache import cache_page
{% endif %}
{% if f.cache and (f.auth or f.admin) %}
from django.views.decorators.vary import vary_on_cookie
{% endif %}
{% if content %}

from {{ cookiecutter.project_slug }}.articles.models import Article

# How many articles the home page lists.
LATEST_ARTICLES = 10
{% endif %}


{% if f.cache %}
@cache_page(settings.CACHE_PAGE_SECONDS)
{% endif %}
{% if f.cache and (f.auth or f.admin) %}
# The page shows who is logged in: cache it per session cookie, or one
# visitor's page would be served to the next.
@vary_on_cookie
{% endif %}
def home(request: HttpRequest) -> HttpResponse:
    """The home page{% if content %}, with the latest published articles{% endif %}."""
{% if content %}
    articles = Article.objects.published()[:LATEST_ARTICLES]
    return render(request, "pages/home.html", {"articles": articles})
{% else %}
    return render(request, "pages/home.html")
{% endif %}


def favicon(_request: HttpRequest) -> HttpResponse:
    """Send a browser asking for /favicon.ico to the site's icon.

    Pages of the site name the icon in base.html, but browsers still ask for
    /favicon.ico on pages that do not, such as the admin's.
    """
    return redirect(static("favicon.svg"), permanent=True)
