"""Rules that the schema alone cannot express: dates, ids and references.

Reference checks read the raw data defensively (a brief with a schema error
elsewhere still has its source ids checked), so one run reports everything.
Each function yields `Problem`s relative to one file; the caller places them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from generator.check.schema import SLUG_PATTERN, Area, Brief, Event, Readouts
from generator.domain import NO_PARTY, RESERVED_BRIEF_IDS, RESERVED_PARTY_IDS, Vocabulary
from generator.errors import FieldPath, Problem, did_you_mean

Ref = tuple[FieldPath, str, str]
"""(where, registry name, id) of one reference in a brief."""


def brief_refs(data: Any) -> Iterator[Ref]:
    """Every id a brief refers to, wherever its shape allows finding it."""
    if not isinstance(data, dict):
        return
    if isinstance(data.get("area"), str):
        yield ("area",), "areas", data["area"]
    yield from _ids(data, ("related",), "briefs")
    events = data.get("events")
    for i, item in enumerate(events if isinstance(events, list) else []):
        if isinstance(item, dict) and isinstance(item.get("event"), str):
            yield ("events", i, "event"), "events", item["event"]
    for section in ("key_judgments", "channels", "risks"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            yield from _ids(item, (section, i, "sources"), "sources")
            outcome = item.get("outcome")
            if isinstance(outcome, dict):
                yield from _ids(outcome, (section, i, "outcome", "sources"), "sources")


def _ids(container: dict[str, Any], path: FieldPath, registry: str) -> Iterator[Ref]:
    values = container.get(str(path[-1]))
    if isinstance(values, list):
        for j, value in enumerate(values):
            if isinstance(value, str):
                yield (*path, j), registry, value


_WHAT = {
    "sources": "source",
    "actors": "actor",
    "briefs": "brief",
    "areas": "area",
    "events": "event",
    "channels": "channel",
}
_WHERE = {
    "sources": "content/sources.yaml",
    "actors": "content/actors.yaml",
    "briefs": "content/briefs/",
    "areas": "content/areas.yaml",
    "events": "content/events/<year>/<id>.yaml",
    "channels": "the `channels:` of the brief that follows that channel",
}


def reference_problems(refs: Iterable[Ref], known: dict[str, set[str]]) -> Iterator[Problem]:
    """Problems for ids that no registry defines."""
    for path, registry, ref in refs:
        if ref in known[registry]:
            continue
        hint = did_you_mean(ref, known[registry]) or f"add it to {_WHERE[registry]} first"
        if registry == "areas" and known[registry] and not hint.startswith("did"):
            hint = f"the areas are {', '.join(sorted(known[registry]))}; or {hint}"
        yield Problem(path, f"unknown {_WHAT[registry]} id `{ref}`", hint, code="unknown-id")


def duplicate_ids(items: Any, section: str) -> Iterator[Problem]:
    """Ids that appear twice in one registry list."""
    if not isinstance(items, list):
        return
    seen: set[str] = set()
    for i, item in enumerate(items):
        ref = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ref, str):
            continue
        if ref in seen:
            yield Problem(
                (section, i, "id"),
                f"duplicate id `{ref}`: it is already used above",
                "give each entry its own id",
                code="duplicate-id",
            )
        seen.add(ref)


def registry_ids(data: Any, section: str) -> set[str]:
    """The ids defined by a registry file, tolerating broken entries."""
    items = data.get(section) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def unused_problems(data: Any, section: str, used: set[str]) -> Iterator[Problem]:
    """Warnings for registry entries nothing refers to."""
    items = data.get(section) if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        ref = item.get("id") if isinstance(item, dict) else None
        if isinstance(ref, str) and ref not in used:
            yield Problem(
                (section, i, "id"),
                f"{_WHAT[section]} `{ref}` is not cited by any brief",
                "cite it where it supports a claim, or remove it",
                severity="warning",
                code="unused",
            )


def date_problems(brief: Brief, today: dt.date) -> Iterator[Problem]:
    """Review dates and timeline dates of a brief that passed the schema."""
    if brief.last_reviewed > today:
        yield Problem(
            ("last_reviewed",),
            f"`last_reviewed` ({brief.last_reviewed}) is after today ({today})",
            "use the date the review was done",
            code="future-date",
        )
    if brief.review_by <= brief.last_reviewed:
        yield Problem(
            ("review_by",),
            f"`review_by` ({brief.review_by}) must be after `last_reviewed` ({brief.last_reviewed})",
            "pick the date by which the brief should be checked again, e.g. three months on",
            code="bad-date-order",
        )
    if brief.as_of > today:
        yield Problem(
            ("as_of",),
            f"the data cut-off ({brief.as_of}) is after today ({today})",
            "the cut-off is the date of the latest information used",
            code="future-date",
        )
    for field, day in (("status_assessed", brief.status_assessed), *_corrections(brief)):
        if day is not None and day > today:
            yield Problem(
                field if isinstance(field, tuple) else (field,),
                f"this date ({day}) is after today ({today})",
                "use the date the assessment or the correction was made",
                code="future-date",
            )
    yield from judgment_problems(brief, today)


def _corrections(brief: Brief) -> list[tuple[tuple[str | int, ...], dt.date]]:
    return [(("corrections", i, "date"), c.date) for i, c in enumerate(brief.corrections)]


def judgment_problems(brief: Brief, today: dt.date) -> Iterator[Problem]:
    """Forecasts past their horizon with no recorded outcome, and outcomes recorded too early."""
    for i, judgment in enumerate(brief.key_judgments):
        horizon, outcome = judgment.resolves_by, judgment.outcome
        if horizon is not None and horizon < today and outcome is None:
            yield Problem(
                ("key_judgments", i, "resolves_by"),
                f'the judgment "{_short(judgment.text)}" was due to resolve by {horizon} '
                "and has no `outcome`",
                "record what happened under `outcome:` (result, date, note, sources), "
                "keeping the judgment as it was written",
                severity="warning",
                code="unresolved-judgment",
            )
        if judgment.made is not None and horizon is not None and judgment.made > horizon:
            yield Problem(
                ("key_judgments", i, "made"),
                f"the judgment was made ({judgment.made}) after its horizon ({horizon})",
                "`made` is when the judgment was first published, before `resolves_by`",
                code="bad-date-order",
            )
        if outcome is not None and outcome.date > today:
            yield Problem(
                ("key_judgments", i, "outcome", "date"),
                f"the outcome date ({outcome.date}) is after today ({today})",
                "record an outcome only once it has been observed",
                code="future-date",
            )


def _short(text: str, limit: int = 70) -> str:
    """A judgment's first words, to name it in a message."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"


