"""Validate loaded content: the schema first, then the rules across files.

Leaf checks return `Problem`s relative to one file's data; `place()` adds the
file, line and column.  Every file is checked and every problem collected
before anything is reported, so a contributor sees all mistakes at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from generator.cache import text_key
from generator.check import records, rules, schema
from generator.check.text import text_problems
from generator.check.verdicts import Verdicts
from generator.domain import RESERVED_PARTY_IDS, Party, Vocabulary
from generator.errors import Diagnostic, FieldPath, Problem, did_you_mean, format_path, sort_diagnostics
from generator.model import Site, build_site
from generator.read.load import Content, LoadedFile, describe
from generator.session import digest_of

_PATTERN_MESSAGES = {
    schema.SLUG_PATTERN: (
        "is not a valid id",
        "an id is a URL slug: lower-case letters and digits joined by single hyphens, "
        "e.g. `military-communications`",
    ),
    schema.OWNER_PATTERN: (
        "is not a GitHub user or team",
        "owners are GitHub handles: `@user` or `@org/team`",
    ),
    schema.URL_PATTERN: (
        "is not an allowed URL",
        "only http:// and https:// addresses are allowed; omit `url` if none is known",
    ),
}


def schema_problems(model: type[BaseModel], data: Any) -> tuple[Any, list[Problem]]:
    """Validate `data` against `model`; return the instance (or None) and problems."""
    if not isinstance(data, dict):
        return None, [
            Problem(
                (),
                f"expected a mapping of fields at the top level, got {describe(data)}",
                "a content file starts with `field: value` lines, e.g. `id: climate`",
                code="not-a-mapping",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as err:
        return None, [_problem(model, e) for e in err.errors(include_url=False)]


def _problem(model: type[BaseModel], error: Any) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return Problem(
            loc,
            f"required field `{loc[-1]}` is missing",
            f"add `{loc[-1]}:` to this mapping ({_field_doc(model, loc)})",
            code="missing-field",
            at_key=True,
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(loc[-1], allowed) or "allowed fields: " + ", ".join(allowed)
        return Problem(loc, f"unknown field `{loc[-1]}`", hint, code="unknown-key", at_key=True)
    if kind == "literal_error":
        choices = [c.strip(" '") for c in ctx["expected"].replace(" or ", ", ").split(",")]
        return _choice_problem(loc, value, choices)
    if kind == "string_pattern_mismatch":
        what, hint = _PATTERN_MESSAGES.get(ctx["pattern"], ("has the wrong form", _field_doc(model, loc)))
        return Problem(loc, f"`{value}` {what}", hint, code="bad-format")
    if kind == "too_short" and isinstance(value, list):
        return Problem(
            loc, "must not be empty", f"list at least one: {_field_doc(model, loc)}", code="empty-list"
        )
    if kind == "string_too_short":
        return Problem(loc, "must not be empty", _field_doc(model, loc), code="empty")
    if kind == "string_too_long":
        limit = ctx["max_length"]
        return Problem(
            loc,
            f"is too long ({len(value)} characters; the limit is {limit})",
            "shorten it, or move detail into the summary",
            code="too-long",
        )
    expected = _EXPECTED.get(kind.split("_")[0], "a different kind of value")
    hint = _field_doc(model, loc)
    if kind.startswith("date"):
        hint = "write the date as YYYY-MM-DD, without quotes"
    return Problem(loc, f"expected {expected}, got {describe(value)}", hint, code="wrong-type")


_EXPECTED = {
    "string": "text",
    "date": "a date like 2024-11-07",
    "list": "a list",
    "model": "a mapping of fields",
    "dict": "a mapping of fields",
    "bool": "true or false",
    "int": "a whole number",
}


def _choice_problem(loc: FieldPath, value: Any, choices: list[str]) -> Problem:
    name = loc[-1] if loc and isinstance(loc[-1], str) else "value"
    shown = f"`{value}`" if isinstance(value, str) else describe(value)
    return Problem(
        loc,
        f"{shown} is not a valid {name}; expected one of: {', '.join(choices)}",
        did_you_mean(value, choices, words=True),
        code="bad-choice",
    )


def _model_at(model: type[BaseModel], loc: FieldPath) -> type[BaseModel] | None:
    """The model class that validates the value at `loc`, if any."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _unwrap(info.annotation) if info else None
    return current


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _unwrap(arg)
        if found is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: FieldPath) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def _field_doc(model: type[BaseModel], loc: FieldPath) -> str:
    parent = _model_at(model, tuple(p for p in loc[:-1]))
    name = loc[-1] if loc else None
    if parent is None or not isinstance(name, str) or name not in parent.model_fields:
        return "see the Schema reference page"
    return f"`{name}`: {parent.model_fields[name].description}"


