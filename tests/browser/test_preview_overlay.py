"""The live preview in a real browser: a bad save lays its problems, at file:line:col, over the
open page (the last good version stays under it); the fix takes them away and reloads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.project import Project
from tests.test_preview import CHANGE_TIMEOUT, PAGE, START_TIMEOUT, Preview, edit, wait_for

OVERLAY = "#briefings-problems"


@pytest.fixture
def running(minimal_project: Project, tmp_path: Path) -> Iterator[Preview]:
    server = Preview(minimal_project, tmp_path / "serve.log")
    try:
        wait_for(lambda: "The relationship" in server.page(), START_TIMEOUT, "no page", server.log)
        yield server
    finally:
        server.stop()
        with pytest.raises(ProcessLookupError):
            os.killpg(server.proc.pid, 0)


def test_a_bad_save_shows_over_the_page_until_it_is_fixed(browser: Any, running: Preview) -> None:
    page = browser.new_page()
    try:
        # The address one types: the root leads to the site under site_url's path.
        page.goto(running.url)
        assert page.url == running.url + "briefings-test/"
        page.goto(running.url + PAGE)
        assert page.locator(OVERLAY).count() == 0

        brief = running.project.content / "briefs" / "overview.yaml"
        edit(brief, "status: at_risk", "status: sideways")
        overlay = page.locator(OVERLAY)
        overlay.wait_for(state="visible", timeout=CHANGE_TIMEOUT * 1000)
        text = overlay.inner_text()
        assert "the last save has errors; this page is the last good version" in text
        assert "content/briefs/overview.yaml:4:9: error: status: `sideways` is not a valid status" in text
        assert "hint: " in text
        assert overlay.get_attribute("role") == "alert"
        assert "The relationship at the transition" in page.content()  # the last good page, under it

        # Closed, it stays closed for this problem.
        overlay.get_by_role("button").click()
        page.wait_for_timeout(1000)
        assert page.locator(OVERLAY).count() == 0

        edit(brief, "status: sideways", "status: at_risk")
        edit(brief, "faced an uncertain future.", "faced an OVERLAY-FIXED future.")
        page.wait_for_function(
            "document.body.innerText.includes('OVERLAY-FIXED')", timeout=CHANGE_TIMEOUT * 1000
        )
        assert page.locator(OVERLAY).count() == 0
    finally:
        page.close()


def test_a_problem_shows_on_a_page_opened_after_the_save(browser: Any, running: Preview) -> None:
    brief = running.project.content / "briefs" / "overview.yaml"
    edit(brief, "status: at_risk", "status: sideways")
    log = running.log
    wait_for(lambda: "keeping the last good" in log.read_text(), CHANGE_TIMEOUT, "no error", log)
    page = browser.new_page()
    try:
        page.goto(running.url + "briefings-test/")
        page.locator(OVERLAY).wait_for(state="visible", timeout=CHANGE_TIMEOUT * 1000)
        assert "content/briefs/overview.yaml:4:9" in page.locator(OVERLAY).inner_text()
    finally:
        page.close()
