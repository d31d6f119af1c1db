"""Hostile content cannot script the site: a payload in every text field, built with the real engine.

Two copies of the project are built: one with the content as it is, one with
a payload from `tests/injection.py` in every free-text field (and a git
history, so the updates page and the feed carry payloads too).  Every page
of the hostile build must hold exactly the scripts, event handlers and
embedded elements (the theme's SVG icons) of the same page in the clean
build; plain-text payloads must be readable as text; the search index, the
feed and the exports must be escaped or carry the data unchanged.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.project import Project
from generator.render.exports import spreadsheet_safe
from tests.conftest import TODAY, copy_project
from tests.injection import (
    PAYLOADS,
    Injected,
    Scan,
    content_source,
    inject_content,
    iter_pages,
    scan_html,
    visible,
)


@dataclass
class Built:
    """The hostile build, the clean build of the same content, and what was injected."""

    project: Project
    clean: Project
    record: Injected


def git_commit(root: Path, message: str, when: str) -> None:
    """Commit everything under `root` (a new repository if needed) at a fixed date."""
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    ident = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", *ident, "commit", "-q", "-m", message], cwd=root, check=True, env=env)


def build(project: Project) -> None:
    """`briefings build` on a project copy, in-process."""
    code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"])
    assert code == 0, f"build of {project.root} failed"


def build_hostile(base: Path) -> Built:
    """Build the clean and the hostile copy of the content under `base`."""
    source = content_source()
    record = inject_content(source, base / "hostile-content")
    clean = copy_project(base / "clean", source)
    build(clean)
    project = copy_project(base / "project", source)
    git_commit(project.root, "clean content", "2026-11-01T12:00:00+00:00")
    for path in sorted((base / "hostile-content").rglob("*.yaml")):
        rel = path.relative_to(base / "hostile-content")
        (project.content / rel).write_bytes(path.read_bytes())
    git_commit(project.root, "hostile content </title><script>alert(1)</script>", "2026-11-02T12:00:00+00:00")
    build(project)
    return Built(project, clean, record)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_hostile(tmp_path_factory.mktemp("injection"))


def dangerous(scan: Scan) -> dict[str, Counter[str]]:
    """What content must not add to a page, as counts to compare with the clean page."""
    return {
        "scripts": Counter(scan.scripts),
        "handlers": Counter(scan.handlers),
        "forbidden": Counter(scan.forbidden),
        "script URLs": Counter(scan.script_urls),
    }


def test_the_corpus_is_large_and_every_payload_is_placed(hostile: Built) -> None:
    assert len(PAYLOADS) >= 30
    placed = " ".join(p for _, p in hostile.record.plain + hostile.record.markdown)
    assert all(p in placed for p in PAYLOADS)
    kinds = {where.split(".")[-1].split("[")[0] for where, _ in hostile.record.plain}
    assert {"title", "status_note", "name", "role", "publisher", "via", "description"} <= kinds


def test_every_page_holds_only_the_themes_scripts_and_elements(hostile: Built) -> None:
    clean = dict(iter_pages(hostile.clean.site))
    pages = dict(iter_pages(hostile.project.site))
    assert set(pages) >= set(clean)
    problems = []
    for rel, text in pages.items():
        scan = scan_html(text)
        assert not scan.handlers and not scan.script_urls, (rel, scan.handlers, scan.script_urls)
        assert "iframe" not in scan.forbidden, rel
        assert all("alert" not in s for s in scan.scripts), rel
        if rel in clean and dangerous(scan) != dangerous(scan_html(clean[rel])):
            problems.append(rel)
    assert not problems, f"pages with injected scripts or elements: {problems}"


def site_text(site: Path) -> str:
    """All text a reader sees on all pages, plus every page's <title>."""
    parts = []
    for _, text in iter_pages(site):
        scan = scan_html(text)
        parts += [*scan.text, scan.title]
    return visible(" ".join(parts))


def test_plain_text_payloads_read_as_text(hostile: Built) -> None:
    text = site_text(hostile.project.site)
    missing = [(where, p) for where, p in hostile.record.plain if visible(p) not in text]
    assert not missing, f"{len(missing)} payloads not shown as text, e.g. {missing[:3]}"
    # Template syntax in content stays literal: no template is built from content.
    assert "{{ 7*7 }}" in text and "{% raw %}" in text


def test_titles_are_escaped_in_the_html_title_and_header(hostile: Built) -> None:
    for path in sorted((hostile.project.content / "briefs").glob("*.yaml")):
        brief = yaml.safe_load(path.read_text(encoding="utf-8"))
        html = (hostile.project.site / "briefs" / brief["id"] / "index.html").read_text(encoding="utf-8")
        scan = scan_html(html)
        assert scan.title.startswith(visible(brief["title"]) + " - "), brief["id"]
        assert visible(brief["title"]) in visible(" ".join(scan.text)), brief["id"]


def test_the_search_index_holds_escaped_html(hostile: Built) -> None:
    index = json.loads((hostile.project.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = []
    for doc in index["docs"]:
        for part in (doc["title"], doc["text"]):
            scan = scan_html(part)
            assert not (scan.scripts or scan.handlers or scan.forbidden or scan.script_urls), doc["location"]
            texts += scan.text
    found = visible(" ".join(texts))
    missing = [(w, p) for w, p in hostile.record.plain if visible(p) not in found]
    assert not missing, f"{len(missing)} payloads missing from the search index, e.g. {missing[:3]}"


def test_feed_carries_payloads_as_escaped_text(hostile: Built) -> None:
    raw = (hostile.project.site / "feed.xml").read_text(encoding="utf-8")
    assert "<script" not in raw and "<svg" not in raw and "<iframe" not in raw
    feed = ET.fromstring(raw)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", "", ns) for e in feed.findall("a:entry", ns)]
    assert titles, "the hostile commit should produce feed entries"
    briefs = [yaml.safe_load(p.read_text()) for p in (hostile.project.content / "briefs").glob("*.yaml")]
    assert any(t.startswith(b["title"] + ": ") for t in titles for b in briefs)


def test_json_export_is_inert_and_exact(hostile: Built) -> None:
    raw = (hostile.project.site / "api" / "briefs.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw
    exported = {b["id"]: b for b in json.loads(raw)["briefs"]}
    for path in sorted((hostile.project.content / "briefs").glob("*.yaml")):
        brief = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert exported[brief["id"]]["title"] == brief["title"]
        assert exported[brief["id"]]["summary"] == brief["summary"]


def test_timeline_csv_keeps_titles_exactly(hostile: Built) -> None:
    with (hostile.project.site / "api" / "timeline.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    titles = {row["title"] for row in rows}
    for path in sorted((hostile.project.content / "briefs").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("timeline", []):
            # exactly, but for the quote that keeps a spreadsheet from running a formula
            assert spreadsheet_safe(entry["title"]) in titles


def test_no_data_file_of_the_site_carries_raw_markup(hostile: Built) -> None:
    site = hostile.project.site
    data_files = [
        p for p in sorted(site.rglob("*")) if p.suffix in (".json", ".xml") and "assets" not in p.parts
    ]
    assert len(data_files) >= 4
    for path in data_files:
        raw = path.read_text(encoding="utf-8").lower()
        for tag in ("<script", "<iframe", "<svg", "<img", "<object"):
            assert tag not in raw, f"{path.relative_to(site)} holds {tag}"
