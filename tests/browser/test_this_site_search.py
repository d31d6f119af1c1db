"""Search on this repository's own site (its content, mkdocs.yml and docs/), as a reader uses
it; and every page of it, in each language it publishes, on a phone.

Like `tests/test_this_site.py`, the one place the flagship's words are tested: the
generator's own tests use fixture sites.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from generator import cli
from tests.browser.conftest import PHONE, Served, serve
from tests.browser.test_layout import sized_page
from tests.browser.test_search import search
from tests.conftest import ROOT, Project

QUERIES = ["fentanyl", "Zhang Youxia", "tariffs"]


def briefs_text() -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "content" / "briefs").glob("*.yaml"))


@pytest.fixture(scope="module")
def this_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not any(q in briefs_text() for q in QUERIES):  # another site in this repository's place
        pytest.skip("none of the queries is a word of this site's briefs")
    root = tmp_path_factory.mktemp("this-site") / "project"
    root.mkdir()
    for name in ("content", "docs", "site_templates"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, root / name)
    # The real date, as the site's CI builds it (its content is dated up to today).
    assert cli.main(["--project", str(root), "--today", dt.date.today().isoformat(), "build"]) == 0
    yield from serve(Project(root))


@pytest.mark.parametrize("query", QUERIES)
def test_this_site_s_search_lands_on_briefs_with_clean_snippets(
    page: Any, this_site: Served, query: str
) -> None:
    if query not in briefs_text():  # another site in this repository's place
        pytest.skip(f"{query!r} is not a word of this site's briefs")
    found = search(page, this_site, query)
    # A brief, or for a person the actor's own entry (a hit lands on the entry).
    assert found and found[0].startswith(("/briefs/", "/actors/")), found
    assert any(p.startswith("/briefs/") for p in found[:5]), found
    # The timeline and sources are found at their entries, never the latest events nor the book.
    assert not any(p in ("/timeline/", "/book/") for p in found), found
    snippets = page.locator(".md-search-result__item").all_inner_texts()
    assert not any("Data cut-off" in s or "Owners" in s for s in snippets), snippets[:3]


def test_a_publisher_reaches_its_entry_on_the_sources_page(page: Any, this_site: Served) -> None:
    sources = (ROOT / "content" / "sources.yaml").read_text(encoding="utf-8")
    if "publisher: Xinhua" not in sources:  # another site in this repository's place
        pytest.skip("Xinhua is not a publisher of this site")
    search(page, this_site, "Xinhua")
    link = page.locator(".md-search-result__link[href*='sources/'][href*='#publisher-']").first
    link.wait_for(timeout=15_000)
    link.click()
    page.wait_for_url("**/sources/**#publisher-*")
    assert "Xinhua" in page.locator(":target").inner_text()


def test_no_page_in_any_language_scrolls_sideways_on_a_phone(browser: Any, this_site: Served) -> None:
    context, page = sized_page(browser, PHONE)
    wide = {}
    try:
        for rel in this_site.pages:
            if rel.endswith("404.html"):
                continue
            page.goto(this_site.page_url(rel))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[rel] = width
    finally:
        context.close()
    assert len(this_site.pages) > 60  # the English pages and the Chinese ones
    assert wide == {}
