"""Refuse a project_slug that cannot be a Python package name.

`scaffold new` validates answers before rendering; this guards direct use of
the template with cookiecutter, where the slug is typed freely.
"""

import keyword
import sys

SLUG = {{ cookiecutter.project_slug | tojson }}

# ASCII too: the slug is also the distribution name in pyproject.toml.
if not (SLUG.isascii() and SLUG.isidentifier()) or keyword.iskeyword(SLUG) or SLUG != SLUG.lower():
    sys.exit(
        f"project_slug {SLUG!r} must be a lowercase ASCII Python identifier "
        "(letters, digits and underscores, not starting with a digit), e.g. my_project."
    )
