"""Search, as a reader uses it: type in the theme's search box, read the result list."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Served

SEARCHES = [
    ("salmon", "fisheries-talks"),
    ("Tomas Okafor", "river-commission"),
    ("interconnector", "grid-interconnector"),
]


def search(page: Any, site: Served, query: str) -> list[str]:
    """Type `query` into the search box of the home page; the paths of the results listed."""
    page.goto(site.url)
    box = page.locator("input.md-search__input")
    box.click()
    # Typed key by key: the theme searches on key events, in a web worker.
    box.press_sequentially(query, delay=15)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.pathname)")
    return [str(h) for h in hrefs]


@pytest.mark.parametrize(("query", "brief"), SEARCHES)
def test_search_lists_the_brief(page: Any, site: Served, query: str, brief: str) -> None:
    found = search(page, site, query)
    assert f"/briefs/{brief}/" in found, f"{query!r} found {found}"


def test_search_for_nonsense_lists_nothing(page: Any, site: Served) -> None:
    page.goto(site.url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("qqxxzzyy", delay=15)
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(timeout=15_000)
    page.wait_for_function(
        "() => /no matching/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=15_000,
    )
    assert page.locator(".md-search-result__item").count() == 0


def test_a_hit_shows_the_brief_s_words_not_its_metadata_nor_an_aggregate_page(
    page: Any, site: Served
) -> None:
    found = search(page, site, "salmon")
    # The brief, or the area page whose own description names the word, comes first; the
    # timeline and the sources are found at their entries, the briefing book not at all.
    assert "/briefs/fisheries-talks/" in found[:3], found
    assert "/book/" not in found and "/timeline/" not in found, found  # the latest events: not indexed
    snippets = page.locator(".md-search-result__item").all_inner_texts()
    assert snippets and not any("Data cut-off" in s or "Owners" in s for s in snippets), snippets


def test_an_actor_s_name_lands_on_that_actor(page: Any, site: Served) -> None:
    search(page, site, "Tomas Okafor")
    links = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.hash)")
    assert any(str(h).startswith("#actor-") for h in links), links


def test_the_search_index_loads_when_search_is_first_used(page: Any, site: Served) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "search_index" in r.url else None)
    page.goto(site.url)
    page.wait_for_load_state("networkidle")
    assert requested == [], "the index is not downloaded by a reader who does not search"
    found = search(page, site, "salmon")
    assert "/briefs/fisheries-talks/" in found
    assert len(requested) == 1 and requested[0].endswith("search/search_index.json")
