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
    """(area, year) of each timeline event a reader can see."""
    found = page.locator("li.event").evaluate_all(
        "items => items.filter(li => li.offsetParent !== null).map(li => [li.dataset.area, li.dataset.year])"
    )
    return [(str(a), str(y)) for a, y in found]


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
    year = page.locator("#timeline-filter-year")
    chosen_year = narrowed[0][1]
    year.select_option(chosen_year)
    assert visible_events(page) == [(a, y) for a, y in narrowed if y == chosen_year]
    area.select_option("")
    year.select_option("")
    assert visible_events(page) == every


def test_without_javascript_the_whole_timeline_shows(browser: Any, site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + "timeline/")
        assert not page.locator("#timeline-filter").is_visible()
        shown = page.locator("li.event").evaluate_all("items => items.length")
        assert shown == sum(len(b.get("timeline", [])) for b in briefs(site).values())
    finally:
        context.close()
