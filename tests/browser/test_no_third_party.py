"""No request leaves the site's own host: no web fonts, no repository API, nothing a reader's IP goes to.

Each engine builds the sample site (whose `repo_url` is a GitHub repository,
which is what makes Material's header widget call api.github.com); Chromium
loads its home page and a brief page from 127.0.0.1 and every request the
pages make is recorded. Requests to other hosts are aborted, never sent, and
the test fails on any of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator import cli
from generator.publish.engines import ENGINE_NAMES
from tests.browser.conftest import DESKTOP, Served, serve
from tests.conftest import TODAY, copy_project


@pytest.fixture(scope="module", params=ENGINE_NAMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    engine = str(request.param)
    project = copy_project(tmp_path_factory.mktemp(f"third-party-{engine}") / "project")
    args = ["--project", str(project.root), "--today", TODAY.isoformat(), "build", "--engine", engine]
    code = cli.main(args)
    assert code == 0, f"{engine} build failed"
    yield from serve(project)


def record_requests(browser: Any, url: str) -> list[str]:
    """Every request the page at `url` makes until the network is idle; foreign ones are aborted."""
    own = _host(url)
    context = browser.new_context(viewport=DESKTOP)
    context.route("**/*", lambda r: r.continue_() if _host(r.request.url) == own else r.abort())
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(500)  # the theme's scripts fetch after load; give them the time they take
    finally:
        context.close()
    return requests


def _host(url: str) -> str:
    return urlsplit(url).netloc


def third_party(requests: list[str], site_url: str) -> list[str]:
    """The requests whose host is not the site's (data: and blob: URLs are the page's own)."""
    own = urlsplit(site_url).netloc
    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]


def brief_page(site: Served) -> str:
    pages = [p for p in site.pages if p.startswith("briefs/") and p.count("/") == 2]
    assert pages, "the sample site has no brief page"
    return pages[0]


@pytest.mark.parametrize("which", ["home", "brief"])
def test_pages_request_nothing_from_another_host(browser: Any, built: Served, which: str) -> None:
    url = built.url if which == "home" else built.page_url(brief_page(built))
    requests = record_requests(browser, url)
    assert any(u.endswith(".css") for u in requests), "the recorder saw none of the page's own requests"
    assert third_party(requests, built.url) == []


def test_the_recorder_catches_a_request_to_another_host(browser: Any, built: Served) -> None:
    """A page with a web font and an API call, served from the same host: both are caught."""
    probe = built.project.site / "probe.html"
    probe.write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        "<script>fetch('https://api.github.com/repos/o/r').catch(() => {})</script>",
        encoding="utf-8",
    )
    try:
        found = third_party(record_requests(browser, built.url + "probe.html"), built.url)
    finally:
        probe.unlink()
    assert {urlsplit(u).netloc for u in found} == {"fonts.googleapis.com", "api.github.com"}
