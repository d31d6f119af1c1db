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

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from generator.check.schema import EXPORT_SCHEMA
from generator.config import SiteConfig
from generator.history import BriefHistory
from generator.model import Site
from generator.render.fields import html_safe_json
from generator.render.output import ALL_BRIEFS, ALL_HISTORIES, BRIEFS, CONFIG, Output, field_input


def export_outputs(
    site: Site,
    histories: dict[str, BriefHistory],
    config: SiteConfig,
    brief_json: Callable[[str], str] | None = None,
) -> list[Output]:
    """The exported files, and what each is made from; `brief_json` may be `brief_item`
    answered from a memo."""
    titles = frozenset({BRIEFS, field_input("title")})  # the list of briefs is ordered by title
    return [
        Output(
            "feed.xml", titles | {ALL_HISTORIES, CONFIG}, lambda: atom_feed(site, histories, config).encode()
        ),
        Output(
            "api/briefs.json",
            frozenset({BRIEFS, ALL_BRIEFS}),
            lambda: html_safe_json(briefs_json(site, brief_json)).encode(),
        ),
        Output("api/timeline.csv", titles | {field_input("timeline")}, lambda: timeline_csv(site).encode()),
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
        return json.dumps({"schema": EXPORT_SCHEMA, "briefs": []}, indent=2) + "\n"
    items = ",\n    ".join(item(brief.model_dump_json()) for brief in site.briefs)
    return f'{{\n  "schema": {json.dumps(EXPORT_SCHEMA)},\n  "briefs": [\n    {items}\n  ]\n}}\n'


def brief_item(brief_json: str) -> str:
    """One brief's JSON as an item of the `briefs` list: indented two levels deep."""
    return json.dumps(json.loads(brief_json), indent=2, ensure_ascii=False).replace("\n", "\n    ")


TIMELINE_COLUMNS = (
    "date",
    "end_date",
    "date_precision",
    "scheduled",
    "area",
    "brief",
    "title",
    "actors",
    "sources",
)


def timeline_csv(site: Site) -> str:
    """The combined timeline, one row per event, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TIMELINE_COLUMNS)
    for event in site.events:
        e = event.entry
        writer.writerow(
            [
                e.date.isoformat(),
                e.end_date.isoformat() if e.end_date else "",
                e.date_precision,
                "yes" if e.scheduled else "no",
                event.brief.area,
                event.brief.id,
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
    """An Atom feed with one entry per brief change (all changes of one commit to one brief)."""
    base = config.site_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base)
    feed.title(f"{config.site_name}: updates")
    feed.link(href=base, rel="alternate")
    feed.link(href=base + "feed.xml", rel="self")
    feed.language("en")
    feed.author(name=config.site_name)
    feed.generator("briefings")
    grouped = group_changes(histories)[:limit]
    build_day = dt.datetime.combine(config.today, dt.time(), tzinfo=dt.UTC)
    newest = grouped[0][1] if grouped else build_day
    feed.updated(newest)
    # feedgen prepends entries; add oldest first so the newest comes first.
    for brief_id, when, sha, lines in reversed(grouped):
        brief = site.brief(brief_id)
        url = f"{base}briefs/{brief_id}/"
        entry = feed.add_entry()
        entry.id(f"{url}#{sha}")
        entry.title(f"{brief.title}: {lines[0]}" + (f" (+{len(lines) - 1} more)" if len(lines) > 1 else ""))
        entry.link(href=url)
        entry.updated(when)
        entry.published(when)
        entry.content("\n".join(f"- {line}" for line in lines), type="text")
    atom: bytes = feed.atom_str(pretty=True)
    return atom.decode("utf-8")


def group_changes(histories: dict[str, BriefHistory]) -> list[tuple[str, dt.datetime, str, list[str]]]:
    """(brief id, date, commit, change lines) per brief and commit, newest first."""
    groups: dict[tuple[str, str], tuple[dt.datetime, list[str]]] = {}
    for brief_id, history in histories.items():
        for change in history.changes:
            key = (brief_id, change.commit.sha)
            groups.setdefault(key, (change.commit.date, []))[1].append(change.text)
    rows = [(b, when, sha, lines) for (b, sha), (when, lines) in groups.items()]
    return sorted(rows, key=lambda r: (r[1], r[0], r[2]), reverse=True)
