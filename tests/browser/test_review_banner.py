"""The review banner in a real browser: a site built long ago still warns, a current one does not;
and the print stylesheet hides navigation and shows source URLs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator import cli
from tests.browser.conftest import Served, serve
from tests.conftest import FIXTURES, copy_project


@pytest.fixture(scope="module")
def old_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The minimal fixture built "long ago" (2025-01-01), when no review was due yet.

    `overview` is due by 2025-02-07, so a reader today must see a warning; the
    military brief is moved to a review date far ahead, so it must not.
    """
    project = copy_project(tmp_path_factory.mktemp("old") / "p", FIXTURES / "minimal" / "content")
    mil = project.content / "briefs" / "military-communications.yaml"
    mil.write_text(mil.read_text().replace("review_by: 2025-02-07", "review_by: 2099-12-31"))
    assert cli.main(["--project", str(project.root), "--today", "2025-01-01", "build"]) == 0
    yield from serve(project)


def banner(page: Any, site: Served, brief: str) -> Any:
    page.goto(site.url + f"briefs/{brief}/")
    return page.locator(".review-banner")


def test_built_before_the_review_date_the_html_does_not_warn(old_site: Served) -> None:
    html = (old_site.project.site / "briefs" / "overview" / "index.html").read_text()
    assert 'class="review-banner" data-review-by="2025-02-07"' in html
    assert "<strong>This brief may be out of date.</strong>" not in html  # only in the script's words


def test_the_browser_warns_once_the_review_date_has_passed(page: Any, old_site: Served) -> None:
    element = banner(page, old_site, "overview")
    element.wait_for()
    assert "review-banner--overdue" in (element.get_attribute("class") or "")
    assert element.inner_text().startswith("This brief may be out of date.")
    assert "7 February 2025" in element.inner_text()


def test_the_browser_keeps_a_current_brief_quiet(page: Any, old_site: Served) -> None:
    element = banner(page, old_site, "military-communications")
    element.wait_for(state="attached")
    assert "review-banner--overdue" not in (element.get_attribute("class") or "")
    assert element.inner_text() == "" and not element.is_visible()  # the line of dates says when
    dates = page.locator(".brief-dates").inner_text()
    assert "checked on 8 November 2024" in dates and "next review by 31 December 2099" in dates


def test_print_hides_navigation_and_shows_source_urls(page: Any, old_site: Served) -> None:
    page.goto(old_site.url + "briefs/military-communications/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".print-url").first.is_visible()
    assert "https://www.dvidshub.net/" in page.locator(".print-url").first.inner_text()
    page.emulate_media(media="screen")
    assert not page.locator(".print-url").first.is_visible()
