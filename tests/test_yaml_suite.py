"""The public YAML test suite's 402 inputs, each placed as a brief.

Every case yields either success or diagnostics naming the file, never an
exception or a hang; the 94 invalid-YAML cases get a line and column.  The
inputs are vendored in `tests/yaml_suite/` (MIT licence, see its LICENSE and README).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import check
from generator.project import Project
from tests.conftest import FIXTURES, TODAY, copy_project

SUITE = Path(__file__).resolve().parent / "yaml_suite"
CASES = sorted((SUITE / "cases").glob("*.yaml"))
ERROR_CASES = set((SUITE / "error-cases.txt").read_text().split())
# libyaml accepts these invalid inputs (known leniencies of the C parser); as briefs
# they still fail, on the schema, with a line and column.
LIBYAML_LENIENT = {
    "9C9N",
    "9JBA",
    "CVW2",
    "DK95_01",
    "G5U8",
    "QB6E",
    "S98Z",
    "SU5Z",
    "X4QW",
    "Y79Y_003",
    "YJV2",
}
LOADER_CODES = {"yaml-syntax", "multiple-documents", "custom-tag", "complex-key", "duplicate-key", "empty"}
"""Diagnostics the loader gives when a file cannot be read as one plain YAML document."""


def test_the_vendored_suite_is_complete() -> None:
    assert len(CASES) == 402 and len(ERROR_CASES) == 94


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(tmp_path_factory.mktemp("suite") / "p", FIXTURES / "minimal" / "content")


def test_suite_is_complete() -> None:
    assert len(CASES) == 402
    assert len(ERROR_CASES) == 94


def test_every_case_one_by_one(project: Project) -> None:
    target = project.content / "briefs" / "military-communications.yaml"
    original = target.read_bytes()
    try:
        for case in CASES:
            shutil.copy(case, target)
            result = check(project, TODAY)  # must not raise
            mine = [d for d in result.diagnostics if d.file.endswith("military-communications.yaml")]
            assert mine, f"{case.stem}: a YAML test-suite input validated as a brief"
            assert all(d.line >= 1 and d.column >= 1 for d in mine)
            if case.stem in ERROR_CASES and case.stem not in LIBYAML_LENIENT:
                syntax = [d for d in mine if d.code in LOADER_CODES]
                assert syntax, f"{case.stem}: invalid YAML not reported as such: {mine[0].message}"
                assert syntax[0].line >= 1 and syntax[0].column >= 1
    finally:
        target.write_bytes(original)


def test_all_cases_in_one_run(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", FIXTURES / "minimal" / "content")
    for case in CASES:
        shutil.copy(case, project.content / "briefs" / f"suite-{case.stem.lower().replace('_', '-')}.yaml")
    result = check(project, TODAY)
    named = {d.file for d in result.diagnostics}
    for case in CASES:
        assert f"content/briefs/suite-{case.stem.lower().replace('_', '-')}.yaml" in named, case.stem
