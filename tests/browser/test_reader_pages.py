"""Search reaches records, and the page-not-found page searches: as a reader uses them."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Served
from tests.browser.test_search import search


def test_a_publisher_s_name_reaches_its_entry_on_the_source_list(page: Any, site: Served) -> None:
    search(page, site, "Basin Wire")
    link = page.locator(".md-search-result__link[href*='sources/'][href*='#publisher-basin-wire-']").first
    link.wait_for(timeout=15_000)
    link.click()
    page.wait_for_url("**/sources/**#publisher-basin-wire-*")
    heading = page.locator(":target")
    assert heading.inner_text() == "Basin Wire"
    assert heading.is_visible()


def test_a_word_of_an_event_reaches_that_event_on_its_year_s_timeline(page: Any, site: Served) -> None:
    search(page, site, "flood-warning")
    entry = "timeline/2026/?h=flood+warning#title-2026-06-18-flood-warning-link-goes-live"
    page.locator(f".md-search-result__link[href$='{entry}']").first.wait_for(timeout=15_000)
    snippets = page.locator(".md-search-result__item").all_inner_texts()
    assert not any("ChannelStatus" in s or "Last metNote" in s for s in snippets), snippets


def test_the_page_not_found_searches_the_site(page: Any, site: Served) -> None:
    # The page's links start from the site's path, /briefings-test/: served here at the root.
    prefix = "/briefings-test/"
    page.route(f"**{prefix}**", lambda route: route.continue_(url=route.request.url.replace(prefix, "/", 1)))
    page.goto(site.url + "404.html")
    box = page.locator("#not-found-q")
    box.fill("salmon")
    page.locator(".not-found__search button").click()
    page.wait_for_url(f"**{prefix}?q=salmon")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert page.locator("input.md-search__input").input_value() == "salmon"
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.pathname)")
    assert any("/briefs/fisheries-talks/" in h for h in hrefs), hrefs