def readout_problems(event: Event, sides: dict[str, str], vocabulary: Vocabulary) -> Iterator[Problem]:
    """Readouts hold two or more parties' own accounts, each citing that party's source."""
    pair: Readouts | None = event.readouts
    if pair is not None:
        accounts = pair.accounts
        for party, readout in accounts.items():
            where: FieldPath = ("readouts", party)
            if party not in vocabulary.party_ids:
                yield Problem(
                    where,
                    f"`{party}` is not a party of this site",
                    did_you_mean(party, vocabulary.party_ids) or _parties_hint(vocabulary),
                    code="unknown-party",
                    at_key=True,
                )
                continue
            actual = sides.get(readout.source, NO_PARTY)
            # A news report of a readout (`side: other`) is fine; another party's own account is not.
            if actual != NO_PARTY and actual != party:
                yield Problem(
                    (*where, "source"),
                    f"source `{readout.source}` is marked `side: {actual}`, not `{party}`",
                    f"the `{party}` account cites a source of that party, or a report of it",
                    severity="warning",
                    code="readout-side",
                )
        if len(accounts) < 2:
            yield Problem(
                ("readouts",),
                f"readouts hold {len(accounts)} account; they compare two or more parties' accounts",
                "add another party's account, or move this one into the entry's description",
                code="readouts-too-few",
            )


