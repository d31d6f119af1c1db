"""The words pages show, and how the site's language writes dates and numbers.

Every word a page shows comes from one table (`Words`): a built-in set for the
site's language (`generator/words/<language>.yaml`: `en`, `fr`, `zh`), with the
site's own words on top (`extra.briefings.words`).  The language is
`theme.language` in mkdocs.yml, the one setting the theme reads too.  Dates
and numbers are written from CLDR data by Babel in the set's locale:
"15 May 2026", "15 mai 2026", "2026年5月15日".  Templates read the words as
`ui.<key>`; code formats them with `Words.format`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
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


@cache
def builtin(language: str) -> tuple[str, Mapping[str, str]] | None:
    """A built-in set: its CLDR locale and its words; None if the package has none."""
    path = WORDS_DIR / f"{language}.yaml"
    if language not in languages():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(data["locale"]), {str(k): str(v) for k, v in data["words"].items()}


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
    table: Mapping[str, str] = field(default_factory=lambda: dict(_reference()))

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)

    def format(self, key: str, **values: Any) -> str:
        """A word with its `{name}` places filled in (plain text: templates escape it)."""
        text = self.table[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def date(self, value: dt.date, precision: str = "day") -> str:
        """A date as the language writes it, to the day, the month or the year."""
        if precision == "year":
            return babel.dates.format_skeleton("y", value, locale=self.locale)
        if precision == "month":
            return babel.dates.format_skeleton("yMMMM", value, locale=self.locale)
        return babel.dates.format_date(value, "long", locale=self.locale)

    def daterange(self, start: dt.date, end: dt.date | None, precision: str = "day") -> str:
        """Two dates: CLDR's interval within a month ("27–29 August 2024"), else both in full."""
        if end is None or end == start or precision != "day":
            return self.date(start, precision)
        if (start.year, start.month) == (end.year, end.month):
            return babel.dates.format_interval(start, end, "yMMMMd", locale=self.locale)
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


def _reference() -> Mapping[str, str]:
    found = builtin(REFERENCE)
    assert found is not None
    return found[1]
