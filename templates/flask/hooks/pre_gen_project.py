"""Refuse answers the Flask template cannot honour, before any file is written.

`scaffold new` maps its answers so this never fires for it (see
docs/templates.md); it guards direct cookiecutter use. It exits non-zero with
a message rather than `assert`, which `python -O` would strip.
"""

import re
import sys

SLUG = "{{ cookiecutter.project_slug }}"
DATABASE = "{{ cookiecutter.database }}"
# Features that store something, so need a database.
NEEDS_DATABASE = {
    "auth": {{ cookiecutter.features.auth }},
    "admin": {{ cookiecutter.features.admin }},
    "rss": {{ cookiecutter.features.rss }},
    "sitemap": {{ cookiecutter.features.sitemap }},
}


def main() -> int:
    """Check the answers; print what to change and return 1 if they do not fit."""
    problems = []
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", SLUG):
        problems.append(
            f"project_slug {SLUG!r} is not a lowercase Python identifier: "
            "use letters, digits and underscores, not starting with a digit."
        )
    if DATABASE == "none":
        chosen = sorted(name for name, on in NEEDS_DATABASE.items() if on)
        if chosen:
            problems.append(
                f"database 'none' cannot hold what {', '.join(chosen)} store(s): "
                "pick database=sqlite (or postgresql), or drop those features."
            )
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
