"""Abuse-proofing served for real (issue 19, items 4, 7 and 8), in both starters.

Each framework's all-features project (shared with the other proofs) runs
under gunicorn with its production settings over plain HTTP on 127.0.0.1, on
PostgreSQL, with its Celery worker started at INFO as its README prints it.

- Errors reach a local Sentry-protocol endpoint (`support.sentry_endpoint`):
  served on a database that exists but has no tables, a page and an API list
  answer the site's own 500 (HTML, and JSON under /api/); each error arrives
  as an event with its exception and the request id of the response's
  X-Request-ID, and without cookies, credentials or the client's address
  (`send_default_pii` off). Without SENTRY_DSN the endpoint gets nothing.
- One stack per framework (`stack`, module-scoped: one database, Redis
  number, worker, server and aiosmtpd server for the checks below, which are
  written not to depend on their order):
  - SMTP down for a moment loses no mail: the reset request is answered at
    once, the worker's send fails and is retried with backoff, and the mail
    arrives once aiosmtpd listens on EMAIL_URL's port.
  - The reset link's token reaches the mail only: it is in neither the
    worker's log nor the app's request log, once the link has been followed.
  - One throttle for every door: an account locked at /accounts/login/ is
    refused, with its right password and from another client address, at
    the admin's log-in and at POST /api/v1/auth/token/; the locked client is
    refused at every door whatever account it names.

The administrator made by `plain_http_production(admin=...)` is the account
used throughout, so these proofs do not depend on how sign-up works.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from support.generated import postgres_database, redis_database
from support.http_session import Session
from support.project_server import Response, Server, celery_worker, wait_for_log
from support.sentry_endpoint import SentryEndpoint, sentry_endpoint
from support.shared_projects import (
    ALL_FEATURES,
    PLAIN_HTTP,
    Production,
    celery_module,
    collect_static,
    plain_http_production,
    production_env,
    shared_project,
)
from support.smtp_inbox import Inbox, SmtpServer

pytestmark = pytest.mark.slow

FRAMEWORKS = ["django", "flask"]
EMAIL = "admin-abuse@example.com"
FIRST_PASSWORD = "first-horse-battery-staple-1"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/accounts/reset/\S+/")
SEND_EMAIL = "proof_site.tasks.send_email"
#: A second client: all of 127.0.0.0/8 reaches the server on 127.0.0.1.
OTHER_CLIENT = ("127.0.0.2", 0)
SERVER_ERROR = "Something went wrong on our side. Please try again later."
#: Values a request sends that no error report may carry (send_default_pii off).
SECRET_COOKIE = "cookie-secret-0f1e2d3c4b5a"
SECRET_BEARER = "bearer-secret-9a8b7c6d5e4f"
SECRET_PASSWORD = "password-secret-5e6f7a8b9c0d"


# --- Errors reach a local Sentry-protocol endpoint ---------------------------------------------


def _on_empty_database(tmp_path_factory: pytest.TempPathFactory, framework: str, **values: str) -> Production:
    """The shared all-features project's production settings on `values`' DATABASE_URL, left without tables.

    A real fault that needs no test-only code in the project: every page that
    queries fails, as on a deployment whose migrations were forgotten.
    """
    project = shared_project(tmp_path_factory, f"{framework}-all-features", framework, ALL_FEATURES)
    collect_static(framework, project, tmp_path_factory)
    return Production(framework, project, production_env(framework, **(PLAIN_HTTP | values)))


def _cause_server_errors(server: Server, framework: str) -> tuple[Response, Response, Response]:
    """A site page, an API list and a log-in that query the missing tables: each must be the site's own 500."""
    cookie = {"Cookie": f"csrftoken={SECRET_COOKIE}; proof_secret={SECRET_COOKIE}"}
    page = server.get("/", headers=cookie)
    assert page.status == 500, f"GET / on a database without tables answered {page.status}:\n{page.text[:2000]}"
    assert page.content_type == "text/html", f"the site's 500 page is {page.content_type}"
    assert "Server error" in page.text and SERVER_ERROR in page.text, f"not the site's own 500 page:\n{page.text}"
    api = server.get("/api/v1/articles/", headers={**cookie, "Authorization": f"Bearer {SECRET_BEARER}"})
    assert api.status == 500, f"GET /api/v1/articles/ answered {api.status}:\n{api.text[:2000]}"
    assert api.content_type == "application/json", f"the API's 500 is {api.content_type}:\n{api.text[:2000]}"
    assert api.json() == {"detail": SERVER_ERROR}, f"not the API's own 500: {api.text[:2000]}"
    # A log-in names its account in the form: no report may carry that address (or the password).
    login = Session(server).post_form("/accounts/login/", _login_fields(framework, SECRET_PASSWORD))
    assert login.status == 500, f"POST /accounts/login/ answered {login.status}:\n{login.text[:2000]}"
    assert SERVER_ERROR in login.text, f"not the site's own 500 page:\n{login.text}"
    for response in (page, api, login):
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers.get("x-request-id", "")), (
            f"a 500 without a generated X-Request-ID: {dict(response.headers)}"
        )
    return page, api, login


