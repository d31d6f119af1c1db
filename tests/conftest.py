"""Shared fixtures: throw-away copies of the project, so tests never touch the real one."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from generator.check.schema import Brief
from generator.commands.init import Starter, init_site
from generator.pipeline import check
from generator.project import PACKAGE_TEMPLATES, Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 29)
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


TEST_REPO = "https://github.com/example-org/briefings-test"
"""The repository of every test site; its Pages address is the site URL."""
SAMPLE = FIXTURES / "sample" / "content"
"""A neutral site with three parties that uses every feature of the schema."""


def copy_project(dest: Path, content: Path | None = None) -> Project:
    """A new site as `briefings init` writes it, with the fixture `content` (default: the sample).

    Tests run on fixture sites, never on this repository's own site: replacing
    the flagship's content, mkdocs.yml or docs/ changes no test of the generator.
    """
    content = content or SAMPLE
    areas = tuple(a["id"] for a in yaml.safe_load((content / "areas.yaml").read_text())["areas"])
    shutil.copytree(_new_site(areas), dest, ignore=shutil.ignore_patterns("content", "CODEOWNERS"))
    shutil.copytree(content, dest / "content")  # CODEOWNERS named the starter's brief: tests write their own
    translated = sorted(p.name for p in (dest / "content" / "translations").glob("*") if p.is_dir())
    if translated:  # the fixture's translations are in the languages its site declares
        declare_languages(Project(dest), "en", *translated)
    return Project(dest)


def declare_languages(project: Project, *codes: str) -> None:
    """Set `extra.briefings.languages` in the site's mkdocs.yml (the starter's has none)."""
    text = project.config_file.read_text(encoding="utf-8")
    text = re.sub(r"\n    languages: \[[^\]]*\]", "", text)
    line = f"    languages: [{', '.join(codes)}]\n"
    project.config_file.write_text(
        text.replace("\n  briefings:\n", f"\n  briefings:\n{line}", 1), encoding="utf-8"
    )


@functools.cache
def _new_site(areas: tuple[str, ...]) -> Path:
    """One `briefings init` per set of areas and test session; each test copies it."""
    site = Path(tempfile.mkdtemp(prefix="briefings-starter-")) / "site"
    atexit.register(shutil.rmtree, site.parent, ignore_errors=True)
    init_site(site, Starter("Test briefings", TEST_REPO, TODAY, "briefings", areas))
    return site


def override(project: Project, name: str) -> Path:
    """Give the site its own copy of the package template `name`, to edit; return its path."""
    path = project.templates / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKAGE_TEMPLATES / name, path)
    return path


@pytest.fixture
def sample_project(tmp_path: Path) -> Project:
    """A new site with the sample fixture content (three parties)."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def minimal_project(tmp_path: Path) -> Project:
    """A copy of the project with the two-brief fixture content."""
    return copy_project(tmp_path / "project", FIXTURES / "minimal" / "content")


@pytest.fixture(scope="module")
def engine_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample site whose generated folder every engine builds, shared by the engine tests."""
    from tests.engine_sites import shared_project  # engine_sites imports this module

    return shared_project(tmp_path_factory)


@pytest.fixture(scope="module")
def engine_briefs(engine_project: Project) -> list[Brief]:
    """The briefs of `engine_project`, as the pipeline validated them."""
    result = check(engine_project, TODAY)
    assert result.site is not None, result.diagnostics
    return list(result.site.briefs)


def cli_command(project: Project, *command: str) -> list[str]:
    """`python -m generator --project <project> --today <TODAY> <command...>`, for a subprocess."""
    return [
        sys.executable,
        "-m",
        "generator",
        "--project",
        str(project.root),
        "--today",
        TODAY.isoformat(),
        *command,
    ]
