"""The real site engine on a fixture site (the sample: three parties): pages, HTML and the search index."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from tests.conftest import TODAY

BRIEFS = ["river-commission", "fisheries-talks", "grid-interconnector"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build", "--strict"])
    assert code == 0
    return project


def page(project: Project, rel: str) -> str:
    return (project.site / rel).read_text()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_type_exists(built: Project) -> None:
    for rel in (
        "index.html",
        "timeline/index.html",
        "sources/index.html",
        "actors/index.html",
        "briefs/index.html",
        "methodology/index.html",
        "about/index.html",
    ):
        assert (built.site / rel).is_file(), rel
    for brief in BRIEFS:
        assert (built.site / "briefs" / brief / "index.html").is_file(), brief


@pytest.mark.parametrize("brief", BRIEFS)
def test_brief_page_has_status_dates_and_numbered_sources(built: Project, brief: str) -> None:
    html = page(built, f"briefs/{brief}/index.html")
    assert re.search(r'class="badge badge--(active|at_risk|suspended|ended)"', html)
    for label in ("Covers events to", "checked on", "next review by"):  # one line of dates
        assert label in html
    assert '<li id="source-1" value="1">' in html
    assert 'href="#source-1"' in html
    assert "Edit this brief" in html
    assert f"/edit/main/content/briefs/{brief}.yaml" in html


def test_home_dashboard_lists_every_brief_and_channel(built: Project) -> None:
    html = page(built, "index.html")
    rows = re.findall(r'<tr class="dashboard__brief" data-status="([a-z_]+)">', html)
    assert len(rows) == len(BRIEFS)
    for brief in BRIEFS:
        assert f'href="briefs/{brief}/"' in html


EVENT_DATE = (
    r'<li class="event"[^>]*>\s*<p class="event__date"[^>]*><a class="event__anchor"[^>]*>'
    r'<time datetime="([-0-9]+)"'
)
"""The date of each event of a timeline page."""


def test_timeline_is_in_date_order(built: Project) -> None:
    html = page(built, "timeline/index.html")
    dates = re.findall(EVENT_DATE, html)
    assert len(dates) == 7
    assert dates == sorted(dates, reverse=True)  # newest first
    years = sorted({d[:4] for d in dates}, reverse=True)
    on_year_pages = []
    for year in years:
        html = page(built, f"timeline/{year}/index.html")
        on_year_pages += re.findall(EVENT_DATE, html)
    assert on_year_pages == dates


def test_sources_page_lists_where_each_source_is_cited(built: Project) -> None:
    html = page(built, "sources/index.html")
    entries = re.findall(r'<li id="src-([a-z0-9-]+)">', html)
    assert len(entries) == 9
    assert "Cited in: no brief" not in html


@pytest.mark.parametrize(
    "words, brief",
    [
        ("hydrology", "river-commission"),
        ("Tomas Okafor", "river-commission"),
        ("salmon", "fisheries-talks"),
        ("interconnector", "grid-interconnector"),
    ],
)
def test_search_index_finds_words_of_each_area(built: Project, words: str, brief: str) -> None:
    index = json.loads(page(built, "search/search_index.json"))
    hits = {d["location"].split("#")[0] for d in index["docs"] if words.lower() in d["text"].lower()}
    assert f"briefs/{brief}/" in hits


def test_search_index_holds_text_from_every_brief(built: Project) -> None:
    index = json.loads(page(built, "search/search_index.json"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for brief in BRIEFS:
        assert f"briefs/{brief}/" in locations


def test_navigation_shows_the_sections(built: Project) -> None:
    nav = text_of(page(built, "index.html"))
    for section in ("Briefs", "Timeline", "Sources", "Actors", "Track record"):
        assert section in nav


def test_failed_build_keeps_the_previous_site(built: Project, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in built.site.rglob("*") if p.is_file()}
    brief = built.content / "briefs" / "fisheries-talks.yaml"
    original = brief.read_text()
    brief.write_text(original.replace("status:", "status: [", 1))
    try:
        code = cli.main(["--project", str(built.root), "--today", TODAY.isoformat(), "build"])
    finally:
        brief.write_text(original)
    assert code == 1
    assert {p: p.read_bytes() for p in built.site.rglob("*") if p.is_file()} == before


def test_every_page_has_one_site_name_in_its_title_and_the_feed_link(built: Project) -> None:
    for rel in ("index.html", "briefs/index.html", f"briefs/{BRIEFS[0]}/index.html", "timeline/index.html"):
        html = page(built, rel)
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title is not None and title[1].count("Test briefings") == 1, (rel, title)
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml" [^>]*href="[./]*feed\.xml"', html
        )


def test_the_footer_names_the_site_and_its_latest_data_cut_off(built: Project) -> None:
    footer = text_of(page(built, "index.html").split('<div class="md-copyright">')[1].split("</div>")[0])
    assert "Test briefings" in footer
    # The latest `as_of` of the fixture's briefs.
    assert "Latest data cut-off: 31 October 2026" in footer
    assert "Made with" not in footer


def test_the_footer_shows_the_licence_a_site_declares(tmp_path: Path) -> None:
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "    edit_branch: main\n", "    edit_branch: main\n    licence: CC BY 4.0 {{ x }}\n"
        )
    )
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"]) == 0
    footer = text_of(page(project, "index.html").split('<div class="md-copyright">')[1].split("</div>")[0])
    # Braces stay text: the theme's own template engine does not run them.
    assert "Licence: CC BY 4.0 {{ x }}" in html.unescape(footer)


def test_search_indexes_brief_text_not_metadata_nor_aggregate_pages(built: Project) -> None:
    index = json.loads(page(built, "search/search_index.json"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    # The briefing book repeats the briefs and the latest events and area timelines repeat
    # the year pages: each record is found once, where it lives.
    for aggregate in ("timeline/", "book/"):
        assert aggregate not in pages
    assert not any(p.startswith("timeline/area/") for p in pages)
    assert {"sources/", "updates/"} <= pages and any(re.fullmatch(r"timeline/\d{4}/", p) for p in pages)
    # The actors page is indexed per actor: a hit on a name lands on that actor.
    actors = {d["location"]: d["title"] for d in index["docs"] if d["location"].startswith("actors/#actor-")}
    assert "Tomas Okafor" in actors.values()
    for doc in index["docs"]:
        if doc["location"].startswith("briefs/") and "#" not in doc["location"]:
            assert "Data cut-off" not in doc["text"] and "Owners" not in doc["text"], doc["text"][:200]


def test_scripts_wait_for_the_page_and_no_web_font_is_requested_by_the_starter(built: Project) -> None:
    html = page(built, "index.html")
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"[^\"]+\"[^>]*>", html)
    assert scripts and all(" defer " in s for s in scripts), scripts
    assert "fonts.googleapis.com" not in html
