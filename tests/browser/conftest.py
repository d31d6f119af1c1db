"""A real browser on the built site: Debian's Chromium driven by Playwright, the site on a local port.

The browser tests skip, saying why, where Chromium or Playwright is missing;
CI installs both (`.ci/run`), so there they run.  Requests that leave
127.0.0.1 (the theme's web fonts) are blocked, so no test touches the network.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.project import Project
from tests.conftest import ROOT, TODAY, copy_project
from tests.injection import content_source

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _chromium() -> Path:
    found = shutil.which("chromium")
    return Path(found) if found else CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = _chromium()
    if not executable.exists():
        pytest.skip(f"Chromium is not installed at {executable} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


@dataclass
class Served:
    """A built project and the address its site is served at."""

    project: Project
    url: str
    pages: list[str] = field(default_factory=list)
    """Every HTML page, as a path relative to the site root."""

    def page_url(self, rel: str) -> str:
        """The address of a site file, e.g. `briefs/x/index.html` -> `http://.../briefs/x/`."""
        return self.url + rel.removesuffix("index.html")


def serve(project: Project) -> Iterator[Served]:
    """Serve `project.site` on a free 127.0.0.1 port in a thread, until the generator is closed."""
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pages = sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*.html"))
    try:
        yield Served(project, f"http://127.0.0.1:{server.server_address[1]}/", pages)
    finally:
        server.shutdown()
        server.server_close()


def build(project: Project) -> Project:
    """`briefings build` on a project copy."""
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"]) == 0
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The real content (or the minimal fixture when there is none yet), built and served."""
    project = build(copy_project(tmp_path_factory.mktemp("browser") / "project", content_source()))
    yield from serve(project)


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert, confirm or prompt a page opened (each dismissed)."""
    return []


@pytest.fixture
def page(browser: Any, dialogs: list[str]) -> Iterator[Any]:
    """A fresh desktop-sized page that cannot reach beyond 127.0.0.1 and records dialogs."""
    context = browser.new_context(viewport=DESKTOP)
    context.route("**/*", _local_only)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _local_only(route: Any) -> None:
    if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()
