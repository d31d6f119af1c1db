"""What a reader gets from the built sample site: previews and citations, one file of data per
brief, the basis and trend of each status, a source list by kind and publisher, search
entries made from records, a page-not-found page that helps, and facts of the About page
taken from the content."""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator import cli
from generator.project import Project
from tests.conftest import TODAY, copy_project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("reader") / "site")
    about = project.docs / "about.md"
    about.write_text(about.read_text() + "\n<!-- briefings:coverage -->\n\n<!-- briefings:areas -->\n")
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"]) == 0
    return project


def pages(project: Project) -> list[Path]:
    return sorted(project.site.rglob("*.html"))


class Meta(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.found[str(a.get("property") or a.get("name"))] = str(a.get("content"))


def meta(path: Path) -> dict[str, str]:
    parser = Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def test_every_page_has_a_link_preview(built: Project) -> None:
    for path in pages(built):
        found = meta(path)
        for key in ("og:title", "og:description", "og:site_name", "og:image", "twitter:card"):
            assert found.get(key), (path, key)
        if path.name != "404.html":  # served at any address: it has no one address
            assert found["og:url"].startswith("https://example-org.github.io/briefings-test/"), path
    brief = meta(built.site / "briefs" / "river-commission" / "index.html")
    assert brief["og:title"] == "The joint river commission"
    assert brief["og:description"].startswith("The commission met in trilateral session")
    assert brief["og:url"] == "https://example-org.github.io/briefings-test/briefs/river-commission/"
    assert brief["og:image"] == "https://example-org.github.io/briefings-test/assets/share.png"
    assert (built.site / "assets" / "share.png").read_bytes().startswith(b"\x89PNG")


def test_each_brief_links_its_own_data_which_validates(built: Project) -> None:
    schema = json.loads((built.site / "schema" / "brief.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    briefs = sorted((built.site / "api" / "briefs").glob("*.json"))
    assert [p.stem for p in briefs] == ["fisheries-talks", "grid-interconnector", "river-commission"]
    for path in briefs:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["id"] == path.stem and list(validator.iter_errors(data)) == []
        page = (built.site / "briefs" / path.stem / "index.html").read_text(encoding="utf-8")
        assert f'href="../../api/briefs/{path.stem}.json"' in page
    river = json.loads((built.site / "api" / "briefs" / "river-commission.json").read_text())
    assert river["trend"] == "improving" and river["corrections"][0]["date"] == "2026-11-02"


def test_a_brief_says_how_to_cite_it(built: Project) -> None:
    page = (built.site / "briefs" / "river-commission" / "index.html").read_text(encoding="utf-8")
    url = "https://example-org.github.io/briefings-test/briefs/river-commission/"
    assert f"Test briefings. “The joint river commission”. Covers events up to 31 October 2026. {url}" in page
    bibtex = page.split("<pre><code>", 1)[1].split("</code></pre>", 1)[0]
    assert bibtex.startswith("@misc{river-commission-2026-10-31,\n")
    assert "  title = {{The joint river commission}},\n  author = {{Test briefings}},\n" in bibtex
    assert f"  url = {{{url}}},\n" in bibtex and "  year = {2026},\n" in bibtex


def test_a_status_shows_its_trend_and_when_it_was_assessed(built: Project) -> None:
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert 'class="trend trend--improving" href="methodology/#trend-improving"' in home
    assert 'class="trend trend--worsening"' in home
    assert "The briefs cover events up to 31 October 2026; the latest check was on" in home
    brief = (built.site / "briefs" / "river-commission" / "index.html").read_text(encoding="utf-8")
    assert 'Assessed on <time datetime="2026-11-01">1 November 2026</time>.' in brief
    grid = (built.site / "briefs" / "grid-interconnector" / "index.html").read_text(encoding="utf-8")
    assert "trend--" not in grid.split('class="brief-status"')[1].split("</p>")[0]  # none declared
    methodology = (built.site / "methodology" / "index.html").read_text(encoding="utf-8")
    for trend in ("improving", "steady", "worsening"):  # the starter's methodology defines them
        assert f'<dt id="trend-{trend}">' in methodology


def test_the_source_list_is_grouped_by_kind_and_publisher_with_counts(built: Project) -> None:
    page = (built.site / "sources" / "index.html").read_text(encoding="utf-8")
    counts = "Official documents and readouts (4), News reports (3), Analysis (1), Legal texts (1)."
    assert f"9 sources; {counts}" in page
    assert "1 of them read through a republished copy." in page
    kinds = re.findall(r'<h2 id="([^"]+)"', page)
    assert kinds == ["official-documents-and-readouts", "news-reports", "analysis", "legal-texts"]
    publishers = re.findall(r'<h3 class="source__publisher" id="publisher-[^"]+">([^<]+)</h3>', page)
    official = publishers[:4]
    assert official == sorted(official, key=str.casefold)  # by publisher within a kind
    basin = page.split(">Basin Wire</h3>", 1)[1].split("</ul>", 1)[0]
    dates = re.findall(r'<time datetime="([\d-]+)"', basin)
    assert dates == sorted(dates, reverse=True) and len(dates) == 2  # newest first
    assert 'href="#news-reports"' in page  # in the table of contents


def search_entries(project: Project) -> list[dict[str, str]]:
    index = json.loads((project.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries: list[dict[str, str]] = index["docs"]
    return entries


def test_search_entries_are_records_with_clean_text(built: Project) -> None:
    entries = search_entries(built)
    locations = [e["location"] for e in entries]
    # A publisher's name reaches its entry on the source list; an event's title, its entry.
    basin = next(e for e in entries if e["title"] == "Basin Wire")
    assert basin["location"].startswith("sources/#publisher-")
    event = [e for e in entries if e["title"] == "Flood-warning link goes live"]
    assert [e["location"] for e in event if e["location"].startswith("timeline/")] == [
        "timeline/2026/#title-2026-06-18-flood-warning-link-goes-live"
    ]
    assert any(loc.startswith("updates/#") for loc in locations)
    # Developer pages are not the reader's search; each event is found once on the timeline.
    assert not [loc for loc in locations if loc.startswith(("schema/", "contributing/"))]
    assert not [loc for loc in locations if loc.startswith(("timeline/#", "timeline/area/"))]
    for entry in entries:
        text = entry["title"] + " " + entry["text"]
        assert "[1]" not in text and "https://" not in text, entry  # no markers, no print-only URLs
        assert not re.search(r"\d{4}\d{1,2} [A-Z]", text), entry  # no date run into the next cell
        assert not re.search(r"[a-z](active|at risk|suspended)\b", entry["text"]), entry  # label into value


def test_the_page_not_found_offers_search_and_the_main_pages(built: Project) -> None:
    page = (built.site / "404.html").read_text(encoding="utf-8")
    assert '<form class="not-found__search" action="/briefings-test/" method="get" role="search">' in page
    assert '<input id="not-found-q" name="q" type="search" required>' in page
    for target in ("briefs/", "timeline/", "sources/", "updates/", "track-record/"):
        assert f'href="/briefings-test/{target}"' in page


def test_the_about_page_states_the_content_s_facts(built: Project) -> None:
    page = (built.site / "about" / "index.html").read_text(encoding="utf-8")
    assert "The briefs cover events from 1 May 2019 to 31 October 2026, the latest data cut-off." in page
    areas = re.findall(r'<li><a href="../areas/([a-z-]+)/">', page)
    assert areas and set(areas) == {a.name for a in (built.site / "areas").iterdir()}
