"""A site in three languages in a browser: the switcher from an English brief to the same brief
in Chinese and back, a translated page at desktop and phone widths with its marks, and a
Chinese search that finds a Chinese word inside a sentence (Pagefind's extended build).

The sample fixture declares `[en, fr]`; this site adds `zh`, scaffolds its translation with
`briefings translate zh` and translates one brief's title and summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator import cli
from tests.browser.conftest import ARTIFACTS, PHONE, Served, _local_only, build, serve
from tests.browser.test_pagefind import search
from tests.conftest import TODAY, copy_project, declare_languages

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": PHONE}
TITLE = "河口渔业谈判"
SUMMARY = "两国同意恢复渔业谈判，并共享河口的监测数据。"
WORD = "监测"
"""A word inside the sentence above, not at its start: only a segmenter finds it."""


@pytest.fixture(scope="module")
def trilingual(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = copy_project(tmp_path_factory.mktemp("trilingual") / "site")
    declare_languages(project, "en", "fr", "zh")
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "translate", "zh"]) == 0
    translation = project.content / "translations/zh/briefs/fisheries-talks.yaml"
    text = translation.read_text(encoding="utf-8")
    for field, value in (("title", TITLE), ("summary", SUMMARY)):
        text, found = re.subn(rf"(?m)^{field}:\n  text: null\n", f"{field}:\n  text: {value}\n", text)
        assert found == 1, field
    translation.write_text(text, encoding="utf-8")
    yield from serve(build(project))


def open_page(browser: Any, site: Served, path: str, size: str = "desktop") -> tuple[Any, Any]:
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
    context.route("**/*", _local_only)
    page = context.new_page()
    page.goto(site.page_url(path), wait_until="load")
    return context, page


def choose_language(page: Any, language: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{language}"]').click()
    page.wait_for_load_state("load")


def test_the_switcher_leads_to_the_same_brief_in_chinese_and_back(browser: Any, trilingual: Served) -> None:
    context, page = open_page(browser, trilingual, "briefs/fisheries-talks/index.html")
    try:
        assert page.locator("html").get_attribute("lang") == "en"
        choose_language(page, "zh")
        assert page.url == trilingual.page_url("zh/briefs/fisheries-talks/index.html")
        assert page.locator("html").get_attribute("lang") == "zh"
        assert page.locator("article h1").inner_text().startswith(TITLE)
        choose_language(page, "en")
        assert page.url == trilingual.page_url("briefs/fisheries-talks/index.html")
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_chinese_brief_page_with_its_marks(browser: Any, trilingual: Served, size: str) -> None:
    context, page = open_page(browser, trilingual, "zh/briefs/fisheries-talks/index.html", size)
    try:
        summary = page.locator(".brief-summary")
        assert SUMMARY in summary.inner_text()
        assert summary.locator(".i18n-passage").count() == 0  # translated and up to date
        untranslated = page.locator('.i18n-passage--missing[lang="en"]')
        assert untranslated.count() > 0
        assert untranslated.first.locator(".i18n-mark").inner_text() == "尚未翻译"
        hreflangs = page.locator('head link[rel="alternate"][hreflang]').evaluate_all(
            "links => links.map(l => l.hreflang)"
        )
        assert hreflangs == ["en", "fr", "zh", "x-default"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"zh-brief-{size}.png"))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the Chinese brief is {overflow}px wider than a {size} screen"
    finally:
        context.close()


def test_chinese_search_finds_a_word_inside_a_sentence(page: Any, trilingual: Served) -> None:
    chinese = Served(trilingual.project, trilingual.url + "zh/")
    found = search(page, chinese, WORD)
    assert "/zh/briefs/fisheries-talks/" in found, found
    assert "/briefs/fisheries-talks/" not in found  # the Chinese site's own index
