"""`briefings migrate-events`: move briefs' own `timeline:` entries into event records.

Each entry becomes `content/events/<year>/<id>.yaml`, its id the date and a slug of
its title; the brief's `timeline:` becomes `events:`, a list of those ids.  Channels
and judgments without an id get one (a slug of the channel's name, of the judgment's
first words).  An entry dated on a channel's `last_met` becomes a meeting of that
channel.  With `--merge`, entries of one date that share a source or a title become
one event, whose other briefs keep their own title and description as their note.

Everything is planned first and written only when the plan is complete, so an
unreadable brief stops the command before any file changes; `migrate_files.py`
writes it (the briefs edited as text, comments and layout kept; the event files new).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.commands.migrate_files import BriefEdits, edited, event_text, replace
from generator.errors import BriefingsError
from generator.read.load import LoadedFile, event_paths, load_content

SLUG_CHARS = 60
"""Longest slug derived from a title or a name, cut at a word."""


class MigrateError(BriefingsError):
    """The content cannot be migrated as it is."""

    def __init__(self, message: str, file: str, hint: str | None = None):
        super().__init__(message, file=file, hint=hint, code="migrate")


def slug(text: str, limit: int = SLUG_CHARS) -> str:
    """Lower-case ASCII words joined by hyphens, at most `limit` characters, cut at a word."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out or "untitled"


@dataclass
class Entry:
    """One `timeline:` entry of one brief, as written."""

    brief: str
    index: int
    data: dict[str, Any]
    note: str | None = None

    @property
    def where(self) -> str:
        return f"{self.brief} timeline[{self.index}]"


@dataclass
class Record:
    """An event to write: its id, the entries it is made of, its channels."""

    id: str
    entries: list[Entry]
    channels: list[str] = field(default_factory=list)

    @property
    def base(self) -> Entry:
        return self.entries[0]


@dataclass
class Plan:
    """Every change the migration makes, before any is written."""

    records: list[Record] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)
    """Brief file -> its new text."""
    log: list[str] = field(default_factory=list)


def migrate(content_dir: Path, merge: bool = False, write: bool = True) -> Plan:
    """Plan the migration of `content_dir` and (with `write`) carry it out."""
    content = load_content(content_dir)
    broken = [f for f in content.briefs if f.data is None or f.problems or not isinstance(f.data, dict)]
    if broken:
        raise MigrateError(
            "this brief cannot be read, so its timeline cannot be moved",
            broken[0].display,
            hint="run `briefings validate`, fix what it reports about reading the file, then migrate",
        )
    taken = {p.stem for p in event_paths(content_dir)}
    plan = Plan()
    entries = [e for f in content.briefs for e in _entries(f)]
    plan.records = _group(entries, merge, taken, plan.log)
    channel_ids = _channel_ids(content.briefs, plan.log)
    derived = _tag_meetings(content.briefs, plan.records, channel_ids, plan.log)
    for file in content.briefs:
        new = edited(file.text or "", _edits(file, plan.records, channel_ids, derived))
        if new != file.text:
            plan.texts[file.path] = new
    if write:
        for record in plan.records:
            date = _date(record.base)
            year = str(date.year) if date else "undated"
            replace(content_dir / "events" / year / f"{record.id}.yaml", event_text(_event_data(record)))
        for path, text in plan.texts.items():
            replace(path, text)
    return plan


def _edits(
    file: LoadedFile, records: list[Record], ids: dict[tuple[str, int], str], derived: set[tuple[str, int]]
) -> BriefEdits:
    """What changes in one brief: ids where there are none, `last_met` taken from events, `events:`."""
    brief = file.path.stem
    channels = _indexed(file.data, "channels")
    judgments = zip(_indexed(file.data, "key_judgments"), _judgment_ids(file.data), strict=True)
    refs = sorted((e.index, r.id, e.note) for r in records for e in r.entries if e.brief == brief)
    return BriefEdits(
        channel_ids={i: ids[(brief, i)] for i, c in channels if not isinstance(c.get("id"), str)},
        judgment_ids={i: new for (i, _), new in judgments if new is not None},
        drop_last_met={i for i, _ in channels if (brief, i) in derived},
        events=[(event_id, note) for _, event_id, note in refs] if "timeline" in file.data else None,
    )


