"""Every published JSON Schema as a JavaScript validator reads it, and the JSON export against its schema.

Editors and Ajv-based validators compile `pattern` as an ECMA-262 regular
expression in unicode mode, where Python's `re` is laxer (it accepts `\\"`
inside a character class, which unicode mode refuses). `regress` implements
ECMA-262's syntax, so each pattern is compiled with it, flag `u`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regress

from generator import cli
from generator.check.schema import SCHEMAS, json_schema
from generator.project import Project
from tests.conftest import ROOT, TODAY, copy_project


def patterns(schema: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every (place, regex) of a schema: `pattern` values and `patternProperties` keys."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                yield f"{where}/pattern", value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from ((f"{where}/patternProperties", p) for p in value)
            yield from patterns(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from patterns(item, f"{where}/{index}")


def ecma_problem(pattern: str) -> str | None:
    """Why ECMA-262 (unicode mode) refuses `pattern`, or None if it compiles."""
    try:
        regress.Regex(pattern, "u")
    except regress.RegressError as err:
        return str(err)
    return None


def published(project: Project) -> dict[str, Any]:
    """The schemas as they are published: the files in schema/ and the generator's, for this site."""
    found = {f"schema/{p.name}": json.loads(p.read_text()) for p in sorted(project.schema_dir.glob("*.json"))}
    found |= {f"generated {name}": json_schema(name) for name in SCHEMAS}
    return found


@pytest.mark.parametrize("root", [ROOT, None], ids=["this-repository", "sample-site"])
def test_every_pattern_compiles_as_ecma_262_unicode(root: Path | None, tmp_path: Path) -> None:
    project = Project(root) if root else copy_project(tmp_path / "site")
    schemas = published(project)
    assert {f"schema/{name}.schema.json" for name in SCHEMAS} <= set(schemas), "a schema is not published"
    found = [(name, place, p) for name, schema in schemas.items() for place, p in patterns(schema)]
    assert len(found) > 10, "no patterns found: the walk is broken"
    refused = [f"{name}{place}: {p!r}: {ecma_problem(p)}" for name, place, p in found if ecma_problem(p)]
    assert refused == []


def test_the_check_refuses_what_unicode_mode_refuses() -> None:
    assert ecma_problem('^https?://[^\\s<>"]+$') is None
    assert ecma_problem('^https?://[^\\s<>\\"]+$') is not None  # the escape sources.schema.json once had
    assert ecma_problem("\\p{Lu}") is None and ecma_problem("(") is not None
    bad = {"properties": {"url": {"type": "string", "pattern": '[^\\"]'}}}
    assert [place for place, p in patterns(bad) if ecma_problem(p)] == ["/properties/url/pattern"]


def test_the_json_export_validates_against_its_published_schema(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "site")
    assert cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"]) == 0
    export = json.loads((project.site / "api" / "briefs.json").read_text(encoding="utf-8"))
    # The schema the export names, as the built site serves it (with the site's own words).
    schema_file = (project.site / "api" / export["schema"]).resolve()
    assert schema_file == (project.site / "schema" / "briefs.schema.json").resolve()
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert export["briefs"], "the sample site exports no brief"
    assert list(validator.iter_errors(export)) == []
    broken = dict(export, briefs=[dict(export["briefs"][0], status="paused")], extra=1)
    messages = sorted(e.message for e in validator.iter_errors(broken))
    assert any("'paused' is not one of" in m for m in messages), messages
    assert any("'extra' was unexpected" in m for m in messages), messages
