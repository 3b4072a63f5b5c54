"""A local Sentry-protocol endpoint: an HTTP server on 127.0.0.1 that keeps what sentry-sdk sends.

sentry-sdk POSTs envelopes to `/api/<project_id>/envelope/` of the host its
DSN names (`http://<key>@127.0.0.1:<port>/<project_id>`), gzip-encoded by
default. An envelope is a JSON header line, then items, each a JSON item
header line and a payload: `length` bytes when the item header gives its
length, else up to the next newline
(https://develop.sentry.dev/sdk/data-model/envelopes/). `SentryEndpoint`
parses each one and keeps its items, so a proof can read the events a real
server reported. It answers 200 to every envelope and 404 to anything else
(kept in `unexpected`). The stdlib's `http.server`, in a thread.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import re
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_ENVELOPE_PATH = re.compile(r"^/api/(\d+)/envelope/?(?:\?.*)?$")


@dataclass(frozen=True)
class Item:
    """One item of an envelope: its header ("type", ...) and raw payload."""

    header: dict[str, Any]
    payload: bytes

    @property
    def type(self) -> str:
        """The item's type: "event", "transaction", "session", "client_report"..."""
        return str(self.header.get("type", ""))

    def json(self) -> Any:
        """The payload parsed as JSON (events and most other items are JSON)."""
        return json.loads(self.payload)


@dataclass(frozen=True)
class Envelope:
    """One POSTed envelope: its header, its items, the project id of its URL and its raw bytes."""

    header: dict[str, Any]
    items: tuple[Item, ...]
    project_id: str
    raw: bytes


def parse_envelope(data: bytes, project_id: str = "") -> Envelope:
    """Split an (already decompressed) envelope into its header and items."""
    header_line, _, rest = data.partition(b"\n")
    header = json.loads(header_line)
    items: list[Item] = []
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        if not item_line.strip():
            continue
        item_header = json.loads(item_line)
        length = item_header.get("length")
        if length is None:
            payload, _, rest = rest.partition(b"\n")
        else:
            payload, rest = rest[:length], rest[length:]
            # The newline after a payload of known length is optional.
            rest = rest.removeprefix(b"\n")
        items.append(Item(item_header, payload))
    return Envelope(header, tuple(items), project_id, data)


@dataclass
class SentryEndpoint:
    """What the endpoint was sent so far; made by `sentry_endpoint()`."""

    port: int
    key: str = "proofkey"
    project_id: str = "42"
    envelopes: list[Envelope] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def dsn(self) -> str:
        """The DSN that sends a project's errors here."""
        return f"http://{self.key}@127.0.0.1:{self.port}/{self.project_id}"

    def events(self) -> list[dict[str, Any]]:
        """Every error event received so far, parsed."""
        with self.lock:
            return [item.json() for envelope in self.envelopes for item in envelope.items if item.type == "event"]

    def wait_for_events(self, count: int = 1, timeout: float = 20) -> list[dict[str, Any]]:
        """The events, once at least `count` arrived; fails naming the wait if they never do."""
        deadline = time.monotonic() + timeout
        while len(self.events()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        events = self.events()
        assert len(events) >= count, (
            f"the Sentry-protocol endpoint got {len(events)} event(s) within {timeout} s, expected {count} "
            f"(envelopes: {len(self.envelopes)}, other requests: {self.unexpected})"
        )
        return events


def _handler(endpoint: SentryEndpoint) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            match = _ENVELOPE_PATH.match(self.path)
            if match is None:
                with endpoint.lock:
                    endpoint.unexpected.append(f"POST {self.path}")
                self._answer(404)
                return
            encoding = (self.headers.get("Content-Encoding") or "").lower()
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding:
                with endpoint.lock:
                    endpoint.unexpected.append(f"POST {self.path} with Content-Encoding {encoding}")
                self._answer(415)
                return
            envelope = parse_envelope(body, match.group(1))
            with endpoint.lock:
                endpoint.envelopes.append(envelope)
            self._answer(200)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            with endpoint.lock:
                endpoint.unexpected.append(f"GET {self.path}")
            self._answer(404)

        def _answer(self, status: int) -> None:
            body = b"{}"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test reads what was kept instead."""

    return Handler


@contextlib.contextmanager
def sentry_endpoint() -> Iterator[SentryEndpoint]:
    """Serve a Sentry-protocol endpoint on 127.0.0.1 and a free port until the block ends."""
    endpoint = SentryEndpoint(port=0)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(endpoint))
    endpoint.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="sentry-endpoint", daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