def _event_data(record: Record) -> dict[str, Any]:
    """An event's fields: its best-sourced entry's, with every source and actor of the others."""
    data: dict[str, Any] = {"id": record.id, **record.base.data}
    for other in record.entries[1:]:
        for key in ("sources", "actors"):
            extra = [v for v in other.data.get(key) or [] if v not in (data.get(key) or [])]
            if extra:
                data[key] = [*(data.get(key) or []), *extra]
        if "readouts" not in data and "readouts" in other.data:
            data["readouts"] = other.data["readouts"]
    if record.channels:
        data["channels"] = record.channels
    return data


def _entries(file: LoadedFile) -> Iterator[Entry]:
    timeline = file.data.get("timeline")
    if timeline is None:
        return
    if not isinstance(timeline, list) or not all(isinstance(e, dict) for e in timeline):
        raise MigrateError(
            "`timeline:` is not a list of entries", file.display, hint="make each entry a mapping of fields"
        )
    for i, data in enumerate(timeline):
        yield Entry(file.path.stem, i, data)


def _date(entry: Entry) -> dt.date | None:
    value = entry.data.get("date")
    return value if isinstance(value, dt.date) else None


def _title(entry: Entry) -> str:
    title = entry.data.get("title")
    return title if isinstance(title, str) else ""


def _same_event(a: Entry, b: Entry) -> str | None:
    """Why two entries are one event (one date, and a shared source or a near-same title), or None."""
    if _date(a) is None or _date(a) != _date(b):
        return None
    shared = [s for s in a.data.get("sources") or [] if s in (b.data.get("sources") or [])]
    if shared:
        return "same date, shared source " + ", ".join(str(s) for s in shared)
    ratio = _alike(a, b)
    return f"same date, titles {ratio:.0%} alike" if ratio >= 0.75 else None


def _alike(a: Entry, b: Entry) -> float:
    return difflib.SequenceMatcher(None, slug(_title(a), 200), slug(_title(b), 200)).ratio()


def _joinable(groups: list[list[Entry]], entry: Entry) -> list[list[Entry]]:
    """The groups `entry` is one event with. A brief never lists one event twice, so no group may
    come to hold two entries of one brief: two events of one day that a round-up source covers
    both stay apart, and an entry alike to both joins the one whose title is most like its own."""
    alike = [g for g in groups if any(_same_event(m, entry) for m in g)]
    alike = [g for g in alike if all(m.brief != entry.brief for m in g)]
    briefs = [m.brief for g in alike for m in g]
    if len(briefs) != len(set(briefs)):
        alike = [max(alike, key=lambda g: max(_alike(m, entry) for m in g))]
    return alike


def _group(entries: list[Entry], merge: bool, taken: set[str], log: list[str]) -> list[Record]:
    groups: list[list[Entry]] = []
    for entry in entries:  # an entry alike to several groups joins them into one
        alike = _joinable(groups, entry) if merge else []
        joined = [m for g in alike for m in g] + [entry]
        groups = [g for g in groups if g not in alike] + [joined]
    groups.sort(key=lambda g: min(entries.index(m) for m in g))
    records = []
    for group in groups:
        # The best-sourced entry gives the event its text and id; of two, the shorter (more general) title.
        group.sort(key=lambda e: (-len(e.data.get("sources") or []), len(_title(e))))
        record = Record(_unique(_event_id(group[0]), taken), group)
        records.append(record)
        for other in group[1:]:
            other.note = _note(other, group[0])
            why = next(r for m in group if m is not other for r in [_same_event(m, other)] if r)
            log.append(f"merged {other.where} into {record.id} ({why})")
    if not merge:
        for a, b in _pairs(records):
            reason = _same_event(a.base, b.base)
            if reason:
                log.append(f"possible duplicate: {a.id} and {b.id} ({reason}); --merge would merge them")
    return records


def _pairs(records: list[Record]) -> Iterator[tuple[Record, Record]]:
    by_date: dict[Any, list[Record]] = {}
    for record in records:
        by_date.setdefault(_date(record.base), []).append(record)
    for same in by_date.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                yield a, b


def _event_id(entry: Entry) -> str:
    date = _date(entry)
    return f"{date.isoformat() if date else 'undated'}-{slug(_title(entry))}"


def _unique(wanted: str, taken: set[str]) -> str:
    found, n = wanted, 1
    while found in taken:
        n += 1
        found = f"{wanted}-{n}"
    taken.add(found)
    return found


def _note(entry: Entry, base: Entry) -> str | None:
    """What a merged entry said that the event's own text does not: its title and description."""
    parts = []
    if _title(entry) and _title(entry) != _title(base):
        parts.append(_title(entry))
    description = entry.data.get("description")
    if isinstance(description, str) and description.strip() and description != base.data.get("description"):
        parts.append(description.strip())
    return "\n\n".join(parts) or None


