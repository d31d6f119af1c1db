"""A site in its language: `briefings init --language`, the words a site declares in
mkdocs.yml, and the guide's example of them, each built and read page by page."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import cli
from generator.project import Project
from generator.words import builtin
from tests.conftest import ROOT, TODAY

GUIDE = ROOT / "docs" / "start-your-own-site.md"
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
NOT_TRANSLATED = {"schema/index.html"}
"""The schema reference documents the fields in the schema's own words (English); its
headings and table are in the site's words."""


def run(root: Path, *args: str) -> int:
    return cli.main(["--project", str(root), "--today", TODAY.isoformat(), *args])


def commit(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def visible(page: str) -> str:
    """A page's text as a reader sees it: no scripts, styles, icons or tags, and no code or
    addresses (commands, file names and URLs, like the printed permalink, are the same in
    every language)."""
    text = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<svg.*?</svg>|<code>.*?</code>", " ", page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(re.sub(r"https?://\S+", " ", text).split())


def english_phrases(language: str) -> list[str]:
    """The English set's words a page in `language` must not show: each word, or each part of
    one around its `{places}`, unless the language writes it the same ("Sources", "Licence")."""
    english, other = builtin("en")[1], builtin(language)[1]  # type: ignore[index]
    theirs = " ".join(str(w) for w in other.values())
    phrases = set()
    for key, word in english.items():
        for part in re.split(r"\{\w+\}", " ".join([word] if isinstance(word, str) else word.values())):
            part = part.strip(" .,:;()“”")
            if len(part) > 2 and part != str(other[key]) and part not in theirs:
                phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("fr", r"\d{1,2} (mai|juin|octobre|novembre|décembre|mars) 20\d\d"),
        ("zh", r"20\d\d年\d{1,2}月\d{1,2}日"),
    ],
)
def test_a_starter_site_in_another_language_shows_no_english_word(
    tmp_path: Path, language: str, dates: str
) -> None:
    site = tmp_path / "site"
    assert cli.main(["--today", TODAY.isoformat(), "init", str(site), "--language", language]) == 0
    assert f"language: {language}" in (site / "mkdocs.yml").read_text()
    commit(site)  # what changed, in the pages and the feed, comes from git
    assert run(site, "build") == 0
    phrases = english_phrases(language)
    pages = {p.relative_to(site / "site").as_posix(): p.read_text() for p in (site / "site").rglob("*.html")}
    assert len(pages) > 12
    found = {}
    for name, page in pages.items():
        assert f'<html lang="{language}"' in page, name
        if name in NOT_TRANSLATED:
            continue
        text = visible(page)
        hits = [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        hits += ENGLISH_MONTHS.findall(text)
        if hits:
            found[name] = hits
    assert found == {}
    brief = visible(pages["briefs/river-commission/index.html"])
    assert re.search(dates, brief), brief[:400]
    words = builtin(language)[1]  # type: ignore[index]
    for key in ("summary", "key_judgments", "channels", "timeline", "sources", "all_citations"):
        assert words[key] in brief, key
    assert words["dates_checked"].split("{")[0].strip() in brief
    feed = (site / "site" / "feed.xml").read_text()
    assert f'xml:lang="{language}"' in feed and words["feed_title"].replace("{site}", "") in feed
    assert f"{words['colon']}{words['change_created'].split('{')[0]}" in feed
    missing = visible(pages["404.html"])
    assert words["not_found_title"] in missing and "404 - Not found" not in missing


def _guide_words() -> dict[str, str]:
    """The `words:` of the guide's example: the block of mkdocs.yml that declares them."""
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(), re.S)
    found = [yaml.safe_load(b) for b in blocks if "\n    words:" in b]
    assert len(found) == 1, "the guide shows one example of `words`"
    return dict(found[0]["extra"]["briefings"]["words"])


def _monolingual(project: Project) -> None:
    """The sample site in its one language: without its French translation and `languages`
    (these tests change the site's own words and language, not what translates them)."""
    shutil.rmtree(project.content / "translations")
    config = project.config_file.read_text()
    project.config_file.write_text(re.sub(r"\n    languages: \[[^\]]*\]", "", config))


