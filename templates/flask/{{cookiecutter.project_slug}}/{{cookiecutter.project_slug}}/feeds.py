{%- set f = cookiecutter.features -%}
"""The `feeds` blueprint: {% if f.rss %}the RSS 2.0 feed at /feed/{% endif %}{% if f.rss and f.sitemap %} and {% endif %}{% if f.sitemap %}the sitemap at /sitemap.xml{% endif %}."""

from __future__ import annotations
{%- if f.sitemap %}

from xml.etree import ElementTree as ET
{%- endif %}

{% if f.rss %}from feedgen.feed import FeedGenerator
{% endif %}from flask import Blueprint, Response, {% if f.rss %}current_app, {% endif %}url_for

from .models import Article, as_utc

bp = Blueprint("feeds", __name__)
{%- if f.rss %}

FEED_SIZE = 20


@bp.get("/feed/")
def feed() -> Response:
    """The newest published articles as RSS 2.0."""
    generator = FeedGenerator()
    generator.title(current_app.config["PROJECT_NAME"])
    generator.link(href=url_for("main.index", _external=True), rel="alternate")
    generator.description(current_app.config["DESCRIPTION"] or current_app.config["PROJECT_NAME"])
    generator.language("en")
    # feedgen prepends entries, so add the oldest first to list the newest first.
    for article in reversed(Article.published(limit=FEED_SIZE)):
        link = url_for("main.article", slug=article.slug, _external=True)
        entry = generator.add_entry()
        entry.title(article.title)
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.description(article.body[:500] or article.title)
        if article.published_at is not None:
            entry.pubDate(as_utc(article.published_at))
    return Response(generator.rss_str(pretty=True), mimetype="application/rss+xml")
{%- endif %}
{%- if f.sitemap %}


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every public page, in the sitemaps.org format search engines read."""
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = url_for("main.index", _external=True)
    for article in Article.published():
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = url_for("main.article", slug=article.slug, _external=True)
        if article.published_at is not None:
            lastmod = as_utc(article.published_at).date().isoformat()
            ET.SubElement(url, "lastmod").text = lastmod
    body = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/xml")
{%- endif %}
