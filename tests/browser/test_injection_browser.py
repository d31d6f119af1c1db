"""The injection corpus in a real browser: no dialog, no injected element or script, payloads read as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from generator.config import read_config
from tests.browser.conftest import Served, serve
from tests.conftest import TODAY
from tests.injection import Injected, visible
from tests.test_injection import build_hostile

# What the page holds that content could have injected; compared with the clean build's page.
INSPECT = """() => {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) bad.push(`${el.tagName}[${name}]`);
      if (urlAttrs.includes(name) && /^\\s*(javascript|vbscript|data):/i.test(attr.value))
        bad.push(`${el.tagName}[${name}=${attr.value.slice(0, 30)}]`);
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, base, math, meta[http-equiv]"))
    bad.push(el.tagName);
  const scripts = [...document.scripts].map(s => s.src ? new URL(s.src).pathname : "inline");
  const svgs = document.querySelectorAll("article svg").length;
  return {bad, scripts: scripts.sort(), svgs, text: document.body.innerText};
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served, Injected]]:
    built = build_hostile(tmp_path_factory.mktemp("hostile-browser"))
    for clean in serve(built.clean):
        for served in serve(built.project):
            yield served, clean, built.record


def inspect(page: Any, url: str) -> dict[str, Any]:
    page.goto(url, wait_until="load")
    result: dict[str, Any] = page.evaluate(INSPECT)
    return result


def test_every_page_is_inert_and_shows_payloads_as_text(
    page: Any, dialogs: list[str], hostile: tuple[Served, Served, Injected]
) -> None:
    served, clean, record = hostile
    assert served.pages == clean.pages and len(served.pages) >= 15
    texts = []
    for rel in served.pages:
        found = inspect(page, served.page_url(rel))
        expected = inspect(page, clean.page_url(rel))
        assert not found["bad"], (rel, found["bad"])
        assert found["scripts"] == expected["scripts"], rel
        assert found["svgs"] == expected["svgs"], rel
        texts.append(found["text"])
    assert not dialogs, f"dialogs opened: {dialogs}"
    seen = visible(" ".join(texts))
    missing = [(where, p) for where, p in record.plain if visible(p) not in seen]
    assert not missing, f"{len(missing)} payloads not visible as text, e.g. {missing[:3]}"


def test_front_matter_reads_exactly_in_title_header_and_description(
    page: Any, hostile: tuple[Served, Served, Injected]
) -> None:
    served = hostile[0]
    site_name = read_config(served.project.config_file, TODAY).site_name
    for path in sorted((served.project.content / "briefs").glob("*.yaml")):
        brief = yaml.safe_load(path.read_text(encoding="utf-8"))
        page.goto(served.url + f"briefs/{brief['id']}/")
        assert page.title() == f"{visible(brief['title'])} - {site_name}"
        topic = page.locator(".md-header__topic .md-ellipsis").last.text_content()
        assert visible(topic) == visible(brief["title"])
        description = page.locator("meta[name=description]").get_attribute("content")
        assert description == visible(brief["status_note"])


@pytest.mark.parametrize("query", ["alert", "onerror", "javascript"])
def test_search_results_for_payloads_are_inert(
    page: Any, dialogs: list[str], hostile: tuple[Served, Served, Injected], query: str
) -> None:
    served = hostile[0]
    page.goto(served.url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=15)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.locator(".md-search-result")
    injected = "img, iframe, object, embed, script, svg[onload], [onerror], [onload]"
    assert results.locator(injected).count() == 0
    links = results.locator("a").evaluate_all("links => links.map(a => a.protocol)")
    assert set(links) <= {"http:"}, links
    assert not dialogs


def test_the_dialog_detector_sees_a_script_dialog(page: Any, dialogs: list[str]) -> None:
    page.set_content("<p>x</p><script>alert('caught')</script>")
    assert dialogs == ["caught"]
