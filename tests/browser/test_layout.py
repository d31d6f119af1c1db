"""The reader's first screen and place on the site, in a real browser: the dashboard
above the fold, nothing scrolling sideways on a phone, out-of-date marks where
readers look, the current section highlighted, citation markers a finger can hit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from generator import cli
from tests.browser.conftest import PHONE, Served, serve
from tests.conftest import copy_project
from tests.injection import content_source

LAPTOP = {"width": 1366, "height": 900}


def review_dates(site: Served) -> list[dt.date]:
    paths = sorted((site.project.content / "briefs").glob("*.yaml"))
    return [yaml.safe_load(p.read_text(encoding="utf-8"))["review_by"] for p in paths]


@pytest.fixture(scope="module")
def late_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample site built on a day after every brief's review date."""
    project = copy_project(tmp_path_factory.mktemp("late") / "project", content_source())
    paths = sorted((project.content / "briefs").glob("*.yaml"))
    last = max(yaml.safe_load(p.read_text(encoding="utf-8"))["review_by"] for p in paths)
    late = last + dt.timedelta(days=30)
    assert cli.main(["--project", str(project.root), "--today", late.isoformat(), "build"]) == 0
    yield from serve(project)


def sized_page(browser: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport)
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1:") else r.abort()
    )
    return context, context.new_page()


def test_the_dashboard_starts_in_the_first_screen(browser: Any, site: Served) -> None:
    context, page = sized_page(browser, LAPTOP)
    try:
        page.goto(site.url)
        box = page.locator("table.dashboard").bounding_box()
        assert box is not None and box["y"] < LAPTOP["height"] / 2, box
        first_row = page.locator("tr.dashboard__brief").first.bounding_box()
        assert first_row is not None and first_row["y"] + first_row["height"] <= LAPTOP["height"], first_row
        # The overview's prose comes after the dashboard, not before it.
        lead = page.locator(".home-lead").bounding_box()
        assert lead is not None and lead["y"] > box["y"] + box["height"]
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "briefs/", "timeline/", "sources/"])
def test_nothing_scrolls_sideways_on_a_phone(browser: Any, site: Served, path: str) -> None:
    context, page = sized_page(browser, PHONE)
    try:
        brief = next(p for p in site.pages if p.startswith("briefs/") and p != "briefs/index.html")
        for url in (site.url + path, site.page_url(brief)):
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{url} is {width} px wide"
        page.goto(site.url)
        # The dashboard is cards: each brief's row fits the screen, with its dates visible.
        for row in page.locator("tr.dashboard__brief").all():
            box = row.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            assert row.locator("td[data-label] time").first.is_visible()
    finally:
        context.close()


def stale_marks(page: Any) -> list[str]:
    return [str(t).strip() for t in page.locator(".freshness--stale").all_inner_texts()]


def test_built_today_no_brief_is_out_of_date(page: Any, site: Served) -> None:
    assert all(d >= dt.date(2026, 11, 29) for d in review_dates(site)), "the fixture's briefs are current"
    for path in ("", "briefs/"):
        html = (site.project.site / path / "index.html").read_text(encoding="utf-8")
        assert "freshness--stale" not in html
        page.goto(site.url + path)
        assert page.locator(".freshness").count() >= 1
        assert stale_marks(page) == []


def test_built_past_the_review_dates_home_and_index_say_out_of_date(page: Any, late_site: Served) -> None:
    count = len(review_dates(late_site))
    for path in ("", "briefs/"):
        html = (late_site.project.site / path / "index.html").read_text(encoding="utf-8")
        assert html.count('class="freshness freshness--stale"') == count, path
        page.goto(late_site.url + path)
        assert stale_marks(page) == ["Out of date"] * count


def test_a_site_built_long_ago_turns_out_of_date_in_the_browser(page: Any, site: Served) -> None:
    """The browser's clock decides too: the page, built today, is read a year after the reviews."""
    last = max(review_dates(site))
    reader_day = dt.datetime.combine(last + dt.timedelta(days=365), dt.time(12))
    page.clock.set_fixed_time(reader_day)
    page.goto(site.url)
    assert stale_marks(page) == ["Out of date"] * len(review_dates(site))


@pytest.mark.parametrize(("path", "tab"), [("briefs/", "Briefs"), ("timeline/", "Timeline"), ("", "Home")])
def test_the_current_section_is_highlighted(page: Any, site: Served, path: str, tab: str) -> None:
    page.goto(site.url + path)
    assert page.locator(".md-tabs__item--active").all_inner_texts() == [tab]


def test_a_brief_page_highlights_its_section_and_has_no_empty_column(page: Any, site: Served) -> None:
    brief = next(p for p in site.pages if p.startswith("briefs/") and p != "briefs/index.html")
    page.goto(site.page_url(brief))
    active = page.locator(".md-tabs__item--active")
    assert active.all_inner_texts() == ["Briefs"]
    # A bold, underlined tab: the theme's default is a shade of opacity only.
    assert active.locator("a").evaluate("a => getComputedStyle(a).fontWeight") == "700"
    assert not page.locator(".md-sidebar--primary").is_visible()


def test_citation_markers_are_24px_targets_inline_after_the_sentence(page: Any, site: Served) -> None:
    page.goto(site.url + "briefs/river-commission/")  # the sample's brief with judgments and risks
    markers = page.locator(".judgment .cite a, .risks .cite a")
    assert markers.count() >= 2
    for marker in markers.all():
        box = marker.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
        # Inside the paragraph it supports, right after its last words.
        assert marker.evaluate("a => a.closest('p') !== null && a.closest('sup').previousSibling !== null")
    # At the size of the text around it, not a superscript's.
    sizes = markers.first.evaluate(
        "a => [a, a.closest('p')].map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes[0] >= sizes[1], sizes
