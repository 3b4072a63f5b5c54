"""Values every template sees."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The site's name and description, from settings, for titles and headers.

    They live in settings rather than in the templates so that they are typed
    once, and Django escapes them wherever a template shows them.
    """
    return {"site_name": settings.SITE_NAME, "site_description": settings.SITE_DESCRIPTION}
