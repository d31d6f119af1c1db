"""Three parties' accounts of one meeting, side by side, each with its own citation (the sample site)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import ARTIFACTS, Served

BRIEF = "briefs/river-commission/index.html"


def test_three_accounts_of_one_meeting_stand_side_by_side(page: Any, site: Served) -> None:
    page.goto(site.page_url(BRIEF))
    accounts = page.locator(".readouts .readout")
    assert accounts.count() == 3
    labels = [accounts.nth(i).locator(".readout__side").inner_text() for i in range(3)]
    assert [label.split("[")[0].strip() for label in labels] == [
        "Northland account",
        "Southland account",
        "Eastland account",
    ]
    boxes = [accounts.nth(i).bounding_box() for i in range(3)]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes  # one row
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    for i in range(3):  # each account cites its own source, which the sources list holds
        href = accounts.nth(i).locator(".cite a").get_attribute("href")
        assert href and page.locator(href).count() == 1
    colours = {accounts.nth(i).evaluate("e => getComputedStyle(e).borderTopColor") for i in range(3)}
    assert len(colours) == 3, "each party's declared colour"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".readouts").screenshot(path=str(ARTIFACTS / "readouts-three-parties.png"))