def _event_for(events: list[dict[str, Any]], path: str) -> dict[str, Any]:
    found = [event for event in events if urlsplit(event.get("request", {}).get("url", "")).path == path]
    assert len(found) == 1, f"expected one event for {path}, got {len(found)}: {[e.get('request') for e in events]}"
    return found[0]


def _exception_types(event: dict[str, Any]) -> list[str]:
    return [value.get("type", "") for value in event.get("exception", {}).get("values", [])]


def _request_id_in(event: dict[str, Any]) -> str | None:
    """The request id an event carries, wherever a starter puts it (a tag, or a context)."""
    tagged = event.get("tags", {}).get("request_id")
    if tagged:
        return str(tagged)
    for context in event.get("contexts", {}).values():
        if isinstance(context, dict) and context.get("request_id"):
            return str(context["request_id"])
    return None


def _no_personal_data(event: dict[str, Any], raw: bytes) -> None:
    request = event.get("request", {})
    headers = {name.lower(): value for name, value in request.get("headers", {}).items()}
    assert "cookies" not in request, f"the event carries the request's cookies: {request['cookies']}"
    assert headers.get("cookie") in (None, "[Filtered]"), f"the event carries the Cookie header: {headers}"
    assert headers.get("authorization") in (None, "[Filtered]"), f"the event carries Authorization: {headers}"
    assert SECRET_COOKIE.encode() not in raw, "a cookie's value reached the error report"
    assert SECRET_BEARER.encode() not in raw, "a bearer token reached the error report"
    assert SECRET_PASSWORD.encode() not in raw, "a password reached the error report"
    assert EMAIL.encode() not in raw, "the account's email address reached the error report"
    user = event.get("user") or {}
    assert not {"email", "ip_address", "username"} & set(user), f"the event names the user: {user}"
    assert "REMOTE_ADDR" not in request.get("env", {}), f"the event carries the client's address: {request['env']}"


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_errors_reach_a_local_sentry_endpoint(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with sentry_endpoint() as endpoint, postgres_database() as empty_database:
        production = _on_empty_database(
            tmp_path_factory, framework, DATABASE_URL=empty_database, SENTRY_DSN=endpoint.dsn
        )
        # The 500s are the point here: their tracebacks in the log are expected.
        with production.serve(tmp_path, ready_path="/healthz", check_log=False) as server:
            responses = _cause_server_errors(server, framework)
            events = endpoint.wait_for_events(3)
            log = server.log()
        _reported(framework, endpoint, events, responses, log)


def _reported(
    framework: str,
    endpoint: SentryEndpoint,
    events: list[dict[str, Any]],
    responses: tuple[Response, Response, Response],
    log: str,
) -> None:
    raw = b"".join(envelope.raw for envelope in endpoint.envelopes)
    assert all(envelope.project_id == endpoint.project_id for envelope in endpoint.envelopes)
    for path, response in zip(("/", "/api/v1/articles/", "/accounts/login/"), responses, strict=True):
        event = _event_for(events, path)
        types = _exception_types(event)
        # Django wraps the driver's error in django.db.utils.ProgrammingError; SQLAlchemy in its own.
        assert any(t in ("ProgrammingError", "UndefinedTable") for t in types), (
            f"the event of {path} does not carry the database error: {types}"
        )
        assert event.get("level") == "error", event.get("level")
        request_id = response.headers["x-request-id"]
        assert _request_id_in(event) == request_id, (
            f"{framework}: the event of {path} does not carry the response's X-Request-ID {request_id} "
            f"(tags: {event.get('tags')}, contexts: {sorted(event.get('contexts', {}))})"
        )
        # The error the app logged for that request carries the id too (issue 19.7).
        errors = [line for line in log.splitlines() if " ERROR " in line and f"[{request_id}]" in line]
        assert errors, f"no ERROR line of the log names the request id {request_id} of {path}:\n{log[-5000:]}"
        _no_personal_data(event, raw)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_without_a_dsn_no_error_is_sent(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with sentry_endpoint() as endpoint, postgres_database() as empty_database:
        production = _on_empty_database(tmp_path_factory, framework, DATABASE_URL=empty_database)
        assert "SENTRY_DSN" not in production.env
        with production.serve(tmp_path, ready_path="/healthz", check_log=False) as server:
            _cause_server_errors(server, framework)
            # Where a DSN is set, events arrive within a second (the test above).
            time.sleep(3)
            log = server.log()
        assert "Traceback" in log, "the errors were not even logged"
        assert not endpoint.envelopes and not endpoint.unexpected, (
            f"without SENTRY_DSN something reached the endpoint: {len(endpoint.envelopes)} envelope(s), "
            f"{endpoint.unexpected}"
        )


# --- One served stack per framework: mail, logs and the throttle ------------------------------


@dataclasses.dataclass
class Stack:
    """One framework's project served with its worker and mail server, and the account's password now."""

    framework: str
    server: Server
    worker_log: Path
    smtp: SmtpServer
    password: str = FIRST_PASSWORD
    links: list[str] = dataclasses.field(default_factory=list)

    @property
    def inbox(self) -> Inbox:
        return self.smtp.inbox


@pytest.fixture(scope="module", params=FRAMEWORKS)
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    framework: str = request.param
    smtp = SmtpServer(Inbox())
    log_dir = tmp_path_factory.mktemp(f"abuse-{framework}")
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(postgres_database())
        redis_url = stack.enter_context(redis_database())
        production = plain_http_production(
            tmp_path_factory,
            framework,
            admin=(EMAIL, FIRST_PASSWORD),
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        )
        worker_log = log_dir / "worker.log"
        module = celery_module(framework)
        stack.enter_context(celery_worker(production.project, module, env=production.env, log=worker_log))
        server = stack.enter_context(production.serve(log_dir, ready_path="/healthz"))
        smtp.start()
        stack.callback(smtp.stop)
        yield Stack(framework, server, worker_log, smtp)


def _ask_for_reset(stack: Stack) -> Response:
    asked = Session(stack.server).post_form("/accounts/password-reset/", {"email": EMAIL})
    assert asked.status == 302 and asked.headers["location"].endswith("/accounts/password-reset/done/"), (
        f"the reset request was not answered as usual: {asked.status} {asked.text[:2000]}"
    )
    return asked


def _reset_link(message: str) -> str:
    assert f"To: {EMAIL}" in message, message
    link = LINK.search(message)
    assert link, f"no reset link in the mail:\n{message}"
    return link.group(0)


def _sends(worker_log: str, outcome: str) -> int:
    """How many lines of the worker's log say the mail task had `outcome` (" retry: ", " succeeded")."""
    return sum(1 for line in worker_log.splitlines() if f"{SEND_EMAIL}[" in line and outcome in line)


def test_a_mail_outlives_an_smtp_server_down_for_a_moment(stack: Stack) -> None:
    log = stack.worker_log
    stack.smtp.stop()
    try:
        before = len(stack.inbox.messages)
        retries = _sends(log.read_text("utf-8"), " retry: ")
        successes = _sends(log.read_text("utf-8"), " succeeded")
        started = time.monotonic()
        _ask_for_reset(stack)
        # The worker tried, failed on the closed port and scheduled a retry (Celery logs it at INFO).
        wait_for_log(
            log,
            lambda text: _sends(text, " retry: ") > retries,
            what="the worker to retry the mail while the SMTP server is down",
            timeout=30,
        )
        retried = [line for line in log.read_text("utf-8").splitlines() if " retry: " in line][-1]
        assert "Connection refused" in retried or "ConnectionRefusedError" in retried, retried
        # Down a few seconds in all, then back on EMAIL_URL's port.
        time.sleep(max(0.0, 4 - (time.monotonic() - started)))
    finally:
        stack.smtp.start()
    messages = stack.inbox.wait(before + 1, 60, "the mail sent while SMTP was down was lost (no retry got it out)")
    stack.links.append(_reset_link(messages[before]))
    wait_for_log(
        log,
        lambda text: _sends(text, " succeeded") > successes,
        what="the worker to log the mail task's success",
        timeout=30,
    )
    assert len(stack.inbox.messages) == before + 1, "the retried mail was sent more than once"


def _secrets_of(framework: str, link: str) -> list[str]:
    """The secret parts of a reset link: Django's token (the uidb64 before it only names the user), Flask's key."""
    parts = urlsplit(link).path.strip("/").split("/")
    if framework == "django":
        uidb64, token = parts[-2], parts[-1]
        return [token, f"{uidb64}/{token}"]
    return [parts[-1]]


def test_the_reset_token_reaches_the_mail_only(stack: Stack) -> None:
    before = len(stack.inbox.messages)
    _ask_for_reset(stack)
    link = _reset_link(stack.inbox.wait(before + 1, 30, "the reset mail")[before])
    stack.links.append(link)
    session = Session(stack.server)
    form_path, form = session.follow(link)
    assert form.status == 200, f"the mailed link did not open the form: {form.status} {form.text[:2000]}"
    new_password = f"reset-horse-battery-staple-{len(stack.links)}"
    fields = (
        {"new_password1": new_password, "new_password2": new_password}
        if stack.framework == "django"
        else {"password": new_password, "confirm": new_password}
    )
    done = session.post_form(form_path, fields)
    assert done.status == 302 and done.headers["location"].endswith("/accounts/reset/done/"), done.text[:2000]
    stack.password = new_password

    # The app's own request log (gunicorn's access log, off as the README serves it and on in
    # these proofs, prints every path as it came, so it is left out).
    app_lines = [line for line in stack.server.log().splitlines() if ".request [" in line]
    assert [line for line in app_lines if "GET /accounts/reset/" in line], (
        "the request log has no line for the followed link:\n" + "\n".join(app_lines[-20:])
    )
    worker_log = stack.worker_log.read_text("utf-8")
    assert _sends(worker_log, " received"), f"the worker never received the mail task:\n{worker_log[-5000:]}"
    # Every link mailed so far (the one of the SMTP-down check too, if it ran).
    for mailed in stack.links:
        for secret in _secrets_of(stack.framework, mailed):
            leaks = [line for line in app_lines if secret in line]
            assert not leaks, f"{stack.framework}: the reset token is in the app's request log:\n" + "\n".join(leaks)
            assert secret not in worker_log, f"{stack.framework}: the reset token is in the worker's log"
        assert EMAIL not in worker_log, f"{stack.framework}: the worker's log names the mail's address"


def _login_fields(framework: str, password: str) -> dict[str, str]:
    return {"username" if framework == "django" else "email": EMAIL, "password": password}


def _admin_login(stack: Stack, server: Server, password: str) -> Response:
    """Log in at the admin's door: Django's /admin/login/; Flask-Admin sends visitors to the log-in page."""
    session = Session(server)
    if stack.framework == "django":
        return session.post_form("/admin/login/?next=/admin/", _login_fields("django", password))
    sent = session.get("/admin/")
    assert sent.status == 302, f"Flask-Admin let an anonymous visitor in: {sent.status}"
    door = urlsplit(sent.headers["location"])
    assert door.path == "/accounts/login/", f"Flask-Admin's log-in door moved: {sent.headers['location']}"
    path = f"{door.path}?{door.query}"
    return session.post_form(path, _login_fields("flask", password))


def _token(server: Server, account: str, password: str) -> Response:
    body = json.dumps({"email": account, "password": password}).encode()
    return server.request("POST", "/api/v1/auth/token/", headers={"Content-Type": "application/json"}, body=body)


def _refused(response: Response, door: str, *, json_body: bool = False) -> None:
    assert response.status == 429, f"{door} answered {response.status}, not 429:\n{response.text[:1000]}"
    assert 0 < int(response.headers.get("retry-after", "0")) <= 15 * 60, f"{door}: Retry-After {response.headers}"
    if json_body:
        assert "Try again in" in response.json()["detail"], f"{door}: {response.text}"


def test_an_account_locked_at_one_door_is_locked_at_every_door(stack: Stack) -> None:
    server = stack.server
    other = dataclasses.replace(server, source_address=OTHER_CLIENT)
    # Each door takes the right password before (a token is made; logging in is not a failure).
    made = _token(other, EMAIL, stack.password)
    assert made.status == 201, f"the token endpoint refused the right password: {made.status} {made.text}"
    assert _admin_login(stack, other, stack.password).status == 302, "the admin's door refused the right password"

    statuses = []
    for _ in range(10):
        failed = Session(server).post_form("/accounts/login/", _login_fields(stack.framework, "wrong"))
        statuses.append(failed.status)
    assert statuses == [200] * 10, f"ten failed log-ins at /accounts/login/ answered {statuses}"
    _refused(
        Session(server).post_form("/accounts/login/", _login_fields(stack.framework, stack.password)),
        "/accounts/login/",
    )

    # The account is locked everywhere, even for a client that never failed.
    _refused(_admin_login(stack, other, stack.password), f"{stack.framework}'s admin log-in (account locked)")
    _refused(_token(other, EMAIL, stack.password), "POST /api/v1/auth/token/ (account locked)", json_body=True)
    # The client is locked everywhere, whatever account it names.
    _refused(_token(server, "nobody@example.com", "wrong"), "POST /api/v1/auth/token/ (client locked)", json_body=True)