def _channel_ids(briefs: list[LoadedFile], log: list[str]) -> dict[tuple[str, int], str]:
    """(brief id, channel index) -> the channel's id: its own, or a slug of its name, unique on the site.
    Two briefs declaring a channel of one name are named in the log: a channel is declared once."""
    ids: dict[tuple[str, int], str] = {}
    taken = {c["id"] for f in briefs for c in _list(f.data, "channels") if isinstance(c.get("id"), str)}
    named: dict[str, str] = {}
    for file in briefs:
        for i, channel in _indexed(file.data, "channels"):
            own, name = channel.get("id"), channel.get("name")
            if isinstance(own, str):
                ids[(file.path.stem, i)] = own
            else:
                wanted = slug(re.sub(r"\([^)]*\)", "", name) if isinstance(name, str) else "channel")
                ids[(file.path.stem, i)] = _unique(wanted, taken)
            if isinstance(name, str) and name in named:
                log.append(
                    f"possible duplicate channel: {named[name]} and {ids[(file.path.stem, i)]} (same name)"
                )
            named.setdefault(str(name), ids[(file.path.stem, i)])
    return ids


def _list(data: Any, key: str) -> list[dict[str, Any]]:
    return [item for _, item in _indexed(data, key)]


def _indexed(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) of the mappings in a list field of a brief (the index as in its file)."""
    items = data.get(key) if isinstance(data, dict) else None
    return [(i, v) for i, v in enumerate(items) if isinstance(v, dict)] if isinstance(items, list) else []


def _tag_meetings(
    briefs: list[LoadedFile], records: list[Record], ids: dict[tuple[str, int], str], log: list[str]
) -> set[tuple[str, int]]:
    """An event a brief lists, dated on a channel's `last_met`, is a meeting of that channel (failing
    one, an event whose range spans it). Return the channels whose `last_met` is now that meeting's
    date, written once in the event: their own `last_met` is left out."""
    derived = set()
    for file in briefs:
        brief = file.path.stem
        listed = [r for r in records if brief in {e.brief for e in r.entries}]
        for i, channel in _indexed(file.data, "channels"):
            met = channel.get("last_met")
            if not isinstance(met, dt.date):
                continue
            meetings = [r for r in listed if _date(r.base) == met] or [
                r for r in listed if _spans(r.base, met)
            ]
            for record in meetings:
                if ids[(brief, i)] not in record.channels:
                    record.channels.append(ids[(brief, i)])
                    log.append(f"{record.id} is a meeting of channel {ids[(brief, i)]} (its last_met, {met})")
            if meetings:
                derived.add((brief, i))
                first = max(_date(r.base) or met for r in meetings)
                change = "" if first == met else f", the first day of the meeting, not {met}"
                log.append(
                    f"{brief}: channel {ids[(brief, i)]} last met on {first}{change}: taken from the event"
                )
    return derived


def _spans(entry: Entry, day: dt.date) -> bool:
    start, end = _date(entry), entry.data.get("end_date")
    if start is None:
        return False
    return start == day or (isinstance(end, dt.date) and start <= day <= end)


def _judgment_ids(data: Any) -> list[str | None]:
    """Each judgment's id: None where it has one, else a slug of its first words, unique in the brief."""
    items = _list(data, "key_judgments")
    taken = {j["id"] for j in items if isinstance(j.get("id"), str)}
    return [
        None if isinstance(j.get("id"), str) else _unique(slug(str(j.get("text", "judgment")), 40), taken)
        for j in items
    ]


def summary(plan: Plan, display: Callable[[Path], str], dry_run: bool = False) -> str:
    """What the migration did (or, in a dry run, would do), one line each."""
    if not plan.records and not plan.texts:
        return "nothing to migrate: no brief holds a `timeline:`, every channel and judgment has an id"
    lines = []
    for record in plan.records:
        date = _date(record.base)
        sources = ", ".join(e.where for e in record.entries)
        lines.append(f"event {date.year if date else 'undated'}/{record.id}.yaml <- {sources}")
    lines += plan.log
    lines += [f"edited {display(path)}" for path in sorted(plan.texts)]
    entries = sum(len(r.entries) for r in plan.records)
    moved, edited = ("would move", "would edit") if dry_run else ("moved", "edited")
    lines.append(
        f"{moved} {entries} timeline entries into {len(plan.records)} events "
        f"({entries - len(plan.records)} merged) and {edited} {len(plan.texts)} briefs"
    )
    if dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)
