"""`scaffold serve`: check the extra, bind the socket, run uvicorn until Ctrl-C.

The socket is bound here, before uvicorn starts, so a port in use is a
short message and exit 2 instead of a server log. Loopback is the default;
any other address gets a one-line warning, since the site is then open to
whoever can reach the machine.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import threading

from scaffold.errors import Echo, UsageError

__all__ = ["INSTALL_HINT", "is_loopback", "serve"]

INSTALL_HINT = 'pip install "scaffold-web[serve]"'


#: Host names a loopback server answers to (see `app._Guard`).
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


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
        import webbrowser

        if not webbrowser.open(url):
            echo(f"Open {url} in your browser.")

    threading.Timer(0.5, opener).start()


def serve(*, host: str, port: int, open_browser: bool, echo: Echo, warn: Echo) -> None:
    """Serve the page and the API on `host:port` until interrupted.

    Args:
        host: The address to listen on; loopback unless the user says otherwise.
        port: The TCP port; 0 lets the system pick a free one.
        open_browser: Open the page in a browser once the server listens.
        echo: Where to print progress (click.echo).
        warn: Where to print warnings (standard error).
    """
    _require_extra()
    import uvicorn

    from scaffold.serve.app import create_app

    loopback = is_loopback(host)
    if not loopback:
        warn(f"Warning: listening on {host}: anyone who can reach this machine on port {port} can use the site.")
    sock = _bind(host, port)
    url = _url(host, sock.getsockname()[1])
    app = create_app(allowed_hosts=_LOOPBACK_NAMES if loopback else None)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        lifespan="off",
        http="h11",
        ws="none",
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