def _declare(project: Project, briefings: str) -> None:
    _monolingual(project)
    config = project.config_file.read_text()
    start, end = config.index("extra:"), config.index("\ntheme:")
    project.config_file.write_text(config[:start] + "extra:\n  briefings:\n" + briefings + config[end:])


def test_the_guides_words_example_changes_the_page_it_names(sample_project: Project) -> None:
    words = _guide_words()
    assert words == {"key_judgments": "Assessments"}
    guide = GUIDE.read_text()
    english = builtin("en")[1]  # type: ignore[index]
    lines = "".join(f"      {k}: {v}\n" for k, v in words.items())
    _declare(sample_project, "    words:\n" + lines)
    assert run(sample_project.root, "build", "--strict") == 0
    pages = [p.read_text() for p in (sample_project.site / "briefs").glob("*/index.html")]
    with_judgments = [t for t in pages if 'class="judgments"' in t]
    assert with_judgments
    for key, word in words.items():
        assert f'every brief\'s "{english[key]}" heading reads "{word}"' in guide
        for text in with_judgments:
            assert f'id="{word.lower()}">{word}<' in text and f">{english[key]}<" not in text


def test_the_old_labels_setting_is_an_error_that_names_words(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    _declare(sample_project, "    labels:\n      key_judgments: Assessments\n")
    assert run(sample_project.root, "validate") == 1
    err = capsys.readouterr().err
    line = sample_project.config_file.read_text().splitlines().index("    labels:") + 1
    assert f"mkdocs.yml:{line}:5: error: extra.briefings.labels: `labels` is now called `words`" in err
    assert "unknown field" not in err and "Traceback" not in err


def test_a_site_in_french_with_its_own_statuses_in_two_languages(sample_project: Project) -> None:
    config = sample_project.config_file.read_text().replace("  language: en\n", "  language: fr\n")
    sample_project.config_file.write_text(config)
    _declare(
        sample_project,
        "    statuses:\n"
        '      - {id: active, definition: {en: "Met.", fr: "S’est réuni."}, colour: "#1b6e3a"}\n'
        '      - {id: at_risk, label: {en: stalled, fr: au point mort}, definition: "Aucune réunion."}\n'
        '      - {id: suspended, definition: "Suspendu."}\n      - {id: ended, definition: "Fini."}\n'
        "    words:\n      summary: En bref\n",
    )
    assert run(sample_project.root, "build", "--strict") == 0
    home = visible((sample_project.site / "index.html").read_text())
    assert "au point mort" in home and "actif" in home  # its label, and the French word of a built-in id
    brief = visible((sample_project.site / "briefs" / "fisheries-talks" / "index.html").read_text())
    assert "En bref" in brief and "Résumé" not in brief and "Summary" not in brief
    methodology = visible((sample_project.site / "methodology" / "index.html").read_text())
    assert "S’est réuni." in methodology and "Met." not in methodology


def test_a_text_per_language_without_the_sites_language_is_an_error_at_it(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    _declare(
        sample_project,
        '    confidence_levels:\n      - {id: low, definition: {fr: "Peu."}}\n'
        '      - {id: moderate, definition: "Some."}\n      - {id: high, definition: "Much."}\n',
    )
    assert run(sample_project.root, "validate") == 1
    err = capsys.readouterr().err
    line = next(
        i for i, t in enumerate(sample_project.config_file.read_text().splitlines(), 1) if "Peu." in t
    )
    assert f"mkdocs.yml:{line}:" in err
    assert "extra.briefings.confidence_levels[0].definition: has no text in `en`" in err


@pytest.mark.parametrize(
    ("language", "code", "message"),
    [
        ("xx-nowhere", 1, "`xx-nowhere` is not a language the generator can write dates and numbers in"),
        ("de", 0, "the generator has no words in `de`"),
    ],
)
def test_a_language_without_words(
    sample_project: Project, capsys: pytest.CaptureFixture[str], language: str, code: int, message: str
) -> None:
    _monolingual(sample_project)
    config = sample_project.config_file.read_text().replace("  language: en\n", f"  language: {language}\n")
    sample_project.config_file.write_text(config)
    assert run(sample_project.root, "validate") == code
    err = capsys.readouterr().err
    line = config.splitlines().index(f"  language: {language}") + 1
    assert f"mkdocs.yml:{line}:13: " in err and f"theme.language: {message}" in err
