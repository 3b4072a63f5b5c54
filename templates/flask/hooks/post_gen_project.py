"""Finish the generated project: its own secret, and no files for unchosen features.

Kept small on purpose: file contents are decided by the templates'
conditionals; this hook only writes the git-ignored `.env` (the secret is
made here, in the new project, and never passes through cookiecutter's
context, which cookiecutter copies to its replay file) and removes the
files that belong to features that were not chosen.
"""

import secrets
import shutil
from pathlib import Path

SLUG = "{{ cookiecutter.project_slug }}"
HAS_DATABASE = "{{ cookiecutter.database }}" != "none"
HAS_CONTENT = HAS_DATABASE and {{ cookiecutter.features.admin or cookiecutter.features.rss or cookiecutter.features.sitemap or cookiecutter.features.api }}

# Every file or folder that belongs to one choice, and whether it was chosen.
OPTIONAL = {
    f"{SLUG}/models.py": HAS_DATABASE,
    f"{SLUG}/migrations": HAS_DATABASE,
    "tests/test_models.py": HAS_DATABASE,
    "tests/test_migrations.py": HAS_DATABASE,
    f"{SLUG}/templates/main/article.html": HAS_CONTENT,
    "tests/test_articles.py": HAS_CONTENT,
    f"{SLUG}/auth.py": {{ cookiecutter.features.auth }},
    f"{SLUG}/forms.py": {{ cookiecutter.features.auth }},
    f"{SLUG}/templates/auth": {{ cookiecutter.features.auth }},
    "tests/test_auth.py": {{ cookiecutter.features.auth }},
    f"{SLUG}/admin.py": {{ cookiecutter.features.admin }},
    "tests/test_admin.py": {{ cookiecutter.features.admin }},
    f"{SLUG}/api.py": {{ cookiecutter.features.api }},
    "tests/test_api.py": {{ cookiecutter.features.api }},
    f"{SLUG}/feeds.py": {{ cookiecutter.features.rss or cookiecutter.features.sitemap }},
    "tests/test_feed.py": {{ cookiecutter.features.rss }},
    "tests/test_sitemap.py": {{ cookiecutter.features.sitemap }},
    "tests/test_cache.py": {{ cookiecutter.features.cache }},
    "Dockerfile": {{ cookiecutter.extras.docker }},
    ".dockerignore": {{ cookiecutter.extras.docker }},
    "compose.yaml": {{ cookiecutter.extras.docker and cookiecutter.database == "postgresql" }},
    ".github": {{ cookiecutter.extras.ci }},
}


def prune(root: Path) -> None:
    """Remove every optional file or folder whose choice is off."""
    for name, chosen in OPTIONAL.items():
        path = root / name
        if chosen:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def write_env(root: Path) -> None:
    """Write `.env` with a fresh SECRET_KEY (git-ignored; Flask's CLI and wsgi.py load it)."""
    env = root / ".env"
    if not env.exists():
        env.write_text(f"SECRET_KEY={secrets.token_urlsafe(50)}\n", encoding="utf-8")


if __name__ == "__main__":
    project = Path.cwd()
    prune(project)
    write_env(project)
