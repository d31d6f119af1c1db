"""Reader features in the generated pages: review banner, edit and report links, filters, book."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from generator import cli
from generator.project import Project


def generate(project: Project, today: str) -> None:
    assert cli.main(["--project", str(project.root), "--today", today, "generate"]) == 0


def brief_page(project: Project, brief: str = "military-communications") -> str:
    return (project.generated / "briefs" / f"{brief}.md").read_text()


def test_banner_before_the_review_date(minimal_project: Project) -> None:
    generate(minimal_project, "2025-01-01")
    page = brief_page(minimal_project)
    assert '<p class="review-banner" data-review-by="2025-02-07"' in page
    # Before the date the banner is empty (hidden): the one line of dates says it all.
    banner = page.split('class="review-banner"')[1].split("\n")[0]
    assert banner.endswith("data-search-exclude data-pagefind-ignore></p>")
    dates = page.split('<p class="brief-dates"')[1].split("</p>")[0]
    assert (
        '<span>Covers events to <time datetime="2024-11-07">7 November 2024</time></span> '
        '<span>checked on <time datetime="2024-11-08">8 November 2024</time></span> '
        '<span>next review by <time datetime="2025-02-07">7 February 2025</time></span>'
    ) in dates
    assert "@defense-desk" not in page.split("## Summary")[0]  # the owners are at the foot of the page
    assert "Maintained by @defense-desk." in page
    assert "<strong>This brief may be out of date.</strong>" not in page  # only the script's words


def test_banner_after_the_review_date_warns(minimal_project: Project) -> None:
    generate(minimal_project, "2025-02-08")
    page = brief_page(minimal_project)
    assert '<p class="review-banner review-banner--overdue" data-review-by="2025-02-07"' in page
    assert "<strong>This brief may be out of date.</strong>" in page


def test_the_browser_script_is_included_for_sites_built_long_ago(minimal_project: Project) -> None:
    generate(minimal_project, "2025-01-01")
    script = (minimal_project.generated / "assets" / "briefings.js").read_text()
    assert "review-banner--overdue" in script and "data-review-by" in script
    assert "assets/briefings.js" in (minimal_project.root / "mkdocs.yml").read_text()


def test_edit_link_opens_the_yaml_source_and_report_link_prefills_an_issue(minimal_project: Project) -> None:
    generate(minimal_project, "2025-01-01")
    page = brief_page(minimal_project)
    repo = "https://github.com/example-org/briefings-test"
    assert (
        f'<a href="{repo}/edit/main/content/briefs/military-communications.yaml">Edit this brief</a>' in page
    )
    start = page.index(f'<a href="{repo}/issues/new?')
    href = page[start + 9 : page.index('"', start + 9)].replace("&amp;", "&")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    assert query["title"] == ["Problem in brief military-communications"]
    assert "Brief: military-communications" in query["body"][0]
    assert "https://example-org.github.io/briefings-test/briefs/military-communications/" in query["body"][0]


def test_badges_and_judgment_tags_link_to_their_definitions(minimal_project: Project) -> None:
    generate(minimal_project, "2025-01-01")
    page = brief_page(minimal_project, "overview")
    assert 'href="../../methodology/#status-at_risk"' in page
    assert 'href="../../methodology/#likelihood-likely" title="likely: 55–80% probability"' in page
    assert "(55–80%)" in page
    assert 'href="../../methodology/#confidence-moderate"' in page
    methodology = (minimal_project.generated / "methodology.md").read_text()  # the definitions expanded
    for anchor in (
        "status-active",
        "status-at_risk",
        "status-suspended",
        "status-ended",
        "likelihood-almost_no_chance",
        "likelihood-almost_certain",
        "confidence-low",
        "confidence-high",
    ):
        assert anchor in methodology


def test_timeline_has_filters_that_degrade_to_year_pages_and_area_links(minimal_project: Project) -> None:
    generate(minimal_project, "2025-01-01")
    page = (minimal_project.generated / "timeline.md").read_text()
    assert '<form class="timeline-filter" id="timeline-filter" hidden>' in page
    # The menu and the links without JavaScript lead to each area's own pages: every event of it.
    assert '<option value="../timeline/area/defense/">Defense</option>' in page
    assert '<a href="../timeline/area/defense/" data-area="defense">Defense</a>' in page
    assert '<a href="../timeline/2024/">2024</a>' in page
    assert page.count('<li class="event" id=') == 2
    year = (minimal_project.generated / "timeline" / "2024.md").read_text()
    assert year.count('<li class="event" id=') == 2
    area = (minimal_project.generated / "timeline" / "area" / "defense.md").read_text()
    assert area.count('<li class="event" id=') == 1
    assert '<strong aria-current="page">Defense</strong>' in area


def test_briefing_book_holds_every_brief_with_unique_anchors(minimal_project: Project) -> None:
    generate(minimal_project, "2025-01-01")
    book = (minimal_project.generated / "book.md").read_text()
    assert "## The relationship at the transition" in book
    assert "## Military\\-to\\-military communications" in book
    assert 'id="overview-source-1"' in book and 'id="military-communications-source-1"' in book
    assert 'href="#military-communications-source-1"' in book


def test_a_large_briefing_book_comes_in_parts(tmp_path: Path) -> None:
    from bench.corpus import write_project

    project = Project(write_project(tmp_path / "project", 120))
    generate(project, "2026-11-29")
    first = (project.generated / "book.md").read_text()
    assert "This is part 1." in first
    assert '<a href="../book/2/">2</a>' in first and '<a href="../book/3/">3</a>' in first
    third = (project.generated / "book" / "3.md").read_text()
    assert "This is part 3." in third and '<a href="../../book/">1</a>' in third
    books = [first] + [p.read_text() for p in (project.generated / "book").glob("*.md")]
    assert sum(b.count('<div class="brief-meta"') for b in books) == 120
