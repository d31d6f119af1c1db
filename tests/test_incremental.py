"""Incremental regeneration: only changed files are rewritten, and the caches never serve stale output."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from generator import cache
from generator.cache import DiskMemo
from generator.pipeline import generate
from generator.progress import Progress, wanted
from generator.project import Project
from generator.publish import write
from tests.conftest import TODAY, override

BRIEF = "briefs/military-communications.md"
OTHER = "briefs/overview.md"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run(project: Project) -> list[str]:
    result = generate(project, TODAY)
    assert not result.failed and result.report is not None, result.diagnostics
    return result.report.written


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_rewrites_exactly_the_files_whose_content_changed(minimal_project: Project) -> None:
    run(minimal_project)
    before = snapshot(minimal_project.generated)
    edit(
        minimal_project.content / "briefs" / "military-communications.yaml",
        "summary: ",
        "summary: A new first sentence. ",
    )
    written = run(minimal_project)
    after = snapshot(minimal_project.generated)
    changed = {dest for dest in after if before.get(dest) != after[dest]}
    assert set(written) == changed
    assert BRIEF in written and "book.md" in written
    assert OTHER not in written
    assert "A new first sentence." in after[BRIEF].decode()


def test_nothing_changed_rewrites_nothing(minimal_project: Project) -> None:
    run(minimal_project)
    inodes = {p: p.stat().st_ino for p in minimal_project.generated.rglob("*") if p.is_file()}
    assert run(minimal_project) == []
    assert {p: p.stat().st_ino for p in minimal_project.generated.rglob("*") if p.is_file()} == inodes


def test_a_template_change_reaches_every_page_using_it(minimal_project: Project) -> None:
    run(minimal_project)
    edit(
        override(minimal_project, "brief.md.j2"),
        "# {{ brief.title|md_text }}",
        "# {{ brief.title|md_text }} (v2)",
    )
    written = run(minimal_project)
    assert BRIEF in written and OTHER in written
    assert "(v2)" in (minimal_project.generated / OTHER).read_text()


@pytest.mark.parametrize("trusted", [False, True], ids=["fresh-stamps", "trusted-stamps"])
def test_a_generated_file_changed_by_hand_is_restored(
    minimal_project: Project, monkeypatch: pytest.MonkeyPatch, trusted: bool
) -> None:
    run(minimal_project)
    if trusted:  # the next run records stamps it will trust, as it does for files older than RACY_NS
        monkeypatch.setattr(write, "RACY_NS", 0)
        run(minimal_project)
        time.sleep(0.05)  # past the file system's clock tick
    page = minimal_project.generated / BRIEF
    good, stat = page.read_bytes(), page.stat()
    page.write_bytes(b"x" * len(good))  # same size, and the same mtime below
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert run(minimal_project) == [BRIEF]
    assert page.read_bytes() == good


def test_corrupt_caches_are_ignored(minimal_project: Project, tmp_path: Path) -> None:
    run(minimal_project)
    expected = snapshot(minimal_project.generated)
    for name in ("parse.pickle", "markdown.pickle", "manifest.json"):
        (minimal_project.cache / name).write_bytes(b"\x80not a cache")
    for path in minimal_project.generated.rglob("*.md"):
        path.write_text("stale")
    run(minimal_project)
    assert snapshot(minimal_project.generated) == expected


def test_cached_parses_still_report_their_problems(minimal_project: Project) -> None:
    path = minimal_project.content / "briefs" / "overview.yaml"
    edit(path, "status_note:", "title: Twice\nstatus_note:")
    first = generate(minimal_project, TODAY)
    second = generate(minimal_project, TODAY)
    assert first.failed and second.failed
    assert [d.code for d in first.diagnostics] == [d.code for d in second.diagnostics]
    assert "duplicate-key" in [d.code for d in second.diagnostics]


def test_a_new_code_version_starts_the_memo_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo: DiskMemo[str] = DiskMemo(tmp_path / "memo.pickle")
    assert memo.wrap(upper)("a") == "A"
    memo.save()
    assert DiskMemo[str](tmp_path / "memo.pickle").wrap(upper)("a") == "A"
    assert calls == ["a"]  # the second answer came from disk
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert DiskMemo[str](tmp_path / "memo.pickle").wrap(upper)("a") == "A"
    assert calls == ["a", "a"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_quiet_in_ci_and_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wanted(FakeTerminal())
    assert not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(FakeTerminal())


def test_progress_shows_only_after_its_delay() -> None:
    stream = FakeTerminal()
    with Progress(enabled=True, stream=stream, delay=3600) as slow:
        slow.stage("Loading", 3)
        slow.advance()
        assert not slow.shown
    assert stream.getvalue() == ""
    with Progress(enabled=True, stream=stream, delay=0) as quick:
        quick.stage("Loading", 3)
        quick.advance(3)
        assert quick.shown
    assert "Loading" in stream.getvalue()
