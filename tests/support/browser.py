"""Drive Debian's headless Chromium from Playwright, and keep what a person would see.

Never a browser downloaded by a test tool: Playwright's Python package is
only the driver, pointed at `/usr/bin/chromium` (apt packages `chromium`,
`chromium-driver`). Chromium runs as root here, hence `--no-sandbox`.

`chromium()` yields a `Browser` whose pages record console errors, uncaught
page errors and failed requests (a Content Security Policy violation is a
console error), and which saves a screenshot of each page it is asked to.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .generated import in_ci

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

CHROMIUM = Path(os.environ.get("SCAFFOLD_TEST_CHROMIUM", "/usr/bin/chromium"))

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def require_chromium() -> Path:
    """Chromium's path; skips the test where it is missing, except on CI where that fails."""
    import pytest

    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"no Chromium at {CHROMIUM}: apt-get install chromium chromium-driver"
    if in_ci():
        pytest.fail(message)
    raise pytest.skip.Exception(message, allow_module_level=False)


REPO_ROOT = Path(__file__).resolve().parents[2]
#: Lighthouse from npm, pinned, in the repository's git-ignored `.lighthouse/` (.ci/run installs it).
LIGHTHOUSE = Path(
    os.environ.get("SCAFFOLD_LIGHTHOUSE", REPO_ROOT / ".lighthouse" / "node_modules" / ".bin" / "lighthouse")
)


def require_lighthouse() -> Path:
    """Lighthouse's path; skips the test where it is missing, except on CI where that fails."""
    import pytest

    if LIGHTHOUSE.is_file():
        return LIGHTHOUSE
    message = f"no Lighthouse at {LIGHTHOUSE}: .ci/run installs it (npm, pinned, into .lighthouse/)"
    if in_ci():
        pytest.fail(message)
    raise pytest.skip.Exception(message, allow_module_level=False)


def lighthouse(url: str, categories: list[str], tmp_path: Path) -> tuple[dict[str, float], list[str]]:
    """Lighthouse's scores of `url` on Debian's Chromium, and the audits that cost points."""
    report = tmp_path / "lighthouse.json"
    subprocess.run(  # noqa: S603 - our own command line
        [
            str(require_lighthouse()),
            url,
            f"--only-categories={','.join(categories)}",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": str(require_chromium()), "HOME": str(tmp_path)},
        check=True,
        timeout=300,
    )
    data = json.loads(report.read_text("utf-8"))
    failing = [
        f"{category['id']}: {ref['id']}: {data['audits'][ref['id']]['title']}"
        for category in data["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0 and (data["audits"][ref["id"]]["score"] or 0) < 1
    ]
    scores = {name: category["score"] for name, category in data["categories"].items()}
    return scores, failing


@dataclass
class Browser:
    """A browser session: its context, the problems its pages reported, its screenshots."""

    context: BrowserContext
    screenshot_dir: Path
    problems: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)

    def new_page(self) -> Page:
        """A page whose console errors, page errors and failed requests are recorded."""
        page = self.context.new_page()
        page.set_default_timeout(15_000)
        page.set_default_navigation_timeout(20_000)
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("requestfailed", self._on_request_failed)
        return page

    def screenshot(self, page: Page, name: str) -> Path:
        """Save a full-page screenshot as NAME.png and print where it is."""
        path = self.screenshot_dir / f"{len(self.screenshots) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.screenshots.append(path)
        print(f"screenshot: {path}")  # noqa: T201 - the path is the point
        return path

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            self.problems.append(f"console {message.type}: {message.text} ({message.location.get('url', '')})")

    def _on_request_failed(self, request: Request) -> None:
        # A navigation the page itself aborts (a form post, then a redirect) is no failure.
        failure = request.failure or ""
        if "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed: {request.method} {request.url}: {failure}")


@contextlib.contextmanager
def chromium(tmp_path: Path) -> Iterator[Browser]:
    """Headless Chromium with a fresh profile under `tmp_path`; closed after the block."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    profile = tmp_path / "chromium-profile"
    shots = tmp_path / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(executable),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            timeout=60_000,
        )
        try:
            yield Browser(context, shots)
        finally:
            context.close()
