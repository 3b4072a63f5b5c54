"""scaffold: pick Django or Flask from your needs and render a starter that runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scaffold._version import __version__ as __version__

if TYPE_CHECKING:
    from scaffold.decide.engine import Recommendation as Recommendation
    from scaffold.decide.engine import recommend as recommend

__all__ = ["Recommendation", "__version__", "recommend"]


def __getattr__(name: str) -> Any:
    # The engine is imported on first use, not with the package: `scaffold --help`
    # imports this package and must stay fast (interface budget: 100 ms).
    if name in ("Recommendation", "recommend"):
        from scaffold.decide import engine as decision  # lazy: --help imports this package

        return getattr(decision, name)
    raise AttributeError(f"module 'scaffold' has no attribute {name!r}")
