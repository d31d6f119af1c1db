"""Property-based: any bytes and any YAML document give diagnostics or success, never an exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import check
from generator.project import Project
from generator.read.load import LoadError, parse
from tests.conftest import FIXTURES, TODAY, copy_project

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=12), children, max_size=6),
    ),
    max_leaves=40,
)
brief_keys = st.sampled_from(
    ["id", "title", "area", "status", "as_of", "timeline", "sources", "key_judgments", "channels", "owners"]
)
brief_like = st.dictionaries(brief_keys, documents, max_size=8)


def _project(tmp: Path) -> Project:
    return copy_project(tmp, FIXTURES / "minimal" / "content")


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_parse_or_refuse(raw: bytes) -> None:
    text = raw.decode("utf-8", errors="replace")
    try:
        parse(text)
    except LoadError as err:
        assert err.mark[0] >= 0 and err.mark[1] >= 0


@SETTINGS
@given(data=documents)
def test_any_yaml_document_round_trips_or_refuses(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        value, _ = parse(text)
    except LoadError:
        return
    assert value == yaml.safe_load(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), doc=brief_like)
def test_any_brief_file_gives_diagnostics_not_exceptions(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, doc: object
) -> None:
    project = _project(tmp_path_factory.mktemp("prop") / "p")
    target = project.content / "briefs" / "military-communications.yaml"
    for content in (raw, yaml.safe_dump(doc, allow_unicode=True).encode()):
        target.write_bytes(content)
        result = check(project, TODAY)
        assert result.failed
        mine = [d for d in result.diagnostics if d.file.endswith("military-communications.yaml")]
        assert mine and all(d.line >= 1 and d.column >= 1 and d.message for d in mine)
