"""The "Schema reference" page's data: every field of every file kind, from the JSON Schema.

Reading the published JSON Schema (rather than the Python models) documents
exactly what editors and the JSON export are held to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.check.schema import SLUG_PATTERN, json_schema


@dataclass(frozen=True)
class FieldDoc:
    """One documented field."""

    name: str
    kind: str
    required: bool
    description: str
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


def schema_reference() -> list[tuple[str, str, list[ModelDoc]]]:
    """For each file kind: its name, its path and the documentation of its mappings."""
    out = []
    for name, path in FILE_KINDS:
        schema = json_schema(name)
        models = [_model_doc(schema.get("title", name), schema)]
        for def_name, definition in sorted(schema.get("$defs", {}).items()):
            models.append(_model_doc(def_name, definition))
        out.append((name, path, models))
    return out


def _model_doc(name: str, definition: dict[str, Any]) -> ModelDoc:
    required = set(definition.get("required", []))
    fields = [
        FieldDoc(
            name=field,
            kind=describe_type(prop),
            required=field in required,
            description=prop.get("description", ""),
            example=_example(prop),
        )
        for field, prop in definition.get("properties", {}).items()
    ]
    return ModelDoc(name=name, description=definition.get("description", ""), fields=fields)


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


def _example(prop: dict[str, Any]) -> str | None:
    examples = prop.get("examples")
    if not examples:
        return None
    value = examples[0]
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)
