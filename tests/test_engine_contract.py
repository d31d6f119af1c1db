"""What every engine object promises, checked the same way for each on a real strict build.

The sample fixture site (as `briefings init` writes it, three parties) is
built with `briefings build --strict --engine <name>`; then, for each engine:
every page is there, its search index is where the object says and reads as
the object says, the generator's theme overrides and the article Pagefind
indexes are in the pages, the installed version is in the tested range (and
one outside it is a positioned diagnostic, not a build), and its notices are
classified: what it leaves to other checks is said and passes `--strict`,
what it ignores fails it.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import pytest

from generator import cli
from generator.check.schema import Brief
from generator.commands import serve
from generator.project import Project
from generator.publish.engines import ENGINES, MKDOCS, Engine, read_engine_config
from generator.publish.pagebuild import PageBuilder
from tests.conftest import FIXTURES, TODAY, copy_project
from tests.engine_sites import build_with, require, snapshot

EACH = pytest.mark.parametrize("engine", ENGINES.values(), ids=list(ENGINES))


@EACH
def test_every_page_is_built(
    engine_project: Project, engine_briefs: list[Brief], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    site = build_with(engine_project, engine, TODAY.isoformat(), capsys).site
    expected = {"index.html", "timeline/index.html", "sources/index.html", "actors/index.html"}
    expected |= {f"briefs/{b.id}/index.html" for b in engine_briefs}
    assert expected <= {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@EACH
def test_search_index_is_where_the_engine_says(
    engine_project: Project, engine_briefs: list[Brief], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    site = build_with(engine_project, engine, TODAY.isoformat(), capsys).site
    assert (site / engine.search_index).is_file()
    entries = list(engine.search_documents(site))
    assert entries and all({"location", "title", "text"} <= set(e) for e in entries)
    for brief in engine_briefs:
        hits = [e for e in entries if brief.title in e["title"]]
        assert hits, f"{engine.name}: no search entry titled {brief.title!r}"
        page = site / hits[0]["location"].partition("#")[0]
        assert (page / "index.html").is_file() or page.is_file(), hits[0]["location"]


@EACH
def test_theme_overrides_and_the_indexed_article_are_in_the_pages(
    engine_project: Project, engine_briefs: list[Brief], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    site = build_with(engine_project, engine, TODAY.isoformat(), capsys).site
    home = (site / "index.html").read_text(encoding="utf-8")
    # generator/theme/partials/source.html: a plain link to the repository, no script hook.
    link = re.search(r'<a href="([^"]*)"[^>]*class="md-source"[^>]*>', home)
    assert link is not None and link[1] == read_engine_config(engine_project.config_file)["repo_url"]
    assert 'data-md-component="source"' not in home
    tag, _, cls = engine.article_selector.partition(".")
    for brief in engine_briefs:
        page = (site / "briefs" / brief.id / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<{tag}\b[^>]*class="[^"]*\b{re.escape(cls)}\b', page), (engine.name, brief.id)


@EACH
def test_installed_version_is_in_the_tested_range(engine: Engine) -> None:
    require(engine)
    assert engine.version_problem() is None


@EACH
def test_a_version_outside_the_range_is_a_diagnostic_not_a_build(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    small = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    argv = ["--project", str(small.root), "--today", TODAY.isoformat(), "build", "--engine", engine.name]
    assert cli.main(argv) == 0
    before = snapshot(small.site)
    moved = engine.requirements[0].name
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda n: "99.0" if n == moved else real(n))
    capsys.readouterr()
    assert cli.main([*argv, "--format", "json"]) == 1
    [found] = [d for d in json.loads(capsys.readouterr().out) if d["severity"] == "error"]
    assert (found["file"], found["line"], found["path"]) == ("mkdocs.yml", 1, "engine")
    assert f"{moved} 99.0 is installed" in found["message"]
    assert str(engine.requirements[0]) in found["message"]
    assert engine.install_command() in found["hint"]
    assert snapshot(small.site) == before


@EACH
def test_notices_are_classified(
    engine_project: Project, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fixture's mkdocs.yml sets validation.nav: an engine that does not check it says so, as info."""
    built = build_with(engine_project, engine, TODAY.isoformat(), capsys)  # a --strict build: it passed
    notices = engine.notices(read_engine_config(engine_project.config_file))
    assert not notices.warnings
    for info in notices.infos:
        assert built.err.count(f"briefings: {info}\n") == 1, built.err
    assert "warning:" not in built.err
    assert bool(notices.infos) is (not engine.checks_nav)


@pytest.mark.parametrize(
    "engine", [e for e in ENGINES.values() if e.plugins is not None], ids=lambda e: e.name
)
def test_a_plugin_the_engine_ignores_fails_a_strict_build(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require(engine)
    small = copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
    config = small.config_file
    config.write_text(config.read_text().replace("\nplugins:\n", "\nplugins:\n  - no-such-plugin\n", 1))
    argv = ["--project", str(small.root), "--today", TODAY.isoformat(), "build", "--engine", engine.name]
    assert cli.main([*argv, "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"warning: plugins: {engine.name} ignores plugins no-such-plugin" in err
    assert not small.site.exists()
    assert cli.main(argv) == 0  # not strict: built, the warning said


def test_the_preview_refuses_a_version_its_page_builder_does_not_follow(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """publish/pagebuild.py follows MkDocs 1.6.1's build step by step: another MkDocs is refused."""
    assert PageBuilder.engine is MKDOCS
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda n: "1.7.0" if n == "mkdocs" else real(n))
    assert serve.serve(minimal_project, TODAY, 0) == 1
    err = capsys.readouterr().err
    assert "mkdocs 1.7.0 is installed; the generator is tested with mkdocs<1.7,>=1.6.1" in err
    assert "pip install briefings" in err
    assert not list(minimal_project.root.glob(".briefings-preview-*"))