def place(file: LoadedFile, problem: Problem, mark: tuple[int, int] | None = None) -> Diagnostic:
    """Turn a file-relative problem into a diagnostic with line and column."""
    line, col = mark if mark is not None else file.positions().find(problem.path, problem.at_key)
    quoted = None
    if file.text is not None:
        lines = file.text.splitlines()
        if 0 <= line < len(lines):
            quoted = lines[line]
    return Diagnostic(
        file=file.display,
        line=line + 1,
        column=col + 1,
        path=format_path(problem.path),
        message=problem.message,
        hint=problem.hint,
        severity=problem.severity,
        code=problem.code,
        source_line=quoted,
    )


REGISTRY_MODELS: dict[str, type[BaseModel]] = {
    "sources": schema.SourceRegistry,
    "actors": schema.ActorRegistry,
    "areas": schema.AreaRegistry,
    "parties": schema.PartyRegistry,
}
PARTY_FIELDS = {"sources": "side", "actors": "country"}
"""Registry fields that name a party."""


def validate_content(
    content: Content,
    today: dt.date,
    vocabulary: Vocabulary | None = None,
    anchors: Collection[str] = (),
    verdicts: Verdicts | None = None,
) -> tuple[Site | None, list[Diagnostic]]:
    """Check every file and every reference; return the site model if there is no error.

    `vocabulary` holds the site's statuses, scale and confidence levels (the
    defaults when None); its parties come from `content/parties.yaml`.
    `anchors` are those a brief's page holds already (its headings'), which no
    judgment or channel id may take.  `verdicts` keeps each file's own checks
    between runs (see `Verdicts`).
    """
    found: list[Diagnostic] = []
    checked: dict[str, Any] = {}
    for name, file in content.registries.items():
        checked[name] = _checked(file, REGISTRY_MODELS[name], found, verdicts)
        found.extend(place(file, p) for p in rules.duplicate_ids(_section(file, name), name))
    # A registry with an error of its own is the root cause of the references into it that
    # fail (a parties file with one declares no parties at all): those are counted in one
    # line under the root cause, not reported one by one.
    broken = {name for name, model in checked.items() if model is None}
    words = (vocabulary or Vocabulary()).with_parties(_parties(checked.get("parties")))
    if "parties" in broken:
        found.extend(_parties_unchecked(content))
    else:
        for name, field in PARTY_FIELDS.items():
            found.extend(
                place(content.registries[name], p) for p in _party_problems(content, name, field, words)
            )
        found.extend(place(content.registries["parties"], p) for p in _reserved_parties(words))
    sources_file = content.registries["sources"]
    found.extend(place(sources_file, p) for p in rules.source_problems(sources_file.data))
    briefs, old = _check_briefs(content, words, anchors, found, verdicts)
    sides = {s.id: s.side for s in checked["sources"].sources} if checked["sources"] else {}
    events = _check_events(content, sides, None if "parties" in broken else words, found, verdicts)
    used, unreadable = _check_references(content, old, broken, found)
    by_id = {e.id: e for _, e in events if e is not None}
    newest = records.newest_meetings(by_id.values())
    for file, model in briefs:
        if model is not None:
            found.extend(place(file, p) for p in rules.date_problems(model, today))
            found.extend(place(file, p) for p in records.after_cutoff(model, by_id))
            found.extend(place(file, p) for p in records.last_met_problems(model, newest))
    # Else some references are unknown, and what they name would be reported unused.
    if all(model is not None for _, model in [*briefs, *events]):
        _check_unused(content, used, unreadable, found)

    diagnostics = sort_diagnostics(found)
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    models = [m for _, m in briefs if m is not None]
    paths = {m.id: f.display for f, m in briefs if m is not None}
    registries = (checked["sources"], checked["actors"], checked["areas"])
    valid_events = [e for _, e in events if e is not None]
    return build_site(models, *registries, paths, words, valid_events), diagnostics


