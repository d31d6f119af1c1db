"""Shared fixtures: throw-away copies of the project, so tests never touch the real one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 12, 2)
"""A fixed 'today' so date checks do not change with the calendar."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected output of golden tests from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_project(dest: Path, content: Path | None = None) -> Project:
    """Copy the project's configuration, templates and pages, with `content` (default: real)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copy(ROOT / "CONTRIBUTING.md", dest / "CONTRIBUTING.md")  # the site's Contributing page
    for folder in ("docs", "site_templates"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(content or ROOT / "content", dest / "content")
    return Project(dest)


@pytest.fixture
def real_project(tmp_path: Path) -> Project:
    """A copy of the project with its real content."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def minimal_project(tmp_path: Path) -> Project:
    """A copy of the project with the two-brief fixture content."""
    return copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")
