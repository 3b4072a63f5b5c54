"""The templates' Jinja extension, at the path their `cookiecutter.json` names (a stable public name).

A stable public name for templates used directly with cookiecutter; the
extension itself lives in `scaffold.render.extensions`.
"""

from scaffold.render.extensions import TemplateExtension as TemplateExtension

__all__ = ["TemplateExtension"]
