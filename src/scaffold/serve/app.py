"""The web app: routes, security headers, the Host and cross-site checks and the body limit, on Starlette.

Every handler turns a request into validated answers (`inputs`), calls the
same functions the CLI calls, and answers JSON, a zip or the page. A bad
answer is HTTP 400 `{"error": ..., "key": ...}` with the CLI's message; a
body over `MAX_BODY_BYTES` is 413; a POST from another site is 403. Rendering
runs in a worker thread, so the event loop keeps serving the page while a zip
is made.

The app is stateless: each request renders into its own temporary folder and
nothing is kept between requests, so any number of worker processes can serve
it. `create_app` is the factory servers call with no arguments
(`uvicorn --factory scaffold.serve.app:create_app`, gunicorn's uvicorn
workers); it then reads the host names to answer from `SCAFFOLD_ALLOWED_HOSTS`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Collection, Mapping
from urllib.parse import parse_qsl, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scaffold.errors import ScaffoldError
from scaffold.questionnaire import schema
from scaffold.questionnaire.questions import Value
from scaffold.serve import inputs, verdict
from scaffold.serve.archive import zip_bytes
from scaffold.serve.assets import assets, usage_text
from scaffold.serve.rendered import render_files

__all__ = ["ALLOWED_HOSTS_VARIABLE", "LOOPBACK_NAMES", "SECURITY_HEADERS", "create_app"]

#: Host names every server answers to: loopback, where nothing from elsewhere can reach it.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

#: The environment variable the factory reads: more host names to answer to, comma-separated.
ALLOWED_HOSTS_VARIABLE = "SCAFFOLD_ALLOWED_HOSTS"

#: The `Sec-Fetch-Site` values of a request this site's own page (or the user, typing a URL) makes.
_OWN_FETCH_SITES = frozenset({"same-origin", "none"})

#: Methods that change nothing: a link from elsewhere may use them (a share link opens the form).
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Sent with every response. The page loads only its own script, style and icon,
#: and talks only to this server (no CDN, font or script from elsewhere).
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}

Handler = Callable[[Request], Awaitable[Response]]


def _error(exc: inputs.RequestError) -> JSONResponse:
    return JSONResponse(exc.to_json_dict(), status_code=exc.status)


async def _body(request: Request) -> bytes:
    """The request body, refused (413) past the limit without reading the rest."""
    limit = inputs.MAX_BODY_BYTES
    too_big = inputs.RequestError(
        f"the request body is over {limit} bytes; send only the answers, a JSON object", status=413
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def _json_answers(request: Request, *, for_project: bool = True) -> dict[str, Value]:
    return inputs.check(inputs.from_json(await _body(request)), inputs.BODY, for_project=for_project)


def _query_answers(request: Request) -> dict[str, Value]:
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    return inputs.check(inputs.from_query(pairs), inputs.QUERY)


def _refusing(handler: Handler) -> Handler:
    """Turn the errors a handler raises into the API's JSON: 400/413 for requests, 500 for the rest."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except inputs.RequestError as exc:
            return _error(exc)
        except ClientDisconnect:
            # The client went away mid-body, or was let go for sending it too slowly
            # (protocol.TimedH11Protocol): there is no one to answer, and nothing went wrong here.
            return Response(status_code=408)
        except ScaffoldError as exc:
            return JSONResponse({"error": exc.message, "key": None}, status_code=500)
        except Exception:
            # A bug: the API still answers JSON (never Starlette's plain-text page); the
            # traceback goes to the server's log, not to the client.
            logging.getLogger("scaffold.serve").exception("scaffold hit a bug on %s", request.url.path)
            return JSONResponse({"error": "scaffold hit a bug; the server's log has the details", "key": None}, 500)

    return wrapped


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def index(request: Request) -> Response:
    """The page for a browser; the plain-text usage for curl and friends."""
    if _wants_html(request):
        page = assets()["index.html"]
        return Response(page.data, media_type=page.media_type, headers={"cache-control": "no-cache"})
    return PlainTextResponse(usage_text(str(request.base_url)))


async def questions(_: Request) -> Response:
    """Every answer key, byte for byte what `scaffold questions --json` prints."""
    return Response(schema.questions_json() + "\n", media_type="application/json")


async def recommend(request: Request) -> Response:
    """The verdict for JSON answers, byte for byte what `scaffold recommend --no-input --json` prints."""
    values = await _json_answers(request, for_project=False)
    return Response(await run_in_threadpool(verdict.recommend_json, values), media_type="application/json")


async def form(request: Request) -> Response:
    """The page's live state for its raw answers: always 200, errors inside (the page shows them inline)."""
    raw = inputs.from_json(await _body(request))
    return JSONResponse(await run_in_threadpool(verdict.form_state, raw))


