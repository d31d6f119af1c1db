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


def visible_events(page: Any) -> list[tuple[str, str, str]]:
    """(id, areas, date) of each timeline event a reader can see, top to bottom."""
    found = page.locator("li.event").evaluate_all(
        "items => items.filter(li => li.offsetParent !== null)"
        ".map(li => [li.id, li.dataset.areas, li.dataset.date])"
    )
    return [(str(i), str(a), str(d)) for i, a, d in found]


def all_events(site: Served) -> dict[str, tuple[set[str], str]]:
    """Event id -> (the areas of the briefs listing it, its date), from the content itself."""
    content = site.project.content
    dates = {}
    for path in sorted((content / "events").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        dates[data["id"]] = str(data["date"])
    found: dict[str, tuple[set[str], str]] = {}
    for brief in briefs(site).values():
        for ref in brief.get("events", []):
            found.setdefault(ref["event"], (set(), dates[ref["event"]]))[0].add(brief["area"])
    return found


def areas(site: Served) -> list[str]:
    data = yaml.safe_load((site.project.content / "areas.yaml").read_text(encoding="utf-8"))
    return [a["id"] for a in data["areas"]]


def shown_in_parts(page: Any) -> list[tuple[str, str, str]]:
    """The visible events of this page and of its other parts, if it has any."""
    shown = visible_events(page)
    for href in page.locator(".timeline-index__parts a").evaluate_all("links => links.map(a => a.href)"):
        page.goto(href)
        shown += visible_events(page)
    return shown


def test_the_timeline_is_newest_first_and_flips(page: Any, site: Served) -> None:
    page.goto(site.url + "timeline/")
    dates = [d for _, _, d in visible_events(page)]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
    order = page.locator("#timeline-order")
    assert order.inner_text() == "Oldest first"
    order.click()
    assert [d for _, _, d in visible_events(page)] == sorted(dates)
    assert order.inner_text() == "Newest first" and order.get_attribute("aria-pressed") == "true"


def test_the_timeline_shows_each_event_once_with_the_true_count(page: Any, site: Served) -> None:
    events = all_events(site)
    page.goto(site.url + "timeline/")
    shown = visible_events(page)
    assert len({i for i, _, _ in shown}) == len(shown), "an event is shown twice"
    assert page.locator("#timeline-count").inner_text() == f"{len(shown)} of {len(events)} events"
    for event_id, event_areas, _ in shown:
        assert set(event_areas.split()) == events[event_id][0], event_id


def test_each_area_filter_shows_every_event_of_that_area(page: Any, site: Served) -> None:
    events = all_events(site)
    for area in areas(site):
        page.goto(site.url + "timeline/")
        menu = page.locator("#timeline-filter-area")
        assert menu.is_visible(), "the menu shows once its script runs"
        with page.expect_navigation():
            menu.select_option(
                label=page.locator(f'.timeline-index__areas a[data-area="{area}"]').inner_text()
            )
        assert page.url.endswith(f"/timeline/area/{area}/")
        shown = shown_in_parts(page)
        expected = {i for i, (event_areas, _) in events.items() if area in event_areas}
        assert sorted(i for i, _, _ in shown) == sorted(expected), area
        assert all(area in a.split() for _, a, _ in shown)


def test_an_event_s_permalink_finds_its_page(page: Any, site: Served) -> None:
    """`timeline/#<id>` and any timeline page's `#<id>` lead to the event on the page of its year."""
    events = all_events(site)
    event_id, (event_areas, date) = min(events.items(), key=lambda e: e[1][1])  # the oldest
    other = next(a for a in areas(site) if a not in event_areas)
    page.goto(site.url + f"timeline/area/{other}/#{event_id}")
    page.wait_for_url(f"**/timeline/{date[:4]}/#{event_id}")
    assert page.locator(f'li.event[id="{event_id}"]').is_visible()
    page.goto(site.url + f"timeline/#area-{other}")  # an address of the old in-page filter
    page.wait_for_url(f"**/timeline/area/{other}/")


def test_without_javascript_the_year_and_area_pages_hold_every_event(browser: Any, site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + "timeline/")
        assert not page.locator("#timeline-filter").is_visible()
        events = all_events(site)
        dates = [d for _, _, d in visible_events(page)]
        assert dates and dates == sorted(dates, reverse=True)
        # Every event is on the page of its year, once, newest first.
        years = sorted({d[:4] for _, d in events.values()}, reverse=True)
        links = page.locator(".timeline-index__years a").all_inner_texts()
        assert [t for t in links if t.isdigit()] == years
        shown = []
        for year in years:
            page.goto(site.url + f"timeline/{year}/")
            on_page = shown_in_parts(page)
            assert on_page == sorted(on_page, key=lambda e: e[2], reverse=True)
            shown += [i for i, _, _ in on_page]
        assert sorted(shown) == sorted(events)
        # An area link leads to every event of the area.
        for area in areas(site):
            page.goto(site.url + "timeline/")
            page.locator(f'.timeline-index__areas a[data-area="{area}"]').click()
            expected = {i for i, (event_areas, _) in events.items() if area in event_areas}
            assert {i for i, _, _ in shown_in_parts(page)} == expected
    finally:
        context.close()
