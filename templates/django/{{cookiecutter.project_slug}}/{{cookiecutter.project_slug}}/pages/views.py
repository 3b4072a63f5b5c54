{% set f = cookiecutter.features %}
{% set flags = cookiecutter._flags %}
{% set content = flags.has_content %}
{% set slug = cookiecutter.project_slug %}
{% if flags.is_service %}
"""The root of the service: a JSON index of what it serves."""
{% elif flags.admin_front %}
"""The front door: the admin, behind its login."""
{% else %}
"""The site's own pages."""
{% endif %}

{% if flags.is_service %}
from django.conf import settings
{% if flags.has_look %}
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
{% else %}
from django.http import HttpRequest, JsonResponse
{% endif %}
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> JsonResponse:
    """`/`: the service's name and the absolute URLs of its API, health and documentation."""
    return JsonResponse(
        {
            "name": settings.SITE_NAME,
            "api": request.build_absolute_uri("/api/v1/"),
            "health": request.build_absolute_uri("/healthz"),
            "ready": request.build_absolute_uri("/readyz"),
            "schema": request.build_absolute_uri("/api/schema/"),
            "docs": request.build_absolute_uri("/api/docs/"),
        }
    )
{% else %}
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect{{ ", render" if flags.has_site else "" }}
from django.templatetags.static import static
{% if flags.has_site and (f.cache or content) %}

{% endif %}
{% if flags.has_site and content %}
from {{ slug }}.articles.models import Article
{% endif %}
{% if flags.has_site and f.cache %}
from {{ slug }}.ops.page_cache import cache_anonymous_page
{% endif %}
{% if flags.has_site and content %}

# How many articles the home page lists.
LATEST_ARTICLES = 10
{% endif %}


{% if flags.admin_front %}
def home(_request: HttpRequest) -> HttpResponse:
    """`/` leads to the admin, which asks for a login."""
    return redirect("admin:index")
{% else %}
{% if f.cache %}
@cache_anonymous_page
{% endif %}
def home(request: HttpRequest) -> HttpResponse:
    """The home page{% if content %}, with the latest published articles{% endif %}."""
{% if content %}
    articles = Article.objects.published()[:LATEST_ARTICLES]
    return render(request, "pages/home.html", {"articles": articles})
{% else %}
    return render(request, "pages/home.html")
{% endif %}
{% endif %}


def robots_txt(request: HttpRequest) -> HttpResponse:
    """`/robots.txt`: every crawler may read everything{% if f.sitemap %}, and where the sitemap is{% endif %}."""
    lines = ["User-agent: *", "Allow: /"]
{% if f.sitemap %}
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
{% endif %}
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
{% endif %}
{% if flags.has_look %}


def favicon(_request: HttpRequest) -> HttpResponse:
    """Send a browser asking for /favicon.ico to the site's icon.

    Pages of the site name the icon in base.html, but browsers still ask for
    /favicon.ico on pages that do not, such as the admin's.
    """
    return redirect(static("favicon.svg"), permanent=True)
{% endif %}
