"""Pagefind search, as a reader uses it: the header's search box on a site built with `search: pagefind`.

Also a site that declares Chinese (`theme.language: zh`): Pagefind's extended build
splits its words, so a word inside a sentence is found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PHONE, Served, build, serve
from tests.conftest import copy_project, declare_languages
from tests.test_search import set_search

CHINESE_WORD = "渔业"
CHINESE_SUMMARY = "两国同意恢复渔业谈判并共享河口的监测数据。"


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = copy_project(tmp_path_factory.mktemp("pagefind") / "project")
    set_search(project, "pagefind")
    yield from serve(build(project))


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = copy_project(tmp_path_factory.mktemp("pagefind-zh") / "project")
    set_search(project, "pagefind")
    config = project.config_file.read_text()
    assert "  language: en\n" in config
    project.config_file.write_text(config.replace("  language: en\n", "  language: zh\n"))
    declare_languages(project, "zh", "fr")  # the content is now the source the sample's French translates
    brief = project.content / "briefs" / "fisheries-talks.yaml"
    text = brief.read_text()
    brief.write_text(text.replace("summary: |\n", f"summary: |\n  {CHINESE_SUMMARY}\n", 1))
    yield from serve(build(project))


def search(page: Any, site: Served, query: str, open_with_button: bool = False) -> list[str]:
    """Type `query` into the header's search box; the paths of the results listed."""
    page.goto(site.url)
    box = page.locator("input.md-search__input")
    if open_with_button:  # on a phone the box hides behind the header's magnifier
        page.locator("label.md-header__button[for=__search]").last.click()
    else:
        box.click()
    box.press_sequentially(query, delay=15)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__list').dataset.query === q",
        arg=query,
        timeout=15_000,
    )
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.pathname)")
    return [str(h) for h in hrefs]


@pytest.mark.parametrize(
    ("query", "brief"),
    [
        ("salmon", "fisheries-talks"),
        ("Tomas Okafor", "river-commission"),
        ("interconnector", "grid-interconnector"),
    ],
)
def test_pagefind_finds_the_words_and_links_to_the_brief(
    page: Any, pagefind_site: Served, query: str, brief: str
) -> None:
    found = search(page, pagefind_site, query)
    assert f"/briefs/{brief}/" in found, f"{query!r} found {found}"
    page.locator(f'.md-search-result__link[href$="/briefs/{brief}/"]').click()
    page.wait_for_url(f"**/briefs/{brief}/")
    assert page.locator("h1").first.is_visible()


def test_the_result_shows_the_page_title_and_the_word_marked(page: Any, pagefind_site: Served) -> None:
    search(page, pagefind_site, "salmon")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").text_content() == "Estuary fisheries talks"
    assert first.locator("mark").first.text_content().lower() == "salmon"
    assert "matching" in page.locator(".md-search-result__meta").text_content()


def test_nonsense_finds_nothing_and_metadata_is_not_indexed(page: Any, pagefind_site: Served) -> None:
    assert search(page, pagefind_site, "qqxxzzyy") == []
    # "Edit this brief" is on every brief page, in the metadata Pagefind skips
    # (the hand-written pages that explain it still find it).
    found = search(page, pagefind_site, "Edit this brief")
    assert not [f for f in found if f.startswith("/briefs/")], found


def test_the_search_box_works_on_a_phone(browser: Any, pagefind_site: Served, tmp_path: Path) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        found = search(page, pagefind_site, "salmon", open_with_button=True)
        assert found[0] == "/briefs/fisheries-talks/"
        page.screenshot(path=str(tmp_path / "pagefind-phone.png"))
    finally:
        context.close()


def test_a_chinese_site_finds_a_word_inside_a_sentence(page: Any, chinese_site: Served) -> None:
    assert "/briefs/fisheries-talks/" in search(page, chinese_site, CHINESE_WORD)
