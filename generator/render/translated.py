"""A language's site: the source model with its translatable fields replaced by their translations.

`localize` builds it from the state of every unit (`check/translations.py`): ids,
citations, ordering and history stay the source's, only texts change.  A unit
translated and up to date is the translation; one out of date is the translation
marked "may be out of date", with a link to the same page in the source language;
a missing one is the source text, marked "not yet translated" and in the source
language's `lang`.  A marked text is a `Passage`: a `str` that carries its state
through the templates, so printing it (`__html__`, which Jinja's autoescape
calls) or one of the text filters (`marked_filters`) wraps it in its mark.  The
JSON export, the CSV and the feed use it as the plain text it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.check.schema import Brief
from generator.check.translations import MISSING, OUT_OF_DATE, Status
from generator.check.units import UnitPath
from generator.domain import Party, Vocabulary
from generator.model import Site
from generator.words import Words

SOURCE_PAGE = "\x00source-page\x00"
"""Marks the link to the page's source-language version; each page puts its own address
there (`source_link`).  NUL cannot occur in content: the YAML reader refuses it."""


@dataclass(frozen=True)
class Marks:
    """How one language marks a passage that is not (or no longer) its translation."""

    language: str
    source: str
    """The source language's code."""
    missing: str
    stale: str

    def inline(self, html: str, state: str) -> Markup:
        """A passage of text (already escaped) with its mark."""
        if state == MISSING:
            return Markup(
                f'<span class="i18n-passage i18n-passage--missing" lang="{self.source}">{html} '
                f"{self._mark(state)}</span>"
            )
        return Markup(f'<span class="i18n-passage i18n-passage--stale">{html} {self._mark(state)}</span>')

    def block(self, html: str, state: str) -> Markup:
        """Rendered Markdown (sanitized) with its mark, at the end of its last paragraph."""
        html = html.rstrip()
        mark = self._mark(state)
        body = f"{html[:-4]} {mark}</p>" if html.endswith("</p>") else f"{html}<p>{mark}</p>"
        lang = f' lang="{self.source}"' if state == MISSING else ""
        return Markup(f'<div class="i18n-passage i18n-passage--{_css(state)}"{lang}>{body}</div>')

    def _mark(self, state: str) -> str:
        if state == MISSING:
            return f'<small class="i18n-mark" lang="{self.language}">{escape(self.missing)}</small>'
        return f'<a class="i18n-mark" href="{SOURCE_PAGE}" hreflang="{self.source}">{escape(self.stale)}</a>'


def _css(state: str) -> str:
    return "missing" if state == MISSING else "stale"


class Passage(str):
    """A text shown where its translation is missing or out of date: it prints with its mark."""

    state: str
    marks: Marks

    def __new__(cls, text: str, state: str, marks: Marks) -> Passage:
        passage = super().__new__(cls, text)
        passage.state = state
        passage.marks = marks
        return passage

    def __html__(self) -> Markup:
        return self.marks.inline(str(escape(str(self))), self.state)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Passage, (str(self), self.state, self.marks))


def marks_of(ui: Words, source: str) -> Marks:
    """The marks of the language the words `ui` are in."""
    return Marks(ui.language, source, ui["translation_missing"], ui["translation_stale"])


def marked_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The text filters (`markdown`, `md_text`) of a language's pages: a `Passage` keeps its mark."""

    def wrap(render: Callable[[str], Markup], block: bool) -> Callable[[str], Markup]:
        def marked(text: str) -> Markup:
            html = render(str(text)) if isinstance(text, Passage) else render(text)
            if not isinstance(text, Passage):
                return html
            return text.marks.block(html, text.state) if block else text.marks.inline(html, text.state)

        return marked

    return {"markdown": wrap(filters["markdown"], True), "md_text": wrap(filters["md_text"], False)}


def source_link(data: bytes, dest: str) -> bytes:
    """A page of a language's site with its marks linking to `dest` in the source language,
    whose site is one folder up (`<code>/`)."""
    if SOURCE_PAGE.encode() not in data:
        return data
    from generator.render.links import page_url

    url = "../" * (page_url(dest).count("/") + 1) + page_url(dest)
    return data.replace(SOURCE_PAGE.encode(), url.encode())


