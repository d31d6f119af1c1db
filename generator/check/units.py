"""The translatable fields of a site, as units keyed the way translation files key them.

A unit is one translated field: `{text, source_hash}`, where `source_hash` is the first
8 hex digits of the SHA-256 of the source text it translates, exactly as loaded (a list
without ids, such as `key_points`, is one unit hashed over its JSON).  This module lists
the site's units, file by file, from the loaded content: what the work list counts, what
`briefings translate` scaffolds and what each translation is compared with; and `walk`
reads a translation file's units as its kind's shape lays them out.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import BriefingsError, FieldPath, Problem, did_you_mean
from generator.read import files
from generator.read.load import Content, LoadedFile, describe

HASH = re.compile(r"^[0-9a-f]{8}$")

UnitPath = tuple[str, ...]
"""Where a unit sits in a translation file, e.g. `("key_judgments", "<id>", "text")`."""

UNIT, LIST = "unit", "list"
IDS = "*"
"""In a shape: the key that stands for any id of the named kind."""

SHAPES: dict[str, dict[str, Any]] = {
    "brief": {
        "title": UNIT,
        "status_note": UNIT,
        "summary": UNIT,
        "key_points": LIST,
        "risks": LIST,
        "corrections": LIST,
        "key_judgments": {IDS: ("judgment", {"text": UNIT, "outcome_note": UNIT})},
        "channels": {IDS: ("channel", {"name": UNIT, "status_note": UNIT})},
        "events": {IDS: ("event", {"note": UNIT})},
    },
    "event": {
        "title": UNIT,
        "description": UNIT,
        "readouts": {"differences": UNIT, IDS: ("party", {"summary": UNIT})},
    },
    "actors": {"actors": {IDS: ("actor", {"name": UNIT, "role": UNIT})}},
    "areas": {"areas": {IDS: ("area", {"title": UNIT, "description": UNIT})}},
    "parties": {"parties": {IDS: ("party", {"name": UNIT, "label": UNIT})}},
    "sources": {"sources": {IDS: ("source", {"via": UNIT})}},
}
"""What a translation file of each kind may hold."""


def source_hash(text: str | list[str]) -> str:
    """The hash a unit records of the source text it translates."""
    if isinstance(text, list):
        text = json.dumps(text, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass
class SourceUnit:
    """One translatable field of the source: its text and where it is."""

    text: str | list[str]
    path: FieldPath
    """Its place in the source file (empty for a whole page)."""

    @property
    def hash(self) -> str:
        return source_hash(self.text)


@dataclass
class Source:
    """The source of one translation file: its units and the ids it declares."""

    kind: str
    """A key of SHAPES, or `page`."""
    file: LoadedFile
    units: dict[UnitPath, SourceUnit] = field(default_factory=dict)
    ids: dict[UnitPath, set[str]] = field(default_factory=dict)
    """The ids each id-keyed mapping may use, by its path."""

    def line(self, unit: SourceUnit) -> int:
        """The source field's line (1 for a page: the unit is the whole file)."""
        if not unit.path:
            return 1
        return self.file.positions().find(unit.path)[0] + 1


def sources(content: Content, pages: dict[str, LoadedFile]) -> dict[str, Source]:
    """Every translatable source file, by the path its translation has in a language's folder."""
    found: dict[str, Source] = {}
    for file in content.briefs:
        if file.path.suffix == ".yaml" and isinstance(file.data, dict):
            found[f"briefs/{file.path.name}"] = _brief(file)
    top = content.root / "events"  # tens of thousands of events: one `Path` for them all
    for file in content.events:
        if isinstance(file.data, dict):
            found["events/" + file.path.relative_to(top).as_posix()] = _event(file)
    for name in ("actors", "areas", "parties", "sources"):  # a source's `via` note alone: a
        # document keeps its own title and publisher
        file = content.registries[name]
        fields = list(SHAPES[name][name][IDS][1])
        found[f"{name}.yaml"] = _registry(file, name, fields)
    for rel, file in pages.items():
        found[rel] = Source("page", file, {(): SourceUnit(file.text or "", ())})
    return found


