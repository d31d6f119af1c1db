"""The same briefings built by MkDocs, ProperDocs and Zensical: same pages, same facts, searchable.

Each engine builds the sample fixture site once per session (tests/engine_sites.py;
test_engine_contract.py checks what each engine object promises on the same builds).
All three are in requirements.txt, installed in the one .venv, so a missing engine
fails rather than skips.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.check.schema import Brief
from generator.project import Project
from generator.publish.engines import ENGINES, MKDOCS, PROPERDOCS, ZENSICAL, BuildError, Engine, run_engine
from generator.publish.engines.base import problems
from generator.publish.engines.zensical import rebase_html_links
from tests.conftest import FIXTURES, TODAY, copy_project
from tests.engine_sites import build_with, require

EACH = pytest.mark.parametrize("engine", ENGINES.values(), ids=list(ENGINES))


def site_of(engine_project: Project, engine: Engine, capsys: pytest.CaptureFixture[str]) -> Path:
    return build_with(engine_project, engine, TODAY.isoformat(), capsys).site


def pages(site: Path) -> set[str]:
    """The site's HTML pages, relative to its folder."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.mark.parametrize("engine", [PROPERDOCS, ZENSICAL], ids=lambda e: e.name)
def test_engine_builds_the_same_pages_as_mkdocs(
    engine_project: Project, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = pages(site_of(engine_project, MKDOCS, capsys))
    assert pages(site_of(engine_project, engine, capsys)) == reference


@EACH
def test_brief_pages_hold_title_status_and_citations(
    engine_project: Project, engine_briefs: list[Brief], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_of(engine_project, engine, capsys)
    for brief in engine_briefs:
        page = (site / "briefs" / brief.id / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert h1 is not None and brief.title in html.unescape(re.sub(r"<[^>]+>", "", h1[1]))
        assert f'class="badge badge--{brief.status}"' in page, brief.id
        assert re.search(r'<sup class="cite"[^>]*><a href="#', page), brief.id
        assert re.search(r'<li id="[a-z0-9-]*source-1"', page), brief.id


@EACH
def test_each_engine_builds_every_language(
    engine_project: Project, engine_briefs: list[Brief], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample declares `[en, fr]`: each engine builds the French site under `fr/`, with the
    same pages, in French, each switching to the same page in English."""
    site = site_of(engine_project, engine, capsys)
    english = {p for p in pages(site) if not p.startswith("fr/")}
    assert {p.removeprefix("fr/") for p in pages(site) if p.startswith("fr/")} == english
    for brief in engine_briefs:
        page = (site / "fr/briefs" / brief.id / "index.html").read_text(encoding="utf-8")
        assert '<html lang="fr"' in page, brief.id
        assert f'href="../../../briefs/{brief.id}/" hreflang="en"' in page, brief.id
        assert 'hreflang="x-default"' in page
    assert "La commission fluviale mixte" in (site / "fr/briefs/river-commission/index.html").read_text()


@EACH
def test_internal_links_of_generated_pages_resolve(
    engine_project: Project, engine_briefs: list[Brief], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_of(engine_project, engine, capsys)
    for rel in [f"briefs/{b.id}/index.html" for b in engine_briefs] + [
        "timeline/index.html",
        "sources/index.html",
    ]:
        page = (site / rel).read_text(encoding="utf-8")
        for href in re.findall(r'<a [^>]*href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]+)', page):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), html.unescape(href)))
            assert not target.startswith(".."), f"{rel}: {href} leaves the site"
            found = site / target
            where = f"{engine.name} {rel}: {href} -> {target}"
            assert found.is_file() or (found / "index.html").is_file(), where


@EACH
def test_search_index_finds_a_word_of_a_brief(
    engine_project: Project, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    site = site_of(engine_project, engine, capsys)
    hits = [d for d in engine.search_documents(site) if "salmon" in (d["title"] + d["text"]).lower()]
    assert hits, f"{engine.name}: no search entry mentions salmon"


@EACH
def test_no_font_of_a_third_party(
    engine_project: Project, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "fonts.googleapis.com" not in (site_of(engine_project, engine, capsys) / "index.html").read_text()


@pytest.mark.parametrize("engine", [PROPERDOCS, ZENSICAL], ids=lambda e: e.name)
def test_missing_engine_names_its_extra_and_the_sites_own_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_project: Project, engine: Engine
) -> None:
    make = shutil.which("make") or "make"
    monkeypatch.setattr("generator.publish.engines.base._installed", lambda module: False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(f"BRIEFINGS_{engine.name.upper()}", raising=False)
    with pytest.raises(BuildError, match=rf"{engine.name} is not installed") as missing:
        run_engine(engine_project.root, engine_project.config_file, tmp_path / "out", engine)
    hint = missing.value.hint or ""
    # Right in a site from `briefings init` (no engine but MkDocs there) and in this repository.
    assert f"pip install 'briefings[{engine.name}]'" in hint
    assert f"`briefings[{engine.name}]` for `briefings` in requirements.txt" in hint
    assert f"make site ENGINE={engine.name}" in hint and f"BRIEFINGS_{engine.name.upper()}" in hint
    assert "every engine" not in hint
    # What the hint names is there: the new site's Makefile passes ENGINE to each build.
    for target in ("site", "test"):
        dry = subprocess.run(
            [make, "-n", "-C", str(engine_project.root), target, f"ENGINE={engine.name}"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert f"briefings build --strict --engine {engine.name}" in dry.stdout or (
            target == "site" and f"briefings build --engine {engine.name}" in dry.stdout
        ), dry.stdout


@EACH
def test_every_engine_runs_from_the_generators_own_python(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(f"BRIEFINGS_{engine.name.upper()}", raising=False)
    assert engine.command() == [sys.executable, "-m", engine.name]


def test_engine_override_names_an_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "zensical-dev"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BRIEFINGS_ZENSICAL", str(fake))
    assert ZENSICAL.command() == [str(fake)]
    monkeypatch.setenv("BRIEFINGS_ZENSICAL", str(tmp_path / "missing"))
    with pytest.raises(BuildError, match=r"BRIEFINGS_ZENSICAL=.*missing is not an executable"):
        ZENSICAL.command()


def test_zensical_warns_of_what_it_drops_and_says_what_it_leaves_to_others() -> None:
    config = {
        "plugins": ["search", {"git-revision-date-localized": {}}],
        "validation": {"nav": {"x": "warn"}},
    }
    said = ZENSICAL.notices(config)
    assert [(w.path, w.message, w.severity) for w in said.warnings] == [
        (("plugins",), "zensical ignores plugins git-revision-date-localized", "warning"),
    ]
    assert said.infos == [
        "validation.nav: zensical does not check validation.nav (nav entries to missing pages); "
        "build with mkdocs to check the navigation"
    ]
    assert MKDOCS.notices(config) == PROPERDOCS.notices(config) == type(said)()
    assert ZENSICAL.notices({"plugins": ["search"]}) == type(said)()


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


@EACH
def test_strict_build_fails_on_a_broken_link_and_says_where(tmp_path: Path, engine: Engine) -> None:
    require(engine)
    small = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    assert cli.main(["--project", str(small.root), "--today", TODAY.isoformat(), "generate"]) == 0
    with (small.generated / "about.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the missing page](nothere.md).\n")
    with pytest.raises(BuildError, match=rf"(?s){engine.name} build failed:.*nothere\.md") as failed:
        run_engine(small.root, small.config_file, tmp_path / "out", engine)
    assert "Traceback" not in str(failed.value) and "\x1b[" not in str(failed.value)


def test_zensical_builds_into_a_folder_outside_the_project(tmp_path: Path) -> None:
    require(ZENSICAL)
    small = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    assert cli.main(["--project", str(small.root), "--today", TODAY.isoformat(), "generate"]) == 0
    run_engine(small.root, small.config_file, tmp_path / "elsewhere", ZENSICAL)
    assert (tmp_path / "elsewhere" / "briefs" / "overview" / "index.html").is_file()
    assert not list(small.root.glob(".site-build-*"))


def test_engine_failure_keeps_the_message_and_drops_progress_and_traceback() -> None:
    output = (
        "INFO    -  Cleaning site directory\nINFO    -  Pages not in nav:\n  - briefs/a.md\n"
        "Build started\nNo issues found\nTraceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n    build()\n'
        "RuntimeError: Search field 'text' exceeds the search index limit\n"
    )
    assert problems(output) == "RuntimeError: Search field 'text' exceeds the search index limit"
    assert problems("\x1b[33mWarning:\x1b[0m page does not exist\n") == "Warning: page does not exist"
