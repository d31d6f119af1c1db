"""One schema: the JSON Schema files in the repository are written from the models."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.check.schema import SCHEMAS, json_schema_text
from generator.domain import Vocabulary
from generator.pipeline import check
from generator.project import Project
from tests.conftest import ROOT


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_site_schema_file_is_up_to_date(name: str) -> None:
    """This repository's site: its schema files list its own words (any site passes this)."""
    site = check(Project(ROOT), dt.date.today()).site
    assert site is not None
    path = ROOT / "schema" / f"{name}.schema.json"
    assert path.read_text() == json_schema_text(name, site.vocabulary), (
        f"{path} is stale: run `briefings schema` and commit the result"
    )


def test_brief_schema_is_strict_about_keys_and_enums() -> None:
    schema = json.loads(json_schema_text("brief", Vocabulary()))
    assert schema["additionalProperties"] is False
    assert schema["properties"]["status"]["enum"] == ["active", "at_risk", "suspended", "ended"]
    judgment = schema["$defs"]["KeyJudgment"]["properties"]
    assert judgment["confidence"]["enum"] == ["low", "moderate", "high"]
    assert len(judgment["likelihood"]["enum"]) == 7
