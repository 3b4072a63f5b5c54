"""The `scaffold serve` page in Debian's Chromium, driven by Playwright, as a person would use it.

One journey: answer questions and watch the verdict change, see a bad value
refused inline, override the framework, explore a file, download the zip
and compare it with `scaffold new --no-input`, then open the share link and
find the same form and verdict. Lighthouse then scores the page.

The screenshots in the README are made here: set SCAFFOLD_UPDATE_SCREENSHOTS=1
to copy them to docs/ (otherwise they stay in the test's temp folder).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from support.browser import CHROMIUM, chromium, require_chromium
from support.generated import REPO_ROOT, in_ci
from support.scaffold_serve import SCAFFOLD, require_serve_extra, scaffold_serve
from support.starter_compare import assert_same_project, folder_tree, zip_tree

require_serve_extra()

pytestmark = pytest.mark.slow

LIGHTHOUSE = Path(os.environ.get("SCAFFOLD_LIGHTHOUSE", REPO_ROOT / ".lighthouse/node_modules/.bin/lighthouse"))
# axe-core, the accessibility engine Lighthouse runs, comes with it: used on states Lighthouse never sees.
AXE = LIGHTHOUSE.resolve().parents[2] / "axe-core" / "axe.min.js" if LIGHTHOUSE.exists() else Path("/nonexistent")


def require_lighthouse() -> None:
    if not LIGHTHOUSE.is_file() or not AXE.is_file():
        message = f"no Lighthouse at {LIGHTHOUSE}: .ci/run installs it (npm, pinned, local prefix)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with scaffold_serve(tmp_path_factory.mktemp("serve")) as running:
        yield running


def ready(page, url):
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def settled(page):
    """Wait until the page has shown the server's answer to its latest change."""
    page.wait_for_selector("#verdict[aria-busy=false]", state="attached")


