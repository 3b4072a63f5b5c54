"""scaffold: pick Django or Flask from your needs and render a starter that runs."""

from __future__ import annotations

from scaffold._version import __version__ as __version__

__all__ = ["__version__"]
