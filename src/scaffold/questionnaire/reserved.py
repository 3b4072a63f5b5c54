"""The names a project package must not take, read from the templates themselves so the list cannot drift.

A package is refused when the generated project would break around it:

- its own `.gitignore` ignores it (`build/`, `dist/`, `instance/`,
  `staticfiles/`, `__pycache__/`...): git would never see the code;
- it has the import name of a dependency the project installs (`celery`,
  `gunicorn`, `dotenv`...): importing the project would shadow it, and
  `pip install` of a project named after its own dependency fails;
- it is a module the frameworks themselves are made of (`werkzeug`, `kombu`...).

The first two are read from each template's `.gitignore` and `pyproject.toml`
(every branch of their Jinja conditions, so a name is refused whatever the
features), once per process. Standard-library names are refused by
`questions.validate_slug` from `sys.stdlib_module_names`.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from pathlib import Path

__all__ = ["ignored_by_gitignore", "reserved_modules", "template_folder"]

_FRAMEWORKS = ("django", "flask")

# Names scaffold or the starters' layout already use, and the modules the frameworks and their
# helpers are built from (installed with them, though not listed in the starters' pyproject).
_FIXED = frozenset(
    {
        "django", "flask", "werkzeug", "jinja2", "click", "sqlalchemy", "alembic", "itsdangerous",
        "markupsafe", "blinker", "asgiref", "sqlparse", "kombu", "billiard", "vine", "amqp", "wtforms",
        "limits", "apispec", "webargs", "mako", "packaging", "pluggy", "coverage",
        "gunicorn", "pytest", "test", "tests", "config", "site", "typing", "scaffold",
        "cookiecutter", "rest_framework", "marshmallow", "redis", "psycopg", "whitenoise",
        "static", "templates", "migrations", "app", "main", "environ",
    }
)  # fmt: skip

# Distributions whose import name is not their normalised name (as each project documents it).
_IMPORT_NAMES = {
    "djangorestframework": "rest_framework",
    "django_environ": "environ",
    "django_csp": "csp",
    "django_cors_headers": "corsheaders",
    "python_dotenv": "dotenv",
    "python_json_logger": "pythonjsonlogger",
    "psycopg_binary": "psycopg",
    "pyyaml": "yaml",
}

# A requirement line of a pyproject list: `    "celery[redis]>=5.5",` gives `celery`.
_REQUIREMENT = re.compile(r'^\s*"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[<>=~!;@]|",)')
# Where a list starts (`dependencies = [`, an extra's `dev = [`), and a table's header.
_LIST_START = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*\[\s*$")
_TABLE = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+\s*$")
# The tables whose lists hold requirements: [project]'s `dependencies`, every extra and group.
_REQUIREMENT_TABLES = {"project.optional-dependencies", "dependency-groups"}


def template_folder(framework: str) -> Path | None:
    """The folder of a framework's template, or None when this installation has none.

    Installed from a wheel, the templates are package data inside the package
    (read as a folder tree: importlib.resources would only add ~10 ms of
    import). In a development checkout (editable install) hatchling does not
    map force-included paths, so the repository's top-level `templates/` is
    used instead. Here, the lowest layer that reads the templates, so that the
    renderer (`render.pipeline.template_dir`) asks the same two places.
    """
    here = Path(__file__).resolve()
    for root in (here.parents[1] / "templates", here.parents[3] / "templates"):
        if (root / framework / "cookiecutter.json").is_file():
            return root / framework
    return None


def _project_files(name: str) -> list[Path]:
    """A file of each template's project folder."""
    found = []
    for framework in _FRAMEWORKS:
        folder = template_folder(framework)
        path = folder / "{{cookiecutter.project_slug}}" / name if folder is not None else None
        if path is not None and path.is_file():
            found.append(path)
    return found


def _template_lines(path: Path) -> list[str]:
    # Jinja tags are dropped, so every branch's lines count: a name is refused whatever the features.
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if not line.lstrip().startswith(("{%", "{#"))]


@functools.cache
def _ignore_patterns() -> tuple[str, ...]:
    patterns = []
    for path in _project_files(".gitignore"):
        for line in _template_lines(path):
            text = line.strip()
            if not text or text.startswith(("#", "!")):
                continue
            # The package is a folder at the project's top: anchored (/x/), folder-only (x/) and
            # plain patterns all reach it; a pattern with an inner slash names something deeper.
            pattern = text.strip("/")
            if "/" not in pattern:
                patterns.append(pattern)
    return tuple(patterns)


def ignored_by_gitignore(slug: str) -> str | None:
    """The pattern of a generated `.gitignore` that would ignore a package named `slug`, if any."""
    for pattern in _ignore_patterns():
        if fnmatch.fnmatchcase(slug, pattern):
            return pattern
    return None


@functools.cache
def _dependency_modules() -> frozenset[str]:
    names = set()
    for path in _project_files("pyproject.toml"):
        table, in_list = "", False
        for line in _template_lines(path):
            if header := _TABLE.match(line):
                table, in_list = header.group(1), False
            elif start := _LIST_START.match(line):
                # Only requirement lists: ruff's `ignore = ["D105"]` or pytest's `filterwarnings =
                # ["error"]` name no module.
                in_list = table in _REQUIREMENT_TABLES or (table == "project" and start.group(1) == "dependencies")
            elif line.strip().startswith("]"):
                in_list = False
            elif in_list and (found := _REQUIREMENT.match(line)):
                normal = re.sub(r"[-_.]+", "_", found.group(1)).lower()
                names.add(_IMPORT_NAMES.get(normal, normal))
    return frozenset(names)


def reserved_modules() -> frozenset[str]:
    """Module names a package would shadow: the starters' dependencies and what they are built from."""
    return _FIXED | _dependency_modules()
