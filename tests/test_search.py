"""The search option (`extra.briefings.search`): which search a site gets, and what a Pagefind build holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.config import load_config
from generator.project import Project
from generator.publish import search
from generator.publish.engines import MKDOCS, ZENSICAL
from tests.conftest import TODAY


def set_search(project: Project, value: str) -> None:
    """Write `extra.briefings.search: value` into the site's mkdocs.yml."""
    text = re.sub(r"\n    search: .*", "", project.config_file.read_text())
    assert "\n  briefings:\n" in text
    project.config_file.write_text(
        text.replace("\n  briefings:\n", f"\n  briefings:\n    search: {value}\n", 1)
    )


@pytest.mark.parametrize(
    ("setting", "briefs", "chosen"),
    [
        ("lunr", 5000, "lunr"),
        ("pagefind", 1, "pagefind"),
        ("auto", 1, "lunr"),
        ("auto", search.PAGEFIND_FROM_BRIEFS - 1, "lunr"),
        ("auto", search.PAGEFIND_FROM_BRIEFS, "pagefind"),
    ],
)
def test_the_setting_or_the_size_of_the_site_chooses(setting: str, briefs: int, chosen: str) -> None:
    assert search.choose(setting, briefs) == chosen


def test_the_option_is_read_from_the_config_and_a_wrong_value_is_positioned(sample_project: Project) -> None:
    set_search(sample_project, "pagefind")
    config, _ = load_config(sample_project.config_file, TODAY)
    assert config is not None and config.settings.search == "pagefind"
    set_search(sample_project, "solr")
    config, diagnostics = load_config(sample_project.config_file, TODAY)
    assert config is None
    line = sample_project.config_file.read_text().splitlines().index("    search: solr") + 1
    assert any(d.line == line and d.path == "extra.briefings.search" for d in diagnostics), diagnostics


@pytest.mark.parametrize(
    ("language", "cjk"), [("zh", True), ("zh-TW", True), ("ja", True), ("en", False), ("fr", False)]
)
def test_chinese_and_japanese_need_the_extended_build(language: str, cjk: bool) -> None:
    assert search.declares_cjk({"theme": {"name": "material", "language": language}}) is cjk
    assert search.declares_cjk({"theme": "material"}) is False


def test_the_engine_drops_its_search_and_loads_the_search_box() -> None:
    config = {"plugins": ["search", {"tags": {"x": 1}}], "extra_javascript": ["assets/briefings.js"]}
    assert search.engine_overrides(config, MKDOCS) == {
        "plugins": [{"tags": {"x": 1}}],
        "extra_javascript": ["assets/briefings.js", search.SCRIPT],
    }
    # Zensical searches unless told not to; Material's prefixed name is the same plugin.
    zensical = search.engine_overrides({"plugins": {"material/search": {}}}, ZENSICAL)
    assert zensical["plugins"] == [{"search": {"enabled": False}}]


@pytest.mark.parametrize(
    ("markdown", "out"),
    [
        ("---\ntitle: Book\nsearch:\n  exclude: true\n---\n# Book\n", True),
        ("---\ntitle: Brief\n---\n# Brief\n", False),
        ("# No front matter\n---\nsearch:\n  exclude: true\n---\n", False),
        ("---\nsearch: [unclosed\n---\n", False),
    ],
)
def test_front_matter_keeps_a_page_out_of_search(markdown: str, out: bool) -> None:
    assert search.excluded(markdown) is out


@pytest.mark.parametrize(
    ("md", "html"),
    [
        ("index.md", "index.html"),
        ("briefs/index.md", "briefs/index.html"),
        ("briefs/x.md", "briefs/x/index.html"),
    ],
)
def test_html_paths_follow_directory_urls(md: str, html: str) -> None:
    assert search.html_path(md) == html


def test_a_cjk_site_without_the_extended_build_fails_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = search.importlib.util.find_spec
    monkeypatch.setattr(
        search.importlib.util,
        "find_spec",
        lambda name: None if name == "pagefind_bin_extended" else real(name),
    )
    with pytest.raises(search.SearchError, match="extended build") as raised:
        search.index_site(tmp_path, tmp_path, MKDOCS, cjk=True)
    assert raised.value.hint is not None and "pagefind-bin-extended" in raised.value.hint
    assert raised.value.diagnostic().path == "extra.briefings.search"


