"""Accounts served for real: sign-up confirmation and a password reset through a real SMTP server, throttling in Redis.

Each framework's full project runs under gunicorn (two workers) with its
production settings over plain HTTP on 127.0.0.1 (SECURE_SSL_REDIRECT=false,
SECURE_COOKIES=false, as documented for trying production locally), on a fresh
PostgreSQL database, a Redis database number of its own and EMAIL_URL
pointing at an aiosmtpd server on 127.0.0.1. The reset mail is caught there,
its link followed to a new password; the old password is then refused and the
used link too. Before that, a newcomer signs up (issue 19.3): log-in is refused
until the mailed link is used, a resend mails a new one, the link works once,
and signing up with a taken address answers the same while its owner is told
by mail. Then ten failed log-ins get the eleventh attempt HTTP 429 with
Retry-After, with the counters found in that Redis database.

With REDIS_URL pointing at a closed port, log-ins are still served (a failed
one answered, a right one logged in), and each framework's log says throttling is degraded.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from support.generated import postgres_database, redis_database
from support.http_session import Session
from support.project_server import celery_worker, free_port
from support.shared_projects import ALL_FEATURES, celery_module, plain_http_production
from support.smtp_inbox import Inbox, SmtpServer

pytestmark = pytest.mark.slow

EMAIL = "ada@example.com"
OLD = "old-horse-battery-staple-1"
NEW = "new-horse-battery-staple-2"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/accounts/reset/\S+/")
CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:\d+/accounts/confirm-email/(\S+)/")
NEWCOMER = "lin@example.com"
SENT = "/accounts/confirm-email/sent/"


def _login_fields(framework: str, email: str, password: str) -> dict[str, str]:
    return {"username" if framework == "django" else "email": email, "password": password}


def _signup_fields(framework: str, email: str, password: str) -> dict[str, str]:
    if framework == "django":
        return {"email": email, "password1": password, "password2": password}
    return {"email": email, "password": password, "confirm": password}


def _new_password_fields(framework: str) -> dict[str, str]:
    if framework == "django":
        return {"new_password1": NEW, "new_password2": NEW}
    return {"password": NEW, "confirm": NEW}


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_reset_by_mail_and_throttled_logins(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    inbox = Inbox()
    smtp = SmtpServer(inbox)
    smtp.start()
    try:
        with postgres_database() as database_url, redis_database() as redis_url:
            production = plain_http_production(
                tmp_path_factory,
                framework,
                admin=(EMAIL, OLD),
                DATABASE_URL=database_url,
                REDIS_URL=redis_url,
                EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
            )
            with contextlib.ExitStack() as stack:
                if ALL_FEATURES["features"].get("tasks"):
                    # With tasks, the reset mail is sent by a Celery task: a real worker on the same
                    # Redis and settings sends it, so the request never waits on SMTP.
                    worker = celery_worker(
                        production.project, celery_module(framework), env=production.env, log=tmp_path / "worker.log"
                    )
                    stack.enter_context(worker)
                server = stack.enter_context(production.serve(tmp_path))
                confirm_key = _signed_up_by_mail(framework, Session(server), inbox)
                inbox.messages.clear()
                link = _reset_by_mail(framework, Session(server), inbox)
                _throttled(framework, Session(server), redis_url)
                if framework == "flask":
                    _locked_at_every_door(server)
                    # Issue 19.4: the reset key reaches the mail only, never a log.
                    key = link.rstrip("/").rsplit("/", 1)[-1]
                    # The app's own request log (gunicorn's access log, off unless asked for as
                    # here, prints every path as it came).
                    app_lines = [line for line in server.log().splitlines() if ".request [" in line]
                    assert app_lines, server.log()[-3000:]
                    worker_log = tmp_path / "worker.log"
                    worker = worker_log.read_text("utf-8") if worker_log.exists() else ""
                    for name, secret in (("reset", key), ("confirmation", confirm_key)):
                        assert not [line for line in app_lines if secret in line], (
                            f"the {name} key is in the request log"
                        )
                        assert secret not in worker, f"the {name} key is in the worker's log"
    finally:
        smtp.stop()


@pytest.mark.parametrize("framework", ["django", "flask"])
def test_logins_are_served_with_redis_unreachable(
    framework: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with postgres_database() as database_url:
        production = plain_http_production(
            tmp_path_factory,
            framework,
            admin=(EMAIL, OLD),
            DATABASE_URL=database_url,
            REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        )
        with production.serve(tmp_path, ready_path="/accounts/login/") as server:
            session = Session(server)
            failed = session.post_form("/accounts/login/", _login_fields(framework, EMAIL, "wrong"))
            assert failed.status == 200, failed.text[:2000]
            logged_in = session.post_form("/accounts/login/", _login_fields(framework, EMAIL, OLD))
            assert logged_in.status == 302, logged_in.text[:2000]
            log = server.log()
    # Django's throttle.py says so; Flask-Limiter warns on its own logger, which reaches
    # the log through the one logging set-up (request_log.py configures the root logger).
    warning = "Throttling is off" if framework == "django" else "Rate limit storage unreachable"
    assert warning in log, log[-5000:]


def _signed_up_by_mail(framework: str, session: Session, inbox: Inbox) -> str:
    """Issue 19.3: sign-up confirms the address and reveals nothing; returns the confirmation key."""
    server = session.server
    new = session.post_form("/accounts/signup/", _signup_fields(framework, NEWCOMER, OLD))
    taken = Session(server).post_form("/accounts/signup/", _signup_fields(framework, EMAIL, OLD))
    for response in (new, taken):
        assert response.status == 302, response.text[:2000]
        assert response.headers["location"].endswith(SENT), response.headers["location"]
    messages = inbox.wait(2, 20, "the sign-up mails")
    (to_newcomer,) = [m for m in messages if f"To: {NEWCOMER}" in m]
    (to_owner,) = [m for m in messages if f"To: {EMAIL}" in m]
    assert "Someone tried to sign up" in to_owner and not CONFIRM_LINK.search(to_owner), to_owner
    first = CONFIRM_LINK.search(to_newcomer)
    assert first, to_newcomer

    visitor = Session(server)
    refused = visitor.post_form("/accounts/login/", _login_fields(framework, NEWCOMER, OLD))
    assert refused.status == 200 and "Confirm your email address first." in refused.text, refused.text[:2000]
    assert "/accounts/confirm-email/resend/" in refused.text
    body = json.dumps({"email": NEWCOMER, "password": OLD}).encode()
    token = server.request("POST", "/api/v1/auth/token/", headers={"Content-Type": "application/json"}, body=body)
    assert token.status == 403 and token.json() == {"detail": "Confirm your email address first."}, token.text

    resent = visitor.post_form("/accounts/confirm-email/resend/", {"email": NEWCOMER})
    nobody = visitor.post_form("/accounts/confirm-email/resend/", {"email": "nobody@example.com"})
    for response in (resent, nobody):
        assert (response.status, response.headers["location"].endswith(SENT)) == (302, True), response.text[:2000]
    again = inbox.wait(3, 20, "the resent confirmation")[2]
    assert f"To: {NEWCOMER}" in again and CONFIRM_LINK.search(again), again

    # Opening the link (as a mail scanner would) uses nothing up; the form's POST confirms.
    path = first.group(0)
    for _ in range(2):
        page = visitor.get(path)
        assert page.status == 200 and "does not work" not in page.text, page.text[:2000]
    confirmed = visitor.post_form(path, {})
    assert confirmed.status == 302 and confirmed.headers["location"].endswith("/accounts/login/"), confirmed.text
    logged_in = visitor.post_form("/accounts/login/", _login_fields(framework, NEWCOMER, OLD))
    assert logged_in.status == 302, logged_in.text[:2000]
    used = Session(server).get(path)
    assert "does not work" in used.text, "a used confirmation link was accepted"
    time.sleep(0.5)
    assert len(inbox.messages) == 3, "a mail went to an address with no unconfirmed account"
    return first.group(1)


def _reset_by_mail(framework: str, session: Session, inbox: Inbox) -> str:
    """Reset the password through the mailed link; return the link."""
    asked = session.post_form("/accounts/password-reset/", {"email": EMAIL.upper()})
    assert asked.status == 302, asked.text[:2000]
    assert asked.headers["location"].endswith("/accounts/password-reset/done/")
    unknown = session.post_form("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert (unknown.status, unknown.headers["location"]) == (asked.status, asked.headers["location"])

    (message,) = inbox.wait(1, 20, "the reset mail")
    assert f"To: {EMAIL}" in message, message
    link = LINK.search(message)
    assert link, message
    form_path, form = session.follow(link.group(0))
    assert form.status == 200, form.text[:2000]
    done = session.post_form(form_path, _new_password_fields(framework))
    assert done.status == 302, done.text[:2000]
    assert done.headers["location"].endswith("/accounts/reset/done/")

    fresh = Session(session.server)
    old = fresh.post_form("/accounts/login/", _login_fields(framework, EMAIL, OLD))
    assert old.status == 200, "the old password still logs in"
    new = fresh.post_form("/accounts/login/", _login_fields(framework, EMAIL, NEW))
    assert new.status == 302, new.text[:2000]
    _, again = Session(session.server).follow(link.group(0))
    assert "does not work" in again.text, "a used reset link was accepted"
    assert len(inbox.messages) == 1, "a mail went to an address with no account"
    return link.group(0)


def _locked_at_every_door(server: Any) -> None:
    """Flask (issue 19.1): the client locked out at the log-in page is locked out at the token endpoint."""
    body = json.dumps({"email": "grace@example.com", "password": "wrong"}).encode()
    token = server.request("POST", "/api/v1/auth/token/", headers={"Content-Type": "application/json"}, body=body)
    assert token.status == 429, token.text[:2000]
    assert 0 < int(token.headers["retry-after"]) <= 15 * 60
    assert "detail" in token.json()


def _throttled(framework: str, session: Session, redis_url: str) -> None:
    import redis

    target = "grace@example.com"
    # This client failed once already (the old password, above): at most 10 more tries.
    statuses: list[int] = []
    refused = None
    for _ in range(11):
        response = session.post_form("/accounts/login/", _login_fields(framework, target, "wrong"))
        statuses.append(response.status)
        if response.status != 200:
            refused = response
            break
    assert refused is not None and refused.status == 429, statuses
    assert statuses[:-1] == [200] * (len(statuses) - 1) and len(statuses) >= 9, statuses
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert "Try again in" in refused.text
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.dbsize() > 0, "no throttling counter in Redis"
    finally:
        client.close()
