"""Every internal link and anchor of the built site resolves, with clean and with hostile content."""

from __future__ import annotations

import html.parser
import posixpath
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator import cli
from generator.config import read_config
from generator.project import Project
from tests.conftest import TODAY, copy_project
from tests.injection import content_source
from tests.test_injection import build_hostile

LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "form": "action"}


@dataclass
class PageLinks:
    """The links a page makes, and the ids it offers as anchors."""

    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _LinkParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        for key in ("id", "name") if tag in ("a", "input") else ("id",):
            if key in values:
                self.page.ids.add(values[key])
        if tag in LINK_ATTRS and LINK_ATTRS[tag] in values:
            self.page.links.append(values[LINK_ATTRS[tag]])


def parse(path: Path) -> PageLinks:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def resolve(site: Path, site_url: str, page: str, link: str) -> tuple[str, str] | None:
    """(site file, fragment) a link points to, or None for a link off the site."""
    base = urllib.parse.urlsplit(site_url)
    parts = urllib.parse.urlsplit(link)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None
        path = parts.path[len(base.path) :]
    elif parts.path.startswith("/"):
        if not parts.path.startswith(base.path):
            return ("<outside the site>" + parts.path, "")
        path = parts.path[len(base.path) :]
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path) if parts.path else page
    directory = path.endswith("/") or path in ("", ".")
    path = posixpath.normpath(urllib.parse.unquote(path or "."))
    if directory or (site / path).is_dir():
        path = posixpath.join(path, "index.html")
    return posixpath.normpath(path), urllib.parse.unquote(parts.fragment)


def broken_links(site: Path, site_url: str) -> tuple[int, list[str]]:
    """How many internal links the site has, and which do not resolve to a file and an id."""
    pages = {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}
    checked, broken = 0, []
    for page, found in pages.items():
        for link in found.links:
            target = resolve(site, site_url, page, link)
            if target is None:
                continue
            checked += 1
            path, fragment = target
            if not (site / path).is_file():
                broken.append(f"{page}: {link} -> missing file {path}")
            elif fragment and path in pages and fragment not in pages[path].ids:
                broken.append(f"{page}: {link} -> no id {fragment!r} in {path}")
    return checked, broken


def build(project: Project) -> Project:
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"]) == 0
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Project]:
    base = tmp_path_factory.mktemp("links")
    return {
        "content": build(copy_project(base / "clean", content_source())),
        "hostile content": build_hostile(base / "hostile").project,
    }


@pytest.mark.parametrize("which", ["content", "hostile content"])
def test_every_internal_link_and_anchor_resolves(sites: dict[str, Project], which: str) -> None:
    project = sites[which]
    site_url = read_config(project.config_file, TODAY).site_url
    checked, broken = broken_links(project.site, site_url)
    assert checked > 500
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(broken[:15])


def test_the_checker_finds_broken_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#x">ok</a><a href="b/">no</a><a href="#y">no</a>'
    )
    (site / "a" / "index.html").write_text(
        '<h2 id="x">x</h2><a href="../index.html#z">no</a><a href="https://x.org/">off</a>'
    )
    checked, broken = broken_links(site, "https://example.org/")
    assert checked == 5
    assert sorted(b.split(" -> ")[1] for b in broken) == [
        "missing file b/index.html",
        "no id 'y' in index.html",
        "no id 'z' in index.html",
    ]


def test_mkdocs_runs_in_strict_mode() -> None:
    from tests.conftest import ROOT

    text = (ROOT / "mkdocs.yml").read_text()
    assert "\nstrict: true\n" in text


def test_a_source_list_in_parts_keeps_every_citation_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three sources a page: the sample's sources fill several parts, each citation links to its part.
    monkeypatch.setattr("generator.model.SOURCE_PART_SIZE", 3)
    project = build(copy_project(tmp_path / "parts", content_source()))
    parts = sorted((project.site / "sources").glob("*/index.html"))
    assert len(parts) >= 2, "the sample's sources fit in one part of three"
    first = (project.site / "sources" / "index.html").read_text(encoding="utf-8")
    assert first.count('<li id="src-') == 3 and 'sources/2/">2</a>' in first
    site_url = read_config(project.config_file, TODAY).site_url
    _, broken = broken_links(project.site, site_url)
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(broken[:15])
    later = [p for p in project.site.rglob("*.html") if "sources/2/#src-" in p.read_text(encoding="utf-8")]
    assert later, "no page links to a source on the second part"
