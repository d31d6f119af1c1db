"""Two builds of the same commit, in two folders, produce byte-identical sites."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from tests.conftest import TODAY, copy_project
from tests.injection import content_source
from tests.test_injection import git_commit

COMMIT_DATE = "2026-11-20T08:30:00+00:00"


def files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Project]:
    base = tmp_path_factory.mktemp("reproducible")
    projects = []
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        for name in ("first", "second-with-a-longer-path"):
            project = copy_project(base / name / "project", content_source())
            git_commit(project.root, "one commit", COMMIT_DATE)
            code = cli.main(["--project", str(project.root), "--today", TODAY.isoformat(), "build"])
            assert code == 0
            projects.append(project)
    return projects[0], projects[1]


def test_two_builds_are_byte_identical(two_builds: tuple[Project, Project]) -> None:
    first, second = (files(p.site) for p in two_builds)
    assert sorted(first) == sorted(second)
    differ = [rel for rel in first if first[rel] != second[rel]]
    assert not differ, f"files that differ between two builds: {differ}"
    assert len(first) > 30 and "sitemap.xml.gz" in first and "search/search_index.json" in first


def test_no_build_path_leaks_into_the_site(two_builds: tuple[Project, Project]) -> None:
    for project in two_builds:
        for rel, data in files(project.site).items():
            assert str(project.root).encode() not in data, rel
            assert b".site-build-" not in data, rel


def test_the_sitemap_is_dated_by_the_commit(two_builds: tuple[Project, Project]) -> None:
    site = two_builds[0].site
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text()))
    assert dates == {COMMIT_DATE[:10]}
    with gzip.open(site / "sitemap.xml.gz") as gz:
        assert gz.read() == (site / "sitemap.xml").read_bytes()
    header_mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    # MkDocs stamps the gzip header with the build date (midnight UTC), not the current time.
    midnight = dt.datetime.fromisoformat(COMMIT_DATE[:10]).replace(tzinfo=dt.UTC)
    assert header_mtime == int(midnight.timestamp())
