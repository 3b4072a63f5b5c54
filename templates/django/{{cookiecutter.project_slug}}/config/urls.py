{% set f = cookiecutter.features %}
{% set content = cookiecutter._flags.has_content %}
{% set dv = "5.2" if cookiecutter.python_version == "3.11" else "6.1" %}
{% set slug = cookiecutter.project_slug %}
"""The root URLconf: which view answers which path.

https://docs.djangoproject.com/en/{{ dv }}/topics/http/urls/
"""

{% if f.admin %}
from django.conf import settings
from django.contrib import admin
{% endif %}
{% if f.sitemap %}
from django.contrib.sitemaps.views import sitemap
{% endif %}
from django.urls import include, path
{% if cookiecutter._flags.has_feeds or f.admin %}

{% endif %}
{% if f.rss %}
from {{ slug }}.articles.feeds import LatestArticlesFeed
{% endif %}
{% if f.sitemap %}
from {{ slug }}.articles.sitemaps import ArticleSitemap
from {{ slug }}.pages.sitemaps import PageSitemap
{% endif %}
{% if f.admin %}
from {{ slug }}.users.throttle import throttled_login
{% endif %}
{% if f.sitemap %}

sitemaps = {"pages": PageSitemap, "articles": ArticleSitemap}
{% endif %}

urlpatterns = [
    path("", include("{{ slug }}.pages.urls")),
{% if cookiecutter._flags.has_article_pages %}
    path("articles/", include("{{ slug }}.articles.urls")),
{% endif %}
{% if f.auth and not cookiecutter._flags.is_service %}
    path("accounts/", include("{{ slug }}.users.urls")),
{% endif %}
{% if f.admin %}
{% if f.auth %}
    # The admin's log-in counts failures with every other door (users/throttle.py).
{% else %}
    # The admin's log-in counts failures, per account and per client (users/throttle.py).
{% endif %}
    path(f"{settings.ADMIN_URL}login/", throttled_login(admin.site.login), name="admin_login"),
    path(settings.ADMIN_URL, admin.site.urls),
{% endif %}
{% if f.api %}
    path("api/", include("{{ slug }}.api.urls")),
{% endif %}
{% if f.rss %}
    path("feed/", LatestArticlesFeed(), name="feed"),
{% endif %}
{% if f.sitemap %}
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
{% endif %}
]

# Error pages in the site's look{{ ' (JSON under /api/)' if f.api else '' }}: {{ slug }}/ops/errors.py
handler400 = "{{ slug }}.ops.errors.bad_request"
handler403 = "{{ slug }}.ops.errors.permission_denied"
handler404 = "{{ slug }}.ops.errors.page_not_found"
handler500 = "{{ slug }}.ops.errors.server_error"
