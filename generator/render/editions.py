"""The site in each other language it publishes in: the same outputs, in `generated/.i18n/<code>/`.

Each language after the first (`extra.briefings.languages`) is an edition: the
source model with its translatable fields replaced (`render/translated.py`), the
language's configuration (`SiteConfig.editions`: its words, name and address),
rendered by the same templates and `assemble` into the same paths under its own
folder.  The folder starts with a dot, so the source language's engine build
never publishes it; the engine builds each edition from it on its own
(`publish/languages.py`).  Hand-written pages and the Contributing page come
from `content/translations/<code>/`, or are the source's, marked as untranslated.

Each edition's outputs name their inputs with the language's prefix (`zh|brief:x`):
its own `Digests` answer for them (`render/inputs.py`), with the state of each
translated unit in the digest, so a translation saved, or a source text changed
under it, renders that language's pages again and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from markupsafe import escape

from generator.check.translations import MISSING, UP_TO_DATE, Status
from generator.config import SiteConfig
from generator.model import Site
from generator.render.output import Output
from generator.render.translated import SOURCE_PAGE, Units, localize, marked_filters, marks_of, source_link

FOLDER = ".i18n"
"""In the generated folder: one folder per other language, e.g. `.i18n/zh/`."""


def folder(code: str) -> str:
    """Where a language's pages are, relative to the generated folder."""
    return f"{FOLDER}/{code}"


def translation_input(rel: str) -> str:
    """The input key of a hand-written page's translation (`docs/about.md`, `CONTRIBUTING.md`)."""
    return f"translation:{rel}"


@dataclass
class Edition:
    """One other language of the site: its model, configuration and translated pages."""

    code: str
    site: Site
    config: SiteConfig
    units: Units

    def page(self, rel: str, source: str) -> str:
        """The text of a hand-written page in this language: its translation, or the source's,
        each with a banner when not translated or out of date."""
        state, text = self.units.pages.get(rel, (MISSING, source))
        if state == UP_TO_DATE:
            return text
        ui = self.config.words
        if state == MISSING:
            banner = (
                f'<p class="i18n-banner i18n-banner--missing">{escape(ui["translation_page_missing"])}</p>'
            )
            text = source
        else:
            words = escape(ui["translation_page_stale"])
            link = f'<a href="{SOURCE_PAGE}" hreflang="{self.units.marks.source}">{words}</a>'
            banner = f'<p class="i18n-banner i18n-banner--stale">{link}</p>'
        return _after_front_matter(text, banner + "\n\n")

    def page_digest(self, rel: str) -> str:
        """What a hand-written page's translation is now (state and text), for its digest."""
        return repr(self.units.pages.get(rel))


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


def _after_front_matter(text: str, insert: str) -> str:
    match = _FRONT.match(text)
    at = match.end() if match else 0
    return text[:at] + insert + text[at:]


def editions(site: Site, config: SiteConfig, status: Status) -> list[Edition]:
    """Every other language of the site, in the order declared."""
    found = []
    for code, edition_config in config.editions.items():
        words = edition_config.words
        units = Units(status, code, marks_of(words, status.source_language))
        localized = localize(site, units, edition_config.vocabulary)
        found.append(Edition(code, localized, edition_config, units))
    return found


def edition_outputs(
    edition: Edition,
    assemble_edition: Callable[[Edition], list[Output]],
) -> list[Output]:
    """The edition's outputs, under its folder, their inputs under its prefix."""
    prefix, under = f"{edition.code}|", folder(edition.code)

    def moved(output: Output) -> Output:
        def render() -> bytes:
            data = output.render()
            return source_link(data, output.path) if output.path.endswith(".md") else data

        return Output(
            f"{under}/{output.path}",
            frozenset(prefix + k for k in output.inputs),
            render,
            lambda: frozenset(prefix + k for k in output.observed()),
        )

    return [moved(o) for o in assemble_edition(edition)]


def marked_environment(env: jinja2.Environment) -> jinja2.Environment:
    """A language's environment: its text filters keep a passage's mark (see `translated.py`)."""
    env.filters.update(marked_filters(env.filters))
    return env
