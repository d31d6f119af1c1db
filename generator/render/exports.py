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
from generator.history import BriefHistory
from generator.model import Event, Site
from generator.render.changelog import ChangeLog, Day
from generator.render.fields import html_safe_json
from generator.render.output import (
    ALL_BRIEFS,
    ALL_HISTORIES,
    BRIEFS,
    CONFIG,
    Output,
    brief_input,
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
        Output(
            "api/changes.json",
            frozenset({BRIEFS, ALL_HISTORIES}),
            lambda: html_safe_json(changes_json(site, histories)).encode(),
        ),
    ] + [
        Output(brief_data_path(brief.id), frozenset({brief_input(brief.id)}), _one_brief(site, brief.id))
        for brief in site.briefs
    ]


def _one_brief(site: Site, brief_id: str) -> Callable[[], bytes]:
    return lambda: html_safe_json(one_brief_json(site, brief_id)).encode()


def brief_data_path(brief_id: str) -> str:
    """Where one brief's data is: valid against `schema/brief.schema.json`, as one file per
    brief lets a reader or a program take one brief without the whole site's."""
    return f"api/briefs/{brief_id}.json"


def one_brief_json(site: Site, brief_id: str) -> str:
    """One brief as JSON, the record as validated (its events are ids, as in the content)."""
    return json.dumps(json.loads(site.brief(brief_id).model_dump_json()), indent=2, ensure_ascii=False) + "\n"


def changes_json(site: Site, histories: dict[str, BriefHistory]) -> str:
    """The machine detail of what changed, which the pages say in words: per brief, every
    change with its commit, date, kind and values (ids and dates, as in the content)."""
    briefs = {
        b.id: [
            {
                "commit": c.commit.sha,
                "date": c.commit.date.isoformat() if c.commit.date else None,
                "kind": c.kind,
                "values": {k: _plain(v) for k, v in c.values},
            }
            for c in histories[b.id].changes
        ]
        for b in site.briefs
        if b.id in histories
    }
    return json.dumps({"briefs": briefs}, indent=2, ensure_ascii=False, default=str) + "\n"


def _plain(value: Any) -> Any:
    """A change's value as JSON: tuples (a judgment's moves) as lists, dates as text."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


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
    corrections = {b.id: b.corrections for b in site.briefs}  # the field of every brief, as read
    log = ChangeLog(words, config.vocabulary, lambda: site.records, corrections.__getitem__)
    days = log.site_days(histories, [b.id for b in site.briefs])[:limit]
    happened = [ev for ev in site.events if ev.entry.date <= config.today][-limit:]
    entries: list[tuple[dt.datetime, str, Any]] = [
        (_midnight(day.date), f"{day.brief_id}", day) for day in days if day.date
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
            _changes_entry(entry, item, site, base, config)
    atom: bytes = feed.atom_str(pretty=True)
    return atom.decode("utf-8")


def _changes_entry(entry: Any, day: Day, site: Site, base: str, config: SiteConfig) -> None:
    """What changed in one brief on one day: its sentences, the first in the title."""
    words = config.words
    lines = [(words[f"change_kind_{e.kind}"], e.text) for e in day.entries]
    url = f"{base}briefs/{day.brief_id}/"
    entry.id(f"{url}#changes-{day.date}")
    more = " " + words.format("feed_more", count=len(lines) - 1) if len(lines) > 1 else ""
    entry.title(f"{site.brief(day.brief_id).title}{words['colon']}{lines[0][1]}{more}")
    entry.link(href=url)
    entry.content("\n".join(f"- {kind}{words['colon']}{text}" for kind, text in lines), type="text")


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