class Units:
    """The translated text of each unit of one language, as pages show it."""

    def __init__(self, status: Status, language: str, marks: Marks) -> None:
        rels = {id(source): rel for rel, source in status.sources.items()}
        self.events = {Path(rel).stem: rel for rel, s in status.sources.items() if s.kind == "event"}
        """Event id -> its translation file's path (an event's id is its file's name)."""
        self.marks = marks
        self.found: dict[tuple[str, UnitPath], Any] = {}
        self.pages: dict[str, tuple[str, str]] = {}
        """A hand-written page's state and text, by its path in the language's folder."""
        for unit in status.units:
            if unit.language != language:
                continue
            rel = rels[id(unit.source)]
            if rel.endswith(".md"):
                body = status.files[(language, rel)].body if unit.state != MISSING else None
                self.pages[rel] = (unit.state, body if body is not None else str(unit.unit.text))
                continue
            if unit.state == MISSING:
                value = self._marked(unit.unit.text, MISSING)
            else:
                value = _unit_text(status, language, rel, unit.path, unit.translation)
                if unit.state == OUT_OF_DATE:
                    value = self._marked(value, OUT_OF_DATE)
            self.found[(rel, unit.path)] = value

    def _marked(self, value: Any, state: str) -> Any:
        if isinstance(value, list):
            return [Passage(v, state, self.marks) for v in value]
        return Passage(value, state, self.marks)

    def get(self, rel: str, *path: str, default: Any = None) -> Any:
        """The unit's text for the page; `default` (the source's value) when the source has none."""
        return self.found.get((rel, path), default)


def _unit_text(status: Status, language: str, rel: str, path: UnitPath, file: Any) -> Any:
    if rel.endswith(".md"):
        return status.files[(language, rel)].body
    data = file.data if file is not None else None
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data.get("text") if isinstance(data, dict) else None


def localize(site: Site, units: Units, vocabulary: Vocabulary) -> Site:
    """The site in the units' language: every translatable field replaced; ids, order and
    citations kept.  `vocabulary` is the language's (statuses and scale in its words)."""
    events = units.events
    records = {k: _event(e, units, events.get(k, "")) for k, e in site.records.items()}
    parties = tuple(
        Party(
            p.id,
            units.get("parties.yaml", "parties", p.id, "name", default=p.name),
            units.get("parties.yaml", "parties", p.id, "label", default=p.label),
            p.colour,
        )
        for p in site.vocabulary.parties
    )
    return Site(
        briefs=tuple(_brief(b, units, "briefs/" + Path(site.paths[b.id]).name) for b in site.briefs),
        sources={
            k: _fields(s, units, "sources.yaml", ("sources", s.id), ("via",)) for k, s in site.sources.items()
        },
        actors={
            k: _fields(a, units, "actors.yaml", ("actors", a.id), ("name", "role"))
            for k, a in site.actors.items()
        },
        areas=tuple(
            _fields(a, units, "areas.yaml", ("areas", a.id), ("title", "description")) for a in site.areas
        ),
        paths=site.paths,
        vocabulary=vocabulary.with_parties(parties),
        records=records,
        order={k: site.records[k].title for k, e in records.items() if e.title != site.records[k].title},
    )


def _fields(item: Any, units: Units, rel: str, at: tuple[str, ...], names: tuple[str, ...]) -> Any:
    """A record with the named fields translated (those it has)."""
    update = {n: units.get(rel, *at, n, default=getattr(item, n)) for n in names if getattr(item, n)}
    return item.model_copy(update=update)


def _brief(brief: Brief, units: Units, rel: str) -> Brief:
    update: dict[str, Any] = {
        n: units.get(rel, n, default=getattr(brief, n))
        for n in ("title", "status_note", "summary", "key_points")
        if getattr(brief, n)
    }
    for name in ("risks", "corrections"):  # one unit: the list of the records' texts, in order
        items, texts = getattr(brief, name), units.get(rel, name)
        if isinstance(texts, list) and len(texts) == len(items):
            update[name] = [r.model_copy(update={"text": t}) for r, t in zip(items, texts, strict=True)]
    update["key_judgments"] = [_judgment(j, units, rel) for j in brief.key_judgments]
    update["channels"] = [
        _fields(c, units, rel, ("channels", c.id), ("name", "status_note")) for c in brief.channels
    ]
    update["events"] = [
        r.model_copy(update={"note": units.get(rel, "events", r.event, "note", default=r.note)})
        for r in brief.events
    ]
    return brief.model_copy(update=update)


def _judgment(judgment: Any, units: Units, rel: str) -> Any:
    at = ("key_judgments", judgment.id)
    update: dict[str, Any] = {"text": units.get(rel, *at, "text", default=judgment.text)}
    if judgment.outcome is not None:
        note = units.get(rel, *at, "outcome_note", default=judgment.outcome.note)
        update["outcome"] = judgment.outcome.model_copy(update={"note": note})
    return judgment.model_copy(update=update)


def _event(event: Any, units: Units, rel: str) -> Any:
    update = {n: units.get(rel, n, default=getattr(event, n)) for n in ("title", "description")}
    readouts = event.readouts
    if readouts is not None:
        changed: dict[str, Any] = {
            party: account.model_copy(
                update={"summary": units.get(rel, "readouts", party, "summary", default=account.summary)}
            )
            for party, account in readouts.accounts.items()
        }
        if readouts.differences:
            changed["differences"] = units.get(rel, "readouts", "differences", default=readouts.differences)
        update["readouts"] = readouts.model_copy(update=changed)
    return event.model_copy(update=update)
