"""uvicorn's h11 protocol with a deadline for receiving each request, so idle and slow clients are let go.

uvicorn closes a keep-alive connection that sends nothing for
`timeout_keep_alive` seconds after a response, but only then: a connection
that never sends a request stays open for ever, and any byte resets the
timer, so a client sending its headers one byte every few seconds holds a
connection (and its file descriptor) as long as it likes. A few hundred of
those and the server takes no one else.

Here the client has `timeout_keep_alive` seconds (uvicorn's own setting,
`--timeout-keep-alive`) to send a whole request, head and body, counted from
the moment it connects or the previous response ends; then the connection is
closed. Once the request is in, the render takes as long as it takes.

Use it with uvicorn's `--http scaffold.serve.protocol:TimedH11Protocol`;
`scaffold serve` does.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["TimedH11Protocol"]


class TimedH11Protocol(H11Protocol):
    """H11Protocol that closes a connection which does not deliver a whole request in time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._request_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request as soon as the client connects."""
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock: there is nothing left to wait for."""
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        """Let uvicorn handle what arrived; once a whole request is in, stop the clock."""
        super().handle_events()
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR):
            self._disarm()

    def on_response_complete(self) -> None:
        """The next request on a kept-alive connection has the same time to arrive."""
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._request_deadline = self.loop.call_later(self.timeout_keep_alive, self._too_slow)

    def _disarm(self) -> None:
        if self._request_deadline is not None:
            self._request_deadline.cancel()
            self._request_deadline = None

    def _too_slow(self) -> None:
        self._request_deadline = None
        if not self.transport.is_closing():
            # A request half-sent is abandoned: the app, waiting for the body, sees a disconnect.
            self.transport.close()
