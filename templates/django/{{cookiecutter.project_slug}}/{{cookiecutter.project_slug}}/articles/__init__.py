{% set f = cookiecutter.features %}
"""Articles: the site's content.

They are {% for name in ["admin", "api", "rss", "sitemap"] if f[name] %}{{ {"admin": "edited in the admin", "api": "read through the API", "rss": "in the feed", "sitemap": "in the sitemap"}[name] }}{{ ", " if not loop.last }}{% endfor %}.
"""
