"""The reader's views in the browser: the status dashboard and the timeline filter."""

from __future__ import annotations

from typing import Any

import yaml

from tests.browser.conftest import Served


def briefs(site: Served) -> dict[str, dict[str, Any]]:
    """The briefs of the built content, by id."""
    paths = sorted((site.project.content / "briefs").glob("*.yaml"))
    loaded = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths]
    return {b["id"]: b for b in loaded}


def test_the_dashboard_shows_every_brief_with_its_status(page: Any, site: Served) -> None:
    page.goto(site.url)
    rows = page.locator("table.dashboard tr.dashboard__brief")
    shown = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        link = row.locator(".dashboard__title > a")
        brief_id = str(link.evaluate("a => a.pathname")).strip("/").split("/")[-1]
        badge = row.locator(".dashboard__status .badge")
        assert badge.is_visible()
        shown[brief_id] = (link.inner_text(), " ".join(badge.text_content().split()))
    expected = briefs(site)
    assert set(shown) == set(expected)
    for brief_id, brief in expected.items():
        title, status = shown[brief_id]
        assert " ".join(title.split()) == " ".join(brief["title"].split())
        assert status == brief["status"].replace("_", " ")


def visible_events(page: Any) -> list[tuple[str, str]]:
    """(area, date) of each timeline event a reader can see, top to bottom."""
    found = page.locator("li.event").evaluate_all(
        "items => items.filter(li => li.offsetParent !== null).map(li => [li.dataset.area, li.dataset.date])"
    )
    return [(str(a), str(d)) for a, d in found]


def all_events(site: Served) -> list[tuple[str, str]]:
    """(area, date) of every event of the content."""
    return [(b["area"], str(e["date"])) for b in briefs(site).values() for e in b.get("timeline", [])]


def test_the_timeline_is_newest_first_and_flips(page: Any, site: Served) -> None:
    page.goto(site.url + "timeline/")
    dates = [d for _, d in visible_events(page)]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
    order = page.locator("#timeline-order")
    assert order.inner_text() == "Oldest first"
    order.click()
    assert [d for _, d in visible_events(page)] == sorted(dates)
    assert order.inner_text() == "Newest first" and order.get_attribute("aria-pressed") == "true"


def test_the_timeline_filter_narrows_the_list(page: Any, site: Served) -> None:
    page.goto(site.url + "timeline/")
    every = visible_events(page)
    assert len(every) >= 2
    area = page.locator("#timeline-filter-area")
    assert area.is_visible(), "the filter shows once its script runs"
    # The area with the fewest events, so the list must shrink.
    counts = {a: sum(1 for x, _ in every if x == a) for a, _ in every}
    chosen = min(counts, key=lambda a: (counts[a], a))
    area.select_option(chosen)
    narrowed = visible_events(page)
    assert narrowed and len(narrowed) == counts[chosen] < len(every)
    assert all(a == chosen for a, _ in narrowed)
    count = page.locator("#timeline-filter-count").inner_text()
    assert count == f"{counts[chosen]} of {len(every)} events"
    assert not page.locator("#timeline-empty").is_visible()
    # Year links keep the chosen area.
    year_link = page.locator(".timeline-index__years a").last
    assert (
        str(year_link.get_attribute("href")).endswith(f"#area-{chosen}")
        or year_link.evaluate("a => a.hash") == f"#area-{chosen}"
    )
    area.select_option("")
    assert visible_events(page) == every


def test_a_filter_that_matches_nothing_says_so(page: Any, site: Served) -> None:
    """A year with events of one area only, filtered by another area: an empty list, and a message."""
    events = all_events(site)
    years: dict[str, set[str]] = {}
    for a, d in events:
        years.setdefault(d[:4], set()).add(a)
    year, areas = next((y, a) for y, a in sorted(years.items()) if len(a) == 1)
    other = sorted({a for a, _ in events} - areas)[0]
    page.goto(site.url + f"timeline/{year}/")
    assert visible_events(page) and not page.locator("#timeline-empty").is_visible()
    page.locator("#timeline-filter-area").select_option(other)
    assert visible_events(page) == []
    assert page.locator("#timeline-empty").is_visible()
    assert page.locator("#timeline-empty").inner_text() == "No event matches this filter."
    assert page.locator("#timeline-filter-count").inner_text().startswith("0 of ")


def test_without_javascript_the_year_pages_and_area_links_filter(browser: Any, site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + "timeline/")
        assert not page.locator("#timeline-filter").is_visible()
        events = all_events(site)
        dates = [d for _, d in visible_events(page)]
        assert dates and dates == sorted(dates, reverse=True)
        # Every event is on the page of its year, newest first.
        years = sorted({d[:4] for _, d in events}, reverse=True)
        links = page.locator(".timeline-index__years a").all_inner_texts()
        assert [t for t in links if t.isdigit()] == years
        shown = []
        for year in years:
            page.goto(site.url + f"timeline/{year}/")
            on_page = visible_events(page)
            assert on_page == sorted(on_page, key=lambda e: e[1], reverse=True)
            shown += on_page
        assert sorted(shown) == sorted(events)
        # An area link filters through the stylesheet alone.
        area = sorted({a for a, _ in events})[0]
        page.goto(site.url + "timeline/")
        page.locator(f'.timeline-index__areas a[href="#area-{area}"]').click()
        filtered = visible_events(page)
        assert filtered and all(a == area for a, _ in filtered)
    finally:
        context.close()