def source_pages(project_root: Path, rels: list[str]) -> dict[str, LoadedFile]:
    """Hand-written pages (`docs/<rel>`, `CONTRIBUTING.md`) as read, by their translation's path."""
    pages = {}
    for rel in rels:
        path = project_root / rel
        display = rel
        try:
            text = files.read_text(path, project_root)
        except (BriefingsError, OSError):
            continue  # refused or unreadable: reported where the site reads the page
        pages[rel] = LoadedFile(path=path, display=display, text=text, data=None)
    return pages


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _brief(file: LoadedFile) -> Source:
    data, source = file.data, Source("brief", file)
    for name in ("title", "status_note", "summary"):
        if _text(data.get(name)):
            source.units[(name,)] = SourceUnit(data[name], (name,))
    points = data.get("key_points")
    if isinstance(points, list) and all(_text(p) for p in points):
        source.units[("key_points",)] = SourceUnit(points, ("key_points",))
    for name in ("risks", "corrections"):  # lists of records without ids: their texts, one unit
        items = data.get(name)
        texts = isinstance(items, list) and all(isinstance(r, dict) and _text(r.get("text")) for r in items)
        if items and texts:
            source.units[(name,)] = SourceUnit([r["text"] for r in items], (name,))
    records: tuple[tuple[str, dict[str, UnitPath]], ...] = (
        ("key_judgments", {"text": ("text",), "outcome_note": ("outcome", "note")}),
        ("channels", {"name": ("name",), "status_note": ("status_note",)}),
        ("events", {"note": ("note",)}),
    )
    for key, fields in records:
        _records(source, data.get(key), key, "event" if key == "events" else "id", fields)
    return source


def _records(source: Source, items: Any, key: str, id_key: str, fields: dict[str, UnitPath]) -> None:
    ids = source.ids.setdefault((key,), set())
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get(id_key), str):
            continue
        ids.add(item[id_key])
        for name, where in fields.items():
            value: Any = item
            for part in where:
                value = value.get(part) if isinstance(value, dict) else None
            if _text(value):
                source.units[(key, item[id_key], name)] = SourceUnit(value, (key, i, *where))


def _event(file: LoadedFile) -> Source:
    data, source = file.data, Source("event", file)
    for name in ("title", "description"):
        if _text(data.get(name)):
            source.units[(name,)] = SourceUnit(data[name], (name,))
    readouts = data.get("readouts")
    source.ids[("readouts",)] = set()
    if isinstance(readouts, dict):
        for party, readout in readouts.items():
            if party == "differences" and _text(readout):
                source.units[("readouts", "differences")] = SourceUnit(readout, ("readouts", "differences"))
            elif isinstance(readout, dict) and _text(readout.get("summary")):
                source.ids[("readouts",)].add(str(party))
                where = ("readouts", str(party), "summary")
                source.units[where] = SourceUnit(readout["summary"], where)
    return source


def _registry(file: LoadedFile, name: str, fields: list[str]) -> Source:
    source = Source(name, file)
    items = file.data.get(name) if isinstance(file.data, dict) else None
    _records(source, items, name, "id", {f: (f,) for f in fields})
    return source


def page_units(data: Any, units: dict[UnitPath, Any], problems: list[Problem]) -> None:
    if not isinstance(data, dict):
        problems.append(_malformed((), data, "the front matter holds `source_hash: '<hash>'`"))
        return
    unit_problems = _hash_problems((), data)
    problems.extend(unit_problems)
    if not unit_problems:
        units[()] = data