def readout_parties(event: Any) -> list[str]:
    """The party ids a raw event's readouts name (its keys, `differences` aside)."""
    readouts = event.get("readouts") if isinstance(event, dict) else None
    return [k for k in readouts if k not in RESERVED_PARTY_IDS] if isinstance(readouts, dict) else []


def _mixes_confidence(value: str, vocabulary: Vocabulary) -> bool:
    """`likely_high`, `moderate`: a confidence level written where the likelihood goes.

    Whole words only: `highly_unlikely` is a likelihood word of some scales, not `high` + something.
    """
    if value in vocabulary.confidence_ids:
        return True
    words = [w for w in re.split(r"[\s_,;/()]+", value.lower()) if w]
    rest = "_".join(w for w in words if w not in (*vocabulary.confidence_ids, "confidence"))
    return len(words) > 1 and rest != "_".join(words) and rest in vocabulary.scale.ids


def _parties_hint(vocabulary: Vocabulary) -> str:
    if not vocabulary.parties:
        return "this site declares no parties: add them to content/parties.yaml"
    return "parties: " + ", ".join(vocabulary.party_ids) + " (content/parties.yaml)"


def vocabulary_problems(data: Any, vocabulary: Vocabulary) -> Iterator[Problem]:
    """Statuses, likelihood words and confidence levels of a raw brief, against the site's words."""
    if not isinstance(data, dict):
        return
    yield from _word(data, ("status",), "status", vocabulary)
    for section, field in (
        ("channels", "status"),
        ("key_judgments", "likelihood"),
        ("key_judgments", "confidence"),
    ):
        items = data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield from _word(item, (section, i, field), field, vocabulary)


def party_problems(data: Any, section: str, field: str, vocabulary: Vocabulary) -> Iterator[Problem]:
    """A registry's party fields (an actor's `country`, a source's `side`) name declared parties."""
    items = data.get(section) if isinstance(data, dict) else None
    allowed = (*vocabulary.party_ids, NO_PARTY)
    for i, item in enumerate(items if isinstance(items, list) else []):
        value = item.get(field) if isinstance(item, dict) else None
        if isinstance(value, str) and value not in allowed:
            yield Problem(
                (section, i, field),
                f"`{value}` is not a party of this site; expected one of: {', '.join(allowed)}",
                did_you_mean(value, allowed) or _parties_hint(vocabulary),
                code="unknown-party",
            )


def _word(container: dict[str, Any], path: FieldPath, kind: str, vocabulary: Vocabulary) -> Iterator[Problem]:
    value = container.get(str(path[-1]))
    if not isinstance(value, str):
        return  # missing or of the wrong type: the schema says so
    choices = {
        "status": vocabulary.status_ids,
        "likelihood": vocabulary.scale.ids,
        "confidence": vocabulary.confidence_ids,
    }[kind]
    if value in choices:
        return
    yield Problem(
        path,
        f"`{value}` is not a valid {kind}; expected one of: {', '.join(choices)}",
        word_hint(value, kind, vocabulary),
        code="bad-choice",
    )


def word_hint(value: str, kind: str, vocabulary: Vocabulary) -> str:
    """The nearest word of the right list; else, a word that belongs in the other field."""
    own = {"status": vocabulary.status_ids, "likelihood": vocabulary.scale.ids}.get(
        kind, vocabulary.confidence_ids
    )
    if kind == "likelihood" and _mixes_confidence(value, vocabulary):
        return "put only the likelihood word here and the confidence in its own `confidence` field"
    near = did_you_mean(value, own, words=True)
    if near:
        return near
    if kind == "confidence" and value in vocabulary.scale.ids:
        return (
            f"confidence is {', '.join(vocabulary.confidence_ids)}; the likelihood word goes in `likelihood`"
        )
    if kind == "likelihood":
        return f"use one of the words of the {vocabulary.scale.name} scale; see the methodology page"
    if kind == "status":
        return "statuses are defined on the methodology page"
    return f"confidence is one of: {', '.join(vocabulary.confidence_ids)}"


