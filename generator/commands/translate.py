"""`briefings translations` (the translator's work list) and `briefings translate` (the scaffold).

The work list counts, per language, the units up to date, out of date and missing, and
lists each one left to do with its translation file's line (or the file it belongs in)
and the source field's.  The scaffold writes every translation file of a language, each
unit as `text: null` with its `source_hash` and the source text as a comment above it;
in a file that exists it only inserts the missing units, as text, so every line already
there stays as it was.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from generator.check.translations import STATES, Status, UnitState
from generator.check.units import Source, SourceUnit, UnitPath
from generator.errors import BriefingsError, format_path
from generator.fsio import atomic_write
from generator.project import Project
from generator.read.load import LoadedFile
from generator.read.translations import FOLDER


def work_list(status: Status, languages: list[str], fmt: str) -> str:
    """The units left to do in each of `languages`, as a table or as JSON."""
    if fmt == "json":
        return (
            json.dumps([_language_json(status, lang) for lang in languages], ensure_ascii=False, indent=2)
            + "\n"
        )
    out = []
    for lang in languages:
        units = [u for u in status.units if u.language == lang]
        counts = Counter(u.state for u in units)
        out.append(f"{lang}: " + ", ".join(f"{counts[s]} {s}" for s in STATES) + f" (of {len(units)})")
        for unit in units:
            if unit.state != "up to date":
                out.append(f"  {unit.state:<11}  {_where(unit)}  (source: {_source(unit)})")
    return "\n".join(out) + "\n"


def _where(unit: UnitState) -> str:
    line, field = unit.line, format_path(unit.path)
    where = f"{unit.file}:{line}" if line is not None else unit.file
    return f"{where}: {field}" if field else where


def _source(unit: UnitState) -> str:
    field = format_path(unit.unit.path)
    where = f"{unit.source.file.display}:{unit.source.line(unit.unit)}"
    return f"{where}: {field}" if field else where


def _language_json(status: Status, lang: str) -> dict[str, Any]:
    units = [u for u in status.units if u.language == lang]
    counts = Counter(u.state for u in units)
    return {
        "language": lang,
        "counts": {state.replace(" ", "_"): counts[state] for state in STATES},
        "units": [
            {
                "state": u.state.replace(" ", "_"),
                "file": u.file,
                "line": u.line,
                "field": format_path(u.path),
                "source_file": u.source.file.display,
                "source_line": u.source.line(u.unit),
                "source_field": format_path(u.unit.path),
                "source_hash": u.unit.hash,
            }
            for u in units
            if u.state != "up to date"
        ],
    }


Unit = tuple[UnitPath, SourceUnit]


class TranslateError(BriefingsError):
    """A translation file cannot be added to as text."""


def scaffold(project: Project, status: Status, lang: str) -> list[str]:
    """Write every missing unit of `lang`; return the files written (as shown).
    Every file's new text is made before any is written: a file that cannot take its
    units (TranslateError) leaves them all as they were."""
    texts = []
    folder = project.content / FOLDER / lang
    held = {(id(u.source), u.path) for u in status.units if u.language == lang and u.translation}
    for rel, source in sorted(status.sources.items()):
        translation = status.files.get((lang, rel))
        missing = [(path, unit) for path, unit in source.units.items() if (id(source), path) not in held]
        if not missing:
            continue
        if translation is None:
            text = _new_file(source, missing)
        else:
            text = _inserted(translation.file.text or "", translation.file, missing, list(source.units))
        texts.append((folder / rel, text))
    return [project.display(path) for path, text in texts if atomic_write(path, text.encode("utf-8"))]


def _new_file(source: Source, units: list[Unit]) -> str:
    if source.kind == "page":
        ((_, unit),) = units
        return "---\n" + "".join(_comment(unit.text, "")) + f"source_hash: '{unit.hash}'\n---\n"
    return "".join(_render(units, 0))


def _render(units: list[Unit], indent: int, opened: UnitPath = ()) -> list[str]:
    """YAML lines of `units` (paths relative to where they are inserted), nested by their keys."""
    lines: list[str] = []
    for path, unit in units:
        common = 0
        while common < min(len(opened), len(path) - 1) and opened[common] == path[common]:
            common += 1
        for depth in range(common, len(path) - 1):
            lines.append(" " * (indent + 2 * depth) + f"{path[depth]}:\n")
        opened = path[:-1]
        pad = " " * (indent + 2 * (len(path) - 1))
        lines += _comment(unit.text, pad)
        lines += [f"{pad}{path[-1]}:\n", f"{pad}  text: null\n", f"{pad}  source_hash: '{unit.hash}'\n"]
    return lines


def _comment(text: str | list[str], pad: str) -> list[str]:
    """The source text as YAML comment lines (a list's items as `- item`)."""
    items = [text] if isinstance(text, str) else text
    lines = []
    for item in items:
        for i, line in enumerate(item.rstrip("\n").split("\n")):
            lead = "" if isinstance(text, str) else ("- " if i == 0 else "  ")
            lines.append(f"{pad}# {lead}{line}".rstrip() + "\n")
    return lines


def _inserted(text: str, file: LoadedFile, missing: list[Unit], order: list[UnitPath]) -> str:
    """`text` with the `missing` units inserted, each in the mapping it belongs in, before the
    first field there that comes after it in the source (else at the mapping's end)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    groups: dict[tuple[UnitPath, str | None], list[Unit]] = {}
    for path, unit in missing:
        prefix = _held_prefix(file.data, path)
        groups.setdefault((prefix, _next_held(file.data, order, path, prefix)), []).append(
            (path[len(prefix) :], unit)
        )
    inserts = [_insertion(lines, file, prefix, anchor, units) for (prefix, anchor), units in groups.items()]
    for at, new in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines[at:at] = new
    return "".join(lines)


def _held_prefix(data: Any, path: UnitPath) -> UnitPath:
    """The longest parent of `path` that is a mapping in the file."""
    held: UnitPath = ()
    for key in path[:-1]:
        if not isinstance(data, dict) or not isinstance(data.get(key), dict):
            break
        data, held = data[key], (*held, key)
    return held


def _next_held(data: Any, order: list[UnitPath], path: UnitPath, prefix: UnitPath) -> str | None:
    """The first key under `prefix` that the file holds and that follows `path`'s in the source."""
    for part in prefix:
        data = data[part]
    depth = len(prefix)
    keys = list(dict.fromkeys(p[depth] for p in order if p[:depth] == prefix and len(p) > depth))
    later = keys[keys.index(path[depth]) + 1 :]
    return next((key for key in later if key in data), None)


def _insertion(
    lines: list[str], file: LoadedFile, prefix: UnitPath, anchor: str | None, units: list[Unit]
) -> tuple[int, list[str]]:
    """Where the units go and their lines: before `anchor` (and the comments above it),
    else after the last line of `prefix`'s mapping."""
    positions = file.positions()
    if anchor is not None:
        at, indent = positions.keys[(*prefix, anchor)]
        while at > 0 and lines[at - 1].strip().startswith("#") and _indent(lines[at - 1]) == indent:
            at -= 1
        return at, _render(units, indent)
    if not prefix:
        return len(lines), _render(units, 0)
    line, column = positions.keys[prefix]
    children = [
        mark for path, mark in positions.keys.items() if path[:-1] == prefix and len(path) > len(prefix)
    ]
    if any(child[0] == line for child in children):
        raise TranslateError(
            "is written on one line (flow style): units cannot be added to it",
            file=file.display,
            line=line + 1,
            column=column + 1,
            path=format_path(prefix),
            hint="write it as one key a line, then run `briefings translate` again; nothing was written",
            code="flow-style",
        )
    indent = min((child[1] for child in children), default=column + 2)
    end = line + 1
    for i in range(line + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and _indent(lines[i]) <= column:
            break
        if stripped:
            end = i + 1
    return end, _render(units, indent)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def refused(status: Status, lang: str) -> str | None:
    """Why `lang` cannot be scaffolded, or None."""
    source_language = status.source_language
    if lang == source_language:
        return f"`{lang}` is the language the content is written in; name a language to translate into"
    if lang not in status.languages:
        return (
            f"`{lang}` is not one of the site's languages\n"
            "  hint: add it to `extra.briefings.languages` in mkdocs.yml, "
            f"e.g. `languages: [{source_language}, {lang}]`"
        )
    return None
