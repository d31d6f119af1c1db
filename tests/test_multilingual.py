"""A site published in several languages: every page in each, the switcher to the same page,
`<html lang>` and `hreflang`, and the marks of missing and out-of-date translations.

The sample fixture declares `[en, fr]` and carries a French translation of some units
(`content/translations/fr/`): the river commission's brief is translated, the fisheries
brief is not.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

import pytest

from generator import cli
from generator.pipeline import check
from generator.project import Project
from generator.render.editions import editions
from tests.conftest import TODAY, copy_project

BRIEF = "briefs/river-commission/"
SUMMARY_EN = "agreed to share"


def run(project: Project, *args: str) -> int:
    return cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("multilingual") / "site")
    assert run(project, "build", "--strict") == 0
    return project


def page(project: Project, path: str) -> str:
    return (project.site / path / "index.html").read_text(encoding="utf-8")


def switch(html: str, language: str) -> str:
    """Where the page's language switcher leads for `language` (as written, relative)."""
    found = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"[^>]*class="md-select__link"', html)
    return {lang: href for href, lang in found}[language]


def follow(path: str, href: str) -> str:
    """The site path a relative link on the page at `path` leads to."""
    return posixpath.normpath(posixpath.join(path, href)).lstrip("./") + "/"


def test_every_page_is_published_in_each_language(built: Project) -> None:
    site = built.site
    english = {
        p.relative_to(site).as_posix() for p in site.rglob("index.html") if p.parts[len(site.parts)] != "fr"
    }
    french = {p.relative_to(site / "fr").as_posix() for p in (site / "fr").rglob("index.html")}
    assert english == french
    for data in ("feed.xml", "api/briefs.json", "api/timeline.csv"):
        assert (site / "fr" / data).is_file()
    assert "La commission fluviale mixte" in (site / "fr/api/briefs.json").read_text(encoding="utf-8")


def test_the_switcher_leads_to_the_same_brief_and_back(built: Project) -> None:
    english = page(built, BRIEF)
    there = follow(BRIEF, switch(english, "fr"))
    assert there == "fr/" + BRIEF
    french = page(built, there)
    back = follow(there, switch(french, "en"))
    assert back == BRIEF
    assert follow(there, switch(french, "fr")) == there


def test_html_lang_and_hreflang_on_both(built: Project) -> None:
    for path, lang in ((BRIEF, "en"), ("fr/" + BRIEF, "fr")):
        html = page(built, path)
        assert f'<html lang="{lang}"' in html
        links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        # Absolute, from site_url (tests/test_languages_hreflang.py reads every page's).
        base = "https://example-org.github.io/briefings-test/"
        assert links == {"en": base + BRIEF, "fr": f"{base}fr/{BRIEF}", "x-default": base + BRIEF}
        assert len(re.findall(r'<link rel="alternate"[^>]*hreflang', html)) == 3  # the theme's own left out


def test_french_pages_have_french_words_dates_and_titles(built: Project) -> None:
    html = page(built, "fr/" + BRIEF)
    assert "Résumé" in html
    assert "La commission fluviale mixte" in html
    months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    assert re.search(rf"\d{{1,2}} ({months}) 20\d\d", html)
    assert "md-tabs" in html and "Chronologie" in html  # a nav title from the French words


def test_a_missing_translation_shows_the_source_text_marked(built: Project) -> None:
    html = page(built, "fr/briefs/fisheries-talks/")
    assert re.search(
        r'<span class="i18n-passage i18n-passage--missing" lang="en">[^<]+<small class="i18n-mark" lang="fr">'
        r"pas encore traduit</small></span>",
        html,
    ), html
    english = page(built, "briefs/fisheries-talks/")
    assert "i18n-" not in english


def test_an_english_edit_warns_and_marks_the_french_passage_until_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "site")
    french = project.generated / ".i18n/fr/briefs/river-commission.md"
    assert run(project, "generate") == 0
    assert "i18n-passage--stale" not in french.read_text(encoding="utf-8")
    brief = project.content / "briefs" / "river-commission.yaml"
    original = brief.read_text(encoding="utf-8")
    brief.write_text(original.replace(SUMMARY_EN, "agreed to pool"), encoding="utf-8")
    capsys.readouterr()
    assert run(project, "generate", "--verify") == 0
    err = capsys.readouterr().err
    assert (
        "content/translations/fr/briefs/river-commission.yaml:7:1: warning: summary: translates an older text"
        in err
    )
    text = french.read_text(encoding="utf-8")
    marked = re.search(r'<div class="i18n-passage i18n-passage--stale">(.*?)</div>', text, re.S)
    assert marked is not None, text
    assert '<a class="i18n-mark" href="../../../briefs/river-commission/" hreflang="en">' in marked[1]
    assert "peut-être dépassée" in marked[1]
    assert text.count("i18n-passage--stale") == 1  # that passage alone
    brief.write_text(original, encoding="utf-8")
    capsys.readouterr()
    assert run(project, "generate", "--verify", "--strict") == 0, capsys.readouterr().err
    assert "i18n-passage--stale" not in french.read_text(encoding="utf-8")