async def preview(request: Request) -> Response:
    """The files the project would have: path (under `<project_slug>/`), size and text."""
    values = await _json_answers(request)
    project = await run_in_threadpool(render_files, values)
    body = {
        "project_slug": project.project_slug,
        "framework": project.framework,
        "files": [entry.to_json_dict() for entry in project.files],
    }
    return JSONResponse(body)


async def _zip_response(values: Mapping[str, Value]) -> Response:
    project = await run_in_threadpool(render_files, values)
    data = await run_in_threadpool(zip_bytes, project)
    disposition = f'attachment; filename="{project.project_slug}.zip"'
    return Response(data, media_type="application/zip", headers={"content-disposition": disposition})


async def starter_zip_get(request: Request) -> Response:
    """The project as a zip, from the answers in the query string."""
    return await _zip_response(_query_answers(request))


async def starter_zip_post(request: Request) -> Response:
    """The project as a zip, from JSON answers."""
    return await _zip_response(await _json_answers(request))


def _asset_route(name: str) -> Route:
    async def serve_asset(_: Request) -> Response:
        asset = assets()[name]
        return Response(asset.data, media_type=asset.media_type, headers={"cache-control": "no-cache"})

    return Route(f"/static/{name}", serve_asset, methods=["GET"], name=name)


class _Guard:
    """ASGI middleware: security headers on every response; refuse unknown Host names and cross-site POSTs.

    A request whose Host is not an allowed name is refused (421): a web page
    elsewhere cannot rebind a DNS name to this server's address and read its
    answers. A POST that a browser says comes from another site (`Sec-Fetch-Site`),
    or whose `Origin` is not this server's, is refused (403): a page elsewhere
    can send a "simple" text/plain POST without asking, and must get nothing.
    curl and scripts send neither header and are served.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Collection[str]) -> None:
        self.app = app
        self.allowed_hosts = frozenset(_host_name(name) for name in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        headers = _headers(scope)
        if _host_name(headers.get("host", "")) not in self.allowed_hosts:
            refusal: Response = PlainTextResponse(
                "Unknown Host header: open this site by its loopback address or an --allowed-host name.", 421
            )
        elif scope["method"] not in _SAFE_METHODS and _cross_site(headers):
            refusal = JSONResponse(
                {
                    "error": "cross-site request refused: POST from this site's own page, or without a browser",
                    "key": None,
                },
                status_code=403,
            )
        else:
            await self.app(scope, receive, send_with_headers)
            return
        await refusal(scope, receive, send_with_headers)


def _headers(scope: Scope) -> dict[str, str]:
    """The request headers that matter here, by lowercase name (the last one wins)."""
    wanted = {b"host", b"origin", b"sec-fetch-site"}
    return {
        name.decode("latin-1"): value.decode("latin-1").strip() for name, value in scope["headers"] if name in wanted
    }


def _cross_site(headers: Mapping[str, str]) -> bool:
    """Whether a browser says the request comes from a page of another origin."""
    fetch_site = headers.get("sec-fetch-site", "").lower()
    if fetch_site and fetch_site not in _OWN_FETCH_SITES:
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    # The page's origin must be this server as the browser addressed it (Host): same name, same port.
    # "null" (a sandboxed frame, a file:// page) is no origin of ours.
    return urlsplit(origin.lower()).netloc != headers.get("host", "").lower()


def _host_name(host: str) -> str:
    """A Host header's name without its port: "127.0.0.1", "localhost", "[::1]"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]


def create_app(*, allowed_hosts: Collection[str] | None = None) -> ASGIApp:
    """The ASGI application of `scaffold serve`; also the factory for uvicorn and gunicorn.

    Args:
        allowed_hosts: Host names the app answers to (a port, if given, is
            ignored). None (a server calling the factory) takes the loopback names
            and those listed in `SCAFFOLD_ALLOWED_HOSTS`, comma-separated.

    Returns:
        The app, wrapped in the middleware that checks Host and cross-site POSTs and adds the security headers.
    """
    if allowed_hosts is None:
        listed = os.environ.get(ALLOWED_HOSTS_VARIABLE, "").split(",")
        allowed_hosts = [*LOOPBACK_NAMES, *(name.strip() for name in listed if name.strip())]
    routes = [
        Route("/", index, methods=["GET"]),
        Route("/api/questions", questions, methods=["GET"]),
        Route("/api/recommend", _refusing(recommend), methods=["POST"]),
        Route("/api/form", _refusing(form), methods=["POST"]),
        Route("/api/preview", _refusing(preview), methods=["POST"]),
        Route("/starter.zip", _refusing(starter_zip_get), methods=["GET"]),
        Route("/starter.zip", _refusing(starter_zip_post), methods=["POST"]),
        *(_asset_route(name) for name in assets() if name != "index.html"),
    ]
    return _Guard(Starlette(routes=routes), allowed_hosts)
