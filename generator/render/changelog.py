"""What changed, said for readers: one plain sentence per change, grouped by day.

The history (`history.py`) holds every change of every commit, as ids and dates.
A reader needs less and in words: per day, one sentence per kind of change
("Added 3 events to the timeline: …"), each marked with what it is (a new
development, a correction, a revision, a review with no change), and no commit.
Corrections are the editors' own sentences, declared in the brief
(`corrections:`); the machine detail stays in `api/changes.json`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.domain import Vocabulary
from generator.history import BriefHistory, Change
from generator.words import Words

KINDS = ("correction", "development", "revision", "review")
"""What a change is to a reader, in the order a day lists them; each is worded by `change_kind_<kind>`."""
LISTED = 5
"""Events named in one sentence; more are counted ("and 14 more")."""
DEVELOPMENTS = frozenset({"created", "status", "channel-added", "channel-status", "event-added"})


@dataclass(frozen=True)
class Entry:
    """One sentence of a day's log, and what kind of change it says."""

    kind: str
    text: str


@dataclass(frozen=True)
class Day:
    """What changed in one brief on one day (`date` None: a commit without a true date)."""

    brief_id: str
    date: dt.date | None
    entries: tuple[Entry, ...]


class ChangeLog:
    """Sentences from changes, in the site's words; event ids named by their records."""

    def __init__(self, words: Words, vocabulary: Vocabulary, events: Any, corrections: Any) -> None:
        self.words = words
        self.vocabulary = vocabulary
        self.events = events
        """() -> {event id: event record (title, date)}, read as each page asks."""
        self.corrections = corrections
        """Brief id -> that brief's declared corrections."""

    def brief_days(self, brief_id: str, history: BriefHistory) -> list[Day]:
        """A brief's log, newest day first: its corrections and its history, by day."""
        by_day: dict[dt.date | None, list[Change]] = {}
        for change in history.changes:
            by_day.setdefault(change.commit.date.date() if change.commit.date else None, []).append(change)
        fixes: dict[dt.date | None, list[Entry]] = {}
        for correction in self.corrections(brief_id):
            fixes.setdefault(correction.date, []).append(Entry("correction", correction.text))
        days = []
        for day in set(by_day) | set(fixes):
            entries = fixes.get(day, []) + self._entries(by_day.get(day, []))
            if entries:
                days.append(Day(brief_id, day, tuple(entries)))
        return sorted(days, key=lambda d: d.date or dt.date.min, reverse=True)

    def site_days(self, histories: dict[str, BriefHistory], briefs: Iterable[str]) -> list[Day]:
        """Every brief's dated days, newest first (then by brief, in the site's order)."""
        order = {b: n for n, b in enumerate(briefs)}
        days = [d for b in order if b in histories for d in self.brief_days(b, histories[b]) if d.date]
        return sorted(days, key=lambda d: (-d.date.toordinal(), order[d.brief_id]))  # type: ignore[union-attr]

    def _entries(self, changes: list[Change]) -> list[Entry]:
        entries: list[Entry] = []
        added = [c for c in changes if c.kind == "event-added"]
        removed = [c for c in changes if c.kind == "event-removed"]
        for change in changes:
            if change.kind in ("event-added", "event-removed", "reviewed"):
                continue
            kind = "development" if change.kind in DEVELOPMENTS else "revision"
            entries.append(Entry(kind, change.describe(self.words, self.vocabulary)))
        if added:
            text = self.words.format("change_events_added", count=len(added), events=self._events(added))
            entries.append(Entry("development", text))
        if removed:
            events = self._events(removed)
            text = self.words.format("change_events_removed", count=len(removed), events=events)
            entries.append(Entry("revision", text))
        if not entries and any(c.kind == "reviewed" for c in changes):
            entries.append(Entry("review", self.words.format("change_reviewed")))
        return sorted(entries, key=lambda e: KINDS.index(e.kind))

    def _events(self, changes: list[Change]) -> str:
        """The events listed or no longer listed on a day: the first few named with their
        dates, the rest counted."""
        names = [self._event(dict(c.values)) for c in changes]
        listed = names[:LISTED]
        if len(names) > LISTED:
            listed.append(self.words.format("change_and_more", count=len(names) - LISTED))
        return self.words["semicolon"].join(listed)

    def _event(self, values: dict[str, Any]) -> str:
        record = self.events().get(values.get("event"))
        if record is not None:
            title, day = record.title, record.date
        else:  # an event that is no record now, or an entry from before events were records
            title = str(values.get("title") or values.get("event"))
            day = values.get("date")
        try:
            when = self.words.date(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)))
        except ValueError:
            return self.words.format("change_event_named", title=title)
        return self.words.format("change_event_dated", title=title, date=when)
