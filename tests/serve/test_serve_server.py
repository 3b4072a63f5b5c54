"""`scaffold serve` started as a user starts it, over real HTTP: load, hostile input, both starters.

Slow tier: every test renders projects through a real uvicorn, and compares
them with what `scaffold new --no-input` writes in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from support.scaffold_serve import SCAFFOLD, require_serve_extra, scaffold_serve
from support.starter_compare import assert_same_project, folder_tree, secret_free, zip_tree

require_serve_extra()

pytestmark = pytest.mark.slow

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with scaffold_serve(tmp_path_factory.mktemp("serve")) as running:
        yield running


def scaffold_new(tmp_path: Path, answers: dict[str, str]) -> Path:
    out = tmp_path / "cli"
    sets = [arg for key, value in answers.items() for arg in ("--set", f"{key}={value}")]
    result = subprocess.run(
        [str(SCAFFOLD), "new", "--no-input", "-o", str(out), *sets], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    (project,) = out.iterdir()
    return project


def test_curl_and_the_api_as_a_user_sees_them(served):
    server = served.server
    usage = server.get("/", headers={"accept": "*/*", "user-agent": "curl/8.0"})
    assert usage.status == 200
    assert usage.content_type == "text/plain"
    assert f"curl {server.base_url}/api/questions" in usage.text
    cli = subprocess.run([str(SCAFFOLD), "questions", "--json"], capture_output=True, check=True).stdout
    assert server.get("/api/questions").body == cli
    page = server.get("/", headers={"accept": "text/html"})
    assert "content-security-policy" in page.headers
    assert "scaffold serve:" in server.log()


ANSWER_SETS = [
    {"project_name": "Blog Engine", "kind": "cms", "features": "admin,auth,rss,sitemap,cache",
     "database": "postgresql"},
    {"project_name": "Tiny Service", "kind": "microservice", "existing_stack": "true", "features": "api",
     "extras": ""},
    {"project_name": "Forced", "framework": "flask", "features": "admin,auth", "author_name": "Ada",
     "author_email": "ada@example.com"},
    {"project_name": "Plain", "framework": "django", "database": "none", "python_version": "3.13",
     "extras": "docker"},
]  # fmt: skip


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=lambda answers: answers["project_name"])
def test_zip_and_preview_are_what_scaffold_new_writes(served, tmp_path, answers):
    query = "&".join(f"{key}={quote(value, safe=',')}" for key, value in answers.items())
    got = served.server.get(f"/starter.zip?{query}")
    assert got.status == 200, got.text
    assert got.content_type == "application/zip"
    project = scaffold_new(tmp_path, answers)
    slug = project.name
    served_tree = zip_tree(got.body)
    assert_same_project(served_tree, folder_tree(project), slug)

    posted = served.server.request("POST", "/starter.zip", headers=JSON, body=json.dumps(answers).encode())
    assert posted.status == 200
    assert secret_free(zip_tree(posted.body), slug) == secret_free(served_tree, slug)

    preview = served.server.request("POST", "/api/preview", headers=JSON, body=json.dumps(answers).encode()).json()
    assert preview["project_slug"] == slug
    files = {entry["path"]: entry for entry in preview["files"]}
    assert set(files) == {path for path, (_, data) in served_tree.items() if data is not None}
    for path, entry in files.items():
        data = served_tree[path][1]
        assert entry["size"] == len(data) or path.endswith("/.env")
        if not path.endswith("/.env"):
            assert entry["text"] == data.decode("utf-8")
    assert served.leftovers() == []


def test_twenty_parallel_downloads_all_succeed(served):
    def download(number: int) -> tuple[int, bytes]:
        response = served.server.request("GET", f"/starter.zip?project_name=Load%20{number}", timeout=120)
        return response.status, response.body

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(download, range(20)))
    assert [status for status, _ in results] == [200] * 20
    for number, (_, body) in enumerate(results):
        names = zipfile.ZipFile(BytesIO(body)).namelist()
        assert f"load_{number}/.scaffold.yml" in names
    assert served.leftovers() == []


def test_hostile_answers_stay_data(served, tmp_path):
    pwned = tmp_path / "PWNED"
    payload = f"{{{{ cycler.__init__.__globals__.os.system('touch {pwned}') }}}}"
    answers = {
        "project_name": "Shop {{7*7}}",
        "description": payload,
        "author_name": "{% raw %}Robert'); DROP TABLE x;--{% endraw %}",
    }
    got = served.server.request("POST", "/starter.zip", headers=JSON, body=json.dumps(answers).encode())
    assert got.status == 200, got.text
    tree = zip_tree(got.body)
    readme = tree["shop_7_7/README.md"][1].decode()
    # The README escapes Markdown (`\{\{7\*7\}\}`): still the text as typed, never evaluated.
    assert "Shop \\{\\{7\\*7\\}\\}" in readme and "Shop 49" not in readme
    project = tomllib.loads(tree["shop_7_7/pyproject.toml"][1].decode())["project"]
    assert project["description"] == payload
    assert project["authors"][0]["name"] == answers["author_name"]
    record = tree["shop_7_7/.scaffold.yml"][1].decode()
    assert "Shop {{7*7}}" in record
    assert not pwned.exists()
    assert served.leftovers() == []


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "key"),
    [
        ("GET", "/starter.zip?project_slug=..%2F..%2Ftmp%2Fx", None, 400, "project_slug"),
        ("GET", "/starter.zip?project_slug=%2Fetc", None, 400, "project_slug"),
        ("GET", "/starter.zip?project_name=..%2Fup", None, 400, "project_name"),
        ("GET", "/starter.zip?project_name=%00%00", None, 400, "project_name"),
        ("GET", "/starter.zip?kindd=api", None, 400, "kindd"),
        ("GET", "/starter.zip?features=admin,..%2Fx", None, 400, "features"),
        ("POST", "/starter.zip", b'{"project_slug": "~root"}', 400, "project_slug"),
        ("POST", "/api/preview", b'{"python_version": "../../bin/sh"}', 400, "python_version"),
        ("POST", "/api/preview", b'{"database": {"$ne": 1}}', 400, "database"),
        ("POST", "/api/recommend", b"\x00" * 70_000, 413, None),
    ],
)
def test_hostile_requests_are_refused_over_http(served, method, path, body, status, key):
    response = served.server.request(method, path, headers=JSON, body=body)
    assert response.status == status
    assert response.json()["key"] == key
    assert response.json()["error"]


def test_a_rebound_host_name_is_refused(served):
    response = served.server.get("/api/questions", headers={"host": f"attacker.example:{served.server.port}"})
    assert response.status == 421


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    import signal

    from support.project_server import Server, _wait_until_ready, free_port

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(SCAFFOLD), "serve", "--port", str(port), "--no-open"], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        assert _wait_until_ready(proc, Server("127.0.0.1", port, log), "/api/questions", 30), log.read_text()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log.read_text()
    assert f"scaffold serve: http://127.0.0.1:{port}/ (Ctrl-C to stop)" in text
    assert "scaffold serve: stopped." in text
    assert "Traceback" not in text and "Interrupted" not in text


def _closed_after(port: int, sends: list[bytes], *, gap: float, limit: float) -> float:
    """Connect, send `sends` one every `gap` seconds (then nothing), and return when the server closed it.

    The server closing shows as a read of b"" (or a reset); waiting past `limit` fails the test.
    """
    import socket
    import time

    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as sock:
        pending = list(sends)
        while time.monotonic() - start < limit:
            if pending:
                try:
                    sock.sendall(pending.pop(0))
                except OSError:
                    return time.monotonic() - start
            sock.settimeout(gap if pending else limit)
            try:
                data = sock.recv(4096)
            except TimeoutError:
                continue
            except ConnectionResetError:
                return time.monotonic() - start
            if data == b"" or data.startswith(b"HTTP/1.1 4"):
                return time.monotonic() - start
        raise AssertionError(f"the connection was still open after {limit} s")


SLOW_CLIENTS = {
    # Connects and says nothing.
    "idle": ([], 0.5),
    # Sends its request head a few bytes a second, never finishing it (slowloris).
    "slow-head": ([b"GET /api/questions HTTP/1.1\r\n", *(b"X-a: b\r\n" for _ in range(30))], 0.8),
    # Sends a whole head announcing a body, then the body a byte at a time.
    "slow-body": (
        [b"POST /api/recommend HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 200\r\n\r\n", *(b" " for _ in range(60))],
        0.5,
    ),
}


def test_idle_and_slow_connections_are_closed(served):
    # scaffold serve gives a client REQUEST_SECONDS (5) to send a whole request; each of these
    # would otherwise hold its connection for ever. All three run at once, over real sockets.
    from scaffold.serve.server import REQUEST_SECONDS

    with ThreadPoolExecutor(max_workers=len(SLOW_CLIENTS)) as pool:
        waits = dict(
            zip(
                SLOW_CLIENTS,
                pool.map(
                    lambda case: _closed_after(served.server.port, case[0], gap=case[1], limit=REQUEST_SECONDS + 10),
                    SLOW_CLIENTS.values(),
                ),
                strict=True,
            )
        )
    for name, seconds in waits.items():
        assert REQUEST_SECONDS - 1 <= seconds <= REQUEST_SECONDS + 3, (name, seconds)
    # A client that sends its request in time is still served, on a new connection.
    assert served.server.get("/api/questions").status == 200


def test_serve_beyond_loopback_answers_only_the_allowed_host_names(tmp_path):
    from support.project_server import Server, _stop, _wait_until_ready, free_port

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(SCAFFOLD), "serve", "--host", "0.0.0.0", "--port", str(port), "--no-open"]
            + ["--allowed-host", "scaffold.example", "--allowed-host", "other.example"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        server = Server("127.0.0.1", port, log)
        assert _wait_until_ready(proc, server, "/api/questions", 30), log.read_text()
        assert server.get("/api/questions", headers={"host": f"scaffold.example:{port}"}).status == 200
        assert server.get("/api/questions", headers={"host": "other.example"}).status == 200
        assert server.get("/api/questions", headers={"host": "attacker.example"}).status == 421
        page_elsewhere = {"host": "scaffold.example", "origin": "http://attacker.example"}
        cross = server.request("POST", "/starter.zip", headers=page_elsewhere, body=b"{}")
        assert cross.status == 403 and cross.json()["key"] is None
    finally:
        _stop(proc)
    assert "Warning: listening on 0.0.0.0" in log.read_text()


SERVERS = {
    # uvicorn's own supervisor, the factory, the timed protocol.
    "uvicorn": [
        *("-m", "uvicorn", "--factory", "scaffold.serve.app:create_app", "--workers", "2", "--host", "127.0.0.1"),
        *("--port", "{port}", "--http", "scaffold.serve.protocol:TimedH11Protocol", "--timeout-keep-alive", "2"),
        *("--no-server-header", "--no-access-log"),
    ],
    # gunicorn with scaffold's uvicorn worker (the timed protocol on gunicorn's --keep-alive).
    "gunicorn": [
        *("-m", "gunicorn", "-w", "2", "-k", "scaffold.serve.worker.ScaffoldWorker", "--keep-alive", "2"),
        *("-b", "127.0.0.1:{port}", "scaffold.serve.app:create_app()"),
    ],
}


@pytest.mark.parametrize("name", list(SERVERS))
def test_the_factory_runs_with_two_stateless_workers(tmp_path, name):
    # The deployments the README shows: two worker processes, the factory reading its host
    # names from the environment, idle connections let go.
    import importlib.util
    import signal

    if name == "gunicorn" and not (importlib.util.find_spec("gunicorn") and importlib.util.find_spec("uvicorn_worker")):
        pytest.skip("gunicorn and uvicorn-worker are not installed: pip install gunicorn uvicorn-worker")

    from support.generated import clean_env
    from support.project_server import Server, _stop, _wait_until_ready, free_port

    port = free_port()
    log = tmp_path / f"{name}.log"
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = clean_env({"SCAFFOLD_ALLOWED_HOSTS": "scaffold.example", "TMPDIR": str(tmp), "HOME": str(tmp_path)})
    command = [sys.executable, *(part.format(port=port) for part in SERVERS[name])]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        server = Server("127.0.0.1", port, log, {"host": "scaffold.example"})
        assert _wait_until_ready(proc, server, "/api/questions", 60), log.read_text()
        workers = _children(proc.pid)
        assert len(workers) >= 2, (workers, log.read_text())

        def download(number: int) -> tuple[int, bytes]:
            response = server.request("GET", f"/starter.zip?project_name=Worker%20{number}", timeout=120)
            return response.status, response.body

        with ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(download, range(12)))
        for number, (status, body) in enumerate(results):
            assert status == 200
            names = zipfile.ZipFile(BytesIO(body)).namelist()
            assert f"worker_{number}/.scaffold.yml" in names
        assert server.get("/api/questions", headers={"host": "attacker.example"}).status == 421
        assert server.get("/api/questions", headers={"host": "localhost"}).status == 200
        # The timed protocol: an idle connection is let go after the keep-alive timeout (2 s).
        assert _closed_after(port, [], gap=0.5, limit=10) < 5
        # SIGTERM, what a service manager sends (gunicorn 27 with uvicorn-worker 0.4 ignores SIGINT).
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, log.read_text()
    finally:
        _stop(proc)
    text = log.read_text()
    assert "Traceback" not in text and "ERROR" not in text, text
    # Stateless: nothing a request made is left in TMPDIR (scaffold's cache folder aside).
    from scaffold._tmpcache import cache_folder

    cache = cache_folder().name
    assert [path.name for path in tmp.iterdir() if path.name != cache] == []


def _children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found