def walk(
    data: Any,
    shape: dict[str, Any],
    path: UnitPath,
    source: Source,
    units: dict[UnitPath, Any],
    problems: list[Problem],
) -> None:
    """The units of `data` laid out as `shape` says; problems for what does not fit."""
    if not isinstance(data, dict):
        problems.append(_malformed(path, data, "fields: " + ", ".join(k for k in shape if k != IDS)))
        return
    for key, value in data.items():
        where = (*path, str(key))
        if isinstance(key, str) and key in shape and key != IDS:
            sub = shape[key]
        elif IDS in shape and isinstance(key, str):
            kind, sub = shape[IDS]
            if key not in source.ids.get(path, set()):
                problems.append(_unknown_id(where, kind, source))
                continue
        else:
            fields = [k for k in shape if k != IDS]
            hint = did_you_mean(key, fields) or "fields here: " + ", ".join(fields)
            problems.append(Problem(where, f"unknown field `{key}`", hint, code="unknown-key", at_key=True))
            continue
        if sub in (UNIT, LIST):
            unit_problems = _unit_problems(where, value, sub)
            problems.extend(unit_problems)
            if not unit_problems:
                units[where] = value
        else:
            walk(value, sub, where, source, units, problems)


def _unit_problems(path: UnitPath, value: Any, kind: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [_malformed(path, value, "a translated field is `text:` and `source_hash:`")]
    problems = [
        Problem(
            (*path, str(key)),
            f"unknown field `{key}`",
            did_you_mean(key, ["text", "source_hash"]) or "a translated field has `text` and `source_hash`",
            code="unknown-key",
            at_key=True,
        )
        for key in value
        if key not in ("text", "source_hash")
    ]
    problems += _hash_problems(path, value)
    text = value.get("text")
    wanted = "a list of texts" if kind == LIST else "text"
    good = (
        isinstance(text, str) and text.strip()
        if kind == UNIT
        else (isinstance(text, list) and all(isinstance(t, str) and t.strip() for t in text))
    )
    if text is not None and not good:
        where: UnitPath | tuple[str | int, ...] = (*path, "text")
        hint = "write the translation, or `text: null` while it is not translated"
        bad = [i for i, t in enumerate(text) if not isinstance(t, str)] if isinstance(text, list) else []
        if bad:  # point at the item, the usual cause: an unquoted `: ` made YAML read a mapping
            where, wanted, text = (*where, bad[0]), "text", text[bad[0]]
            if isinstance(text, dict):
                hint = "put the line in quotes: a `: ` inside it makes YAML read it as a key and a value"
        problems.append(
            Problem(where, f"expected {wanted}, got {describe(text)}", hint, code="malformed-unit")
        )
    return problems


def _hash_problems(path: UnitPath, value: dict[Any, Any]) -> list[Problem]:
    if "source_hash" not in value:
        return [
            Problem(
                path,
                "`source_hash` is missing: which source text does this translate?",
                "add `source_hash:` (`briefings translations` shows each field's hash)",
                code="missing-field",
                at_key=bool(path),
            )
        ]
    got = value["source_hash"]
    if isinstance(got, str) and HASH.match(got):
        return []
    return [
        Problem(
            (*path, "source_hash"),
            f"expected 8 hex digits in quotes, got {describe(got)}",
            "write it quoted, e.g. `source_hash: '0a1b2c3d'` (a hash of digits alone reads as a number)",
            code="malformed-unit",
        )
    ]


def _malformed(path: FieldPath, value: Any, hint: str) -> Problem:
    return Problem(path, f"expected a mapping, got {describe(value)}", hint, code="malformed-unit")


def _unknown_id(where: UnitPath, kind: str, source: Source) -> Problem:
    known = source.ids.get(where[:-1], set())
    near = did_you_mean(where[-1], sorted(known))
    if near:  # a near miss: most likely a typo
        return Problem(
            where,
            f"unknown {kind} `{where[-1]}` in {source.file.display}",
            near,
            code="unknown-id",
            at_key=True,
        )
    return Problem(
        where,
        f"{source.file.display} has no {kind} `{where[-1]}` (any more): this translation is not used",
        f"remove it; if the {kind} has a new id, move its translation there",
        severity="warning",
        code="orphan",
        at_key=True,
    )
