"""The page's files (package data under `serve/static/`) and the plain-text usage page.

The assets are read once, into memory, from a fixed list of names: a request
path is looked up in that dictionary and never joined to a folder on disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from scaffold._version import DISTRIBUTION, __version__

__all__ = ["Asset", "assets", "usage_text"]

_MEDIA_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Asset:
    """One file of the page: its bytes and media type."""

    data: bytes
    media_type: str


@cache
def assets() -> dict[str, Asset]:
    """Every asset of the page by file name, read from the installed package."""
    folder = resources.files("scaffold.serve") / "static"
    return {name: Asset((folder / name).read_bytes(), media) for name, media in _MEDIA_TYPES.items()}


def usage_text(base_url: str) -> str:
    """What `curl http://HOST:PORT/` prints: the API in one screen, with working examples."""
    base = base_url.rstrip("/")
    return f"""{DISTRIBUTION} {__version__}: pick Django or Flask from what you need, and get a starter project.

Open {base}/ in a browser for the form, or use the API (the same answers and messages as the CLI):

  GET  /api/questions       every answer key, as `scaffold questions --json` prints it
  POST /api/recommend       JSON answers -> the verdict, as `scaffold recommend --no-input --json` prints it
  POST /api/preview         JSON answers -> the files the project would have: path, size, text
  GET  /starter.zip?KEY=VALUE&...   the project as a zip, holding <project_slug>/...
  POST /starter.zip         the same, from JSON answers
  POST /api/form            the page's live state: which questions matter, messages, verdict, share query

Answer keys are those of `scaffold new --set KEY=VALUE`; lists are comma-separated in a query
string (features=admin,auth) and JSON lists in a body. Keys left out take their defaults.
A bad answer gets HTTP 400 and {{"error": "...", "key": "..."}}.

Examples:

  curl {base}/api/questions
  curl -d '{{"kind": "api", "features": ["auth"]}}' {base}/api/recommend
  curl -o starter.zip '{base}/starter.zip?project_name=Shop&kind=cms&features=admin,rss'
  curl -o starter.zip -H 'Content-Type: application/json' -d '{{"kind": "microservice"}}' {base}/starter.zip

Share a form: {base}/?kind=microservice&existing_stack=true&features=api
"""