@pytest.mark.build
def test_a_pagefind_build_indexes_the_pages_and_ships_no_lunr_index(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    set_search(sample_project, "pagefind")
    argv = ["--project", str(sample_project.root), "--today", TODAY.isoformat(), "build"]
    assert cli.main(argv) == 0
    site = sample_project.site
    assert not (site / "search" / "search_index.json").exists()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] >= 3
    assert not list((site / "pagefind").glob("pagefind-ui.*")), "Pagefind's own UI is not shipped"
    brief = (site / "briefs" / "fisheries-talks" / "index.html").read_text()
    assert "assets/pagefind-search.js" in brief
    assert 'name="search"' not in brief, "the theme's lunr search box is gone"
    # The pages marked `search: exclude` stay out; the build says how many went in.
    # The English pages, that is: the French ones (in `.i18n/fr/`) have their own index in `fr/`.
    generated = sample_project.generated
    markdown = search.markdown_pages(generated)
    kept_out = sum(search.excluded(p.read_text()) for p in markdown)
    assert kept_out >= 1
    pages = len(markdown) - kept_out
    assert entry["languages"]["en"]["page_count"] == pages
    err = capsys.readouterr().err
    assert f"search: pagefind, {pages} pages indexed, {kept_out} not searched" in err
    french = json.loads((site / "fr" / "pagefind" / "pagefind-entry.json").read_text())
    assert list(french["languages"]) == ["fr"] and french["languages"]["fr"]["page_count"] == pages
    assert f"search (fr): pagefind, {pages} pages indexed" in err
    # mkdocs.yml itself is untouched: the overlay beside it carries the change.
    assert (
        "search" in yaml.safe_load(sample_project.config_file.read_text().replace("!!python", ""))["plugins"]
    )


@pytest.mark.build
def test_a_lunr_build_has_no_pagefind_bundle(sample_project: Project) -> None:
    set_search(sample_project, "lunr")
    argv = ["--project", str(sample_project.root), "--today", TODAY.isoformat(), "build"]
    assert cli.main(argv) == 0
    assert (sample_project.site / "search" / "search_index.json").is_file()
    assert not (sample_project.site / "pagefind").exists()
    assert "pagefind-search.js" not in (sample_project.site / "index.html").read_text()


@pytest.mark.parametrize(
    ("items", "limit"),
    [(1, 2**30), (8192, 131_072), (8193, 65_536), (10_071, 65_536), (16_384, 65_536), (16_385, 32_768)],
)
def test_zensicals_limit_shrinks_as_the_index_grows(items: int, limit: int) -> None:
    # 10,071 items and 65,536 are what Zensical 0.0.73 said refusing the 1,000-brief site.
    assert search.position_limit(items) == limit


def _site(extra: dict[str, str], briefs: int = 10_000) -> dict[str, str]:
    """A site of `briefs` one-section pages (so the limit is 65,536), plus `extra` pages."""
    pages = {f"briefs/b{i}.md": f"---\ntitle: B{i}\n---\n# Brief {i}\n\nSome words.\n" for i in range(briefs)}
    return {**pages, **extra}


def _words(n: int) -> str:
    return " ".join(f"w{i % 50}" for i in range(n)) + "\n"


def test_a_page_with_a_section_over_the_limit_is_found_and_a_split_one_is_not() -> None:
    pages = _site(
        {
            "sources.md": "---\ntitle: Sources\n---\n# Sources\n\n" + _words(70_000),
            "timeline.md": "# Timeline\n\n## 2025\n\n" + _words(35_000) + "## 2024\n\n" + _words(35_000),
            "book.md": "---\nsearch:\n  exclude: true\n---\n# Book\n\n" + _words(200_000),
        }
    )
    found = search.over_limit(pages)
    assert [k.dest for k in found] == ["sources.md"]
    assert found[0].limit == 65_536 and found[0].heading == "Sources"
    assert "sources.md is kept out of the search index" in found[0].notice()
    assert "65,536" in found[0].notice()


def test_raw_html_counts_its_text_not_its_tags() -> None:
    # 70,000 tags holding 30,000 words: under the limit however long the Markdown.
    html = "".join(f'<span class="x" title="t">w{i}</span>' for i in range(30_000))
    assert search.tokens(html) == 30_000
    assert search.over_limit(_site({"actors.md": "# Actors\n\n" + html + "\n"})) == []


