"""A real SMTP server for the proofs: aiosmtpd on 127.0.0.1, keeping every message it is given.

`SmtpServer` listens on one port for its whole life (EMAIL_URL names it), and
can be stopped and started again on that port, to be a mail server that is
down for a moment. `Inbox` is its handler: each message decoded as a reader
sees it (long lines come quoted-printable), as "To: <address>" and the body.
"""

from __future__ import annotations

import email
import email.policy
import time
from typing import Any

from .project_server import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it is given, decoded as a reader sees it."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802, ARG002 - aiosmtpd's hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        self.messages.append(f"To: {message['To']}\n\n{body.get_content() if body else ''}")
        return "250 Message accepted for delivery"

    def wait(self, count: int, timeout: float, why: str) -> list[str]:
        """The messages, once at least `count` arrived; fails naming `why` if they do not in `timeout` s."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, f"{why}: no mail arrived within {timeout:.0f} s"
        return self.messages


class SmtpServer:
    """aiosmtpd on one fixed port of 127.0.0.1 (EMAIL_URL's), which can be stopped and started again."""

    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self.port = free_port()
        self.controller: Any = None

    def start(self) -> None:
        """Listen (again) on the port."""
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening: a connection to the port is refused until `start()`."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
