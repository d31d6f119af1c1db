"""A French site in a browser: a brief page written by `briefings init --language fr`, at
desktop and phone widths, its words, its dates and the review banner the script rewrites."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import cli
from generator.project import Project
from generator.words import builtin
from tests.browser.conftest import ARTIFACTS, PHONE, Served, _local_only, serve

WRITTEN = dt.date(2020, 1, 15)
"""The day the site is written and built: its brief is due for review in April 2020, so the
reader's browser, later than that, marks it out of date with the page's own words."""
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": PHONE}
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FRENCH_DATE = re.compile(rf"\b\d{{1,2}} ({MONTHS}) 20\d\d\b")


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("french") / "site"
    today = ["--today", WRITTEN.isoformat()]
    assert cli.main([*today, "init", str(root), "--language", "fr", "--title", "Le bassin du fleuve"]) == 0
    assert cli.main(["--project", str(root), *today, "build"]) == 0
    yield from serve(Project(root))


@pytest.mark.parametrize("size", list(SIZES))
def test_a_french_brief_page(browser: Any, french: Served, size: str) -> None:
    words = builtin("fr")[1]  # type: ignore[index]
    context = browser.new_context(viewport=SIZES[size], device_scale_factor=1, locale="fr-FR")
    context.route("**/*", _local_only)
    try:
        page = context.new_page()
        page.goto(french.page_url("briefs/river-commission/index.html"), wait_until="load")
        assert page.locator("html").get_attribute("lang") == "fr"
        headings = page.locator("article h2").all_inner_texts()
        for key in ("summary", "key_points", "key_judgments", "channels", "timeline", "risks", "sources"):
            assert any(h.strip().startswith(words[key]) for h in headings), (key, headings)
        banner = page.locator(".review-banner")
        assert "review-banner--overdue" in (banner.get_attribute("class") or "")
        assert banner.inner_text().startswith(words["review_overdue"])
        assert "avril 2020" in banner.inner_text() and "due" not in banner.inner_text()
        body = page.locator("article").inner_text()
        assert FRENCH_DATE.search(body) and "probable (55–80\u202f%)" in body and "confiance modérée" in body
        assert page.locator(".md-search__input").get_attribute("placeholder") == "Rechercher"
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"fr-brief-{size}.png"
        page.screenshot(path=str(path), full_page=False)
        page.screenshot(path=str(ARTIFACTS / f"fr-brief-{size}-full.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the French brief is {overflow}px wider than a {size} screen"
    finally:
        context.close()
    assert Path(path).stat().st_size > 10_000
