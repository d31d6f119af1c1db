"""The sample fixture site built once per engine and test session, for the engine tests.

Test modules take their project from `shared_project`, so they share its builds.

Every engine is installed in this repository's .venv (requirements.txt), so a
missing engine fails the tests rather than skipping them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from generator.publish.engines import BuildError, Engine
from tests.conftest import copy_project


@dataclass(frozen=True)
class Built:
    """One engine's strict build of the project: the site (a copy) and what the build printed."""

    site: Path
    err: str


_built: dict[tuple[Path, str], Built] = {}


_shared: list[Project] = []


def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample fixture site whose generated folder every engine builds (one per session)."""
    if not _shared:
        _shared.append(copy_project(tmp_path_factory.mktemp("engines") / "project"))
    return _shared[0]


def require(engine: Engine) -> None:
    """Fail, saying how to install it, when the engine is missing or outside its tested versions."""
    try:
        engine.command()
    except BuildError as missing:
        pytest.fail(f"{missing}\nhint: {missing.hint}")


def build_with(project: Project, engine: Engine, today: str, capsys: pytest.CaptureFixture[str]) -> Built:
    """`briefings build --strict --engine <engine>` of `project` (once), its site kept under another name."""
    key = (project.root, engine.name)
    if key not in _built:
        require(engine)
        capsys.readouterr()
        code = cli.main(
            ["--project", str(project.root), "--today", today, "build", "--strict", "--engine", engine.name]
        )
        err = capsys.readouterr().err
        assert code == 0, f"{engine.name} strict build failed:\n{err}"
        keep = project.root.parent / f"site-{engine.name}"
        shutil.copytree(project.site, keep)
        _built[key] = Built(keep, err)
    return _built[key]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative path, with its bytes."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}
