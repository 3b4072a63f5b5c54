"""Operations: health checks, error pages, request logging{% if cookiecutter.features.cache %} and the page cache{% endif %}."""
