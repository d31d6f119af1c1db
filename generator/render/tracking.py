"""What rendering reads, observed: the site, the configuration and the words as templates see them.

Templates and the renderer read the site through `TrackedSite` (and the
briefs it hands out through `TrackedBrief`), the configuration through
`TrackedConfig` and the words (`ui`) through `TrackedWords`.  Each read is
noted, through the callback each is made with, as the input keys it depends
on (`render/output.py`); the renderer records them with the page being
rendered, so a site's own template that reads more than the package's is
tracked too, and a page that reads no date is not rendered again on a new day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from generator.check.schema import Brief
from generator.config import SiteConfig
from generator.model import Event, Site
from generator.render.output import (
    ALL_BRIEFS,
    BRIEFS,
    CONFIG,
    DATE,
    brief_input,
    event_input,
    field_input,
    registry_input,
)

_SOURCES, _ACTORS, _AREAS, _PARTIES, _EVENTS = (
    registry_input(r) for r in ("sources", "actors", "areas", "parties", "events")
)
_WORDS = frozenset({CONFIG, _PARTIES})
"""The vocabulary: the configuration's words and the parties."""
_CITED = frozenset(field_input(f) for f in ("key_judgments", "channels", "events", "risks")) | {_EVENTS}
"""The fields a brief cites sources in."""
_LISTED = frozenset({BRIEFS, field_input("events"), field_input("title"), _EVENTS})
"""Which events some brief lists, and their order (by date, then title)."""
_READS: dict[str, frozenset[str]] = {
    "sources": frozenset({_SOURCES}),
    "actors": frozenset({_ACTORS}),
    "actor_groups": _WORDS | {_ACTORS},
    "areas": frozenset({_AREAS}),
    "area": frozenset({_AREAS}),
    "vocabulary": _WORDS,
    "citations": _WORDS,
    "latest_meeting": frozenset({_EVENTS}),
    "last_met": frozenset({_EVENTS}),
    "paths": frozenset({BRIEFS}),
    "briefs": frozenset({BRIEFS}),
    "events": _LISTED,
    "records": frozenset({_EVENTS}),
    "order": frozenset({_EVENTS}),
    "event_key": frozenset({_EVENTS}),
    "timeline_years": _LISTED,
    "event_url": _LISTED,
    "source_url": frozenset({_SOURCES}),
    "source_parts": frozenset({_SOURCES}),
    "source_kinds": frozenset({_SOURCES}),
    "cited_by": _CITED | _WORDS | {BRIEFS, _SOURCES},
    "actor_briefs": frozenset({BRIEFS, _ACTORS, field_input("events"), _EVENTS}),
    "resolved": frozenset({BRIEFS, field_input("key_judgments")}),
    "track_record": _WORDS | {BRIEFS, field_input("key_judgments")},
}
"""What reading each attribute of the site depends on (`brief` names the brief read);
the briefs these hand out note the fields read of them (`TrackedBrief`)."""
_ANYTHING = _WORDS | {BRIEFS, ALL_BRIEFS, _SOURCES, _ACTORS, _AREAS}
"""An attribute not listed above may depend on anything."""
_FIELDS = frozenset(Brief.model_fields)


class TrackedBrief:
    """A brief handed out in a list of briefs: each field read noted as that field of every brief."""

    __slots__ = ("_brief", "_note")

    def __init__(self, brief: Brief, note: Callable[[Iterable[str]], None]) -> None:
        self._brief = brief
        self._note = note

    def __getattr__(self, name: str) -> Any:
        self._note((field_input(name),) if name in _FIELDS else (ALL_BRIEFS,))
        return getattr(self._brief, name)


