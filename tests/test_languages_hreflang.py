"""`hreflang` alternates of a site in several languages, read from every built page: absolute
(search engines ignore relative ones), each naming a page that exists in its language, the
same set on each of those pages (reciprocal), with `x-default`; none without `site_url`.

The sample fixture declares `[en, fr]`; its `site_url` is the test repository's Pages address.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator import cli
from generator.project import Project
from tests.conftest import TODAY, copy_project

LANGUAGES = ("en", "fr")
NOT_PAGES = {"404.html"}
"""The page-not-found page is no page's counterpart: it has no alternates."""


class _Alternates(HTMLParser):
    """Each `<link rel="alternate" hreflang>` of a page's head, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "link" and named.get("rel") == "alternate" and "hreflang" in named:
            self.found.append((named["hreflang"] or "", named.get("href") or ""))


def alternates(page: Path) -> list[tuple[str, str]]:
    parser = _Alternates()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


def pages(site: Path) -> list[str]:
    """Every HTML page of every language, relative to the site folder."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name not in NOT_PAGES and "pagefind" not in p.parts
    )


def site_url(project: Project) -> str:
    config = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return str(config["site_url"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("hreflang") / "site")
    assert run(project, "build", "--strict") == 0
    return project


def test_every_page_names_itself_in_each_language_absolutely_and_reciprocally(built: Project) -> None:
    base = site_url(built)
    assert urlsplit(base).scheme == "https" and urlsplit(base).path.endswith("/")
    checked = 0
    for rel in pages(built.site):
        links = alternates(built.site / rel)
        assert [lang for lang, _ in links] == [*LANGUAGES, "x-default"], rel
        named = dict(links)
        for lang, href in links:
            assert href.startswith(base), (rel, lang, href)  # absolute, on the published host
            target = href.removeprefix(base)
            path = target + "index.html" if target.endswith("/") or not target else target
            assert (built.site / path).is_file(), (rel, lang, href)  # a page that exists
            assert path.startswith("fr/") == (lang == "fr"), (rel, lang, href)  # in that language
            assert alternates(built.site / path) == links, (rel, lang)  # which names the same set
        here = rel.removeprefix("fr/")
        assert named["x-default"] == named["en"] == base + here.removesuffix("index.html")
        assert named["fr"] == f"{base}fr/{here.removesuffix('index.html')}"
        checked += 1
    assert checked > 20  # briefs, areas, timeline, sources, ... in both languages


def test_no_relative_alternate_and_none_on_the_not_found_page(built: Project) -> None:
    for rel in ("404.html", "fr/404.html"):
        assert alternates(built.site / rel) == []
    html = (built.site / "briefs/river-commission/index.html").read_text(encoding="utf-8")
    theirs = re.findall(r'<link rel="alternate" href="[^"]*" hreflang', html)  # the theme's home links
    assert theirs == []


def test_without_site_url_validate_warns_no_alternate_is_printed_and_the_switcher_leads_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "site")
    text = project.config_file.read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^site_url: .*\n", "", text)
    assert found == 1
    project.config_file.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith("languages:"))
    capsys.readouterr()
    assert run(project, "validate") == 0
    assert run(project, "validate", "--strict") != 0
    err = capsys.readouterr().err
    assert f"mkdocs.yml:{line}:" in err and "warning: extra.briefings.languages: " in err, err
    assert "sets no `site_url`" in err and "hint: set `site_url`" in err
    assert run(project, "build") == 0
    for rel in pages(project.site):
        assert alternates(project.site / rel) == [], rel
    html = (project.site / "fr/briefs/river-commission/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../briefs/river-commission/" hreflang="en"' in html
