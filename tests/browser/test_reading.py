"""Every page of the sample site on a phone and a laptop, as a reader meets it: nothing
scrolls sideways, every table fits, turns into labelled cards or scrolls in a region the
keyboard can reach, no two cells of a table overlap, axe finds nothing; prose lines of
about 70 characters; no left column holding one link; no invisible keyboard stop; a
printed page names the site and its permalink."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from tests.browser.conftest import PHONE, Served, build, serve
from tests.conftest import copy_project
from tests.injection import content_source

LAPTOP = {"width": 1366, "height": 900}
PALETTE = "  palette:\n    - scheme: default\n      primary: indigo\n      accent: indigo\n"
"""One colour scheme, as the flagship declares it: the theme then writes a hidden radio."""


@pytest.fixture(scope="module")
def reading_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample site with a one-entry palette, built and served."""
    project = copy_project(tmp_path_factory.mktemp("reading") / "project", content_source())
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  variant: classic\n" in text
    config.write_text(
        text.replace("\n  variant: classic\n", "\n  variant: classic\n" + PALETTE), encoding="utf-8"
    )
    yield from serve(build(project))


def sized(browser: Any, viewport: dict[str, int]) -> tuple[Any, Any]:
    context = browser.new_context(viewport=viewport)
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1:") else r.abort()
    )
    return context, context.new_page()


def pages(site: Served) -> list[str]:
    return [rel for rel in site.pages if not rel.endswith("404.html") and not rel.startswith("search/")]


TABLES = """() => [...document.querySelectorAll('.md-content table')].map(t => {
  const region = t.closest('[role=region][tabindex="0"][aria-label]');
  const box = t.getBoundingClientRect();
  const cells = [...t.querySelectorAll('th, td')].filter(c => c.getClientRects().length)
    .map(c => { const r = c.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom, c.textContent.trim().slice(0, 30)]; });
  const overlaps = [];
  for (let i = 0; i < cells.length; i++) for (let j = i + 1; j < cells.length; j++) {
    const [a, b] = [cells[i], cells[j]];
    if (a[0] < b[2] - 1 && b[0] < a[2] - 1 && a[1] < b[3] - 1 && b[1] < a[3] - 1) overlaps.push([a[4], b[4]]);
  }
  const scroller = region || t;
  return {
    name: (t.className || t.querySelector('th, td')?.textContent || '').trim().slice(0, 40),
    fits: box.left >= 0 && box.right <= innerWidth && t.scrollWidth <= t.clientWidth + 1,
    region: !!region && region.scrollWidth > region.clientWidth ? region.getAttribute('aria-label') : null,
    cards: t.hasAttribute('data-cards') && getComputedStyle(t.querySelector('tbody tr')).display === 'block',
    unlabelled: t.hasAttribute('data-cards')
      ? [...t.querySelectorAll('tbody td')].filter(c => !c.dataset.label).length : 0,
    clipped: scroller.scrollWidth > scroller.clientWidth + 1 && !region,
    overlaps,
  };
})"""


def test_every_page_fits_a_phone_and_every_table_fits_or_cards_or_scrolls(
    browser: Any, reading_site: Served
) -> None:
    context, page = sized(browser, PHONE)
    problems: list[str] = []
    seen = {"cards": 0, "tables": 0}
    try:
        for rel in pages(reading_site):
            page.goto(reading_site.page_url(rel))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{rel}: the page is {width} px wide")
            for table in page.evaluate(TABLES):
                seen["tables"] += 1
                seen["cards"] += table["cards"]
                if not (table["fits"] or table["cards"] or table["region"]) or table["clipped"]:
                    problems.append(f"{rel}: table {table['name']!r} is clipped: {table}")
                if table["overlaps"] or table["unlabelled"]:
                    overlaps, unlabelled = table["overlaps"][:3], table["unlabelled"]
                    problems.append(f"{rel}: {table['name']!r}: overlaps {overlaps}, {unlabelled} unlabelled")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert seen["tables"] >= 5 and seen["cards"] >= 3, seen  # channels, track record, schema, ...


def test_a_wide_table_is_cards_labelled_by_its_own_headers(browser: Any, reading_site: Served) -> None:
    context, page = sized(browser, PHONE)
    try:
        page.goto(reading_site.url + "track-record/")
        table = page.locator("table.track-record")
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        first = table.locator("tbody tr").first
        labels = first.locator("td").evaluate_all("cells => cells.map(c => c.dataset.label)")
        assert labels == headers and all(headers)
        # The label shows above the value: the card reads "Resolved 2", not a bare number.
        before = first.locator("td").nth(2).evaluate("c => getComputedStyle(c, '::before').content")
        assert before == f'"{headers[2]}"'
        # The likelihood tag stays inside its cell: its range is the next column's.
        tag = first.locator(".tag").bounding_box()
        cell = first.locator("td").first.bounding_box()
        assert tag and cell and tag["x"] + tag["width"] <= cell["x"] + cell["width"] + 0.5
    finally:
        context.close()


