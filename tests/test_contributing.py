"""The site's Contributing page is rendered from the repository's CONTRIBUTING.md."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.pipeline import check, generate, rendering
from generator.project import Project
from generator.render.contributing import contributing_page
from generator.render.site import RenderError
from tests.conftest import TODAY

REPO = "https://github.com/o/r"


def test_links_are_rewritten_for_the_site() -> None:
    text = (
        "[m](docs/methodology.md#likelihood) [t](.github/PULL_REQUEST_TEMPLATE.md) "
        "[w](https://example.org/x) [a](#review-dates) [s](/abs)"
    )
    assert contributing_page(text, REPO, "main") == (
        "[m](methodology.md#likelihood) "
        "[t](https://github.com/o/r/blob/main/.github/PULL_REQUEST_TEMPLATE.md) "
        "[w](https://example.org/x) [a](#review-dates) [s](/abs)"
    )
    assert contributing_page("[t](CODEOWNERS)", None, "main") == "[t](CODEOWNERS)"


def pages(project: Project, today: dt.date = TODAY) -> dict[str, bytes]:
    """The generated folder as `briefings generate` writes it."""
    result = generate(project, today)
    assert not result.failed, result.diagnostics
    return {
        p.relative_to(project.generated).as_posix(): p.read_bytes()
        for p in project.generated.rglob("*")
        if p.is_file()
    }


def test_generated_contributing_page_is_contributing_md(minimal_project: Project) -> None:
    assert not (minimal_project.docs / "contributing.md").exists(), "one source: CONTRIBUTING.md"
    source = minimal_project.root / "CONTRIBUTING.md"
    source.write_text(source.read_text() + "\nSee [the method](docs/methodology.md) and [tests](Makefile).\n")
    page = pages(minimal_project)["contributing.md"].decode()
    # A developer page: out of the reader's search, then the file's own text.
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n\n# How to contribute\n")
    assert source.read_text().splitlines()[0] == "# How to contribute"
    assert "](methodology.md)" in page and "](docs/" not in page
    assert "](https://github.com/example-org/briefings-test/blob/main/Makefile)" in page


def test_contributing_links_to_an_unpublished_page_go_to_the_repository(minimal_project: Project) -> None:
    (minimal_project.docs / "notes.md").write_text("# Developer notes\n")
    config = minimal_project.config_file
    config.write_text(
        config.read_text().replace("docs_dir: generated", "exclude_docs: notes.md\ndocs_dir: generated")
    )
    source = minimal_project.root / "CONTRIBUTING.md"
    source.write_text(source.read_text() + "\nRead [the notes](docs/notes.md).\n")
    files = pages(minimal_project)
    assert "notes.md" not in files
    assert (
        "](https://github.com/example-org/briefings-test/blob/main/docs/notes.md)"
        in files["contributing.md"].decode()
    )


def test_a_second_contributing_page_in_docs_is_refused(minimal_project: Project) -> None:
    (minimal_project.docs / "contributing.md").write_text("# Old\n")
    result = check(minimal_project, TODAY)
    assert result.site is not None and result.config is not None
    with pytest.raises(RenderError, match=r"contributing\.md comes from CONTRIBUTING\.md"):
        rendering(minimal_project, result.site, result.config, None)
