"""The HTTP API of `scaffold serve`, in process: the same bytes and messages as the CLI.

Cheap enough for the fast tier: one render for the zip, the rest is
validation and the decision (the in-process byte-for-byte zip test is slow). The real server, the browser and the slower
renders are in test_serve_server.py and test_serve_browser.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from support.scaffold_serve import require_serve_extra
from support.starter_compare import assert_same_project, folder_tree, zip_tree

from scaffold.cli import cli
from scaffold.errors import UsageError

require_serve_extra()

from starlette.testclient import TestClient  # noqa: E402

from scaffold.serve.app import SECURITY_HEADERS, create_app  # noqa: E402
from scaffold.serve.inputs import MAX_BODY_BYTES  # noqa: E402
from scaffold.serve.server import INSTALL_HINT, is_loopback  # noqa: E402

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


def cli_output(*args: str) -> bytes:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_questions_are_what_the_cli_prints(client):
    response = client.get("/api/questions")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == cli_output("questions", "--json")


RECOMMEND_CASES = [
    ({}, ()),
    ({"kind": "api", "features": ["auth"]}, ("kind=api", "features=auth")),
    (
        {"kind": "microservice", "existing_stack": True, "features": ["api"], "team": "solo"},
        ("kind=microservice", "existing_stack=true", "features=api", "team=solo"),
    ),
    (
        {"kind": "cms", "features": ["admin", "rss", "sitemap"], "project_name": "Café Ünïcode", "framework": "flask"},
        ("kind=cms", "features=admin,rss,sitemap", "project_name=Café Ünïcode", "framework=flask"),
    ),
    ({"project_name": "A=B, C", "description": "x=1,2", "extras": []}, ("project_name=A=B, C", "description=x=1,2")),
    # recommend uses no slug: a name whose slug would be refused does not stop it (it stops a zip).
    ({"project_name": "Email"}, ("project_name=Email",)),
]


@pytest.mark.parametrize(("answers", "assignments"), RECOMMEND_CASES)
def test_recommend_is_what_the_cli_prints(client, answers, assignments):
    response = client.post("/api/recommend", json=answers)
    assert response.status_code == 200
    sets = [arg for assignment in assignments for arg in ("--set", assignment)]
    assert response.content == cli_output("recommend", "--no-input", "--json", *sets)


@pytest.mark.parametrize(
    ("method", "path", "body", "key", "message"),
    [
        ("POST", "/api/recommend", {"kindd": "api"}, "kindd", "JSON body: kindd: unknown key; did you mean kind?"),
        ("POST", "/api/recommend", {"kind": "mirco"}, "kind", "JSON body: kind: 'mirco' is not one of"),
        ("POST", "/api/recommend", {"features": ["admin", "rsss"]}, "features", "did you mean rss?"),
        ("POST", "/api/recommend", {"existing_stack": "maybe"}, "existing_stack", "is not a yes/no value"),
        ("POST", "/api/preview", {"project_slug": "../../etc"}, "project_slug", "is a path, not a name"),
        ("POST", "/starter.zip", {"project_slug": "/tmp/x"}, "project_slug", "is a path, not a name"),
        ("POST", "/starter.zip", {"project_name": "../escape"}, "project_name", "looks like a path"),
        ("POST", "/starter.zip", {"project_name": "123"}, "project_name", "not a lowercase Python identifier"),
        ("POST", "/api/preview", {"project_name": "Email"}, "project_name", "would shadow the module"),
        ("POST", "/starter.zip", {"project_name": {"a": 1}}, "project_name", "expected text, got dict"),
        ("GET", "/starter.zip?kindd=api", None, "kindd", "query string: kindd: unknown key; did you mean kind?"),
        ("GET", "/starter.zip?project_slug=..%2F..%2Fetc", None, "project_slug", "is a path, not a name"),
        ("GET", "/starter.zip?project_slug={{7*7}}", None, "project_slug", "not a lowercase Python identifier"),
        ("GET", "/starter.zip?kind=api&kind=cms", None, "kind", "query string: kind: given twice"),
    ],
)
def test_bad_answers_are_400_with_the_key_and_the_cli_message(client, method, path, body, key, message):
    response = client.request(method, path, json=body)
    assert response.status_code == 400
    data = response.json()
    assert data["key"] == key
    assert message in data["error"]


def test_the_messages_are_the_clis(client):
    api = client.post("/api/recommend", json={"kind": "mirco"}).json()["error"]
    result = CliRunner().invoke(cli, ["recommend", "--no-input", "--set", "kind=mirco"])
    assert result.exit_code == 2
    assert api.removeprefix("JSON body: ") in result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "expected an object of answers"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[" * 50_000 + b"]" * 10_000, "not valid JSON"),
    ],
)
def test_a_body_that_is_no_object_of_answers_is_400(client, body, message):
    response = client.post("/api/recommend", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert response.json()["key"] is None


def test_bodies_over_the_limit_are_refused_unread(client):
    big = json.dumps({"description": "x" * MAX_BODY_BYTES}).encode()
    response = client.post("/starter.zip", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "over 65536 bytes" in response.json()["error"]

    def chunks():
        yield b'{"description": "'
        yield b"x" * (MAX_BODY_BYTES + 1)
        yield b'"}'

    streamed = client.post("/api/recommend", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_curl_gets_the_usage_and_a_browser_gets_the_page(client):
    usage = client.get("/", headers={"accept": "*/*"})
    assert usage.status_code == 200
    assert usage.headers["content-type"].startswith("text/plain")
    assert "GET  /starter.zip?KEY=VALUE" in usage.text
    assert "curl http://127.0.0.1:8000/api/questions" in usage.text
    page = client.get("/", headers={"accept": BROWSER_ACCEPT})
    assert page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/app.js">' in page.text
    for name in ("app.js", "style.css", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200


def test_every_response_carries_the_security_headers(client):
    for response in (
        client.get("/", headers={"accept": BROWSER_ACCEPT}),
        client.get("/static/app.js"),
        client.post("/api/recommend", json={"kindd": 1}),
        client.get("/nowhere"),
    ):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
    assert "script-src 'self'" in SECURITY_HEADERS["content-security-policy"]


def test_the_page_loads_nothing_from_elsewhere(client):
    for name in ("/", "/static/app.js", "/static/style.css"):
        text = client.get(name, headers={"accept": BROWSER_ACCEPT}).text
        assert "http://" not in text.replace("http://127.0.0.1", "")
        assert "https://" not in text
        assert "//cdn" not in text


@pytest.mark.parametrize(
    ("method", "path", "body", "key", "message"),
    [
        ("POST", "/api/recommend", b'{"project_name": "a\\ud800b"}', "project_name", "not valid Unicode"),
        ("POST", "/starter.zip", b'{"description": "a\\udfffb"}', "description", "not valid Unicode"),
        ("POST", "/api/preview", b'{"features": ["admin", "\\ud800"]}', "features", "not valid Unicode"),
        ("POST", "/api/recommend", b'{"kin\\ud800d": "api"}', "kin\\ud800d", "unknown key"),
        ("GET", "/starter.zip?project_name=Shop%1b%5b2J", None, "project_name", "control character"),
        ("GET", "/starter.zip?author_name=Ada%e2%80%ae", None, "author_name", "control character"),
    ],
)
def test_text_that_is_not_valid_unicode_or_holds_control_characters_is_a_json_400(
    client, method, path, body, key, message
):
    # Through the CLI these exit 2 naming the key; here they are 400 with the key, never a plain-text 500.
    response = client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert data["key"] == key
    assert message in data["error"]
    assert "\x1b" not in response.text


def test_the_form_reports_a_lone_surrogate_inline(client):
    response = client.post(
        "/api/form",
        content=b'{"project_name": "a\\ud800b", "k\\ud800": 1}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    state = response.json()
    assert state["valid"] is False
    assert "not valid Unicode" in state["fields"]["project_name"]["error"]
    assert list(state["unknown"]) == ["k\\ud800"]


def test_no_request_path_reaches_the_disk(client):
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/index.html", "/static/../../pyproject.toml"):
        assert client.get(path).status_code == 404


def test_a_loopback_server_refuses_other_host_names():
    with TestClient(create_app(allowed_hosts={"127.0.0.1", "localhost"}), base_url="http://127.0.0.1:8000") as guarded:
        assert guarded.get("/api/questions").status_code == 200
        assert guarded.get("/api/questions", headers={"host": "localhost:8000"}).status_code == 200
        refused = guarded.get("/api/questions", headers={"host": "rebound.example:8000"})
        assert refused.status_code == 421


CROSS_SITE = [
    {"origin": "http://evil.example"},
    {"origin": "null"},
    {"origin": "http://127.0.0.1:9999"},  # another port is another origin
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site"},
    {"sec-fetch-site": "cross-site", "origin": "http://127.0.0.1:8000"},
]


@pytest.mark.parametrize("headers", CROSS_SITE)
@pytest.mark.parametrize("path", ["/starter.zip", "/api/recommend", "/api/preview", "/api/form"])
def test_a_cross_site_post_is_a_json_403(client, path, headers):
    # A page elsewhere can POST a "simple" text/plain form to this server; it gets nothing.
    response = client.post(path, content=b'{"kind": "api"}', headers={"content-type": "text/plain", **headers})
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["key"] is None
    assert "cross-site" in response.json()["error"]
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "headers",
    [{}, {"origin": "http://127.0.0.1:8000"}, {"sec-fetch-site": "same-origin"}, {"sec-fetch-site": "none"}],
    ids=["curl", "same-origin", "fetch-same-origin", "typed-by-the-user"],
)
def test_a_same_origin_or_non_browser_post_is_served(client, headers):
    response = client.post("/api/recommend", json={"kind": "api"}, headers=headers)
    assert response.status_code == 200, response.text


def test_a_cross_site_get_still_gets_the_page(client):
    # GETs change nothing; a link from elsewhere to a share URL must still open the form.
    response = client.get("/?kind=api", headers={"sec-fetch-site": "cross-site", "accept": BROWSER_ACCEPT})
    assert response.status_code == 200


def test_the_factory_answers_loopback_names_and_the_allowed_hosts_from_the_environment(monkeypatch):
    # What `uvicorn --factory scaffold.serve.app:create_app` and gunicorn's workers call: no arguments.
    monkeypatch.delenv("SCAFFOLD_ALLOWED_HOSTS", raising=False)
    with TestClient(create_app(), base_url="http://127.0.0.1:8000") as plain:
        assert plain.get("/api/questions").status_code == 200
        assert plain.get("/api/questions", headers={"host": "scaffold.example"}).status_code == 421
    monkeypatch.setenv("SCAFFOLD_ALLOWED_HOSTS", "scaffold.example, Other.Example:8443")
    with TestClient(create_app(), base_url="http://127.0.0.1:8000") as deployed:
        assert deployed.get("/api/questions", headers={"host": "scaffold.example"}).status_code == 200
        assert deployed.get("/api/questions", headers={"host": "other.example:8443"}).status_code == 200
        assert deployed.get("/api/questions", headers={"host": "evil.example"}).status_code == 421
        assert deployed.get("/api/questions", headers={"host": "localhost:8000"}).status_code == 200


def test_renders_run_at_the_same_time_and_leave_the_working_folder_alone(monkeypatch, tmp_path):
    # Two renders must both be inside the file writer at once: a process-wide lock would serialise
    # them and the barrier would time out. Nothing may change the working folder (os.chdir is per process).
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import scaffold.render.generate as generate
    from scaffold.serve.rendered import render_files

    barrier = threading.Barrier(2, timeout=20)
    original = generate.write_tree

    def meeting(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(generate, "write_tree", meeting)
    monkeypatch.chdir(tmp_path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        projects = list(
            pool.map(render_files, [{"project_name": "One"}, {"project_name": "Two", "framework": "flask"}])
        )
    assert [project.project_slug for project in projects] == ["one", "two"]
    assert all(project.files for project in projects)
    assert Path.cwd() == tmp_path
    assert not any(tmp_path.iterdir())


def test_form_state_hides_moot_questions_and_derives_the_slug(client):
    state = client.post("/api/form", json={"kind": "api", "project_name": "Shop Front"}).json()
    assert state["valid"] is True
    assert state["fields"]["time_to_market"]["applies"] is False
    assert state["fields"]["author_email"]["applies"] is False
    assert state["fields"]["project_slug"]["default"] == "shop_front"
    assert state["query"] == "project_name=Shop%20Front&kind=api"
    api = client.post("/api/recommend", json={"kind": "api", "project_name": "Shop Front"}).json()
    assert state["recommendation"] == api


def test_form_state_refuses_bad_values_inline(client):
    state = client.post("/api/form", json={"kind": "mirco", "author_name": "Ada", "author_email": "nope"}).json()
    assert state["valid"] is False
    assert state["fields"]["kind"]["error"].startswith("'mirco' is not one of fullstack")
    assert "is not an e-mail address" in state["fields"]["author_email"]["error"]
    assert "error" not in state["fields"]["team"]


def test_form_state_asks_whose_data_and_gives_the_alternatives(client):
    # The page builds its form from the questions: data_source is a need, asked for every kind.
    state = client.post("/api/form", json={"kind": "api", "features": ["admin"]}).json()
    assert state["fields"]["data_source"] == {"stage": "needs", "applies": True, "default": "own_database"}
    assert state["recommendation"]["flip"] == "Without the admin interface, Flask would be picked."
    assert state["recommendation"]["alternatives"] == [
        "If you chose every component yourself, Flask would be picked.",
        "If its data lived in another system, Flask would be picked.",
    ]
    # Over another system's data, Django's admin is no reason (T3): Flask.
    other = client.post("/api/form", json={"kind": "api", "features": ["admin"], "data_source": "another_system"})
    assert other.json()["recommendation"]["framework"] == "flask"
    assert other.json()["query"] == "kind=api&data_source=another_system&features=admin"


def test_form_state_gives_the_override_notes(client):
    answers = {"kind": "microservice", "existing_stack": True, "features": ["api"], "framework": "django"}
    state = client.post("/api/form", json=answers).json()
    assert state["recommendation"]["framework"] == "flask"
    assert state["framework"] == "django"
    assert state["override"].startswith("You chose Django over the recommended Flask.")
    assert any(note.startswith("T8:") for note in state["override_notes"])
    assert state["query"] == "kind=microservice&existing_stack=true&features=api&framework=django"


def test_the_zip_is_the_project_under_its_slug(client):
    # One render, for the fast tier; the byte-for-byte comparisons with scaffold new are slow-tier tests.
    response = client.get("/starter.zip?project_name=Fast%20Zip&framework=django&extras=")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="fast_zip.zip"'
    tree = zip_tree(response.content)
    assert all(name.startswith("fast_zip/") for name in tree)
    record = yaml.safe_load(tree["fast_zip/.scaffold.yml"][1])
    assert record["answers"]["project_name"] == "Fast Zip"
    assert record["answers"]["extras"] == []
    assert tree["fast_zip/manage.py"][0] & 0o100, "modes survive: manage.py stays executable"
    assert "fast_zip/Dockerfile" not in tree


@pytest.mark.slow
def test_the_zip_holds_exactly_what_scaffold_new_writes(client, tmp_path):
    query = "project_name=Zip%20Shop&kind=api&features=auth,api&database=postgresql&extras=ci"
    response = client.get(f"/starter.zip?{query}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="zip_shop.zip"'
    sets = ["project_name=Zip Shop", "kind=api", "features=auth,api", "database=postgresql", "extras=ci"]
    args = ["new", "--no-input", "-o", str(tmp_path), *(arg for s in sets for arg in ("--set", s))]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert_same_project(zip_tree(response.content), folder_tree(tmp_path / "zip_shop"), "zip_shop")


def test_without_the_extra_serve_exits_2_with_the_install_command():
    code = "import sys\nsys.modules['uvicorn'] = None\nfrom scaffold.cli import main\nmain(['serve', '--no-open'])\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert INSTALL_HINT in result.stderr
    assert "Traceback" not in result.stderr


def test_another_host_than_loopback_gets_a_one_line_warning():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning, then a clear failure to bind.
    result = CliRunner().invoke(
        cli, ["serve", "--host", "192.0.2.1", "--port", "8000", "--no-open", "--allowed-host", "scaffold.example"]
    )
    assert result.exit_code == 2
    warning = result.stderr.splitlines()[0]
    assert warning.startswith("Warning: listening on 192.0.2.1: anyone who can reach this machine")
    assert "cannot listen on 192.0.2.1:8000" in result.stderr


def test_a_port_in_use_is_a_clear_error():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--no-open"])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose another --port" in result.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1"])
def test_a_bind_beyond_loopback_needs_allowed_host_names(host):
    # Without them any Host would be answered (DNS rebinding), or none but loopback's would:
    # either way the user has to say which names the site is reached by.
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", "0", "--no-open"])
    assert result.exit_code == 2
    assert "--allowed-host" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr
    assert result.stdout == ""


def test_allowed_host_names_are_checked_like_the_loopback_names():
    from scaffold.serve.server import allowed_hosts

    assert allowed_hosts("127.0.0.1", ()) == ("127.0.0.1", "localhost", "[::1]")
    assert allowed_hosts("0.0.0.0", ("scaffold.example",)) == ("127.0.0.1", "localhost", "[::1]", "scaffold.example")
    for bad in ("", "http://x.example", "a b", "x.example/path"):
        with pytest.raises(UsageError, match="--allowed-host"):
            allowed_hosts("0.0.0.0", (bad,))
