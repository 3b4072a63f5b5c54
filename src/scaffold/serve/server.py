"""`scaffold serve`: check the extra, bind the socket, run uvicorn until Ctrl-C.

The socket is bound here, before uvicorn starts, so a port in use is a
short message and exit 2 instead of a server log. Loopback is the default;
any other address needs the host names the site is reached by
(`--allowed-host`, checked against each request's Host) and gets a one-line
warning, since the site is then open to whoever can reach the machine.

Idle and slow clients are let go: each must send a whole request within
`REQUEST_SECONDS` of connecting or of the previous response
(`protocol.TimedH11Protocol`, on uvicorn's `timeout_keep_alive`).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import sys
import threading
from collections.abc import Sequence

from scaffold.errors import Echo, UsageError

__all__ = ["INSTALL_HINT", "REQUEST_SECONDS", "allowed_hosts", "is_loopback", "serve"]

INSTALL_HINT = 'pip install "scaffold-web[serve]"'

#: How long a client has to send a whole request (head and body): answers are a few hundred bytes.
REQUEST_SECONDS = 5

#: Host names every server answers to (the same as `app.LOOPBACK_NAMES`, which imports Starlette).
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

# A host name or address as a Host header gives it, without the port: letters, digits, dots,
# hyphens, or an IPv6 address in brackets.
_HOST_NAME = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})|\[[0-9A-Fa-f:.]+\])$")


def allowed_hosts(host: str, names: Sequence[str]) -> tuple[str, ...]:
    """The Host names a server bound to `host` answers to: loopback's, and `names` (from --allowed-host).

    Raises:
        UsageError: a bind beyond loopback without any name, or a name that is no host name.
    """
    for name in names:
        if not _HOST_NAME.match(name):
            raise UsageError(
                f"--allowed-host {name!r}: not a host name; give the name as browsers send it, such as "
                "scaffold.example.org (no scheme, port or path)"
            )
    if not names and not is_loopback(host):
        raise UsageError(
            f"--host {host} lets other machines in: name the host names they reach it by with --allowed-host NAME "
            "(repeatable), so that a request for any other name is refused"
        )
    return (*_LOOPBACK_NAMES, *(name.lower() for name in names if name.lower() not in _LOOPBACK_NAMES))


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address or `localhost`."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _require_extra() -> None:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            f"scaffold serve needs the web server extra ({exc.name} is not installed); run: {INSTALL_HINT}"
        ) from None


def _bind(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(
            f"--host {host}: cannot resolve it ({exc.strerror}); use an address such as 127.0.0.1"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    if shown in ("0.0.0.0", "[::]"):
        shown = "127.0.0.1"
    return f"http://{shown}:{port}/"


def _open_later(url: str, echo: Echo) -> None:
    """Open the page in the default browser, unless there is no display to show one on."""
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        return

    def opener() -> None:
        import webbrowser  # lazy: only with --open, on a desktop

        if not webbrowser.open(url):
            echo(f"Open {url} in your browser.")

    threading.Timer(0.5, opener).start()


def serve(
    *, host: str, port: int, open_browser: bool, echo: Echo, warn: Echo, allowed_host: Sequence[str] = ()
) -> None:
    """Serve the page and the API on `host:port` until interrupted.

    Args:
        host: The address to listen on; loopback unless the user says otherwise.
        port: The TCP port; 0 lets the system pick a free one.
        open_browser: Open the page in a browser once the server listens.
        echo: Where to print progress (click.echo).
        warn: Where to print warnings (standard error).
        allowed_host: Host names besides loopback's the site answers to; required beyond loopback.
    """
    names = allowed_hosts(host, allowed_host)
    _require_extra()
    # Lazy, after the check: without the serve extra this is a message, not an ImportError.
    import uvicorn

    from scaffold.serve.app import create_app
    from scaffold.serve.protocol import TimedH11Protocol

    if not is_loopback(host):
        warn(f"Warning: listening on {host}: anyone who can reach this machine on port {port} can use the site.")
    sock = _bind(host, port)
    url = _url(host, sock.getsockname()[1])
    app = create_app(allowed_hosts=names)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="off",
        http=TimedH11Protocol,
        ws="none",
        timeout_keep_alive=REQUEST_SECONDS,
        timeout_graceful_shutdown=5,
    )
    echo(f"scaffold serve: {url} (Ctrl-C to stop)")
    if open_browser:
        _open_later(url, echo)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn has shut down cleanly and re-raised Ctrl-C: stopping the server is no error.
        echo("scaffold serve: stopped.")
    finally:
        sock.close()
