"""The validated site: briefs and registries, with the indexes pages need.

Everything here is derived from validated models and never fails: the
validator has already checked every reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import get_args

from generator.check import schema
from generator.check.records import newest_meetings
from generator.check.schema import (
    Actor,
    ActorRegistry,
    Area,
    AreaRegistry,
    Brief,
    Channel,
    KeyJudgment,
    Source,
    SourceRegistry,
)
from generator.domain import Party, Vocabulary, Word


@dataclass(frozen=True)
class Event:
    """An event record with every brief that lists it and their areas (in the site's order)."""

    entry: schema.Event
    briefs: tuple[Brief, ...]
    areas: tuple[str, ...]

    @property
    def id(self) -> str:
        """The event's id, its anchor on the timeline."""
        return self.entry.id


TIMELINE_PART_SIZE = 500
"""Events per page of one year of the timeline: a year of a large site comes in parts, so no
page grows past about half a megabyte (a thousand briefs hold some 6,000 events a year)."""


@dataclass(frozen=True)
class Site:
    """All validated content, ordered for display."""

    briefs: tuple[Brief, ...]
    sources: dict[str, Source]
    actors: dict[str, Actor]
    areas: tuple[Area, ...]
    paths: dict[str, str]
    """Brief id -> its content file, for "edit this brief" links."""
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    """The site's statuses, likelihood scale, confidence levels and parties."""
    records: dict[str, schema.Event] = field(default_factory=dict)
    """Event id -> the event, as written once in `content/events/`."""
    order: dict[str, str] = field(default_factory=dict)
    """Event id -> its title in the source language, where it differs: events of one day are
    ordered by it in every language, so a translated site cites and lists them alike."""

    def event_key(self, event: schema.Event) -> tuple[dt.date, str, str]:
        """Where an event sorts: by date, then by its source-language title, then id."""
        return event_key(event, self.order)

    def event(self, event_id: str) -> schema.Event:
        """The event record with this id."""
        return self.records[event_id]

    def brief(self, brief_id: str) -> Brief:
        """The brief with this id."""
        return self._by_id[brief_id]

    @cached_property
    def _by_id(self) -> dict[str, Brief]:
        return {b.id: b for b in self.briefs}

    def area(self, area_id: str) -> Area:
        """The area with this id."""
        return next(a for a in self.areas if a.id == area_id)

    def briefs_in(self, area_id: str) -> list[Brief]:
        """Briefs of one area, by title."""
        return [b for b in self.briefs if b.area == area_id]

    def citations(self, brief: Brief) -> dict[str, int]:
        """Source id -> citation number, numbered in the order the page cites them."""
        numbers: dict[str, int] = {}
        for source_id in cited_sources(brief, self.vocabulary.parties, self.records, self.order):
            numbers.setdefault(source_id, len(numbers) + 1)
        return numbers

    @cached_property
    def source_parts(self) -> list[list[str]]:
        """The source ids of each page of the source list, in order: one page for a small site,
        parts of `SOURCE_PART_SIZE` for a large one (a single page grows with the site).
        Grouped by kind (in the schema's order), then by publisher, newest first: the order
        a reader looks a source up in."""
        ids = sorted(self.sources, key=lambda i: _source_order(self.sources[i]))
        return [ids[i : i + SOURCE_PART_SIZE] for i in range(0, len(ids), SOURCE_PART_SIZE)] or [[]]

    @cached_property
    def source_kinds(self) -> list[tuple[str, int]]:
        """(kind, how many sources are of it), for the kinds the site has, in the schema's order."""
        kinds = [s.kind for s in self.sources.values()]
        return [(k, kinds.count(k)) for k in SOURCE_KINDS if k in kinds]

    @cached_property
    def _source_part(self) -> dict[str, int]:
        return {sid: n for n, ids in enumerate(self.source_parts, 1) for sid in ids}

    def source_url(self, source_id: str) -> str:
        """The site path of a source's entry on the source list, e.g. `sources/2/#src-x`."""
        return source_part_path(self._source_part.get(source_id, 1)) + "#src-" + source_id

    @cached_property
    def cited_by(self) -> dict[str, list[Brief]]:
        """Source id -> briefs citing it."""
        index: dict[str, list[Brief]] = {s: [] for s in self.sources}
        for brief in self.briefs:
            for source_id in dict.fromkeys(
                cited_sources(brief, self.vocabulary.parties, self.records, self.order)
            ):
                index[source_id].append(brief)
        return index

    @cached_property
    def actor_briefs(self) -> dict[str, list[Brief]]:
        """Actor id -> briefs listing an event that names the actor."""
        index: dict[str, list[Brief]] = {a: [] for a in self.actors}
        for brief in self.briefs:
            named = dict.fromkeys(a for r in brief.events for a in self.records[r.event].actors)
            for actor_id in named:
                index[actor_id].append(brief)
        return index

    @cached_property
    def actor_groups(self) -> list[tuple[str, list[Actor]]]:
        """Actors under the name of their party, in the parties' order; then those of none."""
        groups = [
            (p.name, [a for a in self.actors.values() if a.country == p.id]) for p in self.vocabulary.parties
        ]
        known = set(self.vocabulary.party_ids)
        groups.append(("", [a for a in self.actors.values() if a.country not in known]))
        return [(name, actors) for name, actors in groups if actors]

    @cached_property
    def events(self) -> list[Event]:
        """Every event some brief lists, once, with those briefs and their areas; oldest first."""
        listing: dict[str, list[Brief]] = {}
        for brief in self.briefs:  # in the site's order: by area, then title
            for ref in brief.events:
                listing.setdefault(ref.event, []).append(brief)
        order = {a.id: i for i, a in enumerate(self.areas)}
        events = []
        for event_id, briefs in listing.items():
            areas = sorted({b.area for b in briefs}, key=lambda a: (order.get(a, len(order)), a))
            events.append(Event(self.records[event_id], tuple(briefs), tuple(areas)))
        return sorted(events, key=lambda ev: self.event_key(ev.entry))

    def events_in(self, area_id: str) -> list[Event]:
        """The events some brief of this area lists, oldest first."""
        return [ev for ev in self.events if area_id in ev.areas]

    def brief_events(self, brief: Brief) -> list[tuple[schema.Event, str | None]]:
        """(event, the brief's note) of each event the brief lists, oldest first."""
        pairs = [(self.records[r.event], r.note) for r in brief.events]
        return sorted(pairs, key=lambda p: self.event_key(p[0]))

    @cached_property
    def timeline_years(self) -> dict[int, list[list[Event]]]:
        """Year -> its events, newest first, in parts of `TIMELINE_PART_SIZE`; newest year first."""
        by_year: dict[int, list[Event]] = {}
        for event in reversed(self.events):
            by_year.setdefault(event.entry.date.year, []).append(event)
        size = TIMELINE_PART_SIZE
        return {y: [evs[i : i + size] for i in range(0, len(evs), size)] for y, evs in by_year.items()}

    @cached_property
    def _event_pages(self) -> dict[str, str]:
        return {
            ev.id: timeline_part_path(year, n)
            for year, parts in self.timeline_years.items()
            for n, part in enumerate(parts, 1)
            for ev in part
        }

    def event_url(self, event_id: str) -> str:
        """The site path of an event's entry: its anchor on the page of its year (and part)."""
        return self._event_pages.get(event_id, "timeline/") + "#" + event_id

    @cached_property
    def _newest_meetings(self) -> dict[str, schema.Event]:
        return newest_meetings(self.records.values())

    def last_met(self, channel: Channel) -> dt.date | None:
        """A channel's last meeting: its `last_met`, or its newest meeting event if later."""
        meeting = self._newest_meetings.get(channel.id)
        dates = [d for d in (channel.last_met, meeting.date if meeting else None) if d is not None]
        return max(dates) if dates else None

    @cached_property
    def resolved(self) -> list[tuple[Brief, KeyJudgment]]:
        """Every judgment with a recorded outcome, latest outcome first."""
        found = [(b, j) for b in self.briefs for j in b.key_judgments if j.outcome is not None]
        return sorted(
            found, key=lambda bj: bj[1].outcome.date if bj[1].outcome else dt.date.min, reverse=True
        )

    @cached_property
    def track_record(self) -> list[tuple[Word, int, int, int]]:
        """Per likelihood word: (word, resolved, came true, partly), for the words that resolved.

        `cannot_tell` outcomes are recorded but counted in no column: they test nothing.
        """
        rows = []
        for word in self.vocabulary.scale.words:
            results = [j.outcome.result for _, j in self.resolved if j.likelihood == word.id and j.outcome]
            decided = [r for r in results if r != "cannot_tell"]
            if results:
                rows.append((word, len(decided), decided.count("happened"), decided.count("partly")))
        return rows

    def latest_meeting(self, brief: Brief) -> dt.date | None:
        """The most recent meeting among the brief's channels."""
        dates = [d for d in (self.last_met(c) for c in brief.channels) if d is not None]
        return max(dates) if dates else None


SOURCE_KINDS: tuple[str, ...] = get_args(Source.model_fields["kind"].annotation)


def _source_order(source: Source) -> tuple[int, str, int, str]:
    newest = -source.date.toordinal() if source.date else 0  # undated after dated
    return (SOURCE_KINDS.index(source.kind), source.publisher.casefold(), newest, source.id)


SOURCE_PART_SIZE = 500
"""Sources per page of the source list (a thousand briefs cite some 3,000: 3.5 MB on one page)."""


def timeline_part_path(year: int, part: int) -> str:
    """The site path of part `part` of the timeline's page of `year`."""
    return f"timeline/{year}/" if part == 1 else f"timeline/{year}/{part}/"


def source_part_path(part: int) -> str:
    """The site path of page `part` of the source list."""
    return "sources/" if part == 1 else f"sources/{part}/"


def event_key(event: schema.Event, order: Mapping[str, str]) -> tuple[dt.date, str, str]:
    """An event's place: date, title (in the source language, `order`), id."""
    return (event.date, order.get(event.id, event.title), event.id)


def cited_sources(
    brief: Brief,
    parties: Sequence[Party] = (),
    events: Mapping[str, schema.Event] | None = None,
    order: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Source ids in the order the brief page shows them (repeats included)."""
    for judgment in brief.key_judgments:
        yield from judgment.sources
        if judgment.outcome is not None:
            yield from judgment.outcome.sources
    for channel in brief.channels:
        yield from channel.sources
    listed = [events[r.event] for r in brief.events] if events is not None else []
    for entry in sorted(listed, key=lambda e: event_key(e, order or {})):
        yield from entry.sources
        if entry.readouts is not None:
            accounts = entry.readouts.accounts
            for party in parties:  # in the order the page shows them
                if party.id in accounts:
                    yield accounts[party.id].source
    for risk in brief.risks:
        yield from risk.sources


def build_site(
    briefs: list[Brief],
    sources: SourceRegistry,
    actors: ActorRegistry,
    areas: AreaRegistry,
    paths: dict[str, str],
    vocabulary: Vocabulary | None = None,
    events: Iterable[schema.Event] = (),
) -> Site:
    """Assemble the site model; briefs ordered by area, then title."""
    order = {a.id: i for i, a in enumerate(areas.areas)}
    ordered = sorted(briefs, key=lambda b: (order.get(b.area, len(order)), b.title, b.id))
    return Site(
        briefs=tuple(ordered),
        sources={s.id: s for s in sorted(sources.sources, key=lambda s: s.id)},
        actors={a.id: a for a in sorted(actors.actors, key=lambda a: a.name)},
        areas=tuple(areas.areas),
        paths=paths,
        vocabulary=vocabulary or Vocabulary(),
        records={e.id: e for e in sorted(events, key=lambda e: e.id)},
    )
