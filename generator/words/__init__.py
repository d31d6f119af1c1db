"""The words pages show, and how the site's language writes dates and numbers.

Every word a page shows comes from one table (`Words`): a built-in set for the
site's language (`generator/words/<language>.yaml`: `en`, `fr`, `zh`), with the
site's own words on top (`extra.briefings.words`).  The language is
`theme.language` in mkdocs.yml, the one setting the theme reads too.  Dates
and numbers are written from CLDR data by Babel in the set's locale:
"15 May 2026", "15 mai 2026", "2026年5月15日".  Templates read the words as
`ui.<key>`; code formats them with `Words.format`.  A word with a `{count}`
may come in CLDR's plural forms (`{one: ..., other: ...}`): `format` picks the
form the language uses for that count ("1 brief", "2 briefs").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import babel
import babel.dates
import babel.lists
import babel.numbers
import yaml

WORDS_DIR = Path(__file__).resolve().parent
REFERENCE = "en"
"""The set every other set is checked against: each has exactly its keys."""
DASH = "\u2013"


def languages() -> tuple[str, ...]:
    """The languages with a built-in set, as `theme.language` names them."""
    return tuple(sorted(p.stem for p in WORDS_DIR.glob("*.yaml")))


PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories: the forms a word with a count may take."""
Word = str | Mapping[str, str]
"""A word: one text, or one text per plural form (`other` always among them)."""


@cache
def builtin(language: str) -> tuple[str, Mapping[str, Word]] | None:
    """A built-in set: its CLDR locale and its words; None if the package has none."""
    path = WORDS_DIR / f"{language}.yaml"
    if language not in languages():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(data["locale"]), {str(k): _word(v) for k, v in data["words"].items()}


def _word(value: Any) -> Word:
    if isinstance(value, dict):
        return {str(form): str(text) for form, text in value.items()}
    return str(value)


def keys() -> frozenset[str]:
    """Every word key: those of the reference set."""
    found = builtin(REFERENCE)
    assert found is not None, "the package's English words are missing"
    return frozenset(found[1])


def locale_of(language: str) -> str | None:
    """The CLDR locale dates and numbers are written in: the built-in set's, else the language's
    own if Babel knows it; None if it does not."""
    found = builtin(language)
    if found:
        return found[0]
    try:
        return str(babel.Locale.parse(language.replace("-", "_")))
    except (ValueError, babel.UnknownLocaleError):
        return None


@dataclass(frozen=True)
class Words(Mapping[str, str]):
    """The site's words in its language, and the locale its dates and numbers are written in."""

    language: str = REFERENCE
    locale: str = "en_GB"
    table: Mapping[str, Word] = field(default_factory=lambda: dict(_reference()))

    def __getitem__(self, key: str) -> str:
        """A word; of one with plural forms, its `other` form."""
        word = self.table[key]
        return word if isinstance(word, str) else word["other"]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)

    def format(self, key: str, **values: Any) -> str:
        """A word with its `{name}` places filled in (plain text: templates escape it), in the
        plural form the language uses for `count` (else `total`) where the word has forms."""
        word = self.table[key]
        if isinstance(word, str):
            text = word
        else:
            count = values.get("count", values.get("total"))  # the number the words agree with
            form = babel.Locale.parse(self.locale).plural_form(count) if isinstance(count, int) else "other"
            text = word.get(form, word["other"])
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def date(self, value: dt.date, precision: str = "day") -> str:
        """A date as the language writes it, to the day, the month or the year."""
        return _date(self.locale, value, precision)

    def daterange(self, start: dt.date, end: dt.date | None, precision: str = "day") -> str:
        """Two dates: CLDR's interval within a month ("27–29 August 2024"), else both in full."""
        if end is None or end == start or precision != "day":
            return self.date(start, precision)
        if (start.year, start.month) == (end.year, end.month):
            return _interval(self.locale, start, end)
        return f"{self.date(start)} {DASH} {self.date(end)}"

    def number(self, value: int | float) -> str:
        """A number with the language's digits grouping and decimal sign."""
        return babel.numbers.format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        """A share (0.45) as the language writes a percentage ("45%", "45 %")."""
        return babel.numbers.format_percent(share, locale=self.locale)

    def join(self, items: list[str]) -> str:
        """A list in running text: "a, b and c", "a, b et c", "a、b和c"."""
        return babel.lists.format_list(items, locale=self.locale) if items else ""


# A site shows the same dates on many pages (a brief's, the book's, the dashboard's), and
# Babel takes tens of microseconds a date, a range ten times that: each is written once.
@lru_cache(maxsize=65536)
def _date(locale: str, value: dt.date, precision: str) -> str:
    if precision == "year":
        return babel.dates.format_skeleton("y", value, locale=locale)
    if precision == "month":
        return babel.dates.format_skeleton("yMMMM", value, locale=locale)
    return babel.dates.format_date(value, "long", locale=locale)


@lru_cache(maxsize=16384)
def _interval(locale: str, start: dt.date, end: dt.date) -> str:
    return babel.dates.format_interval(start, end, "yMMMMd", locale=locale)


def _reference() -> Mapping[str, Word]:
    found = builtin(REFERENCE)
    assert found is not None
    return found[1]