class TrackedSite:
    """The site as templates see it: each read noted as the inputs it depends on."""

    def __init__(self, site: Site, note: Callable[[Iterable[str]], None]) -> None:
        self._site = site
        self._note = note
        self._wrapped: dict[str, Any] = {}

    def brief(self, brief_id: str) -> Brief:
        """The brief with this id."""
        self._note((brief_input(brief_id),))
        return self._site.brief(brief_id)

    def briefs_in(self, area_id: str) -> list[TrackedBrief]:
        """Briefs of one area (which briefs are in which area is part of `briefs`)."""
        self._note((BRIEFS,))
        return [TrackedBrief(b, self._note) for b in self._site.briefs_in(area_id)]

    def event(self, event_id: str) -> Any:
        """The event record with this id."""
        self._note((event_input(event_id),))
        return self._site.event(event_id)

    def brief_events(self, brief: Brief) -> list[tuple[Any, str | None]]:
        """(event, note) of each event the brief lists, oldest first."""
        self._note(event_input(r.event) for r in brief.events)
        return self._site.brief_events(brief)

    def events_in(self, area_id: str) -> list[Event]:
        """The events some brief of this area lists, with their briefs tracked."""
        self._note(_LISTED)
        return [self._tracked_event(e) for e in self._site.events_in(area_id)]

    def tracked_events(self, events: Iterable[Event]) -> list[Event]:
        """Events of the site's list (`events`, `timeline_years`), as reading that list hands them out."""
        self._note(_LISTED)
        return [self._tracked_event(e) for e in events]

    def _tracked_event(self, event: Event) -> Event:
        briefs = tuple(TrackedBrief(b, self._note) for b in event.briefs)
        return Event(event.entry, briefs, event.areas)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        self._note(_READS.get(name, _ANYTHING))
        if name not in self._wrapped:
            self._wrapped[name] = self._wrap(name, getattr(self._site, name))
        return self._wrapped[name]

    def _wrap(self, name: str, value: Any) -> Any:
        """The site's lists of briefs, with each brief tracked."""

        def tracked(brief: Brief) -> TrackedBrief:
            return TrackedBrief(brief, self._note)

        if name == "briefs":
            return tuple(tracked(b) for b in value)
        if name == "events":
            return [self._tracked_event(e) for e in value]
        if name == "timeline_years":
            track = self._tracked_event
            return {y: [[track(e) for e in part] for part in parts] for y, parts in value.items()}
        if name in ("cited_by", "actor_briefs"):
            return {key: [tracked(b) for b in briefs] for key, briefs in value.items()}
        if name == "resolved":
            return [(tracked(b), judgment) for b, judgment in value]
        return value


_DATED = {"today": (DATE,), "out_of_date": (CONFIG, DATE)}
"""What reading each dated attribute of the configuration depends on."""


class TrackedConfig:
    """The configuration as templates and renderers see it: reading the build date notes
    `date`, reading anything else `config` (`render/output.py`)."""

    __slots__ = ("_config", "_note")

    def __init__(self, config: SiteConfig, note: Callable[[Iterable[str]], None]) -> None:
        self._config = config
        self._note = note

    def __getattr__(self, name: str) -> Any:
        self._note(_DATED.get(name, (CONFIG,)))
        return getattr(self._config, name)


class TrackedWords(Mapping[str, str]):
    """The site's words (`ui.<key>` in templates): reading one notes `config`, where they are set."""

    def __init__(self, words: Mapping[str, str], note: Callable[[Iterable[str]], None]) -> None:
        self._words = words
        self._note = note

    def __getitem__(self, key: str) -> str:
        self._note((CONFIG,))
        return self._words[key]

    def __iter__(self) -> Iterator[str]:
        self._note((CONFIG,))
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __getattr__(self, name: str) -> Any:
        """`ui.format(...)`, `ui.date(...)`: the words' methods, each call noted as a read."""
        method = getattr(self._words, name)
        if not callable(method):
            self._note((CONFIG,))
            return method

        def noted(*args: Any, **kwargs: Any) -> Any:
            self._note((CONFIG,))
            return method(*args, **kwargs)

        return noted