WIDE = (
    "<h2>Wide</h2><table><tr>"
    + "".join(f"<td>wide-cell-{i}-with-long-unbroken-content</td>" for i in range(8))
    + "</tr></table>"
)
"""A table with no header row, as hand-written HTML in a page could hold."""


def test_a_table_without_headers_scrolls_in_a_named_focusable_region(
    browser: Any, reading_site: Served
) -> None:
    context, page = sized(browser, PHONE)

    def with_wide_table(route: Any) -> None:
        html = route.fetch().text()
        route.fulfill(body=html.replace("</article>", WIDE + "</article>", 1), content_type="text/html")

    try:
        page.route(reading_site.url + "about/", with_wide_table)
        page.goto(reading_site.url + "about/")
        region = page.locator("td", has_text="wide-cell-0").locator("xpath=ancestor::*[@role='region']")
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label") == "Wide"
        assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # it does scroll, inside itself
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_axe_finds_no_violation_on_any_page(
    browser: Any, reading_site: Served, viewport: dict[str, int]
) -> None:
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    from axe_playwright_python.sync_playwright import Axe

    context, page = sized(browser, viewport)
    found: list[str] = []
    try:
        for rel in pages(reading_site):
            page.goto(reading_site.page_url(rel))
            result = Axe().run(page).response
            assert result["passes"], "axe ran no checks"
            found += [
                f"{rel}: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
            ]
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_prose_lines_run_about_70_characters_on_a_laptop(browser: Any, reading_site: Served) -> None:
    context, page = sized(browser, LAPTOP)
    try:
        page.goto(reading_site.url + "methodology/")
        # How many characters of the paragraph's own type fit its width.
        per_line = page.evaluate(
            """() => { const p = [...document.querySelectorAll('.md-content .md-typeset > p')]
                .sort((a, b) => b.textContent.length - a.textContent.length)[0];
              const text = p.textContent, run = document.createElement('span');
              run.style.whiteSpace = 'nowrap'; run.textContent = text; p.append(run);
              const perChar = run.getBoundingClientRect().width / text.length;
              run.remove();
              return p.clientWidth / perChar; }"""
        )
        assert 60 <= per_line <= 80, per_line
    finally:
        context.close()


@pytest.mark.parametrize("path", ["track-record/", "sources/", "actors/", "updates/", "book/"])
def test_no_left_column_holding_one_link(browser: Any, reading_site: Served, path: str) -> None:
    context, page = sized(browser, LAPTOP)
    try:
        page.goto(reading_site.url + path)
        assert not page.locator(".md-sidebar--primary").is_visible()
        # A section of several pages keeps its column.
        page.goto(reading_site.url + "methodology/")
        assert page.locator(".md-sidebar--primary").is_visible()
    finally:
        context.close()
    # On a phone the column is the menu, and it still opens.
    context, page = sized(browser, PHONE)
    try:
        page.goto(reading_site.url + path)
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_timeout(400)
        box = page.locator(".md-sidebar--primary").bounding_box()
        assert box is not None and box["x"] >= -1 and box["width"] > 100, box
    finally:
        context.close()


def test_every_keyboard_stop_is_visible(browser: Any, reading_site: Served) -> None:
    context, page = sized(browser, LAPTOP)
    try:
        page.goto(reading_site.url)
        assert page.locator("#__palette_0").count() == 1  # the theme's hidden radio is there ...
        stops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            stops.append(
                page.evaluate(
                    """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                      return [e.id || e.className || e.tagName, r.width, r.height]; }"""
                )
            )
        hidden = [s for s in stops if s[1] < 1 or s[2] < 1]
        assert not hidden, stops  # ... but never takes focus, nor does the closed results box
        assert not any(s[0] == "__palette_0" or "md-search__scrollwrap" in str(s[0]) for s in stops), stops
    finally:
        context.close()


def test_a_printed_page_names_the_site_and_its_permalink(page: Any, reading_site: Served) -> None:
    page.goto(reading_site.url + "briefs/river-commission/")
    masthead = page.locator(".print-masthead")
    assert not masthead.is_visible()  # paper only
    page.emulate_media(media="print")
    assert masthead.is_visible()
    config = yaml.safe_load(reading_site.project.config_file.read_text(encoding="utf-8"))
    name, url = config["site_name"], config["site_url"].rstrip("/") + "/briefs/river-commission/"
    assert masthead.inner_text().split() == [*name.split(), url]
    # Tables break across pages with their header row repeated; an event may break too,
    # so a long one does not leave most of a page blank.
    styles = page.evaluate(
        """() => [getComputedStyle(document.querySelector('table.channels thead')).display,
          getComputedStyle(document.querySelector('table.channels')).display,
          getComputedStyle(document.querySelector('.event')).breakInside,
          getComputedStyle(document.querySelector('.event__title')).breakAfter]"""
    )
    assert styles == ["table-header-group", "table", "auto", "avoid"]
