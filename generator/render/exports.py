"""Data for readers and machines: the JSON export, the timeline CSV and the Atom feed.

These files are written by the generator (not by an engine plugin), so every
site engine publishes them alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from generator.check.schema import EXPORT_SCHEMA
from generator.config import SiteConfig
from generator.history import BriefHistory, Change
from generator.model import Event, Site
from generator.render.fields import html_safe_json
from generator.render.output import (
    ALL_BRIEFS,
    ALL_HISTORIES,
    BRIEFS,
    CONFIG,
    Output,
    field_input,
    registry_input,
)


def export_outputs(
    site: Site,
    histories: dict[str, BriefHistory],
    config: SiteConfig,
    brief_json: Callable[[str], str] | None = None,
) -> list[Output]:
    """The exported files, and what each is made from; `brief_json` may be `brief_item`
    answered from a memo."""
    titles = frozenset({BRIEFS, field_input("title")})  # the list of briefs is ordered by title
    events = frozenset({field_input("events"), registry_input("events")})
    return [
        Output(
            "feed.xml",
            titles | events | {ALL_HISTORIES, CONFIG, registry_input("areas")},
            lambda: atom_feed(site, histories, config).encode(),
        ),
        Output(
            "api/briefs.json",
            frozenset({BRIEFS, ALL_BRIEFS}) | events,
            lambda: html_safe_json(briefs_json(site, brief_json)).encode(),
        ),
        Output("api/timeline.csv", titles | events, lambda: timeline_csv(site).encode()),
    ]


def briefs_json(site: Site, brief_json: Callable[[str], str] | None = None) -> str:
    """Every brief as JSON: the document validates against `schema/briefs.schema.json`,
    each brief in it against `schema/brief.schema.json`.

    The same text as `json.dumps` of the whole, indented by 2, written item by item:
    Python's JSON encoder is slow when it indents, and an item is reused while its
    brief is unchanged.
    """
    item = brief_json or brief_item
    if not site.briefs:
        events = [json.loads(_event_item(ev)) for ev in site.events]
        return json.dumps({"schema": EXPORT_SCHEMA, "briefs": [], "events": events}, indent=2) + "\n"
    items = ",\n    ".join(item(brief.model_dump_json()) for brief in site.briefs)
    # Each event's item is answered from the same memo as a brief's: re-encoding twenty
    # thousand events with an indent took a second of every edit of a brief.
    listed = ",\n    ".join(item(_event_item(ev)) for ev in site.events)
    listed = f"[\n    {listed}\n  ]" if site.events else "[]"
    head = f'{{\n  "schema": {json.dumps(EXPORT_SCHEMA)},\n  "briefs": [\n    {items}\n  ],\n'
    return head + f'  "events": {listed}\n}}\n'


def _event_item(event: Event) -> str:
    """An event as exported, as compact JSON: the record, with every brief and area it bears on."""
    record = event.entry.model_dump_json()
    listed = f'"briefs":{json.dumps([b.id for b in event.briefs])},"areas":{json.dumps(list(event.areas))}'
    return record[:-1] + ("," if record != "{}" else "") + listed + "}"


def brief_item(brief_json: str) -> str:
    """One brief's JSON as an item of the `briefs` list: indented two levels deep."""
    return json.dumps(json.loads(brief_json), indent=2, ensure_ascii=False).replace("\n", "\n    ")


TIMELINE_COLUMNS = (
    "id",
    "date",
    "end_date",
    "date_precision",
    "scheduled",
    "areas",
    "briefs",
    "channels",
    "title",
    "actors",
    "sources",
)


def timeline_csv(site: Site) -> str:
    """The combined timeline, one row per event (with every area and brief it bears on), oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TIMELINE_COLUMNS)
    for event in site.events:
        e = event.entry
        writer.writerow(
            [
                e.id,
                e.date.isoformat(),
                e.end_date.isoformat() if e.end_date else "",
                e.date_precision,
                "yes" if e.scheduled else "no",
                " ".join(event.areas),
                " ".join(b.id for b in event.briefs),
                " ".join(e.channels),
                spreadsheet_safe(e.title),
                " ".join(e.actors),
                " ".join(e.sources),
            ]
        )
    return out.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula when the CSV is opened (OWASP's advice)."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def atom_feed(site: Site, histories: dict[str, BriefHistory], config: SiteConfig, limit: int = 100) -> str:
    """An Atom feed with one entry per brief change (all changes of one commit to one brief), and
    one per event that has taken place (the newest `limit`), each once with its briefs and areas."""
    base = config.site_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base)
    words = config.words
    feed.title(words.format("feed_title", site=config.site_name))
    feed.link(href=base, rel="alternate")
    feed.link(href=base + "feed.xml", rel="self")
    feed.language(words.language)
    feed.author(name=config.site_name)
    feed.generator("briefings")
    grouped = group_changes(histories)[:limit]
    happened = [ev for ev in site.events if ev.entry.date <= config.today][-limit:]
    entries: list[tuple[dt.datetime, str, Any]] = [
        (when, f"{b} {sha}", (b, sha, lines)) for b, when, sha, lines in grouped
    ]
    entries += [(_midnight(ev.entry.date), ev.id, ev) for ev in happened]
    feed.updated(max((e[0] for e in entries), default=_midnight(config.today)))
    # feedgen prepends entries; add oldest first so the newest comes first.
    for when, _, item in sorted(entries, key=lambda e: e[:2]):
        entry = feed.add_entry()
        entry.updated(when)
        entry.published(when)
        if isinstance(item, Event):
            _event_entry(entry, item, site, base, config)
        else:
            brief_id, sha, changes = item
            lines = [c.describe(words, config.vocabulary) for c in changes]
            url = f"{base}briefs/{brief_id}/"
            entry.id(f"{url}#{sha}")
            more = " " + words.format("feed_more", count=len(lines) - 1) if len(lines) > 1 else ""
            entry.title(f"{site.brief(brief_id).title}{words['colon']}{lines[0]}{more}")
            entry.link(href=url)
            entry.content("\n".join(f"- {line}" for line in lines), type="text")
    atom: bytes = feed.atom_str(pretty=True)
    return atom.decode("utf-8")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _event_entry(entry: Any, event: Event, site: Site, base: str, config: SiteConfig) -> None:
    """An event's entry: its permalink as id, its page as link, its areas as categories."""
    entry.id(f"{base}timeline/#{event.id}")
    entry.title(event.entry.title)
    entry.link(href=base + site.event_url(event.id))
    for area in event.areas:
        entry.category(term=area, label=site.area(area).title)
    briefs = config.words["comma"].join(b.title for b in event.briefs)
    entry.content(f"{config.words['timeline_from']} {briefs}", type="text")


def group_changes(histories: dict[str, BriefHistory]) -> list[tuple[str, dt.datetime, str, list[Change]]]:
    """(brief id, date, commit, changes) per brief and commit, newest first; a commit
    without a true date is left out (the brief's page still lists its changes)."""
    groups: dict[tuple[str, str], tuple[dt.datetime, list[Change]]] = {}
    for brief_id, history in histories.items():
        for change in history.changes:
            if change.commit.date is None:
                continue
            key = (brief_id, change.commit.sha)
            groups.setdefault(key, (change.commit.date, []))[1].append(change)
    rows = [(b, when, sha, lines) for (b, sha), (when, lines) in groups.items()]
    return sorted(rows, key=lambda r: (r[1], r[0], r[2]), reverse=True)
