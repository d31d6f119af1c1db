"""Accessibility: axe-core finds no serious or critical violation on the pages readers use most."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Served

BLOCKING = {"serious", "critical"}


def first_brief(site: Served) -> str:
    return next(rel for rel in site.pages if rel.startswith("briefs/") and rel != "briefs/index.html")


def open_home(page: Any, site: Served) -> None:
    page.goto(site.url)


def open_brief(page: Any, site: Served) -> None:
    page.goto(site.page_url(first_brief(site)))


def open_timeline(page: Any, site: Served) -> None:
    page.goto(site.url + "timeline/")


def open_search_results(page: Any, site: Served) -> None:
    page.goto(site.url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("channel", delay=15)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)


VIEWS = {
    "home": open_home,
    "brief": open_brief,
    "timeline": open_timeline,
    "search-results": open_search_results,
}


def axe(page: Any) -> dict[str, Any]:
    """Run axe-core in the page; its full result."""
    from axe_playwright_python.sync_playwright import Axe

    result: dict[str, Any] = Axe().run(page).response
    return result


@pytest.mark.parametrize("view", list(VIEWS))
def test_no_serious_or_critical_violations(page: Any, site: Served, view: str) -> None:
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")
    VIEWS[view](page, site)
    result = axe(page)
    violations = result["violations"]
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {
        "view": view,
        "url": page.url,
        "by_impact": dict(Counter(v["impact"] for v in violations)),
        "violations": [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in violations
        ],
    }
    (ARTIFACTS / f"axe-{view}.json").write_text(json.dumps(summary, indent=2) + "\n")
    blocking = [v for v in summary["violations"] if v["impact"] in BLOCKING]
    assert not blocking, json.dumps(blocking, indent=2)
    assert result["passes"], "axe ran no checks"
