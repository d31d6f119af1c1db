"""The same briefings built by MkDocs, ProperDocs and Zensical: same pages, same facts, searchable.

Each engine builds once per session, on the real content when it exists
(else the two-brief fixture). All three are in requirements.txt, installed
in the one .venv, so a missing engine fails rather than skips.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.check.schema import Brief
from generator.errors import format_path
from generator.pipeline import check
from generator.project import Project
from generator.publish.engines import (
    ENGINE_NAMES,
    ENGINES,
    BuildError,
    command,
    read_engine_config,
    rebase_html_links,
    run_engine,
    search_documents,
    shortcomings,
)
from tests.conftest import FIXTURES, TODAY, copy_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One project copy whose generated folder every engine reads."""
    return copy_project(tmp_path_factory.mktemp("engines") / "project")


@pytest.fixture(scope="module")
def briefs(project: Project) -> list[Brief]:
    result = check(project, TODAY)
    assert result.site is not None, result.diagnostics
    return list(result.site.briefs)


def require(engine: str) -> None:
    """Fail, saying how to install it, when the engine is missing: the lock installs every engine."""
    try:
        command(ENGINES[engine])
    except BuildError as missing:
        pytest.fail(str(missing))


_built: dict[str, Path] = {}


def build_with(project: Project, engine: str, capsys: pytest.CaptureFixture[str] | None = None) -> Path:
    """Build the site with `engine` (once) and keep a copy of it; skip if the engine is missing."""
    if engine not in _built:
        require(engine)
        code = cli.main(
            ["--project", str(project.root), "--today", TODAY.isoformat(), "build", "--engine", engine]
        )
        assert code == 0, f"{engine} build failed"
        if capsys is not None:  # each shortcoming is said once, as a warning at its setting
            err = capsys.readouterr().err
            lacks = shortcomings(ENGINES[engine], read_engine_config(project.config_file))
            for lack in lacks:
                assert err.count(f"warning: {format_path(lack.path)}: {lack.message}\n") == 1, err
        keep = project.root.parent / f"site-{engine}"
        shutil.copytree(project.site, keep)
        _built[engine] = keep
    return _built[engine]


