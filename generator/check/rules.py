"""Rules that the schema alone cannot express: dates, ids and references.

Reference checks read the raw data defensively (a brief with a schema error
elsewhere still has its source ids checked), so one run reports everything.
Each function yields `Problem`s relative to one file; the caller places them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.check.schema import SLUG_PATTERN, Brief, Readouts
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
    for section in ("timeline", "key_judgments", "channels", "risks"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            yield from _ids(item, (section, i, "sources"), "sources")
            yield from _ids(item, (section, i, "actors"), "actors")
            outcome = item.get("outcome")
            if isinstance(outcome, dict):
                yield from _ids(outcome, (section, i, "outcome", "sources"), "sources")
            readouts = item.get("readouts")
            if isinstance(readouts, dict):
                for side in ("us", "china"):
                    readout = readouts.get(side)
                    if isinstance(readout, dict) and isinstance(readout.get("source"), str):
                        where = (section, i, "readouts", side, "source")
                        yield where, "sources", readout["source"]


def _ids(container: dict[str, Any], path: FieldPath, registry: str) -> Iterator[Ref]:
    values = container.get(str(path[-1]))
    if isinstance(values, list):
        for j, value in enumerate(values):
            if isinstance(value, str):
                yield (*path, j), registry, value


_WHAT = {"sources": "source", "actors": "actor", "briefs": "brief", "areas": "area"}
_WHERE = {
    "sources": "content/sources.yaml",
    "actors": "content/actors.yaml",
    "briefs": "content/briefs/",
    "areas": "content/areas.yaml",
}


def reference_problems(refs: Iterable[Ref], known: dict[str, set[str]]) -> Iterator[Problem]:
    """Problems for ids that no registry defines."""
    for path, registry, ref in refs:
        if ref in known[registry]:
            continue
        hint = did_you_mean(ref, known[registry]) or f"add it to {_WHERE[registry]} first"
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
    yield from judgment_problems(brief, today)
    for i, entry in enumerate(brief.timeline):
        if entry.date > brief.as_of and not entry.scheduled:
            yield Problem(
                ("timeline", i, "date"),
                f"{entry.date} is after the data cut-off `as_of` ({brief.as_of})",
                "mark a planned event with `scheduled: true`, or move `as_of` forward",
                code="after-cutoff",
            )
        if entry.end_date is not None and entry.end_date < entry.date:
            yield Problem(
                ("timeline", i, "end_date"),
                f"`end_date` ({entry.end_date}) is before `date` ({entry.date})",
                code="bad-date-order",
            )


def judgment_problems(brief: Brief, today: dt.date) -> Iterator[Problem]:
    """Forecasts past their horizon with no recorded outcome, and outcomes recorded too early."""
    for i, judgment in enumerate(brief.key_judgments):
        horizon, outcome = judgment.resolves_by, judgment.outcome
        if horizon is not None and horizon < today and outcome is None:
            yield Problem(
                ("key_judgments", i, "resolves_by"),
                f"this judgment was due to resolve by {horizon} and has no `outcome`",
                "record what happened under `outcome:` (result, date, note, sources), "
                "keeping the judgment as it was written",
                severity="warning",
                code="unresolved-judgment",
            )
        if outcome is not None and outcome.date > today:
            yield Problem(
                ("key_judgments", i, "outcome", "date"),
                f"the outcome date ({outcome.date}) is after today ({today})",
                "record an outcome only once it has been observed",
                code="future-date",
            )


def readout_problems(brief: Brief, sides: dict[str, str]) -> Iterator[Problem]:
    """Paired readouts must cite a US and a Chinese government source."""
    for i, entry in enumerate(brief.timeline):
        pair: Readouts | None = entry.readouts
        if pair is None:
            continue
        for side, readout in (("us", pair.us), ("china", pair.china)):
            actual = sides.get(readout.source)
            # A news report of a readout (`side: other`) is fine; the other government's is not.
            if actual in ("us", "china") and actual != side:
                yield Problem(
                    ("timeline", i, "readouts", side, "source"),
                    f"source `{readout.source}` is marked `side: {actual}`, not `{side}`",
                    "a readout pair holds one US and one Chinese government account",
                    severity="warning",
                    code="readout-side",
                )


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