def test_a_translation_saved_renders_only_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "site")
    assert run(project, "generate") == 0
    total = int(re.findall(r"(\d+) rendered", capsys.readouterr().err)[-1])
    translation = project.content / "translations/fr/briefs/river-commission.yaml"
    text = translation.read_text(encoding="utf-8")
    assert "La commission fluviale mixte" in text
    translation.write_text(
        text.replace("La commission fluviale mixte", "La commission du fleuve partagé"), encoding="utf-8"
    )
    capsys.readouterr()
    assert run(project, "generate", "--verify") == 0
    rendered = int(re.findall(r"(\d+) rendered", capsys.readouterr().err)[-1])
    assert 0 < rendered < total / 2  # French pages only: the English half is untouched
    assert (
        "La commission du fleuve partagé"
        in (project.generated / ".i18n/fr/briefs/river-commission.md").read_text()
    )
    assert (
        "commission du fleuve partagé" not in (project.generated / "briefs/river-commission.md").read_text()
    )


def test_a_correction_is_said_in_the_language(built: Project) -> None:
    french = page(built, "fr/" + BRIEF)
    assert "elle s&#39;est ouverte le 4 mars" in french or "elle s'est ouverte le 4 mars" in french
    assert "opened on 4 March" not in french
    assert "opened on 4 March" in page(built, BRIEF)


def test_a_hand_written_page_not_translated_has_a_banner(built: Project) -> None:
    html = page(built, "fr/about/")
    assert 'class="i18n-banner i18n-banner--missing"' in html
    assert "pas encore traduite" in html


def test_a_language_entry_gives_its_name_and_own_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "site")
    config = project.config_file.read_text(encoding="utf-8")
    entry = (
        "    languages:\n      - en\n      - code: fr\n        site_name: Les notes du bassin\n"
        "        words:\n          key_judgments: Appréciations\n"
    )
    assert "    languages: [en, fr]\n" in config
    project.config_file.write_text(config.replace("    languages: [en, fr]\n", entry), encoding="utf-8")
    assert run(project, "generate") == 0, capsys.readouterr().err
    french = project.generated / ".i18n/fr"
    assert "## Appréciations" in (french / "briefs/river-commission.md").read_text(encoding="utf-8")
    assert "## Appréciations" not in (project.generated / "briefs/river-commission.md").read_text()
    footer = "".join(p.read_text(encoding="utf-8") for p in (french / ".theme").rglob("*.html"))
    assert "Les notes du bassin" in footer
    typo = project.config_file.read_text(encoding="utf-8").replace(
        "key_judgments: Appr", "key_judgement: Appr"
    )
    project.config_file.write_text(typo, encoding="utf-8")
    capsys.readouterr()
    assert run(project, "validate") == 1
    err = capsys.readouterr().err
    assert "extra.briefings.languages[1].words.key_judgement: unknown word `key_judgement`" in err, err
    assert "key_judgments" in err  # did you mean


def test_a_translated_site_orders_and_cites_events_as_the_source(tmp_path: Path) -> None:
    """Events of one day sort by title: by the source language's, in every language, so a
    translated title never renumbers a brief's citations."""
    project = copy_project(tmp_path / "site")
    result = check(project, TODAY)
    assert result.site is not None and result.config is not None and result.translations is not None
    site = result.site
    brief = next(b for b in site.briefs if len({r.event for r in b.events}) >= 2)
    first, second = (r.event for r in brief.events[:2])
    records = dict(site.records)
    records[second] = records[second].model_copy(update={"date": records[first].date})
    source = dataclasses.replace(site, records=records)
    (french,) = editions(source, result.config, result.translations)
    # Translated titles that sort the other way round from the source's.
    ahead, behind = sorted((first, second), key=lambda e: records[e].title)
    swapped = dict(french.site.records)
    swapped[ahead] = swapped[ahead].model_copy(update={"title": "Zzz"})
    swapped[behind] = swapped[behind].model_copy(update={"title": "Aaa"})
    translated = dataclasses.replace(
        french.site, records=swapped, order={ahead: records[ahead].title, behind: records[behind].title}
    )
    assert [e.id for e in translated.events] == [e.id for e in source.events]
    assert translated.citations(translated.brief(brief.id)) == source.citations(brief)
    assert set(french.site.order) <= set(records)  # localize names the source titles it changed
