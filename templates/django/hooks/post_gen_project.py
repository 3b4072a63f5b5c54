"""Finish a generated Django project: its own secret key, and no unchosen folders.

Kept small on purpose. Single files that depend on a choice have a Jinja
condition in their name (cookiecutter skips a file whose name renders empty);
only whole folders, which cookiecutter cannot skip, are removed here.
"""

import secrets
import shutil
from pathlib import Path

SLUG = {{ cookiecutter.project_slug | tojson }}
FEATURES = {
{% for name, chosen in cookiecutter.features | dictsort %}
    "{{ name }}": {{ "True" if chosen else "False" }},
{% endfor %}
}
EXTRAS = {
{% for name, chosen in cookiecutter.extras | dictsort %}
    "{{ name }}": {{ "True" if chosen else "False" }},
{% endfor %}
}
# One content app (the Article model) serves every feature that shows articles.
CONTENT = any(FEATURES[name] for name in ("admin", "api", "rss", "sitemap"))

# Folder -> whether the project keeps it.
FOLDERS = {
    f"{SLUG}/articles": CONTENT,
    f"{SLUG}/templates/articles": CONTENT,
    f"{SLUG}/api": FEATURES["api"],
    f"{SLUG}/templates/registration": FEATURES["auth"],
    ".github": EXTRAS["ci"],
}


def write_env(path: Path) -> None:
    """Write the git-ignored .env with a SECRET_KEY made for this project alone.

    The key is made here rather than passed in: cookiecutter copies its whole
    context to ~/.cookiecutter_replay.
    """
    path.write_text(
        "# Settings for this machine, read by config/settings/local.py.\n"
        "# Made when the project was generated; git ignores it. See .env.example.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        "DEBUG=true\n",
        encoding="utf-8",
    )
    path.chmod(0o600)


def main() -> None:
    """Prune the folders of unchosen features and write .env."""
    root = Path.cwd()
    for folder, keep in FOLDERS.items():
        if not keep:
            shutil.rmtree(root / folder)
    write_env(root / ".env")


if __name__ == "__main__":
    main()