def _check_briefs(
    content: Content,
    words: Vocabulary,
    anchors: Collection[str],
    found: list[Diagnostic],
    verdicts: Verdicts | None,
) -> tuple[list[tuple[LoadedFile, schema.Brief | None]], set[str]]:
    """Each brief on its own; and the briefs still in the layout before events were records."""
    briefs: list[tuple[LoadedFile, schema.Brief | None]] = []
    old = set()
    context = repr((words, sorted(anchors)))

    def own_rules(file: LoadedFile, model: Any) -> Iterator[Problem]:
        yield from rules.id_matches_file(file.data, file.path.stem)
        yield from rules.reserved_id_problems(file.data, file.path.stem)
        yield from rules.vocabulary_problems(file.data, words)
        yield from records.brief_event_problems(file.data)
        yield from records.record_ids_in_brief(file.data, anchors)

    for file in content.briefs:
        refused = [place(file, p) for p in records.old_layout(file.data)]
        if refused:  # the rest would only repeat it: every timeline entry an unknown field
            found.extend(place(file, problem, mark) for problem, mark in file.problems)
            found.extend(refused)
            old.add(file.display)
            briefs.append((file, None))
            continue
        briefs.append((file, _checked(file, schema.Brief, found, verdicts, own_rules, context)))
    return briefs, old


def _check_references(
    content: Content, old: set[str], broken: set[str], found: list[Diagnostic]
) -> tuple[dict[str, set[str]], set[str]]:
    """Every id briefs and events name; return the ids used, by registry, and what could not be read.

    A registry that reads but has errors (`broken`) still names its ids, and references to them
    are fine; one that names none of them may have meant an id that is in error there."""
    known = {name: rules.registry_ids(f.data, name) for name, f in content.registries.items()}
    known["briefs"] = {f.path.stem for f in content.briefs}
    # An event's id is its file name (checked above): an unreadable event is still known.
    known["events"] = {e.path.stem for e in content.events}
    owners, twice = records.channel_ids((f.data, f.display) for f in content.briefs)
    found.extend(place(content.briefs[i], p) for i, p in twice)
    known["channels"] = set(owners)
    unreadable = {n for n, f in content.registries.items() if f.data is None or f.problems}
    if old or any(f.data is None or f.problems or not isinstance(f.data, dict) for f in content.briefs):
        unreadable.add("channels")  # a brief that cannot be read may declare the channels events name
    used: dict[str, set[str]] = {"sources": set(), "actors": set(), "events": set()}
    unchecked: dict[str, int] = dict.fromkeys(unreadable | broken, 0)
    located = [(f, list(rules.brief_refs(f.data))) for f in content.briefs if f.display not in old]
    located += [(f, list(records.event_refs(f.data))) for f in content.events]
    for file, refs in located:
        # References into a registry that could not be read, or that fail against one with
        # errors, are not errors of their own: its first problem is the root cause, counted
        # once below instead of once per reference.
        checkable = []
        for ref in refs:
            used.setdefault(ref[1], set()).add(ref[2])
            if ref[1] in unreadable or (ref[1] in broken and ref[2] not in known[ref[1]]):
                unchecked[ref[1]] += 1
            else:
                checkable.append(ref)
        found.extend(place(file, p) for p in rules.reference_problems(checkable, known))
    for name, count in unchecked.items():
        if count and name in content.registries:  # channels: the unreadable brief is reported
            found.append(place(content.registries[name], _unchecked(name, count)))
    return used, unreadable


def _check_unused(
    content: Content, used: dict[str, set[str]], unreadable: set[str], found: list[Diagnostic]
) -> None:
    """Sources, actors and events nothing refers to."""
    for name in ("sources", "actors"):
        if name not in unreadable:
            file = content.registries[name]
            found.extend(place(file, p) for p in rules.unused_problems(file.data, name, used[name]))
    stems = (f.path.stem for f in content.events)
    found.extend(place(content.events[i], p) for i, p in records.unused_events(stems, used["events"]))


