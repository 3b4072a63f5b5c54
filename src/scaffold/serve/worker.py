"""A gunicorn worker class for the app: uvicorn's worker, with the request deadline of `protocol`.

    gunicorn -w 2 -k scaffold.serve.worker.ScaffoldWorker --keep-alive 5 'scaffold.serve.app:create_app()'

uvicorn's worker for gunicorn (the `uvicorn-worker` package) runs uvicorn's
own HTTP protocol, which lets an idle or slow client hold its connection for
ever; this one runs `protocol.TimedH11Protocol`, which gives each client
gunicorn's `--keep-alive` seconds to send a whole request. Needs
`pip install gunicorn uvicorn-worker`; nothing else in scaffold imports this module.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ScaffoldWorker"]

try:
    # Imported by name: uvicorn-worker is no dependency of scaffold, only of a gunicorn deployment.
    _UvicornWorker: Any = importlib.import_module("uvicorn_worker").UvicornWorker
except ImportError as exc:
    raise ImportError(
        f"scaffold.serve.worker runs under gunicorn with uvicorn's worker ({exc.name} is not installed); "
        "run: pip install gunicorn uvicorn-worker"
    ) from exc


class ScaffoldWorker(_UvicornWorker):  # type: ignore[misc]  # the base is only known at run time
    """uvicorn's gunicorn worker on the h11 protocol with a deadline for each request."""

    CONFIG_KWARGS: dict[str, Any] = {"loop": "auto", "http": "scaffold.serve.protocol:TimedH11Protocol"}
