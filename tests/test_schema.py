"""One schema: the JSON Schema files in the repository are written from the models."""

from __future__ import annotations

import json

from generator.check.schema import json_schema_text
from generator.domain import Vocabulary


def test_brief_schema_is_strict_about_keys_and_enums() -> None:
    schema = json.loads(json_schema_text("brief", Vocabulary()))
    assert schema["additionalProperties"] is False
    assert schema["properties"]["status"]["enum"] == ["active", "at_risk", "suspended", "ended"]
    judgment = schema["$defs"]["KeyJudgment"]["properties"]
    assert judgment["confidence"]["enum"] == ["low", "moderate", "high"]
    assert len(judgment["likelihood"]["enum"]) == 7