def test_a_heading_in_fenced_code_does_not_split_a_section() -> None:
    page = "# Guide\n\n```yaml\n# not a heading\nkey: value\n```\n\n## Next\n\ntext\n"
    assert [s.split("\n", 1)[0] for s in search.sections(page)] == ["# Guide", "## Next"]


@pytest.mark.parametrize(
    "markdown",
    [
        "# Sources\n\ntext\n",
        "---\ntitle: Sources\n---\n# Sources\n",
        "---\ntitle: Sources\nsearch:\n  boost: 2\n---\n# Sources\n",
    ],
)
def test_a_page_is_excluded_by_its_front_matter_keeping_the_rest(markdown: str) -> None:
    out = search.exclude_from_search(markdown)
    assert search.excluded(out)
    assert out.endswith("# Sources\n" if markdown.endswith("# Sources\n") else "text\n")
    if "title:" in markdown:
        assert "title: Sources" in out


def test_keep_under_limit_marks_only_the_pages_over_it() -> None:
    files = [
        (p, t.encode()) for p, t in _site({"sources.md": "# Sources\n\n" + _words(70_000)}, 9000).items()
    ]
    files.append(("assets/x.css", b"body {}"))
    kept, found = search.keep_under_limit(files)
    assert [k.dest for k in found] == ["sources.md"]
    changed = [p for (p, old), (_, new) in zip(files, kept, strict=True) if old != new]
    assert changed == ["sources.md"]
    assert search.excluded(dict(kept)["sources.md"].decode())


def test_a_build_keeps_an_oversized_page_out_of_search_and_says_so(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--project", str(sample_project.root), "--today", TODAY.isoformat(), "build"]
    assert cli.main(argv) == 0
    assert "kept out of the search index" not in capsys.readouterr().err  # a small site is far below
    generated = sample_project.generated
    searchable = {  # of the English site: the French one (`.i18n/fr/`) has its own index
        p.relative_to(generated).as_posix(): p.read_text()
        for p in search.markdown_pages(generated)
        if not search.excluded(p.read_text())
    }
    largest = {rel: max(map(search.tokens, search.sections(text))) for rel, text in searchable.items()}
    briefs = max(n for rel, n in largest.items() if rel.startswith("briefs/"))
    target = max((n, rel) for rel, n in largest.items() if not rel.startswith("briefs/"))[1]
    assert largest[target] > briefs
    # A budget that puts the limit between the two (the arithmetic is tested above; this is
    # the pipeline acting on it): that page goes out of search, every brief stays in.
    items = sum(len(search.sections(text)) for text in searchable.values())
    limit = (briefs + largest[target]) // 2
    budget = int(limit / search.SAFETY) << (items - 1).bit_length()
    monkeypatch.setattr(ZENSICAL, "position_budget", budget)
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert f"search: {target} is kept out of the search index: its section" in err
    assert search.excluded((generated / target).read_text())
    assert not [p for p in generated.glob("briefs/*.md") if search.excluded(p.read_text())]
    index = json.loads((sample_project.site / "search" / "search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith(target.removesuffix(".md") + "/")]
    # One writer: `generate` hands the engine the same folder, and with nothing changed it
    # renders and writes nothing (the page kept out is not written again on every run).
    generate = ["--project", str(sample_project.root), "--today", TODAY.isoformat(), "generate", "--verify"]
    assert cli.main(generate) == 0
    again = capsys.readouterr().err
    assert "0 rendered, 0 files written" in again and f"search: {target} is kept out" in again
    assert search.excluded((generated / target).read_text())
    # (The home page's dashboard, a status's reason on each row, may be over that limit too.)
    kept_out = {rel for rel in searchable if search.excluded((generated / rel).read_text())}
    assert target in kept_out and kept_out <= {target, "index.md"}, kept_out
    french = generated / ".i18n/fr"

    def french_out() -> set[str]:  # the French site's pages out of its own index, for any reason
        return {
            p.relative_to(french).as_posix() for p in french.rglob("*.md") if search.excluded(p.read_text())
        }

    during = french_out()
    assert target in during, during
    monkeypatch.undo()  # the real limit: the pages go back into search, nothing else changes
    assert cli.main(generate) == 0
    back = capsys.readouterr().err
    # The pages, and the French pages kept out of its index (as long or longer), go back in.
    returned = during - french_out()
    assert target in returned and french_out() <= during
    assert f"0 rendered, {len(kept_out) + len(returned)} files written" in back
    assert not [rel for rel in kept_out if search.excluded((generated / rel).read_text())]
