"""The words pages show: complete built-in sets, each word used, no page word outside them,
dates in the site's language, and a site's own words checked like content."""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from pathlib import Path
from typing import get_args

import babel
import jinja2
import pytest
from jinja2 import nodes

from generator.check.schema import TRENDS, Result, Source
from generator.domain import DEFAULT_CONFIDENCES, DEFAULT_STATUSES, SCALE_RANGES
from generator.history import BY_ID, CHANGE_KINDS, MOVES
from generator.project import PACKAGE
from generator.render.changelog import KINDS as CHANGE_LOG_KINDS
from generator.words import REFERENCE, Words, builtin, keys, languages

TEMPLATES = PACKAGE / "templates"
THEME = PACKAGE / "theme"
ASSETS = PACKAGE / "assets"
PLACE = re.compile(r"\{(\w+)\}")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
WORD = re.compile(r"[^\W\d_]{2,}")
ALLOWED_LITERALS = {"CSV"}
"""Letters a page may show that are no word of any language: a file format's name."""
ALLOWED_IN = {"theme/partials/tabs-item.html": {"yes"}}
"""A macro's answer its caller tests, never shown."""
ALLOWED_CONSTANTS = {"<code>briefings new</code>"}
"""String constants a template may print: a command, the same in every language."""
SHOWN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "label"}


def test_every_language_has_every_word_with_the_same_places() -> None:
    assert {REFERENCE, "fr", "zh"} <= set(languages())
    reference = Words().table
    for language in languages():
        locale, words = builtin(language)  # type: ignore[misc]
        tags = babel.Locale.parse(locale).plural_form.tags | {"other"}
        assert set(words) == set(reference), language
        for key, word in words.items():
            forms = {"other": word} if isinstance(word, str) else word
            assert "other" in forms and set(forms) <= tags, (language, key, set(forms))
            for text in forms.values():
                assert text.strip(), (language, key)
                assert set(PLACE.findall(text)) == set(PLACE.findall(str(Words()[key]))), (language, key)
            if not isinstance(word, str):
                assert {"count", "total"} & set(PLACE.findall(Words()[key])), (language, key)  # of a count
        if language != REFERENCE:
            same = [k for k in words if words[k] == reference[k] and WORD.search(str(words[k]))]
            assert len(same) < 8, (language, same)  # a set copied from English is no translation


def test_a_word_takes_the_plural_form_of_its_count() -> None:
    english = Words()
    assert english.format("dashboard_lead", count=1, statuses="1 active").startswith("1 brief, at its own")
    assert english.format("dashboard_lead", count=2, statuses="x").startswith("2 briefs, each")
    french = Words("fr", "fr", builtin("fr")[1])  # type: ignore[index]
    assert french.format("dashboard_lead", count=1, statuses="x").startswith("1 note, arrêtée")
    assert french.format("dashboard_lead", count=3, statuses="x").startswith("3 notes, chacune")
    assert english.format("timeline_events_count", shown=0, total=1) == "0 of 1 event"


@pytest.mark.parametrize(
    ("language", "day", "month", "year", "within", "across"),
    [
        (
            "en",
            "15 May 2026",
            "May 2026",
            "2026",
            "15\u2009–\u200917 May 2026",
            "30 October 2025 – 10 November 2025",
        ),
        ("fr", "15 mai 2026", "mai 2026", "2026", "15–17 mai 2026", "30 octobre 2025 – 10 novembre 2025"),
        (
            "zh",
            "2026年5月15日",
            "2026年5月",
            "2026年",
            "2026年5月15日\u2009–\u200917日",
            "2025年10月30日 – 2025年11月10日",
        ),
    ],
)
def test_dates_are_written_in_the_language(
    language: str, day: str, month: str, year: str, within: str, across: str
) -> None:
    locale, table = builtin(language)  # type: ignore[misc]
    words = Words(language, locale, table)
    may = dt.date(2026, 5, 15)
    assert (words.date(may), words.date(may, "month"), words.date(may, "year")) == (day, month, year)
    assert words.daterange(may, dt.date(2026, 5, 17)) == within
    assert words.daterange(dt.date(2025, 10, 30), dt.date(2025, 11, 10)) == across
    assert words.daterange(may, None, "month") == month


def _template_sources() -> dict[str, str]:
    """Every template and theme file a page is made from (the scaffold writes YAML for editors)."""
    found = {
        p.relative_to(PACKAGE).as_posix(): p for p in TEMPLATES.rglob("*.j2") if "scaffold" not in p.parts
    }
    found |= {p.relative_to(PACKAGE).as_posix(): p for p in THEME.rglob("*.html")}
    return {name: path.read_text() for name, path in sorted(found.items())}


