"""Rules of the records briefs share: events (one file each), channels and judgments by id.

An event is written once, in `content/events/<year>/<id>.yaml`, and every
brief it bears on lists its id; a channel's id is unique across the site
(events name the channels they are meetings of); a judgment's id is unique
in its brief (it is the judgment's anchor). Like `rules.py`, each function
yields `Problem`s relative to one file, reading raw data defensively.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from markdown.extensions.toc import slugify

from generator.check.schema import SLUG_PATTERN, Brief, Event
from generator.errors import FieldPath, Problem

MIGRATE = "briefings migrate-events"
"""The command that moves a brief's `timeline:` into event records."""


def old_layout(data: Any) -> Iterator[Problem]:
    """A brief that still holds its own `timeline:` (the layout before events were records)."""
    if isinstance(data, dict) and "timeline" in data:
        yield Problem(
            ("timeline",),
            "a brief no longer holds its own `timeline:`: events are records in content/events/",
            f"run `{MIGRATE}` (add `--merge` to merge events written in several briefs); "
            "it moves every entry and prints what it did",
            code="old-layout",
            at_key=True,
        )


def event_refs(data: Any) -> Iterator[tuple[FieldPath, str, str]]:
    """Every id an event file refers to: sources, actors, channels and readouts' sources."""
    if not isinstance(data, dict):
        return
    for field, registry in (("sources", "sources"), ("actors", "actors"), ("channels", "channels")):
        values = data.get(field)
        for j, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str):
                yield (field, j), registry, value
    readouts = data.get("readouts")
    if isinstance(readouts, dict):
        for party, readout in readouts.items():
            source = readout.get("source") if isinstance(readout, dict) else None
            if party != "differences" and isinstance(source, str):
                yield ("readouts", party, "source"), "sources", source


def event_file_problems(data: Any, display: str) -> Iterator[Problem]:
    """An event's id is its file name, and its file is in the folder of its date's year
    (`display`: the file as diagnostics name it, e.g. `content/events/2025/<id>.yaml`)."""
    if not isinstance(data, dict):
        return
    folder, _, name = display.rpartition("/")
    stem = name.removesuffix(".yaml")
    ref = data.get("id")
    if isinstance(ref, str) and ref != stem and re.fullmatch(SLUG_PATTERN, ref):
        yield Problem(
            ("id",),
            f"id `{ref}` does not match the file name `{name}`",
            f"rename the file to `{ref}.yaml` or set `id: {stem}`",
            code="id-mismatch",
        )
    date = data.get("date")
    if isinstance(date, dt.date) and folder.rpartition("/")[2] != str(date.year):
        yield Problem(
            ("date",),
            f"an event of {date.year} is in the folder `{folder}/`",
            f"move the file to `content/events/{date.year}/` (its id, and so its links, stay as they are)",
            code="event-folder",
        )


def event_date_problems(event: Event) -> Iterator[Problem]:
    """A date range runs forwards."""
    if event.end_date is not None and event.end_date < event.date:
        yield Problem(
            ("end_date",),
            f"`end_date` ({event.end_date}) is before `date` ({event.date})",
            "the range runs from `date` (first day) to `end_date` (last day)",
            code="bad-date-order",
        )


def duplicate_event_ids(files: Iterable[tuple[Any, str]]) -> Iterator[tuple[int, Problem]]:
    """(index of the file, problem) for an event id a file of another year folder already holds."""
    seen: dict[str, str] = {}
    for index, (data, display) in enumerate(files):
        ref = data.get("id") if isinstance(data, dict) else None
        if not isinstance(ref, str):
            continue
        if ref in seen:
            yield (
                index,
                Problem(
                    ("id",),
                    f"duplicate event id `{ref}`: {seen[ref]} has it too",
                    "an event is written once: merge the two files, or give this one its own id",
                    code="duplicate-id",
                ),
            )
        else:
            seen[ref] = display


def brief_event_problems(data: Any) -> Iterator[Problem]:
    """A brief lists each event once."""
    items = data.get("events") if isinstance(data, dict) else None
    first: dict[str, int] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        ref = item.get("event") if isinstance(item, dict) else None
        if not isinstance(ref, str):
            continue
        if ref in first:
            yield Problem(
                ("events", i, "event"),
                f"the brief lists event `{ref}` twice (first at events[{first[ref]}])",
                "list an event once; put everything this brief says about it in that entry's `note`",
                code="duplicate-ref",
            )
        else:
            first[ref] = i