def form_values(page) -> dict[str, object]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#fields [data-key]')].map((field) => {
            const inputs = [...field.querySelectorAll('input, select')];
            const value = inputs.length > 1 ? inputs.filter((i) => i.checked).map((i) => i.value)
                : inputs[0].type === 'checkbox' ? inputs[0].checked : inputs[0].value;
            return [field.dataset.key, {value, hidden: field.hidden}];
        }))"""
    )


def test_the_page_from_questions_to_zip_and_share_link(served, tmp_path):
    base = served.server.base_url
    with chromium(tmp_path) as browser:
        page = browser.new_page()
        ready(page, f"{base}/")
        assert page.inner_text("#verdict-headline").startswith("Django fits best")
        assert page.is_visible("#field-time_to_market")
        # Whose data it is, asked right after the kind; the verdict shows the alternatives too.
        assert page.is_visible("#field-data_source")
        assert page.input_value("#q-data_source") == "own_database"
        assert "Or: If the application stayed small" in page.inner_text("#verdict-body .alternatives")
        labels = page.eval_on_selector_all("#fields [data-key]", "fields => fields.map((f) => f.dataset.key)")
        schema = json.loads(subprocess.run([str(SCAFFOLD), "questions", "--json"], capture_output=True).stdout)
        assert labels == [question["key"] for question in schema["questions"]]

        # Answer with the keyboard: the verdict follows, the moot question goes away.
        page.focus("#q-kind")
        page.select_option("#q-kind", "microservice")
        page.keyboard.press("Tab")
        settled(page)
        assert not page.is_visible("#field-time_to_market")
        page.check("#q-existing_stack")
        page.check("#q-features-api")
        settled(page)
        assert page.inner_text("#verdict-headline").startswith("Flask fits best")
        assert "T8" in page.inner_text("#verdict-body")
        assert "What would change it" in page.inner_text("#verdict-body")

        # A bad value is refused beside its field, and the download waits for a fix.
        page.fill("#q-project_name", "../escape")
        settled(page)
        assert "looks like a path" in page.inner_text("#error-project_name")
        assert page.get_attribute("#q-project_name", "aria-invalid") == "true"
        assert page.get_attribute("#download", "aria-disabled") == "true"
        page.fill("#q-project_name", "Edge Service")
        settled(page)
        assert page.inner_text("#error-project_name") == ""
        assert page.input_value("#q-project_slug") == "edge_service"

        # Overriding the framework shows what the starter adds against strong reasons.
        page.select_option("#q-framework", "django")
        settled(page)
        assert page.inner_text("#override").startswith("You chose Django over the recommended Flask.")
        shots = {"serve.png": tmp_path / "serve.png", "serve-explore.png": tmp_path / "serve-explore.png"}
        page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
        page.set_viewport_size({"width": 1280, "height": 1400})  # the form's top, the verdict and the note
        page.screenshot(path=shots["serve.png"])
        page.set_viewport_size({"width": 1280, "height": 900})

        # Explore: the tree and one file's text, before any download (Ctrl+Space opens it).
        page.focus("#q-framework")
        page.keyboard.press("Control+Space")
        page.wait_for_selector("#tree button[data-path='edge_service/README.md']")
        page.click("#tree button[data-path='edge_service/README.md']")
        assert page.inner_text("#file-text").startswith("# Edge Service")
        assert "edge_service/README.md" in page.inner_text("#file-title")
        page.locator("#explorer").scroll_into_view_if_needed()
        page.screenshot(path=shots["serve-explore.png"])
        browser.screenshot(page, "serve-full")

        # Download: the zip is what scaffold new --no-input writes for the same answers.
        with page.expect_download() as download_info:
            page.click("#download")
        zipped = tmp_path / "download.zip"
        download_info.value.save_as(zipped)
        query = urlsplit(page.url).query
        sets = [arg for key, value in parse_qsl(query) for arg in ("--set", f"{key}={value}")]
        out = tmp_path / "cli"
        subprocess.run([str(SCAFFOLD), "new", "--no-input", "-o", str(out), *sets], check=True, capture_output=True)
        assert_same_project(zip_tree(zipped.read_bytes()), folder_tree(out / "edge_service"), "edge_service")

        # Share: the link restores the same form and the same verdict in a fresh page.
        share = page.input_value("#share-link")
        assert share == page.url
        assert "kind=microservice" in share and "existing_stack=true" in share and "features=api" in share
        values, verdict = form_values(page), page.inner_text("#verdict")
        other = browser.new_page()
        ready(other, share)
        assert form_values(other) == values
        assert other.inner_text("#verdict") == verdict
        assert browser.problems == []

    if os.environ.get("SCAFFOLD_UPDATE_SCREENSHOTS"):
        for name, shot in shots.items():
            shutil.copyfile(shot, REPO_ROOT / "docs" / name)


def test_lighthouse_scores_accessibility_and_best_practices_100(served, tmp_path):
    require_chromium()
    require_lighthouse()
    report = tmp_path / "lighthouse.json"
    for url in (f"{served.server.base_url}/", f"{served.server.base_url}/?kind=api&features=auth&framework=django"):
        subprocess.run(
            [
                str(LIGHTHOUSE), url,
                "--only-categories=accessibility,best-practices",
                "--output=json", f"--output-path={report}", "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM), "HOME": str(tmp_path)},
            check=True,
            timeout=300,
        )  # fmt: skip
        data = json.loads(report.read_text("utf-8"))
        failing = [
            f"{ref['id']}: {data['audits'][ref['id']]['title']}"
            for category in data["categories"].values()
            for ref in category["auditRefs"]
            if ref["weight"] > 0 and (data["audits"][ref["id"]]["score"] or 0) < 1
        ]
        scores = {name: category["score"] for name, category in data["categories"].items()}
        assert scores == {"accessibility": 1, "best-practices": 1}, failing


def test_axe_finds_nothing_in_the_states_lighthouse_does_not_load(served, tmp_path):
    """An invalid answer shown inline, an override note, the explorer open on a file: WCAG A and AA."""
    require_lighthouse()
    with chromium(tmp_path) as browser:
        page = browser.new_page()
        ready(page, f"{served.server.base_url}/?kind=microservice&existing_stack=true&framework=django")
        page.fill("#q-author_name", "Ada")
        settled(page)
        page.fill("#q-author_email", "not-an-address")
        settled(page)
        assert page.inner_text("#error-author_email")
        page.fill("#q-author_email", "ada@example.com")
        settled(page)
        page.click("#explore")
        page.click("#tree button[data-path='my_project/pyproject.toml']")
        page.fill("#q-author_email", "still-not-an-address")
        settled(page)
        # Evaluated through DevTools, which the page's CSP does not govern: the page itself loads no such script.
        page.evaluate(AXE.read_text("utf-8") + "\n;0")
        result = page.evaluate(
            "async () => { const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',"
            " 'wcag21aa', 'best-practice']}); return {passes: r.passes.length,"
            " violations: r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)}; }"
        )
        assert result["violations"] == []
        assert result["passes"] > 10, "axe checked next to nothing"
        # And it would see a problem: an input without its label.
        page.evaluate("document.querySelector('label[for=q-author_name]').remove()")
        again = page.evaluate("async () => (await axe.run(document)).violations.map((v) => v.id)")
        assert "label" in again


def test_every_control_is_reached_with_tab_and_the_zip_comes_with_enter(served, tmp_path):
    with chromium(tmp_path) as browser:
        page = browser.new_page()
        ready(page, f"{served.server.base_url}/?kind=api")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to the questions"
        reached = []
        for _ in range(60):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.id"))
            if reached[-1] == "copy-link":
                break
        for control in ("q-project_name", "q-kind", "q-existing_stack", "q-features-admin", "q-framework"):
            assert control in reached
        assert "q-time_to_market" not in reached, "a moot question is out of the tab order"
        assert reached[-3:] == ["explore", "share-link", "copy-link"]
        while page.evaluate("document.activeElement.id") != "download":
            page.keyboard.press("Shift+Tab")
        with page.expect_download() as download_info:
            page.keyboard.press("Enter")
        assert download_info.value.suggested_filename == "my_project.zip"
        assert browser.problems == []
