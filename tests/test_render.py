"""Rendering: golden Markdown for the minimal fixture, and escaping of untrusted text.

The expected pages live in `tests/golden/render/`.  After a deliberate template
change, regenerate them with `pytest tests/test_render.py --update-golden` and
read the diff before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import generate, rendering
from generator.render.fields import MarkdownRenderer, md_text
from generator.render.links import relative_url
from tests.conftest import TODAY, Project

GOLDEN = Path(__file__).parent / "golden" / "render"


def rendered_pages(project: Project) -> dict[str, str]:
    """The pages and exports as `briefings generate` writes them (its caches, its writer), twice:
    a cold run, then a run from the caches, which must write the same bytes."""
    result = generate(project, TODAY)
    assert not result.failed and result.site is not None and result.config is not None, result.diagnostics
    cold = {p: (project.generated / p).read_bytes() for p in _written(project)}
    shutil.rmtree(project.generated)  # every page rendered again, with every cache warm
    again = generate(project, TODAY)
    assert not again.failed and {p: (project.generated / p).read_bytes() for p in _written(project)} == cold
    files = rendering(project, result.site, result.config, None).files
    # the rendered pages and exports, not the copied files or the schemas
    copied = [
        o.path for o in files if o.path.startswith("schema/") or any(k.startswith("file:") for k in o.inputs)
    ]
    return {path: data.decode() for path, data in cold.items() if path not in copied}


def _written(project: Project) -> list[str]:
    return [p.relative_to(project.generated).as_posix() for p in project.generated.rglob("*") if p.is_file()]


def test_golden_pages(minimal_project: Project, update_golden: bool) -> None:
    pages = rendered_pages(minimal_project)
    if update_golden:
        for dest, text in pages.items():
            (GOLDEN / dest).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / dest).write_text(text)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected)
    for dest, text in pages.items():
        assert text == expected[dest], f"{dest} differs from tests/golden/render/{dest}"


def test_citations_are_numbered_and_listed(minimal_project: Project) -> None:
    page = rendered_pages(minimal_project)["briefs/military-communications.md"]
    assert '<a href="#source-1"' in page
    assert '<li id="source-1" value="1">INDOPACOM Public Affairs' in page


@pytest.mark.parametrize(
    "text, expected",
    [
        ("</a><script>alert(1)</script>", "&lt;/a&gt;&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("| broken | table |", "\\| broken \\| table \\|"),
        ("# not a heading", "\\# not a heading"),
        ("{{ 7*7 }}", "\\{\\{ 7\\*7 \\}\\}"),
        ("line\nbreak", "line break"),
    ],
)
def test_md_text_escapes_html_and_markdown(text: str, expected: str) -> None:
    assert str(md_text(text)) == expected


def test_markdown_fields_are_sanitized() -> None:
    render = MarkdownRenderer()
    html = str(
        render(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> "
            "[x](javascript:alert(1)) <iframe src=//evil></iframe> **bold**"
        )
    )
    for bad in ("<script", "onerror", "javascript:", "<iframe", "<img"):
        assert bad not in html
    assert "<strong>bold</strong>" in html


def test_relative_urls_between_pages() -> None:
    assert relative_url("briefs/climate.md", "sources/#src-a") == "../../sources/#src-a"
    assert relative_url("index.md", "briefs/climate/") == "briefs/climate/"
    assert relative_url("briefs/climate.md", "") == "../../"
    assert relative_url("timeline.md", "methodology/#statuses") == "../methodology/#statuses"
