"""The "Schema reference" page's data: every field of every file kind, from the JSON Schema.

Reading the published JSON Schema (rather than the Python models) documents
exactly what editors and the JSON export are held to, with the site's own
words as the choices of its word fields.  The examples are the site's own:
each field's value in the first brief, channel, judgment, source, actor or
area of the site that gives the field one (a field no record of the site
fills has no example), so the page shows no other topic's names.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from generator.check.schema import SLUG_PATTERN, json_schema
from generator.domain import Vocabulary


@dataclass(frozen=True)
class FieldDoc:
    """One documented field."""

    name: str
    kind: str
    required: bool
    description: Markup
    """The schema's description, its `code` spans as code."""
    example: str | None


@dataclass(frozen=True)
class ModelDoc:
    """One mapping type with its fields."""

    name: str
    description: str
    fields: list[FieldDoc]


FILE_KINDS = (
    ("brief", "content/briefs/<id>.yaml"),
    ("sources", "content/sources.yaml"),
    ("actors", "content/actors.yaml"),
    ("areas", "content/areas.yaml"),
)


EXAMPLE_LENGTH = 60
"""Characters of a site's text shown as an example (a summary is cut, with an ellipsis)."""


def schema_reference(
    vocabulary: Vocabulary | None = None, records: Iterable[BaseModel] = ()
) -> list[tuple[str, str, list[ModelDoc]]]:
    """For each file kind: its name, its path and the documentation of its mappings, with
    `vocabulary`'s words as choices and examples taken from `records` (the site's briefs,
    sources, actors and areas, and whatever they hold)."""
    examples = by_model(records)
    out = []
    for name, path in FILE_KINDS:
        schema = json_schema(name, vocabulary)
        title = schema.get("title", name)
        models = [_model_doc(title, schema, examples.get(title))]
        for def_name, definition in sorted(schema.get("$defs", {}).items()):
            models.append(_model_doc(def_name, definition, examples.get(def_name)))
        out.append((name, path, models))
    return out


def by_model(records: Iterable[BaseModel]) -> dict[str, list[BaseModel]]:
    """`records` and the records they hold, by model class name, in order."""
    found: dict[str, list[BaseModel]] = {}
    stack = list(records)[::-1]
    while stack:
        record = stack.pop()
        found.setdefault(type(record).__name__, []).append(record)
        held: list[BaseModel] = []
        for name in type(record).model_fields:
            value = getattr(record, name)
            values = value if isinstance(value, list | tuple) else [value]
            held += [v for v in values if isinstance(v, BaseModel)]
        stack += held[::-1]
    return found


def _model_doc(name: str, definition: dict[str, Any], records: list[BaseModel] | None) -> ModelDoc:
    required = set(definition.get("required", []))
    fields = [
        FieldDoc(
            name=field,
            kind=describe_type(prop),
            required=field in required,
            description=code_spans(prop.get("description", "")),
            example=next((e for r in records or () if (e := _example(getattr(r, field, None)))), None),
        )
        for field, prop in definition.get("properties", {}).items()
    ]
    return ModelDoc(name=name, description=definition.get("description", ""), fields=fields)


def code_spans(text: str) -> Markup:
    """`text` as HTML, each `code` span as code (the page's table is HTML, where Markdown is not read)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False)))


def describe_type(prop: dict[str, Any]) -> str:
    """A JSON Schema type in words: `list of Channel`, `date (YYYY-MM-DD), or null`."""
    if "enum" in prop:
        return "one of: " + ", ".join(str(v) for v in prop["enum"])
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        parts = [describe_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = any(p.get("type") == "null" for p in prop["anyOf"])
        return " or ".join(parts) + (", or null" if nullable else "")
    kind = prop.get("type")
    if kind == "array":
        return "list of " + describe_type(prop.get("items", {}))
    if kind == "boolean":
        return "true or false"
    if kind == "string":
        if prop.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if prop.get("pattern") == SLUG_PATTERN:
            return "id (lower-case slug)"
        if str(prop.get("pattern", "")).startswith("^https?"):
            return "http(s) URL"
        if str(prop.get("pattern", "")).startswith("^@"):
            return "GitHub handle (@name)"
        return "text"
    return str(kind or "value")


def _example(value: Any) -> str | None:
    """A site's value as YAML would show it; None for none, or for mappings (their own rows show them)."""
    if value is None or isinstance(value, BaseModel | dict) or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if any(isinstance(v, BaseModel | dict) for v in value):
            return None
        return _cut("[" + ", ".join(str(v) for v in value) + "]")
    return _cut(" ".join(str(value).split()))


def _cut(text: str) -> str:
    return text if len(text) <= EXAMPLE_LENGTH else text[: EXAMPLE_LENGTH - 1].rstrip() + "…"