class _Shown(html.parser.HTMLParser):
    """Text a reader sees in a template with its Jinja taken out: text nodes and the
    attributes a browser shows (title, aria-label, ...), never scripts or styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        self.shown += [v or "" for k, v in attrs if k in SHOWN_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.shown.append(data)


def _literal_words(source: str) -> list[str]:
    """Words in a template's own text (not in its Jinja), front matter's keys aside."""
    text = JINJA.sub("\x00", source)
    if text.lstrip("\x00\n").startswith("---\n"):  # front matter: settings, but for what titles show
        head, _, rest = text.lstrip("\x00\n")[4:].partition("\n---\n")
        shown = [
            line.split(":", 1)[1] for line in head.splitlines() if line.startswith(("title:", "description:"))
        ]
        text = "\n".join(shown) + rest
    parser = _Shown()
    parser.feed(text)
    return [w for chunk in parser.shown for w in WORD.findall(chunk) if w not in ALLOWED_LITERALS]


def _printed_constants(source: str) -> list[str]:
    """String constants a template prints as they are: `{{ "..." }}`, or as one side of a
    conditional output, or marked safe."""
    tree = jinja2.Environment().parse(source)
    found = []
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            for const in [node, *node.find_all(nodes.Const)] if isinstance(node, nodes.Expr) else []:
                value = const.value if isinstance(const, nodes.Const) else None
                text = re.sub(r"<[^>]*>?", "", value) if isinstance(value, str) else ""
                if WORD.search(text) and " " in text.strip():
                    found.append(value)
    return [c for c in found if c not in ALLOWED_CONSTANTS]


def test_the_literal_scan_finds_english_in_a_template() -> None:
    """The scan below, on a template with English in it: text, a title, a printed constant."""
    english = '<h2>Key judgments</h2>\n<a title="{{ x }} means">{{ ui.key }}</a>{{ "Read more" if y }}'
    assert _literal_words(english) == ["Key", "judgments", "means"]
    assert _printed_constants(english) == ["Read more"]
    clean = '---\ntitle: {{ ui.book|json_text }}\n---\n<h2>{{ ui.key }}</h2> (<a href="x">CSV</a>)'
    assert _literal_words(clean) == [] and _printed_constants(clean) == []


def test_no_template_prints_a_word_that_is_not_from_the_words() -> None:
    found = {}
    for name, source in _template_sources().items():
        words = [w for w in _literal_words(source) if w not in ALLOWED_IN.get(name, ())]
        words += _printed_constants(source)
        if words:
            found[name] = words
    assert found == {}, "print these through `ui.<key>` (generator/words/*.yaml)"


def test_scripts_show_no_word_of_their_own() -> None:
    """Text a script puts on the page comes from the page (data attributes) or the theme."""
    shown = re.compile(
        r"""(?:textContent\s*=|createTextNode\(|setAttribute\(\s*"(?:aria-label|title|placeholder|alt)",)\s*"([^"]*)"|"""
        r""""(?:aria-label|title|placeholder|alt)"\s*:\s*"([^"]*)\""""
    )
    found = {
        path.name: [s for pair in shown.findall(path.read_text()) for s in pair if WORD.search(s)]
        for path in ASSETS.glob("*.js")
    }
    assert {k: v for k, v in found.items() if v} == {}


def _families() -> dict[str, set[str]]:
    """Words looked up by a computed key, and the ids that key is computed from."""
    scales = {w for rows in SCALE_RANGES.values() for w, _, _ in rows}
    return {
        "status_": {s for s, _ in DEFAULT_STATUSES} | {f"{s}_definition" for s, _ in DEFAULT_STATUSES},
        "confidence_": set(DEFAULT_CONFIDENCES) | {f"{c}_definition" for c in DEFAULT_CONFIDENCES},
        "likelihood_": scales,
        "scale_": set(SCALE_RANGES) | {f"{s}_description" for s in SCALE_RANGES},
        "result_": set(get_args(Result)),
        "source_": set(get_args(Source.model_fields["kind"].annotation)),
        "trend_": set(TRENDS) | {f"{t}_definition" for t in TRENDS},
        "change_kind_": set(CHANGE_LOG_KINDS),
        "change_": {k.replace("-", "_") for k in CHANGE_KINDS}
        | {k.replace("-", "_") + "_by_id" for k in BY_ID}
        | set(MOVES),
    }


def test_every_word_is_used() -> None:
    code = "\n".join(p.read_text() for p in PACKAGE.rglob("*") if p.suffix in (".py", ".j2", ".html"))
    used = set(re.findall(r"\bui\.(\w+)", code))
    used |= set(re.findall(r"""\b(?:ui|words)\.format\(\s*"(\w+)\"""", code))
    used |= set(re.findall(r"""\bui\[\s*"(\w+)"\s*\]""", code))
    for prefix, ids in _families().items():
        assert prefix in code.replace(f'"{prefix}" ~', f'"{prefix}"'), prefix  # the family is looked up
        used |= {prefix + i for i in ids}
    assert sorted(keys() - used) == [], "unused words: remove them, or use them"
    methods = set(dir(Words))  # ui.format(...), ui.date(...): not words
    assert sorted(used - keys() - methods - set(_families())) == [], "words used but in no set"


def test_the_guide_documents_the_word_sets_where_they_are() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "start-your-own-site.md").read_text()
    assert "generator/words/" in guide and "labels:" not in guide