SECTION_LABELS = (
    "summary",
    "key_points",
    "key_judgments",
    "channels",
    "timeline",
    "risks",
    "related_briefs",
    "what_changed",
    "sources",
)
"""The labels of a brief page's section headings: their anchors are taken."""


def section_anchors(labels: Mapping[str, str]) -> frozenset[str]:
    """The anchors of a brief page's headings, as the Markdown engine makes them from the site's words."""
    return frozenset(slugify(labels[key], "-") for key in SECTION_LABELS if key in labels)


def record_ids_in_brief(data: Any, taken: Collection[str] = ()) -> Iterator[Problem]:
    """Judgment ids are unique in a brief, and no judgment shares an id with a channel or with a
    heading of the brief's page (`taken`): all are anchors of that page."""
    if not isinstance(data, dict):
        return
    seen: dict[str, str] = {a: "a heading of the brief's page" for a in taken}
    for section in ("channels", "key_judgments"):
        items = data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            ref = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ref, str):
                continue
            if ref in seen:
                yield Problem(
                    (section, i, "id"),
                    f"duplicate id `{ref}`: {seen[ref]} has it too",
                    "ids are the anchors of the brief's page: give each judgment and channel its own",
                    code="duplicate-id",
                )
            else:
                seen[ref] = f"{section}[{i}] in this brief"


def channel_ids(briefs: Iterable[tuple[Any, str]]) -> tuple[dict[str, str], list[tuple[int, Problem]]]:
    """Channel id -> the brief file declaring it; and (brief index, problem) for a channel id
    another brief already declares (events name channels across the site)."""
    owner: dict[str, str] = {}
    found: list[tuple[int, Problem]] = []
    for index, (data, display) in enumerate(briefs):
        items = data.get("channels") if isinstance(data, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            ref = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ref, str):
                continue
            if ref in owner and owner[ref] != display:
                problem = Problem(
                    ("channels", i, "id"),
                    f"duplicate channel id `{ref}`: {owner[ref]} declares it too",
                    "a channel is declared in one brief; give this one its own id",
                    code="duplicate-id",
                )
                found.append((index, problem))
            owner.setdefault(ref, display)
    return owner, found


def after_cutoff(brief: Brief, events: dict[str, Event]) -> Iterator[Problem]:
    """An event a brief lists after its data cut-off is a planned one."""
    for i, ref in enumerate(brief.events):
        event = events.get(ref.event)
        if event is not None and event.date > brief.as_of and not event.scheduled:
            yield Problem(
                ("events", i, "event"),
                f"event `{event.id}` ({event.date}) is after the data cut-off `as_of` ({brief.as_of})",
                "mark a planned event with `scheduled: true` in its file, or move `as_of` forward",
                code="after-cutoff",
            )


def last_met_problems(brief: Brief, newest: dict[str, Event]) -> Iterator[Problem]:
    """A channel's `last_met` is never older than the newest event that is a meeting of it."""
    for i, channel in enumerate(brief.channels):
        meeting = newest.get(channel.id)
        if meeting is None or channel.last_met is None or channel.last_met >= meeting.date:
            continue
        yield Problem(
            ("channels", i, "last_met"),
            f"`last_met` ({channel.last_met}) is older than event `{meeting.id}` ({meeting.date}), "
            "a meeting of this channel",
            f"set `last_met: {meeting.date}` (the meeting's first day), or leave it out: "
            "it is then taken from the channel's newest meeting",
            code="last-met-stale",
        )


def newest_meetings(events: Iterable[Event]) -> dict[str, Event]:
    """Channel id -> its newest meeting (a planned event, `scheduled: true`, is none yet)."""
    newest: dict[str, Event] = {}
    for event in events:
        if event.scheduled:
            continue
        for channel in event.channels:
            if channel not in newest or event.date > newest[channel].date:
                newest[channel] = event
    return newest


def unused_events(stems: Iterable[str], used: set[str]) -> Iterator[tuple[int, Problem]]:
    """(file index, warning) for an event no brief lists: no page would show it.
    An event is known by its file name (its id must equal it)."""
    for index, ref in enumerate(stems):
        if ref not in used:
            yield (
                index,
                Problem(
                    ("id",),
                    f"event `{ref}` is listed by no brief, so no page shows it",
                    f"list it under `events:` in the briefs it bears on (`- event: {ref}`), "
                    "or remove the file",
                    severity="warning",
                    code="unused",
                ),
            )