def id_matches_file(brief: Any, stem: str) -> Iterator[Problem]:
    """A brief's id must equal its file name (it becomes the page URL)."""
    ref = brief.get("id") if isinstance(brief, dict) else None
    if isinstance(ref, str) and ref != stem and re.fullmatch(SLUG_PATTERN, ref):
        yield Problem(
            ("id",),
            f"id `{brief['id']}` does not match the file name `{stem}.yaml`",
            f"rename the file to `{brief['id']}.yaml` or set `id: {stem}`",
            code="id-mismatch",
        )


def reserved_id_problems(brief: Any, stem: str) -> Iterator[Problem]:
    """A brief may not take the name of a page the site generates beside it (`briefs/index.md`)."""
    if stem in RESERVED_BRIEF_IDS:
        at_id = isinstance(brief, dict) and brief.get("id") == stem
        yield Problem(
            ("id",) if at_id else (),
            f"`{stem}` cannot be a brief's id: `briefs/{stem}.md` is a page the site generates",
            f"choose another id, and name the file after it (e.g. `{stem}-talks.yaml`)",
            code="reserved-id",
        )


def nav_problems(areas: Sequence[Area], nav: Sequence[str]) -> Iterator[Problem]:
    """When mkdocs.yml's navigation lists area pages, it lists every area's page."""
    if not any(page.startswith("areas/") for page in nav):
        return  # areas are reached from the briefs index, not listed in the navigation
    for i, area in enumerate(areas):
        if f"areas/{area.id}.md" not in nav:
            yield Problem(
                ("areas", i, "id"),
                f"area `{area.id}` has no entry in the navigation of mkdocs.yml",
                f"add `- {area.title}: areas/{area.id}.md` under `Briefs` in mkdocs.yml's nav",
                code="nav-missing",
            )


def issue_form_problems(form: Any, areas: Sequence[Area]) -> Iterator[Problem]:
    """The new-brief form offers exactly the site's areas (and `other`)."""
    body = form.get("body") if isinstance(form, dict) else None
    for i, item in enumerate(body if isinstance(body, list) else []):
        if not (isinstance(item, dict) and item.get("id") == "area"):
            continue
        attributes = item.get("attributes")
        options = attributes.get("options") if isinstance(attributes, dict) else None
        if not isinstance(options, list):
            return
        wanted = [a.id for a in areas] + ["other"]  # `other`: a proposal for a new area
        if [str(o) for o in options] != wanted:
            yield Problem(
                ("body", i, "attributes", "options"),
                "the area choices of the new-brief form differ from content/areas.yaml",
                "list the area ids in order, then `other`: " + ", ".join(wanted),
                severity="warning",
                code="form-areas",
            )


def source_problems(data: Any) -> Iterator[Problem]:
    """Sources a reader cannot place: no date, or a description in brackets instead of a title."""
    items = data.get("sources") if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        if item.get("date") is None:
            yield Problem(
                ("sources", i),
                f"source `{item.get('id')}` has no date",
                "add the publication date (`date: YYYY-MM-DD`); readers weigh a source by when it appeared",
                severity="warning",
                code="source-undated",
            )
        title = item.get("title")
        if isinstance(title, str) and title.startswith("[") and title.rstrip(".").endswith("]"):
            yield Problem(
                ("sources", i, "title"),
                "the title is a description in brackets",
                "give the document's own title, as its publisher shows it",
                severity="warning",
                code="source-untitled",
            )
