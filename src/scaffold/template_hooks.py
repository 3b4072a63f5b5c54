"""The templates' hook functions, at the path their hooks import: `scaffold.template_hooks`.

A stable public name for templates used directly with cookiecutter; the
functions themselves live in `scaffold.render.hooks`.
"""

from scaffold.render.hooks import finish as finish
from scaffold.render.hooks import refusals as refusals

__all__ = ["finish", "refusals"]
