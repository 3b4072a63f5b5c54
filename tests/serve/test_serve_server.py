"""`scaffold serve` started as a user starts it, over real HTTP: load, hostile input, both starters.

Slow tier: every test renders projects through a real uvicorn, and compares
them with what `scaffold new --no-input` writes in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
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