def _check_events(
    content: Content,
    sides: dict[str, str],
    words: Vocabulary | None,
    found: list[Diagnostic],
    verdicts: Verdicts | None,
) -> list[tuple[LoadedFile, schema.Event | None]]:
    """Each event file on its own: its schema, its place, its dates and readouts; ids once.
    Without `words` (the parties file has errors) the readouts' parties are not checked."""

    def own_rules(file: LoadedFile, model: Any) -> Iterator[Problem]:
        yield from records.event_file_problems(file.data, file.display)
        if model is not None:
            yield from records.event_date_problems(model)

    events: list[tuple[LoadedFile, schema.Event | None]] = []
    for file in content.events:
        model = _checked(file, schema.Event, found, verdicts, own_rules)
        if model is not None and words is not None:  # the sources' sides are other files': checked every run
            found.extend(place(file, p) for p in rules.readout_problems(model, sides, words))
        events.append((file, model))
    twice = records.duplicate_event_ids((f.data, f.display) for f in content.events)
    found.extend(place(content.events[i], p) for i, p in twice)
    return events


def _parties(registry: schema.PartyRegistry | None) -> tuple[Party, ...]:
    if registry is None:
        return ()
    return tuple(Party(p.id, p.name, p.label, p.colour) for p in registry.parties)


def _party_problems(content: Content, name: str, field: str, words: Vocabulary) -> list[Problem]:
    return list(rules.party_problems(content.registries[name].data, name, field, words))


def _parties_unchecked(content: Content) -> list[Diagnostic]:
    """The one line that stands for every party named in actors, sources and readouts, while
    the parties file has errors: each would otherwise be a false "not a party" error."""
    count = sum(
        len(list(rules.party_problems(content.registries[name].data, name, field, Vocabulary())))
        for name, field in PARTY_FIELDS.items()
    )
    count += sum(len(rules.readout_parties(f.data)) for f in content.events)
    if not count:
        return []
    return [place(content.registries["parties"], _unchecked("parties", count, "actors, sources and events"))]


def _reserved_parties(words: Vocabulary) -> list[Problem]:
    return [
        Problem(
            ("parties", i, "id"),
            f"`{party.id}` cannot be a party id: it is reserved",
            "`other` marks a source or actor of no party, and `differences` is a field of readouts",
            code="reserved-id",
        )
        for i, party in enumerate(words.parties)
        if party.id in RESERVED_PARTY_IDS
    ]


def _unchecked(name: str, count: int, where: str = "briefs and events") -> Problem:
    return Problem(
        (),
        f"{count} {'reference' if count == 1 else 'references'} to {name} in {where} "
        f"{'was' if count == 1 else 'were'} not checked, because this file has errors",
        "fix this file's errors first; the references are checked on the next run",
        severity="warning",
        code="refs-unchecked",
    )


def _checked(
    file: LoadedFile,
    model: type[BaseModel],
    found: list[Diagnostic],
    verdicts: Verdicts | None,
    own_rules: Callable[[LoadedFile, Any], Iterable[Problem]] = lambda file, model: (),
    context: str = "",
) -> Any:
    """A file's model (None when invalid), its own checks' diagnostics added to `found`:
    from `verdicts` when the same text was checked in the same context before."""
    digest = digest_of(file)
    key = text_key(model.__name__, file.display, context, digest) if digest is not None else None
    if verdicts is not None and digest is not None:
        verdicts.digests[file.display] = digest
    known = verdicts.found(key, file, model) if verdicts is not None and key is not None else None
    if known is not None:
        found.extend(known[1])
        return known[0]
    diagnostics: list[Diagnostic] = []
    instance = _check_file(file, model, diagnostics)
    diagnostics.extend(place(file, p) for p in own_rules(file, instance))
    if verdicts is not None and key is not None:
        verdicts.keep(key, instance, diagnostics)
    found.extend(diagnostics)
    return instance


def _check_file(file: LoadedFile, model: type[BaseModel], found: list[Diagnostic]) -> Any:
    found.extend(place(file, problem, mark) for problem, mark in file.problems)
    if file.data is None:
        return None
    found.extend(place(file, p) for p in text_problems(file.data))
    instance, problems = schema_problems(model, file.data)
    found.extend(place(file, p) for p in problems)
    if file.problems:  # duplicate keys: the data lost a value, so it is not usable
        return None
    return instance


def _section(file: LoadedFile, name: str) -> Any:
    return file.data.get(name) if isinstance(file.data, dict) else None
