"""The benchmark's synthetic corpus is valid content for this project's schema."""

from __future__ import annotations

import re
from pathlib import Path

from bench.corpus import brief_id, dump, make_brief, make_events, write_project
from generator.pipeline import check
from generator.project import Project
from tests.conftest import TODAY


def test_small_corpus_validates_without_errors_or_warnings(tmp_path: Path) -> None:
    project = Project(write_project(tmp_path / "project", 20))
    result = check(project, TODAY, strict=True)
    assert result.diagnostics == []
    assert result.site is not None
    assert len(result.site.briefs) == 20
    assert {b.area for b in result.site.briefs} == {a.id for a in result.site.areas}
    # Twenty events each, one of them shared with the brief before it: each shown once.
    assert len(result.site.events) == 20 * 20
    assert sum(len(ev.briefs) == 2 for ev in result.site.events) == 20


def test_corpus_is_deterministic_and_brief_sized() -> None:
    first = dump(make_brief(7, 1000))
    assert first == dump(make_brief(7, 1000))
    assert first != dump(make_brief(8, 1000))
    events = [dump(e) for e in make_events(7, 1000)]
    assert len(events) == 20
    size = len(first.encode()) + sum(len(e.encode()) for e in events)
    assert 11_000 < size < 18_000  # "about 14 KB of YAML", with its events
    assert brief_id(7) in first


def test_a_registry_of_thousands_of_sources_loads() -> None:
    # Plain (alias-free) values count once toward the loader's value limit.
    from bench.corpus import make_registries
    from generator.read.load import parse

    data, problems = parse(dump(make_registries(1000)["sources"]))
    assert problems == []
    assert len(data["sources"]) == 3000


def test_the_corpus_nav_lists_only_its_own_areas(tmp_path: Path) -> None:
    # The site's nav may name areas the corpus lacks; a strict build would fail on them.
    from bench.corpus import AREAS

    config = (write_project(tmp_path / "project", 6) / "mkdocs.yml").read_text()
    listed = set(re.findall(r"areas/([a-z0-9-]+)\.md", config))
    assert listed <= {a for a, _, _ in AREAS}


def test_the_two_language_corpus_declares_french_and_holds_translations(tmp_path: Path) -> None:
    project = Project(write_project(tmp_path / "project", 3, languages=2))
    assert "    languages: [en, fr]\n" in project.config_file.read_text()
    result = check(project, TODAY, strict=True)
    assert result.diagnostics == []  # every translation up to date, none malformed
    from generator.pipeline import translation_status

    status, _ = translation_status(project, TODAY)
    assert status is not None
    states = {u.state for u in status.units if u.language == "fr"}
    assert {"up to date", "missing"} <= states  # some units filled, the rest left to do
    filled = [u for u in status.units if u.state == "up to date"]
    assert len(filled) == 3 * 2 + 3 * 20  # two per brief, one per event
    one = Project(write_project(tmp_path / "one", 3))
    assert "    languages: [en]\n" in one.config_file.read_text()