def pages(site: Path) -> set[str]:
    """The site's HTML pages, relative to its folder."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_engine_builds_every_expected_page(
    project: Project, briefs: list[Brief], engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = build_with(project, engine, capsys)
    expected = {"index.html", "timeline/index.html", "sources/index.html", "actors/index.html"}
    expected |= {f"briefs/{b.id}/index.html" for b in briefs}
    assert expected <= pages(site)


@pytest.mark.parametrize("engine", [e for e in ENGINE_NAMES if e != "mkdocs"])
def test_engine_builds_the_same_pages_as_mkdocs(project: Project, engine: str) -> None:
    reference = pages(build_with(project, "mkdocs"))
    assert pages(build_with(project, engine)) == reference


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_brief_pages_hold_title_status_and_citations(
    project: Project, briefs: list[Brief], engine: str
) -> None:
    site = build_with(project, engine)
    for brief in briefs:
        page = (site / "briefs" / brief.id / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert h1 is not None and brief.title in html.unescape(re.sub(r"<[^>]+>", "", h1[1]))
        assert f'class="badge badge--{brief.status}"' in page, brief.id
        assert '<sup class="cite"><a href="#' in page, brief.id
        assert re.search(r'<li id="[a-z0-9-]*source-1"', page), brief.id


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_internal_links_of_generated_pages_resolve(
    project: Project, briefs: list[Brief], engine: str
) -> None:
    site = build_with(project, engine)
    for rel in [f"briefs/{b.id}/index.html" for b in briefs] + ["timeline/index.html", "sources/index.html"]:
        page = (site / rel).read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]+)', page):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), html.unescape(href)))
            assert not target.startswith(".."), f"{rel}: {href} leaves the site"
            found = site / target
            assert found.is_file() or (found / "index.html").is_file(), f"{engine} {rel}: {href} -> {target}"


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_search_index_finds_a_word_of_a_brief(project: Project, engine: str) -> None:
    site = build_with(project, engine)
    hits = [d for d in search_documents(site, engine) if "salmon" in (d["title"] + d["text"]).lower()]
    assert hits, f"{engine}: no search entry mentions salmon"
    for hit in hits:
        page = site / hit["location"].partition("#")[0]
        assert (page / "index.html").is_file() or page.is_file(), hit["location"]


def test_missing_engine_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    monkeypatch.setattr("generator.publish.engines._installed", lambda module: False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BRIEFINGS_ZENSICAL", raising=False)
    with pytest.raises(BuildError, match=r"zensical is not installed") as missing:
        run_engine(project.root, project.config_file, tmp_path / "out", "zensical")
    assert re.search(r"make site.*requirements\.txt.*BRIEFINGS_ZENSICAL", missing.value.hint or "")


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_every_engine_runs_from_the_generators_own_python(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(f"BRIEFINGS_{engine.upper()}", raising=False)
    assert command(ENGINES[engine]) == [sys.executable, "-m", engine]


def test_engine_override_names_an_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "zensical-dev"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BRIEFINGS_ZENSICAL", str(fake))
    assert command(ENGINES["zensical"]) == [str(fake)]
    monkeypatch.setenv("BRIEFINGS_ZENSICAL", str(tmp_path / "missing"))
    with pytest.raises(BuildError, match=r"BRIEFINGS_ZENSICAL=.*missing is not an executable"):
        command(ENGINES["zensical"])


def test_zensical_names_what_it_drops_in_one_line() -> None:
    config = {
        "plugins": ["search", {"git-revision-date-localized": {}}],
        "validation": {"nav": {"x": "warn"}},
    }
    lacks = shortcomings(ENGINES["zensical"], config)
    assert [(lack.path, lack.message, lack.severity) for lack in lacks] == [
        (("plugins",), "zensical ignores plugins git-revision-date-localized", "warning"),
        (
            ("validation", "nav"),
            "zensical does not check validation.nav (nav entries to missing pages)",
            "warning",
        ),
    ]
    assert shortcomings(ENGINES["mkdocs"], config) == []
    assert shortcomings(ENGINES["zensical"], {"plugins": ["search"]}) == []


@pytest.mark.parametrize(
    ("dest", "link"),
    [
        ("briefs/overview.md", "../../methodology/#status-active"),
        ("briefs/overview.md", "../../api/briefs.json"),
        ("timeline.md", "../sources/#src-x"),
        ("schema.md", "brief.schema.json"),
        ("timeline.md", "./"),
    ],
)
def test_rebased_link_reaches_the_same_target(dest: str, link: str) -> None:
    stem = posixpath.basename(dest).removesuffix(".md")
    url_dir = posixpath.join(posixpath.dirname(dest), stem)
    out = rebase_html_links(f'<a href="{link}">x</a>', dest)
    rebased = re.fullmatch(r'<a href="([^"]*)">x</a>', out)
    assert rebased is not None
    read_by_browser = posixpath.normpath(posixpath.join(url_dir, link.partition("#")[0]))
    read_by_zensical = posixpath.normpath(
        posixpath.join(posixpath.dirname(dest), rebased[1].partition("#")[0])
    )
    assert read_by_zensical == read_by_browser
    assert rebased[1].partition("#")[1:] == link.partition("#")[1:]


def test_rebase_leaves_index_pages_absolute_links_and_code_alone() -> None:
    text = '<a href="../x/">a</a>\n'
    assert rebase_html_links(text, "briefs/index.md") == text
    kept = '<a href="https://example.org/">a</a> <a href="#n">b</a> <a href="/abs/">c</a>\n'
    assert rebase_html_links(kept, "timeline.md") == kept
    fenced = '```html\n<a href="../x/">a</a>\n```\n'
    assert rebase_html_links(fenced, "timeline.md") == fenced


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_strict_build_fails_on_a_broken_link_and_says_where(tmp_path: Path, engine: str) -> None:
    require(engine)
    small = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    assert cli.main(["--project", str(small.root), "--today", TODAY.isoformat(), "generate"]) == 0
    with (small.generated / "about.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the missing page](nothere.md).\n")
    with pytest.raises(BuildError, match=rf"(?s){engine} build failed:.*nothere\.md") as failed:
        run_engine(small.root, small.config_file, tmp_path / "out", engine)
    assert "Traceback" not in str(failed.value) and "\x1b[" not in str(failed.value)


def test_zensical_builds_into_a_folder_outside_the_project(tmp_path: Path) -> None:
    require("zensical")
    small = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    assert cli.main(["--project", str(small.root), "--today", TODAY.isoformat(), "generate"]) == 0
    run_engine(small.root, small.config_file, tmp_path / "elsewhere", "zensical")
    assert (tmp_path / "elsewhere" / "briefs" / "overview" / "index.html").is_file()
    assert not list(small.root.glob(".site-build-*"))


def test_engine_failure_keeps_the_message_and_drops_progress_and_traceback() -> None:
    from generator.publish.engines import _problems

    output = (
        "INFO    -  Cleaning site directory\nINFO    -  Pages not in nav:\n  - briefs/a.md\n"
        "Build started\nNo issues found\nTraceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n    build()\n'
        "RuntimeError: Search field 'text' exceeds the search index limit\n"
    )
    assert _problems(output) == "RuntimeError: Search field 'text' exceeds the search index limit"
    assert _problems("\x1b[33mWarning:\x1b[0m page does not exist\n") == "Warning: page does not exist"


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_header_links_the_repository_without_the_api_widget(project: Project, engine: str) -> None:
    """The package's `partials/source.html` replaces the theme's: a plain link, no script hook."""
    page = (build_with(project, engine) / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]*)"[^>]*class="md-source"[^>]*>', page)
    assert link is not None and link[1] == read_engine_config(project.config_file)["repo_url"]
    assert 'data-md-component="source"' not in page
    assert "fonts.googleapis.com" not in page
