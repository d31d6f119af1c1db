"""The `hreflang` links and the theme's script in a browser, on a site in three languages with
instant navigation on: served locally (its absolute alternates name the published host) and
in the preview, no page logs an error or asks anything of another host, and the switcher
leads to the same page in the other language, also after an instant move within a language.

The theme's script asks for `sitemap.xml` beside every alternate link; beside a page's
`hreflang` links there is none (main.html keeps those requests from being sent).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.project import Project
from tests.browser.conftest import ARTIFACTS, PHONE, Served, _QuietHandler, build, serve
from tests.conftest import TODAY, copy_project, declare_languages
from tests.test_preview import START_TIMEOUT, Preview, fetch, wait_for

BRIEF = "briefs/river-commission/"
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": PHONE}
LANGUAGES = {"en": "", "fr": "fr/", "zh": "zh/"}
"""Each language and its folder under the site's root."""


def _project(root: Path) -> Project:
    """The sample in English, French and Chinese (scaffolded), with instant navigation on."""
    project = copy_project(root)
    declare_languages(project, "en", "fr", "zh")
    text = project.config_file.read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^(  features:\n)", r"\1    - navigation.instant\n", text)
    assert found == 1
    project.config_file.write_text(text, encoding="utf-8")
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "translate", "zh"]) == 0
    return project


@pytest.fixture(scope="module")
def instant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Published elsewhere (`site_url` names another host), served here: a preview or a copy."""
    yield from serve(build(_project(tmp_path_factory.mktemp("hreflang") / "site")))


@pytest.fixture(scope="module")
def at_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Served at its own `site_url`, as once published: the theme's instant navigation reads
    the sitemap's addresses as this host's, and the `hreflang` links name this host."""
    project = _project(tmp_path_factory.mktemp("hreflang-home") / "site")
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    text = project.config_file.read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^site_url: .*$", f"site_url: {url}", text)
    assert found == 1
    project.config_file.write_text(text, encoding="utf-8")
    build(project)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(project, url)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Watched:
    """A page and what it did: every request it made, every error it logged."""

    page: Any
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.origin, "data:"))]


def watch(browser: Any, origin: str, size: str = "desktop") -> tuple[Any, Watched]:
    """A page that records its requests and console errors; any other host is not reached."""
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
    watched = Watched(context.new_page(), origin)
    watched.page.on("request", lambda r: watched.requests.append(r.url))
    watched.page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    watched.page.on("pageerror", lambda e: watched.errors.append(str(e)))
    return context, watched


def settle(watched: Watched) -> None:
    """Let the theme's script finish what it asks for after the page loaded (the preview's
    reload script keeps a request open: the network is never idle there)."""
    watched.page.wait_for_load_state("load")
    watched.page.wait_for_timeout(800)


def open_switcher(page: Any) -> None:
    page.locator(".md-header__option .md-select button").click()
    page.locator(".md-select__inner").wait_for(state="visible")


def choose(page: Any, language: str) -> None:
    open_switcher(page)
    with page.expect_navigation(wait_until="load"):
        page.locator(f'a.md-select__link[hreflang="{language}"]').click()


def clean(watched: Watched, where: str) -> None:
    settle(watched)
    assert watched.errors == [], (where, watched.errors)
    assert watched.elsewhere() == [], (where, watched.elsewhere())
    sitemaps = [u for u in watched.requests if u.endswith("sitemap.xml")]
    assert all(re.fullmatch(r".*/(fr/|zh/)?sitemap\.xml", u) for u in sitemaps), sitemaps  # a root's


@pytest.mark.parametrize("where", ["instant", "at_home"])
@pytest.mark.parametrize(("language", "other"), [("en", "zh"), ("zh", "en"), ("fr", "en")])
def test_a_brief_page_served_locally_logs_nothing_asks_no_other_host_and_switches(
    browser: Any, request: pytest.FixtureRequest, where: str, language: str, other: str
) -> None:
    instant = request.getfixturevalue(where)
    context, watched = watch(browser, instant.url)
    try:
        watched.page.goto(instant.url + LANGUAGES[language] + BRIEF, wait_until="load")
        published = watched.page.locator('head link[rel="alternate"][hreflang]').evaluate_all(
            "links => links.map(l => [l.hreflang, l.getAttribute('href')])"
        )
        assert [lang for lang, _ in published] == [*LANGUAGES, "x-default"]
        assert all(href.startswith(("https://", instant.url)) for _, href in published)  # absolute
        clean(watched, language)
        choose(watched.page, other)
        assert watched.page.url == instant.url + LANGUAGES[other] + BRIEF
        assert watched.page.locator("html").get_attribute("lang") == other
        clean(watched, f"{language} -> {other}")
    finally:
        context.close()


@pytest.mark.parametrize("start", ["", BRIEF], ids=["home", "brief"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_after_an_instant_move_the_switcher_leads_to_the_page_now_shown(
    browser: Any, at_home: Served, language: str, start: str
) -> None:
    """From a language's home page too, whose `hreflang` links are the languages' roots: the
    theme's navigation still reads its own sitemap (an instant move happens)."""
    instant = at_home
    context, watched = watch(browser, instant.url)
    page = watched.page
    try:
        page.goto(instant.url + LANGUAGES[language] + start, wait_until="load")
        clean(watched, f"{language} {start or 'home'}")
        page.evaluate("window.__sameDocument = true")
        page.locator(".md-tabs a[href$='timeline/']").first.click()
        page.wait_for_url(instant.url + LANGUAGES[language] + "timeline/")
        settle(watched)
        assert page.evaluate("window.__sameDocument === true")  # moved without a page load
        other = "fr" if language == "en" else "en"
        choose(page, other)
        assert page.url == instant.url + LANGUAGES[other] + "timeline/"
        clean(watched, f"{language} instant -> {other}")
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_switcher_open_on_a_brief(browser: Any, instant: Served, language: str, size: str) -> None:
    context, watched = watch(browser, instant.url, size)
    try:
        watched.page.goto(instant.url + LANGUAGES[language] + BRIEF, wait_until="load")
        settle(watched)
        open_switcher(watched.page)
        links = watched.page.locator("a.md-select__link")
        assert links.evaluate_all("links => links.map(l => l.getAttribute('hreflang'))") == list(LANGUAGES)
        for link in links.all():
            assert link.is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        watched.page.screenshot(path=str(ARTIFACTS / f"switcher-{language}-{size}.png"))
    finally:
        context.close()


def test_the_preview_logs_nothing_asks_no_other_host_and_switches(browser: Any, tmp_path: Path) -> None:
    project = _project(tmp_path / "site")
    server = Preview(project, tmp_path / "serve.log")
    root = server.url + "briefings-test/"
    try:
        shown = lambda: "river commission" in (fetch(root + BRIEF) or "")  # noqa: E731
        wait_for(shown, START_TIMEOUT, "no page", server.log)
        context, watched = watch(browser, server.url)
        try:
            watched.page.goto(root + "zh/" + BRIEF, wait_until="load")
            clean(watched, "preview zh")
            choose(watched.page, "en")
            assert watched.page.url == root + BRIEF
            clean(watched, "preview zh -> en")
        finally:
            context.close()
    finally:
        server.stop()
