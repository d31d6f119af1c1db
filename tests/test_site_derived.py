"""The site's pages about itself come from the site: the Schema reference's choices and examples,
the Contributing page's areas, the scaffold's examples; the site's own stylesheets and scripts
are linked from every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import cli
from generator.commands.scaffold import new_brief
from generator.project import Project
from tests.conftest import FIXTURES, TODAY, copy_project

PACKAGE_EXAMPLES = (
    "northland",
    "southland",
    "Example News Agency",
    "Jane Doe",
    "jane-doe",
    "Joint working group",
)
"""The package's own example values, which no page of another site may show."""


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


@pytest.fixture
def minimal(tmp_path: Path) -> Project:
    """A site whose parties, areas and records are not the starter's."""
    return copy_project(tmp_path / "site", FIXTURES / "minimal" / "content")


def cells(html: str) -> list[list[str]]:
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr><td>.*?</tr>", html)]


def test_the_schema_reference_shows_the_sites_words_and_records(minimal: Project) -> None:
    assert run(minimal, "generate") == 0
    page = (minimal.generated / "schema.md").read_text(encoding="utf-8")
    for foreign in PACKAGE_EXAMPLES:
        assert foreign not in page, foreign
    rows = {row[0]: row for row in cells(page)}
    # The word fields list the site's words; the party fields its parties.
    assert "one of: us, china, other" in page
    assert rows["<code>status</code>"][1].startswith("one of: active, at_risk")
    # Examples are the first value each field has in the site's records.
    brief_ids = sorted(p.stem for p in (minimal.content / "briefs").glob("*.yaml"))
    examples = {re.sub(r"</?code>", "", row[4]) for row in cells(page)}
    assert any(example in brief_ids for example in examples)
    sources = (minimal.content / "sources.yaml").read_text(encoding="utf-8")
    publishers = re.findall(r"publisher: \"?([^\"\n]+)", sources)
    assert any(f"<code>{p.strip()}</code>" in page for p in publishers), publishers
    # Descriptions' code spans are code, not raw backticks (the table is HTML).
    assert not any("`" in row[3] for row in cells(page))
    assert "<code>content/areas.yaml</code>" in page


def test_a_change_to_a_record_reaches_the_schema_reference(minimal: Project) -> None:
    assert run(minimal, "generate") == 0
    actors = minimal.content / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    first = re.search(r"name: (.+)", text)
    assert first is not None
    actors.write_text(text.replace(first[0], "name: Renamed Actor For The Reference", 1), encoding="utf-8")
    assert run(minimal, "generate") == 0
    assert "Renamed Actor For The Reference" in (minimal.generated / "schema.md").read_text(encoding="utf-8")


def test_a_sites_text_in_an_example_is_escaped(minimal: Project) -> None:
    actors = minimal.content / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    first = re.search(r"name: (.+)", text)
    assert first is not None
    actors.write_text(text.replace(first[0], 'name: "A <b>bold</b> name"', 1), encoding="utf-8")
    assert run(minimal, "generate") == 0
    page = (minimal.generated / "schema.md").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in page and "A &lt;b&gt;bold&lt;/b&gt; name" in page


def test_the_contributing_page_lists_the_sites_areas(tmp_path: Path) -> None:
    site = tmp_path / "new"
    assert cli.main(["--today", TODAY.isoformat(), "init", str(site)]) == 0
    project = Project(site)
    contributing = (site / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "--area water" not in contributing and "<!-- briefings:areas -->" in contributing
    areas = site / "content" / "areas.yaml"
    areas.write_text(
        areas.read_text(encoding="utf-8")
        .replace("id: water", "id: rivers")
        .replace("title: Water", "title: Rivers"),
        encoding="utf-8",
    )
    for brief in (site / "content" / "briefs").glob("*.yaml"):
        brief.write_text(
            brief.read_text(encoding="utf-8").replace("area: water", "area: rivers"), encoding="utf-8"
        )
    form = project.issue_form
    form.write_text(form.read_text(encoding="utf-8").replace("- water", "- rivers"), encoding="utf-8")
    assert run(project, "generate") == 0
    page = (project.generated / "contributing.md").read_text(encoding="utf-8")
    assert ">Rivers</a> (<code>rivers</code>)" in page
    assert "water" not in page.lower()


@pytest.mark.parametrize(("language", "brackets"), [("fr", "()"), ("zh", "（）")])
def test_the_contributing_page_names_no_area_in_any_language(
    tmp_path: Path, language: str, brackets: str
) -> None:
    site = tmp_path / "new"
    assert cli.main(["--today", TODAY.isoformat(), "init", str(site), "--language", language]) == 0
    assert "--area water" not in (site / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert run(Project(site), "generate") == 0
    listed = f"{brackets[0]}<code>water</code>{brackets[1]}"  # in the language's own brackets
    assert listed in (site / "generated" / "contributing.md").read_text(encoding="utf-8")


def test_the_scaffolds_examples_are_the_sites_words(minimal: Project) -> None:
    mkdocs = minimal.config_file
    text = mkdocs.read_text(encoding="utf-8")
    mkdocs.write_text(
        text.replace(
            "    likelihood_scale: icd203\n",
            "    likelihood_scale: phia\n"
            "    statuses:\n"
            "      - {id: meeting, definition: Met lately., colour: '#1b6e3a'}\n"
            "      - {id: stalled, definition: Not lately., colour: '#8a5a00'}\n",
            1,
        ),
        encoding="utf-8",
    )
    area = re.search(r"- id: (\S+)", (minimal.content / "areas.yaml").read_text(encoding="utf-8"))
    assert area is not None
    rel = new_brief(minimal, "new-talks", area[1], [], TODAY)
    written = (minimal.root / rel).read_text(encoding="utf-8")
    assert "#    status: meeting" in written and "status: active" not in written
    assert "#    likelihood: realistic_possibility" in written
    source = re.search(r"- id: (\S+)", (minimal.content / "sources.yaml").read_text(encoding="utf-8"))
    assert source is not None and f"#    sources: [{source[1]}]" in written
    assert "a-source-id" not in written


def test_the_sites_own_css_and_js_are_linked_from_every_page(minimal: Project) -> None:
    assets = minimal.templates / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "ours.css").write_text(":root { --party-us: #00808a; }\n")
    (assets / "ours.js").write_text("document.documentElement.dataset.ours = '1';\n")
    (assets / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    (assets / "briefings.css").write_text("/* the site's own copy of the package's CSS */\n")
    assert run(minimal, "build") == 0
    home = (minimal.site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    assert [link for link in links if not link.startswith("assets/stylesheets/")] == [
        "assets/briefings.css",
        "assets/ours.css",
    ]
    assert re.search(r'<script[^>]* src="assets/ours\.js"', home)
    assert "logo.svg" not in home  # published, not linked: only stylesheets and scripts are
    assert (minimal.site / "assets" / "logo.svg").is_file()
    brief = next((minimal.site / "briefs").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'href="../../assets/ours.css"' in brief
