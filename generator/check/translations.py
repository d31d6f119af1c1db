"""Check a site's translations against today's source text, unit by unit.

Each translation file (`content/translations/<language>/...`, read by
`read/translations.py`) is checked against the source file it translates
(`check/units.py`): its ids and fields, the shape of each unit, the language
folder declared in `extra.briefings.languages`.  Each unit's `source_hash` is
compared with the hash of today's source text: a differing one is out of date,
a warning at the unit (so `--strict` fails).  A missing unit is no problem to
report: `briefings translations` lists it, with every unit's state.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from generator.cache import DiskMemo, text_key
from generator.check.text import text_problems
from generator.check.units import (
    SHAPES,
    Source,
    SourceUnit,
    UnitPath,
    page_units,
    source_pages,
    sources,
    walk,
)
from generator.check.validate import place
from generator.config import SiteConfig
from generator.errors import BriefingsError, Diagnostic, Problem, format_path
from generator.project import Project
from generator.read import files
from generator.read.load import Content, LoadedFile, Reuse
from generator.read.safe_yaml import ParseResult
from generator.read.translations import FOLDER, Translation, load_translations
from generator.session import digest_of

UP_TO_DATE, OUT_OF_DATE, MISSING = "up to date", "out of date", "missing"
STATES = (UP_TO_DATE, OUT_OF_DATE, MISSING)


@dataclass
class UnitState:
    """One source unit in one language: its state, where its translation is, or belongs."""

    language: str
    state: str
    file: str
    """The translation file (as shown), present or not."""
    source: Source
    unit: SourceUnit
    path: UnitPath
    """The unit's place in its translation file."""
    translation: LoadedFile | None = None
    """The translation file, when it exists and holds the unit."""

    @property
    def line(self) -> int | None:
        """The unit's line in its translation file; None when it has none yet."""
        if self.translation is None:
            return None
        return self.translation.positions().find(self.path, at_key=bool(self.path))[0] + 1


@dataclass
class Status:
    """The translations of a site: every diagnostic, and every unit's state in every language."""

    source_language: str
    languages: tuple[str, ...]
    """The translated languages (the source language left out)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    units: list[UnitState] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    files: dict[tuple[str, str], Translation] = field(default_factory=dict)


def check_translations(
    project: Project,
    config: SiteConfig,
    content: Content,
    parse_text: Callable[[str], ParseResult] | None = None,
    broken: Collection[str] = (),
    work_list: bool = True,
    reuse: Reuse | None = None,
    memo: DiskMemo[Checked] | None = None,
) -> Status:
    """Every translation checked, and the state of every source unit in each declared language
    (without `work_list`, only of the units translation files hold: the diagnostics are the same).

    `broken` names source files with errors of their own: translations of them are not compared,
    since their error is the root cause of any mismatch (a mistyped id, say).  `reuse`: the
    files known from an earlier run (`session.Known`); `memo`: each file's checks kept
    between runs (`_checked_file`)."""
    source_language, *declared = config.languages
    status = Status(source_language, tuple(declared))
    status.sources = sources(content, source_pages(project.root, page_sources(project, config)))
    refused: set[str] = set()
    for translation in load_translations(project.content, parse_text, reuse):
        lang = translation.language
        if lang not in declared:
            if lang not in refused:
                refused.add(lang)
                status.diagnostics.append(_undeclared(translation.file, lang, source_language))
            continue
        status.files[(lang, translation.rel)] = translation
        source = status.sources.get(translation.rel)
        found = _checked_file(translation, source, status.diagnostics, broken, memo)
        for path, state in found.items():
            source = status.sources[translation.rel]
            unit = source.units[path]
            status.units.append(
                UnitState(lang, state, translation.file.display, source, unit, path, translation.file)
            )
    if work_list:
        _add_missing(status, project.display(project.content / FOLDER))
    return status


def _add_missing(status: Status, shown: str) -> None:
    """Every unit no translation holds, as missing, in the file it belongs in; then all in order."""
    held = {(u.language, id(u.source), u.path) for u in status.units}
    for lang in status.languages:
        for rel, source in status.sources.items():
            for path, unit in source.units.items():
                if (lang, id(source), path) not in held:
                    status.units.append(UnitState(lang, MISSING, f"{shown}/{lang}/{rel}", source, unit, path))
    order = {
        id(source): (rel, {path: i for i, path in enumerate(source.units)})
        for rel, source in status.sources.items()
    }

    def place_of(unit: UnitState) -> tuple[str, str, int]:
        rel, index = order[id(unit.source)]
        return unit.language, rel, index[unit.path]

    status.units.sort(key=place_of)


def page_sources(project: Project, config: SiteConfig) -> list[str]:
    """The hand-written pages a site publishes, as paths in a language's folder."""
    pages = []
    try:
        listed = files.files_under(project.docs, project.root)
    except BriefingsError:  # a link out of the project: reported with every unsafe file
        listed = []
    for path in listed:
        rel = path.relative_to(project.docs).as_posix()
        if rel.endswith(".md") and not config.excluded(rel):
            pages.append(f"docs/{rel}")
    if (project.root / "CONTRIBUTING.md").is_file():
        pages.append("CONTRIBUTING.md")
    return pages


Checked = tuple[list[Diagnostic], dict[UnitPath, str]]
"""A translation file's diagnostics, and the state of each unit it holds."""


def _checked_file(
    translation: Translation,
    source: Source | None,
    found: list[Diagnostic],
    broken: Collection[str],
    memo: DiskMemo[Checked] | None,
) -> dict[UnitPath, str]:
    """`_check_file`, kept in `memo` under the hashes of the translation's text and of its
    source's, of which it is a function (with the translation's place, its source's kind and
    whether the source has errors): a language of 21,000 files is not walked again on each run."""
    texts = [digest_of(translation.file)]
    if translation.body is not None:
        texts.append(text_key(translation.body))
    if source is not None:
        texts += [
            source.kind,
            source.file.display,
            digest_of(source.file),
            str(source.file.display in broken),
        ]
    key = None if memo is None or None in texts else text_key(translation.file.display, *map(str, texts))
    known = memo.known(key) if memo is not None and key is not None else None
    if known is None:
        known = [], {}
        known[1].update(_check_file(translation, source, known[0], broken))
        if memo is not None and key is not None:
            memo.keep(key, known)
    found.extend(known[0])
    return known[1]


def _check_file(
    translation: Translation, source: Source | None, found: list[Diagnostic], broken: Collection[str] = ()
) -> dict[UnitPath, str]:
    """Diagnostics of one translation file; return the state of each unit it holds."""
    file = translation.file
    found.extend(place(file, problem, mark) for problem, mark in file.problems)
    if file.data is None and (file.problems or translation.body is None):
        return {}  # unreadable (reported above), or an empty YAML file: nothing translated yet
    found.extend(place(file, p) for p in text_problems(file.data))
    if source is None:
        found.append(place(file, _no_source(translation), (0, 0)))
        return {}
    if source.file.display in broken:
        return {}  # the source's own error comes first: no comparison with what it failed to say
    units: dict[UnitPath, Any] = {}
    problems: list[Problem] = []
    if source.kind == "page":
        page_units(file.data, units, problems)
    else:
        walk(file.data, SHAPES[source.kind], (), source, units, problems)
    states = {}
    for path, value in units.items():
        unit = source.units.get(path)
        if unit is None:
            problems.append(_orphan_field(path, source))
            continue
        empty = translation.body is not None and not translation.body.strip()
        if value.get("text") is None if source.kind != "page" else empty:
            states[path] = MISSING
        elif value["source_hash"] != unit.hash:
            states[path] = OUT_OF_DATE
            problems.append(_out_of_date(path, source, unit))
        else:
            states[path] = UP_TO_DATE
    found.extend(place(file, p) for p in problems)
    return states


def _orphan_field(path: UnitPath, source: Source) -> Problem:
    return Problem(
        path,
        f"{source.file.display} has no `{format_path(path)}` (any more): this translation is not used",
        "remove it, or add the field to the source",
        severity="warning",
        code="orphan",
        at_key=True,
    )


def _out_of_date(path: UnitPath, source: Source, unit: SourceUnit) -> Problem:
    where = f"{source.file.display}:{source.line(unit)}: {format_path(unit.path)}"
    return Problem(
        path or ("source_hash",),
        f"translates an older text of {where if unit.path else source.file.display}",
        f"see what changed with `git log -p {source.file.display}`; "
        f"after updating the translation, set `source_hash: '{unit.hash}'`",
        severity="warning",
        code="out-of-date",
        at_key=True,
    )


_LAYOUT = (
    "a language's folder holds briefs/<brief-id>.yaml, events/<year>/<event-id>.yaml, actors.yaml, "
    "areas.yaml, parties.yaml, sources.yaml, docs/<page>.md and CONTRIBUTING.md"
)


def _no_source(translation: Translation) -> Problem:
    rel = translation.rel
    parts = rel.removesuffix(".yaml").removesuffix(".md").split("/")
    kinds = {"briefs": ".yaml", "events": ".yaml", "docs": ".md"}
    if rel.endswith(kinds.get(parts[0], "/")):
        kind = {"briefs": "brief", "events": "event", "docs": "page"}[parts[0]]
        return Problem(
            (),
            f"translates the {kind} `{'/'.join(parts[1:])}`, which the site does not have (any more)",
            f"remove the file, or rename it after the {kind}'s new id",
            severity="warning",
            code="orphan",
        )
    return Problem((), f"`{rel}` is not a translation file", _LAYOUT, code="unknown-file")


def _undeclared(file: LoadedFile, language: str, source: str) -> Diagnostic:
    if language == source:
        message = f"`{language}` is the language the content is written in: it has no translations"
        hint = "remove this folder"
    else:
        message = f"`{language}` is not one of the site's languages"
        hint = (
            f"add `{language}` to `extra.briefings.languages` in mkdocs.yml (after `{source}`), "
            "or remove the folder"
        )
    return Diagnostic(file.display, 1, 1, "", message, hint, code="undeclared-language")
